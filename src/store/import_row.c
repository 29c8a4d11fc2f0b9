/*
 * import_row.c — one CSV row applied: its year's target/actual cells (batched
 * for series this import made) and notes, and gk_import_row walking the path
 * and handing the cells to import_path.c and import_attr.c (import.h).
 */
#include "import_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* --- yearly cells ----------------------------------------------------------------- */

#define NO_TEXT SIZE_MAX

/* Copies text (NULL: none) into pend_text; its offset into *at. */
static int pending_add(gk_importer *im, const char *text, size_t *at)
{
    *at = NO_TEXT;
    if (!text) return 0;
    size_t n = strlen(text) + 1;
    if (im->pend_len + n > im->pend_cap) {
        size_t cap = im->pend_cap ? im->pend_cap : 16384;
        while (im->pend_len + n > cap)
            cap *= 2;
        char *grown = realloc(im->pend_text, cap);
        if (!grown) return -1;
        im->pend_text = grown;
        im->pend_cap = cap;
    }
    memcpy(im->pend_text + im->pend_len, text, n);
    *at = im->pend_len;
    im->pend_len += n;
    return 0;
}

static const char *pending_text(const gk_importer *im, size_t at)
{
    return at == NO_TEXT ? NULL : im->pend_text + at;
}

void pending_clear(gk_importer *im)
{
    im->npend = 0;
    im->pend_len = 0;
}

/* Writes the queued values: a full batch by one statement, else row by row.
 * Called before anything reads the value table. */
int flush_values(gk_importer *im, gk_error *err)
{
    if (!im->npend) return 0;
    int rc = 0;
    if (im->npend == VALUE_BATCH) {
        sqlite3_stmt *st = im->value_batch;
        sqlite3_reset(st);
        for (int i = 0; i < VALUE_BATCH; i++) {
            const struct pending_value *v = &im->pend[i];
            sqlite3_bind_int64(st, 4 * i + 1, v->series);
            sqlite3_bind_int(st, 4 * i + 2, v->year);
            bind_static(st, 4 * i + 3, pending_text(im, v->target));
            bind_static(st, 4 * i + 4, pending_text(im, v->actual));
        }
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        for (int i = 0; i < im->npend && rc == 0; i++) {
            const struct pending_value *v = &im->pend[i];
            sqlite3_stmt *st = q(im, Q_VALUE_INSERT);
            sqlite3_bind_int64(st, 1, v->series);
            sqlite3_bind_int(st, 2, v->year);
            bind_static(st, 3, pending_text(im, v->target));
            bind_static(st, 4, pending_text(im, v->actual));
            rc = step_done(im, st, err) < 0 ? -1 : 0;
        }
    }
    if (rc != 0) /* the disk, not the data: the rows were checked */
        gk_error_prefix(err, "%s:%ld-%ld", im->fname, im->pend[0].line,
                        im->pend[im->npend - 1].line);
    pending_clear(im);
    return rc;
}

/* Whether this file gave year to series already, and now does. */
static bool fresh_year_given(gk_importer *im, int year)
{
    unsigned b = (unsigned)(year - GK_FY_MIN);
    uint64_t bit = UINT64_C(1) << (b % 64);
    bool given = im->fresh_years[b / 64] & bit;
    im->fresh_years[b / 64] |= bit;
    return given;
}

/* A new value of the fresh series, queued; -1 when out of memory. */
static int queue_value(gk_importer *im, int64_t series, int year, const char *target,
                       const char *actual, gk_error *err)
{
    struct pending_value *v = &im->pend[im->npend];
    v->series = series;
    v->year = year;
    v->line = im->row->line;
    if (pending_add(im, target, &v->target) != 0 || pending_add(im, actual, &v->actual) != 0) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    im->npend++;
    return im->npend == VALUE_BATCH ? flush_values(im, err) : 0;
}

