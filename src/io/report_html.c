/*
 * report_html.c — the report as one self-contained HTML file (reportout.h):
 * inline style, inline SVG charts, no script, every data text escaped. The
 * trend chart of an indicator is drawn by report_trend.c.
 */
#include "report_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "gyokaku/value.h"

static const char style[] =
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a;background:#fff;"
    "font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Kaku Gothic ProN\","
    "\"Yu Gothic\",Meiryo,sans-serif;font-size:10.5pt;line-height:1.6;overflow-wrap:anywhere}\n"
    "header.doc{border-bottom:3px double #1f3f6e;margin-bottom:1rem}\n"
    "h1{font-size:1.5rem;margin:.2rem 0 .4rem;color:#1f3f6e}\n"
    "h1 .sub{display:block;font-size:1.1rem;color:#333}\n"
    ".meta{margin:.2rem 0 .6rem;color:#555;font-size:.9rem}\n"
    "h2{font-size:1.2rem;background:#1f3f6e;color:#fff;padding:.3rem .6rem;margin:1.5rem 0 .8rem}\n"
    "h2 .lv{font-weight:normal;margin-right:.6em;opacity:.85}\n"
    "h3.policy{font-size:1.05rem;border-left:.4rem solid #1f3f6e;padding-left:.5rem;"
    "margin:1.2rem 0 .6rem}\n"
    "article.item{border:1px solid #9aa7b8;margin:0 0 1rem;padding:.6rem .7rem}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{border:1px solid #9aa7b8;padding:.25rem .4rem;vertical-align:top;text-align:left}\n"
    "th{background:#e8edf4;font-weight:bold;white-space:nowrap}\n"
    "table.head th{width:6.5em}\n"
    "table.head td.title{font-weight:bold;font-size:1.05em}\n"
    ".main-dept{font-weight:bold}\n"
    "section.ind{margin:.8rem 0 0;padding-top:.5rem;border-top:1px dashed #9aa7b8}\n"
    "h4{font-size:1rem;margin:.2rem 0 .4rem;break-after:avoid;page-break-after:avoid}\n"
    "h4 .lv{display:inline-block;background:#1f3f6e;color:#fff;font-size:.85em;"
    "padding:0 .4em;margin-right:.4em;border-radius:2px}\n"
    ".unit,.base-year{color:#555;font-weight:normal;font-size:.9em}\n"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}\n"
    "table.years th,table.years td{text-align:right;white-space:nowrap}\n"
    "table.years thead th{text-align:center}\n"
    "table.years tbody th{text-align:left}\n"
    "table.years .cur{background:#fff6d6}\n"
    "table.years thead th.cur{background:#f3dc8a}\n"
    ".interim{color:#666;font-style:italic}\n"
    ".entered{color:#8a3b00}\n"
    ".g0{color:#1b6e35}.g1{color:#8a6a00}.g2{color:#a32020}\n"
    "figure{margin:.4rem 0}\n"
    "figure svg{display:block;max-width:100%;height:auto}\n"
    "figcaption{font-size:.8rem;color:#555}\n"
    "dl.notes{margin:.5rem 0 0}\n"
    "dl.notes dt{font-weight:bold;background:#f2f4f7;padding:.1rem .4rem;border-left:.3rem solid "
    "#9aa7b8}\n"
    "dl.notes dd{margin:.2rem 0 .5rem .8rem;white-space:pre-line}\n"
    ".reason{font-size:.85rem;color:#8a3b00;margin:.2rem 0}\n"
    ".goal-sum{border:1px solid #1f3f6e;padding:.5rem .7rem;margin:1rem 0;break-inside:avoid;"
    "page-break-inside:avoid}\n"
    ".goal-sum h3{margin:0 0 .3rem;font-size:1rem}\n"
    ".legend{margin:.3rem 0 0;padding:0;list-style:none;font-size:.9rem}\n"
    ".legend li{display:inline-block;margin-right:1em}\n"
    ".sw{display:inline-block;width:.8em;height:.8em;margin-right:.25em;vertical-align:-.05em}\n"
    "section.summary h3{font-size:1.05rem;margin:1rem 0 .4rem}\n"
    "table.counts td{text-align:right;white-space:nowrap}\n"
    "table.counts td.name{text-align:left;white-space:normal}\n"
    "table.counts tr.total td{font-weight:bold;background:#f2f4f7}\n"
    "table.sum td{text-align:right;white-space:nowrap}\n"
    "table.sum td.name{text-align:left}\n"
    "p.note{font-size:.85rem;color:#555}\n"
    "@media print{\n"
    " @page{size:A4;margin:14mm 12mm}\n"
    " body{max-width:none;padding:0;font-size:9.5pt}\n"
    " main>section:not(:first-child){break-before:page;page-break-before:always}\n"
    " thead{display:table-header-group}\n"
    " tr,figure,table,.keep{break-inside:avoid;page-break-inside:avoid}\n"
    " .scroll{overflow:visible}\n"
    " h1,h2,h3,h4,table.head{break-after:avoid;page-break-after:avoid}\n"
    " table.years{margin-bottom:.3rem}\n"
    "}\n"
    "@media (max-width:40rem){body{padding:.5rem;font-size:10pt}table.head th{width:auto}}\n";

