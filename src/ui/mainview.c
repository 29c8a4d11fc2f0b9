/*
 * mainview.c — the main screen: the plan tree on the left, the selection's
 * details on the right, the plan / year / department / user line on top and
 * the function-key bar at the bottom; the department board, the year
 * chooser, incremental search and help open from here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/pref.h"
#include "gyokaku/series.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"
#include "tree.h"
#include "ui_int.h"

enum action {
    A_NONE,
    A_UP,
    A_DOWN,
    A_PGUP,
    A_PGDN,
    A_HOME,
    A_END,
    A_OPEN,
    A_CLOSE,
    A_TOGGLE,
    A_FOCUS,
    A_HELP,
    A_SEARCH,
    A_NEXT,
    A_PREV,
    A_BOARD,
    A_YEAR,
    A_PLAN,
    A_CLEAR,
    A_ENTRY,
    A_HISTORY,
    A_NEXT_MISSING,
    A_PREV_MISSING,
    A_EXPAND_ALL,
    A_QUIT,
};

static const ui_key main_keys[] = {
    {A_HELP, 1, {'?'}, "?", N_("Help"), N_("show every key of this screen")},
    {A_SEARCH, 3, {'/'}, "/", N_("Search"), N_("search titles and notes (n / N: next, previous)")},
    {A_BOARD, 4, {'d'}, "d", N_("Depts"), N_("department board; Enter there filters the tree")},
    {A_YEAR, 5, {'y'}, "y", N_("Year"), N_("choose the fiscal year")},
    {A_QUIT, 10, {'q'}, "q", N_("Quit"), N_("quit")},
    {A_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous row (in the details: scroll up)")},
    {A_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next row (in the details: scroll down)")},
    {A_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {A_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {A_HOME, 0, {KEY_HOME, 'g'}, "Home g", NULL, N_("first row")},
    {A_END, 0, {KEY_END, 'G'}, "End G", NULL, N_("last row")},
    {A_OPEN, 0, {KEY_RIGHT, 'l'}, "→ l", NULL, N_("open the node, or go to its first child")},
    {A_CLOSE, 0, {KEY_LEFT, 'h'}, "← h", NULL, N_("close the node, or go to its parent")},
    {A_ENTRY,
     0,
     {'\r', '\n', 'e'},
     "Enter e",
     N_("Entry"),
     N_("enter the year's actuals and notes (Enter on other levels opens or closes)")},
    {A_TOGGLE, 0, {' '}, "Space", NULL, N_("open or close the node")},
    {A_EXPAND_ALL, 0, {'*'}, "*", NULL, N_("open the whole subtree under the selection")},
    {A_NEXT_MISSING,
     0,
     {']'},
     "]",
     NULL,
     N_("next item or indicator still missing its entry for the year (within the filter)")},
    {A_PREV_MISSING, 0, {'['}, "[", NULL, N_("previous one still missing its entry")},
    {A_HISTORY, 0, {'H'}, "H", NULL, N_("history of a field; an earlier value can be restored")},
    {A_FOCUS, 0, {'\t'}, "Tab", NULL, N_("move between the tree and the details")},
    {A_NEXT, 0, {'n'}, "n", NULL, N_("next search match")},
    {A_PREV, 0, {'N'}, "N", NULL, N_("previous search match")},
    {A_PLAN, 0, {'p'}, "p", NULL, N_("go to the next plan")},
    {A_CLEAR, 0, {27}, "Esc", NULL, N_("clear the department filter and the search")},
};
#define NKEYS (sizeof main_keys / sizeof *main_keys)

typedef struct dline {
    char *text;
    enum ui_style st;
    int indent;
} dline;

typedef struct mainview {
    gk_store *s;
    tree tr;
    size_t sel, top; /* selected row, first visible row */
    int year;
    int64_t year_plan; /* plan the year was chosen for */
    char *dept;        /* filter, or NULL */
    bool focus_detail;
    /* details of the selection */
    tnode *detail_of;
    int detail_year, detail_width;
    dline *lines;
    size_t nlines;
    size_t dtop;
    /* search */
    char query[256];
    char *folded; /* folded query, NULL when none */
    gk_search_entry *corpus;
    char **corpus_folded;
    size_t ncorpus;
    const char *message;
    char msgbuf[GK_ERROR_MAX]; /* a message made at run time (an error's text) */
    /* the plan, year and filter as this session started or as last written
     * to this user's preferences (pref.h), so that only a change made in
     * the session is written; "" none */
    char kept_plan[512], kept_year[16], kept_dept[512];
    bool pref_warned; /* said once that they cannot be written */
} mainview;

/* Shows what went wrong on the bottom line (the store's message says what
 * and, for the common failures, what to do). */
static void report(mainview *m, const gk_error *err)
{
    snprintf(m->msgbuf, sizeof m->msgbuf, "%s", err->msg);
    m->message = m->msgbuf;
}

/* --- layout -------------------------------------------------------------------------- */

static int tree_width(void)
{
    int w = COLS * 2 / 5;
    return w < 30 ? 30 : w;
}

static int body_rows(void)
{
    return LINES - 2;
}

