/*
 * report_text.c — the report as plain text of at most opts.width cells a
 * line (reportout.h), every width measured by the text engine (text.h), so
 * that it lines up as on screen in both ambiguous-width modes.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

/* Writes s (already sanitised) without trailing blanks, then a newline. */
static void line(gk_report_writer *w, const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    rw_write(w, s, n);
    rw_putc(w, '\n');
}

/* A rule of `ch` as wide as the page. */
static void rule(gk_report_writer *w, const char *ch)
{
    int cw = gk_str_width(ch), width = 0;
    while (width + cw <= w->o.width) {
        rw_puts(w, ch);
        width += cw;
    }
    rw_puts(w, "\n");
}

static void spaces(char *buf, int n)
{
    memset(buf, ' ', (size_t)n);
    buf[n] = '\0';
}

/* text wrapped to the page after `indent` cells and a label of labw cells
 * on the first line (the following lines are indented as far). */
static void wrapped(gk_report_writer *w, int indent, const char *label, int labw, const char *text)
{
    int avail = w->o.width - indent - labw;
    if (avail < 10) { /* a label too wide for the page: the text goes under it */
        char *l = gk_fit(label, w->o.width - indent);
        for (int i = 0; i < indent; i++)
            rw_putc(w, ' ');
        line(w, l ? l : "");
        free(l);
        wrapped(w, indent + 2, "", 0, text);
        return;
    }
    size_t n = 0;
    gk_span *sp = gk_wrap(text ? text : "", avail, &n);
    char *lab = gk_fit(label, labw);
    for (size_t i = 0; sp && i < n; i++) {
        char *part = strndup(text + sp[i].start, sp[i].len);
        char *clean = part ? gk_sanitize(part) : NULL;
        size_t need =
            (size_t)indent + (size_t)labw + strlen(lab ? lab : "") + strlen(clean ? clean : "") + 1;
        char *out = malloc(need);
        if (out) {
            memset(out, ' ', (size_t)indent);
            out[indent] = '\0';
            if (i == 0) {
                strcat(out, lab ? lab : "");
            } else {
                size_t o = strlen(out);
                memset(out + o, ' ', (size_t)labw);
                out[o + (size_t)labw] = '\0';
            }
            strcat(out, clean ? clean : "");
            line(w, out);
        }
        free(out);
        free(clean);
        free(part);
    }
    free(lab);
    free(sp);
}

static int t_open(gk_report_writer *w, gk_error *err)
{
    char fy[64], buf[128];
    rule(w, "=");
    wrapped(w, 0, "", 0, w->p->name);
    snprintf(buf, sizeof buf, "取組状況（%s）", rw_fy_long(w->p->year, fy, sizeof fy));
    wrapped(w, 0, "", 0, buf);
    if (w->p->dept) {
        wrapped(w, 0, RW_DEPT "：", gk_str_width(RW_DEPT "："), w->p->dept);
    }
    if (w->p->stamp) wrapped(w, 0, "作成：", gk_str_width("作成："), w->p->stamp);
    wrapped(w, 0, "", 0, rw_state(w->p, buf, sizeof buf));
    char legend[1024];
    if (rw_grade_legend(w->p, legend, sizeof legend)) wrapped(w, 0, "", 0, legend);
    rule(w, "=");
    return 0;
}

static void t_notes(gk_report_writer *w, int indent, const char *status, const char *next,
                    bool actuals);

static int t_goal(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    const char *title = h->title;
    rw_puts(w, "\n");
    const char *level = rw_level(w->p->label_goal, title);
    char *lab = malloc(strlen(level) + 2);
    if (!lab) return 0;
    sprintf(lab, *level ? "%s " : "%s", level);
    wrapped(w, 0, lab, gk_str_width(lab), title);
    free(lab);
    rule(w, "-");
    return 0;
}

static int t_policy(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    rw_puts(w, "\n");
    wrapped(w, 0, "", 0, h->title);
    return 0;
}

