/*
 * list.c — the scrolling list widget: a selection kept in view, paging,
 * Home/End, the mouse (a click selects, the wheel moves three rows) and
 * the list view over it (heading rows that the selection skips, and the one
 * type-to-jump rule). The arithmetic is here, without curses; the view's
 * drawing end (ui_view_draw) and its mouse (ui_view_mouse) follow it. A
 * view's keys come from its screen's key table through the fall-through
 * (keys.c ui_dispatch).
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "ui_int.h"

void ui_list_follow(ui_list *l)
{
    size_t rows = l->rows > 0 ? (size_t)l->rows : 1;
    if (l->sel < l->top) l->top = l->sel;
    if (l->sel >= l->top + rows) l->top = l->sel - rows + 1;
    /* no empty rows below the end while there are rows above the top */
    if (l->n >= rows && l->top + rows > l->n) l->top = l->n - rows;
    if (l->n < rows) l->top = 0;
}

void ui_list_go(ui_list *l, long i)
{
    if (l->n == 0) {
        l->sel = l->top = 0;
        return;
    }
    if (i < 0) i = 0;
    if ((size_t)i >= l->n) i = (long)l->n - 1;
    l->sel = (size_t)i;
    ui_list_follow(l);
}

void ui_list_move(ui_list *l, long delta)
{
    ui_list_go(l, (long)l->sel + delta);
}

void ui_list_page(ui_list *l, int dir)
{
    long page = l->rows > 1 ? l->rows : 1;
    ui_list_move(l, dir < 0 ? -page : page);
}

void ui_list_fit(ui_list *l, size_t n, int rows)
{
    l->n = n;
    l->rows = rows;
    ui_list_go(l, (long)l->sel);
}

bool ui_list_click(ui_list *l, int r)
{
    if (r < 0 || r >= l->rows || l->top + (size_t)r >= l->n) return false;
    ui_list_go(l, (long)(l->top + (size_t)r));
    return true;
}

void ui_list_wheel(ui_list *l, int dir)
{
    ui_list_move(l, dir < 0 ? -3 : 3);
}

/* --- the list view ------------------------------------------------------------------ */

static bool is_heading(const ui_view *v, size_t i)
{
    return v->heading && i < v->list.n && v->heading(v, i);
}

void ui_view_follow(ui_view *v)
{
    ui_list_follow(&v->list);
    /* the heading of the first group stays in view */
    if (v->list.top == 1 && is_heading(v, 0)) v->list.top = 0;
}

void ui_view_go(ui_view *v, long r, int dir)
{
    long n = (long)v->list.n;
    if (n == 0) return;
    dir = dir < 0 ? -1 : 1;
    if (r < 0) r = 0;
    if (r >= n) r = n - 1;
    long k = r;
    while (k >= 0 && k < n && is_heading(v, (size_t)k))
        k += dir;
    if (k < 0 || k >= n) /* only headings that way: the other way */
        for (k = r; k >= 0 && k < n && is_heading(v, (size_t)k); k -= dir)
            ;
    if (k >= 0 && k < n) ui_list_go(&v->list, k);
    ui_view_follow(v);
}

void ui_view_move(ui_view *v, long delta)
{
    ui_view_go(v, (long)v->list.sel + delta, delta < 0 ? -1 : 1);
}

void ui_view_page(ui_view *v, int dir)
{
    long page = v->list.rows > 1 ? v->list.rows : 1;
    ui_view_move(v, dir < 0 ? -page : page);
}

void ui_view_home(ui_view *v)
{
    ui_view_go(v, 0, 1);
}

void ui_view_end(ui_view *v)
{
    ui_view_go(v, (long)v->list.n - 1, -1);
}

void ui_view_fit(ui_view *v, size_t n, int rows)
{
    ui_list_fit(&v->list, n, rows);
    if (is_heading(v, v->list.sel)) ui_view_go(v, (long)v->list.sel, 1);
    ui_view_follow(v);
}

