#!/bin/bash
# The 調査票 round trip (issue 23): the office makes the workbooks of two
# departments; clerks fill them with openpyxl (units, 全角 digits, a note
# with line breaks, list picks, blanks), one is re-saved by LibreOffice;
# the master changes one of the same fields meanwhile; collect --dry-run
# lists exactly the changes and one conflict, collect applies them with the
# conflict decided in the review screen, check passes, and collecting the
# same files again changes nothing.
. tests/e2e/lib.sh
plan 33
db=$(test_db sheet tests/e2e/data/sheet.csv) || bail "import the test plan"
GK="$GYOKAKU --db $db"
PY=/usr/bin/python3
W=$GK_TMP/wb
mkdir -p "$W/lo" "$GK_TMP/home"
sql() { sqlite3 "$db" "$1"; }

check "sheet for 市民課" $GK sheet --plan 調査計画 --year R5 --dept 市民課 -o "$W/shimin.xlsx"
check "sheet for 総務課" $GK sheet --plan 調査計画 --year R5 --dept 総務課 -o "$W/somu.xlsx"
check "--all writes every department and an index" $GK sheet --plan 調査計画 --year R5 --all -o "$W/all"
check_eq "the index lists both departments" "2" "$(grep -c xlsx "$W/all/index.csv")"
meta=$($PY -c "
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1])
ws=wb['入力']
print(wb.sheetnames, wb['_gyokaku'].sheet_state, ws.protection.sheet, ws.freeze_panes,
      ws.page_setup.orientation, ws.page_setup.paperSize, ws.print_title_rows,
      ws.column_dimensions['Q'].hidden, ws['L4'].protection.locked, ws['C4'].protection.locked,
      ws['C4'].alignment.wrap_text, len(ws.data_validations.dataValidation) >= 2)" "$W/shimin.xlsx")
check_eq "the workbook: cover, entry, hidden identity; protected, frozen, A4 landscape, header rows repeated, identity hidden, input unlocked, context locked and wrapped, validated" \
    "['表紙', '入力', '_gyokaku'] hidden True D3 landscape 9 \$1:\$2 True False True True True" "$meta"

# the clerks fill them in
$PY tests/e2e/sheet-edit.py "$W/shimin.xlsx" 待ち時間 実績値 １８分 残業時間 実績値 '#1050.3' \
    '① 窓口の改善' 取組状況 "$(printf '窓口を二つにした。\n番号札を導入した。')" \
    待ち時間 評価 達成 x 記入者 '山田 花子' || bail "openpyxl edits 市民課"
$PY tests/e2e/sheet-edit.py "$W/somu.xlsx" 電子化の状況 実績値 実施 \
    '③ 文書の電子化' 取組状況 全課で電子化した。 x 記入者 '佐藤' || bail "openpyxl edits 総務課"
HOME=$GK_TMP/home soffice --headless --convert-to xlsx --outdir "$W/lo" "$W/somu.xlsx" >/dev/null 2>&1
check "LibreOffice re-saved the 総務課 workbook" test -s "$W/lo/somu.xlsx"
check "LibreOffice wrote its own file" sh -c "! cmp -s '$W/lo/somu.xlsx' '$W/somu.xlsx'"

# the master changes a field the 市民課 clerk filled too
printf '%s\n' "計画,基本目標,取組方針,取組項目,年度,取組状況" \
    "調査計画,1 行政運営,(1) 事務の改善,① 窓口の改善,2023,窓口を増やした（台帳）。" > "$GK_TMP/master.csv"
check "the master changes ①'s 取組状況" $GK import "$GK_TMP/master.csv"

