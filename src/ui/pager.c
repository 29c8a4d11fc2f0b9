/*
 * pager.c — the pager widget: lines laid out for reading in a pane of a
 * given width (a heading and its value, a paragraph wrapped by the text
 * engine, a table row whose cells are fitted left or right), scrolled
 * within the text. ui_pager_draw is the curses end.
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "ui_int.h"

void ui_pager_free(ui_pager *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->lines[i].text);
    free(p->lines);
    p->lines = NULL;
    p->n = p->cap = p->top = 0;
    p->oom = false;
}

void ui_pager_reset(ui_pager *p, int width)
{
    ui_pager_free(p);
    p->width = width;
}

/* Takes ownership of text (NULL: out of memory). */
static void add_owned(ui_pager *p, char *text, enum ui_style st, int indent)
{
    if (!text) {
        p->oom = true;
        return;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        ui_pline *grown = realloc(p->lines, cap * sizeof *grown);
        if (!grown) {
            free(text);
            p->oom = true;
            return;
        }
        p->lines = grown;
        p->cap = cap;
    }
    p->lines[p->n++] = (ui_pline){text, st, indent};
}

void ui_pager_line(ui_pager *p, const char *text, enum ui_style st, int indent)
{
    add_owned(p, strdup(text ? text : ""), st, indent);
}

void ui_pager_text_st(ui_pager *p, const char *text, int indent, enum ui_style st)
{
    size_t n;
    const char *t = text ? text : "";
    gk_span *sp = gk_wrap(t, p->width - indent, &n);
    if (!sp) p->oom = true;
    for (size_t i = 0; sp && i < n; i++)
        add_owned(p, strndup(t + sp[i].start, sp[i].len), st, indent);
    free(sp);
}

void ui_pager_text(ui_pager *p, const char *text, int indent)
{
    ui_pager_text_st(p, text, indent, ST_NORMAL);
}

void ui_pager_field(ui_pager *p, const char *label, const char *value)
{
    if (!value || !*value) return;
    ui_pager_line(p, label, ST_HEAD, 0);
    ui_pager_text(p, value, 2);
}

char *ui_row(const ui_cell *cells, size_t n)
{
    size_t len = 0;
    char **fitted = calloc(n ? n : 1, sizeof *fitted);
    if (!fitted) return NULL;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const char *t = cells[i].text ? cells[i].text : "";
        fitted[i] = cells[i].right ? gk_fit_right(t, cells[i].width) : gk_fit(t, cells[i].width);
        if (!fitted[i])
            ok = false;
        else
            len += strlen(fitted[i]);
    }
    char *row = ok ? malloc(len + 1) : NULL;
    if (row) {
        row[0] = '\0';
        for (size_t i = 0, o = 0; i < n; i++) {
            size_t l = strlen(fitted[i]);
            memcpy(row + o, fitted[i], l + 1);
            o += l;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(fitted[i]);
    free(fitted);
    return row;
}

void ui_pager_row(ui_pager *p, const ui_cell *cells, size_t n, enum ui_style st)
{
    add_owned(p, ui_row(cells, n), st, 0);
}

size_t ui_scroll(size_t top, long delta, size_t n, int rows)
{
    long t = (long)top + delta, last = (long)n - (rows > 0 ? rows : 1);
    if (t > last) t = last;
    return t < 0 ? 0 : (size_t)t;
}

void ui_pager_scroll(ui_pager *p, long delta, int rows)
{
    p->top = ui_scroll(p->top, delta, p->n, rows);
}

/* --- the curses end ------------------------------------------------------------------ */

void ui_pager_draw(ui_pager *p, int y, int x, int rows, const char *folded_needle)
{
    ui_pager_scroll(p, 0, rows);
    for (int r = 0; r < rows; r++) {
        size_t i = p->top + (size_t)r;
        if (i >= p->n) {
            ui_put(y + r, x, p->width, "", ST_NORMAL);
            continue;
        }
        const ui_pline *l = &p->lines[i];
        ui_put(y + r, x, l->indent, "", ST_NORMAL);
        ui_put_match(y + r, x + l->indent, p->width - l->indent, l->text, l->st, folded_needle);
    }
}
