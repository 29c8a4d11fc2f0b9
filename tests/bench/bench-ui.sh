#!/bin/bash
# UI benchmark (called by tests/bench/run, or alone): first screen and cost
# per navigation key through a pty, on the demo plan and on the large plan.
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
cc -O2 -o "$w/ptybench" tests/bench/ptybench.c -lutil
make -s build/demo.db
large="$w/u.db"
if [ ! -f "$large" ]; then
    tests/bench/gen-plan.sh "${GK_BENCH_N:-100000}" > "$w/plan.csv"
    ./gyokaku --db "$large" import "$w/plan.csv" 2>/dev/null
fi
for db in build/demo.db "$large"; do
    echo "== TUI on $db (80x24, LANG=C.UTF-8)"
    LANG=C.UTF-8 "$w/ptybench" -n 1000 -- ./gyokaku --db "$db"
done
