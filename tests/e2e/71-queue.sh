#!/bin/bash
# The supervisor's side of the yearly cycle in the full-screen interface
# (issue 21), as the login running the test made the plan office (no OS
# users needed): submit from the command line lists what went out and warns
# of an actual far from its earlier years (806 → 1,023人) without refusing;
# the state filter (f) shows only 提出, then only 差し戻し, then 入力中, and
# the top line says which; the details say who submitted, returned and
# approved, and when; marked nodes (m) are approved at once after one
# confirmation that lists them (Esc there changes nothing); F7 asks first,
# listing what goes out with the same warning; the form's 評価 shows the
# proposal as a hint, is not saved from it on F2, and takes it with F5.
. tests/e2e/lib.sh
plan 51

ME=$(id -un)
db="$GK_TMP/queue.db"
G() { $GYOKAKU --db "$db" "$@"; }
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
state() { # state TITLE -> the note's state for 2024 ("" without a note)
    sqlite3 "$db" "SELECT o.state FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$1' AND o.year = 2024"
}
evaluation() { # evaluation TITLE -> the stored 評価 of 2024
    sqlite3 "$db" "SELECT ifnull(o.evaluation, '-') FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '$1' AND o.year = 2024"
}
tui() {
    start 120 32 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$db" --year 2024
    wait_for "F10" >/dev/null
}
find_node() { keys / ; T send-keys "$1"; sleep 0.2; keys Enter; }
top() { screen | head -1; }
report_eval() { # report_eval TITLE -> the 評価 row of the indicator in the R6(2024) report
    G report --year 2024 2>/dev/null | grep -A6 "$1" | grep '<th>評価' | head -1
}

G init >/dev/null 2>&1
G import tests/e2e/data/queue.csv >/dev/null 2>&1 && G user add "$ME" --role office >/dev/null 2>&1
check_eq "the plan imports and this login is the plan office" 0 $?

# --- submit from the command line ----------------------------------------------------------
G submit --year 2024 項目A 2>"$GK_TMP/err"
check_eq "submit with an actual far from earlier years still submits" "0 submitted" "$? $(state 項目A)"
check "submit lists what went out, the item and its indicator" \
    grep -q "G>項目A>指標A1" "$GK_TMP/err"
check "and warns of 1,023人 against the earlier years' 806人" \
    grep -q "warning: G>項目A>指標A1: 実績値 1,023人 is far from the earlier years' 806人" "$GK_TMP/err"
G submit --year 2024 項目B 項目C 項目F 2>"$GK_TMP/err"
check_eq "a plain submit goes through" "submitted submitted submitted" "$(state 項目B) $(state 項目C) $(state 項目F)"
if grep -q warning "$GK_TMP/err"; then flunk "and warns of nothing"; sed 's/^/#   /' "$GK_TMP/err"; else pass "and warns of nothing"; fi

# --- the state filter ------------------------------------------------------------------------
tui
keys f
waits "Only what is submitted for R6(2024) is shown" "f: only what is submitted (提出) is shown, and the bottom line says so"
check_eq "the top line names the state filter" 1 "$(top | grep -c '所管課: all, submitted')"
shows "the submitted 項目B is in the tree" "項目B"
absent "項目D" "the 入力中 項目D is not"
absent "項目E" "nor the 入力中 項目E"
find_node 項目B
shows "the details say who submitted it" "Submitted"
shows "with the login and the date" "$ME ($(date +%Y-)"
find_node 項目C
keys r
wait_for "差し戻し: what is to be fixed" >/dev/null
T send-keys "根拠を書いてください"; sleep 0.2
keys Enter
waits "returned with the comment" "r returns 項目C"
waits_gone "項目C" "the returned 項目C leaves the 提出 filter at once"
keys f
waits "Only what is returned for R6(2024) is shown" "f again: only what is returned (差し戻し)"
shows "項目C is there" "項目C"
absent "項目B" "the submitted 項目B is not"
find_node 項目C
shows "the details say who returned it" "Returned"
keys f
waits "Only what is entering for R6(2024) is shown" "f again: only what is being entered (入力中)"
shows "項目D is there" "項目D"
keys f
waits "State filter off" "f again: every state"
shows "項目C is back" "項目C"

