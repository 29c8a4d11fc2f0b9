/*
 * report_trend.c — an indicator's trend chart in the HTML report
 * (report_html.c): inline SVG of the targets and actuals over the plan's
 * years, the grade bands and limits, the axes and the legend. Apart from the
 * HTML writer because the chart's geometry is a concern of its own.
 */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "gyokaku/value.h"

/* --- the trend chart --------------------------------------------------------------- */

typedef struct pt {
    bool ok;
    double v;
    gk_cmp cmp; /* a target's threshold: 以上/超 a floor, 以下/未満 a ceiling */
} pt;

/* The chart's geometry: the width of the label area at the left (sized by
 * the widest axis label, chart_left) and the number of positions. */
typedef struct geo {
    double left;
    size_t n;
    double lo, hi;
    char lo_label[64], hi_label[64]; /* the axis labels, formatted once */
} geo;

/* Pixels per display cell of the axis labels (font-size 9: a digit is
 * about 5 px wide; rounded up so that no label is cut). */
#define CHART_CELL_PX 5.5
#define CHART_PLOT_W 300

static pt num(const char *raw, const char *unit)
{
    gk_value v;
    pt p = {false, 0, GK_CMP_EQ};
    if (raw && gk_value_parse(raw, unit, &v, NULL) == 0 && v.kind == GK_VAL_NUMBER) {
        p.ok = true;
        p.v = v.num;
        p.cmp = v.cmp;
    }
    return p;
}

static bool is_limit(gk_cmp c)
{
    return c != GK_CMP_EQ;
}

static double xpos(const geo *g, size_t i)
{
    return g->left + 10 + (g->n > 1 ? (double)i * 260.0 / (double)(g->n - 1) : 130);
}

/* The chart's scale: y of value v between lo and hi. */
static double ypos(const geo *g, double v)
{
    return 100 - (v - g->lo) / (g->hi - g->lo) * 80;
}

/* A polyline through the points of line[0..n) that hold a number, when
 * there are at least two; `stroke` holds its stroke attributes. */
static void polyline(gk_report_writer *w, const geo *g, const pt *line, const char *stroke)
{
    size_t c = 0;
    for (size_t i = 0; i < g->n; i++)
        c += line[i].ok;
    if (c < 2) return;
    rw_svgf(w, "<polyline fill=\"none\" %s points=\"", stroke);
    bool first = true;
    for (size_t i = 0; i < g->n; i++)
        if (line[i].ok) {
            rw_svgf(w, "%s%1,%1", first ? "" : " ", xpos(g, i), ypos(g, line[i].v));
            first = false;
        }
    rw_puts(w, "\"/>\n");
}

/* The points of every series (t: targets and expectations, a: actuals,
 * n per series, position 0 the base), their range in *lo..*hi and how many
 * actuals there are; returns how many points hold a number. */
static size_t gather(const gk_report_writer *w, const gk_rep_indicator *ind, pt *t, pt *a,
                     double *lo, double *hi, size_t *actuals)
{
    const gk_rep_plan *p = w->p;
    size_t n = p->nyears + 1, points = 0;
    for (size_t k = 0; k < ind->nseries; k++) {
        const gk_rep_series *s = &ind->series[k];
        pt *tk = t + k * n, *ak = a + k * n;
        tk[0] = num(s->base, ind->unit);
        tk[0].cmp = GK_CMP_EQ; /* the base is a value, never a limit */
        for (size_t y = 0; y < p->nyears; y++) {
            tk[y + 1] = num(s->target[y], ind->unit);
            /* a 見込 only where the report adds them (expected): the chart
             * is no way round that switch */
            if (!tk[y + 1].ok && s->ach[y].basis == GK_BASIS_INTERIM &&
                (p->additions & GK_ADD_EXPECTED))
                tk[y + 1] = (pt){true, s->ach[y].expected, GK_CMP_EQ};
            ak[y + 1] = num(s->actual[y], ind->unit);
            *actuals += ak[y + 1].ok;
        }
        for (size_t i = 0; i < n; i++)
            for (int j = 0; j < 2; j++) {
                const pt *q = j ? &ak[i] : &tk[i];
                if (!q->ok) continue;
                *lo = fmin(*lo, q->v);
                *hi = fmax(*hi, q->v);
                points++;
            }
    }
    return points;
}

static const char *axis_label(double v, char *buf, size_t n)
{
    return gk_sum_format(v, fabs(v) < 10 ? 1 : 0, buf, n);
}

/* The width of the label area: the wider of the two axis labels, measured
 * by the text module, and a small gap; at least the 40 px of old. */
static double chart_left(const geo *g)
{
    int cells = gk_str_width(g->hi_label);
    int lc = gk_str_width(g->lo_label);
    if (lc > cells) cells = lc;
    double left = ceil(cells * CHART_CELL_PX) + 6;
    return left > 40 ? left : 40;
}

