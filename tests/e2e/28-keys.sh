#!/bin/bash
# Keys of issue 19 not covered elsewhere: the bottom-line prompt (search
# `/`; the year and the 差し戻し comment use the same widget) places the
# terminal cursor at the insertion point, scrolls sideways to show it and
# takes Ctrl-A / Ctrl-E / Ctrl-U / Ctrl-K as readline does (the search and the
# one-line 差し戻し comment are tried); every function
# key of the main screen and the entry form has a letter or Ctrl key,
# shown beside it in the help, and the Ctrl keys act; the mouse is on by
# default, off with --no-mouse (for one start) or M (remembered).
. tests/e2e/lib.sh
plan 42
db=$(test_db keys tests/e2e/data/browse.csv) || bail "import the test plan"
E="env LANG=C.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color"
bottom() { screen | tail -1 | sed 's/ *$//'; }
cx() { T display -p '#{cursor_x}'; }
cells() { printf '%s' "$1" | LC_ALL=C.UTF-8 wc -m; } # ASCII and … : one cell each

# --- the prompt -------------------------------------------------------------------------------
start 80 24 $E $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
keys /
T send-keys "$(printf 'a%.0s' $(seq 100))XYZ"; sleep 0.3
line=$(bottom)
case $line in "/…"*XYZ) pass "a long search text scrolls: … at the start, the end typed last in view" ;;
    *) flunk "a long search text scrolls: … at the start, the end typed last in view (\"$line\")" ;; esac
check_eq "... the terminal cursor stands after the last character typed" "$(cells "$line")" "$(cx)"
check_eq "... on the bottom line" 23 "$(T display -p '#{cursor_y}')"
keys C-a
line=$(bottom)
case $line in /aaaa*…) pass "Ctrl-A shows the start of the text, … at the end" ;;
    *) flunk "Ctrl-A shows the start of the text, … at the end (\"$line\")" ;; esac
check_eq "... and puts the cursor at its first character" 1 "$(cx)"
keys C-e
line=$(bottom)
case $line in "/…"*XYZ) pass "Ctrl-E shows the end again" ;; *) flunk "Ctrl-E shows the end again (\"$line\")" ;; esac
keys Left Left Left C-k
line=$(bottom)
case $line in *XYZ*) flunk "Ctrl-K deletes from the cursor to the end (\"$line\")" ;;
    "/…"*aaa) pass "Ctrl-K deletes from the cursor to the end" ;; *) flunk "Ctrl-K deletes from the cursor to the end (\"$line\")" ;; esac
check_eq "... the cursor after the last character left" "$(cells "$line")" "$(cx)"
keys C-u
check_eq "Ctrl-U deletes what is before the cursor: the prompt is empty" / "$(bottom)"
T send-keys "試験"; sleep 0.2
check_eq "after two wide characters the cursor stands four cells on" 5 "$(cx)"
keys C-a Right
check_eq "Ctrl-A then → : the cursor after the first wide character" 3 "$(cx)"
keys Escape
waits_gone "/試験" "Esc closes the prompt"
repaints "the main screen after the prompt"

# the one-line 差し戻し comment: the same scrolling, so that the
# supervisor sees the end of what they type, the cursor there
width() { python3 -c 'import sys, unicodedata as u
print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.argv[1]))' "$1"; }
$GYOKAKU --db "$db" submit --year 2023 "「市LINE公式アカウント」の登録者数※" >/dev/null 2>&1 ||
    echo "# could not submit the indicator"
keys / ; T send-keys "登録者数"; sleep 0.2; keys Enter
keys r
wait_for "差し戻し: what is to be fixed" >/dev/null
T send-keys "$(printf 'x%.0s' $(seq 100))END"; sleep 0.3
line=$(bottom)
case $line in "差し戻し: "*": …"*xEND) pass "a long 差し戻し comment scrolls: its end typed last is in view" ;;
    *) flunk "a long 差し戻し comment scrolls: its end typed last is in view (\"$line\")" ;; esac
check_eq "... the cursor after it" "$(width "$line")" "$(cx)"
keys C-a
line=$(bottom)
case $line in *": xxx"*…) pass "Ctrl-A there shows the comment's start" ;; *) flunk "Ctrl-A there shows the comment's start (\"$line\")" ;; esac
check_eq "... the cursor at its first character" "$(width "${line%%xxx*}")" "$(cx)"
keys Escape
waits_gone "差し戻し: what is to be fixed" "Esc cancels the return"
# (the plan keeps its notes on indicators: its item is a container, no row of the board)
check_eq "... nothing was returned: the indicator is still submitted" "0/0 0/0 0/0 0/1 0/0" "$(status_row "$db" 2023 広報広聴課)"

# --- a letter or Ctrl key for every function key, shown in the help --------------------------
row() { # row NAME REGEX: a line of the help (both of its pages) matches REGEX
    if printf '%s\n' "$help" | grep -qE -- "$2"; then pass "$1"; else flunk "$1"; printf '%s\n' "$help" | sed 's/^/#   /'; fi
}
keys '?'
wait_for "Keys of the main screen" >/dev/null
help=$(screen); keys NPage; help="$help
$(screen)"
row "main help: F1 and ?" '\| F1 +\? '
row "main help: F3 and /" '\| F3 +/ '
row "main help: F4 and d" '\| F4 +d '
row "main help: F5 and y" '\| F5 +y '
row "main help: F7 and t" '\| F7 +t '
row "main help: F8 and a" '\| F8 +a '
row "main help: F9 and r" '\| F9 +r '
row "main help: F10 and q, Ctrl-C" '\| F10 +q \^C '
keys x
wait_gone "Keys of the main screen" >/dev/null
keys Down Right Down Right Down Right Down Enter
wait_for "Entry: " >/dev/null
keys C-g
waits "Keys of the entry form" "Ctrl-G opens the form's help (F1)"
help=$(screen)
row "form help: F1 and ^G" '\| F1 +\^G '
row "form help: F2 and ^S" '\| F2 +\^S '
row "form help: F4 and ^O" '\| F4 +\^O '
row "form help: F6 and ^R" '\| F6 +\^R '
row "form help: F7 and ^T" '\| F7 +\^T '
keys x
wait_gone "Keys of the entry form" >/dev/null
keys C-u
T send-keys "4321"; sleep 0.2
keys C-s
waits "Saved." "Ctrl-S saves (F2)"
keys C-r
waits "History" "Ctrl-R opens the history (F6)"
keys Escape
keys Escape
wait_for "F10" >/dev/null
keys q

# --- the mouse ------------------------------------------------------------------------------
# what the program asked the terminal for: tmux's mouse flags of the pane
mouse_mode() { T display -p '#{?#{||:#{mouse_standard_flag},#{mouse_any_flag}},on,off}'; }
run() { start 80 24 $E $GYOKAKU "$@" --db "$db"; wait_for "F10" >/dev/null; sleep 0.2; }
run
check_eq "the mouse is on by default" on "$(mouse_mode)"
keys M
check_eq "M turns it off" off "$(mouse_mode)"
shows "... and says so on the bottom line" "Mouse off: the terminal selects and copies text"
keys q
run
check_eq "off is remembered at the next start" off "$(mouse_mode)"
keys M
check_eq "M turns it on again" on "$(mouse_mode)"
keys q
run --no-mouse
check_eq "--no-mouse turns it off for one start" off "$(mouse_mode)"
keys q
run
check_eq "... and is not remembered: on at the next start" on "$(mouse_mode)"
keys q
finish
