/*
 * frozen.c — the image of a locked year's plan data (see frozen.h): taken
 * with sqlite3_serialize inside the lock's write transaction, stripped in
 * a private in-memory copy, and opened again with sqlite3_deserialize as a
 * read-only store for the report.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/frozen.h"
#include "gyokaku/i18n.h"

/* An in-memory connection over img (n bytes; ownership passes to SQLite):
 * the header marked rollback-journal (an in-memory database has no WAL). */
static sqlite3 *open_image(unsigned char *img, sqlite3_int64 n, bool readonly)
{
    sqlite3 *m = NULL;
    if (n < 100) {
        sqlite3_free(img);
        return NULL;
    }
    img[18] = img[19] = 1;
    if (sqlite3_open_v2(":memory:", &m, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_free(img);
        sqlite3_close(m);
        return NULL;
    }
    /* the image comes from the file: its schema is not trusted to run code */
    sqlite3_db_config(m, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(m, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    unsigned flags = SQLITE_DESERIALIZE_FREEONCLOSE |
                     (readonly ? SQLITE_DESERIALIZE_READONLY : SQLITE_DESERIALIZE_RESIZEABLE);
    if (sqlite3_deserialize(m, "main", img, n, n, flags) != SQLITE_OK) {
        sqlite3_close(m); /* FREEONCLOSE: freed on failure too */
        return NULL;
    }
    return m;
}

int gk_frozen_make(gk_store *s, void **blob, sqlite3_int64 *len, gk_error *err)
{
    *blob = NULL;
    *len = 0;
    sqlite3_int64 n = 0;
    unsigned char *img = sqlite3_serialize(s->db, "main", &n, 0);
    sqlite3 *m = img ? open_image(img, n, false) : NULL;
    int rc = m ? SQLITE_OK : SQLITE_NOMEM;
    /* only plan data: no one's history, drafts, choices, users, and no
     * other year's image (locks would nest images in images) */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(m,
                          "DELETE FROM history; DELETE FROM draft; DELETE FROM pref;"
                          " DELETE FROM user_dept; DELETE FROM app_user; DELETE FROM year_lock;"
                          /* nor the search's index: a report reads no search */
                          " INSERT INTO node_fts(node_fts) VALUES ('delete-all');"
                          " DELETE FROM node_fts_gone;"
                          " VACUUM;",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK && !(*blob = sqlite3_serialize(m, "main", len, 0))) rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, m ? sqlite3_errmsg(m) : NULL, _("(in memory)"), why, sizeof why);
        gk_error_set(err, _("cannot record what the locked year's report shows: %s"), why);
    }
    sqlite3_close(m);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The uid of plan (NULL: the only one) in s, into uid[33]; 0 when none. */
static int live_plan_uid(gk_store *s, const char *plan, char uid[33], gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT uid FROM plan WHERE ?1 IS NULL OR name = ?1 ORDER BY pos LIMIT 2", err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, plan);
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (rows++ == 0) snprintf(uid, 33, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the plans"), err);
        return -1;
    }
    return rows == 1; /* several without a name: the report says so itself */
}

int gk_frozen_open(gk_store *s, int year, const char *plan, gk_store **out, char *name, size_t n,
                   gk_error *err)
{
    *out = NULL;
    if (s->version < GK_SCHEMA_CHAIN) return 0;
    char uid[33];
    int r = live_plan_uid(s, plan, uid, err);
    if (r <= 0) return r;
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT snapshot FROM year_lock WHERE year = ?1 AND snapshot IS NOT NULL", err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE) return 0;
        gk_sql_error(s, rc, _("cannot read the locked years"), err);
        return -1;
    }
    sqlite3_int64 len = sqlite3_column_bytes(st, 0);
    unsigned char *img = sqlite3_malloc64((sqlite3_uint64)(len > 0 ? len : 1));
    if (img && len > 0) memcpy(img, sqlite3_column_blob(st, 0), (size_t)len);
    sqlite3_finalize(st);
    sqlite3 *m = img ? open_image(img, len, true) : NULL;
    gk_store *f = m ? calloc(1, sizeof *f) : NULL;
    if (f) f->path = strdup(s->path);
    if (!f || !f->path) {
        if (f) free(f);
        sqlite3_close(m);
        gk_error_set(err, _("cannot read what %d's report showed when it was locked"), year);
        return -1;
    }
    f->db = m;
    snprintf(f->user, sizeof f->user, "%s", s->user);
    f->uid = s->uid;
    f->readonly = true;
    f->private_copy = true;
    f->version = GK_SCHEMA_VERSION;
    gk_uid_register(m);
    gk_progress_register(m);
    /* the plan as it was named then */
    st = gk_sql_prepare(f, "SELECT name FROM plan WHERE uid = ?1", err);
    rc =
        st ? (sqlite3_bind_text(st, 1, uid, -1, SQLITE_TRANSIENT), sqlite3_step(st)) : SQLITE_ERROR;
    if (rc == SQLITE_ROW) snprintf(name, n, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) { /* a plan added after the lock: nothing of it was published */
        gk_store_close(f);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    *out = f;
    return 1;
}
