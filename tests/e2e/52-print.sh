#!/bin/bash
# The report printed on A4 by headless Chromium, read back page by page with
# `pdftotext -layout`: no heading is the last line of a page (headings keep
# with what follows), an indicator's heading and its year table's first row
# share a page, every year column of a 10-year plan appears (the year table
# wraps into bands), every page but the first carries the plan in its
# running header and every page its number ("3 / 12").
. tests/e2e/cli-lib.sh
plan 10
command -v chromium >/dev/null && command -v pdftotext >/dev/null ||
    bail "chromium and pdftotext (poppler-utils) are installed"

# A 10-year plan (R6..R15): 2 基本目標 × 2 取組方針 × 2 取組項目, each with an
# indicator carrying a target and an actual in every year, and notes;
# reported with every addition (charts beside the tables, the 集計 page).
python3 - >"$GK_TMP/ten.csv" <<'PY'
print("計画,計画期間,基本目標,取組方針,取組項目,取組内容,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況,次年度の取組内容")
for g in range(1, 3):
    for p in range(1, 3):
        for i in range(1, 3):
            item = f"項目{g}-{p}-{i} 事務の見直し"
            for y in range(2024, 2034):
                base = g * 100 + p * 10 + i
                n = base + (y - 2024) * 3
                status = "取組を進めた。" * 12 if y == 2025 else ""
                nxt = "引き続き取り組む。" * 6 if y == 2025 else ""
                print(f"十年計画,2024-2033,基本目標{g} 効率的な行政,({p}) 方針{g}-{p},{item},"
                      f"内容{g}{p}{i},課{g},処理件数{g}{p}{i},件,{base - 5}件,2023,{y},{n + 2}件,{n}件,"
                      f"{status},{nxt}")
PY
$GYOKAKU --db "$GK_TMP/ten.db" import "$GK_TMP/ten.csv" >/dev/null 2>&1
check_eq "the 10-year plan imports" 0 $?
$GYOKAKU --db "$GK_TMP/ten.db" report --year 2025 --with all -o "$GK_TMP/ten.html" 2>/dev/null
check_eq "its report is written" 0 $?

pdf() { # pdf NAME: NAME.html -> NAME.pdf -> NAME.txt (pages split by \f)
    timeout 50 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$GK_TMP/chromium" \
        --no-pdf-header-footer --print-to-pdf="$GK_TMP/$1.pdf" "file://$GK_TMP/$1.html" \
        >"$GK_TMP/$1.log" 2>&1 && pdftotext -layout "$GK_TMP/$1.pdf" "$GK_TMP/$1.txt"
}
pdf ten; check_eq "Chromium prints the 10-year plan" 0 $?
check "on several pages" test "$(grep -c $'\f' "$GK_TMP/ten.txt" 2>/dev/null)" -ge 4

# pages.py TXT MODE: one line per problem (nothing when none)
cat >"$GK_TMP/pages.py" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
mode = sys.argv[2]
pages = text.split("\f")
if pages and not pages[-1].strip():
    pages.pop()
heading = re.compile(r"^\s*(基本目標\s*\S|\(\d+\)\s|指標[①-⑳]|取組項目\s)")
number = re.compile(r"^\s*(\d+) / (\d+)\s*$")
for k, page in enumerate(pages, 1):
    lines = [l for l in page.split("\n") if l.strip()]
    body = [l for l in lines if not number.match(l)]
    nums = [number.match(l) for l in lines if number.match(l)]
    if mode == "heading" and body and heading.match(body[-1]) and len(body) > 1:
        print(f"page {k}: ends with the heading {body[-1].strip()!r}")
    if mode == "table":
        for j, l in enumerate(body):
            if re.match(r"^\s*指標[①-⑳]", l) and not any("目標値" in m for m in body[j + 1:]):
                print(f"page {k}: {l.strip()!r} without its table's first row")
    if mode == "numbers" and (not nums or int(nums[-1].group(1)) != k
                              or int(nums[-1].group(2)) != len(pages)):
        print(f"page {k}: no page number {k} / {len(pages)}")
    if mode == "header" and k > 1 and not lines[0].strip().startswith(sys.argv[3]):
        print(f"page {k}: no running header with the plan ({lines[0].strip()[:30]!r})")
PY
# (a missing file prints its error: the check fails, never passes empty)
pages() { python3 "$GK_TMP/pages.py" "$GK_TMP/ten.txt" "$@" 2>&1; }
check_eq "no heading is the last line of a page" "" "$(pages heading)"
check_eq "an indicator's heading and its table's first row share a page" "" "$(pages table)"
check_eq "every page carries its number (N / pages)" "" "$(pages numbers)"
check_eq "every page after the first has the plan in its running header" "" "$(pages header 十年計画)"
check "the running header names the page's 基本目標" grep -q '十年計画 .*基本目標2 効率的な行政' "$GK_TMP/ten.txt"
missing=""
for y in 6 7 8 9 10 11 12 13 14 15; do
    grep -qF "R$y($((2018 + y)))" "$GK_TMP/ten.txt" || missing="$missing R$y"
done
check_eq "ten: every year column R6..R15 is printed" "" "$missing"
finish