/* The notes of the year at `indent`. */
static void t_note(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    int indent = *(int *)ctx;
    wrapped(w, indent, "", 0, head);
    wrapped(w, indent + 2, "", 0, text);
}

static void t_notes(gk_report_writer *w, int indent, const char *status, const char *next,
                    bool actuals)
{
    rw_notes(w, status, next, actuals, t_note, &indent);
}

typedef struct cell {
    char *s;   /* sanitised text */
    int right; /* right-aligned */
} cell;

/* Writes rows x 5 columns (year, series, target, actual, grade) fitted to
 * the page: columns as wide as their widest cell, the series, target, actual
 * and grade columns cut with … when the page is too narrow. */
static void table(gk_report_writer *w, int indent, cell *c, size_t rows, bool series)
{
    enum { NC = 5 };
    int width[NC] = {0};
    for (size_t r = 0; r < rows; r++)
        for (int k = 0; k < NC; k++) {
            int cw = c[r * NC + k].s ? gk_str_width(c[r * NC + k].s) : 0;
            if (cw > width[k]) width[k] = cw;
        }
    if (!series) width[1] = 0;
    int avail = w->o.width - indent, used = 0, cols = 0;
    for (int k = 0; k < NC; k++)
        if (width[k]) {
            used += width[k];
            cols++;
        }
    used += 2 * (cols - 1);
    while (used > avail) { /* narrow the widest of series / target / actual / grade */
        int k = width[2] >= width[3] ? 2 : 3;
        if (series && width[1] > width[k]) k = 1;
        if (width[4] > width[k]) k = 4; /* an entered 評価 may be a long text */
        if (width[k] <= 4) break;
        width[k]--;
        used--;
    }
    char pad[256];
    spaces(pad, indent);
    for (size_t r = 0; r < rows; r++) {
        size_t cap = 256;
        for (int k = 0; k < NC; k++)
            cap += (size_t)width[k] * 4 + 8;
        char *out = malloc(cap);
        if (!out) return;
        strcpy(out, pad);
        bool first = true;
        for (int k = 0; k < NC; k++) {
            if (!width[k]) continue;
            const cell *x = &c[r * NC + k];
            char *f = x->right ? gk_fit_right(x->s ? x->s : "", width[k])
                               : gk_fit(x->s ? x->s : "", width[k]);
            if (!first) strcat(out, "  ");
            strcat(out, f ? f : "");
            free(f);
            first = false;
        }
        line(w, out);
        free(out);
    }
}

static char *dup_clean(const char *s)
{
    return s ? gk_sanitize(s) : NULL;
}

/* An entered 評価's reason, its heading as the label of the first line. */
static void t_reason(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    wrapped(w, *(int *)ctx, head, gk_str_width(head), text);
}

