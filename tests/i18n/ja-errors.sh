#!/bin/bash
# tests/i18n/ja-errors.sh — `make i18n-check`: the Japanese interface has no
# English left in it (doc/i18n.md).
#
#   1. po/ja.po has no untranslated and no fuzzy message (msgfmt --statistics).
#   2. Every command's error paths (bad options, a missing or foreign
#      database, a wrong role, an unknown plan, node or department, a bad
#      year, a bad CSV, …) run under ja_JP.UTF-8 (C.UTF-8 with LANGUAGE=ja
#      when the Japanese locale is not installed): each must fail, say
#      something, and print no English sentence. An English sentence is a
#      run of three or more ASCII words once file paths, option names
#      (--year), `commands`, the "gyokaku CMD:" prefix and SQLite's and
#      libzip's own text in their parentheses ("(SQLite: …)", kept for the
#      administrator) are taken out.
#   3. The successful output of the main commands (stats, check, plan, user,
#      dept list, status, the workflow, lock, backup, report, export, import
#      --dry-run, sheet and collect, help, --version) under the same locale:
#      each must exit 0 and print no English sentence and no line that
#      starts with an English key ("plans<TAB>2", "ok: …").
#
# TAP output with a plan; each run is limited to 10 s (a run that hangs is
# `not ok`). Takes a few seconds.
set -u
cd "$(dirname "$0")/../.." || exit 2
G=${GYOKAKU:-$PWD/gyokaku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gk-i18n-XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# --- the environment: Japanese, no default database ---------------------------------
if locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8'; then
    export LANG=ja_JP.UTF-8
    how="LANG=ja_JP.UTF-8"
else
    export LANG=C.UTF-8
    how="LANG=C.UTF-8 LANGUAGE=ja (ja_JP.UTF-8 is not installed)"
fi
export LANGUAGE=ja LC_ALL= GYOKAKU_LOCALEDIR=$PWD/build/locale
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg NO_COLOR=1
unset GYOKAKU_DB
mkdir -p "$HOME"

# --- fixtures -------------------------------------------------------------------------
db=$tmp/gk.db
P='江別市行政改革推進計画（令和6(2024)年度～令和10(2028)年度）'
"$G" --db "$db" init >/dev/null 2>&1
"$G" --db "$db" import db/demo/*.csv >/dev/null 2>&1
me=$(id -un)
clerkdb=$tmp/clerk.db # the same database, the login a clerk (set with sqlite3)
cp "$db" "$clerkdb"
sqlite3 "$clerkdb" "UPDATE app_user SET role = 'clerk' WHERE login = '$me';
    INSERT INTO user_dept SELECT u.id, d.id FROM app_user u, dept d
    WHERE u.login = '$me' AND d.id = (SELECT min(id) FROM dept);" 2>/dev/null
printf 'これはデータベースではありません\n' >"$tmp/text.db"
: >"$tmp/empty.db"
mkdir -p "$tmp/folder.db"
printf 'a,b,c\n1,2,3\n' >"$tmp/badheader.csv"
printf '計画,基本目標,取組方針,取組項目,指標,所管課,単位,初期値,初期値年度,年度,目標値,実績値,取組状況\n"閉じない引用符\n' >"$tmp/badquote.csv"
: >"$tmp/empty.csv"
printf 'x\0y\n' >"$tmp/nul.csv"
printf 'PK\003\004 not a workbook' >"$tmp/bad.xlsx"

# --- the cases: description | command (eval'd; $G, $db, $P, $tmp) -----------------------
cases=(
    "an unknown option|$G --no-such-option"
    "an unknown command|$G no-such-command"
    "init on a folder|$G --db $tmp/folder.db init"
    "init where no folder can be made|$G --db $tmp/text.db/sub/x.db init"
    "stats without a database|$G --db $tmp/missing.db stats"
    "check without a database|$G --db $tmp/missing.db check"
    "export without a database|$G --db $tmp/missing.db export"
    "user list without a database|$G --db $tmp/missing.db user list"
    "status without a database|$G --db $tmp/missing.db status"
    "stats on a text file|$G --db $tmp/text.db stats"
    "check on an empty file|$G --db $tmp/empty.db check"
    "export on a folder|$G --db $tmp/folder.db export"
    "stats: a bad option|$G --db $db stats --bogus"
    "stats: an unknown plan|$G --db $db stats --plan 無い計画"
    "check: an extra argument|$G --db $db check 余分"
    "export: a bad option|$G --db $db export --bogus"
    "export: an unknown plan|$G --db $db export --plan 無い計画"
    "export: a bad encoding|$G --db $db export --plan '$P' --encoding EBCDIC"
    "export: a bad year|$G --db $db export --plan '$P' --year 令和九十九年度"
    "import: no file|$G --db $db import"
    "import: a missing file|$G --db $db import $tmp/missing.csv"
    "import: a CSV without the header|$G --db $db import $tmp/badheader.csv"
    "import: an unclosed quote|$G --db $db import $tmp/badquote.csv"
    "import: an empty CSV|$G --db $db import $tmp/empty.csv"
    "import: a NUL byte|$G --db $db import $tmp/nul.csv"
    "plan: an unknown plan|$G --db $db plan 無い計画"
    "plan set: an unknown plan|$G --db $db plan set 無い計画 --period R6～R10"
    "plan set: a bad period|$G --db $db plan set '$P' --period 来年から"
    "plan rename: no new name|$G --db $db plan rename '$P'"
    "plan grades: a bad spec|$G --db $db plan grades '$P' 'A>=abc'"
    "report: an unknown plan|$G --db $db report --plan 無い計画"
    "report: a bad format|$G --db $db report --plan '$P' --format docx"
    "report: a bad year|$G --db $db report --plan '$P' --year 1800"
    "report: a bad width|$G --db $db report --plan '$P' --width -3"
    "user: no subcommand|$G --db $db user"
    "user add: no role|$G --db $db user add tanaka"
    "user add: an unknown role|$G --db $db user add tanaka --role 部長"
    "user add: a clerk without a department|$G --db $db user add tanaka --role clerk"
    "user add: an unknown department|$G --db $db user add tanaka --role clerk --dept 無い課"
    "user remove: not a user|$G --db $db user remove nobody"
    "user remove: the last office user|$G --db $db user remove $me"
    "submit: no node|$G --db $db submit --plan '$P' --year 2024"
    "submit: an unknown node|$G --db $db submit --plan '$P' --year 2024 無い項目"
    "submit: a bad year|$G --db $db submit --plan '$P' --year 今年 無い項目"
    "return: no comment|$G --db $db return --plan '$P' --year 2024 無い項目"
    "approve: an unknown node|$G --db $db approve --plan '$P' --year 2024 無い項目"
    "lock: no reason|$G --db $db lock --year 2024"
    "lock: a bad year|$G --db $db lock --year 明日 --reason 公表"
    "unlock: a year not locked|$G --db $db unlock --year 2024 --reason 誤り"
    "status: an unknown plan|$G --db $db status --plan 無い計画"
    "status: an unknown department|$G --db $db status --plan '$P' --dept 無い課"
    "backup: a bad --keep|$G --db $db backup --keep 多数"
    "restore: a missing backup|$G --db $db restore $tmp/missing.bak"
    "restore: a text file as the backup|$G --db $db restore --yes $tmp/text.db"
    "sheet: an unknown department|$G --db $db sheet --plan '$P' --year 2024 --dept 無い課 -o $tmp/out.xlsx"
    "collect: a missing workbook|$G --db $db collect $tmp/missing.xlsx"
    "collect: not a workbook|$G --db $db collect $tmp/bad.xlsx"
    "a clerk locks a year|$G --db $clerkdb lock --year 2024 --reason 公表"
    "a clerk adds a user|$G --db $clerkdb user add tanaka --role clerk --dept 職員課"
    "a clerk renames the plan|$G --db $clerkdb plan rename '$P' 新しい名前"
    "a clerk approves|$G --db $clerkdb approve --plan '$P' --year 2024 無い項目"
    "a clerk sets the retention|$G --db $clerkdb backup --retention=3"
    "a clerk unlocks a year|$G --db $clerkdb unlock --year 2023 --reason 誤り"
)

# --- the successful output of the main commands ---------------------------------------
# the same detector, and no line that starts with an English key ("plans<TAB>2",
# "ok: …"); each must exit 0 (a chain: every step)
# (the workflow on the demo's 2022, whose indicator has its actual)
P1='江別市行政改革推進計画（令和元(2019)年度～令和5(2023)年度）'
node=$(sqlite3 "$db" "SELECT n.uid FROM node n JOIN plan p ON p.id = n.plan_id
    WHERE p.name = '$P1' AND n.title = 'SNS等広報媒体(フェイスブック等)のフォロワー数'" 2>/dev/null)
successes=(
    "stats|$G --db $db stats"
    "stats of a plan|$G --db $db stats --plan '$P'"
    "check|$G --db $db check"
    "plan|$G --db $db plan"
    "plan NAME|$G --db $db plan '$P'"
    "user add, list, remove|$G --db $db user add tanaka --role clerk --dept 職員課 && $G --db $db user list && $G --db $db user remove tanaka"
    "dept list|$G --db $db dept list"
    "status|$G --db $db status --year 2024"
    "status --missing|$G --db $db status --year 2024 --missing"
    "submit, return, submit, approve|$G --db $db submit --plan '$P1' --year 2022 $node && $G --db $db return --plan '$P1' --year 2022 --comment 根拠を添付してください $node && $G --db $db submit --plan '$P1' --year 2022 $node && $G --db $db approve --plan '$P1' --year 2022 $node"
    "lock and unlock|$G --db $db lock --year 2024 --reason 公表 --force && $G --db $db unlock --year 2024 --reason 誤り"
    "backup and backup --list|$G --db $db backup && $G --db $db backup --list"
    "report (text)|$G --db $db report --plan '$P' --year 2024 --format text"
    "export|$G --db $db export --plan '$P' -o $tmp/export.csv"
    "import --dry-run|$G --db $db import --dry-run db/demo/ebetsu-plan-2024-2028.csv"
    "sheet and collect --dry-run|$G --db $db sheet --plan '$P' --year 2024 --dept 職員課 -o $tmp/職員課.xlsx && $G --db $db collect --dry-run $tmp/職員課.xlsx"
    "help|$G help"
    "help status|$G help status"
    "--version|$G --version"
)

# An English sentence left in a line, after taking out what may stay ASCII.
english() {
    local q="'"
    sed -E "s/\((SQLite|libzip): [^)]*\)//g; s/（(SQLite|libzip): [^）]*）//g; s/\`[^\`]*\`//g;
            s/${q}[^${q}]*${q}//g; s/^gyokaku( [a-z]+)*://;
            s/--[A-Za-z][A-Za-z-]*(=[^ ]*)?//g; s#[^ 　「」（）、。:]*/[^ 　「」（）、。]*##g" |
        grep -E '(^|[^A-Za-z0-9_.-])[A-Za-z]+([ ,]+[A-Za-z]+){2,}'
}