static tnode *selected(mainview *m)
{
    return m->tr.nrows ? m->tr.rows[m->sel] : NULL;
}

static int64_t current_plan(mainview *m)
{
    tnode *t = selected(m);
    return t ? t->plan_id : (m->tr.nplans ? m->tr.plans[0].id : 0);
}

/* Today's fiscal year (April to March). */
static int current_fy(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return gk_fy_of_date(tm.tm_year + 1900, tm.tm_mon + 1);
}

/* The year shown for a plan: the latest year with an actual or a note,
 * else the current fiscal year inside the plan's period, else (no period,
 * no data) the current fiscal year. */
static int default_year(mainview *m, int64_t plan)
{
    gk_error err;
    int latest = gk_browse_latest_data_year(m->s, plan, &err);
    if (latest > 0) return latest;
    if (latest < 0) report(m, &err);
    int *years;
    size_t n;
    int fy = current_fy();
    if (gk_browse_years(m->s, plan, &years, &n, &err) != 0) {
        report(m, &err);
        return fy;
    }
    if (n == 0) { /* no period, no data: entry starts with this fiscal year */
        free(years);
        return fy;
    }
    int best = years[0];
    for (size_t i = 0; i < n; i++)
        if (years[i] <= fy) best = years[i];
    free(years);
    return best;
}

/* --- details ------------------------------------------------------------------------- */

static void lines_free(mainview *m)
{
    for (size_t i = 0; i < m->nlines; i++)
        free(m->lines[i].text);
    free(m->lines);
    m->lines = NULL;
    m->nlines = 0;
}

static void add_line(mainview *m, const char *text, enum ui_style st, int indent)
{
    dline *v = realloc(m->lines, (m->nlines + 1) * sizeof *v);
    if (!v) return;
    m->lines = v;
    v[m->nlines++] = (dline){strdup(text ? text : ""), st, indent};
}

/* A paragraph wrapped to the detail width, in style st. */
static void add_text_st(mainview *m, const char *text, int indent, enum ui_style st)
{
    size_t n;
    gk_span *sp = gk_wrap(text ? text : "", m->detail_width - indent, &n);
    for (size_t i = 0; sp && i < n; i++) {
        char *line = strndup(text + sp[i].start, sp[i].len);
        add_line(m, line, st, indent);
        free(line);
    }
    free(sp);
}

/* A paragraph wrapped to the detail width. */
static void add_text(mainview *m, const char *text, int indent)
{
    add_text_st(m, text, indent, ST_NORMAL);
}

static void add_field(mainview *m, const char *label, const char *text)
{
    if (!text || !*text) return;
    add_line(m, label, ST_HEAD, 0);
    add_text(m, text, 2);
}

static const char *kind_label(const gk_plan_info *p, gk_node_kind kind)
{
    switch (kind) {
    case GK_NODE_GOAL:
        return p && p->label[0] ? p->label[0] : "基本目標";
    case GK_NODE_POLICY:
        return p && p->label[1] ? p->label[1] : "取組方針";
    case GK_NODE_ITEM:
        return p && p->label[2] ? p->label[2] : "取組項目";
    case GK_NODE_INDICATOR:
        return _("Indicator");
    default:
        return _("Plan");
    }
}

/* One row of the details table: each cell fitted to its column less one
 * cell, then a space, so that a label and its value never run together
 * (`初期値(2022) 305,174`). */
static void add_row(mainview *m, const char *const *cells, const int *widths, int n,
                    enum ui_style st)
{
    char buf[1024] = "";
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        int w = widths[i] > 1 ? widths[i] - 1 : 1;
        char *c = gk_fit(cells[i] ? cells[i] : "", w);
        if (c) o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", c, i + 1 < n ? " " : "");
        free(c);
        if (o >= sizeof buf) break;
    }
    add_line(m, buf, st, 0);
}

/* The 初期値 / 目標値 / 実績値 / 評価 table of one series, a row per year. An
 * evaluation that was not entered but computed from target and actual is
 * shown in parentheses; *computed is set when one is. */
