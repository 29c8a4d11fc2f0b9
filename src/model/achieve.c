/*
 * achieve.c — achievement rates, interim expectations, grades and sums
 * (see achieve.h for the rules).
 */
#include "gyokaku/achieve.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* The number in raw, or false. */
static bool number(const char *raw, const char *unit, gk_value *v)
{
    return gk_value_parse(raw, unit, v, NULL) == 0 && v->kind == GK_VAL_NUMBER;
}

/* The target written for year k or carried to it: index, or -1. An arrow
 * or an empty year carries the last written target. */
static long target_index(const gk_series_years *s, size_t i)
{
    size_t k;
    return gk_target_in_force(s->targets, s->n, i, &k) ? (long)k : -1;
}

/* An arrow written at or before year i with no written target before it:
 * maintain the base value. */
static bool keep_by_arrow(const gk_series_years *s, size_t i)
{
    assert(i < s->n); /* judge returned before for a year outside the series */
    for (size_t k = 0; k <= i; k++)
        if (gk_target_is_arrow(s->targets[k])) return true;
    return false;
}

static void judge_number(const gk_value *target, const gk_value *actual, const gk_value *base,
                         bool has_base, gk_achievement *a)
{
    double t = target->num, x = actual->num;
    a->computed = a->has_rate = true;
    switch (target->cmp) {
    case GK_CMP_GE:
    case GK_CMP_GT:
        a->met = target->cmp == GK_CMP_GE ? x >= t : x > t;
        a->has_rate = t > 0;
        a->rate = t > 0 ? x / t * 100 : 0;
        return;
    case GK_CMP_LE:
    case GK_CMP_LT:
        a->met = target->cmp == GK_CMP_LE ? x <= t : x < t;
        a->has_rate = x > 0;
        a->rate = x > 0 ? t / x * 100 : 0;
        return;
    default:
        break;
    }
    if (has_base && t < base->num) { /* decrease: progress from the base */
        a->met = x <= t;
        a->rate = (base->num - x) / (base->num - t) * 100;
        return;
    }
    a->met = x >= t;
    a->has_rate = t != 0;
    a->rate = t != 0 ? x / t * 100 : 0;
}

static void judge_keep(const gk_value *base, const gk_value *actual, gk_direction dir,
                       gk_achievement *a)
{
    double b = base->num, x = actual->num;
    bool down = dir == GK_DIR_DECREASE;
    a->computed = true;
    a->met = fabs(x - b) <= GK_KEEP_TOLERANCE * fabs(b) || (down ? x < b : x > b);
    a->has_rate = down ? x != 0 : b != 0;
    a->rate = !a->has_rate ? 0 : down ? b / x * 100 : x / b * 100;
}

static void judge_word(const char *target, const char *actual_raw, const gk_value *actual,
                       const gk_value *base, bool has_base, const gk_value *prev, bool has_prev,
                       gk_direction dir, gk_achievement *a)
{
    a->basis = GK_BASIS_WORD;
    bool up = gk_target_says_up(target), down = gk_target_says_down(target);
    if ((up || down) && has_base && actual->kind == GK_VAL_NUMBER) {
        /* better than the base, and not worse than the year before */
        double x = actual->num;
        a->computed = true;
        a->met = down ? x < base->num : x > base->num;
        if (has_prev && (down ? x > prev->num : x < prev->num)) {
            a->met = false;
            a->worse_than_previous = true;
        }
        return;
    }
    if (strcmp(target, "維持") == 0 && has_base && actual->kind == GK_VAL_NUMBER) {
        a->basis = GK_BASIS_KEEP;
        judge_keep(base, actual, dir, a);
        return;
    }
    /* 検討 < 検討・実施 < 実施 as the documents use them; 継続 only by itself */
    int want = gk_qualitative_step(target), got = gk_qualitative_step(actual_raw);
    if (want >= 0 && got >= 0) {
        a->computed = true;
        a->met = want == 0 || got >= want; /* 検討 is met by any step; 実施 only by 実施 */
        return;
    }
    if (strcmp(target, "継続") == 0 && actual_raw && strcmp(actual_raw, "継続") == 0)
        a->computed = a->met = true;
}

