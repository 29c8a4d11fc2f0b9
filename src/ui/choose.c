/*
 * choose.c — the modal list popup (years, departments, history, the Esc
 * question of the form …): a list view in a popup frame. Enter chooses;
 * the rest is the screen kit's shared behaviour (keys.c ui_dispatch): Esc
 * or q goes back, the movement keys and the mouse move, typing jumps to the
 * next row that starts with (else contains) what was typed ("2024", "職員").
 */
#include <stdio.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

enum { C_CHOOSE = 1 };

/* No help lists these (the frame's foot names Enter and Esc). */
static const ui_key choose_keys[] = {
    {C_CHOOSE, 0, {'\r', '\n', KEY_ENTER}, "Enter", NULL, NULL},
    {UI_ACT_CLOSE, 0, {27, 'q'}, "Esc q", NULL, NULL},
    {UI_ACT_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous row")},
    {UI_ACT_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next row")},
    {UI_ACT_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {UI_ACT_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {UI_ACT_HOME, 0, {KEY_HOME}, "Home", NULL, N_("first row")},
    {UI_ACT_END, 0, {KEY_END}, "End", NULL, N_("last row")},
};
#define NCHOOSEKEYS (sizeof choose_keys / sizeof *choose_keys)

typedef struct chooser {
    const char *title, *header;
    const char *const *rows;
    ui_view view;
    ui_rect r;
} chooser;

static void names(const ui_view *v, size_t i, const char *out[2])
{
    const chooser *c = v->ctx;
    out[0] = c->rows[i];
}

static const char *row_text(ui_view *v, size_t i, char *buf, size_t n)
{
    const chooser *c = v->ctx;
    return c->rows[i];
}

static void layout(chooser *c)
{
    int hdr = c->header ? 1 : 0;
    c->r = ui_popup_rect(LINES, COLS, (int)c->view.list.n + 2 + hdr, 5);
    ui_view_fit(&c->view, c->view.list.n, c->r.h - 4 - hdr);
}

static void draw(ui_screen *sc)
{
    chooser *c = sc->ctx;
    layout(c);
    ui_popup_draw(&c->r, c->title, _(" Enter: choose  Esc: back "));
    int hdr = c->header ? 1 : 0;
    if (hdr) ui_put(c->r.y + 2, c->r.x + 2, c->r.w - 4, c->header, ST_HEAD);
    ui_view_draw(&c->view, c->r.y + 2 + hdr, c->r.x + 2, c->r.w - 4, row_text);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    chooser *c = sc->ctx;
    if (ev->mouse || ev->paste ||
        ui_key_action(choose_keys, NCHOOSEKEYS, ev->key, ev->is_key) != C_CHOOSE)
        return UI_IGNORED;
    if (c->view.list.n) ui_close(sc, (long)c->view.list.sel);
    return UI_HANDLED;
}

long ui_choose(const char *title, const char *const *rows, size_t n, size_t current,
               const char *header)
{
    chooser c = {.title = title, .header = header, .rows = rows};
    c.view.names = names;
    c.view.ctx = &c;
    c.view.list.n = n;
    c.view.list.sel = current < n ? current : 0;
    ui_screen sc = {.draw = draw,
                    .key = key,
                    .ctx = &c,
                    .view = &c.view,
                    .keys = choose_keys,
                    .nkeys = NCHOOSEKEYS};
    return ui_run(&sc);
}
