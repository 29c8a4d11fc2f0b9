/*
 * contrib.c — the contributions of related departments (see contrib.h).
 */
#include "gyokaku/contrib.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/depts.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/text.h"
#include "store_int.h"

/* The node's departments (own, else nearest ancestor's): id, name, pos. */
static const char depts_sql[] =
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    " SELECT id, parent_id, 0 FROM node WHERE id = ?1"
    " UNION ALL SELECT n.id, n.parent_id, up.depth + 1 FROM node n JOIN up ON n.id = up.parent_id),"
    " owner AS (SELECT up.id FROM up WHERE EXISTS (SELECT 1 FROM node_dept x WHERE x.node_id ="
    " up.id) ORDER BY up.depth LIMIT 1)"
    " SELECT d.id, d.name, row_number() OVER (ORDER BY nd.pos) - 1 FROM owner"
    " JOIN node_dept nd ON nd.node_id = owner.id JOIN dept d ON d.id = nd.dept_id ORDER BY nd.pos";

static int contrib_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    (void)ctx;
    gk_contribution *c = elem;
    c->dept = strdup(gk_stmt_text(st, 0));
    c->text = strdup(gk_stmt_text(st, 1));
    snprintf(c->who, sizeof c->who, "%s", gk_stmt_text(st, 2));
    snprintf(c->at, sizeof c->at, "%s", gk_stmt_text(st, 3));
    return c->dept && c->text ? 0 : -1;
}

int gk_contribution_list(gk_store *s, int64_t node_id, int year, gk_contribution **out, size_t *n,
                         gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (s->version && s->version < GK_SCHEMA_CYCLE) return 0; /* an older file, read-only */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT d.name, c.text, c.who, c.at FROM contribution c JOIN dept d ON d.id = c.dept_id"
        " LEFT JOIN node_dept nd ON nd.node_id = c.node_id AND nd.dept_id = c.dept_id"
        " WHERE c.node_id = ?1 AND c.year = ?2 ORDER BY ifnull(nd.pos, 1000000), d.name",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    if (gk_sql_list(s, st, out, n, sizeof **out, contrib_row, NULL, err) != 0) {
        gk_contribution_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

int gk_contribution_counts(gk_store *s, const char *plan, int year, const char *dept, char **out,
                           gk_error *err)
{
    *out = strdup("");
    if (!*out) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    if (s->version && s->version < GK_SCHEMA_CYCLE) return 0; /* an older file, read-only */
    sqlite3_stmt *st = gk_board_scope(
        s,
        "SELECT d.name, count(*) FROM contribution c JOIN dept d ON d.id = c.dept_id"
        " JOIN node n ON n.id = c.node_id JOIN plan p ON p.id = n.plan_id WHERE c.year = ?1"
        " AND (?2 IS NULL OR p.name = ?2) AND (?3 IS NULL OR d.name = ?3) GROUP BY d.name"
        " ORDER BY d.name",
        year, plan, dept, err);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = gk_stmt_text(st, 0);
        size_t len = strlen(*out), add = strlen(name) + 32;
        char *grown = realloc(*out, len + add);
        if (!grown) break;
        *out = grown;
        snprintf(grown + len, add, "%s%s\t%lld", len ? "\n" : "", name,
                 (long long)sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the contributions"), err);
        return -1;
    }
    return 0;
}

void gk_contribution_list_free(gk_contribution *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].dept);
        free(c[i].text);
    }
    free(c);
}

/* Inside the transaction: the department that writes (*dept_id, its name
 * into name[]), checked against the node's related departments and the
 * user's. Returns 0 or -1 with err. */
static int writer_dept(gk_store *s, const gk_auth *a, int64_t node_id, const char *typed,
                       int64_t *dept_id, char name[512], gk_error *err)
{
    assert(!sqlite3_get_autocommit(s->db) && dept_id && name);
    char *want = NULL;
    if (typed && gk_dept_resolve(s, typed, &want, err) != 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s, depts_sql, err);
    if (!st) {
        free(want);
        return -1;
    }
    sqlite3_bind_int64(st, 1, node_id);
    int rc, matches = 0;
    char lead[512] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *nm = gk_stmt_text(st, 1);
        if (sqlite3_column_int(st, 2) == 0) {
            snprintf(lead, sizeof lead, "%s", nm);
            continue;
        }
        bool mine = a->role == GK_ROLE_OFFICE;
        for (size_t i = 0; !mine && i < a->ndepts; i++)
            mine = a->dept_ids[i] == id;
        if (!mine || (want && strcmp(want, nm) != 0)) continue;
        if (matches++ == 0) {
            *dept_id = id;
            snprintf(name, 512, "%s", nm);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(want);
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    int r = 0;
    if (matches == 0 && want && strcmp(want, lead) == 0)
        gk_error_set(err, _("%s leads this node: it writes 取組状況 itself, not a contribution"),
                     want);
    else if (matches == 0 && a->role == GK_ROLE_NONE)
        gk_error_set(err, _("you (%s) are not a user of this database: read-only"), s->user);
    else if (matches == 0)
        gk_error_set(err, _("none of your departments is a related department of this node"));
    else if (matches > 1)
        gk_error_set(err, _("you work for several related departments of this node: say which "
                            "with --dept"));
    r = matches == 1 ? 0 : -1;
    free(want);
    return r;
}

static int set_tx(gk_store *s, int64_t node_id, int year, const char *dept, const char *text,
                  gk_error *err)
{
    gk_auth a;
    if (gk_auth_load(s, &a, err) != 0) return -1;
    int64_t did = 0;
    char name[512] = "";
    int rc = writer_dept(s, &a, node_id, dept, &did, name, err);
    gk_auth_free(&a);
    if (rc != 0) return -1;
    int lk = gk_auth_locked(s, year, err);
    if (lk != 0) return -1;
    if (gk_plan_year_check_id(s, gk_node_plan_id(s, node_id), year, err) != 0) return -1;
    char uid[33] = "", *old = NULL;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.uid, (SELECT text FROM contribution WHERE node_id = n.id AND year = ?2"
        " AND dept_id = ?3) FROM node n WHERE n.id = ?1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int64(st, 3, did);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 0));
        old = gk_stmt_dup(st, 1);
    }
    sqlite3_finalize(st);
    if (gk_text_eq(old, text)) {
        free(old);
        return 0;
    }
    char now[32];
    gk_now_iso(now);
    st = gk_sql_prepare(s,
                        *text ? "INSERT INTO contribution(node_id, year, dept_id, text, who, at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (node_id, year,"
                                " dept_id) DO UPDATE SET text = ?4, who = ?5, at = ?6"
                              : "DELETE FROM contribution WHERE node_id = ?1 AND year = ?2"
                                " AND dept_id = ?3",
                        err);
    if (!st) {
        free(old);
        return -1;
    }
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int64(st, 3, did);
    if (*text) {
        sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, s->user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    }
    rc = gk_sql_run(s, st, _("cannot save the contribution"), err);
    if (rc == 0) rc = gk_history_add(s, "contribution", uid, name, old, *text ? text : NULL, err);
    free(old);
    return rc;
}

int gk_contribution_set(gk_store *s, int64_t node_id, int year, const char *dept, const char *text,
                        gk_error *err)
{
    char *full = gk_kana_fullwidth(text ? text : ""); /* 半角カナ as 全角 */
    if (!full) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    int rc = gk_store_begin(s, err);
    if (rc == 0 && set_tx(s, node_id, year, dept, full, err) != 0) {
        gk_store_rollback(s);
        rc = -1;
    }
    free(full);
    return rc == 0 ? gk_store_commit(s, err) : -1;
}
