/*
 * browse.c — read-only queries of the browse screen (see browse.h).
 *
 * The tree is loaded a level at a time as the user opens it, so the first
 * screen costs a handful of queries whatever the size of the plan.
 */
#include "gyokaku/browse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/progress.h"
#include "gyokaku/value.h"
#include "store_int.h"

/* SQL gk_ended(review): gk_review_ended() for the queries below. */
static void sql_ended(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; /* registered with 1 */
    sqlite3_result_int(ctx, gk_review_ended((const char *)sqlite3_value_text(argv[0])));
}

/* SQL gk_by_notes(direction, unit, base_raw, targets, status, next_plan):
 * whether an indicator without all its actuals is entered by its notes
 * (progress.h gk_indicator_entered: a qualitative indicator with both notes
 * written). targets: its first series' targets in year order joined with
 * char(31); the direction is the stored one, else inferred as the report
 * does (gk_direction_infer). */
static void sql_by_notes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; /* registered with 6 */
    const char *status = (const char *)sqlite3_value_text(argv[4]);
    const char *next = (const char *)sqlite3_value_text(argv[5]);
    if (!gk_notes_complete(status, next)) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    gk_direction dir = gk_direction_from_name((const char *)sqlite3_value_text(argv[0]));
    if (dir == GK_DIR_UNKNOWN) {
        const char *unit = (const char *)sqlite3_value_text(argv[1]);
        const char *base = (const char *)sqlite3_value_text(argv[2]);
        const char *joined = (const char *)sqlite3_value_text(argv[3]);
        char *copy = joined ? strdup(joined) : NULL;
        const char *t[64];
        int n = 0;
        for (char *c = copy, *tok; c && n < 64; c = tok ? tok + 1 : NULL) {
            tok = strchr(c, 31);
            if (tok) *tok = '\0';
            t[n++] = *c ? c : NULL;
        }
        dir = gk_direction_infer(base && *base ? base : NULL, t, n, unit && *unit ? unit : NULL);
        free(copy);
    }
    sqlite3_result_int(ctx, dir == GK_DIR_QUALITATIVE);
}

int gk_progress_register(sqlite3 *db)
{
    int rc = sqlite3_create_function(db, "gk_ended", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                     sql_ended, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "gk_by_notes", 6,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                     sql_by_notes, NULL, NULL);
    return rc;
}

/* The progress rules of progress.h, shared by the marker and next-missing:
 * GK_SQL_ENDED (store_int.h) of node n, ENTERED_SQL of node id X for year
 * ?2: an indicator is entered when it has series and none of them lacks
 * the year's actual (each lookup by the (series_id, year) key), or, when
 * qualitative, by its notes (gk_by_notes above). */
#define IND_ENTERED_SQL(x)                                                                         \
    "((EXISTS (SELECT 1 FROM series r WHERE r.node_id = " x ")"                                    \
    " AND NOT EXISTS (SELECT 1 FROM series r WHERE r.node_id = " x " AND NOT EXISTS (SELECT 1"     \
    " FROM value v WHERE v.series_id = r.id AND v.year = ?2 AND v.actual_raw IS NOT NULL)))"       \
    " OR EXISTS (SELECT 1 FROM note o JOIN node q ON q.id = o.node_id WHERE o.node_id = " x        \
    " AND o.year = ?2 AND gk_by_notes(q.direction, q.unit, (SELECT base_raw FROM series"           \
    " WHERE node_id = " x " ORDER BY pos LIMIT 1), (SELECT group_concat(ifnull(t.target_raw, '')," \
    " char(31)) FROM (SELECT v.target_raw FROM value v WHERE v.series_id = (SELECT id FROM series" \
    " WHERE node_id = " x " ORDER BY pos LIMIT 1) ORDER BY v.year) t), o.status, o.next_plan)))"

/* An item that is a container (GK_SQL_CONTAINER) is entered when each of
 * its indicators is (progress.h gk_item_complete). */
