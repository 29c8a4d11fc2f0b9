#!/bin/bash
# Upgrade benchmark (called by tests/bench/run, or alone): the schema upgrade
# from version 5 (a value table with a rowid and a stored uid) to the current
# one, on the offices' style plan of GK_BENCH_N indicators × 5 years, as
# `gyokaku init` does it when it opens an older file for writing: CPU time,
# wall time and peak memory, the automatic backup before the upgrade
# included. The version-5 file is made from a current one the way the tests
# make it (tests/unit/data/undo-v6.sql).
set -eu
cd "$(dirname "$0")/../.."
w=${GK_BENCH_DIR:-$(mktemp -d)}
n=${GK_BENCH_N:-100000}
cc -O2 -o "$w/peakrss" tests/bench/peakrss.c
db="$w/office.db"
if [ ! -f "$db" ]; then
    tests/bench/gen-office.sh "$n" > "$w/office.csv"
    ./gyokaku --db "$db" import "$w/office.csv" 2>/dev/null
fi
v5="$w/upgrade/v5.db"
rm -rf "$w/upgrade"
mkdir -p "$w/upgrade"
sqlite3 "$db" "VACUUM INTO '$v5'"
sqlite3 "$v5" <tests/unit/data/undo-v6.sql
sqlite3 "$v5" "PRAGMA user_version = 5; VACUUM; PRAGMA journal_mode = WAL;" >/dev/null
out=$("$w/peakrss" ./gyokaku --db "$v5" init 2>&1 >/dev/null | tail -1)
case $out in elapsed_s=*) ;; *) echo "upgrade failed: $out" >&2; exit 1 ;; esac
v=$(sqlite3 "$v5" 'PRAGMA user_version')
s=${out#elapsed_s=}; s=${s%% *}; c=${out#*cpu_s=}; c=${c%% *}; kb=${out##*maxrss_kb=}
echo "== schema upgrade 5 -> $v of the offices' style plan ($n indicators × 5 years, with its backup)"
awk -v s="$s" -v c="$c" -v kb="$kb" \
    'BEGIN { printf "gyokaku init (upgrade)             %8.2f s %8.2f s CPU %8.1f MiB peak\n", s, c, kb / 1024 }'
rm -rf "$w/upgrade"
