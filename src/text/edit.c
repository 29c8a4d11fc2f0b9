/*
 * edit.c — the text-area editing model (see edit.h).
 *
 * The layout is the text engine's wrapping of the whole text, recomputed
 * lazily after a change (a 4,000-character note wraps in well under a
 * millisecond). Movement backwards by grapheme cluster scans forward from
 * the start of the paragraph, since cluster boundaries are only defined
 * going forward.
 */
#include "gyokaku/edit.h"

#include <stdlib.h>
#include <string.h>

#include "text_int.h"

static void invalidate(gk_edit *e)
{
    free(e->rows);
    e->rows = NULL;
    e->nrows = 0;
}

static void layout(gk_edit *e)
{
    if (!e->rows) e->rows = gk_wrap(e->buf, e->width, &e->nrows);
}

static int reserve(gk_edit *e, size_t need)
{
    if (need + 1 <= e->cap) return 0;
    size_t cap = e->cap ? e->cap : 256;
    while (cap < need + 1)
        cap *= 2;
    char *b = realloc(e->buf, cap);
    if (!b) return -1;
    e->buf = b;
    e->cap = cap;
    return 0;
}

void gk_edit_init(gk_edit *e, const char *text, int width, size_t max_chars)
{
    memset(e, 0, sizeof *e);
    e->width = width < 2 ? 2 : width;
    e->goal_col = -1;
    e->max_chars = max_chars;
    reserve(e, 0);
    e->buf[0] = '\0';
    if (text) {
        size_t saved = e->max_chars;
        e->max_chars = 0; /* a saved text longer than the limit is still shown whole */
        gk_edit_insert(e, text, strlen(text));
        e->max_chars = saved;
    }
    e->cursor = 0;
}

void gk_edit_free(gk_edit *e)
{
    invalidate(e);
    free(e->buf);
    memset(e, 0, sizeof *e);
}

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

size_t gk_edit_chars(const gk_edit *e)
{
    return count_chars(e->buf, e->len);
}

/* What the editor keeps of the character at in[*i] (advancing *i past
 * it): a line break ("\r\n", "\r" or "\n") as '\n', a dropped control
 * character as 0, an invalid byte as U+FFFD, anything else as itself. */
static uint32_t kept(const char *in, size_t len, size_t *i, size_t *n)
{
    uint32_t cp;
    *n = gk_utf8_decode(in + *i, len - *i, &cp);
    if (cp == '\r') {
        *i += (*i + 1 < len && in[*i + 1] == '\n') ? 2 : 1;
        return '\n';
    }
    *i += *n;
    return cp == '\n' || cp == '\t' || !gk_cp_is_control(cp) ? cp : 0;
}

/* Copies in[0..len) to out with line breaks normalised and controls
 * dropped; returns the bytes written. */
static size_t clean(const char *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    while (i < len) {
        size_t from = i, n;
        uint32_t cp = kept(in, len, &i, &n);
        if (cp == '\n')
            out[o++] = '\n';
        else if (cp == 0xFFFD && n == 1)
            o += gk_utf8_encode(0xFFFD, out + o);
        else if (cp)
            o += (memcpy(out + o, in + from, n), n);
    }
    return o;
}

size_t gk_edit_text_chars(const char *utf8, size_t len)
{
    size_t c = 0, i = 0, n;
    while (i < len)
        c += kept(utf8, len, &i, &n) != 0;
    return c;
}

int gk_edit_insert(gk_edit *e, const char *utf8, size_t len)
{
    char *tmp = malloc(len * 3 + 1);
    if (!tmp) return -1;
    size_t n = clean(utf8, len, tmp);
    if (e->max_chars && gk_edit_chars(e) + count_chars(tmp, n) > e->max_chars) {
        free(tmp);
        return -1;
    }
    if (reserve(e, e->len + n) != 0) {
        free(tmp);
        return -1;
    }
    memmove(e->buf + e->cursor + n, e->buf + e->cursor, e->len - e->cursor + 1);
    memcpy(e->buf + e->cursor, tmp, n);
    e->len += n;
    e->cursor += n;
    e->goal_col = -1;
    free(tmp);
    invalidate(e);
    return 0;
}

/* Start of the paragraph (after the previous '\n') containing pos. */
static size_t paragraph_start(const gk_edit *e, size_t pos)
{
    while (pos > 0 && e->buf[pos - 1] != '\n')
        pos--;
    return pos;
}

/* The cluster boundary before pos (a '\n' is a cluster of its own). */
static size_t prev_boundary(const gk_edit *e, size_t pos)
{
    if (pos == 0) return 0;
    if (e->buf[pos - 1] == '\n') return pos - 1;
    size_t p = paragraph_start(e, pos), prev = p;
    gk_cluster c;
    while (p < pos && gk_next_cluster(e->buf, pos, &p, &c))
        prev = c.start;
    return prev;
}

static size_t next_boundary(const gk_edit *e, size_t pos)
{
    if (pos >= e->len) return e->len;
    if (e->buf[pos] == '\n') return pos + 1;
    size_t end = pos;
    while (end < e->len && e->buf[end] != '\n')
        end++;
    gk_cluster c;
    size_t p = pos;
    gk_next_cluster(e->buf, end, &p, &c);
    return p;
}

static void remove_range(gk_edit *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    e->cursor = from;
    e->goal_col = -1;
    invalidate(e);
}

void gk_edit_backspace(gk_edit *e)
{
    if (e->cursor > 0) remove_range(e, prev_boundary(e, e->cursor), e->cursor);
}

void gk_edit_delete(gk_edit *e)
{
    if (e->cursor < e->len) remove_range(e, e->cursor, next_boundary(e, e->cursor));
}

