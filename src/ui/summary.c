/*
 * summary.c — the summary screen (`s` on the main screen): for the plan and
 * fiscal year, per 基本目標 and per 所管課 the units (indicators, and items
 * without indicators), their count per grade of the plan, per entry state
 * (entered, missing, needing no entry) and the completeness as a bar; under
 * the list the selected row's grades and states as bars. The counts are the
 * report's (reportdata.h streams the items, report.h judges and counts
 * them): one copy of every rule. `o` cycles the sort (order of the plan, least
 * complete first, most missing first); Enter returns the row to the main
 * screen, which shows its items in the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/frozen.h"
#include "gyokaku/i18n.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/text.h"
#include "ui_int.h"

/* The summary's own actions; the shared ones (UI_ACT_*: moving, help,
 * closing) fall through to the screen kit (keys.c ui_dispatch). */
enum sum_action { S_NONE, S_DRILL, S_SORT };

static const ui_key summary_keys[] = {
    {UI_ACT_HELP, 1, {'?'}, "?", N_("Help"), N_("show every key of the summary")},
    {S_DRILL,
     0,
     {'\r', '\n'},
     "Enter",
     N_("Tree"),
     N_("back to the tree at the row's items: a 基本目標 selected and opened, a 所管課 as the "
        "department filter")},
    {S_SORT,
     0,
     {'o'},
     "o",
     N_("Sort"),
     N_("sort the rows: in the plan's order, least complete first, most missing first")},
    {UI_ACT_CLOSE, 0, {27, 'q', UI_CTRL('C')}, "Esc q", N_("Close"), N_("back to the main screen")},
    {UI_ACT_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous row")},
    {UI_ACT_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next row")},
    {UI_ACT_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {UI_ACT_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {UI_ACT_HOME, 0, {KEY_HOME, 'g'}, "Home g", NULL, N_("first row")},
    {UI_ACT_END, 0, {KEY_END, 'G'}, "End G", NULL, N_("last row")},
    {S_NONE,
     0,
     {0},
     "契約…",
     NULL,
     N_("type the start of a row's name to jump to it; within a second of the last letter, "
        "j k g G o q are typed too")},
};
#define NSUMKEYS (sizeof summary_keys / sizeof *summary_keys)

enum sort_by { SORT_ORDER, SORT_COMPLETE, SORT_MISSING, NSORTS };

/* A row of the list: a section heading (c == NULL) or a goal or department. */
typedef struct srow {
    char kind; /* 'g' 基本目標, 'd' 所管課 */
    const gk_rep_count *c;
    size_t order; /* its place in the plan's order */
} srow;

typedef struct summary {
    gk_store *s;
    gk_report_data *d;
    const gk_rep_plan *p;
    gk_rep_plan plan; /* the report's, counting computed grades (the office's view) */
    gk_rep_summary sum;
    const char *no_goal, *no_dept;
    srow *rows;
    size_t nrows;
    ui_view view; /* the rows, section headings skipped */
    ui_status status;
    enum sort_by sort;
    /* column widths, from the terminal's width */
    int nw, cw, gw[8], uw, mw, bw, pw;
    bool ascii;
    bool frozen; /* a locked year, shown as it was when it was locked (frozen.h) */
    char *chosen;
    char chosen_kind;
} summary;

/* --- counting (the report's sink) ---------------------------------------------------- */

static int on_heading(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    return 0;
}

static int on_item(void *ctx, gk_rep_item *it, gk_error *err)
{
    summary *m = ctx;
    if (gk_rep_summary_add(&m->sum, it, m->no_goal, m->no_dept) == 0) return 0;
    gk_error_set(err, _("out of memory"));
    return -1;
}

static int on_cell(void *ctx, const char *title, const char *unit, long nodes, const char *goal,
                   const char *series, int year, const char *target, const char *actual,
                   gk_error *err)
{
    return 0; /* the sums are the report's; the screen shows counts */
}

/* The completeness rule is progress.h's: needed, missing, the percentage. */
static long needed(const gk_rep_count *c)
{
    gk_progress p = gk_rep_progress(c);
    return gk_progress_needed(&p);
}

static long missing(const gk_rep_count *c)
{
    gk_progress p = gk_rep_progress(c);
    return gk_progress_missing(&p);
}

/* "77.9%" as the report and `status` write it. */
static const char *percent(const gk_rep_count *c, char *buf, size_t n)
{
    gk_progress p = gk_rep_progress(c);
    return gk_progress_format(&p, buf, n);
}

/* --- rows and sorting ---------------------------------------------------------------- */

static int cmp_rows(const srow *a, const srow *b, enum sort_by by)
{
    if (by == SORT_COMPLETE) { /* entered / needed ascending, without rounding */
        long ea = needed(a->c) > 0 ? a->c->entered : 1, na = needed(a->c) > 0 ? needed(a->c) : 1;
        long eb = needed(b->c) > 0 ? b->c->entered : 1, nb = needed(b->c) > 0 ? needed(b->c) : 1;
        if (ea * nb != eb * na) return ea * nb < eb * na ? -1 : 1;
    } else if (by == SORT_MISSING) {
        if (missing(a->c) != missing(b->c)) return missing(a->c) > missing(b->c) ? -1 : 1;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

static enum sort_by sorting_by;

static int cmp_qsort(const void *a, const void *b)
{
    return cmp_rows(a, b, sorting_by);
}

/* Sorts each section's rows (after its heading), keeping the selected row
 * selected. */
static void sort_rows(summary *m)
{
    const gk_rep_count *keep = m->nrows ? m->rows[m->view.list.sel].c : NULL;
    sorting_by = m->sort;
    for (size_t i = 0; i < m->nrows;) {
        size_t j = i + 1;
        while (j < m->nrows && m->rows[j].c)
            j++;
        if (j > i + 2) qsort(&m->rows[i + 1], j - i - 1, sizeof *m->rows, cmp_qsort);
        i = j;
    }
    for (size_t i = 0; keep && i < m->nrows; i++)
        if (m->rows[i].c == keep) ui_view_go(&m->view, (long)i, 1);
}

static bool push(summary *m, char kind, const gk_rep_count *c, size_t order)
{
    srow *v = realloc(m->rows, (m->nrows + 1) * sizeof *v);
    if (!v) return false;
    m->rows = v;
    v[m->nrows++] = (srow){kind, c, order};
    return true;
}

static bool build_rows(summary *m)
{
    bool ok = push(m, 'g', NULL, 0);
    for (size_t i = 0; ok && i < m->sum.ngoals; i++)
        ok = push(m, 'g', &m->sum.goals[i], i);
    ok = ok && push(m, 'd', NULL, 0);
    for (size_t i = 0; ok && i < m->sum.ndepts; i++)
        ok = push(m, 'd', &m->sum.depts[i], i);
    return ok;
}

/* --- layout -------------------------------------------------------------------------- */

static int max_i(int a, int b)
{
    return a > b ? a : b;
}

/* The column widths for the terminal's width: name, units, one per grade,
 * 未評価, 未入力, then the completeness bar and its percentage. Every
 * heading is measured by the text engine, so that the columns hold in both
 * ambiguous-width modes. */
static void layout(summary *m)
{
    const gk_grades *g = &m->p->grades;
    m->uw = max_i(gk_str_width(_("units")), 5) + 1;
    int fixed = m->uw;
    for (size_t i = 0; i < g->n; i++)
        fixed += m->gw[i] = max_i(gk_str_width(g->band[i].label), 4) + 1;
    m->mw = max_i(gk_str_width(_("ungraded")), 4) + 1;
    fixed += m->mw;
    int missw = max_i(gk_str_width(_("missing")), 4) + 1;
    fixed += missw;
    m->pw = 7; /* " 100.0%" */
    fixed += m->pw + 1;
    int avail = COLS - 2 - fixed;
    m->bw = avail / 3;
    if (m->bw > 30) m->bw = 30;
    if (m->bw < 6) m->bw = 6;
    m->nw = avail - m->bw;
    if (m->nw < 10) {
        m->nw = 10;
        m->bw = max_i(avail - m->nw, 2);
    }
    m->cw = missw;
}

static int list_top(void)
{
    return 1;
}

/* The panel under the list: a rule, the row's name, then its grades beside
 * its entry states. */
static int panel_height(const summary *m)
{
    int g = (int)m->p->grades.n + 1;
    return 2 + max_i(g, 3);
}

static int list_rows(const summary *m)
{
    return LINES - 1 - list_top() - panel_height(m);
}

static char *num(long v, int w)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    return gk_fit_right(b, w);
}

/* Appends the cells (owned) to line. */
static void add(char *line, size_t n, char *cell)
{
    if (cell) strncat(line, cell, n - strlen(line) - 1);
    free(cell);
}

static void row_text(summary *m, const srow *r, char *line, size_t n)
{
    line[0] = '\0';
    const gk_grades *g = &m->p->grades;
    if (!r->c) { /* the section's heading and the column headings */
        add(line, n, gk_fit(r->kind == 'g' ? m->p->label_goal : "所管課", m->nw));
        add(line, n, gk_fit_right(_("units"), m->uw));
        for (size_t i = 0; i < g->n; i++)
            add(line, n, gk_fit_right(g->band[i].label, m->gw[i]));
        add(line, n, gk_fit_right(_("ungraded"), m->mw));
        add(line, n, gk_fit_right(_("missing"), m->cw));
        add(line, n, gk_fit(" ", 1));
        add(line, n, gk_fit(_("completeness"), m->bw + m->pw));
        return;
    }
    add(line, n, gk_fit(r->c->name, m->nw));
    add(line, n, num(r->c->units, m->uw));
    for (size_t i = 0; i < g->n; i++)
        add(line, n, num(r->c->grade[i], m->gw[i]));
    add(line, n, num(r->c->ungraded, m->mw));
    add(line, n, num(missing(r->c), m->cw));
    add(line, n, gk_fit(" ", 1));
    add(line, n, ui_gauge((double)r->c->entered, (double)needed(r->c), m->bw, m->ascii));
    char pct[16];
    percent(r->c, pct, sizeof pct);
    add(line, n, gk_fit_right(pct, m->pw));
}

/* --- the view ------------------------------------------------------------------------ */

static bool is_heading(const ui_view *v, size_t i)
{
    const summary *m = v->ctx;
    return !m->rows[i].c;
}

static void names(const ui_view *v, size_t i, const char *out[2])
{
    const summary *m = v->ctx;
    out[0] = m->rows[i].c->name;
}

static const char *row_line(ui_view *v, size_t i, char *buf, size_t n)
{
    summary *m = v->ctx;
    row_text(m, &m->rows[i], buf, n);
    return buf;
}

/* --- drawing ------------------------------------------------------------------------- */

static const char *sort_name(enum sort_by s)
{
    switch (s) {
    case SORT_COMPLETE:
        return _("least complete first");
    case SORT_MISSING:
        return _("most missing first");
    default:
        return _("in the plan's order");
    }
}

static void draw_top(summary *m)
{
    char yb[64], left[1024], line[2048];
    const gk_rep_count *t = &m->sum.total;
    char pct[16];
    snprintf(left, sizeof left, _(" Summary %s | units %ld, entered %ld, missing %ld, %s | "),
             gk_fy_long(m->p->year, yb, sizeof yb), t->units, t->entered, missing(t),
             percent(t, pct, sizeof pct));
    if (m->frozen) { /* what was published: the lock's record, not today's data */
        size_t k = strlen(left);
        snprintf(left + k, sizeof left - k, "%s | ", _("as locked"));
    }
    /* the plan's name last: a long one gives way in its middle, keeping
     * the period at its end that tells two plans apart */
    int room = COLS - 1 - gk_str_width(left);
    char *name = gk_fit_middle(m->p->name, room > 0 ? room : 0);
    snprintf(line, sizeof line, "%s%s", left, name ? name : "");
    free(name);
    ui_put(0, 0, COLS, line, ST_BAR);
}

/* One bar of the panel: label, count, bar of count out of of, at (y, x). */
static void panel_bar(summary *m, int y, int x, int w, int lw, const char *label, long count,
                      long of)
{
    char line[1024] = "";
    add(line, sizeof line, gk_fit(label, lw));
    add(line, sizeof line, num(count, 6));
    add(line, sizeof line, gk_fit(" ", 1));
    add(line, sizeof line, ui_gauge((double)count, (double)of, w - lw - 7, m->ascii));
    ui_put(y, x, w, line, ST_NORMAL);
}

static void draw_panel(summary *m)
{
    int y = list_top() + list_rows(m);
    /* a rule that says how the rows are sorted */
    char rule[1024], *fill;
    snprintf(rule, sizeof rule, "-- %s: %s ", _("sorted"), sort_name(m->sort));
    int n = COLS - gk_str_width(rule);
    size_t o = strlen(rule);
    for (; n > 0 && o < sizeof rule - 1; n--)
        rule[o++] = '-';
    rule[o] = '\0';
    fill = rule;
    ui_put(y++, 0, COLS, fill, ST_DIM);
    const gk_rep_count *c = m->nrows ? m->rows[m->view.list.sel].c : NULL;
    for (int r = 0; r < panel_height(m) - 1; r++)
        ui_put(y + r, 0, COLS, "", ST_NORMAL);
    if (!c) return;
    char head[1024], pct[16];
    snprintf(head, sizeof head, _("%s: units %ld; need an entry %ld, entered %ld (%s)"), c->name,
             c->units, needed(c), c->entered, percent(c, pct, sizeof pct));
    ui_put(y++, 1, COLS - 2, head, ST_HEAD);
    const gk_grades *g = &m->p->grades;
    int half = (COLS - 3) / 2, lw = gk_str_width(_("ungraded"));
    for (size_t i = 0; i < g->n; i++)
        lw = max_i(lw, gk_str_width(g->band[i].label));
    const char *states[3] = {_("entered"), _("missing"), _("no entry needed")};
    int sw = 0;
    for (int i = 0; i < 3; i++)
        sw = max_i(sw, gk_str_width(states[i]));
    lw++, sw++;
    for (size_t i = 0; i < g->n; i++)
        panel_bar(m, y + (int)i, 1, half, lw, g->band[i].label, c->grade[i], c->units);
    panel_bar(m, y + (int)g->n, 1, half, lw, _("ungraded"), c->ungraded, c->units);
    long sv[3] = {c->entered, missing(c), c->ended};
    for (int i = 0; i < 3; i++)
        panel_bar(m, y + i, 2 + half, COLS - 3 - half, sw, states[i], sv[i], c->units);
}

static void draw(ui_screen *sc)
{
    summary *m = sc->ctx;
    layout(m);
    ui_view_fit(&m->view, m->nrows, list_rows(m));
    draw_top(m);
    for (int r = 0; r < m->view.list.rows; r++) /* a blank column left of the rows */
        ui_put(list_top() + r, 0, 1, "", ST_NORMAL);
    ui_view_draw(&m->view, list_top(), 1, COLS - 1, row_line);
    draw_panel(m);
    ui_status_draw(&m->status, summary_keys, NSUMKEYS);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    summary *m = sc->ctx;
    if (ev->paste || ev->mouse) return UI_IGNORED;
    switch (ui_key_action(summary_keys, NSUMKEYS, ev->key, ev->is_key)) {
    case S_SORT:
        m->sort = (enum sort_by)((m->sort + 1) % NSORTS);
        sort_rows(m);
        return UI_HANDLED;
    case S_DRILL: {
        const srow *r = m->nrows ? &m->rows[m->view.list.sel] : NULL;
        if (!r || !r->c) return UI_HANDLED;
        if (strcmp(r->c->name, r->kind == 'g' ? m->no_goal : m->no_dept) == 0) {
            ui_status_set(&m->status, true,
                          r->kind == 'g' ? _("these stand under no 基本目標: nothing to open")
                                         : _("these have no 所管課: no filter for them"));
            return UI_HANDLED;
        }
        m->chosen = strdup(r->c->name);
        m->chosen_kind = r->kind;
        ui_close(sc, 0);
        return UI_HANDLED;
    }
    default:
        return UI_IGNORED;
    }
}

int ui_summary(gk_store *s, const char *plan, int year, char **name, char *msg, size_t msgsz)
{
    *name = NULL;
    summary m = {.s = s, .ascii = ui_bars_ascii()};
    m.no_goal = _("(under no 基本目標)");
    m.no_dept = _("(no department)");
    gk_error err;
    gk_report_query q = {.plan = plan, .year = year, .any_year = true};
    m.d = gk_report_open(s, &q, &err);
    if (!m.d) {
        snprintf(msg, msgsz, "%s", err.msg);
        return 0;
    }
    /* a locked year: counted from what it showed when it was locked, as
     * `gyokaku report` prints it (frozen.h) */
    gk_store *frozen = NULL;
    char fplan[1024];
    int fr = gk_frozen_open(s, gk_report_plan(m.d)->year, plan, &frozen, fplan, sizeof fplan, &err);
    if (fr < 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        gk_report_close(m.d);
        return 0;
    }
    if (fr == 1) {
        gk_report_query fq = {.plan = fplan, .year = gk_report_plan(m.d)->year};
        gk_report_close(m.d);
        if (!(m.d = gk_report_open(frozen, &fq, &err))) {
            snprintf(msg, msgsz, "%s", err.msg);
            gk_store_close(frozen);
            return 0;
        }
        s = frozen;
        m.frozen = true;
    }
    m.plan = *gk_report_plan(m.d);
    m.plan.additions |= GK_ADD_GRADES;
    m.p = &m.plan;
    gk_rep_summary_init(&m.sum, m.p);
    gk_report_sink sink = {on_heading, on_heading, on_item, on_cell, &m};
    int kind = 0;
    if (gk_report_stream(s, m.d, &sink, &err) != 0) {
        snprintf(msg, msgsz, "%s", err.msg);
    } else if (m.sum.total.units == 0) {
        snprintf(msg, msgsz, "%s", _("this plan has no items or indicators to summarise"));
    } else if (!build_rows(&m)) {
        snprintf(msg, msgsz, "%s", _("out of memory"));
    } else {
        m.view.heading = is_heading;
        m.view.names = names;
        m.view.ctx = &m;
        layout(&m);
        ui_view_fit(&m.view, m.nrows, list_rows(&m));
        ui_view_home(&m.view);
        ui_screen sc = {.draw = draw,
                        .key = key,
                        .ctx = &m,
                        .full = true,
                        .view = &m.view,
                        .keys = summary_keys,
                        .nkeys = NSUMKEYS,
                        .help = _("Keys of the summary"),
                        .store = s,
                        .status = &m.status,
                        .nomatch = _("no row starts with what you typed")};
        ui_run(&sc);
        if (m.chosen) {
            kind = m.chosen_kind;
            *name = m.chosen;
        }
    }
    free(m.rows);
    gk_rep_summary_free(&m.sum);
    gk_report_close(m.d);
    gk_store_close(frozen);
    return kind;
}
