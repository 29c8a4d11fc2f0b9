#!/bin/bash
# Import benchmark in instructions (called by tests/bench/run, or alone):
# `gyokaku import` of a new file beside sqlite3's own `.import` of the same
# CSV into a plain table, counted by valgrind's callgrind (instructions
# executed: what the machine's load does not disturb), and the peak memory
# of both outside valgrind (tests/bench/peakrss.c). On both generators:
# gen-office.sh (the offices' style) and gen-notes.sh (items of 5
# indicators, many notes: issue 25's item 1), at 20,000 indicators, and at
# 100,000 too when BENCH_BIG=1 (several minutes under valgrind).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
[ -x "$w/peakrss" ] || cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
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
