/*
 * keys.c — key tables: lookup, the function-key bar and the help popup,
 * both generated from the same table as the key handling.
 */
#include <stdio.h>
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

void ui_help(const char *title, const ui_key *table, size_t n)
{
    int h = (int)n + 2, w = COLS - 8;
    if (h > LINES - 1) h = LINES - 1;
    int y = (LINES - 1 - h) / 2, x = 4;
    ui_box(y, x, h, w, title);
    for (size_t i = 0; i < n && (int)i < h - 2; i++) {
        char keys[64] = "";
        if (table[i].fkey)
            snprintf(keys, sizeof keys, "F%d  %s", table[i].fkey, table[i].names);
        else
            snprintf(keys, sizeof keys, "%s", table[i].names);
        ui_put(y + 1 + (int)i, x + 2, 18, keys, ST_HEAD);
        ui_put(y + 1 + (int)i, x + 20, w - 22, _(table[i].help), ST_NORMAL);
    }
    const char *close = _(" any key closes this help ");
    ui_put(y + h - 1, x + 2, gk_str_width(close), close, ST_DIM);
    refresh();
    bool is_key;
    ui_getkey(&is_key);
}
