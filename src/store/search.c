/*
 * search.c — the search of the main screen over text folded when it is
 * written: node.folded holds gk_fold(title LF notes) and node.tkey the
 * node's place in tree order (db/schema.sql, version 4). Triggers set
 * folded to NULL when a node or a note changes; gk_search_refresh folds
 * those rows again before every commit of the store (store.c), so that a
 * search reads stored text and folds nothing but what another program
 * changed behind gyokaku's back. On an older file opened read-only (not
 * upgraded) the same search computes the tree order and folds as it goes.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/browse.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

/* A node's notes of every year, joined as the folded text has them. */
#define NOTES_OF(n)                                                                                \
    "(SELECT group_concat(ifnull(status, '') || char(10) || ifnull(next_plan, ''), char(10))"      \
    " FROM note WHERE node_id = " n ")"

/* Folds "title LF notes" into a malloc'd text, NULL when out of memory. */
static char *fold_node(const char *title, const char *notes)
{
    size_t a = strlen(title), b = strlen(notes);
    char *joined = malloc(a + b + 2);
    if (!joined) return NULL;
    memcpy(joined, title, a);
    joined[a] = '\n';
    memcpy(joined + a + 1, notes, b + 1);
    char *f = gk_fold(joined);
    free(joined);
    return f;
}

int gk_search_refresh(gk_store *s, gk_error *err)
{
    if (s->version < GK_SCHEMA_SEARCH) return 0;
    enum { BATCH = 256 };
    for (;;) {
        /* in batches: the rows found through node_stale leave it as they
         * are written, which a running scan of that index must not see */
        sqlite3_stmt *st =
            gk_sql_cached(s, GK_ST_STALE,
                          "SELECT n.id, n.title, " NOTES_OF(
                              "n.id") " FROM node n WHERE n.folded IS NULL LIMIT 256",
                          err);
        if (!st) return -1;
        int64_t ids[BATCH];
        char *texts[BATCH];
        int n = 0, rc;
        while (n < BATCH && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            ids[n] = sqlite3_column_int64(st, 0);
            texts[n] = fold_node(gk_col_text(st, 1), gk_col_text(st, 2));
            if (!texts[n]) {
                rc = SQLITE_NOMEM;
                break;
            }
            n++;
        }
        if (n == BATCH) rc = SQLITE_DONE;
        gk_sql_release(s, st); /* reset: the scan ends before the writes */
        int r = gk_sql_step_done(s, rc, err);
        sqlite3_stmt *up = r == 0 ? gk_sql_cached(s, GK_ST_FOLDED,
                                                  "UPDATE node SET folded = ?2 WHERE id = ?1", err)
                                  : NULL;
        if (r == 0 && !up) r = -1;
        for (int i = 0; i < n; i++) {
            if (r == 0) {
                sqlite3_bind_int64(up, 1, ids[i]);
                sqlite3_bind_text(up, 2, texts[i], -1, SQLITE_STATIC);
                if (sqlite3_step(up) != SQLITE_DONE) {
                    gk_sql_error(s, sqlite3_errcode(s->db), _("cannot save the search text"), err);
                    r = -1;
                }
                sqlite3_reset(up);
            }
            free(texts[i]);
        }
        gk_sql_release(s, up);
        if (r != 0) return -1;
        if (n < BATCH) return 0;
    }
}

/* The rows of a plan from key lo to key hi (tree order, ascending or
 * descending) that may match ?4: id, folded text (NULL: fold title and
 * notes here), title, notes. */
#define SCAN_NEW(order)                                                                            \
    "SELECT n.id, n.folded, n.title, CASE WHEN n.folded IS NULL THEN " NOTES_OF(                   \
        "n.id") " END"                                                                             \
                " FROM node n WHERE n.plan_id = ?1 AND n.tkey BETWEEN ?2 AND ?3"                   \
                " AND (n.folded IS NULL OR instr(n.folded, ?4) > 0) ORDER BY n.tkey " order
#define SCAN_OLD(order)                                                                            \
    "WITH RECURSIVE t(id, k) AS (SELECT id, printf('%08x', pos) FROM node"                         \
    "  WHERE plan_id = ?1 AND parent_id IS NULL"                                                   \
    " UNION ALL SELECT n.id, t.k || printf('%08x', n.pos) FROM node n JOIN t"                      \
    "  ON n.parent_id = t.id)"                                                                     \
    " SELECT n.id, NULL, n.title, " NOTES_OF(                                                      \
        "n.id") " FROM t JOIN node n ON n.id = t.id"                                               \
                " WHERE t.k BETWEEN ?2 AND ?3 AND ?4 IS NOT NULL ORDER BY t.k " order

