/*
 * workflow.c — states, submit / return / approve, finding nodes by name, and
 * the submission board (workflow.h).
 *
 * The state a user sees is derived from note.state and the content of the
 * year: 'none' with nothing saved is 未入力, 'none' with an actual or a note
 * (an imported status report) is 入力中 like 'draft', 'draft' with a comment
 * is 差し戻し. The same rule is one SQL expression (STATE_SQL) used for one
 * node and for the whole board.
 */
#include "gyokaku/workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/node.h"
#include "gyokaku/progress.h"
#include "gyokaku/value.h"
#include "store_int.h"

/* The gk_wstate of node n (note o LEFT JOINed for year ?Y). */
#define STATE_SQL(Y)                                                                               \
    "CASE WHEN o.state = 'approved' THEN 4 WHEN o.state = 'submitted' THEN 3"                      \
    " WHEN o.state = 'draft' AND o.comment IS NOT NULL THEN 2"                                     \
    " WHEN o.state = 'draft' OR o.status IS NOT NULL OR o.next_plan IS NOT NULL"                   \
    " OR o.evaluation IS NOT NULL OR EXISTS (SELECT 1 FROM node i JOIN series s ON s.node_id ="    \
    " i.id JOIN value v ON v.series_id = s.id AND v.year = " Y " WHERE (i.id = n.id OR"            \
    " (i.parent_id = n.id AND i.kind = 'indicator')) AND v.actual_raw IS NOT NULL) THEN 1"         \
    " ELSE 0 END"

/* The main department of node n: its own, else its nearest ancestor's. */
#define MAIN_DEPT_SQL                                                                              \
    "COALESCE((SELECT dept_id FROM node_dept WHERE node_id = n.id ORDER BY pos LIMIT 1),"          \
    " (SELECT dept_id FROM node_dept WHERE node_id = n.parent_id ORDER BY pos LIMIT 1),"           \
    " (SELECT nd.dept_id FROM node_dept nd JOIN node a ON a.parent_id = nd.node_id"                \
    " WHERE a.id = n.parent_id ORDER BY nd.pos LIMIT 1),"                                          \
    " (SELECT nd.dept_id FROM node_dept nd JOIN node b ON b.parent_id = nd.node_id"                \
    " JOIN node a ON a.parent_id = b.id WHERE a.id = n.parent_id ORDER BY nd.pos LIMIT 1))"

const char *gk_wstate_label(gk_wstate st)
{
    switch (st) {
    case GK_WS_ENTERING:
        return _("entering");
    case GK_WS_RETURNED:
        return _("returned");
    case GK_WS_SUBMITTED:
        return _("submitted");
    case GK_WS_APPROVED:
        return _("approved");
    default:
        return _("not entered");
    }
}

int gk_node_wstate(gk_store *s, int64_t node_id, int year, gk_wstate *out, char **comment,
                   gk_error *err)
{
    if (comment) *comment = NULL;
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_WSTATE,
        "SELECT " STATE_SQL("?2") ", o.comment FROM node n"
                                  " LEFT JOIN note o ON o.node_id = n.id AND o.year = ?2"
                                  " WHERE n.id = ?1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (gk_wstate)sqlite3_column_int(st, 0);
        if (comment && sqlite3_column_type(st, 1) != SQLITE_NULL)
            *comment = strdup(gk_col_text(st, 1));
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE)
        gk_error_set(err, _("the selected node no longer exists"));
    else
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
    return -1;
}

/* --- paths and finding nodes --------------------------------------------------------- */

char *gk_node_path(gk_store *s, int64_t node_id)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "WITH RECURSIVE up(id, parent_id, title, depth) AS (SELECT id, parent_id, title, 0 FROM"
        " node WHERE id = ?1 UNION ALL SELECT n.id, n.parent_id, n.title, up.depth + 1 FROM node n"
        " JOIN up ON n.id = up.parent_id)"
        " SELECT group_concat(title, '>') FROM (SELECT title FROM up ORDER BY depth DESC)",
        NULL);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, node_id);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        out = strdup(gk_col_text(st, 0));
    sqlite3_finalize(st);
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

