#!/bin/bash
# Entry form benchmark (called by tests/bench/run, or alone): per keystroke
# in the 取組状況 text area holding a 3,990-character Japanese note, the CPU
# time and the bytes written to the terminal (typing, deleting, moving).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
cc -O2 -o "$w/ptybench" tests/bench/ptybench.c -lutil
export LC_ALL=C.UTF-8 # bash counts characters, not bytes, in ${s:0:n}
s=""; for i in $(seq 210); do s="${s}行政改革の推進状況を確認し、改善を図った。"; done
note=${s:0:3990}
printf '計画,取組項目,年度,取組状況\n性能計画,① 長い記述の項目,2022,"%s"\n' "$note" > "$w/form.csv"
rm -f "$w/form.db"
./gyokaku --db "$w/form.db" import "$w/form.csv" 2>/dev/null
echo "== entry form, 取組状況 of $(printf '%s' "$note" | wc -m) characters (80x24)"
# open the item's form (Down, Enter), then cycle: type あ, delete it, move around
LANG=C.UTF-8 "$w/ptybench" -n 1000 -p "j$(printf '\r')" -k "あ$(printf '\177')lhjkあ$(printf '\177')" \
    -- ./gyokaku --db "$w/form.db"
