#!/bin/bash
# Limits (README "Limits"), each tested at the limit and just past it through
# the real program: past it the import is refused with a message that names
# the limit and the place, and nothing of the file is imported.
#   - a title (plan, 基本目標 … 指標, 系列): 1,000 characters (GK_TITLE_MAX_CHARS)
#   - a note (取組状況, 次年度の取組内容): 4,000 characters (GK_NOTE_MAX_CHARS)
#   - a field: under 1 MiB (GK_CSV_FIELD_MAX; the reader counts the line break
#     after a row's last field with it, so 1,048,574 bytes is the most read)
#   - fields in a row: 256 (GK_CSV_FIELDS_MAX)
#   - an input file: 512 MiB (GK_CSV_INPUT_MAX), the same row again and again
#     through a pipe (about 5 s: a row that changes nothing is cheap)
. tests/e2e/cli-lib.sh
plan 11

db="$GK_TMP/limits.db"
$GYOKAKU --db "$db" import db/demo/ebetsu-plan-2024-2028.csv 2>/dev/null
before=$($GYOKAKU --db "$db" stats)
rep() { python3 -c "import sys; sys.stdout.write(sys.argv[1] * int(sys.argv[2]))" "$1" "$2"; }

# accepted FILE DESCRIPTION — the import succeeds
accepted() {
    if $GYOKAKU --db "$db" import "$1" >/dev/null 2>"$GK_TMP/err"; then pass "$2"; else
        flunk "$2"; sed 's/^/#   /' "$GK_TMP/err" | cut -c1-200; fi
}
# refused FILE DESCRIPTION MESSAGE — refused with MESSAGE, nothing imported
refused() {
    local s0; s0=$($GYOKAKU --db "$db" stats)
    if $GYOKAKU --db "$db" import "$1" >/dev/null 2>"$GK_TMP/err"; then
        flunk "$2 (accepted)"; return
    fi
    if grep -qF -- "$3" "$GK_TMP/err" && grep -q "nothing of this file was imported" "$GK_TMP/err" &&
        [ "$($GYOKAKU --db "$db" stats)" = "$s0" ]; then pass "$2"; else
        flunk "$2"; echo "#   expected: $3"; sed 's/^/#   /' "$GK_TMP/err" | cut -c1-200
        fi
}

# --- a title: 1,000 characters -------------------------------------------------------
{ echo "計画,基本目標,取組項目,指標,系列,単位"; echo "限界,G,$(rep あ 1000),$(rep 指 1000),$(rep 系 1000),人"; } >"$GK_TMP/t-at.csv"
accepted "$GK_TMP/t-at.csv" "titles and a series name of 1,000 characters are imported"
{ echo "計画,基本目標,取組項目,指標"; echo "限界,G,I,$(rep 指 1001)"; } >"$GK_TMP/t-over.csv"
refused "$GK_TMP/t-over.csv" "an 指標 of 1,001 characters is refused, the limit named" \
    "t-over.csv:2:4: 指標: the title has 1001 characters; the limit is 1000"
{ echo "計画,基本目標"; echo "$(rep 計 1001),G"; } >"$GK_TMP/p-over.csv"
refused "$GK_TMP/p-over.csv" "a plan name of 1,001 characters is refused" \
    "p-over.csv:2:1: 計画: the title has 1001 characters; the limit is 1000"

# --- a note: 4,000 characters --------------------------------------------------------
{ echo "計画,基本目標,取組項目,年度,取組状況"; echo "限界,G,I,2024,$(rep 状 4000)"; } >"$GK_TMP/n-at.csv"
accepted "$GK_TMP/n-at.csv" "a 取組状況 of 4,000 characters is imported"
{ echo "計画,基本目標,取組項目,年度,次年度の取組内容"; echo "限界,G,I,2024,$(rep 次 4001)"; } >"$GK_TMP/n-over.csv"
refused "$GK_TMP/n-over.csv" "a 次年度の取組内容 of 4,001 characters is refused, the limit named" \
    "n-over.csv:2:5: 次年度の取組内容: the note has 4001 characters; the limit is 4000"

# --- a field: under 1 MiB ------------------------------------------------------------
{ echo "計画,基本目標,取組項目,取組内容"; echo "限界,G,I2,$(rep a $((1024 * 1024 - 2)))"; } >"$GK_TMP/f-at.csv"
accepted "$GK_TMP/f-at.csv" "a field of 1 MiB less two bytes is imported"
{ echo "計画,基本目標,取組項目,取組内容"; echo "限界,G,I3,$(rep a $((1024 * 1024)))"; } >"$GK_TMP/f-over.csv"
refused "$GK_TMP/f-over.csv" "a field of 1 MiB is refused, the limit named" "limit of 1 MiB"

# --- fields in a row: 256 ------------------------------------------------------------
{ printf '計画,基本目標'; rep ',' 255; echo; echo "限界,G4$(rep ',' 255)"; } >"$GK_TMP/c-over.csv"
refused "$GK_TMP/c-over.csv" "a row of 257 fields is refused, the limit named" "more than 256 fields in one row"

# --- an input file: 512 MiB -----------------------------------------------------------
{
    # the same row again and again from a pipe, until 512 MiB and a little more
    row="限界,G,I,2024,$(rep 状 300)"
    n=$(( (512 * 1024 * 1024) / $(printf '%s\n' "$row" | wc -c) + 1000 ))
    t0=$SECONDS
    { echo "計画,基本目標,取組項目,年度,取組状況"; yes "$row" | head -n "$n"; } |
        $GYOKAKU --db "$db" import - >/dev/null 2>"$GK_TMP/err"; rc=$?
    sed "s/^/# /" "$GK_TMP/err"
    check_eq "an input of more than 512 MiB is refused (in $((SECONDS - t0)) s)" 1 "$rc"
    check "… with the limit named" grep -q "the input is larger than the limit of 512 MiB" "$GK_TMP/err"
    check "… and nothing of it imported" grep -q "nothing of this file was imported" "$GK_TMP/err"
}
finish
