/*
 * wrap.c — breaking text into display lines by width, at grapheme
 * boundaries, with basic 禁則 (line-breaking rules of Japanese typesetting):
 * closing punctuation and small kana do not begin a line, opening brackets
 * do not end one, where moving one character avoids it. Latin words and
 * numbers move to the next line whole when they fit there.
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

/* Characters that must not start a line (行頭禁則). */
static bool no_line_start(uint32_t cp)
{
    static const uint32_t list[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F, 0x3011, 0x3015, 0xFF3D,
        0xFF5D, 0x3009, 0x300B, 0x30FC, 0x30FB, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x3041,
        0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x30A1,
        0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5,
        0x30F6, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x3005, 0x2019, 0x201D, ')',    ']',
        '}',    ',',    '.',    ':',    ';',    '!',    '?',    0xFF60, 0x3019, 0x3017,
    };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (list[i] == cp) return true;
    return false;
}

/* Characters that must not end a line (行末禁則). */
static bool no_line_end(uint32_t cp)
{
    static const uint32_t list[] = {0xFF08, 0x300C, 0x300E, 0x3010, 0x3014, 0xFF3B,
                                    0xFF5B, 0x3008, 0x300A, 0x2018, 0x201C, '(',
                                    '[',    '{',    0xFF5F, 0x3018, 0x3016};
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (list[i] == cp) return true;
    return false;
}

typedef struct spans {
    gk_span *v;
    size_t n, cap;
} spans;

static int add_span(spans *sp, size_t start, size_t len, int width)
{
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 8;
        gk_span *v = realloc(sp->v, cap * sizeof *v);
        if (!v) return -1;
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->n++] = (gk_span){start, len, width};
    return 0;
}

/* Part of a Latin word or number ("LINE", "26,684", "don't"): a run of
 * these is kept on one line when it fits, as English text wraps at spaces. */
static bool word_char(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

/* Wraps one paragraph s[start..end) (no line breaks inside). */
static int wrap_paragraph(const char *s, size_t start, size_t end, int width, spans *sp)
{
    size_t pos = start, line = start;
    int w = 0;
    gk_cluster c, last = {0}, before_last = {0};
    int nclusters = 0;
    size_t word = start; /* where the current run of word characters began */
    int word_w = 0;      /* the line's width before it */
    if (start == end) return add_span(sp, start, 0, 0);
    while (gk_next_cluster(s, end, &pos, &c)) {
        if (w + c.width > width && nclusters > 0) {
            size_t cut = c.start;
            int cut_w = w;
            if (word_char(c.first) && word_char(last.first) && word > line) {
                /* inside a word that began on this line: move all of it down */
                cut = word;
                cut_w = word_w;
            } else if (nclusters >= 2 && (no_line_start(c.first) || no_line_end(last.first))) {
                /* 禁則: pull the last character down when this one may not
                 * start a line, or when the last one may not end it. */
                cut = last.start;
                cut_w = w - last.width;
                if (no_line_end(before_last.first) && nclusters >= 3) {
                    /* would leave an opening bracket at the end: keep as is */
                    cut = c.start;
                    cut_w = w;
                }
            }
            if (add_span(sp, line, cut - line, cut_w) != 0) return -1;
            line = word = cut;
            w = word_w = 0;
            nclusters = 0;
            pos = cut; /* re-read from the cut */
            continue;
        }
        if (!word_char(c.first) || !word_char(last.first) || nclusters == 0) {
            word = c.start;
            word_w = w;
        }
        w += c.width;
        before_last = last;
        last = c;
        nclusters++;
    }
    return add_span(sp, line, end - line, w);
}

gk_span *gk_wrap(const char *s, int width, size_t *n)
{
    spans sp = {0};
    size_t len = strlen(s), p = 0;
    if (width < 1) width = 1;
    for (;;) {
        const char *nl = memchr(s + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t text_end = end > p && s[end - 1] == '\r' ? end - 1 : end;
        if (wrap_paragraph(s, p, text_end, width, &sp) != 0) {
            free(sp.v);
            *n = 0;
            return NULL;
        }
        if (!nl) break;
        p = end + 1;
    }
    *n = sp.n;
    return sp.v;
}
