#!/bin/bash
# Roles with real OS users on a shared host (README "Sharing one database on
# a host"): the test creates a group and four logins with useradd, a setgid
# folder for the database, and runs gyokaku as each of them with runuser.
# An office user creates and imports; a clerk enters and submits; the
# supervisor returns it with a comment; the clerk sees the comment, fixes and
# resubmits; the supervisor approves; the office locks the year; the clerk
# can no longer change it; a login that is not a user reads only. The users
# and the group are removed at the end. Needs root: otherwise it says so and
# skips (it never passes silently).
. tests/e2e/cli-lib.sh
plan 28

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
    skip_all "needs root with useradd and runuser to create OS users"
fi

sfx=$$
grp="gkg$sfx"; office="gko$sfx"; clerk="gkc$sfx"; sup="gks$sfx"; outsider="gkx$sfx"
cleanup() {
    for u in "$office" "$clerk" "$sup" "$outsider"; do userdel "$u" 2>/dev/null; done
    groupdel "$grp" 2>/dev/null
}
trap cleanup EXIT; [ -n "$GK_DEBUG" ] && set -x
groupadd "$grp" || bail "groupadd $grp"
for u in "$office" "$clerk" "$sup"; do useradd -M -N -g "$grp" -s /bin/sh "$u" || bail "useradd $u"; done
useradd -M -N -s /bin/sh "$outsider" || bail "useradd $outsider"

# the program and the data where every test user can read them
chmod 1777 "$GK_TMP" # sanitizer logs of every user land here
bin="$GK_TMP/gyokaku"; cp "$GYOKAKU" "$bin"; chmod 755 "$bin"
shared="$GK_TMP/srv"
install -d -m 2770 -g "$grp" "$shared"
db="$shared/plan.db"
as() { # as LOGIN gyokaku-args...
    local u=$1; shift
    (cd "$GK_TMP" && runuser -u "$u" -- env GYOKAKU_DB="$db" "$bin" "$@")
}
cat > "$GK_TMP/plan.csv" <<'CSV'
計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況
P,G,項目A,職員課,,,,,,
P,G,項目A,,指標A1,件,2024,10件,,
P,G,項目B,財政課,,,,,,
P,G,項目B,,指標B1,件,2024,5件,,
CSV
chmod 644 "$GK_TMP"/*.csv

# --- the office sets up the shared database ----------------------------------------
# as the README says: init, then make the file group-writable (-wal and -shm
# are created later with the database's mode)
(cd "$GK_TMP" && runuser -u "$office" -- sh -c "GYOKAKU_DB='$db' '$bin' init && chmod 660 '$db'") 2>/dev/null
check_eq "the office login creates the database" 0 $?
as "$office" import "$GK_TMP/plan.csv" 2>/dev/null
check_eq "and imports the plan" 0 $?
as "$office" user add "$clerk" --role clerk --dept 職員課 2>/dev/null &&
    as "$office" user add "$sup" --role supervisor --dept 職員課 2>/dev/null
check_eq "and adds a clerk and a supervisor" 0 $?
check_eq "the creator is office under its OS login" "office" \
    "$(as "$clerk" user list | awk -v u="$office" '$1 == u {print $2}')"
check_eq "the database keeps the folder's group (setgid)" "$grp" "$(stat -c %G "$db")"
check "the database is group-writable" sh -c "stat -c %A '$db' | grep -q '^-rw-rw----'"
for f in "$db-wal" "$db-shm"; do
    [ -e "$f" ] && check "$(basename "$f") is group-writable and in the group" \
        sh -c "stat -c '%A %G' '$f' | grep -q '^-rw-rw---- $grp\$'"
done

# --- the clerk enters and submits -----------------------------------------------------
printf '計画,基本目標,取組項目,指標,年度,実績値,取組状況\nP,G,項目A,,2024,,実施した\nP,G,項目A,指標A1,2024,12件,\n' > "$GK_TMP/a.csv"
printf '計画,基本目標,取組項目,指標,年度,実績値\nP,G,項目B,指標B1,2024,6件\n' > "$GK_TMP/b.csv"
chmod 644 "$GK_TMP"/*.csv
as "$clerk" import "$GK_TMP/a.csv" 2>"$GK_TMP/err"
check_eq "the clerk imports the actual of its department's item" 0 $?
check_eq "the history records the clerk's OS login" "$clerk" \
    "$(sqlite3 "$db" "SELECT who FROM history WHERE field = 'actual' ORDER BY id DESC LIMIT 1")"
as "$clerk" import "$GK_TMP/b.csv" 2>"$GK_TMP/err"
check_eq "another department's item is refused" 1 $?
check "saying which department owns it" grep -q 'belongs to 財政課' "$GK_TMP/err"
as "$clerk" submit --year 2024 項目A 2>/dev/null
check_eq "the clerk submits" 0 $?
printf '計画,基本目標,取組項目,指標,年度,実績値\nP,G,項目A,指標A1,2024,13件\n' > "$GK_TMP/fix.csv"; chmod 644 "$GK_TMP/fix.csv"
as "$clerk" import "$GK_TMP/fix.csv" 2>"$GK_TMP/err"
check_eq "a submitted item is read-only for the clerk" 1 $?
check "saying it is submitted" grep -q "is submitted for R6(2024)" "$GK_TMP/err"
as "$clerk" approve --year 2024 項目A 2>/dev/null
check_eq "the clerk cannot approve" 1 $?

# --- the supervisor returns it with a comment; the clerk fixes and resubmits ------------
as "$sup" return --year 2024 --comment '12件の根拠は?' 項目A 2>/dev/null
check_eq "the supervisor returns it with a comment" 0 $?
check "the clerk sees the comment" grep -q "G>項目A (returned: 12件の根拠は?)" <(as "$clerk" status --year 2024 --missing)
as "$clerk" import "$GK_TMP/fix.csv" 2>/dev/null
check_eq "the clerk fixes the returned item" 0 $?
as "$clerk" submit --year 2024 項目A 2>/dev/null
check_eq "and resubmits" 0 $?
as "$sup" approve --year 2024 項目A 2>/dev/null
check_eq "the supervisor approves" 0 $?
check_eq "the history names who did each step" "$clerk>submitted $sup>draft $clerk>submitted $sup>approved" \
    "$(sqlite3 "$db" "SELECT group_concat(who || '>' || new, ' ') FROM (SELECT h.* FROM history h JOIN note o ON o.uid = h.row_uid JOIN node n ON n.id = o.node_id WHERE n.title = '項目A' AND h.field = 'state' ORDER BY h.id)")"

# --- the office locks the year ------------------------------------------------------------
as "$sup" lock --force --year 2024 --reason 公表 2>/dev/null
check_eq "a supervisor cannot lock" 1 $?
as "$office" lock --force --year 2024 --reason '令和7年9月公表' 2>/dev/null
check_eq "the office locks the year" 0 $?
as "$sup" return --year 2024 --comment 再確認 項目A 2>"$GK_TMP/err"
check_eq "nothing moves in a locked year" 1 $?
check "saying the year is locked" grep -q "R6(2024) is locked (令和7年9月公表" "$GK_TMP/err"

# --- a login that is not a user reads only --------------------------------------------------
usermod -aG "$grp" "$outsider"
check "a login that is not a user can read the board" as "$outsider" status --year 2024
as "$outsider" import "$GK_TMP/a.csv" 2>"$GK_TMP/err"
check_eq "but not import" 1 $?
check "saying it is not a user" grep -q "you ($outsider) are not a user of this database: read-only" "$GK_TMP/err"
check "check passes on the shared database" as "$office" check
finish
