#!/bin/bash
# Report benchmark (called by tests/bench/run, or alone): `gyokaku report`
# of the large plan (100,000 indicators × 5 years) in HTML and text, beside
# the export of the same plan: wall time, peak memory and output size. The
# report streams item by item, so its memory should not grow with the plan
# (the half-size plan is measured too).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
n=${GK_BENCH_N:-100000}
cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
large="$w/u.db"
if [ ! -f "$large" ]; then
    tests/bench/gen-plan.sh "$n" > "$w/plan.csv"
    ./gyokaku --db "$large" import "$w/plan.csv" 2>/dev/null
fi
half="$w/report-half.db"
rm -f "$half"
tests/bench/gen-plan.sh $((n / 2)) > "$w/report-half.csv"
./gyokaku --db "$half" import "$w/report-half.csv" 2>/dev/null
measure() { # measure LABEL OUTPUT COMMAND...
    local label=$1 o=$2; shift 2
    local out; out=$("$w/peakrss" "$@" 2>&1 >/dev/null | tail -1)
    local s=${out#elapsed_s=}; s=${s%% *}; local kb=${out##*maxrss_kb=}
    local size; size=$(du -m "$o" | cut -f1)
    awk -v l="$label" -v s="$s" -v kb="$kb" -v mb="$size" \
        'BEGIN { printf "%-34s %8.2f s %8.1f MiB peak %6d MB written\n", l, s, kb / 1024, mb }'
}
echo "== report of the large plan ($n indicators) beside its export"
measure "gyokaku export UTF-8" "$w/r-export.csv" ./gyokaku --db "$large" export -o "$w/r-export.csv"
measure "gyokaku report --format html" "$w/r.html" ./gyokaku --db "$large" report -o "$w/r.html"
measure "gyokaku report --format text" "$w/r.txt" ./gyokaku --db "$large" report --format text -o "$w/r.txt"
measure "gyokaku report --format csv" "$w/r.csv" ./gyokaku --db "$large" report --format csv -o "$w/r.csv"
measure "gyokaku report html, half the plan" "$w/rh.html" ./gyokaku --db "$half" report -o "$w/rh.html"
rm -f "$w"/r.html "$w"/r.txt "$w"/rh.html "$w"/r-export.csv
