#!/bin/bash
# report.sh OUTDIR — writes `gyokaku report` of each demo plan (db/demo/*.csv,
# each imported alone into a fresh database) in every format into OUTDIR:
#   NAME.html, NAME.txt (80 cells), NAME.w50-wide.txt (50 cells, ambiguous
#   characters wide), NAME.md, NAME.csv, NAME.cp932.csv: the plain published
#   layout (no addition chosen); NAME.all.html, NAME.all.txt, NAME.all.md:
#   with every addition (--with all)
# `make golden` runs it with OUTDIR = tests/golden/report (the golden files);
# tests/e2e/50-report.sh runs it into a temporary folder and compares.
set -eu
out=$1
GYOKAKU=${GYOKAKU:-./gyokaku}
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for csv in db/demo/*.csv; do
    name=$(basename "$csv" .csv)
    db="$tmp/$name.db"
    $GYOKAKU --db "$db" init 2>/dev/null
    $GYOKAKU --db "$db" import "$csv" 2>/dev/null
    # the year the golden files show: the plan's latest year with an actual
    # or a note, else its first (without it the year being reported follows
    # today's date)
    y=$(sqlite3 "$db" "SELECT coalesce(max(year), (SELECT first_year FROM plan)) FROM (SELECT year
        FROM value WHERE actual_raw IS NOT NULL UNION SELECT year FROM note)")
    $GYOKAKU --db "$db" plan set "$(sqlite3 "$db" "SELECT name FROM plan")" --year "$y" 2>/dev/null
    $GYOKAKU --db "$db" report --format html -o "$out/$name.html"
    $GYOKAKU --db "$db" report --format text --width 80 -o "$out/$name.txt"
    $GYOKAKU --ambiguous-width=wide --db "$db" report --format text --width 50 -o "$out/$name.w50-wide.txt"
    $GYOKAKU --db "$db" report --format markdown -o "$out/$name.md"
    $GYOKAKU --db "$db" report --format csv -o "$out/$name.csv"
    $GYOKAKU --db "$db" report --format csv --encoding cp932 -o "$out/$name.cp932.csv"
    $GYOKAKU --db "$db" report --with all --format html -o "$out/$name.all.html"
    $GYOKAKU --db "$db" report --with all --format text --width 80 -o "$out/$name.all.txt"
    $GYOKAKU --db "$db" report --with all --format markdown -o "$out/$name.all.md"
done
