/*
 * report_md.c — the report as Markdown for wikis (reportout.h): headings,
 * bullet lines and pipe tables, every data text escaped (gk_md_escape).
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

static void md(gk_report_writer *w, const char *s)
{
    if (!s) return;
    char *e = gk_md_escape(s);
    if (e) rw_puts(w, e);
    free(e);
}

/* s escaped between open and close; nothing at all for NULL. */
static void md_in(gk_report_writer *w, const char *open, const char *s, const char *close)
{
    if (!s) return;
    rw_puts(w, open);
    md(w, s);
    rw_puts(w, close);
}

static int m_open(gk_report_writer *w, gk_error *err)
{
    char fy[64];
    rw_puts(w, "# ");
    md(w, w->p->name);
    rw_printf(w, " 取組状況（%s）\n", rw_fy_long(w->p->year, fy, sizeof fy));
    md_in(w, "\n" RW_DEPT "：", w->p->dept, "\n");
    md_in(w, "\n作成：", w->p->stamp, "\n");
    char buf[1024];
    rw_printf(w, "\n%s\n", rw_state(w->p, buf, sizeof buf));
    md_in(w, "\n", rw_grade_legend(w->p, buf, sizeof buf), "\n");
    return 0;
}

static void m_notes(gk_report_writer *w, const char *status, const char *next, bool actuals);

static int m_goal(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    static const rw_markup h2 = {"\n## ", "", " ", "\n"};
    rw_heading(w, &h2, w->p->label_goal, h->title, md);
    return 0;
}

static int m_policy(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    static const rw_markup h3 = {"\n### ", "", "", "\n"};
    rw_heading(w, &h3, NULL, h->title, md);
    return 0;
}

static void m_note(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    rw_puts(w, "\n**");
    rw_puts(w, head);
    rw_puts(w, "**\n\n");
    md_in(w, "", text, "\n");
}

static void m_notes(gk_report_writer *w, const char *status, const char *next, bool actuals)
{
    rw_notes(w, status, next, actuals, m_note, NULL);
}

static void depts(gk_report_writer *w, const char *const *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) rw_puts(w, "、");
        if (i == 0) rw_puts(w, "**");
        md(w, d[i]);
        if (i == 0) rw_puts(w, "**");
    }
}

static void m_reason(gk_report_writer *w, const char *head, const char *text, void *ctx)
{
    rw_puts(w, "\n");
    rw_puts(w, head);
    md_in(w, "", text, "\n");
}

/* A row of the year table (report.c rw_year_table) as a pipe table row;
 * the head is followed by the alignment row, the report's year in bold, a
 * 見込 in italics. */
static void m_year_row(gk_report_writer *w, const rw_yt_row *r, const rw_yt_cell *c, size_t n,
                       void *ctx)
{
    if (r->kind == RW_YT_HEAD) {
        rw_puts(w, "\n| | " RW_BASE);
        if (r->base_year) {
            rw_puts(w, " (");
            rw_puts(w, rw_fy(w, r->base_year));
            rw_puts(w, ")");
        }
        for (size_t i = 0; i < n; i++) {
            rw_puts(w, c[i].cur ? " | **" : " | ");
            rw_puts(w, c[i].text);
            if (c[i].cur) rw_puts(w, "**");
        }
        rw_puts(w, " |\n|---|---:");
        for (size_t i = 0; i < n; i++)
            rw_puts(w, "|---:");
        rw_puts(w, "|\n");
        return;
    }
    rw_puts(w, "| ");
    md(w, r->label);
    rw_puts(w, " |");
    if (r->kind == RW_YT_TARGET) {
        rw_puts(w, " ");
        md(w, r->base);
    }
    for (size_t i = 0; i < n; i++) {
        rw_puts(w, c[i].interim ? " | *" : " | ");
        md(w, c[i].text);
        if (c[i].interim) rw_puts(w, "*");
        if (c[i].text && c[i].entered) rw_puts(w, RW_ENTERED_MARK);
    }
    rw_puts(w, " |\n");
}

