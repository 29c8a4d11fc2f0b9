/*
 * store.c — opening a gyokaku database file safely (see store.h).
 *
 * The file is inspected before SQLite touches it: an empty, truncated,
 * foreign or newer file is refused and left byte-for-byte as it was (SQLite
 * itself would happily turn an empty file into a database, or create -wal
 * files beside a foreign one). The inspection reads the -wal file too, so
 * that it never refuses what SQLite would recover. A new database is made
 * under a temporary name and linked into place complete: mode 0644 (SQLite's
 * own), 0660 for the shared database of the enforced mode (GK_OPEN_SHARED).
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

#include "gyokaku/backup.h"
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

/* The one mapping of SQLite's result codes to gyokaku's words (store.h). */
void gk_sqlite_reason(int rc, const char *detail, const char *path, char *buf, size_t n)
{
    char reason[GK_ERROR_MAX];
    const char *p = path && *path ? path : "?";
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
        int secs = (busy_timeout_ms() + 999) / 1000;
        snprintf(reason, sizeof reason,
                 ngettext("the database %s is busy, in use by another writer (waited %d second); "
                          "try again in a moment",
                          "the database %s is busy, in use by another writer (waited %d seconds); "
                          "try again in a moment",
                          (unsigned long)secs),
                 p, secs);
    } break;
    case SQLITE_READONLY:
        snprintf(reason, sizeof reason,
                 _("the database %s is read-only: the file or its folder cannot be written by "
                   "this user"),
                 p);
        break;
    case SQLITE_FULL:
        snprintf(reason, sizeof reason, _("the disk holding %s is full"), p);
        break;
    case SQLITE_IOERR:
        snprintf(reason, sizeof reason,
                 _("the disk holding %s could not be written or read (input/output error); "
                   "check the disk, then try again"),
                 p);
        break;
    case SQLITE_CANTOPEN:
        snprintf(reason, sizeof reason,
                 _("%s or a file beside it (its journal or a copy) cannot be opened"), p);
        break;
    case SQLITE_NOMEM:
        snprintf(reason, sizeof reason, "%s", _("out of memory"));
        break;
    case SQLITE_CORRUPT:
        snprintf(reason, sizeof reason, _("the database %s is damaged; run `gyokaku check`"), p);
        break;
    case SQLITE_NOTADB:
        snprintf(reason, sizeof reason,
                 _("%s is not a gyokaku database (not an SQLite file, or damaged)"), p);
        break;
    case SQLITE_CONSTRAINT:
        snprintf(reason, sizeof reason,
                 _("the change would break a rule of the database %s, so nothing was changed"), p);
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        snprintf(reason, sizeof reason, _("access to the database %s is not permitted"), p);
        break;
    default:
        snprintf(reason, sizeof reason, _("the database %s reported an error"), p);
    }
    const char *sq = detail && *detail ? detail : sqlite3_errstr(rc);
    /* TRANSLATORS: gyokaku's reason, then SQLite's own text for the administrator */
    snprintf(buf, n, _("%s (SQLite: %s)"), reason, sq);
}

void gk_sql_error(gk_store *s, int rc, const char *what, gk_error *err)
{
    char reason[GK_ERROR_MAX];
    gk_sqlite_reason(rc, s->db ? sqlite3_errmsg(s->db) : NULL, s->path, reason, sizeof reason);
    /* "busy" is marked: the CLI exits 75 (EX_TEMPFAIL) so cron can retry */
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        /* TRANSLATORS: what could not be done, then why */
        gk_error_set_busy(err, _("%s: %s"), what, reason);
    else
        gk_error_set(err, _("%s: %s"), what, reason);
}

