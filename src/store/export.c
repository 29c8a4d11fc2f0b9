/*
 * export.c — plans out as plan CSV rows (see export.h for the row shapes).
 *
 * The tree order comes from the index of node.tkey (kept for the search)
 * read in order, the title path kept here; with a department filter, or on
 * an older file opened read-only, from one recursive query that carries
 * each node's title path and a sort key made of the positions along it.
 * Series, values and notes: with the index, one statement each per plan in
 * the same order, walked along with the tree; else per node with prepared
 * statements reused for every node.
 */
#include "gyokaku/export.h"
#include "gyokaku/plancsv.h" /* io/: gk_plan_header_accepts */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/node.h"
#include "store_int.h"

static const char tree_sql[] =
    "WITH RECURSIVE" GK_SQL_DEPT_SCOPE
    " t(id, kind, sortkey, goal, policy, item, indicator, inrel) AS ("
    "  SELECT n.id, n.kind, printf('%010d', n.pos),"
    "   CASE n.kind WHEN 'goal' THEN n.title END, CASE n.kind WHEN 'policy' THEN n.title END,"
    "   CASE n.kind WHEN 'item' THEN n.title END, CASE n.kind WHEN 'indicator' THEN n.title END,"
    "   n.id IN rel"
    "  FROM node n WHERE n.plan_id = ?1 AND n.parent_id IS NULL"
    "  UNION ALL"
    "  SELECT n.id, n.kind, t.sortkey || printf('%010d', n.pos),"
    "   CASE n.kind WHEN 'goal' THEN n.title ELSE t.goal END,"
    "   CASE n.kind WHEN 'policy' THEN n.title ELSE t.policy END,"
    "   CASE n.kind WHEN 'item' THEN n.title ELSE t.item END,"
    "   CASE n.kind WHEN 'indicator' THEN n.title ELSE t.indicator END,"
    "   t.inrel OR n.id IN rel"
    "  FROM node n JOIN t ON n.parent_id = t.id)"
    " SELECT t.id, t.kind, t.goal, t.policy, t.item, t.indicator, n.content, n.review, n.unit,"
    "  (SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd"
    "    JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = t.id ORDER BY nd.pos)),"
    "  (SELECT group_concat(name, '、') FROM (SELECT g.name FROM node_tag nt"
    "    JOIN tag g ON g.id = nt.tag_id WHERE nt.node_id = t.id ORDER BY nt.pos))"
    " FROM t JOIN node n ON n.id = t.id"
    " WHERE ?2 IS NULL OR t.inrel OR t.id IN up"
    " ORDER BY t.sortkey";

/* Without a department filter, on a file that has node.tkey (the tree
 * order kept for the search, search.c): the plan's nodes read in that
 * order through the index node_tree, nothing to sort and nothing held;
 * the title path is kept in C (export_ctx.path). Same columns as tree_sql
 * but 2 (title) and 3 (tkey) instead of the path, and without 所管課 and
 * テーマ (depts_keyed_sql, tags_keyed_sql). */
static const char tree_keyed_sql[] =
    "SELECT n.id, n.kind, n.title, n.tkey, NULL, NULL, n.content, n.review, n.unit"
    " FROM node n WHERE n.plan_id = ?1 ORDER BY n.tkey, n.id";

/* With tree_keyed_sql: a plan's 所管課, テーマ, series, values and notes each
 * read by one statement in the same tree order (node.tkey, then id),
 * merged node by node as the tree is walked, instead of statements per
 * node. The columns of series_sql, values_sql and notes_sql (the names for
 * 所管課 and テーマ), then the node's id and tkey. */
static const char depts_keyed_sql[] =
    "SELECT d.name, n.id, n.tkey FROM node n JOIN node_dept nd ON nd.node_id = n.id"
    " JOIN dept d ON d.id = nd.dept_id WHERE n.plan_id = ?1 ORDER BY n.tkey, n.id, nd.pos";
static const char tags_keyed_sql[] =
    "SELECT g.name, n.id, n.tkey FROM node n JOIN node_tag nt ON nt.node_id = n.id"
    " JOIN tag g ON g.id = nt.tag_id WHERE n.plan_id = ?1 ORDER BY n.tkey, n.id, nt.pos";
