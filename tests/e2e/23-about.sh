#!/bin/bash
# The about screen (F1, then a): version, database path, schema version,
# plan count, user, ambiguous-width mode, terminal size and colours; any key
# goes back to the help, in English and in Japanese.
. tests/e2e/lib.sh
plan 17
build_helpers || bail "build test helpers"
db=$(test_db about tests/e2e/data/browse.csv) || bail "import the test plan"
version=$($GYOKAKU --version | awk 'NR == 1 { print $2 }')

start 100 30 env LANG=C.UTF-8 LC_ALL= LANGUAGE= $GYOKAKU --db "$db"
wait_for "F10" >/dev/null
keys F1
wait_for "Keys of the main screen" >/dev/null
shows "the help offers the about screen" "a: about"
keys a
waits "About gyokaku" "F1 then a opens the about screen"
shows "it shows the version" "Version          $version"
shows "it shows the database path" "$db"
shows "it shows the schema version" "Schema version   $(sqlite3 "$db" "PRAGMA user_version")"
shows "it counts the plans" "Plans            1"
shows "it names the user" "User             $(id -un)"
shows "it shows the ambiguous-width mode" "Ambiguous width  narrow"
shows "it shows the terminal size and colours" "Terminal         100x30, colours"
wide=$(screen | "$GK_TMP/measure" | awk '$1 > 100' | wc -l)
check_eq "no line of the about screen over the help is wider than the terminal" 0 "$wide"
T resize-window -x 120 -y 40
shows "the size follows a resize" "Terminal         120x40, colours"
keys x
waits_gone "About gyokaku" "a key closes the about screen"
shows "back in the help" "Keys of the main screen"
keys x
waits_gone "Keys of the main screen" "and another closes the help"

start 100 30 env LANG=C.UTF-8 LANGUAGE=ja NO_COLOR=1 GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --ambiguous-width=wide --db "$db"
wait_for "F10" >/dev/null
keys F1 a
waits "バージョン" "the about screen is Japanese in a Japanese locale"
shows "wide mode is shown" "全角"
shows "no colours with NO_COLOR" "100x30, 色なし"
keys q q q
finish
