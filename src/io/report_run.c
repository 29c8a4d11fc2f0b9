/*
 * report_run.c — the `gyokaku report` pipeline (reportrun.h): the store
 * streams the items (reportdata.h), the model judges, counts and gathers
 * the theme matrix (report.h), the writer of the chosen format prints them
 * (reportout.h). It lives here, not in cli/, so that the command and the
 * unit tests run the one same assembly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/frozen.h"
#include "gyokaku/i18n.h"
#include "gyokaku/reportrun.h"
#include "gyokaku/roles.h"

/* The stream's sink: feeds the writer and gathers the summary and the
 * theme matrix, which are written after the items. */
typedef struct glue {
    gk_report_writer *w;
    gk_rep_summary sum;
    gk_rep_themes themes;
    bool in_goal;
    char *goal; /* the title of the goal being written */
    const char *no_goal, *no_dept;
} glue;

static const gk_rep_count *goal_row(const glue *g, const char *title)
{
    for (size_t i = g->sum.ngoals; i-- > 0;)
        if (strcmp(g->sum.goals[i].name, title) == 0) return &g->sum.goals[i];
    return NULL;
}

static int end_goal(glue *g, gk_error *err)
{
    if (!g->in_goal) return 0;
    g->in_goal = false;
    int rc = gk_report_goal_end(g->w, g->goal ? goal_row(g, g->goal) : NULL, err);
    free(g->goal);
    g->goal = NULL;
    return rc;
}

static int on_goal(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    glue *g = ctx;
    if (end_goal(g, err) != 0) return -1;
    g->in_goal = true;
    g->goal = strdup(h->title);
    return gk_report_goal(g->w, h, err);
}

static int on_policy(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    return gk_report_policy(((glue *)ctx)->w, h, err);
}

static int on_item(void *ctx, gk_rep_item *it, gk_error *err)
{
    glue *g = ctx;
    if (gk_rep_summary_add(&g->sum, it, g->no_goal, g->no_dept) != 0 ||
        (g->sum.plan->tagged && gk_rep_themes_add(&g->themes, it) != 0)) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return gk_report_item(g->w, it, err);
}

static int on_cell(void *ctx, const char *title, const char *unit, long nodes, const char *goal,
                   const char *series, int year, const char *target, const char *actual,
                   gk_error *err)
{
    glue *g = ctx;
    if (gk_rep_summary_add_cell(&g->sum, title, unit, nodes, goal, series, year, target, actual) !=
        0) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return 0;
}

/* The additions: the office's choice for the plan, then --with / --without. */
static int additions(gk_store *s, const gk_report_request *r, const char *plan, unsigned *adds,
                     gk_error *err)
{
    *adds = 0;
    if (gk_plan_additions_get(s, plan, adds, err) != 0 ||
        (r->with && gk_rep_additions_apply(r->with, adds, err) != 0))
        return -1;
    if (r->without) {
        unsigned off = 0;
        if (gk_rep_additions_apply(r->without, &off, err) != 0) return -1;
        *adds &= ~off;
    }
    return 0;
}

/* Streams d into the writer of r's format and closes the document. */
static int write_doc(gk_store *s, gk_report_data *d, const gk_rep_plan *p, const gk_report_opts *o,
                     FILE *out, gk_error *err)
{
    glue g = {.no_goal = "（基本目標なし）", .no_dept = "（所管課なし）"};
    gk_rep_summary_init(&g.sum, p);
    int rc = -1;
    g.w = gk_report_writer_open(out, o, p, err);
    if (g.w) {
        gk_report_sink sink = {on_goal, on_policy, on_item, on_cell, &g};
        rc = gk_report_stream(s, d, &sink, err);
        if (rc == 0) rc = end_goal(&g, err);
        if (rc == 0) rc = gk_report_themes(g.w, &g.themes, err);
        if (rc == 0) rc = gk_report_summary(g.w, &g.sum, err);
        if (gk_report_writer_close(g.w, rc == 0 ? err : NULL) != 0) rc = -1;
    }
    free(g.goal);
    gk_rep_summary_free(&g.sum);
    gk_rep_themes_free(&g.themes);
    return rc;
}

int gk_report_write(gk_store *s, const gk_report_request *r, FILE *out, int *frozen_year,
                    gk_error *err)
{
    if (frozen_year) *frozen_year = 0;
    gk_report_data *d = gk_report_open(s, &r->q, err);
    if (!d) return -1;
    unsigned adds = 0;
    if (additions(s, r, gk_report_plan(d)->name, &adds, err) != 0) {
        gk_report_close(d);
        return -1;
    }
    /* 確定 since the lock's date, else 速報 (未確定) */
    gk_lock_info lock = {0};
    char locked_at[32] = "";
    int lk = gk_year_locked(s, gk_report_plan(d)->year, &lock, err);
    if (lk < 0) {
        gk_report_close(d);
        return -1;
    }
    if (lk == 1) {
        snprintf(locked_at, sizeof locked_at, "%s", lock.at);
        gk_lock_info_free(&lock);
    }
    /* a locked year: printed from what it showed when it was locked (frozen.h) */
    gk_store *frozen = NULL;
    char fplan[1024];
    int fr =
        gk_frozen_open(s, gk_report_plan(d)->year, r->q.plan, &frozen, fplan, sizeof fplan, err);
    if (fr < 0) {
        gk_report_close(d);
        return -1;
    }
    if (fr == 1) {
        gk_report_query fq = r->q;
        fq.plan = fplan;
        fq.year = gk_report_plan(d)->year;
        gk_report_close(d);
        s = frozen;
        if (frozen_year) *frozen_year = fq.year;
        if (!(d = gk_report_open(s, &fq, err))) {
            gk_store_close(frozen);
            return -1;
        }
    }
    gk_rep_plan p = *gk_report_plan(d);
    p.additions = adds;
    p.locked_at = *locked_at ? locked_at : NULL;
    char when[64];
    if (r->stamp) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        p.stamp = when;
    }
    int rc = write_doc(s, d, &p, &r->o, out, err);
    gk_report_close(d);
    gk_store_close(frozen);
    return rc;
}
