#!/bin/bash
# The clerk's annual round on a small plan (tests/e2e/data/clerk.csv): the
# form shows last year's 次年度の取組内容, the details keep labels apart
# from values, and ./gyokaku speaks Japanese in a Japanese locale from its
# build tree.
. tests/e2e/lib.sh
plan 48
build_helpers || bail "build test helpers"
db=$(test_db clerk tests/e2e/data/clerk.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db $db"

# --- the details and the form -------------------------------------------------------
start 80 24 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "待ち時間"; sleep 0.2; keys Enter
shows "the search finds the indicator" "Indicator"
keys Left
keys e
waits "Entry: ① 窓口の改善" "e on the item opens its form for 令和5(2023)年度"
shows "the form names last year's 次年度の取組内容" "次年度の取組内容 written for R5(2023):"
shows "the form shows last year's 次年度の取組内容" "受付窓口を二つに増やす。"
aligned "entry form with last year's plan" 80
keys Escape
wait_for "F10" >/dev/null
keys q

# 初期値(2021) fills the year column of the table to its last cell
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
keys / ; T send-keys "待ち時間"; sleep 0.2; keys Enter
shows "a label and its value never run together (初期値(2021) 30分)" "初期値(2021) 30分"
shows "a computed 評価 is in parentheses" "(未達成)"
keys q

# --- ] and [: the next and previous node still missing its entry ---------------------
# 令和5(2023)年度: ① and ② have no 取組状況, 待ち時間 and 光熱費 no actual; ③ and
# 研修受講率 are entered.
entry_of() { # entry_of TITLE — e opens the form of the selection: TITLE
    keys e
    if wait_for "Entry: $1" 3 >/dev/null; then keys Escape; wait_for "F10" >/dev/null; return 0; fi
    keys Escape; return 1
}
start 80 24 $GK
wait_for "F10" >/dev/null
keys ]
check "] from the plan goes to the first item missing its 取組状況 (① 窓口の改善)" entry_of "① 窓口の改善"
keys ]
check "] then goes to its indicator without an actual (待ち時間)" entry_of "待ち時間"
keys ]
check "] skips ③ and its indicator, which are entered, to ② 文書の電子化" entry_of "② 文書の電子化"
keys ]
check "] goes on to ④ 庁舎管理" entry_of "④ 庁舎管理"
keys ] ] ]
check "after the last one (⑤) ] starts again at the first (① 窓口の改善)" entry_of "① 窓口の改善"
keys [
check "[ goes back to the last one (⑤ 会議の効率化)" entry_of "⑤ 会議の効率化"
aligned "tree opened by ]" 80
keys g
keys '*'
shows "* on the plan opens the whole subtree (研修受講率)" "研修受講率"
shows "* on the plan opens the whole subtree (光熱費)" "光熱費"

# --- the department board -------------------------------------------------------------
keys d
wait_for "items/indicators" >/dev/null
shows "the board groups departments under the 部 of their names: (総)" "| (総) "
if screen | grep -A2 '| (総) ' | grep -q '総)職員課'; then pass "総)職員課 and (総)総務課 are both under (総)"; else flunk "総)職員課 and (総)総務課 are both under (総)"; fi
aligned "department board with groups" 80
keys End Enter
waits "所管課: 施設課" "End goes to the last department (施設課) and Enter filters"
keys ]
check "] within the filter goes to the department's missing item (④ 庁舎管理)" entry_of "④ 庁舎管理"
keys ] ]
check "] within the filter wraps to ④ again (⑤ of (総)総務課 is not in the filter)" entry_of "④ 庁舎管理"
keys d
wait_for "items/indicators" >/dev/null
keys G g Enter
waits "所管課: (市)市民課" "G then g go to the first department"
keys d
wait_for "items/indicators" >/dev/null
T send-keys "職員"; sleep 0.3; keys Enter
waits "所管課: 総)職員課" "typing 職員 jumps to 総)職員課 (the name after its 部)"
keys d
wait_for "items/indicators" >/dev/null
keys F1
waits "Keys of the department board" "F1 on the board shows its keys"
shows "the board's help names Home g" "Home g"
shows "the board's help explains typing a name" "jump to it"
keys Escape Escape
wait_for "F10" >/dev/null
keys q

