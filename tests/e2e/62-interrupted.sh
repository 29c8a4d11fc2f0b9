#!/bin/bash
# Issue 18, item 12: a `backup -o OUT` stopped while it writes its
# temporary copy (OUT.tmp-PID-N). INT, TERM and HUP remove the temporary
# file at once and leave OUT byte for byte as it was; after a SIGKILL the
# temporary file stays, and the next `backup -o` removes it.
. tests/e2e/cli-lib.sh
plan 13
set -m # background jobs keep INT (a non-interactive shell would ignore it in them)
# and a run started in the background (INT ignored from the start, which
# gyokaku keeps, as nohup's HUP) gives the backup INT, TERM and HUP back
if env --default-signal=INT true 2>/dev/null; then dflt="env --default-signal=INT,TERM,HUP"; else dflt=""; fi

db="$GK_TMP/p.db"
out="$GK_TMP/out.bak"
sh tests/bench/gen-plan.sh 8000 >"$GK_TMP/big.csv"
$GYOKAKU --db "$db" import "$GK_TMP/big.csv" >/dev/null 2>&1 || bail "import"
$GYOKAKU --db "$db" backup -o "$out" >/dev/null 2>&1 || bail "first backup -o"

# stopped SIG — starts `backup -o OUT`, waits until its temporary file is
# there, sends SIG; prints the exit status, or "never" when no temporary
# file showed before the backup ended (then the check below fails).
stopped() {
    $dflt $GYOKAKU --db "$db" backup -o "$out" >/dev/null 2>&1 &
    local p=$! i=0
    while ! ls "$out".tmp-$p-* >/dev/null 2>&1; do
        if ! kill -0 $p 2>/dev/null || [ $i -gt 2000 ]; then wait $p; echo never; return; fi
        sleep 0.002; i=$((i + 1))
    done
    kill -"$1" $p
    wait $p
    echo $?
}

for sig in INT TERM HUP; do
    snapshot "$out"
    num=$(kill -l "$sig")
    check_eq "a backup -o stopped by SIG$sig while writing ends by that signal" \
        $((128 + num)) "$(stopped "$sig")"
    check_eq "and leaves no OUT.tmp-PID-N (nor its journal) behind ($sig)" "" \
        "$(cd "$GK_TMP" && ls -d out.bak.tmp-* 2>/dev/null)"
    intact "and OUT is byte for byte as it was ($sig)"
done

snapshot "$out"
check_eq "a backup -o killed by SIGKILL while writing" 137 "$(stopped KILL)"
check "leaves its OUT.tmp-PID-N (nothing can remove it then)" \
    ls "$GK_TMP"/out.bak.tmp-*
intact "and OUT is as it was"
$GYOKAKU --db "$db" backup -o "$out" >/dev/null 2>&1
check_eq "the next backup -o removes that leftover" "" \
    "$(cd "$GK_TMP" && ls -d out.bak.tmp-* 2>/dev/null)"
finish
