/*
 * backup.c — online backups, the backups folder, and restoring (backup.h).
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
 * connection remembers the newest token it has seen.
 */
#include "store_int.h"

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

#define STEP_PAGES 128      /* pages copied per step (512 KiB at 4 KiB pages) */
#define STEP_SLEEP_US 2000  /* pause between steps */
#define BUSY_SLEEP_US 20000 /* pause before retrying a busy step */

static const char *const reason_keys[] = {"manual", "upgrade", "import",
                                          "lock",   "restore", "scheduled"};
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

static void sleep_us(long us)
{
    struct timespec t = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&t, NULL);
}

static int busy_ms(void)
{
    const char *e = getenv("GYOKAKU_BUSY_TIMEOUT_MS");
    int ms = e && *e ? atoi(e) : 0;
    return ms > 0 ? ms : GK_BUSY_TIMEOUT_MS;
}

/* --- names ------------------------------------------------------------------------- */

/* DIR and NAME of DIR/NAME.db (or DIR/NAME). */
static void split_name(const char *db_path, char *dir, size_t dn, char *name, size_t nn)
{
    const char *slash = strrchr(db_path, '/');
    if (slash)
        snprintf(dir, dn, "%.*s", (int)(slash - db_path == 0 ? 1 : slash - db_path), db_path);
    else
        snprintf(dir, dn, ".");
    const char *base = slash ? slash + 1 : db_path;
    size_t len = strlen(base);
    if (len > 3 && strcmp(base + len - 3, ".db") == 0) len -= 3;
    snprintf(name, nn, "%.*s", (int)len, base);
}

void gk_backup_dir(const char *db_path, char *buf, size_t n)
{
    char dir[4096], name[1024];
    split_name(db_path, dir, sizeof dir, name, sizeof name);
    snprintf(buf, n, "%s%sbackups", dir, strcmp(dir, "/") == 0 ? "" : "/");
}

/* The mode of the database file (0644 when it cannot be read). */
static mode_t db_mode(const char *db_path)
{
    struct stat st;
    return stat(db_path, &st) == 0 ? (st.st_mode & 0666) : 0644;
}

/* The mode of a backup: read-only, readable by whom the database is
 * (0440 in a group folder), never writable (backup.h). */
static mode_t backup_mode(const char *db_path)
{
    return (db_mode(db_path) & 0444) | 0400;
}

/* A backups folder that is a symbolic link is refused: it could send the
 * office's backups, and its pruning, anywhere. 0 when dir is not a link
 * (or does not exist), -1 with err. */
static int not_a_link(const char *dir, gk_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        gk_error_set(err,
                     _("the backups folder %s is a symbolic link or not a folder; refused "
                       "(remove it, then try again)"),
                     dir);
        return -1;
    }
    return 0;
}

/* The backups folder, made when missing with the database's permissions
 * plus x where r (a setgid parent passes its group on by itself), and the
 * sticky bit when others may write in it: only a backup's owner (and the
 * folder's) may remove or rename it. */
static int make_dir(const char *db_path, char *dir, size_t n, gk_error *err)
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
static int make_temp(const char *target, mode_t mode, char *tmp, size_t n, gk_error *err)
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
static void remove_temp(const char *tmp)
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

static void guard_temp(const char *tmp)
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

static void unguard_temp(void)
{
    for (size_t i = 0; i < GUARD_NSIGS; i++)
        if (guard_set[i]) sigaction(guard_sigs[i], &guard_old[i], NULL);
    memset(guard_set, 0, sizeof guard_set);
    guard_on = 0;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* --- copying ----------------------------------------------------------------------- */

/* A failure writing the copy tmp (its folder named, in the words
 * gk_sql_error uses for the database: the disk, not SQLite's text). */
static void write_error(const char *tmp, int rc, gk_error *err)
{
    char dir[4096];
    const char *slash = strrchr(tmp, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - tmp) : 1, slash ? tmp : ".");
    const char *what = _("cannot write the backup");
    switch (rc & 0xff) {
    case SQLITE_FULL:
        gk_error_set(err, _("%s: the disk holding %s is full"), what, dir);
        break;
    case SQLITE_IOERR:
        gk_error_set(err,
                     _("%s: the disk holding %s could not be written or read (input/output "
                       "error); check the disk, then try again"),
                     what, dir);
        break;
    case SQLITE_CANTOPEN:
        gk_error_set(err, _("%s: a file beside %s (its journal or a copy) cannot be opened"), what,
                     tmp);
        break;
    case SQLITE_NOMEM:
        gk_error_set(err, _("%s: out of memory"), what);
        break;
    default: {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, NULL, tmp, why, sizeof why);
        gk_error_set(err, _("cannot write the backup %s: %s"), tmp, why);
    }
    }
}

