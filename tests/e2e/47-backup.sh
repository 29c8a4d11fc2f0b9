#!/bin/bash
# gyokaku backup and restore from the command line: a backup while a writer
# imports and a reader exports (all succeed; the copy is checked), a writer
# holding its transaction is not waited for, --list with reasons, keeping
# the newest 10, automatic backups before an import into a database with
# plans (the first import of the day only), before a year is locked and
# before a schema upgrade (a version-1 file), restore with --yes
# and refused without a terminal, restores of a foreign, newer or damaged
# file refused with the database byte-for-byte as it was.
. tests/e2e/cli-lib.sh
plan 71
unset GYOKAKU_BACKUP_KEEP

db="$GK_TMP/office/plans.db"
bk="$GK_TMP/office/backups"
mkdir -p "$GK_TMP/office"
$GYOKAKU --db "$db" import db/demo/*.csv 2>/dev/null
check "an import into an empty database makes no backup" test ! -e "$bk"

sh tests/bench/gen-plan.sh 8000 >"$GK_TMP/big.csv"
sed 's/^大規模計画,/大規模計画二,/' "$GK_TMP/big.csv" >"$GK_TMP/big2.csv"
$GYOKAKU --db "$db" import "$GK_TMP/big.csv" 2>"$GK_TMP/err"
check_eq "an import into a database with plans makes one automatic backup" 1 \
    "$(ls "$bk"/plans.*.bak 2>/dev/null | wc -l)"
check "--list gives its reason and the file imported" \
    grep -q "before an import (big.csv)" <($GYOKAKU --db "$db" backup --list)
stats_before=$($GYOKAKU --db "$db" stats)

# --- a backup while a writer imports and a reader exports -------------------------------
$GYOKAKU --db "$db" import "$GK_TMP/big2.csv" >/dev/null 2>"$GK_TMP/imp.err" &
importer=$!
( for i in 1 2 3 4 5 6; do
      $GYOKAKU --db "$db" export -o "$GK_TMP/exp$i.csv" 2>>"$GK_TMP/exp.err" || { echo fail; exit 1; }
  done ) >"$GK_TMP/exp.rc" &
reader=$!
$GYOKAKU --db "$db" backup -o "$GK_TMP/during.bak" 2>"$GK_TMP/bk.err"
rc=$?
wait $importer; irc=$?
wait $reader; xrc=$?
check_eq "backup while an import and exports run exits 0" 0 $rc
[ $rc -eq 0 ] || sed 's/^/#   /' "$GK_TMP/bk.err"
check_eq "the import alongside it succeeds" 0 $irc
[ $irc -eq 0 ] || sed 's/^/#   /' "$GK_TMP/imp.err"
check_eq "the exports alongside it succeed" 0 $xrc
check_eq "a second import on the same day makes no other backup: it relies on the first (once a day)" 1 \
    "$($GYOKAKU --db "$db" backup --list | grep -c 'before an import')"
check "backup says the copy was checked" grep -q "checked: no problems" "$GK_TMP/bk.err"
check "the copy passes gyokaku check" $GYOKAKU --db "$GK_TMP/during.bak" check
plans=$($GYOKAKU --db "$GK_TMP/during.bak" stats | sed -n 's/^plans\t//p')
check "the copy holds one whole state: before or after the import ($plans plans)" \
    test "$plans" = 3 -o "$plans" = 4
check "the copy is one file (no -wal)" test ! -e "$GK_TMP/during.bak-wal"
check_eq "the copy is read-only, readable as the database is" 444 "$(stat -c %a "$GK_TMP/during.bak")"

# --- a writer holding its transaction open is not waited for -------------------------------
rm -f "$GK_TMP/held"
{ printf "BEGIN IMMEDIATE; UPDATE plan SET pos = pos; SELECT 'held';\n"; sleep 6; printf "COMMIT;\n"; } |
    sqlite3 "$db" >"$GK_TMP/held" 2>&1 &
holder=$!
check "another process holds a write transaction" wait_lock "$GK_TMP/held" "$db"
t0=$(date +%s%3N)
GYOKAKU_BUSY_TIMEOUT_MS=1000 $GYOKAKU --db "$db" backup 2>"$GK_TMP/err"
rc=$?; t=$(( $(date +%s%3N) - t0 ))
check_eq "backup while another process holds a write transaction exits 0" 0 $rc
check "and does not wait for it to commit (${t} ms; it holds 6 s)" test $t -lt 5000
wait $holder
check "the writer commits after the backup" sh -c "! grep -qi error '$GK_TMP/held'"

# --- --list, retention ------------------------------------------------------------------------
$GYOKAKU --db "$db" backup --list >"$GK_TMP/list"
check "--list names the manual backup" grep -q "manual backup" "$GK_TMP/list"
check "--list gives the time, the size and the file" \
    grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} +[0-9]+  plans\.[0-9]{8}-[0-9]{6}(-[0-9]+)?\.bak  " "$GK_TMP/list"
check_eq "the backups folder has the database's permissions (+x)" 755 "$(stat -c %a "$bk")"
for i in $(seq 1 11); do $GYOKAKU --db "$db" backup 2>/dev/null; done
check_eq "the newest 10 manual backups are kept" 10 "$($GYOKAKU --db "$db" backup --list | grep -c 'manual backup')"
check_eq "no sidecar files: the record is inside each backup" 0 "$(ls "$bk" | grep -c '\.reason$')"
check_eq "--list lists them and the automatic one (kept apart)" 11 "$($GYOKAKU --db "$db" backup --list | wc -l)"
check "--list names who made each" sh -c "$GYOKAKU --db '$db' backup --list | grep -q ' by $(id -un)'"
newest=$($GYOKAKU --db "$db" backup --list | tail -1 | awk '{print $4}')
$GYOKAKU --db "$db" backup --keep 3 2>/dev/null
check_eq "--keep 3 keeps 3 manual ones" 3 "$($GYOKAKU --db "$db" backup --list | grep -c 'manual backup')"
check "the newest are the ones kept" test -e "$bk/$newest"
$GYOKAKU --db "$db" backup --retention=manual=2 >/dev/null
GYOKAKU_BACKUP_KEEP=7 $GYOKAKU --db "$db" backup 2>/dev/null
check_eq "the retention stored in the database keeps 2 (the caller's environment counts for nothing)" 2 \
    "$($GYOKAKU --db "$db" backup --list | grep -c 'manual backup')"
$GYOKAKU --db "$db" backup --retention=manual=10 >/dev/null
# what a backup killed half way left: removed once its process is gone
sleep 30 & live=$!
touch "$bk/.plans.tmp-$live-0" "$bk/.plans.tmp-999999999-0" "$bk/.plans.tmp-999999999-0-journal"
$GYOKAKU --db "$db" backup 2>/dev/null
check "a temporary file of a process that is gone is removed" test ! -e "$bk/.plans.tmp-999999999-0" -a ! -e "$bk/.plans.tmp-999999999-0-journal"
check "one of a running process is not" test -e "$bk/.plans.tmp-$live-0"
kill $live; wait $live 2>/dev/null; rm -f "$bk/.plans.tmp-$live-0"
$GYOKAKU --db "$db" backup --list -o x >/dev/null 2>&1
check_eq "--list with -o is a usage error" 2 $?

# --- restore ---------------------------------------------------------------------------------
$GYOKAKU --db "$db" backup -o "$GK_TMP/good.bak" 2>/dev/null
good_stats=$($GYOKAKU --db "$db" stats)
head -50 "$GK_TMP/big.csv" | sed "s/^大規模計画,/第三の計画,/" >"$GK_TMP/third.csv"
$GYOKAKU --db "$db" import "$GK_TMP/third.csv" 2>/dev/null
changed_stats=$($GYOKAKU --db "$db" stats)
check "the database changed after the backup" test "$good_stats" != "$changed_stats"
cp "$db" "$GK_TMP/before-restore"
$GYOKAKU --db "$db" restore "$GK_TMP/good.bak" </dev/null >"$GK_TMP/out" 2>"$GK_TMP/err"
check_eq "restore without a terminal and without --yes exits 1" 1 $?
check "it says to give --yes" grep -q -- "--yes" "$GK_TMP/err"
check "it showed what the backup holds" grep -q "The backup to restore:" "$GK_TMP/out"
check "and the current database" grep -q "The current database:" "$GK_TMP/out"
check "the database is byte-for-byte as it was" cmp "$db" "$GK_TMP/before-restore"
$GYOKAKU --db "$db" restore --yes "$GK_TMP/good.bak" >"$GK_TMP/out" 2>"$GK_TMP/err"; rc=$?; [ $rc -eq 0 ] || sed "s/^/#   /" "$GK_TMP/err"; (exit $rc)
check_eq "restore --yes exits 0" 0 $?
check_eq "the database holds the backup's data" "$good_stats" "$($GYOKAKU --db "$db" stats)"
check "the restored database passes check" $GYOKAKU --db "$db" check
check "the current file was backed up first" grep -q "before a restore" <($GYOKAKU --db "$db" backup --list)
kept=$(sed -n 's/.*kept as //p' "$GK_TMP/err")
check_eq "that backup holds the state before the restore" "$changed_stats" "$($GYOKAKU --db "$kept" stats)"
check "the history records the restore" test -n "$(sqlite3 "$db" "SELECT 1 FROM history WHERE tbl = 'restore' AND new LIKE '%good.bak'")"
check_eq "the database is still in WAL mode" wal "$(sqlite3 "$db" 'PRAGMA journal_mode')"

# refused: foreign, newer, damaged, not a database; the database unchanged
cp "$db" "$GK_TMP/before-refusals"
sqlite3 "$GK_TMP/foreign.sqlite" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
cp "$GK_TMP/good.bak" "$GK_TMP/newer.bak"; sqlite3 "$GK_TMP/newer.bak" "PRAGMA user_version = 999"
cp "$GK_TMP/good.bak" "$GK_TMP/damaged.bak"
dd if=/dev/urandom of="$GK_TMP/damaged.bak" bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
printf 'not a database\n' >"$GK_TMP/text.bak"
for f in foreign.sqlite newer.bak damaged.bak text.bak missing.bak; do
    cp "$GK_TMP/$f" "$GK_TMP/$f.orig" 2>/dev/null
    $GYOKAKU --db "$db" restore --yes "$GK_TMP/$f" >/dev/null 2>"$GK_TMP/err"
    rc=$?
    check_eq "restore of $f is refused" 1 $rc
    check "restore of $f says why: $(head -c 150 "$GK_TMP/err")" grep -Eq "another program|newer gyokaku|does not pass the checks|damaged|not a gyokaku database|No such file" "$GK_TMP/err"
    [ -e "$GK_TMP/$f.orig" ] && check "$f itself is unchanged" cmp "$GK_TMP/$f" "$GK_TMP/$f.orig"
done
check "the database is byte-for-byte as it was after the refusals" cmp "$db" "$GK_TMP/before-refusals"

# --- automatic backup before a fiscal year is locked (not when the lock is refused) ---------
n0=$(ls "$bk"/plans.*.bak | wc -l)
GYOKAKU_BACKUP_KEEP=0 $GYOKAKU --db "$db" lock --force --year 2022 --reason "公表済み" 2>/dev/null
check_eq "lock exits 0" 0 $?
check "--list shows the backup before the lock" grep -q "before locking a fiscal year (R4(2022))" <($GYOKAKU --db "$db" backup --list)
check_eq "one backup more" $((n0 + 1)) "$(ls "$bk"/plans.*.bak | wc -l)"
GYOKAKU_BACKUP_KEEP=0 $GYOKAKU --db "$db" lock --force --year 2022 --reason "again" 2>/dev/null
check_eq "locking a locked year is refused" 1 $?
check_eq "and makes no backup" $((n0 + 1)) "$(ls "$bk"/plans.*.bak | wc -l)"

# --- the first import of the day keeps its backup also when it changes nothing ------------------
# (it is the day's copy the later imports rely on: removing it made every
# re-import of an unchanged file copy the whole file again)
same="$GK_TMP/same/plans.db"
mkdir -p "$GK_TMP/same"
$GYOKAKU --db "$same" import db/demo/*.csv 2>/dev/null
$GYOKAKU --db "$same" import db/demo/*.csv 2>/dev/null
check_eq "an import that changes nothing keeps the day's backup it made" 1 \
    "$(ls "$GK_TMP"/same/backups/plans.*.bak 2>/dev/null | wc -l)"
cp "$same" "$GK_TMP/same-before"
$GYOKAKU --db "$same" import db/demo/*.csv 2>/dev/null
check_eq "the next unchanged import that day makes no other" 1 \
    "$(ls "$GK_TMP"/same/backups/plans.*.bak 2>/dev/null | wc -l)"
check "and leaves the database byte-for-byte as it was" cmp "$same" "$GK_TMP/same-before"

# --- automatic backup before a schema upgrade (a version-1 file) --------------------------------
v1="$GK_TMP/old/v1.db"
mkdir -p "$GK_TMP/old"
sqlite3 "$v1" <tests/unit/data/schema-v1.sql
sqlite3 "$v1" "PRAGMA journal_mode = WAL" >/dev/null
$GYOKAKU --db "$v1" init 2>/dev/null
check_eq "opening a version-1 file for writing upgrades it" "$(sqlite3 "$GK_TMP/good.bak" 'PRAGMA user_version')" \
    "$(sqlite3 "$v1" 'PRAGMA user_version')"
check "--list shows the backup before the upgrade" grep -q "before a schema upgrade (1 -> " <($GYOKAKU --db "$v1" backup --list)
b=$(ls "$GK_TMP"/old/backups/v1.*.bak)
check_eq "that backup is the version-1 file" 1 "$(sqlite3 "$b" 'PRAGMA user_version')"
check "no FILE.bak-vN any more" test ! -e "$v1.bak-v1"
$GYOKAKU --db "$v1" restore --yes "$b" >/dev/null 2>&1
check_eq "the version-1 backup restores (upgraded on the way)" \
    "$(sqlite3 "$GK_TMP/good.bak" 'PRAGMA user_version')" "$(sqlite3 "$v1" 'PRAGMA user_version')"
check_eq "and the backup itself is still version 1" 1 "$(sqlite3 "$b" 'PRAGMA user_version')"
finish
