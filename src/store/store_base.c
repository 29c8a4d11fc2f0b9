/*
 * store_base.c — small helpers (the time, the connection's path and user)
 * and the write transactions with their checks (store_int.h, store.h). Near
 * the bottom of store/: it calls only sql.c, the gate (gate.c), the restore
 * marker (restore_mark.c), the search index's refresh (search.c), the
 * checkpoint's thread (ckpt.c) and the crash test hook (crashtest.c).
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

/* --- small helpers shared by store/ ------------------------------------------------ */

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
void gk_find_user(char *buf, size_t n)
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
    sqlite3_busy_timeout(s->db, gk_busy_timeout_ms());
}

/* --- transactions ---------------------------------------------------------------- */

/* Leaves the write gate, when this connection holds it (gate.c). */
void gk_leave_gate(gk_store *s)
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
    int timeout = gk_busy_timeout_ms();
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
        if (sqlite3_get_autocommit(s->db)) gk_leave_gate(s);
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
    gk_leave_gate(s);
    /* the checkpoint SQLite would run inside COMMIT, neither in the gate
     * (the next writer would wait for it) nor in the save: beside it, on
     * a thread of its own (ckpt.c) */
    if (s->wal_pages >= GK_CHECKPOINT_PAGES) {
        s->wal_pages = 0;
        gk_ckpt_request(s);
    }
    gk_crash_test_committed();
    return 0;
}

void gk_store_rollback(gk_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (sqlite3_get_autocommit(s->db)) gk_leave_gate(s);
}