# A line that starts with an English key or label (not the "gyokaku CMD:" prefix).
english_key() {
    grep -vE '^gyokaku( [a-z]+)*:' | grep -E $'^[ \t]*[A-Za-z][A-Za-z_ ]*(\t|: )'
}

# run K: the case's output and exit status into $tmp/run.K; 4 at a time, each
# on its own copy of the databases (no run waits for another's lock)
run() {
    local k=$1 cmd=${cases[$1]#*|}
    mkdir -p "$tmp/$k"
    cp "$db" "$tmp/$k/gk.db" 2>/dev/null
    cp "$clerkdb" "$tmp/$k/clerk.db" 2>/dev/null
    cmd=${cmd//$db/$tmp/$k/gk.db}
    cmd=${cmd//$clerkdb/$tmp/$k/clerk.db}
    eval "timeout 10 $cmd" </dev/null >"$tmp/run.$k" 2>&1
    echo $? >"$tmp/rc.$k"
    english <"$tmp/run.$k" | head -1 >"$tmp/bad.$k"
}
# run_ok K: a success case into $tmp/ok.K (its own copy of the database; a
# chain runs whole under one timeout)
run_ok() {
    local k=$1 cmd=${successes[$1]#*|}
    mkdir -p "$tmp/ok$k"
    cp "$db" "$tmp/ok$k/gk.db" 2>/dev/null
    cmd=${cmd//$db/$tmp/ok$k/gk.db}
    cmd=${cmd//$tmp\/export.csv/$tmp/ok$k/export.csv}
    cmd=${cmd//$tmp\/職員課.xlsx/$tmp/ok$k/職員課.xlsx}
    timeout 20 bash -c "$cmd" </dev/null >"$tmp/ok.$k" 2>&1
    echo $? >"$tmp/okrc.$k"
    { english <"$tmp/ok.$k"; english_key <"$tmp/ok.$k"; } | head -1 >"$tmp/okbad.$k"
}

n=0
failures=0
fail() { failures=$((failures + 1)); }
echo "1..$((${#cases[@]} + ${#successes[@]} + 5))"
echo "# $how"
n=$((n + 1))
stats=$(LANGUAGE= LC_ALL=C msgfmt --check --statistics -o /dev/null po/ja.po 2>&1)
if echo "$stats" | grep -qE 'untranslated|fuzzy' || ! echo "$stats" | grep -q 'translated'; then
    fail; echo "not ok $n - po/ja.po is fully translated # $stats"
else
    echo "ok $n - po/ja.po is fully translated ($stats)"
fi
n=$((n + 1))
# every message of the sources is in po/ja.po (make update-po was run): a
# message missing there would reach the screen in English
srcs=$(ls src/*/*.c src/main.c)
if xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
        --keyword=ngettext:1,2 -o "$tmp/src.pot" $srcs 2>"$tmp/xg" &&
    LC_ALL=C msgcmp po/ja.po "$tmp/src.pot" >"$tmp/cmp" 2>&1; then
    echo "ok $n - every message of the sources is in po/ja.po"
else
    fail; echo "not ok $n - every message of the sources is in po/ja.po (run make update-po)"
    head -4 "$tmp/cmp" "$tmp/xg" | sed 's/^/#   /'
fi
n=$((n + 1))
# the reviewer's rules (doc/i18n.md): no 「あなた」, one spelling of 差し戻し, in
# the catalogue's translations and in the Japanese documents
words=$(sed -n '/^msgstr/,/^$/p' po/ja.po | cat - doc/gyokaku.ja.1 doc/ja/*.md |
    grep -o 'あなた\|差戻し' | sort | uniq -c | tr -s ' \n' ' ')
if [ -z "$words" ]; then
    echo "ok $n - no あなた and no 差戻し in po/ja.po's translations and the Japanese documents"
else
    fail; echo "not ok $n - no あなた and no 差戻し in po/ja.po's translations and the Japanese documents:$words"
fi
n=$((n + 1))
if LANGUAGE=ja "$G" --help 2>&1 | grep -q '使い方'; then
    echo "ok $n - the Japanese catalogue is found ($GYOKAKU_LOCALEDIR)"
else
    fail; echo "not ok $n - the Japanese catalogue is found ($GYOKAKU_LOCALEDIR)"
fi
echo "# fixtures ready after ${SECONDS}s"
n=$((n + 1))
# the detector itself: an English sentence is caught; paths, options, commands
# and SQLite's text in its parentheses are not
if [ -n "$(echo 'gyokaku: cannot open the database' | english)" ] &&
    [ -n "$(echo 'gyokaku: 計画 attempt to write a readonly database' | english)" ] &&
    [ -z "$(echo 'gyokaku import: /tmp/my data/plan file.csv を開けません（SQLite: attempt to write a readonly database）。`gyokaku check --help` と --dry-run を参照' | english)" ] &&
    [ -n "$(printf 'plans\t2\n' | english_key)" ] && [ -n "$(echo 'ok: 問題なし' | english_key)" ] &&
    [ -z "$(printf 'gyokaku lock: 年度\n計画\t2\n' | english_key)" ]; then
    echo "ok $n - the detector catches English and lets paths, options and (SQLite: …) pass"
else
    fail; echo "not ok $n - the detector catches English and lets paths, options and (SQLite: …) pass"
fi
running=0
for k in "${!successes[@]}"; do
    run_ok "$k" &
    running=$((running + 1))
    if [ $running -ge 4 ]; then
        wait -n
        running=$((running - 1))
    fi
done
for k in "${!cases[@]}"; do
    run "$k" &
    running=$((running + 1))
    if [ $running -ge 4 ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
echo "# all runs done after ${SECONDS}s"
for k in "${!cases[@]}"; do
    n=$((n + 1))
    desc=${cases[$k]%%|*}
    out=$(<"$tmp/run.$k")
    rc=$(<"$tmp/rc.$k")
    bad=$(<"$tmp/bad.$k")
    first=${out%%$'\n'*}
    if [ "$rc" -eq 124 ]; then
        fail; echo "not ok $n - $desc: timed out"
    elif [ "$rc" -eq 0 ]; then
        fail; echo "not ok $n - $desc: exited 0, not an error path"
    elif [ -z "$out" ]; then
        fail; echo "not ok $n - $desc: said nothing (exit $rc)"
    elif [ -n "$bad" ]; then
        fail; echo "not ok $n - $desc: English: $bad"
    else
        echo "ok $n - $desc (exit $rc: ${first:0:60})"
    fi
done
for k in "${!successes[@]}"; do
    n=$((n + 1))
    desc="succeeds in Japanese: ${successes[$k]%%|*}"
    out=$(<"$tmp/ok.$k")
    rc=$(<"$tmp/okrc.$k")
    bad=$(<"$tmp/okbad.$k")
    if [ "$rc" -eq 124 ]; then
        fail; echo "not ok $n - $desc: timed out"
    elif [ "$rc" -ne 0 ]; then
        fail; echo "not ok $n - $desc: exited $rc: ${out:0:200}"
    elif [ -n "$bad" ]; then
        fail; echo "not ok $n - $desc: English: $bad"
    else
        echo "ok $n - $desc ($(printf '%s\n' "$out" | wc -l) lines)"
    fi
done
[ "$failures" -eq 0 ] || { echo "# $failures failed"; exit 1; }
