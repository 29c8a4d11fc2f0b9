/*
 * fuzz_report.c — libFuzzer harness for every report writer (src/io/
 * report_*.c: html, text, markdown, csv in UTF-8 and CP932). The input is a
 * byte of options (the text width, how many years, the indicator's
 * direction) followed by NUL-separated texts that fill a plan, a goal and a
 * policy (with their notes), an item with two indicators of two series each (titles, units,
 * departments, notes, 初期値, targets and actuals, entered 評価): the same
 * path as `gyokaku report`, judged (gk_rep_judge) and summed
 * (gk_rep_summary_*). Checked for each format: the writer succeeds (CP932
 * without --substitute may refuse a character, with a message); the html,
 * markdown and text outputs are valid UTF-8; no line of the text format is
 * wider than its width; nothing from the data opens an HTML element.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gyokaku/achieve.h"
#include "gyokaku/report.h"
#include "gyokaku/reportout.h"
#include "gyokaku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NY_MAX 4

typedef struct texts {
    const char *p;
    const char *end;
} texts;

/* The next NUL-separated text; an empty one is NULL every other time. */
static const char *next(texts *t, bool nullable)
{
    static int flip;
    if (t->p >= t->end) return nullable ? NULL : "";
    const char *s = t->p;
    t->p += strlen(s) + 1;
    if (!*s && nullable && (flip++ & 1)) return NULL;
    return s;
}

static void fill_series(texts *t, gk_rep_series *s, size_t ny, const char **target,
                        const char **actual, gk_achievement *ach, const char **grade)
{
    s->name = next(t, false);
    s->base = next(t, true);
    s->base_year = 2019;
    s->target = target;
    s->actual = actual;
    s->ach = ach;
    s->grade = grade;
    for (size_t y = 0; y < ny; y++) {
        target[y] = next(t, true);
        actual[y] = next(t, true);
    }
}

static void check_text(const char *out, size_t len, int width)
{
    const char *p = out, *end = out + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = strndup(p, n);
        if (!line) abort();
        if (n && line[n - 1] == '\r') line[n - 1] = '\0';
        if (gk_str_width(line) > width) {
            fprintf(stderr, "line wider than %d: %d [%s]\n", width, gk_str_width(line), line);
            abort();
        }
        free(line);
        p += n + 1;
    }
}

