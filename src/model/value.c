/*
 * value.c — the meaning of a target or actual cell, and the evaluation
 * proposed from them (see value.h for the syntax and the rules).
 */
#include "gyokaku/value.h"

#include "gyokaku/achieve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* --- scanning --------------------------------------------------------------------- */

/* Accepts one of the UTF-8 words in list at *p; returns its index or -1. */
static int accept_any(const char **p, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (**p != list[i][0]) continue; /* most cells: no strlen, no strncmp */
        size_t len = strlen(list[i]);
        if (strncmp(*p, list[i], len) == 0) {
            *p += len;
            return (int)i;
        }
    }
    return -1;
}

static void skip_spaces(const char **p)
{
    static const char *const spaces[] = {" ", "\t", "\u3000"};
    unsigned char c = (unsigned char)**p;
    if (c != ' ' && c != '\t' && c != 0xE3) return; /* most cells: no space at all */
    while (accept_any(p, spaces, 3) >= 0)
        ;
}

/* A digit, half- or full-width: its value, advancing *p; -1 otherwise. */
static int digit(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    if (u[0] >= '0' && u[0] <= '9') {
        (*p)++;
        return u[0] - '0';
    }
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) { /* ０..９ */
        *p += 3;
        return u[2] - 0x90;
    }
    return -1;
}

static bool peek_digit(const char *p)
{
    return digit(&p) >= 0;
}

static const char *const minus_signs[] = {"-", "\u2212", "\uFF0D", "\u25B3", "\u25B2"};
static const char *const plus_signs[] = {"+", "\uFF0B"};
static const char *const group_seps[] = {",", "\uFF0C"};
static const char *const decimal_points[] = {".", "\uFF0E"};
static const char *const percent_signs[] = {"%", "\uFF05"};
/* Indexed by gk_cmp; parsing tries them in this order (以上 before 以下 …). */
static const char *const cmp_words[] = {"", "以上", "超", "以下", "未満"};

const char *gk_cmp_word(gk_cmp c)
{
    return c >= GK_CMP_EQ && c <= GK_CMP_LT ? cmp_words[c] : "";
}

/* Reads the numeric part: digits with separators and one decimal point;
 * *sep (may be NULL) tells whether a thousands separator was used. Thousands
 * separators group the integer part in threes (1,234,567: at most three
 * digits before the first, exactly three after each): *bad (may be NULL)
 * receives the first separator out of place (26,68 or 1,2,3), else NULL. */
static bool read_digits_sep(const char **p, double *num, int *decimals, bool *sep, const char **bad)
{
    double v = 0;
    int d, frac = -1, group = 0; /* digits since the start or the last separator */
    bool any = false, grouped = false;
    const char *last_sep = NULL;
    if (bad) *bad = NULL;
    for (;;) {
        const char *save = *p;
        if ((d = digit(p)) >= 0) {
            v = v * 10 + d;
            if (frac >= 0)
                frac++;
            else
                group++;
            any = true;
        } else if (any && frac < 0 && accept_any(p, group_seps, 2) >= 0 && peek_digit(*p)) {
            if (sep) *sep = true;
            if (bad && !*bad && (grouped ? group != 3 : group > 3))
                *bad = last_sep ? last_sep : save;
            grouped = true;
            group = 0;
            last_sep = save;
            continue;
        } else if (any && frac < 0 && accept_any(p, decimal_points, 2) >= 0 && peek_digit(*p)) {
            if (bad && !*bad && grouped && group != 3) *bad = last_sep;
            frac = 0;
        } else {
            *p = save;
            break;
        }
    }
    if (bad && !*bad && grouped && frac < 0 && group != 3) *bad = last_sep;
    *decimals = frac < 0 ? 0 : frac;
    *num = v / pow(10, *decimals);
    return any;
}

static bool read_digits(const char **p, double *num, int *decimals, const char **bad)
{
    return read_digits_sep(p, num, decimals, NULL, bad);
}

/* Past the spaces and the sign at *p, reads the digits (the sign and the
 * number itself are not needed: only where the number ends and, in *sep
 * (may be NULL), whether it used thousands separators). */
static bool read_unsigned(const char **p, bool *sep)
{
    skip_spaces(p);
    if (accept_any(p, minus_signs, 5) < 0) accept_any(p, plus_signs, 2);
    skip_spaces(p);
    double num;
    int decimals;
    return read_digits_sep(p, &num, &decimals, sep, NULL);
}