/* Statement which (Q_VALUE_SET, Q_NOTE_SET) with its row, its column i
 * and the cell bound as ?1 to ?3. */
static sqlite3_stmt *cell_set(gk_importer *im, enum query which, int64_t row, int i,
                              const char *cell)
{
    sqlite3_stmt *st = q(im, which);
    sqlite3_bind_int64(st, 1, row);
    sqlite3_bind_int(st, 2, i);
    sqlite3_bind_text(st, 3, cell, -1, SQLITE_STATIC);
    return st;
}

/* A new (series, year) is one INSERT; an existing one is read and only the
 * cells that say something new are written, with history. */
/* series is im->series_id, found by find_series() for this row: its uid is im->series_uid. */
static int set_value(gk_importer *im, int64_t series, int year, const char *target,
                     const char *actual, const char *unit, gk_error *err)
{
    if (!target && !actual) return 0;
    if (series == im->fresh_series && !fresh_year_given(im, year)) {
        if ((target && need_target(im, year, err) != 0) ||
            (actual && need_edit(im, im->series_node, year, GK_COL_ACTUAL, err) != 0))
            return -1;
        im->st.values_created += (target != NULL) + (actual != NULL);
        return queue_value(im, series, year, target, actual, err);
    }
    if (flush_values(im, err) != 0) return -1;
    sqlite3_stmt *st = q(im, Q_VALUE_INSERT);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int(st, 2, year);
    gk_sql_bind_text(st, 3, target);
    gk_sql_bind_text(st, 4, actual);
    if (step_done(im, st, err) < 0) return -1;
    if (sqlite3_changes(im->s->db) == 1) {
        /* checked after the insert: a refusal rolls the whole file back */
        if ((target && need_target(im, year, err) != 0) ||
            (actual && need_edit(im, im->series_node, year, GK_COL_ACTUAL, err) != 0))
            return -1;
        im->st.values_created += (target != NULL) + (actual != NULL);
        return 0;
    }
    st = q(im, Q_VALUE_GET);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int(st, 2, year);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    char *old[2];
    for (int i = 0; i < 2; i++)
        old[i] = gk_stmt_text(st, i) ? strdup(gk_stmt_text(st, i)) : NULL;
    char uid[33], y[8]; /* history names the value by its derived uid (db/schema.sql) */
    snprintf(y, sizeof y, "%d", year);
    gk_uid_derive(uid, im->series_uid, "value", y);
    const char *cells[2] = {target, actual};
    static const char *const fields[2] = {"target", "actual"};
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (!cells[i] || same_cell(old[i], cells[i], unit)) continue;
        if (i == 0 ? need_target(im, year, err)
                   : need_edit(im, im->series_node, year, GK_COL_ACTUAL, err)) {
            rc = -1;
            break;
        }
        st = cell_set(im, Q_VALUE_SET, series, i, cells[i]);
        sqlite3_bind_int(st, 4, year);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        /* a cell first set on an existing row is history too, so that
         * `check` can tell it from a change made behind gyokaku's back */
        if (rc == 0) rc = gk_history_add(im->s, "value", uid, fields[i], old[i], cells[i], err);
        if (old[i])
            im->st.values_changed++;
        else
            im->st.values_created++;
    }
    free(old[0]);
    free(old[1]);
    return rc;
}

/* The node's search text must be folded again (its notes changed): once
 * per run of rows on the node. A node this import made is folded once, at
 * the commit (refold_new), from its final notes: marking it NULL here and
 * folding it again at the commit wrote its row three times. */
