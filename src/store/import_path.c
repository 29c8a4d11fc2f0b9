/*
 * import_path.c — the path of a row: its plan (found or created, its period
 * and level labels checked and saved) and the nodes and series on it, found
 * through the per-level cache or created with the row's attributes (import.h).
 */
#include "import_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* --- plans ------------------------------------------------------------------------ */

static void load_plan_row(plan_state *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    for (int i = 0; i < 3; i++)
        snprintf(p->label[i], sizeof p->label[i], "%s", gk_stmt_text(st, 1 + i));
    p->first_year = p->old_first = sqlite3_column_int(st, 4);
    p->last_year = p->old_last = sqlite3_column_int(st, 5);
    snprintf(p->uid, sizeof p->uid, "%s", gk_stmt_text(st, 6));
}

static size_t name_hash(const char *name)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* The plans already met, by name: a file of thousands of plans is looked
 * up in constant time, not by comparing every name (quadratic). Returns
 * the index or -1; with add, records index i for name (0 or -1 when out of
 * memory). */
static long plan_index(gk_importer *im, const char *name, long add)
{
    if (add >= 0 && (size_t)(im->nplans + 1) * 2 > im->plan_hash_cap) {
        size_t cap = im->plan_hash_cap ? im->plan_hash_cap * 2 : 64;
        size_t *h = calloc(cap, sizeof *h);
        if (!h) return -1;
        for (size_t i = 0; i < im->nplans; i++) {
            size_t k = name_hash(im->plans[i].name) & (cap - 1);
            while (h[k])
                k = (k + 1) & (cap - 1);
            h[k] = i + 1;
        }
        free(im->plan_hash);
        im->plan_hash = h;
        im->plan_hash_cap = cap;
    }
    if (!im->plan_hash_cap) return -1;
    size_t k = name_hash(name) & (im->plan_hash_cap - 1);
    while (im->plan_hash[k]) {
        size_t i = im->plan_hash[k] - 1;
        if (add < 0 && strcmp(im->plans[i].name, name) == 0) return (long)i;
        k = (k + 1) & (im->plan_hash_cap - 1);
    }
    if (add < 0) return -1;
    im->plan_hash[k] = (size_t)add + 1;
    return 0;
}

