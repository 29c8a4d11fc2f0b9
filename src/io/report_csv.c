/*
 * report_csv.c — the report's summary tables as CSV (reportout.h), through
 * the plan CSV's writer and conventions: UTF-8 with BOM and CRLF or CP932,
 * formula guard on. The document's items are not written.
 *
 * Table 1, one row per 基本目標, 所管課 and the plan:
 *   集計,名称,対象,入力済,入力率,<grade…>,未評価
 * Table 2 after an empty record, the sums (one row per series and 目標値 /
 * 実績値, then the comparison):
 *   合計,指標,単位,系列,区分,<R1(2019)…>
 */
#include "report_int.h"

#include "gyokaku/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOLS 64

static int c_open(gk_report_writer *w, gk_error *err)
{
    gk_csv_writer_opts o = {
        .enc = w->o.enc == GK_ENC_CP932 ? GK_ENC_CP932 : GK_ENC_UTF8,
        .bom = w->o.enc != GK_ENC_CP932,
        .crlf = true,
        .substitute = w->o.substitute,
        .guard = true,
    };
    gk_csv_writer *c = gk_csv_writer_open(w->out, &o, err);
    if (!c) return -1;
    w->fmt = NULL;
    /* the csv writer is kept in fmt through a small box freed by close */
    gk_csv_writer **box = malloc(sizeof *box);
    if (!box) {
        gk_csv_writer_close(c, NULL);
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    *box = c;
    w->fmt = box;
    return 0;
}

static gk_csv_writer *csv(gk_report_writer *w)
{
    return *(gk_csv_writer **)w->fmt;
}

static int c_nothing(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    return 0;
}

static int c_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err)
{
    return 0;
}

static int c_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err)
{
    return 0;
}

static int count_row(gk_report_writer *w, const char *table, const char *name,
                     const gk_rep_count *c, gk_error *err)
{
    const char *f[MAXCOLS];
    char num[12][32];
    size_t n = 0, k = 0;
    f[n++] = table;
    f[n++] = name;
    snprintf(num[k], 32, "%ld", c->units);
    f[n++] = num[k++];
    snprintf(num[k], 32, "%ld", c->entered);
    f[n++] = num[k++];
    rw_percent(c, num[k], 32);
    f[n++] = num[k++];
    for (size_t b = 0; b < w->p->grades.n; b++) {
        snprintf(num[k], 32, "%ld", c->grade[b]);
        f[n++] = num[k++];
    }
    snprintf(num[k], 32, "%ld", c->ungraded);
    f[n++] = num[k++];
    snprintf(num[k], 32, "%ld", c->ended);
    f[n++] = num[k++];
    return gk_csv_write(csv(w), f, n, err);
}

static int c_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err)
{
    const gk_rep_plan *p = w->p;
    const char *f[MAXCOLS];
    size_t n = 0;
    f[n++] = "集計";
    f[n++] = "名称";
    f[n++] = "対象";
    f[n++] = "入力済";
    f[n++] = "入力率";
    for (size_t b = 0; b < p->grades.n; b++)
        f[n++] = p->grades.band[b].label;
    f[n++] = "未評価";
    f[n++] = "入力不要";
    if (gk_csv_write(csv(w), f, n, err) != 0) return -1;
    for (size_t i = 0; i < s->ngoals; i++)
        if (count_row(w, p->label_goal, s->goals[i].name, &s->goals[i], err) != 0) return -1;
    for (size_t i = 0; i < s->ndepts; i++)
        if (count_row(w, RW_DEPT, s->depts[i].name, &s->depts[i], err) != 0) return -1;
    if (count_row(w, "計画全体", p->name, &s->total, err) != 0) return -1;

    size_t ny = p->nyears < MAXCOLS - 9 ? p->nyears : MAXCOLS - 9;
    char years[MAXCOLS][32], cells[MAXCOLS][64];
    if (gk_csv_write(csv(w), f, 0, err) != 0) return -1;
    n = 0;
    f[n++] = "合計";
    f[n++] = RW_INDICATOR;
    f[n++] = "単位";
    f[n++] = p->label_goal;
    f[n++] = "系列";
    f[n++] = "区分";
    for (size_t y = 0; y < ny; y++)
        f[n++] = rw_fy_short(p->years[y], years[y], sizeof years[y]);
    f[n++] = "計";
    if (gk_csv_write(csv(w), f, n, err) != 0) return -1;
    for (size_t i = 0; i < s->nsums; i++) {
        const gk_rep_sum *sum = &s->sums[i];
        for (size_t k = 0; k <= sum->nseries; k++) {
            if (k == sum->nseries && sum->nseries < 2) break;
            for (int row = 0; row < 2; row++) {
                if (k == sum->nseries && row == 1) break;
                const gk_rep_sum_series *r = k < sum->nseries ? &sum->series[k] : NULL;
                char diffname[256];
                double d;
                int dec;
                n = 0;
                f[n++] = "合計";
                f[n++] = sum->title;
                f[n++] = sum->unit;
                f[n++] = sum->goal ? sum->goal : "計画全体";
                if (r) {
                    f[n++] = r->name;
                    f[n++] = row == 0 ? RW_TARGET : RW_ACTUAL;
                } else {
                    snprintf(diffname, sizeof diffname, "%s－%s", sum->series[1].name,
                             sum->series[0].name);
                    f[n++] = diffname;
                    f[n++] = "差";
                }
                /* real numbers (-52218), which spreadsheets read as numbers */
                for (size_t y = 0; y < ny; y++) {
                    f[n] = NULL;
                    if (r && row == 0 && r->tn[y])
                        f[n] = rw_number(r->target[y], r->tdec[y], cells[y], sizeof cells[y]);
                    else if (r && row == 1 && r->an[y])
                        f[n] = rw_number(r->actual[y], r->adec[y], cells[y], sizeof cells[y]);
                    else if (!r && gk_rep_sum_diff(sum, 0, 1, y, &d, &dec))
                        f[n] = rw_number(d, dec, cells[y], sizeof cells[y]);
                    n++;
                }
                f[n] = NULL;
                if (r ? gk_rep_sum_total(r, row == 1, p->nyears, &d, &dec)
                      : gk_rep_sum_diff_total(sum, 0, 1, p->nyears, &d, &dec))
                    f[n] = rw_number(d, dec, cells[ny], sizeof cells[ny]);
                n++;
                if (gk_csv_write(csv(w), f, n, err) != 0) return -1;
            }
        }
    }
    return 0;
}

static int c_close(gk_report_writer *w, gk_error *err)
{
    return gk_csv_writer_close(csv(w), err);
}

const report_vt gk_report_csv_vt = {c_open,    c_nothing, c_nothing, c_item, c_goal_end,
                                    c_summary, c_close,   NULL,      NULL};
