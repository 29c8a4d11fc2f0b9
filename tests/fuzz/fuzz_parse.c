/*
 * fuzz_parse.c — libFuzzer harness for number and era parsing: the input is
 * a cell, then (after a NUL) the indicator's unit, then (after another NUL)
 * a cell of the indicator's other values. Checked:
 *  - gk_value_parse: a number written back by gk_value_format parses again
 *    to the same number (within its decimals);
 *  - gk_value_restyle: what it writes is valid UTF-8 (from valid input) and
 *    parses as the same
 *    number with the indicator's unit whenever the styling cell is a
 *    number in that unit;
 *  - gk_value_is_number_cell: never true for a cell that parses as text;
 *  - gk_fy_parse: the year is in range and both output forms (R6(2024),
 *    令和6(2024)年度) parse back to it; gk_fy_period_parse: first <= last,
 *    both in range.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_number(double a, double b, int decimals)
{
    double tol = pow(10, -(decimals < 15 ? decimals : 15)) / 2 + fabs(a) * 1e-12;
    return fabs(a - b) <= tol;
}

static void check_value(const char *raw, const char *unit, const char *other)
{
    gk_value v, w;
    gk_error err;
    if (gk_value_parse(raw, unit, &v, &err) == 0 && v.kind == GK_VAL_NUMBER && isfinite(v.num) &&
        fabs(v.num) < 1e15 && v.decimals <= 12) {
        char buf[128];
        gk_value_format(&v, buf, sizeof buf);
        if (gk_value_parse(buf, NULL, &w, &err) != 0 || w.kind != GK_VAL_NUMBER ||
            !same_number(v.num, w.num, v.decimals) || w.decimals != v.decimals)
            abort();
    }
    if (gk_value_is_number_cell(raw) && gk_value_parse(raw, unit, &v, &err) == 0 &&
        v.kind == GK_VAL_TEXT)
        abort();
    const char *others[] = {other};
    char buf[512];
    const char *r = gk_value_restyle(raw, unit, others, 1, buf, sizeof buf);
    if (r) {
        /* the unit is written as the indicator's cells write it: valid when they are */
        if (gk_utf8_valid(raw, strlen(raw)) && gk_utf8_valid(other, strlen(other)) &&
            (!unit || gk_utf8_valid(unit, strlen(unit))) && !gk_utf8_valid(r, strlen(r)))
            abort();
        gk_value o, t;
        if (gk_value_parse(raw, unit, &t, &err) == 0 && t.kind == GK_VAL_NUMBER &&
            isfinite(t.num) && fabs(t.num) < 1e15 && t.decimals <= 12 &&
            gk_value_parse(other, unit, &o, &err) == 0 && o.kind == GK_VAL_NUMBER) {
            if (gk_value_parse(r, unit, &w, &err) != 0 || w.kind != GK_VAL_NUMBER ||
                !same_number(t.num, w.num, t.decimals) || w.cmp != t.cmp)
                abort();
        }
    }
}

static void check_year(const char *s)
{
    int y, first, last;
    gk_error err;
    if (gk_fy_parse(s, &y, &err) == 0) {
        if (y < GK_FY_MIN || y > GK_FY_MAX) abort();
        char buf[64];
        int back;
        if (gk_fy_parse(gk_fy_short(y, buf, sizeof buf), &back, &err) != 0 || back != y) abort();
        if (gk_fy_parse(gk_fy_long(y, buf, sizeof buf), &back, &err) != 0 || back != y) abort();
    }
    if (gk_fy_period_parse(s, &first, &last, &err) == 0 &&
        (first > last || first < GK_FY_MIN || last > GK_FY_MAX))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *z = malloc(size + 3);
    if (!z) return 0;
    memcpy(z, data, size);
    z[size] = z[size + 1] = z[size + 2] = '\0';
    const char *raw = z;
    const char *unit = raw + strlen(raw) + 1;
    if (unit > z + size) unit = z + size + 1;
    const char *other = unit + strlen(unit) + 1;
    if (other > z + size + 1) other = z + size + 2;
    check_value(raw, unit, other);
    check_value(raw, NULL, other);
    check_year(raw);
    free(z);
    return 0;
}
