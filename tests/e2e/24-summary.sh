#!/bin/bash
# The summary screen (s) on the demo plans, in a terminal that draws East
# Asian Ambiguous characters narrow and in one that draws them wide (the
# LD_PRELOAD wcwidth shim of 21-wide.sh with --ambiguous-width=wide), and
# with --ascii: every row's counts and its completeness bar as the report's
# CSV summary says (computed here from `gyokaku report --format csv`, not
# from the screen), the columns aligned, the sort key, Enter back to the
# tree at a 所管課 and at a 基本目標; the year chart in the details of an
# indicator.
. tests/e2e/lib.sh
plan 62
build_helpers || bail "build test helpers"
db=$(test_db summary db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
PLAN='江別市行政改革推進計画（令和元(2019)年度～令和5(2023)年度）'

# --- what the screen must show, from the report's CSV -------------------------------
csv=$(env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$db" report --plan "$PLAN" --format csv --with grades |
    tr -d '\r' | sed '1s/^\xef\xbb\xbf//')
# rows: kind|name|units|entered|g1|g2|g3|ungraded|ended|percent (3 grades:
# 達成 概ね達成 未達成); the completeness is the report's figure (progress.h:
# entered / (units - ended), one decimal rounded down), missing = units -
# ended - entered. tests/e2e/51-agree.sh checks a plan with ended items.
rows=$(printf '%s\n' "$csv" | awk -F, '$1 == "基本目標" || $1 == "所管課" { print $1 "|" $2 "|" $3 "|" $4 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $5 }')
nrows=$(printf '%s\n' "$rows" | grep -c .)
check "the report's CSV has goal and department rows" test "$nrows" -ge 10

# The list rows of the screen: block characters and '#' out, then the
# last seven fields: units, three grades, ungraded, missing, percent.
fields_of() { # fields_of NAME-PREFIX
    screen | grep -F -- " $1" | head -1 | sed 's/[█▏▎▍▌▋▊▉#]//g' |
        awk '{ n = NF; print $(n-6), $(n-5), $(n-4), $(n-3), $(n-2), $(n-1), $n }'
}
# The bar of a row: its characters, in eighths ('#' counts 8).
eighths_of() {
    screen | grep -F -- " $1" | head -1 | python3 -c '
import sys
e = {"█": 8, "▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7, "#": 8}
print(sum(e.get(c, 0) for c in sys.stdin.read()))'
}

# counts NAME-PREFIX … against every row of the CSV
check_counts() { # check_counts MODE
    local mode=$1 bad=0 line kind name units entered g1 g2 g3 ung ended pct prefix want got
    while IFS='|' read -r kind name units entered g1 g2 g3 ung ended pct; do
        prefix=$(printf '%s' "$name" | cut -c1-5)
        [ "$kind" = "所管課" ] && prefix=$name
        want="$units $g1 $g2 $g3 $ung $((units - ended - entered)) $pct"
        got=$(fields_of "$prefix")
        if [ "$want" != "$got" ]; then
            bad=$((bad + 1)); echo "#   $name: expected '$want', screen '$got'"
        fi
    done <<<"$rows"
    check_eq "$mode: every 基本目標 and 所管課 row shows the report's counts ($nrows rows)" 0 "$bad"
}

# Every bar as long as the completeness says: full at 100 %, empty at 0 %,
# else entered/units of the full one's eighths, rounded, never full.
check_bars() { # check_bars MODE
    local mode=$1 bad=0 full kind name units entered g1 g2 g3 ung ended pct prefix got want
    full=$(while IFS='|' read -r kind name units entered g1 g2 g3 ung ended pct; do
        prefix=$(printf '%s' "$name" | cut -c1-5); [ "$kind" = "所管課" ] && prefix=$name
        [ "$units" = "$entered" ] && { eighths_of "$prefix"; break; }
    done <<<"$rows")
    check "$mode: a complete row has a bar ($full eighths)" test "${full:-0}" -gt 8
    while IFS='|' read -r kind name units entered g1 g2 g3 ung ended pct; do
        prefix=$(printf '%s' "$name" | cut -c1-5); [ "$kind" = "所管課" ] && prefix=$name
        want=$(python3 -c "
f, e, u = $full, $entered, $units
if e == 0: print(0)
elif e == u: print(f)
else: print(min(max(round(e / u * f), 1), f - 1))")
        [ "$2" = ascii ] && want=$(python3 -c "
f, e, u = $full // 8, $entered, $units
print(8 * (0 if e == 0 else f if e == u else min(max(round(e / u * f), 1), f - 1)))")
        got=$(eighths_of "$prefix")
        if [ "$want" != "$got" ]; then bad=$((bad + 1)); echo "#   $name: bar of $got eighths, expected $want"; fi
    done <<<"$rows"
    check_eq "$mode: every completeness bar is as long as entered / units" 0 "$bad"
}

# The percentages of all rows end in one display column.
check_columns() { # check_columns MODE [-w]
    local cols
    cols=$(screen | grep -E '[0-9.]+%$' | sed -n '2,$p' | sed 's/%$//' | "$GK_TMP/measure" $2 |
        awk '{ print $1 }' | sort -u | wc -l)
    check_eq "$1: the percentages stand in one column" 1 "$cols"
}

run_checks() { # run_checks MODE COLS [-w] [ascii]
    local mode=$1 cols=$2 w=${3:-}
    keys s
    if ! wait_for "Summary"; then
        flunk "$mode: the summary opens"; return
    fi
    shows "$mode: the summary opens on the plan's year" "令和4(2022)年度"
    aligned "$mode: summary" "$cols" $w
    check_counts "$mode"
    check_bars "$mode" "${4:-}"
    check_columns "$mode" $w
    keys Escape
    wait_gone "Summary |" >/dev/null
}

# --- narrow -----------------------------------------------------------------------------
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$db" --plan "$PLAN"
waits "F10" "the main screen appears"
run_checks narrow 80

# the sort key: least complete first, then most missing first, then the plan's order
keys s
wait_for "Summary" >/dev/null
keys o
shows "o: sorted least complete first" "least complete first"
pcts=$(screen | grep -E '[0-9.]+%$' | sed -n '2,$p' | sed -n '1,3p' | grep -oE '[0-9.]+%$' | tr -d % | tr '\n' ' ')
sorted=$(printf '%s\n' $pcts | sort -n | tr '\n' ' ')
check_eq "the 基本目標 rows are in ascending completeness" "$sorted" "$pcts"
want_first=$(printf '%s\n' "$rows" | awk -F'|' '$1 == "所管課" { printf "%d %s\n", $4 * 1000 / $3, $2 }' | sort -n -s -k1,1 | head -1 | cut -d' ' -f2-)
first_dept=$(screen | awk '/^ 所管課/ { getline; print; exit }')
check "the least complete 所管課 ($want_first) comes first" grep -qF "$want_first" <<<"$first_dept"
keys o
shows "o again: most missing first" "most missing first"
want_first=$(printf '%s\n' "$rows" | awk -F'|' '$1 == "所管課" { print $3 - $4 }' | sort -rn | head -1)
got_first=$(screen | awk '/^ 所管課/ { getline; print; exit }' | sed 's/[█▏▎▍▌▋▊▉]//g' | awk '{ print $(NF-1) }')
check_eq "the first 所管課 has the most missing" "$want_first" "$got_first"
keys o
shows "o a third time: the plan's order" "in the plan's order"

# Enter on a 所管課: the tree filtered to it, at its items. From the first
# row (Home), j passes the 基本目標 rows and the heading to the 所管課 rows,
# in the report's order.
dept=契約管財課
ngoals=$(printf '%s\n' "$rows" | grep -c '^基本目標|')
k=$(printf '%s\n' "$rows" | grep '^所管課|' | grep -n "^所管課|$dept|" | cut -d: -f1)
keys Home
for i in $(seq 1 $((ngoals + k - 1))); do keys j; done
shows "the panel shows the chosen 所管課" "$dept: "
keys Enter
waits "所管課: $dept" "Enter on a 所管課 filters the tree to it"
item=$(sqlite3 "$db" "SELECT n.title FROM node n JOIN node_dept nd ON nd.node_id = n.id JOIN dept d ON d.id = nd.dept_id WHERE d.name = '$dept' ORDER BY n.id LIMIT 1")
shows "the 所管課's first node ($item) is in the tree" "$(printf '%s' "$item" | cut -c1-8)"
shows "and is selected (its details shown whole)" "$item"
aligned "filtered from the summary" 80
keys Escape
wait_for "所管課: all" >/dev/null
# type-to-jump, the same rule as the board's and the choosers' (list.c)
keys s
wait_for "Summary" >/dev/null
keys Home 契約 Enter
waits "所管課: $dept" "typing 契約 on the summary jumps to $dept"
keys Escape
wait_for "所管課: all" >/dev/null

# Enter on a 基本目標: selected and opened
goal=$(printf '%s\n' "$rows" | awk -F'|' '$1 == "基本目標" { print $2 }' | sed -n 3p)
policy=$(sqlite3 "$db" "SELECT c.title FROM node c JOIN node g ON g.id = c.parent_id WHERE g.title = '$goal' ORDER BY c.pos LIMIT 1")
keys s
wait_for "Summary" >/dev/null
keys Home j j Enter
wait_gone "Summary |" >/dev/null
shows "Enter on the third 基本目標 shows it in the details" "$(printf '%s' "$goal" | cut -c1-12)"
shows "and opens it in the tree (its first 取組方針: $policy)" "$policy"
check "the details are the 基本目標's (it is selected)" grep -qE '│ +基本目標' <<<"$(screen)"

# The chart of an indicator in its details: an indicator with 初期値 and a
# target only for a later year (the SNS followers: 1,483 in 2017, 6,000 by
# 2023), so that 2022 shows the interim expectation (見込), computed here
# from the database by linear interpolation, beside the year's actual.
IFS='|' read -r ind base by ty tv av <<<"$(sqlite3 "$db" "
    SELECT n.title, s.base_raw, s.base_year, t.year, t.target_raw, a.actual_raw
    FROM node n JOIN plan p ON p.id = n.plan_id AND p.name = '$PLAN'
    JOIN series s ON s.node_id = n.id
    JOIN value t ON t.series_id = s.id AND t.target_raw IS NOT NULL
    JOIN value a ON a.series_id = s.id AND a.year = 2022 AND a.actual_raw IS NOT NULL
    WHERE s.base_year IS NOT NULL AND t.year > 2022
      AND NOT EXISTS (SELECT 1 FROM value o WHERE o.series_id = s.id AND o.year <= 2022
                      AND o.target_raw IS NOT NULL)
    ORDER BY n.id LIMIT 1")"
expected=$(python3 -c "
b = float('$base'.replace(',', '')); t = float('$tv'.replace(',', ''))
print(f'{round(b + (t - b) * (2022 - $by) / ($ty - $by)):,}')")
check "an indicator with an interim expectation in 2022 ($ind: $base in $by, $tv in $ty)" test -n "$ind"
T resize-window -x 120 -y 50; sleep 0.3
keys /
T send-keys -l "$ind"; sleep 0.2
keys Enter
shows "search reaches the indicator $ind" "$ind"
shows "the details show the chart's heading" "Trend, $base to "
shows "the chart marks 2022 as an interim expectation of $expected" "R4(2022) 見込"
chart=$(screen | grep -F "R4(2022) 見込")
check "the 2022 expectation is $expected" grep -qF "$expected" <<<"$chart"
check "the 2022 expectation has a bar" grep -q '[█▏▎▍▌▋▊▉]' <<<"$chart"
row=$(screen | grep -A1 -F "R4(2022) 見込" | tail -1)
check "under it the 2022 actual ($av)" grep -qF "$av" <<<"$row"
check "the base (the smallest value) is one eighth" \
    test "$(screen | grep -E "Base [^ (]+\(" | grep -o '[█▏▎▍▌▋▊▉]' | tr -d '\n')" = "▏"
check "the largest actual ($av) fills its bar" grep -qE "█ $av\$" <<<"$row"
aligned "indicator details with the chart, 120 columns" 120
T resize-window -x 80 -y 24; sleep 0.3
aligned "indicator details with the chart, 80 columns" 80

# An item ended by its 見直し区分 (set here behind gyokaku's back on a copy):
# its indicators without their 2022 actual (a numeric one: a qualitative
# indicator may be entered by its notes) need no entry, so its 所管課
# counts them apart from the missing ones (as the department board does).
cp "$db" "$GK_TMP/ended.db"
edb="$GK_TMP/ended.db"
dept=契約管財課
item=$(sqlite3 "$edb" "SELECT n.parent_id FROM node n JOIN plan p ON p.id = n.plan_id AND p.name = '$PLAN'
    JOIN node_dept nd ON nd.node_id = n.id AND nd.pos = 0 JOIN dept d ON d.id = nd.dept_id AND d.name = '$dept'
    WHERE n.kind = 'indicator' AND EXISTS (SELECT 1 FROM series s WHERE s.node_id = n.id AND NOT EXISTS
      (SELECT 1 FROM value v WHERE v.series_id = s.id AND v.year = 2022 AND v.actual_raw IS NOT NULL))
    AND EXISTS (SELECT 1 FROM series s JOIN value t ON t.series_id = s.id WHERE s.node_id = n.id
      AND t.target_raw GLOB '*[0-9]*')
    ORDER BY n.id LIMIT 1")
sqlite3 "$edb" "UPDATE node SET review = '廃止（統合）' WHERE id = $item"
# what the screen must show: the report's counts of the changed file
IFS='|' read -r _ _ units entered _ _ _ _ n_ended epct <<<"$(env LANG=C.UTF-8 LANGUAGE= $GYOKAKU --db "$edb" \
    report --plan "$PLAN" --format csv --with grades | tr -d '\r' |
    awk -F, -v d="$dept" '$1 == "所管課" && $2 == d { print $1 "|" $2 "|" $3 "|" $4 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $5 }')"
check "an item of $dept with $n_ended indicator(s) missing 2022 is ended" test "${n_ended:-0}" -ge 1
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$edb" --plan "$PLAN"
wait_for "F10" >/dev/null
keys s
wait_for "Summary" >/dev/null
k=$(printf '%s\n' "$rows" | grep '^所管課|' | grep -n "^所管課|$dept|" | cut -d: -f1)
keys Home
for i in $(seq 1 $((ngoals + k - 1))); do keys j; done
shows "the panel shows $dept" "$dept: "
check_eq "$dept: $n_ended unit(s) need no entry" "$n_ended" \
    "$(screen | grep -F "no entry needed" | sed 's/[█▏▎▍▌▋▊▉]//g' | awk '{ print $NF }')"
check_eq "$dept: missing less the ended ones" "$units $((units - entered - n_ended)) $epct" \
    "$(fields_of "$dept" | awk '{ print $1, $6, $7 }')"
keys q

# --ascii: the same counts, bars in '#'
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --ascii --db "$db" --plan "$PLAN"
wait_for "F10" >/dev/null
run_checks ascii 80 "" ascii
keys s
wait_for "Summary" >/dev/null
if screen | grep -q '[█▏▎▍▌▋▊▉]'; then flunk "--ascii: no block characters"; else pass "--ascii: no block characters"; fi
keys q
wait_gone "Summary |" >/dev/null
keys d # the submission board's bars too
wait_for "items/indicators" >/dev/null
if screen | grep -q '[█▓▒▄▁]'; then flunk "--ascii: the board's bars without block characters"; else pass "--ascii: the board's bars without block characters"; fi
check "--ascii: the board's legend in ASCII" grep -qF "# " <<<"$(screen)"
keys Escape

# --- wide ---------------------------------------------------------------------------------
T kill-server 2>/dev/null
i=0 # wait for the old server to be gone, or the new session lands in it
while T list-sessions >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
LD_PRELOAD="$GK_TMP/wcwidth_wide.so" tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
    env LANG=C.UTF-8 LANGUAGE= LD_PRELOAD= $GYOKAKU --ambiguous-width=wide --db "$db" --plan "$PLAN"
T set-option -g remain-on-exit on
waits "F10" "wide: the main screen appears"
run_checks wide 80 -w
T resize-window -x 120 -y 40; sleep 0.3
run_checks "wide 120x40" 120 -w
keys /
T send-keys -l "$ind"; sleep 0.2
keys Enter
shows "wide: the details show the chart" "Trend, $base to "
aligned "wide: indicator details with the chart" 120 -w
finish
