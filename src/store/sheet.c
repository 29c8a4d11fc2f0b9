/*
 * sheet.c — the database side of the 調査票 (sheet.h): what a workbook is
 * made from, its validation rule and the status of what was issued; taking
 * back what comes back is sheet_collect.c.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/achieve.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/note.h"
#include "gyokaku/plan.h"
#include "gyokaku/series.h"
#include "gyokaku/sheet.h"
#include "gyokaku/depts.h"
#include "gyokaku/value.h"
#include "gyokaku/workflow.h"
#include "sheet_int.h"

const char *const gk_sheet_field_name[GK_SHEET_NFIELDS] = {"actual", "status", "next_plan",
                                                           "evaluation", "eval_reason"};

void gk_sheet_row_check(const char *token, const char *node_uid, const char *series,
                        const char *mask, const char *const orig[GK_SHEET_NFIELDS], char out[33])
{
    char h[33];
    gk_uid_derive(h, token, "sheet-row", node_uid);
    gk_uid_derive(h, h, "series", series ? series : "");
    gk_uid_derive(h, h, "mask", mask ? mask : "");
    for (int k = 0; k < GK_SHEET_NFIELDS; k++) {
        /* NULL and "" are the same empty field; a marker keeps "" apart
         * from a field that moved */
        gk_uid_derive(h, h, gk_sheet_field_name[k], orig[k] ? orig[k] : "");
    }
    memcpy(out, h, 33);
}

void gk_sheet_head_check(const gk_sheet_head *h, char out[33])
{
    char y[16], f[16];
    snprintf(y, sizeof y, "%d", h->year);
    snprintf(f, sizeof f, "%d", h->format);
    gk_uid_derive(out, h->token, "sheet", h->db_uid);
    gk_uid_derive(out, out, "format", f);
    gk_uid_derive(out, out, "plan", h->plan_uid);
    gk_uid_derive(out, out, "year", y);
    gk_uid_derive(out, out, "dept", h->dept ? h->dept : "");
    for (size_t i = 0; i < h->ngrades; i++)
        gk_uid_derive(out, out, "grade", h->grades[i]);
}