/* Colours of the grade bands, best first, by number of bands. */
static const char *band_colour(size_t n, size_t i)
{
    static const char *const c2[] = {"#2e7d46", "#c0392b"};
    static const char *const c3[] = {"#2e7d46", "#e0a526", "#c0392b"};
    static const char *const c4[] = {"#1f6b3a", "#5aa95a", "#e0a526", "#c0392b"};
    static const char *const cn[] = {"#1f6b3a", "#5aa95a", "#a8c94a", "#e0a526",
                                     "#e07b26", "#c0392b", "#8e1f1f", "#5a1010"};
    if (n == 2) return c2[i];
    if (n == 3) return c3[i];
    if (n == 4) return c4[i];
    return cn[i < 8 ? i : 7];
}
#define UNGRADED_COLOUR "#c5c9cf"

/* Writes s escaped (nothing for NULL). */
/* The same bytes as gk_html_escape (report.c), written straight into the
 * buffer in runs: no copy of the text, no allocation per cell. */
void rw_html_esc(gk_report_writer *w, const char *s)
{
    if (!s) return;
    size_t len = strlen(s), run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t k = 1;
        if (c >= 0x80) {
            uint32_t cp;
            k = gk_utf8_decode(s + i, len - i, &cp);
            if (cp == 0xFFFD || gk_cp_is_control(cp)) rep = "\xEF\xBF\xBD"; /* U+FFFD */
        } else if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c == '\'')
            rep = "&#39;";
        else if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
            rep = "\xEF\xBF\xBD";
        if (rep) {
            rw_write(w, s + run, i - run);
            rw_puts(w, rep);
            run = i + k;
        }
        i += k;
    }
    rw_write(w, s + run, len - run);
}

/* s escaped between open and close; nothing at all for NULL. */
static void tagged(gk_report_writer *w, const char *open, const char *s, const char *close)
{
    if (!s) return;
    rw_puts(w, open);
    rw_html_esc(w, s);
    rw_puts(w, close);
}

static void css_string(gk_report_writer *w, const char *s);

