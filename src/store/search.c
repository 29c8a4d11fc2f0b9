/*
 * search.c — the search of the main screen over text folded when it is
 * written: node.folded holds gk_fold(title LF notes) and node.tkey the
 * node's place in tree order (db/schema.sql, version 4). Triggers set
 * folded to NULL when a node or a note changes; gk_search_refresh folds
 * those rows again before every commit of the store (store.c), so that a
 * search reads stored text and folds nothing but what another program
 * changed behind gyokaku's back. On an older file opened read-only (not
 * upgraded) the same search computes the tree order and folds as it goes.
 *
 * From version 9 the trigram index node_fts (db/schema.sql) answers first
 * whether any node may hold the query at all: a query of three characters
 * or more through its trigrams (ANDed: detail=none keeps no positions),
 * one of one or two characters through the index's vocabulary (every
 * indexed text ends in char(1, 1), so each of its one- and two-character
 * substrings starts a trigram). "No" ends the search at once; otherwise
 * the scan below runs as before, restricted to the index's candidates
 * when there are trigrams and few candidates, and instr() decides: same
 * matches, same order.
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

/* Runs the cached statement `which` (sql) to its end: 0 or -1 with err. */
static int run_cached(gk_store *s, gk_stmt which, const char *sql, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(s, which, sql, err);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    gk_sql_release(s, st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    gk_sql_error(s, rc, _("cannot save the search text"), err);
    return -1;
}

/* Steps the cached statement st, bound to (id, text), once: 0 or -1 with err. */
static int write_text(gk_store *s, sqlite3_stmt *st, int64_t id, const char *text, gk_error *err)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return 0;
    gk_sql_error(s, sqlite3_errcode(s->db), _("cannot save the search text"), err);
    return -1;
}

/* Takes the texts nodes left (node_fts_gone, filled by the triggers) out
 * of node_fts, one row per statement: *any tells whether there were any,
 * for clear_gone. 0 or -1 with err. */
static int unindex_gone(gk_store *s, bool *any, gk_error *err)
{
    *any = false;
    sqlite3_stmt *st =
        gk_sql_cached(s, GK_ST_FTS_GONE, "SELECT id, t || char(1, 1) FROM node_fts_gone", err);
    if (!st) return -1;
    sqlite3_stmt *del = NULL;
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *any = true;
        if (!del)
            del = gk_sql_cached(
                s, GK_ST_FTS_DEL,
                "INSERT INTO node_fts(node_fts, rowid, t) VALUES ('delete', ?1, ?2)", err);
        r = del ? write_text(s, del, sqlite3_column_int64(st, 0), gk_stmt_text(st, 1), err) : -1;
    }
    gk_sql_release(s, st);
    gk_sql_release(s, del);
    return r != 0 ? -1 : gk_sql_step_done(s, rc, err);
}

static int clear_gone(gk_store *s, gk_error *err)
{
    return run_cached(s, GK_ST_FTS_GONE_CLR, "DELETE FROM node_fts_gone", err);
}

/* In the order that costs FTS5 least: it writes what it holds in memory to
 * the file as a new segment at the start and the end of every statement
 * savepoint (a statement with triggers, or INSERT ... SELECT, opens one),
 * so the writes of node (whose triggers open one) come first, then the old
 * texts out and the new texts in, each by a single-row INSERT ... VALUES
 * (which opens none), and the list of old texts emptied last: FTS5 writes
 * one segment at the commit instead of two or three during the refresh.
 * A save that changes one note: 0.31 M -> 0.14 M instructions here. */
