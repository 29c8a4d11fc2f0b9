/*
 * store.c — opening a gyokaku database file safely (see store.h).
 *
 * The file is inspected before SQLite touches it: an empty, truncated,
 * foreign or newer file is refused and left byte-for-byte as it was (SQLite
 * itself would happily turn an empty file into a database, or create -wal
 * files beside a foreign one).
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/i18n.h"

static int busy_timeout_ms(void);

/* --- small helpers shared by store/ ------------------------------------------------ */

sqlite3_stmt *gk_sql_prepare(gk_store *s, const char *sql, gk_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot prepare a query"), err);
        return NULL;
    }
    return st;
}

void gk_sql_error(gk_store *s, int rc, const char *what, gk_error *err)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        gk_error_set(err,
                     _("%s: the database %s is busy, in use by another writer (waited %d "
                       "seconds); try again in a moment"),
                     what, s->path, (busy_timeout_ms() + 999) / 1000);
        break;
    case SQLITE_READONLY:
        gk_error_set(err, _("%s: the database %s is read-only"), what, s->path);
        break;
    case SQLITE_FULL:
        gk_error_set(err, _("%s: the disk holding %s is full"), what, s->path);
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        gk_error_set(err, _("%s: the database %s is damaged (%s); run `gyokaku check`"), what,
                     s->path, sqlite3_errmsg(s->db));
        break;
    default:
        gk_error_set(err, "%s: %s (%s)", what, sqlite3_errmsg(s->db), s->path);
    }
}

int gk_sql_run(gk_store *s, sqlite3_stmt *st, const char *what, gk_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    gk_sql_error(s, rc, what, err);
    return -1;
}

int gk_sql_collect_ids(gk_store *s, sqlite3_stmt *st, int64_t **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            *out = v;
        }
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 0;
    free(*out);
    *out = NULL;
    *n = 0;
    gk_sql_error(s, rc, _("cannot read the database"), err);
    return -1;
}

int gk_sql_bind_text(sqlite3_stmt *st, int i, const char *t)
{
    if (!t || !*t) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
}

void gk_now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* 12 hex digits of microseconds since the epoch, then 20 random ones: new
 * rows get increasing uids, so the uid indexes grow at their end instead of
 * being written all over (a large import is several times faster), and two
 * copies of a database still never invent the same uid. */
const char *gk_store_path(const gk_store *s)
{
    return s->path;
}

bool gk_store_created(const gk_store *s)
{
    return s->created;
}

const char *gk_store_user(const gk_store *s)
{
    return s->user;
}

/* The login of the real user id, as the design asks: $USER is whatever the
 * caller's environment says (USER=mallory gyokaku import ...) and must not
 * decide who is recorded in the history. A uid without a passwd entry is
 * recorded by number. */
static void find_user(char *buf, size_t n)
{
    uid_t uid = getuid();
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name && *pw->pw_name)
        snprintf(buf, n, "%s", pw->pw_name);
    else
        snprintf(buf, n, "uid %lu", (unsigned long)uid);
}

/* --- transactions ---------------------------------------------------------------- */

int gk_store_begin(gk_store *s, gk_error *err)
{
    if (s->readonly) {
        gk_error_set(err, _("the database %s is read-only"), s->path);
        return -1;
    }
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot start writing"), err);
        return -1;
    }
    return 0;
}

int gk_store_commit(gk_store *s, gk_error *err)
{
    int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot save"), err);
        gk_store_rollback(s);
        return -1;
    }
    return 0;
}

