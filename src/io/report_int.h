/* report_int.h — private to src/io/report_*.c: the writer, its per-format
 * functions and the helpers the formats share. */
#ifndef GYOKAKU_REPORT_INT_H
#define GYOKAKU_REPORT_INT_H

#include <stdarg.h>

#include "gyokaku/reportout.h"

typedef struct report_vt {
    int (*open)(gk_report_writer *w, gk_error *err);
    int (*goal)(gk_report_writer *w, const gk_rep_heading *h, gk_error *err);
    int (*policy)(gk_report_writer *w, const gk_rep_heading *h, gk_error *err);
    int (*item)(gk_report_writer *w, const gk_rep_item *it, gk_error *err);
    int (*goal_end)(gk_report_writer *w, const gk_rep_count *c, gk_error *err);
    int (*summary)(gk_report_writer *w, const gk_rep_summary *s, gk_error *err);
    int (*close)(gk_report_writer *w, gk_error *err);
    /* the theme matrix (only called when the plan has tags) */
    int (*themes)(gk_report_writer *w, const gk_rep_themes *t, gk_error *err);
    /* a heading's notes of the year, written after goal and policy by the
     * dispatch (report.c) so that no format repeats the call (NULL: none) */
    void (*notes)(gk_report_writer *w, const char *status, const char *next, bool actuals);
} report_vt;

struct gk_report_writer {
    const report_vt *vt;
    FILE *out;
    gk_report_opts o;
    const gk_rep_plan *p;
    int goals;        /* goals begun so far */
    int items;        /* items written in the current goal */
    const char *goal; /* the current goal's title (valid until the next goal) */
    void *fmt;        /* per-format state */
    /* the plan years' short labels ("R4(2022)"), made once: a year table
     * prints them for every indicator */
    char (*fys)[32];
    struct rw_yt_cell *cells; /* rw_year_table's row, [nyears] */
    char (*cellbuf)[128];     /* the texts it makes (見込), [nyears] */
    char fy_other[32];        /* rw_fy's answer for a year outside the plan's, */
    int fy_other_year;        /* the last one asked */
    /* the output buffer: the writers write many short pieces, and a memcpy
     * into it costs a fraction of a stdio call (rw_flush empties it) */
    size_t len;
    char buf[1 << 15];
};

extern const report_vt gk_report_html_vt, gk_report_text_vt, gk_report_md_vt, gk_report_csv_vt;

/* The document's words. */
#define RW_TARGET "目標値"
#define RW_ACTUAL "実績値"
#define RW_GRADE "評価"
#define RW_BASE "初期値"
#define RW_CONTENT "取組内容"
#define RW_DEPT "所管課"
#define RW_INDICATOR "指標"
#define RW_NEXT "次年度の取組内容"
#define RW_THEMES "テーマ別の取組項目"
/* beside an item (or an indicator of its own) not 承認 when its year was
 * locked: a 確定 report marks what was published without approval */
#define RW_UNAPPROVED "【未承認】"
#define RW_THEME_MARK "○"
#define RW_STATUS "取組状況"
#define RW_EXPECTED "見込"
#define RW_ENTERED_MARK "＊"
#define RW_ENTERED_NOTE "＊ 所管課が入力した評価（計算による評価より優先）"

/* Writing into w's buffer (flushed to w->out by the dispatch after every
 * call and at the end). rw_printf is for what is written once per document;
 * what is written per item or cell goes through the others: no format
 * string to parse, no double formatted by printf. */
