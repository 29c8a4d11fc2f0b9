#!/bin/bash
# The submission board (F4) in tmux: per 所管課 the items and indicators
# 未入力 / 入力中 / 差し戻し / 提出 / 承認 as counts and as a bar, in both
# ambiguous-width modes; `s` sorts by what is missing; Enter filters; F1
# lists the keys. Every expected count and order is worked out from
# `gyokaku status --format csv`, never from the screen.
. tests/e2e/lib.sh
build_helpers || bail "build test helpers"

db="$GK_TMP/board.db"
G() { $GYOKAKU --db "$db" "$@"; }
cat > "$GK_TMP/plan.csv" <<'CSV'
計画,基本目標,取組項目,所管課,見直し区分,指標,単位,年度,目標値,実績値,取組状況
P,G,項目A1,企画課,継続,,,2024,,,済んだ
P,G,項目A1,,,指標A1,件,2024,10件,12件,
P,G,項目B1,財政課,継続,,,,,,
P,G,項目B1,,,指標B1,件,2024,5件,,
P,G,項目B2,財政課,継続,,,,,,
P,G,項目C1,職員課,継続,,,2024,,,提出する
P,G,項目C1,,,指標C1,件,2024,5件,6件,
P,G,項目C2,職員課,継続,,,,,,
P,G,項目C2,,,指標C2,件,2024,5件,,
P,G,項目D1,税務課,継続,,,2024,,,戻される
P,G,項目E1,,継続,,,,,,
P,G,項目F1,企画課,廃止（集約）,,,,,,
CSV
G init 2>/dev/null
G import "$GK_TMP/plan.csv" 2>/dev/null || bail "import the plan"
G submit --year 2024 項目A1 項目C1 項目D1 2>/dev/null || bail "submit"
G approve --year 2024 項目A1 2>/dev/null || bail "approve"
G return --year 2024 --comment 根拠を添えて 項目D1 2>/dev/null || bail "return"

# the expectation, from status: the board's departments in the store's order,
# the screen's name for each ("" is (no department)), and the counts
G status --year 2024 --format csv | sed 's/^\xEF\xBB\xBF//; s/\r$//' | tail -n +2 >"$GK_TMP/status.csv"
# 19 checks, and 2 per department in each of the two widths
plan $((19 + 4 * $(wc -l <"$GK_TMP/status.csv")))
check_eq "status counts five departments (the ended 項目F1 is left out)" 5 "$(wc -l <"$GK_TMP/status.csv")"
check_eq "status: 企画課 has its item and indicator approved and nothing else" \
    "0/0 0/0 0/0 0/0 1/1" "$(status_row "$db" 2024 企画課)"
label() { [ -n "$1" ] && printf '%s' "$1" || printf '(no department)'; }

# --- counts and bars, narrow -----------------------------------------------------------
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db $db --year 2024"
start 80 24 $GK
wait_for "F10" >/dev/null
keys d
waits "items/indicators" "d opens the submission board"
shows "the board has a column per state" "not entered entering returned submitted approved"
shows "the board's legend explains the bar" "█ approved  ▓ submitted  ▒ returned  ▄ entering  ▁ not entered"
aligned "the submission board" 80

# bar_of NAME — the bar of NAME's row (the block characters after the counts)
bar_of() { screen | grep '^ *|' | grep -F -- " $1 " | head -1 | sed 's/.*[0-9] //; s/ *|.*$//; s/ //g'; }
# glyph counts of a bar: "█ ▓ ▒ ▄ ▁"
glyphs() { local b=$1 g out=""; for g in █ ▓ ▒ ▄ ▁; do out="$out $(printf '%s' "$b" | grep -o "$g" | wc -l)"; done; echo "${out# }"; }
# check_bar NAME CSVROW — each state's glyph is in the bar exactly when
# status counts something in that state, and a state with more nodes never
# has the shorter run
check_bar() {
    local name=$1 row=$2 bar; bar=$(bar_of "$name")
    local -a g c; read -ra g <<<"$(glyphs "$bar")"
    # status columns by state: 未入力 入力中 差し戻し 提出 承認 (items, then indicators)
    local -a f; IFS=, read -ra f <<<"$row"
    local st
    for st in 0 1 2 3 4; do c[$st]=$(( f[1 + st] + f[6 + st] )); done
    # the bar runs 承認 提出 差し戻し 入力中 未入力
    local -a want=("${c[4]}" "${c[3]}" "${c[2]}" "${c[1]}" "${c[0]}")
    local ok=1 i j
    for i in 0 1 2 3 4; do
        { [ "${want[$i]}" -gt 0 ] && [ "${g[$i]}" -eq 0 ]; } && ok=0
        { [ "${want[$i]}" -eq 0 ] && [ "${g[$i]}" -gt 0 ]; } && ok=0
        for j in 0 1 2 3 4; do
            { [ "${want[$i]}" -gt "${want[$j]}" ] && [ "${g[$i]}" -lt "${g[$j]}" ]; } && ok=0
        done
    done
    if [ $ok = 1 ] && [ -n "$bar" ]; then pass "$3: the bar of $name ($bar) follows its counts (${want[*]})"; else
        flunk "$3: the bar of $name ($bar: ${g[*]}) does not follow its counts (${want[*]})"
        screen | sed 's/^/#   /'; fi
}
while IFS= read -r row; do
    d=${row%%,*}
    name=$(label "$d")
    check_eq "the board's counts of $name are status's" "$(status_row "$db" 2024 "$d")" "$(board_row "$name")"
    check_bar "$name" "$row" narrow
