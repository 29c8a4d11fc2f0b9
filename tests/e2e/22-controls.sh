#!/bin/bash
# A plan whose titles and notes hold terminal control sequences (ESC]0;…BEL
# sets the window title, ESC[2J clears the screen, U+009B is a one-byte CSI,
# U+202E reverses text): the screen shows placeholders, the pane title stays
# as it was, and nothing else on screen moves.
. tests/e2e/lib.sh
plan 12
build_helpers || bail "build test helpers"
db=$(test_db controls tests/e2e/data/controls.csv) || bail "import the test plan"
start 80 24 env LANG=C.UTF-8 $GYOKAKU --db "$db"
T select-pane -T "gk-title"
waits "F10" "the first screen appears"
keys Down Right Down Right Down
shows "ESC is drawn as ␛" "␛]0;pwned␇"
shows "the goal's title is whole" "目標␛]0;pwned␇です"
shows "ESC[2J is drawn, not executed" "項目␛[2J消去"
check_eq "the pane title is unchanged" "gk-title" "$(T display -p '#{pane_title}')"
keys Up
shows "the item's 取組内容 shows U+009B and U+202E as placeholders" "内容␦31m赤␦逆順"
aligned "screen with control characters" 80
keys Down
shows "an indicator title with ESC[H" "指標␛[H"
shows "the note's controls are placeholders" "状況␛]0;pwned␇␦abc"
check_eq "the pane title is still unchanged" "gk-title" "$(T display -p '#{pane_title}')"
aligned "indicator with control characters" 80
check "the top line is still at the top" sh -c "tmux -L $SOCK capture-pane -p | head -1 | grep -q 制御文字計画"
finish
