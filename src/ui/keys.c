/*
 * keys.c — key tables: lookup, the function-key bar and the help popup,
 * both generated from the same table as the key handling; and the one
 * place a screen's event goes (ui_dispatch): the screen's own handler
 * first, then what it ignored to the shared behaviour (the view's movement,
 * mouse and type-to-jump, the help, closing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

int ui_key_action(const ui_key *table, size_t n, int key, bool is_key)
{
    /* Tables hold ASCII characters and curses key codes; a non-ASCII
     * character (a kanji typed by mistake) must not pass for a key code. */
    if (is_key ? key < KEY_MIN : key >= 0x80) return 0;
    for (size_t i = 0; i < n; i++) {
        if (table[i].fkey && key == KEY_F(table[i].fkey)) return table[i].action;
        for (int k = 0; k < 3 && table[i].keys[k]; k++)
            if (table[i].keys[k] == key) return table[i].action;
    }
    return 0;
}

/* --- the fall-through ---------------------------------------------------------------- */

/* A character that type-to-jump takes (not a control character, not a
 * space: Space stays free for the screens). */
static bool typable(const ui_event *ev)
{
    return !ev->is_key && !ev->mouse && !ev->paste && ev->key > 0x20 && ev->key != 0x7F;
}

static void type(ui_screen *sc, const ui_event *ev)
{
    if (!ui_view_type(sc->view, (unsigned)ev->key, (long)time(NULL)) && sc->status && sc->nomatch)
        ui_status_set(sc->status, true, sc->nomatch);
}

/* What every screen does with an event its handler ignored. */
static void fall_through(ui_screen *sc, const ui_event *ev)
{
    ui_view *v = sc->view;
    if (ev->paste) return;
    if (ev->mouse) {
        if (v) ui_view_mouse(v, ev);
        return;
    }
    int act = sc->keys ? ui_key_action(sc->keys, sc->nkeys, ev->key, ev->is_key) : 0;
    switch (act) {
    case UI_ACT_HELP:
        if (sc->help) ui_help(sc->store, sc->help, sc->keys, sc->nkeys);
        return;
    case UI_ACT_CLOSE:
        ui_close(sc, -1);
        return;
    default:
        break;
    }
    if (!v) return;
    switch (act) {
    case UI_ACT_UP:
    case UI_ACT_DOWN:
        ui_view_move(v, act == UI_ACT_UP ? -1 : 1);
        break;
    case UI_ACT_PGUP:
    case UI_ACT_PGDN:
        ui_view_page(v, act == UI_ACT_PGUP ? -1 : 1);
        break;
    case UI_ACT_HOME:
        ui_view_home(v);
        break;
    case UI_ACT_END:
        ui_view_end(v);
        break;
    default:
        if (typable(ev)) type(sc, ev);
        break;
    }
}

void ui_dispatch(ui_screen *sc, const ui_event *ev)
{
    if (sc->status) ui_status_clear(sc->status);
    if (sc->view && typable(ev) && ui_view_typing(sc->view, (long)time(NULL))) {
        type(sc, ev); /* within a second of the last letter every letter is typed */
        return;
    }
    if (sc->view && !typable(ev)) ui_view_untype(sc->view);
    if (!sc->key || sc->key(sc, ev) == UI_IGNORED) fall_through(sc, ev);
}

/* The bar's entries of table into bar: "F1 Help(?) …"; the last `compact`
 * function keys that have plain keys leave them out ("F10 Quit"). */
static void fnbar_text(const ui_key *table, size_t n, size_t compact, char *bar, size_t size)
{
    size_t plain = 0; /* function keys with plain keys */
    for (size_t i = 0; i < n; i++)
        if (table[i].label && table[i].fkey && *table[i].names) plain++;
    bar[0] = '\0';
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!table[i].label) continue;
        char item[128];
        if (table[i].fkey && *table[i].names && k++ < plain - (compact < plain ? compact : plain))
            snprintf(item, sizeof item, "F%d %s(%s) ", table[i].fkey, _(table[i].label),
                     table[i].names);
        else if (table[i].fkey)
            snprintf(item, sizeof item, "F%d %s ", table[i].fkey, _(table[i].label));
        else
            snprintf(item, sizeof item, "%s %s ", table[i].names, _(table[i].label));
        strncat(bar, item, size - strlen(bar) - 1);
    }
}

void ui_fnbar(const ui_key *table, size_t n, const char *message)
{
    char bar[1024] = "";
    if (message) {
        snprintf(bar, sizeof bar, " %s", message);
        ui_put(LINES - 1, 0, COLS, bar, ST_WARN);
        return;
    }
    /* a bar wider than the terminal leaves out the plain keys of function
     * keys, from the last one back (F1 lists them), until it fits with the
     * last column blank (a wide character beside the bottom-right corner
     * confuses terminals when curses writes that corner) */
    for (size_t compact = 0; compact <= n; compact++) {
        fnbar_text(table, n, compact, bar, sizeof bar);
        if (gk_str_width(bar) < COLS) break;
    }
    ui_put(LINES - 1, 0, COLS, bar, ST_BAR);
}

/* --- the help popup ---------------------------------------------------------------- */

/* One display line of the help: the keys (on an entry's first line only)
 * and a piece of the entry's wrapped description. */
