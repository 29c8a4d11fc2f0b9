/*
 * backup.c — online backups, their retention and the newest good one
 * (backup.h). The files and the copy are backup_copy.c, the record and
 * the listing backup_list.c, restoring restore.c.
 *
 * Copying: sqlite3_backup_step() in steps of STEP_PAGES pages with a short
 * sleep between them. The source connection holds one read transaction for
 * the whole copy, so that the copy is one consistent state and never
 * restarts (a backup whose source another process writes to starts again
 * from the first page at its next step, and under steady saves might never
 * end). In WAL mode a reader blocks nobody: writers go on appending to the
 * WAL, other readers read; only a checkpoint cannot pass our snapshot until
 * the copy ends. BUSY or LOCKED from a step (a checkpoint or recovery in
 * progress) is retried after a short sleep, up to the busy timeout.
 */
#include "backup_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"
#include "gyokaku/sysconf.h"

static const char *const kind_keys[] = {"manual", "scheduled", "automatic"};

gk_backup_kind gk_backup_kind_of(gk_backup_reason why)
{
    return why == GK_BACKUP_MANUAL      ? GK_KIND_MANUAL
           : why == GK_BACKUP_SCHEDULED ? GK_KIND_SCHEDULED
                                        : GK_KIND_AUTOMATIC;
}

const char *gk_backup_kind_name(gk_backup_kind k)
{
    return (unsigned)k < GK_KIND_COUNT ? kind_keys[k] : "";
}

int gk_backup_kind_parse(const char *name)
{
    for (int k = 0; k < GK_KIND_COUNT; k++)
        if (strcmp(name, kind_keys[k]) == 0) return k;
    return -1;
}

const char *gk_backup_reason_label(gk_backup_reason why)
{
    switch (why) {
    case GK_BACKUP_MANUAL:
        return _("manual backup");
    case GK_BACKUP_UPGRADE:
        return _("before a schema upgrade");
    case GK_BACKUP_IMPORT:
        return _("before an import");
    case GK_BACKUP_LOCK:
        return _("before locking a fiscal year");
    case GK_BACKUP_RESTORE:
        return _("before a restore");
    case GK_BACKUP_SCHEDULED:
        return _("scheduled backup");
    }
    return "";
}

/* --- retention ------------------------------------------------------------------------ */

/* Stored in the database as rows of pref with who '' (no login is empty)
 * and key 'backup.keep.KIND'. A kind the office set no count for keeps the
 * host's default: backup_keep of the system-wide configuration (sysconf.h),
 * else GK_BACKUP_KEEP. */
int gk_backup_retention(gk_store *s, int keep[GK_KIND_COUNT], gk_error *err)
{
    gk_error ignored = {{0}}; /* a bad configuration already stopped main() */
    const gk_sysconf *conf = gk_sysconf_get(&ignored);
    int def = conf && conf->backup_keep >= 0 ? conf->backup_keep : GK_BACKUP_KEEP;
    for (int k = 0; k < GK_KIND_COUNT; k++)
        keep[k] = def;
    if (s->version < 3) return 0; /* no pref table yet */
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT substr(key, 13), value FROM pref WHERE who = '' AND key LIKE 'backup.keep.%'",
        err);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int k = gk_backup_kind_parse(gk_stmt_text(st, 0));
        const char *v = gk_stmt_text(st, 1);
        char *end;
        long n = strtol(v, &end, 10);
        if (k >= 0 && !*end && end != v && n >= 0 && n <= 100000) keep[k] = (int)n;
    }
    int res = gk_sql_step_done(s, rc, err);
    sqlite3_finalize(st);
    return res;
}

