/*
 * import.h — applying plan CSV rows to the database (csv-format.md "Import
 * semantics").
 *
 * One importer is one file and one transaction (BEGIN IMMEDIATE at begin,
 * COMMIT at commit; abort or any error rolls everything back, leaving the
 * database exactly as it was). Rows merge into existing plans: a cell
 * overwrites only when it is not empty and differs; every overwritten value
 * is recorded in the change history; importing the same file twice changes
 * nothing the second time. Within one file, a node's attributes (取組内容,
 * 所管課, テーマ, 見直し区分, 単位, 初期値, 初期値年度) must agree on every row
 * that gives them: a disagreement names both lines.
 *
 * A plan's 計画期間 and 階層 (csv-format.md) are given once per plan, on any
 * of its rows, and must agree where repeated. They are applied at commit:
 * a 計画期間 becomes the plan's period, and every year of the file's rows
 * and of the plan's values and notes in the database must lie in it (else
 * the import fails naming the line); without one the period widens to the
 * rows' years. 階層 sets the level names; without it a header alias names
 * its level. A change of an existing plan's period or level names given by
 * these columns goes to the change history ('plan', 'period' / 'levels').
 * A row holding only 計画, 計画期間 and 階層 is allowed. A name whose plan
 * was renamed away (plan.h) is refused rather than made a second plan.
 *
 * Owner: src/store/import.c, with import_path.c, import_attr.c and
 * import_row.c.
 */
#ifndef GYOKAKU_IMPORT_H
#define GYOKAKU_IMPORT_H

#include "gyokaku/plancols.h"
#include "gyokaku/store.h"

typedef struct gk_import_stats {
    long rows;
    long plans_created, nodes_created, series_created;
    long values_created, values_changed; /* target/actual cells newly set / overwritten */
    long notes_created, notes_changed; /* 取組状況 / 次年度の取組内容 / 評価 cells */
    long attrs_set, attrs_changed;     /* node and series attributes newly set / overwritten */
} gk_import_stats;

typedef struct gk_importer gk_importer;

/* Starts importing file `fname` whose header is h (kept by reference until
 * commit/abort). plan: the --plan NAME (may be NULL). */
gk_importer *gk_import_begin(gk_store *s, const gk_plan_header *h, const char *fname,
                             const char *plan, gk_error *err);

/* Applies one row. On error (message "FILE:LINE:COL: ...") the caller must
 * call gk_import_abort(). */
int gk_import_row(gk_importer *im, const gk_plan_row *row, gk_error *err);

/* Commits and frees im; *out (may be NULL) receives the counts. */
int gk_import_commit(gk_importer *im, gk_import_stats *out, gk_error *err);

/* One overwritten cell of a dry run: tbl 'value' / 'note' / 'node' /
 * 'series' / 'plan', where the node's title path (or the row's uid), field,
 * old and new text (NULL empty). Return 0 to go on, -1 (err set) to stop. */
typedef int (*gk_import_change_fn)(void *ctx, const char *tbl, const char *where, const char *field,
                                   const char *old, const char *new_, gk_error *err);

/* `import --dry-run`: finishes the checks of a commit, gives the counts and
 * each overwritten cell to fn (cells newly set are only counted), then rolls
 * everything back and frees im. Returns 0, or -1 with err. */
int gk_import_dry_run(gk_importer *im, gk_import_stats *out, gk_import_change_fn fn, void *ctx,
                      gk_error *err);

/* Rolls back and frees im. */
void gk_import_abort(gk_importer *im);

#endif
