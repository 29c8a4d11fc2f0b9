#!/bin/bash
# The terminal matrix: for TERM = xterm-256color, screen-256color,
# tmux-256color, putty, linux, vt100 and xterm-mono (a TERM without a
# terminfo entry here is skipped, said with "# SKIP"), gyokaku starts,
# moves, opens the department board, the help, the entry form and its
# help, saves, and quits, with the keys sent as that terminal sends them (its
# terminfo's kf1, kf4, kf10, kcud1 ... as raw bytes through send-keys -H);
# each screen aligned and identical to a fresh draw after every popup
# (the board and the form's help in the -full rounds only, to stay fast).
# PuTTY also in its "Xterm R6" mode (ESC O P), the Linux console's F1 on
# a vt100, and the sizes 80x22 (screen-256color: 80x24 less two status
# lines), 80x23 (one status line),
# 200x60 with NO_COLOR, and 60x20 (below the 80x22 minimum: the too-small
# screen resumes on a resize and q, F10, Ctrl-C quit); the whole -full round
# again for every TERM at 80x24 with ambiguous characters wide; and a login
# that is not a user: the top line at 80x24.
. tests/e2e/lib.sh
plan 219
build_helpers || bail "build test helpers"
db=$(test_db terms tests/e2e/data/browse.csv) || exit 1
E="env LANG=C.UTF-8 LC_ALL= LANGUAGE="

hex() { printf '%s' "$1" | od -An -tx1; } # the bytes of a string, for send-keys -H
cap() { tput -T "$1" "$2" 2>/dev/null; }  # a key's sequence in TERM $1's terminfo
raw() { T send-keys -H $(hex "$1"); sleep 0.05; }
# the key as the terminal sends it, xterm's sequence where its terminfo has none
tkey() { local s; s=$(cap "$1" "$2"); raw "${s:-$3}"; }
dead() {
    local i=0
    while [ $i -lt 60 ]; do [ "$(T display -p '#{pane_dead}')" = 1 ] && break; sleep 0.05; i=$((i + 1)); done
    T display -p '#{pane_dead}'
}

round() { # round [-full] [-wide] TERM COLS ROWS [ENV...]: -full adds the board and the
    # form's help; -wide: a terminal that draws ambiguous characters two cells wide
    # (tmux with the test's wcwidth shim, as in 21-wide.sh) and gyokaku told so
    local full= wide= pre= w=; [ "$1" = -full ] && { full=1; shift; }
    [ "$1" = -wide ] && { wide=1; shift; }
    local t=$1 c=$2 r=$3; shift 3
    local n="$t ${c}x$r${1:+ $*}${wide:+ wide}"
    [ -n "$wide" ] && { pre="$GK_TMP/wcwidth_wide.so"; w=-w; set -- "$@" GYOKAKU_AMBIGUOUS_WIDTH=wide; }
    LD_PRELOAD=$pre start "$c" "$r" $E TERM="$t" LD_PRELOAD= "$@" $GYOKAKU --db "$db"
    wait_for "F10" >/dev/null || { flunk "$n: starts"; return; }
    local down right
    down=$(hex "$(cap "$t" kcud1)"); right=$(hex "$(cap "$t" kcuf1)")
    : "${down:=1b 5b 42}" "${right:=1b 5b 43}"
    T send-keys -H $down $right $down $right $down $right $down # all at once, as typed ahead
    sleep 0.1
    shows "$n: moved to the indicator with the keys of the terminal" "登録者数※"
    aligned "$n: the main screen" "$c" $w
    tkey "$t" kf1 $'\eOP'
    if wait_for "Keys of the main screen" 3 >/dev/null; then pass "$n: F1 as the terminal sends it opens the help"; else
        flunk "$n: F1 ($(hex "$(cap "$t" kf1)")) opens the help"; fi
    aligned "$n: the help" "$c" $w
    keys x
    wait_gone "Keys of the main screen"
    repaints "$n: after the help"
    [ -n "$full" ] && {
    tkey "$t" kf4 $'\eOS'
    if wait_for "items/indicators" 3 >/dev/null; then pass "$n: F4 opens the department board"; else
        flunk "$n: F4 opens the department board"; fi
    aligned "$n: the department board" "$c" $w
    keys Escape
    wait_gone "items/indicators"
    repaints "$n: after the board"
    }
    keys Enter
    if wait_for "Entry: " >/dev/null; then pass "$n: the entry form opens"; else
        flunk "$n: the entry form opens"; fi
    aligned "$n: the entry form" "$c" $w
    [ -n "$full" ] && {
    tkey "$t" kf1 $'\eOP'
    if wait_for "Keys of the entry form" 3 >/dev/null; then pass "$n: F1 opens the form's help"; else
        flunk "$n: F1 opens the form's help"; fi
    aligned "$n: the form's help" "$c" $w
    keys x
    wait_gone "Keys of the entry form"
    repaints "$n: the form after its help"
    keys C-u
    T send-keys "2000$c"; sleep 0.1
    tkey "$t" kf2 $'\eOQ'
    if wait_for "Saved." 3 >/dev/null; then pass "$n: F2 as the terminal sends it saves"; else
        flunk "$n: F2 as the terminal sends it saves"; fi
    }
    keys Escape
    wait_for "F10" >/dev/null
    tkey "$t" kf10 $'\e[21~'
    check_eq "$n: F10 as the terminal sends it quits" 1 "$(dead)"
}

