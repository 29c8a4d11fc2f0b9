/*
 * chart.c — gauges and small charts made of text, without curses (widgets.h):
 * a gauge (one value out of a maximum as a horizontal bar) in eighths of a
 * character (█▏▎▍▌▋▊▉) or in '#', and the year-by-year chart of an
 * indicator's series for the details pager. (bar.c draws several counts
 * side by side in one bar, the submission board's.)
 *
 * The block elements are East Asian Ambiguous: in the wide mode each one is
 * two cells, so a bar has half as many characters there, and every width
 * here is measured by the text engine.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"
#include "widgets.h"

static bool ascii_bars;

void ui_bars_set_ascii(bool ascii)
{
    ascii_bars = ascii;
}

bool ui_bars_ascii(void)
{
    return ascii_bars;
}

/* The full block, then the partial ones from 1/8 to 7/8. */
static const char *const eighths[8] = {"█", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

int ui_gauge_steps(double value, double max, int steps)
{
    if (steps <= 0 || !(max > 0) || !(value > 0)) return 0;
    if (value >= max) return steps;
    long n = lround(value / max * steps);
    if (n < 1) n = 1;              /* something is never drawn as nothing */
    if (n > steps - 1) n = steps - 1; /* and less than all never as all */
    return (int)n;
}

int ui_chart_steps(double value, double lo, double hi, int steps)
{
    if (steps <= 0) return 0;
    if (!(hi > lo)) return steps > 1 ? steps / 2 : 1;
    if (value <= lo) return 1;
    if (value >= hi) return steps;
    return 1 + (int)lround((value - lo) / (hi - lo) * (steps - 1));
}

int ui_gauge_cell(bool ascii)
{
    return ascii ? 1 : gk_str_width(eighths[0]);
}

int ui_gauge_capacity(int width, bool ascii)
{
    int cw = ui_gauge_cell(ascii);
    int chars = width > 0 ? width / cw : 0;
    return ascii ? chars : chars * 8;
}

char *ui_gauge_draw(int steps, int width, bool ascii, int mark)
{
    int cw = ui_gauge_cell(ascii), chars = width > 0 ? width / cw : 0, per = ascii ? 1 : 8;
    size_t cap = (size_t)(chars > 0 ? chars : 0) * 4 + (size_t)(width > 0 ? width : 0) + 2;
    char *out = malloc(cap);
    if (!out) return NULL;
    size_t o = 0;
    int used = 0;
    for (int c = 0; c < chars; c++) {
        int fill = steps - c * per; /* steps falling into this character */
        const char *s;
        if (fill >= per)
            s = ascii ? "#" : eighths[0];
        else if (fill > 0)
            s = eighths[fill];
        else
            s = NULL;
        if (s) {
            size_t n = strlen(s);
            memcpy(out + o, s, n);
            o += n;
            used += cw;
        } else {
            /* an empty character: the mark when it stands here, else blanks */
            out[o++] = c == mark ? ':' : ' ';
            for (int k = 1; k < cw; k++)
                out[o++] = ' ';
            used += cw;
        }
    }
    while (used < width) {
        out[o++] = ' ';
        used++;
    }
    out[o] = '\0';
    return out;
}

char *ui_gauge(double value, double max, int width, bool ascii)
{
    return ui_gauge_draw(ui_gauge_steps(value, max, ui_gauge_capacity(width, ascii)), width, ascii, -1);
}

/* --- the year chart ------------------------------------------------------------------ */

typedef struct crow {
    char label[96];
    char value[96];
    bool has_num;
    double num;
    enum ui_style st;
} crow;

static bool number_of(const char *raw, const char *unit, double *out)
{
    gk_value v;
    if (!raw || gk_value_parse(raw, unit, &v, NULL) != 0 || v.kind != GK_VAL_NUMBER) return false;
    *out = v.num;
    return true;
}

static void row_text(crow *r, const char *fy, const char *kind, const char *value)
{
    snprintf(r->label, sizeof r->label, "%s%s%s", fy, *fy && *kind ? " " : "", kind);
    snprintf(r->value, sizeof r->value, "%s", value ? value : "");
}

static crow *add_row(crow *rows, size_t *n, const char *fy, const char *kind, const char *value,
                     enum ui_style st)
{
    crow *r = &rows[(*n)++];
    row_text(r, fy, kind, value);
    r->st = st;
    return r;
}

/* Year i of the series: its target (or the interim expectation 見込,
 * dimmed), then its actual, the year written once. */
static void year_rows(const gk_series_years *sy, size_t i, int year, crow *rows, size_t *n)
{
    char fy[64];
    gk_fy_short(sy->years[i], fy, sizeof fy);
    enum ui_style st = sy->years[i] == year ? ST_MARK : ST_NORMAL;
    gk_achievement a;
    gk_achieve(sy, i, &a);
    const char *t = sy->targets[i];
    bool shown_year = false;
    if (t && *t && !gk_target_is_arrow(t)) {
        crow *r = add_row(rows, n, fy, _("Target"), t, st);
        r->has_num = number_of(t, sy->unit, &r->num);
        shown_year = true;
    } else if (a.basis == GK_BASIS_INTERIM) {
        char num[64];
        gk_value e = {.kind = GK_VAL_NUMBER, .num = a.expected, .decimals = a.expected_decimals};
        crow *r = add_row(rows, n, fy, "見込", gk_value_format(&e, num, sizeof num),
                          st == ST_MARK ? ST_MARK : ST_DIM);
        r->has_num = true;
        r->num = a.expected;
        shown_year = true;
    }
    if (sy->actuals[i] && *sy->actuals[i]) {
        char pad[64]; /* the year once, the kinds under each other */
        int w = gk_str_width(fy);
        snprintf(pad, sizeof pad, "%*s", w < 60 ? w : 60, "");
        crow *r = add_row(rows, n, shown_year ? pad : fy, _("Actual"), sy->actuals[i], st);
        r->has_num = number_of(sy->actuals[i], sy->unit, &r->num);
    }
}

/* The heading: the series' name (if any) and the range shown, with as many
 * decimals as the values have; a blank line before it when the pager holds
 * something, to keep it apart. */
static void legend(ui_pager *p, const char *name, const crow *rows, size_t n, const char *unit,
                   double lo, double hi, bool has_base)
{
    char lo_s[64], hi_s[64], text[512];
    gk_value a = {.kind = GK_VAL_NUMBER, .num = lo, .decimals = 0};
    gk_value b = {.kind = GK_VAL_NUMBER, .num = hi, .decimals = 0};
    for (size_t i = 0; i < n; i++) {
        gk_value v;
        if (rows[i].has_num && gk_value_parse(rows[i].value, unit, &v, NULL) == 0 &&
            v.decimals > a.decimals)
            a.decimals = b.decimals = v.decimals;
    }
    int o = name && *name ? snprintf(text, sizeof text, "%s: ", name) : 0;
    snprintf(text + o, sizeof text - (size_t)o,
             has_base ? _("Trend, %s to %s (: marks the base)") : _("Trend, %s to %s"),
             gk_value_format(&a, lo_s, sizeof lo_s), gk_value_format(&b, hi_s, sizeof hi_s));
    if (p->n) ui_pager_line(p, "", ST_NORMAL, 0);
    ui_pager_line(p, text, ST_HEAD, 0);
}

/* The smallest and largest number of the rows; false when none has one. */
static bool range(const crow *rows, size_t n, double *lo, double *hi)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].has_num) continue;
        if (!any || rows[i].num < *lo) *lo = rows[i].num;
        if (!any || rows[i].num > *hi) *hi = rows[i].num;
        any = true;
    }
    return any;
}

