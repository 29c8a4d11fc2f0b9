/*
 * list.c — the scrolling list widget: a selection kept in view, paging,
 * Home/End, the mouse (a click selects, the wheel moves three rows) and
 * type-to-jump. The arithmetic is here, without curses; ui_list_draw (the
 * drawing end) and ui_list_event (the keys every list shares) follow it.
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

long ui_list_find(const ui_list *l, const char *const *labels, const char *typed)
{
    if (l->n == 0 || !typed || !*typed) return -1;
    char *needle = gk_fold(typed);
    if (!needle) return -1;
    long found = -1;
    for (size_t k = 0; k < l->n && found < 0; k++) {
        size_t i = (l->sel + k) % l->n;
        char *hay = gk_fold(labels[i] ? labels[i] : "");
        if (hay && strstr(hay, needle)) found = (long)i;
        free(hay);
    }
    free(needle);
    return found;
}

/* --- the curses end ------------------------------------------------------------------ */

void ui_list_draw(ui_list *l, const char *const *labels, int y, int x, int w)
{
    ui_list_follow(l);
    for (int r = 0; r < l->rows; r++) {
        size_t i = l->top + (size_t)r;
        ui_put(y + r, x, w, i < l->n ? labels[i] : "",
               i == l->sel && i < l->n ? ST_SELECT : ST_NORMAL);
    }
}

bool ui_list_event(ui_list *l, const ui_event *ev, int y)
{
    if (ev->mouse == UI_MOUSE_WHEEL_UP || ev->mouse == UI_MOUSE_WHEEL_DOWN) {
        ui_list_wheel(l, ev->mouse == UI_MOUSE_WHEEL_UP ? -1 : 1);
        return true;
    }
    if (ev->mouse == UI_MOUSE_CLICK) return ui_list_click(l, ev->my - y);
    if (!ev->is_key) {
        if (ev->key == 'k' || ev->key == 'j') ui_list_move(l, ev->key == 'k' ? -1 : 1);
        return ev->key == 'k' || ev->key == 'j';
    }
    switch (ev->key) {
    case KEY_UP:
    case KEY_DOWN:
        ui_list_move(l, ev->key == KEY_UP ? -1 : 1);
        return true;
    case KEY_PPAGE:
    case KEY_NPAGE:
        ui_list_page(l, ev->key == KEY_PPAGE ? -1 : 1);
        return true;
    case KEY_HOME:
        ui_list_go(l, 0);
        return true;
    case KEY_END:
        ui_list_go(l, (long)l->n - 1);
        return true;
    default:
        return false;
    }
}