static void m_indicator(gk_report_writer *w, const gk_rep_indicator *ind, size_t i)
{
    const gk_rep_plan *p = w->p;
    char num[16];
    rw_printf(w, "\n##### " RW_INDICATOR "%s ", rw_circled(i, num, sizeof num));
    md(w, ind->title);
    if (ind->unit) {
        rw_puts(w, "（単位：");
        md(w, ind->unit);
        rw_puts(w, "）");
    }
    if (p->locked_at && ind->unapproved) rw_puts(w, "　" RW_UNAPPROVED);
    rw_puts(w, "\n");
    if (ind->ndepts) {
        rw_puts(w, "\n" RW_DEPT "：");
        depts(w, ind->depts, ind->ndepts);
        rw_puts(w, "\n");
    }
    rw_year_table(w, ind, 0, p->nyears, m_year_row, NULL);
    rw_reasons(w, ind, m_reason, NULL);
    m_notes(w, ind->status, ind->next_plan, true);
}

static int m_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err)
{
    char buf[128];
    if (it->kind == 'i') {
        rw_puts(w, "\n#### ");
        md(w, w->p->label_item);
        rw_puts(w, "：");
        md(w, it->title);
        if (w->p->locked_at && it->unapproved) rw_puts(w, "　" RW_UNAPPROVED);
        rw_puts(w, "\n\n");
        if (it->content) {
            rw_puts(w, "- **" RW_CONTENT "**：");
            md(w, it->content);
            rw_puts(w, "\n");
        }
        if (it->ndepts) {
            rw_puts(w, "- **" RW_DEPT "**：");
            depts(w, it->depts, it->ndepts);
            rw_puts(w, "\n");
        }
        if (it->evaluation) {
            rw_puts(w, "- **" RW_GRADE "**：");
            md(w, it->evaluation);
            rw_puts(w, RW_ENTERED_MARK);
            if (it->eval_reason) {
                rw_puts(w, "（理由：");
                md(w, it->eval_reason);
                rw_puts(w, "）");
            }
            rw_puts(w, "\n");
        }
        m_notes(w, it->status, it->next_plan, it->nind > 0);
    } else {
        rw_puts(w, "\n#### ");
        md(w, rw_pseudo_title(w->p, it, buf, sizeof buf));
        rw_puts(w, "\n");
    }
    for (size_t i = 0; i < it->nind; i++)
        m_indicator(w, &it->ind[i], i);
    return 0;
}

static void count_head(gk_report_writer *w, const char *first)
{
    rw_puts(w, "\n| ");
    md(w, first);
    rw_puts(w, " | 対象 | 入力済 | 入力不要 | 入力率");
    for (size_t b = 0; b < w->p->grades.n; b++) {
        rw_puts(w, " | ");
        md(w, w->p->grades.band[b].label);
    }
    rw_puts(w, " | 未評価 |\n|---|---:|---:|---:|---:");
    for (size_t b = 0; b <= w->p->grades.n; b++)
        rw_puts(w, "|---:");
    rw_puts(w, "|\n");
}

static void count_row(gk_report_writer *w, const char *name, const gk_rep_count *c)
{
    char pct[32];
    rw_puts(w, "| ");
    md(w, name);
    rw_printf(w, " | %ld | %ld | %ld | %s", c->units, c->entered, c->ended,
              rw_percent(c, pct, sizeof pct));
    for (size_t b = 0; b < w->p->grades.n; b++)
        rw_printf(w, " | %ld", c->grade[b]);
    rw_printf(w, " | %ld |\n", c->ungraded);
}

static int m_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err)
{
    if (!c || !c->units) return 0;
    rw_puts(w, "\n**");
    md(w, w->p->label_goal);
    rw_puts(w, "の" RW_GRADE "**\n");
    count_head(w, w->p->label_goal);
    count_row(w, c->name, c);
    return 0;
}

