/*
 * report.c — the data of `gyokaku report` (reportdata.h) and the plan's
 * grade bands.
 *
 * The tree comes from one recursive query in tree order (as export.c
 * reads it); each item's indicators, series, values and notes are read
 * with prepared statements reused for every node, into an arena that is
 * emptied after each item, so memory does not grow with the plan.
 */
#include "gyokaku/reportdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/browse.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plancsv.h"
#include "gyokaku/node.h"
#include "gyokaku/plan.h"
#include "store_int.h"

/* --- grades ------------------------------------------------------------------ */

static int plan_id(gk_store *s, const char *plan, sqlite3_int64 *id, char **uid, char **grades,
                   gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id, uid, grades FROM plan WHERE name = ?1", err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, plan);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        const char *u = (const char *)sqlite3_column_text(st, 1);
        const char *g = (const char *)sqlite3_column_text(st, 2);
        if (uid) *uid = strdup(u ? u : "");
        *grades = g ? strdup(g) : NULL;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE)
        gk_error_set(err, _("no plan named \"%s\" in %s"), plan ? plan : "", s->path);
    else
        gk_sql_error(s, rc, _("cannot read the plan"), err);
    return -1;
}

int gk_plan_grades_get(gk_store *s, const char *plan, char **spec, gk_error *err)
{
    sqlite3_int64 id;
    *spec = NULL;
    return plan_id(s, plan, &id, NULL, spec, err);
}

int gk_plan_grades_set(gk_store *s, const char *plan, const char *spec, gk_error *err)
{
    gk_grades g;
    char canon[512];
    if (spec) {
        if (gk_grades_parse(spec, &g, err) != 0) return -1;
        spec = gk_grades_format(&g, canon, sizeof canon);
        if (strcmp(spec, GK_GRADES_DEFAULT) == 0) spec = NULL;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    sqlite3_int64 id;
    char *uid = NULL, *old = NULL;
    int rc = gk_auth_office_tx(s, _("change plans"), err);
    if (rc == 0) rc = plan_id(s, plan, &id, &uid, &old, err);
    if (rc == 0 && !(old == NULL && spec == NULL) && !(old && spec && strcmp(old, spec) == 0)) {
        sqlite3_stmt *st =
            gk_sql_prepare(s, "UPDATE plan SET grades = ?2, rev = rev + 1 WHERE id = ?1", err);
        rc = st ? 0 : -1;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            gk_sql_bind_text(st, 2, spec);
            rc = gk_sql_run(s, st, _("cannot store the grades"), err);
        }
        if (rc == 0) rc = gk_history_add(s, "plan", uid, "grades", old, spec, err);
    }
    free(uid);
    free(old);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* --- the report's additions (kept in pref, who '') ---------------------------------- */

static int additions_read(gk_store *s, const char *key, unsigned *adds, char **old, gk_error *err)
{
    *adds = 0;
    if (old) *old = NULL;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT value FROM pref WHERE who = '' AND key = ?1", err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        gk_error ignored;
        if (gk_rep_additions_apply(v, adds, &ignored) != 0) *adds = 0; /* unknown words: plain */
        if (old && v) *old = strdup(v);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot read the plan"), err);
    return -1;
}

int gk_plan_additions_get(gk_store *s, const char *plan, unsigned *adds, gk_error *err)
{
    sqlite3_int64 id;
    char *uid = NULL, *grades = NULL;
    *adds = 0;
    if (plan_id(s, plan, &id, &uid, &grades, err) != 0) return -1;
    free(grades);
    char key[300];
    snprintf(key, sizeof key, "report.additions.%s", uid);
    free(uid);
    return additions_read(s, key, adds, NULL, err);
}

int gk_plan_additions_set(gk_store *s, const char *plan, const char *spec, unsigned *adds,
                          gk_error *err)
{
    unsigned probe = 0;
    if (gk_rep_additions_apply(spec, &probe, err) != 0) return -1;
    if (gk_store_begin(s, err) != 0) return -1;
    sqlite3_int64 id;
    char *uid = NULL, *grades = NULL, *old = NULL;
    unsigned v = 0;
    char key[300], now[128];
    int rc = gk_auth_office_tx(s, _("change plans"), err);
    if (rc == 0) rc = plan_id(s, plan, &id, &uid, &grades, err);
    if (rc == 0) {
        snprintf(key, sizeof key, "report.additions.%s", uid);
        rc = additions_read(s, key, &v, &old, err);
    }
    if (rc == 0) {
        gk_rep_additions_apply(spec, &v, err);
        gk_rep_additions_format(v, now, sizeof now);
        if (!(old && strcmp(old, now) == 0) && !(!old && v == 0)) {
            sqlite3_stmt *st =
                gk_sql_prepare(s,
                               v ? "INSERT INTO pref(who, key, value) VALUES ('', ?1, ?2)"
                                   " ON CONFLICT (who, key) DO UPDATE SET value = excluded.value"
                                 : "DELETE FROM pref WHERE who = '' AND key = ?1",
                               err);
            rc = st ? 0 : -1;
            if (st) {
                gk_sql_bind_text(st, 1, key);
                if (v) gk_sql_bind_text(st, 2, now);
                rc = gk_sql_run(s, st, _("cannot store the plan"), err);
            }
            if (rc == 0) rc = gk_history_add(s, "plan", uid, "report", old, v ? now : NULL, err);
        }
    }
    free(uid);
    free(grades);
    free(old);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    if (adds) *adds = v;
    return gk_store_commit(s, err);
}

/* --- the arena ------------------------------------------------------------------ */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
} arena_block;

