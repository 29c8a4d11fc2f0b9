#!/bin/bash
# The yearly cycle on a plan shaped like real ones (tests/e2e/data/cycle.csv:
# shared items whose departments carry their 部 in one place and not in
# another, and placeholder words), from the command line as the login
# running the test: the year being reported without --year; a bare name
# becomes the department written with its 部, placeholders none; the lead
# department submits; a related department contributes and cannot submit;
# a department renamed mid-year keeps its nodes, users, states and
# history; the supervisor's queue; the deadline and --late; lock refuses
# with the list of what is not approved. The roles are played by the same
# login on copies of the database, each copy giving it another role (no OS
# users needed).
. tests/e2e/cli-lib.sh
plan 54

ME=$(id -un)
db="$GK_TMP/cycle.db"
G() { $GYOKAKU --db "$db" "$@"; }
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
state() { # state DB TITLE -> the note's state for 2023
    sqlite3 "$1" "SELECT o.state FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$2' AND o.year = 2023"
}
depts() { # depts DB TITLE -> the node's departments, lead first
    sqlite3 "$1" "SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd JOIN dept d ON d.id = nd.dept_id JOIN node n ON n.id = nd.node_id WHERE n.title = '$2' ORDER BY nd.pos)"
}
as_role() { # as_role COPY ROLE DEPT -> a copy of $db where this login has ROLE for DEPT
    cp "$db" "$1"
    $GYOKAKU --db "$1" user add gk-office --role office 2>/dev/null &&
        $GYOKAKU --db "$1" user add "$ME" --role "$2" --dept "$3" 2>/dev/null
}

G init 2>/dev/null
G import tests/e2e/data/cycle.csv 2>/dev/null
check_eq "the plan imports" 0 $?

# --- departments as the plan writes them ------------------------------------------
check_eq "納税課 written bare once is (財)納税課, which leads ② with 総務課 related" \
    "(財)納税課、(総)総務課" "$(depts "$db" "② 納付の促進")"
check_eq "placeholder words are no department (③ 各担当部署, ⑤ 議会事務局、全庁)" \
    "|議会事務局" "$(depts "$db" "③ 全庁の研修")|$(depts "$db" "⑤ 議会の公開")"
check_eq "dept list: four departments, none of them a placeholder or a bare duplicate" \
    "(市)市民課 (総)総務課 (財)納税課 議会事務局" "$(G dept list | awk 'NR > 1 {print $1}' | tr '\n' ' ' | sed 's/ $//')"
G user add gk-clerk --role 担当 --dept 総務課 2>"$GK_TMP/err"
check_eq "user add takes 担当 and 総務課 without its 部" "gk-clerk clerk (総)総務課" \
    "$(G user list | awk '$1 == "gk-clerk" {print $1, $2, $3}')"
G user add gk-sup --role 課長 --dept 市民課 2>/dev/null
check_eq "and 課長" "supervisor" "$(G user list | awk '$1 == "gk-sup" {print $2}')"
G dept assign "③ 全庁の研修" 総務課 2>"$GK_TMP/err"
check_eq "dept assign gives a node without departments its lead" "(総)総務課" "$(depts "$db" "③ 全庁の研修")"
check "and says one department in the singular (ngettext)" grep -q ": 1 department, 総務課 leading" "$GK_TMP/err"

# --- the year being reported ----------------------------------------------------------
G status >"$GK_TMP/out" 2>"$GK_TMP/err"
check_eq "status without --year reports the plan's last year (the period ended in 2023)" \
    "R5(2023)" "$(head -1 "$GK_TMP/out")"
check "and says which year it used and why" grep -q "R5(2023), the year being reported" "$GK_TMP/err"
G status --year 2024 >/dev/null 2>"$GK_TMP/err"
check_eq "a --year outside the period is refused" 2 $?
check "naming the period" grep -q "R3(2021) to R5(2023)" "$GK_TMP/err"
G plan set 共有計画 --year 2022 2>/dev/null
check_eq "plan set --year sets the year being reported" "R4(2022)" "$(G status 2>/dev/null | head -1)"
G plan set 共有計画 --year rule --deadline 2024-05-31 2>/dev/null
check_eq "--year rule goes back to the rule" "R5(2023)" "$(G status 2>/dev/null | head -1)"
check "status shows the deadline" sh -c "$GYOKAKU --db '$db' status 2>/dev/null | grep -q 'Submission deadline (提出期限): 2024-05-31'"

