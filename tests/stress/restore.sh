#!/bin/bash
# make stress, second part — the restore race (issue 18): STRESS_RESTORE_WRITERS
# (default 5) writers save at full speed through the entry form's store code
# (driver.c writer) while `gyokaku restore --yes` runs STRESS_RESTORES times
# (default 50) in a row, each putting back the same backup. A restore takes
# the live file's write lock before its "before a restore" backup and holds
# it to its commit, so every acknowledged save must be in the history of the
# final database or of one of the "before a restore" backups: none lost.
# Also: every restore succeeds, every writer ends without an unhandled
# failure, and `gyokaku check` passes. Exit status 0 when all holds.
set -u
cd "$(dirname "$0")/../.." || exit 1
GYOKAKU=${GYOKAKU:-./gyokaku}
DRIVER=${STRESS_DRIVER:-build/stress-driver}
nres=${STRESS_RESTORES:-50} nw=${STRESS_RESTORE_WRITERS:-5}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
db="$w/race.db"
bad=0
fail() { echo "not ok - $*"; bad=$((bad + 1)); }
ok() { echo "ok - $*"; }

$GYOKAKU --db "$db" import db/demo/ebetsu-plan-2024-2028.csv >/dev/null 2>&1 || { fail "setup import"; exit 1; }
# every "before a restore" backup is kept for the count below
$GYOKAKU --db "$db" backup --retention=automatic=0 >/dev/null || { fail "setup retention"; exit 1; }
$GYOKAKU --db "$db" backup -o "$w/base.bak" 2>/dev/null || { fail "setup backup"; exit 1; }
echo "# restore race: $nres restores under $nw writers at full speed"

pids=()
for ((i = 0; i < nw; i++)); do
    "$DRIVER" writer "$db" "$i" 3600 >"$w/w$i.out" 2>&1 &
    pids+=($!)
done
sleep 0.5 # the writers are saving
t0=$(date +%s%3N)
rfail=0
for ((k = 0; k < nres; k++)); do
    if ! $GYOKAKU --db "$db" restore --yes "$w/base.bak" >/dev/null 2>"$w/restore.err"; then
        rfail=$((rfail + 1)); sed 's/^/#   /' "$w/restore.err" | head -3
    fi
done
ms=$(($(date +%s%3N) - t0))
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
[ $rfail -eq 0 ] && ok "all $nres restores succeeded ($ms ms)" || fail "$rfail of $nres restores failed"
nbak=$(ls "$w"/backups/race.*.bak 2>/dev/null | wc -l)
[ "$nbak" -ge "$nres" ] && ok "each restore left its \"before a restore\" backup ($nbak)" ||
    fail "$nbak \"before a restore\" backups for $nres restores"
wfail=$(cat "$w"/w*.out | awk '$1 == "stats" { for (i = 4; i <= NF; i++) { split($i, kv, "=");
    if (kv[1] == "fail") t += kv[2] } } $1 == "fail" { t++ } END { print t + 0 }')
[ "$wfail" -eq 0 ] && ok "no writer met an unhandled failure" ||
    { fail "$wfail writer failures"; grep -h '^fail' "$w"/w*.out | head -5 | sed 's/^/#   /'; }

# every acknowledged save in the final database or a "before a restore" backup
grep -h '^ack ' "$w"/w*.out | cut -c5- | sort -u >"$w/acks"
for f in "$db" "$w"/backups/race.*.bak; do
    sqlite3 -readonly "$f" "SELECT new FROM history WHERE new IS NOT NULL" 2>/dev/null
done | sort -u >"$w/kept"
nacks=$(wc -l <"$w/acks")
lost=$(comm -23 "$w/acks" "$w/kept" | wc -l)
[ "$nacks" -gt 0 ] && [ "$lost" -eq 0 ] &&
    ok "0 of the $nacks acknowledged saves lost: each is in the database or a \"before a restore\" backup" ||
    { fail "$lost of the $nacks acknowledged saves are lost"; comm -23 "$w/acks" "$w/kept" | head -5 | sed 's/^/#   /'; }
$GYOKAKU --db "$db" check >"$w/check" 2>&1 && ok "check passes afterwards" ||
    { fail "check fails afterwards:"; sed 's/^/#   /' "$w/check" | head -10; }
echo "restore race: $bad failed"
[ $bad -eq 0 ]
