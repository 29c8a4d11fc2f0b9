#!/bin/bash
# screens.sh — the screens of the Japanese user guide (doc/ja/manual.md),
# made by the real program so that they never go stale: ./gyokaku is started
# in a private tmux server at 80x24 on the demo plans (db/demo/*.csv) in
# Japanese (LANG=C.UTF-8 LANGUAGE=ja, the translations in build/locale), and
# each named screen is captured as text into doc/ja/screens/NAME.txt.
#
#   make doc-screens          (builds first, then runs this script)
#   OUT=/tmp/x bash tests/doc/screens.sh   writes elsewhere (to compare)
#   bash tests/doc/screens.sh --check      (make doc-check, in make check)
#       captures into a temporary folder and compares with doc/ja/screens
#       and with the blocks of the guide, changing nothing: fails when the
#       committed screens are stale. What legitimately varies is left out:
#       the plan's name on a top line that shows the login, since a login
#       longer or shorter than "yamada" gives the name more or less room.
#       TAP output with a plan.
#
# The plan is the 2019-2023 demo plan and the fiscal year R4 (2022), so no
# screen depends on today's date. The login that runs the script is the
# database's first office user; on the screens it is written as "yamada"
# (the only change made to a capture), so that the files do not depend on
# who made them; so are the times of the demo's submit and return in the
# details (2023-06-15 10:00). The blocks marked <!-- screen: NAME --> in doc/ja/README.md
# and doc/ja/manual.md are then rewritten from the captures. Prints "ok - NAME" per screen and "not ok - NAME" when a
# screen does not appear in time; exits 1 when any failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
GYOKAKU=${GYOKAKU:-./gyokaku}
CHECK=; [ "${1:-}" = --check ] && CHECK=1
OUT=${OUT:-doc/ja/screens}
SHOTS="main tree form form-help help board summary year"
GUIDES="doc/ja/README.md doc/ja/manual.md"
n=0 # the checks' number (TAP)
[ -n "$CHECK" ] && echo "1..$(( $(echo $SHOTS | wc -w) * 2 + $(echo $GUIDES | wc -w) ))"
WAIT=${GK_WAIT:-10}
[ -x "$GYOKAKU" ] || { echo "not ok 1 - $GYOKAKU is not built (run make)"; exit 1; }
command -v tmux >/dev/null || { echo "not ok 1 - tmux is not installed"; exit 1; }

TMP=$(mktemp -d) || exit 1
SOCK="gkdoc$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
[ -n "$CHECK" ] && OUT=$TMP/screens
mkdir -p "$OUT" || exit 1

