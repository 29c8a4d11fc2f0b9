#!/bin/bash
# 調査票 benchmark (called by tests/bench/run, or alone): `gyokaku sheet
# --all` of the offices' plan (gen-office.sh, GK_BENCH_N indicators, 37
# departments) for 令和7(2025)年度, then `gyokaku collect --dry-run` and
# `collect` of every workbook, with wall time and peak memory. The writer
# streams rows to disk (libxlsxwriter's constant memory) and the reader
# streams each sheet through expat, so memory should not grow with the plan
# (the half-size plan is measured too).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
n=${GK_BENCH_N:-100000}
gk=${GYOKAKU:-./gyokaku} # the program measured (a copy lets the tree be rebuilt meanwhile)
cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
measure() { # measure LABEL COMMAND...
    local label=$1; shift
    local out; out=$("$w/peakrss" "$@" 2>&1 >/dev/null | tail -1)
    local s=${out#elapsed_s=}; s=${s%% *}; local kb=${out##*maxrss_kb=}
    awk -v l="$label" -v s="$s" -v kb="$kb" \
        'BEGIN { printf "%-44s %8.2f s %8.1f MiB peak\n", l, s, kb / 1024 }'
}
for size in "$n" $((n / 2)); do
    db="$w/sheet-$size.db"
    rm -f "$db" "$db-wal" "$db-shm"
    tests/bench/gen-office.sh "$size" > "$w/sheet-$size.csv"
    "$gk" --db "$db" import "$w/sheet-$size.csv" >/dev/null 2>&1
    rm -rf "$w/sheets-$size"
    echo "== 調査票 of the offices' plan, $size indicators"
    measure "gyokaku sheet --all" "$gk" --db "$db" sheet --year 2025 --all -o "$w/sheets-$size"
    [ -d "$w/sheets-$size" ] || { echo "sheet --all failed:"; "$gk" --db "$db" sheet --year 2025 --all -o "$w/sheets-$size" 2>&1 | tail -3; }
    echo "   $(ls "$w/sheets-$size"/*.xlsx | wc -l) workbooks, $(du -sm "$w/sheets-$size" | cut -f1) MB"
    measure "gyokaku collect --dry-run (every workbook)" \
        "$gk" --db "$db" collect --dry-run "$w/sheets-$size"/*.xlsx
    measure "gyokaku collect (every workbook)" "$gk" --db "$db" collect "$w/sheets-$size"/*.xlsx
    rm -rf "$w/sheets-$size" "$w/sheet-$size.csv" "$db" "$db-wal" "$db-shm"
done
