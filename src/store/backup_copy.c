/*
 * backup_copy.c — the files of a backup: the backups folder and its names,
 * temporary files guarded against a signal, the paced online copy (see
 * backup.c) and the check of a copy before it counts (backup.h).
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

/* The mode of the database file (0644 when it cannot be read). */
mode_t db_mode(const char *db_path)
{
    struct stat st;
    return stat(db_path, &st) == 0 ? (st.st_mode & 0666) : 0644;
}

/* The mode of a backup: read-only, readable by whom the database is
 * (0440 in a group folder), never writable (backup.h). */
mode_t backup_mode(const char *db_path)
{
    return (db_mode(db_path) & 0444) | 0400;
}

/* The backups folder, made when missing with the database's permissions
 * plus x where r (a setgid parent passes its group on by itself), and the
 * sticky bit when others may write in it: only a backup's owner (and the
 * folder's) may remove or rename it. */
int make_dir(const char *db_path, char *dir, size_t n, gk_error *err)
{
    gk_backup_dir(db_path, dir, n);
    if (not_a_link(dir, err) != 0) return -1;
    mode_t m = db_mode(db_path);
    m |= (m & 0444) >> 2;
    if (m & 0022) m |= S_ISVTX;
    if (mkdir(dir, m & 0777) == 0) {
        struct stat st; /* the exact mode, whatever the umask; setgid kept */
        chmod(dir, m | (stat(dir, &st) == 0 ? (st.st_mode & S_ISGID) : 0));
        return 0;
    }
    if (errno == EEXIST) return not_a_link(dir, err);
    gk_error_set(err, _("cannot create the backups folder %s: %s"), dir, strerror(errno));
    return -1;
}

void gk_backup_dir_shared(const char *db_path)
{
    char dir[4200], pdir[4096], name[1024];
    split_name(db_path, pdir, sizeof pdir, name, sizeof name);
    struct stat ps;
    if (stat(pdir, &ps) != 0 || !(ps.st_mode & 0022)) return; /* a private folder: later */
    gk_backup_dir(db_path, dir, sizeof dir);
    mode_t m = (ps.st_mode & 0777) | S_ISVTX;
    if (mkdir(dir, ps.st_mode & 0777) != 0) return; /* exists: left as it is */
    struct stat st; /* the exact mode, whatever the umask; setgid kept */
    chmod(dir, m | (stat(dir, &st) == 0 ? (st.st_mode & S_ISGID) : 0));
}

/* A new empty file beside target with the given mode: "target.tmp-PID-N". */
int make_temp(const char *target, mode_t mode, char *tmp, size_t n, gk_error *err)
{
    for (int i = 0; i < 1000; i++) {
        if ((size_t)snprintf(tmp, n, "%s.tmp-%ld-%d", target, (long)getpid(), i) >= n) {
            gk_error_set(err, _("cannot create %s: %s"), target, strerror(ENAMETOOLONG));
            return -1;
        }
        int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) {
            fchmod(fd, mode);
            close(fd);
            return 0;
        }
        if (errno != EEXIST) {
            gk_error_set(err, _("cannot create %s: %s"), tmp, strerror(errno));
            return -1;
        }
    }
    gk_error_set(err, _("cannot create %s: %s"), target, strerror(EEXIST));
    return -1;
}

/* Removes a temporary copy and what SQLite may have left beside it. */
void remove_temp(const char *tmp)
{
    static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        char p[6000];
        snprintf(p, sizeof p, "%s%s", tmp, ext[i]);
        unlink(p);
    }
}

/* A temporary copy being written is removed when INT, TERM or HUP stops
 * the process (a SIGKILL'd one's is removed by the next run instead:
 * remove_stale_out_temps, remove_stale_temps). The handler unlinks the
 * names prepared beforehand, puts the caller's disposition back and raises
 * the signal again, so the process ends (or its own handler runs) as
 * without the guard; signals the caller ignores (nohup) stay ignored. */
static const int guard_sigs[] = {SIGINT, SIGTERM, SIGHUP};
#define GUARD_NSIGS (sizeof guard_sigs / sizeof *guard_sigs)
static struct sigaction guard_old[GUARD_NSIGS];
static bool guard_set[GUARD_NSIGS];
static char guard_path[4][5600];
static volatile sig_atomic_t guard_on;

static void on_guard_signal(int sig)
{
    if (guard_on)
        for (size_t i = 0; i < sizeof guard_path / sizeof *guard_path; i++)
            unlink(guard_path[i]); /* async-signal-safe, like sigaction and raise */
    guard_on = 0;
    for (size_t i = 0; i < GUARD_NSIGS; i++)
        if (guard_sigs[i] == sig && guard_set[i]) sigaction(sig, &guard_old[i], NULL);
    raise(sig);
}

void guard_temp(const char *tmp)
{
    static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        snprintf(guard_path[i], sizeof guard_path[i], "%s%s", tmp, ext[i]);
    guard_on = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_guard_signal;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < GUARD_NSIGS; i++) {
        guard_set[i] = sigaction(guard_sigs[i], NULL, &guard_old[i]) == 0 &&
                       guard_old[i].sa_handler != SIG_IGN &&
                       sigaction(guard_sigs[i], &sa, NULL) == 0;
    }
}

void unguard_temp(void)
{
    for (size_t i = 0; i < GUARD_NSIGS; i++)
        if (guard_set[i]) sigaction(guard_sigs[i], &guard_old[i], NULL);
    memset(guard_set, 0, sizeof guard_set);
    guard_on = 0;
}

void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* --- copying ----------------------------------------------------------------------- */

/* Runs backup b to the end: small steps and short pauses when steps > 0,
 * else one step; busy steps retried up to the busy timeout. Returns an
 * SQLite result code (SQLITE_DONE on success). */