/* --- parsing ---------------------------------------------------------------------- */

int gk_value_parse(const char *raw, const char *unit, gk_value *out, gk_error *err)
{
    memset(out, 0, sizeof *out);
    if (!raw) return 0;
    /* ASCII digits alone, most cells of an import: the number as
     * read_digits computes it (the same sums, divided by 10^0) */
    double whole = 0;
    const char *d = raw;
    for (; *d >= '0' && *d <= '9'; d++)
        whole = whole * 10 + (*d - '0');
    if (d > raw && !*d) {
        out->kind = GK_VAL_NUMBER;
        out->num = whole;
        return 0;
    }
    /* ... and followed by the unit alone ("1001件"): the same number, when
     * the unit cannot be read as more of it (a separator, a decimal point,
     * a full-width digit: 0xEF) or as a space (0xE3: U+3000) */
    unsigned char u0 = unit ? (unsigned char)unit[0] : 0;
    if (d > raw && u0 && u0 != ',' && u0 != '.' && u0 != ' ' && u0 != '\t' && u0 != 0xEF &&
        u0 != 0xE3 && strcmp(d, unit) == 0) {
        out->kind = GK_VAL_NUMBER;
        out->num = whole;
        return 0;
    }
    const char *p = raw;
    skip_spaces(&p);
    if (!*p) return 0;
    bool negative = false;
    const char *start = p;
    if (accept_any(&p, minus_signs, 5) >= 0)
        negative = true;
    else
        accept_any(&p, plus_signs, 2);
    skip_spaces(&p);
    double num;
    int decimals;
    const char *bad;
    if (!read_digits(&p, &num, &decimals, &bad)) {
        (void)start;
        out->kind = GK_VAL_TEXT; /* 検討・実施, 向上, —, →, a lone - */
        return 0;
    }
    if (bad) {
        int at = 1; /* the separator's position in characters */
        for (const char *q = raw; q < bad; q++)
            if (((unsigned char)*q & 0xC0) != 0x80) at++;
        gk_error_set(err,
                     _("\"%s\": the thousands separator at character %d is out of place (groups "
                       "of three digits: 26,680 or 26680)"),
                     raw, at);
        return -1;
    }
    out->kind = GK_VAL_NUMBER;
    out->num = negative ? -num : num;
    out->decimals = decimals;
    skip_spaces(&p);
    size_t ulen = unit ? strlen(unit) : 0;
    if (ulen && strncmp(p, unit, ulen) == 0)
        p += ulen;
    else if (accept_any(&p, percent_signs, 2) < 0 && ulen && strcmp(unit, "%") == 0)
        accept_any(&p, percent_signs, 2);
    skip_spaces(&p);
    int c = accept_any(&p, cmp_words + 1, 4);
    if (c >= 0)
        out->cmp = (gk_cmp)(c + 1);
    else if (accept_any(&p, (const char *const[]){"以内"}, 1) == 0)
        out->cmp = GK_CMP_LE; /* 370,000以内: a ceiling as 以下 (the cell keeps its word) */
    skip_spaces(&p);
    if (*p) {
        if (ulen)
            gk_error_set(err,
                         _("\"%s\": expected a number in %s (the indicator's unit), found \"%s\""),
                         raw, unit, p);
        else
            gk_error_set(err, _("\"%s\": the indicator has no unit, found \"%s\" after the number"),
                         raw, p);
        return -1;
    }
    return 0;
}

bool gk_value_is_number_cell(const char *raw)
{
    if (!raw) return false;
    const char *p = raw;
    if (!read_unsigned(&p, NULL)) return false;
    for (; *p; p++) { /* the unit and comparison word: no ASCII operator or digit */
        unsigned char c = (unsigned char)*p;
        bool ascii_ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '%' || c == ' ';
        if (c < 0x80 && !ascii_ok) return false;
    }
    return true;
}

const char *gk_value_format(const gk_value *v, char *buf, size_t n)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", v->decimals, fabs(v->num));
    char *point = strchr(digits, '.');
    size_t intlen = point ? (size_t)(point - digits) : strlen(digits);
    char out[96];
    size_t o = 0;
    if (v->num < 0) out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s%s", out, point ? point : "");
    return buf;
}

