/*
 * report.c — judging the report's items and summing them up (report.h).
 * Every achievement rule is achieve.c's; this file only applies them.
 */
#include "gyokaku/report.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/progress.h"

/* --- additions -------------------------------------------------------------------- */

static const struct {
    unsigned bit;
    const char *name, *ja;
} add_names[] = {
    {GK_ADD_EXPECTED, "expected", "見込"}, {GK_ADD_GRADES, "grades", "評価"},
    {GK_ADD_BOXES, "boxes", "評価欄"},     {GK_ADD_SUMMARY, "summary", "集計"},
    {GK_ADD_CHARTS, "charts", "グラフ"},
};
#define NADD (sizeof add_names / sizeof *add_names)

int gk_rep_additions_apply(const char *spec, unsigned *adds, gk_error *err)
{
    unsigned v = *adds;
    const char *p = spec ? spec : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        bool minus = false;
        const char *w = p;
        size_t wn = n;
        while (wn && (*w == ' '))
            w++, wn--;
        while (wn && w[wn - 1] == ' ')
            wn--;
        if (wn && (*w == '+' || *w == '-')) {
            minus = *w == '-';
            w++;
            wn--;
        }
        unsigned bit = 0;
        if (wn == 3 && strncmp(w, "all", 3) == 0)
            bit = GK_ADD_ALL;
        else if (wn == 4 && strncmp(w, "none", 4) == 0) {
            bit = GK_ADD_ALL;
            minus = !minus;
        }
        for (size_t i = 0; !bit && i < NADD; i++)
            if ((strlen(add_names[i].name) == wn && strncmp(w, add_names[i].name, wn) == 0) ||
                (strlen(add_names[i].ja) == wn && strncmp(w, add_names[i].ja, wn) == 0))
                bit = add_names[i].bit;
        if (!bit) {
            gk_error_set(err,
                         _("unknown report addition \"%.*s\" (expected, grades, boxes, summary, "
                           "charts, all, none)"),
                         (int)wn, w);
            return -1;
        }
        if (minus)
            v &= ~bit;
        else
            v |= bit;
        p += n;
        if (*p == ',') p++;
    }
    *adds = v;
    return 0;
}

const char *gk_rep_additions_format(unsigned adds, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NADD; i++)
        if (adds & add_names[i].bit) {
            int w = snprintf(buf + o, n > o ? n - o : 0, "%s%s", o ? "," : "", add_names[i].name);
            if (w > 0) o += (size_t)w;
        }
    if (!o) snprintf(buf, n, "none");
    return buf;
}

const char *gk_rep_shown_grade(const gk_rep_plan *p, const gk_rep_indicator *ind, size_t y)
{
    if (ind->grade_entered[y]) return ind->grade[y];
    return (p->additions & GK_ADD_GRADES) ? ind->grade[y] : NULL;
}

int gk_rep_band(const gk_rep_plan *p, const char *label)
{
    for (size_t i = 0; label && i < p->grades.n; i++)
        if (strcmp(p->grades.band[i].label, label) == 0) return (int)i;
    return -1;
}

static void judge_indicator(const gk_rep_plan *p, gk_rep_indicator *ind)
{
    for (size_t k = 0; k < ind->nseries; k++) {
        gk_rep_series *s = &ind->series[k];
        gk_series_years sy = {
            .base_raw = s->base,
            .base_year = s->base_year,
            .unit = ind->unit,
            .dir = ind->dir,
            .n = p->nyears,
            .years = p->years,
            .targets = s->target,
            .actuals = s->actual,
        };
        for (size_t y = 0; y < p->nyears; y++) {
            gk_achieve(&sy, y, &s->ach[y]);
            s->grade[y] = gk_grade_of(&p->grades, &s->ach[y]);
        }
    }
    for (size_t y = 0; y < p->nyears; y++) {
        ind->grade[y] = NULL;
        ind->grade_entered[y] = false;
        if (ind->evaluation[y]) {
            ind->grade[y] = ind->evaluation[y];
            ind->grade_entered[y] = true;
            continue;
        }
        int worst = -1;
        for (size_t k = 0; k < ind->nseries; k++) {
            int b = gk_rep_band(p, ind->series[k].grade[y]);
            if (b > worst) worst = b;
        }
        if (worst >= 0) ind->grade[y] = p->grades.band[worst].label;
    }
    size_t yi = p->year_index, nactual = 0;
    for (size_t k = 0; k < ind->nseries; k++)
        if (ind->series[k].actual[yi]) nactual++;
    ind->entered =
        gk_indicator_entered(ind->dir, ind->nseries, nactual, ind->status, ind->next_plan);
}

