#!/bin/bash
# The formula guard of the plan CSV (csv-format.md "Formula guard"): text
# cells that Excel would run get one leading ' on export, numbers never;
# import removes exactly that quote; round trips stay byte-identical;
# export --raw writes cells as they are.
. tests/e2e/cli-lib.sh
plan 20

db="$GK_TMP/g.db"
$GYOKAKU --db "$db" init 2>/dev/null
cat > "$GK_TMP/in.csv" <<'CSV'
計画,基本目標,取組項目,指標,単位,初期値,年度,目標値,実績値,取組状況
P,'=HYPERLINK("http://example.invalid"),@項目,指標,千円,△63,2024,-5,'=2+3,"'+1
二行目"
P,'=HYPERLINK("http://example.invalid"),@項目,指標２,,,2024,'@,''=x,'-2+3+cmd|' /C calc'!A0
CSV
$GYOKAKU --db "$db" import "$GK_TMP/in.csv" 2>"$GK_TMP/err"
check_eq "a guarded file imports" 0 $?
sql() { sqlite3 "$db" "$1"; }
check_eq "import removes the guard quote of a title" '=HYPERLINK("http://example.invalid")' \
    "$(sql "SELECT title FROM node WHERE kind='goal'")"
check_eq "import removes the guard quote of @" "@項目" \
    "$(sql "SELECT title FROM node WHERE kind='item'")"
check_eq "a guarded actual is stored unguarded" "=2+3" \
    "$(sql "SELECT actual_raw FROM value v JOIN series s ON s.id=v.series_id JOIN node n ON n.id=s.node_id WHERE n.title='指標'")"
check_eq "only one quote is removed" "'=x" \
    "$(sql "SELECT actual_raw FROM value v JOIN series s ON s.id=v.series_id JOIN node n ON n.id=s.node_id WHERE n.title='指標２'")"
check_eq "a number target is a number" "-5" \
    "$(sql "SELECT target_raw FROM value v JOIN series s ON s.id=v.series_id JOIN node n ON n.id=s.node_id WHERE n.title='指標'")"

$GYOKAKU --db "$db" export -o "$GK_TMP/out.csv" 2>"$GK_TMP/err"
check_eq "export exits 0" 0 $?
check "export guards a formula title" grep -qF "'=HYPERLINK(\"\"http://example.invalid\"\")" "$GK_TMP/out.csv"
check "export guards @ at the start" grep -qF ",'@項目," "$GK_TMP/out.csv"
check "export guards a text actual" grep -qF ",'=2+3," "$GK_TMP/out.csv"
check_eq "the DDE payload of a note is stored without the guard" "-2+3+cmd|' /C calc'!A0" \
    "$(sql "SELECT status FROM note n JOIN node d ON d.id=n.node_id WHERE d.title='指標２'")"
check "export guards a note that starts with -2+3+cmd" grep -qF ",'-2+3+cmd|' /C calc'!A0" "$GK_TMP/out.csv"
check "export adds one more quote to a quoted formula" grep -qF ",''=x," "$GK_TMP/out.csv"
check "export guards the first line of a multi-line note" grep -qF "\"'+1" "$GK_TMP/out.csv"
check "export leaves negative numbers alone" grep -qF ",-5," "$GK_TMP/out.csv"
check "export leaves △ numbers alone" grep -qF ",△63," "$GK_TMP/out.csv"

$GYOKAKU --db "$GK_TMP/g2.db" import "$GK_TMP/out.csv" 2>/dev/null
$GYOKAKU --db "$GK_TMP/g2.db" export -o "$GK_TMP/out2.csv" 2>/dev/null
check "export -> import -> export is byte-identical" cmp -s "$GK_TMP/out.csv" "$GK_TMP/out2.csv"
$GYOKAKU --db "$db" export --encoding cp932 -o "$GK_TMP/out932.csv" 2>/dev/null
$GYOKAKU --db "$GK_TMP/g3.db" import "$GK_TMP/out932.csv" 2>/dev/null
$GYOKAKU --db "$GK_TMP/g3.db" export --encoding cp932 -o "$GK_TMP/out932b.csv" 2>/dev/null
check "the same in CP932" cmp -s "$GK_TMP/out932.csv" "$GK_TMP/out932b.csv"

$GYOKAKU --db "$db" export --raw -o "$GK_TMP/raw.csv" 2>/dev/null
check "export --raw writes the formula as it is" grep -qF ',"=HYPERLINK(""http://example.invalid"")",' "$GK_TMP/raw.csv"
check "export --raw writes =2+3 as it is" grep -qF ",=2+3," "$GK_TMP/raw.csv"
finish
