/*
 * workflow_board.c — the submission board (workflow.h): counts per
 * department and state, the nodes in chosen states, the supervisor's queue
 * in the tree, and who submitted, returned and approved a node.
 *
 * One query, BOARD_BASE, gives every node that is entered on (items and
 * indicators that are no container) with its state (workflow_int.h
 * STATE_SQL) and its main department; every function here filters it.
 */
#include "gyokaku/workflow.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/depts.h"
#include "gyokaku/i18n.h"
#include "gyokaku/node.h"
#include "gyokaku/plan.h"
#include "gyokaku/progress.h"
#include "store_int.h"
#include "workflow_int.h"

/* The main department of node n: its own, else its nearest ancestor's. */
#define MAIN_DEPT_SQL                                                                              \
    "COALESCE((SELECT dept_id FROM node_dept WHERE node_id = n.id ORDER BY pos LIMIT 1),"          \
    " (SELECT dept_id FROM node_dept WHERE node_id = n.parent_id ORDER BY pos LIMIT 1),"           \
    " (SELECT nd.dept_id FROM node_dept nd JOIN node a ON a.parent_id = nd.node_id"                \
    " WHERE a.id = n.parent_id ORDER BY nd.pos LIMIT 1),"                                          \
    " (SELECT nd.dept_id FROM node_dept nd JOIN node b ON b.parent_id = nd.node_id"                \
    " JOIN node a ON a.parent_id = b.id WHERE a.id = n.parent_id ORDER BY nd.pos LIMIT 1))"

#define BOARD_BASE                                                                                 \
    "WITH b AS (SELECT n.id, n.uid, n.kind, p.pos AS ppos, n.pos AS npos, " MAIN_DEPT_SQL          \
    " AS dept_id, " STATE_SQL("?1") " AS st, o.comment AS comment, o.uid AS nuid, " GK_SQL_ENDED(  \
        "n") " AS ended FROM node n JOIN plan p ON p.id = n.plan_id"                               \
             " LEFT JOIN note o ON o.node_id = n.id AND o.year = ?1 WHERE n.kind IN ('item', "     \
             "'indicator')"                                                                        \
             " AND NOT " GK_SQL_CONTAINER("n") " AND (?2 IS NULL OR p.name = ?2))"

/* A container item (progress.h) is no row of b: its indicators are.
 * The rows of b the board counts: an ended item (progress.h) or an indicator
 * of one is left out while nothing is saved for it (it needs no entry, so
 * it is never missing); once entered it moves through the workflow as any. */
#define BOARD_COUNTED " NOT (b.ended AND b.st = " WS_SQL_EMPTY ")"

sqlite3_stmt *gk_board_scope(gk_store *s, const char *sql, int year, const char *plan,
                             const char *dept, gk_error *err)
{
    assert(sql);
    if (gk_plan_id(s, plan, err) < 0) return NULL;
    char *name = NULL; /* as typed: without its 部 when unique (depts.h) */
    if (dept && *dept && gk_dept_resolve(s, dept, &name, err) != 0) return NULL;
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (st) {
        sqlite3_bind_int(st, 1, year);
        gk_sql_bind_text(st, 2, plan);
        gk_sql_bind_text(st, 3, name);
    }
    free(name);
    return st;
}

int gk_board(gk_store *s, const char *plan, int year, const char *dept, gk_board_row **out,
             size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st =
        gk_board_scope(s,
                       BOARD_BASE " SELECT ifnull(d.name, '') AS dn, b.kind, b.st,"
                                  " count(*) FROM b LEFT JOIN dept d ON d.id ="
                                  " b.dept_id WHERE (?3 IS NULL OR d.name = ?3) AND" BOARD_COUNTED
                                  " GROUP BY 1, 2, 3 ORDER BY dn = '', dn",
                       year, plan, dept, err);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = gk_stmt_text(st, 0);
        if (*n == 0 || strcmp((*out)[*n - 1].dept, d) != 0) {
            gk_board_row *g = realloc(*out, (*n + 1) * sizeof *g);
            if (!g) break;
            *out = g;
            memset(&g[*n], 0, sizeof *g);
            g[*n].dept = strdup(d);
            (*n)++;
        }
        gk_board_row *r = &(*out)[*n - 1];
        int ws = sqlite3_column_int(st, 2);
        assert(ws >= 0 && ws < GK_WS_COUNT); /* STATE_SQL gives 0..4 */
        if (ws < 0 || ws >= GK_WS_COUNT) continue;
        long c = sqlite3_column_int64(st, 3);
        if (gk_node_kind_from_name(gk_stmt_text(st, 1)) == GK_NODE_ITEM)
            r->items[ws] += c;
        else
            r->indicators[ws] += c;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_board_free(*out, *n);
        *out = NULL;
        *n = 0;
        gk_sql_error(s, rc, _("cannot read the submission board"), err);
        return -1;
    }
    return 0;
}

void gk_board_free(gk_board_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].dept);
    free(rows);
}