void gk_rep_judge(const gk_rep_plan *p, gk_rep_item *it)
{
    for (size_t i = 0; i < it->nind; i++)
        judge_indicator(p, &it->ind[i]);
    it->grade = it->evaluation;
    size_t nent = 0;
    for (size_t i = 0; i < it->nind; i++)
        nent += it->ind[i].entered;
    it->entered = gk_item_complete(p->entry, it->nind, nent, it->status);
    it->ended = it->kind == 'i' && gk_review_ended(it->review);
}

/* --- summary ------------------------------------------------------------------ */

gk_progress gk_rep_progress(const gk_rep_count *c)
{
    return (gk_progress){.units = c->units, .entered = c->entered, .ended = c->ended};
}

void gk_rep_summary_init(gk_rep_summary *s, const gk_rep_plan *p)
{
    memset(s, 0, sizeof *s);
    s->plan = p;
}

/* The row named name in *rows (appended when new), or NULL. */
static gk_rep_count *row_of(gk_rep_count **rows, size_t *n, const char *name)
{
    for (size_t i = *n; i-- > 0;)
        if (strcmp((*rows)[i].name, name) == 0) return &(*rows)[i];
    gk_rep_count *v = realloc(*rows, (*n + 1) * sizeof *v);
    if (!v) return NULL;
    *rows = v;
    gk_rep_count *r = &v[(*n)++];
    memset(r, 0, sizeof *r);
    r->name = strdup(name);
    if (!r->name) {
        (*n)--;
        return NULL;
    }
    return r;
}

static void count(const gk_rep_plan *p, gk_rep_count *r, bool entered, bool ended,
                  const char *grade)
{
    gk_progress c = gk_rep_progress(r);
    gk_progress_count(&c, entered, ended);
    r->units = c.units;
    r->entered = c.entered;
    r->ended = c.ended;
    int b = gk_rep_band(p, grade);
    if (b >= 0)
        r->grade[b]++;
    else
        r->ungraded++;
}

static int count_unit(gk_rep_summary *s, gk_rep_count *goal, const char *dept, bool entered,
                      bool ended, const char *grade)
{
    gk_rep_count *d = row_of(&s->depts, &s->ndepts, dept);
    if (!d) return -1;
    count(s->plan, &s->total, entered, ended, grade);
    count(s->plan, goal, entered, ended, grade);
    count(s->plan, d, entered, ended, grade);
    return 0;
}

int gk_rep_summary_add(gk_rep_summary *s, const gk_rep_item *it, const char *no_goal,
                       const char *no_dept)
{
    gk_rep_count *goal = row_of(&s->goals, &s->ngoals, it->goal ? it->goal : no_goal);
    if (!goal) return -1;
    size_t goal_i = (size_t)(goal - s->goals);
    const char *item_dept = it->ndepts ? it->depts[0] : no_dept;
    if (it->nind == 0)
        return it->kind == 'i' ? count_unit(s, goal, item_dept, it->entered, it->ended, it->grade)
                               : 0;
    size_t yi = s->plan->year_index;
    for (size_t i = 0; i < it->nind; i++) {
        const gk_rep_indicator *ind = &it->ind[i];
        goal = &s->goals[goal_i]; /* row_of may have moved the departments, not the goals */
        if (count_unit(s, goal, ind->ndepts ? ind->depts[0] : item_dept, ind->entered, it->ended,
                       gk_rep_shown_grade(s->plan, ind, yi)) != 0)
            return -1;
    }
    return 0;
}