/* 0 when plan (NULL: none asked) exists, else -1 with err. */
static int plan_exists(gk_store *s, const char *plan, gk_error *err)
{
    if (!plan) return 0;
    sqlite3_stmt *p = gk_sql_prepare(s, "SELECT 1 FROM plan WHERE name = ?1", err);
    if (!p) return -1;
    sqlite3_bind_text(p, 1, plan, -1, SQLITE_STATIC);
    int rc = sqlite3_step(p);
    sqlite3_finalize(p);
    if (rc == SQLITE_ROW) return 0;
    gk_error_set(err, _("no plan named \"%s\""), plan);
    return -1;
}

int gk_node_find(gk_store *s, const char *plan, const char *spec, int64_t *id, gk_error *err)
{
    if (plan_exists(s, plan, err) != 0) return -1;
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

/* --- transitions -------------------------------------------------------------------- */

typedef struct node_info {
    int64_t id;
    char kind[16];
    char state[16]; /* note.state, "none" without a row */
    bool has_comment;
    gk_wstate ws;
} node_info;

static int read_node(gk_store *s, int64_t id, int year, node_info *ni, gk_error *err)
{
    memset(ni, 0, sizeof *ni);
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.kind, ifnull(o.state, 'none'), o.comment IS NOT"
        " NULL, " STATE_SQL("?2") " FROM node n LEFT JOIN note o"
                                  " ON o.node_id = n.id AND o.year = ?2 WHERE n.id = ?1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        ni->id = id;
        snprintf(ni->kind, sizeof ni->kind, "%s", gk_col_text(st, 0));
        snprintf(ni->state, sizeof ni->state, "%s", gk_col_text(st, 1));
        ni->has_comment = sqlite3_column_int(st, 2);
        ni->ws = (gk_wstate)sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE)
        gk_error_set(err, _("the selected node no longer exists"));
    else
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
    return -1;
}

/* The indicators of an item. */
static int children(gk_store *s, int64_t item, int64_t **out, size_t *n, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT id FROM node WHERE parent_id = ?1 AND kind = 'indicator' ORDER BY pos", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, item);
    return gk_sql_collect_ids(s, st, out, n, err);
}

typedef struct checker {
    gk_store *s;
    gk_wf_report_fn report;
    void *ctx;
    long problems;
} checker;

static void problem(checker *c, int64_t node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(checker *c, int64_t node, const char *fmt, ...)
{
    char msg[GK_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *path = gk_node_path(c->s, node);
    if (c->report) c->report(c->ctx, path ? path : "?", msg);
    free(path);
    c->problems++;
}

/* The direction of indicator ind: stored, else inferred from its first
 * series' 初期値 and targets as the report does. -1 with err. */
static int indicator_direction(gk_store *s, int64_t ind, gk_direction *dir, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.direction, n.unit, s.base_raw, v.target_raw FROM node n"
        " LEFT JOIN series s ON s.id = (SELECT id FROM series WHERE node_id = n.id ORDER BY pos"
        " LIMIT 1) LEFT JOIN value v ON v.series_id = s.id WHERE n.id = ?1 ORDER BY v.year",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    char *base = NULL, *unit = NULL, **targets = NULL;
    int n = 0, rc;
    *dir = GK_DIR_UNKNOWN;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == 0) {
            *dir = gk_direction_from_name(gk_col_text(st, 0));
            if (*dir != GK_DIR_UNKNOWN) break;
            base = gk_col_dup(st, 2);
            unit = gk_col_dup(st, 1);
        }
        char **v = realloc(targets, (size_t)(n + 1) * sizeof *v);
        if (!v) break;
        targets = v;
        targets[n++] = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : gk_col_dup(st, 3);
    }
    sqlite3_finalize(st);
    if (*dir == GK_DIR_UNKNOWN && n > 0)
        *dir = gk_direction_infer(base && *base ? base : NULL, (const char *const *)targets, n,
                                  unit && *unit ? unit : NULL);
    for (int i = 0; i < n; i++)
        free(targets[i]);
    free(targets);
    free(base);
    free(unit);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the actuals"), err);
        return -1;
    }
    return 0;
}

/* Whether indicator ind is entered for year by the notes rule of
 * progress.h (a qualitative indicator with 取組状況 and 次年度 written):
 * 1 yes, 0 no, -1 with err. */