int mark_stale(gk_importer *im, int64_t node, gk_error *err)
{
    if (node == im->stale_node) return 0;
    if (node > im->node_max0) {
        size_t bit = (size_t)(node - im->node_max0 - 1);
        if (bit / 8 >= im->refold_n) {
            size_t n = im->refold_n ? im->refold_n : 1024;
            while (n <= bit / 8)
                n *= 2;
            uint8_t *grown = realloc(im->refold, n);
            if (!grown) {
                gk_error_set(err, _("out of memory"));
                return -1;
            }
            memset(grown + im->refold_n, 0, n - im->refold_n);
            im->refold = grown;
            im->refold_n = n;
        }
        im->refold[bit / 8] |= (uint8_t)(1u << (bit % 8));
        im->stale_node = node;
        return 0;
    }
    sqlite3_stmt *st = q(im, Q_FTS_DROP);
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int64(st, 2, im->node_max0);
    if (step_done(im, st, err) < 0) return -1;
    st = q(im, Q_NODE_STALE);
    sqlite3_bind_int64(st, 1, node);
    if (step_done(im, st, err) < 0) return -1;
    im->stale_node = node;
    return 0;
}

/* The search text of the nodes this import made whose notes it wrote
 * (mark_stale), folded from their final notes, before they enter
 * node_fts (Q_FTS_NEW). */
int refold_new(gk_importer *im, gk_error *err)
{
    int64_t ids[256];
    size_t n = 0;
    for (size_t i = 0; i < im->refold_n; i++) {
        for (unsigned b = 0; im->refold[i] && b < 8; b++) {
            if (!(im->refold[i] & (1u << b))) continue;
            ids[n++] = im->node_max0 + 1 + (int64_t)(i * 8 + b);
            if (n == sizeof ids / sizeof *ids) {
                if (gk_search_fold_nodes(im->s, ids, n, err) != 0) return -1;
                n = 0;
            }
        }
    }
    return n ? gk_search_fold_nodes(im->s, ids, n, err) : 0;
}

/* The uid of node's note for year (store.h gk_uid_derive), from the node's
 * uid in the path cache (the node of a row always is there), else read. */
int note_uid(gk_importer *im, int64_t node, int year, char uid[33], gk_error *err)
{
    const char *node_uid = NULL;
    for (int l = 0; l < NLEVELS && !node_uid; l++)
        if (im->cache[l].id == node) node_uid = im->cache[l].uid;
    char read[33];
    if (!node_uid) {
        sqlite3_stmt *st = q(im, Q_NODE_GET);
        sqlite3_bind_int64(st, 1, node);
        if (step_done(im, st, err) != SQLITE_ROW) return -1;
        snprintf(read, sizeof read, "%s", gk_stmt_text(st, 0));
        node_uid = read;
    }
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    gk_uid_derive(uid, node_uid, "note", y);
    return 0;
}

static int set_notes_as_written(gk_importer *im, int64_t node, int year, const char *const cells[3],
                                gk_error *err);

/* The notes of node for year, their 半角カナ as 全角 (text.h). */
static int set_notes(gk_importer *im, int64_t node, int year, const char *const cells[3],
                     gk_error *err)
{
    if (!cells[0] && !cells[1] && !cells[2]) return 0;
    char *full[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++)
        if (cells[i] && !(full[i] = gk_kana_fullwidth(cells[i]))) {
            for (int k = 0; k < i; k++)
                free(full[k]);
            gk_error_set(err, _("out of memory"));
            return -1;
        }
    const char *const conv[3] = {full[0], full[1], full[2]};
    int rc = set_notes_as_written(im, node, year, conv, err);
    for (int i = 0; i < 3; i++)
        free(full[i]);
    return rc;
}

/* Remembers that this file wrote the 評価 of node's note for year. */
int eval_written(gk_importer *im, int64_t node, int year, bool existed, gk_error *err)
{
    if (im->nevals && im->evals[im->nevals - 1].node == node &&
        im->evals[im->nevals - 1].year == year)
        return 0;
    if (im->nevals == im->evals_cap) {
        size_t cap = im->evals_cap ? im->evals_cap * 2 : 64;
        struct eval_written *v = realloc(im->evals, cap * sizeof *v);
        if (!v) {
            gk_error_set(err, _("out of memory"));
            return -1;
        }
        im->evals = v;
        im->evals_cap = cap;
    }
    im->evals[im->nevals++] = (struct eval_written){node, year, existed};
    return 0;
}