static gk_rep_sum_series *sum_series(gk_rep_summary *s, const char *title, const char *unit,
                                     long nodes, const char *goal, const char *name)
{
    gk_rep_sum *sum = NULL;
    for (size_t i = s->nsums; i-- > 0 && !sum;) {
        gk_rep_sum *x = &s->sums[i];
        if (strcmp(x->title, title) == 0 && strcmp(x->unit, unit) == 0 &&
            (goal ? x->goal && strcmp(x->goal, goal) == 0 : !x->goal))
            sum = x;
    }
    if (!sum) {
        gk_rep_sum *v = realloc(s->sums, (s->nsums + 1) * sizeof *v);
        if (!v) return NULL;
        s->sums = v;
        sum = &v[s->nsums++];
        memset(sum, 0, sizeof *sum);
        sum->title = strdup(title);
        sum->unit = strdup(unit);
        sum->goal = goal ? strdup(goal) : NULL;
        sum->nodes = nodes;
        if (!sum->title || !sum->unit || (goal && !sum->goal)) return NULL;
    }
    for (size_t i = 0; i < sum->nseries; i++)
        if (strcmp(sum->series[i].name, name) == 0) return &sum->series[i];
    gk_rep_sum_series *v = realloc(sum->series, (sum->nseries + 1) * sizeof *v);
    if (!v) return NULL;
    sum->series = v;
    gk_rep_sum_series *r = &v[sum->nseries++];
    size_t n = s->plan->nyears;
    r->name = strdup(name);
    r->target = calloc(n, sizeof *r->target);
    r->actual = calloc(n, sizeof *r->actual);
    r->tdec = calloc(n, sizeof *r->tdec);
    r->adec = calloc(n, sizeof *r->adec);
    r->tn = calloc(n, sizeof *r->tn);
    r->an = calloc(n, sizeof *r->an);
    if (!r->name || !r->target || !r->actual || !r->tdec || !r->adec || !r->tn || !r->an)
        return NULL;
    return r;
}

static void add(double *sum, int *dec, long *n, const char *raw, const char *unit)
{
    gk_value v;
    if (gk_value_parse(raw, unit, &v, NULL) != 0 || v.kind != GK_VAL_NUMBER || v.cmp != GK_CMP_EQ)
        return;
    *sum += v.num;
    if (v.decimals > *dec) *dec = v.decimals;
    (*n)++;
}

int gk_rep_summary_add_cell(gk_rep_summary *s, const char *title, const char *unit, long nodes,
                            const char *goal, const char *series, int year, const char *target,
                            const char *actual)
{
    if (!gk_unit_summable(unit) || nodes < 2) return 0;
    size_t y = 0;
    while (y < s->plan->nyears && s->plan->years[y] != year)
        y++;
    if (y == s->plan->nyears) return 0;
    /* the whole plan, then the 基本目標's own sum */
    for (int pass = 0; pass < (goal ? 2 : 1); pass++) {
        gk_rep_sum_series *r =
            sum_series(s, title, unit, nodes, pass ? goal : NULL, series ? series : "");
        if (!r) return -1;
        add(&r->target[y], &r->tdec[y], &r->tn[y], target, unit);
        add(&r->actual[y], &r->adec[y], &r->an[y], actual, unit);
    }
    return 0;
}

bool gk_rep_sum_figure(const gk_rep_sum_series *r, size_t y, double *v, int *decimals)
{
    assert(r && v && decimals);
    if (r->an[y]) {
        *v = r->actual[y];
        *decimals = r->adec[y];
        return true;
    }
    if (r->tn[y]) {
        *v = r->target[y];
        *decimals = r->tdec[y];
        return true;
    }
    return false;
}

bool gk_rep_sum_diff(const gk_rep_sum *sum, size_t a, size_t b, size_t y, double *diff,
                     int *decimals)
{
    if (a >= sum->nseries || b >= sum->nseries) return false;
    double x, z;
    int dx, dz;
    if (!gk_rep_sum_figure(&sum->series[a], y, &x, &dx) ||
        !gk_rep_sum_figure(&sum->series[b], y, &z, &dz))
        return false;
    *diff = z - x;
    *decimals = dx > dz ? dx : dz;
    return true;
}

