#!/bin/bash
# Many-plans benchmark (called by tests/bench/run, or alone): import CPU time
# of files holding 2,000, 4,000 and 8,000 small plans (one item and one
# indicator each) into a new file, and the ratio to 2,000 plans. Issue 18
# found the import quadratic in the number of plans (6,000 plans: 1.8 s);
# linear means about 2× and 4×, a square 4× and 16×. Prints figures only.
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$w/plans"
cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
gen() { # gen N — a plan CSV of N plans, one item and one indicator each
    awk -v n="$1" 'BEGIN {
        print "計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況"
        for (i = 0; i < n; i++) {
            printf "計画%d,G,項目A,職員課,,,,,,\n", i
            printf "計画%d,G,項目A,,指標A1,件,2024,10件,,\n", i
        }
    }'
}
echo "== import of many small plans into a new file (CPU s; ratio to 2,000 plans)"
base=""
for n in 2000 4000 8000; do
    gen "$n" >"$w/plans/p$n.csv"
    rm -f "$w/plans/p$n.db"*
    out=$("$w/peakrss" ./gyokaku --db "$w/plans/p$n.db" import "$w/plans/p$n.csv" 2>&1 >/dev/null | tail -1)
    case $out in elapsed_s=*) ;; *) echo "import of $n plans failed: $out" >&2; exit 1 ;; esac
    c=${out#*cpu_s=}; c=${c%% *}
    [ -n "$base" ] || base=$c
    awk -v n="$n" -v c="$c" -v b="$base" \
        'BEGIN { printf "%6d plans: %.2f s CPU (%.1f× the 2,000 plans)\n", n, c, (b > 0 ? c / b : 0) }'
done