before=$(sha256sum "$db" | cut -d' ' -f1)
out=$($GK collect --dry-run "$W/shimin.xlsx" "$W/lo/somu.xlsx" 2>&1)
exp="$W/shimin.xlsx: 調査計画, 市民課, 山田 花子: changes 3, conflicts 1
conflict 入力!M3 1 行政運営>(1) 事務の改善>① 窓口の改善 取組状況: master 窓口を増やした（台帳）。, workbook 窓口を二つにした。⏎番号札を導入した。, when made (empty)
change 入力!L4 1 行政運営>(1) 事務の改善>① 窓口の改善>待ち時間 実績値: (empty) -> 18分
change 入力!O4 1 行政運営>(1) 事務の改善>① 窓口の改善>待ち時間 評価: (empty) -> 達成
change 入力!L6 1 行政運営>(1) 事務の改善>② 残業の縮減>残業時間 実績値: (empty) -> 1,050.3時間
$W/lo/somu.xlsx: 調査計画, 総務課, 佐藤: changes 2, conflicts 0
change 入力!M3 1 行政運営>(2) 文書>③ 文書の電子化 取組状況: (empty) -> 全課で電子化した。
change 入力!L4 1 行政運営>(2) 文書>③ 文書の電子化>電子化の状況 実績値: (empty) -> 実施"
check_eq "collect --dry-run lists exactly the changes and the conflict" "$exp" "$out"
check_eq "--dry-run writes nothing" "$before" "$(sha256sum "$db" | cut -d' ' -f1)"

out=$($GK collect "$W/shimin.xlsx" </dev/null 2>&1)
check_eq "without a terminal or --prefer a conflict stops the collection" "1" \
    "$(printf '%s\n' "$out" | grep -cE 'decide (it|them) in the review screen')"
check_eq "... and writes nothing" "$before" "$(sha256sum "$db" | cut -d' ' -f1)"

check "the LibreOffice workbook is collected" $GK collect "$W/lo/somu.xlsx"
check_eq "its list pick is saved" "実施" \
    "$(sql "select actual_raw from value v join series s on s.id=v.series_id join node n on n.id=s.node_id where n.title='電子化の状況' and v.year=2023")"

# the conflict in the review screen: m keeps the master's text, then e edits
# the workbook's into the text saved
start 100 30 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GK collect "$W/shimin.xlsx"
waits "undecided 1" "the review screen shows the conflict"
shows "the master's text is shown" "窓口を増やした（台帳）。"
shows "the workbook's text is shown" "番号札を導入した。"
keys Enter
shows "Enter with a conflict undecided is refused" "Decide every conflict first"
keys m
shows "m keeps the master" "keep master"
keys e
shows "e opens the editor on the workbook's text" "Ctrl-S / F2: done"
T send-keys -l "（台帳と統合）"; sleep 0.2
keys C-s
shows "the edited text is decided" "edited"
shows "the edit keeps the note's line breaks" "番号札を導入した。（台帳と統合）"
keys Enter
waits "4 fields written" "the changes are applied"

check_eq "全角 digits with the unit saved as the form saves them" "18分" \
    "$(sql "select actual_raw from value v join series s on s.id=v.series_id join node n on n.id=s.node_id where n.title='待ち時間' and v.year=2023")"
check_eq "a number cell in the style of the indicator's cells" "1,050.3時間" \
    "$(sql "select actual_raw from value v join series s on s.id=v.series_id join node n on n.id=s.node_id where n.title='残業時間' and v.year=2023")"
check_eq "the edited 取組状況 saved, line break kept" "$(printf '窓口を二つにした。\n番号札を導入した。（台帳と統合）')" \
    "$(sql "select status from note o join node n on n.id=o.node_id where n.title='① 窓口の改善' and o.year=2023")"
check_eq "the history names the file and the 記入者" "調査票 shimin.xlsx (記入者: 山田 花子)" \
    "$(sql "select comment from history where tbl='value' and new='18分'")"
check "check passes" $GK check
after=$(sha256sum "$db" | cut -d' ' -f1)
out=$($GK collect "$W/shimin.xlsx" "$W/lo/somu.xlsx" 2>&1)
check_eq "a second collection finds nothing" "2" "$(printf '%s\n' "$out" | grep -c ': changes 0, conflicts 0')"
check_eq "a second collection changes nothing" "$after" "$(sha256sum "$db" | cut -d' ' -f1)"
out=$($GK status --plan 調査計画 --year R5 2>&1)
check_eq "status: both workbooks collected" "2" "$(printf '%s\n' "$out" | grep -c '調査票.*: collected')"
check_eq "status --format csv starts with a UTF-8 BOM" "efbbbf" \
    "$($GK status --plan 調査計画 --year R5 --format csv | head -c3 | od -An -tx1 | tr -d ' \n')"
check "status --format csv --encoding cp932 is CP932" sh -c \
    "$GK status --plan 調査計画 --year R5 --format csv --encoding cp932 | iconv -f CP932 -t UTF-8 | grep -q '^所管課,'"
finish