done <"$GK_TMP/status.csv"

# --- sorted by what is missing -----------------------------------------------------------
order() { screen | grep '^ *|' | grep -oE '^ *\| +[^ |]+( [a-z]+\))? +[0-9]+/' | sed 's/^ *| *//; s/ *[0-9]*\/$//'; }
check_eq "by department: the store's order (by name, no department last)" \
    "$(while IFS=, read -r d _; do label "$d"; echo; done <"$GK_TMP/status.csv")" "$(order)"
keys s
wait_for "sorted by what is missing" >/dev/null
# missing = 未入力 + 入力中 + 差し戻し of items and indicators; most first, ties in the store's order
want=$(awk -F, '{ printf "%d\t%s\n", $2 + $3 + $4 + $7 + $8 + $9, ($1 == "" ? "(no department)" : $1) }' \
    "$GK_TMP/status.csv" | sort -s -t "$(printf '\t')" -k1,1nr | cut -f2)
check_eq "s sorts by what is missing, most first" "$want" "$(order)"
aligned "the board sorted by what is missing" 80
first=$(printf '%s\n' "$want" | head -1)
keys Home Enter
waits "所管課: $first" "Enter on the first row ($first) filters the tree to it"
keys d
wait_for "items/indicators" >/dev/null
check_eq "the board opens again sorted as it was left" "$want" "$(order)"
keys s
wait_for "sorted by department" >/dev/null
check_eq "s again goes back to the order by department" \
    "$(while IFS=, read -r d _; do label "$d"; echo; done <"$GK_TMP/status.csv")" "$(order)"
keys End Enter
shows "Enter on (no department) says why it cannot filter" "have no 所管課"
keys F1
wait_for "Keys of the department board" >/dev/null
shows "F1 lists s" "sort by what is missing"
keys Escape Escape
wait_for "F10" >/dev/null
# type-to-jump (the screen kit's one rule, list.c ui_view_find): a name's
# start, here without its 部; within a second of the last letter a bound
# key (j: next department) is typed too, so 職j finds nothing and 職員課
# stays selected instead of the department below it
keys d
wait_for "items/indicators" >/dev/null
keys 税 Enter
waits "所管課: 税務課" "typing 税 on the board jumps to 税務課 (Enter filters to it)"
keys d
wait_for "items/indicators" >/dev/null
keys 職 j
shows "a letter typed within a second that matches nothing is said" "no department starts with"
keys Enter
waits "所管課: 職員課" "j typed right after 職 is text, not a move: 職員課 stays selected"
keys q

# --- the same in a terminal that draws ambiguous characters two cells wide -----------------
T kill-server 2>/dev/null
i=0 # wait for the old server to be gone, or the new session lands in it
while T list-sessions >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
LD_PRELOAD="$GK_TMP/wcwidth_wide.so" tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
    env LANG=C.UTF-8 LC_ALL= LANGUAGE= LD_PRELOAD= $GYOKAKU --ambiguous-width=wide --db "$db" --year 2024
T set-option -g remain-on-exit on
wait_for "F10" >/dev/null
keys d
wait_for "items/indicators" >/dev/null
aligned "wide: the submission board" 80 -w
while IFS= read -r row; do
    d=${row%%,*}
    name=$(label "$d")
    check_eq "wide: the counts of $name are status's" "$(status_row "$db" 2024 "$d")" "$(board_row "$name")"
    check_bar "$name" "$row" wide
done <"$GK_TMP/status.csv"
keys s
wait_for "sorted by what is missing" >/dev/null
aligned "wide: sorted by what is missing" 80 -w
keys q q
finish