for t in xterm-256color screen-256color tmux-256color putty linux vt100 xterm-mono; do
    if ! infocmp "$t" >/dev/null 2>&1; then pass "$t # SKIP no terminfo entry for $t here"; continue; fi
    case $t in
    xterm-256color | putty | linux) round -full "$t" 80 24 ;;
    screen-256color) round "$t" 80 22 ;; # 80x24 less the status lines of tmux and screen
    *) round "$t" 80 24 ;;
    esac
done

# the same in a terminal that draws East Asian Ambiguous characters (① ※ →
# ■) two cells wide, as many Japanese terminals do (GYOKAKU_AMBIGUOUS_WIDTH
# =wide or --ambiguous-width=wide; there is no stored preference): every
# TERM at 80x24 with the board, the form's help and a save
for t in xterm-256color screen-256color tmux-256color putty linux vt100 xterm-mono; do
    if ! infocmp "$t" >/dev/null 2>&1; then skip_n 15 "$t wide: no terminfo entry for $t here"; continue; fi
    round -full -wide "$t" 80 24
done

# PuTTY in its "Xterm R6" mode and rxvt send F1 as ESC O P / ESC [ 11 ~;
# the Linux console's ESC [ [ A reaches a vt100 description too
for pair in "putty 1b4f50" "vt100 1b5b5b41" "xterm-256color 1b5b31317e"; do
    set -- $pair
    infocmp "$1" >/dev/null 2>&1 || { pass "$1 # SKIP no terminfo entry"; continue; }
    start 80 24 $E TERM="$1" $GYOKAKU --db "$db"
    wait_for "F10" >/dev/null
    T send-keys -H $(echo "$2" | sed 's/../& /g')
    if wait_for "Keys of the main screen" 3 >/dev/null; then pass "$1: F1 sent as $2 opens the help"; else
        flunk "$1: F1 sent as $2 opens the help"; fi
done

round xterm-256color 80 23
round xterm-256color 200 60 NO_COLOR=1

# A login that is not a user of the file (root here, after the file's only
# office user became another login: no OS user is needed, the users table
# decides) reads only; at 80x24 the top line keeps the year, the whole
# read-only mark and the end of each demo plan's name (their periods), in
# English and in Japanese.
demo="$GK_TMP/demo.db"
$GYOKAKU --db "$demo" init --demo >/dev/null 2>&1 &&
    $GYOKAKU --db "$demo" user add gk19office --role office >/dev/null 2>&1 &&
    $GYOKAKU --db "$demo" user remove "$(id -un)" >/dev/null 2>&1 || bail "a demo file whose user is another login"
top() { screen | head -1; }
has() { # has NAME TEXT: the top line contains TEXT (fixed string)
    if top | grep -qF -- "$2"; then pass "$1"; else flunk "$1 (\"$2\" not on the top line)"; top | sed 's/^/#   /'; fi
}
for lang in en ja; do
    case $lang in
    en) start 80 24 $E TERM=xterm-256color $GYOKAKU --db "$demo"; mark="$(id -un) (read-only: not a user)" ;;
    ja) start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale TERM=xterm-256color \
            $GYOKAKU --db "$demo"; mark="$(id -un)（閲覧のみ・利用者未登録）" ;;
    esac
    wait_for "F10" >/dev/null
    if top | grep -qE '\| 令和[0-9元]+\([0-9]{4}\)年度 \|'; then pass "non-user $lang 80x24: the top line keeps the fiscal year"; else
        flunk "non-user $lang 80x24: the top line keeps the fiscal year"; top | sed 's/^/#   /'; fi
    has "non-user $lang 80x24: ... and the whole read-only mark" "$mark"
    has "non-user $lang 80x24: ... and the end of the first plan's name" "(2028)年度）"
    aligned "non-user $lang 80x24: the main screen" 80
    keys End
    has "non-user $lang 80x24: the other demo plan's name ends differently" "(2023)年度）"
    keys q
done

# 60x20 is below the minimum (80x22): the too-small screen resumes on a
# resize and quits with q, F10 (as the terminal sends it) and Ctrl-C
start 60 20 $E TERM=xterm-256color $GYOKAKU --db "$db"
shows "60x20: the screen says it is too small and what it needs" "need 80×22"
T resize-window -x 80 -y 24
waits "F10" "60x20 enlarged to 80x24: the main screen resumes"
aligned "... aligned" 80
repaints "... as a fresh draw"
T resize-window -x 60 -y 20
shows "60x20 again: too small again" "need 80×22"
keys q
check_eq "60x20: q quits" 1 "$(dead)"
start 60 20 $E TERM=xterm-256color $GYOKAKU --db "$db"
wait_for "need 80×22" >/dev/null
tkey xterm-256color kf10 $'\e[21~'
check_eq "60x20: F10 quits" 1 "$(dead)"
start 60 20 $E TERM=xterm-256color $GYOKAKU --db "$db"
wait_for "need 80×22" >/dev/null
keys C-c
check_eq "60x20: Ctrl-C quits" 1 "$(dead)"
finish