#define ENTERED_SQL(kind, x)                                                                       \
    "(CASE " kind " WHEN 'indicator' THEN " IND_ENTERED_SQL(                                       \
        x) " ELSE CASE WHEN"                                                                       \
           " (SELECT " GK_SQL_CONTAINER(                                                           \
               "cn") " FROM node cn WHERE cn.id = " x ") THEN NOT EXISTS"                          \
                     " (SELECT 1 FROM node ck WHERE ck.parent_id = " x                             \
                     " AND ck.kind = 'indicator' AND NOT " IND_ENTERED_SQL(                        \
                         "ck.id") ") ELSE EXISTS (SELECT 1 FROM note o WHERE o.node_id = " x       \
                                  " AND o.year = ?2 AND ifnull(o.status, '') <> '') END END)"

/* node.kind of column i (a schema CHECK keeps it one of the names). */
static gk_node_kind stored_kind(sqlite3_stmt *st, int i)
{
    int k = gk_node_kind_from_name(gk_stmt_text(st, i));
    return k < 0 ? GK_NODE_ITEM : (gk_node_kind)k;
}

static int plan_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_plan_info *p = elem;
    p->id = sqlite3_column_int64(st, 0);
    p->name = gk_stmt_dup(st, 1);
    for (int i = 0; i < 3; i++)
        p->label[i] = gk_stmt_dup(st, 2 + i);
    p->first_year = sqlite3_column_int(st, 5);
    p->last_year = sqlite3_column_int(st, 6);
    return p->name ? 0 : -1;
}

int gk_browse_plans(gk_store *s, gk_plan_info **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT id, name, label_goal, label_policy, label_item,"
                                      " ifnull(first_year, 0), ifnull(last_year, 0)"
                                      " FROM plan ORDER BY pos",
                                      err);
    return st ? gk_sql_list(s, st, out, n, sizeof **out, plan_row, NULL, err) : -1;
}

void gk_plan_info_free(gk_plan_info *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        for (int k = 0; k < 3; k++)
            free(p[i].label[k]);
    }
    free(p);
}

static int child_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_node_info *x = elem, *from = ctx; /* from: plan and parent */
    x->id = sqlite3_column_int64(st, 0);
    x->plan_id = from->plan_id;
    x->parent_id = from->parent_id;
    x->kind = stored_kind(st, 1);
    x->title = gk_stmt_dup(st, 2);
    x->has_children = sqlite3_column_int(st, 3) != 0;
    x->ended = sqlite3_column_int(st, 4) != 0;
    return x->title ? 0 : -1;
}

int gk_browse_children(gk_store *s, int64_t plan_id, int64_t parent, gk_node_info **out, size_t *n,
                       gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_CHILDREN,
        "SELECT n.id, n.kind, n.title, EXISTS (SELECT 1 FROM node c WHERE c.parent_id = n.id),"
        " " GK_SQL_ENDED(
            "n") " FROM node n WHERE n.plan_id = ?1 AND n.parent_id IS ?2 ORDER BY n.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    if (parent) sqlite3_bind_int64(st, 2, parent);
    gk_node_info from = {.plan_id = plan_id, .parent_id = parent};
    return gk_sql_list(s, st, out, n, sizeof **out, child_row, &from, err);
}

void gk_node_info_free(gk_node_info *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].title);
    free(v);
}

/* The first column of st's only row as an int (0 without a row): 0 or -1
 * with err; st is released. */
static int one_int(gk_store *s, sqlite3_stmt *st, int *out, gk_error *err)
{
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    if (rc == SQLITE_ROW) rc = SQLITE_DONE;
    gk_sql_release(s, st);
    return gk_sql_step_done(s, rc, err);
}

int gk_browse_has_data(gk_store *s, int64_t node, int year, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_cached(s, GK_ST_HAS_DATA,
                      "SELECT " ENTERED_SQL("n.kind", "?1") " FROM node n WHERE n.id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    int yes;
    return one_int(s, st, &yes, err) == 0 ? yes != 0 : -1;
}

int gk_browse_ancestors(gk_store *s, int64_t node, int64_t **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM node WHERE id = ?1"
        " UNION ALL SELECT n.parent_id, up.depth + 1 FROM node n JOIN up ON n.id = up.id"
        " WHERE n.parent_id IS NOT NULL)"
        " SELECT id FROM up WHERE id IS NOT NULL ORDER BY depth DESC",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    return gk_sql_collect_ids(s, st, out, n, err);
}

/* --- details ----------------------------------------------------------------------- */

static int eval_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_year_eval *v = elem;
    v->year = sqlite3_column_int(st, 0);
    v->text = gk_stmt_dup(st, 1);
    return 0;
}

