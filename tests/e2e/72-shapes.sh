#!/bin/bash
# The yearly cycle on the plan shapes of issue 21 that 70-cycle.sh does not
# walk to the end, from the command line and (for the assignment of
# departments) the full-screen interface:
#  A. shared items with 部 prefixes written and omitted and placeholders
#     (tests/e2e/data/cycle.csv, the cycle itself is 70-cycle.sh): the board
#     reaches 100 % when every live node is done, and lock then needs no
#     --force; the lead takes a related department's contribution over into
#     取組状況 in the form (F3), and `status` counts contributions apart;
#  B. departments only on indicators, with per-indicator notes
#     (data/shape-indicators.csv): inferred as a plan whose entry lives on
#     indicators, items are containers (no "(no department)" row, not in
#     --missing), the lead submits, a related department contributes and
#     cannot submit, a rename mid-year keeps everything, lock refuses with
#     the missing list, the board reaches 100 %;
#  C. neither departments nor indicators (data/shape-bare.csv): no user can
#     be given a department until the office assigns one in the full-screen
#     interface (F6, listed by F1), after which the clerk submits and the
#     year completes.
# `status` without --year reports the year being reported in each. Roles are
# played by this login on copies of a database (no OS users needed), as in
# 70-cycle.sh; the full-screen part runs as the file's creator (office).
. tests/e2e/lib.sh
plan 51

ME=$(id -un)
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
state() { # state DB TITLE -> the node's state in 2023
    sqlite3 "$1" "SELECT o.state FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$2' AND o.year = 2023"
}
as_role() { # as_role DB COPY ROLE DEPT -> a copy of DB where this login has ROLE for DEPT
    cp "$1" "$2"
    $GYOKAKU --db "$2" user add gk-office --role office 2>/dev/null &&
        $GYOKAKU --db "$2" user add "$ME" --role "$3" --dept "$4" 2>/dev/null
}
# left DB -> the nodes not approved in the year being reported (status --state)
left() {
    $GYOKAKU --db "$1" status --state 未入力,入力中,差し戻し,提出 2>/dev/null | grep -c '^  '
}
complete() { # complete DB -> the completeness line of status
    $GYOKAKU --db "$1" status 2>/dev/null | grep -o 'completeness [0-9.]*%'
}

# --- A. shared items ------------------------------------------------------------------
a="$GK_TMP/shared.db"
$GYOKAKU --db "$a" init 2>/dev/null
$GYOKAKU --db "$a" import tests/e2e/data/cycle.csv 2>/dev/null || bail "import cycle.csv"
check_eq "A: status without --year reports the year being reported" "R5(2023)" \
    "$($GYOKAKU --db "$a" status 2>/dev/null | head -1)"
check_eq "A: the shared plan keeps its entry on items (inferred)" "items" \
    "$($GYOKAKU --db "$a" plan | awk -F'\t' '$1 == "entry" {print $2}')"
{
    echo '計画,基本目標,取組方針,取組項目,指標,年度,実績値,取組状況'
    for i in "(1) 事務の改善,① 窓口の改善" "(1) 事務の改善,② 納付の促進" "(1) 事務の改善,③ 全庁の研修" \
        "(2) 財政の健全化,④ 収納率の向上" "(2) 財政の健全化,⑤ 議会の公開"; do
        echo "共有計画,1 行政運営,$i,,2023,,取り組んだ。"
    done
    echo '共有計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,2023,18分,'
} >"$GK_TMP/a-entry.csv"
$GYOKAKU --db "$a" import "$GK_TMP/a-entry.csv" 2>/dev/null || bail "A: enter the year"
$GYOKAKU --db "$a" lock --year 2023 --reason 公表 2>"$GK_TMP/err"
check_eq "A: lock refuses while nothing is approved" 1 $?
check "A: listing what is submitted or not" grep -q "② 納付の促進" "$GK_TMP/err"
$GYOKAKU --db "$a" submit "① 窓口の改善" "② 納付の促進" "③ 全庁の研修" "④ 収納率の向上" "⑤ 議会の公開" 2>/dev/null &&
    $GYOKAKU --db "$a" approve "① 窓口の改善" "② 納付の促進" "③ 全庁の研修" "④ 収納率の向上" "⑤ 議会の公開" 2>/dev/null
