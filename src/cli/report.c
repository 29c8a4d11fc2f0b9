/*
 * report.c — `gyokaku report`: the published report of a plan and fiscal
 * year. This file reads the options and resolves the year; the pipeline
 * (store → judgement and summary → the format's writer) is io/'s
 * gk_report_write (reportrun.h), which the unit tests call too, run into
 * the command's output (output.c: a temporary file that reaches standard
 * output or -o FILE only when everything was written).
 */
#include "cli_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/reportrun.h"

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

/* The report of the year asked for, or the year being reported
 * (gk_output_fn); a locked year is said to be shown as it was locked. */
static int report_into(gk_store *s, FILE *out, void *job, gk_error *err)
{
    gk_report_request *r = job;
    int y = gk_cli_resolve_year_named(s, "report", r->q.plan, &r->q.year);
    if (y != 0) return y;
    int frozen = 0;
    int rc = gk_report_write(s, r, out, &frozen, err);
    if (frozen) {
        char fy[32];
        gk_fy_short(frozen, fy, sizeof fy);
        fprintf(stderr,
                _("gyokaku: %s is locked: the report shows it as it was when it was locked\n"), fy);
    }
    return rc;
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

/* --with and --without of report: checked here, applied by gk_report_write */
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
    gk_report_request r = {.o = {.format = GK_REPORT_HTML, .enc = GK_ENC_UTF8}};
    const char *path = NULL;
    int done = report_options(cli, argc, argv, &r.q, &r.o, &path, &r.stamp, &r.with, &r.without);
    if (done >= 0) return done;
    if (r.o.enc == GK_ENC_CP932 && r.o.format != GK_REPORT_CSV)
        return gk_cli_usage_error("report", _("--encoding %s applies to --format csv only"),
                                  "cp932");
    if (!r.o.width) r.o.width = path ? 80 : default_width();
    if (r.o.width < GK_REPORT_MIN_WIDTH) r.o.width = GK_REPORT_MIN_WIDTH;
    return gk_output_run(cli, path, report_into, &r);
}