/* The evaluations entered for the node, every year. */
static int load_evals(gk_store *s, gk_node_detail *d, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_EVALS,
                                     "SELECT year, evaluation FROM note WHERE node_id = ?1"
                                     " AND evaluation IS NOT NULL ORDER BY year",
                                     err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, d->id);
    return gk_sql_list(s, st, &d->evals, &d->nevals, sizeof *d->evals, eval_row, NULL, err);
}

const char *gk_node_detail_eval(const gk_node_detail *d, int year)
{
    for (size_t i = 0; i < d->nevals; i++)
        if (d->evals[i].year == year) return d->evals[i].text;
    return NULL;
}

static int value_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_year_value *y = elem;
    y->year = sqlite3_column_int(st, 0);
    y->target = gk_stmt_dup(st, 1);
    y->actual = gk_stmt_dup(st, 2);
    return 0;
}

typedef struct query_ctx {
    gk_store *s;
    gk_error *err;
} query_ctx;

/* A series and its values (a second query per series). */
static int series_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_series_info *x = elem;
    query_ctx *q = ctx;
    x->name = strdup(gk_stmt_text(st, 1));
    x->base = gk_stmt_dup(st, 2);
    x->base_year = sqlite3_column_int(st, 3);
    if (!x->name) return -1;
    sqlite3_stmt *vs = gk_sql_cached(q->s, GK_ST_VALUES,
                                     "SELECT year, target_raw, actual_raw FROM value"
                                     " WHERE series_id = ?1 ORDER BY year",
                                     q->err);
    if (!vs) return -2;
    sqlite3_bind_int64(vs, 1, sqlite3_column_int64(st, 0));
    return gk_sql_list(q->s, vs, &x->years, &x->nyears, sizeof *x->years, value_row, NULL,
                       q->err) == 0
               ? 0
               : -2;
}

static int load_series(gk_store *s, gk_node_detail *d, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_SERIES,
        "SELECT id, name, base_raw, ifnull(base_year, 0) FROM series WHERE node_id = ?1"
        " ORDER BY pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, d->id);
    query_ctx q = {s, err};
    if (gk_sql_list(s, st, &d->series, &d->nseries, sizeof *d->series, series_row, &q, err) != 0)
        return -1;
    return load_evals(s, d, err);
}

static int child_actual_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_child_actual *c = elem;
    c->id = sqlite3_column_int64(st, 0);
    c->title = gk_stmt_dup(st, 1);
    c->unit = gk_stmt_dup(st, 2);
    c->actual = gk_stmt_dup(st, 3);
    return 0;
}

static int load_children(gk_store *s, gk_node_detail *d, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_CHILD_VALUES,
        "SELECT n.id, n.title, n.unit, (SELECT group_concat(CASE r.name WHEN '' THEN v.actual_raw"
        "  ELSE r.name || ' ' || v.actual_raw END, ' / ') FROM series r CROSS JOIN value v"
        "  ON v.series_id = r.id WHERE r.node_id = n.id AND v.year = ?2"
        "  AND v.actual_raw IS NOT NULL)"
        " FROM node n WHERE n.parent_id = ?1 AND n.kind = 'indicator' ORDER BY n.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite3_bind_int(st, 2, year);
    return gk_sql_list(s, st, &d->children, &d->nchildren, sizeof *d->children, child_actual_row,
                       NULL, err);
}

int gk_browse_detail(gk_store *s, int64_t node, int year, gk_node_detail *d, gk_error *err)
{
    memset(d, 0, sizeof *d);
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_DETAIL,
        "SELECT n.kind, n.title, n.content, n.review, n.unit,"
        " (SELECT group_concat(name, '、') FROM (SELECT x.name FROM node_dept nd JOIN dept x"
        "   ON x.id = nd.dept_id WHERE nd.node_id = n.id ORDER BY nd.pos)),"
        " (SELECT group_concat(name, '、') FROM (SELECT t.name FROM node_tag nt JOIN tag t"
        "   ON t.id = nt.tag_id WHERE nt.node_id = n.id ORDER BY nt.pos)),"
        " o.status, o.next_plan, o.evaluation, o.eval_reason"
        " FROM node n LEFT JOIN note o ON o.node_id = n.id AND o.year = ?2 WHERE n.id = ?1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        gk_sql_release(s, st);
        if (gk_sql_step_done(s, rc, err) == 0) gk_error_set(err, _("the node no longer exists"));
        return -1;
    }
    d->id = node;
    d->kind = stored_kind(st, 0);
    char **text[] = {&d->title, &d->content, &d->review,    &d->unit,       &d->depts,
                     &d->tags,  &d->status,  &d->next_plan, &d->evaluation, &d->eval_reason};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        *text[i] = gk_stmt_dup(st, 1 + (int)i);
    gk_sql_release(s, st);
    return d->kind == GK_NODE_INDICATOR ? load_series(s, d, err) : load_children(s, d, year, err);
}

