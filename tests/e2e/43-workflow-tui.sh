#!/bin/bash
# The yearly workflow in the full-screen interface, in tmux, with real OS
# users (created with useradd in a setgid group folder, run with runuser, as
# 41-users.sh does): the top line names each login's role; a clerk is told
# why before the form opens for another department's item; a submit with
# something missing lists it; the clerk enters and submits; the supervisor
# returns it with a comment typed in a prompt; the clerk sees the comment at
# the top of the form, fixes and resubmits from the form; the supervisor
# approves; the office locks the year; the top line and the year chooser say
# so and the clerk is refused before typing; a login that is not a user sees
# read-only. Needs root: otherwise it says so and skips (never a silent pass).
. tests/e2e/lib.sh
plan 33

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
    skip_all "needs root with useradd and runuser to create OS users"
fi

sfx=$$
grp="gtg$sfx"; office="gto$sfx"; clerk="gtc$sfx"; sup="gts$sfx"; outsider="gtx$sfx"
cleanup_users() {
    T kill-server 2>/dev/null
    for u in "$office" "$clerk" "$sup" "$outsider"; do userdel "$u" 2>/dev/null; done
    groupdel "$grp" 2>/dev/null
}
trap cleanup_users EXIT
groupadd "$grp" || bail "groupadd $grp"
for u in "$office" "$clerk" "$sup" "$outsider"; do
    useradd -M -N -g "$grp" -s /bin/sh "$u" || bail "useradd $u"
done

chmod 1777 "$GK_TMP" # sanitizer logs of every user land here
bin="$GK_TMP/gyokaku"; cp "$GYOKAKU" "$bin"; chmod 755 "$bin"
loc="$GK_TMP/locale"; cp -r build/locale "$loc" 2>/dev/null; chmod -R a+rX "$loc" 2>/dev/null
shared="$GK_TMP/srv"
install -d -m 2770 -g "$grp" "$shared"
db="$shared/plan.db"
as() { # as LOGIN gyokaku-args...: a command as that login
    local u=$1; shift
    (cd "$GK_TMP" && runuser -u "$u" -- env GYOKAKU_DB="$db" "$bin" "$@")
}
tui() { # tui LOGIN: the full-screen interface as that login, on R6(2024)
    start 120 30 runuser -u "$1" -- env -C "$GK_TMP" LANG=C.UTF-8 LC_ALL= LANGUAGE= \
        GYOKAKU_DB="$db" "$bin" --year 2024
    wait_for "F10" >/dev/null
}
find_node() { keys / ; T send-keys "$1"; sleep 0.2; keys Enter; }
top() { screen | head -1; }
no_form() { # the screen is not the entry form
    if screen | grep -q "Entry: "; then flunk "$1"; screen | sed 's/^/#   /'; else pass "$1"; fi
}

cat > "$GK_TMP/plan.csv" <<'CSV'
計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況
P,G,項目A,職員課,,,,,,
P,G,項目A,,指標A1,件,2024,10件,,
P,G,項目B,財政課,,,,,,
P,G,項目B,,指標B1,件,2024,5件,,
CSV
chmod 644 "$GK_TMP/plan.csv"
(cd "$GK_TMP" && runuser -u "$office" -- sh -c "GYOKAKU_DB='$db' '$bin' init && chmod 660 '$db'") 2>/dev/null
as "$office" import "$GK_TMP/plan.csv" 2>/dev/null &&
    as "$office" user add "$clerk" --role clerk --dept 職員課 2>/dev/null &&
    as "$office" user add "$sup" --role supervisor --dept 職員課 2>/dev/null
check_eq "the office sets up the shared database with a clerk and a supervisor" 0 $?

# --- the clerk ------------------------------------------------------------------------------
tui "$clerk"
shows "the top line names the clerk and the role" "$clerk (clerk)"
check_eq "the clerk opens on their own department" 1 "$(top | grep -c '所管課: 職員課')"
keys Escape # every department's nodes, to try another's
wait_for "項目B" >/dev/null
check_eq "their own item and indicator are marked @, another department's not" "1 1 0" \
    "$(screen | grep -cE '@[-+ ]+\*?項目A') $(screen | grep -cE '@[-+ ]+\*?指標A1') $(screen | grep -cE '@[-+ ]+\*?項目B')"