static int h_open(gk_report_writer *w, gk_error *err)
{
    char title[1024], fy[64];
    rw_title(w->p, title, sizeof title);
    rw_puts(w, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"gyokaku\">\n<title>");
    rw_html_esc(w, title);
    rw_printf(w, "</title>\n<style>\n%s", style);
    /* the running header (the plan; the 基本目標 per named page, h_goal) and
     * the page numbers, in @page margin boxes */
    rw_puts(w, "@media print{@page{@top-left{content:\"");
    css_string(w, w->p->name);
    rw_puts(w, "\";font-size:7.5pt;color:#555}@bottom-center{content:counter(page) \" / \" "
               "counter(pages);font-size:8pt;color:#555}}}\n");
    rw_puts(w, "</style>\n</head>\n<body>\n<header class=\"doc\">\n<h1>");
    rw_html_esc(w, w->p->name);
    rw_printf(w, "<span class=\"sub\">取組状況（%s）</span></h1>\n",
              rw_fy_long(w->p->year, fy, sizeof fy));
    if (w->p->dept || w->p->stamp) {
        rw_puts(w, "<p class=\"meta\">");
        if (w->p->dept) {
            rw_puts(w, RW_DEPT "：");
            rw_html_esc(w, w->p->dept);
        }
        if (w->p->dept && w->p->stamp) rw_puts(w, "　");
        if (w->p->stamp) {
            rw_puts(w, "作成：");
            rw_html_esc(w, w->p->stamp);
        }
        rw_puts(w, "</p>\n");
    }
    char buf[1024];
    rw_printf(w, "<p class=\"state\">%s</p>\n", rw_state(w->p, buf, sizeof buf));
    tagged(w, "<p class=\"note legend\">", rw_grade_legend(w->p, buf, sizeof buf), "</p>\n");
    rw_puts(w, "</header>\n<main>\n");
    return 0;
}

/* s as the text of a CSS string ("…" without the quotes): quotes,
 * backslashes, < and > (no </style> can end the element) and line breaks
 * escaped, other control characters left out. */
static void css_string(gk_report_writer *w, const char *s)
{
    /* sanitised first, as every text the report writes: invalid bytes,
     * C1 controls and bidi overrides never reach the file */
    char *t = gk_sanitize(s ? s : "");
    if (!t) return;
    for (const unsigned char *c = (const unsigned char *)t; *c; c++) {
        if (*c == '"' || *c == '\\')
            rw_printf(w, "\\%c", *c);
        else if (*c == '<' || *c == '>' || *c == '&')
            rw_printf(w, "\\%x ", *c);
        else if (*c == '\n')
            rw_puts(w, " ");
        else if (*c >= 0x20 && *c != 0x7f)
            rw_putc(w, (char)*c);
    }
    free(t);
}

static void notes(gk_report_writer *w, const char *status, const char *next, bool actuals);

static int h_goal(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    /* a named page per 基本目標: its title in the running header */
    rw_printf(w, "<style>@media print{@page g%d{@top-right{content:\"", w->goals);
    static const rw_markup css = {"", "", " ", ""};
    rw_heading(w, &css, w->p->label_goal, h->title, css_string);
    rw_printf(w,
              "\";font-size:7.5pt;color:#555}}}</style>\n"
              "<section class=\"goal\" style=\"page:g%d\">\n",
              w->goals);
    static const rw_markup h2 = {"<h2>", "<span class=\"lv\">", "</span>", "</h2>\n"};
    rw_heading(w, &h2, w->p->label_goal, h->title, rw_html_esc);
    return 0;
}

/* a 取組方針, and the heading of indicators without an item */
static const rw_markup h3 = {"<h3 class=\"policy\">", "", "", "</h3>\n"};

static int h_policy(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    rw_heading(w, &h3, NULL, h->title, rw_html_esc);
    return 0;
}

static void grade_span(gk_report_writer *w, const char *grade, bool entered)
{
    if (!grade) return;
    int b = gk_rep_band(w->p, grade);
    size_t n = w->p->grades.n;
    /* colour class by position: best, middle, worst */
    int cls = b < 0 ? -1 : b == 0 ? 0 : (size_t)b + 1 == n ? 2 : 1;
    rw_puts(w, "<span");
    if (cls >= 0 || entered) {
        rw_puts(w, " class=\"");
        if (cls >= 0) {
            rw_putc(w, 'g');
            rw_long(w, cls);
        }
        if (entered) rw_puts(w, cls >= 0 ? " entered" : "entered");
        rw_puts(w, "\"");
    }
    rw_puts(w, ">");
    rw_html_esc(w, grade);
    if (entered) rw_puts(w, RW_ENTERED_MARK);
    rw_puts(w, "</span>");
}

/* --- items ------------------------------------------------------------------------- */