PLAN='江別市行政改革推進計画（令和元(2019)年度～令和5(2023)年度）'
IND='SNS等広報媒体(フェイスブック等)のフォロワー数'
DB="$TMP/demo.db"
GK="env LANG=C.UTF-8 LC_ALL= LANGUAGE=ja GYOKAKU_LOCALEDIR=build/locale NO_COLOR=1 TERM=xterm-256color $GYOKAKU --db $DB"
$GK init >/dev/null 2>&1 && $GK import db/demo/*.csv >/dev/null 2>&1 ||
    { echo "not ok 1 - the demo database"; exit 1; }
# A returned indicator, so that the form shows a 差し戻し comment.
$GK submit --plan "$PLAN" --year R4 "$IND" >/dev/null 2>&1 &&
    $GK return --plan "$PLAN" --year R4 --comment '根拠資料（アカウント別の登録者数）を添付してください。' "$IND" \
        >/dev/null 2>&1 || { echo "not ok 1 - submit and return the demo indicator"; exit 1; }

login=$(id -un)
failed=0

# settled: polls until the screen shows TEXT and stays the same for 0.3 s.
settled() {
    local i=0 max=$((WAIT * 10)) a b
    while [ $i -lt $max ]; do
        a=$(T capture-pane -p 2>/dev/null)
        if printf '%s\n' "$a" | grep -qF -- "$1"; then
            sleep 0.3
            b=$(T capture-pane -p 2>/dev/null)
            [ "$a" = "$b" ] && return 0
        fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# shot NAME TEXT — waits for TEXT, then writes the screen to OUT/NAME.txt.
shot() {
    if settled "$2"; then
        # the login, and the time of its submit and return in the details
        T capture-pane -p | sed -e "1s/ $login (/ yamada (/" \
            -e "s/ $login ([0-9]\{4\}-[0-9-]* [0-9:]*)/ yamada (2023-06-15 10:00)/g" >"$OUT/$1.txt"
        n=$((n + 1)); echo "ok $n - $1"
    else
        n=$((n + 1)); echo "not ok $n - $1 (timed out waiting for: $2)"
        T capture-pane -p | sed 's/^/#   /'
        failed=1
    fi
}
keys() { T send-keys "$@"; sleep 0.2; }

T new-session -d -x 80 -y 24 $GK --plan "$PLAN" --year R4
shot main '階層の名称'                       # the plan selected, its details
keys Down; keys '*'; keys Down; keys Down; keys Down
shot tree '実績値'                           # the tree opened, an indicator's details
keys Enter
shot form '差し戻し'                         # the entry form of a returned indicator
keys F1
shot form-help '入力画面のキー'
keys Escape; keys Escape
settled '階層の名称' >/dev/null || settled '所管課' >/dev/null
keys F1
shot help 'メイン画面のキー'                 # every key of the main screen
keys Escape
keys F4
shot board '所管課一覧'                      # the submission board
keys Escape
keys s
shot summary '入力率'                        # the summary of the year
keys Escape
keys F5
shot year '年度'                             # the year chooser
keys Escape
keys F10
[ $failed = 0 ] || exit 1

# guide DIR MD — MD with its screen blocks filled from DIR's captures.
guide() {
    awk -v dir="$1" '
        /^<!-- screen: [a-z-]+ -->$/ {
            print; f = dir "/" $3 ".txt"; print "```"
            while ((getline l < f) > 0) print l
            close(f); print "```"; skip = 1; next }
        /^<!-- \/screen -->$/ { skip = 0 }
        !skip { print }' "$2"
}

# --check: each capture against the committed one, and each guide against the
# committed screens; nothing is written.
if [ -n "$CHECK" ]; then
    # the plan's name on a top line with the login: its room depends on the login
    norm() { sed '1{/ yamada (/s/^[^|]*|/(plan) |/}' "$1"; }
    for name in $SHOTS; do
        n=$((n + 1))
        d=$(diff <(norm doc/ja/screens/$name.txt 2>&1) <(norm "$OUT/$name.txt"))
        if [ -z "$d" ]; then
            echo "ok $n - doc/ja/screens/$name.txt is what the program shows"
        else
            failed=1
            echo "not ok $n - doc/ja/screens/$name.txt is stale (run make doc-screens)"
            printf '%s\n' "$d" | head -10 | sed 's/^/#   /'
        fi
    done
    for md in $GUIDES; do
        n=$((n + 1))
        if [ -f "$md" ] && guide doc/ja/screens "$md" | cmp -s - "$md"; then
            echo "ok $n - $md shows the screens of doc/ja/screens"
        else
            failed=1
            echo "not ok $n - $md does not show the screens of doc/ja/screens (run make doc-screens)"
        fi
    done
    exit $failed
fi

# The guide shows the screens between <!-- screen: NAME --> and <!-- /screen -->:
# those blocks are rewritten from the captures (only when writing doc/ja/screens).
[ "$OUT" = doc/ja/screens ] || exit 0
for md in $GUIDES; do
    [ -f "$md" ] || continue
    guide "$OUT" "$md" >"$TMP/md" && cat "$TMP/md" >"$md" &&
        echo "ok - $md screens updated" || { echo "not ok - $md screens"; exit 1; }
done
exit 0
