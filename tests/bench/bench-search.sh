#!/bin/bash
# Search benchmark (called by tests/bench/run, or alone): the TUI's search
# on plans of issue 25's item 1 (gen-notes.sh: items of 5 indicators, 50,000
# notes of ~130 characters per 100,000 indicators), at 20,000 and 100,000
# indicators, driven through a pseudo-terminal (tests/bench/ptybench.c):
# the longest key of the search prompt, for a query of one character that
# matches nothing (無), for three that match nothing (無駄な: the keys 無,
# 無駄 and 無駄な, each a search), and for three that match the first
# item's title (事務改), and for the title of the last item only (項目N,
# typed key by key: the last key finds one node at the plan's end).
# GK_BENCH_RUNS runs each (default 3), given as
# min / median / max in ms. Also the size of the file.
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
runs=${GK_BENCH_RUNS:-3}
[ -x "$w/ptybench" ] || cc -O2 -o "$w/ptybench" tests/bench/ptybench.c -lutil
stats() { printf '%s\n' "$@" | sort -g | awk \
    '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
       printf "%.1f / %.1f / %.1f", v[1], m, v[NR] }'; }
# key DB KEYS: the longest key of the search prompt, ms, $runs runs
key() {
    local db=$1 keys=$2 v=() line
    for _ in $(seq "$runs"); do
        line=$(LANG=C.UTF-8 "$w/ptybench" -n 1 -p / -k "$keys" -- ./gyokaku --db "$db" |
            grep '^figures ')
        v+=("$(printf '%s\n' "$line" | sed 's/.*max_key_ms=\([0-9.]*\).*/\1/')")
    done
    stats "${v[@]}"
}
echo "== search on gen-notes.sh plans: longest key of the search prompt, ms (min / median / max of $runs)"
for n in 20000 100000; do
    csv="$w/bs-notes-$n.csv" db="$w/bs-notes-$n.db"
    tests/bench/gen-notes.sh "$n" > "$csv"
    rm -f "$db"*
    ./gyokaku --db "$db" init 2>/dev/null
    ./gyokaku --db "$db" import "$csv" >/dev/null 2>&1
    rm -f "$csv"
    echo "search gen-notes.sh $n ($(du -m "$db" | cut -f1) MB): matching nothing 無 $(key "$db" 無) ms;" \
         "matching nothing 無駄な $(key "$db" 無駄な) ms; matching 事務改 $(key "$db" 事務改) ms;" \
         "matching the last item only 項目$((n / 5 - 1)) $(key "$db" "項目$((n / 5 - 1))") ms   (aim < 20 ms, flat)"
    rm -f "$db"*
done