/* The notes of the year; the next year's plan is "実績値を踏まえた…" only
 * where there are 実績値 (an indicator, an item with indicators). */
static void note(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    tagged(w, "<dt>", head, "</dt><dd>");
    tagged(w, "", text, "</dd>\n");
}

static void notes(gk_report_writer *w, const char *status, const char *next, bool actuals)
{
    if (!status && !next) return;
    rw_puts(w, "<dl class=\"notes\">\n");
    rw_notes(w, status, next, actuals, note, NULL);
    rw_puts(w, "</dl>\n");
}

static void dept_list(gk_report_writer *w, const char *const *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) rw_puts(w, "、");
        if (i == 0) rw_puts(w, "<span class=\"main-dept\">");
        rw_html_esc(w, d[i]);
        if (i == 0) rw_puts(w, "</span>");
    }
}

/* "(R4(2022))" under a 初期値: the year it was measured in. */
static void base_year_mark(gk_report_writer *w, int year)
{
    rw_puts(w, "<br><span class=\"base-year\">(");
    rw_puts(w, rw_fy(w, year));
    rw_puts(w, ")</span>");
}

/* A cell <tag> of the year table (cur: the report's year), s escaped. */
static void year_cell(gk_report_writer *w, const char *tag, const char *s, bool cur)
{
    rw_putc(w, '<');
    rw_puts(w, tag);
    rw_puts(w, cur ? " class=\"cur\">" : ">");
    rw_html_esc(w, s);
    rw_puts(w, "</");
    rw_puts(w, tag);
    rw_putc(w, '>');
}

/* A row of the year table (report.c rw_year_table) as a table row; the
 * series' 初期値 spans its two rows. */
static void year_row(gk_report_writer *w, const rw_yt_row *r, const rw_yt_cell *c, size_t n,
                     void *ctx)
{
    if (r->kind == RW_YT_HEAD) {
        rw_puts(w,
                "<div class=\"scroll\"><table class=\"years\">\n<thead><tr><th></th><th>" RW_BASE);
        if (r->base_year) base_year_mark(w, r->base_year);
        rw_puts(w, "</th>");
        for (size_t i = 0; i < n; i++)
            year_cell(w, "th", c[i].text, c[i].cur);
        rw_puts(w, "</tr></thead>\n<tbody>\n");
        return;
    }
    tagged(w, "<tr><th>", r->label, "</th>");
    if (r->kind == RW_YT_TARGET) {
        rw_puts(w, "<td rowspan=\"2\">");
        rw_html_esc(w, r->base);
        if (r->base_year) base_year_mark(w, r->base_year);
        rw_puts(w, "</td>");
    } else if (r->kind == RW_YT_GRADE)
        rw_puts(w, "<td></td>");
    for (size_t i = 0; i < n; i++) {
        if (r->kind == RW_YT_ACTUAL) {
            year_cell(w, "td", c[i].text, c[i].cur);
            continue;
        }
        rw_puts(w, c[i].cur ? "<td class=\"cur\">" : "<td>");
        if (r->kind == RW_YT_GRADE)
            grade_span(w, c[i].text, c[i].entered);
        else
            tagged(w, c[i].interim ? "<span class=\"interim\">" : "", c[i].text,
                   c[i].interim ? "</span>" : "");
        rw_puts(w, "</td>");
    }
    rw_puts(w, r->kind == RW_YT_GRADE ? "</tr>\n</tbody></table></div>\n" : "</tr>\n");
}

/* An entered 評価's reason under the year table. */
static void reason(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    tagged(w, "<p class=\"reason\">", head, "");
    tagged(w, "", text, "</p>\n");
}

/* The year table, wrapped into bands of at most RW_BAND_YEARS years so that
 * any period fits the width of A4 (a 10-year plan: two bands). */
