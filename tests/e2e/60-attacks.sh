#!/bin/bash
# Issue 18, replayed with real OS users in the README's setgid group folder
# (office, two clerks, a supervisor, a login in the group that is no gyokaku
# user): every attack on the backup and restore machinery and the shared
# folder is refused, and the database and the office's backups are
# byte-for-byte as they were afterwards. Users gk60* and the group gk60grp
# are made idempotently and removed at exit. Needs root: otherwise it says
# so and skips (it never passes silently).
. tests/e2e/cli-lib.sh
plan 48

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
    skip_all "needs root with useradd and runuser to create OS users"
fi
command -v sqlite3 >/dev/null || bail "sqlite3 is needed"

grp=gk60grp; office=gk60off; clerk=gk60c1; clerk2=gk60c2; sup=gk60sup; nobody=gk60nob
users="$office $clerk $clerk2 $sup $nobody"
cleanup() {
    for u in $users; do userdel "$u" 2>/dev/null; done
    groupdel "$grp" 2>/dev/null
}
trap cleanup EXIT
cleanup # a run killed before its trap left them
groupadd "$grp" || bail "groupadd $grp"
chmod 1777 "$GK_TMP"
for u in $users; do
    mkdir -p "$GK_TMP/home/$u"
    useradd -M -N -g "$grp" -d "$GK_TMP/home/$u" -s /bin/sh "$u" || bail "useradd $u"
    chown "$u:$grp" "$GK_TMP/home/$u"; chmod 700 "$GK_TMP/home/$u"
done

bin="$GK_TMP/gyokaku"; cp "$GYOKAKU" "$bin"; chmod 755 "$bin"
shared="$GK_TMP/srv"
install -d -m 2770 -g "$grp" "$shared"
db="$shared/plan.db"; bk="$shared/backups"
as() { # as LOGIN gyokaku-args...
    local u=$1; shift
    (cd "$GK_TMP/home/$u" && runuser -u "$u" -- env GYOKAKU_DB="$db" GYOKAKU_BUSY_TIMEOUT_MS=2000 "$bin" "$@")
}
sh_as() { local u=$1; shift; (cd "$GK_TMP/home/$u" && runuser -u "$u" -- sh -c "$*"); }
cat > "$GK_TMP/plan.csv" <<'CSV'
計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況
P,G,項目A,職員課,,,,,,
P,G,項目A,,指標A1,件,2024,10件,,
P,G,項目B,財政課,,,,,,
P,G,項目B,,指標B1,件,2024,5件,,
CSV
chmod 644 "$GK_TMP/plan.csv"

# --- the office sets the shared database up (README) ---------------------------------
sh_as "$office" "GYOKAKU_DB='$db' '$bin' init && chmod 660 '$db'" 2>/dev/null
check_eq "init makes the backups folder in the shared folder, the office's" "$office" "$(stat -c %U "$bk")"
as "$office" import "$GK_TMP/plan.csv" 2>/dev/null
as "$office" user add "$clerk" --role clerk --dept 職員課 2>/dev/null
as "$office" user add "$clerk2" --role clerk --dept 財政課 2>/dev/null
as "$office" user add "$sup" --role supervisor --dept 職員課 2>/dev/null
for i in 1 2 3; do as "$office" backup 2>/dev/null; sleep 1; done
check_eq "the office has 3 backups" 3 "$(as "$office" backup --list 2>/dev/null | wc -l)"
check_eq "backups are read-only for everyone (0440)" 440 "$(stat -c %a "$(ls "$bk"/plan.*.bak | head -1)")"
check "the backups folder has the sticky bit (only a file's owner removes it)" \
    sh -c "stat -c %A '$bk' | grep -q 't$\|T$'"

# the state that every refused attack must leave as it was
snap() { (cd "$shared" && sha256sum plan.db; ls backups/plan.*.bak | sort | xargs sha256sum) 2>/dev/null; }
same() { # same DESCRIPTION: the database and the office's backups unchanged
    if [ "$(snap)" = "$before" ]; then pass "$1: database and backups byte-identical"; else
        flunk "$1: database or backups changed"; diff <(echo "$before") <(snap) | sed 's/^/#   /'
        fi
}
good=$(ls "$bk"/plan.*.bak | sort | tail -1)

# --- 1. a trigger in a backup, and --db attacker.db ------------------------------------
before=$(snap)
sh_as "$clerk" "sqlite3 '$good' \"CREATE TRIGGER t AFTER INSERT ON history BEGIN UPDATE app_user SET role='office'; END;\"" 2>/dev/null
check_eq "the clerk cannot add a trigger to an office backup (read-only)" 0 \
    "$(sqlite3 "$good" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 't'")"