static int set_notes_as_written(gk_importer *im, int64_t node, int year, const char *const cells[3],
                                gk_error *err)
{
    if (!cells[0] && !cells[1] && !cells[2]) return 0;
    static const char *const fields[3] = {"status", "next_plan", "evaluation"};
    static const gk_col cols[3] = {GK_COL_STATUS, GK_COL_NEXT, GK_COL_EVAL};
    char uid[33];
    if (note_uid(im, node, year, uid, err) != 0) return -1;
    /* a node made by this import has only the notes it made */
    int rc = SQLITE_DONE;
    sqlite3_stmt *st = q(im, Q_NOTE_GET);
    if (node <= im->node_max0 || made_may_have(im, uid)) {
        sqlite3_bind_int64(st, 1, node);
        sqlite3_bind_int(st, 2, year);
        rc = step_done(im, st, err);
        if (rc < 0) return -1;
    }
    int64_t id;
    char *old[3] = {NULL, NULL, NULL};
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 1)); /* as stored */
        for (int i = 0; i < 3; i++)
            old[i] = gk_stmt_text(st, 2 + i) ? strdup(gk_stmt_text(st, 2 + i)) : NULL;
    } else { /* a new row, written whole; it has no history to add */
        for (int i = 0; i < 3; i++)
            if (cells[i] && need_edit(im, node, year, cols[i], err) != 0) return -1;
        if (node > im->node_max0 && made_add(im, uid, err) != 0) return -1;
        st = q(im, Q_NOTE_INSERT);
        sqlite3_bind_text(st, 1, uid, 32, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, node);
        sqlite3_bind_int(st, 3, year);
        for (int i = 0; i < 3; i++)
            gk_sql_bind_text(st, 4 + i, cells[i]);
        if (step_done(im, st, err) < 0) return -1;
        if (cells[2] && eval_written(im, node, year, false, err) != 0) return -1;
        im->st.notes_created += (cells[0] != NULL) + (cells[1] != NULL) + (cells[2] != NULL);
        return cells[0] || cells[1] ? mark_stale(im, node, err) : 0;
    }
    rc = 0;
    bool folded_text = false; /* 取組状況 or 次年度 changed */
    for (int i = 0; i < 3 && rc == 0; i++) {
        if (!cells[i] || gk_text_eq(old[i], cells[i])) continue;
        if (need_edit(im, node, year, cols[i], err) != 0) {
            rc = -1;
            break;
        }
        st = cell_set(im, Q_NOTE_SET, id, i, cells[i]);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        folded_text |= i < 2;
        /* an existing row: history even for a first value */
        if (rc == 0) rc = gk_history_add(im->s, "note", uid, fields[i], old[i], cells[i], err);
        if (rc == 0 && i == 2) rc = eval_written(im, node, year, true, err);
        if (old[i])
            im->st.notes_changed++;
        else
            im->st.notes_created++;
    }
    for (int i = 0; i < 3; i++)
        free(old[i]);
    if (rc == 0 && folded_text) rc = mark_stale(im, node, err);
    return rc;
}

/* --- one row ---------------------------------------------------------------------- */

static int parse_year(gk_importer *im, gk_col col, int *year, gk_error *err)
{
    const char *c = im->row->cell[col];
    *year = 0;
    if (!c) return 0;
    if (gk_fy_parse(c, year, err) == 0) return 0;
    gk_error_prefix(err, "\"%s\"", c);
    row_error(im, col, err);
    return -1;
}