# --- approving several at once ---------------------------------------------------------------
keys f
wait_for "Only what is submitted" >/dev/null
find_node 項目A
keys m
waits "1 marked" "m marks 項目A and says how to approve"
find_node 項目B
keys m
find_node 項目F
keys m
waits "3 marked" "three marked"
keys F8
waits "Approve these 3 items and indicators for R6(2024)?" "F8 asks once, naming how many"
shows "the confirmation lists the marked nodes" "・G>項目F"
keys Escape
waits "Not approved." "Esc there approves nothing"
check_eq "nothing changed" "submitted submitted submitted" "$(state 項目A) $(state 項目B) $(state 項目F)"
keys F8
wait_for "Approve these 3" >/dev/null
keys Enter
waits "approved (4 items and indicators)" "Enter approves them all: 3 items and 項目A's indicator"
check_eq "each is approved" "approved approved approved" "$(state 項目A) $(state 項目B) $(state 項目F)"
keys Escape

# --- F7 asks first ---------------------------------------------------------------------------
find_node 項目E
keys F7
waits "Submit for R6(2024)? (with warnings" "F7 asks before submitting, and says there are warnings"
shows "the confirmation lists what goes out" "・G>項目E>指標E1 (entering)"
shows "and the warning on 1,023人" "実績値 1,023人 is far from the earlier years' 806人"
keys Escape
waits "Not submitted." "Esc submits nothing"
check_eq "項目E is still being entered" "none" "$(state 項目E)"

# --- the state filter on the board ----------------------------------------------------------
keys d
wait_for "Departments" >/dev/null
keys f
waits "only departments with submitted" "f on the board: only departments with something submitted, the title says so"
shows "none is left after the approvals, and the board says so" "No department has any"
keys f
waits "only departments with returned" "f again: only departments with something returned"
check_eq "課B (項目C returned) is listed, 課A (nothing returned) is not" "1 0" \
    "$(screen | grep -c '^ *|.* 課B ') $(screen | grep -c '^ *|.* 課A ')"
keys Enter
wait_gone "only departments with" >/dev/null
check_eq "Enter takes the department and the state filter to the tree" 1 "$(top | grep -c '所管課: 課B, returned')"
shows "項目C is in the tree" "項目C"
keys Escape

# --- a proposal stays a proposal ------------------------------------------------------------
find_node 指標D1
keys Enter
waits "評価 [proposed: 達成 — F5 takes it]" "the 評価 heading shows the proposal as a hint with its key"
keys Tab; T send-keys "状況を書いた"; sleep 0.2
keys F2
wait_for "Saved." >/dev/null
check_eq "F2 saves the form without recording the proposal as the 評価" "-" "$(evaluation 指標D1)"
check_eq "the report prints no 評価 for it (never the proposal as the department's)" 0 "$(report_eval 指標D1 | grep -c 達成)"
keys F5
waits "The proposal 達成 is in 評価" "F5 takes the proposal into the field"
keys F2
wait_for "Saved." >/dev/null
check_eq "saved, the taken proposal is the 評価" "達成" "$(evaluation 指標D1)"
check_eq "and the report prints it" 1 "$(report_eval 指標D1 | grep -c 達成)"
keys Escape
keys q

# --- a clerk starts on the year being reported ----------------------------------------------
# The office sets the year being reported; this login, now a clerk of 課A,
# last looked at 2023: the next start is on 2024 (what a clerk enters goes
# to the year the office collects), not on the year remembered.
G user add gkoffice71 --role office >/dev/null 2>&1 && G plan set P --year 2024 >/dev/null 2>&1 &&
    G user add "$ME" --role clerk --dept 課A >/dev/null 2>&1
check_eq "this login becomes a clerk of 課A, the office sets R6(2024) as the year being reported" 0 $?
sqlite3 "$db" "INSERT OR REPLACE INTO pref (who, key, value) VALUES ('$ME', 'plan', 'P'), ('$ME', 'year', '2023')"
start 120 32 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
check_eq "the clerk starts on the year being reported, not the year looked at last time" 1 \
    "$(top | grep -c '| R6(2024) |\|令和6(2024)年度 |')"
check_eq "on their own department" 1 "$(top | grep -c '所管課: 課A')"
keys q
finish
