/*
 * edit.h — the editing model of a multi-line text area (取組状況 and
 * 次年度の取組内容 in the entry form), without any curses: a UTF-8 buffer,
 * a cursor that always stands on a grapheme-cluster boundary, and the
 * wrapped layout (by display width, with the text engine's rules) on which
 * up/down/home/end move.
 *
 * The struct is owned by the caller (on the stack or inside a form); the
 * buffer and layout inside are owned by it and freed by gk_edit_free().
 *
 * Owner: src/text/edit.c.
 */
#ifndef GYOKAKU_EDIT_H
#define GYOKAKU_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/text.h"

typedef struct gk_edit {
    char *buf; /* NUL-terminated UTF-8 */
    size_t len, cap;
    size_t cursor;    /* byte offset, on a cluster boundary */
    int width;        /* wrap width in cells */
    int goal_col;     /* display column kept by up/down; -1 none */
    size_t max_chars; /* limit in code points; 0 none */
    int top;          /* first visible row */
    gk_span *rows;    /* layout cache (NULL: stale) */
    size_t nrows;
} gk_edit;

/* text may be NULL. width >= 2. */
void gk_edit_init(gk_edit *e, const char *text, int width, size_t max_chars);
void gk_edit_free(gk_edit *e);

/* Inserts at the cursor. "\r\n" and "\r" become "\n"; other control
 * characters (except "\n" and "\t") are dropped. Returns -1 and changes
 * nothing when the result would exceed max_chars. */
int gk_edit_insert(gk_edit *e, const char *utf8, size_t len);

void gk_edit_backspace(gk_edit *e); /* removes the whole cluster before the cursor */
void gk_edit_delete(gk_edit *e);    /* removes the whole cluster after it */
void gk_edit_left(gk_edit *e);
void gk_edit_right(gk_edit *e);
void gk_edit_up(gk_edit *e);
void gk_edit_down(gk_edit *e);
void gk_edit_home(gk_edit *e); /* start of the visual row */
void gk_edit_end(gk_edit *e);  /* end of the visual row */
void gk_edit_word_left(gk_edit *e);
void gk_edit_word_right(gk_edit *e);
void gk_edit_doc_start(gk_edit *e);
void gk_edit_doc_end(gk_edit *e);
void gk_edit_set_width(gk_edit *e, int width);

/* Visual rows of the wrapped text, and the one at index r. */
size_t gk_edit_rows(gk_edit *e);
gk_span gk_edit_row(gk_edit *e, size_t r);

/* Visual row and display column of the cursor. At a soft wrap the cursor
 * shows at the start of the next row. */
void gk_edit_cursor_rc(gk_edit *e, int *row, int *col);

/* Adjusts top so that the cursor's row is among `rows` visible rows. */
void gk_edit_scroll(gk_edit *e, int rows);

/* Code points in the text. */
size_t gk_edit_chars(const gk_edit *e);

/* Code points that utf8[0..len) becomes in an editor (what max_chars and
 * gk_edit_chars count): a line break written "\r\n" or "\r" is one, a
 * dropped control character none. */
size_t gk_edit_text_chars(const char *utf8, size_t len);

#endif
