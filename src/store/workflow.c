/*
 * workflow.c — states, submit / return / approve (the checks, then the
 * changes, in one transaction) and what a submit sends (workflow.h).
 * Finding nodes by name is workflow_find.c, the board workflow_board.c.
 *
 * The state a user sees is derived from note.state and the content of the
 * year: 'none' with nothing saved is 未入力, 'none' with an actual or a note
 * (an imported status report) is 入力中 like 'draft', 'draft' with a comment
 * is 差し戻し. The same rule is one SQL expression (workflow_int.h
 * STATE_SQL) used for one node and for the whole board.
 */
#include "gyokaku/workflow.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/node.h"
#include "gyokaku/progress.h"
#include "gyokaku/value.h"
#include "store_int.h"
#include "workflow_int.h"

/* Prepares sql, whose ?1 is node id and ?2 the year, with both bound;
 * NULL with err. */
static sqlite3_stmt *node_year_stmt(gk_store *s, const char *sql, int64_t id, int year,
                                    gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, year);
    return st;
}

/* node_year_stmt stepped once, the step's result into *rc. */
static sqlite3_stmt *node_year_row(gk_store *s, const char *sql, int64_t id, int year, int *rc,
                                   gk_error *err)
{
    sqlite3_stmt *st = node_year_stmt(s, sql, id, year, err);
    if (st) *rc = sqlite3_step(st);
    return st;
}

/* Finalizes a read whose last step returned rc: 0 when that was a row or
 * the end, else -1 with err "what: <reason>". */
static int read_end(gk_store *s, sqlite3_stmt *st, int rc, const char *what, gk_error *err)
{
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, what, err);
    return -1;
}

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
    assert(out);
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
            *comment = strdup(gk_stmt_text(st, 1));
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE)
        gk_error_set(err, _("the selected node no longer exists"));
    else
        gk_sql_error(s, rc, _("cannot read the workflow state"), err);
    return -1;
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
    int rc;
    sqlite3_stmt *st = node_year_row(
        s,
        "SELECT n.kind, ifnull(o.state, 'none'), o.comment IS NOT"
        " NULL, " STATE_SQL("?2") " FROM node n LEFT JOIN note o"
                                  " ON o.node_id = n.id AND o.year = ?2 WHERE n.id = ?1",
        id, year, &rc, err);
    if (!st) return -1;
    if (rc == SQLITE_ROW) {
        ni->id = id;
        snprintf(ni->kind, sizeof ni->kind, "%s", gk_stmt_text(st, 0));
        snprintf(ni->state, sizeof ni->state, "%s", gk_stmt_text(st, 1));
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
            *dir = gk_direction_from_name(gk_stmt_text(st, 0));
            if (*dir != GK_DIR_UNKNOWN) break;
            base = gk_stmt_dup(st, 2);
            unit = gk_stmt_dup(st, 1);
        }
        char **v = realloc(targets, (size_t)(n + 1) * sizeof *v);
        if (!v) break;
        targets = v;
        targets[n++] = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : gk_stmt_dup(st, 3);
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
    int rc;
    sqlite3_stmt *st =
        node_year_row(s, "SELECT status, next_plan FROM note WHERE node_id = ?1 AND year = ?2", ind,
                      year, &rc, err);
    if (!st) return -1;
    int yes = 0;
    if (rc == SQLITE_ROW)
        yes = gk_notes_complete((const char *)sqlite3_column_text(st, 0),
                                (const char *)sqlite3_column_text(st, 1));
    if (read_end(s, st, rc, _("cannot read the actuals"), err) != 0) return -1;
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
    sqlite3_stmt *st = node_year_stmt(
        c->s,
        "SELECT s.name, v.actual_raw, (SELECT status FROM note WHERE node_id = ?1 AND year = ?2)"
        " FROM series s LEFT JOIN value v ON v.series_id = s.id AND v.year = ?2"
        " WHERE s.node_id = ?1 ORDER BY s.pos",
        ind, year, err);
    if (!st) return -1;
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        const char *series = gk_stmt_text(st, 0);
        char name[300] = "";
        if (*series) snprintf(name, sizeof name, " (%s)", series);
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            problem(c, ind, _("no 実績値%s"), name);
        else if (strcmp(gk_stmt_text(st, 1), GK_ACTUAL_PENDING) == 0 &&
                 sqlite3_column_type(st, 2) == SQLITE_NULL)
            problem(c, ind, _("実績値%s is %s: write the reason in 取組状況"), name,
                    GK_ACTUAL_PENDING);
    }
    if (read_end(c->s, st, rc, _("cannot read the actuals"), err) != 0) return -1;
    if (rows == 0) problem(c, ind, _("no 実績値"));
    return 0;
}

