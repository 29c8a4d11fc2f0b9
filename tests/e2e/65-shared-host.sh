#!/bin/bash
# The enforced mode for a shared host (doc/shared-host.md), end to end with
# real OS users: `make install-shared` into a temporary prefix (the binary
# setgid to a temporary group, the data folder 2770 root:group, the
# configuration), an office login and a clerk login, neither in the group.
# The office creates the shared database and imports through gyokaku; the
# clerk saves an actual in the full-screen entry form (tmux) and submits
# with a command, fails with sqlite3 (permission denied),
# cannot read, alter or remove backups nor open them with --db, cannot make
# gyokaku write into the data folder with -o, is told instead of getting a
# private database by accident, a catalogue of the clerk's is not loaded,
# and a `report -o ~/x.html` belongs to the clerk's own group. Needs root (useradd, runuser, chown): SKIP otherwise.
. tests/e2e/lib.sh
plan 39

[ "$(id -u)" = 0 ] || skip_all "not root: the enforced mode needs useradd, runuser and a setgid install"
for c in useradd groupadd userdel groupdel runuser sqlite3 make cc; do
    command -v $c >/dev/null 2>&1 || skip_all "$c is missing"
done
T=$GK_TMP
chmod 755 "$T" # the logins below must reach the installed program
if findmnt -n -o OPTIONS -T "$T" 2>/dev/null | grep -qw nosuid; then
    skip_all "$T is on a nosuid mount: a setgid program would not change its group there"
fi

sfx=$$
G=gk65g$sfx OFFICE=gk65o$sfx CLERK=gk65c$sfx
cleanup_users() {
    T kill-server 2>/dev/null
    userdel "$CLERK" 2>/dev/null
    userdel "$OFFICE" 2>/dev/null
    groupdel "$CLERK" 2>/dev/null
    groupdel "$OFFICE" 2>/dev/null
    groupdel "$G" 2>/dev/null
}
[ -n "$GK65_KEEP" ] || trap cleanup_users EXIT
mkdir -p "$T/home"
chmod 755 "$T/home"
groupadd "$G" || skip_all "groupadd failed"
useradd -M -U -d "$T/home/$OFFICE" -s /bin/sh "$OFFICE" || skip_all "useradd failed"
useradd -M -U -d "$T/home/$CLERK" -s /bin/sh "$CLERK" || skip_all "useradd failed"
for u in $OFFICE $CLERK; do
    mkdir -p "$T/home/$u"
    chown "$u:$u" "$T/home/$u"
    chmod 700 "$T/home/$u"
done

# --- make install-shared from a copy of this tree (its objects reused) ----------------
mkdir -p "$T/src"
cp -a Makefile src include db po doc "$T/src/"
mkdir -p "$T/src/build"
for d in obj gen locale; do [ -d build/$d ] && cp -a build/$d "$T/src/build/"; done
DATA=$T/srv/gk65
if make -C "$T/src" -j2 install-shared PREFIX="$T/usr" SYSCONFDIR="$T/etc" GYOKAKU_GROUP="$G" \
    GYOKAKU_DATADIR="$DATA" GYOKAKU_KEEP=5 >"$T/install.log" 2>&1; then
    pass "make install-shared into a temporary prefix"
else
    flunk "make install-shared into a temporary prefix"
    sed 's/^/#   /' "$T/install.log" | tail -30
    exit 1
fi
BIN=$T/usr/bin/gyokaku
check_eq "the installed binary is setgid root:$G, 2755" "2755 root:$G" \
    "$(stat -c '%a %U:%G' "$BIN")"
check_eq "the data folder is 2770 root:$G" "2770 root:$G" "$(stat -c '%a %U:%G' "$DATA")"
check_eq "the configuration names the shared database" "database = $DATA/plan.db" \
    "$(grep '^database' "$T/etc/gyokaku.conf")"

as() { # as LOGIN COMMAND... — in the login's home, with a clean environment
    local u=$1
    shift
    (cd "$T/home/$u" && runuser -u "$u" -- env -i HOME="$T/home/$u" LANG=C.UTF-8 PATH=/usr/bin:/bin "$@")
}

# --- the office creates the database and imports, all through gyokaku ---------------
cp tests/e2e/data/clerk.csv "$T/home/$OFFICE/plan.csv"
chown "$OFFICE" "$T/home/$OFFICE/plan.csv"
as "$OFFICE" "$BIN" init 2>"$T/err"
check_eq "the office's init (no --db) creates the configured database, 0660 in group $G" \
    "660 $OFFICE:$G" "$(stat -c '%a %U:%G' "$DATA/plan.db" 2>/dev/null)"
