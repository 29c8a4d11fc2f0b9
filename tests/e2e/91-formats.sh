#!/bin/bash
# Conventions of the commands: --format text|csv|tsv|json of user list,
# backup --list, check, plan, stats and status (the same shape everywhere:
# a header row of English keys in csv and tsv, an array of objects in json
# that a JSON parser reads back with the numbers as numbers); a bad format
# is a usage error (2); status fits --width N (and $COLUMNS) in English and
# Japanese; gyokaku help [COMMAND]; --version states the licence; a database
# busy beyond the timeout exits 75 (EX_TEMPFAIL).
. tests/e2e/cli-lib.sh
plan 83
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
db="$GK_TMP/f.db"
G() { $GYOKAKU --db "$db" "$@"; }
G init --demo >/dev/null 2>&1
G user add suzuki --role clerk --dept "総)総務課" 2>/dev/null
G backup >/dev/null 2>&1

i=0
for cmd in "stats" "check" "plan" "user list" "backup --list" "status --year 2022" \
           "status --year 2022 --missing"; do
    i=$((i + 1))
    for f in csv tsv json; do
        G $cmd --format $f >"$GK_TMP/out$i.$f" 2>"$GK_TMP/err"
        check_eq "$cmd --format $f exits 0" 0 $?
    done
    case $cmd in status*) ;; *) # status --format csv keeps export's CSV (below)
        check_eq "$cmd: csv and tsv have the same header" "$(head -1 "$GK_TMP/out$i.tsv" | tr '\t' ,)" \
            "$(head -1 "$GK_TMP/out$i.csv" | tr -d '\r')" ;;
    esac
    G $cmd --format xml >/dev/null 2>&1
    check_eq "$cmd --format xml is a usage error" 2 $?
done
# status --format csv stays what it was (export's CSV: BOM, Japanese headings)
check "status --format csv keeps its BOM and Japanese headings" \
    grep -q "^.*所管課,取組項目 未入力" "$GK_TMP/out6.csv"
check_eq "user add with --format is a usage error" 2 \
    "$(G user add x --role clerk --format json >/dev/null 2>&1; echo $?)"

# the status board at several widths, in English and Japanese; the year
# locked with a long reason (its heading line is cut too)
G lock --force --year 2022 --reason "$(printf '公表済みのため変更しない%.0s' 1 2 3 4 5 6 7 8)" 2>/dev/null
check_eq "the year is locked" 0 $?
for w in 120 100 80 60 40; do
    for lang in C ja; do
        LANGUAGE=$lang GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --db "$db" status --year 2022 \
            --width $w >"$GK_TMP/w-$w-$lang.txt"
    done
done
G status --year 2022 >"$GK_TMP/w-full.txt"
COLUMNS=80 G status --year 2022 >"$GK_TMP/w-columns.txt"

# one python for every JSON and width check (python starts slowly)
# (its checks numbered on from the script's: cli-lib.sh's tap_n, counted
# back in below; a check that vanishes there breaks the plan)
python3 - "$GK_TMP" "$tap_n" >"$GK_TMP/py.tap" <<'PY'
import json, sys, unicodedata
tmp = sys.argv[1]
n = int(sys.argv[2])
fails = 0
def ok(cond, what):
    global fails, n
    fails += not cond
    n += 1
    print(("ok %d - " if cond else "not ok %d - ") % n + what)
def load(i):
    try:
        return json.load(open(f"{tmp}/out{i}.json"))
    except Exception as e:
        return e
names = ["stats", "check", "plan", "user list", "backup --list", "status", "status --missing"]
for i, name in enumerate(names, 1):
    d = load(i)
    ok(isinstance(d, list), f"{name} --format json is a JSON array")
    if isinstance(d, list):
        rows = [len(open(f"{tmp}/out{i}.{f}", encoding="utf-8-sig").read().splitlines())
                for f in ("csv", "tsv")]
        ok(rows == [len(d) + 1] * 2, f"{name}: csv and tsv have a header and one row per json object")
d = load(1); ok(isinstance(d, list) and d[0] == {"name": "plans", "count": 2}, "stats json: counts are numbers")
d = load(3); ok(len(d) == 2 and all(isinstance(p["first_year"], int) and p["level1"] for p in d),
                "plan json: one object per plan with its period and level names")
