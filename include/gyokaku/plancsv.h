/*
 * plancsv.h — the columns of the plan CSV (csv-format.md "Columns"): header
 * matching by name with the level-name aliases, and turning one CSV record
 * into one row of named cells. Meaning (what a row creates or changes) is
 * the importer's business (import.h).
 *
 * Owner: src/io/plancsv.c. No allocation beyond what is documented.
 */
#ifndef GYOKAKU_PLANCSV_H
#define GYOKAKU_PLANCSV_H

#include <stdbool.h>

#include "gyokaku/csv.h"
#include "gyokaku/error.h"
#include "gyokaku/plancols.h" /* the columns, the header and the row: the model's types */

/* Matches the header record. Unknown or repeated names, or a first line that
 * names no known column at all ("no header"), are errors naming file, line 1
 * and the column. Cells are trimmed of spaces (incl. U+3000) first. */
int gk_plan_header_parse(const gk_csv_record *rec, const char *fname, gk_plan_header *h,
                         gk_error *err);

/* Fills row from rec. A record with more or fewer fields than the header
 * (csv-format.md "Rows:") is an error naming the line and both counts; a
 * value under a header cell that was empty, one naming line and column.
 * Returns 1 for a row, 0 for a row whose cells are all empty (skip it), -1. */
int gk_plan_row_read(const gk_plan_header *h, gk_csv_record *rec, const char *fname,
                     gk_plan_row *row, gk_error *err);

#endif
