#!/bin/bash
# A scripted session of the full-screen interface under valgrind (part of
# `make valgrind`): the demo plans; browse, open nodes, search, open the
# entry form, type an actual and a two-line 取組状況, save (F2), the history,
# the department board, the year list, help and about, the summary and
# its Enter back to the tree, then quit (q). Each
# step waits (bounded) for its screen. valgrind's log goes to
# $VALGRIND_OUT/session.log; the session fails on any error valgrind counts
# (invalid access, uninitialised value, a definitely or indirectly lost
# block) or when a screen does not come.
. tests/e2e/lib.sh
plan 11 # 10 steps and the exit status
out=${VALGRIND_OUT:-build/valgrind}
mkdir -p "$out"
log=$(cd "$out" && pwd)/session.log
db=$(test_db vg db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the demo plans"
TITLE="職員1人当たりの年間時間外勤務時間数"
VG="valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --track-origins=yes --error-exitcode=99 --suppressions=$PWD/tests/valgrind/gyokaku.supp --log-file=$log"
# the exit status through a file: tmux cannot always collect it (a server
# started under make may inherit SIGCHLD ignored)
rcfile="$GK_TMP/session.rc"
start 100 30 sh -c "env LANG=C.UTF-8 GYOKAKU_LOCALEDIR='$PWD/build/locale' $VG '$GYOKAKU' --db '$db'; echo \$? > '$rcfile'"
step() { waits "$1" "valgrind session: $2" 60; }
step "F10" "the main screen"
keys Down Right Down Right Down Right
keys '*'
keys End Home PageDown PageUp
keys / ; T send-keys "$TITLE"; sleep 0.5; keys Enter
keys Enter
step "Entry: $TITLE" "the entry form"
keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace
T send-keys "１５８．２"; sleep 0.3
keys Tab
T send-keys "一行目の状況"; keys Enter; T send-keys "二行目の状況"; sleep 0.3
keys F2
step "Saved." "F2 saves"
keys Escape
step "F10" "back on the main screen"
keys H
step "History of which field?" "the history"
keys Enter; sleep 1; keys Escape Escape
keys F4
sleep 2; keys Down Down s
sleep 1; keys Escape
keys t
step "Submit for" "F7 / t: asks first, listing what goes out"
keys Enter
step "submitted" "F7 / t: Enter submits"
keys Escape
keys r
step "差し戻し: what is to be fixed" "F9 / r: the return's comment is asked"
T send-keys "根拠"; sleep 0.3; keys Escape
keys F5
sleep 2; keys Down Escape
keys F1
sleep 2; keys a; sleep 2; keys Escape Escape
keys ]; keys ]; keys [
keys Escape Escape
keys s
step "Summary" "the summary screen"
keys o o End Home Enter
step "F10" "Enter on a 基本目標 of the summary goes back to the tree"
keys q
i=0
while [ "$(T display -p '#{pane_dead}')" != 1 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
st=$(cat "$rcfile" 2>/dev/null)
[ "$st" = 0 ] || { echo "# the session ended with status '$st'; its last screen:"; screen | sed 's/^/#   /'; }
check_eq "valgrind session: the program quit and valgrind found no error (exit status)" 0 "$st"
grep -E "ERROR SUMMARY|definitely lost|indirectly lost" "$log" | sed 's/^/# /'
finish
