#!/bin/bash
# One completeness rule (model/progress.h): the report (text), `status` and
# the summary screen (s) print the same figure, on the demo plan and on a
# plan with ended items (見直し区分 廃止/終了/完了) and a qualitative
# indicator entered by its notes. The expected figure of the second plan is
# worked out here by hand, not read from the program.
. tests/e2e/lib.sh
plan 9

# report_pct DB PLAN YEAR — the plan total's completeness in the text report
report_pct() {
    env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$1" report --plan "$2" --year "$3" --format text --with summary |
        grep '対象 ' | tail -1 | grep -oE '[0-9.]+%|（-）' | head -1
}
status_pct() {
    env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$1" status --plan "$2" --year "$3" |
        grep -oE '^completeness [0-9.]+%' | grep -oE '[0-9.]+%'
}
screen_pct() { # screen_pct DB PLAN YEAR
    start 100 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$1" --plan "$2" --year "$3"
    if ! wait_for "F10" >/dev/null; then echo "none"; return; fi
    keys s
    if ! wait_for " Summary " >/dev/null; then echo "none"; return; fi
    screen | head -1 | grep -oE 'missing [0-9]+, [0-9.]+%' | grep -oE '[0-9.]+%'
    keys q
}

# --- the demo ---------------------------------------------------------------------------
PLAN='江別市行政改革推進計画（令和元(2019)年度～令和5(2023)年度）'
db=$(test_db demo db/demo/ebetsu-status-fy2022.csv) || exit 1
r=$(report_pct "$db" "$PLAN" 2022); s=$(status_pct "$db" "$PLAN" 2022); v=$(screen_pct "$db" "$PLAN" 2022)
check "demo: the report has a figure ($r)" test -n "$r"
check_eq "demo: status says what the report says" "$r" "$s"
check_eq "demo: the summary screen says what the report says" "$r" "$v"

# --- a plan with ended items ----------------------------------------------------------
# Units: items ① ② ③ ④ (no indicators), 指標E 指標F 指標Q (under ⑤), 指標G
# (under ⑥, 終了). 2024 entered: ① (取組状況), ④ (完了, entered all the
# same), 指標E (its actual), 指標Q (qualitative, 取組状況 and 次年度 written).
# Ended and not entered: ③ (廃止), 指標G. Needed 8 - 2 = 6, entered 4:
# 66.6 % (rounded down). Dividing by every unit would give 50.0 %.
cat > "$GK_TMP/ended.csv" <<'CSV'
計画,基本目標,取組項目,見直し区分,所管課,指標,年度,目標値,実績値,取組状況,次年度の取組内容
E,G,① 項目A,継続,課A,,2024,,,状況A,
E,G,② 項目B,新規,課A,,2024,,,,
E,G,③ 項目C,廃止（取組を集約）,課A,,2024,,,,
E,G,④ 項目D,完了,課A,,2024,,,最後の状況,
E,G,⑤ 項目E,継続,課B,,2024,,,,
E,G,⑤ 項目E,,,指標E,2024,10,5,,
E,G,⑤ 項目E,,,指標F,2024,10,,,
E,G,⑤ 項目E,,,指標Q,2024,実施,,取組を進めた,続ける
E,G,⑥ 項目F,終了,課B,,2024,,,,
E,G,⑥ 項目F,,,指標G,2024,10,,,
CSV
edb=$(test_db ended "$GK_TMP/ended.csv") || exit 1
r=$(report_pct "$edb" E 2024); s=$(status_pct "$edb" E 2024); v=$(screen_pct "$edb" E 2024)
check_eq "ended: the report leaves the ended units out (6 needed, 4 entered)" "66.6%" "$r"
check_eq "ended: status says what the report says" "$r" "$s"
check_eq "ended: the summary screen says what the report says" "$r" "$v"
check "ended: the report counts the ended units apart" grep -qF '入力不要 2' \
    <<<"$(env LANG=C.UTF-8 $GYOKAKU --db "$edb" report --plan E --year 2024 --format text --with summary)"
check "ended: status counts them apart" grep -qF 'units 8, entered 4, no entry needed 2, missing 2' \
    <<<"$(env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$edb" status --plan E --year 2024)"
check "ended: the summary screen counts them apart" grep -qF 'units 8, entered 4, missing 2' \
    <<<"$(start 100 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$edb" --plan E --year 2024
          wait_for F10 >/dev/null; keys s; wait_for " Summary " >/dev/null; screen | head -1)"
finish
