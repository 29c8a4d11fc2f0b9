/*
 * reportrun.h — the whole `gyokaku report` pipeline behind one call: the
 * store's plan and items (reportdata.h), the office's additions with --with
 * and --without over them, a locked year read from what it showed when it
 * was locked (frozen.h), the judgement and summary (report.h) and the
 * writer of the chosen format (reportout.h) into one stream.
 *
 * The command (cli/report.c) only parses its options, resolves the year and
 * the output and calls gk_report_write; the unit tests call the same.
 *
 * Owner: src/io/report_run.c. Calls store/ (never SQLite itself).
 */
#ifndef GYOKAKU_REPORTRUN_H
#define GYOKAKU_REPORTRUN_H

#include <stdbool.h>
#include <stdio.h>

#include "gyokaku/reportdata.h"
#include "gyokaku/reportout.h"

typedef struct gk_report_request {
    gk_report_query q;          /* plan, year, dept */
    gk_report_opts o;           /* format, width, encoding */
    const char *with, *without; /* --with / --without lists (report.h), or NULL */
    bool stamp;                 /* write the time of making into the report */
} gk_report_request;

/* Writes the report r asks for from s into out (which stays the caller's).
 * *frozen_year (may be NULL) receives the year when it was locked and the
 * report shows it as it was then, else 0 (set even when writing fails, so
 * the caller can say so). Returns 0, or -1 with err. */
int gk_report_write(gk_store *s, const gk_report_request *r, FILE *out, int *frozen_year,
                    gk_error *err);

#endif