/* The rows drawn: label, bar, value right-aligned; a narrow pane gives
 * the values' room to the bar first. */
static void draw_rows(ui_pager *p, const crow *rows, size_t n, double lo, double hi, double base,
                      bool has_base, bool ascii)
{
    int lw = 0, vw = 0;
    for (size_t i = 0; i < n; i++) {
        int a = gk_str_width(rows[i].label), b = gk_str_width(rows[i].value);
        if (a > lw) lw = a;
        if (b > vw) vw = b;
    }
    int bw = p->width - lw - vw - 2;
    if (bw < 4) {
        vw = p->width - lw - 2 - 4;
        if (vw < 0) vw = 0;
        bw = p->width - lw - vw - 2;
    }
    int steps = ui_gauge_capacity(bw, ascii), per = ascii ? 1 : 8;
    int mark = has_base ? (ui_chart_steps(base, lo, hi, steps) - 1) / per : -1;
    for (size_t i = 0; i < n; i++) {
        const crow *r = &rows[i];
        int k = r->has_num ? ui_chart_steps(r->num, lo, hi, steps) : 0;
        char *bar = ui_gauge_draw(k, bw, ascii, mark);
        ui_cell c[5] = {{r->label, lw, false},
                        {" ", 1, false},
                        {bar ? bar : "", bw, false},
                        {" ", 1, false},
                        {r->value, vw, true}};
        ui_pager_row(p, c, 5, r->st);
        free(bar);
    }
}

size_t ui_pager_chart(ui_pager *p, const gk_series_years *sy, const char *name, int year,
                      bool ascii)
{
    size_t cap = 1 + 2 * sy->n, n = 0;
    crow *rows = calloc(cap, sizeof *rows);
    if (!rows) {
        p->oom = true;
        return 0;
    }
    double base = 0, lo = 0, hi = 0;
    bool has_base = number_of(sy->base_raw, sy->unit, &base);
    if (sy->base_raw && *sy->base_raw) {
        char fy[64] = "";
        if (sy->base_year) gk_fy_short(sy->base_year, fy, sizeof fy);
        crow *r = add_row(rows, &n, _("Base"), fy, sy->base_raw, ST_NORMAL);
        r->has_num = has_base;
        r->num = base;
    }
    for (size_t i = 0; i < sy->n; i++)
        year_rows(sy, i, year, rows, &n);
    size_t before = p->n;
    if (range(rows, n, &lo, &hi)) {
        legend(p, name, rows, n, sy->unit, lo, hi, has_base);
        draw_rows(p, rows, n, lo, hi, base, has_base, ascii);
    }
    free(rows);
    return p->n - before;
}