/* The frame, the two axis labels, the years under the chart and, for two
 * or more series, the legend of their colours at the top. */
static void axes(gk_report_writer *w, const gk_rep_indicator *ind, const geo *g)
{
    double width = g->left + CHART_PLOT_W;
    rw_svgf(w,
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %0 124\" "
            "width=\"%0\" height=\"124\" role=\"img\" aria-label=\"",
            width, width);
    rw_html_esc(w, ind->title);
    rw_svgf(w,
            "：目標値と実績値の推移\" font-size=\"9\" font-family=\"sans-serif\">\n"
            "<rect x=\"0\" y=\"0\" width=\"%0\" height=\"124\" fill=\"#fbfcfd\"/>\n"
            "<line x1=\"%0\" y1=\"104\" x2=\"%0\" y2=\"104\" stroke=\"#9aa7b8\"/>\n"
            "<line x1=\"%0\" y1=\"16\" x2=\"%0\" y2=\"104\" stroke=\"#9aa7b8\"/>\n",
            width, g->left, width - 10, g->left, g->left);
    rw_svgf(w, "<text x=\"%0\" y=\"23\" text-anchor=\"end\" fill=\"#555\">%s</text>\n", g->left - 2,
            g->hi_label);
    rw_svgf(w, "<text x=\"%0\" y=\"103\" text-anchor=\"end\" fill=\"#555\">%s</text>\n",
            g->left - 2, g->lo_label);
    for (size_t i = 0; i < g->n; i++) {
        rw_svgf(w, "<text x=\"%1\" y=\"117\" text-anchor=\"middle\" fill=\"%s\">", xpos(g, i),
                i == w->p->year_index + 1 ? "#000" : "#555");
        if (i == 0)
            rw_puts(w, "初期値");
        else
            rw_long(w, w->p->years[i - 1]);
        rw_puts(w, "</text>\n");
    }
}

static const char *series_colour(size_t k)
{
    return k == 0 ? "#1f5fa8" : k == 1 ? "#c0392b" : "#2e7d46";
}

/* The legend of a chart of two or more series: a line of each series'
 * colour and its name, left to right along the top. */
static void series_legend(gk_report_writer *w, const gk_rep_indicator *ind, const geo *g)
{
    if (ind->nseries < 2) return;
    double x = g->left + 6;
    rw_puts(w, "<g class=\"legend\">\n");
    for (size_t k = 0; k < ind->nseries; k++) {
        const char *name =
            ind->series[k].name && *ind->series[k].name ? ind->series[k].name : "（系列なし）";
        rw_svgf(w,
                "<line x1=\"%1\" y1=\"8\" x2=\"%1\" y2=\"8\" stroke=\"%s\" "
                "stroke-width=\"2\"/><text x=\"%1\" y=\"11\" fill=\"#333\">",
                x, x + 12, series_colour(k), x + 15);
        rw_html_esc(w, name);
        rw_puts(w, "</text>\n");
        x += 15 + gk_str_width(name) * 9.5 + 10; /* a wide character is about 9 px */
    }
    rw_puts(w, "</g>\n");
}

/* The targets of a series that are limits (以上/超: a floor, 以下/未満: a
 * ceiling), drawn as what they are: a horizontal line at the limit over
 * the years it holds for, the side that misses it shaded, and labelled
 * 上限/下限 with the target as written. A limit is no path to follow: no
 * rising line joins it to the base. Returns whether any was drawn. */
static bool limits(gk_report_writer *w, const gk_rep_indicator *ind, const gk_rep_series *s,
                   const pt *tk, const geo *g)
{
    bool any = false;
    double half = g->n > 1 ? 130.0 / (double)(g->n - 1) : 130;
    for (size_t i = 1; i < g->n; i++) {
        if (!tk[i].ok || !is_limit(tk[i].cmp)) continue;
        size_t j = i; /* the run of years with the same limit */
        while (j + 1 < g->n && tk[j + 1].ok && tk[j + 1].cmp == tk[i].cmp && tk[j + 1].v == tk[i].v)
            j++;
        bool ceiling = tk[i].cmp == GK_CMP_LE || tk[i].cmp == GK_CMP_LT;
        double x1 = fmax(xpos(g, i) - half, g->left + 1),
               x2 = fmin(xpos(g, j) + half, g->left + 290);
        double y = ypos(g, tk[i].v);
        /* the label inside the plot: from the line's start, or ending at
         * its end when it starts in the right half */
        bool right = x1 > g->left + 150;
        /* the side that misses the limit: above a ceiling, below a floor */
        double top = ceiling ? 16 : y, bottom = ceiling ? y : 104;
        rw_svgf(w,
                "<rect class=\"limit-band\" x=\"%1\" y=\"%1\" width=\"%1\" height=\"%1\" "
                "fill=\"#c0392b\" fill-opacity=\"0.08\"/>\n"
                "<line class=\"limit\" x1=\"%1\" y1=\"%1\" x2=\"%1\" y2=\"%1\" "
                "stroke=\"#a32020\" stroke-width=\"1.5\"/>\n"
                "<text x=\"%1\" y=\"%1\" fill=\"#a32020\"%s>%s ",
                x1, top, x2 - x1, bottom - top, x1, y, x2, y, right ? x2 - 2 : x1 + 2,
                ceiling ? y + 9 : y - 3, right ? " text-anchor=\"end\"" : "",
                ceiling ? "上限" : "下限");
        rw_html_esc(w, s->target[i - 1]);
        rw_puts(w, "</text>\n");
        any = true;
        i = j;
    }
    (void)ind;
    return any;
}

