#!/bin/bash
# The commands as a user runs them: default database path, help and exit
# codes, a read-only database, stdin import, the demo plans' counts, and the
# CP932 byte round trip of the characters Excel users write.
. tests/e2e/cli-lib.sh
plan 34

# --- default path: $XDG_DATA_HOME/gyokaku/gyokaku.db, folders created -----------
XDG_DATA_HOME="$GK_TMP/xdg" GYOKAKU_DB= $GYOKAKU init 2>/dev/null
check "init creates \$XDG_DATA_HOME/gyokaku/gyokaku.db" test -s "$GK_TMP/xdg/gyokaku/gyokaku.db"
GYOKAKU_DB="$GK_TMP/env.db" $GYOKAKU init 2>/dev/null
check "init honours \$GYOKAKU_DB" test -s "$GK_TMP/env.db"

# --- help and exit codes ------------------------------------------------------
for c in init import export stats check plan; do
    check "$c --help exits 0 and shows usage" sh -c "$GYOKAKU $c --help | grep -q Usage"
done
$GYOKAKU stats --bogus 2>/dev/null; check_eq "unknown option exits 2" 2 $?
$GYOKAKU frobnicate 2>/dev/null; check_eq "unknown command exits 2" 2 $?
$GYOKAKU --db "$GK_TMP/none.db" stats 2>"$GK_TMP/err"; check_eq "missing database exits 1" 1 $?
check "missing database says how to create one" grep -q "gyokaku init" "$GK_TMP/err"

# --- import from stdin, stats ----------------------------------------------------
db="$GK_TMP/t.db"
$GYOKAKU --db "$db" init 2>/dev/null
printf '計画,基本目標,取組項目,指標,単位,初期値,年度,目標値,実績値\nP,G,① 項目,指標,件,9件,2024,14件,10\n' |
    $GYOKAKU --db "$db" import - 2>"$GK_TMP/err"
check_eq "import - reads stdin" 0 $?
check "import reports what it created" grep -q "new: plans 1, nodes 3, series 0, value cells 2, note cells 0, attributes 2" "$GK_TMP/err"
check_eq "stats after stdin import" "$(printf 'plans\t1\ngoals\t1\npolicies\t0\nitems\t1\nindicators\t1\nseries\t0\nvalues\t1\nnotes\t0\ndepartments\t0\ntags\t0')" "$($GYOKAKU --db "$db" stats)"
check "check passes on a good database" $GYOKAKU --db "$db" check

# --- a read-only database says so and stays unchanged ------------------------------
chmod 755 "$GK_TMP"; ro="$GK_TMP/ro"; mkdir -p "$ro"; cp "$db" "$ro/ro.db"; chmod 755 "$ro"; chmod 444 "$ro/ro.db"
cp "$ro/ro.db" "$GK_TMP/ro-before.db"
printf '計画,基本目標\nP,新しい目標\n' > "$ro/new.csv"; chmod 644 "$ro/new.csv"
if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"; else as_user=; fi
$as_user $GYOKAKU --db "$ro/ro.db" import "$ro/new.csv" 2>"$GK_TMP/err"
check_eq "import into a read-only database exits 1" 1 $?
check "the message says read-only" grep -q "read-only" "$GK_TMP/err"
check "the read-only database is unchanged" cmp -s "$ro/ro.db" "$GK_TMP/ro-before.db"

# --- demo plans ------------------------------------------------------------------
demo="$GK_TMP/demo.db"
$GYOKAKU --db "$demo" import db/demo/*.csv 2>"$GK_TMP/err"
check_eq "the demo plans import" 0 $?
check "the demo database passes check" $GYOKAKU --db "$demo" check
$GYOKAKU --db "$demo" import db/demo/*.csv 2>"$GK_TMP/err"
check "importing the demo again changes nothing" sh -c "! grep -v 'no changes' '$GK_TMP/err' | grep -q ."
check_eq "demo plan 2024-2028 counts" \
    "$(printf 'plans\t1\ngoals\t2\npolicies\t12\nitems\t23')" \
    "$($GYOKAKU --db "$demo" stats --plan '江別市行政改革推進計画（令和6(2024)年度～令和10(2028)年度）' | head -4)"

# --- the top level's options: --opt=value, abbreviations, one line and the hint --------
# the full-screen interface looks its plan up before it needs a terminal: the
# refusal shows that the value reached it (in a UTF-8 locale, which it needs first)
LC_ALL=C.UTF-8 $GYOKAKU --db "$demo" --plan=無い計画 </dev/null >/dev/null 2>"$GK_TMP/err"
check_eq "--plan=NAME before the interface exits 1 (no such plan)" 1 $?
check "... naming the plan given with =" grep -q '"無い計画"' "$GK_TMP/err"
LC_ALL=C.UTF-8 $GYOKAKU --db="$demo" --pl 無い計画 </dev/null >/dev/null 2>"$GK_TMP/err"
check "--db=FILE and the abbreviation --pl reach the interface" grep -q '"無い計画"' "$GK_TMP/err"
check_eq "--db=FILE and --ambiguous-width=wide before a command" "plans	2" \
    "$($GYOKAKU --db="$demo" --ambiguous-width=wide stats 2>/dev/null | head -1)"
$GYOKAKU --bogus stats >/dev/null 2>"$GK_TMP/err"
check_eq "an unknown top-level option exits 2" 2 $?
check_eq "... with one line and the hint, not the usage" \
    "$(printf "gyokaku: unknown option --bogus\nTry 'gyokaku --help'.")" "$(cat "$GK_TMP/err")"
$GYOKAKU --d x >/dev/null 2>"$GK_TMP/err"
check_eq "an ambiguous top-level option (--d: --db, --dept) is one line and the hint" \
    "2 gyokaku: ambiguous option --d (--db, --dept)" \
    "$(wc -l <"$GK_TMP/err") $(head -1 "$GK_TMP/err")"
$GYOKAKU frobnicate 2>"$GK_TMP/err"
check_eq "an unknown command is one line and the hint" 2 "$(wc -l <"$GK_TMP/err")"
$GYOKAKU --db "$demo" export --plan 2>"$GK_TMP/err"
check_eq "a command's missing value is one line and the hint" \
    "2 gyokaku export: option --plan needs a value" \
    "$(wc -l <"$GK_TMP/err") $(head -1 "$GK_TMP/err")"

# --- CP932 bytes that Excel writes: byte-identical through import and export ----------
printf '\x8c\x76\x89\xe6,\x8a\xee\x96\x7b\x96\xda\x95\x57,\x8e\xe6\x91\x67\x8d\x80\x96\xda\r\nP,G,\x81\x60\x81\x7c\x81\x61\x81\x91\x81\x92\x81\xca\x87\x40\r\n' > "$GK_TMP/sjis.csv"
cp932="$GK_TMP/cp932.db"
$GYOKAKU --db "$cp932" import "$GK_TMP/sjis.csv" 2>"$GK_TMP/err"
check_eq "CP932 file imports (auto-detected)" 0 $?
$GYOKAKU --db "$cp932" export --encoding cp932 -o "$GK_TMP/sjis-out.csv" 2>>"$GK_TMP/err"
pattern=$(printf 'P,,,G,,\x81\x60\x81\x7c\x81\x61\x81\x91\x81\x92\x81\xca\x87\x40,')
check "item bytes 8160 817C 8161 8191 8192 81CA 8740 unchanged" \
    env LC_ALL=C grep -qF "$pattern" "$GK_TMP/sjis-out.csv"
finish