int gk_backup_retention_set(gk_store *s, gk_backup_kind k, int keep, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    if (gk_auth_office_tx(s, _("set how many backups are kept"), err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    char key[64], val[16];
    snprintf(key, sizeof key, "backup.keep.%s", gk_backup_kind_name(k));
    snprintf(val, sizeof val, "%d", keep);
    sqlite3_stmt *st =
        gk_sql_prepare(s,
                       "INSERT INTO pref(who, key, value) VALUES ('', ?1, ?2)"
                       " ON CONFLICT (who, key) DO UPDATE SET value = excluded.value",
                       err);
    if (!st) {
        gk_store_rollback(s);
        return -1;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, val, -1, SQLITE_STATIC);
    if (gk_sql_run(s, st, _("cannot store how many backups are kept"), err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* Removes what a backup or a restore killed half way left in the folder:
 * ".NAME.tmp-PID-N…" and ".NAME.restore.tmp-PID-N…" of a process that is
 * gone. */
static void remove_stale_temps(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char prefix[1100];
    snprintf(prefix, sizeof prefix, ".%s.", name);
    size_t pl = strlen(prefix);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, prefix, pl) != 0) continue;
        const char *t = strstr(de->d_name + pl, "tmp-");
        if (!t) continue;
        char *end;
        long pid = strtol(t + 4, &end, 10);
        if (end == t + 4 || *end != '-' || pid <= 0) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char p[5400];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        unlink(p);
    }
    closedir(d);
}

/* Removes "BASE.tmp-PID-N" copies of out left beside it by a `backup -o`
 * that was killed (its PID gone), our own files only. */
static void remove_stale_out_temps(const char *out)
{
    char dir[4096], base[1100];
    const char *slash = strrchr(out, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - out) : 1, slash ? out : ".");
    if (slash && slash == out) snprintf(dir, sizeof dir, "/");
    snprintf(base, sizeof base, "%s.tmp-", slash ? slash + 1 : out);
    size_t bl = strlen(base);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, base, bl) != 0) continue;
        char *end;
        long pid = strtol(de->d_name + bl, &end, 10);
        if (end == de->d_name + bl || *end != '-' || pid <= 0) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char p[5400];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid()) remove_temp(p);
    }
    closedir(d);
}

/* Whether the caller may prune the backups folder of s: an office user, or
 * the owner of the database file. */
static bool may_prune(gk_store *s)
{
    struct stat st;
    if (stat(s->path, &st) == 0 && st.st_uid == getuid()) return true;
    if (s->version < GK_SCHEMA_ROLES) return false;
    gk_error ignored;
    return gk_store_may_admin(s, &ignored) == 1;
}

/* Removes the oldest trusted backups of kind beyond keep (0: none removed),
 * and temporary files left by killed processes. */
static void prune(gk_store *s, gk_backup_kind kind, int keep)
{
    char dir[4200], pdir[4096], name[1024];
    split_name(s->path, pdir, sizeof pdir, name, sizeof name);
    gk_backup_dir(s->path, dir, sizeof dir);
    remove_stale_temps(dir, name);
    if (keep <= 0 || !may_prune(s)) return;
    gk_backup_entry *l;
    size_t n;
    if (gk_backup_list(s->path, &l, &n, NULL) != 0) return;
    size_t have = 0;
    for (size_t i = 0; i < n; i++)
        if (l[i].trusted && gk_backup_kind_of((gk_backup_reason)l[i].reason) == kind) have++;
    for (size_t i = 0; i < n && have > (size_t)keep; i++) {
        if (!l[i].trusted || gk_backup_kind_of((gk_backup_reason)l[i].reason) != kind) continue;
        unlink(l[i].path);
        have--;
    }
    gk_backup_list_free(l, n);
}

/* Links tmp into dir as NAME.<stamp>[-N]<ext> (never replacing a file);
 * tmp is removed when move. The name into made[n]. Returns 0 or -1 with
 * err. */
int link_new_name(const char *tmp, bool move, const char *dir, const char *name, const char *ext,
                  char *made, size_t n, gk_error *err)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    /* after the files of this second, never in a gap that pruning left: the
     * names sort as the backups were made */
    int seq = 1;
    char prefix[1100];
    snprintf(prefix, sizeof prefix, "%s.%s", name, stamp);
    size_t pl = strlen(prefix);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (strncmp(de->d_name, prefix, pl) != 0) continue;
        long v = de->d_name[pl] == '-' ? strtol(de->d_name + pl + 1, NULL, 10) : 1;
        if (v >= seq && v < 99999) seq = (int)v + 1;
    }
    if (d) closedir(d);
    for (; seq < 100000; seq++) {
        char suffix[16] = "";
        if (seq > 1) snprintf(suffix, sizeof suffix, "-%d", seq);
        if ((size_t)snprintf(made, n, "%s/%s.%s%s%s", dir, name, stamp, suffix, ext) >= n) {
            gk_error_set(err, _("cannot create %s: %s"), dir, strerror(ENAMETOOLONG));
            return -1;
        }
        if (link(tmp, made) == 0 || (move && errno != EEXIST && rename(tmp, made) == 0)) {
            if (move) unlink(tmp);
            fsync_dir(dir);
            return 0;
        }
        if (errno != EEXIST) {
            gk_error_set(err, _("cannot create %s: %s"), made, strerror(errno));
            return -1;
        }
    }
    gk_error_set(err, _("cannot create %s: %s"), made, strerror(EEXIST));
    return -1;
}