void gk_node_detail_free(gk_node_detail *d)
{
    free(d->title);
    free(d->content);
    free(d->review);
    free(d->unit);
    free(d->depts);
    free(d->tags);
    free(d->status);
    free(d->next_plan);
    free(d->evaluation);
    free(d->eval_reason);
    for (size_t i = 0; i < d->nseries; i++) {
        for (size_t y = 0; y < d->series[i].nyears; y++) {
            free(d->series[i].years[y].target);
            free(d->series[i].years[y].actual);
        }
        free(d->series[i].years);
        free(d->series[i].name);
        free(d->series[i].base);
    }
    free(d->series);
    for (size_t i = 0; i < d->nchildren; i++) {
        free(d->children[i].title);
        free(d->children[i].unit);
        free(d->children[i].actual);
    }
    free(d->children);
    for (size_t i = 0; i < d->nevals; i++)
        free(d->evals[i].text);
    free(d->evals);
    memset(d, 0, sizeof *d);
}

/* --- years, departments, filter, search ---------------------------------------------- */

/* Tries the plan's years from the last one down, each with an EXISTS that
 * stops at the first actual or note. Both start from the year: actuals
 * through the partial index value_actual_year, notes through note_year
 * (CROSS JOIN keeps the planner from walking every node of the plan
 * instead), so a year without data costs two index lookups however large
 * the plan (the start of the screen). */
int gk_browse_latest_data_year(gk_store *s, int64_t plan_id, gk_error *err)
{
    sqlite3_stmt *span = gk_sql_cached(s, GK_ST_PLAN_SPAN,
                                       "SELECT first_year, last_year FROM plan WHERE id = ?1", err);
    if (!span) return -1;
    sqlite3_bind_int64(span, 1, plan_id);
    int rc = sqlite3_step(span), first = 0, last = -1;
    if (rc == SQLITE_ROW && sqlite3_column_type(span, 0) != SQLITE_NULL) {
        first = sqlite3_column_int(span, 0);
        last = sqlite3_column_int(span, 1);
    }
    gk_sql_release(s, span);
    if (gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err) != 0) return -1;
    for (int y = last; y >= first; y--) {
        sqlite3_stmt *st =
            gk_sql_cached(s, GK_ST_YEAR_DATA,
                          "SELECT EXISTS (SELECT 1 FROM node n JOIN series r ON r.node_id = n.id"
                          " JOIN value v ON v.series_id = r.id AND v.year = ?2"
                          " WHERE n.plan_id = ?1 AND v.actual_raw IS NOT NULL)"
                          " OR EXISTS (SELECT 1 FROM note o CROSS JOIN node n ON n.id = o.node_id"
                          " WHERE o.year = ?2 AND n.plan_id = ?1)",
                          err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, plan_id);
        sqlite3_bind_int(st, 2, y);
        int yes;
        if (one_int(s, st, &yes, err) != 0) return -1;
        if (yes) return y;
    }
    return 0;
}

static int year_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    *(int *)elem = sqlite3_column_int(st, 0);
    return 0;
}

int gk_browse_years(gk_store *s, int64_t plan_id, int **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_YEARS,
        "WITH RECURSIVE span(y) AS (SELECT first_year FROM plan WHERE id = ?1"
        "  AND first_year IS NOT NULL UNION ALL SELECT y + 1 FROM span, plan p"
        "  WHERE p.id = ?1 AND y < p.last_year)"
        " SELECT y FROM span UNION"
        " SELECT v.year FROM value v JOIN series r ON r.id = v.series_id"
        "  JOIN node n ON n.id = r.node_id WHERE n.plan_id = ?1 UNION"
        " SELECT o.year FROM note o JOIN node n ON n.id = o.node_id WHERE n.plan_id = ?1"
        " ORDER BY 1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    return gk_sql_list(s, st, out, n, sizeof **out, year_row, NULL, err);
}