#define RW_BAND_YEARS 6
static void year_table(gk_report_writer *w, const gk_rep_indicator *ind)
{
    const gk_rep_plan *p = w->p;
    size_t bands = (p->nyears + RW_BAND_YEARS - 1) / RW_BAND_YEARS;
    if (!bands) bands = 1;
    size_t per = (p->nyears + bands - 1) / bands; /* even bands: 10 years as 5 + 5 */
    for (size_t y0 = 0; y0 < p->nyears || y0 == 0; y0 += per) {
        rw_year_table(w, ind, y0, y0 + per < p->nyears ? y0 + per : p->nyears, year_row, NULL);
        if (!per) break;
    }
    rw_reasons(w, ind, reason, NULL);
}

/* 【未承認】 beside what a locked year published without approval. */
static void unapproved(gk_report_writer *w, bool not_approved)
{
    if (w->p->locked_at && not_approved)
        rw_puts(w, "<span class=\"unapproved\" "
                   "style=\"color:#a32020;font-weight:bold;margin-left:.5em\">" RW_UNAPPROVED
                   "</span>");
}

static int h_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err)
{
    char buf[256];
    rw_puts(w, "<article class=\"item\">\n");
    if (it->kind == 'i') {
        rw_puts(w, "<table class=\"head\">\n<tr><th scope=\"row\">");
        rw_html_esc(w, w->p->label_item);
        rw_puts(w, "</th><td class=\"title\">");
        rw_html_esc(w, it->title);
        unapproved(w, it->unapproved);
        rw_puts(w, "</td></tr>\n");
        tagged(w, "<tr><th scope=\"row\">" RW_CONTENT "</th><td>", it->content, "</td></tr>\n");
        if (it->ndepts) {
            rw_puts(w, "<tr><th scope=\"row\">" RW_DEPT "</th><td>");
            dept_list(w, it->depts, it->ndepts);
            rw_puts(w, "</td></tr>\n");
        }
        if (it->evaluation) { /* nothing computes an item's: no empty 評価 */
            rw_puts(w, "<tr><th scope=\"row\">" RW_GRADE "</th><td>");
            grade_span(w, it->evaluation, true);
            rw_puts(w, "</td></tr>\n");
        }
        rw_puts(w, "</table>\n");
        if (it->evaluation)
            tagged(w, "<p class=\"reason\">" RW_ENTERED_MARK RW_GRADE "の理由：", it->eval_reason,
                   "</p>\n");
        notes(w, it->status, it->next_plan, it->nind > 0);
    } else {
        rw_heading(w, &h3, NULL, rw_pseudo_title(w->p, it, buf, sizeof buf), rw_html_esc);
    }
    for (size_t i = 0; i < it->nind; i++) {
        const gk_rep_indicator *ind = &it->ind[i];
        rw_puts(w, "<section class=\"ind\">\n<div class=\"keep\">\n"
                   "<h4><span class=\"lv\">" RW_INDICATOR);
        rw_puts(w, rw_circled(i, buf, sizeof buf));
        rw_puts(w, "</span>");
        rw_html_esc(w, ind->title);
        tagged(w, "<span class=\"unit\">（単位：", ind->unit, "）</span>");
        unapproved(w, ind->unapproved);
        rw_puts(w, "</h4>\n");
        if (ind->ndepts) {
            rw_puts(w, "<p class=\"meta\">" RW_DEPT "：");
            dept_list(w, ind->depts, ind->ndepts);
            rw_puts(w, "</p>\n");
        }
        year_table(w, ind);
        if (w->p->additions & GK_ADD_CHARTS) rw_html_trend(w, ind);
        rw_puts(w, "</div>\n"); /* the heading, its table and its chart: one block */
        notes(w, ind->status, ind->next_plan, true);
        rw_puts(w, "</section>\n");
    }
    rw_puts(w, "</article>\n");
    return 0;
}

/* --- charts of counts ------------------------------------------------------------- */

