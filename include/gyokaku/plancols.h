/*
 * plancols.h — the plan CSV's columns as the rest of the program sees them
 * (csv-format.md "Columns"): the column numbers, the level labels, a parsed
 * header (where each column is) and one row of named cells. io/ fills them
 * from the file (plancsv.h), the store imports and exports rows of them
 * (import.h, export.h): defined here, in the model, so that no store header
 * includes an io/ header (tests/layers.sh).
 *
 * Owner: src/model/ (types only; the functions are plancsv.h's).
 */
#ifndef GYOKAKU_PLANCOLS_H
#define GYOKAKU_PLANCOLS_H

#include <stddef.h>

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

#endif
