#!/bin/bash
# gyokaku report: the golden files of the demo plans in every format (same
# database, same bytes), the HTML well-formed and self-contained
# (htmlcheck.py), rendered by headless Chromium to PDF and PNG with every
# 取組項目 and 指標 title and every actual of the year in the PDF's text, data
# with <script> and & coming out escaped; the text format's width; --stamp;
# plan grades; usage errors.
. tests/e2e/cli-lib.sh
# 49 checks, and per golden file one, per golden text (but the wide ones)
# one for its width, per golden HTML (and the hostile one) one for its
# form, per demo plan two for its rendering: counted from the expectation
# (tests/golden/report/, db/demo/), not from what the program wrote
golden=tests/golden/report
plan $((49 + $(ls $golden | wc -l) + $(ls $golden/*.txt | grep -vc 'wide\.txt$') +
    $(ls $golden/*.html | wc -l) + 1 + 2 * $(ls db/demo/*.csv | wc -l)))

# --- golden files (update with `make golden`) ------------------------------------
GYOKAKU=$GYOKAKU bash tests/golden/report.sh "$GK_TMP/out" 2>"$GK_TMP/err"
check_eq "the demo reports are written" 0 $?
for f in tests/golden/report/*; do
    n=$(basename "$f")
    if cmp -s "$f" "$GK_TMP/out/$n"; then pass "$n is as the golden file"; else
        flunk "$n differs from the golden file (make golden to accept):"
        diff "$f" "$GK_TMP/out/$n" | head -20 | sed 's/^/#   /'; fi
done
check_eq "no report without a golden file" \
    "$(ls tests/golden/report | sort | tr '\n' ' ')" "$(ls "$GK_TMP/out" | sort | tr '\n' ' ')"
for f in "$GK_TMP"/out/*.txt; do
    [ "${f%wide.txt}" = "$f" ] || continue
    check_eq "$(basename "$f") fits 80 columns" yes "$([ "$(wc -L < "$f")" -le 80 ] && echo yes)"
done

# --- hostile data -------------------------------------------------------------------
db="$GK_TMP/h.db"
$GYOKAKU --db "$db" init 2>/dev/null
cat > "$GK_TMP/h.csv" <<'CSV'
計画,基本目標,取組方針,取組項目,取組内容,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,取組状況,次年度の取組内容
危険な計画 & 試験,目標 <b>太字</b> & 続き,方針 ' " ',"項目 <i>x</i> & ""y""",内容 </td></table>,課 & 係,指標 <img src=x onerror=alert(1)>,件,10件,2020,2022,20件,15件,"<script>alert(""x"")</script> & 実施","</dl></section><h1>偽</h1>"
CSV
$GYOKAKU --db "$db" import "$GK_TMP/h.csv" 2>"$GK_TMP/err"
check_eq "the hostile plan imports" 0 $?
$GYOKAKU --db "$db" report -o "$GK_TMP/h.html" 2>"$GK_TMP/err"
check_eq "its report is written" 0 $?
check "a <script> note comes out escaped" grep -qF '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 実施' "$GK_TMP/h.html"
check_eq "no <script element in the file" 0 "$(grep -ci '<script' "$GK_TMP/h.html")"
check_eq "no <img element in the file" 0 "$(grep -ci '<img' "$GK_TMP/h.html")"
check "& in a title comes out as &amp;" grep -qF '危険な計画 &amp; 試験' "$GK_TMP/h.html"
check "closing tags in a note come out escaped" grep -qF '&lt;/dl&gt;&lt;/section&gt;&lt;h1&gt;偽' "$GK_TMP/h.html"
$GYOKAKU --db "$db" report --format markdown -o "$GK_TMP/h.md"
check_eq "markdown: no <script" 0 "$(grep -ci '<script' "$GK_TMP/h.md")"

# --- well-formed, self-contained ------------------------------------------------------
for f in "$GK_TMP"/out/*.html "$GK_TMP/h.html"; do
    out=$(python3 tests/e2e/htmlcheck.py "$f" 2>&1)
    check_eq "$(basename "$f") is well-formed and self-contained" "" "$out"
done

# --- rendered by headless Chromium -----------------------------------------------------
render() { # render HTML -> HTML.pdf, HTML.png; prints nothing on success
    local f=$1
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$GK_TMP/chromium" \
        --no-pdf-header-footer --print-to-pdf="$f.pdf" "file://$f" >"$f.log" 2>&1 &&
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$GK_TMP/chromium" \
        --hide-scrollbars --window-size=1000,1400 --screenshot="$f.png" "file://$f" >>"$f.log" 2>&1 &&
    [ -s "$f.pdf" ] && [ -s "$f.png" ] && pdfinfo "$f.pdf" >/dev/null 2>&1 || { echo "render failed"; tail -5 "$f.log"; }
}
squash() { tr -d ' \t\n\r\f　'; }
for csv in db/demo/*.csv; do
    name=$(basename "$csv" .csv)
    f="$GK_TMP/out/$name.html"
    check_eq "Chromium renders $name.html to PDF and PNG" "" "$(render "$f")"
    pdftotext "$f.pdf" - 2>/dev/null | squash > "$f.txt"
    d="$GK_TMP/$name.db"
    $GYOKAKU --db "$d" init 2>/dev/null; $GYOKAKU --db "$d" import "$csv" 2>/dev/null
    year=$(sqlite3 "$d" "SELECT max(year) FROM (SELECT year FROM value WHERE actual_raw IS NOT NULL UNION ALL SELECT year FROM note)")
    missing=""
    while IFS= read -r t; do
        grep -qF -- "$(printf '%s' "$t" | squash)" "$f.txt" || missing="$missing [$t]"
    done < <(sqlite3 "$d" "SELECT title FROM node WHERE kind IN ('item','indicator') ORDER BY pos;
                          SELECT actual_raw FROM value WHERE year = '$year' AND actual_raw IS NOT NULL")
    check_eq "$name.pdf holds every item and indicator title and every actual of $year" "" "$missing"
done
f="$GK_TMP/h.html"
check_eq "Chromium renders the hostile report" "" "$(render "$f")"
pdftotext "$f.pdf" - 2>/dev/null | squash > "$f.txt"
check "the <script> note is shown as text in the PDF" grep -qF '<script>alert("x")</script>&実施' "$f.txt"
check "the <img> title is shown as text in the PDF" grep -qF '指標<imgsrc=xonerror=alert(1)>' "$f.txt"

# --- options ------------------------------------------------------------------------------
$GYOKAKU --db "$GK_TMP/out-tty.db" import db/demo/ebetsu-status-fy2022.csv 2>/dev/null
$GYOKAKU --db "$db" report --format text >"$GK_TMP/a.txt"
check "without --stamp no time" sh -c "! grep -q '作成' '$GK_TMP/a.txt'"
$GYOKAKU --db "$db" report --format text --stamp >"$GK_TMP/s.txt"
check "--stamp writes the time of making" grep -q "作成：$(date +%Y-)" "$GK_TMP/s.txt"
$GYOKAKU --db "$db" report --format text --width 40 >"$GK_TMP/w.txt"
check_eq "--width 40 fits" yes "$([ "$(wc -L < "$GK_TMP/w.txt")" -le 40 ] && echo yes)"
script -qec "stty cols 60 rows 40; $GYOKAKU --db '$GK_TMP/out-tty.db' report --format text 2>/dev/null" /dev/null \
    >"$GK_TMP/tty.txt" 2>&1 </dev/null
check_eq "on a terminal the text takes its width (60)" 60 "$(tr -d '\r' < "$GK_TMP/tty.txt" | wc -L)"
$GYOKAKU --db "$db" report --format text | cat >"$GK_TMP/pipe.txt"
check_eq "into a pipe the text is 80 wide" yes "$([ "$(wc -L < "$GK_TMP/pipe.txt")" -le 80 ] && [ "$(wc -L < "$GK_TMP/pipe.txt")" -gt 60 ] && echo yes)"
G=$(readlink -f "$GYOKAKU") # the subshells below run in $GK_TMP, where a file "-" would land
(cd "$GK_TMP" && $G --db "$db" report --format text -o - >"$GK_TMP/dash.txt")
check "-o - writes standard output" cmp -s "$GK_TMP/dash.txt" "$GK_TMP/a.txt"
check "-o - makes no file named -" test ! -e "$GK_TMP/-"
(cd "$GK_TMP" && $G --db "$db" export -o - >"$GK_TMP/dash.csv")
check "export -o - writes standard output" grep -qF '危険な計画' "$GK_TMP/dash.csv"
check "export -o - makes no file named -" test ! -e "$GK_TMP/-"
(cd "$GK_TMP" && $G --db "$db" backup -o - 2>"$GK_TMP/err")
check_eq "backup -o - is refused" 2 $?
check "backup -o - makes no file named -" test ! -e "$GK_TMP/-"
$GYOKAKU --db "$db" report --format text --year 2030 -o "$GK_TMP/y.txt" 2>"$GK_TMP/err"
check_eq "a year outside the plan is refused (a usage error)" 2 $?
check "naming it" grep -qF 'R12(2030)' "$GK_TMP/err"
check "and writes no file" test ! -e "$GK_TMP/y.txt"
check "a draft says 速報（未確定）" grep -qF '速報（未確定）' "$GK_TMP/a.txt"
cp "$db" "$GK_TMP/lk.db"
$GYOKAKU --db "$GK_TMP/lk.db" lock --force --year 2022 --reason 公表 >/dev/null 2>&1
check "a locked year says 確定 with the lock's date" grep -qF "確定（$(date +%Y-%m-%d) 確定）" \
    <($GYOKAKU --db "$GK_TMP/lk.db" report --format text 2>/dev/null)
$GYOKAKU --db "$db" report --format pdf 2>"$GK_TMP/err"
check_eq "an unknown format is a usage error" 2 $?
$GYOKAKU --db "$db" report --width 10 2>"$GK_TMP/err"
check_eq "a width under 40 is a usage error" 2 $?
$GYOKAKU --db "$db" report --encoding cp932 2>"$GK_TMP/err"
check_eq "--encoding cp932 is for csv only" 2 $?
$GYOKAKU --db "$db" report --plan 'ない計画' -o "$GK_TMP/no.html" 2>"$GK_TMP/err"
check_eq "an unknown plan fails" 1 $?
check "and names it" grep -qF 'ない計画' "$GK_TMP/err"
check "and writes no file" test ! -e "$GK_TMP/no.html"
$GYOKAKU --db "$db" import db/demo/ebetsu-status-fy2022.csv 2>/dev/null
$GYOKAKU --db "$db" report 2>"$GK_TMP/err" >/dev/null
check_eq "several plans without --plan fail" 1 $?
check "and the message says --plan" grep -qF -- '--plan' "$GK_TMP/err"

printf '計画,基本目標,取組項目,所管課,取組状況,年度\nP,目標㉑,項目,課,済,2022\n' > "$GK_TMP/c.csv"
$GYOKAKU --db "$GK_TMP/c.db" import "$GK_TMP/c.csv" 2>/dev/null
$GYOKAKU --db "$GK_TMP/c.db" report --format csv --encoding cp932 -o "$GK_TMP/c.out" 2>"$GK_TMP/err"
check_eq "csv cp932: a character CP932 cannot hold fails" 1 $?
check "naming it" grep -qF '㉑' "$GK_TMP/err"
check "and writes no file" test ! -e "$GK_TMP/c.out"
check_eq "--substitute writes (21)" "基本目標,目標(21),1,1,100.0%,0,0,0,1,0" \
    "$($GYOKAKU --db "$GK_TMP/c.db" report --format csv --encoding cp932 --substitute | iconv -f CP932 -t UTF-8 | sed -n 2p | tr -d '\r')"

# --- plan grades --------------------------------------------------------------------------
P='危険な計画 & 試験'
check_eq "plan grades prints the default" '達成>=100,概ね達成>=80,未達成' "$($GYOKAKU --db "$db" plan grades "$P")"
$GYOKAKU --db "$db" plan grades "$P" 'S>=120,A>=100,B>=80,C'
check_eq "plan grades sets bands" 'S>=120,A>=100,B>=80,C' "$($GYOKAKU --db "$db" plan grades "$P")"
check "the report's summary uses them" grep -q '^.*集計,名称,対象,入力済,入力率,S,A,B,C,未評価' \
    <($GYOKAKU --db "$db" report --plan "$P" --format csv)
check "15 against 20 (75 %) is C (computed: --with grades)" \
    grep -q '^基本目標,目標 <b>太字</b> & 続き,1,1,100.0%,0,0,0,1,0,0' \
    <($GYOKAKU --db "$db" report --plan "$P" --format csv --with grades)
check "the plain layout counts no computed grade" \
    grep -q '^基本目標,目標 <b>太字</b> & 続き,1,1,100.0%,0,0,0,0,1,0' \
    <($GYOKAKU --db "$db" report --plan "$P" --format csv)
$GYOKAKU --db "$db" plan grades "$P" 'A>=80,B>=90,C' 2>"$GK_TMP/err"
check_eq "bands that do not decrease are a usage error" 2 $?
check "naming the band" grep -q 'band 2' "$GK_TMP/err"
$GYOKAKU --db "$db" plan grades "$P" --default
check_eq "--default goes back" '達成>=100,概ね達成>=80,未達成' "$($GYOKAKU --db "$db" plan grades "$P")"
finish