static void add_series_table(mainview *m, const gk_node_detail *d, const gk_series_info *sr,
                             const gk_plan_info *p, bool *computed)
{
    char yb[32], label[64];
    snprintf(label, sizeof label, sr->base_year ? "%s(%d)" : "%s", _("Base"), sr->base_year);
    /* the first column holds R6(2024) and the 初期値 label whole */
    int w0 = sr->base && gk_str_width(label) + 1 > 12 ? gk_str_width(label) + 1 : 12;
    int cw = (m->detail_width - w0) / 3;
    int widths[4] = {w0, cw, cw, cw};
    if (*sr->name) add_line(m, sr->name, ST_HEAD, 0);
    const char *head[4] = {_("Year"), _("Target"), _("Actual"), _("Evaluation")};
    add_row(m, head, widths, 4, ST_HEAD);
    if (sr->base) {
        const char *cells[2] = {label, sr->base};
        add_row(m, cells, widths, 2, ST_NORMAL);
    }
    int first = p && p->first_year ? p->first_year : 0, last = p ? p->last_year : 0;
    for (size_t i = 0; i < sr->nyears; i++) {
        if (first == 0 || sr->years[i].year < first) first = sr->years[i].year;
        if (sr->years[i].year > last) last = sr->years[i].year;
    }
    gk_series_buf b;
    if (gk_series_from_detail(sr, d->unit, first, last, &b) != 0) return;
    for (size_t k = 0; k < b.sy.n; k++) {
        int y = b.years[k];
        /* a year without a target (or →) is judged against the one in force */
        const char *eff = gk_series_target(&b.sy, k, NULL);
        const char *entered = gk_node_detail_eval(d, y);
        const char *eval =
            b.actuals[k] ? gk_eval_propose(sr->base, eff, b.actuals[k], d->unit, b.sy.dir) : NULL;
        char shown[128] = "";
        if (entered)
            snprintf(shown, sizeof shown, "%s", entered);
        else if (eval) {
            snprintf(shown, sizeof shown, "(%s)", eval);
            *computed = true;
        }
        const char *cells[4] = {gk_fy_short(y, yb, sizeof yb), b.targets[k], b.actuals[k], shown};
        add_row(m, cells, widths, 4, y == m->year ? ST_MARK : ST_NORMAL);
    }
    gk_series_buf_free(&b);
}

static void build_details(mainview *m)
{
    tnode *t = selected(m);
    int width = COLS - tree_width() - 2;
    if (t == m->detail_of && m->year == m->detail_year && width == m->detail_width) return;
    lines_free(m);
    m->detail_of = t;
    m->detail_year = m->year;
    m->detail_width = width;
    m->dtop = 0;
    if (!t) return;
    const gk_plan_info *p = tree_plan(&m->tr, t->plan_id);
    char buf[1024], yb[64];
    if (t->kind == GK_NODE_PLAN) {
        add_line(m, _("Plan"), ST_HEAD, 0);
        add_text(m, t->title, 2);
        if (p && p->first_year) {
            char a[32], b[32];
            snprintf(buf, sizeof buf, "%s – %s", gk_fy_long(p->first_year, a, sizeof a),
                     gk_fy_long(p->last_year, b, sizeof b));
            add_field(m, _("Period"), buf);
        }
        if (p) {
            snprintf(buf, sizeof buf, "%s / %s / %s", p->label[0], p->label[1], p->label[2]);
            add_field(m, _("Levels"), buf);
        }
        return;
    }
    gk_node_detail d;
    gk_error err;
    if (gk_browse_detail(m->s, t->id, m->year, &d, &err) != 0) {
        add_line(m, err.msg, ST_WARN, 0);
        return;
    }
    add_line(m, kind_label(p, d.kind), ST_HEAD, 0);
    add_text(m, d.title, 2);
    add_field(m, "取組内容", d.content);
    add_field(m, "所管課", d.depts);
    add_field(m, "テーマ", d.tags);
    add_field(m, "見直し区分", d.review);
    if (d.kind == GK_NODE_INDICATOR) {
        add_field(m, "単位", d.unit);
        bool computed = false;
        for (size_t i = 0; i < d.nseries; i++)
            add_series_table(m, &d, &d.series[i], p, &computed);
        if (computed)
            add_text_st(m, _("(評価 in parentheses: computed from target and actual, not entered)"),
                        0, ST_DIM);
    }
    if (d.nchildren) {
        add_line(m, _("Indicators"), ST_HEAD, 0);
        for (size_t i = 0; i < d.nchildren; i++) {
            snprintf(buf, sizeof buf, "・%s", d.children[i].title);
            add_text(m, buf, 2);
            snprintf(buf, sizeof buf, "%s: %s", gk_fy_short(m->year, yb, sizeof yb),
                     d.children[i].actual ? d.children[i].actual : _("(no actual)"));
            add_line(m, buf, d.children[i].actual ? ST_NORMAL : ST_DIM, 4);
        }
    }
    char label[128];
    snprintf(label, sizeof label, "取組状況 (%s)", gk_fy_long(m->year, yb, sizeof yb));
    add_field(m, label, d.status);
    add_field(m, "次年度の取組内容", d.next_plan);
    add_field(m, "評価", d.evaluation);
    add_field(m, _("Reason for the evaluation"), d.eval_reason);
    gk_node_detail_free(&d);
}

/* --- drawing ------------------------------------------------------------------------- */

/* The pane border: '│' is East Asian Ambiguous, so a terminal that draws
 * ambiguous characters wide gets '¦', narrow everywhere. */
static const char *border_char(void)
{
    return gk_text_ambiguous_wide() ? "¦" : "│";
}

static void draw_top(mainview *m)
{
    const gk_plan_info *p = tree_plan(&m->tr, current_plan(m));
    const char *name = p ? p->name : _("(no plan)");
    char yb[64], right[512], line[1600];
    snprintf(right, sizeof right, " | %s | %s: %s | %s",
             m->year ? gk_fy_long(m->year, yb, sizeof yb) : "-", "所管課",
             m->dept ? m->dept : _("all"), gk_store_user(m->s));
    /* a long plan name gives way, so that year, filter and user stay in view */
    int room = COLS - 1 - gk_str_width(right);
    char *fitted = gk_str_width(name) > room && room >= 8 ? gk_fit(name, room) : NULL;
    snprintf(line, sizeof line, " %s%s", fitted ? fitted : name, right);
    free(fitted);
    ui_put(0, 0, COLS, line, ST_BAR);
}