bool ui_view_click(ui_view *v, int r)
{
    long before = (long)v->list.sel;
    if (!ui_list_click(&v->list, r)) return false;
    ui_view_go(v, (long)v->list.sel, (long)v->list.sel >= before ? 1 : -1);
    return true;
}

void ui_view_wheel(ui_view *v, int dir)
{
    ui_view_move(v, dir < 0 ? -3 : 3);
}

static bool starts_with(const char *hay, const char *needle)
{
    return strncmp(hay, needle, strlen(needle)) == 0;
}

/* Whether row i answers to the folded text want: by a name's start (pass
 * 0) or anywhere in its first name (pass 1). */
static bool answers(const ui_view *v, size_t i, const char *want, int pass)
{
    const char *names[2] = {NULL, NULL};
    if (v->names) v->names(v, i, names);
    bool hit = false;
    for (int k = 0; k < (pass == 0 ? 2 : 1) && !hit; k++) {
        char *f = names[k] ? gk_fold(names[k]) : NULL;
        hit = f && (pass == 0 ? starts_with(f, want) : strstr(f, want) != NULL);
        free(f);
    }
    return hit;
}

long ui_view_find(const ui_view *v, const char *typed)
{
    if (v->list.n == 0 || !typed || !*typed) return -1;
    char *want = gk_fold(typed);
    if (!want) return -1;
    long hit = -1;
    for (int pass = 0; pass < 2 && hit < 0; pass++)
        for (size_t k = 0; k < v->list.n && hit < 0; k++) {
            size_t i = (v->list.sel + k) % v->list.n;
            if (!is_heading(v, i) && answers(v, i, want, pass)) hit = (long)i;
        }
    free(want);
    return hit;
}

bool ui_view_typing(const ui_view *v, long now)
{
    return v->typed[0] && now - v->typed_at <= 1;
}

void ui_view_untype(ui_view *v)
{
    v->typed[0] = '\0';
}

/* Appends cp to the typed text (false when it is full). */
static bool add_typed(ui_view *v, unsigned cp)
{
    char u[4];
    size_t n = gk_utf8_encode((uint32_t)cp, u), len = strlen(v->typed);
    if (len + n >= sizeof v->typed) return false;
    memcpy(v->typed + len, u, n);
    v->typed[len + n] = '\0';
    return true;
}

bool ui_view_type(ui_view *v, unsigned cp, long now)
{
    if (!ui_view_typing(v, now)) ui_view_untype(v);
    v->typed_at = now;
    long at = add_typed(v, cp) ? ui_view_find(v, v->typed) : -1;
    if (at < 0) { /* start again from this character */
        ui_view_untype(v);
        add_typed(v, cp);
        at = ui_view_find(v, v->typed);
    }
    if (at >= 0) ui_view_go(v, at, 1);
    return at >= 0;
}

/* --- the curses end ------------------------------------------------------------------ */

void ui_view_draw(ui_view *v, int y, int x, int w, ui_view_text text)
{
    v->y = y;
    ui_view_follow(v);
    for (int r = 0; r < v->list.rows; r++) {
        size_t i = v->list.top + (size_t)r;
        char buf[4096] = "";
        enum ui_style st = i >= v->list.n     ? ST_NORMAL
                           : is_heading(v, i) ? ST_HEAD
                           : i == v->list.sel ? ST_SELECT
                                              : ST_NORMAL;
        ui_put(y + r, x, w, i < v->list.n ? text(v, i, buf, sizeof buf) : "", st);
    }
}

bool ui_view_mouse(ui_view *v, const ui_event *ev)
{
    if (ev->mouse == UI_MOUSE_WHEEL_UP || ev->mouse == UI_MOUSE_WHEEL_DOWN) {
        ui_view_wheel(v, ev->mouse == UI_MOUSE_WHEEL_UP ? -1 : 1);
        return true;
    }
    return ev->mouse == UI_MOUSE_CLICK && ui_view_click(v, ev->my - v->y);
}
