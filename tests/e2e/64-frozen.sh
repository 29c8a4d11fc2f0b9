#!/bin/bash
# Issue 18: published means frozen. A locked year's published result — the
# report in every format and the summary screen (s) — stays what it was
# while later targets (見込), base values, grade bands and their names,
# titles and the plan's name change; unlocked (with a reason), the summary
# shows the changes.
. tests/e2e/lib.sh
plan 11

db=$(test_db frozen tests/e2e/data/clerk.csv) || bail "import the test plan"
P=事務計画
$GYOKAKU --db "$db" lock --year 2022 --reason 公表 --force >/dev/null 2>&1 || bail "lock 2022"

reports() { # reports TAG — every format of the 2022 report into $GK_TMP/TAG.FORMAT
    local f
    for f in text csv md html; do
        env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$db" report --plan "$1" --year 2022 --format $f \
            --with all -o "$GK_TMP/$2.$f" 2>/dev/null || echo "# report $f failed"
    done
}
# summary PLAN FILE — the summary screen of 2022 (100×24) into FILE; fails
# when it does not open
summary() {
    start 100 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$db" --plan "$1" --year 2022
    wait_for "$1" || return 1
    keys s
    wait_for "Summary" || return 1
    screen >"$2"
    T kill-server 2>/dev/null
}

reports "$P" before
summary "$P" "$GK_TMP/sum.before" || flunk "the summary of the locked year opens"
check "the summary says the locked year is shown as published" \
    grep -q "as locked" "$GK_TMP/sum.before"

# --- what 評価 depends on, changed through gyokaku after the lock ----------------------
$GYOKAKU --db "$db" plan grades "$P" 'S>=120,優>=100,可' >/dev/null 2>&1 || flunk "set grade bands"
cat >"$GK_TMP/later.csv" <<'CSV'
計画,基本目標,取組方針,取組項目,指標,単位,初期値,初期値年度,年度,目標値
事務計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,分,40分,2021,2023,29分
事務計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,分,40分,2021,2024,5分
CSV
$GYOKAKU --db "$db" import "$GK_TMP/later.csv" >/dev/null 2>"$GK_TMP/imp.err"
check_eq "later targets and a base value change after the lock (import)" 0 $?
$GYOKAKU --db "$db" plan rename "$P" 事務計画改 >/dev/null 2>&1
check_eq "the plan is renamed after the lock" 0 $?
P2=事務計画改

reports "$P2" after
for f in text csv md html; do
    check "the $f report of the locked year is byte for byte as published" \
        cmp "$GK_TMP/before.$f" "$GK_TMP/after.$f"
done
summary "$P2" "$GK_TMP/sum.after" || flunk "the summary opens after the changes"
if diff "$GK_TMP/sum.before" "$GK_TMP/sum.after" >"$GK_TMP/sum.diff"; then
    pass "the summary screen of the locked year is unchanged"
else
    flunk "the summary screen of the locked year is unchanged"; sed 's/^/#   /' "$GK_TMP/sum.diff"
fi
check "it shows the plan's name as published" grep -qE "\| $P *\$" "$GK_TMP/sum.after"

# --- unlocked: the live data again -------------------------------------------------------
$GYOKAKU --db "$db" unlock --year 2022 --reason 訂正 >/dev/null 2>&1
check_eq "the year is unlocked with a reason" 0 $?
summary "$P2" "$GK_TMP/sum.open" || flunk "the summary opens unlocked"
check "unlocked, the summary shows the changes (the checks above can fail)" \
    sh -c "! cmp -s '$GK_TMP/sum.before' '$GK_TMP/sum.open' && ! grep -q 'as locked' '$GK_TMP/sum.open'"
finish
