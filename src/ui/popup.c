/*
 * popup.c — the popup frame: where a popup goes (centred above the bottom
 * line, a margin from the sides) and its ASCII box with a title and a foot;
 * and the one scrolling popup (ui_scrollpop: the help, the about screen,
 * the workflow's listings), its callers giving the text and their keys.
 */
#include <stdio.h>

#include "gyokaku/text.h"
#include "ui_int.h"

ui_rect ui_popup_rect(int lines, int cols, int inner, int margin)
{
    ui_rect r = {.h = inner + 2, .x = margin, .w = cols - 2 * margin};
    if (r.h > lines - 1) r.h = lines - 1;
    if (r.h < 3) r.h = 3;
    r.y = (lines - 1 - r.h) / 2;
    if (r.y < 0) r.y = 0;
    return r;
}

void ui_box(int y, int x, int h, int w, const char *title)
{
    for (int r = 0; r < h; r++) {
        move(y + r, x);
        for (int c = 0; c < w; c++) {
            bool edge_r = r == 0 || r == h - 1, edge_c = c == 0 || c == w - 1;
            addch(edge_r && edge_c ? '+' : edge_r ? '-' : edge_c ? '|' : ' ');
        }
    }
    if (title) {
        char t[256];
        snprintf(t, sizeof t, " %s ", title);
        int tw = gk_str_width(t);
        if (tw > w - 4) tw = w - 4;
        ui_put(y, x + 2, tw, t, ST_HEAD);
    }
}

void ui_popup_draw(const ui_rect *r, const char *title, const char *foot)
{
    ui_box(r->y, r->x, r->h, r->w, title);
    if (!foot) return;
    int fw = gk_str_width(foot);
    ui_put(r->y + r->h - 1, r->x + 2, fw < r->w - 4 ? fw : r->w - 4, foot, ST_DIM);
}

/* --- the scrolling popup ------------------------------------------------------------- */

static int text_rows(const ui_scrollpop *t)
{
    return t->r.h - 2;
}

static void scrollpop_draw(ui_screen *sc)
{
    ui_scrollpop *t = sc->ctx;
    int width = COLS - 2 * t->margin - 4;
    if (!t->draw_lines) ui_pager_reset(&t->pg, width);
    t->n = t->layout(t, width);
    t->r = ui_popup_rect(LINES, COLS, (int)t->n, t->margin);
    int rows = text_rows(t);
    t->top = ui_scroll(t->top, 0, t->n, rows);
    ui_popup_draw(&t->r, t->title, t->n > (size_t)rows ? t->foot_scroll : t->foot);
    if (t->draw_lines) {
        t->draw_lines(t, t->r.y + 1, t->r.x + 2, t->r.w - 4, rows);
    } else {
        t->pg.top = t->top;
        ui_pager_draw(&t->pg, t->r.y + 1, t->r.x + 2, rows, NULL);
    }
}

/* How far ev scrolls t: 0 when it is no scrolling (or nothing scrolls). */
static long scroll_by(const ui_scrollpop *t, const ui_event *ev)
{
    long rows = text_rows(t);
    if (t->n <= (size_t)rows) return 0;
    if (ev->mouse == UI_MOUSE_WHEEL_UP || ev->mouse == UI_MOUSE_WHEEL_DOWN)
        return ev->mouse == UI_MOUSE_WHEEL_UP ? -3 : 3;
    if (!ev->is_key || ev->mouse) return 0;
    return ev->key == KEY_UP      ? -1
           : ev->key == KEY_DOWN  ? 1
           : ev->key == KEY_PPAGE ? -rows
           : ev->key == KEY_NPAGE ? rows
                                  : 0;
}

static ui_handled scrollpop_key(ui_screen *sc, const ui_event *ev)
{
    ui_scrollpop *t = sc->ctx;
    long d = scroll_by(t, ev);
    if (d)
        t->top = ui_scroll(t->top, d, t->n, text_rows(t));
    else if (!t->key || t->key(t, sc, ev) == UI_IGNORED)
        ui_close(sc, 0);
    return UI_HANDLED;
}

long ui_scrollpop_run(ui_scrollpop *t)
{
    ui_screen sc = {.draw = scrollpop_draw, .key = scrollpop_key, .ctx = t};
    long rc = ui_run(&sc);
    ui_pager_free(&t->pg);
    return rc;
}
