/*
 * entry.c — loading and saving the annual entry of a node (see entry.h).
 *
 * Conflicts are detected per field by text, not per row by revision: two
 * clerks editing different notes of the same item do not collide, and one
 * who saves the very text the other saved does not either.
 */
#include "gyokaku/entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/plan.h"
#include "gyokaku/value.h"
#include "store_int.h"

/* Note columns by field kind (constant SQL chosen by kind, never built). */
static const char *const note_col[] = {
    [GK_FIELD_STATUS] = "status",
    [GK_FIELD_NEXT] = "next_plan",
    [GK_FIELD_EVAL] = "evaluation",
    [GK_FIELD_EVAL_REASON] = "eval_reason",
};

static const char *const note_read_sql[] = {
    [GK_FIELD_STATUS] = "SELECT status, uid FROM note WHERE node_id = ?1 AND year = ?2",
    [GK_FIELD_NEXT] = "SELECT next_plan, uid FROM note WHERE node_id = ?1 AND year = ?2",
    [GK_FIELD_EVAL] = "SELECT evaluation, uid FROM note WHERE node_id = ?1 AND year = ?2",
    [GK_FIELD_EVAL_REASON] = "SELECT eval_reason, uid FROM note WHERE node_id = ?1 AND year = ?2",
};

static const char *const note_write_sql[] = {
    [GK_FIELD_STATUS] = "UPDATE note SET status = ?2, rev = rev + 1,"
                        " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
    [GK_FIELD_NEXT] = "UPDATE note SET next_plan = ?2, rev = rev + 1,"
                      " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
    [GK_FIELD_EVAL] = "UPDATE note SET evaluation = ?2, rev = rev + 1,"
                      " state = CASE state WHEN 'none' THEN 'draft' ELSE state END WHERE id = ?1",
    [GK_FIELD_EVAL_REASON] = "UPDATE note SET eval_reason = ?2, rev = rev + 1 WHERE id = ?1",
};

/* Binds a draft row's key to ?1..?4 of st (reset first): who, node uid, year
 * and the field's name in the draft table ("actual", "actual:男性",
 * "status" ...). */
static void bind_draft_key(sqlite3_stmt *st, gk_store *s, const gk_entry_field *f, int year)
{
    char name[300];
    if (f->kind == GK_FIELD_ACTUAL)
        snprintf(name, sizeof name, *f->series ? "actual:%s" : "actual", f->series);
    else
        snprintf(name, sizeof name, "%s", note_col[f->kind]);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->node_uid, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT);
}

/* --- reading saved texts ---------------------------------------------------------- */

/* Saved text of field f for year (malloc'd or NULL); uid of the row into
 * uid (empty when the row does not exist). Returns -1 on error. */
static int read_saved(gk_store *s, const gk_entry_field *f, int year, char **text, char uid[33],
                      gk_error *err)
{
    sqlite3_stmt *st;
    if (f->kind == GK_FIELD_ACTUAL) {
        st = gk_sql_cached(
            s, GK_ST_READ_VALUE,
            "SELECT v.actual_raw, gk_uid(s.uid, 'value', v.year) FROM value v JOIN series s"
            " ON s.id = v.series_id WHERE s.node_id = ?1 AND s.name = ?3"
            " AND v.year = ?2",
            err);
        if (st) sqlite3_bind_text(st, 3, f->series, -1, SQLITE_STATIC);
    } else {
        st = gk_sql_cached(s, GK_ST_READ_NOTE + (f->kind - GK_FIELD_STATUS), note_read_sql[f->kind],
                           err);
    }
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, f->node_id);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    *text = NULL;
    uid[0] = '\0';
    if (rc == SQLITE_ROW) {
        *text = gk_stmt_dup(st, 0);
        snprintf(uid, 33, "%s", gk_stmt_text(st, 1));
    }
    gk_sql_release(s, st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

/* --- loading ------------------------------------------------------------------- */

static gk_entry_field *add_field(gk_entry *e, gk_field_kind kind, int64_t node,
                                 const char *node_uid, const char *title)
{
    size_t cap = e->nfields; /* full: grows by doubling */
    gk_entry_field *f = gk_grow(&e->fields, &cap, e->nfields, sizeof *f);
    if (!f) return NULL;
    e->nfields++;
    f->kind = kind;
    f->node_id = node;
    snprintf(f->node_uid, sizeof f->node_uid, "%s", node_uid);
    f->node_title = strdup(title ? title : "");
    f->series = strdup("");
    f->unit = strdup("");
    return f;
}

static int load_saved_texts(gk_store *s, gk_entry *e, gk_error *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        gk_entry_field *f = &e->fields[i];
        char uid[33];
        if (read_saved(s, f, e->year, &f->orig, uid, err) != 0) return -1;
        f->text = f->orig ? strdup(f->orig) : NULL;
    }
    return 0;
}