/* A node of the board, with its path (ctx: the store). */
static int missing_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_board_node *b = elem;
    b->dept = strdup(gk_stmt_text(st, 0));
    b->kind = strdup(gk_stmt_text(st, 1));
    b->state = (gk_wstate)sqlite3_column_int(st, 2);
    b->path = gk_node_path(ctx, sqlite3_column_int64(st, 3));
    snprintf(b->uid, sizeof b->uid, "%s", gk_stmt_text(st, 4));
    if (b->state == GK_WS_RETURNED) b->comment = strdup(gk_stmt_text(st, 5));
    snprintf(b->who, sizeof b->who, "%s", gk_stmt_text(st, 6));
    snprintf(b->at, sizeof b->at, "%s", gk_stmt_text(st, 7));
    return b->dept && b->kind ? 0 : -1;
}

int gk_board_nodes(gk_store *s, const char *plan, int year, const char *dept, unsigned states,
                   gk_board_node **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_board_scope(
        s,
        BOARD_BASE ", h AS (SELECT b.id AS id, (SELECT max(x.id) FROM history x WHERE x.row_uid ="
                   " b.nuid AND x.field = 'state' AND x.tbl = 'note') AS hid FROM b)"
                   " SELECT ifnull(d.name, ''), b.kind, b.st, b.id,"
                   " b.uid, b.comment, hr.who, hr.at FROM b LEFT JOIN dept d ON d.id ="
                   " b.dept_id JOIN h ON h.id = b.id LEFT JOIN history hr ON hr.id = h.hid"
                   " WHERE (?3 IS NULL OR d.name = ?3)"
                   " AND" BOARD_COUNTED " AND ((?4 >> b.st) & 1) ORDER BY d.name IS NULL, d.name,"
                   " b.ppos, b.npos",
        year, plan, dept, err);
    if (!st) return -1;
    sqlite3_bind_int(st, 4, (int)states);
    if (gk_sql_list(s, st, out, n, sizeof **out, missing_row, s, err) == 0) return 0;
    gk_board_missing_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

int gk_board_missing(gk_store *s, const char *plan, int year, const char *dept, gk_board_node **out,
                     size_t *n, gk_error *err)
{
    return gk_board_nodes(s, plan, year, dept,
                          1u << GK_WS_EMPTY | 1u << GK_WS_ENTERING | 1u << GK_WS_RETURNED, out, n,
                          err);
}

void gk_board_missing_free(gk_board_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(nodes[i].dept);
        free(nodes[i].kind);
        free(nodes[i].path);
        free(nodes[i].comment);
    }
    free(nodes);
}

long gk_returned_to_me(gk_store *s, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        BOARD_BASE " SELECT count(*) FROM b WHERE b.st = " WS_SQL_RETURNED
                   " AND b.dept_id IN (SELECT ud.dept_id"
                   " FROM user_dept ud JOIN app_user u ON u.id = ud.user_id WHERE u.login = ?3)",
        err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, s->user, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0) gk_sql_error(s, rc, _("cannot read the submission board"), err);
    return n;
}

/* --- the supervisor's queue in the tree, and who did what ------------------------------ */

int gk_wstate_node_ids(gk_store *s, int year, unsigned states, int64_t **out, size_t *n,
                       gk_error *err)
{
    *out = NULL;
    *n = 0;
    /* the nodes of the board in one of the states, and their ancestors, so
     * that the tree can show the way down to them */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        /* SQLite needs no RECURSIVE keyword for the recursive up */
        BOARD_BASE
        ", hit(id) AS (SELECT b.id FROM b WHERE" BOARD_COUNTED
        " AND ((?3 >> b.st) & 1)), up(id) AS (SELECT id FROM hit UNION SELECT n.parent_id FROM"
        " node n JOIN up ON n.id = up.id WHERE n.parent_id IS NOT NULL) SELECT id FROM up"
        " ORDER BY 1",
        err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_null(st, 2);
    sqlite3_bind_int(st, 3, (int)states);
    return gk_sql_collect_ids(s, st, out, n, err);
}

int gk_node_wstamps(gk_store *s, int64_t node_id, int year, gk_wstamps *out, gk_error *err)
{
    memset(out, 0, sizeof *out);
    /* the last history row of each kind of state change: submitted, then
     * 差し戻し (back to draft from submitted or approved), then approved */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT CASE WHEN h.new = 'submitted' THEN 0 WHEN h.new = 'approved' THEN 2 ELSE 1 END,"
        " h.who, h.at FROM history h JOIN note o ON h.row_uid = o.uid WHERE o.node_id = ?1"
        " AND o.year = ?2 AND h.tbl = 'note' AND h.field = 'state' AND (h.new IN ('submitted',"
        " 'approved') OR (h.new = 'draft' AND h.old IN ('submitted', 'approved')))"
        " ORDER BY h.id",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int k = sqlite3_column_int(st, 0);
        gk_wstamp *w = k == 0 ? &out->submitted : k == 2 ? &out->approved : &out->returned;
        snprintf(w->who, sizeof w->who, "%s", gk_stmt_text(st, 1));
        snprintf(w->at, sizeof w->at, "%s", gk_stmt_text(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
        return -1;
    }
    return 0;
}
