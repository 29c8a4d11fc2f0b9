/*
 * status.c — the status line: one message slot drawn on the bottom line in
 * place of the function keys (normal or warning), until the next key.
 */
#include <stdio.h>

#include "ui_int.h"

void ui_status_set(ui_status *s, bool warn, const char *text)
{
    snprintf(s->text, sizeof s->text, "%s", text ? text : "");
    s->set = true;
    s->warn = warn;
}

void ui_status_clear(ui_status *s)
{
    s->set = false;
    s->text[0] = '\0';
}

void ui_status_draw(const ui_status *s, const ui_key *table, size_t n)
{
    if (!s->set) {
        ui_fnbar(table, n, NULL);
        return;
    }
    ui_put(LINES - 1, 0, COLS, s->text, s->warn ? ST_WARN : ST_MARK);
}
