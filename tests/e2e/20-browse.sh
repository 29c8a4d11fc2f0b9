#!/bin/bash
# The browse screen in a real terminal (tmux, 80x24): tree, details,
# department board and filter, fiscal year, full-width search, help, resize,
# a too-small window, the mouse, quitting and signals. Every captured screen must be
# exactly as wide as the terminal, with the pane border in one column.
. tests/e2e/lib.sh
plan 64
build_helpers || bail "build test helpers"
db=$(test_db browse tests/e2e/data/browse.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db $db"

start 80 24 $GK
waits "F10" "the first screen appears"
aligned "first screen" 80
shows "the plan is a root of the tree" "試験計画"
shows "the top line shows the fiscal year in Japanese style" "令和5(2023)年度"
shows "the function-key bar offers help" "F1 Help(?)"

keys Down Right Down Right Down
aligned "after opening a goal and a policy" 80
shows "①-numbered items are listed" "① 誰一人取り残さない情報共有の推進"
shows "the details show 取組内容" "取組内容"
shows "the details show 所管課" "広報広聴課"

keys Right Down
shows "an indicator is selected" "「市LINE公式アカウント」の登録者数※"
shows "the indicator table shows years as R5(2023)" "R5(2023)"
shows "the indicator table shows the actual" "26,684人"
keys Tab PageDown
shows "the selected year's 取組状況 is shown (details scrolled)" "本格運用を"
aligned "scrolled details" 80
keys Tab
aligned "indicator details with ambiguous characters" 80

# department board, filter, Esc clears
keys d
wait_for "items/indicators"
shows "the board lists departments" "職員課"
aligned "department board" 80
keys Down Down Down Enter
waits "所管課: 職員課" "Enter filters the tree to the department"
shows "the department's item is visible" "③ 時間外勤務の縮減"
if screen | grep -qF "① 誰一人"; then flunk "other departments' items are hidden"; else pass "other departments' items are hidden"; fi
aligned "filtered tree" 80
keys Escape
waits "所管課: all" "Esc clears the filter"

# fiscal year
keys y
wait_for "Fiscal year"
keys Down Enter
waits "令和6(2024)年度" "the year changes to 令和6(2024)年度"
aligned "after changing the year" 80

# search with a full-width query
keys Home /
T send-keys "ＬＩＮＥ"
sleep 0.2
keys Enter
shows "full-width ＬＩＮＥ finds LINE" "「市LINE公式アカウント」の登録者数※"
keys n
aligned "after search" 80

# help
keys '?'
waits "Keys of the main screen" "help opens"
shows "help lists the search key" "search titles and notes"
shows "a long description wraps onto a second line at a space" "             opens or closes)"
shows "help that does not fit says it scrolls" "PgDn scroll"
aligned "help" 80
keys NPage
shows "PgDn scrolls the help to the last key of the table (Esc)" "clear the department filter"
aligned "help scrolled" 80
keys x
waits_gone "Keys of the main screen" "a key closes help"

# resize to 120x40 and back, then too small
T resize-window -x 120 -y 40; sleep 0.3
aligned "120x40" 120
T resize-window -x 80 -y 24; sleep 0.3
aligned "back to 80x24" 80
T resize-window -x 60 -y 20; sleep 0.3
shows "a small window says the size it needs" "need 80×22"
T resize-window -x 80 -y 24; sleep 0.3
waits "F10" "the screen comes back after enlarging"

# the entry form's cursor after an ambiguous character: one cell on here
# (21-wide.sh checks two cells in wide mode)
start 80 24 $GK
wait_for "F10" >/dev/null
keys Down Right Down Right Down Right Down Enter
wait_for "Entry: " >/dev/null
keys C-a
T send-keys "①"; sleep 0.2
check_eq "narrow: after typing ① at the start, the cursor stands one cell on" 4 "$(T display -p '#{cursor_x}')"
keys Escape
wait_for "There is unsaved input" >/dev/null
keys Down Enter
wait_for "F10" >/dev/null
keys q

# the mouse: a click selects a row, the wheel moves the selection
start 80 24 $GK
wait_for "F10" >/dev/null
shows "before the click the plan is selected" "Levels"
mouse 0 5 3; mouse 3 5 3
shows "a click on the third row selects the second goal" "市民一人当たりの市債残高※"
mouse 64 5 3
shows "the wheel up moves the selection back to the plan" "Levels"
mouse 65 5 3
shows "the wheel down moves it three rows down again" "市民一人当たりの市債残高※"
mouse 0 60 3; mouse 3 60 3
shows "a click in the details pane leaves the selection" "市民一人当たりの市債残高※"
aligned "after mouse use" 80

keys q
sleep 0.3
if [ "$(T display -p '#{pane_dead}')" = 1 ]; then pass "q quits"; else flunk "q quits"; fi
start 80 24 sh -c "$GK; echo \$? > $GK_TMP/rc"
wait_for "F10" >/dev/null
keys F10
sleep 0.3
check_eq "F10 quits with status 0" 0 "$(cat "$GK_TMP/rc" 2>/dev/null)"

# SIGTERM and SIGHUP end it and restore the terminal
for sig in TERM HUP; do
    start 80 24 $GK
    wait_for "F10" >/dev/null
    pid=$(pgrep -n -f "$(basename "$GYOKAKU") --db $db")
    kill -$sig "$pid"; sleep 0.5
    check_eq "SIG$sig ends the program" 1 "$(T display -p '#{pane_dead}')"
    check_eq "SIG$sig: the terminal leaves the alternate screen" 0 "$(T display -p '#{alternate_on}')"
done

# colours, and none with NO_COLOR (reverse video stands in for them)
ESC=$(printf '\033')
start 80 24 env LANG=C.UTF-8 $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
styled "colours are used where the terminal has them" "$ESC\[[0-9;]*4[0-7]m"
start 80 24 env LANG=C.UTF-8 NO_COLOR=1 $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
styled "NO_COLOR: the bars are in reverse video" "$ESC\[7m"
styled "NO_COLOR: no colour at all" "!$ESC\[[0-9;]*[34][0-7]m"

# Japanese interface
start 80 24 env LANG=C.UTF-8 LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
shows "the interface is Japanese in a Japanese locale" "F1 ヘルプ(?)"
aligned "Japanese interface" 80

# opening on a plan, year and department given on the command line
start 80 24 $GK --plan 試験計画 --year R6 --dept 職員課
wait_for "F10" >/dev/null
shows "--year R6 opens 令和6(2024)年度" "令和6(2024)年度"
shows "--dept opens with the filter set" "所管課: 職員課"
keys q
out=$(env LANG=C.UTF-8 $GYOKAKU --db "$db" --plan 無い計画 2>&1 </dev/null); rc=$?
check_eq "an unknown --plan exits 1" 1 "$rc"
check "it names the plan" sh -c "echo '$out' | grep -q 'no plan named \"無い計画\"'"
out=$(env LANG=C.UTF-8 $GYOKAKU --db "$db" --dept 無い課 2>&1 </dev/null); rc=$?
check_eq "an unknown --dept exits 1" 1 "$rc"
out=$(env LANG=C.UTF-8 $GYOKAKU --db "$db" --year 20245 2>&1 </dev/null); rc=$?
check_eq "a --year that is not a fiscal year is a usage error (2)" 2 "$rc"

# not a UTF-8 locale: a message, exit 1, the terminal untouched
out=$(env LANG=C LC_ALL=C $GYOKAKU --db "$db" 2>&1 </dev/null); rc=$?
check_eq "a non-UTF-8 locale exits 1" 1 "$rc"
check "it says why" sh -c "echo '$out' | grep -q 'UTF-8'"
finish
