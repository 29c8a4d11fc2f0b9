/*
 * details.c — the details pane of the main screen: the selection laid out
 * in a pager (the plan's period and levels; a node's 取組内容, 所管課,
 * テーマ, 見直し区分; an indicator's table of 初期値 / 目標値 / 実績値 /
 * 評価 by year; an item's indicators with the year's actual; the year's
 * notes), rebuilt when the selection, the year or the width changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/contrib.h"
#include "gyokaku/i18n.h"
#include "gyokaku/series.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"
#include "mainview.h"

static const char *kind_label(const gk_plan_info *p, gk_node_kind kind)
{
    switch (kind) {
    case GK_NODE_GOAL:
        return p && p->label[0] ? p->label[0] : "基本目標";
    case GK_NODE_POLICY:
        return p && p->label[1] ? p->label[1] : "取組方針";
    case GK_NODE_ITEM:
        return p && p->label[2] ? p->label[2] : "取組項目";
    case GK_NODE_INDICATOR:
        return _("Indicator");
    default:
        return _("Plan");
    }
}

/* One row of the details table: each cell fitted to its column less one
 * cell, then a space, so that a label and its value never run together
 * (`初期値(2022) 305,174`). */
static void add_row(ui_pager *pg, const char *const *texts, const int *widths, int n,
                    enum ui_style st)
{
    ui_cell cells[8];
    size_t k = 0;
    for (int i = 0; i < n && i < 4; i++) {
        cells[k++] = (ui_cell){texts[i], widths[i] > 1 ? widths[i] - 1 : 1, false};
        if (i + 1 < n) cells[k++] = (ui_cell){" ", 1, false};
    }
    ui_pager_row(pg, cells, k, st);
}

/* The year range of a series' table: the plan's period widened to the
 * years that hold values. */
static void table_years(const gk_series_info *sr, const gk_plan_info *p, int *first, int *last)
{
    *first = p && p->first_year ? p->first_year : 0;
    *last = p ? p->last_year : 0;
    for (size_t i = 0; i < sr->nyears; i++) {
        if (*first == 0 || sr->years[i].year < *first) *first = sr->years[i].year;
        if (sr->years[i].year > *last) *last = sr->years[i].year;
    }
}

/* Series sr laid out over the table's years (series.h); -1 when memory ran
 * out (the pager says so). */
static int series_years(ui_pager *pg, const gk_node_detail *d, const gk_series_info *sr,
                        const gk_plan_info *p, gk_series_buf *b)
{
    int first, last;
    table_years(sr, p, &first, &last);
    if (gk_series_from_detail(sr, d->unit, first, last, b) == 0) return 0;
    pg->oom = true;
    return -1;
}

/* The 初期値 / 目標値 / 実績値 / 評価 table of one series, a row per year. An
 * evaluation that was not entered but computed from target and actual is
 * shown in parentheses; *computed is set when one is. */
static void add_series_table(mainview *m, const gk_node_detail *d, const gk_series_info *sr,
                             const gk_plan_info *p, bool *computed)
{
    ui_pager *pg = &m->details;
    char yb[32], label[64];
    snprintf(label, sizeof label, sr->base_year ? "%s(%d)" : "%s", _("Base"), sr->base_year);
    /* the first column holds R6(2024) and the 初期値 label whole */
    int w0 = sr->base && gk_str_width(label) + 1 > 12 ? gk_str_width(label) + 1 : 12;
    int cw = (pg->width - w0) / 3;
    int widths[4] = {w0, cw, cw, cw};
    if (*sr->name) ui_pager_line(pg, sr->name, ST_HEAD, 0);
    const char *head[4] = {_("Year"), _("Target"), _("Actual"), _("Evaluation")};
    add_row(pg, head, widths, 4, ST_HEAD);
    if (sr->base) add_row(pg, (const char *[]){label, sr->base}, widths, 2, ST_NORMAL);
    gk_series_buf b;
    if (series_years(pg, d, sr, p, &b) != 0) return;
    for (size_t k = 0; k < b.sy.n; k++) {
        int y = b.years[k];
        /* a year without a target (or →) is judged against the one in force */
        const char *eff = gk_series_target(&b.sy, k, NULL);
        const char *entered = gk_node_detail_eval(d, y);
        const char *eval =
            b.actuals[k] ? gk_eval_propose(sr->base, eff, b.actuals[k], d->unit, b.sy.dir) : NULL;
        char shown[128] = "";
        if (entered)
            snprintf(shown, sizeof shown, "%s", entered);
        else if (eval) {
            snprintf(shown, sizeof shown, "(%s)", eval);
            *computed = true;
        }
        const char *cells[4] = {gk_fy_short(y, yb, sizeof yb), b.targets[k], b.actuals[k], shown};
        add_row(pg, cells, widths, 4, y == m->year ? ST_MARK : ST_NORMAL);
    }
    gk_series_buf_free(&b);
}