int gk_sql_run(gk_store *s, sqlite3_stmt *st, const char *what, gk_error *err)
{
    int rc = sqlite3_step(st);
    gk_sql_release(s, st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    gk_sql_error(s, rc, what, err);
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

void gk_store_busy_timeout(gk_store *s)
{
    sqlite3_busy_timeout(s->db, busy_timeout_ms());
}

/* --- transactions ---------------------------------------------------------------- */

/* Leaves the write gate, when this connection holds it (gate.c). */
static void leave_gate(gk_store *s)
{
    gk_gate_leave(s->gate);
    s->gate = -1;
}

/* SQLite's own threshold for its automatic checkpoint (pages in the WAL). */
#define GK_CHECKPOINT_PAGES 1000

/* BEGIN IMMEDIATE behind the write gate (gate.c): writers of gyokaku queue
 * in the kernel for the write lock instead of polling it in SQLite's busy
 * handler; the gate and SQLite's own wait share one busy timeout. */
int gk_store_begin(gk_store *s, gk_error *err)
{
    if (s->readonly) {
        gk_error_set(err, _("the database %s is read-only"), s->path);
        return -1;
    }
    int timeout = busy_timeout_ms();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = SQLITE_OK;
    if (s->gate < 0 && sqlite3_get_autocommit(s->db) &&
        gk_gate_enter(s->path, timeout, &s->gate) != 0)
        rc = SQLITE_BUSY;
    if (rc == SQLITE_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        bool shorter = waited > 0;
        if (shorter) sqlite3_busy_timeout(s->db, waited < timeout ? (int)(timeout - waited) : 1);
        rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (shorter) sqlite3_busy_timeout(s->db, timeout);
    }
    if (rc != SQLITE_OK) {
        if (sqlite3_get_autocommit(s->db)) leave_gate(s);
        gk_sql_error(s, rc, _("cannot start writing"), err);
        return -1;
    }
    if (gk_restore_mark_check(s, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return 0;
}

int gk_store_commit(gk_store *s, gk_error *err)
{
    if (gk_search_refresh(s, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot save"), err);
        gk_store_rollback(s);
        return -1;
    }
    leave_gate(s);
    /* the checkpoint SQLite would run inside COMMIT, once out of the gate:
     * the next writer need not wait for it */
    if (s->wal_pages >= GK_CHECKPOINT_PAGES) {
        s->wal_pages = 0;
        sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
    gk_crash_test_committed();
    return 0;
}

void gk_store_rollback(gk_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (sqlite3_get_autocommit(s->db)) leave_gate(s);
}

/* --- inspecting the file before SQLite opens it ---------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The WAL checksum (sqlite.org/fileformat2.html#walformat): over 32-bit words
 * in the byte order the magic names, continuing from s[2]. */
static void wal_checksum(bool big_endian, const unsigned char *p, size_t n, uint32_t s[2])
{
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint32_t x0, x1;
        if (big_endian) {
            x0 = be32(p + i);
            x1 = be32(p + i + 4);
        } else {
            x0 = (uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 1] << 8 |
                 p[i];
            x1 = (uint32_t)p[i + 7] << 24 | (uint32_t)p[i + 6] << 16 | (uint32_t)p[i + 5] << 8 |
                 p[i + 4];
        }
        s[0] += x0 + s[1];
        s[1] += x1 + s[0];
    }
}

/* What the -wal file beside a database holds, read the way SQLite's recovery
 * reads it: a header with a valid page size (its own: SQLite reads the
 * database through a WAL of another page size too) and checksum, then
 * frames up to the first one whose salt or checksum does not match; only
 * frames up to the last commit frame count. */
typedef struct wal_view {
    uint32_t page;            /* the WAL's page size */
    uint32_t db_pages;        /* database size after the last valid commit; 0: no commit */
    bool has_page1;           /* a committed frame holds page 1 ... */
    unsigned char page1[100]; /* ... and this is the newest committed header */
    uint32_t *pages;          /* page numbers of the committed frames (malloc'd) */
    size_t npages;
    struct stat st; /* of the -wal file; st_size 0 when there is none */
    uint32_t salt[2];
} wal_view;

/* Fills *w from path-wal (a missing or invalid WAL leaves it empty); the
 * caller frees w->pages, also on failure. Returns 0, or -1 with err when
 * the WAL exists but cannot be read or memory runs out. */
static int read_wal(const char *path, wal_view *w, gk_error *err)
{
    memset(w, 0, sizeof *w);
    char wpath[4096];
    if ((size_t)snprintf(wpath, sizeof wpath, "%s-wal", path) >= sizeof wpath) return 0;
    int fd = open(wpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO blocks nothing */
    if (fd < 0) {
        if (errno == ENOENT) return 0;
        gk_error_set(err, _("cannot open %s: %s"), wpath, strerror(errno));
        return -1;
    }
    FILE *f = fdopen(fd, "rb");
    unsigned char h[32];
    unsigned char *frame = NULL;
    int rc = 0;
    if (!f) {
        close(fd);
        gk_error_set(err, _("cannot read %s: %s"), wpath, strerror(errno));
        return -1;
    }
    if (fstat(fd, &w->st) != 0 || fread(h, 1, sizeof h, f) != sizeof h) goto done;
    uint32_t magic = be32(h);
    bool big = magic == 0x377f0683;
    uint32_t sum[2] = {0, 0};
    wal_checksum(big, h, 24, sum);
    uint32_t page = be32(h + 8);
    if ((magic & 0xfffffffe) != 0x377f0682 || be32(h + 4) != 3007000 || page < 512 ||
        page > 65536 || (page & (page - 1)) || sum[0] != be32(h + 24) || sum[1] != be32(h + 28))
        goto done;
    w->page = page;
    w->salt[0] = be32(h + 16);
    w->salt[1] = be32(h + 20);
    size_t fsize = 24 + (size_t)page, cap = 0, n = 0;
    frame = malloc(fsize);
    if (!frame) goto oom;
    /* page 1's header as the frame holding it was read and checksummed: read
     * once, never again later (another process may meanwhile restart the
     * WAL and write other pages where that frame was) */
    unsigned char p1_seen[100];
    bool p1_pending = false;
    while (fread(frame, 1, fsize, f) == fsize) {
        uint32_t pgno = be32(frame);
        if (pgno == 0 || be32(frame + 8) != w->salt[0] || be32(frame + 12) != w->salt[1]) break;
        wal_checksum(big, frame, 8, sum);
        wal_checksum(big, frame + 24, page, sum);
        if (sum[0] != be32(frame + 16) || sum[1] != be32(frame + 20)) break;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            uint32_t *v = realloc(w->pages, cap * sizeof *v);
            if (!v) goto oom;
            w->pages = v;
        }
        w->pages[n++] = pgno;
        if (pgno == 1) {
            memcpy(p1_seen, frame + 24, sizeof p1_seen);
            p1_pending = true;
        }
        if (be32(frame + 4) != 0) { /* a commit frame: everything so far is whole */
            w->db_pages = be32(frame + 4);
            w->npages = n;
            if (p1_pending) {
                memcpy(w->page1, p1_seen, sizeof w->page1);
                w->has_page1 = true;
                p1_pending = false;
            }
        }
    }
    goto done;
oom:
    gk_error_set(err, _("out of memory"));
    rc = -1;
done:
    free(frame);
    fclose(f);
    return rc;
}

/* The main file alone (header h, stat st) is a whole gyokaku database that
 * this program can open, while its WAL holds committed pages: when the two
 * together are refused, the WAL is the stranger (copied there from another
 * database, or left by another program), and the message says so. */
static bool main_alone_ok(const unsigned char *h, const struct stat *st, uint32_t page,
                          const wal_view *w)
{
    uint32_t pages = be32(h + 28), version = be32(h + 60);
    bool count_valid = be32(h + 24) == be32(h + 92) && pages > 0;
    return w->npages > 0 && st->st_size % page == 0 &&
           !(count_valid && pages > (uint64_t)st->st_size / page) &&
           be32(h + 68) == GK_APPLICATION_ID && version >= 1 && version <= GK_SCHEMA_VERSION;
}

static void stray_wal_error(const char *path, gk_error *err)
{
    gk_error_set(err,
                 _("%s-wal beside %s does not belong to it (it holds another database's "
                   "pages); both are left untouched. If that -wal was copied or left there, "
                   "move it away; otherwise restore the newest good backup (`gyokaku check` "
                   "names it)"),
                 path, path);
}

/* How one look at the file came out. */
enum { LOOK_OK, LOOK_REFUSED, LOOK_TRUNCATED };

/* One look at path and its WAL: LOOK_OK (fills *version), or a refusal in
 * err. LOOK_TRUNCATED is the verdict that another process's checkpoint in
 * progress can make appear for a moment; *stamp then identifies the state
 * seen, so that the caller can look again while it changes. */
/* Reads the first 100 bytes of path into h and its status into *st, and
 * the page size its header gives into *page. Returns 0, or -1 with err
 * when path is not a readable SQLite file with a valid page size. */
static int read_header(const char *path, unsigned char h[100], struct stat *st, uint32_t *page,
                       gk_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO blocks nothing */
    if (fd < 0) {
        gk_error_set(err, _("cannot open %s: %s"), path, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) == 0 && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
        close(fd);
        gk_error_set(err, _("%s is not a regular file; left untouched"), path);
        return -1;
    }
    ssize_t got = fstat(fd, st) == 0 ? read(fd, h, 100) : -1;
    close(fd);
    if (got < 0) {
        gk_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st->st_mode)) {
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
    *page = (uint32_t)h[16] << 8 | h[17];
    if (*page == 1) *page = 65536;
    if (*page < 512 || (*page & (*page - 1))) {
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)st->st_size);
        return -1;
    }
    return 0;
}

/* Whether every page from file_pages + 1 to db_pages (past the main file's
 * end) has a committed frame in the WAL: 1 yes, 0 no, -1 with err when
 * memory runs out. */
static int wal_has_tail(const wal_view *w, uint64_t file_pages, uint64_t db_pages, gk_error *err)
{
    uint64_t missing = db_pages - file_pages;
    /* more pages missing than the WAL has frames: no need to count them */
    if (missing > w->npages) return 0;
    unsigned char *seen = calloc((size_t)(missing + 7) / 8, 1);
    if (!seen) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    for (size_t i = 0; i < w->npages; i++) {
        if (w->pages[i] <= file_pages || w->pages[i] > db_pages) continue;
        uint64_t k = w->pages[i] - file_pages - 1; /* bit k: page file_pages + 1 + k */
        if (seen[k / 8] & 1u << k % 8) continue;
        seen[k / 8] |= 1u << k % 8;
        missing--;
    }
    free(seen);
    return missing == 0;
}

static int look_at_file(const char *path, int *version, char stamp[128], gk_error *err)
{
    struct stat st;
    unsigned char h[100];
    uint32_t page;
    if (read_header(path, h, &st, &page, err) != 0) return LOOK_REFUSED;
    /* The WAL holds the newest committed pages: page 1 (the header) and all
     * that a checkpoint has not yet copied into the main file. A process
     * killed during a checkpoint leaves a main file shorter than its header
     * says, with the WAL intact; SQLite recovers that, and so must we. */
    wal_view w;
    if (read_wal(path, &w, err) != 0) {
        free(w.pages);
        return LOOK_REFUSED;
    }
    if (w.npages && w.page != page) { /* gyokaku never writes such a WAL */
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)st.st_size);
        if (main_alone_ok(h, &st, page, &w)) stray_wal_error(path, err);
        free(w.pages);
        return LOOK_REFUSED;
    }
    const unsigned char *hdr = w.has_page1 ? w.page1 : h;
    uint64_t file_pages = (uint64_t)st.st_size / page;
    uint64_t db_pages = w.db_pages ? w.db_pages : file_pages;
    uint32_t pages = be32(hdr + 28);
    bool count_valid = be32(hdr + 24) == be32(hdr + 92) && pages > 0;
    bool whole = (w.db_pages || st.st_size % page == 0) && !(count_valid && pages > db_pages);
    if (whole && db_pages > file_pages) { /* every page past the file's end is in the WAL */
        int tail = wal_has_tail(&w, file_pages, db_pages, err);
        if (tail < 0) {
            free(w.pages);
            return LOOK_REFUSED;
        }
        whole = tail == 1;
    }
    free(w.pages);
    if (!whole) {
        snprintf(stamp, 128, "%lld.%ld.%lld %lld.%ld.%lld %u.%u", (long long)st.st_size,
                 (long)st.st_mtim.tv_nsec, (long long)st.st_mtim.tv_sec, (long long)w.st.st_size,
                 (long)w.st.st_mtim.tv_nsec, (long long)w.st.st_mtim.tv_sec, w.salt[0], w.salt[1]);
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)st.st_size);
        if (main_alone_ok(h, &st, page, &w)) stray_wal_error(path, err);
        return LOOK_TRUNCATED;
    }
    if (be32(hdr + 68) != GK_APPLICATION_ID) {
        gk_error_set(err,
                     _("%s is an SQLite database of another program, not a gyokaku database; "
                       "left untouched"),
                     path);
        if (main_alone_ok(h, &st, page, &w)) stray_wal_error(path, err);
        return LOOK_REFUSED;
    }
    *version = (int)be32(hdr + 60);
    if (*version > GK_SCHEMA_VERSION) {
        gk_error_set(err,
                     _("%s was made by a newer gyokaku (schema version %d; this program knows "
                       "up to %d); please update gyokaku"),
                     path, *version, GK_SCHEMA_VERSION);
        if (main_alone_ok(h, &st, page, &w)) stray_wal_error(path, err);
        return LOOK_REFUSED;
    }
    if (*version < 1) {
        gk_error_set(err, _("%s has no schema version: it was never fully initialised"), path);
        return LOOK_REFUSED;
    }
    return LOOK_OK;
}