typedef struct arena {
    arena_block *head; /* the current block; older ones follow */
} arena;

static void *arena_alloc(arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!a->head || a->head->size - a->head->used < n) {
        size_t size = n > 65536 ? n : 65536;
        arena_block *b = malloc(sizeof *b + size);
        if (!b) return NULL;
        b->next = a->head;
        b->used = 0;
        b->size = size;
        a->head = b;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    memset(p, 0, n);
    return p;
}

static char *arena_text(arena *a, sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    if (!t || !*t) return NULL;
    size_t n = strlen(t) + 1;
    char *p = arena_alloc(a, n);
    if (p) memcpy(p, t, n);
    return p;
}

/* Empties the arena, keeping its newest block for reuse. */
static void arena_reset(arena *a)
{
    if (!a->head) return;
    arena_block *b = a->head->next;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head->next = NULL;
    a->head->used = 0;
}

static void arena_free(arena *a)
{
    arena_reset(a);
    free(a->head);
    a->head = NULL;
}

/* --- the plan and year ------------------------------------------------------------ */

struct gk_report_data {
    gk_rep_plan plan;
    sqlite3_int64 plan_id;
    char *name, *labels[3], *dept;
    int *years;
};

const gk_rep_plan *gk_report_plan(const gk_report_data *d)
{
    return &d->plan;
}

void gk_report_close(gk_report_data *d)
{
    if (!d) return;
    free(d->name);
    for (int i = 0; i < 3; i++)
        free(d->labels[i]);
    free(d->dept);
    free(d->years);
    free(d);
}

static int only_plan(gk_store *s, gk_report_data *d, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT name FROM plan ORDER BY pos", err);
    if (!st) return -1;
    int n = 0, rc;
    char names[512] = "";
    size_t o = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (n++ == 0) d->name = strdup(name);
        if (o < sizeof names) {
            int w = snprintf(names + o, sizeof names - o, "%s\"%s\"", o ? ", " : "", name);
            if (w > 0) o += (size_t)w;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the plans"), err);
        return -1;
    }
    if (n == 0) {
        gk_error_set(err, _("%s holds no plan; import one first"), s->path);
        return -1;
    }
    if (n > 1) {
        gk_error_set(err, _("%s holds several plans (%s); choose one with --plan"), s->path, names);
        return -1;
    }
    return 0;
}

static int check_dept(gk_store *s, const char *dept, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT 1 FROM dept WHERE name = ?1", err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, dept);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 0;
    gk_error_set(err, _("no department named \"%s\" in %s"), dept, s->path);
    return -1;
}

/* The report reads the plan once, in order: a small page cache is enough
 * and keeps its memory flat in the plan's size (as the export's); the
 * connection's own size is put back after. The sorts of its queries are
 * held to the same budget (SQLite spills a larger one to a temporary
 * file). */
static void small_cache(gk_store *s, bool on)
{
    sqlite3_exec(s->db, on ? "PRAGMA cache_size = -2048" : "PRAGMA cache_size = " GK_CACHE_SIZE,
                 NULL, NULL, NULL);
}