/* A stacked bar of the counts, width x height. */
static void bar(gk_report_writer *w, const gk_rep_count *c, int width, int height)
{
    size_t nb = w->p->grades.n;
    rw_printf(w,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" role=\"img\" aria-label=\"" RW_GRADE "の内訳",
              width, height, width, height);
    for (size_t b = 0; b < nb; b++) {
        rw_puts(w, " ");
        rw_html_esc(w, w->p->grades.band[b].label);
        rw_printf(w, " %ld", c->grade[b]);
    }
    rw_printf(w, " 未評価 %ld\">", c->ungraded);
    rw_printf(w, "<rect width=\"%d\" height=\"%d\" fill=\"#f2f4f7\"/>", width, height);
    double x = 0;
    for (size_t b = 0; b <= nb; b++) {
        long v = b < nb ? c->grade[b] : c->ungraded;
        if (!v || !c->units) continue;
        double bw = (double)v * width / (double)c->units;
        rw_printf(w, "<rect x=\"%.2f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>", x, bw, height,
                  b < nb ? band_colour(nb, b) : UNGRADED_COLOUR);
        x += bw;
    }
    rw_puts(w, "</svg>");
}

static void legend(gk_report_writer *w, const gk_rep_count *c)
{
    size_t nb = w->p->grades.n;
    rw_puts(w, "<ul class=\"legend\">");
    for (size_t b = 0; b <= nb; b++) {
        rw_printf(w, "<li><span class=\"sw\" style=\"background:%s\"></span>",
                  b < nb ? band_colour(nb, b) : UNGRADED_COLOUR);
        if (b < nb)
            rw_html_esc(w, w->p->grades.band[b].label);
        else
            rw_puts(w, "未評価");
        rw_printf(w, " %ld</li>", b < nb ? c->grade[b] : c->ungraded);
    }
    rw_puts(w, "</ul>\n");
}

static int h_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err)
{
    if (c && c->units) {
        char pct[32];
        rw_puts(w, "<div class=\"goal-sum\">\n<h3>");
        rw_html_esc(w, w->p->label_goal);
        rw_printf(w, "の" RW_GRADE "（%ld件、入力済 %ld件", c->units, c->entered);
        if (c->ended) rw_printf(w, "、入力不要 %ld件", c->ended);
        rw_printf(w, "・%s）</h3>\n", rw_percent(c, pct, sizeof pct));
        rw_puts(w, "<figure>");
        bar(w, c, 600, 22);
        rw_puts(w, "</figure>\n");
        legend(w, c);
        rw_puts(w, "</div>\n");
    }
    rw_puts(w, "</section>\n");
    return 0;
}

static void count_table(gk_report_writer *w, const char *head, const gk_rep_count *rows, size_t n,
                        const gk_rep_count *total)
{
    size_t nb = w->p->grades.n;
    char pct[32];
    rw_puts(w, "<div class=\"scroll\"><table class=\"counts\">\n<thead><tr><th>");
    rw_html_esc(w, head);
    rw_puts(w, "</th><th>対象</th><th>入力済</th><th>入力不要</th><th>入力率</th>");
    for (size_t b = 0; b < nb; b++) {
        rw_puts(w, "<th>");
        rw_html_esc(w, w->p->grades.band[b].label);
        rw_puts(w, "</th>");
    }
    rw_puts(w, "<th>未評価</th><th>内訳</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i <= n; i++) {
        const gk_rep_count *c = i < n ? &rows[i] : total;
        rw_puts(w, i < n ? "<tr><td class=\"name\">" : "<tr class=\"total\"><td class=\"name\">");
        if (i < n)
            rw_html_esc(w, c->name);
        else
            rw_puts(w, "計");
        rw_printf(w, "</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%s</td>", c->units, c->entered,
                  c->ended, rw_percent(c, pct, sizeof pct));
        for (size_t b = 0; b < nb; b++)
            rw_printf(w, "<td>%ld</td>", c->grade[b]);
        rw_printf(w, "<td>%ld</td><td>", c->ungraded);
        if (c->units) bar(w, c, 120, 12);
        rw_puts(w, "</td></tr>\n");
    }
    rw_puts(w, "</tbody></table></div>\n");
}

static void sum_cell(gk_report_writer *w, long n, double v, int dec)
{
    char buf[64];
    if (n)
        rw_printf(w, "<td>%s</td>", gk_sum_format(v, dec, buf, sizeof buf));
    else
        rw_puts(w, "<td></td>");
}