/* One ACTUAL field per series of indicator node (one unnamed when none). */
static int add_actual_fields(gk_store *s, gk_entry *e, int64_t node, const char *uid,
                             const char *title, const char *unit, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT s.name, s.base_raw, (SELECT target_raw FROM value v WHERE v.series_id = s.id"
        " AND v.year = ?2) FROM series s WHERE s.node_id = ?1 ORDER BY s.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int(st, 2, e->year);
    size_t before = e->nfields;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_entry_field *f = add_field(e, GK_FIELD_ACTUAL, node, uid, title);
        if (!f) break;
        free(f->series);
        free(f->unit);
        f->series = strdup(gk_stmt_text(st, 0));
        f->unit = strdup(unit ? unit : "");
        f->base = gk_stmt_dup(st, 1);
        f->target = gk_stmt_dup(st, 2);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) { /* add_field ran out of memory */
        gk_error_set(err, _("cannot read the database: out of memory"));
        return -1;
    }
    if (gk_sql_step_done(s, rc, err) != 0) return -1;
    if (e->nfields == before) {
        gk_entry_field *f = add_field(e, GK_FIELD_ACTUAL, node, uid, title);
        if (!f) return -1;
        free(f->unit);
        f->unit = strdup(unit ? unit : "");
    }
    return 0;
}

static int add_note_fields(gk_entry *e)
{
    static const gk_field_kind kinds[] = {GK_FIELD_STATUS, GK_FIELD_NEXT, GK_FIELD_EVAL,
                                          GK_FIELD_EVAL_REASON};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (!add_field(e, kinds[k], e->node_id, e->node_uid, e->title)) return -1;
    return 0;
}

static int load_child_indicators(gk_store *s, gk_entry *e, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT id, uid, title, unit FROM node WHERE parent_id = ?1"
                                      " AND kind = 'indicator' ORDER BY pos",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, e->node_id);
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW)
        failed = add_actual_fields(s, e, sqlite3_column_int64(st, 0), gk_stmt_text(st, 1),
                                   gk_stmt_text(st, 2), gk_stmt_text(st, 3), err);
    sqlite3_finalize(st);
    return failed ? -1 : gk_sql_step_done(s, rc, err);
}

static int past_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_entry_past *p = elem;
    p->year = sqlite3_column_int(st, 0);
    p->node_id = sqlite3_column_int64(st, 4);
    p->series = strdup(gk_stmt_text(st, 1));
    p->target = gk_stmt_dup(st, 2);
    p->actual = gk_stmt_dup(st, 3);
    return p->series ? 0 : -1;
}

static int load_past(gk_store *s, gk_entry *e, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT v.year, s.name, v.target_raw, v.actual_raw, s.node_id FROM value v JOIN series s"
        " ON s.id = v.series_id WHERE (s.node_id = ?1 OR s.node_id IN (SELECT id FROM node"
        " WHERE parent_id = ?1 AND kind = 'indicator')) AND v.year < ?2"
        " ORDER BY v.year, s.node_id = ?1 DESC, s.node_id, s.pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, e->node_id);
    sqlite3_bind_int(st, 2, e->year);
    return gk_sql_list(s, st, &e->past, &e->npast, sizeof *e->past, past_row, NULL, err);
}