/* Whether any node of the plan has a テーマ (when the query fails: yes,
 * the matrix is then gathered and printed if there is one). The tags lead
 * (CROSS JOIN keeps SQLite's planner from turning it round): a plan
 * without テーマ costs nothing, where reading it node by node would read
 * every node of the plan. */
static bool plan_tagged(gk_store *s, sqlite3_int64 plan_id)
{
    gk_error ignored = {{0}};
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT EXISTS (SELECT 1 FROM node_tag nt CROSS JOIN node n"
                                      " ON n.id = nt.node_id WHERE n.plan_id = ?1)",
                                      &ignored);
    if (!st) return true;
    sqlite3_bind_int64(st, 1, plan_id);
    bool tagged = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    return tagged;
}

gk_report_data *gk_report_open(gk_store *s, const gk_report_query *q, gk_error *err)
{
    gk_report_data *d = calloc(1, sizeof *d);
    if (!d) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    if (q->plan)
        d->name = strdup(q->plan);
    else if (only_plan(s, d, err) != 0)
        goto fail;
    char *grades = NULL;
    if (plan_id(s, d->name, &d->plan_id, NULL, &grades, err) != 0) goto fail;
    int rc = gk_grades_parse(grades ? grades : GK_GRADES_DEFAULT, &d->plan.grades, err);
    if (rc != 0) gk_error_prefix(err, _("the grades of plan \"%s\""), d->name);
    free(grades);
    if (rc != 0) goto fail;
    if (q->dept && check_dept(s, q->dept, err) != 0) goto fail;

    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT label_goal, label_policy, label_item FROM plan WHERE id = ?1", err);
    if (!st) goto fail;
    sqlite3_bind_int64(st, 1, d->plan_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        for (int i = 0; i < 3; i++)
            d->labels[i] = strdup((const char *)sqlite3_column_text(st, i));
    sqlite3_finalize(st);

    size_t n = 0;
    small_cache(s, true); /* the years read every value of the plan once */
    rc = gk_browse_years(s, d->plan_id, &d->years, &n, err);
    int year = rc != 0 ? -1 : q->year ? q->year : gk_browse_latest_data_year(s, d->plan_id, err);
    small_cache(s, false);
    if (year < 0) goto fail;
    if (!year && n) year = d->years[0];
    if (!year) {
        gk_error_set(err, _("plan \"%s\" has no fiscal years yet; give one with --year"), d->name);
        goto fail;
    }
    size_t at = 0;
    while (at < n && d->years[at] < year)
        at++;
    if ((at == n || d->years[at] != year) && n > 0 && !q->any_year) {
        char a[32], b[32], c[32];
        gk_error_set(err, _("%s is outside the years of plan \"%s\" (%s to %s)"),
                     gk_fy_short(year, a, sizeof a), d->name, gk_fy_short(d->years[0], b, sizeof b),
                     gk_fy_short(d->years[n - 1], c, sizeof c));
        goto fail;
    }
    if (at == n || d->years[at] != year) { /* a year outside the plan's: shown all the same */
        int *v = realloc(d->years, (n + 1) * sizeof *v);
        if (!v) goto fail;
        d->years = v;
        memmove(v + at + 1, v + at, (n - at) * sizeof *v);
        v[at] = year;
        n++;
    }
    if (q->dept) d->dept = strdup(q->dept);
    d->plan = (gk_rep_plan){
        .name = d->name,
        .label_goal = d->labels[0] ? d->labels[0] : GK_LABEL_GOAL,
        .label_policy = d->labels[1] ? d->labels[1] : GK_LABEL_POLICY,
        .label_item = d->labels[2] ? d->labels[2] : GK_LABEL_ITEM,
        .year = year,
        .nyears = n,
        .years = d->years,
        .year_index = at,
        .grades = d->plan.grades,
        .dept = d->dept,
        .entry = gk_plan_entry(s, d->plan_id),
        .tagged = plan_tagged(s, d->plan_id),
    };
    return d;
fail:
    gk_report_close(d);
    return NULL;
}

/* --- the stream ------------------------------------------------------------------- */

static const char tree_sql[] =
    "WITH RECURSIVE" GK_SQL_DEPT_SCOPE " t(id, sortkey, goal, policy, inrel) AS ("
    "  SELECT n.id, printf('%010d', n.pos),"
    "   CASE n.kind WHEN 'goal' THEN n.title END, CASE n.kind WHEN 'policy' THEN n.title END,"
    "   n.id IN rel"
    "  FROM node n WHERE n.plan_id = ?1 AND n.parent_id IS NULL"
    "  UNION ALL"
    "  SELECT n.id, t.sortkey || printf('%010d', n.pos),"
    "   CASE n.kind WHEN 'goal' THEN n.title ELSE t.goal END,"
    "   CASE n.kind WHEN 'policy' THEN n.title ELSE t.policy END,"
    "   t.inrel OR n.id IN rel"
    "  FROM node n JOIN t ON n.parent_id = t.id)"
    " SELECT t.id, n.kind, n.title, n.content, n.unit, n.direction, ifnull(n.parent_id, 0),"
    "  ifnull(p.kind, ''), t.goal, t.policy, n.review"
    " FROM t JOIN node n ON n.id = t.id LEFT JOIN node p ON p.id = n.parent_id"
    " WHERE ?2 IS NULL OR t.inrel OR t.id IN up"
    " ORDER BY t.sortkey";

static const char depts_sql[] = "SELECT d.name FROM node_dept nd JOIN dept d ON d.id = nd.dept_id"
                                " WHERE nd.node_id = ?1 ORDER BY nd.pos";
static const char tags_sql[] = "SELECT t.name FROM node_tag nt JOIN tag t ON t.id = nt.tag_id"
                               " WHERE nt.node_id = ?1 ORDER BY nt.pos";
static const char note_sql[] =
    "SELECT status, next_plan, evaluation, eval_reason, state = 'approved' FROM note"
    " WHERE node_id = ?1 AND year = ?2";
static const char evals_sql[] = "SELECT year, evaluation, eval_reason FROM note"
                                " WHERE node_id = ?1 AND evaluation IS NOT NULL";
static const char series_sql[] =
    "SELECT id, name, base_raw, ifnull(base_year, 0) FROM series WHERE node_id = ?1 ORDER BY pos";
static const char values_sql[] =
    "SELECT year, target_raw, actual_raw FROM value WHERE series_id = ?1";
static const char cells_sql[] =
    "WITH d(title, unit, nodes, first) AS ("
    "  SELECT title, ifnull(unit, ''), count(*), min(pos) FROM node"
    "  WHERE plan_id = ?1 AND kind = 'indicator' GROUP BY title, ifnull(unit, '')"
    "  HAVING count(*) >= 2)"
    " SELECT d.title, d.unit, d.nodes, s.name, v.year, v.target_raw, v.actual_raw,"
    "  (WITH RECURSIVE up(id, pid) AS (SELECT n.id, n.parent_id UNION ALL"
    "   SELECT a.id, a.parent_id FROM node a JOIN up ON a.id = up.pid)"
    "   SELECT g.title FROM up JOIN node g ON g.id = up.id WHERE g.kind = 'goal' LIMIT 1)"
    " FROM d JOIN node n ON n.plan_id = ?1 AND n.kind = 'indicator' AND n.title = d.title"
    "  AND ifnull(n.unit, '') = d.unit"
    " JOIN series s ON s.node_id = n.id JOIN value v ON v.series_id = s.id"
    " ORDER BY d.first, d.title, d.unit, s.pos, s.name, v.year, n.pos";

typedef struct stream {
    gk_store *s;
    gk_report_data *d;
    const gk_report_sink *sink;
    gk_error *err;
    sqlite3_stmt *depts, *note, *evals, *series, *values, *tags;
    arena a;
    gk_rep_item item;    /* the item being gathered */
    bool open;           /* item holds something to send */
    sqlite3_int64 owner; /* the node whose indicators item gathers */
    size_t cap;          /* capacity of item.ind (malloc'd, kept across items) */
    gk_rep_indicator *ind;
} stream;

static int oom(stream *x)
{
    gk_error_set(x->err, _("out of memory"));
    return -1;
}

static int read_error(stream *x, int rc)
{
    gk_sql_error(x->s, rc, _("cannot read the plan"), x->err);
    return -1;
}

static sqlite3_stmt *bind(sqlite3_stmt *st, sqlite3_int64 id, int year)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int(st, 2, year);
    return st;
}

