/*
 * sheet_collect.c — taking a 調査票 back (sheet.h): each returned row checked
 * against the issued one and the master, the changes listed, and applied in
 * one transaction with history. Making the workbook is sheet.c.
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
#include "gyokaku/value.h"
#include "gyokaku/workflow.h"
#include "sheet_int.h"

/* --- taking back -------------------------------------------------------------------------- */

struct gk_collect {
    gk_store *s;
    const gk_sheet_head *h;
    char *file;
    int64_t plan_id, dept_id;
    char **problems;
    size_t nproblems, capproblems;
    gk_sheet_change *ch;
    size_t nch, capch;
    sqlite3_stmt *node_st; /* a row's node (gk_collect_row) */
};

gk_collect *gk_collect_begin(gk_store *s, const gk_sheet_head *h, const char *file, gk_error *err)
{
    if (h->format != GK_SHEET_FORMAT) {
        gk_error_set(err, _("the workbook's layout %d is not this version's (%d)"), h->format,
                     GK_SHEET_FORMAT);
        return NULL;
    }
    char uid[33];
    gk_sheet_head_check(h, uid);
    if (strcmp(uid, h->check) != 0) {
        gk_error_set(err, _("the workbook's identity sheet was altered; nothing was changed"));
        return NULL;
    }
    if (gk_sheet_db_uid(s, uid, err) != 0) return NULL;
    if (strcmp(uid, h->db_uid) != 0) {
        gk_error_set(err,
                     _("the workbook was made from another database (%s), not this one; "
                       "nothing was changed"),
                     h->db_uid);
        return NULL;
    }
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id, name FROM plan WHERE uid = ?1", err);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, h->plan_uid, -1, SQLITE_STATIC);
    int64_t plan_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (!plan_id) {
        gk_error_set(err, _("the workbook was made for plan %s, which this database does not have"),
                     h->plan ? h->plan : "?");
        return NULL;
    }
    int64_t dept_id = gk_sheet_find_dept(s, h->dept ? h->dept : "", err);
    if (dept_id < 0) return NULL;
    gk_me me;
    if (gk_me_load(s, &me, err) != 0) return NULL;
    bool ok = me.role == GK_ROLE_OFFICE;
    for (size_t i = 0; !ok && i < me.ndepts; i++)
        ok = (me.role == GK_ROLE_CLERK || me.role == GK_ROLE_SUPERVISOR) &&
             strcmp(me.depts[i], h->dept) == 0;
    if (!ok)
        gk_error_set(err,
                     _("%s may not collect the 調査票 of %s: the plan office collects, and a "
                       "department's own clerks"),
                     me.login, h->dept);
    gk_me_free(&me);
    if (!ok) return NULL;
    gk_collect *c = calloc(1, sizeof *c);
    if (!c || !(c->file = strdup(file ? file : ""))) {
        free(c);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    c->s = s;
    c->h = h;
    c->plan_id = plan_id;
    c->dept_id = dept_id;
    return c;
}

static void problem(gk_collect *c, const char *cell, const char *msg)
{
    char **slot = gk_grow(&c->problems, &c->capproblems, c->nproblems, sizeof *c->problems);
    if (slot && asprintf(slot, "%s: %s", cell, msg) >= 0) c->nproblems++;
}

/* 1 when the conflict of field key was decided "keep master" for this
 * very sheet text by an earlier collection of the same workbook. */
static int declined(gk_collect *c, const char *key, const char *sheet, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(c->s,
                                      "SELECT 1 FROM history WHERE tbl = 'sheet' AND row_uid = ?1"
                                      " AND field = ?2 AND new IS ?3",
                                      err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->h->token, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    gk_sql_bind_text(st, 3, sheet);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return gk_sql_step_done(c->s, rc, err), -1;
    return rc == SQLITE_ROW;
}

static void decline_key(const gk_sheet_change *ch, char *buf, size_t n)
{
    snprintf(buf, n, "declined:%s:%s:%s", ch->node_uid, gk_sheet_field_name[ch->kind], ch->series);
}

/* The actual restyled as the entry form saves it (form.c normalise_actuals). */
static char *restyle(const gk_entry *e, const gk_entry_field *f, const char *t)
{
    gk_series_buf b;
    if (!t || gk_series_from_entry(e, f, NULL, &b) != 0) return t ? strdup(t) : NULL;
    size_t n = 0, years = b.sy.n;
    const char **others = calloc(2 * years + 1, sizeof *others);
    char out[256];
    bool ok = false;
    if (others) {
        others[n++] = f->base;
        for (size_t k = 0; k < years; k++)
            others[n++] = b.targets[k];
        for (size_t k = 0; k + 1 < years; k++)
            others[n++] = b.actuals[k];
        ok = gk_value_restyle(t, f->unit, others, n, out, sizeof out) != NULL;
    }
    free(others);
    gk_series_buf_free(&b);
    return strdup(ok ? out : t);
}

/* The 評価 reason rule (value.h gk_eval_needs_reason) on a row whose 評価
 * the workbook changes, as the entry form applies it: the proposal comes
 * from the first series with the actual the row brings (else the
 * master's), the reason is the row's (else the master's). */
static void eval_reason_rule(gk_collect *c, const gk_sheet_cells *cells, const gk_entry *e)
{
    const char *mask = cells->mask ? cells->mask : "";
    if (mask[GK_FIELD_EVAL] != '1' ||
        gk_text_eq(cells->text[GK_FIELD_EVAL], cells->orig[GK_FIELD_EVAL]))
        return;
    const gk_entry_field *fa = gk_entry_first_actual(e), *fr = NULL;
    for (size_t i = 0; i < e->nfields && !fr; i++)
        if (e->fields[i].node_id == e->node_id && e->fields[i].kind == GK_FIELD_EVAL_REASON)
            fr = &e->fields[i];
    const char *actual = fa ? fa->orig : NULL;
    char *typed = NULL;
    if (fa && strcmp(fa->series, cells->series ? cells->series : "") == 0 &&
        mask[GK_FIELD_ACTUAL] == '1' &&
        !gk_text_eq(cells->text[GK_FIELD_ACTUAL], cells->orig[GK_FIELD_ACTUAL])) {
        typed = restyle(e, fa, cells->text[GK_FIELD_ACTUAL]);
        actual = typed && *typed ? typed : NULL;
    }
    const char *reason = fr ? fr->orig : NULL;
    if (mask[GK_FIELD_EVAL_REASON] == '1' &&
        !gk_text_eq(cells->text[GK_FIELD_EVAL_REASON], cells->orig[GK_FIELD_EVAL_REASON]))
        reason = cells->text[GK_FIELD_EVAL_REASON];
    const char *p = gk_entry_proposal(e, actual);
    if (gk_eval_needs_reason(p, cells->text[GK_FIELD_EVAL], reason)) {
        char msg[300];
        snprintf(msg, sizeof msg, _("評価 differs from the proposal (%s): please give the reason"),
                 p);
        problem(c, cells->cell[GK_FIELD_EVAL], msg);
    }
    free(typed);
}

int gk_collect_row(gk_collect *c, const gk_sheet_cells *cells, gk_error *err)
{
    char check[33];
    const char *mask = cells->mask ? cells->mask : "";
    gk_sheet_row_check(c->h->token, cells->node_uid ? cells->node_uid : "",
                       cells->series ? cells->series : "", mask, cells->orig, check);
    if (!cells->check || strcmp(check, cells->check) != 0 || strlen(mask) != GK_SHEET_NFIELDS) {
        gk_error_set(err,
                     _("%s: the hidden identity cells of row %ld were altered; the workbook is "
                       "refused and nothing was changed"),
                     cells->id_cell, cells->row);
        return -1;
    }
    /* the row's node and its leading department as LEAD_SQL judges it,
     * for this node alone (prepared once per workbook) */
    if (!c->node_st &&
        !(c->node_st = gk_sql_prepare(
              c->s,
              "SELECT n.id, n.direction, coalesce((SELECT dept_id FROM node_dept WHERE"
              " node_id = n.id ORDER BY pos LIMIT 1), CASE WHEN n.kind = 'indicator' THEN"
              " (SELECT dept_id FROM node_dept WHERE node_id = n.parent_id ORDER BY pos LIMIT 1)"
              " END), n.plan_id FROM node n WHERE n.uid = ?1",
              err)))
        return -1;
    sqlite3_stmt *st = c->node_st;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, cells->node_uid, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t id = 0, dept = 0, plan = 0;
    char *direction = NULL;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        direction = gk_stmt_dup(st, 1);
        dept = sqlite3_column_int64(st, 2);
        plan = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return gk_sql_step_done(c->s, rc, err), -1;
    if (!id || plan != c->plan_id) {
        gk_error_set(err,
                     _("row %ld: its item or indicator is no longer in plan %s; nothing was "
                       "changed"),
                     cells->row, c->h->plan);
        free(direction);
        return -1;
    }
    if (dept != c->dept_id) {
        gk_error_set(err,
                     _("row %ld: its item or indicator is no longer led by %s; nothing was "
                       "changed"),
                     cells->row, c->h->dept);
        free(direction);
        return -1;
    }
    gk_entry e;
    bool loaded = false;
    int out = 0;
    for (int k = 0; out == 0 && k < GK_SHEET_NFIELDS; k++) {
        if (mask[k] != '1' || gk_text_eq(cells->text[k], cells->orig[k])) continue;
        if (!loaded) {
            if (gk_entry_load(c->s, id, c->h->year, &e, err) != 0) {
                out = -1;
                break;
            }
            loaded = true;
        }
        const gk_entry_field *f = NULL;
        for (size_t i = 0; i < e.nfields && !f; i++)
            if (e.fields[i].node_id == id && (int)e.fields[i].kind == k &&
                (k != GK_FIELD_ACTUAL || strcmp(e.fields[i].series, cells->series) == 0))
                f = &e.fields[i];
        if (!f) {
            problem(c, cells->cell[k], _("the series of this row no longer exists"));
            continue;
        }
        gk_error verr = {{0}};
        bool qual = k == GK_FIELD_ACTUAL && gk_sheet_is_qualitative(&e, f, direction);
        if (gk_sheet_validate(f, qual, c->h, cells->text[k], &verr) != 0) {
            problem(c, cells->cell[k], verr.msg);
            continue;
        }
        char *sheet = k == GK_FIELD_ACTUAL ? restyle(&e, f, cells->text[k])
                                           : (cells->text[k] ? strdup(cells->text[k]) : NULL);
        if (sheet && !*sheet) {
            free(sheet);
            sheet = NULL;
        }
        if (gk_text_eq(sheet, cells->orig[k]) || gk_text_eq(sheet, f->orig)) {
            free(sheet); /* unchanged once written as saved, or the master has it already */
            continue;
        }
        gk_sheet_change ch = {0};
        ch.node_id = id;
        memcpy(ch.node_uid, e.node_uid, sizeof ch.node_uid);
        ch.kind = (gk_field_kind)k;
        ch.series = strdup(f->series);
        ch.conflict = !gk_text_eq(f->orig, cells->orig[k]);
        snprintf(ch.cell, sizeof ch.cell, "%s", cells->cell[k]);
        if (ch.conflict) {
            char key[128];
            decline_key(&ch, key, sizeof key);
            int d = declined(c, key, sheet, err);
            if (d != 0) {
                free(sheet);
                free(ch.series);
                if (d < 0) out = -1;
                continue;
            }
        }
        ch.path = gk_node_path(c->s, id);
        ch.orig = cells->orig[k] ? strdup(cells->orig[k]) : NULL;
        ch.master = f->orig ? strdup(f->orig) : NULL;
        ch.sheet = sheet;
        ch.decision = ch.conflict ? GK_SD_UNDECIDED : GK_SD_TAKE_SHEET;
        gk_sheet_change *slot = gk_grow(&c->ch, &c->capch, c->nch, sizeof *c->ch);
        if (!slot) {
            gk_error_set(err, _("out of memory"));
            out = -1;
            break;
        }
        *slot = ch;
        c->nch++;
    }
    if (out == 0 && loaded) eval_reason_rule(c, cells, &e);
    if (loaded) gk_entry_free(&e);
    free(direction);
    return out;
}

size_t gk_collect_problems(const gk_collect *c, const char *const **msgs)
{
    *msgs = (const char *const *)c->problems;
    return c->nproblems;
}

gk_sheet_change *gk_collect_changes(gk_collect *c, size_t *n)
{
    *n = c->nch;
    return c->ch;
}

/* The master's text of ch now (inside the transaction), malloc'd; *uid the
 * row's uid ("" when the row does not exist); -1 on error. */
static int read_master(gk_collect *c, const gk_sheet_change *ch, char **out, char uid[33],
                       int64_t *owner, gk_error *err)
{
    static const char *const sql[GK_SHEET_NFIELDS] = {
        "SELECT v.actual_raw, s.uid, s.id, v.year FROM series s LEFT JOIN value v ON"
        " v.series_id = s.id AND v.year = ?2 WHERE s.node_id = ?1 AND s.name = ?3",
        "SELECT status, uid, id, 1 FROM note WHERE node_id = ?1 AND year = ?2",
        "SELECT next_plan, uid, id, 1 FROM note WHERE node_id = ?1 AND year = ?2",
        "SELECT evaluation, uid, id, 1 FROM note WHERE node_id = ?1 AND year = ?2",
        "SELECT eval_reason, uid, id, 1 FROM note WHERE node_id = ?1 AND year = ?2",
    };
    sqlite3_stmt *st = gk_sql_prepare(c->s, sql[ch->kind], err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ch->node_id);
    sqlite3_bind_int(st, 2, c->h->year);
    if (ch->kind == GK_FIELD_ACTUAL) sqlite3_bind_text(st, 3, ch->series, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *out = NULL;
    uid[0] = '\0';
    *owner = 0;
    if (rc == SQLITE_ROW) {
        *out = gk_stmt_dup(st, 0);
        *owner = sqlite3_column_int64(st, 2);
        if (ch->kind == GK_FIELD_ACTUAL) {
            char y[16];
            snprintf(y, sizeof y, "%d", c->h->year);
            if (sqlite3_column_type(st, 3) != SQLITE_NULL)
                gk_uid_derive(uid, gk_stmt_text(st, 1), "value", y);
            else
                snprintf(uid, 33, "%s", "");
            if (!uid[0]) { /* no value row yet: the series' uid marks it */
                snprintf(uid, 33, "%s", "");
            }
        } else {
            snprintf(uid, 33, "%s", gk_stmt_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return gk_sql_step_done(c->s, rc, err), -1;
    if (rc == SQLITE_DONE && ch->kind == GK_FIELD_ACTUAL) {
        gk_error_set(err, _("the series of %s no longer exists"), ch->cell);
        return -1;
    }
    return 0;
}

static int write_change(gk_collect *c, const gk_sheet_change *ch, const char *text, const char *old,
                        const char *comment, gk_error *err)
{
    gk_store *s = c->s;
    bool actual = ch->kind == GK_FIELD_ACTUAL;
    char *cur = NULL, uid[33];
    int64_t owner;
    /* the row first: a value of (series, year), a note of (node, year) */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        actual ? "INSERT OR IGNORE INTO value(series_id, year) SELECT id, ?2 FROM series"
                 " WHERE node_id = ?1 AND name = ?3"
               : "INSERT OR IGNORE INTO note(uid, node_id, year) VALUES"
                 " (gk_uid((SELECT uid FROM node WHERE id = ?1), 'note', ?2), ?1, ?2)",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, ch->node_id);
    sqlite3_bind_int(st, 2, c->h->year);
    if (actual) sqlite3_bind_text(st, 3, ch->series, -1, SQLITE_STATIC);
    if (gk_sql_run(s, st, _("cannot save"), err) != 0) return -1;
    if (read_master(c, ch, &cur, uid, &owner, err) != 0) return -1;
    free(cur);
    static const char *const sql[GK_SHEET_NFIELDS] = {
        "UPDATE value SET actual_raw = ?2, rev = rev + 1 WHERE series_id = ?1 AND year = ?3",
        "UPDATE note SET status = ?2, rev = rev + 1,"
        " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
        "UPDATE note SET next_plan = ?2, rev = rev + 1,"
        " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
        "UPDATE note SET evaluation = ?2, rev = rev + 1,"
        " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
        "UPDATE note SET eval_reason = ?2, rev = rev + 1 WHERE id = ?1",
    };
    st = gk_sql_prepare(s, sql[ch->kind], err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, owner);
    gk_sql_bind_text(st, 2, text);
    if (actual) sqlite3_bind_int(st, 3, c->h->year);
    if (gk_sql_run(s, st, _("cannot save"), err) != 0) return -1;
    return gk_history_add_comment(s, actual ? "value" : "note", uid, gk_sheet_field_name[ch->kind],
                                  old, text, comment, err);
}

long gk_collect_apply(gk_collect *c, gk_error *err)
{
    if (c->nproblems) {
        gk_error_set(err,
                     ngettext("%zu cell has problems; nothing was changed",
                              "%zu cells have problems; nothing was changed",
                              (unsigned long)c->nproblems),
                     c->nproblems);
        return -1;
    }
    for (size_t i = 0; i < c->nch; i++)
        if (c->ch[i].decision == GK_SD_UNDECIDED) {
            gk_error_set(err, _("%s: a conflict is not decided; nothing was changed"),
                         c->ch[i].cell);
            return -1;
        }
    gk_store *s = c->s;
    if (c->nch == 0) { /* the same workbook again: nothing to write, not even history */
        int again = declined(c, "collected", NULL, err);
        if (again < 0) return -1;
        if (again == 0) {
            sqlite3_stmt *st = gk_sql_prepare(s,
                                              "SELECT 1 FROM history WHERE tbl = 'sheet'"
                                              " AND row_uid = ?1 AND field = 'collected'",
                                              err);
            if (!st) return -1;
            sqlite3_bind_text(st, 1, c->h->token, -1, SQLITE_STATIC);
            again = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_finalize(st);
        }
        if (again) return 0;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    gk_auth a;
    if (gk_auth_load(s, &a, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    char comment[1024];
    const char *base = strrchr(c->file, '/');
    base = base ? base + 1 : c->file;
    if (c->h->writer && *c->h->writer)
        snprintf(comment, sizeof comment, _("調査票 %s (記入者: %s)"), base, c->h->writer);
    else
        snprintf(comment, sizeof comment, _("調査票 %s"), base);
    long written = 0;
    int rc = 0;
    int64_t checked = 0;
    for (size_t i = 0; rc == 0 && i < c->nch; i++) {
        gk_sheet_change *ch = &c->ch[i];
        if (ch->decision == GK_SD_KEEP_MASTER) {
            char key[128];
            decline_key(ch, key, sizeof key);
            rc = gk_history_add_comment(s, "sheet", c->h->token, key, ch->master, ch->sheet,
                                        comment, err);
            continue;
        }
        if (ch->node_id != checked) {
            rc = gk_auth_edit(s, &a, ch->node_id, c->h->year, err) == 1 ? 0 : -1;
            if (rc == 0) rc = gk_plan_take_year(s, ch->node_id, c->h->year, err);
            if (rc != 0) {
                gk_error_prefix(err, "%s", ch->cell);
                break;
            }
            checked = ch->node_id;
        }
        char *cur, uid[33];
        int64_t owner;
        rc = read_master(c, ch, &cur, uid, &owner, err);
        if (rc != 0) break;
        if (!gk_text_eq(cur, ch->master)) {
            gk_error_set(err,
                         _("%s: the master changed while the workbook was being reviewed; "
                           "nothing was changed (collect again)"),
                         ch->cell);
            free(cur);
            rc = -1;
            break;
        }
        const char *text = ch->decision == GK_SD_EDITED ? ch->final : ch->sheet;
        if (text && !*text) text = NULL;
        if (!gk_text_eq(cur, text)) {
            rc = write_change(c, ch, text, cur, comment, err);
            written++;
        }
        free(cur);
        if (rc == 0 && ch->decision == GK_SD_EDITED) { /* decided: not asked again */
            char key[128];
            decline_key(ch, key, sizeof key);
            rc = gk_history_add_comment(s, "sheet", c->h->token, key, ch->master, ch->sheet,
                                        comment, err);
        }
    }
    gk_auth_free(&a);
    if (rc == 0)
        rc = gk_history_add_comment(s, "sheet", c->h->token, "collected", NULL, base, comment, err);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    if (gk_store_commit(s, err) != 0) return -1;
    return written;
}

void gk_collect_free(gk_collect *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nproblems; i++)
        free(c->problems[i]);
    free(c->problems);
    for (size_t i = 0; i < c->nch; i++) {
        gk_sheet_change *ch = &c->ch[i];
        free(ch->series);
        free(ch->path);
        free(ch->orig);
        free(ch->sheet);
        free(ch->master);
        free(ch->final);
    }
    free(c->ch);
    free(c->file);
    sqlite3_finalize(c->node_st);
    free(c);
}
