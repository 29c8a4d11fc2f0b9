#!/bin/sh
# tests/layers.sh — the layer rules, checked over the #include lines of
# src/ and include/gyokaku/ (run by `make layers`, part of `make check`):
#   - model/ and text/ are the floor: their files, and the headers they own,
#     include only model/ and text/ headers and the C library (no header of
#     store/, io/, ui/ or cli/; no SQLite, curses, iconv, zip, expat or
#     libxlsxwriter; utf8proc only in text/);
#   - only store/ includes sqlite3.h, only ui/ curses, only io/ iconv.h (and
#     the workbook libraries zip.h, expat.h, xlsxwriter.h), only text/
#     utf8proc.h; no public header includes any of them;
#   - nothing of store/ (its files and the headers it owns) includes a
#     header owned by io/: io/ reads and writes files through the store
#     (import, report), so the store below it never calls back up;
#   - no file includes another folder's private header ("../x/y.h").
# A header's layer is the one its opening comment names ("Owner: src/LAYER/"),
# else that of src/LAYER/NAME.c when exactly one layer has one; a header
# with neither (constants only, as version.h) is shared: any layer may
# include it, and it is held to the floor's rule itself. Prints one line per
# violation and exits 1 when there is any; exits 0 silently.
cd "$(dirname "$0")/.." || exit 2
tab=$(mktemp) || exit 2
trap 'rm -f "$tab"' EXIT
# the owners: "NAME.h LAYER" per header, from the Owner lines, then the .c files
grep -H -m1 'Owner: src/[a-z]*/' include/gyokaku/*.h |
    sed 's|^include/gyokaku/\([^:]*\):.*Owner: src/\([a-z]*\)/.*|\1 \2|' >"$tab"
for c in src/*/*.c; do n=${c##*/}; echo "${n%.c}.h ${c#src/}"; done |
    sed 's|/.*||' | sort -u >"$tab.c"
awk '
    FILENAME == tab { owner[$1] = $2; next }
    FILENAME == tabc { split($0, a, " "); if (a[1] in byc) byc[a[1]] = "?"; else byc[a[1]] = a[2]; next }
    FNR == 1 {
        f = FILENAME
        if (f ~ /^src\/[^\/]+\//) { split(f, p, "/"); fl = p[2] }
        else if (f ~ /^include\/gyokaku\//) { fl = layer(substr(f, 17)) }
        else fl = "main"
    }
    /^[ \t]*#[ \t]*include/ {
        line = $0
        if (match(line, /"gyokaku\/[^"]+"/)) {
            n = substr(line, RSTART + 9, RLENGTH - 10); il = layer(n)
            if ((fl == "model" || fl == "text" || fl == "shared") && il != "model" && il != "text" && il != "shared")
                bad(f " (" fl ") includes gyokaku/" n " (" il ")")
            if (fl == "store" && il == "io")
                bad(f " (" fl ") includes gyokaku/" n " (" il ")")
        } else if (match(line, /"\.\.\/[^"]+"/)) {
            split(substr(line, RSTART + 1, RLENGTH - 2), q, "/")
            if (q[2] != fl) bad(f " (" fl ") includes a private header of src/" q[2] "/")
        } else if (match(line, /<[^>]+>/)) {
            s = substr(line, RSTART + 1, RLENGTH - 2); ll = ""
            if (s == "sqlite3.h") ll = "store"
            else if (s ~ /^(n?curses(w\/.*)?|ncursesw\/.*|term|panel|menu|form)(\.h)?$/ || s ~ /curses\.h$/) ll = "ui"
            else if (s == "iconv.h" || s == "zip.h" || s == "expat.h" || s == "xlsxwriter.h") ll = "io"
            else if (s == "utf8proc.h") ll = "text"
            if (ll != "" && f ~ /^include\//) bad(f ": a public header includes <" s "> (only src/" ll "/ may)")
            else if (ll != "" && fl != ll) bad(f " (" fl ") includes <" s "> (only src/" ll "/ may)")
        }
    }
    function layer(n) { if (n in owner) return owner[n]; if ((n in byc) && byc[n] != "?") return byc[n]; return "shared" }
    function bad(m) { print "layers: " m; nbad++ }
    END {
        if (nbad) { print "layers: " nbad " violation(s) of the layer rules (tests/layers.sh)"; exit 1 }
    }
' tab="$tab" tabc="$tab.c" "$tab" "$tab.c" src/*/*.[ch] src/*.c include/gyokaku/*.h
rc=$?
rm -f "$tab.c"
exit $rc
