/*
 * choose.c — the modal list popup (years, departments, history, the Esc
 * question of the form …): a list widget in a popup frame. Enter chooses,
 * Esc or q goes back; typing other characters jumps to the next row that
 * contains them ("2024", "職員").
 */
#include <stdio.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

typedef struct chooser {
    const char *title, *header;
    const char *const *rows;
    ui_list list;
    ui_prompt typed; /* type-to-jump: what was typed since the last other key */
    ui_rect r;
} chooser;

static void layout(chooser *c)
{
    int hdr = c->header ? 1 : 0;
    c->r = ui_popup_rect(LINES, COLS, (int)c->list.n + 2 + hdr, 5);
    ui_list_fit(&c->list, c->list.n, c->r.h - 4 - hdr);
}

static int first_row(const chooser *c)
{
    return c->r.y + 2 + (c->header ? 1 : 0);
}

static void draw(ui_screen *sc)
{
    chooser *c = sc->ctx;
    layout(c);
    ui_popup_draw(&c->r, c->title, _(" Enter: choose  Esc: back "));
    if (c->header) ui_put(c->r.y + 2, c->r.x + 2, c->r.w - 4, c->header, ST_HEAD);
    ui_list_draw(&c->list, c->rows, first_row(c), c->r.x + 2, c->r.w - 4);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    chooser *c = sc->ctx;
    if (!ev->is_key && !ev->mouse && !ev->paste && (ev->key == 27 || ev->key == 'q')) {
        ui_close(sc, -1);
        return;
    }
    if ((ev->is_key && ev->key == KEY_ENTER) ||
        (!ev->is_key && !ev->paste && (ev->key == '\n' || ev->key == '\r'))) {
        if (c->list.n) ui_close(sc, (long)c->list.sel);
        return;
    }
    if (ui_list_event(&c->list, ev, first_row(c))) {
        ui_prompt_clear(&c->typed);
        return;
    }
    if (ev->is_key || ev->mouse || ev->paste || ev->key < 0x20 || ev->key == 0x7F) return;
    if (!ui_prompt_add(&c->typed, (unsigned)ev->key)) ui_prompt_clear(&c->typed);
    long at = ui_list_find(&c->list, c->rows, c->typed.text);
    if (at < 0) { /* start again from this character */
        ui_prompt_clear(&c->typed);
        ui_prompt_add(&c->typed, (unsigned)ev->key);
        at = ui_list_find(&c->list, c->rows, c->typed.text);
    }
    if (at >= 0) ui_list_go(&c->list, at);
}

long ui_choose(const char *title, const char *const *rows, size_t n, size_t current,
               const char *header)
{
    chooser c = {.title = title, .header = header, .rows = rows};
    c.list.n = n;
    c.list.sel = current < n ? current : 0;
    ui_screen sc = {.draw = draw, .key = key, .ctx = &c};
    return ui_run(&sc);
}