check_eq "A: the office submits and approves every item" 0 $?
check_eq "A: every live node is approved" 0 "$(left "$a")"
check_eq "A: the board reaches 100 %" "completeness 100.0%" "$(complete "$a")"
$GYOKAKU --db "$a" lock --year 2023 --reason 公表 2>/dev/null
check_eq "A: lock then needs no --force" 0 $?

# A (contributions): the lead takes a related department's part over in the form (F3)
ac="$GK_TMP/shared-contrib.db"
$GYOKAKU --db "$ac" init 2>/dev/null
$GYOKAKU --db "$ac" import tests/e2e/data/cycle.csv 2>/dev/null || bail "import cycle.csv again"
$GYOKAKU --db "$ac" contribute --dept 市民課 "① 窓口の改善" "市民課は案内係を置いた。" 2>/dev/null ||
    bail "A: contribute"
check "A: the board (status) shows the related departments' contributions apart" \
    sh -c "$GYOKAKU --db '$ac' status 2>/dev/null | grep -qx 'Contributions of related departments: (市)市民課 1'"
start 100 30 env LANG=C.UTF-8 LC_ALL= LANGUAGE= "$GYOKAKU" --db "$ac"
wait_for "F1 Help" >/dev/null
keys F4
waits "Contributions of related departments: (市)市民課 1" "A: the board (F4) shows them apart too"
keys Escape
wait_gone "Contributions of related" >/dev/null
keys / && keys "窓口の改善" Enter
wait_for "① 窓口の改善" >/dev/null
keys Enter
wait_for "取組状況" >/dev/null
keys F3
waits "(市)市民課: 市民課は案内係を置いた。" "A: F3 in the lead's form lists the related departments' contributions"
keys Enter
waits "is at the end of 取組状況" "A: Enter takes one over into 取組状況"
keys C-s
sleep 0.5
keys Escape q
check_eq "A: saved as the item's 取組状況" "市民課は案内係を置いた。" \
    "$(sqlite3 "$ac" "SELECT o.status FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '① 窓口の改善' AND o.year = 2023")"

# --- B. departments and notes on indicators ---------------------------------------------
b="$GK_TMP/ind.db"
$GYOKAKU --db "$b" init 2>/dev/null
$GYOKAKU --db "$b" import tests/e2e/data/shape-indicators.csv 2>/dev/null || bail "import shape-indicators.csv"
$GYOKAKU --db "$b" plan set 指標計画 --year 2023 2>/dev/null || bail "B: plan set --year"
check "B: a 調査票 for 職員課 without its 部, as every --dept takes it, holds its two indicators" \
    sh -c "$GYOKAKU --db '$b' sheet --year 2023 --dept 職員課 -o '$GK_TMP/b.xlsx' | grep -q ': 2 rows for'"
check_eq "B: the entry is inferred to live on indicators" "indicators" \
    "$($GYOKAKU --db "$b" plan | awk -F'\t' '$1 == "entry" {print $2}')"
$GYOKAKU --db "$b" status >"$GK_TMP/out" 2>/dev/null
check_eq "B: status without --year reports the year being reported" "R5(2023)" "$(head -1 "$GK_TMP/out")"
check "B: no item is left under (no department)" sh -c "! grep -q 'no department' '$GK_TMP/out'"
$GYOKAKU --db "$b" status --missing >"$GK_TMP/out" 2>/dev/null
check_eq "B: --missing lists the indicators, never their items" "0 3" \
    "$(grep -cE '(削減|電子化)$' "$GK_TMP/out") $(grep -c '^  ' "$GK_TMP/out")"
