#!/bin/bash
# What else `gyokaku sheet` and `gyokaku collect` promise (issue 23), without
# a terminal: the cover's contents and the identity the workbook records
# (database, plan, year, department, the fields as they were); --all's index;
# status naming the outstanding workbook, then none; --prefer master and
# --prefer sheet deciding a conflict, and a second collection changing
# nothing; refusals of a workbook whose plan this database does not have and
# of a row its department no longer leads, the database byte-identical.
. tests/e2e/cli-lib.sh
plan 33
db=$GK_TMP/more.db
$GYOKAKU --db "$db" import tests/e2e/data/sheet.csv >/dev/null 2>&1 || bail "import"
GK="$GYOKAKU --db $db"
PY=/usr/bin/python3
W=$GK_TMP/wb
mkdir -p "$W"
sql() { sqlite3 "$db" "$1"; }
actual() { sql "SELECT actual_raw FROM value v JOIN series s ON s.id = v.series_id JOIN node n ON n.id = s.node_id WHERE n.title = '$1' AND v.year = 2023"; }
status_of() { sql "SELECT status FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$1' AND o.year = 2023"; }
# cell WORKBOOK SHEET LABEL — column B of the row whose column A is LABEL
cell() { $PY -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
print(*[r[1] for r in ws.iter_rows(values_only=True) if r[0] == sys.argv[3]])" "$@"; }

printf '%s\n' "計画,基本目標,取組方針,取組項目,年度,取組状況" \
    "調査計画,1 行政運営,(1) 事務の改善,② 残業の縮減,2023,ノー残業デーを始めた。" > "$GK_TMP/before.csv"
$GK import "$GK_TMP/before.csv" >/dev/null 2>&1 || bail "a 取組状況 before the sheet"
$GK sheet --plan 調査計画 --year R5 --dept 市民課 --deadline '令和6年6月28日' \
    --contact '行政改革推進室 内線2345' -o "$W/shimin.xlsx" >/dev/null 2>&1 || bail "sheet 市民課"
check_eq "cover: the plan" "調査計画" "$(cell "$W/shimin.xlsx" 表紙 計画)"
check_eq "cover: the department" "市民課" "$(cell "$W/shimin.xlsx" 表紙 所管課)"
check_eq "cover: the year" "令和5(2023)年度" "$(cell "$W/shimin.xlsx" 表紙 年度)"
check_eq "cover: the deadline the office set" "令和6年6月28日" "$(cell "$W/shimin.xlsx" 表紙 提出期限)"
check_eq "cover: who to ask" "行政改革推進室 内線2345" "$(cell "$W/shimin.xlsx" 表紙 問い合わせ先)"
check "cover: how to fill in, and a 記入者 cell" $PY -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])['表紙']
rows=list(ws.iter_rows(values_only=True))
labels=[r[0] for r in rows]
text=' '.join(str(r[1]) for r in rows if r[1])
sys.exit(not ('記入方法' in labels and '記入者' in labels and '黄色のセル' in text and '未確定' in text))" "$W/shimin.xlsx"
check_eq "identity: the database's uid" \
    "$(sql "SELECT new FROM history WHERE tbl = 'database' AND field = 'uid'")" \
    "$(cell "$W/shimin.xlsx" _gyokaku database)"
check_eq "identity: the plan's uid, year and department" \
    "$(sql "SELECT uid FROM plan WHERE name = '調査計画'") 2023 市民課" \
    "$(cell "$W/shimin.xlsx" _gyokaku plan_uid) $(cell "$W/shimin.xlsx" _gyokaku year) $(cell "$W/shimin.xlsx" _gyokaku dept)"
check_eq "identity: each row's node, and its fields as they were when made" \
    "$(sql "SELECT uid FROM node WHERE title = '待ち時間'") ノー残業デーを始めた。" \
    "$($PY -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])['入力']