int gk_search_refresh(gk_store *s, gk_error *err)
{
    if (s->version < GK_SCHEMA_SEARCH) return 0;
    bool fts = s->version >= GK_SCHEMA_FTS, unindexed = false, gone = false;
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
            texts[n] = fold_node(gk_stmt_text(st, 1), gk_stmt_text(st, 2));
            if (!texts[n]) {
                rc = SQLITE_NOMEM;
                break;
            }
            n++;
        }
        if (n == BATCH) rc = SQLITE_DONE;
        gk_sql_release(s, st); /* reset: the scan ends before the writes */
        int r = gk_sql_step_done(s, rc, err);
        sqlite3_stmt *up =
            r == 0 && n
                ? gk_sql_cached(s, GK_ST_FOLDED, "UPDATE node SET folded = ?2 WHERE id = ?1", err)
                : NULL;
        if (r == 0 && n && !up) r = -1;
        for (int i = 0; r == 0 && i < n; i++)
            r = write_text(s, up, ids[i], texts[i], err);
        gk_sql_release(s, up);
        /* the old texts out of node_fts before the first new one goes in (a
         * node folded here had its old text, if any, listed by the
         * triggers; writing folded from NULL lists nothing) */
        if (r == 0 && fts && !unindexed) {
            unindexed = true;
            r = unindex_gone(s, &gone, err);
        }
        sqlite3_stmt *add = r == 0 && fts && n ? gk_sql_cached(s, GK_ST_FTS_ADD,
                                                               "INSERT INTO node_fts(rowid, t)"
                                                               " VALUES (?1, ?2 || char(1, 1))",
                                                               err)
                                               : NULL;
        if (r == 0 && fts && n && !add) r = -1;
        for (int i = 0; r == 0 && add && i < n; i++)
            r = write_text(s, add, ids[i], texts[i], err);
        gk_sql_release(s, add);
        for (int i = 0; i < n; i++)
            free(texts[i]);
        if (r != 0) return -1;
        if (n < BATCH) return gone ? clear_gone(s, err) : 0;
    }
}

int gk_search_fold_nodes(gk_store *s, const int64_t *ids, size_t n, gk_error *err)
{
    if (s->version && s->version < GK_SCHEMA_SEARCH) return 0;
    sqlite3_stmt *get =
        gk_sql_prepare(s, "SELECT n.title, " NOTES_OF("n.id") " FROM node n WHERE n.id = ?1", err);
    sqlite3_stmt *up =
        get ? gk_sql_prepare(s, "UPDATE node SET folded = ?2 WHERE id = ?1", err) : NULL;
    int r = up ? 0 : -1;
    for (size_t i = 0; r == 0 && i < n; i++) {
        sqlite3_reset(get);
        sqlite3_bind_int64(get, 1, ids[i]);
        int rc = sqlite3_step(get);
        if (rc != SQLITE_ROW) {
            r = gk_sql_step_done(s, rc == SQLITE_DONE ? SQLITE_DONE : rc, err);
            continue; /* (not there: nothing to fold) */
        }
        char *text = fold_node(gk_stmt_text(get, 0), gk_stmt_text(get, 1));
        if (!text) {
            gk_error_set(err, _("out of memory"));
            r = -1;
            break;
        }
        r = write_text(s, up, ids[i], text, err);
        free(text);
    }
    sqlite3_finalize(get);
    sqlite3_finalize(up);
    return r;
}

/* The rows of a plan from key lo to key hi (tree order, ascending or
 * descending) that may match ?4: id, folded text (NULL: fold title and
 * notes here), title, notes. */
#define SCAN_NEW(order)                                                                            \
    "SELECT n.id, n.folded, n.title, CASE WHEN n.folded IS NULL THEN " NOTES_OF(                   \
        "n.id") " END"                                                                             \
                " FROM node n WHERE n.plan_id = ?1 AND n.tkey BETWEEN ?2 AND ?3"                   \
                " AND (n.folded IS NULL OR instr(n.folded, ?4) > 0) ORDER BY n.tkey " order
