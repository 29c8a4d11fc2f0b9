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
#include "store_int.h"

/* SQL gk_ended(review): gk_review_ended() for the queries below. */
static void sql_ended(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; /* registered with 1 */
    sqlite3_result_int(ctx, gk_review_ended((const char *)sqlite3_value_text(argv[0])));
}

int gk_progress_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "gk_ended", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                   sql_ended, NULL, NULL);
}

/* The progress rules of progress.h, shared by the marker and the board:
 * ENDED_SQL of node n (an ended item, or an indicator of one), ENTERED_SQL
 * of node id X for year ?2. */
#define ENDED_SQL(n)                                                                               \
    "(CASE " n ".kind WHEN 'item' THEN gk_ended(" n ".review) WHEN 'indicator' THEN"              \
    " ifnull((SELECT gk_ended(e.review) FROM node e WHERE e.id = " n ".parent_id"                  \
    " AND e.kind = 'item'), 0) ELSE 0 END)"
#define ENTERED_SQL(kind, x)                                                                       \
    "(CASE " kind " WHEN 'indicator' THEN EXISTS (SELECT 1 FROM series r JOIN value v"             \
    " ON v.series_id = r.id WHERE r.node_id = " x " AND v.year = ?2 AND v.actual_raw IS NOT NULL)"  \
    " ELSE EXISTS (SELECT 1 FROM note o WHERE o.node_id = " x " AND o.year = ?2"                   \
    " AND ifnull(o.status, '') <> '') END)"

static char *dup_text(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? strdup(t) : NULL;
}

/* Grows *v (of element size sz) to hold n + 1 elements. */
/* node.kind of column i (a schema CHECK keeps it one of the names). */
static gk_node_kind stored_kind(sqlite3_stmt *st, int i)
{
    int k = gk_node_kind_from_name((const char *)sqlite3_column_text(st, i));
    return k < 0 ? GK_NODE_ITEM : (gk_node_kind)k;
}

static void *grow(void *v, size_t n, size_t sz)
{
    return realloc(v, (n + 1) * sz);
}

static int step_error(gk_store *s, int rc, gk_error *err)
{
    if (rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot read the database"), err);
    return -1;
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
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_plan_info *v = grow(*out, *n, sizeof *v);
        if (!v) break;
        *out = v;
        gk_plan_info *p = &v[(*n)++];
        p->id = sqlite3_column_int64(st, 0);
        p->name = dup_text(st, 1);
        for (int i = 0; i < 3; i++)
            p->label[i] = dup_text(st, 2 + i);
        p->first_year = sqlite3_column_int(st, 5);
        p->last_year = sqlite3_column_int(st, 6);
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
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

int gk_browse_children(gk_store *s, int64_t plan_id, int64_t parent, gk_node_info **out, size_t *n,
                       gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.id, n.kind, n.title, EXISTS (SELECT 1 FROM node c WHERE c.parent_id = n.id),"
        " " ENDED_SQL("n") " FROM node n WHERE n.plan_id = ?1 AND n.parent_id IS ?2 ORDER BY n.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    if (parent) sqlite3_bind_int64(st, 2, parent);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_node_info *v = grow(*out, *n, sizeof *v);
        if (!v) break;
        *out = v;
        gk_node_info *x = &v[(*n)++];
        x->id = sqlite3_column_int64(st, 0);
        x->plan_id = plan_id;
        x->parent_id = parent;
        x->kind = stored_kind(st, 1);
        x->title = dup_text(st, 2);
        x->has_children = sqlite3_column_int(st, 3) != 0;
        x->ended = sqlite3_column_int(st, 4) != 0;
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
}

void gk_node_info_free(gk_node_info *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].title);
    free(v);
}