static const char series_keyed_sql[] =
    "SELECT s.name, s.base_raw, s.base_year, n.id, n.tkey FROM node n"
    " JOIN series s ON s.node_id = n.id WHERE n.plan_id = ?1 AND n.kind = 'indicator'"
    " ORDER BY n.tkey, n.id, s.pos";
static const char values_keyed_sql[] =
    "SELECT v.year, s.name, v.target_raw, v.actual_raw, n.id, n.tkey FROM node n"
    " JOIN series s ON s.node_id = n.id JOIN value v ON v.series_id = s.id"
    " WHERE n.plan_id = ?1 AND n.kind = 'indicator' AND (?2 = 0 OR v.year = ?2)"
    " AND (v.target_raw IS NOT NULL OR v.actual_raw IS NOT NULL)"
    " ORDER BY n.tkey, n.id, v.year, s.pos";
static const char notes_keyed_sql[] =
    "SELECT o.year, o.status, o.next_plan, o.evaluation, n.id, n.tkey FROM node n"
    " JOIN note o ON o.node_id = n.id WHERE n.plan_id = ?1 AND (?2 = 0 OR o.year = ?2)"
    " AND (o.status IS NOT NULL OR o.next_plan IS NOT NULL OR o.evaluation IS NOT NULL)"
    " ORDER BY n.tkey, n.id, o.year";

static const char plans_sql[] =
    "SELECT id, name, label_goal, label_policy, label_item, first_year, last_year FROM plan"
    " WHERE ?1 IS NULL OR name = ?1 ORDER BY pos";

static const char series_sql[] =
    "SELECT name, base_raw, base_year FROM series WHERE node_id = ?1 ORDER BY pos";

static const char values_sql[] =
    "SELECT v.year, s.name, v.target_raw, v.actual_raw FROM value v"
    " JOIN series s ON s.id = v.series_id WHERE s.node_id = ?1 AND (?2 = 0 OR v.year = ?2)"
    " AND (v.target_raw IS NOT NULL OR v.actual_raw IS NOT NULL) ORDER BY v.year, s.pos";

static const char notes_sql[] =
    "SELECT year, status, next_plan, evaluation FROM note WHERE node_id = ?1"
    " AND (?2 = 0 OR year = ?2)"
    " AND (status IS NOT NULL OR next_plan IS NOT NULL OR evaluation IS NOT NULL)"
    " ORDER BY year";

typedef struct export_ctx {
    gk_store *s;
    const gk_export_filter *f;
    gk_export_row_fn fn;
    void *fn_ctx;
    /* the rows of a node: per node (rebound for each) or, keyed, one
     * statement per plan walked along with the tree */
    struct src {
        sqlite3_stmt *st;
        int idcol; /* keyed: the column of the node's id, tkey after it */
        int rc;    /* keyed: the last step */
    } series, values, notes, depts, tags;
    char *names[2]; /* keyed: the node's 所管課 and テーマ joined by 、 */
    size_t names_cap[2];
    sqlite3_int64 node;          /* the node being written */
    const char *tkey;            /* keyed: its tkey */
    const char *cells[GK_NCOLS]; /* the path part stays set for a node's rows */
    bool keyed;                  /* tree_keyed_sql: the path is built here */
    struct {
        gk_col col;  /* the level's column */
        char *title; /* malloc'd, reused */
        size_t cap;
    } path[4]; /* tree_keyed_sql: the node at each depth */
    long rows; /* emitted so far */
    gk_error *err;
    /* --year: the node's 所管課 (its own, else its nearest ancestor's) on
     * every row of it (definition, base and year rows), so that a filter by
     * department in Excel keeps them all; a node that has none (a container
     * whose indicators have theirs) keeps its rows empty: its indicators'
     * departments there would become its own on import */
    sqlite3_stmt *eff_st;
    char *eff;
    /* --year: series names of the indicator, for its empty value rows */
    sqlite3_stmt *names_st;
    /* --year within the plan's period (or a plan without one): empty rows
     * of that year to fill are written; outside, import would refuse them */
    bool fill;
} export_ctx;