/* --- direction -------------------------------------------------------------------- */

static const char *const dir_names[] = {"", "increase", "decrease", "keep", "qualitative"};

const char *gk_direction_name(gk_direction d)
{
    return (unsigned)d < 5 ? dir_names[d] : "";
}

gk_direction gk_direction_from_name(const char *name)
{
    for (int i = 1; name && i < 5; i++)
        if (strcmp(name, dir_names[i]) == 0) return (gk_direction)i;
    return GK_DIR_UNKNOWN;
}

static bool contains_any(const char *t, const char *const *words, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        if (strstr(t, words[i])) return true;
    return false;
}

static const char *const up_words[] = {"向上", "増加", "拡大", "拡充"};
static const char *const down_words[] = {"縮減", "減少", "削減", "抑制", "低減"};
static const char *const keep_words[] = {"維持"};

bool gk_target_says_up(const char *t)
{
    return contains_any(t, up_words, sizeof up_words / sizeof *up_words);
}

bool gk_target_says_down(const char *t)
{
    return contains_any(t, down_words, sizeof down_words / sizeof *down_words);
}

bool gk_target_says_keep(const char *t)
{
    return contains_any(t, keep_words, sizeof keep_words / sizeof *keep_words);
}

const char *const gk_qualitative_values[] = {"検討", "実施", "検討・実施",
                                             "継続", "完了", "未実施"};
const size_t gk_qualitative_count = sizeof gk_qualitative_values / sizeof *gk_qualitative_values;
const char *const gk_eval_labels[3] = {GK_EVAL_MET, GK_EVAL_NEAR, GK_EVAL_NOT_MET};

int gk_qualitative_step(const char *w)
{
    static const char *const steps[] = {"検討", "検討・実施", "実施"};
    for (int i = 0; w && i < 3; i++)
        if (strcmp(w, steps[i]) == 0) return i;
    return -1;
}

bool gk_target_is_arrow(const char *t)
{
    static const char *const arrows[] = {"→", "➡", "⇒"};
    for (size_t i = 0; t && i < sizeof arrows / sizeof *arrows; i++)
        if (strcmp(t, arrows[i]) == 0) return true;
    return false;
}

const char *gk_target_in_force(const char *const *targets, size_t n, size_t i, size_t *from)
{
    if (n == 0) return NULL;
    for (size_t k = (i < n ? i : n - 1) + 1; k-- > 0;)
        if (targets[k] && *targets[k] && !gk_target_is_arrow(targets[k])) {
            if (from) *from = k;
            return targets[k];
        }
    return NULL;
}

gk_direction gk_direction_infer(const char *base_raw, const char *const *targets, int ntargets,
                                const char *unit)
{
    gk_value base, t;
    bool base_num = gk_value_parse(base_raw, unit, &base, NULL) == 0 && base.kind == GK_VAL_NUMBER;
    bool any_number = false;
    for (int i = ntargets - 1; i >= 0; i--) { /* the latest target speaks for the plan */
        const char *raw = targets[i];
        if (!raw || gk_value_parse(raw, unit, &t, NULL) != 0 || t.kind == GK_VAL_EMPTY) continue;
        if (t.kind == GK_VAL_NUMBER) {
            any_number = true;
            if (t.cmp == GK_CMP_GE || t.cmp == GK_CMP_GT) return GK_DIR_INCREASE;
            if (t.cmp == GK_CMP_LE || t.cmp == GK_CMP_LT) return GK_DIR_DECREASE;
            if (base_num)
                return t.num > base.num   ? GK_DIR_INCREASE
                       : t.num < base.num ? GK_DIR_DECREASE
                                          : GK_DIR_KEEP;
            continue;
        }
        if (gk_target_says_down(raw)) return GK_DIR_DECREASE;
        if (gk_target_says_up(raw)) return GK_DIR_INCREASE;
        if (gk_target_says_keep(raw)) return GK_DIR_KEEP;
    }
    if (any_number)
        return GK_DIR_INCREASE; /* a numeric goal without a base: reaching it is the aim */
    return base_num ? GK_DIR_UNKNOWN : GK_DIR_QUALITATIVE;
}

/* --- evaluation ------------------------------------------------------------------- */

/* One copy of the rules: the proposal is the grade that achieve.c gives the
 * year under the default bands (達成 / 概ね達成 / 未達成). */