void gk_store_rollback(gk_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* --- inspecting the file before SQLite opens it ---------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Returns 0 when path looks like an intact gyokaku database (fills *version),
 * -1 with err otherwise. Reads only; never writes. */
static int inspect_file(const char *path, int *version, gk_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        gk_error_set(err, _("cannot open %s: %s"), path, strerror(errno));
        return -1;
    }
    struct stat st;
    unsigned char h[100];
    ssize_t got = fstat(fd, &st) == 0 ? read(fd, h, sizeof h) : -1;
    close(fd);
    if (got < 0) {
        gk_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        gk_error_set(err, _("%s is a directory, not a gyokaku database"), path);
        return -1;
    }
    if (got == 0) {
        gk_error_set(err, _("%s is an empty file, not a gyokaku database; left untouched"), path);
        return -1;
    }
    if (got < 100 || memcmp(h, "SQLite format 3", 16) != 0) {
        gk_error_set(err, _("%s is not a gyokaku database (not an SQLite file); left untouched"),
                     path);
        return -1;
    }
    uint32_t page = (uint32_t)h[16] << 8 | h[17];
    if (page == 1) page = 65536;
    uint32_t pages = be32(h + 28);
    bool count_valid = be32(h + 24) == be32(h + 92) && pages > 0;
    if (page < 512 || (page & (page - 1)) || st.st_size % page != 0 ||
        (count_valid && (uint64_t)st.st_size < (uint64_t)pages * page)) {
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)st.st_size);
        return -1;
    }
    if (be32(h + 68) != GK_APPLICATION_ID) {
        gk_error_set(err,
                     _("%s is an SQLite database of another program, not a gyokaku database; "
                       "left untouched"),
                     path);
        return -1;
    }
    *version = (int)be32(h + 60);
    if (*version > GK_SCHEMA_VERSION) {
        gk_error_set(err,
                     _("%s was made by a newer gyokaku (schema version %d; this program knows "
                       "up to %d); please update gyokaku"),
                     path, *version, GK_SCHEMA_VERSION);
        return -1;
    }
    if (*version < 1) {
        gk_error_set(err, _("%s has no schema version: it was never fully initialised"), path);
        return -1;
    }
    return 0;
}

static int mkdir_parents(const char *path, gk_error *err)
{
    char *dir = strdup(path);
    if (!dir) return -1;
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            gk_error_set(err, _("cannot create folder %s: %s"), dir, strerror(errno));
            free(dir);
            return -1;
        }
        *p = '/';
    }
    free(dir);
    return 0;
}

/* --- connection setup ------------------------------------------------------------ */

/* GYOKAKU_BUSY_TIMEOUT_MS shortens the wait in tests. */
static int busy_timeout_ms(void)
{
    const char *e = getenv("GYOKAKU_BUSY_TIMEOUT_MS");
    int ms = e && *e ? atoi(e) : 0;
    return ms > 0 ? ms : GK_BUSY_TIMEOUT_MS;
}

static int configure(gk_store *s, gk_error *err)
{
    int rc = gk_uid_register(s->db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(
            s->db,
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;",
            NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot configure the database connection"), err);
        return -1;
    }
    return 0;
}

static int create_schema(gk_store *s, gk_error *err)
{
    /* WAL must be chosen outside a transaction; it is persistent. */
    int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    if (rc == SQLITE_OK && gk_store_begin(s, err) != 0) return -1;
    if (rc == SQLITE_OK) rc = sqlite3_exec(s->db, gk_schema_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot create the database"), err);
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

gk_store *gk_store_open(const char *path, int flags, gk_error *err)
{
    struct stat st;
    bool exists = stat(path, &st) == 0;
    int version = 0;
    if (!exists && !(flags & GK_OPEN_CREATE)) {
        gk_error_set(err, _("no database at %s (create one with `gyokaku init`)"), path);
        return NULL;
    }
    if (exists && inspect_file(path, &version, err) != 0) return NULL;
    if (!exists && mkdir_parents(path, err) != 0) return NULL;

    gk_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    find_user(s->user, sizeof s->user);
    s->created = !exists;
    s->readonly = (flags & GK_OPEN_READONLY) || (exists && access(path, W_OK) != 0);
    int oflags = s->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        /* Before the first statement: a reader, too, meets a busy file (another
         * process recovering the WAL, or checkpointing as it closes) and must
         * wait for it rather than fail at once. */
        sqlite3_busy_timeout(s->db, busy_timeout_ms());
        sqlite3_extended_result_codes(s->db, 1);
    }
    if (rc == SQLITE_OK && s->readonly) /* WAL needs the -shm file even to read */
        rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        gk_sql_error(s, rc, _("cannot open the database"), err);
        gk_store_close(s);
        return NULL;
    }
    if (rc != SQLITE_OK && s->readonly && !(flags & GK_OPEN_READONLY)) {
        gk_error_set(err, _("the database %s is read-only for you, and cannot be opened (%s)"),
                     path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        gk_store_close(s);
        return NULL;
    }
    if (rc != SQLITE_OK) {
        gk_error_set(err, _("cannot open %s: %s"), path,
                     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        gk_store_close(s);
        return NULL;
    }
    if (configure(s, err) != 0 || (!exists && create_schema(s, err) != 0) ||
        (exists && version < GK_SCHEMA_VERSION && !s->readonly &&
         gk_store_migrate(s, version, err) != 0)) {
        gk_store_close(s);
        if (!exists) unlink(path);
        return NULL;
    }
    return s;
}

void gk_store_close(gk_store *s)
{
    if (!s) return;
    if (s->db) sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}