int run_steps(sqlite3_backup *b, int steps)
{
    long waited = 0;
    for (;;) {
        int rc = sqlite3_backup_step(b, steps > 0 ? steps : -1);
        if (rc == SQLITE_DONE) return rc;
        if (rc == SQLITE_OK) {
            waited = 0;
            sleep_us(STEP_SLEEP_US);
        } else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            if (waited / 1000 > gk_busy_timeout_ms()) return rc;
            sleep_us(BUSY_SLEEP_US);
            waited += BUSY_SLEEP_US;
        } else
            return rc;
    }
}

/* Copies the main database of src into the empty file tmp, then makes tmp
 * self-contained (journal_mode DELETE: no -wal to carry along). When src
 * has no transaction open, one read transaction is held for the whole copy
 * (see the top of this file). Returns 0 or -1 with err. */
int copy_into(gk_store *s, sqlite3 *src, const char *tmp, gk_error *err)
{
    bool began = false;
    if (sqlite3_get_autocommit(src)) {
        int rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
            gk_sql_error(s, rc, _("cannot read the database to back it up"), err);
            return -1;
        }
        began = true;
    }
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    if (b) {
        rc = run_steps(b, began ? STEP_PAGES : 0);
        int frc = sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE) rc = frc;
    } else if (rc == SQLITE_OK)
        rc = sqlite3_errcode(dst);
    if (rc == SQLITE_OK) rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
            (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
            char why[GK_ERROR_MAX];
            gk_sqlite_reason(rc, NULL, s->path, why, sizeof why);
            gk_error_set(err, _("%s: %s"), _("cannot back up the database"), why);
        } else
            write_error(tmp,
                        dst && sqlite3_extended_errcode(dst) != SQLITE_OK
                            ? sqlite3_extended_errcode(dst)
                            : rc,
                        err);
    }
    int crc = sqlite3_close(dst);
    if (crc != SQLITE_OK && rc == SQLITE_OK) {
        write_error(tmp, crc, err);
        rc = crc;
    }
    if (began) sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The first problem a check reports. */
void first_problem(void *ctx, const gk_finding *f)
{
    char *buf = ctx;
    if (buf[0]) return;
    char *t = gk_finding_text(f, NULL);
    snprintf(buf, 512, "%s", t ? t : "?");
    free(t);
}

/* Runs sql (rows of text, "ok" meaning none) on s; the first problem into
 * problem[512]. Returns the number of problems or -1 with err. */
long run_check_sql(gk_store *s, const char *sql, char *problem, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (!st) return -1;
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && strcmp(t, "ok") == 0) continue;
        if (!n) {
            gk_finding f = {GK_FIND_INTEGRITY, {t ? t : "?"}};
            first_problem(problem, &f);
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
            gk_sqlite_reason(rc, NULL, s->path, problem, 512);
            return n + 1;
        }
        gk_sql_error(s, rc, _("cannot check the database"), err);
        return -1;
    }
    return n;
}

/* Checks the database file at path: it opens as a gyokaku database not
 * newer than this program, and passes integrity_check, foreign_key_check
 * and, at the current schema version, gk_store_check's model rules (an
 * older schema has other tables: the rules of this version do not apply).
 * Returns 0 when all pass; -1 with err naming path and the first problem
 * when the file is unreadable, damaged or (strict) breaks a model rule;
 * when not strict, a file whose only problems are model rules returns 0
 * with their number in *rules (a faithful copy of a database that has
 * them: `gyokaku check` names them). */
int verify_file(const char *path, bool strict, long *rules, gk_error *err)
{
    if (rules) *rules = 0;
    gk_store *s = gk_store_open_image(path, err);
    if (!s) return -1;
    char problem[512] = "";
    sqlite3_stmt *st = gk_sql_prepare(s, "PRAGMA user_version", err);
    int version = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    long n = run_check_sql(s, "PRAGMA integrity_check", problem, err);
    if (n == 0)
        n = run_check_sql(s,
                          "SELECT 'foreign key: ' || \"table\" || ' row ' || rowid"
                          " FROM pragma_foreign_key_check",
                          problem, err);
    long r = 0;
    if (n == 0 && version == GK_SCHEMA_VERSION) {
        r = gk_store_check(s, first_problem, problem, err);
        if (r < 0) n = -1;
        if (r > 0 && strict) n = r;
    }
    gk_store_close(s);
    if (n < 0) return -1;
    if (n > 0) {
        gk_error_set(err,
                     ngettext("%s does not pass the checks (%ld problem; first: %s)",
                              "%s does not pass the checks (%ld problems; first: %s)",
                              (unsigned long)n),
                     path, n, problem);
        return -1;
    }
    if (rules) *rules = r;
    return 0;
}

/* Whether another process holds a lock on the database (its main file or,
 * in WAL mode, its -shm): it has the file open. */
bool in_use(const char *db_path)
{
    char shm[4200];
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    const struct {
        const char *path;
        off_t start, len;
    } spots[] = {
        {db_path, 0x40000000, 512 + 2}, /* PENDING, RESERVED and SHARED bytes */
        {shm, 120, 9},                  /* the WAL index's locks (DMS at 128) */
    };
    for (size_t i = 0; i < sizeof spots / sizeof *spots; i++) {
        int fd = open(spots[i].path, O_RDWR | O_CLOEXEC);
        if (fd < 0) continue;
        struct flock fl = {.l_type = F_WRLCK,
                           .l_whence = SEEK_SET,
                           .l_start = spots[i].start,
                           .l_len = spots[i].len};
        bool busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
        close(fd);
        if (busy) return true;
    }
    return false;
}

void sleep_us(long us)
{
    struct timespec t = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&t, NULL);
}