/* Returns 0 when path is a gyokaku database that SQLite will open whole
 * (fills *version), -1 with err otherwise. Reads only; never writes.
 * A main file and WAL seen half way through another process's checkpoint
 * can look cut short for a moment (the WAL restarted between our reads of
 * the two files): such a verdict is only final once the files stop changing
 * between two looks, and within the busy timeout. */
static int inspect_file(const char *path, int *version, gk_error *err)
{
    char prev[128] = "", stamp[128] = "";
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int r = look_at_file(path, version, stamp, err);
        if (r == LOOK_OK) return 0;
        if (r == LOOK_REFUSED || strcmp(stamp, prev) == 0) return -1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
        if (ms > busy_timeout_ms()) return -1;
        memcpy(prev, stamp, sizeof prev);
        nanosleep(&(struct timespec){0, 20 * 1000000L}, NULL);
    }
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

/* Whether the folder of path cannot be written (and no -wal is beside it). */
static bool folder_read_only(const char *path)
{
    char dir[4200], wal[4300];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    return access(dir, W_OK) != 0 && access(wal, F_OK) != 0;
}

/* "file:PATH?immutable=1" with PATH's %, ? and # escaped, into buf[n]:
 * false when it does not fit. */
static bool immutable_uri(const char *path, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "file:");
    for (const char *p = path; *p; p++) {
        if (k + 4 >= n) return false;
        if (*p == '%' || *p == '?' || *p == '#')
            k += (size_t)snprintf(buf + k, n - k, "%%%02X", (unsigned char)*p);
        else
            buf[k++] = *p;
    }
    return (size_t)snprintf(buf + k, n - k, "?immutable=1") < n - k;
}