h={c.value: c.column - 1 for c in ws[2]}
r={row[h['取組項目・指標']]: row for row in ws.iter_rows(min_row=3, values_only=True)}
print(r['待ち時間'][h['_node']], r['② 残業の縮減'][h['_status']])" "$W/shimin.xlsx")"
# the office sets the year's deadline and its own grades; --all without --deadline
$GK plan set 調査計画 --year R5 --deadline 2024-06-28 >/dev/null 2>&1 || bail "plan set --deadline"
$GK plan grades 調査計画 '◎>=100,○>=80,△' >/dev/null 2>&1 || bail "plan grades"
$GK sheet --plan 調査計画 --year R5 --all -o "$W/all" >/dev/null 2>&1 || bail "sheet --all"
check_eq "cover: the deadline set with plan set --deadline" "2024年6月28日" \
    "$(cell "$W/all/総務課.xlsx" 表紙 提出期限)"
# validations NAME.xlsx — each validation of the entry sheet: type, cells, list
validations() { $PY -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])['入力']
for dv in sorted(ws.data_validations.dataValidation, key=lambda d: str(d.sqref)):
    print(dv.type, dv.sqref, dv.formula1 if dv.type == 'list' else '')" "$1"; }
check_eq "validation: numbers for 実績値 on the indicators' rows, lengths, 評価 from the plan's grades" \
    "$(printf '%s\n' 'decimal L4 ' 'decimal L6 ' 'textLength M3:N6 ' 'list O3:O6 "◎,○,△"' 'textLength P3:P6 ')" \
    "$(validations "$W/all/市民課.xlsx")"
check_eq "validation: a qualitative 実績値 from its choices, 未確定 among them" \
    'list L4 "検討,実施,検討・実施,継続,完了,未実施,未確定"' \
    "$(validations "$W/all/総務課.xlsx" | grep '^list L')"
check_eq "text cells keep what is typed (Excel's text format @: 4月1日 stays no date), 実績値 stays General" \
    "@ @ @ General @" "$($PY -c "
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); ws=wb['入力']
head={c.value: c.column for c in ws[2] if c.value}
r=[c for c in ws['C'] if c.value == '待ち時間'][0].row
print(*[ws.cell(row=r, column=head[f]).number_format for f in ('取組状況','次年度の取組内容','評価の理由','実績値')],
      [row[1].number_format for row in wb['表紙'].iter_rows() if row[0].value == '記入者'][0])" "$W/all/市民課.xlsx")"
check_eq "print: fit to the page's width" "True 1 0" "$($PY -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])['入力']
print(ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight)" "$W/all/市民課.xlsx")"
check_eq "--all: the index names each department, its file and its rows" \
    "$(printf '所管課,ファイル,行数\n"市民課","市民課.xlsx",4\n"総務課","総務課.xlsx",2')" \
    "$(sed '1s/^\xef\xbb\xbf//' "$W/all/index.csv" | tr -d '\r')"
out=$($GK status --plan 調査計画 --year R5 2>&1)
check_eq "status: both departments' workbooks outstanding" "2" \
    "$(printf '%s\n' "$out" | grep -c '調査票 .*: outstanding')"

# a conflict each: the clerks write, the master changes the same fields
$PY tests/e2e/sheet-edit.py "$W/all/市民課.xlsx" 待ち時間 実績値 19分 残業時間 実績値 1100時間 \
    x 記入者 '山田' || bail "edit 市民課"
$PY tests/e2e/sheet-edit.py "$W/all/総務課.xlsx" '③ 文書の電子化' 取組状況 台帳を電子化した。 \
    x 記入者 '佐藤' || bail "edit 総務課"
printf '%s\n' "計画,基本目標,取組方針,取組項目,指標,年度,実績値,取組状況" \
    "調査計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,2023,21分," \
    "調査計画,1 行政運営,(2) 文書,③ 文書の電子化,,2023,,起案を電子化した。" > "$GK_TMP/master.csv"
$GK import "$GK_TMP/master.csv" >/dev/null 2>&1 || bail "the master changes"

out=$($GK collect --prefer master "$W/all/市民課.xlsx" 2>&1)
check_eq "--prefer master: the master's actual stays" "21分" "$(actual 待ち時間)"
check_eq "... the change without a conflict is applied" "1,100時間" "$(actual 残業時間)"
check "... and the collection says so" sh -c "printf '%s\n' \"\$1\" | grep -q 'changes 1, conflicts 1'" _ "$out"
snapshot "$db"
out=$($GK collect --prefer master "$W/all/市民課.xlsx" 2>&1)
check "collecting it again finds nothing" sh -c "printf '%s\n' \"\$1\" | grep -q ': changes 0, conflicts 0'" _ "$out"
intact "... and changes nothing"
out=$($GK collect --dry-run "$W/all/市民課.xlsx" 2>&1)
check "the kept master is remembered: no conflict without --prefer either" \
    sh -c "printf '%s\n' \"\$1\" | grep -q ': changes 0, conflicts 0'" _ "$out"

