#!/bin/bash
# make valgrind — every unit test program (build/tests/test_*) and a scripted
# session of the full-screen interface (tests/valgrind/session.sh) under
# valgrind --leak-check=full: any invalid access, use of uninitialised memory,
# or definitely / indirectly lost block fails (still reachable memory, which
# ncurses and the C library keep until exit on purpose, is reported by
# valgrind but is no leak). Prints each program's time and a summary.
# Arguments: the unit test programs (the Makefile passes $(UNIT_BINS)).
# VALGRIND_UNIT="test_a test_b" restricts them. VALGRIND_SKIP names those
# not run here (default test_gate: under valgrind its forked writers, blocked
# in fcntl(F_OFD_SETLKW) until the gate's timer signal interrupts them,
# never returned, observed for 20 minutes; the gate runs under valgrind in
# the scripted session and under ASan/UBSan in make san-unit). Each program
# is bounded by VALGRIND_TIMEOUT seconds (default 900), so that a hang fails
# the run instead of stopping it. VALGRIND_JOBS programs run at once
# (default: the number of processors).
set -u
cd "$(dirname "$0")/../.." || exit 1
out=${VALGRIND_OUT:-build/valgrind}
rm -rf "$out"; mkdir -p "$out"
VG=(valgrind --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --track-origins=yes --error-exitcode=99
    --suppressions=tests/valgrind/gyokaku.supp)
bad=0 n=0
# one program under valgrind: its result line (and what failed) into
# $out/NAME.result, so that VALGRIND_JOBS programs (default: the number of
# processors) run at once and their lines still print in order
run_one() {
    local b=$1 name=$2 t0 t rc
    t0=$(date +%s)
    timeout -k 10 "${VALGRIND_TIMEOUT:-900}" "${VG[@]}" --log-file="$out/$name.log" "$b" \
        >"$out/$name.out" 2>&1; rc=$?
    t=$(($(date +%s) - t0))
    if [ $rc -eq 0 ]; then echo "ok - valgrind $name (${t} s)"; else
        echo "not ok - valgrind $name (exit $rc, ${t} s)"
        grep -E "==[0-9]+== (Invalid|Conditional|Use of|Syscall param|.*definitely lost|.*indirectly lost|   (at|by) )" "$out/$name.log" | head -20 | sed 's/^/#   /'
        grep -E "FAILED|ERROR" "$out/$name.out" | head -5 | sed 's/^/#   /'
    fi >"$out/$name.result"
}
jobs_max=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 1)}
names=()
for b in "$@"; do
    name=$(basename "$b")
    if [ -n "${VALGRIND_UNIT:-}" ] && ! printf ' %s ' $VALGRIND_UNIT | grep -q " $name "; then continue; fi
    if printf ' %s ' ${VALGRIND_SKIP-test_gate} | grep -q " $name "; then
        echo "ok - valgrind $name # SKIP (VALGRIND_SKIP)"; continue
    fi
    n=$((n + 1))
    names+=("$name")
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
    run_one "$b" "$name" &
done
wait
for name in "${names[@]}"; do
    cat "$out/$name.result"
    grep -q '^not ok' "$out/$name.result" && bad=$((bad + 1))
done
t0=$(date +%s)
if GK_TMP=$(mktemp -d) VALGRIND_OUT="$out" bash tests/valgrind/session.sh; then
    echo "ok - valgrind: a scripted session of the full-screen interface ($(($(date +%s) - t0)) s)"
else
    bad=$((bad + 1)); echo "not ok - valgrind: the scripted session"
fi
echo "valgrind: $n unit programs and 1 session, $bad failed (logs in $out/)"
[ $bad -eq 0 ]