/* The names read by st (its first column) for node id. */
static int read_names(stream *x, sqlite3_stmt *names, sqlite3_int64 id, const char ***out,
                      size_t *n)
{
    sqlite3_stmt *st = bind(names, id, 0);
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            const char **v = arena_alloc(&x->a, cap * sizeof *v);
            if (!v) return oom(x);
            if (*n) memcpy(v, *out, *n * sizeof *v);
            *out = v;
        }
        if (!((*out)[(*n)++] = arena_text(&x->a, st, 0))) return oom(x);
    }
    return rc == SQLITE_DONE ? 0 : read_error(x, rc);
}

static int read_depts(stream *x, sqlite3_int64 id, const char ***out, size_t *n)
{
    return read_names(x, x->depts, id, out, n);
}

/* The report year's notes of a node. */
static int read_note(stream *x, sqlite3_int64 id, const char **status, const char **next,
                     const char **eval, const char **reason, bool *unapproved)
{
    sqlite3_stmt *st = bind(x->note, id, x->d->plan.year);
    int rc = sqlite3_step(st);
    if (unapproved) /* no note: never approved */
        *unapproved = rc != SQLITE_ROW || sqlite3_column_int(st, 4) == 0;
    if (rc == SQLITE_ROW) {
        *status = arena_text(&x->a, st, 0);
        *next = arena_text(&x->a, st, 1);
        if (eval) *eval = arena_text(&x->a, st, 2);
        if (reason) *reason = arena_text(&x->a, st, 3);
        return 0;
    }
    return rc == SQLITE_DONE ? 0 : read_error(x, rc);
}