run() { # run DESCRIPTION COMMAND... — ok when it exits 0, else its output
    local d=$1
    shift
    if "$@" >"$T/out" 2>&1; then pass "$d"; else
        flunk "$d"; sed 's/^/#   /' "$T/out"; fi
}
run "the office imports its plan through gyokaku" as "$OFFICE" "$BIN" import plan.csv
run "the office adds the clerk" as "$OFFICE" "$BIN" user add "$CLERK" --role clerk --dept '総)職員課'
run "the office backs up" as "$OFFICE" "$BIN" backup
bak=$(ls "$DATA"/backups/plan.*.bak 2>/dev/null | tail -1)
check "the backup is in the data folder's backups/" test -n "$bak"

# --- the clerk saves through gyokaku: the full-screen entry form ------------------------
if command -v tmux >/dev/null 2>&1; then
    start 100 30 runuser -u "$CLERK" -- env -i HOME="$T/home/$CLERK" LANG=C.UTF-8 TERM=screen "$BIN"
    if wait_for "F10" >/dev/null; then
        keys /
        T send-keys "研修受講率"
        sleep 0.2
        keys Enter
        keys Enter
        if wait_for "Entry: 研修受講率"; then
            keys End BSpace BSpace BSpace BSpace BSpace
            T send-keys "85%"
            sleep 0.2
            keys F2
            if wait_for "Saved."; then pass "the clerk saves an actual in the entry form"; else
                flunk "the clerk saves an actual in the entry form"
                screen | sed 's/^/#   /'
            fi
        else
            flunk "the clerk opens the entry form"
            screen | sed 's/^/#   /'
        fi
        keys Escape
        keys q
    else
        flunk "the clerk's full-screen interface starts"
        screen | sed 's/^/#   /'
    fi
    check_eq "the saved actual is in the shared database, recorded under the clerk's login" \
        "85%|$CLERK" "$(sqlite3 "$DATA/plan.db" "SELECT new || '|' || who FROM history WHERE
            tbl = 'value' AND field = 'actual' ORDER BY id DESC LIMIT 1")"
fi

# --- the clerk saves through gyokaku: a command -----------------------------------------
# (with the test hook of the environment, which the setgid program clears:
# honoured, it would end the process with 86 right after the commit)
as "$CLERK" env GYOKAKU_TEST_CRASH=commit "$BIN" submit --year 2023 '③ 研修の充実' >"$T/out" 2>&1
rc=$?
check_eq "the environment's test hook is ignored (exit 0, not 86)" 0 $rc
if [ $rc = 0 ]; then
    pass "the clerk submits ③ through gyokaku (setgid: the file is written)"
else
    flunk "the clerk submits ③ through gyokaku (setgid: the file is written)"
    sed 's/^/#   /' "$T/out"
fi
check "the submission is recorded under the clerk's login" \
    grep -q "$CLERK" <(sqlite3 "$DATA/plan.db" "SELECT who FROM history WHERE field = 'state'")

# --- ... and cannot change anything behind its back --------------------------------------
sum() { sha256sum "$DATA/plan.db" "$bak" | cut -d' ' -f1 | tr '\n' ' '; }
before=$(sum)
as "$CLERK" sqlite3 "$DATA/plan.db" "UPDATE app_user SET role = 'office'" >"$T/out" 2>&1
rc=$?
check "sqlite3 plan.db \"UPDATE ...\" fails for the clerk" test $rc -ne 0
check "... with permission denied (or cannot open)" grep -qiE "denied|unable to open" "$T/out"
check "the clerk cannot list the data folder" test "$(as "$CLERK" ls "$DATA" 2>&1 >/dev/null)"
check "the clerk cannot read a backup" bash -c "! runuser -u $CLERK -- cat '$bak' >/dev/null 2>&1"
check "the clerk cannot remove a backup" bash -c "! runuser -u $CLERK -- rm -f '$bak' 2>/dev/null"
check "the clerk cannot plant a backup" \
    bash -c "! runuser -u $CLERK -- cp /etc/hostname '$DATA/backups/plan.20991231-235959.bak' 2>/dev/null"
as "$CLERK" "$BIN" --db "$bak" stats >/dev/null 2>"$T/err"
rc=$?
check "gyokaku --db BACKUP stats is refused for the clerk" test $rc -ne 0
check "... saying that it opens only the shared database and the clerk's own files" \
    grep -q "opens only this host's shared database" "$T/err"