/* The 所管課 in force for ?1: its own, else its nearest ancestor's. */
static const char eff_dept_sql[] =
    "WITH RECURSIVE a(id, parent, depth) AS (SELECT id, parent_id, 0 FROM node WHERE id = ?1"
    " UNION ALL SELECT n.id, n.parent_id, a.depth + 1 FROM node n JOIN a ON n.id = a.parent)"
    " SELECT names FROM (SELECT a.depth, (SELECT group_concat(name, '、') FROM (SELECT d.name"
    " FROM node_dept nd JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = a.id"
    " ORDER BY nd.pos)) AS names FROM a) WHERE names IS NOT NULL ORDER BY depth LIMIT 1";

static void clear_row_part(export_ctx *x)
{
    for (int c = GK_COL_CONTENT; c < GK_NCOLS; c++)
        if (c != GK_COL_GOAL && c != GK_COL_POLICY && c != GK_COL_ITEM && c != GK_COL_INDICATOR)
            x->cells[c] = NULL;
}

/* Emits the row; 計画期間 and 階層 go on a plan's first row only. */
static int emit(export_ctx *x)
{
    /* import takes an inherited 所管課 as a repetition (import.c), so every
     * row of the node may carry it */
    if (x->f->year && x->eff) x->cells[GK_COL_DEPT] = x->eff;
    int rc = x->fn(x->fn_ctx, x->cells, x->err);
    x->cells[GK_COL_PERIOD] = x->cells[GK_COL_LEVELS] = NULL;
    x->rows++;
    return rc;
}

static sqlite3_stmt *rebind(sqlite3_stmt *st, sqlite3_int64 node, int year)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, node);
    if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int(st, 2, year);
    return st;
}

/* Keyed: whether the row at hand is the current node's. */
static bool src_mine(const export_ctx *x, const struct src *s)
{
    return s->rc == SQLITE_ROW && sqlite3_column_int64(s->st, s->idcol) == x->node;
}

/* The first row of the current node in s: SQLITE_ROW, SQLITE_DONE when it
 * has none, or an error. Keyed, rows of nodes before it (in tree order)
 * are passed over: a plan-wide statement never falls out of step. */
static int src_first(export_ctx *x, struct src *s, int year)
{
    if (!x->keyed) return s->rc = sqlite3_step(rebind(s->st, x->node, year));
    while (s->rc == SQLITE_ROW && !src_mine(x, s)) {
        int c = strcmp(gk_stmt_text(s->st, s->idcol + 1), x->tkey);
        if (c > 0 || (c == 0 && sqlite3_column_int64(s->st, s->idcol) > x->node)) break;
        s->rc = sqlite3_step(s->st);
    }
    return src_mine(x, s) ? SQLITE_ROW : s->rc == SQLITE_ROW ? SQLITE_DONE : s->rc;
}

/* The next row of the current node in s (as src_first). */
static int src_next(export_ctx *x, struct src *s)
{
    s->rc = sqlite3_step(s->st);
    if (!x->keyed) return s->rc;
    return src_mine(x, s) ? SQLITE_ROW : s->rc == SQLITE_ROW ? SQLITE_DONE : s->rc;
}

/* Note rows of a node that is not an indicator; with --year an item gets
 * its row of that year even when empty, to be filled in. */
static int emit_notes(export_ctx *x, sqlite3_int64 node, bool item)
{
    (void)node;
    sqlite3_stmt *st = x->notes.st;
    char year[16];
    int rc;
    long before = x->rows;
    for (rc = src_first(x, &x->notes, x->f->year); rc == SQLITE_ROW; rc = src_next(x, &x->notes)) {
        clear_row_part(x);
        snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 0));
        x->cells[GK_COL_YEAR] = year;
        x->cells[GK_COL_STATUS] = gk_stmt_opt(st, 1);
        x->cells[GK_COL_NEXT] = gk_stmt_opt(st, 2);
        x->cells[GK_COL_EVAL] = gk_stmt_opt(st, 3);
        if (emit(x) != 0) return -1;
    }
    if (rc == SQLITE_DONE && item && x->fill && x->rows == before) {
        clear_row_part(x);
        snprintf(year, sizeof year, "%d", x->f->year);
        x->cells[GK_COL_YEAR] = year;
        if (emit(x) != 0) return -1;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Series definition rows; returns whether the indicator has named series
 * (then its definition row carries no base). */
static int emit_series(export_ctx *x, sqlite3_int64 node)
{
    (void)node;
    sqlite3_stmt *st = x->series.st;
    char year[16];
    int rc;
    for (rc = src_first(x, &x->series, 0); rc == SQLITE_ROW; rc = src_next(x, &x->series)) {
        clear_row_part(x);
        x->cells[GK_COL_SERIES] = gk_stmt_opt(st, 0);
        x->cells[GK_COL_BASE] = gk_stmt_opt(st, 1);
        x->cells[GK_COL_BASE_YEAR] = NULL;
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
            snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 2));
            x->cells[GK_COL_BASE_YEAR] = year;
        }
        if (!x->cells[GK_COL_SERIES] && !x->cells[GK_COL_BASE] && !x->cells[GK_COL_BASE_YEAR])
            continue; /* the unnamed series without a base: nothing to say */
        if (emit(x) != 0) return -1;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* --year, an indicator without a row of that year: one empty row per
 * series (年度 and 系列 set) to be filled in. */