/* One band of a totals table: the years [y0, y1), and 計 when last. */
static void sum_band(gk_report_writer *w, const gk_rep_sum *sum, size_t y0, size_t y1, bool last)
{
    const gk_rep_plan *p = w->p;
    char buf[64];
    rw_puts(w, "<div class=\"scroll\"><table class=\"sum\">\n<thead><tr><th></th>");
    for (size_t y = y0; y < y1; y++)
        rw_printf(w, "<th>%s</th>", rw_fy_short(p->years[y], buf, sizeof buf));
    rw_puts(w, last ? "<th>計</th></tr></thead>\n<tbody>\n" : "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < sum->nseries; k++) {
        const gk_rep_sum_series *r = &sum->series[k];
        for (int row = 0; row < 2; row++) {
            rw_puts(w, "<tr><td class=\"name\">");
            rw_puts(w, row == 0 ? RW_TARGET : RW_ACTUAL);
            if (*r->name) {
                rw_puts(w, "（");
                rw_html_esc(w, r->name);
                rw_puts(w, "）");
            }
            rw_puts(w, "</td>");
            for (size_t y = y0; y < y1; y++)
                if (row == 0)
                    sum_cell(w, r->tn[y], r->target[y], r->tdec[y]);
                else
                    sum_cell(w, r->an[y], r->actual[y], r->adec[y]);
            if (last) { /* the total first: an argument's order of evaluation is unspecified */
                double t;
                int tdec;
                long any = gk_rep_sum_total(r, row == 1, p->nyears, &t, &tdec);
                sum_cell(w, any, t, tdec);
            }
            rw_puts(w, "</tr>\n");
        }
    }
    if (sum->nseries >= 2) {
        rw_puts(w, "<tr><td class=\"name\">差（");
        rw_html_esc(w, sum->series[1].name);
        rw_puts(w, "－");
        rw_html_esc(w, sum->series[0].name);
        rw_puts(w, "）</td>");
        double d;
        int dec;
        for (size_t y = y0; y < y1; y++) {
            if (gk_rep_sum_diff(sum, 0, 1, y, &d, &dec))
                sum_cell(w, 1, d, dec);
            else
                rw_puts(w, "<td></td>");
        }
        if (last) {
            long any = gk_rep_sum_diff_total(sum, 0, 1, p->nyears, &d, &dec);
            sum_cell(w, any, d, dec);
        }
        rw_puts(w, "</tr>\n");
    }
    rw_puts(w, "</tbody></table></div>\n");
}

static void sums(gk_report_writer *w, const gk_rep_summary *s)
{
    const gk_rep_plan *p = w->p;
    rw_puts(w, "<h3>効果額等の合計</h3>\n");
    if (!s->nsums) {
        rw_puts(w,
                "<p class=\"note\">複数の項目に同じ名称で置かれ、合計できる単位の指標はありません。"
                "</p>\n");
        return;
    }
    for (size_t i = 0; i < s->nsums; i++) {
        const gk_rep_sum *sum = &s->sums[i];
        char head[1024];
        rw_puts(w, "<h4>");
        rw_html_esc(w, rw_sum_title(p, sum, head, sizeof head));
        char *u = rw_sum_unit(sum);
        tagged(w, "<span class=\"unit\">", u, "</span>");
        free(u);
        rw_puts(w, "</h4>\n");
        /* in bands of years, as the year tables; 計 (the period) in the last */
        size_t bands = (p->nyears + RW_BAND_YEARS - 1) / RW_BAND_YEARS;
        size_t per = bands ? (p->nyears + bands - 1) / bands : 0;
        for (size_t y0 = 0; y0 < p->nyears || (y0 == 0 && !per); y0 += per) {
            size_t y1 = y0 + per < p->nyears ? y0 + per : p->nyears;
            sum_band(w, sum, y0, y1, y1 == p->nyears);
            if (!per) break;
        }
    }
}

