/*
 * progress.h — what counts as entered and what no longer needs an entry,
 * the rules behind the tree's `*` marks, `]` / `[` and the submission board.
 *
 * For a fiscal year, an item (or a goal, a policy) is entered when it has
 * that year's 取組状況; an indicator when each of its series has the year's
 * actual (男性 and 女性 both: what submitting asks and what the report
 * counts). An item whose 見直し区分 says it was ended (廃止…, 終了…, 完了…)
 * is not counted as missing, nor are its indicators; the tree shows them
 * dimmed, and the submission board (workflow.h) leaves them out while
 * nothing is saved for them. The counting itself is SQL in src/store/
 * (browse.c, workflow.c), which calls gk_review_ended() through the SQL
 * function gk_ended(review).
 *
 * Owner: src/model/progress.c. Pure, no allocation.
 */
#ifndef GYOKAKU_PROGRESS_H
#define GYOKAKU_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/value.h"

/* True when the 見直し区分 text starts with 廃止, 終了 or 完了 (after any
 * spaces, ASCII or U+3000): 廃止（取組を集約）, 終了, 完了（R5年度）. NULL
 * or any other text (継続, 新規, 統合, 一部廃止): false. */
bool gk_review_ended(const char *review);

/* --- the one completeness rule -------------------------------------------------
 * Used by the report, the summary screen, `status`, submit and the tree.
 * A unit is an indicator, or an item (goal, policy) without indicators.
 *  - An item is entered when its 取組状況 of the year is not blank.
 *  - An indicator is entered when it has series and each has the year's
 *    actual; a qualitative indicator (GK_DIR_QUALITATIVE, value.h) also
 *    when its notes of the year are complete: 取組状況 and 次年度の取組内容
 *    both not blank (what the published documents carry for it).
 *  - A unit that is not entered under an ended item (gk_review_ended) needs
 *    no entry: it is counted apart and left out of the completeness.
 *  - Completeness = entered / (units − ended), written with one decimal,
 *    rounded down (100.0% only when complete), "-" when nothing needs an
 *    entry.
 *  - Where the entry lives is the plan's choice (gk_layout, plan.entry): in a
 *    plan whose notes live on indicators (GK_ENTRY_INDICATORS) an item with
 *    indicators is a container: it is complete when its indicators are, it
 *    is not a row of the submission board, and its departments are its
 *    indicators' (roles.h). In a plan whose notes live on items
 *    (GK_ENTRY_ITEMS, the default) the item needs its own 取組状況 on the
 *    board and for submit. */

/* True when s is NULL or only spaces, tabs, line breaks and U+3000. */
bool gk_note_blank(const char *s);

/* Both 取組状況 and 次年度の取組内容 written. */
bool gk_notes_complete(const char *status, const char *next_plan);

bool gk_item_entered(const char *status);

/* Where a plan keeps its 取組状況 and departments (plan.entry). */
typedef enum gk_layout { GK_ENTRY_ITEMS = 0, GK_ENTRY_INDICATORS } gk_layout;

/* "items" / "indicators" (the stored and typed words). */
const char *gk_layout_name(gk_layout e);

/* The layout named by s: items, indicators (or 取組項目 / 指標); -1 for
 * anything else. */
int gk_layout_from_name(const char *s);

/* Whether an item with nind indicators is a container in layout e. */
bool gk_item_container(gk_layout e, size_t nind);

/* Whether an item is complete for the year in layout e: a container when
 * each of its nind indicators is entered (nind_entered of them), any other
 * item by its own 取組状況 (gk_item_entered). */
bool gk_item_complete(gk_layout e, size_t nind, size_t nind_entered, const char *status);

/* nseries: the indicator's series; nactual: how many of them have the
 * year's actual. */
bool gk_indicator_entered(gk_direction dir, size_t nseries, size_t nactual, const char *status,
                          const char *next_plan);

typedef struct gk_progress {
    long units;   /* counted units */
    long entered; /* entered for the year */
    long ended;   /* not entered, needing no entry (ended item) */
} gk_progress;

/* Counts one unit. */
void gk_progress_count(gk_progress *p, bool entered, bool ended);

/* Units that need an entry: units − ended. */
long gk_progress_needed(const gk_progress *p);

/* Units still missing: needed − entered. */
long gk_progress_missing(const gk_progress *p);

/* Completeness in tenths of a percent, rounded down (1000 only when
 * complete); 1000 when nothing needs an entry. */
long gk_progress_permille(const gk_progress *p);

/* "77.9%", or "-" when nothing needs an entry; returns buf. */
const char *gk_progress_format(const gk_progress *p, char *buf, size_t n);

/* --- the submit guard's plausibility rule -----------------------------------------
 * Submitting WARNS (never refuses) when an actual departs from the earlier
 * years of its series (its 初期値 and the actuals before the year) far
 * beyond their spread: with mean m,
 * spread = max − min of the earlier values and
 *     band = GK_OUTLIER_K × max(spread, GK_OUTLIER_FLOOR × |m|),
 * v is an outlier when |v − m| > band. The relative floor keeps a series
 * that never moved (806, 806, 806人) from warning at every small change,
 * while 806 → 1,023人 (27 %) still warns, and so does the demo's 実稼働職員数
 * (初期値 791人) entered as 1,023人. Without earlier values nothing
 * warns; with m = 0 and no spread any other value warns. */
#define GK_OUTLIER_K 2.0
#define GK_OUTLIER_FLOOR 0.10

typedef struct gk_outlier {
    double mean, lo, hi; /* the earlier values' mean and the band around it */
} gk_outlier;

/* True when v is an outlier against earlier[0..n); out (may be NULL)
 * receives the band. n == 0: false. */
bool gk_actual_outlier(double v, const double *earlier, size_t n, gk_outlier *out);

#endif