static const char *row_plan_name(gk_importer *im, gk_error *err)
{
    const char *cell = im->row->cell[GK_COL_PLAN];
    if (cell && im->plan_opt && strcmp(cell, im->plan_opt) != 0) {
        gk_error_set(err, _("the row names plan \"%s\" but --plan says \"%s\""), cell,
                     im->plan_opt);
        row_error(im, GK_COL_PLAN, err);
        return NULL;
    }
    if (!cell && !im->plan_opt) {
        gk_error_set(err, _("%s:%ld: no plan: give the 計画 column or --plan NAME"), im->fname,
                     im->row->line);
        return NULL;
    }
    return cell ? cell : im->plan_opt;
}

/* The plan's name, the titles of the row's path and its series name within
 * GK_TITLE_MAX_CHARS (node.h). */
static int check_titles(gk_importer *im, gk_error *err)
{
    static const gk_col cols[] = {GK_COL_PLAN, GK_COL_GOAL,      GK_COL_POLICY,
                                  GK_COL_ITEM, GK_COL_INDICATOR, GK_COL_SERIES};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        const char *c = im->row->cell[cols[i]];
        if (!gk_title_too_long(c)) continue;
        gk_error_set(err, _("the title has %zu characters; the limit is %d"), gk_title_chars(c),
                     GK_TITLE_MAX_CHARS);
        row_error(im, cols[i], err);
        return -1;
    }
    return 0;
}

/* Finds the nodes of the row's path; ids[l] = 0 for levels not on the row.
 * A node created here gets the row's attributes of its level in its INSERT
 * (as row_node_attrs assigns them: 取組内容 and 見直し区分 to the deepest
 * node that is not an indicator, 単位 to the indicator). */
static int walk_path(gk_importer *im, int64_t ids[NLEVELS], gk_error *err)
{
    const char *const *cell = im->row->cell;
    int owner = -1;
    for (int l = 0; l < L_INDICATOR; l++)
        if (cell[level_col[l]]) owner = l;
    int64_t parent = 0;
    const char *parent_uid = im->plan->uid, *parent_key = "";
    for (int l = 0; l < NLEVELS; l++) {
        struct node_attrs at = {NULL, NULL, NULL};
        if (l == owner) {
            at.content = cell[GK_COL_CONTENT];
            at.review = cell[GK_COL_REVIEW];
        }
        if (l == L_INDICATOR) at.unit = cell[GK_COL_UNIT];
        const char *title = im->row->cell[level_col[l]];
        ids[l] = 0;
        if (!title) continue;
        if (l == L_INDICATOR && ids[L_ITEM] == 0 && ids[L_GOAL] == 0 && ids[L_POLICY] == 0) {
            gk_error_set(err, _("an indicator needs a 取組項目 or a 基本目標 on its row"));
            row_error(im, GK_COL_INDICATOR, err);
            return -1;
        }
        ids[l] = find_node(im, l, parent, parent_uid, parent_key, title, &at, err);
        if (ids[l] < 0) {
            row_error(im, level_col[l], err);
            return -1;
        }
        parent = ids[l];
        parent_uid = im->cache[l].uid;
        parent_key = im->cache[l].tkey;
    }
    return 0;
}

static int need_indicator(gk_importer *im, const int64_t ids[NLEVELS], gk_col col, gk_error *err)
{
    if (!im->row->cell[col] || ids[L_INDICATOR]) return 0;
    gk_error_set(err, _("a value in this column needs a 指標 on the same row"));
    row_error(im, col, err);
    return -1;
}

/* 取組状況 and 次年度の取組内容 within the one limit of notes (note.h), so
 * that the entry form can edit every note it shows. */
static int check_notes(gk_importer *im, gk_error *err)
{
    static const gk_col cols[] = {GK_COL_STATUS, GK_COL_NEXT};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        const char *c = im->row->cell[cols[i]];
        if (!gk_note_too_long(c)) continue;
        gk_error_set(err,
                     _("the note has %zu characters; the limit is %d (the most the entry form "
                       "can edit)"),
                     gk_note_chars(c), GK_NOTE_MAX_CHARS);
        row_error(im, cols[i], err);
        return -1;
    }
    return 0;
}

