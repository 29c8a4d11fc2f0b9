/*
 * draw.c — putting text on the screen. Every string from data goes through
 * the text engine (gk_fit), so it is sanitised and exactly as wide as asked:
 * nothing a plan contains can move the cursor or send a control sequence.
 *
 * The fitted UTF-8 is decoded here and handed to curses as wide characters:
 * curses' byte interface decodes each character again through the C
 * library's multibyte state (mbrtowc, wctob per byte), which was a third of
 * a navigation key's instructions.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "gyokaku/text.h"
#include "ui_int.h"

static bool use_color;

void ui_colors_init(void)
{
    const char *nc = getenv("NO_COLOR");
    use_color = has_colors() && !(nc && *nc);
    if (!use_color) return;
    start_color();
    use_default_colors();
    init_pair(1, COLOR_BLACK, COLOR_CYAN);    /* bars */
    init_pair(2, COLOR_BLACK, COLOR_YELLOW);  /* selection */
    init_pair(3, COLOR_GREEN, -1);            /* data marker */
    init_pair(4, COLOR_WHITE, COLOR_MAGENTA); /* search match */
    init_pair(5, COLOR_BLUE, -1);             /* headings */
    init_pair(6, COLOR_RED, -1);              /* warnings */
}

bool ui_colors_on(void)
{
    return use_color;
}

attr_t ui_attr(enum ui_style st)
{
    switch (st) {
    case ST_BAR:
        return use_color ? COLOR_PAIR(1) : A_REVERSE;
    case ST_SELECT:
        return use_color ? COLOR_PAIR(2) : A_REVERSE | A_BOLD;
    case ST_MARK:
        return use_color ? COLOR_PAIR(3) | A_BOLD : A_BOLD;
    case ST_MATCH:
        return use_color ? COLOR_PAIR(4) | A_BOLD : A_UNDERLINE | A_BOLD;
    case ST_HEAD:
        return use_color ? COLOR_PAIR(5) | A_BOLD : A_BOLD;
    case ST_DIM:
        return A_DIM;
    case ST_WARN:
        return use_color ? COLOR_PAIR(6) | A_BOLD : A_BOLD;
    default:
        return A_NORMAL;
    }
}

/* Adds the n bytes of UTF-8 at s at the cursor (y < 0) or at y, x. */
static void add_utf8(int y, int x, const char *s, size_t n)
{
    wchar_t small[512], *w = small;
    if (n > sizeof small / sizeof *small) {
        w = malloc(n * sizeof *w); /* never more characters than bytes */
        if (!w) return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t used = gk_utf8_decode(s + i, n - i, &cp);
        if (used == 0) break;
        w[k++] = (wchar_t)cp;
        i += used;
    }
    if (y >= 0)
        mvaddnwstr(y, x, w, (int)k);
    else
        addnwstr(w, (int)k);
    if (w != small) free(w);
}

/* add_utf8 for the last piece of a field: a field that reaches the right
 * edge in the normal style ends with a clear to the end of the line in
 * place of its padding blanks (the same cells, not written one by one). */
static void add_last(int y, int x, const char *s, size_t n, attr_t a, bool edge)
{
    size_t t = n;
    if (edge && a == A_NORMAL)
        while (t > 0 && s[t - 1] == ' ')
            t--;
    if (t == n) {
        add_utf8(y, x, s, n);
        return;
    }
    if (t > 0)
        add_utf8(y, x, s, t);
    else if (y >= 0)
        move(y, x);
    clrtoeol();
}

void ui_put(int y, int x, int width, const char *text, enum ui_style st)
{
    if (width <= 0) return;
    char *f = gk_fit(text ? text : "", width);
    if (!f) return;
    attr_t a = ui_attr(st);
    attron(a);
    add_last(y, x, f, strlen(f), a, x + width >= COLS);
    attroff(a);
    free(f);
}

void ui_put_match(int y, int x, int width, const char *text, enum ui_style st,
                  const char *folded_needle)
{
    char *f = gk_fit(text ? text : "", width);
    if (!f) return;
    size_t mlen = 0;
    long at = folded_needle && *folded_needle ? gk_find_folded(f, 0, folded_needle, &mlen) : -1;
    attr_t a = ui_attr(st);
    attron(a);
    bool edge = x + width >= COLS;
    if (at < 0) {
        add_last(y, x, f, strlen(f), a, edge);
    } else {
        add_utf8(y, x, f, (size_t)at);
        attroff(a);
        attron(ui_attr(ST_MATCH));
        add_utf8(-1, 0, f + at, mlen);
        attroff(ui_attr(ST_MATCH));
        attron(a);
        add_last(-1, 0, f + at + mlen, strlen(f + at + mlen), a, edge);
    }
    attroff(a);
    free(f);
}