# --- lead and related departments --------------------------------------------------------
printf '計画,基本目標,取組方針,取組項目,指標,年度,実績値,取組状況\n共有計画,1 行政運営,(1) 事務の改善,① 窓口の改善,,2023,,案内を改めた。\n共有計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,2023,18分,\n' >"$GK_TMP/entry.csv"
as_role "$GK_TMP/related.db" clerk 市民課
$GYOKAKU --db "$GK_TMP/related.db" import "$GK_TMP/entry.csv" 2>"$GK_TMP/err"
check_eq "a related department's clerk cannot write the shared item" 1 $?
check "it is told who leads and to contribute" grep -q "is led by (総)総務課.*contribute" "$GK_TMP/err"
$GYOKAKU --db "$GK_TMP/related.db" submit "① 窓口の改善" 2>"$GK_TMP/err"
check_eq "nor submit it" 1 $?
check "submit says who leads" grep -q "is led by (総)総務課" "$GK_TMP/err"
$GYOKAKU --db "$GK_TMP/related.db" contribute "① 窓口の改善" "市民課は案内係を置いた。" 2>/dev/null
check_eq "it writes its contribution instead" 0 $?
check_eq "which the lead reads" "(市)市民課 $ME 市民課は案内係を置いた。" \
    "$($GYOKAKU --db "$GK_TMP/related.db" contribute --list "① 窓口の改善" 2>/dev/null | awk -F'\t' '{print $1, $2, $4}')"
as_role "$GK_TMP/lead.db" clerk 総務課
$GYOKAKU --db "$GK_TMP/lead.db" contribute "① 窓口の改善" "x" 2>"$GK_TMP/err"
check_eq "the lead writes no contribution to its own item" 1 $?
$GYOKAKU --db "$GK_TMP/lead.db" import "$GK_TMP/entry.csv" 2>/dev/null &&
    $GYOKAKU --db "$GK_TMP/lead.db" submit "① 窓口の改善" 2>"$GK_TMP/err"
check_eq "the lead department's clerk writes and submits the item" "0 submitted" "$? $(state "$GK_TMP/lead.db" "① 窓口の改善")"
check "submit says the year it used" grep -q "R5(2023), the year being reported" "$GK_TMP/err"
check_eq "the board counts ① for its lead only" "1" \
    "$($GYOKAKU --db "$GK_TMP/lead.db" status --format csv 2>/dev/null | sed 's/\r$//' | awk -F, '$1 == "(総)総務課" {print $5}')"

# --- the supervisor's queue ------------------------------------------------------------
$GYOKAKU --db "$GK_TMP/lead.db" status --state submitted >"$GK_TMP/out" 2>/dev/null
check "status --state submitted lists ① with who submitted it" \
    grep -q "① 窓口の改善 \[$ME, 20" "$GK_TMP/out"
check_eq "and nothing that is not submitted" 2 "$(grep -c '^  ' "$GK_TMP/out")"
$GYOKAKU --db "$GK_TMP/lead.db" status --state 未入力 --dept 納税課 2>/dev/null >"$GK_TMP/out"
check_eq "--state takes the Japanese word, --dept a name without its 部" 2 "$(grep -c '^  ' "$GK_TMP/out")"
G status --late >"$GK_TMP/out" 2>/dev/null
check "status --late names the departments late with their logins" \
    grep -q "^(総)総務課	3 not submitted	gk-clerk$" "$GK_TMP/out"