/* The node's 次年度の取組内容 of the year before, for reference. */
static int load_last_next(gk_store *s, gk_entry *e, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT next_plan FROM note WHERE node_id = ?1 AND year = ?2 - 1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, e->node_id);
    sqlite3_bind_int(st, 2, e->year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) e->last_next = gk_stmt_dup(st, 0);
    sqlite3_finalize(st);
    return gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

int gk_entry_load(gk_store *s, int64_t node_id, int year, gk_entry *e, gk_error *err)
{
    memset(e, 0, sizeof *e);
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT uid, kind, title, unit FROM node WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        gk_error_set(err, _("the selected node no longer exists"));
        return -1;
    }
    e->node_id = node_id;
    e->year = year;
    snprintf(e->node_uid, sizeof e->node_uid, "%s", gk_stmt_text(st, 0));
    int kind = gk_node_kind_from_name(gk_stmt_text(st, 1));
    e->kind = kind < 0 ? GK_NODE_ITEM : (gk_node_kind)kind;
    e->title = strdup(gk_stmt_text(st, 2));
    e->unit = gk_stmt_dup(st, 3);
    sqlite3_finalize(st);

    bool indicator = e->kind == GK_NODE_INDICATOR;
    int rc = indicator ? add_actual_fields(s, e, node_id, e->node_uid, e->title, e->unit, err) : 0;
    if (rc == 0) rc = add_note_fields(e);
    if (rc == 0 && !indicator) rc = load_child_indicators(s, e, err);
    if (rc == 0) rc = load_past(s, e, err);
    if (rc == 0) rc = load_last_next(s, e, err);
    if (rc == 0) rc = load_saved_texts(s, e, err);
    if (rc != 0) {
        gk_entry_free(e);
        if (!err || !err->msg[0]) gk_error_set(err, _("out of memory"));
        return -1;
    }
    return 0;
}

static void field_free(gk_entry_field *f)
{
    free(f->node_title);
    free(f->series);
    free(f->unit);
    free(f->target);
    free(f->base);
    free(f->orig);
    free(f->text);
    free(f->theirs);
}

void gk_entry_free(gk_entry *e)
{
    for (size_t i = 0; i < e->nfields; i++)
        field_free(&e->fields[i]);
    for (size_t i = 0; i < e->npast; i++) {
        free(e->past[i].series);
        free(e->past[i].target);
        free(e->past[i].actual);
    }
    free(e->fields);
    free(e->past);
    free(e->last_next);
    free(e->title);
    free(e->unit);
    memset(e, 0, sizeof *e);
}

/* --- editing ------------------------------------------------------------------- */

int gk_entry_set(gk_entry *e, size_t i, const char *t)
{
    char *copy = NULL;
    if (t && *t && !(copy = strdup(t))) return -1;
    free(e->fields[i].text);
    e->fields[i].text = copy;
    return 0;
}

bool gk_entry_field_dirty(const gk_entry *e, size_t i)
{
    return !gk_text_eq(e->fields[i].orig, e->fields[i].text);
}

bool gk_entry_dirty(const gk_entry *e)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (gk_entry_field_dirty(e, i)) return true;
    return false;
}

long gk_entry_validate(const gk_entry *e, gk_error *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const gk_entry_field *f = &e->fields[i];
        if (!gk_entry_field_dirty(e, i)) continue;
        if (f->kind == GK_FIELD_ACTUAL) {
            gk_value v;
            if (gk_value_parse(f->text, f->unit, &v, err) != 0) return (long)i;
        } else if (gk_note_too_long(f->text)) {
            gk_error_set(err, _("this note has %zu characters; the limit is %d"),
                         gk_note_chars(f->text), GK_NOTE_MAX_CHARS);
            return (long)i;
        }
    }
    return -1;
}

