#!/bin/sh
# po/update-po.sh — `make update-po`: regenerates po/gyokaku.pot from the
# sources (with file references) and merges it into every po/*.po.
#
# msgmerge writes a catalogue in the template's order (the order of the
# sources); here each catalogue keeps its own order instead, with the new
# messages appended at its end, so that a merge touches only the entries
# that changed (several people append to po/ja.po at once). Obsolete
# entries (#~) are dropped: the history of the file keeps them.
#
# Usage: po/update-po.sh SOURCE...
set -eu
pot=po/gyokaku.pot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --add-location --language=C \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=ngettext:1,2 \
    --add-comments=TRANSLATORS: --package-name=gyokaku \
    --msgid-bugs-address= -o "$pot" "$@"
for po in po/*.po; do
    # the merge, in the template's order
    msgmerge --quiet --previous -o "$tmp/merged.po" "$po" "$pot"
    msgattrib --no-obsolete -o "$tmp/merged.po" "$tmp/merged.po"
    # the catalogue's own order (without its old references)
    msgattrib --no-obsolete --no-location -o "$tmp/old.po" "$po"
    # the messages both hold, in the catalogue's order (their references
    # from the merge) ...
    msgcomm --more-than=1 -o "$tmp/kept.po" "$tmp/old.po" "$tmp/merged.po"
    # ... then the template's new messages, at the end
    msgcomm --less-than=2 -o "$tmp/diff.po" "$tmp/old.po" "$tmp/merged.po"
    if [ -s "$tmp/diff.po" ]; then
        msgcomm --more-than=1 -o "$tmp/new.po" "$tmp/diff.po" "$tmp/merged.po"
    else
        : >"$tmp/new.po"
    fi
    if [ -s "$tmp/new.po" ]; then
        msgcat --use-first -o "$tmp/out.po" "$tmp/kept.po" "$tmp/new.po"
    else
        cp "$tmp/kept.po" "$tmp/out.po"
    fi
    cp "$tmp/out.po" "$po"
    msgfmt --check --statistics -o /dev/null "$po"
done
