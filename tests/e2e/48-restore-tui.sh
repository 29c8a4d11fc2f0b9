#!/bin/bash
# A restore while the full-screen interface has the database open: its next
# key shows "the database was restored from ..." on the status line and the
# screen shows the restored data (no error, no crash); an entry form open
# during the restore has its save refused once with the same sentence, the
# typed text still in the form, and the second F2 saves into the restored
# database. Then the damaged files: pages overwritten by garbage, a stray
# -wal from another database, a -shm left by a killed process, a lock held
# by a killed process.
. tests/e2e/lib.sh
plan 52
build_helpers || bail "build test helpers"
db=$(test_db restore db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"
TITLE="職員1人当たりの年間時間外勤務時間数"
unset GYOKAKU_BACKUP_KEEP

# The backup holds only the newer plan; the database has the older one too
# (the status file of 令和4(2022)年度 brings it).
$GYOKAKU --db "$GK_TMP/one.db" import db/demo/ebetsu-plan-2024-2028.csv >/dev/null 2>&1
$GYOKAKU --db "$GK_TMP/one.db" backup -o "$GK_TMP/one.bak" 2>/dev/null

# --- the main screen ----------------------------------------------------------------------
start 100 30 $GK
waits "F10" "the interface is running"
plans_before=$($GYOKAKU --db "$db" stats | sed -n 's/^plans\t//p')
$GYOKAKU --db "$db" restore --yes "$GK_TMP/one.bak" >/dev/null 2>"$GK_TMP/err"
check_eq "restore --yes while the interface has the file open exits 0" 0 $?
check_eq "the database holds the backup's plans (was $plans_before)" 1 \
    "$($GYOKAKU --db "$db" stats | sed -n 's/^plans\t//p')"
keys Down
waits "the database was restored from $GK_TMP/one.bak" "the next key shows that the database was restored"
if T capture-pane -p | grep -qi "error\|damaged\|cannot"; then
    flunk "no error on the screen"; T capture-pane -p | sed 's/^/#   /'
else pass "no error on the screen"; fi
keys p
if T capture-pane -p | grep -q "令和元(2019)"; then
    flunk "the plan that is gone is no longer shown"
else pass "the plan that is gone is no longer shown"; fi
keys Down
waits_gone "the database was restored" "the message goes with the next key"
keys q
i=0; while [ "$(T list-panes -F '#{pane_dead}')" != 1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check_eq "q ends the interface" 1 "$(T display -p '#{pane_dead}')"

# --- an entry form open during a restore ------------------------------------------------------
db=$(test_db form db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"
$GYOKAKU --db "$db" backup -o "$GK_TMP/two.bak" 2>/dev/null
start 100 30 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter
keys Enter
waits "Entry: $TITLE" "the form is open"
keys Tab
T send-keys "復元の後に残る状況"; sleep 0.2
$GYOKAKU --db "$db" restore --yes "$GK_TMP/two.bak" >/dev/null 2>&1
check_eq "restore --yes while a form is open exits 0" 0 $?
keys F2
waits "the database was restored from" "the save says the database was restored instead of saving"
shows "the typed text is still in the form" '復元の後に残る状況'
keys F2
waits "Saved." "the second F2 saves into the restored database"
keys Escape
keys q
check "the saved text is in the database" test -n "$(sqlite3 "$db" "SELECT 1 FROM note WHERE status LIKE '%復元の後に残る状況%'")"
check "the database passes check" $GYOKAKU --db "$db" check

# --- damaged files ----------------------------------------------------------------------------

# pages overwritten by garbage (the file in a folder of its own, with backups)
mkdir -p "$GK_TMP/d"
dmg="$GK_TMP/d/plans.db"
cp "$db" "$dmg"
$GYOKAKU --db "$dmg" backup 2>/dev/null
$GYOKAKU --db "$dmg" backup 2>/dev/null
latest=$($GYOKAKU --db "$dmg" backup --list | tail -1 | awk '{print $4}')
dd if=/dev/urandom of="$dmg" bs=4096 seek=2 count=6 conv=notrunc 2>/dev/null
cp "$dmg" "$GK_TMP/dmg.orig"
$GYOKAKU --db "$dmg" check >"$GK_TMP/out" 2>"$GK_TMP/err"
check_eq "check on a file with garbage pages exits 1" 1 $?
check "check names the newest good backup to restore ($latest)" \
    grep -qF "gyokaku --db '$dmg' restore '$GK_TMP/d/backups/$latest'" "$GK_TMP/err"
for cmd in "stats" "export -o $GK_TMP/x.csv" "import db/demo/ebetsu-status-fy2022.csv" "backup"; do
    $GYOKAKU --db "$dmg" $cmd >/dev/null 2>"$GK_TMP/err"
    rc=$?
    check "${cmd%% *} on the damaged file fails, saying so: $(head -c 120 "$GK_TMP/err")" \
        sh -c "[ $rc -ne 0 ] && grep -Eq 'damaged|malformed|does not pass' '$GK_TMP/err'"
done
check "the damaged file is byte-for-byte as it was" cmp "$dmg" "$GK_TMP/dmg.orig"
# while another program has it open, the damaged file is not moved
rm -f "$GK_TMP/held"
# (a read of the header only: a statement that meets the garbage pages stops
# the sqlite3 shell before 'held', and the wait below would only time out)
{ printf "PRAGMA user_version; SELECT 'held';\n"; exec sleep 30; } | sqlite3 "$dmg" >"$GK_TMP/held" 2>&1 &
pid=$!
i=0; while ! grep -q held "$GK_TMP/held" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "another program has the damaged file open (its -shm too: SQLite's lock)" \
    sh -c "grep -q held '$GK_TMP/held' && ls -l /proc/$pid/fd 2>/dev/null | grep -qF -- '$dmg-shm'"
$GYOKAKU --db "$dmg" restore --yes "$GK_TMP/d/backups/$latest" >/dev/null 2>"$GK_TMP/err"
check_eq "restoring over a damaged file that another program has open is refused" 1 $?
check "saying it is still open" grep -q "still open" "$GK_TMP/err"
kill "$pid"; wait "$pid" 2>/dev/null
check "the damaged file is still byte-for-byte as it was" cmp "$dmg" "$GK_TMP/dmg.orig"
$GYOKAKU --db "$dmg" restore --yes "$GK_TMP/d/backups/$latest" >"$GK_TMP/out" 2>"$GK_TMP/err"
check_eq "restoring the named backup over the damaged file exits 0" 0 $?
check "it said the file was damaged" grep -q "is damaged" "$GK_TMP/out"
check "the restored file passes check" $GYOKAKU --db "$dmg" check
kept=$(ls "$GK_TMP"/d/backups/plans.*.damaged)
check "the damaged file is kept whole in backups/" cmp "$kept" "$GK_TMP/dmg.orig"

# a stray -wal: another database's, beside a file that is whole on its own
cp "$db" "$GK_TMP/stray.db"
$GYOKAKU --db "$GK_TMP/other.db" import db/demo/ebetsu-plan-2024-2028.csv >/dev/null 2>&1
rm -f "$GK_TMP/held"
{ printf "PRAGMA wal_autocheckpoint = 0; UPDATE plan SET pos = pos + 1; SELECT 'held';\n"; sleep 3; } |
    sqlite3 "$GK_TMP/other.db" >"$GK_TMP/held" 2>&1 &
pid=$!
i=0; while ! grep -q held "$GK_TMP/held" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
cp "$GK_TMP/other.db-wal" "$GK_TMP/stray.db-wal"
wait "$pid"
cp "$GK_TMP/stray.db" "$GK_TMP/stray.orig"; cp "$GK_TMP/stray.db-wal" "$GK_TMP/stray.wal.orig"
$GYOKAKU --db "$GK_TMP/stray.db" stats >/dev/null 2>"$GK_TMP/err"
check_eq "a stray -wal is refused" 1 $?
check "saying the -wal does not belong to the file" grep -q "stray.db-wal beside .* does not belong to it" "$GK_TMP/err"
check "the file is byte-for-byte as it was" cmp "$GK_TMP/stray.db" "$GK_TMP/stray.orig"
check "the -wal too" cmp "$GK_TMP/stray.db-wal" "$GK_TMP/stray.wal.orig"
mv "$GK_TMP/stray.db-wal" "$GK_TMP/moved-away-wal"
check "once it is moved away the file passes check" $GYOKAKU --db "$GK_TMP/stray.db" check

# a foreign -wal: another program's database's, beside a gyokaku file; of
# SQLite's default page size (SQLite reads a database through a WAL of
# another page size too) and of gyokaku's own
for ps in 4096 16384; do
cp "$db" "$GK_TMP/foreign.db"
rm -f "$GK_TMP/other.sqlite"*
sqlite3 "$GK_TMP/other.sqlite" "PRAGMA page_size = $ps; PRAGMA journal_mode = WAL; CREATE TABLE t(x);" >/dev/null
rm -f "$GK_TMP/held"
{ printf "PRAGMA wal_autocheckpoint = 0; INSERT INTO t VALUES (randomblob(9000)); SELECT 'held';\n"; sleep 3; } |
    sqlite3 "$GK_TMP/other.sqlite" >"$GK_TMP/held" 2>&1 &
pid=$!
i=0; while ! grep -q held "$GK_TMP/held" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
cp "$GK_TMP/other.sqlite-wal" "$GK_TMP/foreign.db-wal"
wait "$pid"
cp "$GK_TMP/foreign.db" "$GK_TMP/foreign.orig"; cp "$GK_TMP/foreign.db-wal" "$GK_TMP/foreign.wal.orig"
for cmd in stats check "import db/demo/ebetsu-status-fy2022.csv"; do
    $GYOKAKU --db "$GK_TMP/foreign.db" $cmd >/dev/null 2>"$GK_TMP/err"
    rc=$?
    check "${cmd%% *} beside another program's -wal ($ps-byte pages) is refused, naming the -wal" \
        sh -c "[ $rc -eq 1 ] && grep -q 'foreign.db-wal beside .* does not belong to it' '$GK_TMP/err'"
done
check "the file is byte-for-byte as it was ($ps)" cmp "$GK_TMP/foreign.db" "$GK_TMP/foreign.orig"
check "the -wal too ($ps)" cmp "$GK_TMP/foreign.db-wal" "$GK_TMP/foreign.wal.orig"
rm -f "$GK_TMP/foreign.db-shm"
done

# a -shm (and -wal) left by a process killed while it had the file open
cp "$db" "$GK_TMP/shm.db"
rm -f "$GK_TMP/held"
{ printf "UPDATE plan SET pos = pos; SELECT 'held';\n"; exec sleep 30; } | sqlite3 "$GK_TMP/shm.db" >"$GK_TMP/held" 2>&1 &
pid=$! # the pipeline's last process: sqlite3
i=0; while ! grep -q held "$GK_TMP/held" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$pid"
wait "$pid" 2>/dev/null
check "the killed process left its -shm" test -e "$GK_TMP/shm.db-shm"
$GYOKAKU --db "$GK_TMP/shm.db" check >/dev/null 2>"$GK_TMP/err"
check_eq "check after a -shm left by a killed process passes" 0 $?
check_eq "and the file opens for writing" 0 "$($GYOKAKU --db "$GK_TMP/shm.db" import db/demo/ebetsu-status-fy2022.csv >/dev/null 2>&1; echo $?)"

# a lock held by a process that was killed: the kernel releases it
cp "$db" "$GK_TMP/lock.db"
rm -f "$GK_TMP/held"
{ printf "BEGIN IMMEDIATE; UPDATE plan SET pos = pos; SELECT 'held';\n"; exec sleep 30; } |
    sqlite3 "$GK_TMP/lock.db" >"$GK_TMP/held" 2>&1 &
pid=$!
check "the writer holds the write lock" wait_lock "$GK_TMP/held" "$GK_TMP/lock.db"
GYOKAKU_BUSY_TIMEOUT_MS=300 $GYOKAKU --db "$GK_TMP/lock.db" import db/demo/ebetsu-status-fy2022.csv >/dev/null 2>"$GK_TMP/err"
check_eq "while the writer lives, a write is busy (exit 75, EX_TEMPFAIL)" 75 $?
kill -9 "$pid"
wait "$pid" 2>/dev/null
t0=$(date +%s%3N)
GYOKAKU_BUSY_TIMEOUT_MS=300 $GYOKAKU --db "$GK_TMP/lock.db" import db/demo/ebetsu-status-fy2022.csv >/dev/null 2>"$GK_TMP/err"
rc=$?; t=$(( $(date +%s%3N) - t0 ))
check_eq "once it is killed, a write goes through at once (${t} ms)" 0 $rc
check "the file passes check" $GYOKAKU --db "$GK_TMP/lock.db" check
finish