int gk_browse_dept_names(gk_store *s, char ***out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT name FROM dept ORDER BY name", err);
    if (!st) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **slot = gk_grow(out, &cap, *n, sizeof **out);
        if (!slot || !(*slot = strdup(gk_stmt_text(st, 0)))) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*n)++;
    }
    sqlite3_finalize(st);
    rc = gk_sql_step_done(s, rc, err);
    if (rc != 0) {
        for (size_t i = 0; i < *n; i++)
            free((*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* The plan's items and indicators in tree order (path: the positions from
 * the top) that still miss their entry for year ?2, by the rules of
 * progress.h (ENTERED_SQL, GK_SQL_ENDED): not entered, and not ended. */
static const char missing_sql[] =
    "WITH RECURSIVE t(id, path) AS ("
    " SELECT id, printf('%010d', pos) FROM node WHERE plan_id = ?1 AND parent_id IS NULL"
    " UNION ALL SELECT n.id, t.path || printf('%010d', n.pos) FROM node n JOIN t"
    "  ON n.parent_id = t.id)"
    " SELECT n.id, t.path FROM t JOIN node n ON n.id = t.id"
    " WHERE n.kind IN ('item', 'indicator') AND NOT " GK_SQL_ENDED("n") " AND NOT " ENTERED_SQL(
        "n.kind", "n.id") " ORDER BY t.path";

static int cmp_id64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The path (tree order key) of node in missing_sql's form; "" for 0. */
static int node_path(gk_store *s, int64_t node, char *out, size_t n, gk_error *err)
{
    out[0] = '\0';
    if (!node) return 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH RECURSIVE up(id, parent, path) AS (SELECT id, parent_id, printf('%010d', pos)"
        " FROM node WHERE id = ?1 UNION ALL SELECT n.id, n.parent_id,"
        " printf('%010d', n.pos) || up.path FROM node n JOIN up ON n.id = up.parent)"
        " SELECT path FROM up WHERE parent IS NULL",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) snprintf(out, n, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

int gk_browse_next_missing(gk_store *s, int64_t plan_id, int year, int64_t from, int dir,
                           const int64_t *within, size_t nwithin, int64_t *found, gk_error *err)
{
    *found = 0;
    char here[4096];
    if (node_path(s, from, here, sizeof here, err) != 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s, missing_sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    sqlite3_bind_int(st, 2, year);
    int64_t first = 0, last = 0, before = 0, after = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (within && !bsearch(&id, within, nwithin, sizeof *within, cmp_id64)) continue;
        int c = strcmp((const char *)sqlite3_column_text(st, 1), here);
        if (!first) first = id;
        last = id;
        if (c < 0) before = id;
        if (c > 0 && !after) after = id;
    }
    sqlite3_finalize(st);
    if (gk_sql_step_done(s, rc, err) != 0) return -1;
    /* past the last (first) one, start again at the other end */
    *found = dir > 0 ? (after ? after : first) : (before ? before : last);
    return *found ? 0 : 1;
}

int gk_browse_dept_nodes(gk_store *s, const char *dept, int64_t **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st =
        gk_sql_prepare(s,
                       "WITH RECURSIVE rel(id) AS (SELECT nd.node_id FROM node_dept nd JOIN dept d"
                       "  ON d.id = nd.dept_id WHERE d.name = ?1),"
                       " up(id) AS (SELECT id FROM rel UNION SELECT n.parent_id FROM node n JOIN up"
                       "  ON n.id = up.id WHERE n.parent_id IS NOT NULL),"
                       " down(id) AS (SELECT id FROM rel UNION SELECT n.id FROM node n JOIN down"
                       "  ON n.parent_id = down.id)"
                       " SELECT id FROM up UNION SELECT id FROM down ORDER BY 1",
                       err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, dept, -1, SQLITE_TRANSIENT);
    return gk_sql_collect_ids(s, st, out, n, err);
}
