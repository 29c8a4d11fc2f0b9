/*
 * widgets.h — private to src/ui/: the arithmetic of the screen kit's widgets,
 * without curses, so that unit tests check it without a terminal (tests/unit/
 * test_ui_*.c). Each widget is one file; its drawing end (the only part that
 * calls curses) is declared in ui_int.h.
 *
 *   list.c    a scrolling list: selection, paging, Home/End, mouse click
 *             and wheel; the list view over it (heading rows the
 *             selection skips, type-to-jump)
 *   pager.c   lines built for reading: label + value, wrapped text, table
 *             rows with right-aligned numbers; scrolling
 *   prompt.c  a one-line input (search, a year typed by hand)
 *   status.c  the bottom line's one message slot (normal or warning)
 *   popup.c   where a popup frame goes (its curses end: the frame and the
 *             one scrolling popup, ui_int.h ui_scrollpop)
 *   bar.c     a proportion bar of block characters (the submission board)
 *   chart.c   a gauge (one value out of a maximum in eighths of a block,
 *             or '#') and the year chart of an indicator's series
 *
 * Every width is measured by the text engine (gyokaku/text.h).
 */
#ifndef GYOKAKU_UI_WIDGETS_H
#define GYOKAKU_UI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/achieve.h"
#include "gyokaku/error.h"

enum ui_style { ST_NORMAL, ST_BAR, ST_SELECT, ST_MARK, ST_MATCH, ST_HEAD, ST_DIM, ST_WARN };

/* --- list ------------------------------------------------------------------------- */

/* n rows, `rows` of them visible from `top`; sel is always < n (0 when empty). */
typedef struct ui_list {
    size_t n, sel, top;
    int rows;
} ui_list;

/* Moves the selection by delta rows (clamped to the list) and keeps it in view. */
void ui_list_move(ui_list *l, long delta);
/* To row i (clamped), kept in view. */
void ui_list_go(ui_list *l, long i);
/* A page (the visible rows) up (dir < 0) or down. */
void ui_list_page(ui_list *l, int dir);
/* Sets the visible height and the row count, keeping sel in range and in view. */
void ui_list_fit(ui_list *l, size_t n, int rows);
/* Adjusts top so that sel is visible. */
void ui_list_follow(ui_list *l);
/* A click on visible row r (0 = the first visible): selects that row and
 * returns true when there is one. */
bool ui_list_click(ui_list *l, int r);
/* The wheel: three rows up (dir < 0) or down. */
void ui_list_wheel(ui_list *l, int dir);

/* --- list view -------------------------------------------------------------------- */

/* The list of the board, the summary and the choosers: a ui_list whose rows
 * may be headings (never selected: moving skips them, and a heading on the
 * first row stays in view above the first selectable row), with one
 * type-to-jump rule. The owner says which rows are headings and which names
 * a row answers to; the view keeps what was typed. */
typedef struct ui_view ui_view;
struct ui_view {
    ui_list list;
    /* Whether row i is a heading; NULL: no row is. */
    bool (*heading)(const ui_view *v, size_t i);
    /* The names row i answers to when typed: names[0], and names[1] unless
     * NULL (a department's name without its 部). */
    void (*names)(const ui_view *v, size_t i, const char *names[2]);
    void *ctx;
    char typed[128]; /* typed so far (type-to-jump) */
    long typed_at;   /* when the last character was typed (seconds) */
    int y;           /* the screen row of the first visible row (the mouse) */
};

/* To row r, or the nearest row that is not a heading in direction dir (> 0
 * down), else the other way; kept in view. */
void ui_view_go(ui_view *v, long r, int dir);
/* By delta rows, skipping headings in the direction of the move. */
void ui_view_move(ui_view *v, long delta);
/* A page up (dir < 0) or down. */
void ui_view_page(ui_view *v, int dir);
/* The first and the last row that is not a heading. */
void ui_view_home(ui_view *v);
void ui_view_end(ui_view *v);
/* n rows, `rows` visible: the selection kept in range, off headings, in view. */
void ui_view_fit(ui_view *v, size_t n, int rows);
/* Adjusts top so that sel is visible (and a first heading with it). */
void ui_view_follow(ui_view *v);
/* A click on visible row r selects it (or the nearest row that is not a
 * heading); false when there is no row there. */
bool ui_view_click(ui_view *v, int r);
/* The wheel: three rows up (dir < 0) or down. */
void ui_view_wheel(ui_view *v, int dir);
/* Type-to-jump's rule: the first row from sel on (wrapping, headings
 * skipped) one of whose names starts with `typed`, else the first whose
 * first name contains it (folded: full-width and half-width, case
 * ignored), or -1. */
long ui_view_find(const ui_view *v, const char *typed);
/* Whether a character typed at `now` continues the text typed so far (it
 * came within a second of the last one): then every character is text,
 * also those bound to keys (j k g G q …). */
bool ui_view_typing(const ui_view *v, long now);
/* Adds character cp typed at `now` (after a pause it starts a new text) and
 * jumps to the row it finds; when none matches, the text starts again from
 * cp alone. False when no row matches either. */
bool ui_view_type(ui_view *v, unsigned cp, long now);
void ui_view_untype(ui_view *v);

/* --- pager ------------------------------------------------------------------------ */

typedef struct ui_pline {
    char *text;
    enum ui_style st;
    int indent;
} ui_pline;

/* Lines laid out for a width, and the first visible one. When memory runs
 * out, lines are dropped and `oom` is set (the view shows what it has). */