/* The years of a series' table as a chart (chart.c), at the end of the
 * details so that the notes keep their place under the table. */
static void add_series_chart(mainview *m, const gk_node_detail *d, const gk_series_info *sr,
                             const gk_plan_info *p)
{
    ui_pager *pg = &m->details;
    gk_series_buf b;
    if (series_years(pg, d, sr, p, &b) != 0) return;
    ui_pager_chart(pg, &b.sy, sr->name, m->year, ui_bars_ascii());
    gk_series_buf_free(&b);
}

static void add_plan(mainview *m, const tnode *t, const gk_plan_info *p)
{
    ui_pager *pg = &m->details;
    char buf[1024];
    ui_pager_line(pg, _("Plan"), ST_HEAD, 0);
    ui_pager_text(pg, t->title, 2);
    if (p && p->first_year) {
        char a[32], b[32];
        snprintf(buf, sizeof buf, "%s – %s", gk_fy_long(p->first_year, a, sizeof a),
                 gk_fy_long(p->last_year, b, sizeof b));
        ui_pager_field(pg, _("Period"), buf);
    }
    if (p) {
        snprintf(buf, sizeof buf, "%s / %s / %s", p->label[0], p->label[1], p->label[2]);
        ui_pager_field(pg, _("Levels"), buf);
    }
}

/* An item's indicators with the year's actual. */
static void add_children(mainview *m, const gk_node_detail *d)
{
    ui_pager *pg = &m->details;
    char buf[1024], yb[64];
    ui_pager_line(pg, _("Indicators"), ST_HEAD, 0);
    for (size_t i = 0; i < d->nchildren; i++) {
        snprintf(buf, sizeof buf, "・%s", d->children[i].title);
        ui_pager_text(pg, buf, 2);
        snprintf(buf, sizeof buf, "%s: %s", gk_fy_short(m->year, yb, sizeof yb),
                 d->children[i].actual ? d->children[i].actual : _("(no actual)"));
        ui_pager_line(pg, buf, d->children[i].actual ? ST_NORMAL : ST_DIM, 4);
    }
}

/* An item's or an indicator's workflow state for the year (workflow.h),
 * with the 差し戻し comment while it is returned. */
static void add_state(mainview *m, const gk_node_detail *d)
{
    gk_wstate st;
    char *comment = NULL, label[128], yb[64];
    gk_error err;
    snprintf(label, sizeof label, _("State (%s)"), gk_fy_short(m->year, yb, sizeof yb));
    if (gk_node_wstate(m->s, d->id, m->year, &st, &comment, &err) != 0) {
        ui_pager_field(&m->details, label, err.msg);
        return;
    }
    size_t n = strlen(gk_wstate_label(st)) + (comment ? strlen(comment) : 0) + 8;
    char *text = malloc(n);
    if (text) {
        snprintf(text, n, st == GK_WS_RETURNED && comment ? "%s: %s" : "%s", gk_wstate_label(st),
                 comment ? comment : "");
        ui_pager_field(&m->details, label, text);
    }
    free(text);
    free(comment);
    /* who submitted, returned and approved it last, and when */
    gk_wstamps ws;
    if (gk_node_wstamps(m->s, d->id, m->year, &ws, &err) != 0) {
        ui_pager_field(&m->details, label, err.msg);
        return;
    }
    const struct {
        const char *label;
        const gk_wstamp *w;
    } rows[] = {{_("Submitted"), &ws.submitted},
                {_("Returned"), &ws.returned},
                {_("Approved"), &ws.approved}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i].w->who[0]) continue;
        char at[32], line[160];
        ui_local_time(rows[i].w->at, at, sizeof at);
        snprintf(line, sizeof line, "%s (%s)", rows[i].w->who, at);
        ui_pager_field(&m->details, rows[i].label, line);
    }
}

