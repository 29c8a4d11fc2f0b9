#!/bin/bash
# Fault injection: writes that fail (a full disk, an input/output error) lose
# nothing. For an import, a migration (a version 1 file upgraded by `init`)
# and a backup (`gyokaku backup -o`, when the program has it), the test counts
# the operation's write calls (GYOKAKU_TEST_CRASH=count: every write, fsync
# and truncate of any file SQLite opens, see src/store/crashtest.c), then
# runs it once for every N with
#   GYOKAKU_TEST_CRASH=enospc:N   the Nth write call and all later ones fail
#                                 (SQLITE_FULL: the disk stays full)
#   GYOKAKU_TEST_CRASH=eio:N      the Nth write call alone fails (EIO)
# and checks after each run: the command either succeeded and the file holds
# the operation's result, or it failed with a message in the user's words
# (about the disk, no raw SQLite text) and the file holds exactly what it
# held before; `gyokaku check` passes; the same command without a fault then
# succeeds (nothing left behind blocks it). The entry form's save is walked
# the same way in tests/unit/test_faults.c.
# GK_FAULT_STRIDE=K tries every Kth N only (default 1: all of them).
. tests/e2e/cli-lib.sh
plan 15

stride=${GK_FAULT_STRIDE:-1}
# SQLite's own text is kept for the administrator only inside "(SQLite: …)"
raw='disk I/O error|database or disk is full|disk image is malformed|unable to open database|SQLITE_|sqlite3_|SQL logic error'
db="$GK_TMP/f.db"
fresh() { rm -rf "$db" "$db-wal" "$db-shm" "$GK_TMP/backups" "$GK_TMP"/copy.db*; cp "$1" "$db"; }
# what the files hold: the export, the schema version, and the backup's copy
state() {
    $GYOKAKU --db "$db" export 2>&1; sqlite3 "$db" 'PRAGMA user_version'
    [ ! -e "$GK_TMP/copy.db" ] || { echo copy; $GYOKAKU --db "$GK_TMP/copy.db" export 2>&1; }
}

# walk NAME BASE_DB VERIFY_FN -- COMMAND... — runs COMMAND (with $db the file)
# under every fault; VERIFY_FN ROUND (optional, "-" none) checks more after a
# failed run.
walk() {
    local name=$1 base=$2 verify=$3; shift 4
    fresh "$base"
    local before after calls
    before=$(state)
    calls=$(GYOKAKU_TEST_CRASH=count "$@" 2>&1 >/dev/null | sed -n 's/^gyokaku-test: \([0-9]*\) write calls$/\1/p')
    after=$(state)
    check "$name: the operation writes (${calls:-?} write calls) and changes the file" \
        test "${calls:-0}" -gt 0 -a "$before" != "$after"
    check "$name: without a fault, check passes afterwards" $GYOKAKU --db "$db" check
    [ "${calls:-0}" -gt 0 ] || { skip_n 2 "$name: no write call counted, no fault to walk (failed above)"; return; }
    local bad=0 failed=0 succeeded=0 mode n rc got
    for mode in enospc eio; do
        for ((n = 1; n <= calls + 1; n += stride)); do
            fresh "$base"
            GYOKAKU_TEST_CRASH=$mode:$n "$@" >"$GK_TMP/out" 2>"$GK_TMP/err"; rc=$?
            got=$(state)
            local why=""
            if [ $rc -eq 0 ]; then
                succeeded=$((succeeded + 1))
                [ "$got" = "$after" ] || why="it succeeded but the file does not hold its result"
            else
                failed=$((failed + 1))
                if [ "$got" != "$before" ]; then why="it failed and the file changed"
                elif ! grep -q 'disk' "$GK_TMP/err"; then why="the message does not name the disk"
                elif sed 's/(SQLite: [^)]*)//g' "$GK_TMP/err" | grep -qE "$raw"; then
                    why="the message holds SQLite's own text outside its parentheses"
                elif [ "$verify" != - ] && ! $verify; then why="$verify"
                fi
            fi
            if [ -z "$why" ] && ! $GYOKAKU --db "$db" check >"$GK_TMP/check" 2>&1; then
                why="check fails afterwards"; cp "$GK_TMP/check" "$GK_TMP/err"
            fi
            if [ -z "$why" ] && [ $rc -ne 0 ]; then
                if ! "$@" >/dev/null 2>"$GK_TMP/err"; then why="the same command without a fault fails"
                elif [ "$(state)" != "$after" ]; then why="the retry gives another result"; fi
            fi
            if [ -n "$why" ]; then
                bad=$((bad + 1))
                [ $bad -le 5 ] && { echo "# $name $mode:$n (exit $rc): $why"; sed 's/^/#   /' "$GK_TMP/err" | head -4; }
            fi
        done
    done
    echo "# $name: $calls write calls; $failed runs failed cleanly, $succeeded succeeded (a late fault: the checkpoint at close)"
    check_eq "$name: every fault (enospc and eio at each write call) loses nothing, is said in the user's words, leaves a file that check passes and a retry that works" 0 $bad
    check "$name: some faults make the operation fail" test $failed -gt 0
}