void gk_edit_left(gk_edit *e)
{
    e->cursor = prev_boundary(e, e->cursor);
    e->goal_col = -1;
}

void gk_edit_right(gk_edit *e)
{
    e->cursor = next_boundary(e, e->cursor);
    e->goal_col = -1;
}

size_t gk_edit_rows(gk_edit *e)
{
    layout(e);
    return e->nrows;
}

gk_span gk_edit_row(gk_edit *e, size_t r)
{
    layout(e);
    return r < e->nrows ? e->rows[r] : (gk_span){e->len, 0, 0};
}

static int width_of(const gk_edit *e, size_t from, size_t to)
{
    int w = 0;
    gk_cluster c;
    size_t p = from;
    while (p < to && gk_next_cluster(e->buf, to, &p, &c))
        w += c.width;
    return w;
}

/* The row the cursor shows on: the last row whose span holds it (so that
 * at a soft wrap it is the next row). */
static size_t cursor_row(gk_edit *e)
{
    layout(e);
    size_t row = 0;
    for (size_t r = 0; r < e->nrows; r++)
        if (e->rows[r].start <= e->cursor && e->cursor <= e->rows[r].start + e->rows[r].len)
            row = r;
    return row;
}

void gk_edit_cursor_rc(gk_edit *e, int *row, int *col)
{
    size_t r = cursor_row(e);
    *row = (int)r;
    *col = width_of(e, e->rows[r].start, e->cursor);
}

/* True when row r ends at a soft wrap (the next row continues it). */
static bool soft_wrapped(const gk_edit *e, size_t r)
{
    return r + 1 < e->nrows && e->rows[r + 1].start == e->rows[r].start + e->rows[r].len;
}

/* The position in row r at display column col (never past it). */
static size_t pos_at_col(gk_edit *e, size_t r, int col)
{
    gk_span s = e->rows[r];
    size_t p = s.start, end = s.start + s.len;
    int w = 0;
    gk_cluster c;
    while (p < end) {
        size_t q = p;
        gk_next_cluster(e->buf, end, &q, &c);
        if (w + c.width > col) break;
        w += c.width;
        p = q;
    }
    if (p == end && soft_wrapped(e, r) && p > s.start)
        p = prev_boundary(e, p); /* stay on this row */
    return p;
}

static void vertical(gk_edit *e, int dir)
{
    int row, col;
    gk_edit_cursor_rc(e, &row, &col);
    if (e->goal_col < 0) e->goal_col = col;
    long target = row + dir;
    if (target < 0) {
        e->cursor = 0;
        return;
    }
    if ((size_t)target >= e->nrows) {
        e->cursor = e->len;
        return;
    }
    int goal = e->goal_col;
    e->cursor = pos_at_col(e, (size_t)target, goal);
    e->goal_col = goal;
}

void gk_edit_up(gk_edit *e)
{
    vertical(e, -1);
}

void gk_edit_down(gk_edit *e)
{
    vertical(e, 1);
}

void gk_edit_home(gk_edit *e)
{
    e->cursor = e->rows[cursor_row(e)].start;
    e->goal_col = -1;
}

void gk_edit_end(gk_edit *e)
{
    size_t r = cursor_row(e);
    e->cursor = e->rows[r].start + e->rows[r].len;
    if (soft_wrapped(e, r) && e->cursor > e->rows[r].start) e->cursor = prev_boundary(e, e->cursor);
    e->goal_col = -1;
}

void gk_edit_doc_start(gk_edit *e)
{
    e->cursor = 0;
    e->goal_col = -1;
}

void gk_edit_doc_end(gk_edit *e)
{
    e->cursor = e->len;
    e->goal_col = -1;
}

/* Word classes: 0 space and punctuation, 1 Latin letters and digits,
 * 2 hiragana, 3 katakana, 4 kanji, 5 anything else. */
static int word_class(const gk_edit *e, size_t pos)
{
    uint32_t cp;
    gk_utf8_decode(e->buf + pos, e->len - pos, &cp);
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                       cp == '_'
                   ? 1
                   : 0;
    if (cp >= 0x3000 && cp <= 0x303F) return 0; /* 、。「」 and the ideographic space */
    if (cp >= 0xFF01 && cp <= 0xFF0F) return 0;
    if (cp >= 0x3041 && cp <= 0x309F) return 2;
    if ((cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0xFF66 && cp <= 0xFF9F)) return 3;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3005) return 4;
    if (cp >= 0xFF10 && cp <= 0xFF5A) return 1;
    return 5;
}

void gk_edit_word_right(gk_edit *e)
{
    size_t p = e->cursor;
    if (p < e->len) {
        int cls = word_class(e, p);
        while (p < e->len && word_class(e, p) == cls && cls != 0)
            p = next_boundary(e, p);
        while (p < e->len && word_class(e, p) == 0)
            p = next_boundary(e, p);
    }
    e->cursor = p;
    e->goal_col = -1;
}

void gk_edit_word_left(gk_edit *e)
{
    size_t p = e->cursor;
    while (p > 0 && word_class(e, prev_boundary(e, p)) == 0)
        p = prev_boundary(e, p);
    if (p > 0) {
        int cls = word_class(e, prev_boundary(e, p));
        while (p > 0 && word_class(e, prev_boundary(e, p)) == cls)
            p = prev_boundary(e, p);
    }
    e->cursor = p;
    e->goal_col = -1;
}

void gk_edit_set_width(gk_edit *e, int width)
{
    e->width = width < 2 ? 2 : width;
    invalidate(e);
}

void gk_edit_scroll(gk_edit *e, int rows)
{
    int r, c;
    gk_edit_cursor_rc(e, &r, &c);
    if (r < e->top) e->top = r;
    if (r >= e->top + rows) e->top = r - rows + 1;
    if (e->top < 0) e->top = 0;
}
