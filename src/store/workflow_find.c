/*
 * workflow_find.c — naming a node as a user types it: its path A>B>C, a
 * node found by uid, path or title (with near matches when none and the
 * candidates when several), and the year the workflow commands use
 * (workflow.h).
 */
#include "gyokaku/workflow.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "store_int.h"

char *gk_node_path(gk_store *s, int64_t node_id)
{
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_NODE_PATH,
        "WITH RECURSIVE up(id, parent_id, title, depth) AS (SELECT id, parent_id, title, 0 FROM"
        " node WHERE id = ?1 UNION ALL SELECT n.id, n.parent_id, n.title, up.depth + 1 FROM node n"
        " JOIN up ON n.id = up.parent_id)"
        " SELECT group_concat(title, '>') FROM (SELECT title FROM up ORDER BY depth DESC)",
        NULL);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, node_id);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        out = strdup(gk_stmt_text(st, 0));
    gk_sql_release(s, st);
    return out;
}

static bool is_uid(const char *t)
{
    return strlen(t) == 32 && strspn(t, "0123456789abcdef") == 32;
}

/* Splits spec at '>' / '＞' into trimmed parts (in buf). Returns the count. */
static size_t split_path(const char *spec, char *buf, size_t n, char **parts, size_t max)
{
    snprintf(buf, n, "%s", spec);
    size_t k = 0;
    char *p = buf;
    while (k < max) {
        char *gt = strchr(p, '>'), *fw = strstr(p, "＞");
        char *end = gt && (!fw || gt < fw) ? gt : fw;
        size_t skip = end == gt ? 1 : strlen("＞");
        if (end) *end = '\0';
        while (*p == ' ')
            p++;
        size_t len = strlen(p);
        while (len && p[len - 1] == ' ')
            p[--len] = '\0';
        parts[k++] = p;
        if (!end) break;
        p = end + skip;
    }
    return k;
}

static int ambiguous(gk_store *s, const char *spec, const int64_t *ids, size_t n, gk_error *err)
{
    char list[700] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && i < 4; i++) {
        char *p = gk_node_path(s, ids[i]);
        int w = snprintf(list + len, sizeof list - len, "%s%s", i ? "; " : "", p ? p : "?");
        free(p);
        if (w < 0 || (size_t)w >= sizeof list - len) break;
        len += (size_t)w;
    }
    gk_error_set(err, _("\"%s\" names %zu nodes (%s%s); give its path A>B>C or its uid"), spec, n,
                 list, n > 4 ? " …" : "");
    return -1;
}

/* When nothing matches spec: up to four nodes whose title holds the first
 * three characters of its last level after the leading mark ("② 時間外…"
 * → 時間外), as "; did you mean: A>B>C; …" into buf ("" when none). */
static void near_matches(gk_store *s, const char *plan, const char *spec, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *last = spec, *gt;
    while ((gt = strstr(last, ">")) || (gt = strstr(last, "＞")))
        last = gt + (*gt == '>' ? 1 : 3);
    const char *sp = strchr(last, ' '), *wsp = strstr(last, "\u3000");
    if (wsp && (!sp || wsp < sp)) sp = wsp + 2;
    if (sp && sp[1]) last = sp + 1;
    char key[16];
    size_t k = 0;
    for (int chars = 0; last[k] && k < sizeof key - 4 && chars < 3; chars++) {
        k++;
        while (((unsigned char)last[k] & 0xC0) == 0x80)
            k++;
    }
    memcpy(key, last, k);
    key[k] = '\0';
    if (!k) return;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.id FROM node n JOIN plan p ON p.id = n.plan_id WHERE instr(n.title, ?1) > 0"
        " AND (?2 IS NULL OR p.name = ?2) AND n.kind IN ('item', 'indicator') ORDER BY n.tkey"
        " LIMIT 4",
        NULL);
    if (!st) return;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    gk_sql_bind_text(st, 2, plan);
    size_t len = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *path = gk_node_path(s, sqlite3_column_int64(st, 0));
        int w = snprintf(buf + len, n - len, "%s%s", len ? "; " : _("; did you mean: "),
                         path ? path : "?");
        free(path);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    sqlite3_finalize(st);
}