static int emit_empty_years(export_ctx *x, sqlite3_int64 node)
{
    if (!x->names_st &&
        !(x->names_st = gk_sql_prepare(
              x->s, "SELECT name FROM series WHERE node_id = ?1 ORDER BY pos", x->err)))
        return -1;
    sqlite3_stmt *st = x->names_st;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, node);
    char year[16];
    snprintf(year, sizeof year, "%d", x->f->year);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        clear_row_part(x);
        x->cells[GK_COL_YEAR] = year;
        x->cells[GK_COL_SERIES] = gk_stmt_opt(st, 0);
        if (emit(x) != 0) return -1;
        n++;
    }
    if (rc == SQLITE_DONE && n == 0) { /* no series yet: the indicator's own row */
        clear_row_part(x);
        x->cells[GK_COL_YEAR] = year;
        if (emit(x) != 0) return -1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Value rows of an indicator merged by year with its notes. */
static int emit_years(export_ctx *x, sqlite3_int64 node)
{
    (void)node;
    long before = x->rows;
    int out = 0;
    sqlite3_stmt *v = x->values.st, *n = x->notes.st;
    int vrc = src_first(x, &x->values, x->f->year), nrc = src_first(x, &x->notes, x->f->year);
    char year[16];
    while (vrc == SQLITE_ROW || nrc == SQLITE_ROW) {
        int vy = vrc == SQLITE_ROW ? sqlite3_column_int(v, 0) : 1 << 30;
        int ny = nrc == SQLITE_ROW ? sqlite3_column_int(n, 0) : 1 << 30;
        int y = vy < ny ? vy : ny;
        bool notes_due = ny == y;
        snprintf(year, sizeof year, "%d", y);
        do {
            clear_row_part(x);
            x->cells[GK_COL_YEAR] = year;
            if (vy == y) {
                x->cells[GK_COL_SERIES] = gk_stmt_opt(v, 1);
                x->cells[GK_COL_TARGET] = gk_stmt_opt(v, 2);
                x->cells[GK_COL_ACTUAL] = gk_stmt_opt(v, 3);
            }
            if (notes_due) {
                x->cells[GK_COL_STATUS] = gk_stmt_opt(n, 1);
                x->cells[GK_COL_NEXT] = gk_stmt_opt(n, 2);
                x->cells[GK_COL_EVAL] = gk_stmt_opt(n, 3);
            }
            if (emit(x) != 0) return -1;
            if (notes_due) {
                notes_due = false;
                nrc = src_next(x, &x->notes);
            }
            if (vy == y) {
                vrc = src_next(x, &x->values);
                vy = vrc == SQLITE_ROW ? sqlite3_column_int(v, 0) : 1 << 30;
            }
        } while (vy == y);
    }
    out = (vrc == SQLITE_DONE || vrc == SQLITE_ROW) && (nrc == SQLITE_DONE || nrc == SQLITE_ROW)
              ? 0
              : -1;
    if (out == 0 && x->fill && x->rows == before) out = emit_empty_years(x, node);
    return out;
}

/* tree_keyed_sql: the node at its depth in x->path, its path into the
 * cells. Returns 0 or -1 (out of memory). */
static int keyed_path(export_ctx *x, sqlite3_stmt *t, gk_node_kind kind)
{
    size_t depth = (size_t)sqlite3_column_bytes(t, 3) / 8;
    depth = depth == 0 ? 0 : depth > 4 ? 3 : depth - 1;
    const char *title = gk_stmt_text(t, 2);
    size_t len = strlen(title) + 1;
    if (len > x->path[depth].cap) {
        char *p = realloc(x->path[depth].title, len * 2);
        if (!p) {
            gk_error_set(x->err, _("out of memory"));
            return -1;
        }
        x->path[depth].title = p;
        x->path[depth].cap = len * 2;
    }
    memcpy(x->path[depth].title, title, len);
    static const gk_col col[] = {[GK_NODE_GOAL] = GK_COL_GOAL,
                                 [GK_NODE_POLICY] = GK_COL_POLICY,
                                 [GK_NODE_ITEM] = GK_COL_ITEM,
                                 [GK_NODE_INDICATOR] = GK_COL_INDICATOR};
    x->path[depth].col =
        kind >= GK_NODE_GOAL && kind <= GK_NODE_INDICATOR ? col[kind] : GK_COL_GOAL;
    x->cells[GK_COL_GOAL] = x->cells[GK_COL_POLICY] = x->cells[GK_COL_ITEM] = NULL;
    x->cells[GK_COL_INDICATOR] = NULL;
    for (size_t i = 0; i <= depth; i++)
        x->cells[x->path[i].col] = x->path[i].title;
    return 0;
}

/* Keyed: the names of the current node in s (depts or tags) joined by 、
 * into x->names[i]; NULL when it has none (or out of memory, in err). */
static const char *keyed_names(export_ctx *x, struct src *s, int i, int *rc)
{
    size_t len = 0;
    for (*rc = src_first(x, s, 0); *rc == SQLITE_ROW; *rc = src_next(x, s)) {
        const char *name = gk_stmt_text(s->st, 0);
        size_t n = strlen(name), need = len + (len ? 3 : 0) + n + 1;
        if (need > x->names_cap[i]) {
            char *p = realloc(x->names[i], need * 2);
            if (!p) {
                gk_error_set(x->err, _("out of memory"));
                *rc = SQLITE_NOMEM;
                return NULL;
            }
            x->names[i] = p;
            x->names_cap[i] = need * 2;
        }
        if (len) {
            memcpy(x->names[i] + len, "、", 3);
            len += 3;
        }
        memcpy(x->names[i] + len, name, n + 1);
        len += n;
    }
    return len ? x->names[i] : NULL;
}

static int emit_node(export_ctx *x, sqlite3_stmt *t)
{
    sqlite3_int64 id = sqlite3_column_int64(t, 0);
    x->node = id;
    x->tkey = x->keyed ? gk_stmt_text(t, 3) : NULL;
    gk_node_kind kind = gk_node_kind_from_name((const char *)sqlite3_column_text(t, 1));
    bool indicator = kind == GK_NODE_INDICATOR;
    if (x->keyed) {
        if (keyed_path(x, t, kind) != 0) return -1;
    } else {
        for (int i = 0; i < 4; i++)
            x->cells[GK_COL_GOAL + (i == 3 ? GK_COL_INDICATOR - GK_COL_GOAL : i)] =
                gk_stmt_opt(t, 2 + i);
    }
    clear_row_part(x);
    x->cells[GK_COL_CONTENT] = gk_stmt_opt(t, 6);
    x->cells[GK_COL_REVIEW] = gk_stmt_opt(t, 7);
    x->cells[GK_COL_UNIT] = gk_stmt_opt(t, 8);
    if (x->f->year) {
        free(x->eff);
        x->eff = NULL;
        if (!x->eff_st && !(x->eff_st = gk_sql_prepare(x->s, eff_dept_sql, x->err))) return -1;
        sqlite3_reset(x->eff_st);
        sqlite3_bind_int64(x->eff_st, 1, id);
        int erc = sqlite3_step(x->eff_st);
        if (erc == SQLITE_ROW) x->eff = gk_stmt_dup(x->eff_st, 0);
        sqlite3_reset(x->eff_st);
        if (erc != SQLITE_ROW && erc != SQLITE_DONE) {
            gk_sql_error(x->s, erc, _("cannot read the plan"), x->err);
            return -1;
        }
    }
    if (x->keyed) {
        int rc;
        x->cells[GK_COL_DEPT] = keyed_names(x, &x->depts, 0, &rc);
        if (rc != SQLITE_DONE) return -1;
        x->cells[GK_COL_TAGS] = keyed_names(x, &x->tags, 1, &rc);
        if (rc != SQLITE_DONE) return -1;
    } else {
        x->cells[GK_COL_DEPT] = gk_stmt_opt(t, 9);
        x->cells[GK_COL_TAGS] = gk_stmt_opt(t, 10);
    }
    if (emit(x) != 0) return -1;
    if (!indicator) return emit_notes(x, id, kind == GK_NODE_ITEM);
    if (emit_series(x, id) != 0) return -1;
    return emit_years(x, id);
}

/* One plan (a row of plans_sql): its nodes in tree order, the first row
 * carrying 計画期間 (when known) and 階層. A plan without nodes still gets
 * that row, unless a department filter is what left it empty. */
static int export_plan(export_ctx *x, sqlite3_stmt *tree, sqlite3_stmt *plan)
{
    const char *name = (const char *)sqlite3_column_text(plan, 1);
    char period[32] = "", levels[3 * 128 + 4];
    if (sqlite3_column_type(plan, 5) != SQLITE_NULL)
        snprintf(period, sizeof period, "%d-%d", sqlite3_column_int(plan, 5),
                 sqlite3_column_int(plan, 6));
    snprintf(levels, sizeof levels, "%s/%s/%s", (const char *)sqlite3_column_text(plan, 2),
             (const char *)sqlite3_column_text(plan, 3),
             (const char *)sqlite3_column_text(plan, 4));
    sqlite3_reset(tree);
    sqlite3_bind_int64(tree, 1, sqlite3_column_int64(plan, 0));
    if (!x->keyed) gk_sql_bind_text(tree, 2, x->f->dept);
    struct src *keyed[] = {&x->series, &x->values, &x->notes, &x->depts, &x->tags};
    for (int i = 0; x->keyed && i < 5; i++) { /* each at the plan's first row */
        sqlite3_reset(keyed[i]->st);
        sqlite3_bind_int64(keyed[i]->st, 1, sqlite3_column_int64(plan, 0));
        if (sqlite3_bind_parameter_count(keyed[i]->st) >= 2)
            sqlite3_bind_int(keyed[i]->st, 2, x->f->year);
        keyed[i]->rc = sqlite3_step(keyed[i]->st);
    }
    memset(x->cells, 0, sizeof x->cells);
    x->fill =
        x->f->year &&
        (sqlite3_column_type(plan, 5) == SQLITE_NULL ||
         (x->f->year >= sqlite3_column_int(plan, 5) && x->f->year <= sqlite3_column_int(plan, 6)));
    free(x->eff); /* not the last plan's last node's on an empty plan's row */
    x->eff = NULL;
    x->cells[GK_COL_PLAN] = name;
    x->cells[GK_COL_PERIOD] = *period ? period : NULL;
    x->cells[GK_COL_LEVELS] = levels;
    long before = x->rows;
    int rc;
    while ((rc = sqlite3_step(tree)) == SQLITE_ROW) {
        if (emit_node(x, tree) != 0) return -1;
    }
    if (rc != SQLITE_DONE) {
        gk_sql_error(x->s, rc, _("cannot read the plan"), x->err);
        return -1;
    }
    if (x->rows == before && !x->f->dept) return emit(x);
    return 0;
}

int gk_export_prepare(gk_store *s, const gk_export_filter *f, gk_export_labels *labels,
                      gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, plans_sql, err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, f->plan);
    int n = 0, rc;
    bool differ = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *dst[3] = {labels->goal, labels->policy, labels->item};
        for (int i = 0; i < 3; i++) {
            const char *l = (const char *)sqlite3_column_text(st, 2 + i);
            if (n > 0 && strcmp(dst[i], l) != 0) differ = true;
            snprintf(dst[i], sizeof labels->goal, "%s", l);
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { /* busy beyond the timeout, damaged: not "no plan" */
        gk_sql_error(s, rc, _("cannot read the plans"), err);
        return -1;
    }
    /* a name the header would not take back (施策) stays in 階層 only */
    if (n > 0 && !differ &&
        (!gk_plan_header_accepts(GK_COL_GOAL, labels->goal) ||
         !gk_plan_header_accepts(GK_COL_POLICY, labels->policy) ||
         !gk_plan_header_accepts(GK_COL_ITEM, labels->item)))
        differ = true;
    if (n == 0 || differ) {
        snprintf(labels->goal, sizeof labels->goal, "%s", GK_LABEL_GOAL);
        snprintf(labels->policy, sizeof labels->policy, "%s", GK_LABEL_POLICY);
        snprintf(labels->item, sizeof labels->item, "%s", GK_LABEL_ITEM);
    }
    if (f->plan && n == 0) {
        gk_error_set(err, _("no plan named \"%s\" in %s"), f->plan, s->path);
        return -1;
    }
    if (f->dept) {
        st = gk_sql_prepare(s, "SELECT 1 FROM dept WHERE name = ?1", err);
        if (!st) return -1;
        gk_sql_bind_text(st, 1, f->dept);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            gk_sql_error(s, rc, _("cannot read the departments"), err);
            return -1;
        }
        if (rc != SQLITE_ROW) {
            gk_error_set(err, _("no department named \"%s\" in %s"), f->dept, s->path);
            return -1;
        }
    }
    return 0;
}