bool gk_browse_has_data(gk_store *s, int64_t node, int year)
{
    static const char sql[] = "SELECT " ENTERED_SQL("n.kind", "?1") " FROM node n WHERE n.id = ?1";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return false;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    bool yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return yes;
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

/* The evaluations entered for the node, every year. */
static int load_evals(gk_store *s, gk_node_detail *d, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT year, evaluation FROM note WHERE node_id = ?1"
                                      " AND evaluation IS NOT NULL ORDER BY year",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, d->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_year_eval *v = grow(d->evals, d->nevals, sizeof *v);
        if (!v) break;
        d->evals = v;
        v[d->nevals].year = sqlite3_column_int(st, 0);
        v[d->nevals].text = dup_text(st, 1);
        d->nevals++;
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
}

const char *gk_node_detail_eval(const gk_node_detail *d, int year)
{
    for (size_t i = 0; i < d->nevals; i++)
        if (d->evals[i].year == year) return d->evals[i].text;
    return NULL;
}

static int load_series(gk_store *s, gk_node_detail *d, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT id, name, base_raw, ifnull(base_year, 0) FROM series WHERE node_id = ?1"
        " ORDER BY pos",
        err);
    sqlite3_stmt *vs = st ? gk_sql_prepare(s,
                                           "SELECT year, target_raw, actual_raw FROM value"
                                           " WHERE series_id = ?1 ORDER BY year",
                                           err)
                          : NULL;
    if (!vs) {
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_bind_int64(st, 1, d->id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        gk_series_info *v = grow(d->series, d->nseries, sizeof *v);
        if (!v) break;
        d->series = v;
        gk_series_info *x = &v[d->nseries++];
        memset(x, 0, sizeof *x);
        x->name = strdup((const char *)sqlite3_column_text(st, 1));
        x->base = dup_text(st, 2);
        x->base_year = sqlite3_column_int(st, 3);
        sqlite3_reset(vs);
        sqlite3_bind_int64(vs, 1, sqlite3_column_int64(st, 0));
        while (sqlite3_step(vs) == SQLITE_ROW) {
            gk_year_value *y = grow(x->years, x->nyears, sizeof *y);
            if (!y) break;
            x->years = y;
            y[x->nyears].year = sqlite3_column_int(vs, 0);
            y[x->nyears].target = dup_text(vs, 1);
            y[x->nyears].actual = dup_text(vs, 2);
            x->nyears++;
        }
    }
    sqlite3_finalize(vs);
    sqlite3_finalize(st);
    return load_evals(s, d, err);
}

static int load_children(gk_store *s, gk_node_detail *d, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.id, n.title, n.unit, (SELECT group_concat(CASE r.name WHEN '' THEN v.actual_raw"
        "  ELSE r.name || ' ' || v.actual_raw END, ' / ') FROM series r JOIN value v"
        "  ON v.series_id = r.id WHERE r.node_id = n.id AND v.year = ?2"
        "  AND v.actual_raw IS NOT NULL)"
        " FROM node n WHERE n.parent_id = ?1 AND n.kind = 'indicator' ORDER BY n.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite3_bind_int(st, 2, year);
    while (sqlite3_step(st) == SQLITE_ROW) {
        gk_child_actual *v = grow(d->children, d->nchildren, sizeof *v);
        if (!v) break;
        d->children = v;
        gk_child_actual *c = &v[d->nchildren++];
        c->id = sqlite3_column_int64(st, 0);
        c->title = dup_text(st, 1);
        c->unit = dup_text(st, 2);
        c->actual = dup_text(st, 3);
    }
    sqlite3_finalize(st);
    return 0;
}

int gk_browse_detail(gk_store *s, int64_t node, int year, gk_node_detail *d, gk_error *err)
{
    memset(d, 0, sizeof *d);
    sqlite3_stmt *st = gk_sql_prepare(
        s,
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
        sqlite3_finalize(st);
        gk_error_set(err, _("the node no longer exists"));
        return -1;
    }
    d->id = node;
    d->kind = stored_kind(st, 0);
    d->title = dup_text(st, 1);
    d->content = dup_text(st, 2);
    d->review = dup_text(st, 3);
    d->unit = dup_text(st, 4);
    d->depts = dup_text(st, 5);
    d->tags = dup_text(st, 6);
    d->status = dup_text(st, 7);
    d->next_plan = dup_text(st, 8);
    d->evaluation = dup_text(st, 9);
    d->eval_reason = dup_text(st, 10);
    sqlite3_finalize(st);
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
 * stops at the first actual or note: quick when recent years hold data,
 * which is when it matters (the start of the screen). */
int gk_browse_latest_data_year(gk_store *s, int64_t plan_id)
{
    sqlite3_stmt *span = NULL, *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT first_year, last_year FROM plan WHERE id = ?1", -1, &span,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT EXISTS (SELECT 1 FROM node n JOIN series r ON r.node_id = n.id"
                           " JOIN value v ON v.series_id = r.id AND v.year = ?2"
                           " WHERE n.plan_id = ?1 AND v.actual_raw IS NOT NULL)"
                           " OR EXISTS (SELECT 1 FROM note o JOIN node n ON n.id = o.node_id"
                           " WHERE o.year = ?2 AND n.plan_id = ?1)",
                           -1, &st, NULL) != SQLITE_OK)
        goto done;
    sqlite3_bind_int64(span, 1, plan_id);
    if (sqlite3_step(span) != SQLITE_ROW || sqlite3_column_type(span, 0) == SQLITE_NULL) goto done;
    for (int y = sqlite3_column_int(span, 1); y >= sqlite3_column_int(span, 0) && !found; y--) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, plan_id);
        sqlite3_bind_int(st, 2, y);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0)) found = y;
    }
