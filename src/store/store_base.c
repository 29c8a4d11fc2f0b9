/*
 * store_base.c — the small helpers every store/ file uses (statements,
 * SQLite's errors in words, the time, the connection's user) and the write
 * transactions with their checks (store_int.h, store.h). The bottom of store/:
 * it calls only the restore marker (restore_mark.c) and the gate (gate.c).
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
        int secs = (gk_busy_timeout_ms() + 999) / 1000;
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
    if (sqlite3_get_autocommit(s->db)) gk_leave_gate(s);
}

/* GYOKAKU_BUSY_TIMEOUT_MS shortens the wait in tests. */
int gk_busy_timeout_ms(void)
{
    const char *e = getenv("GYOKAKU_BUSY_TIMEOUT_MS");
    int ms = e && *e ? atoi(e) : 0;
    return ms > 0 ? ms : GK_BUSY_TIMEOUT_MS;
}