/* Whether path has a hot rollback journal beside it: PATH-journal, a
 * regular file that starts with a journal header (SQLite zeroes or removes
 * it at commit). Left by a program killed while writing a file in
 * rollback-journal mode (a backup opened with --db): SQLite must roll it
 * back before the file can be read, and ignores it when opened immutable. */
static bool hot_journal(const char *path)
{
    static const unsigned char magic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
    char j[4200];
    if ((size_t)snprintf(j, sizeof j, "%s-journal", path) >= sizeof j) return false;
    int fd = open(j, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    unsigned char h[8];
    bool hot = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, h, sizeof h) == 8 &&
               memcmp(h, magic, sizeof magic) == 0;
    close(fd);
    return hot;
}

/* Whether this user may roll back path's journal: write the file and its
 * folder (the journal is removed). */
static bool may_roll_back(const char *path)
{
    char dir[4200];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 &&
           faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0;
}

bool gk_store_journal_stuck(const char *path)
{
    return hot_journal(path) && !may_roll_back(path);
}

/* GYOKAKU_BUSY_TIMEOUT_MS shortens the wait in tests. */
static int busy_timeout_ms(void)
{
    const char *e = getenv("GYOKAKU_BUSY_TIMEOUT_MS");
    int ms = e && *e ? atoi(e) : 0;
    return ms > 0 ? ms : GK_BUSY_TIMEOUT_MS;
}

