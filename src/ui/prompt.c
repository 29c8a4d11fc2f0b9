/*
 * prompt.c — the one-line input on the bottom line (the search, a year typed
 * by hand): characters appended and removed whole, drawn after its lead.
 */
#include <stdio.h>
#include <string.h>

#include "gyokaku/text.h"
#include "ui_int.h"

bool ui_prompt_add(ui_prompt *p, unsigned cp)
{
    char u[4];
    size_t n = gk_utf8_encode((uint32_t)cp, u);
    if (p->len + n >= sizeof p->text) return false;
    memcpy(p->text + p->len, u, n);
    p->len += n;
    p->text[p->len] = '\0';
    return true;
}

bool ui_prompt_backspace(ui_prompt *p)
{
    if (p->len == 0) return false;
    while (p->len > 0 && ((unsigned char)p->text[p->len - 1] & 0xC0) == 0x80)
        p->len--;
    if (p->len > 0) p->len--;
    p->text[p->len] = '\0';
    return true;
}

void ui_prompt_clear(ui_prompt *p)
{
    p->len = 0;
    p->text[0] = '\0';
}

int ui_prompt_event(ui_prompt *p, const ui_event *ev)
{
    if (ev->paste) {
        bool changed = false;
        for (size_t i = 0; i < ev->paste_len && ev->paste[i] != '\n';) {
            uint32_t cp;
            i += gk_utf8_decode(ev->paste + i, ev->paste_len - i, &cp);
            changed = ui_prompt_add(p, cp) || changed;
        }
        return changed ? UI_PROMPT_EDITED : UI_PROMPT_IGNORED;
    }
    if (ev->mouse) return UI_PROMPT_IGNORED;
    if (!ev->is_key && ev->key == 27) return UI_PROMPT_CANCEL;
    if ((ev->is_key && ev->key == KEY_ENTER) ||
        (!ev->is_key && (ev->key == '\r' || ev->key == '\n')))
        return UI_PROMPT_DONE;
    if ((ev->is_key && ev->key == KEY_BACKSPACE) ||
        (!ev->is_key && (ev->key == 127 || ev->key == 8)))
        return ui_prompt_backspace(p) ? UI_PROMPT_EDITED : UI_PROMPT_IGNORED;
    if (!ev->is_key && ev->key >= 0x20 && ev->key != 0x7F)
        return ui_prompt_add(p, (unsigned)ev->key) ? UI_PROMPT_EDITED : UI_PROMPT_IGNORED;
    return UI_PROMPT_IGNORED;
}

void ui_prompt_draw(const ui_prompt *p, const char *lead)
{
    char line[sizeof p->text + 64];
    snprintf(line, sizeof line, "%s%s", lead, p->text);
    ui_put(LINES - 1, 0, COLS, line, ST_NORMAL);
}
