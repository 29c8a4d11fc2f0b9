#!/bin/bash
# Users, the workflow and the submission board from the command line, as the
# login running the test (root or not): the creator is office; submit lists
# what is missing; return needs a comment, which --missing shows; approve;
# lock and unlock; the creator demoted to clerk is refused another
# department's line, office work and approving; check reports a change made
# with sqlite3 behind gyokaku's back; a version-1 file gets no users and its
# owner adds the first.
. tests/e2e/cli-lib.sh
plan 71

ME=$(id -un)
db="$GK_TMP/w.db"
G() { $GYOKAKU --db "$db" "$@"; }
state() { # state TITLE -> the note's state for 2024 ("" without a note row)
    sqlite3 "$db" "SELECT o.state FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$1' AND o.year = 2024"
}
cat > "$GK_TMP/plan.csv" <<'CSV'
計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況
P,G,項目A,職員課,,,,,,
P,G,項目A,,指標A1,件,2024,10件,,
P,G,項目B,財政課,,,,,,
P,G,項目B,,指標B1,件,2024,5件,,
CSV
G init 2>/dev/null
G import "$GK_TMP/plan.csv" 2>/dev/null
check_eq "the login that ran init is office" "$ME office" \
    "$(G user list | awk -v me="$ME" '$1 == me {print $1, $2}')"
for c in user submit approve return lock unlock status; do
    check "$c --help exits 0 and shows usage" sh -c "$GYOKAKU $c --help | grep -q Usage"
done

# --- users --------------------------------------------------------------------
G user add gk-clerk --role clerk --dept 職員課 2>"$GK_TMP/err"
check_eq "user add a clerk" 0 $?
G user add gk-sup --role supervisor --dept 職員課,財政課 2>/dev/null
check_eq "user list shows the supervisor's departments" "gk-sup supervisor 職員課、財政課" \
    "$(G user list | awk '$1 == "gk-sup" {print $1, $2, $3}')"
G user add gk-x --role clerk 2>"$GK_TMP/err"
check_eq "a clerk without a department is refused" 1 $?
check "it says --dept" grep -q -- "--dept" "$GK_TMP/err"
G user add gk-x --role clerk --dept 無い課 2>"$GK_TMP/err"
check "an unknown department is named" grep -q "無い課" "$GK_TMP/err"
G user add gk-x --role boss --dept 職員課 2>/dev/null
check_eq "an unknown role is a usage error" 2 $?
G user remove "$ME" 2>"$GK_TMP/err"
check_eq "the last office user cannot be removed" 1 $?
check "it says so" grep -q "last office" "$GK_TMP/err"

# --- the board --------------------------------------------------------------------
G status --year 2024 --format csv | sed '1s/^\xEF\xBB\xBF//; s/\r$//' > "$GK_TMP/board.csv"
check_eq "status --format csv" \
    "所管課,取組項目 未入力,取組項目 入力中,取組項目 差し戻し,取組項目 提出,取組項目 承認,指標 未入力,指標 入力中,指標 差し戻し,指標 提出,指標 承認
職員課,1,0,0,0,0,1,0,0,0,0
財政課,1,0,0,0,0,1,0,0,0,0" "$(cat "$GK_TMP/board.csv")"
G status --year R6 > "$GK_TMP/board.txt"
check_eq "status text starts with the fiscal year" "R6(2024)" "$(head -1 "$GK_TMP/board.txt")"
check "status text has a row per department" grep -q "^財政課 " "$GK_TMP/board.txt"
w1=$(sed -n 4p "$GK_TMP/board.txt" | tr -d '\n' | wc -m); w2=$(sed -n 5p "$GK_TMP/board.txt" | tr -d '\n' | wc -m)
check_eq "status rows are aligned (same length in characters)" "$w1" "$w2"
G status --year 2024 --dept 無い課 >/dev/null 2>"$GK_TMP/err"
check_eq "an unknown department is an error" 1 $?