# --- the year chooser without any period or data ------------------------------------
printf '計画,基本目標,取組項目,取組内容,所管課\n白紙計画,1 目標,① 項目,内容,総務課\n' >"$GK_TMP/blank.csv"
blank=$(test_db blank "$GK_TMP/blank.csv") || exit 1
fy=$(( $(date +%-m) < 4 ? $(date +%Y) - 1 : $(date +%Y) ))
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$blank"
wait_for "F10" >/dev/null
shows "a plan without period or data opens on the year being reported (the fiscal year before today's)" "($((fy - 1)))年度 |"
keys y
wait_for "Fiscal year" >/dev/null
shows "the year chooser offers the current fiscal year" "(${fy})年度"
shows "the year chooser lets the user type another year" "another year"
keys End Enter
waits "Fiscal year (2027" "the last row asks for a year"
T send-keys "R99"; keys Enter
shows "a year 年度 refuses is refused with the reason" "R99"
keys BSpace BSpace BSpace
T send-keys "令和9年度"; keys Enter
waits "令和9(2027)年度 |" "令和9年度 typed by hand becomes the year"
keys ] e
waits "Entry: ① 項目" "the entry form opens for the typed year"
shows "the form is for 令和9(2027)年度" "令和9(2027)年度"
keys Escape
keys q

# --- plan, year and filter remembered per user in the database --------------------------
start 80 24 $GK
wait_for "F10" >/dev/null
keys d
wait_for "items/indicators" >/dev/null
keys End Enter
wait_for "所管課: 施設課" >/dev/null
keys y
wait_for "Fiscal year" >/dev/null
keys Home Enter
wait_for "令和4(2022)年度 |" >/dev/null
keys q
check_eq "the choices are kept in the database for this user" "施設課" \
    "$(sqlite3 "$db" "SELECT value FROM pref WHERE key = 'dept' AND who = '$(id -un)'")"
start 80 24 $GK
wait_for "F10" >/dev/null
shows "the filter chosen last is restored at the next start" "所管課: 施設課"
shows "the year chosen last is restored at the next start" "令和4(2022)年度 |"
keys q
start 80 24 $GK --dept "(市)市民課" --year R5
wait_for "F10" >/dev/null
shows "--dept wins over the remembered filter" "所管課: (市)市民課"
shows "--year wins over the remembered year" "令和5(2023)年度 |"
keys q
start 80 24 $GK
wait_for "F10" >/dev/null
shows "what the options chose is not remembered: the filter chosen last is back" "所管課: 施設課"
keys Escape
wait_for "所管課: all" >/dev/null
keys q
start 80 24 $GK
shows "a cleared filter is remembered as cleared" "所管課: all"
keys q
# another writer holds the file: the session goes on, the bottom line says so
rm -f "$GK_TMP/held"
{ echo "$BASHPID" >"$GK_TMP/feeder"
  printf "BEGIN IMMEDIATE; UPDATE plan SET name = name; SELECT 'held';\n"
  exec sleep 20; } | sqlite3 "$db" >"$GK_TMP/held" 2>&1 &
holder=$!
check "another writer holds the file's write lock" wait_lock "$GK_TMP/held" "$db"
start 80 24 $GK
wait_for "F10" >/dev/null
keys y
wait_for "Fiscal year" >/dev/null
keys End Up Enter
shows "a busy file: the bottom line says the choices cannot be remembered" "cannot be remembered"
keys Down
shows "... and the session goes on" "F10 Quit"
shows "... with the year chosen" "令和6(2024)年度 |"
keys q
kill "$(cat "$GK_TMP/feeder")" 2>/dev/null; wait "$holder" 2>/dev/null

# --- translations found from the build tree -------------------------------------------
# A Japanese locale compiled into GK_TMP (no root, nothing installed): the
# program run as ./gyokaku finds build/locale beside it.
mkdir -p "$GK_TMP/loc"
if [ "$GYOKAKU" = ./gyokaku ] && localedef -i ja_JP -f UTF-8 "$GK_TMP/loc/ja_JP.UTF-8" >/dev/null 2>&1; then
    start 80 24 env -u GYOKAKU_LOCALEDIR -u LANGUAGE LC_ALL= LOCPATH="$GK_TMP/loc" \
        LANG=ja_JP.UTF-8 ./gyokaku --db "$db"
    wait_for "F10" >/dev/null
    shows "in ja_JP.UTF-8, ./gyokaku from the build tree is Japanese without make install" "F1 ヘルプ"
    keys q
    out=$(cd "$GK_TMP" && env -u GYOKAKU_LOCALEDIR -u LANGUAGE LC_ALL= LOCPATH="$GK_TMP/loc" \
        LANG=ja_JP.UTF-8 "$OLDPWD/gyokaku" --db "$db" stats --plan 無い計画 2>&1)
    check "... also when started by its full path from another folder" grep -q "計画" <<<"$out"
else
    skip_n 2 "localedef cannot make ja_JP.UTF-8 here (or not ./gyokaku)"
fi
finish
