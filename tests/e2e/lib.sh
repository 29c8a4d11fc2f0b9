# lib.sh — driving gyokaku in a real terminal (tmux) for the end-to-end
# tests: a private tmux server per test, keys, bounded waits, captures and
# assertions on every captured screen ("ok N - " / "not ok N - " lines,
# counted against the script's plan: see cli-lib.sh and doc/testing.md).
. tests/e2e/cli-lib.sh

SOCK="gk$$"
# Seconds a positive wait polls before it fails: generous, because a loaded
# machine (CI beside other work, the sanitizer build) can take seconds to
# draw; a passing check returns as soon as the screen shows it.
GK_WAIT=${GK_WAIT:-10}
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; }
trap cleanup EXIT

# Builds the helpers once per run into $GK_TMP.
build_helpers() {
    [ -x "$GK_TMP/measure" ] && return 0
    make -s build/libgk.a >/dev/null || return 1
    cc -std=c11 -Iinclude -o "$GK_TMP/measure" tests/e2e/measure.c build/libgk.a \
        $(pkg-config --libs libutf8proc) || return 1
    cc -shared -fPIC -std=c11 -Iinclude -o "$GK_TMP/wcwidth_wide.so" tests/e2e/wcwidth_wide.c \
        src/text/width.c src/text/eaw_table.c src/text/cluster.c src/text/utf8.c \
        $(pkg-config --libs libutf8proc) -ldl
}

# start COLS ROWS COMMAND... — a fresh server running COMMAND in one pane.
start() {
    local c=$1 r=$2; shift 2
    T kill-server 2>/dev/null
    local i=0 # wait for the old server to be gone, or the new session lands in it
    while T list-sessions >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    T ${TMUX_ENV:+} new-session -d -x "$c" -y "$r" "$@"
    T set-option -g remain-on-exit on
}

# one_line TEXT — TEXT can be looked for on the screen: not empty and one
# line (grep -F takes each line of a pattern as a pattern of its own, so a
# text with a line break would match a screen that shows any one of its
# lines, and an empty one any screen: a check that cannot fail).
one_line() {
    case $1 in
    '' | *"
"*) echo "# not one line of text to look for: [$1]"; return 1 ;;
    esac
}

# wait_for TEXT [SECONDS] — polls the screen until TEXT shows (max $GK_WAIT s).
wait_for() {
    one_line "$1" || return 1
    local i=0 max=$(( ${2:-$GK_WAIT} * 20 ))
    while [ $i -lt $max ]; do
        T capture-pane -p | grep -qF -- "$1" && return 0
        sleep 0.05; i=$((i + 1))
    done
    echo "# timed out waiting for: $1"; T capture-pane -p | sed 's/^/#   /'
    return 1
}

# wait_gone TEXT — polls until TEXT is no longer on screen (max 5 s).
wait_gone() {
    one_line "$1" || return 1
    local i=0
    while [ $i -lt 100 ]; do
        T capture-pane -p | grep -qF -- "$1" || return 0
        sleep 0.05; i=$((i + 1))
    done
    echo "# still on screen: $1"; T capture-pane -p | sed 's/^/#   /'
    return 1
}

# waits TEXT DESCRIPTION [SECONDS] — one check: TEXT shows within the wait
# (ok), or the wait times out (not ok, with the screen).
waits() {
    if wait_for "$1" "${3:-$GK_WAIT}" >/dev/null; then pass "$2"; else
        flunk "$2 (\"$1\" not on screen)"; T capture-pane -p | sed 's/^/#   /'; fi
}

# waits_gone TEXT DESCRIPTION — one check: TEXT leaves the screen.
waits_gone() {
    if wait_gone "$1" >/dev/null; then pass "$2"; else
        flunk "$2 (\"$1\" still on screen)"; T capture-pane -p | sed 's/^/#   /'; fi
}

# absent TEXT DESCRIPTION — one check: TEXT is not on the screen now.
absent() {
    if ! one_line "$1"; then flunk "$2 (nothing to look for)"
    elif screen | grep -qF -- "$1"; then flunk "$2 (\"$1\" on screen)"; screen | sed 's/^/#   /'
    else pass "$2"; fi
}

keys() { T send-keys "$@"; sleep 0.15; }

# mouse BUTTON X Y — a mouse report as an xterm sends it in normal tracking
# mode (ESC [ M, then 32+button, 33+x, 33+y; x and y from 0). tmux's
# default TERM (screen) names that format in kmous. BUTTON: 0 left press,
# 3 release, 64 wheel up, 65 wheel down.
mouse() {
    local b=$1 x=$2 y=$3
    T send-keys -l "$(printf '\033[M%b%b%b' "\\x$(printf %x $((32 + b)))" \
        "\\x$(printf %x $((33 + x)))" "\\x$(printf %x $((33 + y)))")"
    sleep 0.15
}
screen() { T capture-pane -p -N; }