as_role "$b" "$GK_TMP/b-rel.db" clerk 財政課
$GYOKAKU --db "$GK_TMP/b-rel.db" submit 年休取得日数 2>"$GK_TMP/err"
check_eq "B: a related department of an indicator cannot submit it" 1 $?
check "B: it is told who leads" grep -q "is led by (総)職員課" "$GK_TMP/err"
$GYOKAKU --db "$GK_TMP/b-rel.db" contribute 年休取得日数 "財政課は休暇の計画を示した。" 2>/dev/null
check_eq "B: it contributes instead" 0 $?
as_role "$b" "$GK_TMP/b-civ.db" clerk 市民課
$GYOKAKU --db "$GK_TMP/b-civ.db" submit "① 時間外勤務の削減" 2>"$GK_TMP/err"
check_eq "B: another department cannot submit an item whose indicators it does not lead" 1 $?
as_role "$b" "$GK_TMP/b-lead.db" clerk 職員課
$GYOKAKU --db "$GK_TMP/b-lead.db" submit "① 時間外勤務の削減" 2>"$GK_TMP/err"
check_eq "B: the lead of its indicators submits the item without a 取組状況 of its own" \
    "0 submitted submitted" \
    "$? $(state "$GK_TMP/b-lead.db" "① 時間外勤務の削減") $(state "$GK_TMP/b-lead.db" 年休取得日数)"
cp "$b" "$GK_TMP/b-items-src.db"
$GYOKAKU --db "$GK_TMP/b-items-src.db" plan set 指標計画 --entry items >/dev/null 2>&1
as_role "$GK_TMP/b-items-src.db" "$GK_TMP/b-items.db" clerk 職員課
$GYOKAKU --db "$GK_TMP/b-items.db" submit "① 時間外勤務の削減" 2>"$GK_TMP/err"
check_eq "B: with the entry on items the same item is nobody's but the office's" 1 $?
check "B: and says it has no 所管課" grep -q "has no 所管課" "$GK_TMP/err"
# the cycle on the office's file: contribution, submit, rename, complete
$GYOKAKU --db "$b" contribute --dept 財政課 年休取得日数 "財政課の分" 2>/dev/null
$GYOKAKU --db "$b" submit "① 時間外勤務の削減" 2>/dev/null || bail "B: submit ①"
hist=$(sqlite3 "$b" "SELECT count(*) FROM history")
$GYOKAKU --db "$b" dept rename 職員課 "(総)人事課" 2>/dev/null
check_eq "B: a department renamed mid-year" 0 $?
check_eq "B: keeps its indicators" "(総)人事課" \
    "$(sqlite3 "$b" "SELECT d.name FROM node_dept nd JOIN dept d ON d.id = nd.dept_id JOIN node n ON n.id = nd.node_id WHERE n.title = '時間外勤務時間'")"
check_eq "B: their states" "submitted submitted" "$(state "$b" 時間外勤務時間) $(state "$b" "① 時間外勤務の削減")"
check_eq "B: the contribution" "財政課の分" "$($GYOKAKU --db "$b" contribute --list 年休取得日数 2>/dev/null | cut -f4)"
check "B: and its history, with the rename added" test "$(sqlite3 "$b" "SELECT count(*) FROM history")" -gt "$hist"
check "B: check finds the file consistent" sh -c "$GYOKAKU --db '$b' check >/dev/null 2>&1"
$GYOKAKU --db "$b" lock --year 2023 --reason 公表 2>"$GK_TMP/err"
check_eq "B: lock refuses while 電子申請件数 is missing" 1 $?
check "B: naming it" grep -q "電子申請件数" "$GK_TMP/err"
printf '計画,基本目標,取組方針,取組項目,指標,年度,実績値,取組状況\n指標計画,1 人材,(1) 働き方,② 窓口の電子化,電子申請件数,2023,250件,申請を広げた。\n' >"$GK_TMP/b-entry.csv"
$GYOKAKU --db "$b" import "$GK_TMP/b-entry.csv" 2>/dev/null || bail "B: import 電子申請件数"
$GYOKAKU --db "$b" submit "② 窓口の電子化" 2>"$GK_TMP/err"
check_eq "B: an indicator without the 次年度の取組内容 the plan publishes for it is not submitted" 1 $?
check "B: naming what is missing" grep -q "次年度の取組内容 is empty (this plan publishes it for each indicator)" "$GK_TMP/err"
printf '計画,基本目標,取組方針,取組項目,指標,年度,次年度の取組内容\n指標計画,1 人材,(1) 働き方,② 窓口の電子化,電子申請件数,2023,対象手続を増やす。\n' >"$GK_TMP/b-next.csv"
$GYOKAKU --db "$b" import "$GK_TMP/b-next.csv" 2>/dev/null &&
    $GYOKAKU --db "$b" submit "② 窓口の電子化" 2>/dev/null &&
    $GYOKAKU --db "$b" approve "① 時間外勤務の削減" "② 窓口の電子化" 2>/dev/null
