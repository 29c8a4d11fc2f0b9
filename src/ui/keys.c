/*
 * keys.c — key tables: lookup, the function-key bar and the help popup,
 * both generated from the same table as the key handling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void ui_fnbar(const ui_key *table, size_t n, const char *message)
{
    char bar[1024] = "";
    if (message) {
        snprintf(bar, sizeof bar, " %s", message);
        ui_put(LINES - 1, 0, COLS, bar, ST_WARN);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!table[i].label) continue;
        char item[128];
        if (table[i].fkey && *table[i].names)
            snprintf(item, sizeof item, "F%d %s(%s) ", table[i].fkey, _(table[i].label),
                     table[i].names);
        else if (table[i].fkey)
            snprintf(item, sizeof item, "F%d %s ", table[i].fkey, _(table[i].label));
        else
            snprintf(item, sizeof item, "%s %s ", table[i].names, _(table[i].label));
        strncat(bar, item, sizeof bar - strlen(bar) - 1);
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

static void help_draw(const char *title, const help_line *lines, size_t n, size_t top, int y, int x,
                      int h, int w)
{
    int keyw = 0;
    for (size_t i = 0; i < n; i++)
        if (gk_str_width(lines[i].keys) > keyw) keyw = gk_str_width(lines[i].keys);
    ui_box(y, x, h, w, title);
    for (int r = 0; r < h - 2 && top + (size_t)r < n; r++) {
        const help_line *l = &lines[top + (size_t)r];
        char piece[1024];
        size_t len = l->span.len < sizeof piece - 1 ? l->span.len : sizeof piece - 1;
        memcpy(piece, l->text + l->span.start, len);
        piece[len] = '\0';
        ui_put(y + 1 + r, x + 2, keyw, l->keys, ST_HEAD);
        ui_put(y + 1 + r, x + 4 + keyw, w - 6 - keyw, piece, ST_NORMAL);
    }
    bool more = n > (size_t)(h - 2);
    const char *foot = more ? _(" ↑↓ PgUp PgDn scroll; any other key closes this help ")
                            : _(" any key closes this help ");
    int fw = gk_str_width(foot);
    ui_put(y + h - 1, x + 2, fw < w - 4 ? fw : w - 4, foot, ST_DIM);
    refresh();
}

void ui_help(const char *title, const ui_key *table, size_t n)
{
    int w = COLS - 4, x = 2;
    size_t nl;
    help_line *lines = help_layout(table, n, w - 4, &nl);
    if (!lines) return;
    int h = (int)nl + 2;
    if (h > LINES - 1) h = LINES - 1;
    int y = (LINES - 1 - h) / 2;
    size_t top = 0, page = (size_t)(h - 2), last = nl > page ? nl - page : 0;
    for (;;) {
        help_draw(title, lines, nl, top, y, x, h, w);
        bool is_key = false;
        int k = ui_getkey(&is_key);
        if (k < 0 || !is_key || last == 0) break;
        if (k == KEY_UP && top > 0)
            top--;
        else if (k == KEY_DOWN && top < last)
            top++;
        else if (k == KEY_PPAGE)
            top = top > page ? top - page : 0;
        else if (k == KEY_NPAGE)
            top = top + page < last ? top + page : last;
        else if (k != KEY_UP && k != KEY_DOWN)
            break;
    }
    free(lines);
}