void gk_entry_accept_theirs(gk_entry *e, size_t i)
{
    gk_entry_field *f = &e->fields[i];
    free(f->text);
    free(f->orig);
    f->text = f->theirs ? strdup(f->theirs) : NULL;
    f->orig = f->theirs;
    f->theirs = NULL;
    f->conflict = false;
}

void gk_entry_rebase(gk_entry *e, size_t i)
{
    gk_entry_field *f = &e->fields[i];
    free(f->orig);
    f->orig = f->theirs;
    f->theirs = NULL;
    f->conflict = false;
}

/* --- saving -------------------------------------------------------------------- */

/* id of the series (created when missing) of an ACTUAL field. */
static int64_t series_id(gk_store *s, const gk_entry_field *f, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_SERIES_ID,
                                     "SELECT id FROM series WHERE node_id = ?1 AND name = ?2", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, f->node_id);
    sqlite3_bind_text(st, 2, f->series, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    gk_sql_release(s, st);
    if (gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err) != 0) return -1;
    if (id) return id;
    st = gk_sql_cached(s, GK_ST_ADD_SERIES,
                       "INSERT INTO series(uid, node_id, name, pos) VALUES"
                       " (gk_uid((SELECT uid FROM node WHERE id = ?2), 'series', ?3), ?2, ?3,"
                       " (SELECT count(*) FROM series WHERE node_id = ?2))",
                       err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 2, f->node_id);
    sqlite3_bind_text(st, 3, f->series, -1, SQLITE_STATIC);
    if (gk_sql_run(s, st, _("cannot save"), err) != 0) return -1;
    return sqlite3_last_insert_rowid(s->db);
}

/* Finds the value or note row of owner for year: 1 with *id (a note's id, a
 * value's series: values are keyed by series and year) and uid (a value's
 * derived, db/schema.sql), 0 when there is none, -1 on error. */
static int find_row(gk_store *s, bool actual, int64_t owner, int year, char uid[33], int64_t *id,
                    gk_error *err)
{
    sqlite3_stmt *st =
        actual ? gk_sql_cached(s, GK_ST_FIND_VALUE,
                               "SELECT series_id, gk_uid((SELECT uid FROM series WHERE id = ?1),"
                               " 'value', ?2) FROM value WHERE series_id = ?1 AND year = ?2",
                               err)
               : gk_sql_cached(s, GK_ST_FIND_NOTE,
                               "SELECT id, uid FROM note WHERE node_id = ?1 AND year = ?2", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, owner);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(uid, 33, "%s", gk_stmt_text(st, 1));
    }
    gk_sql_release(s, st);
    if (gk_sql_step_done(s, rc == SQLITE_ROW ? SQLITE_DONE : rc, err) != 0) return -1;
    return rc == SQLITE_ROW;
}

/* Creates the value or note row of f for year when missing (its uid derived
 * from its owner's, see store.h); uid into uid. */
static int ensure_row(gk_store *s, const gk_entry_field *f, int year, char uid[33], int64_t *id,
                      gk_error *err)
{
    bool actual = f->kind == GK_FIELD_ACTUAL;
    int64_t owner = actual ? series_id(s, f, err) : f->node_id;
    if (owner < 0) return -1;
    int found = find_row(s, actual, owner, year, uid, id, err);
    if (found != 0) return found < 0 ? -1 : 0;
    sqlite3_stmt *st =
        actual
            ? gk_sql_cached(s, GK_ST_ADD_VALUE,
                            "INSERT INTO value(series_id, year) VALUES (?1, ?2)", err)
            : gk_sql_cached(s, GK_ST_ADD_NOTE,
                            "INSERT INTO note(uid, node_id, year) VALUES"
                            " (gk_uid((SELECT uid FROM node WHERE id = ?1), 'note', ?2), ?1, ?2)",
                            err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, owner);
    sqlite3_bind_int(st, 2, year);
    if (gk_sql_run(s, st, _("cannot save"), err) != 0) return -1;
    return find_row(s, actual, owner, year, uid, id, err) == 1 ? 0 : -1;
}

