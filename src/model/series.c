/*
 * series.c — a series laid out year by year from the entry form's entry or
 * from a node's details (series.h).
 */
#include "gyokaku/series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"

static int alloc_years(gk_series_buf *b, size_t n)
{
    memset(b, 0, sizeof *b);
    b->years = calloc(n ? n : 1, sizeof *b->years);
    b->targets = calloc(n ? n : 1, sizeof *b->targets);
    b->actuals = calloc(n ? n : 1, sizeof *b->actuals);
    if (!b->years || !b->targets || !b->actuals) {
        gk_series_buf_free(b);
        return -1;
    }
    b->sy.years = b->years;
    b->sy.targets = b->targets;
    b->sy.actuals = b->actuals;
    return 0;
}

void gk_series_buf_free(gk_series_buf *b)
{
    free(b->years);
    free(b->targets);
    free(b->actuals);
    memset(b, 0, sizeof *b);
}

static bool same_series(const gk_entry_past *p, const gk_entry_field *f)
{
    return p->node_id == f->node_id && strcmp(p->series, f->series) == 0;
}

int gk_series_from_entry(const gk_entry *e, const gk_entry_field *f, const char *actual,
                         gk_series_buf *out)
{
    if (alloc_years(out, e->npast + 1) != 0) return -1;
    size_t n = 0;
    for (size_t i = 0; i < e->npast; i++)
        if (same_series(&e->past[i], f)) {
            out->years[n] = e->past[i].year;
            out->targets[n] = e->past[i].target;
            out->actuals[n++] = e->past[i].actual;
        }
    out->years[n] = e->year;
    out->targets[n] = f->target;
    out->actuals[n++] = actual;
    out->sy.n = n;
    out->sy.base_raw = f->base;
    out->sy.unit = f->unit;
    out->sy.dir = gk_direction_infer(f->base, out->targets, (int)n, f->unit);
    return 0;
}

const gk_entry_field *gk_entry_first_actual(const gk_entry *e)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].kind == GK_FIELD_ACTUAL && e->fields[i].node_id == e->node_id)
            return &e->fields[i];
    return NULL;
}

const char *gk_entry_proposal(const gk_entry *e, const char *actual)
{
    const gk_entry_field *f = gk_entry_first_actual(e);
    gk_series_buf b;
    if (!f || gk_series_from_entry(e, f, actual, &b) != 0) return NULL;
    const char *p = gk_eval_propose(f->base, gk_series_target(&b.sy, b.sy.n - 1, NULL), actual,
                                    f->unit, b.sy.dir);
    gk_series_buf_free(&b);
    return p;
}

int gk_series_from_detail(const gk_series_info *sr, const char *unit, int first, int last,
                          gk_series_buf *out)
{
    size_t n = first && last >= first ? (size_t)(last - first + 1) : 0;
    if (alloc_years(out, n) != 0) return -1;
    for (size_t k = 0; k < n; k++)
        out->years[k] = first + (int)k;
    for (size_t i = 0; i < sr->nyears; i++) {
        int y = sr->years[i].year;
        if (y < first || y > last) continue;
        out->targets[y - first] = sr->years[i].target;
        out->actuals[y - first] = sr->years[i].actual;
    }
    out->sy.n = n;
    out->sy.base_raw = sr->base;
    out->sy.base_year = sr->base_year;
    out->sy.unit = unit;
    out->sy.dir = gk_direction_infer(sr->base, out->targets, (int)n, unit);
    return 0;
}

const char *gk_series_target(const gk_series_years *s, size_t i, int *year)
{
    size_t from = i;
    const char *t = gk_target_in_force(s->targets, s->n, i, &from);
    if (year) *year = t ? s->years[from] : 0;
    return t;
}

char **gk_entry_earlier_actuals(const gk_entry *e, size_t *n)
{
    *n = 0;
    char **list = calloc(e->npast ? e->npast : 1, sizeof *list);
    for (size_t i = 0; list && i < e->npast; i++) {
        const gk_entry_past *p = &e->past[i];
        if (!p->actual || p->node_id != e->node_id) continue;
        char buf[1024], yb[32];
        snprintf(buf, sizeof buf, "%s%s%s %s", gk_fy_short(p->year, yb, sizeof yb),
                 *p->series ? " " : "", p->series, p->actual);
        if ((list[*n] = strdup(buf))) (*n)++;
    }
    if (list && *n == 0) {
        free(list);
        list = NULL;
    }
    return list;
}

const char *gk_field_name(gk_field_kind k)
{
    switch (k) {
    case GK_FIELD_ACTUAL:
        return "実績値";
    case GK_FIELD_STATUS:
        return "取組状況";
    case GK_FIELD_NEXT:
        return "次年度の取組内容";
    case GK_FIELD_EVAL:
        return "評価";
    case GK_FIELD_EVAL_REASON:
        break;
    }
    return "評価の理由";
}
