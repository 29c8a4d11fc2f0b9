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

/* Canonical header names, in the order export writes them. */
extern const char *const gk_col_names[GK_NCOLS];

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

/* Column number (1-based) of col in the file, for messages; 0 when absent. */
int gk_plan_col_number(const gk_plan_header *h, gk_col col);

/* Whether the header accepts name for column col (its canonical name or an
 * alias: 基本方針 for 基本目標 ...), so that export can write it there. */
bool gk_plan_header_accepts(gk_col col, const char *name);

/* The level names of the 階層 column: three names joined by /,
 * "基本方針/取組/施策"; each trimmed, none empty, none longer than
 * GK_LEVEL_NAME_MAX - 1 bytes. Returns 0 with out[0..2] set, or -1 with err
 * saying what is wrong (the caller adds file, line and column). */
#define GK_LEVEL_NAME_MAX 128
int gk_plan_levels_parse(const char *s, char out[3][GK_LEVEL_NAME_MAX], gk_error *err);

/* Splits a department / tag list on 、 ; ；; trims each part. Calls fn
 * for each non-empty part (a NUL-terminated copy on the stack, max 255
 * bytes, longer parts are an error). Returns 0, or -1 with err. */
int gk_split_list(const char *list, int (*fn)(void *ctx, const char *part), void *ctx,
                  gk_error *err);

#endif
