#!/bin/bash
# The entry form on the demo plans: a full-width actual and a two-line
# 取組状況 saved and found again after a restart with their history; an
# unsaved edit that survives SIGHUP; two clerks saving the same field; a
# save refused while another writer holds the file; a bracketed paste of
# three lines.
. tests/e2e/lib.sh
plan 57
build_helpers || bail "build test helpers"
db=$(test_db entry db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"
TITLE="職員1人当たりの年間時間外勤務時間数"

open_form() { # searches the indicator and opens its form
    wait_for "F10" >/dev/null || return 1
    keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter
    keys Enter
    wait_for "Entry: $TITLE"
}

# --- save, restart, find, history ---------------------------------------------------
start 80 24 $GK
wait_for "F10" >/dev/null
if screen | head -1 | grep -q "….*| 所管課: all | $(id -un) (plan office) *$"; then pass "a long plan name is shortened so that filter and user stay on the top line"; else flunk "a long plan name is shortened so that filter and user stay on the top line"; fi
keys q
start 100 30 $GK
verdict "Enter on the indicator opens its form for 令和4(2022)年度" open_form
shows "the form shows the previous years' actuals" "R3(2021) 143.2時間"
shows "評価 shows the proposal as a hint in its heading, with the key that takes it" "評価 [proposed: 達成 — F5 takes it]"
absent " >達成" "the proposal is not in the 評価 field (a proposal stays a proposal)"
aligned "entry form" 100
keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace
T send-keys "１５８．２"; sleep 0.2
keys Tab
T send-keys "一行目の状況"; keys Enter; T send-keys "二行目の状況"; sleep 0.2
aligned "entry form while typing" 100
keys F2
waits "Saved." "F2 saves"
shows "１５８．２ is saved as 158.2時間, as the indicator's other actuals are written" ">158.2時間"
keys Escape
wait_for "F10" >/dev/null
if screen | grep -q 'R4(2022) .*158\.2時間 '; then pass "the browse screen shows the new actual at once"; else flunk "the browse screen shows the new actual at once"; fi
if screen | grep -q 'R4(2022) .*158\.2時間  *(達成)'; then pass "saving the form does not enter the proposal: 評価 stays computed (in parentheses)"; else flunk "saving the form does not enter the proposal: 評価 stays computed (in parentheses)"; fi
if screen | grep -q 'R3(2021) .*143\.2時間  *(達成)'; then pass "a computed 評価 is shown in parentheses"; else flunk "a computed 評価 is shown in parentheses"; fi
keys q
start 100 30 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter
shows "after a restart the actual is there" "158.2時間 "
shows "after a restart the first line of 取組状況 is there" "一行目の状況"
shows "after a restart the second line of 取組状況 is there" "二行目の状況"
keys H
waits "History of which field?" "H asks which field's history"
keys Enter
waits "157.1時間 → 158.2時間" "the history shows who changed 157.1時間 to 158.2時間"
shows "the history names the user" "$(id -un)"
keys Enter
waits "The earlier value is restored" "Enter on an earlier value restores it and says so"
shows "the browse screen shows the restored actual" "157.1時間"
keys H
wait_for "History of which field?" >/dev/null
keys Down Down Enter
waits "No change of this field has been recorded yet." "a field without history says so"
keys q

# --- an unsaved edit survives SIGHUP --------------------------------------------------
start 100 30 $GK
open_form >/dev/null
keys Tab
T send-keys "切断前の下書き"; sleep 0.3
pid=$(pgrep -n -f "$(basename "$GYOKAKU") --db $db")
kill -HUP "$pid"; sleep 0.5
check_eq "SIGHUP ends the program" 1 "$(T display -p '#{pane_dead}')"
start 100 30 $GK
waits "Unsaved input from an earlier session" "the next start offers the draft"
shows "the offer shows what the draft would change" "切断前の下書き"
shows "the offer names the field as the form does" "— 取組状況"
keys Enter
waits "was restored" "restoring opens the form with the draft"
shows "the restored text is in the form" "切断前の下書き"
keys F2
waits "Saved." "the restored draft saves"
keys Escape q

# --- two clerks, one field ---------------------------------------------------------------
start 100 30 $GK
T new-window -d $GK
open_form >/dev/null
T select-window -t :1
wait_for "F10" >/dev/null
keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter Enter
wait_for "Entry: $TITLE" >/dev/null
T select-window -t :0
keys Tab; T send-keys "Aさんの追記"; keys F2
waits "Saved." "the first clerk saves"
T select-window -t :1
keys Tab; T send-keys "Bさんの追記"; keys F2
waits "Someone else saved this field meanwhile" "the second save shows a conflict, not an overwrite"
sleep 2.5 # the draft timer fires meanwhile: the dialog must stay
shows "the conflict shows the other version" "Aさんの追記"
shows "the conflict shows the clerk's own version" "Bさんの追記"
keys m
waits "Saved." "merged by hand and saved"
keys Escape q
T select-window -t :0
keys Escape q
check "both clerks' words are in the saved note" sh -c "$GYOKAKU --db '$db' export --year 2022 | grep -q 'Aさんの追記' && $GYOKAKU --db '$db' export --year 2022 | grep -q 'Bさんの追記'"

# --- a save that fails keeps the form and everything typed -----------------------------
start 100 30 env LANG=C.UTF-8 GYOKAKU_BUSY_TIMEOUT_MS=300 $GYOKAKU --db "$db"
open_form >/dev/null
keys Tab
T send-keys "保存に失敗しても残る文"; sleep 0.2
# another writer holds the file for 5 seconds
rm -f "$GK_TMP/held"
(printf 'BEGIN IMMEDIATE;\nINSERT INTO dept(name) VALUES (%s);\nSELECT %s;\n' "'lock'" "'held'"; sleep 5; printf 'ROLLBACK;\n') |
    sqlite3 "$db" >"$GK_TMP/held" 2>&1 &
holder=$!
check "another writer holds the file's write lock" wait_lock "$GK_TMP/held" "$db"
waits "not yet kept as a draft" "a draft that cannot be written is reported at once" 4
keys F2
waits "in use by another writer" "a save while another writer holds the file says why"
shows "the form stays open" "Entry: $TITLE"
shows "the typed text is still there" "保存に失敗しても残る文"
wait "$holder"
keys F2
waits "Saved." "the same save succeeds once the file is free"
keys Escape q
check "the text reached the database" sh -c "$GYOKAKU --db '$db' export --year 2022 | grep -q '保存に失敗しても残る文'"

# --- a bracketed paste of three lines lands as text --------------------------------------
start 100 30 $GK
open_form >/dev/null
keys Tab
T set-buffer "貼り付け一行目
貼り付け二行目
貼り付け三行目"
T paste-buffer -p; sleep 0.4
shows "pasted line 1" "貼り付け一行目"
shows "pasted line 2" "貼り付け二行目"
shows "pasted line 3" "貼り付け三行目"
shows "the paste did not leave the 取組状況 field" "取組状況 *"
keys C-Home
T send-keys "冒頭"; sleep 0.2
shows "Ctrl-Home goes to the start of the whole text" "|冒頭"
keys C-End
T send-keys "末尾"; sleep 0.2
shows "Ctrl-End goes back to its end" "貼り付け三行目末尾"
aligned "form after a paste" 100
keys Escape
waits "There is unsaved input" "Esc with unsaved input asks save / discard / back"
keys Down Enter
waits "F10" "discard closes the form"

# --- an item's form taller than the window scrolls to the focused field ----------------
start 80 24 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "双方向性を意識"; sleep 0.2; keys Enter Enter
wait_for "Entry: ① 双方向性を意識した情報共有の推進" >/dev/null
keys Tab Tab Tab Tab Tab Tab
shows "the last indicator's actual comes into view" "出前講座開催回数 — 実績値"
if [ "$(screen | sed -n 2p | sed "s/ *$//")" = "  |" ]; then pass "the text area scrolled half out of view still shows its rows"; else flunk "the text area scrolled half out of view still shows its rows"; screen | sed -n 2p; fi
aligned "scrolled item form" 80
keys Escape

# --- a sub-series indicator: one actual per series, the target carried over ------------
keys / ; T send-keys "行動計画の目標値"; sleep 0.2; keys Enter Enter
wait_for "Entry: 育児休業取得率" >/dev/null
shows "each series gets its own actual field" "実績値（女性）"
shows "a target written for an earlier year is shown with that year" "目標値 13%以上 (R1(2019))"
shows "earlier actuals are never split inside an entry" "R2(2020) 男性 36.7%"
aligned "sub-series form" 80
keys Escape
finish
