#!/bin/bash
# Issue 18, item 12: import time grows with the number of plans in a file
# linearly, not with its square (6,000 plans took 1.8 s). Measured in CPU
# time (user + system of the import alone, not the wall clock of a shared
# machine): 8,000 plans may cost about 4 times 2,000 plans; the check allows
# 9 times (a square would be 16).
. tests/e2e/cli-lib.sh
plan 3

gen() { # gen N — a plan CSV of N plans, one item and one indicator each
    awk -v n="$1" 'BEGIN {
        print "計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況"
        for (i = 0; i < n; i++) {
            printf "計画%d,G,項目A,職員課,,,,,,\n", i
            printf "計画%d,G,項目A,,指標A1,件,2024,10件,,\n", i
        }
    }'
}
cpu_ms() { # cpu_ms N — the import's CPU time of N plans into a new file, in ms
    gen "$1" >"$GK_TMP/p$1.csv"
    local t0 t1 me=$BASHPID # this subshell: the import is its child
    t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
    $GYOKAKU --db "$GK_TMP/p$1.db" import "$GK_TMP/p$1.csv" >/dev/null 2>&1 || { echo fail; return; }
    # children's user + system time, in clock ticks, after the import was waited for
    t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
    echo $(((t1 - t0) * 1000 / $(getconf CLK_TCK)))
}
small=$(cpu_ms 2000)
big=$(cpu_ms 8000)
check "2,000 plans are imported" test "$small" != fail
check "8,000 plans are imported" test "$big" != fail
[ "$small" = fail ] || [ "$small" -lt 10 ] && small=10 # the clock's resolution
if [ "$big" != fail ] && [ "$big" -le $((small * 9)) ]; then
    pass "4 times the plans cost at most 9 times the CPU (${small} ms, ${big} ms)"
else
    flunk "4 times the plans cost at most 9 times the CPU (${small} ms, ${big} ms)"
fi
finish
