/*
 * report.c — `gyokaku report`: the published report of a plan and fiscal
 * year. The store streams the items (reportdata.h), the model judges and
 * counts them (report.h), a writer of io/ prints them (reportout.h) into the
 * command's output (output.c: a temporary file that reaches standard output
 * or -o FILE only when everything was written).
 */
#include "cli_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/frozen.h"
#include "gyokaku/i18n.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/reportout.h"
#include "gyokaku/roles.h"

static const char report_help[] =
    N_("Usage: gyokaku [--db FILE] report [--plan NAME] [--year Y] [--dept D]\n"
       "                [--format html|text|markdown|csv] [--width N] [--encoding cp932]\n"
       "                [--substitute] [--with LIST] [--without LIST] [--stamp] [-o FILE]\n"
       "Writes the published report of a plan's fiscal year: per goal and policy each\n"
       "item with its indicators (targets, actuals and grades by fiscal year) and the\n"
       "year's notes, then the summary tables (grades and entry per goal and per\n"
       "department, totals of summable indicators).\n"
       "  --plan NAME      the plan (needed when the database holds several)\n"
       "  --year Y         the fiscal year (2022, R4, 令和4年度 ...); default: the year\n"
       "                   being reported (below)\n"
       "  --dept D         only the nodes of this department (main or related)\n"
       "  --format F       html (default): one self-contained file, printable on A4;\n"
       "                   text: for mail; markdown: for wikis; csv: the summary tables\n"
       "  --width N        text: line width in cells (default: the terminal's, else 80)\n"
       "  --encoding E     csv: utf-8 (default, with BOM) or cp932\n"
       "  --substitute     csv, cp932: write ㉑..㊿ as (21)..(50) and other characters that\n"
       "                   CP932 cannot hold as 〓 (without it they are an error)\n"
       "  --with LIST      add to the plain published layout (comma list): expected\n"
       "                   (見込, interpolated targets), grades (the computed 評価),\n"
       "                   boxes (a 基本目標's evaluation box), summary (the 集計 page),\n"
       "                   charts (HTML), or all; default: what the office chose with\n"
       "                   'plan set NAME --report LIST', else none\n"
       "  --without LIST   leave these out although the plan adds them\n"
       "  --stamp          write the time of making into the report (otherwise the same\n"
       "                   database always gives the same bytes)\n"
       "  -o FILE          write FILE (default, and -o -: standard output)\n"
       "A locked year's report says 確定 with the lock's date, any other 速報（未確定）.\n");

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
        gk_rep_themes_add(&g->themes, it) != 0) {
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

static int write_report(gk_store *s, const gk_report_query *q, const gk_report_opts *o, bool stamp,
                        const char *with, const char *without, FILE *out, gk_error *err)
{
    gk_report_data *d = gk_report_open(s, q, err);
    if (!d) return -1;
    /* the additions: the office's choice for the plan, then --with / --without */
    unsigned adds = 0;
    if (gk_plan_additions_get(s, gk_report_plan(d)->name, &adds, err) != 0 ||
        (with && gk_rep_additions_apply(with, &adds, err) != 0)) {
        gk_report_close(d);
        return -1;
    }
    if (without) {
        unsigned off = 0;
        if (gk_rep_additions_apply(without, &off, err) != 0) {
            gk_report_close(d);
            return -1;
        }
        adds &= ~off;
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
    int fr = gk_frozen_open(s, gk_report_plan(d)->year, q->plan, &frozen, fplan, sizeof fplan, err);
    if (fr < 0) {
        gk_report_close(d);
        return -1;
    }
    if (fr == 1) {
        gk_report_query fq = *q;
        fq.plan = fplan;
        fq.year = gk_report_plan(d)->year;
        gk_report_close(d);
        s = frozen;
        if (!(d = gk_report_open(s, &fq, err))) {
            gk_store_close(frozen);
            return -1;
        }
        char fy[32];
        gk_fy_short(fq.year, fy, sizeof fy);
        fprintf(stderr,
                _("gyokaku: %s is locked: the report shows it as it was when it was locked\n"), fy);
    }
    gk_rep_plan p = *gk_report_plan(d);
    p.additions = adds;
    p.locked_at = *locked_at ? locked_at : NULL;
    char when[64];
    if (stamp) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        p.stamp = when;
    }
    glue g = {.no_goal = "（基本目標なし）", .no_dept = "（所管課なし）"};
    gk_rep_summary_init(&g.sum, &p);
    int rc = -1;
    g.w = gk_report_writer_open(out, o, &p, err);
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
    gk_report_close(d);
    gk_store_close(frozen);
    return rc;
}

typedef struct report_job {
    gk_report_query *q;
    const gk_report_opts *o;
    bool stamp;
    const char *with, *without;
} report_job;

/* The report of the year asked for, or the year being reported (gk_output_fn). */
static int report_into(gk_store *s, FILE *out, void *job, gk_error *err)
{
    report_job *j = job;
    int r = gk_cli_resolve_year_named(s, "report", j->q->plan, &j->q->year);
    if (r != 0) return r;
    return write_report(s, j->q, j->o, j->stamp, j->with, j->without, out, err);
}

/* The terminal's width when standard output is one, else 80. */
static int default_width(void)
{
    if (!isatty(STDOUT_FILENO)) return 80;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *c = getenv("COLUMNS");
    int v = c ? atoi(c) : 0;
    return v > 0 ? v : 80;
}

/* --format html|text|md|csv of report */
static int format_option(const char *cmd, const char *value, void *to)
{
    gk_error err = {{0}};
    if (gk_report_format_parse(value, to, &err) == 0) return -1;
    return gk_cli_usage_error(cmd, "--format: %s", err.msg);
}

/* --width N of report */
static int width_option(const char *cmd, const char *value, void *to)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || end == value || v < GK_REPORT_MIN_WIDTH || v > 1000)
        return gk_cli_usage_error(cmd, _("--width must be a number from 40 to 1000, not %s"),
                                  value);
    *(int *)to = (int)v;
    return -1;
}

