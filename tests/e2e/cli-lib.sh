# cli-lib.sh — the TAP kit of the shell end-to-end tests (doc/testing.md).
# A script says first how many checks it runs (`plan N` prints "1..N"),
# then every check prints exactly one numbered line, "ok N - …" or
# "not ok N - …", through pass / flunk or a helper built on them (check,
# check_eq, waits, shows, …). tests/run-e2e fails a script whose count of
# ok + not ok lines differs from its plan, so a check that vanishes (a
# timeout swallowed by `&&`, a loop that ran fewer times) fails the run.
# $GYOKAKU is the program under test (default ./gyokaku; `make e2e-san` passes
# a build with AddressSanitizer, whose reports go to $GK_TMP/asan.*).
GYOKAKU=${GYOKAKU:-./gyokaku}
# Run alone (tests/run-e2e gives each script its own $GK_TMP), a script gets
# a fresh folder under /tmp instead of writing into the current one.
if [ -z "${GK_TMP:-}" ]; then GK_TMP=$(mktemp -d) || exit 1; export GK_TMP; fi
failures=0
tap_n=0       # checks printed so far
tap_plan=""   # the number `plan` declared
plan() { # plan N — N checks follow; must come before the first check
    tap_plan=$1; echo "1..$1"
}
pass() { # pass DESCRIPTION — one check that passed
    tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"
}
flunk() { # flunk DESCRIPTION — one check that failed
    tap_n=$((tap_n + 1)); echo "not ok $tap_n - $*"; failures=$((failures + 1))
}
skip() { # skip REASON — one check not run here (counts toward the plan)
    tap_n=$((tap_n + 1)); echo "ok $tap_n - # SKIP $*"
}
skip_n() { # skip_n COUNT REASON — COUNT checks not run here
    local k=$1; shift
    while [ "$k" -gt 0 ]; do skip "$@"; k=$((k - 1)); done
}
verdict() { # verdict DESCRIPTION COMMAND... — pass when COMMAND succeeds (its output shown)
    local d=$1; shift
    if "$@"; then pass "$d"; else flunk "$d"; fi
}
skip_all() { # skip_all REASON — the rest of the script cannot run here: its
    # remaining planned checks are skipped (TAP "1..0 # SKIP" before any plan)
    echo "SKIP $0: $*" >&2
    if [ -z "$tap_plan" ]; then echo "1..0 # SKIP $*"; exit 0; fi
    skip_n $((tap_plan - tap_n)) "$*"
    finish; exit
}
bail() { # bail WHAT — a set-up step failed: one failed check, then stop
    flunk "$*"; echo "Bail out! $*"; exit 1
}
check() { # check DESCRIPTION COMMAND...
    local d=$1; shift
    if "$@" >/dev/null 2>&1; then pass "$d"; else flunk "$d"; fi
}
check_eq() { # check_eq DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then pass "$1"; else
        flunk "$1"; printf '#   expected: %s\n#   actual:   %s\n' "$2" "$3"
    fi
}
# snapshot FILE... — remembers the files' bytes (their sha256; a missing
# file as "absent"). intact DESCRIPTION — one check: every file of the last
# snapshot is byte for byte as it was (the rule "an error leaves the file
# unchanged").
tap_sums() {
    local f
    for f in "$@"; do
        if [ -e "$f" ]; then sha256sum "$f"; else echo "absent  $f"; fi
    done
}
snapshot() { tap_snap_files=("$@"); tap_snap=$(tap_sums "$@"); }
intact() {
    local now; now=$(tap_sums "${tap_snap_files[@]}")
    if [ "$now" = "$tap_snap" ]; then pass "$1"; else
        flunk "$1"; diff <(printf '%s\n' "$tap_snap") <(printf '%s\n' "$now") | sed 's/^/#   /'
    fi
}
# lock_held DB — some other process holds DB's write lock right now: a
# write transaction cannot start (busy_timeout 0). A set-up that takes the
# lock checks it with this before its checks, or they test nothing.
lock_held() {
    sqlite3 -cmd '.timeout 0' "$1" 'BEGIN IMMEDIATE; ROLLBACK;' 2>&1 | grep -qE 'locked|busy'
}
# wait_lock HELDFILE DB — a set-up that holds DB's lock in a background
# sqlite3 (which prints 'held' into HELDFILE once its transaction began)
# really holds it: waits up to 10 s for the 'held', then lock_held DB.
# Probe only after 'held': a probe racing the holder's BEGIN could make the
# holder's own BEGIN fail. Use as a check: check "…" wait_lock FILE DB.
wait_lock() {
    local i=0
    while ! grep -q held "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    grep -q held "$1" 2>/dev/null && lock_held "$2"
}
finish() {
    if ls "$GK_TMP"/asan.* >/dev/null 2>&1; then
        flunk "the sanitizers reported errors:"; cat "$GK_TMP"/asan.* | sed 's/^/#   /' | head -60
    fi
    if [ -z "$tap_plan" ]; then
        echo "# no plan: the script never called plan N"; failures=$((failures + 1))
    elif [ "$tap_n" -ne "$tap_plan" ]; then
        echo "# planned $tap_plan checks but ran $tap_n"; failures=$((failures + 1))
    fi
    [ "$failures" -eq 0 ]
}