static void t_indicator(gk_report_writer *w, const gk_rep_indicator *ind, size_t i)
{
    const gk_rep_plan *p = w->p;
    char buf[256], head[64];
    char num[16];
    snprintf(head, sizeof head, "◇" RW_INDICATOR "%s ", rw_circled(i, num, sizeof num));
    char *title = NULL;
    bool mark = p->locked_at && ind->unapproved;
    if (ind->unit || mark) {
        size_t n = strlen(ind->title) + (ind->unit ? strlen(ind->unit) : 0) + 64;
        title = malloc(n);
        if (title)
            snprintf(title, n, "%s%s%s%s%s", ind->title, ind->unit ? "（単位：" : "",
                     ind->unit ? ind->unit : "", ind->unit ? "）" : "",
                     mark ? "　" RW_UNAPPROVED : "");
    }
    rw_puts(w, "\n");
    wrapped(w, 2, head, gk_str_width(head), title ? title : ind->title);
    free(title);
    if (ind->ndepts) {
        char *d = rw_depts(ind->depts, ind->ndepts);
        wrapped(w, 4, RW_DEPT "　", gk_str_width(RW_DEPT "　"), d);
        free(d);
    }
    bool named = false;
    for (size_t k = 0; k < ind->nseries; k++) {
        const gk_rep_series *s = &ind->series[k];
        if (*s->name) named = true;
        if (!s->base && !s->base_year) continue;
        char label[256], fy[64], text[512];
        snprintf(label, sizeof label, RW_BASE "%s　", rw_series_label(s, buf, sizeof buf));
        snprintf(text, sizeof text, "%s%s%s%s", s->base ? s->base : "", s->base_year ? "（" : "",
                 s->base_year ? rw_fy_short(s->base_year, fy, sizeof fy) : "",
                 s->base_year ? "）" : "");
        wrapped(w, 4, label, gk_str_width(label), text);
    }
    size_t rows = 1 + p->nyears * (ind->nseries ? ind->nseries : 1);
    cell *c = calloc(rows * 5, sizeof *c);
    if (!c) return;
    c[0].s = strdup("年度");
    c[1].s = strdup("系列");
    c[2].s = strdup(RW_TARGET);
    c[2].right = 1;
    c[3].s = strdup(RW_ACTUAL);
    c[3].right = 1;
    c[4].s = strdup(RW_GRADE);
    size_t r = 1;
    for (size_t y = 0; y < p->nyears; y++)
        for (size_t k = 0; k < ind->nseries; k++, r++) {
            const gk_rep_series *s = &ind->series[k];
            cell *row = &c[r * 5];
            if (k == 0) {
                char fy[64];
                snprintf(buf, sizeof buf, "%s%s", rw_fy_short(p->years[y], fy, sizeof fy),
                         y == p->year_index ? "*" : "");
                row[0].s = strdup(buf);
            }
            row[1].s = dup_clean(s->name);
            bool interim;
            row[2].s = dup_clean(rw_target_cell(p, ind->unit, s, y, buf, sizeof buf, &interim));
            row[2].right = row[3].right = 1;
            row[3].s = dup_clean(s->actual[y]);
            if (k == 0 && gk_rep_shown_grade(p, ind, y)) {
                snprintf(buf, sizeof buf, "%s%s", gk_rep_shown_grade(p, ind, y),
                         ind->grade_entered[y] ? RW_ENTERED_MARK : "");
                row[4].s = gk_sanitize(buf);
            }
        }
    table(w, 4, c, r, named);
    for (size_t k = 0; k < r * 5; k++)
        free(c[k].s);
    free(c);
    int indent = 4;
    rw_reasons(w, ind, t_reason, &indent);
    t_notes(w, 4, ind->status, ind->next_plan, true);
}

static int t_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err)
{
    char buf[256];
    rw_puts(w, "\n");
    if (it->kind == 'i') {
        snprintf(buf, sizeof buf, "【%s】", w->p->label_item);
        if (w->p->locked_at && it->unapproved) {
            size_t n = strlen(it->title) + sizeof RW_UNAPPROVED + 4;
            char *t = malloc(n);
            if (t) snprintf(t, n, "%s　" RW_UNAPPROVED, it->title);
            wrapped(w, 0, buf, gk_str_width(buf), t ? t : it->title);
            free(t);
        } else {
            wrapped(w, 0, buf, gk_str_width(buf), it->title);
        }
        int lw = gk_str_width(RW_CONTENT "　");
        if (it->content) wrapped(w, 2, RW_CONTENT "　", lw, it->content);
        if (it->ndepts) {
            char *d = rw_depts(it->depts, it->ndepts);
            char *l = gk_fit(RW_DEPT, lw);
            wrapped(w, 2, l ? l : RW_DEPT, lw, d);
            free(l);
            free(d);
        }
        if (it->evaluation) {
            char *l = gk_fit(RW_GRADE, lw);
            snprintf(buf, sizeof buf, "%s" RW_ENTERED_MARK, it->evaluation);
            wrapped(w, 2, l ? l : RW_GRADE, lw, buf);
            free(l);
            if (it->eval_reason)
                wrapped(w, 2 + lw, RW_ENTERED_MARK RW_GRADE "の理由：",
                        gk_str_width(RW_ENTERED_MARK RW_GRADE "の理由："), it->eval_reason);
        }
        t_notes(w, 2, it->status, it->next_plan, it->nind > 0);
    } else {
        char title[128];
        snprintf(buf, sizeof buf, "【%s】", rw_pseudo_title(w->p, it, title, sizeof title));
        wrapped(w, 0, "", 0, buf);
    }
    for (size_t i = 0; i < it->nind; i++)
        t_indicator(w, &it->ind[i], i);
    return 0;
}

