#!/bin/bash
# A terminal that goes away without SIGHUP reaching the program: gyokaku
# started through a wrapper that puts it in a session of its own (setsid -w,
# as runuser, sudo -u or a service manager may), then the tmux server is
# killed. The program must end at once (not poll the dead terminal for ever)
# and keep what was typed as a draft, offered at the next start.
. tests/e2e/lib.sh
plan 7
db=$(test_db hangup db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"
TITLE="職員1人当たりの年間時間外勤務時間数"

# the pid of the gyokaku process itself (not of the wrapper)
gk_pid() { pgrep -n -f "^$GYOKAKU --db $db\$"; }

# running PID — the process exists and is not a zombie (an orphan is reaped
# by whatever adopted it, which may take its time)
running() {
    local st
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [ "${st%% *}" != Z ]
}

# gone NAME PID — the process ends within 2 s (polled); else it is killed.
gone() {
    local i=0
    while running "$2" && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    if running "$2"; then
        local cpu; cpu=$(ps -o %cpu= -p "$2")
        flunk "$1 (still running after 2 s, at$cpu% CPU)"
        kill -KILL "$2" 2>/dev/null
    else
        pass "$1 (after about $((i * 50)) ms)"
    fi
}

# --- in the entry form, with unsaved input -------------------------------------------
start 100 30 setsid -w $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter
keys Enter
wait_for "Entry: $TITLE" >/dev/null
keys Tab
T send-keys "端末が消える前の下書き"; sleep 0.3
pid=$(gk_pid)
check "the program runs in a session of its own (no SIGHUP when the terminal goes)" \
    test -n "$pid" -a "$(ps -o sid= -p "${pid:-1}" | tr -d ' ')" = "$pid"
T kill-server
gone "the form ends when its terminal is gone" "$pid"
start 100 30 $GK
shows "the next start offers the draft" "Unsaved input from an earlier session"
shows "the offer holds what was typed" "端末が消える前の下書き"
keys Down Enter # discard
wait_for "F10" >/dev/null
keys q

# --- on the main screen, and under the help popup --------------------------------------
start 100 30 setsid -w $GK
wait_for "F10" >/dev/null
pid=$(gk_pid)
T kill-server
gone "the main screen ends when its terminal is gone" "$pid"

start 100 30 setsid -w $GK
wait_for "F10" >/dev/null
keys F1
wait_for "closes this help" >/dev/null
pid=$(gk_pid)
T kill-server
gone "the help popup ends when its terminal is gone" "$pid"
check "no draft is left by a session without input" \
    sh -c "[ \"\$(sqlite3 '$db' 'SELECT count(*) FROM draft')\" = 0 ]"
finish
