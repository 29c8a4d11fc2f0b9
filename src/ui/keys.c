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
    const ui_key *table;
    size_t n;
    help_line *lines;
    int keyw;
} help;

/* Laid out again at every frame, for the terminal's width. */
static size_t help_fit(ui_scrollpop *t, int width)
{
    help *hp = t->ctx;
    size_t nl = 0;
    free(hp->lines);
    hp->lines = help_layout(hp->table, hp->n, width, &nl);
    hp->keyw = 0;
    for (size_t i = 0; i < nl; i++)
        if (gk_str_width(hp->lines[i].keys) > hp->keyw) hp->keyw = gk_str_width(hp->lines[i].keys);
    return hp->lines ? nl : 0;
}

/* The keys in a column of their own, in ST_HEAD. */
static void help_lines(ui_scrollpop *t, int y, int x, int w, int rows)
{
    const help *hp = t->ctx;
    for (int row = 0; row < rows && t->top + (size_t)row < t->n; row++) {
        const help_line *l = &hp->lines[t->top + (size_t)row];
        char *piece = strndup(l->text + l->span.start, l->span.len);
        ui_put(y + row, x, hp->keyw, l->keys, ST_HEAD);
        ui_put(y + row, x + 2 + hp->keyw, w - 2 - hp->keyw, piece ? piece : "", ST_NORMAL);
        free(piece);
    }
}

/* a: the about screen; any other key closes the help. */
static ui_handled help_key(ui_scrollpop *t, ui_screen *sc, const ui_event *ev)
{
    help *hp = t->ctx;
    if (ev->mouse || ev->paste ||
        ui_key_action(help_keys, sizeof help_keys / sizeof *help_keys, ev->key, ev->is_key) !=
            H_ABOUT)
        return UI_IGNORED;
    ui_about(hp->s);
    return UI_HANDLED;
}

void ui_help(gk_store *s, const char *title, const ui_key *table, size_t n)
{
    help hp = {.s = s, .table = table, .n = n};
    ui_scrollpop t = {.title = title,
                      .foot = _(" a: about; any other key closes this help "),
                      .foot_scroll =
                          _(" ↑↓ PgUp PgDn scroll; a: about; any other key closes this help "),
                      .margin = 2,
                      .layout = help_fit,
                      .draw_lines = help_lines,
                      .key = help_key,
                      .ctx = &hp};
    ui_scrollpop_run(&t);
    free(hp.lines);
}