static void run(const gk_report_opts *o, const gk_rep_plan *plan, gk_rep_item *it,
                const gk_rep_heading *goal, const gk_rep_heading *policy)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) return;
    gk_error err;
    gk_rep_summary sum;
    gk_rep_summary_init(&sum, plan);
    gk_report_writer *w = gk_report_writer_open(f, o, plan, &err);
    int rc = w ? 0 : -1;
    if (rc == 0) rc = gk_report_goal(w, goal, &err);
    if (rc == 0) rc = gk_report_policy(w, policy, &err);
    if (rc == 0) rc = gk_report_item(w, it, &err);
    if (rc == 0 && gk_rep_summary_add(&sum, it, "（基本目標なし）", "（所管課なし）") != 0) abort();
    for (size_t i = 0; rc == 0 && i < it->nind; i++)
        for (size_t k = 0; k < it->ind[i].nseries; k++)
            for (size_t y = 0; y < plan->nyears; y++) {
                const gk_rep_series *s = &it->ind[i].series[k];
                if (gk_rep_summary_add_cell(&sum, it->ind[i].title, it->ind[i].unit, 1, it->goal, s->name,
                                            plan->years[y], s->target[y], s->actual[y]) != 0)
                    abort();
            }
    if (rc == 0) rc = gk_report_goal_end(w, &sum.total, &err);
    if (rc == 0) rc = gk_report_summary(w, &sum, &err);
    if (w && gk_report_writer_close(w, &err) != 0) rc = -1;
    gk_rep_summary_free(&sum);
    fclose(f);
    bool may_refuse = o->format == GK_REPORT_CSV && o->enc == GK_ENC_CP932 && !o->substitute;
    if (rc != 0 && (!may_refuse || !err.msg[0])) abort();
    if (rc == 0 && o->format != GK_REPORT_CSV && !gk_utf8_valid(out, len)) abort();
    if (rc == 0 && o->format == GK_REPORT_TEXT) check_text(out, len, o->width);
    if (rc == 0 && o->format == GK_REPORT_HTML) {
        /* the data's texts all hold "<x" (see LLVMFuzzerTestOneInput): never an element */
        char *z = strndup(out, len);
        if (z && strstr(z, "<x")) abort();
        free(z);
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    /* every "<x" of the input becomes "<y" so that "<x" in the HTML can only
     * come from a tag the data opened */
    char *z = malloc(size + 1);
    if (!z) return 0;
    memcpy(z, data + 1, size - 1);
    z[size - 1] = '\0';
    for (size_t i = 0; i + 1 < size - 1; i++)
        if (z[i] == '<' && z[i + 1] == 'x') z[i + 1] = 'y';
    texts t = {z, z + size - 1};
    uint8_t opt = data[0];
    size_t ny = 1 + opt % NY_MAX;
    int years[NY_MAX] = {2022, 2023, 2024, 2025};
    gk_rep_plan plan = {0};
    plan.name = next(&t, false);
    plan.label_goal = next(&t, false);
    plan.label_policy = next(&t, false);
    plan.label_item = next(&t, false);
    plan.year = years[ny - 1];
    plan.nyears = ny;
    plan.years = years;
    plan.year_index = ny - 1;
    gk_error err;
    gk_grades_parse(GK_GRADES_DEFAULT, &plan.grades, &err);
    plan.dept = next(&t, true);
    plan.stamp = next(&t, true);
    gk_rep_heading goal, policy; /* one text after the other (not in an initializer) */
    goal.title = next(&t, false);
    goal.status = next(&t, true);
    goal.next_plan = next(&t, true);
    policy.title = next(&t, false);
    policy.status = next(&t, true);
    policy.next_plan = next(&t, true);

    gk_rep_item it = {0};
    it.kind = "igpr"[(opt >> 2) % 4];
    it.goal = goal.title;
    it.policy = policy.title;
    it.title = it.kind == 'i' ? next(&t, false) : NULL;
    it.content = next(&t, true);
    const char *idepts[2] = {next(&t, false), next(&t, false)};
    it.depts = idepts;
    it.ndepts = 2;
    it.status = next(&t, true);
    it.next_plan = next(&t, true);
    it.evaluation = next(&t, true);
    it.eval_reason = next(&t, true);

    const char *target[2][2][NY_MAX], *actual[2][2][NY_MAX], *grade[2][2][NY_MAX];
    gk_achievement ach[2][2][NY_MAX];
    const char *eval[2][NY_MAX], *reason[2][NY_MAX], *igrade[2][NY_MAX];
    bool gentered[2][NY_MAX];
    gk_rep_series series[2][2];
    gk_rep_indicator ind[2];
    const char *ddepts[2][1];
    memset(ind, 0, sizeof ind);
    memset(series, 0, sizeof series);
    size_t nind = 1 + (opt >> 4) % 2;
    for (size_t i = 0; i < nind; i++) {
        ind[i].title = next(&t, false);
        ind[i].unit = next(&t, false);
        ddepts[i][0] = next(&t, false);
        ind[i].depts = ddepts[i];
        ind[i].ndepts = 1;
        ind[i].dir = (gk_direction)((opt >> 5) % 5);
        ind[i].status = next(&t, true);
        ind[i].next_plan = next(&t, true);
        for (size_t y = 0; y < ny; y++) {
            eval[i][y] = next(&t, true);
            reason[i][y] = next(&t, true);
        }
        ind[i].evaluation = eval[i];
        ind[i].reason = reason[i];
        ind[i].grade = igrade[i];
        ind[i].grade_entered = gentered[i];
        ind[i].series = series[i];
        ind[i].nseries = 1 + (opt >> 6) % 2;
        for (size_t k = 0; k < ind[i].nseries; k++)
            fill_series(&t, &series[i][k], ny, target[i][k], actual[i][k], ach[i][k], grade[i][k]);
    }
    it.ind = it.kind == 'i' && (opt & 0x80) ? NULL : ind;
    it.nind = it.ind ? nind : 0;
    gk_rep_judge(&plan, &it);

    static const gk_report_opts opts[] = {
        {GK_REPORT_HTML, 0, GK_ENC_UTF8, false},
        {GK_REPORT_TEXT, GK_REPORT_MIN_WIDTH, GK_ENC_UTF8, false},
        {GK_REPORT_TEXT, 100, GK_ENC_UTF8, false},
        {GK_REPORT_MARKDOWN, 0, GK_ENC_UTF8, false},
        {GK_REPORT_CSV, 0, GK_ENC_UTF8, false},
        {GK_REPORT_CSV, 0, GK_ENC_CP932, false},
        {GK_REPORT_CSV, 0, GK_ENC_CP932, true},
    };
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        gk_report_opts o = opts[k];
        if (o.format == GK_REPORT_TEXT && o.width == 100) o.width = GK_REPORT_MIN_WIDTH + opt % 61;
        for (int wide = 0; wide < 2; wide++) {
            if (wide && o.format != GK_REPORT_TEXT) continue;
            gk_text_set_ambiguous_wide(wide);
            run(&o, &plan, &it, &goal, &policy);
        }
    }
    gk_text_set_ambiguous_wide(false);
    free(z);
    return 0;
}