d = load(4); ok(any(u["login"] == "suzuki" and u["role"] == "clerk" and u["departments"] == "総)総務課"
                    for u in d), "user list json: the department with a parenthesis kept")
d = load(5); ok(d and d[0]["reason"] == "manual" and isinstance(d[0]["size"], int),
                "backup --list json: reason as a stable code, size a number")
d = load(6); ok(d and all(isinstance(r["indicators_entering"], int) and r["year"] == 2022 for r in d),
                "status json: stable keys and numbers")
d = load(7); ok(d and {r["state"] for r in d} <= {"empty", "entering", "returned"},
                "status --missing json: state names in English")
def width(path):
    return max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
                for l in open(path).read().splitlines()), default=0)
full = width(f"{tmp}/w-full.txt")
ok(full > 80, f"the board is wider than 80 columns in English when not cut ({full})")
for w in (120, 100, 80, 60, 40):
    for lang in ("C", "ja"):
        got = width(f"{tmp}/w-{w}-{lang}.txt")
        ok(got <= w, f"status --width {w} ({lang}) fits: {got} columns")
got = width(f"{tmp}/w-columns.txt")
ok(got <= 80, f"status fits $COLUMNS=80 when not on a terminal: {got} columns")
ok("総)総務課" in open(f"{tmp}/w-60-C.txt").read(), "the cut board still names the departments")
sys.exit(1 if fails else 0)
PY
cat "$GK_TMP/py.tap"
tap_n=$((tap_n + $(grep -cE '^(not )?ok [0-9]+ ' "$GK_TMP/py.tap")))
failures=$((failures + $(grep -cE '^not ok [0-9]+ ' "$GK_TMP/py.tap")))
G status --width 10 >/dev/null 2>&1
check_eq "--width 10 is a usage error" 2 $?

# --- help, --version ----------------------------------------------------------------------
check_eq "help lock is lock --help" "$(G lock --help)" "$(G help lock)"
check_eq "help alone is --help" "$($GYOKAKU --help)" "$($GYOKAKU help)"
check "help is listed in --help" grep -q "^  help " <($GYOKAKU --help)
$GYOKAKU help nosuch >/dev/null 2>&1
check_eq "help of an unknown command is a usage error" 2 $?
check "--version states the licence" grep -q "^License: MIT" <($GYOKAKU --version)
check "--version in Japanese" grep -q "ライセンス: MIT" \
    <(LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale $GYOKAKU --version)

# --- one option name for a free-text reason: return takes --reason as lock does ---------
G return --reason "fix it" no-such-node >/dev/null 2>"$GK_TMP/err"
check_eq "return --reason is accepted (the node, not the option, is refused)" 1 $?
G return --bogus x no-such-node >/dev/null 2>&1
check_eq "an unknown option of return is still a usage error" 2 $?

# --- busy: exit 75 -------------------------------------------------------------------------
{ echo "$BASHPID" >"$GK_TMP/feeder"
  printf "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE plan SET name = name; SELECT 'held';\n"
  exec sleep 10; } | sqlite3 "$db" >"$GK_TMP/held" 2>&1 &
holder=$!
check "another process holds the file's exclusive lock" wait_lock "$GK_TMP/held" "$db"
GYOKAKU_BUSY_TIMEOUT_MS=300 $GYOKAKU --db "$db" user add x --role clerk --dept 職員課 2>"$GK_TMP/err"
check_eq "a write on a busy database exits 75 (EX_TEMPFAIL)" 75 $?
GYOKAKU_BUSY_TIMEOUT_MS=300 $GYOKAKU --db "$db" stats --format json >/dev/null 2>"$GK_TMP/err"
check_eq "a read on a busy database exits 75" 75 $?
check "and says busy" grep -q "busy" "$GK_TMP/err"
kill "$(cat "$GK_TMP/feeder")" 2>/dev/null; wait "$holder" 2>/dev/null
G user remove nosuch >/dev/null 2>&1
check_eq "another failure still exits 1" 1 $?
finish
