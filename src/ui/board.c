/*
 * board.c — the submission board (F4): for the year, per 所管課 of the plan
 * the items and indicators 未入力 / 入力中 / 差し戻し / 提出 / 承認, as counts
 * (items/indicators) and as a bar of block characters, counted by the
 * store's gk_board() (workflow.h), the same as `gyokaku status`. Listed by
 * name grouped under the 部 a name carries (`(総)総務課`), or — `s` — by
 * what is missing (not yet submitted), most first. Moving as in the tree
 * (↑↓ j k, PgUp PgDn, Home End g G), typing the start of a name jumps to
 * it, Enter chooses the department for the tree's filter, F1 lists the keys
 * (from board_keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/browse.h"
#include "gyokaku/contrib.h"
#include "gyokaku/dept.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/workflow.h"
#include "ui_int.h"

/* The board's own actions; the shared ones (UI_ACT_*: moving, help, closing)
 * fall through to the screen kit (keys.c ui_dispatch). */
enum board_action { B_NONE, B_CHOOSE, B_SORT, B_STATE };

static const ui_key board_keys[] = {
    {UI_ACT_HELP, 1, {'?'}, "?", N_("Help"), N_("show every key of the board")},
    {B_CHOOSE,
     0,
     {'\r', '\n'},
     "Enter",
     N_("Filter"),
     N_("filter the tree to the department (Esc on the main screen clears it)")},
    {B_SORT,
     0,
     {'s'},
     "s",
     N_("Sort"),
     N_("sort by what is missing (未入力, 入力中 and 差し戻し items and indicators, most "
        "first), or again by department")},
    {B_STATE,
     0,
     {'f'},
     "f",
     N_("State"),
     N_("state filter, in turn: the departments with something 提出 (what waits for "
        "approval), 差し戻し, 入力中, then all again; Enter takes it to the tree")},
    {UI_ACT_CLOSE, 0, {27, 'q', UI_CTRL('C')}, "Esc q", N_("Close"), N_("close the board")},
    {UI_ACT_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous department")},
    {UI_ACT_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next department")},
    {UI_ACT_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {UI_ACT_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {UI_ACT_HOME, 0, {KEY_HOME, 'g'}, "Home g", NULL, N_("first department")},
    {UI_ACT_END, 0, {KEY_END, 'G'}, "End G", NULL, N_("last department")},
    {B_NONE,
     0,
     {0},
     "総務…",
     NULL,
     N_("type the start of a department's name (with or without its 部) to jump to it; "
        "within a second of the last letter, j k g G s q are typed too")},
};
#define NBOARDKEYS (sizeof board_keys / sizeof *board_keys)

/* The count columns, as `gyokaku status` prints them. */
static const gk_wstate col_order[GK_WS_COUNT] = {GK_WS_EMPTY, GK_WS_ENTERING, GK_WS_RETURNED,
                                                 GK_WS_SUBMITTED, GK_WS_APPROVED};
/* The bar: what is done first, what is missing last; one block element
 * each (all East Asian Ambiguous, so all one width in either mode). */
static const gk_wstate bar_order[GK_WS_COUNT] = {GK_WS_APPROVED, GK_WS_SUBMITTED, GK_WS_RETURNED,
                                                 GK_WS_ENTERING, GK_WS_EMPTY};
static const char *const bar_glyphs[GK_WS_COUNT] = {"█", "▓", "▒", "▄", "▁"};
/* --ascii (widgets.h ui_bars_ascii): the same runs in ASCII */
static const char *const bar_ascii[GK_WS_COUNT] = {"#", "=", "~", "-", "."};
static const char *const *bar_glyph(void)
{
    return ui_bars_ascii() ? bar_ascii : bar_glyphs;
}

/* The order chosen with `s`, kept while the program runs: the office that
 * chases who is late opens the board again in the order it left it. */
static bool sort_by_missing;

typedef struct brow {
    long dept; /* index into the store's rows, -1 for a 部 heading */
    char *text;
} brow;

typedef struct board {
    gk_store *s;
    gk_board_row *d;
    size_t nd;
    bool by_missing; /* sorted by what is missing, else by 部 and name */
    brow *rows;
    size_t nrows;
    int laid_cols;  /* the width the rows were laid out for */
    size_t tallest; /* the most rows either order had: the frame keeps its size */
    ui_view view;   /* the rows, 部 headings skipped */
    ui_rect r;
    ui_status status;
    char title[128];
    char head1[512], head2[512], legend[512];
    char *chosen;
    unsigned states; /* the state filter: departments with such nodes, 0 all */
    int year;
    char contrib[1024]; /* related departments' contributions, apart from the
                           lead's counts ("" none; gk_contribution_counts) */
} board;

static const char *dept_label(const char *d)
{
    return *d ? d : _("(no department)");
}

/* Items and indicators not yet submitted: 未入力, 入力中, 差し戻し. */
static long missing(const gk_board_row *r)
{
    return r->items[GK_WS_EMPTY] + r->items[GK_WS_ENTERING] + r->items[GK_WS_RETURNED] +
           r->indicators[GK_WS_EMPTY] + r->indicators[GK_WS_ENTERING] +
           r->indicators[GK_WS_RETURNED];
}

/* --- layout ---------------------------------------------------------------------------- */

/* Departments with a 部 first, grouped by it in order of the 部, then those
 * without; within a group by name (as the store sorts them). By what is
 * missing: most first, then by name. */
typedef struct order {
    size_t i;
    const char *bu;
    size_t bulen;
    long missing;
} order;

static int cmp_order(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (!x->bulen != !y->bulen) return x->bulen ? -1 : 1;
    size_t n = x->bulen < y->bulen ? x->bulen : y->bulen;
    int c = memcmp(x->bu, y->bu, n);
    if (c == 0 && x->bulen != y->bulen) c = x->bulen < y->bulen ? -1 : 1;
    if (c) return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_missing(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->missing != y->missing) return x->missing > y->missing ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void push(board *b, long dept, const char *text)
{
    brow *r = realloc(b->rows, (b->nrows + 1) * sizeof *r);
    if (!r) return;
    b->rows = r;
    r[b->nrows++] = (brow){dept, strdup(text ? text : "")};
}

static void clear_rows(board *b)
{
    for (size_t i = 0; i < b->nrows; i++)
        free(b->rows[i].text);
    free(b->rows);
    b->rows = NULL;
    b->nrows = 0;
}

/* Appends s fitted to width cells (right-aligned when right) to buf. */
static void cat_cell(char *buf, size_t n, const char *s, int width, bool right)
{
    char *f = right ? gk_fit_right(s, width) : gk_fit(s, width);
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s", f ? f : "");
    free(f);
}

/* Column widths for an inner width of `inner` cells: the name, each count
 * column ("items/indicators", at least its heading), the bar. */
typedef struct widths {
    int name, col[GK_WS_COUNT], bar;
} widths;

static widths measure(const board *b, int inner, bool indent)
{
    widths w = {0};
    int counts = 0, names = gk_str_width(_("department"));
    for (int k = 0; k < GK_WS_COUNT; k++) {
        w.col[k] = gk_str_width(gk_wstate_label(col_order[k]));
        for (size_t i = 0; i < b->nd; i++) {
            char num[48];
            snprintf(num, sizeof num, "%ld/%ld", b->d[i].items[col_order[k]],
                     b->d[i].indicators[col_order[k]]);
            int nw = (int)strlen(num);
            if (nw > w.col[k]) w.col[k] = nw;
        }
        counts += 1 + w.col[k];
    }
    for (size_t i = 0; i < b->nd; i++) {
        int nw = gk_str_width(dept_label(b->d[i].dept)) + (indent ? 2 : 0);
        if (nw > names) names = nw;
    }
    int avail = inner - counts - 1; /* a space before the bar */
    /* the names whole while the bar keeps 6 cells; the bar at most 40 */
    w.bar = avail - names;
    if (w.bar > 40) w.bar = 40;
    if (w.bar < 6) w.bar = avail - 6 < 6 ? avail - 6 : 6;
    if (w.bar < 0) w.bar = 0;
    w.name = avail - w.bar;
    if (w.name < 0) w.name = 0;
    return w;
}

/* The row of department d: name, counts, bar. */
static void dept_line(const board *b, const widths *w, const gk_board_row *d, bool indent,
                      char *line, size_t n)
{
    char name[512];
    snprintf(name, sizeof name, "%s%s", indent ? "  " : "", dept_label(d->dept));
    line[0] = '\0';
    cat_cell(line, n, name, w->name, false);
    for (int k = 0; k < GK_WS_COUNT; k++) {
        char num[48];
        snprintf(num, sizeof num, "%ld/%ld", d->items[col_order[k]], d->indicators[col_order[k]]);
        cat_cell(line, n, "", 1, false);
        cat_cell(line, n, num, w->col[k], true);
    }
    long counts[GK_WS_COUNT];
    for (int k = 0; k < GK_WS_COUNT; k++)
        counts[k] = d->items[bar_order[k]] + d->indicators[bar_order[k]];
    char *bar = ui_bar(counts, bar_glyph(), GK_WS_COUNT, w->bar);
    cat_cell(line, n, "", 1, false);
    cat_cell(line, n, bar ? bar : "", w->bar, false);
    free(bar);
}

/* Lays the rows out for the screen's width in the current order; the
 * selected department stays selected. */
/* Whether department row r has items or indicators in the state filter. */
static bool in_states(const board *b, const gk_board_row *r)
{
    if (!b->states) return true;
    for (int st = 0; st < GK_WS_COUNT; st++)
        if ((b->states >> st & 1u) && r->items[st] + r->indicators[st] > 0) return true;
    return false;
}

static const char *states_label(unsigned states)
{
    for (int st = 0; st < GK_WS_COUNT; st++)
        if (states == 1u << st) return gk_wstate_label((gk_wstate)st);
    return "";
}

/* The title: the year, and the state filter when one is set. */
static void set_title(board *b)
{
    char yb[64];
    if (b->states)
        snprintf(b->title, sizeof b->title, _("%s %s: only departments with %s"), _("Departments"),
                 gk_fy_long(b->year, yb, sizeof yb), states_label(b->states));
    else
        snprintf(b->title, sizeof b->title, "%s %s", _("Departments"),
                 gk_fy_long(b->year, yb, sizeof yb));
}

static void layout(board *b)
{
    long keep = b->nrows ? b->rows[b->view.list.sel].dept : -1;
    clear_rows(b);
    order *o = calloc(b->nd ? b->nd : 1, sizeof *o);
    if (!o) return;
    bool any_bu = false;
    for (size_t i = 0; i < b->nd; i++) {
        const char *rest;
        o[i].i = i;
        o[i].bulen = gk_dept_bu(b->d[i].dept, &o[i].bu, &rest);
        o[i].missing = missing(&b->d[i]);
        any_bu = any_bu || o[i].bulen;
    }
    bool groups = any_bu && !b->by_missing;
    qsort(o, b->nd, sizeof *o, b->by_missing ? cmp_missing : cmp_order);
    b->r = ui_popup_rect(LINES, COLS, 1, 1);
    int inner = b->r.w - 4;
    widths w = measure(b, inner, groups);
    for (size_t k = 0; k < b->nd; k++) {
        if (!in_states(b, &b->d[o[k].i])) continue;
        if (groups && o[k].bulen &&
            (k == 0 || o[k - 1].bulen != o[k].bulen || memcmp(o[k - 1].bu, o[k].bu, o[k].bulen))) {
            char head[128];
            snprintf(head, sizeof head, "(%.*s)", (int)o[k].bulen, o[k].bu);
            push(b, -1, head);
        } else if (groups && !o[k].bulen && (k == 0 || o[k - 1].bulen)) {
            push(b, -1, _("(no 部 in the name)"));
        }
        char line[2048];
        dept_line(b, &w, &b->d[o[k].i], groups, line, sizeof line);
        push(b, (long)o[k].i, line);
    }
    free(o);
    /* the headings: what the counts are, then the states over them */
    int counts = 0;
    for (int k = 0; k < GK_WS_COUNT; k++)
        counts += 1 + w.col[k];
    b->head1[0] = b->head2[0] = '\0';
    cat_cell(b->head1, sizeof b->head1, "", w.name + 1, false);
    cat_cell(b->head1, sizeof b->head1, _("items/indicators"), counts - 1, false);
    cat_cell(b->head2, sizeof b->head2, _("department"), w.name, false);
    for (int k = 0; k < GK_WS_COUNT; k++) {
        cat_cell(b->head2, sizeof b->head2, "", 1, false);
        cat_cell(b->head2, sizeof b->head2, gk_wstate_label(col_order[k]), w.col[k], true);
    }
    b->legend[0] = '\0';
    for (int k = 0; k < GK_WS_COUNT; k++) {
        size_t len = strlen(b->legend);
        snprintf(b->legend + len, sizeof b->legend - len, "%s%s %s", k ? "  " : "", bar_glyph()[k],
                 gk_wstate_label(bar_order[k]));
    }
    b->laid_cols = COLS;
    if (b->nrows > b->tallest) b->tallest = b->nrows;
    b->view.list.n = b->nrows;
    long at = 0;
    for (size_t i = 0; i < b->nrows; i++)
        if (b->rows[i].dept == keep) at = (long)i;
    b->view.list.sel = (size_t)at;
}

/* --- the view ------------------------------------------------------------------------ */

static bool is_heading(const ui_view *v, size_t i)
{
    const board *b = v->ctx;
    return b->rows[i].dept < 0;
}

/* A department answers to its name with or without its 部. */
static void names(const ui_view *v, size_t i, const char *out[2])
{
    const board *b = v->ctx;
    const char *bu;
    out[0] = b->d[b->rows[i].dept].dept;
    gk_dept_bu(out[0], &bu, &out[1]);
}

static const char *row_text(ui_view *v, size_t i, char *buf, size_t n)
{
    const board *b = v->ctx;
    return b->rows[i].text;
}

static bool typing(const board *b)
{
    return ui_view_typing(&b->view, (long)time(NULL));
}

/* --- the screen ---------------------------------------------------------------------- */

static void layout_popup(board *b)
{
    if (b->laid_cols != COLS) layout(b);
    int extra = b->contrib[0] ? 1 : 0; /* the line of contributions */
    b->r = ui_popup_rect(LINES, COLS, (int)b->tallest + 4 + extra, 1);
    ui_view_fit(&b->view, b->nrows, b->r.h - 6 - extra);
}

static void draw(ui_screen *sc)
{
    board *b = sc->ctx;
    layout_popup(b);
    char foot[256];
    snprintf(foot, sizeof foot, " %s  %s%s%s ", _("Enter: filter  Esc: back  F1: keys"),
             b->by_missing ? _("sorted by what is missing") : _("sorted by department"),
             typing(b) ? "  " : "", typing(b) ? b->view.typed : "");
    ui_popup_draw(&b->r, b->title, foot);
    int x = b->r.x + 2, w = b->r.w - 4;
    ui_put(b->r.y + 1, x, w, b->head1, ST_HEAD);
    ui_put(b->r.y + 2, x, w, b->head2, ST_HEAD);
    /* inside the frame: two heading rows, the departments, a blank row and
     * the legend of the bar */
    ui_view_draw(&b->view, b->r.y + 3, x, w, row_text);
    if (b->contrib[0]) ui_put(b->r.y + b->r.h - 3, x, w, b->contrib, ST_DIM);
    ui_put(b->r.y + b->r.h - 2, x, w, b->legend, ST_DIM);
    ui_status_draw(&b->status, board_keys, NBOARDKEYS);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    board *b = sc->ctx;
    if (ev->paste || ev->mouse) return UI_IGNORED;
    switch (ui_key_action(board_keys, NBOARDKEYS, ev->key, ev->is_key)) {
    case B_SORT:
        b->by_missing = sort_by_missing = !b->by_missing;
        layout(b);
        layout_popup(b);
        ui_status_set(&b->status, false,
                      b->by_missing ? _("sorted by what is missing, most first")
                                    : _("sorted by department"));
        return UI_HANDLED;
    case B_STATE: {
        static const unsigned cycle[] = {1u << GK_WS_SUBMITTED, 1u << GK_WS_RETURNED,
                                         1u << GK_WS_ENTERING, 0};
        size_t i = 0, n = sizeof cycle / sizeof *cycle;
        while (i < n - 1 && cycle[i] != b->states)
            i++;
        b->states = b->states ? cycle[(i + 1) % n] : cycle[0];
        set_title(b);
        layout(b);
        layout_popup(b);
        if (!b->nrows)
            ui_status_set(&b->status, false, _("No department has any (f: the next state)."));
        return UI_HANDLED;
    }
    case B_CHOOSE:
        if (b->nrows && b->rows[b->view.list.sel].dept >= 0) {
            const char *d = b->d[b->rows[b->view.list.sel].dept].dept;
            if (!*d) {
                ui_status_set(&b->status, true,
                              _("these items and indicators have no 所管課, so the tree cannot "
                                "be filtered to them"));
                return UI_HANDLED;
            }
            b->chosen = strdup(d);
        }
        ui_close(sc, 0);
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

/* The name of plan, for gk_board (which takes names, as `status` does). */
static char *plan_name(gk_store *s, int64_t plan, gk_error *err)
{
    gk_plan_info *p;
    size_t n;
    if (gk_browse_plans(s, &p, &n, err) != 0) return NULL;
    char *name = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i].id == plan) name = strdup(p[i].name);
    gk_plan_info_free(p, n);
    if (!name) gk_error_set(err, "%s", _("the plan is no longer in the database"));
    return name;
}

/* The line of related departments' contributions of the year (counted
 * apart: the board counts each node for its lead), "" when there is none. */
static void contrib_line(board *b, const char *plan)
{
    char *counts = NULL;
    gk_error err = {{0}};
    b->contrib[0] = '\0';
    if (gk_contribution_counts(b->s, plan, b->year, NULL, &counts, &err) != 0 || !*counts) {
        free(counts);
        return;
    }
    snprintf(b->contrib, sizeof b->contrib, "%s", _("Contributions of related departments:"));
    for (char *line = counts, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *tab = strchr(line, '\t');
        if (tab) *tab++ = '\0';
        char *name = gk_sanitize(line);
        size_t len = strlen(b->contrib);
        snprintf(b->contrib + len, sizeof b->contrib - len, " %s %s", name ? name : "",
                 tab ? tab : "0");
        free(name);
    }
    free(counts);
}

char *ui_department_board(gk_store *s, int64_t plan, int year, unsigned *states, char *msg,
                          size_t msgsz)
{
    board b = {.s = s, .by_missing = sort_by_missing, .states = *states, .year = year};
    gk_error err = {{0}};
    char *name = plan_name(s, plan, &err);
    if (!name || gk_board(s, name, year, NULL, &b.d, &b.nd, &err) != 0) {
        free(name);
        snprintf(msg, msgsz, "%s", err.msg);
        return NULL;
    }
    contrib_line(&b, name);
    free(name);
    if (b.nd == 0) {
        gk_board_free(b.d, b.nd);
        snprintf(msg, msgsz, "%s", _("this plan has no items or indicators to enter"));
        return NULL;
    }
    b.view.heading = is_heading;
    b.view.names = names;
    b.view.ctx = &b;
    layout(&b);
    layout_popup(&b);
    ui_view_home(&b.view);
    set_title(&b);
    ui_screen sc = {.draw = draw,
                    .key = key,
                    .ctx = &b,
                    .view = &b.view,
                    .keys = board_keys,
                    .nkeys = NBOARDKEYS,
                    .help = _("Keys of the department board"),
                    .store = s,
                    .status = &b.status,
                    .nomatch = _("no department starts with what you typed")};
    ui_run(&sc);
    if (b.chosen) *states = b.states;
    clear_rows(&b);
    gk_board_free(b.d, b.nd);
    return b.chosen;
}
