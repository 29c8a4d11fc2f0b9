#!/bin/bash
# Issue 18, item 12: read-only databases. The read-only commands (stats,
# export, check, report, plan) work on a database in a folder the user
# cannot write, also with a -wal left by a killed writer. A file in
# rollback-journal mode (a backup opened with --db) that a killed writer
# left with a hot journal is rolled back by the next open of a user who may
# write it; one who may not gets a message naming the file and the journal
# and what to do, and `check` recommends no restore for it. Needs root (a
# second OS user, gk63ro, made and removed here; root itself may write
# anything); otherwise it says so and skips.
. tests/e2e/cli-lib.sh
plan 25

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
    skip_all "needs root with useradd and runuser to read as another OS user"
fi
command -v sqlite3 >/dev/null && command -v python3 >/dev/null || bail "sqlite3 and python3 are needed"
u=gk63ro
cleanup() { userdel "$u" 2>/dev/null; }
trap cleanup EXIT
cleanup
chmod 755 "$GK_TMP"
home="$GK_TMP/home"; mkdir -p "$home"
useradd -M -N -d "$home" -s /bin/sh "$u" || bail "useradd $u"
chown "$u" "$home"
bin="$GK_TMP/gyokaku"; cp "$GYOKAKU" "$bin"; chmod 755 "$bin"
as() { (cd "$home" && runuser -u "$u" -- "$bin" "$@"); }

# killed_writer DB — a writer killed in the middle of a transaction that
# spilled pages into the file: leaves DB-journal (rollback mode) or DB-wal.
cat >"$GK_TMP/killed.py" <<'PY'
import os, signal, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA cache_size = 2")
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE node SET pos = pos")
os.kill(os.getpid(), signal.SIGKILL)
PY
killed_writer() { sh -c 'python3 "$0" "$1"; :' "$GK_TMP/killed.py" "$1" 2>/dev/null; }

sh tests/bench/gen-plan.sh 2000 >"$GK_TMP/big.csv"
$GYOKAKU --db "$GK_TMP/src/plan.db" import "$GK_TMP/big.csv" >/dev/null 2>&1 || bail "import"
$GYOKAKU --db "$GK_TMP/src/plan.db" backup -o "$GK_TMP/plan.bak" >/dev/null 2>&1 || bail "backup -o"
check_eq "the backup is in rollback-journal mode" delete "$(sqlite3 "$GK_TMP/plan.bak" 'PRAGMA journal_mode')"

# --- a folder nobody may write (chmod a-w) ---------------------------------------------
ro="$GK_TMP/ro"; mkdir "$ro"; cp "$GK_TMP/src/plan.db" "$ro/plan.db"
chmod 444 "$ro/plan.db"; chmod 555 "$ro"
check "stats works in a read-only folder" as --db "$ro/plan.db" stats
check "export works" as --db "$ro/plan.db" export -o "$home/x.csv"
check "check works" as --db "$ro/plan.db" check
check "report works" as --db "$ro/plan.db" report -o "$home/r.html"
check "plan works" as --db "$ro/plan.db" plan
check_eq "nothing was written beside it" plan.db "$(ls "$ro")"

# --- a WAL file whose writer was killed, the folder made read-only afterwards ----------
rw="$GK_TMP/rw"; mkdir "$rw"; cp "$GK_TMP/src/plan.db" "$rw/plan.db"
killed_writer "$rw/plan.db"
check "the killed writer left its -wal" test -s "$rw/plan.db-wal"
chmod 444 "$rw"/*; chmod 555 "$rw"
check "stats works with the -wal in a read-only folder" as --db "$rw/plan.db" stats
check "and check" as --db "$rw/plan.db" check

# --- a backup opened with --db whose writer was killed, folder read-only -------------
hj="$GK_TMP/hj"; mkdir "$hj"; cp "$GK_TMP/plan.bak" "$hj/plan.db"; chmod 644 "$hj/plan.db"
$GYOKAKU --db "$hj/plan.db" backup >/dev/null 2>&1 # a good backup that check could recommend
sqlite3 "$hj/plan.db" 'PRAGMA journal_mode = DELETE' >/dev/null
killed_writer "$hj/plan.db"
check "the killed writer left a hot journal" test -s "$hj/plan.db-journal"
chmod 444 "$hj/plan.db" "$hj/plan.db-journal"; chmod 555 "$hj"
snapshot "$hj/plan.db" "$hj/plan.db-journal"
as --db "$hj/plan.db" stats >/dev/null 2>"$GK_TMP/err"
check_eq "stats refuses to read past the hot journal (never half-written data)" 1 $?
check "its message names the file and the journal" \
    grep -qF "$hj/plan.db cannot be read now: a program stopped while writing it and left $hj/plan.db-journal" "$GK_TMP/err"
check "and says what to do" grep -qF "gyokaku --db $hj/plan.db check\` once" "$GK_TMP/err"
as --db "$hj/plan.db" check >/dev/null 2>"$GK_TMP/err"
check_eq "check fails on it" 1 $?
check "and recommends no restore (the file is not damaged)" \
    sh -c "! grep -qE \"restore '|no good backup\" '$GK_TMP/err' && grep -q 'do not restore' '$GK_TMP/err'"
intact "the file and its journal are as they were"

# --- a 0440 backup opened with --db after a crash, in a folder the user may write ------
bj="$GK_TMP/bj"; mkdir "$bj"; cp "$GK_TMP/plan.bak" "$bj/plan.bak"; chmod 644 "$bj/plan.bak"
killed_writer "$bj/plan.bak"
chmod 440 "$bj/plan.bak"; chgrp "$(id -gn "$u")" "$bj/plan.bak"; chmod 777 "$bj"
as --db "$bj/plan.bak" stats >/dev/null 2>"$GK_TMP/err"
check_eq "a 0440 backup with a hot journal is refused to a reader who cannot write it" 1 $?
check "naming its journal" grep -qF "$bj/plan.bak-journal" "$GK_TMP/err"
chmod 640 "$bj/plan.bak"
check "its owner's read-only command rolls the journal back" $GYOKAKU --db "$bj/plan.bak" check
check "the journal is gone" test ! -e "$bj/plan.bak-journal"
chmod 440 "$bj/plan.bak"
check "then the reader's stats works" as --db "$bj/plan.bak" stats
check_eq "a read-only command left it in rollback-journal mode" delete \
    "$(sqlite3 "$bj/plan.bak" 'PRAGMA journal_mode')"
chmod 640 "$bj/plan.bak"
$GYOKAKU --db "$bj/plan.bak" plan rename 大規模計画 大規模計画改 >/dev/null 2>"$GK_TMP/err"
check_eq "its owner writes it (plan rename)" 0 $?
check_eq "opened to write, it was put in WAL mode" wal "$(sqlite3 "$bj/plan.bak" 'PRAGMA journal_mode')"
finish
