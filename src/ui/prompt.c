/*
 * prompt.c — the one-line input on the bottom line (the search, a year typed
 * by hand, the 差し戻し comment): characters inserted and removed whole at
 * an insertion point that moves (← → Home End, readline's Ctrl-A Ctrl-E,
 * Ctrl-U and Ctrl-K cut before and after it), drawn after its lead and
 * scrolled sideways so that the insertion point stays in view, where the
 * terminal cursor stands (the input method's window opens there); and the
 * one prompt screen (ui_ask) the search, the year, the 差し戻し comment and
 * ui_ask_line run it in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "ui_int.h"

static bool cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static void cut(ui_prompt *p, size_t from, size_t to)
{
    memmove(p->text + from, p->text + to, p->len - to + 1);
    p->len -= to - from;
    if (p->cur > to)
        p->cur -= to - from;
    else if (p->cur > from)
        p->cur = from;
}

bool ui_prompt_add(ui_prompt *p, unsigned cp)
{
    char u[4];
    size_t n = gk_utf8_encode((uint32_t)cp, u);
    if (p->len + n >= sizeof p->text) return false;
    if (p->cur > p->len) p->cur = p->len;
    memmove(p->text + p->cur + n, p->text + p->cur, p->len - p->cur + 1);
    memcpy(p->text + p->cur, u, n);
    p->len += n;
    p->cur += n;
    p->text[p->len] = '\0';
    return true;
}

static size_t prev_char(const ui_prompt *p, size_t at)
{
    while (at > 0 && cont((unsigned char)p->text[at - 1]))
        at--;
    return at > 0 ? at - 1 : 0;
}

static size_t next_char(const ui_prompt *p, size_t at)
{
    if (at < p->len) at++;
    while (at < p->len && cont((unsigned char)p->text[at]))
        at++;
    return at;
}

bool ui_prompt_backspace(ui_prompt *p)
{
    if (p->cur > p->len) p->cur = p->len;
    if (p->cur == 0) return false;
    cut(p, prev_char(p, p->cur), p->cur);
    return true;
}

void ui_prompt_clear(ui_prompt *p)
{
    p->len = p->cur = 0;
    p->text[0] = '\0';
}

/* The moving and cutting keys; UI_PROMPT_IGNORED when ev is none of them. */
static int edit_key(ui_prompt *p, const ui_event *ev)
{
    size_t was = p->cur, len = p->len;
    if (ev->is_key) {
        switch (ev->key) {
        case KEY_LEFT:
            p->cur = prev_char(p, p->cur);
            break;
        case KEY_RIGHT:
            p->cur = next_char(p, p->cur);
            break;
        case KEY_HOME:
            p->cur = 0;
            break;
        case KEY_END:
            p->cur = p->len;
            break;
        case KEY_DC:
            if (p->cur < p->len) cut(p, p->cur, next_char(p, p->cur));
            break;
        default:
            return UI_PROMPT_IGNORED;
        }
    } else {
        switch (ev->key) {
        case UI_CTRL('A'):
            p->cur = 0;
            break;
        case UI_CTRL('E'):
            p->cur = p->len;
            break;
        case UI_CTRL('U'):
            cut(p, 0, p->cur);
            break;
        case UI_CTRL('K'):
            cut(p, p->cur, p->len);
            break;
        default:
            return UI_PROMPT_IGNORED;
        }
    }
    return p->cur != was || p->len != len ? UI_PROMPT_EDITED : UI_PROMPT_IGNORED;
}

int ui_prompt_event(ui_prompt *p, const ui_event *ev)
{
    if (p->cur > p->len) p->cur = p->len;
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
    return edit_key(p, ev);
}

/* Width of bytes [from, to) of the prompt's text. */
static int span_width(const ui_prompt *p, size_t from, size_t to)
{
    char *s = strndup(p->text + from, to - from);
    int w = s ? gk_str_width(s) : 0;
    free(s);
    return w;
}

void ui_prompt_draw(const ui_prompt *p, const char *lead)
{
    size_t cur = p->cur > p->len ? p->len : p->cur;
    int lw = gk_str_width(lead), ell = gk_cp_width(0x2026);
    if (COLS - 1 - lw < 12) lw = 0; /* a narrow screen: the text before the lead */
    int room = COLS - 1 - lw;       /* the last column stays blank */
    /* the text from `from` on, the insertion point in view with a cell
     * to spare for the cursor; '…' marks what is scrolled out */
    size_t from = 0;
    while (from < cur && span_width(p, from, cur) + (from ? ell : 0) > room - 1)
        from = next_char(p, from);
    char line[sizeof p->text + 512];
    snprintf(line, sizeof line, "%s%s%s", lw ? lead : "", from ? "…" : "", p->text + from);
    ui_put(LINES - 1, 0, COLS, line, ST_NORMAL);
    int x = lw + (from ? ell : 0) + span_width(p, from, cur);
    ui_cursor_at(LINES - 1, x < COLS ? x : COLS - 1);
}

/* --- the bottom-line prompt as a screen -------------------------------------------- */

static void ask_draw(ui_screen *sc)
{
    ui_asking *a = sc->ctx;
    if (a->why.set)
        ui_status_draw(&a->why, NULL, 0);
    else
        ui_prompt_draw(&a->p, a->lead); /* the cursor at the insertion point */
}

static ui_handled ask_key(ui_screen *sc, const ui_event *ev)
{
    ui_asking *a = sc->ctx;
    ui_status_clear(&a->why);
    int r = ui_prompt_event(&a->p, ev);
    if (r == UI_PROMPT_EDITED && a->on) a->on(a, r);
    if (r == UI_PROMPT_CANCEL) {
        if (a->on) a->on(a, r);
        ui_close(sc, -1);
    }
    if (r == UI_PROMPT_DONE) {
        if (!a->on)
            ui_close(sc, a->p.len ? 0 : -1);
        else if (a->on(a, r))
            ui_close(sc, 0);
    }
    return UI_HANDLED;
}

long ui_ask(ui_asking *a)
{
    ui_screen sc = {.draw = ask_draw, .key = ask_key, .ctx = a, .paste = true};
    return ui_run(&sc);
}

char *ui_ask_line(const char *lead)
{
    ui_asking a = {.lead = lead};
    if (ui_ask(&a) != 0) return NULL;
    return strdup(a.p.text);
}