bool gk_rep_sum_total(const gk_rep_sum_series *r, bool actual, size_t nyears, double *v,
                      int *decimals)
{
    bool any = false;
    *v = 0;
    *decimals = 0;
    for (size_t y = 0; y < nyears; y++) {
        long n = actual ? r->an[y] : r->tn[y];
        int d = actual ? r->adec[y] : r->tdec[y];
        if (!n) continue;
        *v += actual ? r->actual[y] : r->target[y];
        if (d > *decimals) *decimals = d;
        any = true;
    }
    return any;
}

bool gk_rep_sum_diff_total(const gk_rep_sum *sum, size_t a, size_t b, size_t nyears, double *diff,
                           int *decimals)
{
    bool any = false;
    *diff = 0;
    *decimals = 0;
    for (size_t y = 0; y < nyears; y++) {
        double d;
        int dec;
        if (!gk_rep_sum_diff(sum, a, b, y, &d, &dec)) continue;
        *diff += d;
        if (dec > *decimals) *decimals = dec;
        any = true;
    }
    return any;
}

static void free_rows(gk_rep_count *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].name);
    free(rows);
}

void gk_rep_summary_free(gk_rep_summary *s)
{
    free(s->total.name);
    free_rows(s->goals, s->ngoals);
    free_rows(s->depts, s->ndepts);
    for (size_t i = 0; i < s->nsums; i++) {
        gk_rep_sum *sum = &s->sums[i];
        for (size_t k = 0; k < sum->nseries; k++) {
            gk_rep_sum_series *r = &sum->series[k];
            free(r->name);
            free(r->target);
            free(r->actual);
            free(r->tdec);
            free(r->adec);
            free(r->tn);
            free(r->an);
        }
        free(sum->series);
        free(sum->goal);
        free(sum->title);
        free(sum->unit);
    }
    free(s->sums);
    memset(s, 0, sizeof *s);
}

/* --- the theme matrix ---------------------------------------------------------------- */

static long theme_col(gk_rep_themes *t, const char *name)
{
    for (size_t i = 0; i < t->ntags; i++)
        if (strcmp(t->tags[i], name) == 0) return (long)i;
    char **v = realloc(t->tags, (t->ntags + 1) * sizeof *v);
    if (!v) return -1;
    t->tags = v;
    long *c = realloc(t->count, (t->ntags + 1) * sizeof *c);
    if (!c) return -1;
    t->count = c;
    if (!(t->tags[t->ntags] = strdup(name))) return -1;
    t->count[t->ntags] = 0;
    return (long)t->ntags++;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int gk_rep_themes_add(gk_rep_themes *t, const gk_rep_item *it)
{
    if (it->kind != 'i' || !it->title) return 0;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        gk_rep_theme_row *v = realloc(t->rows, cap * sizeof *v);
        if (!v) return -1;
        t->rows = v;
        t->cap = cap;
    }
    gk_rep_theme_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof *r);
    r->title = strdup(it->title);
    r->goal = it->goal ? strdup(it->goal) : NULL;
    r->cols = it->ntags ? calloc(it->ntags, sizeof *r->cols) : NULL;
    t->nrows++; /* freed with the rest from here on */
    if (!r->title || (it->goal && !r->goal) || (it->ntags && !r->cols)) return -1;
    for (size_t i = 0; i < it->ntags; i++) {
        long c = theme_col(t, it->tags[i]);
        if (c < 0) return -1;
        bool dup = false;
        for (size_t k = 0; k < r->ncols; k++)
            dup |= r->cols[k] == (size_t)c;
        if (dup) continue;
        r->cols[r->ncols++] = (size_t)c;
        t->count[c]++;
    }
    if (r->ncols > 1) qsort(r->cols, r->ncols, sizeof *r->cols, cmp_size); /* cols NULL when none */
    return 0;
}

bool gk_rep_themes_marked(const gk_rep_theme_row *r, size_t col)
{
    for (size_t k = 0; k < r->ncols; k++)
        if (r->cols[k] == col) return true;
    return false;
}

void gk_rep_themes_free(gk_rep_themes *t)
{
    for (size_t i = 0; i < t->ntags; i++)
        free(t->tags[i]);
    free(t->tags);
    free(t->count);
    for (size_t i = 0; i < t->nrows; i++) {
        free(t->rows[i].goal);
        free(t->rows[i].title);
        free(t->rows[i].cols);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}
