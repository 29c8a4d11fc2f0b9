/*
 * sql.c — what every query file of src/store/ shares: the per-connection
 * statement cache, stepping a query into a list with one way of checking
 * step errors and running out of memory, column text, text equality and
 * growing arrays (store_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "store_int.h"

sqlite3_stmt *gk_sql_cached(gk_store *s, gk_stmt id, const char *sql, gk_error *err)
{
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

const char *gk_col_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

const char *gk_col_opt(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? t : NULL;
}

char *gk_col_dup(sqlite3_stmt *st, int i)
{
    const char *t = gk_col_opt(st, i);
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