static int write_field(gk_store *s, const gk_entry_field *f, int year, const char *old,
                       gk_error *err)
{
    char uid[33];
    int64_t id;
    if (ensure_row(s, f, year, uid, &id, err) != 0) return -1;
    bool actual = f->kind == GK_FIELD_ACTUAL;
    sqlite3_stmt *st = actual ? gk_sql_cached(s, GK_ST_WRITE_VALUE,
                                              "UPDATE value SET actual_raw = ?2, rev = rev + 1"
                                              " WHERE series_id = ?1 AND year = ?3",
                                              err)
                              : gk_sql_cached(s, GK_ST_WRITE_NOTE + (f->kind - GK_FIELD_STATUS),
                                              note_write_sql[f->kind], err);
    if (!st) return -1;
    /* notes are stored with their 半角カナ as 全角 (text.h) */
    char *full = !actual && f->text ? gk_kana_fullwidth(f->text) : NULL;
    const char *text = full ? full : f->text;
    sqlite3_bind_int64(st, 1, id);
    gk_sql_bind_text(st, 2, text);
    if (actual) sqlite3_bind_int(st, 3, year);
    int rc = gk_sql_run(s, st, _("cannot save"), err);
    if (rc == 0)
        rc = gk_history_add(s, actual ? "value" : "note", uid,
                            actual ? "actual" : note_col[f->kind], old, text, err);
    free(full);
    return rc;
}

static int delete_draft(gk_store *s, const gk_entry_field *f, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_DELETE_DRAFT,
                                     "DELETE FROM draft WHERE who = ?1 AND node_uid = ?2"
                                     " AND year = ?3 AND field = ?4",
                                     err);
    if (!st) return -1;
    bind_draft_key(st, s, f, year);
    if (gk_sql_run(s, st, _("cannot save"), err) != 0) return -1;
    return 0;
}

/* Inside the transaction: marks conflicts; returns their count or -1. The
 * saved text of each changed field without a conflict is kept in saved[i]
 * (malloc'd or NULL) for the writes that follow in the same transaction,
 * which need not read it again. */
static long find_conflicts(gk_store *s, gk_entry *e, char **saved, gk_error *err)
{
    long n = 0;
    for (size_t i = 0; i < e->nfields; i++) {
        gk_entry_field *f = &e->fields[i];
        if (!gk_entry_field_dirty(e, i)) continue;
        char *cur, uid[33];
        if (read_saved(s, f, e->year, &cur, uid, err) != 0) return -1;
        if (!gk_text_eq(cur, f->orig) && !gk_text_eq(cur, f->text)) {
            free(f->theirs);
            f->theirs = cur;
            f->conflict = true;
            n++;
        } else {
            saved[i] = cur;
        }
    }
    return n;
}

static void free_saved(char **saved, size_t n)
{
    for (size_t i = 0; saved && i < n; i++)
        free(saved[i]);
    free(saved);
}

/* Inside the transaction: may the login change every node with a changed
 * field? Returns 0, or -1 with err saying why not. */
static int check_allowed(gk_store *s, const gk_entry *e, gk_error *err)
{
    gk_auth a;
    if (gk_auth_load(s, &a, err) != 0) return -1;
    int rc = 1;
    int64_t checked = 0;
    for (size_t i = 0; rc == 1 && i < e->nfields; i++) {
        const gk_entry_field *f = &e->fields[i];
        if (!gk_entry_field_dirty(e, i) || f->node_id == checked) continue;
        rc = gk_auth_edit(s, &a, f->node_id, e->year, err);
        checked = f->node_id;
    }
    gk_auth_free(&a);
    return rc == 1 ? 0 : -1;
}