/* 32 random hex digits. */
static int random_hex(char out[33], gk_error *err)
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0) close(fd);
    if (got != (ssize_t)sizeof b) {
        gk_error_set(err, _("cannot read /dev/urandom"));
        return -1;
    }
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* The database's uid into out ("" when it has none yet). */
int gk_sheet_db_uid(gk_store *s, char out[33], gk_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT new FROM history WHERE tbl = 'database' AND"
                                      " field = 'uid' ORDER BY id LIMIT 1",
                                      err);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) snprintf(out, 33, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

static int plan_grades(gk_store *s, int64_t plan_id, gk_sheet_head *h, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT grades FROM plan WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    int rc = sqlite3_step(st);
    char *spec = rc == SQLITE_ROW ? gk_stmt_dup(st, 0) : NULL;
    sqlite3_finalize(st);
    gk_grades g;
    if (gk_grades_parse(spec ? spec : GK_GRADES_DEFAULT, &g, err) != 0 &&
        gk_grades_parse(GK_GRADES_DEFAULT, &g, err) != 0) {
        free(spec);
        return -1;
    }
    free(spec);
    h->grades = calloc(g.n ? g.n : 1, sizeof *h->grades);
    if (!h->grades) return -1;
    for (size_t i = 0; i < g.n; i++)
        if ((h->grades[h->ngrades] = strdup(g.band[i].label))) h->ngrades++;
    return 0;
}

/* The plan named (or the only one): id, name and uid. */
static int64_t find_plan(gk_store *s, const char *plan, gk_sheet_head *h, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        plan ? "SELECT id, name, uid FROM plan WHERE name = ?1"
             : "SELECT id, name, uid, (SELECT count(*) FROM plan) FROM plan ORDER BY pos LIMIT 1",
        err);
    if (!st) return -1;
    if (plan) sqlite3_bind_text(st, 1, plan, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = 0;
    if (rc == SQLITE_ROW && (plan || sqlite3_column_int(st, 3) == 1)) {
        id = sqlite3_column_int64(st, 0);
        h->plan = strdup(gk_stmt_text(st, 1));
        snprintf(h->plan_uid, sizeof h->plan_uid, "%s", gk_stmt_text(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return gk_sql_step_done(s, rc, err), -1;
    if (!id) {
        if (plan)
            gk_error_set(err, _("no plan named %s"), plan);
        else
            gk_error_set(err, rc == SQLITE_ROW ? _("the database has several plans: give --plan")
                                               : _("the database has no plan"));
        return -1;
    }
    return id;
}

/* The department stored as dept (a workbook names it so). */
int64_t gk_sheet_find_dept(gk_store *s, const char *dept, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM dept WHERE name = ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return gk_sql_step_done(s, rc, err), -1;
    if (!id) gk_error_set(err, _("no 所管課 named %s"), dept);
    return id ? id : -1;
}

int gk_sheet_prepare(gk_store *s, const char *plan, int year, const char *dept, gk_sheet_head *h,
                     gk_error *err)
{
    memset(h, 0, sizeof *h);
    h->format = GK_SHEET_FORMAT;
    h->year = year;
    if (gk_store_begin(s, err) != 0) return -1;
    int64_t plan_id = find_plan(s, plan, h, err);
    /* the department typed, by the one matching rule (depts.h: 総務課 is
     * (総)総務課 when that is the only one) */
    char *named = NULL;
    int rc = plan_id < 0 || gk_dept_resolve(s, dept, &named, err) != 0 ||
                     gk_sheet_find_dept(s, named, err) < 0
                 ? -1
                 : 0;
    if (named) dept = named; /* the stored name from here on */
    if (rc == 0) rc = gk_auth_office_tx(s, _("make the 調査票 of a department"), err);
    if (rc == 0) rc = gk_sheet_db_uid(s, h->db_uid, err);
    if (rc == 0 && !h->db_uid[0]) {
        rc = random_hex(h->db_uid, err);
        if (rc == 0) rc = gk_history_add(s, "database", "", "uid", NULL, h->db_uid, err);
    }
    if (rc == 0) rc = plan_grades(s, plan_id, h, err);
    if (rc == 0) rc = random_hex(h->token, err);
    if (rc == 0 && !(h->dept = strdup(dept))) rc = -1;
    free(named);
    if (rc != 0) {
        gk_store_rollback(s);
        gk_sheet_head_free(h);
        if (err && !err->msg[0]) gk_error_set(err, _("out of memory"));
        return -1;
    }
    if (gk_store_commit(s, err) != 0) {
        gk_sheet_head_free(h);
        return -1;
    }
    gk_sheet_head_check(h, h->check);
    gk_now_iso(h->made_at);
    snprintf(h->made_by, sizeof h->made_by, "%s", gk_store_user(s));
    return 0;
}

/* The item or indicator rows of a plan with their leading department: its
 * own main one, an indicator without any its item's (as the board counts);
 * ended items and their indicators left out. ?1 plan id. */
#define LEAD_SQL                                                                                   \
    "WITH lead(id, dept_id) AS (SELECT n.id, coalesce((SELECT dept_id FROM node_dept"              \
    " WHERE node_id = n.id ORDER BY pos LIMIT 1), CASE WHEN n.kind = 'indicator' THEN"             \
    " (SELECT dept_id FROM node_dept WHERE node_id = n.parent_id ORDER BY pos LIMIT 1) END)"       \
    " FROM node n WHERE n.plan_id = ?1 AND (n.kind = 'item' OR n.kind = 'indicator')"              \
    " AND NOT " GK_SQL_ENDED("n") ")"

int gk_sheet_depts(gk_store *s, const char *plan, char ***out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    gk_sheet_head h = {0};
    int64_t plan_id = find_plan(s, plan, &h, err);
    gk_sheet_head_free(&h);
    if (plan_id < 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      LEAD_SQL " SELECT DISTINCT d.name FROM lead JOIN dept d"
                                               " ON d.id = lead.dept_id ORDER BY d.name",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **slot = gk_grow(out, &cap, *n, sizeof **out);
        if (!slot || !(*slot = strdup(gk_stmt_text(st, 0)))) break;
        (*n)++;
    }
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_NOMEM : rc, err);
}

/* --- the rows of a workbook ------------------------------------------------------------ */

typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static void text_add(strbuf *t, const char *s)
{
    size_t l = strlen(s);
    if (t->n + l + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 128;
        while (cap < t->n + l + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) return;
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, l + 1);
    t->n += l;
}

/* "R4: 150 / R5: 157.1" of the series' earlier actuals. */
static char *past_text(const gk_entry *e, int64_t node, const char *series)
{
    strbuf t = {0};
    text_add(&t, "");
    for (size_t i = 0; i < e->npast; i++) {
        const gk_entry_past *p = &e->past[i];
        if (p->node_id != node || strcmp(p->series, series) != 0 || !p->actual) continue;
        char y[32];
        if (t.n) text_add(&t, " / ");
        text_add(&t, gk_fy_short(p->year, y, sizeof y));
        text_add(&t, ": ");
        text_add(&t, p->actual);
    }
    return t.p;
}

/* The target in force this year: this year's unless empty or an arrow,
 * else the latest earlier one. */
static const char *target_in_force(const gk_entry *e, const gk_entry_field *f)
{
    if (f->target && *f->target && !gk_target_is_arrow(f->target)) return f->target;
    const char *t = f->target;
    for (size_t i = 0; i < e->npast; i++) {
        const gk_entry_past *p = &e->past[i];
        if (p->node_id == f->node_id && strcmp(p->series, f->series) == 0 && p->target &&
            *p->target && !gk_target_is_arrow(p->target))
            t = p->target;
    }
    return t;
}

bool gk_sheet_is_qualitative(const gk_entry *e, const gk_entry_field *f, const char *direction)
{
    if (direction && *direction) return gk_direction_from_name(direction) == GK_DIR_QUALITATIVE;
    const char *targets[64];
    int n = 0;
    for (size_t i = 0; i < e->npast && n < 63; i++)
        if (e->past[i].node_id == f->node_id && strcmp(e->past[i].series, f->series) == 0)
            targets[n++] = e->past[i].target;
    targets[n++] = f->target;
    return gk_direction_infer(f->base, targets, n, f->unit) == GK_DIR_QUALITATIVE;
}

static char *note_comment(gk_store *s, int64_t node, int year)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT comment FROM note WHERE node_id = ?1 AND year = ?2 AND state = 'draft'", NULL);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, year);
    char *c = sqlite3_step(st) == SQLITE_ROW ? gk_stmt_dup(st, 0) : NULL;
    sqlite3_finalize(st);
    return c;
}

/* Fills what row r carries, an actual (when has_actual, with its saved
 * text, NULL when none) and the node's note fields (notes: NULL on all
 * rows but its first), with its mask and check, and hands it to fn. */
static int emit_row(const gk_sheet_head *h, gk_sheet_row *r, bool has_actual, const char *actual,
                    const char *const *notes, gk_sheet_row_fn fn, void *ctx, gk_error *err)
{
    memset(r->has, 0, sizeof r->has);
    memset(r->orig, 0, sizeof r->orig);
    if (has_actual) {
        r->has[GK_FIELD_ACTUAL] = true;
        r->orig[GK_FIELD_ACTUAL] = actual;
    }
    for (int k = GK_FIELD_STATUS; k < GK_SHEET_NFIELDS && notes; k++) {
        r->has[k] = true;
        r->orig[k] = notes[k];
    }
    char mask[GK_SHEET_NFIELDS + 1];
    gk_sheet_mask(r->has, mask);
    gk_sheet_row_check(h->token, r->node_uid, r->series, mask, r->orig, r->check);
    return fn(ctx, r, err);
}

/* Emits the rows of one node. */
static int node_rows(gk_store *s, const gk_sheet_head *h, int64_t id, const char *content,
                     const char *direction, int64_t parent, gk_sheet_row_fn fn, void *ctx,
                     gk_error *err)
{
    gk_entry e;
    if (gk_entry_load(s, id, h->year, &e, err) != 0) return -1;
    char *path = parent ? gk_node_path(s, parent) : NULL;
    char *comment = note_comment(s, id, h->year);
    gk_sheet_row r;
    memset(&r, 0, sizeof r);
    snprintf(r.node_uid, sizeof r.node_uid, "%s", e.node_uid);
    r.kind = e.kind;
    r.path = path ? path : "";
    r.title = e.title;
    r.content = content;
    r.last_next = e.last_next;
    r.comment = comment;
    /* the node's own note fields */
    const char *notes[GK_SHEET_NFIELDS] = {0};
    for (size_t i = 0; i < e.nfields; i++)
        if (e.fields[i].node_id == id && e.fields[i].kind != GK_FIELD_ACTUAL)
            notes[e.fields[i].kind] = e.fields[i].orig;
    int rc = 0;
    bool first = true;
    for (size_t i = 0; rc == 0 && i < e.nfields; i++) {
        const gk_entry_field *f = &e.fields[i];
        if (f->kind != GK_FIELD_ACTUAL || f->node_id != id) continue;
        char *past = past_text(&e, id, f->series);
        r.series = f->series;
        r.unit = f->unit;
        r.base = f->base;
        r.target = target_in_force(&e, f);
        r.past = past;
        r.qualitative = gk_sheet_is_qualitative(&e, f, direction);
        rc = emit_row(h, &r, true, f->orig, first ? notes : NULL, fn, ctx, err);
        free(past);
        first = false;
    }
    if (rc == 0 && first) { /* an item (or an indicator without series rows) */
        r.series = "";
        r.unit = e.unit ? e.unit : "";
        rc = emit_row(h, &r, false, NULL, notes, fn, ctx, err);
    }
    free(path);
    free(comment);
    gk_entry_free(&e);
    return rc;
}

int gk_sheet_rows(gk_store *s, const gk_sheet_head *h, gk_sheet_row_fn fn, void *ctx, gk_error *err)
{
    gk_sheet_head tmp = {0};
    int64_t plan_id = find_plan(s, h->plan, &tmp, err);
    gk_sheet_head_free(&tmp);
    int64_t dept_id = plan_id < 0 ? -1 : gk_sheet_find_dept(s, h->dept, err);
    if (dept_id < 0) return -1;
    if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        gk_sql_error(s, sqlite3_errcode(s->db), _("cannot read the database"), err);
        return -1;
    }
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        LEAD_SQL " SELECT n.id, CASE n.kind WHEN 'item' THEN n.content ELSE"
                 " (SELECT p.content FROM node p WHERE p.id = n.parent_id) END, n.direction,"
                 " n.parent_id FROM lead JOIN node n ON n.id = lead.id WHERE lead.dept_id = ?2"
                 " ORDER BY n.tkey",
        err);
    int rc = st ? 0 : -1, step = SQLITE_DONE;
    if (st) {
        sqlite3_bind_int64(st, 1, plan_id);
        sqlite3_bind_int64(st, 2, dept_id);
        while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
            rc = node_rows(s, h, sqlite3_column_int64(st, 0), gk_stmt_opt(st, 1),
                           gk_stmt_text(st, 2), sqlite3_column_int64(st, 3), fn, ctx, err);
        if (rc == 0) rc = gk_sql_step_done(s, step, err);
        sqlite3_finalize(st);
    }
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

int gk_sheet_issued(gk_store *s, const gk_sheet_head *h, const char *file, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    char what[128];
    snprintf(what, sizeof what, "%s %d", h->plan_uid, h->year);
    /* row_uid: the workbook's token; new: the department; comment: plan uid
     * and year, which status selects by */
    if (gk_history_add_comment(s, "sheet", h->token, "issued", file, h->dept, what, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* --- validation ------------------------------------------------------------------------- */

int gk_sheet_validate(const gk_entry_field *f, bool qualitative, const gk_sheet_head *h,
                      const char *text, gk_error *err)
{
    if (!text || !*text) return 0;
    switch (f->kind) {
    case GK_FIELD_ACTUAL: {
        if (gk_note_chars(text) > GK_ACTUAL_MAX_CHARS) {
            gk_error_set(err, _("the actual has %zu characters; the limit is %d"),
                         gk_note_chars(text), GK_ACTUAL_MAX_CHARS);
            return -1;
        }
        if (strcmp(text, GK_ACTUAL_PENDING) == 0) return 0;
        gk_value v;
        if (gk_value_parse(text, f->unit, &v, err) != 0) return -1;
        if (qualitative) {
            for (size_t i = 0; i < gk_qualitative_count; i++)
                if (strcmp(text, gk_qualitative_values[i]) == 0) return 0;
            gk_error_set(err, _("%s is not one of the choices of this indicator"), text);
            return -1;
        }
        if (v.kind != GK_VAL_NUMBER) {
            gk_error_set(err, _("%s is not a number (in %s) nor %s"), text,
                         *f->unit ? f->unit : _("no unit"), GK_ACTUAL_PENDING);
            return -1;
        }
        return 0;
    }
    case GK_FIELD_EVAL:
        for (size_t i = 0; i < h->ngrades; i++)
            if (strcmp(text, h->grades[i]) == 0) return 0;
        gk_error_set(err, _("%s is not one of the plan's grades"), text);
        return -1;
    default:
        if (gk_note_too_long(text)) {
            gk_error_set(err, _("this note has %zu characters; the limit is %d"),
                         gk_note_chars(text), GK_NOTE_MAX_CHARS);
            return -1;
        }
        return 0;
    }
}

/* --- status ---------------------------------------------------------------------------------- */

int gk_sheet_status_list(gk_store *s, const char *plan, int year, gk_sheet_status **out, size_t *n,
                         gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT i.new, count(*), count(c.id), max(c.at) FROM history i"
        " LEFT JOIN history c ON c.tbl = 'sheet' AND c.row_uid = i.row_uid"
        "  AND c.field = 'collected' AND c.id = (SELECT max(x.id) FROM history x"
        "  WHERE x.tbl = 'sheet' AND x.row_uid = i.row_uid AND x.field = 'collected')"
        " WHERE i.tbl = 'sheet' AND i.field = 'issued' AND i.comment IN (SELECT uid || ' ' || ?2"
        "  FROM plan WHERE ?1 IS NULL OR name = ?1)"
        " GROUP BY i.new ORDER BY i.new",
        err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, plan);
    sqlite3_bind_int(st, 2, year);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_sheet_status *r = gk_grow(out, &cap, *n, sizeof **out);
        if (!r) break;
        memset(r, 0, sizeof *r);
        r->dept = strdup(gk_stmt_text(st, 0));
        r->issued = sqlite3_column_int(st, 1);
        r->collected = sqlite3_column_int(st, 2);
        snprintf(r->last_collected, sizeof r->last_collected, "%s", gk_stmt_text(st, 3));
        (*n)++;
    }
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_NOMEM : rc, err);
}

void gk_sheet_status_free(gk_sheet_status *st, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(st[i].dept);
    free(st);
}
