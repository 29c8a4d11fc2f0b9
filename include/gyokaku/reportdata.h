/*
 * reportdata.h — the store's side of `gyokaku report`: a plan's grade
 * bands (plan.grades), the plan and year of a report, and its items
 * streamed in tree order with everything the published layout shows.
 *
 * Streaming: one item (with its indicators, series, values of every plan
 * year and the year's notes) is in memory at a time; its strings live in an
 * arena that is reused for the next item, so memory stays flat however
 * large the plan. Everything is read inside one read transaction (one
 * consistent snapshot), with a page cache of 2 MiB (as the export's; the
 * connection's own size is put back after), which also bounds the sorts.
 *
 * Owner: src/store/report.c.
 */
#ifndef GYOKAKU_REPORTDATA_H
#define GYOKAKU_REPORTDATA_H

#include "gyokaku/report.h"
#include "gyokaku/store.h"

/* The plan's grade spec as stored: *spec is malloc'd, or NULL when the plan
 * uses GK_GRADES_DEFAULT. -1 with err when there is no such plan. */
int gk_plan_grades_get(gk_store *s, const char *plan, char **spec, gk_error *err);

/* Stores spec (checked with gk_grades_parse; NULL: back to the default) in
 * one transaction, with a history row. -1 with err (no such plan, a bad
 * spec naming the band, busy, read-only). */
int gk_plan_grades_set(gk_store *s, const char *plan, const char *spec, gk_error *err);

/* The report's additions the office chose for plan (report.h GK_ADD_*;
 * 0, the plain published layout, when none were chosen). They are kept
 * without a schema change in the table pref under who '' and key
 * "report.additions.<plan uid>". -1 with err when there is no such plan. */
int gk_plan_additions_get(gk_store *s, const char *plan, unsigned *adds, gk_error *err);

/* Applies spec (gk_rep_additions_apply: "+charts,-expected", "none" …) to
 * the plan's additions in one transaction, office only, with a history row
 * (plan, field "report"); *adds (may be NULL) receives the result. -1 with
 * err (a bad spec, no such plan, not the office, busy, read-only). */
int gk_plan_additions_set(gk_store *s, const char *plan, const char *spec, unsigned *adds,
                          gk_error *err);

typedef struct gk_report_query {
    const char *plan; /* NULL: the only plan of the database */
    int year;         /* 0: the latest year with an actual or a note, else the first */
    const char *dept; /* NULL: all; else the nodes of that 所管課 (main or related),
                         their ancestors and descendants */
    bool any_year;    /* accept a year outside the plan's (the screen, `status`); the
                         report refuses one: it would print an empty column */
} gk_report_query;

typedef struct gk_report_data gk_report_data;

/* Resolves the query into a plan description (the plan's years, grades,
 * level names). A missing plan, several plans without --plan, an unknown
 * department, a year outside 1900..2100 or a bad stored grade spec is an
 * error. Returns NULL with err. */
gk_report_data *gk_report_open(gk_store *s, const gk_report_query *q, gk_error *err);
const gk_rep_plan *gk_report_plan(const gk_report_data *d);
void gk_report_close(gk_report_data *d);

/* Callbacks of the stream; each returns 0 to go on or -1 (err set) to stop. */
typedef struct gk_report_sink {
    int (*goal)(void *ctx, const gk_rep_heading *h, gk_error *err);   /* a 基本目標 begins */
    int (*policy)(void *ctx, const gk_rep_heading *h, gk_error *err); /* a 取組方針 begins */
    int (*item)(void *ctx, gk_rep_item *it, gk_error *err);     /* valid during the call */
    /* summable cells (report.h gk_rep_summary_add_cell), after every item */
    int (*cell)(void *ctx, const char *title, const char *unit, long nodes, const char *goal,
                const char *series, int year, const char *target, const char *actual,
                gk_error *err); /* goal: the cell's 基本目標, or NULL */
    void *ctx;
} gk_report_sink;

/* Streams the report's items in tree order, then the cells of the titles
 * that stand under two or more nodes of the plan (title by title, series
 * by series, year by year). Returns 0, or -1 with err. */
int gk_report_stream(gk_store *s, gk_report_data *d, const gk_report_sink *sink, gk_error *err);

/* The completeness of plan (NULL: the only one) for year (0: as the report
 * chooses) by the rule of progress.h, counted as the report and the summary
 * screen count it: the whole plan, or the units whose main 所管課 is dept.
 * *year_used receives the year (may be NULL). Returns 0, or -1 with err. */
int gk_report_progress(gk_store *s, const char *plan, int year, const char *dept,
                       gk_progress *out, int *year_used, gk_error *err);

#endif