static long year_index(const gk_rep_plan *p, int year)
{
    for (size_t i = 0; i < p->nyears; i++)
        if (p->years[i] == year) return (long)i;
    return -1;
}

static int read_series(stream *x, sqlite3_int64 id, gk_rep_indicator *ind)
{
    const gk_rep_plan *p = &x->d->plan;
    size_t ny = p->nyears, cap = 0;
    sqlite3_stmt *st = bind(x->series, id, 0);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ind->nseries == cap) {
            cap = cap ? cap * 2 : 2;
            gk_rep_series *v = arena_alloc(&x->a, cap * sizeof *v);
            if (!v) return oom(x);
            if (ind->nseries) memcpy(v, ind->series, ind->nseries * sizeof *v);
            ind->series = v;
        }
        gk_rep_series *s = &ind->series[ind->nseries++];
        const char *name = (const char *)sqlite3_column_text(st, 1);
        s->name = arena_text(&x->a, st, 1);
        if (!s->name) s->name = name && *name ? NULL : "";
        s->base = arena_text(&x->a, st, 2);
        s->base_year = sqlite3_column_int(st, 3);
        s->target = arena_alloc(&x->a, ny * sizeof *s->target);
        s->actual = arena_alloc(&x->a, ny * sizeof *s->actual);
        s->ach = arena_alloc(&x->a, ny * sizeof *s->ach);
        s->grade = arena_alloc(&x->a, ny * sizeof *s->grade);
        if (!s->name || !s->target || !s->actual || !s->ach || !s->grade) return oom(x);
        sqlite3_stmt *v = bind(x->values, sqlite3_column_int64(st, 0), 0);
        int vrc;
        while ((vrc = sqlite3_step(v)) == SQLITE_ROW) {
            long y = year_index(p, sqlite3_column_int(v, 0));
            if (y < 0) continue;
            s->target[y] = arena_text(&x->a, v, 1);
            s->actual[y] = arena_text(&x->a, v, 2);
        }
        if (vrc != SQLITE_DONE) return read_error(x, vrc);
    }
    return rc == SQLITE_DONE ? 0 : read_error(x, rc);
}

