#!/bin/bash
# export -o FILE according to what FILE is: a symbolic link stays a link and
# its target gets the export; a file with several hard links keeps them all
# (each name sees the new content); a character device stays a device; a
# FIFO receives the export; a plain file keeps its mode; and a failed export
# leaves every kind of file as it was, with no temporary file left behind.
. tests/e2e/cli-lib.sh
plan 25
set -u
db="$GK_TMP/out.db"
$GYOKAKU --db "$db" import db/demo/ebetsu-plan-2024-2028.csv 2>/dev/null ||
    bail "import the demo plan"
$GYOKAKU --db "$db" export > "$GK_TMP/want.csv" || bail "export to stdout"
# a database whose export to CP932 fails (㉑ without --substitute)
bad="$GK_TMP/bad.db"
printf '計画,基本目標\nP,㉑の目標\n' | $GYOKAKU --db "$bad" import - 2>/dev/null
out="$GK_TMP/o"; mkdir -p "$out/real" "$out/links"
no_temp() { ! ls -a "$out/real" "$out/links" | grep -q '\.tmp-'; }

# --- a symbolic link (relative, into another folder) ------------------------------------
echo old > "$out/real/plan.csv"
ln -s ../real/plan.csv "$out/links/plan.csv"
$GYOKAKU --db "$db" export -o "$out/links/plan.csv"
check_eq "export through a symbolic link exits 0" 0 $?
check "the symbolic link is still a link" test -L "$out/links/plan.csv"
check "its target holds the export" cmp -s "$out/real/plan.csv" "$GK_TMP/want.csv"
check "no temporary file is left in either folder" no_temp
# a dangling link: its target is created
rm "$out/real/plan.csv"
$GYOKAKU --db "$db" export -o "$out/links/plan.csv"
check "a dangling link's target is created, the link stays" \
    sh -c "test -L '$out/links/plan.csv' && cmp -s '$out/real/plan.csv' '$GK_TMP/want.csv'"
echo old > "$out/real/plan.csv"
$GYOKAKU --db "$bad" export --encoding cp932 -o "$out/links/plan.csv" 2>/dev/null
check_eq "a failed export through a link exits 1" 1 $?
check "and leaves the target as it was" sh -c "[ \"\$(cat '$out/real/plan.csv')\" = old ] && test -L '$out/links/plan.csv'"
check "and leaves no temporary file" no_temp

# --- a file with two hard links -----------------------------------------------------------
echo old > "$out/real/a.csv"
ln "$out/real/a.csv" "$out/links/b.csv"
$GYOKAKU --db "$bad" export --encoding cp932 -o "$out/real/a.csv" 2>/dev/null
check "a failed export leaves a hard-linked file as it was" sh -c "[ \"\$(cat '$out/links/b.csv')\" = old ]"
$GYOKAKU --db "$db" export -o "$out/real/a.csv"
check_eq "export to a hard-linked file exits 0" 0 $?
check_eq "the file keeps both links" 2 "$(stat -c %h "$out/real/a.csv")"
check "the other name sees the new content" cmp -s "$out/links/b.csv" "$GK_TMP/want.csv"
check "a shorter export leaves no old bytes behind" \
    sh -c "$GYOKAKU --db '$bad' export -o '$out/real/a.csv' && $GYOKAKU --db '$bad' export | cmp -s - '$out/links/b.csv'"

# --- a plain file: replaced atomically, keeping its mode ----------------------------------
echo old > "$out/real/c.csv"; chmod 640 "$out/real/c.csv"
$GYOKAKU --db "$bad" export --encoding cp932 -o "$out/real/c.csv" 2>/dev/null
check "a failed export leaves a plain file as it was" sh -c "[ \"\$(cat '$out/real/c.csv')\" = old ]"
$GYOKAKU --db "$db" export -o "$out/real/c.csv"
check "a plain file gets the export" cmp -s "$out/real/c.csv" "$GK_TMP/want.csv"
check_eq "and keeps its mode" 640 "$(stat -c %a "$out/real/c.csv")"
$GYOKAKU --db "$bad" export --encoding cp932 -o "$out/real/new.csv" 2>/dev/null
check "a failed export creates no file" test ! -e "$out/real/new.csv"
check "and leaves no temporary file" no_temp

# --- a FIFO receives the data ------------------------------------------------------------
mkfifo "$out/fifo"
timeout 20 cat "$out/fifo" > "$GK_TMP/from-fifo" &
reader=$!
timeout 20 $GYOKAKU --db "$db" export -o "$out/fifo"
check_eq "export to a FIFO exits 0" 0 $?
wait "$reader"
check "the FIFO's reader got the whole export" cmp -s "$GK_TMP/from-fifo" "$GK_TMP/want.csv"
check "the FIFO is still a FIFO" test -p "$out/fifo"

# --- a character device stays a device ----------------------------------------------------
# As root: a private copy of /dev/null (the same device, 1:3), so that a
# program that renames over it cannot replace the machine's /dev/null.
if [ "$(id -u)" = 0 ] && mknod "$out/null" c 1 3 2>/dev/null; then
    $GYOKAKU --db "$db" export -o "$out/null"
    check_eq "export to a character device exits 0 (as root)" 0 $?
    check "the device is still a character device 1:3" \
        sh -c "test -c '$out/null' && [ \"\$(stat -c %t:%T '$out/null')\" = 1:3 ]"
    chmod 777 "$GK_TMP" "$out"; chmod 644 "$db"
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
    skip_n 2 "a private character device needs root"
    as_user=
fi
$as_user $GYOKAKU --db "$db" export -o /dev/null
check_eq "export -o /dev/null exits 0 (not as root: nothing is renamed in /dev)" 0 $?
check "/dev/null is a character device" test -c /dev/null
finish