# --- an import into a file that holds another plan ------------------------------------
base="$GK_TMP/base.db"
$GYOKAKU --db "$base" import db/demo/ebetsu-plan-2024-2028.csv 2>/dev/null
walk import "$base" - -- $GYOKAKU --db "$db" import db/demo/ebetsu-status-fy2022.csv
# the message itself, once
fresh "$base"
GYOKAKU_TEST_CRASH=enospc:1 $GYOKAKU --db "$db" import db/demo/ebetsu-status-fy2022.csv >/dev/null 2>"$GK_TMP/err"
# (the first write is the automatic backup's, into backups/ beside the file)
check "a full disk is said as such" grep -Eq "the disk holding ($db|$GK_TMP/backups) is full" "$GK_TMP/err"
check "and the import says that nothing of its file was imported" grep -q "nothing of this file was imported" "$GK_TMP/err"
fresh "$base"
GYOKAKU_TEST_CRASH=eio:1 $GYOKAKU --db "$db" import db/demo/ebetsu-status-fy2022.csv >/dev/null 2>"$GK_TMP/err"
check "an input/output error is said as such" grep -q "input/output error" "$GK_TMP/err"

# --- a migration: a version 1 file upgraded when `init` opens it ----------------------
v1="$GK_TMP/v1.db"
cp "$base" "$v1"
# version 1 = today's schema without what versions 2 to 6 added (as test_store.c builds it:
# tests/unit/gk_test.h GK_TEST_UNDO_V6 and GK_TEST_UNDO_V5)
sqlite3 "$v1" <tests/unit/data/undo-v6.sql
sqlite3 "$v1" "DROP TRIGGER node_tkey; DROP TRIGGER node_refold; DROP TRIGGER note_fold_insert;
    DROP TRIGGER note_fold_update; DROP TRIGGER note_fold_delete; DROP INDEX node_tree;
    DROP INDEX node_stale; DROP INDEX value_actual_year; ALTER TABLE node DROP COLUMN tkey;
    ALTER TABLE node DROP COLUMN folded; DROP TABLE user_dept; DROP TABLE app_user; DROP TABLE year_lock;
    DELETE FROM history WHERE tbl = 'user'; ALTER TABLE history DROP COLUMN comment;
    DROP TABLE pref; ALTER TABLE plan DROP COLUMN grades; PRAGMA user_version = 1;"
# the automatic backup before the upgrade (backups/f.*.bak): none cut short
# under its name, no temporary file left behind
no_partial_backup() {
    ! ls "$GK_TMP"/backups/.f.* >/dev/null 2>&1 || return 1
    local b
    for b in "$GK_TMP"/backups/f.*.bak; do
        [ -e "$b" ] || continue
        [ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ] || return 1
    done
}
walk migration "$v1" no_partial_backup -- $GYOKAKU --db "$db" init

# --- a backup -----------------------------------------------------------------------
if $GYOKAKU backup --help >/dev/null 2>&1; then
    out="$GK_TMP/copy.db"
    # a failed backup leaves no file at -o, or one that check passes
    copy_absent_or_good() { [ ! -e "$out" ] || $GYOKAKU --db "$out" check >/dev/null 2>&1; }
    walk backup "$base" copy_absent_or_good -- $GYOKAKU --db "$db" backup -o "$out"
else
    skip_n 4 "backup: this program has no backup command yet; not walked"
fi
finish
