/*
 * status.c — the status line: one message slot drawn on the bottom line in
 * place of the function keys (normal or warning), until the next key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"

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
    /* a message wider than the line (a refusal and its reason) is never
     * cut: it takes as many lines above the bottom one as it needs (up to
     * half the screen), over the body until the next key */
    size_t nl = 0;
    gk_span *sp = gk_str_width(s->text) >= COLS ? gk_wrap(s->text, COLS - 1, &nl) : NULL;
    if (!sp || nl < 2) {
        free(sp);
        ui_put(LINES - 1, 0, COLS, s->text, s->warn ? ST_WARN : ST_MARK);
        return;
    }
    size_t max = (size_t)(LINES / 2 > 1 ? LINES / 2 : 1);
    size_t first = nl > max ? nl - max : 0; /* the end (the reason) matters most */
    int y = LINES - (int)(nl - first);
    for (size_t i = first; i < nl; i++, y++) {
        char *line = strndup(s->text + sp[i].start, sp[i].len);
        ui_put(y, 0, COLS, line ? line : "", s->warn ? ST_WARN : ST_MARK);
        free(line);
    }
    free(sp);
    ui_damage_after();
}