static char *counts_line(gk_report_writer *w, const gk_rep_count *c)
{
    char *s = malloc(1024);
    if (!s) return NULL;
    char pct[32];
    size_t o = (size_t)snprintf(s, 1024, "対象 %ld　入力済 %ld", c->units, c->entered);
    if (c->ended) o += (size_t)snprintf(s + o, 1024 - o, "　入力不要 %ld", c->ended);
    o += (size_t)snprintf(s + o, 1024 - o, "（%s）", rw_percent(c, pct, sizeof pct));
    for (size_t b = 0; b < w->p->grades.n && o < 1024; b++)
        o += (size_t)snprintf(s + o, 1024 - o, "　%s %ld", w->p->grades.band[b].label, c->grade[b]);
    if (o < 1024) snprintf(s + o, 1024 - o, "　未評価 %ld", c->ungraded);
    return s;
}

static int t_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err)
{
    if (!c || !c->units) return 0;
    rw_puts(w, "\n");
    char *s = counts_line(w, c), lab[256];
    snprintf(lab, sizeof lab, "［%sの" RW_GRADE "］", w->p->label_goal);
    wrapped(w, 0, "", 0, lab);
    wrapped(w, 2, "", 0, s);
    free(s);
    return 0;
}

static void count_rows(gk_report_writer *w, const gk_rep_count *rows, size_t n,
                       const gk_rep_count *total)
{
    for (size_t i = 0; i <= n; i++) {
        const gk_rep_count *c = i < n ? &rows[i] : total;
        wrapped(w, 2, "", 0, i < n ? c->name : "計");
        char *s = counts_line(w, c);
        wrapped(w, 4, "", 0, s);
        free(s);
    }
}

