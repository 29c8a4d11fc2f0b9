/*
 * sql.c — what every query file of src/store/ shares: the per-connection
 * statement cache, stepping a query into a list with one way of checking
 * step errors and running out of memory, column text, text equality and
 * growing arrays, and preparing, running and explaining a statement with
 * SQLite's errors in words (store_int.h). Calls nothing else in store/.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "store_int.h"

sqlite3_stmt *gk_sql_cached(gk_store *s, gk_stmt id, const char *sql, gk_error *err)
{
    assert((unsigned)id < GK_ST_COUNT);
    if (!s->cache[id]) return s->cache[id] = gk_sql_prepare(s, sql, err);
    sqlite3_reset(s->cache[id]);
    sqlite3_clear_bindings(s->cache[id]);
    return s->cache[id];
}

void gk_sql_release(gk_store *s, sqlite3_stmt *st)
{
    if (!st) return;
    for (int i = 0; i < GK_ST_COUNT; i++)
        if (s->cache[i] == st) {
            sqlite3_reset(st);
            return;
        }
    sqlite3_finalize(st);
}

int gk_sql_step_done(gk_store *s, int rc, gk_error *err)
{
    if (rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot read the database"), err);
    return -1;
}

const char *gk_stmt_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

const char *gk_stmt_opt(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? t : NULL;
}

char *gk_stmt_dup(sqlite3_stmt *st, int i)
{
    const char *t = gk_stmt_opt(st, i);
    return t ? strdup(t) : NULL;
}

bool gk_text_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

void *gk_grow(void *arr, size_t *cap, size_t n, size_t sz)
{
    void **a = arr;
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        while (c <= n)
            c *= 2;
        void *grown = realloc(*a, c * sz);
        if (!grown) return NULL;
        *a = grown;
        *cap = c;
    }
    char *elem = (char *)*a + n * sz;
    memset(elem, 0, sz);
    return elem;
}

int gk_sql_list(gk_store *s, sqlite3_stmt *st, void *out, size_t *n, size_t sz,
                int (*row)(sqlite3_stmt *st, void *elem, void *ctx), void *ctx, gk_error *err)
{
    size_t cap = *n; /* an array given with elements is full */
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *elem = gk_grow(out, &cap, *n, sz);
        if (!elem) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*n)++;
        int r = row(st, elem, ctx);
        if (r != 0) {
            rc = r == -1 ? SQLITE_NOMEM : SQLITE_ABORT;
            break;
        }
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ABORT) return -1; /* row() said why in err */
    if (rc == SQLITE_NOMEM) {
        gk_error_set(err, _("cannot read the database: out of memory"));
        return -1;
    }
    return gk_sql_step_done(s, rc, err);
}

static int id_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    *(int64_t *)elem = sqlite3_column_int64(st, 0);
    return 0;
}

int gk_sql_collect_ids(gk_store *s, sqlite3_stmt *st, int64_t **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (gk_sql_list(s, st, out, n, sizeof **out, id_row, NULL, err) == 0) return 0;
    free(*out);
    *out = NULL;
    *n = 0;
    return -1;
}

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

sqlite3_stmt *gk_sql_prepare_rows(gk_store *s, const char *head, int cols, int rows, gk_error *err)
{
    assert(cols > 0 && rows > 0);
    size_t n = strlen(head);
    char *sql = malloc(n + (size_t)rows * (2 * (size_t)cols + 2) + 1);
    if (!sql) {
        gk_sql_error(s, SQLITE_NOMEM, _("cannot prepare a query"), err);
        return NULL;
    }
    memcpy(sql, head, n);
    for (int r = 0; r < rows; r++) {
        if (r) sql[n++] = ',';
        sql[n++] = '(';
        for (int c = 0; c < cols; c++) {
            if (c) sql[n++] = ',';
            sql[n++] = '?';
        }
        sql[n++] = ')';
    }
    sql[n] = '\0';
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    free(sql);
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

/* GYOKAKU_BUSY_TIMEOUT_MS shortens the wait in tests. */
int gk_busy_timeout_ms(void)
{
    const char *e = getenv("GYOKAKU_BUSY_TIMEOUT_MS");
    int ms = e && *e ? atoi(e) : 0;
    return ms > 0 ? ms : GK_BUSY_TIMEOUT_MS;
}