# --- submit, return, approve --------------------------------------------------------
G submit --year 2024 項目A 2>"$GK_TMP/err"
check_eq "submitting an incomplete item fails" 1 $?
check "it names the missing actual" grep -q "G>項目A>指標A1: no 実績値" "$GK_TMP/err"
check "it names the empty 取組状況" grep -q "G>項目A: 取組状況 is empty" "$GK_TMP/err"
check_eq "nothing was submitted" "" "$(state 項目A)"
printf '計画,基本目標,取組項目,指標,年度,実績値,取組状況\nP,G,項目A,,2024,,実施した\nP,G,項目A,指標A1,2024,12件,\n' > "$GK_TMP/a.csv"
G import "$GK_TMP/a.csv" 2>/dev/null
check_eq "status counts an imported item as 入力中" "職員課,0,1,0,0,0,0,1,0,0,0" \
    "$(G status --year 2024 --format csv | tr -d '\r' | grep ^職員課)"
G submit --year 2024 'G>項目A' 2>"$GK_TMP/err"
check_eq "submit by title path" 0 $?
check "it says how many nodes" grep -q "2 nodes submitted" "$GK_TMP/err"
check_eq "the item is submitted" "submitted" "$(state 項目A)"
check_eq "its indicator too" "submitted" "$(state 指標A1)"
G approve --year 2024 項目B 2>"$GK_TMP/err"
check_eq "approving what is not submitted fails" 1 $?
check "it says why" grep -q "cannot be approved" "$GK_TMP/err"
G return --year 2024 項目A 2>/dev/null
check_eq "return without --comment is a usage error" 2 $?
G return --year 2024 --comment '根拠資料を添付してください' 項目A 2>/dev/null
check_eq "return with a comment" 0 $?
check "--missing shows the returned item with its comment" \
    grep -q "G>項目A (returned: 根拠資料を添付してください)" <(G status --year 2024 --missing)
check "--missing csv has the comment" grep -q ",差し戻し,G>項目A,.*,根拠資料を添付してください" \
    <(G status --year 2024 --missing --format csv)
check_eq "the board counts it 差し戻し" "職員課,0,0,1,0,0,0,0,1,0,0" \
    "$(G status --year 2024 --format csv | tr -d '\r' | grep ^職員課)"
uid=$(sqlite3 "$db" "SELECT uid FROM node WHERE title = '項目A'")
G submit --year 2024 "$uid" 2>/dev/null
check_eq "resubmit by uid" 0 $?
G approve --year 2024 項目A 2>/dev/null
check_eq "approve" 0 $?
check_eq "the board counts it 承認" "職員課,0,0,0,0,1,0,0,0,0,1" \
    "$(G status --year 2024 --format csv | tr -d '\r' | grep ^職員課)"
check_eq "every state change is in the history with who" \
    "$ME:none>submitted $ME:submitted>draft $ME:draft>submitted $ME:submitted>approved" \
    "$(sqlite3 "$db" "SELECT group_concat(who || ':' || old || '>' || new, ' ') FROM (SELECT h.* FROM history h JOIN note o ON o.uid = h.row_uid JOIN node n ON n.id = o.node_id WHERE n.title = '項目A' AND h.field = 'state' ORDER BY h.id)")"
G submit --year 2024 項目Z 2>"$GK_TMP/err"
check_eq "an unknown node fails" 1 $?
check "it names it" grep -q "項目Z" "$GK_TMP/err"

# --- lock / unlock ----------------------------------------------------------------
G lock --year 2024 2>/dev/null
check_eq "lock without a reason is a usage error" 2 $?
G lock --force --year 2024 --reason '令和7年9月公表' 2>/dev/null
check_eq "lock" 0 $?
check_eq "status shows the lock" "R6(2024) (locked: 令和7年9月公表)" "$(G status --year 2024 | head -1)"
printf '計画,基本目標,取組項目,年度,取組状況\nP,G,項目B,2024,書いた\n' > "$GK_TMP/b.csv"
G import "$GK_TMP/b.csv" 2>"$GK_TMP/err"
check_eq "an import into a locked year fails, even for the office" 1 $?
check "it says the year is locked, naming the line" grep -q "b.csv:2:5: 取組状況: R6(2024) is locked" "$GK_TMP/err"
G unlock --year 2024 --reason '誤りの訂正' 2>/dev/null
check_eq "unlock" 0 $?
check_eq "lock and unlock are in the history with their reasons" "1:令和7年9月公表 -:誤りの訂正" \
    "$(sqlite3 "$db" "SELECT group_concat(ifnull(new, '-') || ':' || comment, ' ') FROM history WHERE tbl = 'year'")"
