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
 *
 * The helpers and transactions are store_base.c, the inspection store_file.c.
 * This file is the bottom of the store's calls: what happens above it when
 * a file is opened (the upgrade, with its automatic backup, and the shared
 * backups folder of a new file) comes in as hooks from store_open.c, which
 * defines gk_store_open, so that opening never calls back up into backup*.c
 * (doc/development.md, tests/store-calls.sh).
 */
#include "store_int.h"

#include <assert.h>
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
    sqlite3_busy_timeout(s->db, gk_busy_timeout_ms());
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
    gk_find_user(t.user, sizeof t.user); /* recorded as the first office user */
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

gk_store *gk_store_open_with(const char *path, int flags, const gk_open_hooks *hooks, gk_error *err)
{
    struct stat st;
    bool exists = stat(path, &st) == 0, created = false;
    int version = 0;
    if (!exists && !(flags & GK_OPEN_CREATE)) {
        gk_error_set(err, _("no database at %s (create one with `gyokaku init`)"), path);
        return NULL;
    }
    if (!exists) {
        int made = gk_mkdir_parents(path, err) == 0
                       ? create_file(path, flags & GK_OPEN_SHARED ? 0660 : 0644, err)
                       : -1;
        if (made < 0) return NULL;
        created = made == 1;
    }
    if (gk_inspect_file(path, &version, err) != 0) return NULL;
    if (created && hooks && hooks->created) hooks->created(path);

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
            sqlite3_busy_timeout(rb, gk_busy_timeout_ms());
            sqlite3_db_config(rb, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
            sqlite3_db_config(rb, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
            sqlite3_exec(rb, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        }
        sqlite3_close(rb); /* a failure shows again in the open below */
    }
    gk_find_user(s->user, sizeof s->user);
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
    /* an older file that may be written is upgraded by the opener's hook;
     * the callers inside store/ open read-only, and pass none */
    bool upgrade = version < GK_SCHEMA_VERSION && !s->readonly;
    assert(!upgrade || (hooks && hooks->upgrade));
    if (configure(s, err) != 0 || (upgrade && hooks->upgrade(s, version, err) != 0) ||
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
    int version = img ? (int)gk_be32(img + 60) : 0;
    uint32_t page = img ? ((uint32_t)img[16] << 8 | img[17]) : 0;
    if (page == 1) page = 65536;
    /* the verdicts of look_at_file, on the image */
    const char *why = NULL;
    if (!img || memcmp(img, "SQLite format 3", 16) != 0 || page < 512 ||
        (sqlite3_int64)gk_be32(img + 28) * page > n) {
        gk_error_set(err, _("%s is truncated or damaged (size %lld bytes); left untouched"), path,
                     (long long)n);
        why = "";
    } else if (gk_be32(img + 68) != GK_APPLICATION_ID) {
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
    gk_find_user(s->user, sizeof s->user);
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
    gk_ckpt_stop(s);
    for (int i = 0; i < GK_ST_COUNT; i++)
        sqlite3_finalize(s->cache[i]);
    if (s->db) sqlite3_close_v2(s->db);
    gk_leave_gate(s);
    free(s->path);
    free(s);
}
