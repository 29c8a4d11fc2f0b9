#!/bin/bash
# A database made by an older version holds a 取組状況 longer than the
# limit of notes (4,000 characters; older versions imported up to 1 MiB).
# The entry form shows it whole, says why it cannot be edited there, keeps
# it exactly as saved, and saves the other fields; import refuses such a
# note with the file, line and column.
. tests/e2e/lib.sh
plan 13
db=$(test_db longnote db/demo/ebetsu-plan-2024-2028.csv db/demo/ebetsu-status-fy2022.csv) || bail "import the test plan"
GK="env LANG=C.UTF-8 $GYOKAKU --db $db"
TITLE="職員1人当たりの年間時間外勤務時間数"
# 4,005 characters as the form counts them (the CR LF is one line break)
long=$(printf '長%.0s' $(seq 3000))$'\r\n'$(printf '文%.0s' $(seq 1004))
where="node_id = (SELECT id FROM node WHERE title = '$TITLE') AND year = 2022"
sqlite3 "$db" "UPDATE note SET status = '$long' WHERE $where" ||
    bail "put a long note into the database"
check "the long note is in the database" \
    sh -c "[ \"\$(sqlite3 '$db' \"SELECT length(status) FROM note WHERE $where\")\" = 4006 ]"
sqlite3 "$db" "SELECT hex(status) FROM note WHERE $where" > "$GK_TMP/before.hex"

start 100 30 $GK
wait_for "F10" >/dev/null
keys / ; T send-keys "$TITLE"; sleep 0.2; keys Enter
keys Enter
wait_for "Entry: $TITLE" >/dev/null
shows "the form says why the long note cannot be edited" "取組状況 has 4005 characters, over the limit of 4000"
shows "the note's label says so too" "取組状況 (4005/4000 characters, not editable here)"
keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace
T send-keys "150.5"; sleep 0.2
keys F2
shows "the other fields save although the note is over the limit" "Saved."
keys Tab
T send-keys "追記"; sleep 0.2
shows "typing into the long note is refused with the reason" "cannot be edited here"
keys BSpace
keys F2
shows "a save after keys in the long note still succeeds" "Saved."
keys Escape
shows "Esc closes without asking (nothing unsaved)" "F10"
keys q
sqlite3 "$db" "SELECT hex(status) FROM note WHERE $where" > "$GK_TMP/after.hex"
check "the long note is kept byte for byte" cmp -s "$GK_TMP/before.hex" "$GK_TMP/after.hex"
check "the new actual is saved" \
    sh -c "$GYOKAKU --db '$db' export --year 2022 | grep -q '$TITLE.*150.5'"
check_eq "no draft is left" 0 "$(sqlite3 "$db" 'SELECT count(*) FROM draft')"

# --- import refuses such a note --------------------------------------------------------
{ printf '計画,基本目標,取組項目,指標,単位,年度,実績値,取組状況\n'
  printf 'P,G,① 項目,指標,件,2024,1,"%s"\n' "$(printf 'あ%.0s' $(seq 4001))"; } > "$GK_TMP/long.csv"
cp "$db" "$GK_TMP/db-before"
$GYOKAKU --db "$db" import "$GK_TMP/long.csv" 2>"$GK_TMP/err"
check_eq "importing a note over the limit exits 1" 1 $?
check "the message names file, line, column, the count and the limit" \
    grep -qF "$GK_TMP/long.csv:2:8: 取組状況: the note has 4001 characters; the limit is 4000" "$GK_TMP/err"
check "the database is unchanged" cmp -s "$db" "$GK_TMP/db-before"
finish