/* An existing out may be replaced: a regular file, not the database nor any
 * other gyokaku database (but our own earlier backup), no program holding a
 * lock on it; a symbolic link
 * owned by someone else in a folder others may write is never followed. */
static int may_replace(gk_store *s, const char *out, gk_error *err)
{
    struct stat o, d, l;
    if (lstat(out, &l) == 0 && S_ISLNK(l.st_mode) && l.st_uid != geteuid()) {
        char dir[4096];
        const char *slash = strrchr(out, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - out) : 1, slash ? out : ".");
        if (slash == out) snprintf(dir, sizeof dir, "/");
        struct stat ds;
        if (stat(dir, &ds) == 0 && (ds.st_mode & 0022)) {
            gk_error_set(err,
                         _("will not write %s: it is a symbolic link of another user in a folder "
                           "others may write; choose another name"),
                         out);
            return -1;
        }
    }
    if (stat(out, &o) != 0) return 0;
    bool gyokaku_db = false;
    if (S_ISREG(o.st_mode)) {
        int fd = open(out, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        unsigned char h[100];
        if (fd >= 0 && read(fd, h, sizeof h) == (ssize_t)sizeof h &&
            memcmp(h, "SQLite format 3", 16) == 0 && gk_be32(h + 68) == GK_APPLICATION_ID)
            gyokaku_db = true;
        if (fd >= 0) close(fd);
    }
    if (gyokaku_db && o.st_uid == geteuid()) {
        /* our own earlier backup (a record inside: never a live database,
         * whose restore drops it) may be replaced: `backup -o` every night */
        gk_backup_entry e = {0};
        if (read_record(out, &e) == 0 && e.reason >= 0) gyokaku_db = false;
        free(e.detail);
    }
    if (gyokaku_db) {
        gk_error_set(err,
                     _("will not replace %s: it is a gyokaku database (only `gyokaku restore` "
                       "by the plan office replaces one); choose another name"),
                     out);
        return -1;
    }
    if (!S_ISREG(o.st_mode) ||
        (stat(s->path, &d) == 0 && d.st_ino == o.st_ino && d.st_dev == o.st_dev) || in_use(out)) {
        gk_error_set(err,
                     _("will not replace %s: it is not a plain file, or it is a database in "
                       "use; choose another name"),
                     out);
        return -1;
    }
    return 0;
}

int gk_backup_to(gk_store *s, const char *out, gk_backup_reason why, const char *detail, int keep,
                 char *made, size_t madelen, long *rules, gk_error *err)
{
    char dir[4200], pdir[4096], name[1024], tmp[5400], target[5300];
    mode_t mode = backup_mode(s->path);
    if (out) {
        remove_stale_out_temps(out);
        if (may_replace(s, out, err) != 0) return -1;
        snprintf(target, sizeof target, "%s", out);
    } else {
        if (make_dir(s->path, dir, sizeof dir, err) != 0) return -1;
        split_name(s->path, pdir, sizeof pdir, name, sizeof name);
        snprintf(target, sizeof target, "%s/.%s", dir, name);
    }
    /* written as the owner's until complete, read-only when it takes its name */
    if (make_temp(target, mode | 0200, tmp, sizeof tmp, err) != 0) return -1;
    guard_temp(tmp);
    if (copy_into(s, s->db, tmp, err) != 0 || write_record(tmp, why, detail, s->user, err) != 0 ||
        verify_file(tmp, false, rules, err) != 0) {
        remove_temp(tmp);
        unguard_temp();
        return -1;
    }
    chmod(tmp, mode);
    char final[5400];
    if (out) {
        int rrc = rename(tmp, out), rerrno = errno;
        unguard_temp(); /* tmp is out now (or still tmp, removed below) */
        if (rrc != 0) {
            gk_error_set(err, _("cannot create %s: %s"), out, strerror(rerrno));
            remove_temp(tmp);
            return -1;
        }
        char odir[4096], oname[1024];
        split_name(out, odir, sizeof odir, oname, sizeof oname);
        fsync_dir(odir);
        snprintf(final, sizeof final, "%s", out);
    } else {
        int lrc = link_new_name(tmp, true, dir, name, ".bak", final, sizeof final, err);
        unguard_temp();
        if (lrc != 0) {
            remove_temp(tmp);
            return -1;
        }
        gk_backup_kind kind = gk_backup_kind_of(why);
        if (keep < 0) {
            int k[GK_KIND_COUNT];
            gk_error ignored;
            keep = gk_backup_retention(s, k, &ignored) == 0 ? k[kind] : GK_BACKUP_KEEP;
        }
        prune(s, kind, keep);
    }
    if (made) snprintf(made, madelen, "%s", final);
    return 0;
}