int gk_export_rows(gk_store *s, const gk_export_filter *f, gk_export_row_fn fn, void *ctx,
                   gk_error *err)
{
    export_ctx x = {.s = s, .f = f, .fn = fn, .fn_ctx = ctx, .err = err};
    x.keyed = !f->dept && s->version >= GK_SCHEMA_SEARCH;
    sqlite3_stmt *plans = gk_sql_prepare(s, plans_sql, err);
    sqlite3_stmt *tree = plans ? gk_sql_prepare(s, x.keyed ? tree_keyed_sql : tree_sql, err) : NULL;
    x.series.st = tree ? gk_sql_prepare(s, x.keyed ? series_keyed_sql : series_sql, err) : NULL;
    x.values.st =
        x.series.st ? gk_sql_prepare(s, x.keyed ? values_keyed_sql : values_sql, err) : NULL;
    x.notes.st = x.values.st ? gk_sql_prepare(s, x.keyed ? notes_keyed_sql : notes_sql, err) : NULL;
    x.series.idcol = 3;
    x.values.idcol = x.notes.idcol = 4;
    x.depts.idcol = x.tags.idcol = 1;
    if (x.keyed && x.notes.st) {
        x.depts.st = gk_sql_prepare(s, depts_keyed_sql, err);
        x.tags.st = x.depts.st ? gk_sql_prepare(s, tags_keyed_sql, err) : NULL;
        if (!x.tags.st) {
            sqlite3_finalize(x.notes.st);
            x.notes.st = NULL; /* fails below as any other prepare */
        }
    }
    /* one pass in order: a small page cache is enough, and keeps the
     * memory of an export small (the connection's own is put back) */
    sqlite3_exec(s->db, "PRAGMA cache_size = -2048", NULL, NULL, NULL);
    int rc = x.notes.st ? sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) : SQLITE_ERROR;
    if (x.notes.st && rc != SQLITE_OK) gk_sql_error(s, rc, _("cannot read the plans"), err);
    rc = rc == SQLITE_OK ? 0 : -1;
    if (rc == 0) {
        gk_sql_bind_text(plans, 1, f->plan);
        int src;
        while (rc == 0 && (src = sqlite3_step(plans)) == SQLITE_ROW)
            rc = export_plan(&x, tree, plans);
        if (rc == 0 && src != SQLITE_DONE) { /* not an empty export when the read failed */
            gk_sql_error(s, src, _("cannot read the plans"), err);
            rc = -1;
        }
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    }
    sqlite3_exec(s->db, "PRAGMA cache_size = " GK_CACHE_SIZE, NULL, NULL, NULL);
    sqlite3_finalize(plans);
    sqlite3_finalize(tree);
    sqlite3_finalize(x.series.st);
    sqlite3_finalize(x.values.st);
    sqlite3_finalize(x.notes.st);
    sqlite3_finalize(x.depts.st);
    sqlite3_finalize(x.tags.st);
    sqlite3_finalize(x.eff_st);
    sqlite3_finalize(x.names_st);
    free(x.eff);
    for (int i = 0; i < 4; i++)
        free(x.path[i].title);
    free(x.names[0]);
    free(x.names[1]);
    return rc;
}
