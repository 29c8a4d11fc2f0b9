#!/bin/bash
# The same screens in a terminal that draws East Asian Ambiguous characters
# (① ○ → ※ ■) two cells wide: tmux runs with a test-only LD_PRELOAD shim
# whose wcwidth says 2 for them, gyokaku with --ambiguous-width=wide.
. tests/e2e/lib.sh
plan 13
build_helpers || bail "build test helpers"
db=$(test_db wide tests/e2e/data/browse.csv) || bail "import the test plan"
T kill-server 2>/dev/null
LD_PRELOAD="$GK_TMP/wcwidth_wide.so" tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
    env LANG=C.UTF-8 LD_PRELOAD= $GYOKAKU --ambiguous-width=wide --db "$db"
T set-option -g remain-on-exit on
waits "F10" "the first screen appears"
aligned "wide: first screen" 80 -w
keys Down Right Down Right Down Right Down
shows "wide: the ①-numbered item is listed" "① 誰一人"
shows "wide: an indicator with ※ is selected" "登録者数※"
aligned "wide: indicator details with ① ※ ■" 80 -w
keys Tab PageDown Tab
aligned "wide: scrolled" 80 -w
keys d
wait_for "items/indicators" >/dev/null
aligned "wide: department board" 80 -w
keys Escape '?'
wait_for "Keys of the main screen" >/dev/null
aligned "wide: help with → and ← in it" 80 -w
keys x
# the entry form: the terminal cursor must stand where the text engine says
keys Enter
waits "Entry: " "wide: the entry form opens"
keys C-a
T send-keys "①"; sleep 0.2
check_eq "wide: after typing ① at the start, the cursor stands two cells on" 5 "$(T display -p '#{cursor_x}')"
keys Tab
T send-keys "○→※の確認"; sleep 0.2
aligned "wide: entry form with ① ○ → ※ typed" 80 -w
keys Escape
wait_for "There is unsaved input" >/dev/null
keys Down Enter
wait_for "F10" >/dev/null
T resize-window -x 120 -y 40; sleep 0.3
aligned "wide: 120x40" 120 -w
GYOKAKU_AMBIGUOUS_WIDTH=wide $GYOKAKU --db "$db" stats >/dev/null 2>&1
check "GYOKAKU_AMBIGUOUS_WIDTH=wide is accepted" test $? -eq 0
finish
