#!/bin/bash
# deb-check.sh — the Debian package, checked as a distribution would (TAP):
# builds it (make deb: dpkg-buildpackage -us -uc -b on a copy of the tree,
# without network), runs lintian (no error, no warning), installs it with
# dpkg into a throwaway root (--root, unprivileged: --force-not-root), checks
# what it put there, runs the installed program, checks its hardening
# (hardening-check), removes it again (purge) and checks nothing is left.
# GK_DEB_SKIP_BUILD=1 checks the package already in build/deb. The package's
# build skips its unit tests here (DEB_BUILD_OPTIONS=nocheck: CI ran them just
# before, in make check); set DEB_BUILD_OPTIONS= to run them in the build too.
# Run from the repository root: make deb-check.
cd "$(dirname "$0")/../.." || exit 1
echo "1..16"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
t() { # t DESCRIPTION COMMAND...
    local d=$1; shift
    if "$@" >"$log" 2>&1; then ok "$d"; else notok "$d"; sed 's/^/#   /' "$log" | tail -40; fi
}
root=$(mktemp -d) || exit 1
log=$(mktemp) || exit 1
trap 'rm -rf "$root" "$log"' EXIT
start=$(date +%s)

# make and make run ask only for the build dependencies (the recipes make
# -nB would run name none of the test tools: make check's .deps-ok does)
t "make and make run need only the build dependencies" \
    bash -c "! make -nB all run 2>&1 | grep -E 'chromium|valgrind|clang|lintian|tmux|cmocka'"

# make install and uninstall (GNU: DESTDIR, prefix): everything in its place,
# and nothing left after uninstall; make dist: the tree under gyokaku-VERSION/
ver=$(sed -n 's/^#define GK_VERSION "\(.*\)"$/\1/p' include/gyokaku/version.h)
dest=$root/destdir
make --no-print-directory install DESTDIR="$dest" prefix=/usr >"$log" 2>&1
miss=
for f in usr/bin/gyokaku usr/share/man/man1/gyokaku.1 usr/share/man/ja/man1/gyokaku.1 \
    usr/share/locale/ja/LC_MESSAGES/gyokaku.mo usr/share/gyokaku/demo/ebetsu-plan-2024-2028.csv \
    usr/share/bash-completion/completions/gyokaku usr/share/zsh/site-functions/_gyokaku \
    usr/share/doc/gyokaku/LICENSE usr/share/doc/gyokaku/csv-format.md \
    usr/share/doc/gyokaku/examples/gyokaku-backup.timer; do
    [ -e "$dest/$f" ] || miss="$miss $f"
done
make --no-print-directory uninstall DESTDIR="$dest" prefix=/usr >>"$log" 2>&1
leftover=$(find "$dest" -type f 2>/dev/null)
t "make install DESTDIR= prefix=/usr puts every file, make uninstall removes them all" \
    test -z "$miss$leftover"
[ -z "$miss$leftover" ] || echo "#   missing:$miss left: $leftover"
rm -rf "$dest"
rm -f "build/gyokaku-$ver.tar.gz"
make --no-print-directory dist >/dev/null 2>&1
t "make dist writes build/gyokaku-$ver.tar.gz holding gyokaku-$ver/ with LICENSE and the version" \
    bash -c "tar -tzf build/gyokaku-$ver.tar.gz | grep -qx 'gyokaku-$ver/LICENSE' &&
             tar -tzf build/gyokaku-$ver.tar.gz | grep -qx 'gyokaku-$ver/include/gyokaku/version.h'"

if [ -z "${GK_DEB_SKIP_BUILD:-}" ]; then
    export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-nocheck}
    echo "# DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS"
    t "the package builds (make deb)" make --no-print-directory deb
else
    ok "the package builds (skipped: GK_DEB_SKIP_BUILD)"
fi
deb=$(ls build/deb/gyokaku_*.deb 2>/dev/null | head -1)
t "one .deb in build/deb" test -f "$deb"
t "the package's version is version.h's ($ver)" test "$(dpkg-deb -f "$deb" Version 2>/dev/null)" = "$ver"
changes=$(ls build/deb/gyokaku_*.changes 2>/dev/null | head -1)
t "lintian: no error, no warning" lintian --fail-on error,warning --no-tag-display-limit "$changes"
grep -E '^[EW]:' "$log" | sed 's/^/#   /'

# a throwaway dpkg root: its own database, the package's dependencies absent
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
DPKG="dpkg --root=$root --force-not-root --force-depends --force-script-chrootless --log=/dev/null"
t "dpkg installs it into a throwaway root" $DPKG -i "$deb"
missing=""
for f in usr/bin/gyokaku usr/share/man/man1/gyokaku.1.gz usr/share/man/ja/man1/gyokaku.1.gz \
    usr/share/locale/ja/LC_MESSAGES/gyokaku.mo \
    usr/share/gyokaku/demo/ebetsu-plan-2024-2028.csv \
    usr/share/bash-completion/completions/gyokaku usr/share/zsh/vendor-completions/_gyokaku \
    usr/share/doc/gyokaku/copyright usr/share/doc/gyokaku/changelog.gz \
    usr/share/doc/gyokaku/csv-format.md.gz usr/share/doc/gyokaku/shared-host.md.gz \
    usr/share/doc/gyokaku/examples/gyokaku-backup.service \
    usr/share/doc/gyokaku/examples/gyokaku-backup.timer \
    usr/share/doc/gyokaku/examples/gyokaku.conf usr/share/doc/gyokaku/examples/gyokaku-backup.cron; do
    [ -e "$root/$f" ] || missing="$missing $f"
done
t "it holds the program, manual, translation, demo, completion, documents and examples" \
    test -z "$missing"
[ -z "$missing" ] || echo "#   missing:$missing"
t "the installed program states its version and licence" \
    grep -q "License: MIT" <("$root/usr/bin/gyokaku" --version)
t "the installed translation is found" \
    grep -q "ライセンス: MIT" <(env LANG=C.UTF-8 LANGUAGE=ja GYOKAKU_LOCALEDIR="$root/usr/share/locale" \
        "$root/usr/bin/gyokaku" --version)
# Control flow integrity (IBT, SHSTK) is marked only when every object
# linked has it, the C library's start files included: where they lack it
# (Debian 12's crt1.o), no program can have it, and it is not asked for.
hc_opts=
crt1=$(cc -print-file-name=crt1.o 2>/dev/null)
if [ -f "$crt1" ] && ! readelf -n "$crt1" 2>/dev/null | grep -q "IBT"; then
    hc_opts=--nocfprotection
    echo "# $crt1 has no IBT/SHSTK property: hardening-check --nocfprotection"
fi
t "hardening-check passes on the packaged program" hardening-check $hc_opts "$root/usr/bin/gyokaku"
sed 's/^/#   /' "$log"
t "the installed demo plans import" \
    "$root/usr/bin/gyokaku" --db "$root/demo.db" import "$root"/usr/share/gyokaku/demo/*.csv
rm -f "$root/demo.db"*
t "dpkg removes it (purge)" $DPKG --purge gyokaku
left=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -print)
t "nothing of it is left" test -z "$left"
[ -z "$left" ] || printf '#   left: %s\n' $left
t "dpkg's database no longer lists it" \
    bash -c "! dpkg --root='$root' -s gyokaku >/dev/null 2>&1"
echo "# deb-check: $(($(date +%s) - start)) s"
[ "$fails" -eq 0 ]