sh_as "$clerk" "cp '$good' ~/evil.bak && chmod 640 ~/evil.bak && sqlite3 ~/evil.bak \"CREATE TRIGGER t AFTER INSERT ON history BEGIN UPDATE app_user SET role='office' WHERE login='$clerk'; END;\" && cp ~/evil.bak '$bk/plan.20200101-000000.bak'"
as "$office" restore --yes "$bk/plan.20200101-000000.bak" >/dev/null 2>"$GK_TMP/err"
check_eq "the office's restore of a backup with a trigger is refused" 1 $?
check "naming the trigger" grep -q "trigger t (on history)" "$GK_TMP/err"
check_eq "the clerk is still a clerk" clerk "$(as "$office" user list 2>/dev/null | awk -v u="$clerk" '$1 == u {print $2}')"
before=$(snap) # the planted file is the clerk's; from here on nothing may change
sh_as "$clerk" "cp '$db' '$GK_TMP/attacker.db' && chmod 644 '$GK_TMP/attacker.db' && sqlite3 '$GK_TMP/attacker.db' \"CREATE TRIGGER x AFTER UPDATE ON value BEGIN DELETE FROM history; END;\""
as "$office" --db "$GK_TMP/attacker.db" stats >/dev/null 2>"$GK_TMP/err"
check_eq "--db attacker.db with an extra trigger is refused" 1 $?
check "naming it" grep -q "trigger x" "$GK_TMP/err"
as "$office" check >/dev/null 2>&1
check_eq "check passes on the untouched database" 0 $?
same "attack 1"

# --- 2. a planted backup named in the future, or doctored -------------------------------
sh_as "$clerk" "cp '$good' ~/own.bak && chmod 640 ~/own.bak && sqlite3 ~/own.bak \"UPDATE app_user SET role='office' WHERE login='$clerk'; UPDATE backup_record SET who='$clerk';\" && cp ~/own.bak '$bk/plan.20991231-235959.bak' && cp ~/own.bak '$bk/plan.20210101-000000.bak'"
as "$office" backup --list >"$GK_TMP/list" 2>/dev/null
check "a backup named in the future is not listed" sh -c "! grep -q 20991231 '$GK_TMP/list'"
check "the newest listed is the office's by its record" sh -c "tail -1 '$GK_TMP/list' | grep -q 'by $office'"
sh_as "$clerk" "cp ~/own.bak '$bk/plan.20220101-000000.bak'; sqlite3 '$bk/plan.20220101-000000.bak' \"UPDATE backup_record SET who='$office', at='2020-01-01T00:00:00Z'\""
as "$office" backup --list >"$GK_TMP/list" 2>/dev/null
check "a backup that names the office but is the clerk's file is NOT TRUSTED" \
    grep -q "plan.20220101-000000.bak.*NOT TRUSTED" "$GK_TMP/list"
cp "$db" "$GK_TMP/db.saved"
printf 'garbage' | dd of="$db" bs=1 seek=5000 conv=notrunc 2>/dev/null
dd if=/dev/zero of="$db" bs=4096 seek=2 count=30 conv=notrunc 2>/dev/null
as "$office" check >"$GK_TMP/out" 2>&1
check "with the live file damaged, check recommends the office's newest backup" \
    grep -q "$(basename "$good")" "$GK_TMP/out"
check "never a planted one" sh -c "! grep -q 'plan.20[239][0-9]0101' '$GK_TMP/out'"

# --- 6. no role check when the live file is damaged ------------------------------------
before=$(snap)
as "$clerk" restore --yes "$good" >/dev/null 2>"$GK_TMP/err"
check_eq "a clerk cannot restore over the damaged file" 1 $?
check "saying only an office user may" grep -q "only an office user" "$GK_TMP/err"
as "$nobody" restore --yes "$good" >/dev/null 2>&1
check_eq "nor a login that is no user" 1 $?
same "attack 6"
cp "$GK_TMP/db.saved" "$db"; chmod 660 "$db"
sh_as "$clerk" "rm -f '$bk'/plan.20[239]*0101-000000.bak '$bk/plan.20991231-235959.bak'"