/* One series: targets dashed with open circles (limits as limits), actuals
 * solid from the base with filled ones, the base a diamond. */
static void series_lines(gk_report_writer *w, const gk_rep_indicator *ind, const pt *tk,
                         const pt *ak, const geo *g, size_t k, bool actuals)
{
    size_t n = g->n;
    pt *line = calloc(n, sizeof *line);
    if (!line) return;
    limits(w, ind, &ind->series[k], tk, g);
    /* the targets that are points to reach (not limits) */
    for (size_t i = 0; i < n; i++)
        line[i] = tk[i].ok && !is_limit(tk[i].cmp) ? tk[i] : (pt){false, 0, GK_CMP_EQ};
    bool goals = false;
    for (size_t i = 1; i < n; i++)
        goals |= line[i].ok;
    if (goals)
        polyline(w, g, line, "stroke=\"#8c96a3\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"");
    for (size_t i = 1; i < n; i++)
        if (line[i].ok)
            rw_svgf(w,
                    "<circle cx=\"%1\" cy=\"%1\" r=\"2.5\" fill=\"#fff\" "
                    "stroke=\"#8c96a3\"/>\n",
                    xpos(g, i), ypos(g, line[i].v));
    memcpy(line, ak, n * sizeof *line);
    line[0] = tk[0];
    const char *colour = series_colour(k);
    char stroke[64];
    snprintf(stroke, sizeof stroke, "stroke=\"%s\" stroke-width=\"2\"", colour);
    if (actuals) polyline(w, g, line, stroke);
    for (size_t i = 1; i < n; i++)
        if (ak[i].ok)
            rw_svgf(w, "<circle cx=\"%1\" cy=\"%1\" r=\"3\" fill=\"%s\"/>\n", xpos(g, i),
                    ypos(g, ak[i].v), colour);
    if (tk[0].ok)
        rw_svgf(w,
                "<path d=\"M%1 %1l5 5l-5 5l-5 -5z\" fill=\"#e0a526\" "
                "stroke=\"#7a5a00\"/>\n",
                xpos(g, 0), ypos(g, tk[0].v) - 5);
    free(line);
}

/* Targets (and expectations) dashed, actuals solid, the base a diamond:
 * position 0 is the base, 1..nyears the plan's years. */
void rw_html_trend(gk_report_writer *w, const gk_rep_indicator *ind)
{
    size_t n = w->p->nyears + 1, actuals = 0;
    pt *t = calloc(n * ind->nseries, sizeof *t), *a = calloc(n * ind->nseries, sizeof *a);
    double lo = INFINITY, hi = -INFINITY;
    if (t && a && gather(w, ind, t, a, &lo, &hi, &actuals) >= 2 && isfinite(lo)) {
        if (hi - lo < 1e-9) {
            hi += fabs(hi) * 0.1 + 1;
            lo -= fabs(lo) * 0.1 + 1;
        }
        geo g = {0, n, lo, hi, "", ""};
        axis_label(lo, g.lo_label, sizeof g.lo_label);
        axis_label(hi, g.hi_label, sizeof g.hi_label);
        g.left = chart_left(&g);
        axes(w, ind, &g);
        series_legend(w, ind, &g);
        bool any_limit = false;
        for (size_t k = 0; k < ind->nseries; k++) {
            series_lines(w, ind, t + k * n, a + k * n, &g, k, actuals > 0);
            for (size_t i = 1; i < n; i++)
                any_limit |= t[k * n + i].ok && is_limit(t[k * n + i].cmp);
        }
        rw_svgf(w,
                "</svg><figcaption>◆ 初期値　● 実績値　○ 目標値（破線%s）%s"
                "</figcaption></figure>\n",
                (w->p->additions & GK_ADD_EXPECTED) ? "、見込を含む" : "",
                any_limit ? "　━ 上限・下限（以上・以下・未満・超の目標値、網掛けは未達の側）"
                          : "");
    }
    free(t);
    free(a);
}