void rw_printf(gk_report_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rw_puts(gk_report_writer *w, const char *s);
void rw_write(gk_report_writer *w, const char *s, size_t n);
static inline void rw_putc(gk_report_writer *w, char c)
{
    if (w->len == sizeof w->buf)
        rw_write(w, &c, 1);
    else
        w->buf[w->len++] = c;
}
/* v in decimal. */
void rw_long(gk_report_writer *w, long v);
/* v with `decimals` (0 or 1) places, the digits printf's %.1f / %.0f
 * would write, without printf: the SVG coordinates of the charts. */
void rw_fixed(gk_report_writer *w, double v, int decimals);
/* A template with the charts' few directives, in place of printf: %1 a
 * double with one decimal (rw_fixed), %0 one rounded to an integer, %s a
 * string written as it is, %% a per cent sign. */
void rw_svgf(gk_report_writer *w, const char *t, ...);
/* Writes out the buffer; false on a write error. */
bool rw_flush(gk_report_writer *w);

/* The short label of year ("R4(2022)"), made once per plan year (and for
 * the last other year asked); valid until a call for another year outside
 * the plan's. */
const char *rw_fy(gk_report_writer *w, int year);

/* "令和4(2022)年度" into buf. */
const char *rw_fy_long(int year, char *buf, size_t n);
/* "R4(2022)" into buf. */
const char *rw_fy_short(int year, char *buf, size_t n);

/* What the target row shows for year y of s: the target as written, else,
 * when p adds expectations, "見込 16,723千円" (with the indicator's unit)
 * for an interim expectation, else NULL. *interim is set. */
const char *rw_target_cell(const gk_rep_plan *p, const char *unit, const gk_rep_series *s, size_t y,
                           char *buf, size_t n, bool *interim);

/* Departments joined with "、" (malloc'd; "" when none). */
char *rw_depts(const char *const *d, size_t n);

/* The title of the report: "PLAN 取組状況（令和4(2022)年度）". */
const char *rw_title(const gk_rep_plan *p, char *buf, size_t n);

/* A heading for an indicator block without an item: "基本目標の指標" … */
const char *rw_pseudo_title(const gk_rep_plan *p, const gk_rep_item *it, char *buf, size_t n);

/* The number of the i-th indicator (from 0) as every format writes it:
 * ① .. ⑳, then 21, 22 … */
const char *rw_circled(size_t i, char *buf, size_t n);

/* The level name to print before a heading's title: label, or "" when the
 * title already begins with it (「基本目標1 …」 is not 「基本目標 基本目標1 …」). */
const char *rw_level(const char *label, const char *title);

/* "確定（2023-05-31 確定）" for a locked year, else "速報（未確定）". */
const char *rw_state(const gk_rep_plan *p, char *buf, size_t n);

/* The legend of the computed 評価 when p adds grades (each band's rule,
 * then the rules of achieve.h in words), else NULL. */
const char *rw_grade_legend(const gk_rep_plan *p, char *buf, size_t n);

/* A sum as a plain number for the CSV: "-52218", "1234.5" (no separators,
 * no △). */
const char *rw_number(double v, int decimals, char *buf, size_t n);

/* The heading of a sum: "title（基本目標 …）" for a 基本目標's, else title. */
const char *rw_sum_title(const gk_rep_plan *p, const gk_rep_sum *sum, char *buf, size_t n);

/* What follows a sum's heading: "（単位：千円）" for a 基本目標's,
 * "（単位：千円、3項目の合計）" for the plan's. malloc'd (NULL when out of
 * memory). */
char *rw_sum_unit(const gk_rep_sum *sum);

/* The completeness of c by the rule of progress.h ("87.5%", "-"). */
const char *rw_percent(const gk_rep_count *c, char *buf, size_t n);

/* The series label: "" for the unnamed series, else "（男性）". */
const char *rw_series_label(const gk_rep_series *s, char *buf, size_t n);

/* A heading as the formats with markup write it: open, the level name
 * between lv_open and lv_close unless title already begins with it
 * (rw_level; no level when label is NULL), title, close; esc writes data
 * text in the format's escaping. */
typedef struct rw_markup {
    const char *open, *lv_open, *lv_close, *close;
} rw_markup;
void rw_heading(gk_report_writer *w, const rw_markup *m, const char *label, const char *title,
                void (*esc)(gk_report_writer *w, const char *s));

/* --- the theme matrix's content, one definition for every format ----------------

 * rw_themes_walk gives a writer the matrix (report.h gk_rep_themes) line by
 * line: the head (the item label, then a column per テーマ), a 基本目標's line
 * where the goal changes, an item's line, the 計 line. rw_theme_cell is what
 * stands in column c of a line: the テーマ (head), ○ or "" (item), the
 * count (total), "" (goal). The writer only formats them. */
typedef enum rw_theme_kind {
    RW_THEME_HEAD,
    RW_THEME_GOAL,
    RW_THEME_ITEM,
    RW_THEME_TOTAL
} rw_theme_kind;

typedef struct rw_theme_line {
    rw_theme_kind kind;
    const char *name;            /* the first column: item label, goal, item title or 計 */
    const gk_rep_theme_row *row; /* RW_THEME_ITEM's row, else NULL */
} rw_theme_line;

typedef void (*rw_theme_fn)(gk_report_writer *w, const gk_rep_themes *t, const rw_theme_line *l,
                            void *ctx);

void rw_themes_walk(gk_report_writer *w, const gk_rep_themes *t, rw_theme_fn fn, void *ctx);
const char *rw_theme_cell(const gk_rep_themes *t, const rw_theme_line *l, size_t c, char *buf,
                          size_t n);

/* A node's notes of the year, one definition for every format: fn gets
 * each note there is, in order, with its heading: the status as
 * "令和4(2022)年度取組状況", the next year's plan as
 * "(実績値を踏まえた)令和5(2023)年度の取組内容" (the first words where
 * actuals are reported: an indicator, an item with indicators). */
typedef void (*rw_note_fn)(gk_report_writer *w, const char *head, const char *text, void *ctx);
void rw_notes(gk_report_writer *w, const char *status, const char *next, bool actuals,
              rw_note_fn fn, void *ctx);

/* An indicator's year table, its content once for every format: a head
 * row (the 初期値 column with the first base year any series has, then the
 * years), per series a row of targets (with the series' 初期値, and its base
 * year where it differs from the head's) and one of actuals, then the row
 * of 評価. fn gets each row with its cells for the years [y0, y1); the
 * writer only formats them. */
typedef enum rw_yt_kind { RW_YT_HEAD, RW_YT_TARGET, RW_YT_ACTUAL, RW_YT_GRADE } rw_yt_kind;
typedef struct rw_yt_row {
    rw_yt_kind kind;
    const char *label; /* 目標値（男性）, 実績値（男性）, 評価; "" for the head */
    const char *base;  /* RW_YT_TARGET: the series' 初期値 as written, or NULL */
    int base_year;     /* RW_YT_HEAD: the head's base year; RW_YT_TARGET: the series'
                          own where it differs from the head's; else 0 */
} rw_yt_row;
typedef struct rw_yt_cell {
    const char *text; /* the year label, target, actual or grade shown; NULL: empty */
    bool cur;         /* the report's year */
    bool interim;     /* a target row's 見込 (an expectation, not a target) */
    bool entered;     /* the grade row: entered by the department */
} rw_yt_cell;
typedef void (*rw_yt_fn)(gk_report_writer *w, const rw_yt_row *r, const rw_yt_cell *c, size_t n,
                         void *ctx);
void rw_year_table(gk_report_writer *w, const gk_rep_indicator *ind, size_t y0, size_t y1,
                   rw_yt_fn fn, void *ctx);

/* The reasons given for the 評価 entered for indicator ind, year by year:
 * fn gets each with its heading "＊R4(2022) 評価の理由：". */
void rw_reasons(gk_report_writer *w, const gk_rep_indicator *ind, rw_note_fn fn, void *ctx);

/* report_html.c: writes s HTML-escaped (nothing for NULL). */
void rw_html_esc(gk_report_writer *w, const char *s);
/* report_trend.c: the trend chart of ind as inline SVG (nothing when fewer
 * than two values can be placed). */
void rw_html_trend(gk_report_writer *w, const gk_rep_indicator *ind);

#endif