typedef struct help_line {
    char keys[64];
    const char *text; /* the translated description */
    gk_span span;     /* the part of it on this line */
} help_line;

/* "F10 q", "F2  ^S", "    ?": function keys in a column of their own so
 * that the plain keys line up after them. */
static void key_names(const ui_key *k, char *buf, size_t n)
{
    if (k->fkey)
        snprintf(buf, n, "F%-3d%s", k->fkey, k->names);
    else
        snprintf(buf, n, "    %s", k->names);
}

/* Lays the table out for a popup of inner width `inner`: descriptions
 * wrapped beside a keys column as wide as the widest keys. */
static help_line *help_layout(const ui_key *table, size_t n, int inner, size_t *nlines)
{
    int keyw = 0;
    for (size_t i = 0; i < n; i++) {
        char k[64];
        key_names(&table[i], k, sizeof k);
        int w = gk_str_width(k);
        if (w > keyw) keyw = w;
    }
    int textw = inner - keyw - 2;
    if (textw < 10) textw = 10;
    help_line *lines = NULL;
    size_t cap = 0;
    *nlines = 0;
    for (size_t i = 0; i < n; i++) {
        const char *text = _(table[i].help);
        size_t ns;
        gk_span *spans = gk_wrap(text, textw, &ns);
        if (!spans) break;
        for (size_t j = 0; j < ns; j++) {
            if (*nlines == cap) {
                cap = cap ? cap * 2 : 32;
                help_line *grown = realloc(lines, cap * sizeof *lines);
                if (!grown) break;
                lines = grown;
            }
            help_line *l = &lines[(*nlines)++];
            l->keys[0] = '\0';
            if (j == 0) key_names(&table[i], l->keys, sizeof l->keys);
            l->text = text;
            l->span = spans[j];
        }
        free(spans);
    }
    return lines;
}

/* The help popup's own keys, shown in its foot. */
enum { H_ABOUT = 1 };
static const ui_key help_keys[] = {
    {H_ABOUT, 0, {'a'}, "a", NULL, N_("about gyokaku: version, database, terminal")},
};

typedef struct help {
    gk_store *s;
    const char *title;
    const ui_key *table;
    size_t n;
    help_line *lines;
    size_t nl, top;
    int keyw;
    ui_rect r;
} help;

static void help_fit(help *hp)
{
    free(hp->lines);
    hp->lines = help_layout(hp->table, hp->n, COLS - 8, &hp->nl);
    hp->r = ui_popup_rect(LINES, COLS, (int)hp->nl, 2);
    hp->keyw = 0;
    for (size_t i = 0; i < hp->nl; i++)
        if (gk_str_width(hp->lines[i].keys) > hp->keyw) hp->keyw = gk_str_width(hp->lines[i].keys);
}

static size_t help_page(const help *hp)
{
    return (size_t)(hp->r.h - 2);
}

static size_t help_last(const help *hp)
{
    return hp->nl > help_page(hp) ? hp->nl - help_page(hp) : 0;
}

static void help_draw(ui_screen *sc)
{
    help *hp = sc->ctx;
    const ui_rect *r = &hp->r;
    if (hp->top > help_last(hp)) hp->top = help_last(hp);
    ui_popup_draw(r, hp->title,
                  help_last(hp)
                      ? _(" ↑↓ PgUp PgDn scroll; a: about; any other key closes this help ")
                      : _(" a: about; any other key closes this help "));
    for (int row = 0; row < r->h - 2 && hp->top + (size_t)row < hp->nl; row++) {
        const help_line *l = &hp->lines[hp->top + (size_t)row];
        char *piece = strndup(l->text + l->span.start, l->span.len);
        ui_put(r->y + 1 + row, r->x + 2, hp->keyw, l->keys, ST_HEAD);
        ui_put(r->y + 1 + row, r->x + 4 + hp->keyw, r->w - 6 - hp->keyw, piece ? piece : "",
               ST_NORMAL);
        free(piece);
    }
}

static void help_resize(ui_screen *sc)
{
    help_fit(sc->ctx);
}

static ui_handled help_key(ui_screen *sc, const ui_event *ev)
{
    help *hp = sc->ctx;
    size_t page = help_page(hp), last = help_last(hp);
    if (ui_key_action(help_keys, sizeof help_keys / sizeof *help_keys, ev->key, ev->is_key) ==
            H_ABOUT &&
        !ev->mouse && !ev->paste) {
        ui_about(hp->s);
        return UI_HANDLED;
    }
    if (!ev->is_key || last == 0) {
        ui_close(sc, 0);
        return UI_HANDLED;
    }
    long delta = ev->key == KEY_UP      ? -1
                 : ev->key == KEY_DOWN  ? 1
                 : ev->key == KEY_PPAGE ? -(long)page
                 : ev->key == KEY_NPAGE ? (long)page
                                        : 0;
    if (delta)
        hp->top = ui_scroll(hp->top, delta, hp->nl, (int)page);
    else
        ui_close(sc, 0);
    return UI_HANDLED;
}

void ui_help(gk_store *s, const char *title, const ui_key *table, size_t n)
{
    help hp = {.s = s, .title = title, .table = table, .n = n};
    help_fit(&hp);
    if (!hp.lines) return;
    ui_screen sc = {.draw = help_draw, .key = help_key, .resize = help_resize, .ctx = &hp};
    ui_run(&sc);
    free(hp.lines);
}