ln -s "$DATA/plan.db" "$T/home/$CLERK/link.db"
check "--db naming the shared database (here through the clerk's link) is allowed" \
    as "$CLERK" "$BIN" --db "$T/home/$CLERK/link.db" stats
as "$CLERK" "$BIN" --db "$DATA/other.db" init >/dev/null 2>&1
check "the clerk cannot create a database in the data folder with --db" test ! -e "$DATA/other.db"
as "$CLERK" "$BIN" export -o "$DATA/plan.db" >/dev/null 2>&1
rc=$?
check "export -o into the data folder fails for the clerk (written with the clerk's own group)" \
    test $rc -ne 0
as "$CLERK" "$BIN" report --year 2023 -o "$DATA/status.html" >/dev/null 2>&1
check "report -o into the data folder writes nothing there" test ! -e "$DATA/status.html"
as "$CLERK" "$BIN" backup -o "$DATA/backups/plan.20991231-235959.bak" >/dev/null 2>&1
check "backup -o into the backups folder writes nothing there" \
    test ! -e "$DATA/backups/plan.20991231-235959.bak"
as "$CLERK" "$BIN" restore --yes "$bak" >/dev/null 2>&1
check_eq "the database and the backup are byte-identical after the clerk's attempts" "$before" \
    "$(sum)"

# --- the clerk's own outputs are the clerk's ----------------------------------------------
run "the clerk writes a report into the home folder" \
    as "$CLERK" "$BIN" report --year 2023 -o "$T/home/$CLERK/x.html"
check_eq "report -o ~/x.html is owned by the clerk and the clerk's own group" "$CLERK:$CLERK" \
    "$(stat -c '%U:%G' "$T/home/$CLERK/x.html" 2>/dev/null)"
as "$CLERK" "$BIN" backup -o "$T/home/$CLERK/mine.bak" 2>"$T/err"
check_eq "backup -o ~/mine.bak is owned by the clerk's own group" "$CLERK:$CLERK" \
    "$(stat -c '%U:%G' "$T/home/$CLERK/mine.bak" 2>/dev/null)"

# --- no private database by accident ------------------------------------------------------
as "$CLERK" env GYOKAKU_DB="$T/home/$CLERK/typo.db" "$BIN" import /dev/null >/dev/null 2>"$T/err"
check "a command that would create a private database is refused" \
    test ! -e "$T/home/$CLERK/typo.db"
check "... naming the shared database" grep -q "$DATA/plan.db" "$T/err"
check "a private database made on purpose (init --db) is allowed" \
    as "$CLERK" "$BIN" --db "$T/home/$CLERK/own.db" init
check "... and opened" as "$CLERK" "$BIN" --db "$T/home/$CLERK/own.db" stats

# --- the caller's catalogues are not loaded -------------------------------------------------
mkdir -p "$T/home/$CLERK/loc/ja/LC_MESSAGES"
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "gyokaku: unknown command %%s\\n"\nmsgstr "PLANTED %%s\\n"\n' \
    >"$T/loc.po"
if msgfmt -o "$T/home/$CLERK/loc/ja/LC_MESSAGES/gyokaku.mo" "$T/loc.po" 2>/dev/null; then
    chown -R "$CLERK" "$T/home/$CLERK/loc"
    out=$(as "$CLERK" env LANGUAGE=ja GYOKAKU_LOCALEDIR="$T/home/$CLERK/loc" "$BIN" nosuch 2>&1)
    check "a catalogue given with GYOKAKU_LOCALEDIR is ignored by the setgid program" \
        test -n "${out##*PLANTED*}"
    out=$(cd "$T/home/$CLERK" && runuser -u "$CLERK" -- env -i LANG=C.UTF-8 LANGUAGE=ja GYOKAKU_LOCALEDIR="$T/home/$CLERK/loc" "$T/src/gyokaku" nosuch 2>&1)
    check "... which an ordinary (not setgid) build would load (the test can fail)" \
        test -z "${out##*PLANTED*}"
fi

# --- the configuration is trusted only when root alone may change it ---------------------
chmod 666 "$T/etc/gyokaku.conf"
as "$CLERK" "$BIN" stats >/dev/null 2>"$T/err"
rc=$?
chmod 644 "$T/etc/gyokaku.conf"
check "a configuration writable by others stops the setgid program" test $rc -ne 0
check "... naming it" grep -q "gyokaku.conf must belong to root" "$T/err"
finish