# --- 3. deleting the office's backups ------------------------------------------------------
before=$(snap)
as "$nobody" backup --keep 1 >/dev/null 2>"$GK_TMP/err"
check_eq "backup --keep 1 by a login that is no user is refused" 1 $?
sh_as "$nobody" "rm -f '$bk'/plan.*.bak" 2>/dev/null
as "$nobody" import "$GK_TMP/no-such-file.csv" >/dev/null 2>&1
sed 's/2024,10件/2024,12件/' "$GK_TMP/plan.csv" >"$GK_TMP/other.csv"
chmod 644 "$GK_TMP/other.csv"
as "$clerk2" import "$GK_TMP/other.csv" >/dev/null 2>"$GK_TMP/imp.err" # 職員課's target
check_eq "a clerk's import of another department's target is refused" 1 $?
check_eq "a refused import and one of a missing file leave no backup" 3 \
    "$(as "$office" backup --list 2>/dev/null | wc -l)"
same "attack 3"
# an import that changes nothing keeps its backup as the login's copy of
# the day (import_file.c) but pushes none of the office's out, even where
# the office keeps only one automatic backup (its own import's)
as "$office" backup --retention=automatic=1 >/dev/null 2>&1
as "$office" import "$GK_TMP/other.csv" >/dev/null 2>&1
check_eq "the office's import made its automatic backup" 1 \
    "$(as "$office" backup --list 2>/dev/null | grep -c 'before an import')"
before=$(snap)
as "$clerk2" import "$GK_TMP/other.csv" >/dev/null 2>&1 # the same file: no change
check_eq "an import that changes nothing leaves the database and every backup there was" 0 \
    "$(comm -23 <(echo "$before" | sort) <(snap | sort) | wc -l)"

# --- 4. backup -o over the live database -------------------------------------------------
before=$(snap)
sh_as "$clerk" "GYOKAKU_DB=~/mine.db '$bin' init" 2>/dev/null
sh_as "$clerk" "'$bin' --db ~/mine.db backup -o '$db'" 2>"$GK_TMP/err"
check_eq "backup -o onto the shared database is refused" 1 $?
check "saying it is a gyokaku database" grep -q "is a gyokaku database" "$GK_TMP/err"
same "attack 4"

# --- 5. a FIFO in backups/ -----------------------------------------------------------------
before=$(snap)
sh_as "$nobody" "mkfifo '$bk/plan.20240101-000000.bak' '$bk/plan.20240101-000001.bak.reason'"
timeout 20 runuser -u "$office" -- env GYOKAKU_DB="$db" "$bin" backup --list >/dev/null 2>&1
check_eq "backup --list does not block on a FIFO" 0 $?
timeout 20 runuser -u "$office" -- env GYOKAKU_DB="$db" "$bin" check >/dev/null 2>&1
check_eq "check does not block on it" 0 $?
sh_as "$nobody" "rm -f '$bk/plan.20240101-000000.bak' '$bk/plan.20240101-000001.bak.reason'"
same "attack 5"
timeout 60 runuser -u "$office" -- env GYOKAKU_DB="$db" "$bin" backup >/dev/null 2>&1
check_eq "a backup beside a FIFO completes" 0 $?

# --- 8. terminal escapes in CLI output ---------------------------------------------------
esc=$(printf '\033]0;pwned\007\033[2J')
# (a year of the plan's period: status refuses one outside it)
as "$office" lock --force --year 2024 --reason "公表${esc}" >/dev/null 2>&1
as "$clerk" status --year 2024 >"$GK_TMP/out" 2>&1
check "a lock reason is shown without its escapes" sh -c "grep -q '公表' '$GK_TMP/out' && ! grep -q \$'\\033' '$GK_TMP/out'"
as "$office" unlock --year 2024 --reason "次の確認のため" >/dev/null 2>&1
printf '計画,基本目標,取組項目,指標,年度,実績値,取組状況\nP,G,項目A,,2024,,実施した\nP,G,項目A,指標A1,2024,12件,\n' >"$GK_TMP/a.csv"; chmod 644 "$GK_TMP/a.csv"
as "$clerk" import "$GK_TMP/a.csv" >/dev/null 2>&1 && as "$clerk" submit --year 2024 項目A >/dev/null 2>&1
as "$sup" return --year 2024 --comment "根拠${esc}" 項目A >/dev/null 2>&1
as "$clerk" status --year 2024 --missing >"$GK_TMP/out" 2>&1
check "a return comment is shown without its escapes" sh -c "grep -q '根拠' '$GK_TMP/out' && ! grep -q \$'\\033' '$GK_TMP/out'"
cp "$GK_TMP/a.csv" "$GK_TMP/x${esc}.csv"; chmod 644 "$GK_TMP/x${esc}.csv"
as "$office" import "$GK_TMP/x${esc}.csv" >"$GK_TMP/out" 2>&1
as "$office" backup --list >>"$GK_TMP/out" 2>&1
check "an import's file name is shown without its escapes (import, backup --list)" \
    sh -c "grep -q 'x.*csv' '$GK_TMP/out' && ! grep -q \$'\\033' '$GK_TMP/out'"

