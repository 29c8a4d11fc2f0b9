#!/bin/bash
# The report printed on A4 by headless Chromium, read back page by page with
# `pdftotext -layout`: no heading is the last line of a page (headings keep
# with what follows), an indicator's heading and its year table's first row
# share a page, every year column of a 10-year plan appears (the year table
# wraps into bands), every page but the first carries the plan in its
# running header and every page its number ("3 / 12"); every table's
# caption (the theme matrix, the 集計 tables) shares a page with its header
# row. The plain published layout prints no 見込, no computed 評価, no
# chart, no evaluation box and no 集計 page, and each switch adds exactly
# its part; a plan without indicators prints item cards with 取組状況 and
# 次年度の取組内容 and no empty 評価; a locked year's report marks each item
# not 承認 【未承認】.
. tests/e2e/cli-lib.sh
plan 27
command -v chromium >/dev/null && command -v pdftotext >/dev/null ||
    bail "chromium and pdftotext (poppler-utils) are installed"

# A 10-year plan (R6..R15): 2 基本目標 × 2 取組方針 × 2 取組項目, each with an
# indicator carrying a target and an actual in every year, and notes;
# reported with every addition (charts beside the tables, the 集計 page).
python3 - >"$GK_TMP/ten.csv" <<'PY'
print("計画,計画期間,基本目標,取組方針,取組項目,取組内容,所管課,テーマ,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況,次年度の取組内容")
for g in range(1, 3):
    for p in range(1, 3):
        for i in range(1, 3):
            item = f"項目{g}-{p}-{i} 事務の見直し"
            theme = "DX、財政" if g == 1 else ("人材" if i == 1 else "人材、DX")
            for y in range(2024, 2034):
                base = g * 100 + p * 10 + i
                n = base + (y - 2024) * 3
                status = "取組を進めた。" * 12 if y == 2025 else ""
                nxt = "引き続き取り組む。" * 6 if y == 2025 else ""
                print(f"十年計画,2024-2033,基本目標{g} 効率的な行政,({p}) 方針{g}-{p},{item},"
                      f"内容{g}{p}{i},課{g},{theme},処理件数{g}{p}{i},件,{base - 5}件,2023,{y},{n + 2}件,{n}件,"
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
    if mode == "captions":  # a caption followed on its page by its table's header row
        for cap, head in ((r"^\s*テーマ別の取組項目", r"取組項目\s+DX\s+財政\s+人材"),
                          (r"^\s*基本目標別\s*$", r"^\s*基本目標\s+対象"),
                          (r"^\s*所管課別\s*$", r"^\s*所管課\s+対象")):
            for j, l in enumerate(body):
                if re.match(cap, l) and not any(re.search(head, m) for m in body[j + 1:]):
                    print(f"page {k}: the caption {l.strip()!r} without its header row")
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

# --- tables: the theme matrix and the 集計 tables --------------------------------------
check "the theme matrix is printed (テーマ across, ○ where an item has one)" \
    grep -qE '項目2-1-2 事務の見直し +○ +○$' "$GK_TMP/ten.txt"
check_eq "its 計 counts the items per テーマ (DX 6, 財政 4, 人材 4)" 1 \
    "$(grep -cE '^計 +6 +4 +4$' "$GK_TMP/ten.txt")"
check "the captions (テーマ別, 基本目標別, 所管課別) are printed" \
    sh -c "grep -q 'テーマ別の取組項目' '$GK_TMP/ten.txt' && grep -q '^基本目標別' '$GK_TMP/ten.txt' &&
           grep -q '^所管課別' '$GK_TMP/ten.txt'"
check_eq "every table's caption and its header row share a page" "" "$(pages captions)"

# --- the plain layout and each switch ---------------------------------------------------
# markers of the additions in the PDF's text: a 見込 value (expected), the
# legend of the computed grades (grades), the 基本目標's evaluation box
# (boxes), the 集計 page (summary), a chart's caption (charts); the demo
# plan's first year, whose targets are partly 見込
$GYOKAKU --db "$GK_TMP/demo.db" import db/demo/ebetsu-plan-2024-2028.csv >/dev/null 2>&1
P=$(sqlite3 "$GK_TMP/demo.db" "SELECT name FROM plan")
$GYOKAKU --db "$GK_TMP/demo.db" plan set "$P" --year 2024 >/dev/null 2>&1
markers() { # markers NAME: which additions NAME.txt shows, as "expected grades …"
    local f="$GK_TMP/$1.txt" m=""
    grep -qE '見込 ?[0-9△]' "$f" && m="$m expected"
    grep -q '評価の基準（' "$f" && m="$m grades" # the legend of the computed grades
    grep -qE 'の評価（[0-9]+件' "$f" && m="$m boxes"
    grep -q '^基本目標別' "$f" && m="$m summary"
    grep -q '○ 目標値（破線' "$f" && m="$m charts"
    echo "${m# }"
}
$GYOKAKU --db "$GK_TMP/demo.db" report -o "$GK_TMP/plain.html" 2>/dev/null && pdf plain
check_eq "the plain layout: no 見込, computed 評価, box, 集計 or chart" "" "$(markers plain)"
for a in expected grades boxes summary charts; do
    $GYOKAKU --db "$GK_TMP/demo.db" report --with "$a" -o "$GK_TMP/with-$a.html" 2>/dev/null &&
        pdf "with-$a"
    check_eq "--with $a adds exactly its part" "$a" "$(markers "with-$a")"
done

# --- a plan without indicators ----------------------------------------------------------
cat >"$GK_TMP/noind.csv" <<'CSV'
計画,基本目標,取組方針,取組項目,取組内容,所管課,年度,取組状況,次年度の取組内容
指標なし計画,1 組織,(1) 体制,① 窓口の一元化,窓口を一つにする,総務課,2024,窓口を統合した。,案内を見直す。
指標なし計画,1 組織,(1) 体制,② 会議の削減,会議を減らす,企画課,2024,会議を二割減らした。,更に減らす。
CSV
$GYOKAKU --db "$GK_TMP/noind.db" import "$GK_TMP/noind.csv" >/dev/null 2>&1
$GYOKAKU --db "$GK_TMP/noind.db" report --year 2024 --with all -o "$GK_TMP/noind.html" 2>/dev/null &&
    pdf noind
check "no indicators: each item card has its 取組状況 and 次年度の取組内容" \
    sh -c "[ \$(grep -c '令和6(2024)年度取組状況' '$GK_TMP/noind.txt') = 2 ] &&
           [ \$(grep -c '令和7(2025)年度の取組内容' '$GK_TMP/noind.txt') = 2 ] &&
           grep -q '会議を二割減らした。' '$GK_TMP/noind.txt' && grep -q '更に減らす。' '$GK_TMP/noind.txt'"
check_eq "no indicators: no empty 評価 (－) even with every addition" 0 \
    "$(grep -c '^ *評価 *－' "$GK_TMP/noind.txt")"
check_eq "no indicators: no 実績値を踏まえた (there is no 実績値)" 0 \
    "$(grep -c '実績値を踏まえた' "$GK_TMP/noind.txt")"

# --- a locked year: what was not approved is marked ----------------------------------------
cp "$GK_TMP/noind.db" "$GK_TMP/locked.db"
$GYOKAKU --db "$GK_TMP/locked.db" submit --year 2024 '① 窓口の一元化' >/dev/null 2>&1 &&
    $GYOKAKU --db "$GK_TMP/locked.db" approve --year 2024 '① 窓口の一元化' >/dev/null 2>&1
check_eq "one item is approved" approved \
    "$(sqlite3 "$GK_TMP/locked.db" "SELECT o.state FROM note o JOIN node n ON n.id = o.node_id
        WHERE n.title = '① 窓口の一元化' AND o.year = 2024")"
$GYOKAKU --db "$GK_TMP/locked.db" lock --force --year 2024 --reason 公表 >/dev/null 2>&1
$GYOKAKU --db "$GK_TMP/locked.db" report --year 2024 -o "$GK_TMP/locked.html" 2>/dev/null &&
    pdf locked
check "locked: the item not approved is marked 【未承認】" \
    grep -qE '② 会議の削減 *【未承認】' "$GK_TMP/locked.txt"
check_eq "locked: the approved item is not (one mark in all)" 1 "$(grep -c '【未承認】' "$GK_TMP/locked.txt")"
$GYOKAKU --db "$GK_TMP/noind.db" report --year 2024 -o "$GK_TMP/draft.html" 2>/dev/null && pdf draft
check_eq "a draft (速報) marks nothing" 0 "$(grep -c '【未承認】' "$GK_TMP/draft.txt")"
finish
