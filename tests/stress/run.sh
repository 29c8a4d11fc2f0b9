#!/bin/bash
# make stress — 24 processes on one database for STRESS_SECONDS (default 30):
#   16 writers saving values and notes through the entry form's store code
#      (tests/stress/driver.c writer: gk_entry_load / gk_entry_set /
#      gk_entry_save), each text unique, printing each save acknowledged;
#    6 readers exporting every plan and browsing the tree and details in turn
#      (driver reader);
#    1 import of another plan (`gyokaku import`) half way through;
#    1 backup (`gyokaku backup -o`) half way through (the import, into a
#      database holding plans, makes its own automatic backup first).
# Afterwards: every acknowledged save is in the history exactly once and no
# stress text is there that was not acknowledged; `gyokaku check` passes; no
# process met a busy error it did not handle (a busy save is said, kept and
# saved again: counted, not a failure) or any other failure; the readers
# never failed; the import (and backup) succeeded. Prints saves/s, the
# longest wait and the failure counts. Exit status 0 when all holds.
set -u
cd "$(dirname "$0")/../.." || exit 1
GYOKAKU=${GYOKAKU:-./gyokaku}
DRIVER=${STRESS_DRIVER:-build/stress-driver}
secs=${STRESS_SECONDS:-30}
nw=${STRESS_WRITERS:-16} nr=${STRESS_READERS:-6}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
db="$w/stress.db"
bad=0
fail() { echo "not ok - $*"; bad=$((bad + 1)); }
ok() { echo "ok - $*"; }

$GYOKAKU --db "$db" import db/demo/ebetsu-plan-2024-2028.csv >/dev/null 2>&1 || { fail "setup import"; exit 1; }
has_backup=0
$GYOKAKU backup --help >/dev/null 2>&1 && has_backup=1
nproc=$((nw + nr + 1 + has_backup))
echo "# stress: $nproc processes on one database for $secs s ($nw writers, $nr readers, 1 import$([ $has_backup = 1 ] && echo ', 1 backup'))"

pids=()
for ((i = 0; i < nw; i++)); do
    "$DRIVER" writer "$db" "$i" "$secs" >"$w/w$i.out" 2>&1 &
    pids+=($!)
done
for ((i = 0; i < nr; i++)); do
    "$DRIVER" reader "$db" "$i" "$secs" "$w/r$i.csv" >"$w/r$i.out" 2>&1 &
    pids+=($!)
done
# the import and the backup half way through (a point in the scenario, not a
# wait for something to happen)
sleep "$(awk -v s="$secs" 'BEGIN { print s / 2 }')"
t0=$(date +%s%3N)
$GYOKAKU --db "$db" import db/demo/ebetsu-status-fy2022.csv >"$w/import.out" 2>&1 &
ipid=$!
if [ $has_backup = 1 ]; then
    $GYOKAKU --db "$db" backup -o "$w/backup.db" >"$w/backup.out" 2>&1 &
    bpid=$!
fi
wait $ipid; irc=$?
t1=$(date +%s%3N)
import_ms=$((t1 - t0))
[ $irc -eq 0 ] && ok "the import in the middle succeeded ($import_ms ms)" ||
    { fail "the import in the middle failed:"; sed 's/^/#   /' "$w/import.out"; }
if [ $has_backup = 1 ]; then
    wait $bpid; brc=$?
    t1=$(date +%s%3N)
    backup_ms=$((t1 - t0))
    if [ $brc -eq 0 ] && $GYOKAKU --db "$w/backup.db" check >/dev/null 2>&1; then
        ok "the backup in the middle succeeded and its copy passes check (done within $backup_ms ms)"
    else
        fail "the backup in the middle:"; sed 's/^/#   /' "$w/backup.out"
    fi
else
    echo "# no backup command in this program: the backup was not run"
fi
exited=0
for p in "${pids[@]}"; do wait "$p" || exited=$((exited + 1)); done

