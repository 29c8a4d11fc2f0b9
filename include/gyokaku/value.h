/*
 * value.h — what a target (目標値) or actual (実績値) cell means, and the
 * evaluation (評価) proposed from them.
 *
 * A cell is kept exactly as written (the raw text is what is stored and
 * exported); this module derives its meaning: a number (with the decimals it
 * was written with, and an optional threshold comparison) or a text.
 *
 * Number syntax (csv-format.md "Numbers"): optional sign (- − － △ ▲ make it
 * negative, + ＋ ignored), half- or full-width digits, thousands separators
 * (, ，), a decimal point (. ．), then optionally spaces, the indicator's unit
 * or % / ％, then optionally spaces and one comparison word: 以上 (>=), 以下
 * (<=), 以内 (<=, as 以下), 超 (>), 未満 (<). Anything else after the number is an error naming
 * the expected unit. A cell that does not start with a number is text.
 *
 * Owner: src/model/. Pure, no allocation.
 */
#ifndef GYOKAKU_VALUE_H
#define GYOKAKU_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/error.h"

/* Longest actual (実績値) or 評価 the entry form accepts, in characters. */
#define GK_ACTUAL_MAX_CHARS 200

typedef enum gk_cmp { GK_CMP_EQ = 0, GK_CMP_GE, GK_CMP_GT, GK_CMP_LE, GK_CMP_LT } gk_cmp;

/* The comparison word of c as written after a number: "" (GK_CMP_EQ), 以上,
 * 超, 以下, 未満. */
const char *gk_cmp_word(gk_cmp c);

/* Words in a target that say which way it goes: 向上 増加 拡大 拡充 (up),
 * 縮減 減少 削減 抑制 低減 (down), 維持 (keep). True when t (may be NULL)
 * contains one of them. */
bool gk_target_says_up(const char *t);
bool gk_target_says_down(const char *t);
bool gk_target_says_keep(const char *t);

/* The values the plans write for a qualitative indicator, in the order the
 * entry form offers them (検討, 実施, 検討・実施, 継続, 完了, 未実施). */
extern const char *const gk_qualitative_values[];
extern const size_t gk_qualitative_count;

/* The steps of a qualitative target as the documents order them: 0 検討,
 * 1 検討・実施, 2 実施; -1 for any other word (or NULL). */
int gk_qualitative_step(const char *w);

typedef enum gk_value_kind { GK_VAL_EMPTY = 0, GK_VAL_NUMBER, GK_VAL_TEXT } gk_value_kind;

typedef struct gk_value {
    gk_value_kind kind;
    double num;   /* GK_VAL_NUMBER */
    int decimals; /* digits written after the decimal point */
    gk_cmp cmp;   /* threshold target: 13%以上 -> GK_CMP_GE */
} gk_value;

/* Parses raw (may be NULL or "" -> GK_VAL_EMPTY). unit is the indicator's
 * 単位 (may be NULL/""). Returns 0, or -1 with err = "expected unit 人, found
 * 件" (or "unit ... not allowed: the indicator has no unit"). */
int gk_value_parse(const char *raw, const char *unit, gk_value *out, gk_error *err);

/* True when raw is a number cell whatever the indicator's unit: an optional
 * sign, digits, then nothing but spaces, a unit made of letters (any
 * non-ASCII character, A-Z a-z, %) and a comparison word. "-5", "△63,660",
 * "157.1時間", "13%以上" are numbers; "-2+3+cmd|..." and "=1+1" are not.
 * Used by the CSV formula guard (csv-format.md "Formula guard"). */
bool gk_value_is_number_cell(const char *raw);

/* Writes v->num with v->decimals decimals and thousands separators
 * ("26,684", "157.1", "-63,660") into buf. Returns buf. */
const char *gk_value_format(const gk_value *v, char *buf, size_t n);

