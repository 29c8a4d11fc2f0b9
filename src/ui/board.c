/*
 * board.c — the department board: for the year, each 所管課 of the plan
 * with its items, indicators, entered and missing, grouped under the 部 its
 * name carries (`(総)総務課`); moving as in the tree (↑↓ j k, PgUp PgDn,
 * Home End g G), typing the start of a name jumps to it, Enter chooses the
 * department for the tree's filter, F1 lists the keys (from board_keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/browse.h"
#include "gyokaku/dept.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

enum board_action { B_NONE, B_HELP, B_UP, B_DOWN, B_PGUP, B_PGDN, B_HOME, B_END, B_CHOOSE, B_CLOSE };

static const ui_key board_keys[] = {
    {B_HELP, 1, {'?'}, "?", N_("Help"), N_("show every key of the board")},
    {B_CHOOSE,
     0,
     {'\r', '\n'},
     "Enter",
     N_("Filter"),
     N_("filter the tree to the department (Esc on the main screen clears it)")},
    {B_CLOSE, 0, {27, 'q'}, "Esc q", N_("Close"), N_("close the board")},
    {B_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous department")},
    {B_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next department")},
    {B_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {B_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {B_HOME, 0, {KEY_HOME, 'g'}, "Home g", NULL, N_("first department")},
    {B_END, 0, {KEY_END, 'G'}, "End G", NULL, N_("last department")},
    {B_NONE,
     0,
     {0},
     "総務…",
     NULL,
     N_("type the start of a department's name (with or without its 部) to jump to it; "
        "within a second of the last letter, j k g G q are typed too")},
};
#define NBOARDKEYS (sizeof board_keys / sizeof *board_keys)

typedef struct brow {
    long dept; /* index into the rows of the store, -1 for a 部 heading */
    char *text;
} brow;

typedef struct board {
    gk_store *s;
    gk_dept_row *d;
    size_t nd;
    brow *rows;
    size_t nrows;
    ui_list list;
    ui_rect r;
    ui_status status;
    char typed[128]; /* type-ahead so far */
    time_t typed_at;
    const char *title, *header;
    char *chosen;
} board;

/* Departments with a 部 first, grouped by it in order of the 部, then those
 * without; within a group by name (as the store sorts them). */
