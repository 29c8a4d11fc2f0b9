/*
 * store_file.c — inspecting a database file before SQLite opens it (see
 * store.c): the header, a -wal file and its checksums, so that a foreign,
 * truncated or newer file is refused untouched and a file SQLite would
 * recover is not (store_int.h).
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

/* --- inspecting the file before SQLite opens it ---------------------------------- */

uint32_t gk_be32(const unsigned char *p)
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
            x0 = gk_be32(p + i);
            x1 = gk_be32(p + i + 4);
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
    uint32_t magic = gk_be32(h);
    bool big = magic == 0x377f0683;
    uint32_t sum[2] = {0, 0};
    wal_checksum(big, h, 24, sum);
    uint32_t page = gk_be32(h + 8);
    if ((magic & 0xfffffffe) != 0x377f0682 || gk_be32(h + 4) != 3007000 || page < 512 ||
        page > 65536 || (page & (page - 1)) || sum[0] != gk_be32(h + 24) ||
        sum[1] != gk_be32(h + 28))
        goto done;
    w->page = page;
    w->salt[0] = gk_be32(h + 16);
    w->salt[1] = gk_be32(h + 20);
    size_t fsize = 24 + (size_t)page, cap = 0, n = 0;
    frame = malloc(fsize);
    if (!frame) goto oom;
    /* page 1's header as the frame holding it was read and checksummed: read
     * once, never again later (another process may meanwhile restart the
     * WAL and write other pages where that frame was) */
    unsigned char p1_seen[100];
    bool p1_pending = false;
    while (fread(frame, 1, fsize, f) == fsize) {
        uint32_t pgno = gk_be32(frame);
        if (pgno == 0 || gk_be32(frame + 8) != w->salt[0] || gk_be32(frame + 12) != w->salt[1])
            break;
        wal_checksum(big, frame, 8, sum);
        wal_checksum(big, frame + 24, page, sum);
        if (sum[0] != gk_be32(frame + 16) || sum[1] != gk_be32(frame + 20)) break;
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
        if (gk_be32(frame + 4) != 0) { /* a commit frame: everything so far is whole */
            w->db_pages = gk_be32(frame + 4);
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
    uint32_t pages = gk_be32(h + 28), version = gk_be32(h + 60);
    bool count_valid = gk_be32(h + 24) == gk_be32(h + 92) && pages > 0;
    return w->npages > 0 && st->st_size % page == 0 &&
           !(count_valid && pages > (uint64_t)st->st_size / page) &&
           gk_be32(h + 68) == GK_APPLICATION_ID && version >= 1 && version <= GK_SCHEMA_VERSION;
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
    uint32_t pages = gk_be32(hdr + 28);
    bool count_valid = gk_be32(hdr + 24) == gk_be32(hdr + 92) && pages > 0;
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
    if (gk_be32(hdr + 68) != GK_APPLICATION_ID) {
        gk_error_set(err,
                     _("%s is an SQLite database of another program, not a gyokaku database; "
                       "left untouched"),
                     path);
        if (main_alone_ok(h, &st, page, &w)) stray_wal_error(path, err);
        return LOOK_REFUSED;
    }
    *version = (int)gk_be32(hdr + 60);
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
int gk_inspect_file(const char *path, int *version, gk_error *err)
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
        if (ms > gk_busy_timeout_ms()) return -1;
        memcpy(prev, stamp, sizeof prev);
        nanosleep(&(struct timespec){0, 20 * 1000000L}, NULL);
    }
}

int gk_mkdir_parents(const char *path, gk_error *err)
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
