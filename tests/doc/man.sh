#!/bin/bash
# man.sh — the manual pages read whole in every locale:
#  - doc/gyokaku.1 writes every Japanese word through a string defined by its
#    .JA lines (the word on a UTF-8 terminal, its romaji elsewhere), so that
#    the C locale, where groff drops what it cannot draw, loses nothing;
#  - neither page makes groff warn (the English one in the C locale and in
#    UTF-8, the Japanese one in UTF-8);
#  - the C-locale rendering is pure ASCII with no emptied parentheses or
#    lists, and its NAME line is what whatis/apropos will show;
#  - doc/gyokaku.ja.1 has every command of the English page.
# TAP output with a plan (make doc-check, in make check); exits 1 when any
# check failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
EN=doc/gyokaku.1 JA=doc/gyokaku.ja.1
failed=0 tn=0
echo "1..12"
ok() { tn=$((tn + 1)); echo "ok $tn - $1"; }
nok() { tn=$((tn + 1)); echo "not ok $tn - $1"; failed=1; }
command -v man >/dev/null || { nok "man is not installed"; exit 1; }

bad=$(grep -n '[^[:print:][:space:]]\|[^ -~]' "$EN" | grep -v '^[0-9]*:\.JA ' | head -5)
[ -z "$bad" ] && ok "$EN: every Japanese word is in a .JA string" ||
    { nok "$EN: Japanese outside the .JA strings"; echo "$bad" | sed 's/^/#   /'; }

# (the Japanese page is read in a UTF-8 locale only; a line of Japanese that
# cannot be stretched to the full width is no fault, as lintian also holds)
for page in "$EN" "$JA"; do
    for loc in C C.UTF-8; do
        [ "$page" = "$JA" ] && [ $loc = C ] && continue
        w=$(LANG=$loc LC_ALL=$loc MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null |
            grep -v "cannot adjust line\|can't break line")
        [ -z "$w" ] && ok "$page: no groff warning in $loc" ||
            { nok "$page: groff warns in $loc"; echo "$w" | head -5 | sed 's/^/#   /'; }
    done
done

c=$(LANG=C LC_ALL=C MANWIDTH=80 man -l "$EN" 2>/dev/null)
n=$(printf '%s\n' "$c" | grep -c '[^ -~]')
[ "$n" = 0 ] && ok "$EN in C: pure ASCII" || nok "$EN in C: $n lines with other bytes"
e=$(printf '%s\n' "$c" | grep -n '( *)\|( *,\|, *)\|, *,\|( *;' | head -5)
[ -z "$e" ] && ok "$EN in C: no emptied parentheses or lists" ||
    { nok "$EN in C: emptied parentheses or lists"; echo "$e" | sed 's/^/#   /'; }
missing=
for w in shokan-ka kihon-mokuhyo torikumi-jokyo sashimodoshi teishutsu shonin; do
    printf '%s\n' "$c" | grep -q -- "$w" || missing="$missing $w"
done
[ -z "$missing" ] && ok "$EN in C: the Japanese terms are glossed in romaji" ||
    nok "$EN in C: the romaji is missing:$missing"
u=$(LANG=C.UTF-8 MANWIDTH=80 man -l "$EN" 2>/dev/null)
printf '%s\n' "$u" | grep -q '所管課' && printf '%s\n' "$u" | grep -q 'shokan-ka (所管課)' &&
    ok "$EN in UTF-8: the Japanese words are shown, glossed in TERMS" ||
    nok "$EN in UTF-8: the Japanese words are missing"

for page in "$EN" "$JA"; do
    if ! command -v lexgrog >/dev/null; then
        ok "$page: NAME line for whatis # SKIP lexgrog (man-db) is not installed"
        continue
    fi
    l=$(lexgrog "$page" 2>&1)
    case $l in
        *'gyokaku - '*) case $l in *'\*'* | *'J'[a-z]*']'*) nok "$page: NAME has an unexpanded string: $l" ;;
                             *) ok "$page: NAME line for whatis" ;; esac ;;
        *) nok "$page: lexgrog cannot read NAME: $l" ;;
    esac
done

# Every command the English page describes (a .TP entry under COMMANDS) is
# described in the Japanese page (under コマンド), and both have every
# command of the synopsis.
entries() { sed -n "/^\.SH $2\$/,/^\.SH /p" "$1" | grep -A1 '^\.TP' | grep '^\.B ' | sort; }
en=$(entries "$EN" COMMANDS) ja=$(entries "$JA" コマンド)
[ -n "$en" ] && [ "$en" = "$ja" ] && ok "$JA: every command of the English page ($(echo "$en" | wc -l))" ||
    { nok "$JA: the commands differ from the English page"; diff <(echo "$en") <(echo "$ja") | sed 's/^/#   /'; }
undescribed=
for cmd in $(sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$EN" | grep -o '\\fB[a-z]\+\\fR' |
    sed 's/\\fB\(.*\)\\fR/\1/' | sort -u); do
    case $cmd in auto | clerk | csv | html | json | markdown | master | narrow | office | sheet | supervisor | text | tsv | wide) continue ;; esac
    echo "$en" | grep -q "$cmd" || undescribed="$undescribed $cmd"
done
[ -n "$en" ] && [ -z "$undescribed" ] && ok "$EN: every command of the synopsis is described" ||
    nok "$EN: commands of the synopsis not described:$undescribed"
exit $failed
