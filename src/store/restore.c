/*
 * restore.c — restoring a backup and the marker that tells running programs
 * a restore happened (backup.h).
 *
 * Restoring: the checked copy is written INTO the live database with the
 * backup API (destination = the live file's own connection), not renamed
 * over it. A rename would leave every running gyokaku on the old inode,
 * with a -wal and -shm that belong to it by name only: their next commit
 * would go to the new file's WAL with the old file's pages (corruption), or
 * to the old inode that nobody opens again (lost saves). The backup API
 * instead takes the live file's write lock and replaces every page in one
 * write transaction that commits to the WAL like any save: each other
 * connection sees the old database or the restored one, never a mix, and
 * SQLite raises the schema cookie so that their prepared statements are
 * prepared again. A rename is used only where nobody can have the file open:
 * a damaged file (refused while another process holds a lock on its -shm)
 * or a missing one.
 *
 * The "before a restore" backup is made under the restore's write lock
 * (its first step copies no page but takes the lock; a second connection
 * reads the backup): a save commits before it, and is in that backup, or
 * waits and then sees the restored database (tests/stress/restore.sh).
 *
 * Telling running programs: the restored copy carries a history row (tbl,
 * row_uid and field 'restore'; old = a random token, new = the file
 * restored from) written into the private copy before it is copied in, so
 * that it appears in the same transaction as the restored data. Each
 * connection remembers the newest token it has seen (restore_mark.c).
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

/* --- restore ------------------------------------------------------------------------ */

struct gk_restore {
    char *file, *db_path;
    char tmp[5400];
    gk_store *copy; /* the private copy, checked and upgraded */
    gk_store *live; /* GK_LIVE_OK */
    gk_live_state state;
    gk_db_summary src, cur;
};

static int summarize(gk_store *s, gk_db_summary *sum, gk_error *err)
{
    memset(sum, 0, sizeof *sum);
    sqlite3_stmt *st = gk_sql_prepare(s, "PRAGMA user_version", err);
    if (!st) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) sum->version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!(st = gk_sql_prepare(s, "SELECT name FROM plan ORDER BY pos, id", err))) return -1;
    size_t used = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *nm = (const char *)sqlite3_column_text(st, 0);
        int w = snprintf(sum->plans + used, sizeof sum->plans - used, "%s%s", used ? ", " : "",
                         nm ? nm : "");
        if (w < 0 || (size_t)w >= sizeof sum->plans - used) break;
        used += (size_t)w;
    }
    sqlite3_finalize(st);
    if (!(st = gk_sql_prepare(s, "SELECT at, who FROM history ORDER BY id DESC LIMIT 1", err)))
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(sum->last_at, sizeof sum->last_at, "%s", sqlite3_column_text(st, 0));
        snprintf(sum->last_who, sizeof sum->last_who, "%s", sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return gk_store_stats(s, NULL, &sum->counts, err);
}

/* quick_check of an open store: 1 passes, 0 fails, -1 could not run (busy). */
static int quick_ok(gk_store *s, gk_error *err)
{
    char problem[512] = "";
    long n = run_check_sql(s, "PRAGMA quick_check", problem, err);
    return n < 0 ? -1 : n == 0;
}

/* The live file could not be opened: damaged (a rename may replace it), or
 * another program's, or a newer gyokaku's, or busy (-1 with err: never
 * replaced). why is the open's message. */
static int classify_unopened(const char *db_path, const gk_error *why, gk_error *err)
{
    unsigned char h[100];
    int fd = open(db_path, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, h, sizeof h) : -1;
    if (fd >= 0) close(fd);
    if (got < 0 || faccessat(AT_FDCWD, db_path, R_OK | W_OK, AT_EACCESS) != 0) {
        gk_error_set(err, "%s", why->msg);
        return -1;
    }
    if (got < 100 || memcmp(h, "SQLite format 3", 16) != 0) return 0; /* garbage: damaged */
    uint32_t app = gk_be32(h + 68), version = gk_be32(h + 60);
    if (app != GK_APPLICATION_ID || version > GK_SCHEMA_VERSION) {
        gk_error_set(err, _("%s; it is not replaced (move it away first to restore there)"),
                     why->msg);
        return -1;
    }
    /* gyokaku's header: damaged, or only busy? Ask SQLite, reading only. */
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, gk_busy_timeout_ms());
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
    }
    bool ok = false;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED || ok) {
        gk_error_set(err, "%s", why->msg);
        return -1;
    }
    return 0;
}