# --- 9. symbolic links in the shared folder ----------------------------------------------
before=$(snap)
sh_as "$office" "mkdir -p ~/private && echo secret > ~/private/profile && chmod 700 ~/private"
sh_as "$clerk" "ln -s '$GK_TMP/home/$office/private/profile' '$shared/status.html'"
as "$office" report -o "$shared/status.html" >/dev/null 2>"$GK_TMP/err"
check_eq "report -o through a clerk's symbolic link is refused" 1 $?
check_eq "the office's file is untouched" secret "$(cat "$GK_TMP/home/$office/private/profile")"
sh_as "$clerk" "rm -f '$shared/status.html'"
same "attack 9 (-o)"
shared2="$GK_TMP/srv2"; install -d -m 2770 -g "$grp" "$shared2"
sh_as "$office" "GYOKAKU_DB='$shared2/p.db' '$bin' init && chmod 660 '$shared2/p.db'" 2>/dev/null
sh_as "$clerk" "mv '$shared2/backups' '$shared2/backups.away'; ln -s '$GK_TMP/home/$office/private' '$shared2/backups'"
as "$office" --db "$shared2/p.db" backup >/dev/null 2>"$GK_TMP/err"
check_eq "a backup into a symlinked backups folder is refused" 1 $?
check_eq "nothing was written behind the link" 1 "$(ls "$GK_TMP/home/$office/private" | wc -l)"

# --- 12. the smaller points -------------------------------------------------------------
before=$(snap)
ls "$shared" >"$GK_TMP/ls.before"
sh_as "$office" "'$bin' --db '$db' backup -o ~/out.bak & p=\$!; sleep 0.05; kill -9 \$p; wait \$p" >/dev/null 2>&1
sh_as "$office" "touch ~/out.bak.tmp-999999999-0 ~/out.bak.tmp-999999999-0-journal" # a killed one's
sh_as "$office" "'$bin' --db '$db' backup -o ~/out.bak" >/dev/null 2>&1
check_eq "a killed backup -o leaves no OUT.tmp-PID-N once the next one ran" 0 \
    "$(ls "$GK_TMP/home/$office" | grep -c 'out.bak.tmp-')"
as "$sup" approve --year 2024 項目A >/dev/null 2>&1 # returned: nothing to approve
printf '計画,基本目標,取組項目,指標,年度,実績値,取組状況\nP,G,項目A,,2024,,実施した\n' >"$GK_TMP/s.csv"; chmod 644 "$GK_TMP/s.csv"
as "$sup" import "$GK_TMP/s.csv" >/dev/null 2>&1 && as "$sup" submit --year 2024 項目A >/dev/null 2>&1
as "$sup" approve --year 2024 項目A >/dev/null 2>"$GK_TMP/err"
check_eq "a supervisor cannot approve their own submission" 1 $?
cp "$db" "$GK_TMP/ro/plan.db" 2>/dev/null || { mkdir -p "$GK_TMP/ro" && cp "$db" "$GK_TMP/ro/plan.db"; }
chmod 444 "$GK_TMP/ro/plan.db"; chmod 555 "$GK_TMP/ro"
sh_as "$clerk" "'$bin' --db '$GK_TMP/ro/plan.db' stats" >/dev/null 2>"$GK_TMP/err"
check_eq "a database in a read-only folder can be read (stats)" 0 $?
sh_as "$clerk" "'$bin' --db '$GK_TMP/ro/plan.db' check" >/dev/null 2>"$GK_TMP/err"
check_eq "and checked" 0 $?
sh_as "$office" "cp ~/out.bak ~/copy.db && chmod 600 ~/copy.db && '$bin' --db ~/copy.db user add $clerk2 --role clerk --dept 財政課" >/dev/null 2>&1
check_eq "a backup opened with --db to write is put in WAL mode" wal \
    "$(sqlite3 "$GK_TMP/home/$office/copy.db" 'PRAGMA journal_mode')"
check "and nothing was written beside it" test "$(ls "$GK_TMP/ro")" = plan.db
finish