static int h_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err)
{
    char fy[64];
    rw_printf(w, "<section class=\"summary\">\n<h2><span class=\"lv\">集計</span>%s</h2>\n",
              rw_fy_long(w->p->year, fy, sizeof fy));
    rw_puts(w, "<h3>");
    rw_html_esc(w, w->p->label_goal);
    rw_puts(w, "別</h3>\n");
    count_table(w, w->p->label_goal, s->goals, s->ngoals, &s->total);
    rw_puts(w, "<h3>" RW_DEPT "別</h3>\n");
    count_table(w, RW_DEPT, s->depts, s->ndepts, &s->total);
    rw_puts(w, "<p "
               "class=\"note\">"
               "対象は指標と、指標のない取組項目です。指標は全系列の実績値があるとき（定性的な指標"
               "は取組状況と次年度の取組内容があるときも）、"
               "指標のない取組項目は取組状況があるときに入力済とします。見直し区分が廃止・終了・完"
               "了の取組項目とその指標は、未入力なら入力不要として入力率から除きます。"
               "所管課別は主担当の所管課に数えます。" RW_ENTERED_NOTE "。</p>\n");
    sums(w, s);
    rw_puts(w, "</section>\n");
    return 0;
}

static int h_close(gk_report_writer *w, gk_error *err)
{
    rw_puts(w, "</main>\n</body>\n</html>\n");
    return 0;
}

/* A line of the theme matrix (report.c rw_themes_walk) as a table row: the
 * head in <thead> (repeated on every printed page), a 基本目標 spanning the
 * row, 計 in <tfoot>. */
static void h_theme_line(gk_report_writer *w, const gk_rep_themes *t, const rw_theme_line *l,
                         void *ctx)
{
    static const char *const open[] = {"<thead><tr><th>", "<tr class=\"goal\"><th colspan=\"%zu\">",
                                       "<tr><td class=\"name\">",
                                       "</tbody>\n<tfoot><tr class=\"total\"><td class=\"name\">"};
    static const char *const close[] = {"</tr></thead>\n<tbody>\n", "</tr>\n", "</tr>\n",
                                        "</tr></tfoot>\n"};
    bool head = l->kind == RW_THEME_HEAD;
    char buf[32];
    if (l->kind == RW_THEME_GOAL)
        rw_printf(w, open[l->kind], t->ntags + 1);
    else
        rw_puts(w, open[l->kind]);
    rw_html_esc(w, l->name);
    rw_puts(w, head || l->kind == RW_THEME_GOAL ? "</th>" : "</td>");
    for (size_t c = 0; l->kind != RW_THEME_GOAL && c < t->ntags; c++) {
        rw_puts(w, head ? "<th>" : "<td>");
        rw_html_esc(w, rw_theme_cell(t, l, c, buf, sizeof buf));
        rw_puts(w, head ? "</th>" : "</td>");
    }
    rw_puts(w, close[l->kind]);
}

/* The theme matrix: the items down (grouped under their 基本目標), the
 * テーマ across, ○ where an item has the テーマ, 計 the items per テーマ. */
static int h_themes(gk_report_writer *w, const gk_rep_themes *t, gk_error *err)
{
    /* its style here: a plan without テーマ carries none of it */
    rw_puts(w, "<style>table.themes th,table.themes td{text-align:center}"
               "table.themes thead th{white-space:normal;font-size:.9em}"
               "table.themes td.name{text-align:left}"
               "table.themes tr.goal th{text-align:left;background:#f2f4f7}"
               "table.themes tr.total td{font-weight:bold;background:#f2f4f7}</style>\n");
    rw_puts(w, "<section class=\"themes\">\n<h2>" RW_THEMES "</h2>\n<table class=\"themes\">\n");
    rw_themes_walk(w, t, h_theme_line, NULL);
    rw_puts(w, "</table>\n</section>\n");
    return 0;
}

const report_vt gk_report_html_vt = {h_open,    h_goal,  h_policy, h_item, h_goal_end,
                                     h_summary, h_close, h_themes, notes};