static const char KEY_MIN[] = "", KEY_MAX[] = "g"; /* below and above every key (hex) */

/* The first node of plan between lo and hi (in direction dir) whose folded
 * text holds q, other than skip: 1 with *found, 0 none, -1 with err. */
static int scan(gk_store *s, int64_t plan, const char *lo, const char *hi, int dir, int64_t skip,
                const char *q, int64_t *found, gk_error *err)
{
    bool stored = s->version >= GK_SCHEMA_SEARCH;
    const char *sql = stored ? (dir > 0 ? SCAN_NEW("ASC") : SCAN_NEW("DESC"))
                             : (dir > 0 ? SCAN_OLD("ASC") : SCAN_OLD("DESC"));
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan);
    sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, q, -1, SQLITE_STATIC);
    int rc, hit = 0;
    while (!hit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id == skip) continue;
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
            hit = 1; /* instr() found it */
        } else {
            char *f = fold_node(gk_col_text(st, 2), gk_col_text(st, 3));
            if (!f) {
                rc = SQLITE_NOMEM;
                break;
            }
            hit = strstr(f, q) != NULL;
            free(f);
        }
        if (hit) *found = id;
    }
    sqlite3_finalize(st);
    if (hit) return 1;
    return gk_sql_step_done(s, rc, err) == 0 ? 0 : -1;
}

/* The tree-order key of node id and its plan (computed from the
 * ancestors, so that it reads the same on every schema version). */
static int key_of(gk_store *s, int64_t id, char key[128], int64_t *plan, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH RECURSIVE up(id, parent, k) AS (SELECT id, parent_id, printf('%08x', pos)"
        "  FROM node WHERE id = ?1"
        " UNION ALL SELECT n.id, n.parent_id, printf('%08x', n.pos) || up.k FROM node n JOIN up"
        "  ON n.id = up.parent)"
        " SELECT up.k, n.plan_id FROM up JOIN node n ON n.id = up.id WHERE up.parent IS NULL",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    key[0] = '\0';
    if (rc == SQLITE_ROW) {
        snprintf(key, 128, "%s", gk_col_text(st, 0));
        *plan = sqlite3_column_int64(st, 1);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc, err);
}

int gk_browse_search_next(gk_store *s, const char *folded, int64_t plan_id, int64_t from, int dir,
                          bool inclusive, int64_t *found_plan, int64_t *found, gk_error *err)
{
    *found = 0;
    *found_plan = 0;
    char cur[128] = "";
    if (from > 0 && key_of(s, from, cur, &plan_id, err) != 0) return -1;
    if (!*cur) from = 0; /* gone meanwhile: from the plan's top */
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM plan ORDER BY pos, id", err);
    int64_t *plans = NULL;
    size_t np = 0;
    if (!st || gk_sql_collect_ids(s, st, &plans, &np, err) != 0) return -1;
    size_t c = 0;
    while (c < np && plans[c] != plan_id)
        c++;
    if (c == np) c = 0, from = 0;
    int r = 0;
    int64_t skip = inclusive ? 0 : from;
    /* a search that finds nothing reads every node once: through a small
     * page cache, so that it leaves no more memory held than a short one
     * (the connection's own is put back) */
    sqlite3_exec(s->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
    /* the rest of this plan, the other plans in turn, then this plan's start */
    if (np > 0) {
        if (from > 0)
            r = dir > 0 ? scan(s, plans[c], cur, KEY_MAX, 1, skip, folded, found, err)
                        : scan(s, plans[c], KEY_MIN, cur, -1, skip, folded, found, err);
        else if (dir > 0)
            r = scan(s, plans[c], KEY_MIN, KEY_MAX, 1, 0, folded, found, err);
        for (size_t j = 1; r == 0 && j < np; j++) {
            size_t p = dir > 0 ? (c + j) % np : (c + np - j) % np;
            r = scan(s, plans[p], KEY_MIN, KEY_MAX, dir, 0, folded, found, err);
            if (r == 1) c = p;
        }
        if (r == 0 && (from > 0 || dir < 0))
            r = from == 0 ? scan(s, plans[c], KEY_MIN, KEY_MAX, -1, 0, folded, found, err)
                : dir > 0 ? scan(s, plans[c], KEY_MIN, cur, 1, 0, folded, found, err)
                          : scan(s, plans[c], cur, KEY_MAX, -1, 0, folded, found, err);
    }
    sqlite3_exec(s->db, "PRAGMA cache_size = " GK_CACHE_SIZE, NULL, NULL, NULL);
    if (r == 1) *found_plan = plans[c];
    free(plans);
    return r < 0 ? -1 : r == 1 ? 0 : 1;
}