void gk_backup_prune(gk_store *s, gk_backup_kind kind)
{
    int k[GK_KIND_COUNT];
    gk_error ignored;
    prune(s, kind, gk_backup_retention(s, k, &ignored) == 0 ? k[kind] : GK_BACKUP_KEEP);
}

int gk_backup_auto(gk_store *s, gk_backup_reason why, const char *detail, gk_error *err)
{
    if (gk_backup_to(s, NULL, why, detail, -1, NULL, 0, NULL, err) == 0) return 0;
    gk_error_prefix(err, _("the automatic backup (%s) failed"), gk_backup_reason_label(why));
    return -1;
}

/* The role of login in the database at path (a verified backup): 1 office,
 * 0 not. */
int office_in(const char *path, const char *login)
{
    gk_error ignored;
    gk_store *b = gk_store_open_image(path, &ignored);
    if (!b) return 0;
    int office = 0;
    sqlite3_stmt *st = NULL;
    if (b->version >= GK_SCHEMA_ROLES &&
        sqlite3_prepare_v2(b->db, "SELECT 1 FROM app_user WHERE login = ?1 AND role = 'office'", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
        office = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    gk_store_close(b);
    return office;
}

/* The owner of the database file or, when it is missing, of its folder. */
uid_t db_owner(const char *db_path)
{
    struct stat st;
    if (stat(db_path, &st) == 0) return st.st_uid;
    char dir[4096], name[1024];
    split_name(db_path, dir, sizeof dir, name, sizeof name);
    return stat(dir, &st) == 0 ? st.st_uid : (uid_t)-1;
}

/* A backup that speaks for the office: trusted (its record's login owns
 * the file) and made by an office user of the live database (live, when it
 * can be read) or, when it cannot, by the owner of the database file
 * (owner). A copy that a group member planted, with any users inside it,
 * is neither. */
static bool speaks_for_office(const gk_backup_entry *e, const char *live, uid_t owner)
{
    if (!e->trusted) return false;
    struct passwd *pw = getpwnam(e->creator);
    if (pw && pw->pw_uid == owner) return true;
    return live && office_in(live, e->creator) == 1;
}

int gk_backup_latest_good(const char *db_path, char *buf, size_t n, gk_error *err)
{
    gk_backup_entry *l;
    size_t cnt;
    if (gk_backup_list(db_path, &l, &cnt, err) != 0) return -1;
    int found = 0;
    uid_t owner = db_owner(db_path);
    gk_error ignored;
    gk_store *probe =
        gk_store_open_with(db_path, GK_OPEN_READONLY | GK_OPEN_PRIVATE, NULL, &ignored);
    const char *live = probe ? db_path : NULL;
    gk_store_close(probe);
    for (size_t i = cnt; i-- > 0 && !found;) {
        gk_error e;
        if (speaks_for_office(&l[i], live, owner) && verify_file(l[i].path, true, NULL, &e) == 0) {
            snprintf(buf, n, "%s", l[i].path);
            found = 1;
        }
    }
    gk_backup_list_free(l, cnt);
    return found;
}