static int entered_by_notes(gk_store *s, int64_t ind, int year, gk_error *err)
{
    gk_direction dir;
    if (indicator_direction(s, ind, &dir, err) != 0) return -1;
    if (dir != GK_DIR_QUALITATIVE) return 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT status, next_plan FROM note WHERE node_id = ?1 AND year = ?2", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st), yes = 0;
    if (rc == SQLITE_ROW)
        yes = gk_notes_complete((const char *)sqlite3_column_text(st, 0),
                                (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the actuals"), err);
        return -1;
    }
    return yes;
}

/* Completeness of an indicator for year (progress.h): every series has an
 * actual, and 未確定 has its reason in the indicator's 取組状況; or, for a
 * qualitative indicator, its notes of the year are complete. */
static int check_indicator(checker *c, int64_t ind, int year, gk_error *err)
{
    int by_notes = entered_by_notes(c->s, ind, year, err);
    if (by_notes < 0) return -1;
    if (by_notes) return 0;
    sqlite3_stmt *st = gk_sql_prepare(
        c->s,
        "SELECT s.name, v.actual_raw, (SELECT status FROM note WHERE node_id = ?1 AND year = ?2)"
        " FROM series s LEFT JOIN value v ON v.series_id = s.id AND v.year = ?2"
        " WHERE s.node_id = ?1 ORDER BY s.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int(st, 2, year);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        const char *series = gk_col_text(st, 0);
        char name[300] = "";
        if (*series) snprintf(name, sizeof name, " (%s)", series);
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            problem(c, ind, _("no 実績値%s"), name);
        else if (strcmp(gk_col_text(st, 1), GK_ACTUAL_PENDING) == 0 &&
                 sqlite3_column_type(st, 2) == SQLITE_NULL)
            problem(c, ind, _("実績値%s is %s: write the reason in 取組状況"), name,
                    GK_ACTUAL_PENDING);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(c->s, rc, _("cannot read the actuals"), err);
        return -1;
    }
    if (rows == 0) problem(c, ind, _("no 実績値"));
    return 0;
}

static int check_item_status(checker *c, int64_t item, int year, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(c->s, "SELECT status FROM note WHERE node_id = ?1 AND year = ?2", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, item);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    bool entered = rc == SQLITE_ROW && gk_item_entered((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if ((rc == SQLITE_ROW || rc == SQLITE_DONE) && !entered)
        problem(c, item, _("取組状況 is empty"));
    return gk_sql_step_done(c->s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

/* For an indicator under an item: 1 when the item is submitted, 2 when it
 * is approved, 0 otherwise, -1 on error. */
static int item_frozen(checker *c, int64_t ind, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        c->s,
        "SELECT o.state FROM node n JOIN node p ON p.id = n.parent_id AND p.kind = 'item'"
        " JOIN note o ON o.node_id = p.id AND o.year = ?2 WHERE n.id = ?1"
        " AND o.state IN ('submitted', 'approved')",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW) out = strcmp(gk_col_text(st, 0), "approved") == 0 ? 2 : 1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(c->s, rc, _("cannot read the workflow state"), err);
        return -1;
    }
    return out;
}

static const char *state_word(const node_info *ni)
{
    return gk_wstate_label(ni->ws);
}

/* Whether a may act on node id in year: 1, or 0 with the refusal reported
 * (no role, a clerk returning or approving, another department, a locked
 * year), or -1 when the database could not say. */
static int may_act(checker *c, const gk_auth *a, gk_waction act, int64_t id, int year)
{
    gk_error why = {{0}};
    if (a->role == GK_ROLE_NONE ||
        (act != GK_WF_SUBMIT && a->role != GK_ROLE_SUPERVISOR && a->role != GK_ROLE_OFFICE)) {
        if (a->role == GK_ROLE_NONE)
            gk_auth_refuse_admin(c->s, a, "", &why);
        else
            gk_error_set(&why,
                         act == GK_WF_RETURN
                             ? _("only a supervisor or the plan office may return an entry; "
                                 "you (%s) are %s")
                             : _("only a supervisor or the plan office may approve an entry; "
                                 "you (%s) are %s"),
                         gk_store_user(c->s), gk_role_label(a->role));
        problem(c, id, "%s", why.msg);
        return 0;
    }
    int rc = gk_auth_dept(c->s, a, id, &why);
    if (rc < 0) return -1;
    if (rc == 0) {
        problem(c, id, "%s", why.msg);
        return 0;
    }
    rc = gk_auth_locked(c->s, year, &why);
    if (rc < 0) return -1;
    if (rc == 1) {
        problem(c, id, "%s", why.msg);
        return 0;
    }
    return 1;
}

/* 1 when item id is a container (progress.h), 0 when not, -1 with err. */
static int container(gk_store *s, int64_t id, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT " GK_SQL_CONTAINER("n") " FROM node n WHERE n.id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the plan"), err);
        return -1;
    }
    return yes;
}

/* In a plan whose entry lives on indicators (progress.h gk_layout) each
 * indicator is published with its own 取組状況 and 次年度の取組内容: submit
 * needs both (a qualitative indicator already needs them to be entered).
 * Problems reported; returns 0, or -1 with err. */
static int check_indicator_notes(checker *c, int64_t ind, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        c->s,
        "SELECT o.status, o.next_plan FROM node n JOIN plan_entry pe ON pe.plan_id = n.plan_id"
        " LEFT JOIN note o ON o.node_id = n.id AND o.year = ?2"
        " WHERE n.id = ?1 AND pe.entry = 'indicators'",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (gk_note_blank(gk_col_opt(st, 0)))
            problem(c, ind, "%s",
                    _("取組状況 is empty (this plan publishes it for each indicator)"));
        if (gk_note_blank(gk_col_opt(st, 1)))
            problem(c, ind, "%s",
                    _("次年度の取組内容 is empty (this plan publishes it for each indicator)"));
    }
    sqlite3_finalize(st);
    return gk_sql_step_done(c->s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

/* Submitting node ni (id): not twice; an indicator not under a frozen
 * item, with what it needs; an item with its 取組状況 and its indicators
 * that are not yet submitted. */
static int check_submit(checker *c, const node_info *ni, bool item, int64_t id, int year,
                        const int64_t *kids, size_t nk, gk_error *err)
{
    if (ni->ws == GK_WS_SUBMITTED || ni->ws == GK_WS_APPROVED) {
        problem(c, id, "%s",
                ni->ws == GK_WS_APPROVED ? _("already approved") : _("already submitted"));
        return 0;
    }
    if (!item) {
        int fz = item_frozen(c, id, year, err);
        if (fz < 0) return -1;
        if (fz)
            problem(c, id, "%s",
                    fz == 2 ? _("its 取組項目 is already approved")
                            : _("its 取組項目 is already submitted"));
        int rc = check_indicator(c, id, year, err);
        return rc == 0 ? check_indicator_notes(c, id, year, err) : rc;
    }
    int rc = container(c->s, id, err);
    if (rc == 0)
        rc = check_item_status(c, id, year, err);
    else if (rc == 1)
        rc = 0; /* complete when its indicators are */
    for (size_t k = 0; rc == 0 && k < nk; k++) {
        node_info ci;
        rc = read_node(c->s, kids[k], year, &ci, err);
        if (rc == 0 && ci.ws != GK_WS_SUBMITTED && ci.ws != GK_WS_APPROVED) {
            rc = check_indicator(c, kids[k], year, err);
            if (rc == 0) rc = check_indicator_notes(c, kids[k], year, err);
        }
    }
    return rc;
}

/* Whether the last submission of node id for year was made by the current
 * login (its history row): 1 yes, 0 no, -1 with err. */
static int submitted_by_me(gk_store *s, int64_t id, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT h.who FROM history h JOIN note o ON h.row_uid = o.uid WHERE o.node_id = ?1"
        " AND o.year = ?2 AND h.tbl = 'note' AND h.field = 'state' AND h.new = 'submitted'"
        " ORDER BY h.id DESC LIMIT 1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    int mine = rc == SQLITE_ROW && strcmp(gk_col_text(st, 0), gk_store_user(s)) == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
        return -1;
    }
    return mine;
}

/* Checks act on node id (and an item's indicators); problems reported. */
static int check_node(checker *c, const gk_auth *a, gk_waction act, int64_t id, int year,
                      gk_error *err)
{
    node_info ni;
    if (read_node(c->s, id, year, &ni, err) != 0) return -1;
    int kind = gk_node_kind_from_name(ni.kind);
    bool item = kind == GK_NODE_ITEM;
    if (!item && kind != GK_NODE_INDICATOR) {
        problem(c, id, _("only 取組項目 and 指標 are submitted, returned and approved"));
        return 0;
    }
    int rc = may_act(c, a, act, id, year);
    if (rc <= 0) return rc;
    int64_t *kids = NULL;
    size_t nk = 0;
    if (item && children(c->s, id, &kids, &nk, err) != 0) return -1;
    rc = 0;
    switch (act) {
    case GK_WF_SUBMIT:
        rc = check_submit(c, &ni, item, id, year, kids, nk, err);
        break;
    case GK_WF_RETURN:
        if (ni.ws != GK_WS_SUBMITTED && ni.ws != GK_WS_APPROVED) {
            problem(c, id, _("cannot be returned: it is %s, not submitted or approved"),
                    state_word(&ni));
            break;
        }
        /* alone it would stay read-only under its item: return the item */
        rc = item ? 0 : item_frozen(c, id, year, err);
        if (rc > 0)
            problem(c, id, "%s",
                    rc == 2
                        ? _("its 取組項目 is approved: return the 取組項目, with its indicators")
                        : _("its 取組項目 is submitted: return the 取組項目, with its "
                            "indicators"));
        rc = rc < 0 ? -1 : 0;
        break;
    case GK_WF_APPROVE:
        if (ni.ws == GK_WS_APPROVED) {
            problem(c, id, "%s", _("already approved"));
            break;
        }
        if (ni.ws != GK_WS_SUBMITTED) {
            problem(c, id, _("cannot be approved: it is %s, not submitted"), state_word(&ni));
            break;
        }
        if (a->role == GK_ROLE_SUPERVISOR) { /* four eyes: never one's own submission */
            int own = submitted_by_me(c->s, id, year, err);
            if (own < 0) {
                rc = -1;
                break;
            }
            if (own) {
                problem(c, id,
                        _("cannot be approved by %s: %s submitted it (a supervisor approves "
                          "what others submitted; ask the plan office or another supervisor)"),
                        gk_store_user(c->s), gk_store_user(c->s));
                break;
            }
        }
        for (size_t k = 0; rc == 0 && k < nk; k++) {
            node_info ci;
            rc = read_node(c->s, kids[k], year, &ci, err);
            if (rc == 0 && ci.ws != GK_WS_SUBMITTED && ci.ws != GK_WS_APPROVED)
                problem(c, kids[k], _("cannot be approved: it is %s, not submitted"),
                        state_word(&ci));
        }
        break;
    }
    free(kids);
    return rc;
}

/* Sets the state of node for year (creating its note row), with history. */
static int set_state(gk_store *s, int64_t node, int year, const char *state, const char *comment,
                     bool set_comment, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "INSERT INTO note(uid, node_id, year) VALUES (gk_uid((SELECT uid FROM node WHERE id ="
        " ?1), 'note', ?2), ?1, ?2) ON CONFLICT (node_id, year) DO NOTHING",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    if (gk_sql_run(s, st, _("cannot change the workflow state"), err) != 0) return -1;
    st = gk_sql_prepare(s, "SELECT id, uid, state FROM note WHERE node_id = ?1 AND year = ?2", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        gk_error_set(err, _("cannot change the workflow state"));
        return -1;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    char uid[33], old[16];
    snprintf(uid, sizeof uid, "%s", gk_col_text(st, 1));
    snprintf(old, sizeof old, "%s", gk_col_text(st, 2));
    sqlite3_finalize(st);
    st = gk_sql_prepare(s,
                        "UPDATE note SET state = ?2, comment = CASE ?4 WHEN 1 THEN ?3 ELSE comment"
                        " END, rev = rev + 1 WHERE id = ?1",
                        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
    gk_sql_bind_text(st, 3, comment);
    sqlite3_bind_int(st, 4, set_comment);
    if (gk_sql_run(s, st, _("cannot change the workflow state"), err) != 0) return -1;
    return gk_history_add_comment(s, "note", uid, "state", old, state, comment, err);
}

static int apply_node(gk_store *s, gk_waction act, int64_t id, int year, const char *comment,
                      long *changed, gk_error *err)
{
    node_info ni;
    if (read_node(s, id, year, &ni, err) != 0) return -1;
    int64_t *kids = NULL;
    size_t nk = 0;
    if (gk_node_kind_from_name(ni.kind) == GK_NODE_ITEM && children(s, id, &kids, &nk, err) != 0)
        return -1;
    int rc = 0;
    for (size_t k = 0; rc == 0 && k <= nk; k++) {
        int64_t node = k == 0 ? id : kids[k - 1];
        node_info ci;
        rc = k == 0 ? (ci = ni, 0) : read_node(s, node, year, &ci, err);
        if (rc != 0) break;
        bool done = ci.ws == GK_WS_SUBMITTED || ci.ws == GK_WS_APPROVED;
        if (act == GK_WF_SUBMIT && !done)
            rc = set_state(s, node, year, "submitted", NULL, true, err);
        else if (act == GK_WF_RETURN && done)
            rc = set_state(s, node, year, "draft", comment, true, err);
        else if (act == GK_WF_APPROVE && ci.ws == GK_WS_SUBMITTED)
            rc = set_state(s, node, year, "approved", NULL, false, err);
        else
            continue;
        if (rc == 0) (*changed)++;
    }
    free(kids);
    return rc;
}

/* The checks of every node, then (unless dry) the changes, in one
 * transaction; a dry run rolls back and returns 0 when nothing stops it. */
static long run_workflow(gk_store *s, gk_waction act, const int64_t *ids, size_t n, int year,
                         const char *comment, gk_wf_report_fn report, void *ctx, bool dry,
                         gk_error *err)
{
    if (act == GK_WF_RETURN && !dry && (!comment || !*comment)) {
        gk_error_set(err, _("returning needs a comment that says what to fix (--comment TEXT)"));
        return -1;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    gk_auth a;
    if (gk_auth_load(s, &a, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    checker c = {.s = s, .report = report, .ctx = ctx};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = check_node(&c, &a, act, ids[i], year, err);
    gk_auth_free(&a);
    if (rc == 0 && c.problems) {
        gk_error_set(err,
                     ngettext("%ld problem; nothing was changed",
                              "%ld problems; nothing was changed", (unsigned long)c.problems),
                     c.problems);
        rc = -1;
    }
    long changed = 0;
    for (size_t i = 0; rc == 0 && !dry && i < n; i++)
        rc = apply_node(s, act, ids[i], year, comment, &changed, err);
    if (rc != 0 || dry) {
        gk_store_rollback(s);
        return rc != 0 ? -1 : 0;
    }
    return gk_store_commit(s, err) == 0 ? changed : -1;
}

long gk_workflow_apply(gk_store *s, gk_waction act, const int64_t *ids, size_t n, int year,
                       const char *comment, gk_wf_report_fn report, void *ctx, gk_error *err)
{
    return run_workflow(s, act, ids, n, year, comment, report, ctx, false, err);
}

int gk_workflow_check(gk_store *s, gk_waction act, const int64_t *ids, size_t n, int year,
                      gk_wf_report_fn report, void *ctx, gk_error *err)
{
    return run_workflow(s, act, ids, n, year, NULL, report, ctx, true, err) < 0 ? -1 : 0;
}

/* --- the board ------------------------------------------------------------------------ */

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
#define BOARD_COUNTED " NOT (b.ended AND b.st = 0)"

static int check_filters(gk_store *s, const char *plan, const char *dept, gk_error *err)
{
    static const char *const sql[2] = {"SELECT 1 FROM plan WHERE name = ?1",
                                       "SELECT 1 FROM dept WHERE name = ?1"};
    const char *val[2] = {plan, dept};
    for (int i = 0; i < 2; i++) {
        if (!val[i]) continue;
        sqlite3_stmt *st = gk_sql_prepare(s, sql[i], err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, val[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW) {
            gk_error_set(err, i ? _("no department named \"%s\"") : _("no plan named \"%s\""),
                         val[i]);
            return -1;
        }
    }
    return 0;
}

int gk_board(gk_store *s, const char *plan, int year, const char *dept, gk_board_row **out,
             size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (check_filters(s, plan, dept, err) != 0) return -1;
    sqlite3_stmt *st =
        gk_sql_prepare(s,
                       BOARD_BASE " SELECT ifnull(d.name, '') AS dn, b.kind, b.st,"
                                  " count(*) FROM b LEFT JOIN dept d ON d.id ="
                                  " b.dept_id WHERE (?3 IS NULL OR d.name = ?3) AND" BOARD_COUNTED
                                  " GROUP BY 1, 2, 3 ORDER BY dn = '', dn",
                       err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    gk_sql_bind_text(st, 2, plan);
    gk_sql_bind_text(st, 3, dept);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = gk_col_text(st, 0);
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
        if (ws < 0 || ws >= GK_WS_COUNT) continue;
        long c = sqlite3_column_int64(st, 3);
        if (gk_node_kind_from_name(gk_col_text(st, 1)) == GK_NODE_ITEM)
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
    b->dept = strdup(gk_col_text(st, 0));
    b->kind = strdup(gk_col_text(st, 1));
    b->state = (gk_wstate)sqlite3_column_int(st, 2);
    b->path = gk_node_path(ctx, sqlite3_column_int64(st, 3));
    snprintf(b->uid, sizeof b->uid, "%s", gk_col_text(st, 4));
    if (b->state == GK_WS_RETURNED) b->comment = strdup(gk_col_text(st, 5));
    snprintf(b->who, sizeof b->who, "%s", gk_col_text(st, 6));
    snprintf(b->at, sizeof b->at, "%s", gk_col_text(st, 7));
    return b->dept && b->kind ? 0 : -1;
}

int gk_board_nodes(gk_store *s, const char *plan, int year, const char *dept, unsigned states,
                   gk_board_node **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (check_filters(s, plan, dept, err) != 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        BOARD_BASE ", h AS (SELECT b.id AS id, (SELECT max(x.id) FROM history x WHERE x.row_uid ="
                   " b.nuid AND x.field = 'state' AND x.tbl = 'note') AS hid FROM b)"
                   " SELECT ifnull(d.name, ''), b.kind, b.st, b.id,"
                   " b.uid, b.comment, hr.who, hr.at FROM b LEFT JOIN dept d ON d.id ="
                   " b.dept_id JOIN h ON h.id = b.id LEFT JOIN history hr ON hr.id = h.hid"
                   " WHERE (?3 IS NULL OR d.name = ?3)"
                   " AND" BOARD_COUNTED " AND ((?4 >> b.st) & 1) ORDER BY d.name IS NULL, d.name,"
                   " b.ppos, b.npos",
        err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    gk_sql_bind_text(st, 2, plan);
    gk_sql_bind_text(st, 3, dept);
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
        BOARD_BASE " SELECT count(*) FROM b WHERE b.st = 2 AND b.dept_id IN (SELECT ud.dept_id"
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
        snprintf(w->who, sizeof w->who, "%s", gk_col_text(st, 1));
        snprintf(w->at, sizeof w->at, "%s", gk_col_text(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
        return -1;
    }
    return 0;
}

/* --- what a submit sends, and what looks unlike earlier years --------------------------- */

/* The actuals of indicator ind's series for year checked against their
 * earlier years (progress.h gk_actual_outlier); each outlier reported. */
static int warn_outliers(gk_store *s, int64_t ind, int year, gk_wf_report_fn warn, void *ctx,
                         long *nwarn, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT s.id, s.name, n.unit, v.actual_raw FROM series s JOIN node n ON n.id = s.node_id"
        " JOIN value v ON v.series_id = s.id AND v.year = ?2 WHERE s.node_id = ?1"
        " AND v.actual_raw IS NOT NULL ORDER BY s.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ind);
    sqlite3_bind_int(st, 2, year);
    /* the earlier years: the 初期値 (when not of a later year) and the
     * actuals before year; a plan's first report has only its 初期値 */
    sqlite3_stmt *past = gk_sql_prepare(
        s,
        "SELECT base_raw FROM series WHERE id = ?1 AND base_raw IS NOT NULL AND"
        " (base_year IS NULL OR base_year < ?2) UNION ALL SELECT actual_raw FROM value"
        " WHERE series_id = ?1 AND year < ?2 AND actual_raw IS NOT NULL",
        err);
    if (!past) {
        sqlite3_finalize(st);
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *unit = gk_col_text(st, 2);
        gk_value v;
        gk_error ignored;
        if (gk_value_parse(gk_col_text(st, 3), unit, &v, &ignored) != 0 || v.kind != GK_VAL_NUMBER)
            continue;
        double earlier[64];
        size_t ne = 0;
        sqlite3_reset(past);
        sqlite3_bind_int64(past, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_int(past, 2, year);
        int prc;
        while ((prc = sqlite3_step(past)) == SQLITE_ROW && ne < sizeof earlier / sizeof *earlier) {
            gk_value e;
            if (gk_value_parse(gk_col_text(past, 0), unit, &e, &ignored) == 0 &&
                e.kind == GK_VAL_NUMBER)
                earlier[ne++] = e.num;
        }
        gk_outlier o;
        if (!gk_actual_outlier(v.num, earlier, ne, &o)) continue;
        double lo = earlier[0], hi = earlier[0];
        for (size_t i = 1; i < ne; i++) {
            if (earlier[i] < lo) lo = earlier[i];
            if (earlier[i] > hi) hi = earlier[i];
        }
        gk_value fl = {GK_VAL_NUMBER, lo, v.decimals, GK_CMP_EQ},
                 fh = {GK_VAL_NUMBER, hi, v.decimals, GK_CMP_EQ};
        char a[64], b[64], name[300] = "", msg[GK_ERROR_MAX];
        if (*gk_col_text(st, 1)) snprintf(name, sizeof name, " (%s)", gk_col_text(st, 1));
        gk_value_format(&fl, a, sizeof a);
        gk_value_format(&fh, b, sizeof b);
        if (lo == hi)
            snprintf(msg, sizeof msg,
                     _("実績値%s %s is far from the earlier years' %s%s: please check it before "
                       "submitting"),
                     name, gk_col_text(st, 3), a, unit);
        else
            snprintf(msg, sizeof msg,
                     _("実績値%s %s is far from the earlier years' %s–%s%s: please check it "
                       "before submitting"),
                     name, gk_col_text(st, 3), a, b, unit);
        char *path = gk_node_path(s, ind);
        if (warn) warn(ctx, path ? path : "?", msg);
        free(path);
        (*nwarn)++;
    }
    sqlite3_finalize(past);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the actuals"), err);
        return -1;
    }
    return 0;
}

long gk_submit_outline(gk_store *s, const int64_t *ids, size_t n, int year, gk_wf_report_fn item,
                       gk_wf_report_fn warn, void *ctx, gk_error *err)
{
    long nwarn = 0;
    for (size_t i = 0; i < n; i++) {
        node_info ni;
        if (read_node(s, ids[i], year, &ni, err) != 0) return -1;
        int64_t *kids = NULL;
        size_t nk = 0;
        if (gk_node_kind_from_name(ni.kind) == GK_NODE_ITEM &&
            children(s, ids[i], &kids, &nk, err) != 0)
            return -1;
        int rc = 0;
        for (size_t k = 0; rc == 0 && k <= nk; k++) {
            int64_t node = k == 0 ? ids[i] : kids[k - 1];
            node_info ci;
            rc = k == 0 ? (ci = ni, 0) : read_node(s, node, year, &ci, err);
            if (rc != 0 || ci.ws == GK_WS_SUBMITTED || ci.ws == GK_WS_APPROVED) continue;
            char *path = gk_node_path(s, node);
            if (item) item(ctx, path ? path : "?", gk_wstate_label(ci.ws));
            free(path);
            if (gk_node_kind_from_name(ci.kind) == GK_NODE_INDICATOR)
                rc = warn_outliers(s, node, year, warn, ctx, &nwarn, err);
        }
        free(kids);
        if (rc != 0) return -1;
    }
    return nwarn;
}
