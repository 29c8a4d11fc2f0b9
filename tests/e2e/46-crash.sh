#!/bin/bash
# Crash test: an import killed at any point leaves a file that the next
# command opens, that `gyokaku check` passes, and that holds the import all or
# nothing (stats give the figures of before or of after the import), and
# the next import into it works. The kills:
#   - right after the COMMIT (GYOKAKU_TEST_CRASH=commit, see
#     src/store/crashtest.c): the WAL holds the import, nothing checkpointed;
#   - during the checkpoint as the import closes, after its Nth write into the
#     main file (GYOKAKU_TEST_CRASH=write:N): write:1 leaves the main file
#     shorter than its header's page count with the WAL intact;
#   - SIGKILL as soon as the import reports its file (it is then closing);
#   - SIGKILL after a random delay within the import's duration;
#   - the same while the import creates the database: no file, or a whole
#     empty database (it is created before the import's transaction), or the
#     whole import.
# Bounded: the random kills stop after 40 rounds, or after at least 10 once
# $GK_CRASH_SECONDS (default 20) seconds have passed.
. tests/e2e/cli-lib.sh
plan 8

budget=${GK_CRASH_SECONDS:-20}
t_start=$SECONDS
big="$GK_TMP/big.csv"
tests/bench/gen-plan.sh 2000 >"$big"
base="$GK_TMP/base.db" db="$GK_TMP/crash.db"
$GYOKAKU --db "$base" import db/demo/*.csv 2>/dev/null
before=$($GYOKAKU --db "$base" stats)
cp "$base" "$GK_TMP/ref.db"
ms() { date +%s%3N; }
t0=$(ms)
$GYOKAKU --db "$GK_TMP/ref.db" import "$big" 2>/dev/null
import_ms=$(( $(ms) - t0 ))
after=$($GYOKAKU --db "$GK_TMP/ref.db" stats)
$GYOKAKU --db "$GK_TMP/new.db" import "$big" 2>/dev/null
alone=$($GYOKAKU --db "$GK_TMP/new.db" stats)
$GYOKAKU --db "$GK_TMP/empty.db" init 2>/dev/null
empty=$($GYOKAKU --db "$GK_TMP/empty.db" stats)
check "the import changes the counts (the test can tell before from after)" test "$before" != "$after"
echo "# the import takes $import_ms ms here"

bad=0 rounds=0
fail() { # fail ROUND WHAT — counts a failed round; details for the first few
    bad=$((bad + 1))
    [ $bad -le 5 ] && { echo "# round $1: $2"; sed 's/^/#   /' "$GK_TMP/err" 2>/dev/null | head -5; }
}
# each round a fresh copy: the backups of an earlier round hold another
# history (`check` compares each backup's history with the file's)
fresh() { rm -rf "$db" "$db-wal" "$db-shm" "$db".new-* "$GK_TMP/backups"; cp "$base" "$db"; }

# after_crash ROUND ALLOWED... — the next commands on $db: stats opens it and
# gives one of the ALLOWED figures, check passes, the import can be run again
# and then gives the after-import figures.
after_crash() {
    local round=$1; shift
    rounds=$((rounds + 1))
    local got
    got=$($GYOKAKU --db "$db" stats 2>"$GK_TMP/err") || { fail "$round" "stats cannot open the file"; return; }
    local ok=0 a
    for a in "$@"; do [ "$got" = "$a" ] && ok=1; done
    [ $ok = 1 ] || { fail "$round" "the counts are neither before nor after the import"; return; }
    [ "$got" = "$before" ] && landed_before=$((landed_before + 1)) || landed_after=$((landed_after + 1))
    $GYOKAKU --db "$db" check >"$GK_TMP/err" 2>&1 || { fail "$round" "check fails"; return; }
    $GYOKAKU --db "$db" import "$big" 2>"$GK_TMP/err" || { fail "$round" "the next import fails"; return; }
    [ "$($GYOKAKU --db "$db" stats)" = "$after" ] || fail "$round" "the next import gives other counts"
}
landed_before=0 landed_after=0

# --- right after the commit, and at each of the checkpoint's first writes -------------
fresh
GYOKAKU_TEST_CRASH=commit $GYOKAKU --db "$db" import "$big" 2>/dev/null
check_eq "the hook ends the import right after its commit" 86 $?
after_crash commit "$after"
for n in 1 2 3 5 13 40 160; do
    fresh
    GYOKAKU_TEST_CRASH=write:$n $GYOKAKU --db "$db" import "$big" 2>/dev/null
    rc=$?
    [ $n = 1 ] && check_eq "the hook ends the import at the checkpoint's first write" 86 $rc
    [ $n = 1 ] && check "the main file is then shorter than its header's page count" \
        test "$(stat -c %s "$db")" -lt "$(od -An -tu1 -j16 -N16 "$db" |
            awk '{ print ($1 * 256 + $2) * ((($13 * 256 + $14) * 256 + $15) * 256 + $16) }')"
    after_crash "write:$n" "$after"
done
check_eq "every kill right after the commit or during the checkpoint recovers whole" \
    "0 of $rounds rounds failed" "$bad of $rounds rounds failed"

# --- SIGKILL as soon as the import reports its file (after the commit, as it
# closes and checkpoints) --------------------------------------------------------------
bad=0 rounds=0 landed_before=0 landed_after=0
for i in 1 2 3 4 5; do
    fresh
    rm -f "$GK_TMP/report"; mkfifo "$GK_TMP/report"
    $GYOKAKU --db "$db" import "$big" 2>"$GK_TMP/report" &
    pid=$!
    read -r _ <"$GK_TMP/report"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    after_crash "kill on the report line" "$after"
done
check_eq "an import killed as it reports its file (closing) is whole" \
    "0 of $rounds rounds failed" "$bad of $rounds rounds failed"

# --- SIGKILL at random points ---------------------------------------------------------
bad=0 rounds=0 landed_before=0 landed_after=0
window=$((import_ms * 2 + 5)) # some kills land after the end: those rounds are whole
t_random=$SECONDS
while [ $rounds -lt 40 ] && { [ $rounds -lt 10 ] || [ $((SECONDS - t_random)) -lt "$budget" ]; }; do
    fresh
    delay=$(awk -v m=$((RANDOM % window)) 'BEGIN { printf "%.3f", m / 1000 }')
    $GYOKAKU --db "$db" import "$big" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    after_crash "kill after ${delay}s" "$before" "$after"
done
echo "# $rounds random kills: $landed_before found the import absent, $landed_after whole"
check_eq "every import killed at random is all or nothing, and the file opens and checks" \
    "0 of $rounds rounds failed" "$bad of $rounds rounds failed"

# --- while the import creates the database ------------------------------------------------
bad=0 rounds=0
created_round() { # created_round LABEL — no file, or a whole one; the next import works
    rounds=$((rounds + 1))
    if [ -e "$db" ]; then
        local got; got=$($GYOKAKU --db "$db" stats 2>"$GK_TMP/err") ||
            { fail "$1" "stats cannot open the file the crash left"; return; }
        [ "$got" = "$alone" ] || [ "$got" = "$empty" ] ||
            fail "$1" "the file holds neither an empty database nor the whole import"
    fi
    $GYOKAKU --db "$db" import "$big" 2>"$GK_TMP/err" || { fail "$1" "the next import fails"; return; }
    [ "$($GYOKAKU --db "$db" stats)" = "$alone" ] || fail "$1" "the next import gives other counts"
    $GYOKAKU --db "$db" check >"$GK_TMP/err" 2>&1 || fail "$1" "check fails"
}
for hook in commit write:1 write:2 write:3; do
    rm -f "$db" "$db-wal" "$db-shm" "$db".new-*
    GYOKAKU_TEST_CRASH=$hook $GYOKAKU --db "$db" import "$big" 2>/dev/null
    created_round "creating, $hook"
done
i=0
while [ $i -lt 4 ]; do
    i=$((i + 1))
    rm -f "$db" "$db-wal" "$db-shm" "$db".new-*
    delay=$(awk -v m=$((RANDOM % window)) 'BEGIN { printf "%.3f", m / 1000 }')
    $GYOKAKU --db "$db" import "$big" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    created_round "creating, kill after ${delay}s"
done
check_eq "an import killed while it creates the database leaves no file or a whole one" \
    "0 of $rounds rounds failed" "$bad of $rounds rounds failed"
echo "# crash test: $((SECONDS - t_start)) s"
finish