static int t_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err)
{
    const gk_rep_plan *p = w->p;
    char fy[64], buf[256];
    rw_puts(w, "\n");
    rule(w, "=");
    snprintf(buf, sizeof buf, "集計（%s）", rw_fy_long(p->year, fy, sizeof fy));
    wrapped(w, 0, "", 0, buf);
    rule(w, "=");
    snprintf(buf, sizeof buf, "\n%s別", p->label_goal);
    wrapped(w, 0, "", 0, buf + 1);
    count_rows(w, s->goals, s->ngoals, &s->total);
    rw_puts(w, "\n");
    wrapped(w, 0, "", 0, RW_DEPT "別");
    count_rows(w, s->depts, s->ndepts, &s->total);
    rw_puts(w, "\n");
    wrapped(
        w, 0, "", 0,
        "対象は指標と、指標のない取組項目。指標は全系列の実績値があるとき（定性的な指標は取組状況と"
        "次年度の"
        "取組内容があるときも）、指標のない取組項目は取組状況があるときに入力済。見直し区分が廃止・"
        "終了・完了の取組項目とその指標は、未入力なら入力不要として入力率から除く。所管課別は主担当"
        "の所管課に数える。" RW_ENTERED_NOTE "。年度の * は"
        "報告年度。");
    rw_puts(w, "\n");
    wrapped(w, 0, "", 0, "効果額等の合計");
    if (!s->nsums)
        wrapped(w, 2, "", 0, "複数の項目に同じ名称で置かれ、合計できる単位の指標はありません。");
    for (size_t i = 0; i < s->nsums; i++) {
        const gk_rep_sum *sum = &s->sums[i];
        char head[1024];
        rw_sum_title(p, sum, head, sizeof head);
        char *u = rw_sum_unit(sum), *t = u ? malloc(strlen(head) + strlen(u) + 1) : NULL;
        if (t) sprintf(t, "%s%s", head, u);
        free(u);
        if (!t) continue;
        rw_puts(w, "\n");
        wrapped(w, 2, "", 0, t);
        free(t);
        size_t rows = 1 + (p->nyears + 1) * (sum->nseries + (sum->nseries >= 2));
        cell *c = calloc(rows * 5, sizeof *c);
        if (!c) continue;
        c[0].s = strdup("年度");
        c[1].s = strdup("系列");
        c[2].s = strdup(RW_TARGET);
        c[3].s = strdup(RW_ACTUAL);
        c[2].right = c[3].right = 1;
        size_t r = 1;
        for (size_t y = 0; y < p->nyears; y++) {
            for (size_t k = 0; k < sum->nseries; k++, r++) {
                const gk_rep_sum_series *x = &sum->series[k];
                cell *row = &c[r * 5];
                if (k == 0) row[0].s = strdup(rw_fy_short(p->years[y], fy, sizeof fy));
                row[1].s = gk_sanitize(x->name);
                if (x->tn[y])
                    row[2].s = strdup(gk_sum_format(x->target[y], x->tdec[y], buf, sizeof buf));
                if (x->an[y])
                    row[3].s = strdup(gk_sum_format(x->actual[y], x->adec[y], buf, sizeof buf));
                row[2].right = row[3].right = 1;
            }
            if (sum->nseries >= 2) {
                cell *row = &c[r++ * 5];
                double d;
                int dec;
                char *n1 = gk_sanitize(sum->series[1].name), *n0 = gk_sanitize(sum->series[0].name);
                snprintf(buf, sizeof buf, "差（%s－%s）", n1 ? n1 : "", n0 ? n0 : "");
                free(n1);
                free(n0);
                row[1].s = strdup(buf);
                row[3].right = 1;
                if (gk_rep_sum_diff(sum, 0, 1, y, &d, &dec))
                    row[3].s = strdup(gk_sum_format(d, dec, buf, sizeof buf));
            }
        }
        /* over the period */
        for (size_t k = 0; k < sum->nseries; k++, r++) {
            const gk_rep_sum_series *x = &sum->series[k];
            cell *row = &c[r * 5];
            double v;
            int dec;
            if (k == 0) row[0].s = strdup("計");
            row[1].s = gk_sanitize(x->name);
            if (gk_rep_sum_total(x, false, p->nyears, &v, &dec))
                row[2].s = strdup(gk_sum_format(v, dec, buf, sizeof buf));
            if (gk_rep_sum_total(x, true, p->nyears, &v, &dec))
                row[3].s = strdup(gk_sum_format(v, dec, buf, sizeof buf));
            row[2].right = row[3].right = 1;
        }
        if (sum->nseries >= 2) {
            cell *row = &c[r++ * 5];
            double d;
            int dec;
            row[1].s = strdup("差");
            row[3].right = 1;
            if (gk_rep_sum_diff_total(sum, 0, 1, p->nyears, &d, &dec))
                row[3].s = strdup(gk_sum_format(d, dec, buf, sizeof buf));
        }
        bool named = sum->nseries > 1 || (sum->nseries == 1 && *sum->series[0].name);
        table(w, 4, c, r, named);
        for (size_t k = 0; k < r * 5; k++)
            free(c[k].s);
        free(c);
    }
    return 0;
}

static int t_close(gk_report_writer *w, gk_error *err)
{
    return 0;
}

/* The state of the theme matrix on the page: the title column's width
 * (0: too narrow a page, each item lists its テーマ instead) and a line. */
typedef struct theme_page {
    int titlew;
    char *out;
    size_t cap;
} theme_page;

/* A line of the theme matrix (report.c rw_themes_walk) on the page: the
 * head as the numbered legend of the テーマ and a row of their numbers, a
 * 基本目標 as ［goal］, an item as its title cut to the title column and a
 * column of 3 cells per テーマ, 計 the counts. */
