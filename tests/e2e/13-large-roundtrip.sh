#!/bin/bash
# Round trips through files larger than the CSV reader's 64 KiB buffers, in
# both encodings, imported with the default options (auto detection): the
# demo plans exported in CP932 (85 KB: the file of issue 7, which overwrote
# the stack), and a generated plan of GK_LARGE_INDICATORS indicators
# (default 5,000: about 6 MB, 30,000 rows; tests/bench/gen-plan.sh) exported
# in CP932 and in UTF-8, from a file and through a pipe. Each copy must
# export the same bytes as the original. Also the ends of input that never
# ended: /dev/zero. Every command is bounded by timeout.
. tests/e2e/cli-lib.sh
plan 21
T=${GK_E2E_TIMEOUT:-120}
g() { timeout "$T" $GYOKAKU "$@"; }

# --- the demo plans in CP932 (over 64 KiB) -------------------------------------------
g --db "$GK_TMP/demo.db" import db/demo/*.csv 2>/dev/null
g --db "$GK_TMP/demo.db" export -o "$GK_TMP/demo.csv" 2>/dev/null
g --db "$GK_TMP/demo.db" export --encoding cp932 --substitute -o "$GK_TMP/demo-cp932.csv" 2>/dev/null
check "the demo export in CP932 is over 64 KiB" test "$(stat -c %s "$GK_TMP/demo-cp932.csv")" -gt 65536
g --db "$GK_TMP/demo2.db" import "$GK_TMP/demo-cp932.csv" 2>"$GK_TMP/err"
check_eq "the demo plans in CP932 import with the default options" 0 $?
g --db "$GK_TMP/demo2.db" export --encoding cp932 --substitute -o "$GK_TMP/demo2-cp932.csv" 2>/dev/null
check "and export the same CP932 bytes" cmp "$GK_TMP/demo-cp932.csv" "$GK_TMP/demo2-cp932.csv"

# --- a generated plan of several MiB, both encodings ---------------------------------
n=${GK_LARGE_INDICATORS:-5000}
tests/bench/gen-plan.sh "$n" > "$GK_TMP/plan.csv"
g --db "$GK_TMP/a.db" import "$GK_TMP/plan.csv" 2>"$GK_TMP/err"
check_eq "the generated plan ($n indicators, UTF-8, LF) imports" 0 $?
g --db "$GK_TMP/a.db" export -o "$GK_TMP/a.csv" 2>/dev/null
g --db "$GK_TMP/a.db" export --encoding cp932 -o "$GK_TMP/a-cp932.csv" 2>"$GK_TMP/err"
check_eq "it exports in CP932 without substitutions" 0 $?
check "the CP932 export is several MiB" test "$(stat -c %s "$GK_TMP/a-cp932.csv")" -gt 4000000

g --db "$GK_TMP/b.db" import "$GK_TMP/a-cp932.csv" 2>"$GK_TMP/err"
check_eq "the CP932 export imports with the default options (auto)" 0 $?
g --db "$GK_TMP/b.db" export -o "$GK_TMP/b.csv" 2>/dev/null
check "and exports the same bytes as the original" cmp "$GK_TMP/a.csv" "$GK_TMP/b.csv"

cat "$GK_TMP/a-cp932.csv" | g --db "$GK_TMP/c.db" import - 2>"$GK_TMP/err"
check_eq "the CP932 export through a pipe imports (auto, spooled)" 0 $?
g --db "$GK_TMP/c.db" export -o "$GK_TMP/c.csv" 2>/dev/null
check "and exports the same bytes" cmp "$GK_TMP/a.csv" "$GK_TMP/c.csv"

cat "$GK_TMP/a.csv" | g --db "$GK_TMP/d.db" import - 2>"$GK_TMP/err"
check_eq "the UTF-8 export (BOM, CRLF) through a pipe imports (auto)" 0 $?
g --db "$GK_TMP/d.db" export -o "$GK_TMP/d.csv" 2>/dev/null
check "and exports the same bytes" cmp "$GK_TMP/a.csv" "$GK_TMP/d.csv"
check_eq "the copies hold what the original holds" "$(g --db "$GK_TMP/a.db" stats)" \
    "$(g --db "$GK_TMP/d.db" stats)"
check "a copy passes check" g --db "$GK_TMP/b.db" check

# --- one bad byte near the end of the large CP932 file -----------------------------
size=$(stat -c %s "$GK_TMP/a-cp932.csv")
cp "$GK_TMP/a-cp932.csv" "$GK_TMP/bad.csv"
printf '\x85\x40' | dd of="$GK_TMP/bad.csv" bs=1 seek=$((size - 40)) conv=notrunc status=none
line=$(head -c $((size - 40)) "$GK_TMP/a-cp932.csv" | tr -cd '\n' | wc -c)
g --db "$GK_TMP/e.db" import "$GK_TMP/bad.csv" 2>"$GK_TMP/err"
check_eq "a bad pair near the end of a large CP932 file fails" 1 $?
check "naming its line, and where it stopped being UTF-8" \
    grep -q "bad.csv:$((line + 1)):[0-9]*: not UTF-8 at 1:1 (byte 0x8C), and not CP932 either at $((line + 1)):" "$GK_TMP/err"
check "nothing of it was imported" test ! -e "$GK_TMP/e.db"

# --- inputs that never end ---------------------------------------------------------------
g --db "$GK_TMP/z.db" import /dev/zero 2>"$GK_TMP/err"
check_eq "import /dev/zero ends (exit 1)" 1 $?
check "at the first NUL byte, naming where" grep -q "/dev/zero:1:1: a NUL byte" "$GK_TMP/err"
g --db "$GK_TMP/z2.db" import - </dev/zero 2>"$GK_TMP/err"
check_eq "standard input from /dev/zero ends too" 1 $?
check "at its first NUL byte" grep -q "<stdin>:1:1: a NUL byte" "$GK_TMP/err"
finish