check_eq "B: the rest is entered, submitted and approved" 0 $?
check_eq "B: every live node is approved" 0 "$(left "$b")"
check_eq "B: the board reaches 100 %" "completeness 100.0%" "$(complete "$b")"
$GYOKAKU --db "$b" lock --year 2023 --reason 公表 2>/dev/null
check_eq "B: lock then needs no --force" 0 $?

# --- C. neither departments nor indicators ----------------------------------------------
c="$GK_TMP/bare.db"
$GYOKAKU --db "$c" init 2>/dev/null
$GYOKAKU --db "$c" import tests/e2e/data/shape-bare.csv 2>/dev/null || bail "import shape-bare.csv"
$GYOKAKU --db "$c" plan set 素計画 --year 2023 2>/dev/null || bail "C: plan set --year"
check_eq "C: status without --year reports the year being reported" "R5(2023)" \
    "$($GYOKAKU --db "$c" status 2>/dev/null | head -1)"
$GYOKAKU --db "$c" user add gk-clerk --role 担当 --dept 総務課 2>/dev/null
check_eq "C: no user can be given a department the plan does not have" 1 $?
start 100 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= "$GYOKAKU" --db "$c"
wait_for "F1 Help" >/dev/null
keys F1
waits "give the selected node its departments" "C: F1 lists F6, the office's assignment of departments"
keys Escape
wait_gone "give the selected node its departments" >/dev/null
keys / && keys "会議の削減" Enter
wait_for "② 会議の削減" >/dev/null
keys F6
waits "Lead department (主担当) of ② 会議の削減" "C: F6 asks for the lead department of the selection"
keys End Enter
waits "Department (所管課) name" "C: the last row takes a name typed"
keys "(総)総務課" Enter
waits "Related department (関係課) of ② 会議の削減" "C: then the related departments"
keys Home Enter
waits "所管課: (総)総務課" "C: the assignment is said on the bottom line"
keys q
check_eq "C: and stored as dept assign stores it, with its history" "(総)総務課 1" \
    "$(sqlite3 "$c" "SELECT d.name || ' ' || (SELECT count(*) FROM history WHERE tbl = 'node' AND field = 'departments') FROM node_dept nd JOIN dept d ON d.id = nd.dept_id")"
$GYOKAKU --db "$c" dept assign "① 文書の電子化" 総務課 2>/dev/null
$GYOKAKU --db "$c" user add gk-clerk --role 担当 --dept 総務課 2>/dev/null
check_eq "C: now a clerk can be given it, named without its 部" 0 $?
as_role "$c" "$GK_TMP/c-clerk.db" clerk 総務課
printf '計画,基本目標,取組項目,年度,取組状況,次年度の取組内容\n素計画,1 行政運営,② 会議の削減,2023,定例会議を半分にした。,続ける。\n' >"$GK_TMP/c-entry.csv"
$GYOKAKU --db "$GK_TMP/c-clerk.db" import "$GK_TMP/c-entry.csv" 2>/dev/null &&
    $GYOKAKU --db "$GK_TMP/c-clerk.db" submit "① 文書の電子化" "② 会議の削減" 2>/dev/null
check_eq "C: its clerk enters and submits both items" "submitted submitted" \
    "$(state "$GK_TMP/c-clerk.db" "① 文書の電子化") $(state "$GK_TMP/c-clerk.db" "② 会議の削減")"
$GYOKAKU --db "$c" import "$GK_TMP/c-entry.csv" 2>/dev/null &&
    $GYOKAKU --db "$c" submit "① 文書の電子化" "② 会議の削減" 2>/dev/null &&
    $GYOKAKU --db "$c" approve "① 文書の電子化" "② 会議の削減" 2>/dev/null
check_eq "C: on the office's file the year is entered, submitted and approved" 0 $?
check_eq "C: the board reaches 100 %" "completeness 100.0% 0" "$(complete "$c") $(left "$c")"
finish
