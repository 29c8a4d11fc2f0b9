#!/usr/bin/python3
"""sheet-excel-style.py IN.xlsx OUT.xlsx — writes the cells of IN again as a
package in Excel's manner, by hand (no Excel here; the habits are those of
Excel's own files, as test_xlsx.c describes them): every string shared,
a text with a line break as rich-text runs, a phonetic run (ふりがな) after a
title, numbers as 17 significant digits (157.1 -> 157.09999999999999),
rows with spans and x14ac attributes, the cells of a row out of order,
worksheet parts renamed and reached through absolute and relative targets,
styles with a custom number format, an extra sheet, docProps naming
Microsoft Excel. Sheet names, order and visibility are kept."""
import sys
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import get_column_letter

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'mc:Ignorable="x14ac xr xr2 xr3" '
      'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
      'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"')
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
strings, index = [], {}


def shared(text):
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return index[text]


def si(text):
    t = escape(text)
    if '\n' in text:  # rich text: the first line bold
        first, rest = text.split('\n', 1)
        return ('<si><r><rPr><b/><sz val="11"/><rFont val="游ゴシック"/></rPr><t>%s</t></r>'
                '<r><rPr><sz val="11"/></rPr><t xml:space="preserve">\n%s</t></r></si>'
                % (escape(first), escape(rest)))
    if text.startswith(('①', '②', '③')):  # a title with its reading
        return ('<si><t>%s</t><rPh sb="2" eb="4"><t>ヨミ</t></rPh>'
                '<phoneticPr fontId="1"/></si>' % t)
    return '<si><t>%s</t></si>' % t


def sheet_xml(ws):
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            if c.value is None:
                continue
            ref = '%s%d' % (get_column_letter(c.column), c.row)
            if isinstance(c.value, bool):
                cells.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, c.value))
            elif isinstance(c.value, (int, float)):
                cells.append('<c r="%s" s="1"><v>%s</v></c>' % (ref, format(float(c.value), '.17g')))
            else:
                cells.append('<c r="%s" s="2" t="s"><v>%d</v></c>' % (ref, shared(str(c.value))))
        if cells:
            cells.reverse()  # out of order: a reader must go by r
            rows.append('<row r="%d" spans="1:%d" x14ac:dyDescent="0.4">%s</row>'
                        % (row[0].row, ws.max_column, ''.join(cells)))
    return (HEAD + '<worksheet %s><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="18.75" x14ac:dyDescent="0.4"/>'
            '<sheetData>%s</sheetData><pageMargins left="0.7" right="0.7" top="0.75" '
            'bottom="0.75" header="0.3" footer="0.3"/></worksheet>' % (NS, ''.join(rows)))


names = wb.sheetnames + ['メモ']
parts = {}
sheets, rels, over = [], [], []
for i, name in enumerate(names):
    part = 'ws%02d.xml' % (len(names) - i)  # parts named against their order
    rid = 'rId%d' % (10 + i)
    state = wb[name].sheet_state if name in wb.sheetnames else 'visible'
    parts['xl/worksheets/' + part] = (sheet_xml(wb[name]) if name in wb.sheetnames else
                                      sheet_xml(openpyxl.Workbook().active))
    sheets.append('<sheet name="%s" sheetId="%d"%s r:id="%s"/>'
                  % (escape(name), i + 1, '' if state == 'visible' else ' state="%s"' % state, rid))
    target = ('/xl/worksheets/' if i % 2 else 'worksheets/') + part
    rels.append('<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/worksheet" Target="%s"/>' % (rid, target))
    over.append('<Override PartName="/xl/worksheets/%s" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % part)
rels.append('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>')
rels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>')
parts['xl/workbook.xml'] = (
    HEAD + '<workbook %s><fileVersion appName="xl" lastEdited="7" lowestEdited="7" '
    'rupBuild="27328"/><workbookPr defaultThemeVersion="153222"/><bookViews>'
    '<workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300" '
    'activeTab="1"/></bookViews><sheets>%s</sheets><calcPr calcId="191029"/></workbook>'
    % (NS, ''.join(sheets)))
parts['xl/_rels/workbook.xml.rels'] = (
    HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + ''.join(rels) + '</Relationships>')
parts['xl/sharedStrings.xml'] = (
    HEAD + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
    'uniqueCount="%d">%s</sst>' % (len(strings), len(strings), ''.join(si(s) for s in strings)))
parts['xl/styles.xml'] = (
    HEAD + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="176" formatCode="#,##0.0_ "/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="游ゴシック"/><family val="2"/>'
    '<charset val="128"/></font><font><sz val="6"/><name val="游ゴシック"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs></styleSheet>')
parts['[Content_Types].xml'] = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>' + ''.join(over) + '</Types>')
parts['_rels/.rels'] = (
    HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
parts['docProps/app.xml'] = (
    HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>Microsoft Excel</Application></Properties>')
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for name in ['[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'xl/workbook.xml',
                 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml']:
        z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts.pop(name),
                   zipfile.ZIP_DEFLATED)
    for name in sorted(parts):
        z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name], zipfile.ZIP_DEFLATED)
