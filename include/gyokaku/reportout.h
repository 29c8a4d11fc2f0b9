/*
 * reportout.h — writing the published report (`gyokaku report`): one
 * writer per format, fed the plain structs of report.h in document order:
 *
 *   open (title) → { goal → { policy → item … } … → goal_end } … → summary → close
 *
 * Formats:
 *  - html: one self-contained file (no external fonts, scripts or styles),
 *    lang="ja", A4 print CSS (a page break before each 基本目標, table
 *    headers repeated, rows kept whole), readable on a phone (wide tables
 *    scroll, text wraps); every text from the data escaped; charts as inline
 *    SVG (per 基本目標 a bar of grades, per indicator the targets and
 *    actuals by year with the base marked).
 *  - text: lines of at most opts.width cells measured by the text engine
 *    (text.h), for pasting into mail.
 *  - markdown: headings and pipe tables, every data text escaped.
 *  - csv: only the summary tables, in the plan CSV's conventions (UTF-8 BOM
 *    and CRLF, or CP932; formula guard on).
 * The output depends only on the data (and opts.stamp when given): the same
 * database gives the same bytes. The document's words (目標値, 実績値 …) are
 * those of the published report, not translated.
 *
 * Owner: src/io/report_*.c. Does not call SQLite.
 */
#ifndef GYOKAKU_REPORTOUT_H
#define GYOKAKU_REPORTOUT_H

#include <stdio.h>

#include "gyokaku/csv.h"
#include "gyokaku/report.h"

typedef enum gk_report_format {
    GK_REPORT_HTML,
    GK_REPORT_TEXT,
    GK_REPORT_MARKDOWN,
    GK_REPORT_CSV
} gk_report_format;

/* "html", "text" ("txt"), "markdown" ("md"), "csv". -1 with err. */
int gk_report_format_parse(const char *name, gk_report_format *out, gk_error *err);

#define GK_REPORT_MIN_WIDTH 40

typedef struct gk_report_opts {
    gk_report_format format;
    int width;       /* text: the line width in cells (>= GK_REPORT_MIN_WIDTH) */
    gk_encoding enc; /* csv: GK_ENC_UTF8 or GK_ENC_CP932 */
    bool substitute; /* csv, CP932: substitute what CP932 cannot hold */
} gk_report_opts;

typedef struct gk_report_writer gk_report_writer;

/* Starts the document on `out` (which stays the caller's). NULL with err. */
gk_report_writer *gk_report_writer_open(FILE *out, const gk_report_opts *o, const gk_rep_plan *p,
                                        gk_error *err);

/* A heading with its node's notes of the year (shown under it). */
int gk_report_goal(gk_report_writer *w, const gk_rep_heading *h, gk_error *err);
int gk_report_policy(gk_report_writer *w, const gk_rep_heading *h, gk_error *err);
int gk_report_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err);
/* The end of the current goal with its counts (NULL when it had no unit). */
int gk_report_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err);
int gk_report_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err);
/* The theme matrix (report.h gk_rep_themes), after the items: nothing when
 * the plan has no tags. Printed in every layout (it is the plan's own
 * data, not an addition); the CSV, which holds the summary tables, leaves
 * it out. */
int gk_report_themes(gk_report_writer *w, const gk_rep_themes *t, gk_error *err);

/* Ends the document, flushes and frees w. -1 with err on a write error. */
int gk_report_writer_close(gk_report_writer *w, gk_error *err);

/* Escapes s for HTML text and attribute values (& < > " '), invalid UTF-8
 * and control characters other than line breaks and tabs written as U+FFFD.
 * Returns a malloc'd string (NULL when out of memory). */
char *gk_html_escape(const char *s);

/* Escapes s for a Markdown table cell or paragraph: HTML-escaped as above,
 * then \ ` * _ [ ] | # made literal with a backslash, line breaks as <br>.
 * Returns a malloc'd string. */
char *gk_md_escape(const char *s);

#endif