static int check_item_status(checker *c, int64_t item, int year, gk_error *err)
{
    int rc;
    sqlite3_stmt *st = node_year_row(
        c->s, "SELECT status FROM note WHERE node_id = ?1 AND year = ?2", item, year, &rc, err);
    if (!st) return -1;
    bool entered = rc == SQLITE_ROW && gk_item_entered((const char *)sqlite3_column_text(st, 0));
    if (read_end(c->s, st, rc, _("cannot read the database"), err) != 0) return -1;
    if (!entered) problem(c, item, _("取組状況 is empty"));
    return 0;
}

/* For an indicator under an item: 1 when the item is submitted, 2 when it
 * is approved, 0 otherwise, -1 on error. */
static int item_frozen(checker *c, int64_t ind, int year, gk_error *err)
{
    int rc;
    sqlite3_stmt *st = node_year_row(
        c->s,
        "SELECT o.state FROM node n JOIN node p ON p.id = n.parent_id AND p.kind = 'item'"
        " JOIN note o ON o.node_id = p.id AND o.year = ?2 WHERE n.id = ?1"
        " AND o.state IN ('submitted', 'approved')",
        ind, year, &rc, err);
    if (!st) return -1;
    int out = 0;
    if (rc == SQLITE_ROW) out = strcmp(gk_stmt_text(st, 0), "approved") == 0 ? 2 : 1;
    if (read_end(c->s, st, rc, _("cannot read the workflow state"), err) != 0) return -1;
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
    if (read_end(s, st, rc, _("cannot read the plan"), err) != 0) return -1;
    return yes;
}

/* In a plan whose entry lives on indicators (progress.h gk_layout) each
 * indicator is published with its own 取組状況 and 次年度の取組内容: submit
 * needs both (a qualitative indicator already needs them to be entered).
 * Problems reported; returns 0, or -1 with err. */