static void random_token(char out[33])
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, b, sizeof b) != (ssize_t)sizeof b) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        srand((unsigned)(t.tv_nsec ^ t.tv_sec ^ getpid()));
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)rand();
    }
    if (fd >= 0) close(fd);
    for (size_t i = 0; i < sizeof b; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* A new restore of file over db_path, its names filled in; NULL with err
 * when memory runs out. */
static gk_restore *restore_new(const char *file, const char *db_path, gk_error *err)
{
    gk_restore *r = calloc(1, sizeof *r);
    /* the history names the file restored from wherever it is read */
    if (r) r->file = realpath(file, NULL);
    if (r && !r->file) r->file = strdup(file);
    if (!r || !r->file || !(r->db_path = strdup(db_path))) {
        gk_restore_free(r);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    return r;
}

/* Copies file into r->tmp beside db_path, opens the copy as r->copy
 * (upgrading it), checks it and summarizes it into r->src. Returns 0, or
 * -1 with err. */
static int stage_copy(gk_restore *r, const char *file, const char *db_path, bool live_exists,
                      gk_error *err)
{
    /* through one checked descriptor (gk_store_open_image); only a file
     * with a -wal (a live database named to restore from, never a backup)
     * is opened by name, for its commits in the -wal */
    gk_store *src = gk_store_has_wal(file)
                        ? gk_store_open(file, GK_OPEN_READONLY | GK_OPEN_PRIVATE, err)
                        : gk_store_open_image(file, err);
    if (!src) return -1;
    char dir[4200], pdir[4096], name[1024], target[5300];
    split_name(db_path, pdir, sizeof pdir, name, sizeof name);
    int rc = make_dir(db_path, dir, sizeof dir, err);
    if (rc == 0) {
        snprintf(target, sizeof target, "%s/.%s.restore", dir, name);
        rc = make_temp(target, live_exists ? db_mode(db_path) : 0644, r->tmp, sizeof r->tmp, err);
    }
    if (rc == 0) rc = copy_into(src, src->db, r->tmp, err);
    gk_store_close(src);
    if (rc == 0) {
        r->copy = gk_store_open(r->tmp, GK_OPEN_PRIVATE, err); /* upgrades an older file */
        rc = r->copy ? 0 : -1;
    }
    /* the backup's record of itself is not the database's */
    if (rc == 0 && sqlite3_exec(r->copy->db, "DROP TABLE IF EXISTS backup_record", NULL, NULL,
                                NULL) != SQLITE_OK) {
        gk_sql_error(r->copy, sqlite3_errcode(r->copy->db), _("cannot prepare the copy to restore"),
                     err);
        rc = -1;
    }
    if (rc == 0) {
        char problem[512] = "";
        long n = gk_store_check(r->copy, first_problem, problem, err);
        if (n > 0)
            gk_error_set(err,
                         ngettext("%s does not pass the checks (%ld problem; first: %s)",
                                  "%s does not pass the checks (%ld problems; first: %s)",
                                  (unsigned long)n),
                         file, n, problem);
        if (n != 0) rc = -1;
    }
    if (rc == 0) rc = summarize(r->copy, &r->src, err);
    return rc == 0 ? 0 : -1;
}

/* Opens the existing database db_path as r->live and sets r->state: OK
 * (summarized into r->cur, the user being the office) or DAMAGED. Returns
 * r, or NULL with err after freeing r. */
static gk_restore *look_at_live(gk_restore *r, const char *db_path, gk_error *err)
{
    gk_error why = {{0}};
    r->live = gk_store_open(db_path, 0, &why);
    int ok = r->live ? quick_ok(r->live, &why) : 0;
    if (ok < 0 || (!r->live && classify_unopened(db_path, &why, err) != 0)) {
        if (ok < 0) gk_error_set(err, "%s", why.msg);
        gk_restore_free(r);
        return NULL;
    }
    if (ok == 1) {
        /* Replacing everything is the office's (roles.h), as importing the
         * plans is; looked at in a transaction that is then undone. */
        int arc = sqlite3_exec(r->live->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                      ? gk_auth_office_tx(r->live, _("restore the database"), err)
                      : 0;
        gk_store_rollback(r->live);
        if (arc != 0 || summarize(r->live, &r->cur, err) != 0) {
            gk_restore_free(r);
            return NULL;
        }
        r->state = GK_LIVE_OK;
        return r;
    }
    gk_store_close(r->live);
    r->live = NULL;
    r->state = GK_LIVE_DAMAGED;
    return r;
}

/* Who may restore over a damaged or missing database, when its users
 * cannot be read: an office user of the newest good backup, else (no good
 * backup) the owner of the file (or of its folder when it is missing).
 * Returns 0 when the caller may, -1 with err. */
static int may_restore_offline(const char *db_path, gk_error *err)
{
    struct passwd *pw = getpwuid(getuid());
    const char *me = pw ? pw->pw_name : "";
    char good[8192];
    gk_error ignored;
    int found = gk_backup_latest_good(db_path, good, sizeof good, &ignored);
    if (found == 1) {
        if (office_in(good, me) == 1) return 0;
        gk_error_set(err,
                     _("only an office user may restore %s; its newest good backup %s does not "
                       "name %s as one"),
                     db_path, good, me);
        return -1;
    }
    if (db_owner(db_path) == getuid()) return 0;
    gk_error_set(err,
                 _("only the owner of %s may restore it while it has no good backup to say who "
                   "the office is"),
                 db_path);
    return -1;
}

gk_restore *gk_restore_prepare(const char *file, const char *db_path, gk_error *err)
{
    struct stat fs, ds;
    if (stat(file, &fs) != 0) {
        gk_error_set(err, _("cannot restore %s: %s"), file, strerror(errno));
        return NULL;
    }
    bool live_exists = stat(db_path, &ds) == 0;
    if (live_exists && fs.st_ino == ds.st_ino && fs.st_dev == ds.st_dev) {
        gk_error_set(err, _("cannot restore %s: it is the database itself"), file);
        return NULL;
    }
    gk_restore *r = restore_new(file, db_path, err);
    if (!r) return NULL;
    if (stage_copy(r, file, db_path, live_exists, err) != 0) {
        gk_error_prefix(err, _("cannot restore %s"), file);
        gk_restore_free(r);
        return NULL;
    }
    if (!live_exists) {
        r->state = GK_LIVE_MISSING;
    } else if (!(r = look_at_live(r, db_path, err)))
        return NULL;
    if (r->state != GK_LIVE_OK && may_restore_offline(db_path, err) != 0) {
        gk_error_prefix(err, _("cannot restore %s"), file);
        gk_restore_free(r);
        return NULL;
    }
    return r;
}

const gk_db_summary *gk_restore_source(const gk_restore *r)
{
    return &r->src;
}

gk_live_state gk_restore_state(const gk_restore *r)
{
    return r->state;
}

const gk_db_summary *gk_restore_current(const gk_restore *r)
{
    return r->state == GK_LIVE_OK ? &r->cur : NULL;
}

/* Marks the copy as restored from r->file (see the top of this file). */
static int mark_copy(gk_restore *r, char token[33], gk_error *err)
{
    random_token(token);
    if (gk_store_begin(r->copy, err) != 0) return -1;
    if (gk_history_add(r->copy, "restore", "restore", "restore", token, r->file, err) != 0) {
        gk_store_rollback(r->copy);
        return -1;
    }
    return gk_store_commit(r->copy, err);
}

static int exec_copy(gk_restore *r, const char *sql, gk_error *err)
{
    int rc = sqlite3_exec(r->copy->db, sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) return 0;
    gk_sql_error(r->copy, rc, _("cannot prepare the copy to restore"), err);
    return -1;
}

static int page_size(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The first step of the restore's backup: zero pages copied, the
 * destination's write lock taken (and kept until the backup finishes);
 * busy retried up to the busy timeout. Returns SQLITE_OK or an error. */
static int lock_step(sqlite3_backup *b)
{
    long waited = 0;
    for (;;) {
        int rc = sqlite3_backup_step(b, 0);
        if (rc == SQLITE_OK) return rc;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) return rc;
        if (waited / 1000 > gk_busy_timeout_ms()) return rc;
        sleep_us(BUSY_SLEEP_US);
        waited += BUSY_SLEEP_US;
    }
}

/* Removes a backup made by this run (superseded). */
static void remove_backup(const char *bak)
{
    unlink(bak);
}

static int restore_into_live(gk_restore *r, char *kept, size_t keptlen, gk_error *err)
{
    gk_store *live = r->live;
    char token[33];
    if (mark_copy(r, token, err) != 0) return -1;
    /* WAL needs the same page size on both sides. */
    int want = page_size(live->db);
    if (want && page_size(r->copy->db) != want) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA page_size = %d; VACUUM;", want);
        if (exec_copy(r, sql, err) != 0) return -1;
    }
    /* The current database is backed up under the restore's own write lock,
     * held from before that backup to the restore's commit: no save can
     * fall between the "before a restore" backup and the restore (it waits
     * for the lock, then sees the restored database). The restore's first
     * step takes the live file's write lock without copying a page; the
     * backup reads through a second connection (reading needs no lock in
     * WAL mode); the remaining steps copy and commit. */
    sqlite3_backup *b = sqlite3_backup_init(live->db, "main", r->copy->db, "main");
    if (!b) {
        gk_sql_error(live, sqlite3_errcode(live->db), _("cannot restore"), err);
        return -1;
    }
    int rc = lock_step(b);
    if (rc != SQLITE_OK) {
        sqlite3_backup_finish(b);
        gk_sql_error(live, rc, _("cannot restore; the database is unchanged"), err);
        return -1;
    }
    char made[8192] = "";
    gk_store *cur = gk_store_open(live->path, GK_OPEN_READONLY, err);
    if (!cur || gk_backup_to(cur, NULL, GK_BACKUP_RESTORE, r->file, -1, made, sizeof made, NULL,
                             err) != 0) {
        gk_store_close(cur);
        sqlite3_backup_finish(b); /* rolls back: nothing written */
        gk_error_prefix(err, _("the backup of the current database failed; nothing restored"));
        return -1;
    }
    gk_store_close(cur);
    if (kept) snprintf(kept, keptlen, "%s", made);
    rc = run_steps(b, 0); /* the rest, in the same write transaction */
    int frc = sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE) rc = frc;
    if (rc != SQLITE_OK) {
        remove_backup(made);
        gk_sql_error(live, rc, _("cannot restore; the database is unchanged"), err);
        return -1;
    }
    snprintf(live->restore_mark, sizeof live->restore_mark, "%s", token);
    live->data_version = gk_store_data_version(live);
    return 0;
}

/* The copy, marked and back in WAL mode, closed: ready to take the name. */
static int finish_copy(gk_restore *r, gk_error *err)
{
    char token[33];
    if (mark_copy(r, token, err) != 0 || exec_copy(r, "PRAGMA journal_mode = WAL", err) != 0)
        return -1;
    gk_store_close(r->copy); /* the last connection: checkpoints and removes the WAL */
    r->copy = NULL;
    int fd = open(r->tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return 0;
}

static int restore_by_rename(gk_restore *r, char *kept, size_t keptlen, gk_error *err)
{
    const char *db = r->db_path;
    char dir[4200], pdir[4096], name[1024];
    split_name(db, pdir, sizeof pdir, name, sizeof name);
    gk_backup_dir(db, dir, sizeof dir);
    if (r->state == GK_LIVE_DAMAGED && in_use(db)) {
        gk_error_set(err,
                     _("%s is damaged and still open in another gyokaku (or another "
                       "program); close them all first; nothing restored"),
                     db);
        return -1;
    }
    if (finish_copy(r, err) != 0) return -1;
    if (r->state == GK_LIVE_MISSING) {
        if (link(r->tmp, db) != 0) {
            gk_error_set(err, _("cannot create %s: %s"), db, strerror(errno));
            return -1;
        }
        unlink(r->tmp);
        fsync_dir(pdir);
        if (kept) kept[0] = '\0';
        return 0;
    }
    /* The damaged file keeps its name until the copy replaces it in one
     * rename: it is first linked into the backups folder, its -wal and -shm
     * moved beside it (they belong to it, not to the copy). */
    char keep[5400], side[5500], from[4200];
    if (link_new_name(db, false, dir, name, ".damaged", keep, sizeof keep, err) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        const char *ext = i ? "-shm" : "-wal";
        snprintf(from, sizeof from, "%s%s", db, ext);
        snprintf(side, sizeof side, "%s%s", keep, ext);
        if (rename(from, side) != 0 && errno != ENOENT) {
            gk_error_set(err, _("cannot move %s to %s: %s"), from, side, strerror(errno));
            return -1;
        }
    }
    if (rename(r->tmp, db) != 0) {
        gk_error_set(err, _("cannot replace %s: %s (the damaged file is kept as %s)"), db,
                     strerror(errno), keep);
        return -1;
    }
    fsync_dir(pdir);
    fsync_dir(dir);
    if (kept) snprintf(kept, keptlen, "%s", keep);
    return 0;
}

int gk_restore_commit(gk_restore *r, char *kept, size_t keptlen, gk_error *err)
{
    if (kept && keptlen) kept[0] = '\0';
    return r->state == GK_LIVE_OK ? restore_into_live(r, kept, keptlen, err)
                                  : restore_by_rename(r, kept, keptlen, err);
}

void gk_restore_free(gk_restore *r)
{
    if (!r) return;
    gk_store_close(r->copy);
    gk_store_close(r->live);
    if (r->tmp[0]) remove_temp(r->tmp);
    free(r->file);
    free(r->db_path);
    free(r);
}