plan_state *find_plan(gk_importer *im, const char *name, gk_error *err)
{
    /* the rows of one plan usually follow each other: the current first */
    if (im->plan && strcmp(im->plan->name, name) == 0) return im->plan;
    long found = plan_index(im, name, -1);
    if (found >= 0) return &im->plans[found];
    if (im->nplans == im->plans_cap) { /* doubled: a file of many plans stays linear */
        size_t cap = im->plans_cap ? im->plans_cap * 2 : 8;
        plan_state *grown = realloc(im->plans, cap * sizeof *grown);
        if (!grown) {
            gk_error_set(err, _("out of memory"));
            return NULL;
        }
        if (im->plan) im->plan = grown + (im->plan - im->plans);
        im->plans = grown;
        im->plans_cap = cap;
    }
    plan_state *p = &im->plans[im->nplans];
    memset(p, 0, sizeof *p);
    if (!(p->name = strdup(name))) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    if (plan_index(im, name, (long)im->nplans) != 0) {
        free(p->name);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    im->nplans++;

    sqlite3_stmt *st = q(im, Q_PLAN_FIND);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = step_done(im, st, err);
    if (rc < 0) return NULL;
    bool created = rc != SQLITE_ROW;
    if (!created) {
        load_plan_row(p, st);
    } else {
        if (need_office(im, GK_COL_PLAN, N_("add a plan"), err) != 0) return NULL;
        gk_uid_derive(p->uid, "", "plan", name);
        st = q(im, Q_PLAN_BY_UID);
        sqlite3_bind_text(st, 1, p->uid, -1, SQLITE_STATIC);
        if ((rc = step_done(im, st, err)) < 0) return NULL;
        if (rc == SQLITE_ROW) {
            gk_error_set(err,
                         _("plan \"%s\" was renamed to \"%s\" (it keeps the identifiers of its "
                           "first name): write \"%s\" in the 計画 column (or --plan), or rename it "
                           "back with: gyokaku plan rename \"%s\" \"%s\""),
                         name, gk_stmt_text(st, 0), gk_stmt_text(st, 0), gk_stmt_text(st, 0), name);
            row_error(im, GK_COL_PLAN, err);
            return NULL;
        }
        for (int i = 0; i < 3; i++)
            snprintf(p->label[i], sizeof p->label[i], "%s", im->h->label[i]);
        if (!im->plan_pos_known) {
            st = q(im, Q_PLAN_MAXPOS);
            if (step_done(im, st, err) < 0) return NULL;
            im->plan_pos = sqlite3_column_int64(st, 0);
            im->plan_pos_known = true;
        }
        st = q(im, Q_PLAN_INSERT);
        sqlite3_bind_text(st, 1, p->uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, im->plan_pos++);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        for (int i = 0; i < 3; i++)
            sqlite3_bind_text(st, 3 + i, im->h->label[i], -1, SQLITE_STATIC);
        if (step_done(im, st, err) < 0) return NULL;
        p->id = sqlite3_last_insert_rowid(im->s->db);
        im->st.plans_created++;
    }
    p->created = created;
    st = q(im, Q_NODE_MAXPOS);
    sqlite3_bind_int64(st, 1, p->id);
    if (step_done(im, st, err) < 0) return NULL;
    p->next_pos = sqlite3_column_int64(st, 0);
    return p;
}

/* "2024-2028" / "基本目標/取組方針/取組項目": how the history and export
 * write a period and level names. */
static void period_text(char *buf, size_t n, int first, int last)
{
    if (first)
        snprintf(buf, n, "%d-%d", first, last);
    else
        buf[0] = '\0';
}

static void levels_text(char *buf, size_t n, const char *const lab[3])
{
    snprintf(buf, n, "%s/%s/%s", lab[0], lab[1], lab[2]);
}

/* "FILE:LINE:COL: column: " for a cell of an earlier line (commit-time checks). */
static void line_error(gk_importer *im, long line, gk_col col, gk_error *err)
{
    int c = gk_plan_col_number(im->h, col);
    gk_error_prefix(err, "%s:%ld:%d: %s", im->fname, line, c, gk_col_names[col]);
}

/* A period given by 計画期間 holds every year of the plan: this file's rows
 * and what the database had. */
static int check_period(gk_importer *im, plan_state *p, gk_error *err)
{
    char per[32];
    period_text(per, sizeof per, p->period_first, p->period_last);
    if (p->min_line && p->min_year < p->period_first) {
        gk_error_set(err, _("%d is outside the plan's period %s (計画期間, line %ld)"), p->min_year,
                     per, p->period_line);
        line_error(im, p->min_line, GK_COL_YEAR, err);
        return -1;
    }
    if (p->max_line && p->max_year > p->period_last) {
        gk_error_set(err, _("%d is outside the plan's period %s (計画期間, line %ld)"), p->max_year,
                     per, p->period_line);
        line_error(im, p->max_line, GK_COL_YEAR, err);
        return -1;
    }
    for (int latest = 0; latest < 2; latest++) {
        int y = gk_plan_year_outside(im->s, p->id, p->period_first, p->period_last, latest, err);
        if (y < 0) return -1;
        if (y == 0) continue;
        gk_error_set(err,
                     _("plan \"%s\" already has values or notes for %d, outside the period %s; "
                       "remove them first or give a period that holds them"),
                     p->name, y, per);
        line_error(im, p->period_line, GK_COL_PERIOD, err);
        return -1;
    }
    return 0;
}

/* Writes what this file says of each plan: its period (計画期間, else
 * widened to the years of its rows) and its level names (階層, else the
 * header's aliases). A change of an existing plan's 計画期間 or level
 * names is kept in the change history. */
int save_plan_attrs(gk_importer *im, gk_error *err)
{
    for (size_t i = 0; i < im->nplans; i++) {
        plan_state *p = &im->plans[i];
        if (p->period_line) {
            if (check_period(im, p, err) != 0) return -1;
            p->first_year = p->period_first;
            p->last_year = p->period_last;
        }
        if (p->first_year != p->old_first || p->last_year != p->old_last) {
            if (im->auth.role != GK_ROLE_OFFICE) {
                gk_auth_refuse_admin(im->s, &im->auth, _("change the plan's period"), err);
                line_error(im, p->period_line ? p->period_line : p->max_line,
                           p->period_line ? GK_COL_PERIOD : GK_COL_YEAR, err);
                return -1;
            }
            sqlite3_stmt *st = q(im, Q_PLAN_PERIOD);
            sqlite3_bind_int64(st, 1, p->id);
            sqlite3_bind_int(st, 2, p->first_year);
            sqlite3_bind_int(st, 3, p->last_year);
            if (step_done(im, st, err) < 0) return -1;
            if (p->period_line) {
                char old[32], new_[32];
                period_text(old, sizeof old, p->old_first, p->old_last);
                period_text(new_, sizeof new_, p->first_year, p->last_year);
                if (*old && gk_history_add(im->s, "plan", p->uid, "period", old, new_, err) != 0)
                    return -1;
                if (*old)
                    im->st.attrs_changed++;
                else
                    im->st.attrs_set++;
            }
        }
        /* without 階層, a header alias (基本方針 for 基本目標) names its level;
         * a canonical header name leaves an existing plan's name as it is */
        static const char *const canonical[3] = {GK_LABEL_GOAL, GK_LABEL_POLICY, GK_LABEL_ITEM};
        const char *want[3];
        const char *const *head = im->h->label;
        for (int k = 0; k < 3; k++)
            want[k] = p->levels_line                  ? p->levels[k]
                      : strcmp(head[k], canonical[k]) ? head[k]
                                                      : p->label[k];
        if (!strcmp(want[0], p->label[0]) && !strcmp(want[1], p->label[1]) &&
            !strcmp(want[2], p->label[2]))
            continue;
        if (im->auth.role != GK_ROLE_OFFICE) {
            gk_auth_refuse_admin(im->s, &im->auth, _("change the plan's level names"), err);
            line_error(im, p->levels_line ? p->levels_line : 1,
                       p->levels_line ? GK_COL_LEVELS : GK_COL_GOAL, err);
            return -1;
        }
        sqlite3_stmt *st = q(im, Q_PLAN_LABELS);
        sqlite3_bind_int64(st, 1, p->id);
        for (int k = 0; k < 3; k++)
            sqlite3_bind_text(st, 2 + k, want[k], -1, SQLITE_STATIC);
        if (step_done(im, st, err) < 0) return -1;
        if (p->created) {
            im->st.attrs_set++;
            continue;
        }
        char old[3 * GK_LEVEL_NAME_MAX + 4], new_[3 * GK_LEVEL_NAME_MAX + 4];
        const char *have[3] = {p->label[0], p->label[1], p->label[2]};
        levels_text(old, sizeof old, have);
        levels_text(new_, sizeof new_, want);
        if (gk_history_add(im->s, "plan", p->uid, "levels", old, new_, err) != 0) return -1;
        im->st.attrs_changed++;
    }
    return 0;
}

/* The row's 計画期間 and 階層: parsed, and the same on every row of the
 * plan that gives them. */
int plan_attrs_row(gk_importer *im, plan_state *p, gk_error *err)
{
    const char *per = im->row->cell[GK_COL_PERIOD], *lev = im->row->cell[GK_COL_LEVELS];
    if (per) {
        int a, b;
        if (gk_fy_period_parse(per, &a, &b, err) != 0) {
            row_error(im, GK_COL_PERIOD, err);
            return -1;
        }
        if (p->period_line && (a != p->period_first || b != p->period_last)) {
            char was[32];
            period_text(was, sizeof was, p->period_first, p->period_last);
            gk_error_set(err, _("\"%s\" disagrees with %s given for plan \"%s\" on line %ld"), per,
                         was, p->name, p->period_line);
            row_error(im, GK_COL_PERIOD, err);
            return -1;
        }
        if (!p->period_line) {
            p->period_line = im->row->line;
            p->period_first = a;
            p->period_last = b;
        }
    }
    if (lev) {
        char names[3][GK_LEVEL_NAME_MAX];
        if (gk_plan_levels_parse(lev, names, err) != 0) {
            row_error(im, GK_COL_LEVELS, err);
            return -1;
        }
        if (p->levels_line && memcmp(names, p->levels, sizeof names) != 0) {
            char was[3 * GK_LEVEL_NAME_MAX + 4];
            const char *w[3] = {p->levels[0], p->levels[1], p->levels[2]};
            levels_text(was, sizeof was, w);
            gk_error_set(err, _("\"%s\" disagrees with %s given for plan \"%s\" on line %ld"), lev,
                         was, p->name, p->levels_line);
            row_error(im, GK_COL_LEVELS, err);
            return -1;
        }
        if (!p->levels_line) {
            p->levels_line = im->row->line;
            memcpy(p->levels, names, sizeof names);
        }
    }
    return 0;
}

/* --- nodes ------------------------------------------------------------------------ */

void cache_clear_from(gk_importer *im, int level)
{
    for (int l = level; l < NLEVELS; l++) {
        free(im->cache[l].title);
        free(im->cache[l].unit);
        im->cache[l].title = im->cache[l].unit = NULL;
        im->cache[l].id = 0;
    }
    free(im->series_name);
    im->series_name = NULL;
    im->series_node = im->series_id = 0;
}

/* Records that attribute a of new row id (node or series) was given by the
 * current row with text. */
int made_given(gk_importer *im, int64_t id, enum attr a, const char *text, gk_error *err)
{
    uint32_t *l = a >= A_BASE ? series_line(im, id, a, err) : node_line(im, id, a, err);
    if (!l) return -1;
    *l = (uint32_t)im->row->line;
    seen_remember(im, id * 16 + a, text);
    im->st.attrs_set++;
    return 0;
}

/* Creates the node at `level` (uid in c->uid) with the row's attributes. */
static int64_t insert_node(gk_importer *im, int level, int64_t parent, const char *parent_key,
                           const char *title, const struct node_attrs *at, gk_error *err)
{
    struct cached_node *c = &im->cache[level];
    if (need_office(im, level_col[level], N_("add nodes to the plan"), err) != 0) return -1;
    int64_t pos = im->plan->next_pos++;
    /* the parent's key and pos in 8 hex digits (as "%.*s%08llx", without
     * formatting: a thousand instructions a node) */
    if (pos >= 0 && pos <= 0xffffffff) {
        size_t kl = strnlen(parent_key, (size_t)(8 * level));
        memcpy(c->tkey, parent_key, kl);
        for (int k = 0; k < 8; k++)
            c->tkey[kl + (size_t)k] = "0123456789abcdef"[((uint64_t)pos >> (28 - 4 * k)) & 15];
        c->tkey[kl + 8] = '\0';
    } else {
        snprintf(c->tkey, sizeof c->tkey, "%.*s%08llx", 8 * level, parent_key,
                 (unsigned long long)pos);
    }
    size_t tl = strlen(title);
    char *joined = malloc(tl + 2), *folded = NULL;
    if (joined) {
        memcpy(joined, title, tl);
        memcpy(joined + tl, "\n", 2); /* title LF notes: none yet */
        folded = gk_fold(joined);
        free(joined);
    }
    if (!folded) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    sqlite3_stmt *st = q(im, Q_NODE_INSERT);
    sqlite3_bind_text(st, 1, c->uid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, im->plan->id);
    if (parent) sqlite3_bind_int64(st, 3, parent);
    sqlite3_bind_text(st, 4, LEVEL_KIND(level), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, pos);
    sqlite3_bind_text(st, 7, c->tkey, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, folded, -1, free);
    /* the row's cells outlive the step: bound without SQLite's copy */
    bind_static(st, 9, at->content);
    bind_static(st, 10, at->review);
    bind_static(st, 11, at->unit);
    if (step_done(im, st, err) < 0) return -1;
    int64_t id = sqlite3_last_insert_rowid(im->s->db);
    im->st.nodes_created++;
    if (made_add(im, c->uid, err) != 0 ||
        (at->content && made_given(im, id, A_CONTENT, at->content, err) != 0) ||
        (at->review && made_given(im, id, A_REVIEW, at->review, err) != 0) ||
        (at->unit && made_given(im, id, A_UNIT, at->unit, err) != 0))
        return -1;
    if (level == L_INDICATOR) {
        im->made_indicator = id;
        im->made_indicator_series = 0;
    }
    /* a new indicator's unit is known: no read for its values */
    if (level == L_INDICATOR && !(c->unit = strdup(at->unit ? at->unit : ""))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return id;
}

/* The node at `level` titled title under parent (0: the plan), found or
 * created (with the attributes at); its uid lands in im->cache[level].uid,
 * its tree key in .tkey. parent_uid, parent_key: the parent's (or the
 * plan's: "") uid and tree key, from which a new node's are derived. */
int64_t find_node(gk_importer *im, int level, int64_t parent, const char *parent_uid,
                  const char *parent_key, const char *title, const struct node_attrs *at,
                  gk_error *err)
{
    struct cached_node *c = &im->cache[level];
    if (c->id && c->parent == parent && strcmp(c->title, title) == 0) return c->id;
    cache_clear_from(im, level);
    gk_uid_derive(c->uid, parent_uid, LEVEL_KIND(level), title);
    /* under a node (or plan) made by this import only its own children */
    bool parent_made = parent ? parent > im->node_max0 : im->plan->created;
    int64_t id = 0;
    if (!parent_made || made_may_have(im, c->uid)) {
        sqlite3_stmt *st = q(im, Q_NODE_FIND);
        sqlite3_bind_int64(st, 1, im->plan->id);
        if (parent) sqlite3_bind_int64(st, 2, parent);
        sqlite3_bind_text(st, 3, LEVEL_KIND(level), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
        int rc = step_done(im, st, err);
        if (rc < 0) return -1;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(c->uid, sizeof c->uid, "%s", gk_stmt_text(st, 1));
            snprintf(c->tkey, sizeof c->tkey, "%s", gk_stmt_text(st, 2));
        }
    }
    if (!id && (id = insert_node(im, level, parent, parent_key, title, at, err)) < 0) return -1;
    c->parent = parent;
    c->id = id;
    if (!(c->title = strdup(title))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return id;
}

/* The indicator's series named name, found or created; a new one gets the
 * row's 初期値 (base, NULL: not given) and 初期値年度 (base_year, 0: not
 * given) in its INSERT. */
int64_t find_series(gk_importer *im, int64_t node, const char *node_uid, const char *name,
                    const char *base, int base_year, gk_error *err)
{
    if (im->series_id && im->series_node == node && strcmp(im->series_name, name) == 0)
        return im->series_id;
    gk_uid_derive(im->series_uid, node_uid, "series", name);
    int64_t id = 0;
    /* a node made by this import has only the series it made */
    if (node <= im->node_max0 || made_may_have(im, im->series_uid)) {
        sqlite3_stmt *st = q(im, Q_SERIES_FIND);
        sqlite3_bind_int64(st, 1, node);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        int rc = step_done(im, st, err);
        if (rc < 0) return -1;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(im->series_uid, sizeof im->series_uid, "%s", gk_stmt_text(st, 1));
        }
    }
    if (!id) {
        if (*name && need_office(im, GK_COL_SERIES, N_("add a series to an indicator"), err) != 0)
            return -1;
        if ((base || base_year) && need_office(im, base ? GK_COL_BASE : GK_COL_BASE_YEAR,
                                               N_("change the plan's attributes"), err) != 0)
            return -1;
        bool counted = node == im->made_indicator;
        sqlite3_stmt *st = q(im, counted ? Q_SERIES_INSERT_AT : Q_SERIES_INSERT);
        sqlite3_bind_text(st, 1, im->series_uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, node);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
        bind_static(st, 4, base);
        if (base_year) sqlite3_bind_int(st, 5, base_year);
        if (counted) sqlite3_bind_int(st, 6, im->made_indicator_series++);
        if (step_done(im, st, err) < 0) return -1;
        id = sqlite3_last_insert_rowid(im->s->db);
        if (*name) im->st.series_created++;
        im->fresh_series = id;
        memset(im->fresh_years, 0, sizeof im->fresh_years);
        char y[16] = "";
        if (base_year) snprintf(y, sizeof y, "%d", base_year);
        if (made_add(im, im->series_uid, err) != 0 ||
            (base && made_given(im, id, A_BASE, base, err) != 0) ||
            (base_year && made_given(im, id, A_BASE_YEAR, y, err) != 0))
            return -1;
    }
    free(im->series_name);
    if (!(im->series_name = strdup(name))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    im->series_node = node;
    im->series_id = id;
    return id;
}