/* Instead of SQLite's automatic checkpoint (which runs inside COMMIT, still
 * in the write gate): the size of the WAL, checkpointed by gk_store_commit
 * after leaving the gate. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
    (void)db;
    (void)name;
    ((gk_store *)arg)->wal_pages = pages;
    return SQLITE_OK;
}

static int configure(gk_store *s, gk_error *err)
{
    sqlite3_wal_hook(s->db, wal_hook, s);
    int rc = gk_uid_register(s->db);
    if (rc == SQLITE_OK) rc = gk_progress_register(s->db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db,
                          "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                          " PRAGMA cache_size = " GK_CACHE_SIZE ";",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot configure the database connection"), err);
        return -1;
    }
    return 0;
}

static int create_schema(gk_store *s, gk_error *err)
{
    /* The page size before anything is written; WAL must be chosen outside a
     * transaction; both are persistent. */
    char pragma[80];
    snprintf(pragma, sizeof pragma, "PRAGMA page_size = %d; PRAGMA journal_mode = WAL",
             GK_PAGE_SIZE);
    int rc = sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
    if (rc == SQLITE_OK && gk_store_begin(s, err) != 0) return -1;
    if (rc == SQLITE_OK) rc = sqlite3_exec(s->db, gk_schema_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot create the database"), err);
        gk_store_rollback(s);
        return -1;
    }
    /* the login that creates the file is its first office user (roles.h) */
    if (gk_auth_add_creator(s, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* SQLite's process-wide settings, before it initialises itself (the first
 * connection; later calls are refused and change nothing): no memory
 * statistics, which take a global mutex on every allocation and which
 * gyokaku never reads (6% of the CPU of an import of the 100k offices'
 * plan). */
static sqlite3_syscall_ptr sqlite_open;

/* SQLite's open() system call, always non-blocking: a name that a group
 * member swapped for a FIFO (in backups/, or the database's own folder in
 * the group mode) between gyokaku's checks and SQLite's own open by name
 * then opens at once and reads as an empty file, which is refused, instead
 * of waiting for a writer for ever. O_NONBLOCK changes nothing for regular
 * files. */
static int open_nonblocking(const char *path, int flags, int mode)
{
    return ((int (*)(const char *, int, int))sqlite_open)(path, flags | O_NONBLOCK, mode);
}

static void configure_sqlite(void)
{
    static bool done;
    if (done) return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    if (vfs && vfs->iVersion >= 3 && vfs->xGetSystemCall && vfs->xSetSystemCall &&
        (sqlite_open = vfs->xGetSystemCall(vfs, "open")))
        vfs->xSetSystemCall(vfs, "open", (sqlite3_syscall_ptr)open_nonblocking);
}

void gk_sqlite_setup(void)
{
    configure_sqlite();
}

/* Opens the connection of s (path set) with SQLite's open flags oflags and
 * sets it up before anything reads the file: the busy timeout first (a
 * reader, too, meets a busy file: another process recovering the WAL, or
 * checkpointing as it closes, and must wait rather than fail at once).
 * Returns an SQLite result code; s->db may be set even on failure. */
static int connect_db(gk_store *s, const char *file, int oflags)
{
    configure_sqlite();
    gk_crash_test_init();
    int rc = sqlite3_open_v2(file, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_busy_timeout(s->db, busy_timeout_ms());
    sqlite3_extended_result_codes(s->db, 1);
    /* The file trusts only its own schema (schema.c): no SQL may corrupt
     * the file on purpose, and functions with side effects or virtual
     * tables named in the file's schema never run. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    if (oflags & SQLITE_OPEN_READONLY) /* WAL needs the -shm file even to read */
        rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    return rc;
}

/* Creates a new, fully initialised database at path, all at once: it is
 * built under a temporary name beside path (path.new-PID-N) and linked into
 * place only when complete, so that a process killed while creating leaves
 * no file at path (at worst a stray path.new-* file), never an empty or
 * half-made one that every later command would refuse. Returns 1 when
 * created, 0 when another process created path meanwhile, -1 with err. */
static int create_file(const char *path, mode_t mode, gk_error *err)
{
    char tmp[4200];
    int fd = -1;
    for (int i = 0; fd < 0 && i < 1000; i++) {
        if ((size_t)snprintf(tmp, sizeof tmp, "%s.new-%ld-%d", path, (long)getpid(), i) >=
            sizeof tmp) {
            gk_error_set(err, _("cannot create %s: %s"), path, strerror(ENAMETOOLONG));
            return -1;
        }
        fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST) {
            gk_error_set(err, _("cannot create %s: %s"), path, strerror(errno));
            return -1;
        }
    }
    if (fd < 0) {
        gk_error_set(err, _("cannot create %s: %s"), path, strerror(EEXIST));
        return -1;
    }
    if (mode == 0660) fchmod(fd, mode); /* GK_OPEN_SHARED: whatever the umask */
    close(fd);
    gk_store t = {.path = (char *)path, .uid = getuid()};
    find_user(t.user, sizeof t.user); /* recorded as the first office user */
    int rc = connect_db(&t, tmp, SQLITE_OPEN_READWRITE);
    if (rc != SQLITE_OK) {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, t.db ? sqlite3_errmsg(t.db) : NULL, path, why, sizeof why);
        gk_error_set(err, _("cannot create %s: %s"), path, why);
    } else if (configure(&t, err) == 0 && create_schema(&t, err) == 0) {
        for (int i = 0; i < GK_ST_COUNT; i++) /* the history's, say: close needs none left */
            sqlite3_finalize(t.cache[i]);
        rc = sqlite3_close(t.db); /* the last connection: checkpoints, removes the WAL */
        t.db = NULL;
        if (rc != SQLITE_OK) {
            char why[GK_ERROR_MAX];
            gk_sqlite_reason(rc, NULL, path, why, sizeof why);
            gk_error_set(err, _("cannot create %s: %s"), path, why);
        }
    } else
        rc = SQLITE_ERROR;
    if (t.db) {
        for (int i = 0; i < GK_ST_COUNT; i++)
            sqlite3_finalize(t.cache[i]);
        sqlite3_close_v2(t.db);
    }
    int made = -1;
    if (rc == SQLITE_OK) {
        if (link(tmp, path) == 0)
            made = 1;
        else if (errno == EEXIST)
            made = 0;
        else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
            made = 1; /* a file system without hard links */
        else if (errno == EEXIST)
            made = 0;
        else
            gk_error_set(err, _("cannot create %s: %s"), path, strerror(errno));
    }
    unlink(tmp);
    return made;
}