static int read_indicator(stream *x, sqlite3_stmt *t, gk_rep_indicator *ind)
{
    const gk_rep_plan *p = &x->d->plan;
    size_t ny = p->nyears;
    sqlite3_int64 id = sqlite3_column_int64(t, 0);
    memset(ind, 0, sizeof *ind);
    ind->title = arena_text(&x->a, t, 2);
    ind->unit = arena_text(&x->a, t, 4);
    ind->dir = gk_direction_from_name((const char *)sqlite3_column_text(t, 5));
    ind->evaluation = arena_alloc(&x->a, ny * sizeof *ind->evaluation);
    ind->reason = arena_alloc(&x->a, ny * sizeof *ind->reason);
    ind->grade = arena_alloc(&x->a, ny * sizeof *ind->grade);
    ind->grade_entered = arena_alloc(&x->a, ny * sizeof *ind->grade_entered);
    if (!ind->title || !ind->evaluation || !ind->reason || !ind->grade || !ind->grade_entered)
        return oom(x);
    if (read_depts(x, id, &ind->depts, &ind->ndepts) != 0 ||
        read_note(x, id, &ind->status, &ind->next_plan, NULL, NULL,
                  x->item.kind == 'i' ? NULL : &ind->unapproved) != 0 ||
        read_series(x, id, ind) != 0)
        return -1;
    sqlite3_stmt *st = bind(x->evals, id, 0);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long y = year_index(p, sqlite3_column_int(st, 0));
        if (y < 0) continue;
        ind->evaluation[y] = arena_text(&x->a, st, 1);
        ind->reason[y] = arena_text(&x->a, st, 2);
    }
    if (rc != SQLITE_DONE) return read_error(x, rc);
    if (ind->dir == GK_DIR_UNKNOWN && ind->nseries) { /* not stored: as the import infers it */
        const gk_rep_series *s = &ind->series[0];
        ind->dir = gk_direction_infer(s->base, s->target, (int)ny, ind->unit);
    }
    return 0;
}

/* Sends the gathered item (if any) and empties the arena. */
static int flush(stream *x)
{
    int rc = 0;
    if (x->open) {
        x->item.ind = x->ind;
        gk_rep_judge(&x->d->plan, &x->item);
        rc = x->sink->item(x->sink->ctx, &x->item, x->err);
    }
    x->open = false;
    x->owner = 0;
    memset(&x->item, 0, sizeof x->item);
    arena_reset(&x->a);
    return rc;
}

static void set_path(stream *x, sqlite3_stmt *t)
{
    x->item.goal = arena_text(&x->a, t, 8);
    x->item.policy = arena_text(&x->a, t, 9);
}

static int on_node(stream *x, sqlite3_stmt *t)
{
    sqlite3_int64 id = sqlite3_column_int64(t, 0);
    int kind = gk_node_kind_from_name(gk_stmt_text(t, 1));
    const char *title = gk_stmt_text(t, 2);
    if (kind == GK_NODE_GOAL || kind == GK_NODE_POLICY) {
        if (flush(x) != 0) return -1;
        gk_rep_heading h = {.title = title};
        if (read_note(x, id, &h.status, &h.next_plan, NULL, NULL, NULL) != 0) return -1;
        return (kind == GK_NODE_GOAL ? x->sink->goal : x->sink->policy)(x->sink->ctx, &h, x->err);
    }
    if (kind == GK_NODE_ITEM) {
        if (flush(x) != 0) return -1;
        gk_rep_item *it = &x->item;
        it->kind = 'i';
        set_path(x, t);
        it->title = arena_text(&x->a, t, 2);
        it->content = arena_text(&x->a, t, 3);
        it->review = arena_text(&x->a, t, 10);
        x->open = true;
        x->owner = id;
        if (!it->title) return oom(x);
        return read_depts(x, id, &it->depts, &it->ndepts) != 0 ||
                       read_names(x, x->tags, id, &it->tags, &it->ntags) != 0 ||
                       read_note(x, id, &it->status, &it->next_plan, &it->evaluation,
                                 &it->eval_reason, &it->unapproved) != 0
                   ? -1
                   : 0;
    }
    /* an indicator: under the item being gathered, or under a goal, policy or the plan */
    sqlite3_int64 parent = sqlite3_column_int64(t, 6);
    if (!x->open || x->owner != parent) {
        if (flush(x) != 0) return -1;
        const char *pk = (const char *)sqlite3_column_text(t, 7);
        x->item.kind = pk[0] == 'g' ? 'g' : pk[0] == 'p' ? 'p' : pk[0] == 'i' ? 'i' : 'r';
        set_path(x, t);
        x->open = true;
        x->owner = parent;
    }
    gk_rep_item *it = &x->item;
    if (it->nind == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        gk_rep_indicator *v = realloc(x->ind, cap * sizeof *v);
        if (!v) return oom(x);
        x->ind = v;
        x->cap = cap;
    }
    return read_indicator(x, t, &x->ind[it->nind++]);
}