typedef struct order {
    size_t i;
    const char *bu;
    size_t bulen;
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

static void push(board *b, long dept, const char *text)
{
    brow *r = realloc(b->rows, (b->nrows + 1) * sizeof *r);
    if (!r) return;
    b->rows = r;
    r[b->nrows++] = (brow){dept, strdup(text)};
}

static void layout(board *b)
{
    order *o = calloc(b->nd ? b->nd : 1, sizeof *o);
    if (!o) return;
    bool any_bu = false;
    for (size_t i = 0; i < b->nd; i++) {
        const char *rest;
        o[i].i = i;
        o[i].bulen = gk_dept_bu(b->d[i].name, &o[i].bu, &rest);
        any_bu = any_bu || o[i].bulen;
    }
    qsort(o, b->nd, sizeof *o, cmp_order);
    int nw = COLS - 10 - 4 - 4 * 8;
    for (size_t k = 0; k < b->nd; k++) {
        if (o[k].bulen &&
            (k == 0 || o[k - 1].bulen != o[k].bulen || memcmp(o[k - 1].bu, o[k].bu, o[k].bulen))) {
            char head[128];
            snprintf(head, sizeof head, "(%.*s)", (int)o[k].bulen, o[k].bu);
            push(b, -1, head);
        } else if (any_bu && !o[k].bulen && (k == 0 || o[k - 1].bulen)) {
            push(b, -1, _("(no 部 in the name)"));
        }
        const gk_dept_row *d = &b->d[o[k].i];
        char name[512], line[1024];
        snprintf(name, sizeof name, "%s%s", any_bu ? "  " : "", d->name);
        char *fitted = gk_fit(name, nw);
        snprintf(line, sizeof line, "%s%8ld%8ld%8ld%8ld", fitted ? fitted : "", d->items,
                 d->indicators, d->entered, d->missing);
        free(fitted);
        push(b, (long)o[k].i, line);
    }
    free(o);
}

/* --- moving -------------------------------------------------------------------------- */

/* Moves to row r, or the nearest department row in direction dir (a 部
 * heading is never selected). */
static void move_to(board *b, long r, int dir)
{
    if (b->nrows == 0) return;
    if (r < 0) r = 0;
    if (r >= (long)b->nrows) r = (long)b->nrows - 1;
    long k = r;
    while (k >= 0 && k < (long)b->nrows && b->rows[k].dept < 0)
        k += dir;
    if (k < 0 || k >= (long)b->nrows) /* only headings that way: the other way */
        for (k = r; k >= 0 && k < (long)b->nrows && b->rows[k].dept < 0; k -= dir)
            ;
    if (k >= 0 && k < (long)b->nrows) ui_list_go(&b->list, k);
    /* keep the heading of the first group in view */
    if (b->list.top == 1 && b->rows[0].dept < 0) b->list.top = 0;
}

static bool starts_with(const char *hay, const char *needle)
{
    return strncmp(hay, needle, strlen(needle)) == 0;
}

/* The first department from the selection on whose name (without its 部,
 * or whole) starts with what was typed, else one that contains it. */
static bool jump_typed(board *b)
{
    char *want = gk_fold(b->typed);
    if (!want) return false;
    long hit = -1;
    for (int pass = 0; pass < 2 && hit < 0; pass++)
        for (size_t k = 0; k < b->nrows && hit < 0; k++) {
            size_t r = (b->list.sel + k) % b->nrows;
            if (b->rows[r].dept < 0) continue;
            const char *name = b->d[b->rows[r].dept].name, *bu, *rest;
            gk_dept_bu(name, &bu, &rest);
            char *fr = gk_fold(rest), *fn = gk_fold(name);
            if (fr && fn &&
                (pass == 0 ? starts_with(fr, want) || starts_with(fn, want)
                           : strstr(fn, want) != NULL))
                hit = (long)r;
            free(fr);
            free(fn);
        }
    free(want);
    if (hit >= 0) move_to(b, hit, 1);
    return hit >= 0;
}

static bool typing(const board *b)
{
    return b->typed[0] && time(NULL) - b->typed_at <= 1;
}

static void type_ahead(board *b, int ch)
{
    time_t now = time(NULL);
    if (!typing(b)) b->typed[0] = '\0';
    b->typed_at = now;
    char u[4];
    size_t n = gk_utf8_encode((uint32_t)ch, u), len = strlen(b->typed);
    if (len + n >= sizeof b->typed) return;
    memcpy(b->typed + len, u, n);
    b->typed[len + n] = '\0';
    if (!jump_typed(b)) ui_status_set(&b->status, true, _("no department starts with what you typed"));
}

/* --- the screen ---------------------------------------------------------------------- */

static int first_row(const board *b)
{
    return b->r.y + 3;
}

static void layout_popup(board *b)
{
    b->r = ui_popup_rect(LINES, COLS, (int)b->nrows + 3, 5);
    ui_list_fit(&b->list, b->nrows, b->r.h - 5);
}

static void draw(ui_screen *sc)
{
    board *b = sc->ctx;
    layout_popup(b);
    char foot[256];
    snprintf(foot, sizeof foot, " %s%s%s ", _("Enter: filter  Esc: back  F1: keys"),
             typing(b) ? "  " : "", typing(b) ? b->typed : "");
    ui_popup_draw(&b->r, b->title, foot);
    ui_put(b->r.y + 2, b->r.x + 2, b->r.w - 4, b->header, ST_HEAD);
    ui_list_follow(&b->list);
    for (int r = 0; r < b->list.rows; r++) {
        size_t i = b->list.top + (size_t)r;
        enum ui_style st = i >= b->nrows           ? ST_NORMAL
                           : b->rows[i].dept < 0   ? ST_HEAD
                           : i == b->list.sel      ? ST_SELECT
                                                   : ST_NORMAL;
        ui_put(first_row(b) + r, b->r.x + 2, b->r.w - 4, i < b->nrows ? b->rows[i].text : "", st);
    }
    ui_status_draw(&b->status, board_keys, NBOARDKEYS);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    board *b = sc->ctx;
    ui_status_clear(&b->status);
    if (ev->paste) return;
    if (ev->mouse) {
        long before = (long)b->list.sel;
        if (ui_list_event(&b->list, ev, first_row(b)))
            move_to(b, (long)b->list.sel, (long)b->list.sel >= before ? 1 : -1);
        return;
    }
    int action = typing(b) && !ev->is_key && ev->key > 0x20
                     ? B_NONE
                     : ui_key_action(board_keys, NBOARDKEYS, ev->key, ev->is_key);
    long page = b->list.rows > 1 ? b->list.rows : 1;
    switch (action) {
    case B_HELP:
        ui_help(b->s, _("Keys of the department board"), board_keys, NBOARDKEYS);
        break;
    case B_UP:
        move_to(b, (long)b->list.sel - 1, -1);
        break;
    case B_DOWN:
        move_to(b, (long)b->list.sel + 1, 1);
        break;
    case B_PGUP:
        move_to(b, (long)b->list.sel - page, -1);
        break;
    case B_PGDN:
        move_to(b, (long)b->list.sel + page, 1);
        break;
    case B_HOME:
        move_to(b, 0, 1);
        break;
    case B_END:
        move_to(b, (long)b->nrows - 1, -1);
        break;
    case B_CHOOSE:
        if (b->nrows && b->rows[b->list.sel].dept >= 0)
            b->chosen = strdup(b->d[b->rows[b->list.sel].dept].name);
        ui_close(sc, 0);
        break;
    case B_CLOSE:
        ui_close(sc, -1);
        break;
    default:
        if (!ev->is_key && ev->key > 0x20 && ev->key != 0x7F) type_ahead(b, ev->key);
        break;
    }
}

char *ui_department_board(gk_store *s, int64_t plan, int year, char *msg, size_t msgsz)
{
    board b = {.s = s};
    gk_error err;
    if (gk_browse_departments(s, plan, year, &b.d, &b.nd, &err) != 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        return NULL;
    }
    if (b.nd == 0) {
        gk_dept_rows_free(b.d, b.nd);
        snprintf(msg, msgsz, "%s", _("no department is named in this plan"));
        return NULL;
    }
    layout(&b);
    layout_popup(&b);
    move_to(&b, 0, 1);
    char head[512], title[128], yb[64];
    int nw = COLS - 10 - 4 - 4 * 8;
    char *hn = gk_fit("所管課", nw), *h1 = gk_fit_right(_("items"), 8),
         *h2 = gk_fit_right(_("indic."), 8), *h3 = gk_fit_right(_("entered"), 8),
         *h4 = gk_fit_right(_("missing"), 8);
    snprintf(head, sizeof head, "%s%s%s%s%s", hn, h1, h2, h3, h4);
    free(hn), free(h1), free(h2), free(h3), free(h4);
    snprintf(title, sizeof title, "%s %s", _("Departments"), gk_fy_long(year, yb, sizeof yb));
    b.title = title;
    b.header = head;
    ui_screen sc = {.draw = draw, .key = key, .ctx = &b};
    ui_run(&sc);
    for (size_t i = 0; i < b.nrows; i++)
        free(b.rows[i].text);
    free(b.rows);
    gk_dept_rows_free(b.d, b.nd);
    return b.chosen;
}