/* A row that says something of its plan only (計画, 計画期間, 階層). */
static bool plan_only_row(const gk_plan_row *row)
{
    for (int c = 0; c < GK_NCOLS; c++)
        if (row->cell[c] && c != GK_COL_PLAN && c != GK_COL_PERIOD && c != GK_COL_LEVELS)
            return false;
    return true;
}

static void extend_period(plan_state *p, int year, long line)
{
    if (!p->min_line || year < p->min_year) {
        p->min_year = year;
        p->min_line = line;
    }
    if (!p->max_line || year > p->max_year) {
        p->max_year = year;
        p->max_line = line;
    }
    if (!p->first_year || year < p->first_year) p->first_year = year;
    if (!p->last_year || year > p->last_year) p->last_year = year;
}

/* The node attributes of a row: 取組内容, テーマ and 見直し区分 on the
 * deepest node that is not an indicator (owner), 所管課 on the deepest
 * node; the indicator's columns need an indicator. */
static int row_node_attrs(gk_importer *im, const int64_t ids[NLEVELS], int64_t deepest,
                          int64_t owner, gk_error *err)
{
    const char *const *cell = im->row->cell;
    static const gk_col owner_cols[] = {GK_COL_CONTENT, GK_COL_TAGS, GK_COL_REVIEW};
    static const enum attr owner_attrs[] = {A_CONTENT, A_TAGS, A_REVIEW};
    for (int i = 0; i < 3; i++) {
        if (cell[owner_cols[i]] && !owner) {
            gk_error_set(err, _("this column describes a 取組項目; the row has none"));
            row_error(im, owner_cols[i], err);
            return -1;
        }
        if (set_node_attr(im, owner, owner_attrs[i], owner_cols[i], cell[owner_cols[i]], err))
            return -1;
    }
    static const gk_col indicator_cols[] = {GK_COL_UNIT,      GK_COL_SERIES, GK_COL_BASE,
                                            GK_COL_BASE_YEAR, GK_COL_TARGET, GK_COL_ACTUAL};
    if (set_node_attr(im, deepest, A_DEPT, GK_COL_DEPT, cell[GK_COL_DEPT], err)) return -1;
    for (size_t i = 0; i < sizeof indicator_cols / sizeof *indicator_cols; i++)
        if (need_indicator(im, ids, indicator_cols[i], err)) return -1;
    return 0;
}

/* 年度 and 初期値年度 of the row; a yearly value without 年度 is an error,
 * and a year outside the plan's period extends it (office work). */
static int row_years(gk_importer *im, plan_state *p, int *year, int *base_year, gk_error *err)
{
    const char *const *cell = im->row->cell;
    if (parse_year(im, GK_COL_YEAR, year, err) || parse_year(im, GK_COL_BASE_YEAR, base_year, err))
        return -1;
    if (!*year && (cell[GK_COL_TARGET] || cell[GK_COL_ACTUAL] || cell[GK_COL_STATUS] ||
                   cell[GK_COL_NEXT] || cell[GK_COL_EVAL])) {
        gk_col c = cell[GK_COL_TARGET]   ? GK_COL_TARGET
                   : cell[GK_COL_ACTUAL] ? GK_COL_ACTUAL
                   : cell[GK_COL_STATUS] ? GK_COL_STATUS
                   : cell[GK_COL_NEXT]   ? GK_COL_NEXT
                                         : GK_COL_EVAL;
        gk_error_set(err, _("a yearly value needs 年度 on the same row"));
        row_error(im, c, err);
        return -1;
    }
    if (check_notes(im, err) != 0) return -1;
    if (*year && (!p->first_year || *year < p->first_year || *year > p->last_year) &&
        need_office(im, GK_COL_YEAR, N_("extend the plan's period"), err) != 0)
        return -1;
    if (*year) extend_period(p, *year, im->row->line);
    return 0;
}