$GK collect --prefer sheet "$W/all/総務課.xlsx" >/dev/null 2>&1
check_eq "--prefer sheet: the workbook's 取組状況 is taken" "台帳を電子化した。" "$(status_of '③ 文書の電子化')"
check_eq "... with the master's text in the history" "起案を電子化した。|台帳を電子化した。" \
    "$(sql "SELECT old || '|' || new FROM history WHERE tbl = 'note' AND new = '台帳を電子化した。'")"
check "check passes" $GK check
out=$($GK status --plan 調査計画 --year R5 2>&1)
check_eq "status: both collected, none outstanding" "2 0" \
    "$(printf '%s\n' "$out" | grep -c '調査票 .*: collected') $(printf '%s\n' "$out" | grep -c 'outstanding')"

# a workbook in Excel's manner (sheet-excel-style.py: shared strings with
# rich-text and phonetic runs, 17-digit doubles, cells out of order, parts
# renamed, an extra sheet)
$GK sheet --plan 調査計画 --year R5 --dept 市民課 -o "$W/ex.xlsx" >/dev/null 2>&1 || bail "sheet"
$PY tests/e2e/sheet-edit.py "$W/ex.xlsx" 残業時間 実績値 '#157.1' \
    '② 残業の縮減' 取組状況 "$(printf '定時退庁日を設けた。\n効果を測る。')" x 記入者 'エクセル 太郎' ||
    bail "edit"
$PY tests/e2e/sheet-excel-style.py "$W/ex.xlsx" "$W/excel.xlsx" || bail "excel-style"
check "the Excel-style copy holds 157.1 as a 17-digit double" \
    sh -c "unzip -p '$W/excel.xlsx' | grep -q '<v>157.09999999999999</v>'"
out=$($GK collect --dry-run "$W/excel.xlsx" 2>&1)
check_eq "collect --dry-run of the Excel-style workbook" \
    "$W/excel.xlsx: 調査計画, 市民課, エクセル 太郎: changes 2, conflicts 0
change 入力!M5 1 行政運営>(1) 事務の改善>② 残業の縮減 取組状況: ノー残業デーを始めた。 -> 定時退庁日を設けた。⏎効果を測る。
change 入力!L6 1 行政運営>(1) 事務の改善>② 残業の縮減>残業時間 実績値: 1,100時間 -> 157.1時間" "$out"
$GK collect "$W/excel.xlsx" >/dev/null 2>&1
check_eq "... collected: 157.1, never 157.09999999999999, and the note's line break" \
    "157.1時間|$(printf '定時退庁日を設けた。\n効果を測る。')" "$(actual 残業時間)|$(status_of '② 残業の縮減')"

# refusals, each leaving the database as it was
$GK sheet --plan 調査計画 --year R5 --dept 市民課 -o "$W/late.xlsx" >/dev/null 2>&1 || bail "sheet"
$PY tests/e2e/sheet-edit.py "$W/late.xlsx" 待ち時間 実績値 22分 || bail "edit"
copy=$GK_TMP/copy.db
cp "$db" "$copy"
sqlite3 "$copy" "UPDATE plan SET uid = lower(hex(randomblob(16))) WHERE name = '調査計画'"
snapshot "$copy"
out=$($GYOKAKU --db "$copy" collect --prefer sheet "$W/late.xlsx" 2>&1)
check "a workbook of a plan this database does not have is refused" \
    sh -c "printf '%s\n' \"\$1\" | grep -qF 'made for plan 調査計画, which this database does not have'" _ "$out"
intact "... the database byte-identical"
$GK dept assign '① 窓口の改善' 総務課 >/dev/null 2>&1 || bail "dept assign"
snapshot "$db"
out=$($GK collect --prefer sheet "$W/late.xlsx" 2>&1)
check "a row its department no longer leads is refused" \
    sh -c "printf '%s\n' \"\$1\" | grep -qF 'no longer led by 市民課'" _ "$out"
intact "... the database byte-identical"
finish
