/*
 * achieve.h — achievement (評価) of an indicator's series by fiscal year:
 * the target in force or an interim expectation, the achievement rate
 * (達成率), met or not, and the grade from a plan's grade bands; and the
 * sums of series whose unit adds up (効果額 in 千円 under several nodes).
 *
 * Rules (issue "The published report and the summary"):
 *  - The target of a year is that year's, or the last one written before it
 *    when the year has none or an arrow (→ ➡: "as before"; gk_target_in_force).
 *  - A year before the first written numeric target gets an interim
 *    expectation (見込) by linear interpolation from the base value and its
 *    year to that target and its year; it is judged against it and marked
 *    interim. Without a base value and year there is no expectation.
 *  - Numeric target, increase (target >= base, or no base): rate =
 *    actual / target; met at actual >= target.
 *  - Numeric target, decrease (target < base): rate = progress from the base
 *    towards the target, (base - actual) / (base - target); a rise above the
 *    base is below 0 %. Met at actual <= target.
 *  - Threshold targets (13%以上, 370,000未満): met when the comparison holds;
 *    the rate is actual / target (≥, >) or target / actual (≤, <).
 *  - Maintain (維持, or an arrow with no earlier target): met when the actual
 *    is within GK_KEEP_TOLERANCE of the base or better in the indicator's
 *    direction; rate = actual / base (or base / actual when lower is better).
 *  - Word targets: 向上/増加 (縮減/減少/削減) with a numeric base and actual
 *    are met when the actual is above (below) the base. 検討, 実施,
 *    検討・実施, 継続 are met when the actual says at least as much (実施 for
 *    検討・実施, any of them for 検討, the same word otherwise); anything else
 *    is left to a person (not computed). A 向上/縮減 target is not met
 *    when the actual is worse than the year before's (it is judged against
 *    the previous year as well as the base).
 *  - Never 達成 nor 概ね達成 when the value moved away from the target's
 *    direction since the base (an increase target with an actual below the
 *    base, a decrease target with one above it; a floor or a ceiling such
 *    as 13%以上 or 370,000未満 has no direction): the grade is the last
 *    band whatever the rate (gk_achievement.regressed).
 *  - Grades: bands such as "達成>=100,概ね達成>=80,未達成" (the default),
 *    "S>=120,A>=100,B>=80,C" or "◎>=100,○>=80,△". A rate gets the first
 *    band whose minimum it reaches, the last band (no minimum) otherwise.
 *    A target that is met gets at least the band that 100 % reaches; one
 *    that is not met gets at most the first band whose minimum is below
 *    100 % (370,000未満 with an actual of 370,000: rate 100 %, not met:
 *    概ね達成). Pass/fail without a rate: the band of 100 %, or the last.
 *
 * Owner: src/model/. Pure; no allocation except gk_grades_parse's result,
 * which the caller frees with gk_grades_free.
 */
#ifndef GYOKAKU_ACHIEVE_H
#define GYOKAKU_ACHIEVE_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/error.h"
#include "gyokaku/value.h"

/* Relative tolerance of a maintain (維持) target. */
#define GK_KEEP_TOLERANCE 0.05

/* One series of an indicator across the plan's fiscal years. */
typedef struct gk_series_years {
    const char *base_raw; /* 初期値 as written, may be NULL */
    int base_year;        /* 初期値年度, 0 when unknown */
    const char *unit;     /* the indicator's 単位, may be NULL */
    gk_direction dir;     /* gk_direction_infer(), or GK_DIR_UNKNOWN */
    size_t n;             /* number of years */
    const int *years;     /* ascending fiscal years */
    const char *const *targets; /* raw 目標値 per year, NULL where none */
    const char *const *actuals; /* raw 実績値 per year, NULL where none */
} gk_series_years;

typedef enum gk_basis {
    GK_BASIS_NONE = 0, /* nothing to judge against, or left to a person */
    GK_BASIS_TARGET,   /* the year's target or one carried from an earlier year */
    GK_BASIS_INTERIM,  /* an interpolated expectation (見込) */
    GK_BASIS_KEEP,     /* maintain the base value */
    GK_BASIS_WORD,     /* a word target (向上, 縮減, 実施 …) */
} gk_basis;

typedef struct gk_achievement {
    gk_basis basis;
    bool computed;   /* false: no actual, or a person must judge */
    bool met;        /* when computed */
    bool has_rate;   /* rate is meaningful */
    double rate;     /* 達成率 in percent */
    double expected; /* GK_BASIS_INTERIM: the expectation */
    int expected_decimals;
    size_t target_from; /* GK_BASIS_TARGET: index of the year the target was written for */
    bool regressed;     /* moved away from the target's direction since the base */
    bool worse_than_previous; /* a 向上/縮減 target: worse than the year before */
} gk_achievement;

/* Judges year index i of s. Always fills *out (basis NONE when nothing). */
void gk_achieve(const gk_series_years *s, size_t i, gk_achievement *out);

/* --- grades ------------------------------------------------------------------ */

typedef struct gk_grade_band {
    char label[32];
    double min;   /* minimum rate in percent; -INFINITY for the last band */
} gk_grade_band;

typedef struct gk_grades {
    size_t n;
    gk_grade_band band[8];
} gk_grades;

/* The default bands: 達成>=100, 概ね達成>=80, 未達成. */
#define GK_GRADES_DEFAULT "達成>=100,概ね達成>=80,未達成"

/* Parses "LABEL>=N,LABEL>=N,…,LABEL": 2 to 8 bands, minimums strictly
 * decreasing, the last without a minimum, labels 1..31 bytes without ',',
 * '>' or '='. Returns 0, or -1 with err naming the band and what is wrong. */
int gk_grades_parse(const char *spec, gk_grades *out, gk_error *err);

/* Writes the bands back as a spec ("達成>=100,概ね達成>=80,未達成"). */
const char *gk_grades_format(const gk_grades *g, char *buf, size_t n);

/* The grade label of an achievement, or NULL when it is not computed. */
const char *gk_grade_of(const gk_grades *g, const gk_achievement *a);

/* --- sums --------------------------------------------------------------------- */

/* True when values in unit add up across nodes (money and counts: 円 千円
 * 人 件 回 時間 …), false for ratios and scores (% ％ 割 倍 率 点 位) and an
 * empty unit. */
bool gk_unit_summable(const char *unit);

/* Formats a sum the way the documents write money: thousands separators,
 * △ for a negative ("△63,660"), `decimals` digits after the point. */
const char *gk_sum_format(double v, int decimals, char *buf, size_t n);

#endif
