/*
 * report.c — `gyokaku report`: the published report of a plan and fiscal
 * year. This file reads the options, resolves the year and the command's
 * output (output.c: a temporary file that reaches standard output or -o FILE
 * only when everything was written) and prints the errors; the pipeline
 * (store → judgement and summary → the format's writer) is io/'s
 * gk_report_write (reportrun.h), which the unit tests call too.
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

/* Reads the options into q, o, *path and *stamp; returns -1 to go on, or the
 * exit status (help printed, or a usage error said). */
static int report_options(gk_cli *cli, int argc, char **argv, gk_report_query *q, gk_report_opts *o,
                          const char **path, bool *stamp, const char **with, const char **without)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},       {"plan", required_argument, NULL, 'p'},
        {"year", required_argument, NULL, 'y'},     {"dept", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},   {"width", required_argument, NULL, 'w'},
        {"encoding", required_argument, NULL, 'e'}, {"stamp", no_argument, NULL, 's'},
        {"substitute", no_argument, NULL, 'S'},     {"output", required_argument, NULL, 'o'},
        {"with", required_argument, NULL, 'W'},     {"without", required_argument, NULL, 'X'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    gk_error err = {{0}};
    optind = 0;
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'D':
            cli->db = optarg;
            break;
        case 'p':
            q->plan = optarg;
            break;
        case 'd':
            q->dept = optarg;
            break;
        case 'o':
            *path = optarg;
            break;
        case 's':
            *stamp = true;
            break;
        case 'W':
        case 'X': {
            unsigned probe = 0;
            if (gk_rep_additions_apply(optarg, &probe, &err) != 0)
                return gk_cli_usage_error("report", c == 'W' ? "--with: %s" : "--without: %s",
                                          err.msg);
            *(c == 'W' ? with : without) = optarg;
            break;
        }
        case 'S':
            o->substitute = true;
            break;
        case 'y':
            if ((rc = gk_cli_year_option("report", optarg, &q->year)) >= 0) return rc;
            break;
        case 'f':
            if (gk_report_format_parse(optarg, &o->format, &err) != 0)
                return gk_cli_usage_error("report", "--format: %s", err.msg);
            break;
        case 'w': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < GK_REPORT_MIN_WIDTH || v > 1000)
                return gk_cli_usage_error(
                    "report", _("--width must be a number from 40 to 1000, not %s"), optarg);
            o->width = (int)v;
            break;
        }
        case 'e':
            if ((rc = gk_cli_output_encoding("report", optarg, &o->enc)) >= 0) return rc;
            break;
        case 'h':
            fputs(_(report_help), stdout);
            fputs(gk_cli_year_rule(), stdout);
            return GK_EXIT_OK;
        default:
            return gk_cli_getopt_error("report", c, argv);
        }
    }
    if (optind < argc)
        return gk_cli_usage_error("report", _("unexpected argument %s"), argv[optind]);
    return -1;
}

int gk_cmd_report(gk_cli *cli, int argc, char **argv)
{
    gk_report_request r = {.o = {.format = GK_REPORT_HTML, .enc = GK_ENC_UTF8}};
    const char *path = NULL;
    gk_error err = {{0}};
    int done = report_options(cli, argc, argv, &r.q, &r.o, &path, &r.stamp, &r.with, &r.without);
    if (done >= 0) return done;
    if (r.o.enc == GK_ENC_CP932 && r.o.format != GK_REPORT_CSV)
        return gk_cli_usage_error("report", _("--encoding %s applies to --format csv only"),
                                  "cp932");
    if (!r.o.width) r.o.width = path ? 80 : default_width();
    if (r.o.width < GK_REPORT_MIN_WIDTH) r.o.width = GK_REPORT_MIN_WIDTH;

    gk_output d = {0};
    int rc = gk_output_resolve(&d, path, &err);
    gk_store *s = rc == 0 ? gk_cli_open(cli, GK_OPEN_READONLY) : NULL;
    if (rc == 0 && !s) return GK_EXIT_FAIL;
    FILE *out = rc == 0 ? gk_output_open(&d) : NULL;
    if (rc == 0 && !out) {
        gk_error_set(&err, _("cannot create a temporary file for %s: %s"),
                     path ? path : _("standard output"), strerror(errno));
        rc = -1;
    }
    int frozen = 0;
    if (out) {
        int y = gk_cli_resolve_year_named(s, "report", r.q.plan, &r.q.year);
        if (y != 0) {
            gk_store_close(s);
            gk_output_finish(&d, out, -1, &err);
            return y;
        }
        rc = gk_report_write(s, &r, out, &frozen, &err);
    }
    gk_store_close(s);
    if (frozen) {
        char fy[32];
        gk_fy_short(frozen, fy, sizeof fy);
        fprintf(stderr,
                _("gyokaku: %s is locked: the report shows it as it was when it was locked\n"), fy);
    }
    if (out) rc = gk_output_finish(&d, out, rc, &err);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        if (path) fprintf(stderr, _("gyokaku: %s was not written\n"), path);
        return GK_EXIT_FAIL;
    }
    return GK_EXIT_OK;
}
