/*
 * export.h — reading plans back out as plan CSV rows, in the order and shape
 * that makes export -> import -> export give the same bytes.
 *
 * Rows come in tree order (children by order of first appearance):
 *  - one definition row per node (年度 empty) with its attributes; an
 *    indicator's row carries 単位 and, when it has no sub-series, 初期値 and
 *    初期値年度; each named series gets its own row with 系列 and its base;
 *  - per indicator and fiscal year, one row per series holding a target or an
 *    actual, the indicator's notes on the first row of that year (or on a
 *    row of their own);
 *  - per item (goal, policy) and fiscal year with notes, one row.
 * Each plan's first row also carries its 計画期間 ("2024-2028", when it has
 * a period) and 階層 ("基本方針/取組/施策"); a plan without nodes gets that
 * row alone (unless a department filter emptied it).
 * Cells are exactly as stored (numbers as first written).
 *
 * Owner: src/store/export.c.
 */
#ifndef GYOKAKU_EXPORT_H
#define GYOKAKU_EXPORT_H

#include "gyokaku/plancols.h"
#include "gyokaku/store.h"

typedef struct gk_export_filter {
    const char *plan; /* NULL: every plan */
    int year;         /* 0: every year; else only that year's value and note rows */
    const char *dept; /* NULL: all; else nodes where the department is main or related,
                         their descendants and their ancestors */
} gk_export_filter;

/* Header names for the level columns: the plans' own labels when all
 * exported plans agree and the header accepts them as aliases (基本方針,
 * 戦略区分 ...), else the canonical names (階層 carries each plan's own). */
typedef struct gk_export_labels {
    char goal[128], policy[128], item[128];
} gk_export_labels;

/* Called once per row; cells[c] is NULL for an empty cell. Return 0 to go on,
 * -1 (with err set) to stop the export. */
typedef int (*gk_export_row_fn)(void *ctx, const char *const cells[GK_NCOLS], gk_error *err);

/* Fills labels and checks the filter (an unknown plan or department is an
 * error). */
int gk_export_prepare(gk_store *s, const gk_export_filter *f, gk_export_labels *labels,
                      gk_error *err);

/* Streams every row through fn, inside one read transaction (a consistent
 * snapshot). Returns 0, or -1 with err. */
int gk_export_rows(gk_store *s, const gk_export_filter *f, gk_export_row_fn fn, void *ctx,
                   gk_error *err);

#endif