static int stream_cells(stream *x)
{
    sqlite3_stmt *st = gk_sql_prepare(x->s, cells_sql, x->err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, x->d->plan_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c[6];
        for (int i = 0; i < 6; i++)
            c[i] = (const char *)sqlite3_column_text(st, i == 0 ? 0 : i == 1 ? 1 : i + 1);
        if (x->sink->cell(x->sink->ctx, c[0], c[1], sqlite3_column_int(st, 2),
                          (const char *)sqlite3_column_text(st, 7), c[2], sqlite3_column_int(st, 4),
                          c[4], c[5], x->err) != 0) {
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : read_error(x, rc);
}

int gk_report_stream(gk_store *s, gk_report_data *d, const gk_report_sink *sink, gk_error *err)
{
    stream x = {.s = s, .d = d, .sink = sink, .err = err};
    sqlite3_stmt *tree = gk_sql_prepare(s, tree_sql, err);
    x.depts = tree ? gk_sql_prepare(s, depts_sql, err) : NULL;
    x.note = x.depts ? gk_sql_prepare(s, note_sql, err) : NULL;
    x.evals = x.note ? gk_sql_prepare(s, evals_sql, err) : NULL;
    x.series = x.evals ? gk_sql_prepare(s, series_sql, err) : NULL;
    x.values = x.series ? gk_sql_prepare(s, values_sql, err) : NULL;
    x.tags = x.values ? gk_sql_prepare(s, tags_sql, err) : NULL;
    int rc = -1;
    small_cache(s, true);
    if (x.tags && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(tree, 1, d->plan_id);
        gk_sql_bind_text(tree, 2, d->dept);
        int src;
        rc = 0;
        while (rc == 0 && (src = sqlite3_step(tree)) == SQLITE_ROW)
            rc = on_node(&x, tree);
        if (rc == 0 && src != SQLITE_DONE) rc = read_error(&x, src);
        if (rc == 0) rc = flush(&x);
        if (rc == 0) rc = stream_cells(&x);
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    } else if (x.tags) {
        gk_sql_error(s, sqlite3_errcode(s->db), _("cannot read the plan"), err);
    }
    small_cache(s, false);
    sqlite3_finalize(tree);
    sqlite3_finalize(x.depts);
    sqlite3_finalize(x.note);
    sqlite3_finalize(x.evals);
    sqlite3_finalize(x.series);
    sqlite3_finalize(x.values);
    sqlite3_finalize(x.tags);
    arena_free(&x.a);
    free(x.ind);
    return rc;
}

/* --- completeness ---------------------------------------------------------------- */

static int prog_heading(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    return 0;
}

static int prog_item(void *ctx, gk_rep_item *it, gk_error *err)
{
    if (gk_rep_summary_add(ctx, it, "", "") == 0) return 0;
    gk_error_set(err, _("out of memory"));
    return -1;
}

static int prog_cell(void *ctx, const char *title, const char *unit, long nodes, const char *goal,
                     const char *series, int year, const char *target, const char *actual,
                     gk_error *err)
{
    return 0;
}

int gk_report_progress(gk_store *s, const char *plan, int year, const char *dept, gk_progress *out,
                       int *year_used, gk_error *err)
{
    memset(out, 0, sizeof *out);
    gk_report_query q = {.plan = plan, .year = year, .dept = dept, .any_year = true};
    gk_report_data *d = gk_report_open(s, &q, err);
    if (!d) return -1;
    gk_rep_summary sum;
    gk_rep_summary_init(&sum, &d->plan);
    gk_report_sink sink = {prog_heading, prog_heading, prog_item, prog_cell, &sum};
    int rc = gk_report_stream(s, d, &sink, err);
    if (rc == 0 && !dept) *out = gk_rep_progress(&sum.total);
    for (size_t i = 0; rc == 0 && dept && i < sum.ndepts; i++)
        if (strcmp(sum.depts[i].name, dept) == 0) *out = gk_rep_progress(&sum.depts[i]);
    if (year_used) *year_used = d->plan.year;
    gk_rep_summary_free(&sum);
    gk_report_close(d);
    return rc;
}