# what went wrong, with the messages the program printed (lines other than
# the driver's own)
cat "$w"/w*.out "$w"/r*.out | grep -v '^ack \|^stats \|^wait \|^pass ' | head -20 | sed 's/^/# /'
sum() { # sum KIND FIELD
    cat "$w"/*.out | awk -v k="$1" -v f="$2" '$1 == "stats" && $2 == k {
        for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) {
            if (f == "max_wait_ms") { if (kv[2] > t) t = kv[2] } else t += kv[2] } } }
        END { print t + 0 }'
}
reported=$(grep -c '^stats ' "$w"/*.out | awk -F: '{ t += $2 } END { print t }')
saves=$(sum writer ops) wbusy=$(sum writer busy) conflicts=$(sum writer conflicts)
wfail=$(sum writer fail) rfail=$(sum reader fail) reads=$(sum reader ops)
wmax=$(sum writer max_wait_ms) rmax=$(sum reader max_wait_ms)
[ "$reported" -eq $((nw + nr)) ] && [ $exited -eq 0 ] && ok "every writer and reader ran to its end and exited 0" ||
    fail "$exited of $((nw + nr)) writers and readers exited non-zero; $reported reported figures"
[ "$wfail" -eq 0 ] && ok "no writer met an unhandled busy error or any other failure" || fail "$wfail writer failures"
[ "$rfail" -eq 0 ] && ok "the readers never failed ($reads exports and browses)" || fail "$rfail reader failures"

# every acknowledged save exactly once in the history
grep -h '^ack ' "$w"/w*.out | cut -c5- >"$w/acks"
nacks=$(wc -l <"$w/acks")
nnotes=$(grep -c '^stress ' "$w/acks")
sqlite3 "$w/acks.db" "CREATE TABLE a(t TEXT)" ".mode list" ".separator \"\t\"" ".import $w/acks a"
wrong=$(sqlite3 -readonly "$db" "ATTACH '$w/acks.db' AS k;
    SELECT count(*) FROM (SELECT a.t FROM k.a a LEFT JOIN history h ON h.new = a.t
                          GROUP BY a.t HAVING count(h.id) <> 1);")
extra=$(sqlite3 -readonly "$db" "SELECT count(*) FROM history WHERE new GLOB 'stress *'")
[ "$nacks" -gt 0 ] && [ "$wrong" = 0 ] &&
    ok "every one of the $nacks acknowledged saves of values and notes is in the history exactly once" ||
    fail "$wrong of the $nacks acknowledged saved texts are not in the history exactly once"
[ "$extra" = "$nnotes" ] && ok "no note is in the history that was not acknowledged" ||
    fail "the history holds $extra stress notes, $nnotes were acknowledged"
$GYOKAKU --db "$db" check >"$w/check" 2>&1 && ok "check passes afterwards" ||
    { fail "check fails afterwards:"; sed 's/^/#   /' "$w/check" | head -10; }

awk -v s="$saves" -v t="$secs" -v b="$wbusy" -v c="$conflicts" -v wm="$wmax" -v rm="$rmax" \
    -v wf="$wfail" -v rf="$rfail" -v r="$reads" -v im="$import_ms" 'BEGIN {
    printf "# stress: %d saves in %d s = %.1f saves/s; %d exports and browses\n", s, t, s / t, r
    printf "# longest wait: a save %d ms, a reader'"'"'s export or browse %d ms; the import %d ms\n", wm, rm, im
    printf "# busy saves (said, kept, saved again): %d; conflicts resolved: %d; failures: writers %d, readers %d\n", b, c, wf, rf }'
# per save: median, 99th percentile and longest wait (ms)
grep -h '^wait ' "$w"/w*.out | cut -c6- | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit
    p = int(NR * 0.99 + 0.999999); if (p > NR) p = NR
    printf "# save wait over %d saves: median %.1f ms, p99 %.1f ms, longest %.1f ms\n",
        NR, v[int((NR + 1) / 2)], v[p], v[NR] }'
# where the slowest hundredth lies: during the import and the backup (t0 to
# t1), or spread over the run (each save by the moment of its first try)
grep -h '^wait ' "$w"/w*.out | cut -c6- | sort -g | awk -v t0="$t0" -v t1="$t1" -v secs="$secs" '
    { v[NR] = $1; at[NR] = $2 } END {
    if (NR == 0 || at[1] == "") exit
    p = int(NR * 0.99 + 0.999999); if (p > NR) p = NR
    for (i = p; i <= NR; i++) { n++; if (at[i] >= t0 && at[i] <= t1) d++ }
    printf "# the slowest 1 %% (%d saves from %.1f ms): %d began during the import and backup (%.1f s of %d s)\n",
        n, v[p], d, (t1 - t0) / 1000, secs }'
# the same per try (a conflict or a busy refusal makes a save two tries or
# more, each through the write gate's line)
grep -h '^pass ' "$w"/w*.out | cut -c6- | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit
    p = int(NR * 0.99 + 0.999999); if (p > NR) p = NR
    printf "# each try over %d tries: median %.1f ms, p99 %.1f ms, longest %.1f ms\n",
        NR, v[int((NR + 1) / 2)], v[p], v[NR] }'
echo "stress: $bad failed"
[ $bad -eq 0 ]