check "check passes after all of this" G check

# --- the creator demoted to a clerk of 職員課 ----------------------------------------
G user add gk-office --role office 2>/dev/null
G user add "$ME" --role clerk --dept 職員課 2>/dev/null
check_eq "the creator is now a clerk" "clerk" "$(G user list | awk -v me="$ME" '$1 == me {print $2}')"
printf '計画,基本目標,取組項目,指標,年度,実績値\nP,G,項目B,指標B1,2024,6件\n' > "$GK_TMP/other.csv"
G import "$GK_TMP/other.csv" 2>"$GK_TMP/err"
check_eq "a clerk's import of another department's node fails" 1 $?
check "it names the line and the owner" grep -q "other.csv:2:6: 実績値: \"指標B1\" belongs to 財政課" "$GK_TMP/err"
check "it says nothing was imported" grep -q "nothing of this file was imported" "$GK_TMP/err"
printf '計画,基本目標,取組項目,指標,年度,目標値\nP,G,項目A,指標A1,2024,20件\n' > "$GK_TMP/target.csv"
G import "$GK_TMP/target.csv" 2>"$GK_TMP/err"
check_eq "a clerk's import of a target fails" 1 $?
check "it says only the office" grep -q "only the plan office" "$GK_TMP/err"
G approve --year 2024 項目A 2>"$GK_TMP/err"
check_eq "a clerk cannot approve" 1 $?
check "it says who can" grep -q "only a supervisor or the plan office" "$GK_TMP/err"
G user add gk-y --role office 2>"$GK_TMP/err"
check_eq "a clerk cannot add users" 1 $?
G lock --force --year 2023 --reason x 2>/dev/null
check_eq "a clerk cannot lock" 1 $?
USER=gk-office LOGNAME=gk-office $GYOKAKU --db "$db" user add gk-z --role office 2>"$GK_TMP/err"
check_eq "\$USER does not make a clerk someone else" 1 $?
check "the refusal names the real login" grep -q "you ($ME) are clerk" "$GK_TMP/err"

# --- check: a change behind gyokaku's back -------------------------------------------
sqlite3 "$db" "UPDATE value SET actual_raw = '99件' WHERE actual_raw = '12件'; UPDATE app_user SET role = 'office' WHERE login = 'gk-clerk'"
G check > "$GK_TMP/check" 2>/dev/null
check_eq "check fails after a direct edit" 1 $?
check "it reports the edited actual" grep -q 'actual is "99件", but the last change gyokaku recorded wrote "12件"' "$GK_TMP/check"
check "it reports the raised role" grep -q "user gk-clerk: role office, but the last change gyokaku recorded made it clerk" "$GK_TMP/check"

# --- a version-1 file: no users; its owner adds the first -----------------------------
v1="$GK_TMP/v1.db"
sqlite3 "$v1" < tests/unit/data/schema-v1.sql
sqlite3 "$v1" "PRAGMA journal_mode = WAL" >/dev/null
$GYOKAKU --db "$v1" user list > "$GK_TMP/users" 2>"$GK_TMP/err"
check_eq "a version-1 file upgrades" 0 $?
check "it was backed up first" grep -q "before a schema upgrade (1 -> " <($GYOKAKU --db "$v1" backup --list)
check_eq "it has no users yet" 1 "$(wc -l < "$GK_TMP/users")"
$GYOKAKU --db "$v1" user add gk-sup2 --role office 2>/dev/null
check_eq "its owner adds the first user" 0 $?
check_eq "the owner is recorded as office too" "$ME:office gk-sup2:office" \
    "$(sqlite3 "$v1" "SELECT group_concat(login || ':' || role, ' ') FROM (SELECT * FROM app_user ORDER BY id)")"
finish