static int m_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err)
{
    const gk_rep_plan *p = w->p;
    char fy[64], buf[64];
    rw_printf(w, "\n## 集計（%s）\n\n### ", rw_fy_long(p->year, fy, sizeof fy));
    md(w, p->label_goal);
    rw_puts(w, "別\n");
    count_head(w, p->label_goal);
    for (size_t i = 0; i < s->ngoals; i++)
        count_row(w, s->goals[i].name, &s->goals[i]);
    count_row(w, "計", &s->total);
    rw_puts(w, "\n### " RW_DEPT "別\n");
    count_head(w, RW_DEPT);
    for (size_t i = 0; i < s->ndepts; i++)
        count_row(w, s->depts[i].name, &s->depts[i]);
    count_row(w, "計", &s->total);
    rw_puts(w, "\n対象は指標と、指標のない取組項目です。指標は全系列の実績値があるとき（定性的な指"
               "標は取組状況と次年度の取組内容があるときも）、"
               "指標のない取組項目は取組状況があるときに入力済とします。所管課別は主担当の所管課に"
               "数えます。" RW_ENTERED_NOTE "。\n");
    rw_puts(w, "\n### 効果額等の合計\n");
    if (!s->nsums)
        rw_puts(w, "\n複数の項目に同じ名称で置かれ、合計できる単位の指標はありません。\n");
    for (size_t i = 0; i < s->nsums; i++) {
        const gk_rep_sum *sum = &s->sums[i];
        char head[1024];
        rw_puts(w, "\n#### ");
        md(w, rw_sum_title(p, sum, head, sizeof head));
        char *u = rw_sum_unit(sum);
        md(w, u);
        free(u);
        rw_puts(w, "\n\n|");
        for (size_t y = 0; y < p->nyears; y++)
            rw_printf(w, " | %s", rw_fy_short(p->years[y], fy, sizeof fy));
        rw_puts(w, " | 計 |\n|---");
        for (size_t y = 0; y <= p->nyears; y++)
            rw_puts(w, "|---:");
        rw_puts(w, "|\n");
        for (size_t k = 0; k < sum->nseries; k++) {
            const gk_rep_sum_series *r = &sum->series[k];
            for (int row = 0; row < 2; row++) {
                rw_puts(w, row == 0 ? "| " RW_TARGET : "| " RW_ACTUAL);
                if (*r->name) {
                    rw_puts(w, "（");
                    md(w, r->name);
                    rw_puts(w, "）");
                }
                for (size_t y = 0; y < p->nyears; y++) {
                    long n = row == 0 ? r->tn[y] : r->an[y];
                    rw_puts(w, " | ");
                    if (n)
                        rw_puts(w,
                                gk_sum_format(row == 0 ? r->target[y] : r->actual[y],
                                              row == 0 ? r->tdec[y] : r->adec[y], buf, sizeof buf));
                }
                double t;
                int tdec;
                rw_puts(w, " | ");
                if (gk_rep_sum_total(r, row == 1, p->nyears, &t, &tdec))
                    rw_puts(w, gk_sum_format(t, tdec, buf, sizeof buf));
                rw_puts(w, " |\n");
            }
        }
        if (sum->nseries >= 2) {
            rw_puts(w, "| 差（");
            md(w, sum->series[1].name);
            rw_puts(w, "－");
            md(w, sum->series[0].name);
            rw_puts(w, "）");
            for (size_t y = 0; y < p->nyears; y++) {
                double d;
                int dec;
                rw_puts(w, " | ");
                if (gk_rep_sum_diff(sum, 0, 1, y, &d, &dec))
                    rw_puts(w, gk_sum_format(d, dec, buf, sizeof buf));
            }
            double d;
            int dec;
            rw_puts(w, " | ");
            if (gk_rep_sum_diff_total(sum, 0, 1, p->nyears, &d, &dec))
                rw_puts(w, gk_sum_format(d, dec, buf, sizeof buf));
            rw_puts(w, " |\n");
        }
    }
    return 0;
}

static int m_close(gk_report_writer *w, gk_error *err)
{
    return 0;
}

/* A line of the theme matrix (report.c rw_themes_walk) as a table row; the
 * head is followed by the alignment row, a 基本目標 is bold. */
static void m_theme_line(gk_report_writer *w, const gk_rep_themes *t, const rw_theme_line *l,
                         void *ctx)
{
    char buf[32];
    bool goal = l->kind == RW_THEME_GOAL;
    rw_puts(w, goal ? "| **" : "| ");
    md(w, l->name);
    if (goal) rw_puts(w, "**");
    for (size_t c = 0; c < t->ntags; c++) {
        rw_puts(w, " | ");
        md(w, rw_theme_cell(t, l, c, buf, sizeof buf));
    }
    rw_puts(w, " |\n");
    if (l->kind != RW_THEME_HEAD) return;
    rw_puts(w, "|---");
    for (size_t c = 0; c < t->ntags; c++)
        rw_puts(w, "|:---:");
    rw_puts(w, "|\n");
}

/* The theme matrix as a table: 取組項目 and one column per テーマ, ○ where
 * marked; a row per 基本目標 in bold when the goal changes; 計 the count. */
static int m_themes(gk_report_writer *w, const gk_rep_themes *t, gk_error *err)
{
    rw_puts(w, "\n## " RW_THEMES "\n\n");
    rw_themes_walk(w, t, m_theme_line, NULL);
    return 0;
}

const report_vt gk_report_md_vt = {m_open,    m_goal,  m_policy, m_item, m_goal_end,
                                   m_summary, m_close, m_themes, m_notes};