static void draw_tree(mainview *m)
{
    int rows = body_rows(), w = tree_width();
    if (m->sel < m->top) m->top = m->sel;
    if (m->sel >= m->top + (size_t)rows) m->top = m->sel - (size_t)rows + 1;
    for (int r = 0; r < rows; r++) {
        size_t i = m->top + (size_t)r;
        if (i >= m->tr.nrows) {
            ui_put(1 + r, 0, w, "", ST_NORMAL);
            continue;
        }
        tnode *t = m->tr.rows[i];
        char prefix[64];
        int indent = t->depth * 2;
        if (indent > w / 2) indent = w / 2;
        snprintf(prefix, sizeof prefix, "%*s%s", indent, "",
                 !t->has_children ? "  "
                 : t->expanded    ? "- "
                                  : "+ ");
        gk_error err = {{0}};
        bool data = tree_has_data(&m->tr, t, m->year, &err);
        if (err.msg[0]) report(m, &err);
        enum ui_style st = i == m->sel     ? ST_SELECT
                           : t->kind == GK_NODE_PLAN ? ST_HEAD
                           : t->ended       ? ST_DIM /* 廃止・終了・完了: needs no entry */
                                            : ST_NORMAL;
        int pw = gk_str_width(prefix);
        ui_put(1 + r, 0, pw, prefix, st);
        ui_put(1 + r, pw, 1, data ? "*" : " ", i == m->sel ? ST_SELECT : ST_MARK);
        ui_put_match(1 + r, pw + 1, w - pw - 1, t->title, st, m->folded);
    }
    for (int r = 0; r < rows; r++)
        mvaddstr(1 + r, w, border_char());
}

static void draw_details(mainview *m)
{
    build_details(m);
    int rows = body_rows(), x = tree_width() + 2, w = COLS - x;
    if (m->dtop + (size_t)rows > m->nlines)
        m->dtop = m->nlines > (size_t)rows ? m->nlines - (size_t)rows : 0;
    for (int r = 0; r < rows; r++) {
        size_t i = m->dtop + (size_t)r;
        if (i >= m->nlines) {
            ui_put(1 + r, x - 1, w + 1, "", ST_NORMAL);
            continue;
        }
        ui_put(1 + r, x - 1, 1 + m->lines[i].indent, "", ST_NORMAL);
        ui_put_match(1 + r, x + m->lines[i].indent, w - m->lines[i].indent, m->lines[i].text,
                     m->lines[i].st, m->folded);
    }
}

static void draw(mainview *m)
{
    if (ui_too_small()) return;
    draw_top(m);
    draw_tree(m);
    draw_details(m);
    if (m->message)
        ui_fnbar(main_keys, NKEYS, m->message);
    else
        ui_fnbar(main_keys, NKEYS, NULL);
    m->message = NULL;
    refresh();
}

/* --- moving -------------------------------------------------------------------------- */

static void select_node(mainview *m, tnode *t)
{
    long r = tree_row_of(&m->tr, t);
    if (r >= 0) m->sel = (size_t)r;
}

static void reflatten(mainview *m, tnode *keep)
{
    tree_flatten(&m->tr);
    if (keep) select_node(m, keep);
    if (m->sel >= m->tr.nrows) m->sel = m->tr.nrows ? m->tr.nrows - 1 : 0;
}

static void set_year_for_plan(mainview *m)
{
    int64_t plan = current_plan(m);
    if (plan != m->year_plan) {
        m->year_plan = plan;
        m->year = default_year(m, plan);
    }
}

static void move_to(mainview *m, long row)
{
    if (m->tr.nrows == 0) return;
    if (row < 0) row = 0;
    if ((size_t)row >= m->tr.nrows) row = (long)m->tr.nrows - 1;
    m->sel = (size_t)row;
    set_year_for_plan(m);
}

static void open_or_child(mainview *m)
{
    tnode *t = selected(m);
    gk_error err;
    if (!t || !t->has_children) return;
    if (!t->expanded) {
        if (tree_set_expanded(&m->tr, t, true, &err) != 0) report(m, &err);
        reflatten(m, t);
    } else {
        move_to(m, (long)m->sel + 1);
    }
}

static void close_or_parent(mainview *m)
{
    tnode *t = selected(m);
    gk_error err;
    if (!t) return;
    if (t->expanded) {
        if (tree_set_expanded(&m->tr, t, false, &err) != 0) report(m, &err);
        reflatten(m, t);
    } else if (t->parent) {
        select_node(m, t->parent);
    }
}

static void toggle(mainview *m)
{
    tnode *t = selected(m);
    gk_error err;
    if (!t || !t->has_children) return;
    if (tree_set_expanded(&m->tr, t, !t->expanded, &err) != 0) report(m, &err);
    reflatten(m, t);
}

