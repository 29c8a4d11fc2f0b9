# cli-lib.sh — assertions for the shell end-to-end tests ("ok - " lines).
# $GYOKAKU is the program under test (default ./gyokaku; `make e2e-san` passes
# a build with AddressSanitizer, whose reports go to $GK_TMP/asan.*).
GYOKAKU=${GYOKAKU:-./gyokaku}
failures=0
check() { # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; failures=$((failures + 1)); fi
}
check_eq() { # check_eq DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"; else
        echo "not ok - $1"; printf '#   expected: %s\n#   actual:   %s\n' "$2" "$3"
        failures=$((failures + 1)); fi
}
finish() {
    if ls "$GK_TMP"/asan.* >/dev/null 2>&1; then
        echo "not ok - the sanitizers reported errors:"; cat "$GK_TMP"/asan.* | sed 's/^/#   /' | head -60
        failures=$((failures + 1))
    fi
    [ "$failures" -eq 0 ]
}