/* Runs backup b to the end: small steps and short pauses when steps > 0,
 * else one step; busy steps retried up to the busy timeout. Returns an
 * SQLite result code (SQLITE_DONE on success). */
static int run_steps(sqlite3_backup *b, int steps)
{
    long waited = 0;
    for (;;) {
        int rc = sqlite3_backup_step(b, steps > 0 ? steps : -1);
        if (rc == SQLITE_DONE) return rc;
        if (rc == SQLITE_OK) {
            waited = 0;
            sleep_us(STEP_SLEEP_US);
        } else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            if (waited / 1000 > busy_ms()) return rc;
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
static int copy_into(gk_store *s, sqlite3 *src, const char *tmp, gk_error *err)
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
static void first_problem(void *ctx, const gk_finding *f)
{
    char *buf = ctx;
    if (buf[0]) return;
    char *t = gk_finding_text(f, NULL);
    snprintf(buf, 512, "%s", t ? t : "?");
    free(t);
}

/* Runs sql (rows of text, "ok" meaning none) on s; the first problem into
 * problem[512]. Returns the number of problems or -1 with err. */
static long run_check_sql(gk_store *s, const char *sql, char *problem, gk_error *err)
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
static int verify_file(const char *path, bool strict, long *rules, gk_error *err)
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

/* --- the record and the folder ------------------------------------------------------ */

/* Writes the record of a backup into the copy tmp (backup.h): what, when,
 * who. Returns 0 or -1 with err. */
static int write_record(const char *tmp, gk_backup_reason why, const char *detail, const char *who,
                        gk_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char at[40];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(at + strlen(at), sizeof at - strlen(at), ".%03ldZ", now.tv_nsec / 1000000);
    int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        rc = sqlite3_exec(db, "BEGIN; DROP TABLE IF EXISTS backup_record; " GK_BACKUP_RECORD_SQL,
                          NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO backup_record(kind, at, who, detail)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, reason_keys[why], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
        if (detail && *detail)
            sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 4);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) write_error(tmp, db ? sqlite3_extended_errcode(db) : rc, err);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Parses "NAME.YYYYMMDD-HHMMSS[-N].bak"; fills when, *t (the name's local
 * time) and *seq. */
static bool parse_backup_name(const char *file, const char *name, char when[20], time_t *t,
                              int *seq)
{
    size_t nl = strlen(name), fl = strlen(file);
    if (fl < nl + 1 + 15 + 4 || strncmp(file, name, nl) != 0 || file[nl] != '.') return false;
    const char *ts = file + nl + 1;
    for (int i = 0; i < 15; i++)
        if (i == 8 ? ts[i] != '-' : (ts[i] < '0' || ts[i] > '9')) return false;
    const char *rest = ts + 15;
    *seq = 1;
    if (*rest == '-') {
        char *end;
        long v = strtol(rest + 1, &end, 10);
        if (end == rest + 1 || v < 2 || v > 99999) return false;
        *seq = (int)v;
        rest = end;
    }
    if (strcmp(rest, ".bak") != 0) return false;
    snprintf(when, 20, "%.4s-%.2s-%.2s %.2s:%.2s:%.2s", ts, ts + 4, ts + 6, ts + 9, ts + 11,
             ts + 13);
    struct tm tm = {0};
    if (!strptime(when, "%Y-%m-%d %H:%M:%S", &tm)) return false;
    tm.tm_isdst = -1;
    *t = mktime(&tm);
    return true;
}

typedef struct {
    gk_backup_entry e;
    int seq;
} sort_entry;

static int cmp_entries(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    if (x->e.at != y->e.at) return x->e.at < y->e.at ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Reads the record inside the backup at path into e (reason -1 when it has
 * none). The file is opened without following a link and without waiting
 * (a FIFO never blocks): anything but a regular file returns 1 (skipped).
 * Returns 0. */
static int read_record(const char *path, gk_backup_entry *e)
{
    e->reason = -1;
    e->detail = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        return 1;
    }
    e->size = (int64_t)st.st_size;
    unsigned char h[100];
    bool sqlite =
        read(fd, h, sizeof h) == (ssize_t)sizeof h && memcmp(h, "SQLite format 3", 16) == 0;
    close(fd);
    if (!sqlite) return 0;
    /* read-only and immutable: no lock, no journal, nothing written; a
     * whole file is read into memory only to verify or restore it (one at
     * a time); the list opens each by name, and a name swapped for a FIFO
     * since the check above opens without blocking (gk_sqlite_setup) and
     * reads as no record */
    gk_sqlite_setup();
    char uri[9000];
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    char *esc = sqlite3_mprintf("%s", path);
    size_t k = 0;
    for (const char *p = esc ? esc : ""; *p && k + 4 < sizeof uri - 32; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            k += (size_t)snprintf(uri + k, sizeof uri - k, "%%%02X", (unsigned char)*p);
        else
            uri[k++] = *p;
    }
    uri[k] = '\0';
    sqlite3_free(esc);
    char full[9100];
    snprintf(full, sizeof full, "file:%s?immutable=1", uri);
    if (sqlite3_open_v2(full, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        if (sqlite3_prepare_v2(db,
                               "SELECT kind, at, who, detail FROM backup_record"
                               " WHERE (SELECT type FROM sqlite_schema"
                               "  WHERE name = 'backup_record') = 'table' LIMIT 1",
                               -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(q, 0);
            const char *at = (const char *)sqlite3_column_text(q, 1);
            const char *who = (const char *)sqlite3_column_text(q, 2);
            const char *detail = (const char *)sqlite3_column_text(q, 3);
            struct tm tm = {0};
            const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
            long ms = 0;
            if (end && end[0] == '.' && end[1] >= '0' && end[1] <= '9') {
                char *e2;
                ms = strtol(end + 1, &e2, 10);
                if (e2 - (end + 1) != 3) ms = 0;
                end = e2;
            }
            if (end && *end == 'Z') end++;
            int r = -1;
            for (size_t i = 0; kind && i < sizeof reason_keys / sizeof *reason_keys; i++)
                if (strcmp(kind, reason_keys[i]) == 0) r = (int)i;
            if (end && !*end && r >= 0 && who) {
                e->reason = r;
                time_t t = timegm(&tm);
                e->at = (int64_t)t * 1000 + ms;
                struct tm lt;
                localtime_r(&t, &lt);
                strftime(e->when, sizeof e->when, "%Y-%m-%d %H:%M:%S", &lt);
                snprintf(e->creator, sizeof e->creator, "%s", who);
                if (detail && *detail) e->detail = strdup(detail);
                struct passwd *pw = getpwnam(who);
                e->trusted = pw && pw->pw_uid == st.st_uid;
            }
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return 0;
}

int gk_backup_list(const char *db_path, gk_backup_entry **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    char dir[4200], pdir[4096], name[1024];
    split_name(db_path, pdir, sizeof pdir, name, sizeof name);
    gk_backup_dir(db_path, dir, sizeof dir);
    if (not_a_link(dir, err) != 0) return -1;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return 0;
        gk_error_set(err, _("cannot read the backups folder %s: %s"), dir, strerror(errno));
        return -1;
    }
    /* a name or a record in the future (a clock far ahead, or a file made
     * to sort newest) is ignored; a minute of slack between machines */
    time_t now = time(NULL) + 60;
    sort_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    bool oom = false;
    struct dirent *de;
    while ((de = readdir(d))) {
        sort_entry se = {0};
        time_t t;
        if (!parse_backup_name(de->d_name, name, se.e.when, &t, &se.seq) || t > now) continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 16;
            sort_entry *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                oom = true;
                break;
            }
            v = nv;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        se.e.path = malloc(len);
        if (!se.e.path) {
            oom = true;
            break;
        }
        snprintf(se.e.path, len, "%s/%s", dir, de->d_name);
        se.e.at = (int64_t)t * 1000;
        if (read_record(se.e.path, &se.e) != 0 || se.e.at > (int64_t)now * 1000) {
            free(se.e.path);
            free(se.e.detail);
            continue;
        }
        v[cnt++] = se;
    }
    closedir(d);
    if (cnt) qsort(v, cnt, sizeof *v, cmp_entries); /* v is NULL when the folder is empty */
    gk_backup_entry *list = oom ? NULL : calloc(cnt ? cnt : 1, sizeof *list);
    if (!list) {
        for (size_t i = 0; i < cnt; i++) {
            free(v[i].e.path);
            free(v[i].e.detail);
        }
        free(v);
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    for (size_t i = 0; i < cnt; i++)
        list[i] = v[i].e;
    free(v);
    *out = list;
    *n = cnt;
    return 0;
}

void gk_backup_list_free(gk_backup_entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].path);
        free(list[i].detail);
    }
    free(list);
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
        int k = gk_backup_kind_parse(gk_col_text(st, 0));
        const char *v = gk_col_text(st, 1);
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
static int link_new_name(const char *tmp, bool move, const char *dir, const char *name,
                         const char *ext, char *made, size_t n, gk_error *err)
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

static bool in_use(const char *db_path);
static uint32_t be32(const unsigned char *p);

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
            memcmp(h, "SQLite format 3", 16) == 0 && be32(h + 68) == GK_APPLICATION_ID)
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
static int office_in(const char *path, const char *login)
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
static uid_t db_owner(const char *db_path)
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
    gk_store *probe = gk_store_open(db_path, GK_OPEN_READONLY | GK_OPEN_PRIVATE, &ignored);
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

/* --- the restore marker --------------------------------------------------------------- */

static long long data_version(gk_store *s)
{
    gk_error ignored;
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_DATA_VERSION, "PRAGMA data_version", &ignored);
    long long v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    gk_sql_release(s, st);
    return v;
}

/* The newest restore's token (and its sentence into err when msg). Returns
 * 0 (token "" when none) or -1. */
static int read_mark(gk_store *s, char mark[48], gk_error *msg)
{
    sqlite3_stmt *st = NULL;
    mark[0] = '\0';
    if (sqlite3_prepare_v2(s->db,
                           "SELECT old, new, at, who FROM history WHERE row_uid = 'restore'"
                           " AND field = 'restore' ORDER BY id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0; /* a file without the history table has never been restored */
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *tok = (const char *)sqlite3_column_text(st, 0);
        snprintf(mark, 48, "%s", tok ? tok : "?");
        if (msg)
            gk_error_set(msg,
                         _("the database was restored from %s at %s by %s; what you see is now "
                           "the restored data"),
                         (const char *)sqlite3_column_text(st, 1),
                         (const char *)sqlite3_column_text(st, 2),
                         (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int gk_restore_mark_init(gk_store *s, gk_error *err)
{
    (void)err;
    s->data_version = data_version(s);
    s->restore_known = read_mark(s, s->restore_mark, NULL) == 0;
    return 0;
}

int gk_restore_mark_check(gk_store *s, gk_error *err)
{
    if (!s->restore_known) return 0;
    char mark[48];
    gk_error msg = {{0}};
    if (read_mark(s, mark, &msg) != 0 || strcmp(mark, s->restore_mark) == 0) return 0;
    memcpy(s->restore_mark, mark, sizeof mark);
    gk_error_set(err, "%s", msg.msg);
    return -1;
}

int gk_store_restored(gk_store *s, gk_error *err)
{
    if (!s->restore_known) return 0;
    long long v = data_version(s);
    if (v == s->data_version) return 0; /* nobody else has committed since */
    s->data_version = v;
    char mark[48];
    gk_error msg = {{0}};
    if (read_mark(s, mark, &msg) != 0) {
        gk_error_set(err, _("cannot read the database %s"), s->path);
        return -1;
    }
    if (strcmp(mark, s->restore_mark) == 0) return 0;
    memcpy(s->restore_mark, mark, sizeof mark);
    gk_error_set(err, "%s", msg.msg);
    return 1;
}

/* --- restore ------------------------------------------------------------------------ */

struct gk_restore {
    char *file, *db_path;
    char tmp[5400];
    gk_store *copy; /* the private copy, checked and upgraded */
    gk_store *live; /* GK_LIVE_OK */
    gk_live_state state;
    gk_db_summary src, cur;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

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
    uint32_t app = be32(h + 68), version = be32(h + 60);
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
        sqlite3_busy_timeout(db, busy_ms());
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

/* Whether another process holds a lock on the database (its main file or,
 * in WAL mode, its -shm): it has the file open. */
static bool in_use(const char *db_path)
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
        if (waited / 1000 > busy_ms()) return rc;
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
    live->data_version = data_version(live);
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