/* Enter: the entry form on an item or an indicator, else open/close. */
static void entry(mainview *m, bool history)
{
    tnode *t = selected(m);
    if (!t) return;
    if (t->kind != GK_NODE_ITEM && t->kind != GK_NODE_INDICATOR) {
        if (!history) toggle(m);
        return;
    }
    if (!m->year) {
        m->message = _("this plan has no fiscal years yet");
        return;
    }
    bool changed;
    if (history) {
        m->msgbuf[0] = '\0';
        changed = ui_history(m->s, t->id, m->year, m->msgbuf, sizeof m->msgbuf);
        if (m->msgbuf[0]) m->message = m->msgbuf;
    } else {
        m->msgbuf[0] = '\0';
        changed = ui_entry_form(m->s, t->id, m->year, m->msgbuf, sizeof m->msgbuf);
        if (m->msgbuf[0]) m->message = m->msgbuf;
    }
    if (changed) { /* show the new values at once */
        m->detail_of = NULL;
        for (tnode *p = t; p; p = p->parent)
            p->data_year = -1;
        for (size_t i = 0; i < t->nkids; i++)
            t->kids[i]->data_year = -1;
    }
    erase();
}

static void next_plan(mainview *m)
{
    int64_t plan = current_plan(m);
    for (size_t i = 0; i < m->tr.nplans; i++)
        if (m->tr.roots[i]->plan_id == plan) {
            tnode *next = m->tr.roots[(i + 1) % m->tr.nplans];
            select_node(m, next);
            set_year_for_plan(m);
            return;
        }
}

/* --- search -------------------------------------------------------------------------- */

static void load_corpus(mainview *m)
{
    if (m->corpus) return;
    gk_error err;
    if (gk_browse_search_corpus(m->s, &m->corpus, &m->ncorpus, &err) != 0) {
        report(m, &err);
        return;
    }
    m->corpus_folded = calloc(m->ncorpus ? m->ncorpus : 1, sizeof *m->corpus_folded);
    for (size_t i = 0; i < m->ncorpus; i++) {
        char *joined = malloc(strlen(m->corpus[i].title ? m->corpus[i].title : "") +
                              strlen(m->corpus[i].notes ? m->corpus[i].notes : "") + 2);
        sprintf(joined, "%s\n%s", m->corpus[i].title ? m->corpus[i].title : "",
                m->corpus[i].notes ? m->corpus[i].notes : "");
        m->corpus_folded[i] = gk_fold(joined);
        free(joined);
    }
}

/* Index in the corpus of the selected node (or -1). */
static long corpus_index(mainview *m)
{
    tnode *t = selected(m);
    for (size_t i = 0; t && i < m->ncorpus; i++)
        if (m->corpus[i].id == t->id) return (long)i;
    return -1;
}

/* Jumps to the next (dir 1) or previous (-1) match, starting after the
 * selection (or at it when `inclusive`). */
static bool search_step(mainview *m, int dir, bool inclusive)
{
    if (!m->folded || !*m->folded) return false;
    load_corpus(m);
    if (m->ncorpus == 0) return false;
    long start = corpus_index(m);
    if (start < 0) start = dir > 0 ? -1 : 0;
    for (size_t k = inclusive ? 0 : 1; k <= m->ncorpus; k++) {
        long i = ((start + dir * (long)k) % (long)m->ncorpus + (long)m->ncorpus) % (long)m->ncorpus;
        if (!strstr(m->corpus_folded[i], m->folded)) continue;
        gk_error err;
        for (size_t p = 0; p < m->tr.nplans; p++) {
            tnode *t = tree_reveal(&m->tr, m->tr.plans[p].id, m->corpus[i].id, &err);
            if (t) {
                reflatten(m, t);
                select_node(m, t);
                set_year_for_plan(m);
                return true;
            }
        }
    }
    return false;
}

/* The search prompt on the bottom line (a kit screen over the main view):
 * each character typed jumps to the first match from where the search
 * began; Enter keeps it, Esc goes back there. */
typedef struct searching {
    mainview *m;
    size_t saved;
    ui_prompt p;
} searching;

static void search_draw(ui_screen *sc)
{
    searching *q = sc->ctx;
    draw_top(q->m);
    draw_tree(q->m);
    draw_details(q->m);
    ui_prompt_draw(&q->p, "/");
}

static void search_key(ui_screen *sc, const ui_event *ev)
{
    searching *q = sc->ctx;
    mainview *m = q->m;
    int r = ui_prompt_event(&q->p, ev);
    if (r == UI_PROMPT_CANCEL) { /* back where we were */
        free(m->folded);
        m->folded = NULL;
        m->sel = q->saved;
        ui_close(sc, 0);
    } else if (r == UI_PROMPT_DONE) {
        snprintf(m->query, sizeof m->query, "%s", q->p.text);
        if (m->folded && !search_step(m, 1, true)) m->message = _("no match");
        ui_close(sc, 0);
    } else if (r == UI_PROMPT_EDITED) {
        m->sel = q->saved;
        free(m->folded);
        m->folded = q->p.len ? gk_fold(q->p.text) : NULL;
        if (m->folded && !search_step(m, 1, true)) m->message = _("no match");
    }
}

