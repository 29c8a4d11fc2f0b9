/*
 * plancols.h — the plan CSV's columns as the rest of the program sees them
 * (csv-format.md "Columns"): the column numbers, the level labels, a parsed
 * header (where each column is) and one row of named cells. io/ fills them
 * from the file (plancsv.h), the store imports and exports rows of them
 * (import.h, export.h): defined here, in the model, so that no store header
 * includes an io/ header (tests/layers.sh).
 *
 * Owner: src/model/plancols.c (the names, matching and the list and level
 * parsers; reading a record of a file is io's, plancsv.h).
 */
#ifndef GYOKAKU_PLANCOLS_H
#define GYOKAKU_PLANCOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/error.h"

typedef enum gk_col {
    GK_COL_PLAN,
    GK_COL_PERIOD, /* 計画期間 */
    GK_COL_LEVELS, /* 階層 */
    GK_COL_GOAL,
    GK_COL_POLICY,
    GK_COL_ITEM,
    GK_COL_CONTENT,
    GK_COL_DEPT,
    GK_COL_TAGS,
    GK_COL_REVIEW,
    GK_COL_INDICATOR,
    GK_COL_SERIES,
    GK_COL_UNIT,
    GK_COL_BASE,
    GK_COL_BASE_YEAR,
    GK_COL_YEAR,
    GK_COL_TARGET,
    GK_COL_ACTUAL,
    GK_COL_STATUS,
    GK_COL_NEXT,
    GK_COL_EVAL,
    GK_NCOLS
} gk_col;

/* Level labels: the default names and the accepted aliases. */
#define GK_LABEL_GOAL "基本目標"
#define GK_LABEL_POLICY "取組方針"
#define GK_LABEL_ITEM "取組項目"

typedef struct gk_plan_header {
    int field_of[GK_NCOLS]; /* field index of each column, -1 when absent */
    size_t nfields;         /* fields in the header record */
    const char *label[3];   /* goal, policy, item label as the header names them
                               (static strings: canonical or alias) */
} gk_plan_header;

/* One data row: cells point into the record (valid until the next record),
 * NULL when empty or absent. Single-line cells are trimmed of surrounding
 * spaces; 取組内容, 取組状況 and 次年度の取組内容 are kept exactly. */
typedef struct gk_plan_row {
    const char *cell[GK_NCOLS];
    long line;
} gk_plan_row;

/* Canonical header names, in the order export writes them. */
extern const char *const gk_col_names[GK_NCOLS];

/* The column name (canonical or alias) names: its column and *label the
 * spelling matched, or -1. */
int gk_plan_col_match(const char *name, const char **label);

/* Trims ASCII spaces, tabs and U+3000 from both ends of s, in place. */
char *gk_plan_trim(char *s);

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
