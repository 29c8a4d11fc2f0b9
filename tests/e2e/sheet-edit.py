#!/usr/bin/python3
"""sheet-edit.py FILE.xlsx [TITLE FIELD VALUE]... — fills a 調査票 as a clerk
would, with openpyxl: FIELD is 実績値, 取組状況, 次年度の取組内容, 評価, 評価の
理由 or 記入者 (the cover; TITLE ignored); TITLE the row's 取組項目・指標 (the
first row of that title); VALUE '-' clears the cell, '#N' writes the number
N as a number cell. For the refusal tests: FIELD _node / _actual writes a
hidden identity column."""
import sys
import openpyxl

path, args = sys.argv[1], sys.argv[2:]
wb = openpyxl.load_workbook(path)
ws = wb['入力']
head = {c.value: c.column for c in ws[2] if c.value}
for i in range(0, len(args), 3):
    title, field, value = args[i:i + 3]
    if value == '-':
        value = None
    elif value.startswith('#'):
        value = float(value[1:])
    if field == '記入者':
        cover = wb['表紙']
        for row in cover.iter_rows():
            if row[0].value == '記入者':
                row[1].value = value
        continue
    col = head[field]
    for row in ws.iter_rows(min_row=3):
        if row[head['取組項目・指標'] - 1].value == title:
            ws.cell(row=row[0].row, column=col).value = value
            break
    else:
        sys.exit('no row titled ' + title)
wb.save(path)
