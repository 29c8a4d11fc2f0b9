/*
 * sheet.h — the 調査票 of a 所管課 off the host: what a workbook carries
 * (`gyokaku sheet`) and taking the filled workbook back (`gyokaku collect`).
 *
 * A workbook is made for one database, plan, fiscal year and department.
 * Its hidden identity sheet records the database's uid (made on first use,
 * kept in the history as table 'database'), the plan's uid, the year, the
 * department and the workbook's own token; each entry row carries, in
 * hidden columns, its node's uid, the series, which fields it holds, the
 * text of each of those fields at that moment, and a check derived from
 * all of them and the token, so that an altered identity cell is found.
 *
 * Taking it back compares three texts per field: the one recorded when the
 * workbook was made (orig), the workbook's, and the master's now. Workbook
 * unchanged: nothing. Workbook changed, master not (or master already the
 * same): the workbook's text is applied. Both changed differently: a
 * conflict, applied only as decided (keep master / take sheet / an edited
 * text). A conflict decided "keep master" is remembered (history table
 * 'sheet') so that collecting the same file again asks nothing and changes
 * nothing. Issue and collection are recorded in the history too (table
 * 'sheet', fields 'issued' and 'collected'), from which `status` tells
 * which departments' workbooks are outstanding.
 *
 * Owner: src/store/sheet.c and sheet_collect.c (SQL). The file format is io/
 * (xlsx.h).
 */
#ifndef GYOKAKU_SHEET_H
#define GYOKAKU_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/entry.h"
#include "gyokaku/node.h"
#include "gyokaku/sheethead.h" /* the head and the field mask: the model's part */
#include "gyokaku/store.h"

/* One row of the entry sheet as the store gives it (strings valid during
 * the callback). An indicator has one row per series (notes on the
 * first); an item one row. */
typedef struct gk_sheet_row {
    char node_uid[33];
    gk_node_kind kind;
    const char *path;      /* the ancestors' titles, "／"-joined */
    const char *title;     /* the item's or indicator's */
    const char *content;   /* 取組内容 (the item's, also for its indicators) */
    const char *series;    /* "" unnamed */
    const char *unit;      /* "" none */
    const char *base;      /* 初期値 */
    const char *target;    /* this year's target in force */
    const char *past;      /* earlier actuals, "R4: 150 / R5: 157.1" */
    const char *last_next; /* last year's 次年度の取組内容 */
    const char *comment;   /* the 差し戻し comment */
    bool qualitative;      /* actual chosen from gk_qualitative_values */
    bool has[GK_SHEET_NFIELDS];
    const char *orig[GK_SHEET_NFIELDS];
    char check[33];
} gk_sheet_row;

/* One row read back from a workbook (strings valid during the callback). */
typedef struct gk_sheet_cells {
    long row; /* 1-based row of the entry sheet */
    const char *node_uid, *series, *mask, *check;
    const char *orig[GK_SHEET_NFIELDS];
    const char *text[GK_SHEET_NFIELDS];
    char cell[GK_SHEET_NFIELDS][40]; /* "入力!L12" */
    const char *id_cell;             /* where the identity starts, for messages */
} gk_sheet_cells;

/* The row check (see above) into out[33]. */
void gk_sheet_row_check(const char *token, const char *node_uid, const char *series,
                        const char *mask, const char *const orig[GK_SHEET_NFIELDS], char out[33]);

/* The check of h's identity (database, plan, year, department, token,
 * grades) into out[33]. */
void gk_sheet_head_check(const gk_sheet_head *h, char out[33]);

/* --- making ------------------------------------------------------------------------ */

/* Fills h for plan (NULL: the only plan), year and department: refuses an
 * unknown plan or department, a login that is not the office; makes the
 * database's uid when it has none (one write transaction). */
int gk_sheet_prepare(gk_store *s, const char *plan, int year, const char *dept, gk_sheet_head *h,
                     gk_error *err);

/* The departments that lead an item or indicator of plan (names, sorted
 * as the board does); free each and the array. */
int gk_sheet_depts(gk_store *s, const char *plan, char ***out, size_t *n, gk_error *err);

/* Streams the rows of h's department in tree order (one read transaction). */
typedef int (*gk_sheet_row_fn)(void *ctx, const gk_sheet_row *r, gk_error *err);
int gk_sheet_rows(gk_store *s, const gk_sheet_head *h, gk_sheet_row_fn fn, void *ctx,
                  gk_error *err);

/* Records that the workbook of h was issued (written to file). */
int gk_sheet_issued(gk_store *s, const gk_sheet_head *h, const char *file, gk_error *err);

/* --- taking back ------------------------------------------------------------------- */

typedef enum gk_sheet_decision {
    GK_SD_TAKE_SHEET = 0, /* the default of a change that is no conflict */
    GK_SD_KEEP_MASTER,
    GK_SD_EDITED, /* `final` holds the text */
    GK_SD_UNDECIDED,
} gk_sheet_decision;

typedef struct gk_sheet_change {
    int64_t node_id;
    char node_uid[33];
    gk_field_kind kind;
    char *series;
    char *path; /* the node's title path, for lists */
    char cell[40];
    char *orig, *sheet, *master; /* NULL = empty; sheet as it will be saved */
    bool conflict;
    gk_sheet_decision decision;
    char *final; /* GK_SD_EDITED */
} gk_sheet_change;

typedef struct gk_collect gk_collect;

/* Checks h against the database (its uid, the plan, the department; the
 * office, or a clerk or supervisor of that department). NULL with err
 * naming the reason. */
gk_collect *gk_collect_begin(gk_store *s, const gk_sheet_head *h, const char *file, gk_error *err);
/* One entry row: its identity checked (-1 with err: the workbook is
 * refused), its changed cells validated (problems collected, see below),
 * compared with the master. */
int gk_collect_row(gk_collect *c, const gk_sheet_cells *cells, gk_error *err);
/* Problems found in cells, one message each naming the cell. */
size_t gk_collect_problems(const gk_collect *c, const char *const **msgs);
/* The changes and conflicts (conflicts start GK_SD_UNDECIDED). */
gk_sheet_change *gk_collect_changes(gk_collect *c, size_t *n);
/* Writes every decided change in one transaction, with history naming the
 * file and the 記入者; the master must still be as compared (else nothing
 * is written: collect again). Refuses when a conflict is undecided or a
 * problem was found. Returns the number of fields written, or -1. */
long gk_collect_apply(gk_collect *c, gk_error *err);
void gk_collect_free(gk_collect *c);

/* Validates one text for field kind of an entry field f (unit, choices of a
 * qualitative indicator, the plan's grades, lengths) as the entry form
 * does; 0 or -1 with err. */
int gk_sheet_validate(const gk_entry_field *f, bool qualitative, const gk_sheet_head *h,
                      const char *text, gk_error *err);

/* --- status -------------------------------------------------------------------------- */

typedef struct gk_sheet_status {
    char *dept;
    long issued, collected; /* workbooks */
    char last_collected[32];
} gk_sheet_status;

/* Per department the workbooks issued for plan (NULL: every plan) and year
 * and how many came back. */
int gk_sheet_status_list(gk_store *s, const char *plan, int year, gk_sheet_status **out, size_t *n,
                         gk_error *err);
void gk_sheet_status_free(gk_sheet_status *st, size_t n);

#endif