/* What related departments wrote about their part of the node for the
 * year (contrib.h), for the lead to read and take over. */
static void add_contributions(mainview *m, const gk_node_detail *d)
{
    gk_contribution *c;
    size_t n;
    gk_error err;
    if (gk_contribution_list(m->s, d->id, m->year, &c, &n, &err) != 0) {
        ui_pager_field(&m->details, _("Contributions"), err.msg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char label[768];
        snprintf(label, sizeof label, _("関係課 %s (%s, %.10s)"), c[i].dept, c[i].who, c[i].at);
        ui_pager_field(&m->details, label, c[i].text);
    }
    gk_contribution_list_free(c, n);
}

static void add_node(mainview *m, const gk_node_detail *d, const gk_plan_info *p)
{
    ui_pager *pg = &m->details;
    char label[128], yb[64];
    ui_pager_line(pg, kind_label(p, d->kind), ST_HEAD, 0);
    ui_pager_text(pg, d->title, 2);
    ui_pager_field(pg, "取組内容", d->content);
    ui_pager_field(pg, "所管課", d->depts);
    ui_pager_field(pg, "テーマ", d->tags);
    ui_pager_field(pg, "見直し区分", d->review);
    if (d->kind == GK_NODE_ITEM || d->kind == GK_NODE_INDICATOR) add_state(m, d);
    if (d->kind == GK_NODE_INDICATOR) {
        ui_pager_field(pg, "単位", d->unit);
        bool computed = false;
        for (size_t i = 0; i < d->nseries; i++)
            add_series_table(m, d, &d->series[i], p, &computed);
        if (computed)
            ui_pager_text_st(
                pg, _("(評価 in parentheses: computed from target and actual, not entered)"), 0,
                ST_DIM);
    }
    if (d->nchildren) add_children(m, d);
    snprintf(label, sizeof label, "取組状況 (%s)", gk_fy_long(m->year, yb, sizeof yb));
    ui_pager_field(pg, label, d->status);
    ui_pager_field(pg, "次年度の取組内容", d->next_plan);
    if (d->kind == GK_NODE_ITEM || d->kind == GK_NODE_INDICATOR) add_contributions(m, d);
    ui_pager_field(pg, "評価", d->evaluation);
    ui_pager_field(pg, _("Reason for the evaluation"), d->eval_reason);
    for (size_t i = 0; d->kind == GK_NODE_INDICATOR && i < d->nseries; i++)
        add_series_chart(m, d, &d->series[i], p);
}

static void build(mainview *m)
{
    tnode *t = mv_selected(m);
    int width = COLS - mv_tree_width() - 2;
    if (t == m->detail_of && m->year == m->detail_year && width == m->details.width) return;
    ui_pager_reset(&m->details, width);
    m->details_gen++;
    m->detail_of = t;
    m->detail_year = m->year;
    if (!t) return;
    const gk_plan_info *p = tree_plan(&m->tr, t->plan_id);
    if (t->kind == GK_NODE_PLAN) {
        add_plan(m, t, p);
        return;
    }
    gk_node_detail d;
    gk_error err;
    if (gk_browse_detail(m->s, t->id, m->year, &d, &err) != 0) {
        ui_pager_line(&m->details, err.msg, ST_WARN, 0);
        return;
    }
    add_node(m, &d, p);
    gk_node_detail_free(&d);
}

void mv_draw_details(mainview *m)
{
    build(m);
    int rows = mv_body_rows(), x = mv_tree_width() + 2;
    ui_pager_scroll(&m->details, 0, rows);
    unsigned long sig = m->details_gen;
    sig = sig * 1000003 ^ m->details.top;
    sig = sig * 1000003 ^ (unsigned long)rows << 16 ^ (unsigned long)x;
    sig = sig * 1000003 ^ m->folded_sig;
    if (!sig) sig = 1;
    if (m->intact && sig == m->drawn_details) return; /* on the screen already */
    m->drawn_details = sig;
    for (int r = 0; r < rows; r++) /* the column after the border */
        ui_put(1 + r, x - 1, 1, "", ST_NORMAL);
    ui_pager_draw(&m->details, 1, x, rows, m->folded);
}