# --- a department renamed mid-year ------------------------------------------------------
G import "$GK_TMP/entry.csv" 2>/dev/null && G submit "① 窓口の改善" 2>/dev/null
G contribute "① 窓口の改善" "市民課の分" 2>/dev/null
hist=$(sqlite3 "$db" "SELECT count(*) FROM history")
G dept rename 総務課 "(総)総務管理課" 2>/dev/null
check_eq "dept rename" 0 $?
check_eq "the nodes keep their department under the new name" "(総)総務管理課、(市)市民課" "$(depts "$db" "① 窓口の改善")"
check_eq "the user keeps it" "(総)総務管理課" "$(G user list | awk '$1 == "gk-clerk" {print $3}')"
check_eq "the state stays" "submitted" "$(state "$db" "① 窓口の改善")"
check_eq "the contribution stays" "市民課の分" "$(G contribute --list "① 窓口の改善" 2>/dev/null | cut -f4)"
check "the history is kept and the rename added to it" \
    test "$(sqlite3 "$db" "SELECT count(*) FROM history")" -gt "$hist"
check "check finds the file consistent" sh -c "$GYOKAKU --db '$db' check >/dev/null 2>&1"
G dept rename 市民課 議会事務局 2>/dev/null
check_eq "renaming onto another department merges the two" "(総)総務管理課、議会事務局" "$(depts "$db" "① 窓口の改善")"
check_eq "its supervisor follows" "議会事務局" "$(G user list | awk '$1 == "gk-sup" {print $3}')"
check "check still passes" sh -c "$GYOKAKU --db '$db' check >/dev/null 2>&1"
G dept rename 各課 X 2>"$GK_TMP/err"
check_eq "an unknown department is refused" 1 $?

# --- smaller things ---------------------------------------------------------------------
G approve "④ 収納率の" 2>"$GK_TMP/err"
check "approve of a title that matches nothing suggests near ones" \
    grep -q "did you mean: 1 行政運営>(2) 財政の健全化>④ 収納率の向上" "$GK_TMP/err"
G contribute --dept 議会事務局 "① 窓口の改善" "ﾃﾞｰﾀを公開した｡" 2>/dev/null
check_eq "半角カナ are saved as 全角" "データを公開した。" "$(G contribute --list "① 窓口の改善" 2>/dev/null | cut -f4)"
printf '計画,基本目標,取組方針,取組項目,指標,年度,実績値\n共有計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,2022,"26,68"\n' >"$GK_TMP/sep.csv"
G import "$GK_TMP/sep.csv" 2>"$GK_TMP/err"
check_eq "a thousands separator out of place is refused at import" 1 $?
check "naming its position" grep -q "separator at character 3" "$GK_TMP/err"

# --- an older file read without upgrading it ----------------------------------------------
cp "$db" "$GK_TMP/v7.db"
sqlite3 "$GK_TMP/v7.db" "ALTER TABLE plan DROP COLUMN entry; DROP TRIGGER node_fts_update; DROP TRIGGER node_fts_delete;
    DROP TABLE node_fts_gone; DROP TABLE node_fts; DROP TABLE contribution; ALTER TABLE plan DROP COLUMN report_year;
    ALTER TABLE plan DROP COLUMN deadline; PRAGMA user_version = 7;"
$GYOKAKU --db "$GK_TMP/v7.db" report --format text >/dev/null 2>"$GK_TMP/err"
check_eq "a version 7 file opened read-only reports on the year the rule gives" 0 $?
check "and says so" grep -q "R5(2023), the year being reported" "$GK_TMP/err"
check_eq "and it stays version 7" 7 "$(sqlite3 "$GK_TMP/v7.db" 'PRAGMA user_version')"

# --- the lock guard -------------------------------------------------------------------
G lock --year 2023 --reason 公表 2>"$GK_TMP/err"
check_eq "lock refuses a year with nodes not approved" 1 $?
check "it lists what is missing" grep -q "not entered: 4" "$GK_TMP/err"
check "and what is submitted, not approved" grep -q "submitted: 2" "$GK_TMP/err"
check "counted in a sentence for more than one (ngettext)" grep -q "has 6 items and indicators not approved" "$GK_TMP/err"
check "naming the nodes" grep -q "② 納付の促進 ((財)納税課)" "$GK_TMP/err"
check_eq "the year is not locked" 0 "$(sqlite3 "$db" "SELECT count(*) FROM year_lock")"
G lock --year 2023 --reason 公表 --force 2>/dev/null
check_eq "--force locks it" 1 "$(sqlite3 "$db" "SELECT count(*) FROM year_lock")"
finish