static void search_prompt(mainview *m)
{
    searching q = {.m = m, .saved = m->sel};
    free(m->folded);
    m->folded = NULL;
    ui_screen sc = {.draw = search_draw, .key = search_key, .ctx = &q};
    ui_run(&sc);
}

/* --- popups -------------------------------------------------------------------------- */

/* A fiscal year typed on the bottom line, in any form 年度 accepts (2027,
 * R9, 令和9年度 …); a form it refuses is said with the reason, and the
 * line stays for a correction. */
typedef struct year_typing {
    mainview *m;
    ui_prompt p;
    ui_status why;
    int year;
} year_typing;

static void year_draw(ui_screen *sc)
{
    year_typing *q = sc->ctx;
    draw_top(q->m);
    draw_tree(q->m);
    draw_details(q->m);
    char lead[256];
    snprintf(lead, sizeof lead, "%s ", _("Fiscal year (2027, R9, 令和9年度 …):"));
    if (q->why.set)
        ui_status_draw(&q->why, NULL, 0);
    else
        ui_prompt_draw(&q->p, lead);
}

static void year_key(ui_screen *sc, const ui_event *ev)
{
    year_typing *q = sc->ctx;
    ui_status_clear(&q->why);
    int r = ui_prompt_event(&q->p, ev);
    if (r == UI_PROMPT_CANCEL) ui_close(sc, 0);
    if (r != UI_PROMPT_DONE) return;
    gk_error err;
    if (q->p.len && gk_fy_parse(q->p.text, &q->year, &err) == 0) {
        ui_close(sc, q->year);
        return;
    }
    char msg[GK_ERROR_MAX + 300];
    snprintf(msg, sizeof msg, "%s: %s", q->p.text, q->p.len ? err.msg : _("type a fiscal year"));
    ui_status_set(&q->why, true, msg);
}

/* Returns the year typed, or 0 when the clerk gave up (Esc). */
static int type_year(mainview *m)
{
    year_typing q = {.m = m};
    ui_screen sc = {.draw = year_draw, .key = year_key, .ctx = &q};
    long y = ui_run(&sc);
    return y > 0 ? (int)y : 0;
}

/* The plan's years (its period and the years with data); without any, the
 * current fiscal year. The last row lets the clerk type another year, so
 * that entry is never impossible. */
static void choose_year(mainview *m)
{
    int *years;
    size_t n;
    gk_error err;
    if (gk_browse_years(m->s, current_plan(m), &years, &n, &err) != 0) {
        report(m, &err);
        return;
    }
    if (n == 0) {
        free(years);
        years = malloc(sizeof *years);
        if (!years) return;
        years[n++] = current_fy();
    }
    char **rows = calloc(n + 1, sizeof *rows);
    if (!rows) {
        free(years);
        return;
    }
    size_t cur = 0;
    for (size_t i = 0; i < n; i++) {
        char b[64];
        rows[i] = strdup(gk_fy_long(years[i], b, sizeof b));
        if (years[i] == m->year) cur = i;
    }
    rows[n] = strdup(_("another year: type it …"));
    long c = ui_choose(_("Fiscal year"), (const char *const *)rows, n + 1, cur, NULL);
    if (c >= 0 && (size_t)c < n) m->year = years[c];
    if (c >= 0 && (size_t)c == n) {
        int y = type_year(m);
        if (y) m->year = y;
    }
    for (size_t i = 0; i <= n; i++)
        free(rows[i]);
    free(rows);
    free(years);
}

/* ] / [: the next / previous node still missing its entry for the year,
 * within the department filter when one is set. */
static void next_missing(mainview *m, int dir)
{
    int64_t plan = current_plan(m), found;
    tnode *t = selected(m);
    gk_error err;
    if (!plan || !m->year) return;
    int rc = gk_browse_next_missing(m->s, plan, m->year, t && t->plan_id == plan ? t->id : 0, dir,
                                    m->dept ? m->tr.filter : NULL, m->dept ? m->tr.nfilter : 0,
                                    &found, &err);
    if (rc < 0) {
        report(m, &err);
        return;
    }
    if (rc > 0) {
        char yb[64];
        snprintf(m->msgbuf, sizeof m->msgbuf,
                 m->dept ? _("every item and indicator of %s has its entry for %s")
                         : _("every item and indicator of the plan has its entry for %s"),
                 m->dept ? m->dept : gk_fy_long(m->year, yb, sizeof yb),
                 gk_fy_long(m->year, yb, sizeof yb));
        m->message = m->msgbuf;
        return;
    }
    tnode *n = tree_reveal(&m->tr, plan, found, &err);
    if (!n) {
        report(m, &err);
        return;
    }
    reflatten(m, n);
    select_node(m, n);
}

static void expand_all(mainview *m)
{
    tnode *t = selected(m);
    gk_error err;
    if (!t) return;
    if (tree_expand_all(&m->tr, t, &err) != 0) report(m, &err);
    reflatten(m, t);
}