static int check_indicator_notes(checker *c, int64_t ind, int year, gk_error *err)
{
    int rc;
    sqlite3_stmt *st = node_year_row(
        c->s,
        "SELECT o.status, o.next_plan FROM node n JOIN plan_entry pe ON pe.plan_id = n.plan_id"
        " LEFT JOIN note o ON o.node_id = n.id AND o.year = ?2"
        " WHERE n.id = ?1 AND pe.entry = 'indicators'",
        ind, year, &rc, err);
    if (!st) return -1;
    if (rc == SQLITE_ROW) {
        if (gk_note_blank(gk_stmt_opt(st, 0)))
            problem(c, ind, "%s",
                    _("取組状況 is empty (this plan publishes it for each indicator)"));
        if (gk_note_blank(gk_stmt_opt(st, 1)))
            problem(c, ind, "%s",
                    _("次年度の取組内容 is empty (this plan publishes it for each indicator)"));
    }
    return read_end(c->s, st, rc, _("cannot read the database"), err);
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
    int rc;
    sqlite3_stmt *st = node_year_row(
        s,
        "SELECT h.who FROM history h JOIN note o ON h.row_uid = o.uid WHERE o.node_id = ?1"
        " AND o.year = ?2 AND h.tbl = 'note' AND h.field = 'state' AND h.new = 'submitted'"
        " ORDER BY h.id DESC LIMIT 1",
        id, year, &rc, err);
    if (!st) return -1;
    int mine = rc == SQLITE_ROW && strcmp(gk_stmt_text(st, 0), gk_store_user(s)) == 0;
    if (read_end(s, st, rc, _("cannot read the workflow state"), err) != 0) return -1;
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
    /* inside run_workflow's transaction, after its checks: only these states */
    assert(!sqlite3_get_autocommit(s->db));
    assert(strcmp(state, "submitted") == 0 || strcmp(state, "draft") == 0 ||
           strcmp(state, "approved") == 0);
    sqlite3_stmt *st = node_year_stmt(
        s,
        "INSERT INTO note(uid, node_id, year) VALUES (gk_uid((SELECT uid FROM node WHERE id ="
        " ?1), 'note', ?2), ?1, ?2) ON CONFLICT (node_id, year) DO NOTHING",
        node, year, err);
    if (!st) return -1;
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
    snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 1));
    snprintf(old, sizeof old, "%s", gk_stmt_text(st, 2));
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
    /* check_node refused every other kind in this transaction */
    assert(gk_node_kind_from_name(ni.kind) == GK_NODE_ITEM ||
           gk_node_kind_from_name(ni.kind) == GK_NODE_INDICATOR);
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
    assert(ids || n == 0);
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

/* --- what a submit sends, and what looks unlike earlier years --------------------------- */

/* The actuals of indicator ind's series for year checked against their
 * earlier years (progress.h gk_actual_outlier); each outlier reported. */
static int warn_outliers(gk_store *s, int64_t ind, int year, gk_wf_report_fn warn, void *ctx,
                         long *nwarn, gk_error *err)
{
    sqlite3_stmt *st = node_year_stmt(
        s,
        "SELECT s.id, s.name, n.unit, v.actual_raw FROM series s JOIN node n ON n.id = s.node_id"
        " JOIN value v ON v.series_id = s.id AND v.year = ?2 WHERE s.node_id = ?1"
        " AND v.actual_raw IS NOT NULL ORDER BY s.pos",
        ind, year, err);
    if (!st) return -1;
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
        const char *unit = gk_stmt_text(st, 2);
        gk_value v;
        gk_error ignored;
        if (gk_value_parse(gk_stmt_text(st, 3), unit, &v, &ignored) != 0 || v.kind != GK_VAL_NUMBER)
            continue;
        double earlier[64];
        size_t ne = 0;
        sqlite3_reset(past);
        sqlite3_bind_int64(past, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_int(past, 2, year);
        int prc;
        while ((prc = sqlite3_step(past)) == SQLITE_ROW && ne < sizeof earlier / sizeof *earlier) {
            gk_value e;
            if (gk_value_parse(gk_stmt_text(past, 0), unit, &e, &ignored) == 0 &&
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
        if (*gk_stmt_text(st, 1)) snprintf(name, sizeof name, " (%s)", gk_stmt_text(st, 1));
        gk_value_format(&fl, a, sizeof a);
        gk_value_format(&fh, b, sizeof b);
        if (lo == hi)
            snprintf(msg, sizeof msg,
                     _("実績値%s %s is far from the earlier years' %s%s: please check it before "
                       "submitting"),
                     name, gk_stmt_text(st, 3), a, unit);
        else
            snprintf(msg, sizeof msg,
                     _("実績値%s %s is far from the earlier years' %s–%s%s: please check it "
                       "before submitting"),
                     name, gk_stmt_text(st, 3), a, b, unit);
        char *path = gk_node_path(s, ind);
        if (warn) warn(ctx, path ? path : "?", msg);
        free(path);
        (*nwarn)++;
    }
    sqlite3_finalize(past);
    return read_end(s, st, rc, _("cannot read the actuals"), err);
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