typedef struct ui_pager {
    ui_pline *lines;
    size_t n, cap, top;
    int width;
    bool oom;
} ui_pager;

/* One cell of a table row: text fitted to `width` cells, right-aligned
 * (numbers) or left. */
typedef struct ui_cell {
    const char *text;
    int width;
    bool right;
} ui_cell;

/* Empties the pager for a new width (scroll back to the top). */
void ui_pager_reset(ui_pager *p, int width);
void ui_pager_free(ui_pager *p);
void ui_pager_line(ui_pager *p, const char *text, enum ui_style st, int indent);
/* A paragraph wrapped to the width minus indent (line breaks kept), in
 * ST_NORMAL or in st. */
void ui_pager_text(ui_pager *p, const char *text, int indent);
void ui_pager_text_st(ui_pager *p, const char *text, int indent, enum ui_style st);
/* A heading and its value indented by 2; nothing when the value is empty. */
void ui_pager_field(ui_pager *p, const char *label, const char *value);
/* One table row of n cells. */
void ui_pager_row(ui_pager *p, const ui_cell *cells, size_t n, enum ui_style st);
/* The cells joined into one string of the cells' total width (malloc'd). */
char *ui_row(const ui_cell *cells, size_t n);
/* The first visible line after scrolling from top by delta, for n lines in
 * a view of `rows` rows: never before the first line, nor so far that the
 * last line rises above the view's bottom. */
size_t ui_scroll(size_t top, long delta, size_t n, int rows);
/* Scrolls by delta lines for a view of `rows` rows: top stays within the text. */
void ui_pager_scroll(ui_pager *p, long delta, int rows);

/* --- prompt ----------------------------------------------------------------------- */

typedef struct ui_prompt {
    char text[256];
    size_t len;
    size_t cur; /* the insertion point (a byte offset on a character boundary) */
} ui_prompt;

/* Inserts character cp at the insertion point (false when the line is full). */
bool ui_prompt_add(ui_prompt *p, unsigned cp);
/* Removes the character before the insertion point (false when none). */
bool ui_prompt_backspace(ui_prompt *p);
void ui_prompt_clear(ui_prompt *p);

/* --- status line ------------------------------------------------------------------ */

/* One message slot: shown on the bottom line instead of the function keys
 * until the next key. */
typedef struct ui_status {
    char text[GK_ERROR_MAX + 256];
    bool set, warn;
} ui_status;

void ui_status_set(ui_status *s, bool warn, const char *text);
void ui_status_clear(ui_status *s);

/* --- popup ------------------------------------------------------------------------ */

typedef struct ui_rect {
    int y, x, h, w;
} ui_rect;

/* A frame for `inner` rows of content in a screen of lines x cols: `margin`
 * columns from each side, no taller than the screen above the bottom line,
 * centred in it. */
ui_rect ui_popup_rect(int lines, int cols, int inner, int margin);

/* --- bar ------------------------------------------------------------------------- */

/* Shares `slots` among n counts in proportion (largest remainder), into
 * out[n]; every count above 0 gets a slot when there are slots enough for
 * all of them (taken from the longest run). All 0 when the counts are. */
void ui_bar_slots(const long *counts, size_t n, int slots, int *out);
/* The counts as a bar of exactly `width` cells (malloc'd; NULL out of
 * memory): runs of glyphs[i] (one character each), every glyph taking the
 * cells of the widest one (padded with a space when narrower), the cells
 * left over blank. An empty bar (all counts 0) is blank. */
char *ui_bar(const long *counts, const char *const *glyphs, size_t n, int width);

/* --- gauges and charts (chart.c) ------------------------------------------------------- */

/* Bars in '#' instead of block elements (--ascii), process-wide. */
void ui_bars_set_ascii(bool ascii);
bool ui_bars_ascii(void);

/* How many of `steps` steps a bar of value out of max fills: to the nearest
 * step, but a value above 0 fills at least one and a value below max never
 * all of them; 0 for a value <= 0 or a max <= 0. */
int ui_gauge_steps(double value, double max, int steps);
/* A value's steps on a scale from lo (1 step) to hi (all steps); half of
 * them when lo == hi. */
int ui_chart_steps(double value, double lo, double hi, int steps);
/* The cells of one bar character: 1 in '#', else the width of '█' (2 when
 * ambiguous characters are wide). */
int ui_gauge_cell(bool ascii);
/* The steps a bar `width` cells wide holds: 8 per block character, 1 per '#'. */
int ui_gauge_capacity(int width, bool ascii);
/* A bar of `steps` steps, exactly `width` cells (blank-padded); when the
 * character at index `mark` (-1: none) is empty it shows ':'. malloc'd. */
char *ui_gauge_draw(int steps, int width, bool ascii, int mark);
/* The gauge of value out of max, `width` cells (ui_gauge_steps). malloc'd. */
char *ui_gauge(double value, double max, int width, bool ascii);

/* Appends the year-by-year chart of a series to p: after a blank line
 * (when p holds something), a heading with the series' name (may be NULL
 * or "") and the scale, then the base (初期値) and per year its target (or the interim
 * expectation 見込, dimmed) and its actual, each a bar scaled between the
 * smallest and the largest number with the value at the right; the rows of
 * `year` in ST_MARK and the base's place marked ':' on shorter bars. Nothing
 * when no value is a number. Returns the number of lines added. */
size_t ui_pager_chart(ui_pager *p, const gk_series_years *sy, const char *name, int year,
                      bool ascii);

#endif