static void department_board(mainview *m)
{
    gk_error err;
    m->msgbuf[0] = '\0';
    char *dept = ui_department_board(m->s, current_plan(m), m->year, m->msgbuf, sizeof m->msgbuf);
    if (m->msgbuf[0]) m->message = m->msgbuf;
    if (dept && tree_set_filter(&m->tr, dept, &err) == 0) {
        free(m->dept);
        m->dept = dept;
        dept = NULL;
        /* open the tree down to the department's nodes */
        for (size_t i = 0; i < m->tr.nfilter && i < 2000; i++)
            for (size_t p = 0; p < m->tr.nplans; p++)
                if (tree_reveal(&m->tr, m->tr.plans[p].id, m->tr.filter[i], &err)) break;
        reflatten(m, NULL);
        m->sel = 0;
    }
    free(dept);
    erase();
}

static void clear_filter(mainview *m)
{
    gk_error err;
    tnode *keep = selected(m);
    free(m->folded);
    m->folded = NULL;
    if (m->dept) {
        if (tree_set_filter(&m->tr, NULL, &err) != 0) report(m, &err);
        free(m->dept);
        m->dept = NULL;
    }
    reflatten(m, keep);
}

/* --- mouse --------------------------------------------------------------------------- */

static void mouse(mainview *m, const ui_event *ev)
{
    if (ev->mouse == UI_MOUSE_WHEEL_UP) {
        move_to(m, (long)m->sel - 3);
    } else if (ev->mouse == UI_MOUSE_WHEEL_DOWN) {
        move_to(m, (long)m->sel + 3);
    } else if (ev->mouse == UI_MOUSE_CLICK && ev->my >= 1 && ev->my <= body_rows() &&
               ev->mx < tree_width()) {
        size_t row = m->top + (size_t)(ev->my - 1);
        if (row < m->tr.nrows) move_to(m, (long)row);
    }
}

/* --- the loop ------------------------------------------------------------------------ */

static bool handle(mainview *m, int action)
{
    int page = body_rows() - 1;
    if (m->focus_detail &&
        (action == A_UP || action == A_DOWN || action == A_PGUP || action == A_PGDN)) {
        long d = action == A_UP ? -1 : action == A_DOWN ? 1 : action == A_PGUP ? -page : page;
        long t = (long)m->dtop + d;
        m->dtop = t < 0 ? 0 : (size_t)t;
        return true;
    }
    switch (action) {
    case A_UP:
        move_to(m, (long)m->sel - 1);
        break;
    case A_DOWN:
        move_to(m, (long)m->sel + 1);
        break;
    case A_PGUP:
        move_to(m, (long)m->sel - page);
        break;
    case A_PGDN:
        move_to(m, (long)m->sel + page);
        break;
    case A_HOME:
        move_to(m, 0);
        break;
    case A_END:
        move_to(m, (long)m->tr.nrows - 1);
        break;
    case A_OPEN:
        open_or_child(m);
        break;
    case A_CLOSE:
        close_or_parent(m);
        break;
    case A_TOGGLE:
        toggle(m);
        break;
    case A_FOCUS:
        m->focus_detail = !m->focus_detail;
        break;
    case A_HELP:
        ui_help(m->s, _("Keys of the main screen"), main_keys, NKEYS);
        break;
    case A_SEARCH:
        search_prompt(m);
        break;
    case A_NEXT:
        if (!search_step(m, 1, false))
            m->message = m->folded ? _("no match") : _("no search: press / first");
        break;
    case A_PREV:
        if (!search_step(m, -1, false))
            m->message = m->folded ? _("no match") : _("no search: press / first");
        break;
    case A_BOARD:
        department_board(m);
        break;
    case A_YEAR:
        choose_year(m);
        break;
    case A_PLAN:
        next_plan(m);
        break;
    case A_CLEAR:
        clear_filter(m);
        break;
    case A_ENTRY:
        entry(m, false);
        break;
    case A_HISTORY:
        entry(m, true);
        break;
    case A_NEXT_MISSING:
        next_missing(m, 1);
        break;
    case A_PREV_MISSING:
        next_missing(m, -1);
        break;
    case A_EXPAND_ALL:
        expand_all(m);
        break;
    case A_QUIT:
        return false;
    default:
        break;
    }
    return true;
}

/* --- what the user chose last (pref.h) ----------------------------------------------- */

/* Writes the plan, year and filter when they changed since last written. A
 * file that is busy or read-only costs a message on the bottom line, once
 * (not when `quiet`, at the end), and the write is tried again at the next
 * change; nothing else depends on it. */