static void t_theme_line(gk_report_writer *w, const gk_rep_themes *t, const rw_theme_line *l,
                         void *ctx)
{
    theme_page *pg = ctx;
    char buf[64], cv[32];
    if (l->kind == RW_THEME_HEAD) {
        for (size_t c = 0; c < t->ntags; c++) {
            snprintf(buf, sizeof buf, "%2zu ", c + 1);
            wrapped(w, 2, buf, gk_str_width(buf), rw_theme_cell(t, l, c, cv, sizeof cv));
        }
        rw_puts(w, "\n");
        if (!pg->titlew) return;
        memset(pg->out, ' ', (size_t)pg->titlew);
        pg->out[pg->titlew] = '\0';
        for (size_t c = 0; c < t->ntags; c++) {
            snprintf(buf, sizeof buf, "%3zu", c + 1);
            strcat(pg->out, buf);
        }
        line(w, pg->out);
        return;
    }
    if (l->kind == RW_THEME_GOAL) {
        char *g = malloc(strlen(l->name) + 8);
        if (g) {
            sprintf(g, "［%s］", l->name);
            wrapped(w, 0, "", 0, g);
        }
        free(g);
        return;
    }
    if (!pg->titlew) { /* 取組項目：テーマ、テーマ; no 計 line */
        if (l->kind != RW_THEME_ITEM) return;
        const gk_rep_theme_row *r = l->row;
        size_t n = 1;
        for (size_t k = 0; k < r->ncols; k++)
            n += strlen(t->tags[r->cols[k]]) + 4;
        char *list = calloc(1, n);
        for (size_t k = 0; list && k < r->ncols; k++) {
            if (k) strcat(list, "、");
            strcat(list, t->tags[r->cols[k]]);
        }
        wrapped(w, 2, "", 0, l->name);
        wrapped(w, 4, "", 0, list && *list ? list : "－");
        free(list);
        return;
    }
    snprintf(buf, sizeof buf, "  %s", l->kind == RW_THEME_TOTAL ? l->name : "");
    char *title =
        l->kind == RW_THEME_ITEM ? gk_fit(l->name, pg->titlew - 2) : gk_fit(buf, pg->titlew);
    snprintf(pg->out, pg->cap, l->kind == RW_THEME_ITEM ? "  %s" : "%s", title ? title : "");
    free(title);
    for (size_t c = 0; c < t->ntags; c++) {
        const char *v = rw_theme_cell(t, l, c, cv, sizeof cv);
        if (l->kind == RW_THEME_TOTAL) { /* a count: ASCII, never cut */
            snprintf(buf, sizeof buf, "%3s", v);
            strcat(pg->out, buf);
            continue;
        }
        char *m = gk_fit_right(v, 3);
        strcat(pg->out, m ? m : "   ");
        free(m);
    }
    line(w, pg->out);
}

/* The theme matrix on the page: the テーマ numbered in a legend, then the
 * items down with a column of 3 cells per テーマ, the titles cut to what
 * the page leaves; a page too narrow for the columns lists each item's
 * テーマ instead. */
static int t_themes(gk_report_writer *w, const gk_rep_themes *t, gk_error *err)
{
    rw_puts(w, "\n");
    rule(w, "=");
    wrapped(w, 0, "", 0, RW_THEMES);
    rule(w, "=");
    int titlew = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        int tw = gk_str_width(t->rows[i].title) + 2;
        if (tw > titlew) titlew = tw;
    }
    int room = w->o.width - (int)t->ntags * 3;
    if (titlew > room) titlew = room;
    theme_page pg = {titlew >= 10 ? titlew : 0, NULL, (size_t)w->o.width * 4 + 64};
    if (!(pg.out = malloc(pg.cap))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    rw_themes_walk(w, t, t_theme_line, &pg);
    free(pg.out);
    return 0;
}

/* A heading's notes: under the heading, indented as an item's. */
static void t_heading_notes(gk_report_writer *w, const char *status, const char *next, bool actuals)
{
    t_notes(w, 2, status, next, actuals);
}

const report_vt gk_report_text_vt = {t_open,    t_goal,  t_policy, t_item,         t_goal_end,
                                     t_summary, t_close, t_themes, t_heading_notes};
