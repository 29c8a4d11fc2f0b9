#!/bin/bash
# Soak test: the full-screen interface driven by random keys in tmux for
# SOAK_SECONDS (default 20) on the demo plans (db/demo), with the random
# sequence fixed by SOAK_SEED (default 1; printed, so that a failure can be
# replayed with the same seed and time). Keys: moves, Enter, Esc, Tab,
# Space, Backspace, Delete, F1–F9, the letters of the screens' keys and
# typed text (numbers, years, Japanese); never q, F10 or Ctrl-C (quit) nor
# Ctrl-Z / Ctrl-\ (stop, dump core). If the program ends anyway with exit
# status 0 (a key that quits in some screen) it is started again and
# counted. Checked:
#   - no crash: the program never ends with another status or a signal;
#   - no sanitizer report (with GYOKAKU=build/gyokaku-san, as `make e2e-san`
#     runs it: cli-lib.sh's finish looks for them);
#   - memory flat: the resident size at the end is at most SOAK_RSS_GROWTH_KB
#     (default 4096) above the size after the first quarter of the run (the
#     warm-up fills SQLite's page cache and the screens' buffers once). Not
#     checked under the sanitizers, whose quarantine keeps freed memory on
#     purpose (LeakSanitizer checks the unit tests, valgrind the scripted
#     session: `make valgrind`);
#   - afterwards `gyokaku check` passes on the database the keys worked on.
# Run by tests/e2e/58-soak.sh (20 s, in `make check`, plain and sanitized)
# and by `make soak` (SOAK_SECONDS=600).
. tests/e2e/lib.sh
plan 3

secs=${SOAK_SECONDS:-20}
seed=${SOAK_SEED:-1}
growth_kb=${SOAK_RSS_GROWTH_KB:-4096}
RANDOM=$seed
echo "# soak: seed $seed, $secs s (replay: SOAK_SEED=$seed SOAK_SECONDS=$secs)"

dir="$GK_TMP/soak"
mkdir -p "$dir"
db="$dir/soak.db"
$GYOKAKU --db "$db" import db/demo/*.csv >/dev/null 2>&1 || bail "soak: import the demo plans"
hist0=$(sqlite3 "$db" "SELECT count(*) FROM history")
prog=$(cd "$(dirname "$GYOKAKU")" && pwd)/$(basename "$GYOKAKU")
# in its own folder, so that nothing typed can write next to the sources
# the exit status through a file: tmux cannot always collect it (a server
# started under make may inherit SIGCHLD ignored); a signal is 128 + N
rcfile="$dir/exit-status"
GK="cd '$dir' && env LANG=C.UTF-8 LC_ALL= LANGUAGE= GYOKAKU_LOCALEDIR='$PWD/build/locale' '$prog' --db '$db'; echo \$? > '$rcfile'"
start 100 30 sh -c "$GK"
wait_for "F1" 10 >/dev/null || bail "soak: the program starts"

keys_named=(Up Down Left Right Up Down Left Right PageUp PageDown Home End Enter Enter Escape Escape
    Tab BTab Space BSpace DC F1 F2 F3 F4 F5 F6 F7 F8 F9
    j k l h g G e H n N d y p a '*' ']' '[' / '?' x s r m u 0 1 2 9 . - ',' C-a C-e C-k C-u C-s)
texts=("157.1" "12,345人" "令和6年度" "R5" "実施" "テスト入力　全角" "△63" "13%以上" "概ね達成"
    "長い文章の途中で改行" "<script>" "=1+1")
nk=${#keys_named[@]} nt=${#texts[@]}

pid() { pgrep -P "$(T display -p '#{pane_pid}')" -n; } # the program under the pane's sh
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

restarts=0 crashes=0 sent=0 rounds=0
rss0="" rss1=""
t0=$SECONDS
warm=$((secs / 4))
while [ $((SECONDS - t0)) -lt "$secs" ]; do
    rounds=$((rounds + 1))
    batch=()
    for ((i = 0; i < 8; i++)); do batch+=("${keys_named[RANDOM % nk]}"); done
    T send-keys "${batch[@]}"
    sent=$((sent + 8))
    if [ $((RANDOM % 4)) = 0 ]; then T send-keys -l "${texts[RANDOM % nt]}"; sent=$((sent + 1)); fi
    sleep 0.05
    if [ "$(T display -p '#{pane_dead}')" = 1 ]; then
        st=$(cat "$rcfile" 2>/dev/null)
        rm -f "$rcfile"
        if [ "$st" = 0 ]; then
            restarts=$((restarts + 1))
        else
            crashes=$((crashes + 1))
            echo "# round $rounds: the program ended with status '$st' after: ${batch[*]}"
            screen | sed 's/^/#   /' | tail -15
        fi
        T respawn-pane -k sh -c "$GK"
        wait_for "F1" 10 >/dev/null
        rss0="" # a new process: measure from its own warm-up
        t0w=$SECONDS
        continue
    fi
    if [ -z "$rss0" ] && [ $((SECONDS - ${t0w:-$t0})) -ge "$warm" ]; then rss0=$(rss_kb "$(pid)"); fi
done
p=$(pid)
rss1=$(rss_kb "$p")
T send-keys Escape Escape Escape Escape F10
sleep 0.3
T send-keys Escape F10 y
i=0
while [ "$(T display -p '#{pane_dead}')" != 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(T display -p '#{pane_dead}')" = 1 ] || kill -TERM "$p" 2>/dev/null
i=0
while [ "$(T display -p '#{pane_dead}')" != 1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "# soak: $sent keys and texts in $rounds rounds, $restarts restarts after a clean exit;" \
    "$(($(sqlite3 "$db" "SELECT count(*) FROM history") - hist0)) changes saved by the keys"
check_eq "soak: no crash in $secs s of random keys (seed $seed)" 0 "$crashes"
if [ -n "${GK_SANITIZE:-}" ]; then
    skip "soak: memory not compared under the sanitizers (their quarantine keeps freed memory)"
elif [ -n "$rss0" ] && [ -n "$rss1" ]; then
    echo "# soak: resident size after the warm-up $rss0 KiB, at the end $rss1 KiB"
    check "soak: memory flat (grew $((rss1 - rss0)) KiB, at most $growth_kb)" test $((rss1 - rss0)) -le "$growth_kb"
else
    skip "soak: memory not compared (the program restarted too late in the run)"
fi
check "soak: the database passes check afterwards" $GYOKAKU --db "$db" check
finish