static void remember(mainview *m, bool quiet)
{
    const gk_plan_info *p = tree_plan(&m->tr, current_plan(m));
    char year[16] = "";
    if (m->year) snprintf(year, sizeof year, "%d", m->year);
    const char *plan = p ? p->name : "", *dept = m->dept ? m->dept : "";
    if (strcmp(plan, m->kept_plan) == 0 && strcmp(year, m->kept_year) == 0 &&
        strcmp(dept, m->kept_dept) == 0)
        return;
    const char *keys[] = {"plan", "year", "dept"};
    const char *values[] = {*plan ? plan : NULL, *year ? year : NULL, *dept ? dept : NULL};
    gk_error err;
    if (gk_pref_set(m->s, keys, values, 3, &err) != 0) {
        if (!quiet && !m->pref_warned) {
            snprintf(m->msgbuf, sizeof m->msgbuf,
                     _("Plan, year and filter cannot be remembered for the next start: %s"),
                     err.msg);
            m->message = m->msgbuf;
        }
        m->pref_warned = true;
        return;
    }
    snprintf(m->kept_plan, sizeof m->kept_plan, "%s", plan);
    snprintf(m->kept_year, sizeof m->kept_year, "%s", year);
    snprintf(m->kept_dept, sizeof m->kept_dept, "%s", dept);
}

/* The plan, year and filter of the last session, where the options give
 * none: the plan if it still exists, the year when that plan is the one
 * opened, the filter if the department is still named. */
static void recall(mainview *m, char *plan, size_t plansz, const char **opt_plan)
{
    if (gk_pref_get(m->s, "plan", m->kept_plan, sizeof m->kept_plan) != 1) m->kept_plan[0] = '\0';
    if (gk_pref_get(m->s, "year", m->kept_year, sizeof m->kept_year) != 1) m->kept_year[0] = '\0';
    if (gk_pref_get(m->s, "dept", m->kept_dept, sizeof m->kept_dept) != 1) m->kept_dept[0] = '\0';
    if (!*opt_plan && m->kept_plan[0])
        for (size_t i = 0; i < m->tr.nplans; i++)
            if (strcmp(m->tr.plans[i].name, m->kept_plan) == 0) {
                snprintf(plan, plansz, "%s", m->kept_plan);
                *opt_plan = plan;
            }
}

int ui_main_screen(gk_store *s, const char *plan, int year, const char *dept)
{
    mainview m = {.s = s};
    gk_error err;
    if (tree_load(&m.tr, s, &err) != 0) {
        endwin();
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        return 1;
    }
    /* --plan, --year and --dept win over what was chosen last time */
    char recalled_plan[512];
    recall(&m, recalled_plan, sizeof recalled_plan, &plan);
    for (size_t i = 0; i < m.tr.nplans; i++)
        if (i == 0 || (plan && strcmp(m.tr.plans[i].name, plan) == 0))
            tree_set_expanded(&m.tr, m.tr.roots[i], true, &err);
    tree_flatten(&m.tr);
    for (size_t i = 0; plan && i < m.tr.nplans; i++)
        if (strcmp(m.tr.plans[i].name, plan) == 0) select_node(&m, m.tr.roots[i]);
    set_year_for_plan(&m);
    const gk_plan_info *opened = tree_plan(&m.tr, current_plan(&m));
    int kept_year = atoi(m.kept_year);
    if (year)
        m.year = year;
    else if (opened && strcmp(opened->name, m.kept_plan) == 0 && kept_year >= GK_FY_MIN &&
             kept_year <= GK_FY_MAX)
        m.year = kept_year;
    const char *filter = dept ? dept : m.kept_dept[0] ? m.kept_dept : NULL;
    if (filter && tree_set_filter(&m.tr, filter, &err) == 0) {
        if (m.tr.nfilter || dept) {
            m.dept = strdup(filter);
        } else { /* the remembered department is no longer named */
            tree_set_filter(&m.tr, NULL, &err);
        }
        tree_flatten(&m.tr);
    }
    /* what an option chose is not remembered unless the user chooses
     * something in this session: start from the state as it is */
    snprintf(m.kept_plan, sizeof m.kept_plan, "%s", opened ? opened->name : "");
    m.kept_year[0] = '\0';
    if (m.year) snprintf(m.kept_year, sizeof m.kept_year, "%d", m.year);
    snprintf(m.kept_dept, sizeof m.kept_dept, "%s", m.dept ? m.dept : "");
    if (!ui_too_small()) {
        ui_offer_drafts(s, m.msgbuf, sizeof m.msgbuf);
        if (m.msgbuf[0]) m.message = m.msgbuf;
    }
    m.detail_of = NULL;
    for (;;) {
        draw(&m);
        ui_event ev;
        if (ui_next_event(&ev) < 0) break;
        if (ev.is_key && ev.key == KEY_RESIZE) {
            m.detail_of = NULL; /* re-wrap */
            erase();
            continue;
        }
        if (ui_too_small()) continue;
        if (ev.is_key && ev.key == KEY_MOUSE) {
            mouse(&m, &ev);
            continue;
        }
        if (!ev.paste && !handle(&m, ui_key_action(main_keys, NKEYS, ev.key, ev.is_key))) break;
        remember(&m, false);
    }
    remember(&m, true);
    lines_free(&m);
    free(m.dept);
    free(m.folded);
    for (size_t i = 0; i < m.ncorpus; i++)
        free(m.corpus_folded[i]);
    free(m.corpus_folded);
    gk_search_corpus_free(m.corpus, m.ncorpus);
    tree_free(&m.tr);
    return 0;
}