/* An actual as it is saved: the number `typed` (any form gk_value_parse
 * accepts: full-width digits, ，, ．, a unit, a comparison word) rewritten
 * in the style of the indicator's other cells, so that one indicator does not
 * mix `157.1` and `157.1時間`. others[0..n) are those cells ordered from the
 * least to the most telling (the caller passes 初期値, the targets, then the
 * earlier actuals, oldest first): the last one that is a number sets the
 * style —
 *  - its unit text after the number, exactly as written there (時間, %, ％)
 *    or none, with a space before it when it has one;
 *  - thousands separators (,) when it has them; a number below 1,000 says
 *    nothing about them, and then they are written;
 * while the value (sign, digits, the decimals typed) and the comparison word
 * (以上 …) are the typed ones, in half-width characters. Without any number
 * among others the typed unit is kept (％ written %), with separators.
 * Returns buf, or NULL when typed is not a number (a text such as 実施,
 * empty, or a wrong unit: keep it as typed; validation speaks of the unit). */
const char *gk_value_restyle(const char *typed, const char *unit, const char *const *others,
                             size_t n, char *buf, size_t size);

/* Direction of an indicator. */
typedef enum gk_direction {
    GK_DIR_UNKNOWN = 0,
    GK_DIR_INCREASE,   /* 増加 / 向上: higher is better */
    GK_DIR_DECREASE,   /* 減少 / 縮減 / 削減: lower is better */
    GK_DIR_KEEP,       /* 維持 */
    GK_DIR_QUALITATIVE /* 検討 / 実施 ...: no numbers to compare */
} gk_direction;

/* Stored names: "increase", "decrease", "keep", "qualitative", "" (unknown). */
const char *gk_direction_name(gk_direction d);
gk_direction gk_direction_from_name(const char *name);

/* Infers the direction from the base value and the targets as written
 * (numeric target above base -> increase; 縮減/減少/削減 or a target below the
 * base or 未満/以下 -> decrease; 向上/増加/以上/超 -> increase; 維持 -> keep;
 * only texts -> qualitative). targets may contain NULLs. */
gk_direction gk_direction_infer(const char *base_raw, const char *const *targets, int ntargets,
                                const char *unit);

/* True when t is an arrow that means "as before" (→ ➡ ⇒). */
bool gk_target_is_arrow(const char *t);

/* The target in force in year i of targets[0..n) (oldest first, NULL where
 * a year has none): that year's, unless it is empty or an arrow (→ ➡ ⇒, "as
 * before"), else the last one written before it. NULL when there is none;
 * *from (may be NULL) receives the index of the year it was written for. */
const char *gk_target_in_force(const char *const *targets, size_t n, size_t i, size_t *from);

/* Evaluation labels (stored as these Japanese words, as the documents do). */
#define GK_EVAL_MET "達成"
#define GK_EVAL_NEAR "概ね達成"
#define GK_EVAL_NOT_MET "未達成"
/* The three in that order (the choices of 評価 in the entry form). */
extern const char *const gk_eval_labels[3];

/* Proposes 評価 for one year, or returns NULL when it cannot be computed
 * (a text actual, no actual, no numbers or words to compare). It is the
 * grade that achieve.h gives the year (gk_achieve, gk_grade_of) under the
 * default bands GK_GRADES_DEFAULT, target_raw being the target in force:
 * one copy of the rules for the entry form, the details and the report.
 * base_raw, target_raw, actual_raw are raw cells; unit the indicator's. */
const char *gk_eval_propose(const char *base_raw, const char *target_raw, const char *actual_raw,
                            const char *unit, gk_direction dir);

/* The 評価 reason rule: an evaluation that differs from the proposal (a
 * proposal exists and the texts differ) needs a reason that is not blank.
 * True when that reason is missing. Every path that stores an evaluation
 * asks this (the entry form's save). */
bool gk_eval_needs_reason(const char *proposal, const char *evaluation, const char *reason);

#endif