/* The nodes at path spec (A>B>C, or ＞), from a top node of plan (NULL:
 * any plan) down by title: into *cand / *nc. */
static int find_by_path(gk_store *s, const char *plan, const char *spec, int64_t **cand, size_t *nc,
                        gk_error *err)
{
    sqlite3_stmt *st;
    char buf[2048], *parts[16];
    size_t np = split_path(spec, buf, sizeof buf, parts, 16);
    assert(np >= 1 && np <= 16); /* split_path gives at least the whole spec */
    st = gk_sql_prepare(s,
                        "SELECT n.id FROM node n JOIN plan p ON p.id = n.plan_id WHERE"
                        " n.parent_id IS NULL AND n.title = ?1 AND (?2 IS NULL OR p.name = ?2)"
                        " ORDER BY p.pos, n.pos",
                        err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, parts[0], -1, SQLITE_STATIC);
    gk_sql_bind_text(st, 2, plan);
    if (gk_sql_collect_ids(s, st, cand, nc, err) != 0) return -1;
    for (size_t k = 1; k < np && *nc; k++) {
        int64_t *next = NULL;
        size_t nn = 0;
        for (size_t c = 0; c < *nc; c++) {
            st = gk_sql_prepare(s, "SELECT id FROM node WHERE parent_id = ?1 AND title = ?2", err);
            if (!st) break;
            sqlite3_bind_int64(st, 1, (*cand)[c]);
            sqlite3_bind_text(st, 2, parts[k], -1, SQLITE_STATIC);
            int64_t *got;
            size_t ng;
            if (gk_sql_collect_ids(s, st, &got, &ng, err) != 0) break;
            int64_t *g = ng ? realloc(next, (nn + ng) * sizeof *g) : next;
            if (g) {
                next = g;
                memcpy(next + nn, got, ng * sizeof *got);
                nn += ng;
            }
            free(got);
        }
        free(*cand);
        *cand = next;
        *nc = nn;
    }
    return 0;
}

int gk_node_find(gk_store *s, const char *plan, const char *spec, int64_t *id, gk_error *err)
{
    assert(spec && id);
    if (gk_plan_id(s, plan, err) < 0) return -1;
    int64_t *cand = NULL;
    size_t nc = 0;
    sqlite3_stmt *st;
    if (is_uid(spec)) {
        st = gk_sql_prepare(s,
                            "SELECT n.id FROM node n JOIN plan p ON p.id = n.plan_id"
                            " WHERE n.uid = ?1 AND (?2 IS NULL OR p.name = ?2)",
                            err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
        gk_sql_bind_text(st, 2, plan);
        if (gk_sql_collect_ids(s, st, &cand, &nc, err) != 0) return -1;
    }
    if (nc == 0 && (strchr(spec, '>') || strstr(spec, "＞"))) {
        if (find_by_path(s, plan, spec, &cand, &nc, err) != 0) return -1;
    } else if (nc == 0) {
        st = gk_sql_prepare(s,
                            "SELECT n.id FROM node n JOIN plan p ON p.id = n.plan_id"
                            " WHERE n.title = ?1 AND (?2 IS NULL OR p.name = ?2) ORDER BY p.pos,"
                            " n.pos",
                            err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
        gk_sql_bind_text(st, 2, plan);
        if (gk_sql_collect_ids(s, st, &cand, &nc, err) != 0) return -1;
    }
    int rc = 0;
    if (nc == 1)
        *id = cand[0];
    else if (nc == 0) {
        char near[700];
        near_matches(s, plan, spec, near, sizeof near);
        gk_error_set(err, plan ? _("no node \"%s\" in plan \"%s\"%s") : _("no node \"%s\"%s%s"),
                     spec, plan ? plan : "", near);
        rc = -1;
    } else
        rc = ambiguous(s, spec, cand, nc, err);
    free(cand);
    return rc;
}

int gk_workflow_default_year(gk_store *s, const char *plan, gk_error *err)
{
    int year;
    return gk_plan_report_year_named(s, plan, &year, NULL, err) == 0 ? year : -1;
}