done:
    sqlite3_finalize(span);
    sqlite3_finalize(st);
    return found;
}

int gk_browse_years(gk_store *s, int64_t plan_id, int **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
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
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int *v = grow(*out, *n, sizeof *v);
        if (!v) break;
        *out = v;
        v[(*n)++] = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
}

int gk_browse_departments(gk_store *s, int64_t plan_id, int year, gk_dept_row **out, size_t *n,
                          gk_error *err)
{
    *out = NULL;
    *n = 0;
    /* A department's items: those it is attached to; its indicators: those
     * it is attached to, and those of its items (and goals). Each counted
     * once per department, entered or missing by progress.h. */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH mine(dept, node) AS (SELECT nd.dept_id, nd.node_id FROM node_dept nd"
        "  JOIN node n ON n.id = nd.node_id WHERE n.plan_id = ?1),"
        " unit(dept, node) AS (SELECT m.dept, n.id FROM mine m JOIN node n ON n.id = m.node"
        "  WHERE n.kind IN ('item', 'indicator') UNION SELECT m.dept, c.id FROM mine m"
        "  JOIN node c ON c.parent_id = m.node WHERE c.kind = 'indicator'),"
        " u(dept, kind, ended, done) AS (SELECT unit.dept, n.kind, " ENDED_SQL("n") ","
        "  " ENTERED_SQL("n.kind", "n.id") " FROM unit JOIN node n ON n.id = unit.node)"
        " SELECT d.name, ifnull(sum(u.kind = 'item'), 0), ifnull(sum(u.kind = 'indicator'), 0),"
        "  ifnull(sum(u.done), 0), ifnull(sum(NOT u.done AND NOT u.ended), 0)"
        " FROM dept d LEFT JOIN u ON u.dept = d.id"
        " WHERE d.id IN (SELECT dept FROM mine) GROUP BY d.id ORDER BY d.name",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    sqlite3_bind_int(st, 2, year);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_dept_row *v = grow(*out, *n, sizeof *v);
        if (!v) break;
        *out = v;
        gk_dept_row *r = &v[(*n)++];
        r->name = dup_text(st, 0);
        r->items = sqlite3_column_int(st, 1);
        r->indicators = sqlite3_column_int(st, 2);
        r->entered = sqlite3_column_int(st, 3);
        r->missing = sqlite3_column_int(st, 4);
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
}

void gk_dept_rows_free(gk_dept_row *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].name);
    free(r);
}

/* The plan's items and indicators in tree order (path: the positions from
 * the top) that still miss their entry for year ?2, by the rules of
 * progress.h (ENTERED_SQL, ENDED_SQL): not entered, and not ended. */
static const char missing_sql[] =
    "WITH RECURSIVE t(id, path) AS ("
    " SELECT id, printf('%010d', pos) FROM node WHERE plan_id = ?1 AND parent_id IS NULL"
    " UNION ALL SELECT n.id, t.path || printf('%010d', n.pos) FROM node n JOIN t"
    "  ON n.parent_id = t.id)"
    " SELECT n.id, t.path FROM t JOIN node n ON n.id = t.id"
    " WHERE n.kind IN ('item', 'indicator') AND NOT " ENDED_SQL("n") " AND NOT "
    ENTERED_SQL("n.kind", "n.id") " ORDER BY t.path";

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
    if (rc == SQLITE_ROW) snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : step_error(s, rc, err);
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
    if (step_error(s, rc, err) != 0) return -1;
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

int gk_browse_search_corpus(gk_store *s, gk_search_entry **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH RECURSIVE t(id, key) AS ("
        " SELECT n.id, printf('%010d%010d', p.pos, n.pos) FROM node n JOIN plan p"
        "  ON p.id = n.plan_id WHERE n.parent_id IS NULL"
        " UNION ALL SELECT n.id, t.key || printf('%010d', n.pos) FROM node n JOIN t"
        "  ON n.parent_id = t.id)"
        " SELECT t.id, n.title, (SELECT group_concat(ifnull(status, '') || char(10) ||"
        "  ifnull(next_plan, ''), char(10)) FROM note WHERE node_id = t.id)"
        " FROM t JOIN node n ON n.id = t.id ORDER BY t.key",
        err);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_search_entry *v = grow(*out, *n, sizeof *v);
        if (!v) break;
        *out = v;
        gk_search_entry *e = &v[(*n)++];
        e->id = sqlite3_column_int64(st, 0);
        e->title = dup_text(st, 1);
        e->notes = dup_text(st, 2);
    }
    sqlite3_finalize(st);
    return step_error(s, rc, err);
}

void gk_search_corpus_free(gk_search_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].title);
        free(e[i].notes);
    }
    free(e);
}
