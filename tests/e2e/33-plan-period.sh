#!/bin/bash
# A plan typed from its document: no 年度 rows, items without indicators, an
# ended item. Its period and level names set with `gyokaku plan set`, an
# item's 取組状況 entered for a year of that period and found after a
# restart; the submission board counts the entered item (as `gyokaku status`
# does); the ended item is dimmed and never missing.
. tests/e2e/lib.sh
plan 18
db=$(test_db noyears tests/e2e/data/noyears.csv) || bail "import the test plan"
PLAN=K市行革プラン
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"

check_eq "a plan without 年度 rows has no period" "period	" "$($GYOKAKU --db "$db" plan "$PLAN" | grep '^period')"
$GYOKAKU --db "$db" plan set "$PLAN" --period 'R6～R10' --levels 基本方針/取組/施策
check_eq "plan set gives it a period and level names" "$(printf 'period\t2024-2028\nlevels\t基本方針/取組/施策')" \
    "$($GYOKAKU --db "$db" plan "$PLAN" | grep '^period\|^levels')"

# --- the board before anything is entered --------------------------------------------
start 100 30 $GK --year R7
wait_for "F10" >/dev/null
keys d
wait_for "Departments" >/dev/null
check_eq "before any entry status counts 2 items 未入力 (the ended one is left out)" "2/0 0/0 0/0 0/0 0/0" \
    "$(status_row "$db" 2025 '(総)総務課')"
check_eq "the board shows what status counts" "$(status_row "$db" 2025 '(総)総務課')" "$(board_row '(総)総務課')"
keys Escape

# --- an item's 取組状況 for 2025 --------------------------------------------------------
keys / ; T send-keys "窓口"; sleep 0.2; keys Enter
keys Enter
waits "Entry: ① 窓口の手続の見直し | 令和7(2025)年度" "Enter on an item of a plan without 年度 rows opens its form for a year of the set period"
T send-keys "書かない窓口を3課に広げた"; sleep 0.2
keys F2
waits "Saved." "the item's 取組状況 is saved"
keys Escape
wait_for "F10" >/dev/null
if screen | grep -q '\*① 窓口の手続の見直し'; then pass "the tree marks the entered item with *"; else
    flunk "the tree marks the entered item with *"; screen | sed 's/^/#   /'; fi
styled "the ended item is drawn dimmed" $'\e\\[([0-9]+;)*2m(\e\\[[0-9;]*m)*③ 旧システムの運用'
styled "an item that is not ended is not dimmed" $'!\e\\[([0-9]+;)*2m(\e\\[[0-9;]*m)*② 電子申請の拡充'
keys d
wait_for "Departments" >/dev/null
check_eq "status counts the entered item 入力中 (a plan without indicators has progress)" \
    "1/0 1/0 0/0 0/0 0/0" "$(status_row "$db" 2025 '(総)総務課')"
check_eq "the board of a plan without indicators counts the entered item" "1/0 1/0 0/0 0/0 0/0" "$(board_row '(総)総務課')"
keys Escape
keys q

# --- after a restart -------------------------------------------------------------------
start 100 30 $GK --year R7
wait_for "F10" >/dev/null
keys / ; T send-keys "窓口"; sleep 0.2; keys Enter
shows "after a restart the item's 取組状況 is there" "書かない窓口を3課に広げた"
shows "the details name the item by the plan's own level name" "施策"
keys d
wait_for "Departments" >/dev/null
check_eq "after a restart the board still counts it" "1/0 1/0 0/0 0/0 0/0" "$(board_row '(総)総務課')"
keys Escape
keys q
# --- NO_COLOR: still dimmed, still there to read -----------------------------------------
start 100 30 env NO_COLOR=1 LANG=C.UTF-8 $GYOKAKU --db "$db" --year R7
wait_for "F10" >/dev/null
keys / ; T send-keys "窓口"; sleep 0.2; keys Enter
shows "with NO_COLOR the ended item is on screen" "③ 旧システムの運用"
styled "with NO_COLOR the ended item is dimmed" $'\e\\[([0-9]+;)*2m(\e\\[[0-9;]*m)*③ 旧システムの運用'
keys q
check "the note is exported under 2025" sh -c "$GYOKAKU --db '$db' export | grep -q '① 窓口の手続の見直し,.*,2025,.*書かない窓口を3課に広げた'"
check "the database passes check" $GYOKAKU --db "$db" check
finish