/* The first numeric target written after year i, for an interim expectation. */
static bool interim(const gk_series_years *s, size_t i, const gk_value *base, gk_achievement *a)
{
    if (!s->base_year) return false;
    for (size_t k = i + 1; k < s->n; k++) {
        gk_value t;
        if (!s->targets[k] || !number(s->targets[k], s->unit, &t)) continue;
        if (t.cmp != GK_CMP_EQ || s->years[k] <= s->base_year || s->years[i] < s->base_year)
            return false;
        double f = (double)(s->years[i] - s->base_year) / (s->years[k] - s->base_year);
        double p = pow(10, t.decimals);
        a->expected = round((base->num + (t.num - base->num) * f) * p) / p;
        a->expected_decimals = t.decimals;
        a->basis = GK_BASIS_INTERIM;
        return true;
    }
    return false;
}

/* The direction the target of year i asks for: +1 up, -1 down, 0 none
 * (maintain, a word such as 実施, or nothing known). */
static int wanted(const gk_series_years *s, const gk_achievement *a, long k, const gk_value *base,
                  bool has_base)
{
    gk_value t;
    if (a->basis == GK_BASIS_KEEP) return 0;
    if (a->basis == GK_BASIS_INTERIM && has_base)
        return a->expected > base->num ? 1 : a->expected < base->num ? -1 : 0;
    if (k >= 0 && number(s->targets[k], s->unit, &t)) {
        if (t.cmp != GK_CMP_EQ) return 0; /* a floor or a ceiling: no direction */
        if (has_base) return t.num > base->num ? 1 : t.num < base->num ? -1 : 0;
    }
    if (k >= 0 && gk_target_says_up(s->targets[k])) return 1;
    if (k >= 0 && gk_target_says_down(s->targets[k])) return -1;
    return s->dir == GK_DIR_INCREASE ? 1 : s->dir == GK_DIR_DECREASE ? -1 : 0;
}

static void judge(const gk_series_years *s, size_t i, gk_achievement *a);

void gk_achieve(const gk_series_years *s, size_t i, gk_achievement *a)
{
    judge(s, i, a);
    if (!a->computed || i >= s->n) return;
    gk_value base, actual;
    bool has_base = number(s->base_raw, s->unit, &base);
    if (!has_base || !number(s->actuals[i], s->unit, &actual)) return;
    int w = wanted(s, a, a->basis == GK_BASIS_INTERIM ? -1 : target_index(s, i), &base, has_base);
    /* moved away from the target's direction since the base: never met */
    if ((w > 0 && actual.num < base.num) || (w < 0 && actual.num > base.num)) {
        a->regressed = true;
        a->met = false;
    }
}

static void judge(const gk_series_years *s, size_t i, gk_achievement *a)
{
    memset(a, 0, sizeof *a);
    if (i >= s->n) return;
    gk_value base, actual, target;
    bool has_base = number(s->base_raw, s->unit, &base);
    bool has_actual =
        gk_value_parse(s->actuals[i], s->unit, &actual, NULL) == 0 && actual.kind != GK_VAL_EMPTY;
    long k = target_index(s, i);
    if (k < 0) {
        if (has_base && interim(s, i, &base, a)) {
            gk_value e = {.kind = GK_VAL_NUMBER, .num = a->expected};
            if (has_actual && actual.kind == GK_VAL_NUMBER)
                judge_number(&e, &actual, &base, true, a);
        } else if (has_base && keep_by_arrow(s, i)) {
            a->basis = GK_BASIS_KEEP;
            if (has_actual && actual.kind == GK_VAL_NUMBER) judge_keep(&base, &actual, s->dir, a);
        }
        return;
    }
    a->target_from = (size_t)k;
    if (number(s->targets[k], s->unit, &target)) {
        a->basis = GK_BASIS_TARGET;
        if (has_actual && actual.kind == GK_VAL_NUMBER)
            judge_number(&target, &actual, &base, has_base, a);
        return;
    }
    gk_value prev;
    bool has_prev = i > 0 && number(s->actuals[i - 1], s->unit, &prev);
    if (has_actual)
        judge_word(s->targets[k], s->actuals[i], &actual, &base, has_base, &prev, has_prev, s->dir,
                   a);
    else
        a->basis = GK_BASIS_WORD;
}