/* --with and --without of report: checked here, applied by write_report */
static int additions(const char *cmd, const char *fmt, const char *value, void *to)
{
    unsigned probe = 0;
    gk_error err = {{0}};
    if (gk_rep_additions_apply(value, &probe, &err) != 0)
        return gk_cli_usage_error(cmd, fmt, err.msg);
    *(const char **)to = value;
    return -1;
}

static int with_option(const char *cmd, const char *value, void *to)
{
    return additions(cmd, "--with: %s", value, to);
}

static int without_option(const char *cmd, const char *value, void *to)
{
    return additions(cmd, "--without: %s", value, to);
}

/* Reads the options into q, o, *path and *stamp; returns -1 to go on, or the
 * exit status (help printed, or a usage error said). */
static int report_options(gk_cli *cli, int argc, char **argv, gk_report_query *q, gk_report_opts *o,
                          const char **path, bool *stamp, const char **with, const char **without)
{
    const gk_opt opts[] = {GK_STR("plan", 0, &q->plan),
                           GK_YEAR(&q->year),
                           GK_STR("dept", 0, &q->dept),
                           GK_CALL("format", format_option, &o->format),
                           GK_CALL("width", width_option, &o->width),
                           GK_CALL("encoding", gk_opt_encoding, &o->enc),
                           GK_FLAG("stamp", 0, stamp),
                           GK_FLAG("substitute", 0, &o->substitute),
                           GK_STR("output", 'o', path),
                           GK_CALL("with", with_option, with),
                           GK_CALL("without", without_option, without),
                           GK_OPT_END};
    gk_optspec spec = {
        .cmd = "report", .opts = opts, .cli = cli, .help = {_(report_help), gk_cli_year_rule()}};
    int first;
    return gk_cli_opts(&spec, argc, argv, &first);
}

int gk_cmd_report(gk_cli *cli, int argc, char **argv)
{
    gk_report_query q = {0};
    gk_report_opts o = {.format = GK_REPORT_HTML, .enc = GK_ENC_UTF8};
    const char *path = NULL;
    const char *with = NULL, *without = NULL;
    bool stamp = false;
    int done = report_options(cli, argc, argv, &q, &o, &path, &stamp, &with, &without);
    if (done >= 0) return done;
    if (o.enc == GK_ENC_CP932 && o.format != GK_REPORT_CSV)
        return gk_cli_usage_error("report", _("--encoding %s applies to --format csv only"),
                                  "cp932");
    if (!o.width) o.width = path ? 80 : default_width();
    if (o.width < GK_REPORT_MIN_WIDTH) o.width = GK_REPORT_MIN_WIDTH;

    report_job j = {&q, &o, stamp, with, without};
    return gk_output_run(cli, path, report_into, &j);
}
