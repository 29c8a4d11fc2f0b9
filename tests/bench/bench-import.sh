#!/bin/bash
# Import benchmark in instructions (called by tests/bench/run, or alone):
# `gyokaku import` of a new file beside sqlite3's own `.import` of the same
# CSV into a plain table, counted by valgrind's callgrind (instructions
# executed: what the machine's load does not disturb), and the peak memory
# of both outside valgrind (tests/bench/peakrss.c). On both generators:
# gen-office.sh (the offices' style) and gen-notes.sh (items of 5
# indicators, many notes: issue 25's item 1), at 20,000 indicators, and at
# 100,000 too when BENCH_BIG=1 (several minutes under valgrind). First, in
# time: a small import into a large file and a re-import that changes
# nothing (issue 25 item 2).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
[ -x "$w/peakrss" ] || cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
# --- a small import into a large file, and a re-import that changes nothing --------------
# (wall and CPU time, no valgrind): a 67-row plan imported twice into a file
# of BENCH_LARGE_N indicators (default 100,000) — the first import of the
# day makes the automatic backup, the second relies on it (admin-guide.md
# "Backup and restore") — with the bytes each leaves beside the file; then
# the large file imported again (nothing changes), beside a fresh import
# of it into a new file and sqlite3's .import of it.
cpu() { "$w/peakrss" "$@" 2>&1 >/dev/null | tail -1 | sed 's/.*cpu_s=\([0-9.]*\).*/\1/'; }
ms() { "$w/peakrss" "$@" 2>&1 >/dev/null | tail -1 | sed 's/.*elapsed_s=\([0-9.]*\).*/\1/'; }
beside() { du -sb "$w/large" | cut -f1; }
big=${BENCH_LARGE_N:-100000}
rm -rf "$w/large"; mkdir "$w/large"
tests/bench/gen-office.sh "$big" >"$w/large.csv"
./gyokaku --db "$w/large/plan.db" import "$w/large.csv" 2>/dev/null
plan=$(sed -n '2s/,.*//p' "$w/large.csv") # (a note may hold a line break: rename only rows)
head -68 "$w/large.csv" | sed "2,\$s/^$plan,/小さな計画,/" >"$w/small.csv"
before=$(beside) # the database with its -wal and the backups folder
t1=$(ms ./gyokaku --db "$w/large/plan.db" import "$w/small.csv")
after1=$(beside)
sed -i '2s/"\([0-9]*\)件",,\(\r*\)$/"1\1件",,\2/' "$w/small.csv" # one actual value changed
t2=$(ms ./gyokaku --db "$w/large/plan.db" import "$w/small.csv")
after2=$(beside)
awk -v n="$big" -v t1="$t1" -v t2="$t2" -v b1="$((after1 - before))" -v b2="$((after2 - after1))" 'BEGIN {
    printf "small import (67 rows) into a file of %d indicators: first of the day %.0f ms, +%d bytes beside the file (its backup); the next %.0f ms, +%d bytes   (aim < 100 ms, no full copy)\n",
        n, t1 * 1000, b1, t2 * 1000, b2 }'
re=$(cpu ./gyokaku --db "$w/large/plan.db" import "$w/large.csv")
after3=$(beside)
dry=$(cpu ./gyokaku --db "$w/large/plan.db" import --dry-run "$w/large.csv")
rm -f "$w/fresh.db"*
fresh=$(cpu ./gyokaku --db "$w/fresh.db" import "$w/large.csv")
rm -f "$w/ref.db"
ref=$(cpu sqlite3 "$w/ref.db" ".mode csv" ".import $w/large.csv t")
awk -v n="$big" -v re="$re" -v f="$fresh" -v r="$ref" -v b="$((after3 - after2))" 'BEGIN {
    printf "re-import changing nothing (%d indicators): %.2f s CPU, %.2fx a fresh import (%.2f s), %.2fx sqlite3 .import (%.2f s); +%d bytes beside the file   (aim <= 1.1x reading the file)\n",
        n, re, re / f, f, re / r, r, b }'
awk -v d="$dry" -v re="$re" 'BEGIN {
    printf "import --dry-run of that file (it lists what would change): %.2f s CPU, %.2fx the re-import\n", d, d / re }'
rm -rf "$w/large" "$w/large.csv" "$w/small.csv" "$w/fresh.db"* "$w/ref.db"
if ! command -v valgrind >/dev/null; then
    echo "== import in instructions: valgrind is not installed, skipped"
    exit 0
fi
sizes="20000"
[ "${BENCH_BIG:-0}" = 1 ] && sizes="20000 100000"
# instr COMMAND...: instructions executed (callgrind's "Collected")
instr() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected :/ { print $NF }'
}
peak() { "$w/peakrss" "$@" 2>&1 >/dev/null | tail -1 | sed 's/.*maxrss_kb=//'; }
echo "== import in instructions (callgrind) and peak memory, beside sqlite3 .import"
for gen in office notes; do
    for n in $sizes; do
        csv="$w/bi-$gen-$n.csv"
        tests/bench/gen-$gen.sh "$n" > "$csv"
        rm -f "$w/bi-ref.db" "$w/bi.db"*
        ri=$(instr sqlite3 "$w/bi-ref.db" ".mode csv" ".import $csv t")
        rk=$(rm -f "$w/bi-ref.db"; peak sqlite3 "$w/bi-ref.db" ".mode csv" ".import $csv t")
        ./gyokaku --db "$w/bi.db" init 2>/dev/null
        gi=$(instr ./gyokaku --db "$w/bi.db" import "$csv")
        rm -f "$w/bi.db"*
        ./gyokaku --db "$w/bi.db" init 2>/dev/null
        gk=$(peak ./gyokaku --db "$w/bi.db" import "$csv")
        awk -v g="$gen" -v n="$n" -v gi="$gi" -v ri="$ri" -v gk="$gk" -v rk="$rk" -v mb="$(du -m "$csv" | cut -f1)" 'BEGIN {
            printf "import gen-%s.sh %d (%d MB): %.2fx .import in instructions (%.2f G vs %.2f G); peak %.1f MiB vs %.1f MiB   (aim <= 1.4x)\n",
                g, n, mb, gi / ri, gi / 1e9, ri / 1e9, gk / 1024, rk / 1024 }'
        rm -f "$csv" "$w/bi-ref.db" "$w/bi.db"*
    done
done