const char *gk_eval_propose(const char *base_raw, const char *target_raw, const char *actual_raw,
                            const char *unit, gk_direction dir)
{
    gk_value actual, target;
    if (gk_value_parse(actual_raw, unit, &actual, NULL) != 0 || actual.kind != GK_VAL_NUMBER)
        return NULL; /* a text actual (検討, 実施 …) is judged by a person here */
    if (gk_value_parse(target_raw, unit, &target, NULL) != 0 || target.kind == GK_VAL_EMPTY)
        return NULL;
    static const int year = 2000; /* one year: the target given is the one in force */
    const char *targets[1] = {target_raw}, *actuals[1] = {actual_raw};
    gk_series_years s = {.base_raw = base_raw,
                         .unit = unit,
                         .dir = dir,
                         .n = 1,
                         .years = &year,
                         .targets = targets,
                         .actuals = actuals};
    gk_achievement a;
    gk_achieve(&s, 0, &a);
    gk_grades g;
    if (gk_grades_parse(GK_GRADES_DEFAULT, &g, NULL) != 0) return NULL;
    const char *label = gk_grade_of(&g, &a);
    static const char *const labels[] = {GK_EVAL_MET, GK_EVAL_NEAR, GK_EVAL_NOT_MET};
    for (size_t i = 0; label && i < 3; i++)
        if (strcmp(label, labels[i]) == 0) return labels[i];
    return NULL;
}

/* --- writing style ------------------------------------------------------------------ */

/* How a number cell is written: the unit text after it (as written: 時間, %,
 * ％, or none), a space before that unit, thousands separators. */
typedef struct style {
    gk_value v;
    char suffix[64];
    bool space, sep;
} style;

/* Scans raw as a number cell; false when it is not one (text, empty, bad). */
static bool scan_style(const char *raw, const char *unit, style *out)
{
    memset(out, 0, sizeof *out);
    if (!raw || gk_value_parse(raw, unit, &out->v, NULL) != 0 || out->v.kind != GK_VAL_NUMBER)
        return false;
    const char *p = raw;
    read_unsigned(&p, &out->sep);
    const char *after = p;
    skip_spaces(&p);
    const char *u = p;
    size_t ulen = unit ? strlen(unit) : 0;
    if (ulen && strncmp(p, unit, ulen) == 0)
        p += ulen;
    else
        accept_any(&p, percent_signs, 2);
    if (p > u && (size_t)(p - u) < sizeof out->suffix) {
        memcpy(out->suffix, u, (size_t)(p - u));
        out->suffix[p - u] = '\0';
        out->space = u > after;
    }
    return true;
}

const char *gk_value_restyle(const char *typed, const char *unit, const char *const *others,
                             size_t n, char *buf, size_t size)
{
    style t, ref;
    if (!scan_style(typed, unit, &t)) return NULL;
    bool have_ref = false;
    for (size_t i = n; i-- > 0 && !have_ref;)
        have_ref = scan_style(others[i], unit, &ref);
    if (!have_ref) { /* nothing to follow: the unit as typed, half-width % */
        ref = t;
        ref.sep = true;
        if (strcmp(ref.suffix, "\uFF05") == 0) snprintf(ref.suffix, sizeof ref.suffix, "%%");
    } else if (fabs(ref.v.num) < 1000) {
        ref.sep = true; /* a small number shows no choice about separators */
    }
    char num[64];
    gk_value_format(&t.v, num, sizeof num);
    if (!ref.sep) { /* drop the separators gk_value_format wrote */
        char *w = num;
        for (const char *r = num; *r; r++)
            if (*r != ',') *w++ = *r;
        *w = '\0';
    }
    snprintf(buf, size, "%s%s%s%s", num, ref.space && *ref.suffix ? " " : "", ref.suffix,
             gk_cmp_word(t.v.cmp));
    return buf;
}

bool gk_eval_needs_reason(const char *proposal, const char *evaluation, const char *reason)
{
    if (!proposal || !evaluation || !*evaluation || strcmp(proposal, evaluation) == 0) return false;
    if (!reason) return true;
    for (const char *c = reason; *c; c++)
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r' &&
            !(c[0] == '\xe3' && c[1] == '\x80' && c[2] == '\x80'))
            return false;
        else if (c[0] == '\xe3')
            c += 2;
    return true;
}