find_node 項目B
keys Enter
shows "Enter on another department's item says which department owns it" "belongs to 財政課"
no_form "and the form does not open (nothing can be typed)"
find_node 項目A
keys t
waits "Not submitted: what is missing" "t on an item with nothing entered lists what is missing instead of submitting"
shows "the list names the indicator without its actual" "指標A1"
keys q
check_eq "nothing was submitted: status still counts the item and its indicator 未入力" "1/1 0/0 0/0 0/0 0/0" \
    "$(status_row "$db" 2024 職員課)"
find_node 指標A1
keys Enter
waits "Entry: 指標A1" "the clerk's own indicator opens its form"
T send-keys "12"; sleep 0.2
keys Tab
T send-keys "予定どおり実施"; sleep 0.2
keys F2
wait_for "Saved." >/dev/null
keys Escape
wait_for "F10" >/dev/null
find_node 項目A
keys Enter
waits "Entry: 項目A" "the clerk's own item opens its form"
T send-keys "窓口で実施した"; sleep 0.2
keys F7
wait_for "Enter y: go ahead" >/dev/null # the confirmation lists what goes out
keys Enter
waits "submitted" "F7 in the form saves what is typed and submits the item"
check_eq "status counts the item and its indicator submitted" "0/0 0/0 0/0 1/1 0/0" "$(status_row "$db" 2024 職員課)"
find_node 指標A1
keys Enter
shows "Enter on a submitted indicator says it is submitted" "is submitted for R6(2024)"
no_form "and the form does not open"
keys q

# --- the supervisor returns it with a comment -------------------------------------------------
tui "$sup"
shows "the top line names the supervisor" "$sup (supervisor)"
find_node 項目A
keys r
shows "r asks for the return's comment on the bottom line" "差し戻し: what is to be fixed"
T send-keys "12件の根拠を書いてください"; sleep 0.2
keys Enter
waits "returned with the comment" "Enter returns the item with the comment"
check_eq "status counts it 差し戻し" "0/0 0/0 1/1 0/0 0/0" "$(status_row "$db" 2024 職員課)"
shows "the details show the state with the comment" "returned: 12件の根拠を書いてください"
keys q

# --- the clerk sees the comment, fixes and resubmits ---------------------------------------------
tui "$clerk"
find_node 項目A
keys Enter
wait_for "Entry: 項目A" >/dev/null
shows "the form shows the 差し戻し comment at its top" "12件の根拠を書いてください"
T send-keys "（受付簿による）"; sleep 0.2
keys F2
wait_for "Saved." >/dev/null
keys F7
wait_for "Enter y: go ahead" >/dev/null
keys Enter
waits "submitted" "the clerk resubmits from the form"
keys q

# --- the supervisor approves -------------------------------------------------------------------------
tui "$sup"
find_node 項目A
keys F8
waits "approved (" "F8 on the selection approves"
check_eq "status counts it 承認" "0/0 0/0 0/0 0/0 1/1" "$(status_row "$db" 2024 職員課)"
if screen | grep -A1 "State (R6(2024))" | tail -1 | grep -q "│ *approved *$"; then pass "the details say approved"; else
    flunk "the details say approved"; screen | sed 's/^/#   /'; fi
keys q

# --- the office locks the year; the clerk is refused before typing -----------------------------------------
as "$office" lock --force --year 2024 --reason '令和7年9月公表' 2>/dev/null
check_eq "the office locks R6(2024)" 0 $?
tui "$clerk"
shows "the top line says the year is locked" "(locked)"
keys y
wait_for "Fiscal year" >/dev/null
shows "the year chooser marks the locked year" "令和6(2024)年度  locked"
keys Escape
as "$office" unlock --year 2024 --reason 訂正 2>/dev/null
as "$office" return --year 2024 --comment 訂正のため 項目A 2>/dev/null
as "$office" lock --force --year 2024 --reason '令和7年10月再公表' 2>/dev/null
find_node 指標A1
keys Enter
shows "Enter in a locked year says it is locked, with the reason" "令和7年10月再公表"
no_form "and the form does not open: nothing can be typed"
keys q

# --- a login that is not a user -----------------------------------------------------------------------
tui "$outsider"
shows "a login that is not a user sees read-only on the top line" "$outsider (read-only: not a user)"
find_node 指標A1
keys Enter
shows "Enter says it is not a user" "not a user"
no_form "and the form does not open"
keys q
finish