/* The same, only among node_fts's candidates for ?5 (trigrams ANDed). */
#define SCAN_FTS(order)                                                                            \
    "SELECT n.id, n.folded, n.title, CASE WHEN n.folded IS NULL THEN " NOTES_OF(                   \
        "n.id") " END"                                                                             \
                " FROM node n WHERE n.plan_id = ?1 AND n.tkey BETWEEN ?2 AND ?3"                   \
                " AND (n.folded IS NULL OR (instr(n.folded, ?4) > 0 AND n.id IN"                   \
                " (SELECT rowid FROM node_fts WHERE node_fts MATCH ?5))) ORDER BY n.tkey " order
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
 * text holds q, other than skip: 1 with *found, 0 none, -1 with err. With
 * match (node_fts's query for q, or NULL), only among its candidates. */
static int scan(gk_store *s, int64_t plan, const char *lo, const char *hi, int dir, int64_t skip,
                const char *q, const char *match, int64_t *found, gk_error *err)
{
    bool stored = s->version >= GK_SCHEMA_SEARCH;
    const char *sql = match    ? (dir > 0 ? SCAN_FTS("ASC") : SCAN_FTS("DESC"))
                      : stored ? (dir > 0 ? SCAN_NEW("ASC") : SCAN_NEW("DESC"))
                               : (dir > 0 ? SCAN_OLD("ASC") : SCAN_OLD("DESC"));
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan);
    sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, q, -1, SQLITE_STATIC);
    if (match) sqlite3_bind_text(st, 5, match, -1, SQLITE_STATIC);
    int rc, hit = 0;
    while (!hit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id == skip) continue;
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
            hit = 1; /* instr() found it */
        } else {
            char *f = fold_node(gk_stmt_text(st, 2), gk_stmt_text(st, 3));
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

/* node_fts's query for q of n >= 3 characters: its n - 2 trigrams, each
 * a quoted string ("" for "), ANDed. malloc'd; NULL when out of memory. */
static char *trigram_query(const char *q)
{
    /* at most one trigram per byte, each at most 13 bytes more than the
     * bytes of its characters: quotes doubled, two quotes, " AND " */
    size_t len = strlen(q), cap = len * 14 + 16, k = 0;
    char *m = malloc(cap);
    if (!m) return NULL;
    for (const char *p = q; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue; /* a trigram starts at each character */
        const char *e = p;
        int chars = 0;
        while (*e && chars < 3) {
            e++;
            while ((*e & 0xC0) == 0x80)
                e++;
            chars++;
        }
        if (chars < 3) break;
        if (k) k += (size_t)snprintf(m + k, cap - k, " AND ");
        m[k++] = '"';
        for (const char *c = p; c < e; c++) {
            if (*c == '"') m[k++] = '"';
            m[k++] = *c;
        }
        m[k++] = '"';
    }
    m[k] = '\0';
    return m;
}

/* Up to how many candidates of node_fts the scan reads only them. */
#define FEW 512
#define FEW_SQL "512"

/* Whether node_fts says no node's folded text holds q: 0 when none does
 * (nothing to scan), 1 when some may (*match: the trigram query the scan
 * is to restrict itself to, or NULL: a query under three characters or
 * many candidates), -1 with err. On a file without the index, or with
 * nodes still to fold (their text is not in it), always 1 without a
 * match. */
static int index_says(gk_store *s, const char *q, char **match, gk_error *err)
{
    *match = NULL;
    if (s->version < GK_SCHEMA_FTS || !*q) return 1;
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT EXISTS (SELECT 1 FROM node WHERE folded IS NULL)", err);
    if (!st) return -1;
    int rc = sqlite3_step(st), stale = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return gk_sql_step_done(s, rc, err) == 0 ? 1 : -1;
    if (stale) return 1;
    size_t chars = 0, len = strlen(q);
    for (const char *p = q; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    char *hi = NULL;
    if (chars >= 3) {
        if (!(*match = trigram_query(q))) {
            gk_error_set(err, _("out of memory"));
            return -1;
        }
        /* the candidates, counted up to FEW: none, no match; a few, the
         * scan reads only them; many, the plain scan (a match is then
         * likely near, and a list of many would cost more than it saves) */
        st = gk_sql_prepare(s,
                            "SELECT count(*) FROM (SELECT 1 FROM node_fts WHERE node_fts MATCH ?1"
                            " LIMIT " FEW_SQL ")",
                            err);
        if (st) sqlite3_bind_text(st, 1, *match, -1, SQLITE_STATIC);
    } else {
        /* a term of the vocabulary that starts with q: between q and q
         * followed by 0xFF, a byte no UTF-8 text holds */
        if (sqlite3_exec(s->db,
                         "CREATE VIRTUAL TABLE IF NOT EXISTS temp.gk_fts_terms"
                         " USING fts5vocab(main, node_fts, row)",
                         NULL, NULL, NULL) != SQLITE_OK) {
            gk_sql_error(s, sqlite3_errcode(s->db), _("cannot read the database"), err);
            return -1;
        }
        if (!(hi = malloc(len + 2))) {
            gk_error_set(err, _("out of memory"));
            return -1;
        }
        memcpy(hi, q, len);
        hi[len] = (char)0xFF;
        hi[len + 1] = '\0';
        st = gk_sql_prepare(
            s, "SELECT 1 FROM temp.gk_fts_terms WHERE term >= ?1 AND term < ?2 LIMIT 1", err);
        if (st) {
            sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
        }
    }
    if (!st) {
        free(hi);
        free(*match);
        *match = NULL;
        return -1;
    }
    rc = sqlite3_step(st);
    int count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    free(hi);
    if (rc == SQLITE_ROW && (!*match || count > 0)) {
        if (count >= FEW) {
            free(*match);
            *match = NULL;
        }
        return 1;
    }
    free(*match);
    *match = NULL;
    if (rc == SQLITE_ROW) return 0; /* no candidate */
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
        snprintf(key, 128, "%s", gk_stmt_text(st, 0));
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
    char *match = NULL;
    int may = index_says(s, folded, &match, err);
    if (may <= 0) return may < 0 ? -1 : 1;
    char cur[128] = "";
    if (from > 0 && key_of(s, from, cur, &plan_id, err) != 0) {
        free(match);
        return -1;
    }
    if (!*cur) from = 0; /* gone meanwhile: from the plan's top */
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM plan ORDER BY pos, id", err);
    int64_t *plans = NULL;
    size_t np = 0;
    if (!st || gk_sql_collect_ids(s, st, &plans, &np, err) != 0) {
        free(match);
        return -1;
    }
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
            r = dir > 0 ? scan(s, plans[c], cur, KEY_MAX, 1, skip, folded, match, found, err)
                        : scan(s, plans[c], KEY_MIN, cur, -1, skip, folded, match, found, err);
        else if (dir > 0)
            r = scan(s, plans[c], KEY_MIN, KEY_MAX, 1, 0, folded, match, found, err);
        for (size_t j = 1; r == 0 && j < np; j++) {
            size_t p = dir > 0 ? (c + j) % np : (c + np - j) % np;
            r = scan(s, plans[p], KEY_MIN, KEY_MAX, dir, 0, folded, match, found, err);
            if (r == 1) c = p;
        }
        if (r == 0 && (from > 0 || dir < 0))
            r = from == 0 ? scan(s, plans[c], KEY_MIN, KEY_MAX, -1, 0, folded, match, found, err)
                : dir > 0 ? scan(s, plans[c], KEY_MIN, cur, 1, 0, folded, match, found, err)
                          : scan(s, plans[c], cur, KEY_MAX, -1, 0, folded, match, found, err);
    }
    sqlite3_exec(s->db, "PRAGMA cache_size = " GK_CACHE_SIZE, NULL, NULL, NULL);
    if (r == 1) *found_plan = plans[c];
    free(plans);
    free(match);
    return r < 0 ? -1 : r == 1 ? 0 : 1;
}