/* The indicator's part of a row: its unit, the series with its 初期値, the
 * year's target and actual, and the notes. */
static int row_indicator(gk_importer *im, int64_t ind, int year, int base_year,
                         const char *const notes[3], gk_error *err)
{
    const char *const *cell = im->row->cell;
    char unit[256];
    if (set_node_attr(im, ind, A_UNIT, GK_COL_UNIT, cell[GK_COL_UNIT], err) ||
        node_unit(im, ind, unit, sizeof unit, err))
        return -1;
    if (check_cell(im, cell[GK_COL_BASE], unit, GK_COL_BASE, err) ||
        check_cell(im, cell[GK_COL_TARGET], unit, GK_COL_TARGET, err) ||
        check_cell(im, cell[GK_COL_ACTUAL], unit, GK_COL_ACTUAL, err))
        return -1;
    /* Notes alone belong to the indicator and need no series: an indicator
     * with 男性/女性 must not grow an unnamed one. */
    bool per_series = cell[GK_COL_SERIES] || cell[GK_COL_BASE] || cell[GK_COL_BASE_YEAR] ||
                      cell[GK_COL_TARGET] || cell[GK_COL_ACTUAL];
    if (!per_series) return year ? set_notes(im, ind, year, notes, err) : 0;
    /* walk_path() left the indicator in the cache, with its uid */
    int64_t series = find_series(im, ind, im->cache[L_INDICATOR].uid,
                                 cell[GK_COL_SERIES] ? cell[GK_COL_SERIES] : "", cell[GK_COL_BASE],
                                 cell[GK_COL_BASE_YEAR] ? base_year : 0, err);
    if (series < 0 ||
        set_series_attr(im, series, A_BASE, GK_COL_BASE, cell[GK_COL_BASE], 0, unit, err) ||
        set_series_attr(im, series, A_BASE_YEAR, GK_COL_BASE_YEAR, cell[GK_COL_BASE_YEAR],
                        base_year, unit, err))
        return -1;
    if (year && (set_value(im, series, year, cell[GK_COL_TARGET], cell[GK_COL_ACTUAL], unit, err) ||
                 set_notes(im, ind, year, notes, err)))
        return -1;
    return 0;
}

int gk_import_row(gk_importer *im, const gk_plan_row *row, gk_error *err)
{
    im->row = row;
    im->st.rows++;
    const char *const *cell = row->cell;
    if (check_titles(im, err) != 0) return -1;
    const char *plan = row_plan_name(im, err);
    if (!plan) return -1;
    plan_state *p = find_plan(im, plan, err);
    if (!p) return -1;
    if (p != im->plan) {
        cache_clear_from(im, 0);
        im->plan = p;
    }
    if (plan_attrs_row(im, p, err) != 0) return -1;
    int64_t ids[NLEVELS];
    if (walk_path(im, ids, err) != 0) return -1;
    int64_t deepest = 0, owner = 0; /* owner: deepest node that is not an indicator */
    for (int l = 0; l < NLEVELS; l++)
        if (ids[l]) {
            deepest = ids[l];
            if (l != L_INDICATOR) owner = ids[l];
        }
    if (!deepest && plan_only_row(row)) return 0;
    if (!deepest) {
        gk_error_set(err, _("%s:%ld: the row names no 基本目標, 取組方針, 取組項目 or 指標"),
                     im->fname, row->line);
        return -1;
    }
    int year, base_year;
    if (row_node_attrs(im, ids, deepest, owner, err) != 0 ||
        row_years(im, p, &year, &base_year, err) != 0)
        return -1;
    const char *notes[3] = {cell[GK_COL_STATUS], cell[GK_COL_NEXT], cell[GK_COL_EVAL]};
    if (!ids[L_INDICATOR]) return year ? set_notes(im, deepest, year, notes, err) : 0;
    return row_indicator(im, ids[L_INDICATOR], year, base_year, notes, err);
}
