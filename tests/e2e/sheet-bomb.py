#!/usr/bin/python3
"""sheet-bomb.py KIND IN.xlsx OUT.xlsx — a hostile copy of a workbook for the
refusal tests: KIND zip (the entry sheet replaced by 64 MiB of blanks that
compress a thousandfold), xml (workbook.xml with a billion-laughs DOCTYPE)."""
import sys
import zipfile

kind, src, dst = sys.argv[1:4]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if kind == 'zip' and item.filename == 'xl/worksheets/sheet2.xml':
            with zout.open(item.filename, 'w') as f:
                f.write(b'<worksheet><sheetData>')
                block = b' ' * (1 << 20)
                for _ in range(64):
                    f.write(block)
                f.write(b'</sheetData></worksheet>')
            continue
        if kind == 'xml' and item.filename == 'xl/workbook.xml':
            lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(
                '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10)
                for i in range(1, 10)) + ']>'
            text = data.decode('utf-8')
            head, rest = text.split('?>', 1) if text.startswith('<?xml') else ('', text)
            text = (head + '?>' if head else '') + lol + rest.replace('<sheets>', '<sheets>&lol9;', 1)
            data = text.encode('utf-8')
        zout.writestr(item, data)
