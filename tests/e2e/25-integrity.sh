#!/bin/bash
# Screen integrity: after every popup, dialog, chooser and prompt closes the
# screen must equal a fresh draw (what Ctrl-L repaints), wide characters
# under the popup's edges included — the help (F1), the year chooser, the
# about screen, the search prompt, the 差し戻し comment prompt, the entry
# form's help, the "unsaved input" question, the conflict dialog and a
# refusal too long for the bottom line (shown whole above it). Run in
# both ambiguous-width modes, and
# tmux's own TERM (screen) and as xterm-256color (26-terminals.sh: the rest).
# `repaints` (lib.sh) writes stray text to the terminal first, so a Ctrl-L
# that repaints nothing fails too.
. tests/e2e/lib.sh
plan 27
build_helpers || bail "build test helpers"
db=$(test_db integrity tests/e2e/data/browse.csv) || exit 1

browse_round() { # browse_round TERM [short]: short leaves out about, search and the prompts
    local t=$1 short=${2:-}
    start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= ${t:+TERM=$t} $GYOKAKU --db "$db"
    wait_for "F10" >/dev/null || { flunk "$t: the first screen appears"; return; }
    t=${t:-screen}
    keys Down Right Down Right Down Right Down
    repaints "$t: the first screen"
    keys F1
    wait_for "Keys of the main screen" >/dev/null
    keys x
    wait_gone "Keys of the main screen"
    repaints "$t: after the help"
    keys y
    wait_for "Enter: choose" >/dev/null
    keys Escape
    wait_gone "Enter: choose"
    repaints "$t: after the year chooser (Esc)"
    keys y
    wait_for "Enter: choose" >/dev/null
    keys Up Enter
    wait_gone "Enter: choose"
    repaints "$t: after choosing another year"
    [ -z "$short" ] && {
    keys F1 a
    wait_for "About gyokaku" >/dev/null
    keys x x
    wait_gone "Keys of the main screen"
    repaints "$t: after the about screen"
    keys /
    T send-keys "登録者"; sleep 0.2
    keys Escape
    repaints "$t: after the search prompt (Esc)"
    keys / ; T send-keys "出前"; sleep 0.2; keys Enter
    repaints "$t: after a search"
    keys g Down Right Down Right Down Right Down
    keys r
    wait_for "差し戻し: what is to be fixed" >/dev/null
    T send-keys "全角の理由を書く"; sleep 0.2
    keys Escape
    wait_gone "差し戻し: what is to be fixed"
    repaints "$t: after the return comment prompt (Esc)"
    }
    keys Enter
    wait_for "Entry: " >/dev/null
    repaints "$t: the entry form"
    keys F1
    wait_for "Keys of the entry form" >/dev/null
    keys x
    wait_gone "Keys of the entry form"
    repaints "$t: the entry form after its help"
    T send-keys "1"; sleep 0.2
    keys Escape
    wait_for "There is unsaved input" >/dev/null
    keys Escape
    wait_gone "There is unsaved input"
    repaints "$t: the entry form after the unsaved-input question"
    keys Escape
    wait_for "There is unsaved input" >/dev/null
    keys Down Enter
    wait_for "F10" >/dev/null
    repaints "$t: the main screen after the form"
    keys q
}
browse_round ""
browse_round xterm-256color short

# --- the ambiguous characters two cells wide (the terminal and gyokaku agree, as in 21-wide)
T kill-server 2>/dev/null
LD_PRELOAD="$GK_TMP/wcwidth_wide.so" tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
    env LANG=C.UTF-8 LC_ALL= LANGUAGE= LD_PRELOAD= $GYOKAKU --ambiguous-width=wide --db "$db"
T set-option -g remain-on-exit on
wait_for "F10" >/dev/null
keys Down Right Down Right Down Right Down
keys F1
wait_for "Keys of the main screen" >/dev/null
keys x
wait_gone "Keys of the main screen"
repaints "wide: after the help"
keys y
wait_for "Enter: choose" >/dev/null
keys Escape
wait_gone "Enter: choose"
repaints "wide: after the year chooser"
keys Enter
wait_for "Entry: " >/dev/null
keys F1
wait_for "Keys of the entry form" >/dev/null
keys x
wait_gone "Keys of the entry form"
repaints "wide: the entry form after its help"
keys Escape q

# --- a refusal longer than the bottom line ---------------------------------------------
rdb=$(test_db refusal tests/e2e/data/browse.csv) || exit 1
start 80 24 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$rdb"
wait_for "F10" >/dev/null
keys Down Right Down Right Down Right Down
keys t
wait_for "Enter y: go ahead" >/dev/null # the confirmation lists what goes out
keys Enter
wait_for "submitted" >/dev/null
keys a
wait_for "approved" >/dev/null
keys Enter
shows "a refusal wider than the line is shown whole, its reason included" "a supervisor returns it"
repaints "the refusal on two lines"
keys j
wait_gone "a supervisor returns it"
repaints "after the refusal, the body under it"

# --- the conflict dialog -----------------------------------------------------------------
cdb=$(test_db conflict db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || exit 1
TITLE="職員1人当たりの年間時間外勤務時間数"
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db $cdb"
open_form() {
    wait_for "F10" >/dev/null || return 1
    keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter Enter
    wait_for "Entry: $TITLE" >/dev/null
}
start 80 24 $GK
T new-window -d $GK
open_form
T select-window -t :1
open_form
T select-window -t :0
keys Tab; T send-keys "Aさんの追記"; keys F2
wait_for "Saved." >/dev/null
T select-window -t :1
keys Tab; T send-keys "Bさんの追記"; keys F2
if wait_for "Someone else saved this field meanwhile" >/dev/null; then
    keys k
    wait_gone "Someone else saved this field meanwhile"
    repaints "after the conflict dialog (keep mine)"
else
    flunk "the conflict dialog opens"
fi
finish
