#!/bin/bash
# The clerk's annual round on a small plan (tests/e2e/data/clerk.csv): the
# form shows last year's 次年度の取組内容, the details keep labels apart
# from values, and ./gyokaku speaks Japanese in a Japanese locale from its
# build tree.
. tests/e2e/lib.sh
build_helpers || { echo "not ok - build test helpers"; exit 1; }
db=$(test_db clerk tests/e2e/data/clerk.csv) || exit 1
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db $db"

# --- the details and the form -------------------------------------------------------
start 80 24 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "待ち時間"; sleep 0.2; keys Enter
shows "the search finds the indicator" "Indicator"
keys Left
keys e
wait_for "Entry: ① 窓口の改善" && echo "ok - e on the item opens its form for 令和5(2023)年度"
shows "the form names last year's 次年度の取組内容" "次年度の取組内容 written for R5(2023):"
shows "the form shows last year's 次年度の取組内容" "受付窓口を二つに増やす。"
aligned "entry form with last year's plan" 80
keys Escape
wait_for "F10" >/dev/null
keys q

# 初期値(2021) fills the year column of the table to its last cell
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
keys / ; T send-keys "待ち時間"; sleep 0.2; keys Enter
shows "a label and its value never run together (初期値(2021) 30分)" "初期値(2021) 30分"
shows "a computed 評価 is in parentheses" "(未達成)"
keys q

# --- translations found from the build tree -------------------------------------------
# A Japanese locale compiled into GK_TMP (no root, nothing installed): the
# program run as ./gyokaku finds build/locale beside it.
mkdir -p "$GK_TMP/loc"
if [ "$GYOKAKU" = ./gyokaku ] && localedef -i ja_JP -f UTF-8 "$GK_TMP/loc/ja_JP.UTF-8" >/dev/null 2>&1; then
    start 80 24 env -u GYOKAKU_LOCALEDIR -u LANGUAGE LC_ALL= LOCPATH="$GK_TMP/loc" \
        LANG=ja_JP.UTF-8 ./gyokaku --db "$db"
    wait_for "F10" >/dev/null
    shows "in ja_JP.UTF-8, ./gyokaku from the build tree is Japanese without make install" "F1 ヘルプ"
    keys q
    out=$(cd "$GK_TMP" && env -u GYOKAKU_LOCALEDIR -u LANGUAGE LC_ALL= LOCPATH="$GK_TMP/loc" \
        LANG=ja_JP.UTF-8 "$OLDPWD/gyokaku" --db "$db" stats --plan 無い計画 2>&1)
    check "... also when started by its full path from another folder" grep -q "計画" <<<"$out"
else
    echo "ok - # SKIP localedef cannot make ja_JP.UTF-8 here (or not ./gyokaku)"
fi
finish