int gk_entry_save(gk_store *s, gk_entry *e, gk_error *err)
{
    if (gk_entry_validate(e, err) >= 0) return -1;
    if (gk_store_begin(s, err) != 0) return -1;
    /* roles.h: checked again inside the transaction that writes, whatever
     * the form was allowed when it opened */
    if (check_allowed(s, e, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    bool any = false;
    for (size_t i = 0; i < e->nfields && !any; i++)
        any = gk_entry_field_dirty(e, i);
    if (any && gk_plan_take_year(s, e->node_id, e->year, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    char **saved = calloc(e->nfields ? e->nfields : 1, sizeof *saved);
    long conflicts = saved ? find_conflicts(s, e, saved, err) : -1;
    if (!saved) gk_error_set(err, _("out of memory"));
    if (conflicts != 0) {
        free_saved(saved, e->nfields);
        gk_store_rollback(s);
        return conflicts < 0 ? -1 : 1;
    }
    for (size_t i = 0; i < e->nfields; i++) {
        gk_entry_field *f = &e->fields[i];
        if (!gk_entry_field_dirty(e, i)) continue;
        int rc = 0;
        if (!gk_text_eq(saved[i], f->text)) rc = write_field(s, f, e->year, saved[i], err);
        if (rc == 0) rc = delete_draft(s, f, e->year, err);
        if (rc != 0) {
            free_saved(saved, e->nfields);
            gk_store_rollback(s);
            return -1;
        }
    }
    free_saved(saved, e->nfields);
    if (gk_store_commit(s, err) != 0) return -1;
    for (size_t i = 0; i < e->nfields; i++) {
        gk_entry_field *f = &e->fields[i];
        free(f->orig);
        f->orig = f->text ? strdup(f->text) : NULL;
    }
    return 0;
}

/* --- drafts -------------------------------------------------------------------- */

int gk_draft_store(gk_store *s, const gk_entry *e, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    sqlite3_stmt *up = gk_sql_cached(
        s, GK_ST_DRAFT_STORE,
        "INSERT INTO draft(who, node_uid, year, field, text, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT(who, node_uid, year, field) DO UPDATE SET text = excluded.text,"
        " at = excluded.at",
        err);
    int rc = up ? 0 : -1;
    char now[32];
    gk_now_iso(now);
    for (size_t i = 0; i < e->nfields && rc == 0; i++) {
        const gk_entry_field *f = &e->fields[i];
        if (!gk_entry_field_dirty(e, i)) {
            rc = delete_draft(s, f, e->year, err);
            continue;
        }
        bind_draft_key(up, s, f, e->year);
        /* an emptied field is a draft too: '' (not NULL) says "cleared" */
        sqlite3_bind_text(up, 5, f->text ? f->text : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(up, 6, now, -1, SQLITE_STATIC);
        int src = sqlite3_step(up);
        if (src != SQLITE_DONE) {
            gk_sql_error(s, src, _("cannot keep the draft"), err);
            rc = -1;
        }
    }
    gk_sql_release(s, up);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

long gk_draft_apply(gk_store *s, gk_entry *e, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT text FROM draft WHERE who = ?1 AND node_uid = ?2"
                                      " AND year = ?3 AND field = ?4",
                                      err);
    if (!st) return -1;
    long n = 0;
    for (size_t i = 0; i < e->nfields && n >= 0; i++) {
        gk_entry_field *f = &e->fields[i];
        bind_draft_key(st, s, f, e->year);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && gk_entry_set(e, i, gk_stmt_text(st, 0)) != 0) rc = SQLITE_NOMEM;
        if (rc == SQLITE_ROW)
            n++;
        else if (gk_sql_step_done(s, rc, err) != 0)
            n = -1;
    }
    sqlite3_finalize(st);
    return n;
}

int gk_draft_discard(gk_store *s, int64_t node_id, int year, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    /* the node's own drafts and those of its indicators (an item's form) */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "DELETE FROM draft WHERE who = ?1 AND year = ?3 AND node_uid IN"
        " (SELECT uid FROM node WHERE id = ?2 OR (parent_id = ?2 AND kind = 'indicator'))",
        err);
    if (!st) {
        gk_store_rollback(s);
        return -1;
    }
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, node_id);
    sqlite3_bind_int(st, 3, year);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot discard the draft"), err);
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

static gk_field_kind kind_of_draft(const char *field, const char **series)
{
    *series = "";
    if (strncmp(field, "actual", 6) == 0) {
        if (field[6] == ':') *series = field + 7;
        return GK_FIELD_ACTUAL;
    }
    for (int k = GK_FIELD_STATUS; k <= GK_FIELD_EVAL_REASON; k++)
        if (strcmp(field, note_col[k]) == 0) return (gk_field_kind)k;
    return GK_FIELD_STATUS;
}

typedef struct query_ctx {
    gk_store *s;
    gk_error *err;
} query_ctx;

/* One draft and the saved text it would replace. */
static int draft_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_draft_info *d = elem;
    query_ctx *q = ctx;
    d->node_id = sqlite3_column_int64(st, 0);
    d->node_title = strdup(gk_stmt_text(st, 1));
    d->year = sqlite3_column_int(st, 2);
    d->field = strdup(gk_stmt_text(st, 3));
    d->draft = gk_stmt_dup(st, 4);
    snprintf(d->at, sizeof d->at, "%s", gk_stmt_text(st, 5));
    if (!d->field || !d->node_title) return -1;
    d->kind = kind_of_draft(d->field, &d->series);
    gk_entry_field f = {.node_id = d->node_id, .kind = d->kind, .series = (char *)d->series};
    char uid[33];
    return read_saved(q->s, &f, d->year, &d->saved, uid, q->err) == 0 ? 0 : -2;
}

int gk_draft_list(gk_store *s, gk_draft_info **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT n.id, n.title, d.year, d.field, d.text, d.at"
                                      " FROM draft d JOIN node n ON n.uid = d.node_uid"
                                      " WHERE d.who = ?1 ORDER BY d.at, d.id",
                                      err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    query_ctx q = {s, err};
    if (gk_sql_list(s, st, out, n, sizeof **out, draft_row, &q, err) == 0) return 0;
    gk_draft_list_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

void gk_draft_list_free(gk_draft_info *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(d[i].node_title);
        free(d[i].field);
        free(d[i].saved);
        free(d[i].draft);
    }
    free(d);
}

/* --- history ------------------------------------------------------------------- */

static int history_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_history_entry *h = elem;
    h->id = sqlite3_column_int64(st, 0);
    snprintf(h->at, sizeof h->at, "%s", gk_stmt_text(st, 1));
    snprintf(h->who, sizeof h->who, "%s", gk_stmt_text(st, 2));
    h->old = gk_stmt_dup(st, 3);
    h->new_ = gk_stmt_dup(st, 4);
    return 0;
}

int gk_entry_history(gk_store *s, const gk_entry *e, size_t i, gk_history_entry **out, size_t *n,
                     gk_error *err)
{
    *out = NULL;
    *n = 0;
    const gk_entry_field *f = &e->fields[i];
    char *cur, uid[33];
    if (read_saved(s, f, e->year, &cur, uid, err) != 0) return -1;
    free(cur);
    if (!uid[0]) return 0; /* never saved: no history */
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT id, at, who, old, new FROM history"
                                      " WHERE row_uid = ?1 AND field = ?2 ORDER BY id DESC",
                                      err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->kind == GK_FIELD_ACTUAL ? "actual" : note_col[f->kind], -1,
                      SQLITE_STATIC);
    return gk_sql_list(s, st, out, n, sizeof **out, history_row, NULL, err);
}

void gk_history_free(gk_history_entry *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].old);
        free(h[i].new_);
    }
    free(h);
}
