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

/* True when the 見直し区分 text starts with 廃止, 終了 or 完了 (after any
 * spaces, ASCII or U+3000): 廃止（取組を集約）, 終了, 完了（R5年度）. NULL
 * or any other text (継続, 新規, 統合, 一部廃止): false. */
bool gk_review_ended(const char *review);

#endif