# aligned NAME COLS [-w] — no line of the screen is wider than COLS cells
# (capture-pane drops trailing blank cells, so a line padded with them
# measures exactly COLS) and every body row has its vertical border in the
# same column (the top line and the function-key bar use '|' as separators
# and are left out of that check).
aligned() {
    local name=$1 cols=$2 mode=${3:-}
    local cap; cap=$(screen)
    local m; m=$(printf '%s\n' "$cap" | "$GK_TMP/measure" $mode)
    local rows; rows=$(printf '%s\n' "$m" | wc -l)
    local bad; bad=$(printf '%s\n' "$m" | awk -v c="$cols" '$1 > c' | head -3)
    # per kind of border: every row that has it has it in the same columns
    local cols_seen; cols_seen=$(printf '%s\n' "$m" | awk -v last="$rows" 'NR > 1 && NR < last { for (i = 2; i <= 4; i++) if ($i !~ /=$/) print $i }' | sort -u | awk -F= '{ print $1 }' | uniq -d | wc -l)
    if [ -z "$bad" ] && [ "$cols_seen" -eq 0 ]; then pass "$name: $rows lines fit in $cols cells, borders in one column"; else
        flunk "$name: not aligned (too wide: $bad; border kinds in more than one place: $cols_seen)"
        printf '%s\n' "$cap" | sed 's/^/#   /'
    fi
}

# shows NAME TEXT — TEXT appears on the screen (polled for up to $GK_WAIT s, so
# that a slow machine does not fail a test that a fast one passes).
shows() {
    one_line "$2" || { flunk "$1 (nothing to look for)"; return 1; }
    local i=0
    while [ $i -lt $((GK_WAIT * 20)) ]; do
        screen | grep -qF -- "$2" && { pass "$1"; return 0; }
        sleep 0.05; i=$((i + 1))
    done
    flunk "$1 (\"$2\" not on screen)"; screen | sed 's/^/#   /'
}

# styled NAME REGEX — the screen with its attributes (capture-pane -e)
# matches REGEX, polled for up to $GK_WAIT s; "!" before REGEX: never matches.
styled() {
    local name=$1 re=$2 neg=0 i=0
    [ "${re#!}" != "$re" ] && { neg=1; re=${re#!}; }
    while [ $i -lt $((GK_WAIT * 20)) ]; do
        if T capture-pane -p -e | grep -qE -- "$re"; then [ $neg = 0 ] && { pass "$name"; return 0; }
        elif [ $neg = 1 ] && [ $i -ge 10 ]; then pass "$name"; return 0; fi
        sleep 0.05; i=$((i + 1))
    done
    flunk "$name"
}

# test_db NAME CSV... — a fresh database imported from the CSV files; its
# path on stdout. Called as db=$(test_db …) || bail "…": no check of its own.
# Each plan's year being reported (plan set --year) is set to its latest
# year with an actual or a note, the year the screens of these scripts were
# written for (without it, the rule would follow today's date).
test_db() {
    local db="$GK_TMP/$1.db"; shift
    rm -f "$db"
    $GYOKAKU --db "$db" import "$@" >/dev/null 2>&1 || { echo "# could not import $*" >&2; return 1; }
    sqlite3 "$db" "UPDATE plan SET report_year = (SELECT max(y) FROM (SELECT v.year AS y
        FROM value v JOIN series s ON s.id = v.series_id JOIN node n ON n.id = s.node_id
        WHERE n.plan_id = plan.id AND v.actual_raw IS NOT NULL UNION ALL SELECT o.year
        FROM note o JOIN node n ON n.id = o.node_id WHERE n.plan_id = plan.id))" ||
        { echo "# could not set the year being reported of $db" >&2; return 1; }
    echo "$db"
}

# board_row DEPT — the counts of DEPT's row on the submission board (F4) as
# the screen shows them, "items/indicators" per state from 未入力 to 承認:
# "2/0 1/0 0/0 0/0 0/0".
board_row() {
    screen | grep '^ *|' | grep -F -- " $1 " | head -1 | grep -oE '[0-9]+/[0-9]+' | tr '\n' ' ' | sed 's/ $//'
}

# status_row DB YEAR DEPT [PLAN] — the same counts, worked out from
# `gyokaku status --format csv` (its columns: 所管課, 取組項目 未入力 … 承認,
# 指標 未入力 … 承認), not from the screen.
status_row() {
    $GYOKAKU --db "$1" status --year "$2" ${4:+--plan "$4"} --format csv 2>/dev/null |
        sed 's/^\xEF\xBB\xBF//; s/\r$//' |
        awk -F, -v d="$3" '$1 == d { for (k = 2; k <= 6; k++) printf "%s%s/%s", (k > 2 ? " " : ""), $k, $(k + 5) }'
}

# repaints NAME — the screen is what a fresh draw shows: the capture now must
# equal the capture after Ctrl-L (which repaints everything). So that a
# Ctrl-L that repaints nothing cannot pass, stray text is first written
# straight to the pane's terminal, as a `wall` broadcast would: only a
# real repaint removes it.
repaints() {
    local before after i=0 tty
    sleep 0.2
    before=$(T capture-pane -p)
    tty=$(T display -p '#{pane_tty}')
    printf '\033[3;5H<<wall: stray text>>\033[12;9H全角' >"$tty" 2>/dev/null
    T send-keys C-l
    while [ $i -lt 40 ]; do # a repaint is one frame: 2 s is plenty
        after=$(T capture-pane -p)
        [ "$before" = "$after" ] && { pass "$1: identical to a fresh draw"; return 0; }
        sleep 0.05; i=$((i + 1))
    done
    flunk "$1: the screen differs from a fresh draw (Ctrl-L)"
    diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -12 | sed 's/^/#   /'
}
