#!/bin/bash
# The CSV route off the host (issue 23): `export --year Y --dept D` gives
# every item and indicator series a row of that year (年度 set, empty
# cells to fill) and 所管課 on every year row, so that a file filtered by
# department in Excel and filled imports; the inherited 所管課 on those rows
# is not taken as the node's own. `import --dry-run` lists what it would
# change and writes nothing. 所管課 stands on every row of a node, its
# definition and 初期値 rows too, so an Excel filter by department keeps
# them all (csv-dept-filter.py); export → import → export is identical and
# an import of the exported file changes nothing.
. tests/e2e/cli-lib.sh
plan 24
db=$GK_TMP/csv.db
$GYOKAKU --db "$db" import tests/e2e/data/sheet.csv >/dev/null 2>&1 || bail "import"
GK="$GYOKAKU --db $db"
f=$GK_TMP/shimin.csv
$GK export --year R5 --dept 市民課 -o "$f"
rows() { tr -d '\r' < "$f" | awk -F, '$16 == "2023"'; }
filter() { python3 tests/e2e/csv-dept-filter.py "$@"; }
# "6 0": three 2023 rows and three 初期値 rows of 市民課's indicators, whose
# 所管課 is their item's; none dropped by the filter
check_eq "a filter on 所管課 keeps every 初期値 and 2023 row of 市民課 (inherited)" "6 0" \
    "$(filter "$db" "$f" 市民課)"
check_eq "every item and indicator of 市民課 has a row of 2023" "4" "$(rows | wc -l)"
check_eq "every 2023 row carries 所管課" "4" "$(rows | awk -F, '$8 == "市民課"' | wc -l)"
check_eq "an indicator's 2023 row has its 実績値 empty to fill" "1" \
    "$(rows | awk -F, '$11 == "待ち時間" && $18 == ""' | wc -l)"
cp "$db" "$GK_TMP/wide.db"
$GYOKAKU --db "$GK_TMP/wide.db" plan set 調査計画 --period 2022-2024 2>/dev/null
check_eq "a year without any value or note still gets a row per item and series" "4" \
    "$($GYOKAKU --db "$GK_TMP/wide.db" export --year 2024 --dept 市民課 | tr -d '\r' | awk -F, '$16 == "2024" && $8 == "市民課"' | wc -l)"
check_eq "... but none for a year outside the plan's period (import would refuse it)" "0" \
    "$($GK export --year 2024 --dept 市民課 | tr -d '\r' | awk -F, '$16 == "2024"' | wc -l)"
# the clerk keeps the 市民課 rows with 2023 and fills them
{ tr -d '\r' < "$f" | head -1; rows; } |
    sed 's/^\(.*,待ち時間,,,,,2023,20分,\),/\118分,/; s/^\(.*② 残業の縮減,,市民課,,,,,,,,2023,,,\),/\1残業を減らした。,/' > "$GK_TMP/filled.csv"
before=$(sha256sum "$db" | cut -d' ' -f1)
depts=$(sqlite3 "$db" "SELECT count(*) FROM node_dept")
out=$($GK import --dry-run "$GK_TMP/filled.csv" 2>&1)
check "import --dry-run lists the actual it would overwrite" \
    sh -c "printf '%s\n' \"\$1\" | grep -qF '待ち時間 R5(2023) actual: (empty) -> 18分'" _ "$out"
check "import --dry-run gives the counts" \
    sh -c "printf '%s\n' \"\$1\" | grep -qF 'dry run, nothing written'" _ "$out"
check_eq "import --dry-run writes nothing" "$before" "$(sha256sum "$db" | cut -d' ' -f1)"
$GK export --year R4 2>/dev/null | sed 's/受付の手順を見直した。/受付の手順を改めた。/' >"$GK_TMP/r4.csv"
check "import --dry-run names a note it would overwrite by its path and year" \
    sh -c "$GK import --dry-run '$GK_TMP/r4.csv' 2>&1 | grep -qF '① 窓口の改善 R4(2022) status: 受付の手順を見直した。 -> 受付の手順を改めた。'"
bad=$GK_TMP/bad.csv
sed 's/18分/18件/' "$GK_TMP/filled.csv" > "$bad"
$GK import --dry-run "$bad" >/dev/null 2>"$GK_TMP/err"
check_eq "import --dry-run of a bad cell fails" "1" "$?"
check "... naming the cell" grep -q 'bad.csv:3:18: 実績値' "$GK_TMP/err"
check "the filtered, filled file imports" $GK import "$GK_TMP/filled.csv"
check_eq "the actual is saved" "18分" \
    "$(sqlite3 "$db" "SELECT actual_raw FROM value v JOIN series s ON s.id = v.series_id JOIN node n ON n.id = s.node_id WHERE n.title = '待ち時間' AND v.year = 2023")"
check_eq "the item's 取組状況 is saved" "残業を減らした。" \
    "$(sqlite3 "$db" "SELECT status FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '② 残業の縮減' AND o.year = 2023")"
check_eq "the inherited 所管課 did not become the indicators' own" "$depts" \
    "$(sqlite3 "$db" "SELECT count(*) FROM node_dept")"
check "check passes" $GK check

# --- the demo plans: the filter and the round trip -------------------------------
demo=$GK_TMP/demo.db
$GYOKAKU --db "$demo" init --demo >/dev/null 2>&1 || bail "init --demo"
D="$GYOKAKU --db $demo"
$D export --year 2023 -o "$GK_TMP/y1.csv"
check_eq "demo: a filter on 所管課 keeps every 初期値 and 2023 row of 契約管財課" "5 0" \
    "$(filter "$demo" "$GK_TMP/y1.csv" 契約管財課)"
before=$(sha256sum "$demo" | cut -d' ' -f1)
$D import "$GK_TMP/y1.csv" 2>"$GK_TMP/err"
check_eq "the exported file of every plan imports (no rows to fill outside a plan's period)" "0" "$?"
check "... and changes nothing" grep -q 'no changes' "$GK_TMP/err"
check_eq "... the database byte-identical" "$before" "$(sha256sum "$demo" | cut -d' ' -f1)"
$D export --year 2023 -o "$GK_TMP/y2.csv"
check "export → import → export is identical" cmp "$GK_TMP/y1.csv" "$GK_TMP/y2.csv"
fresh=$GK_TMP/fresh.db
$GYOKAKU --db "$fresh" import "$GK_TMP/y1.csv" 2>/dev/null
$GYOKAKU --db "$fresh" export --year 2023 -o "$GK_TMP/y3.csv"
check "into an empty database too" cmp "$GK_TMP/y1.csv" "$GK_TMP/y3.csv"
check_eq "... where no repeated 所管課 became a node's own" \
    "$(sqlite3 "$demo" "SELECT count(*) FROM node_dept")" \
    "$(sqlite3 "$fresh" "SELECT count(*) FROM node_dept")"
finish