gk_store *gk_store_open(const char *path, int flags, gk_error *err)
{
    struct stat st;
    bool exists = stat(path, &st) == 0, created = false;
    int version = 0;
    if (!exists && !(flags & GK_OPEN_CREATE)) {
        gk_error_set(err, _("no database at %s (create one with `gyokaku init`)"), path);
        return NULL;
    }
    if (!exists) {
        int made = mkdir_parents(path, err) == 0
                       ? create_file(path, flags & GK_OPEN_SHARED ? 0660 : 0644, err)
                       : -1;
        if (made < 0) return NULL;
        created = made == 1;
    }
    if (inspect_file(path, &version, err) != 0) return NULL;
    if (created) gk_backup_dir_shared(path);

    gk_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    s->gate = -1;
    /* A hot journal: rolled back first by a connection that may write (what
     * any SQLite writer does on its next open; the read-only connection
     * below could not), else the file cannot be read at all: said so,
     * with what to do, and nothing is touched. */
    if (hot_journal(path)) {
        if (!may_roll_back(path)) {
            gk_error_set(err,
                         _("%s cannot be read now: a program stopped while writing it and left "
                           "%s-journal, which must be rolled back first, and this user cannot "
                           "write the file or its folder. The file is not damaged: do not "
                           "restore a backup over it. Let someone who may write there run "
                           "`gyokaku --db %s check` once (it rolls the journal back), or copy "
                           "both files into a folder you may write and open the copy"),
                         path, path, path);
            free(s->path);
            free(s);
            return NULL;
        }
        sqlite3 *rb = NULL;
        configure_sqlite();
        if (sqlite3_open_v2(path, &rb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
            SQLITE_OK) {
            sqlite3_busy_timeout(rb, busy_timeout_ms());
            sqlite3_db_config(rb, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
            sqlite3_db_config(rb, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
            sqlite3_exec(rb, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        }
        sqlite3_close(rb); /* a failure shows again in the open below */
    }
    find_user(s->user, sizeof s->user);
    s->uid = getuid();
    s->created = created;
    s->private_copy = (flags & GK_OPEN_PRIVATE) != 0;
    /* the effective ids decide: the setgid group's (sysconf.h) may write */
    s->readonly = (flags & GK_OPEN_READONLY) || faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0;
    /* A database in a folder nobody may write (a read-only mount, a CD, a
     * copy handed out read-only) can have no -wal or -shm: SQLite cannot
     * read it in WAL mode as usual. Opened immutable, which is exact there:
     * nobody can commit to it without a -wal. */
    char uri[8300];
    const char *file = path;
    int extra = 0;
    if (s->readonly && folder_read_only(path) && immutable_uri(path, uri, sizeof uri)) {
        file = uri;
        extra = SQLITE_OPEN_URI;
    }
    int rc =
        connect_db(s, file, (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | extra);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        gk_sql_error(s, rc, _("cannot open the database"), err);
        gk_store_close(s);
        return NULL;
    }
    if (rc != SQLITE_OK && s->readonly && !(flags & GK_OPEN_READONLY)) {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, s->db ? sqlite3_errmsg(s->db) : NULL, path, why, sizeof why);
        gk_error_set(err, _("the database %s is read-only for this user, and cannot be opened: %s"),
                     path, why);
        gk_store_close(s);
        return NULL;
    }
    if (rc != SQLITE_OK) {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, s->db ? sqlite3_errmsg(s->db) : NULL, path, why, sizeof why);
        gk_error_set(err, _("cannot open %s: %s"), path, why);
        gk_store_close(s);
        return NULL;
    }
    /* before anything is written: a trigger of the file never runs */
    if (gk_schema_verify(s->db, path, version, err) != 0) {
        gk_store_close(s);
        return NULL;
    }
    if (configure(s, err) != 0 ||
        (version < GK_SCHEMA_VERSION && !s->readonly && gk_store_migrate(s, version, err) != 0) ||
        gk_restore_mark_init(s, err) != 0) {
        gk_store_close(s);
        return NULL;
    }
    /* A file in rollback-journal mode (a backup copied back, or opened with
     * --db) is put in WAL mode when written: the mode every reader and writer
     * of gyokaku expects, and no hot journal that read-only commands could
     * not roll back after a crash. */
    if (!s->readonly && !s->private_copy &&
        sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
        /* another process holds it: it is then in use, in whatever mode */
    }
    /* a read-only open of an older file stays at its version */
    s->version = s->readonly ? version : GK_SCHEMA_VERSION;
    /* plan.entry for every query, 'items' where the file predates it */
    if (sqlite3_exec(
            s->db,
            s->version >= GK_SCHEMA_ENTRY
                ? "CREATE TEMP VIEW plan_entry AS SELECT id AS plan_id, entry FROM main.plan"
                : "CREATE TEMP VIEW plan_entry AS SELECT id AS plan_id, 'items' AS entry"
                  " FROM main.plan",
            NULL, NULL, NULL) != SQLITE_OK) {
        gk_sql_error(s, sqlite3_errcode(s->db), _("cannot configure the database connection"), err);
        gk_store_close(s);
        return NULL;
    }
    return s;
}

unsigned char *gk_image_read(int fd, sqlite3_int64 n)
{
    unsigned char *img = n > 0 ? sqlite3_malloc64((sqlite3_uint64)n) : NULL;
    sqlite3_int64 got = 0;
    while (img && got < n) {
        ssize_t r = pread(fd, img + got, (size_t)(n - got), (off_t)got);
        if (r <= 0) break;
        got += r;
    }
    if (img && got != n) {
        sqlite3_free(img);
        img = NULL;
    }
    return img;
}

sqlite3 *gk_image_connect(unsigned char *img, sqlite3_int64 n)
{
    sqlite3 *db = NULL;
    if (n >= 100) img[18] = img[19] = 1; /* an in-memory database has no WAL */
    configure_sqlite();
    int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db, 1);
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        rc = sqlite3_deserialize(db, "main", img, n, n,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
        img = NULL; /* SQLite's now, freed on failure too */
    }
    sqlite3_free(img);
    if (rc != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

bool gk_store_has_wal(const char *path)
{
    char w[4200];
    struct stat st;
    return (size_t)snprintf(w, sizeof w, "%s-wal", path) < sizeof w && lstat(w, &st) == 0 &&
           S_ISREG(st.st_mode) && st.st_size > 0;
}

gk_store *gk_store_open_image(const char *path, gk_error *err)
{
    /* one descriptor for the check and the read: a name swapped for a FIFO
     * or a link after the check is never opened again (SQLite would open
     * it by name, and a FIFO would block that open) */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        gk_error_set(err, _("%s is not a regular file; left untouched"), path);
        if (fd >= 0) close(fd);
        return NULL;
    }
    sqlite3_int64 n = (sqlite3_int64)st.st_size;
    unsigned char *img = n >= 100 ? gk_image_read(fd, n) : NULL;
    close(fd);
    int version = img ? (int)be32(img + 60) : 0;
    uint32_t page = img ? ((uint32_t)img[16] << 8 | img[17]) : 0;
    if (page == 1) page = 65536;
    /* the verdicts of look_at_file, on the image */
    const char *why = NULL;
    if (!img || memcmp(img, "SQLite format 3", 16) != 0 || page < 512 ||
        (sqlite3_int64)be32(img + 28) * page > n) {
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)n);
        why = "";
    } else if (be32(img + 68) != GK_APPLICATION_ID) {
        gk_error_set(err,
                     _("%s is an SQLite database of another program, not a gyokaku database; "
                       "left untouched"),
                     path);
        why = "";
    } else if (version > GK_SCHEMA_VERSION) {
        gk_error_set(err,
                     _("%s was made by a newer gyokaku (schema version %d; this program knows "
                       "up to %d); please update gyokaku"),
                     path, version, GK_SCHEMA_VERSION);
        why = "";
    } else if (version < 1) {
        gk_error_set(err, _("%s has no schema version: it was never fully initialised"), path);
        why = "";
    }
    if (why) {
        sqlite3_free(img);
        return NULL;
    }
    if (img[18] == 2 && gk_store_has_wal(path)) { /* its commits are in the -wal: not an image */
        gk_error_set(err,
                     _("%s is in use or was not closed (a -wal file is beside it): it is a live "
                       "database, not a backup; left untouched"),
                     path);
        sqlite3_free(img);
        return NULL;
    }
    sqlite3 *db = gk_image_connect(img, n);
    gk_store *s = db ? calloc(1, sizeof *s) : NULL;
    if (!s || !(s->path = strdup(path))) {
        gk_error_set(err, _("cannot read %s: %s"), path, sqlite3_errstr(SQLITE_NOMEM));
        sqlite3_close(db);
        free(s);
        return NULL;
    }
    s->db = db;
    s->gate = -1;
    find_user(s->user, sizeof s->user);
    s->uid = getuid();
    s->readonly = true;
    s->private_copy = true;
    s->version = version;
    if (gk_schema_verify(s->db, path, version, err) != 0 || configure(s, err) != 0 ||
        gk_restore_mark_init(s, err) != 0) {
        gk_store_close(s);
        return NULL;
    }
    return s;
}

bool gk_store_readonly(const gk_store *s)
{
    return s->readonly;
}

void gk_store_close(gk_store *s)
{
    if (!s) return;
    for (int i = 0; i < GK_ST_COUNT; i++)
        sqlite3_finalize(s->cache[i]);
    if (s->db) sqlite3_close_v2(s->db);
    leave_gate(s);
    free(s->path);
    free(s);
}