/* --- grades ------------------------------------------------------------------ */

static int band_error(gk_error *err, size_t i, const char *what)
{
    gk_error_set(err, _("grade band %zu: %s"), i + 1, what);
    return -1;
}

int gk_grades_parse(const char *spec, gk_grades *out, gk_error *err)
{
    memset(out, 0, sizeof *out);
    const char *p = spec ? spec : "";
    for (size_t i = 0;; i++) {
        const char *end = p + strcspn(p, ",");
        const char *op = strstr(p, ">=");
        if (op && op > end) op = NULL;
        const char *label_end = op ? op : end;
        while (p < label_end && *p == ' ')
            p++;
        while (label_end > p && label_end[-1] == ' ')
            label_end--;
        size_t len = (size_t)(label_end - p);
        if (i >= 8) return band_error(err, i, _("at most 8 bands"));
        if (len == 0 || len >= sizeof out->band[i].label)
            return band_error(err, i, _("a label of 1 to 31 bytes is needed"));
        if (memchr(p, '>', len) || memchr(p, '=', len))
            return band_error(err, i, _("write the minimum as LABEL>=NUMBER"));
        memcpy(out->band[i].label, p, len);
        out->n = i + 1;
        if (!op) {
            out->band[i].min = -INFINITY;
            if (*end) return band_error(err, i, _("only the last band has no minimum"));
            break;
        }
        char *num_end;
        double min = strtod(op + 2, &num_end);
        while (*num_end == ' ' || *num_end == '%')
            num_end++;
        if (num_end == op + 2 || num_end != end || !isfinite(min))
            return band_error(err, i, _("the minimum is not a number"));
        if (i > 0 && min >= out->band[i - 1].min)
            return band_error(err, i, _("minimums must decrease from band to band"));
        out->band[i].min = min;
        if (!*end) return band_error(err, i, _("the last band must have no minimum"));
        p = end + 1;
    }
    if (out->n < 2) return band_error(err, 0, _("at least 2 bands are needed"));
    return 0;
}

const char *gk_grades_format(const gk_grades *g, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < g->n && o < n; i++) {
        int w = isfinite(g->band[i].min)
                    ? snprintf(buf + o, n - o, "%s%s>=%g", i ? "," : "", g->band[i].label,
                               g->band[i].min)
                    : snprintf(buf + o, n - o, "%s%s", i ? "," : "", g->band[i].label);
        if (w < 0) break;
        o += (size_t)w;
    }
    return buf;
}

static size_t band_index(const gk_grades *g, double rate)
{
    assert(g->n > 0); /* gk_grade_of returns before: g->n - 1 would wrap */
    for (size_t i = 0; i < g->n; i++)
        if (rate >= g->band[i].min) return i;
    return g->n - 1;
}

const char *gk_grade_of(const gk_grades *g, const gk_achievement *a)
{
    if (!a->computed || g->n == 0) return NULL;
    if (a->regressed) return g->band[g->n - 1].label; /* never 達成 nor 概ね達成 */
    size_t full = band_index(g, 100);
    if (a->met) {
        size_t b = a->has_rate ? band_index(g, a->rate) : full;
        return g->band[b < full ? b : full].label;
    }
    if (!a->has_rate) return g->band[g->n - 1].label;
    size_t b = band_index(g, a->rate);
    if (b <= full) b = full + 1 < g->n ? full + 1 : g->n - 1;
    return g->band[b].label;
}

/* --- sums --------------------------------------------------------------------- */

bool gk_unit_summable(const char *unit)
{
    static const char *const ratios[] = {"%", "％", "割", "倍", "率", "点", "位"};
    if (!unit || !*unit) return false;
    for (size_t i = 0; i < sizeof ratios / sizeof *ratios; i++)
        if (strstr(unit, ratios[i])) return false;
    return true;
}

const char *gk_sum_format(double v, int decimals, char *buf, size_t n)
{
    gk_value x = {.kind = GK_VAL_NUMBER, .num = fabs(v), .decimals = decimals};
    char digits[64];
    gk_value_format(&x, digits, sizeof digits);
    double p = pow(10, decimals);
    bool negative = round(v * p) < 0;
    snprintf(buf, n, "%s%s", negative ? "△" : "", digits);
    return buf;
}
