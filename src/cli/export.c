/*
 * export.c — `gyokaku export`: plan rows (export.h) through the CSV writer
 * (csv.h) into the command's output (output.c: a temporary file that
 * reaches standard output or -o FILE only when everything was written).
 */
#include "cli_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gyokaku/csv.h"
#include "gyokaku/export.h"
#include "gyokaku/plancsv.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

static const char export_help[] = N_(
    "Usage: gyokaku [--db FILE] export [--plan NAME] [--year Y] [--dept D]\n"
    "                [--encoding utf-8|cp932] [--substitute] [--raw] [-o FILE]\n"
    "Writes plans as plan CSV: UTF-8 with BOM and CRLF line ends by default.\n"
    "  --plan NAME      only this plan\n"
    "  --year Y         only this fiscal year's values and notes (2024, R6, 令和6年度 ...);\n"
    "                   without it every year: the whole plan, which import takes back\n"
    "                   (export alone does not follow the year being reported)\n"
    "  --dept D         only the nodes of this department (main or related)\n"
    "  --encoding E     utf-8 (default) or cp932\n"
    "  --substitute     CP932: write ㉑..㊿ as (21)..(50) and other characters that CP932\n"
    "                   cannot hold as 〓, reporting each; without it they are an error\n"
    "  --raw            no formula guard: a text cell starting with = + - @ is written\n"
    "                   as it is (by default it gets a leading ' so that Excel does not run it)\n"
    "  -o FILE          write FILE (default: standard output)\n");

static void report_subst(void *ctx, long row, const char *column, uint32_t cp,
                         const char *replacement)
{
    long *n = ctx;
    char ch[8] = {0};
    gk_utf8_encode(cp, ch);
    fprintf(stderr, _("gyokaku: row %ld, column %s: %s (U+%04X) written as %s\n"), row,
            gk_cli_text(column), gk_cli_text(ch), (unsigned)cp, replacement);
    (*n)++;
}

static int write_row(void *ctx, const char *const cells[GK_NCOLS], gk_error *err)
{
    return gk_csv_write(ctx, cells, GK_NCOLS, err);
}

typedef struct export_job {
    const gk_export_filter *f;
    gk_csv_writer_opts *o;
} export_job;

/* The plan CSV of j->f into out (gk_output_fn). */
static int write_all(gk_store *s, FILE *out, void *job, gk_error *err)
{
    const gk_export_filter *f = ((export_job *)job)->f;
    gk_csv_writer_opts *o = ((export_job *)job)->o;
    gk_export_labels labels;
    if (gk_export_prepare(s, f, &labels, err) != 0) return -1;
    const char *header[GK_NCOLS];
    memcpy(header, gk_col_names, sizeof header);
    header[GK_COL_GOAL] = labels.goal;
    header[GK_COL_POLICY] = labels.policy;
    header[GK_COL_ITEM] = labels.item;
    o->column_names = header;
    gk_csv_writer *w = gk_csv_writer_open(out, o, err);
    if (!w) return -1;
    int rc = gk_csv_write(w, header, GK_NCOLS, err);
    if (rc == 0) rc = gk_export_rows(s, f, write_row, w, err);
    if (gk_csv_writer_close(w, rc == 0 ? err : NULL) != 0) rc = -1;
    return rc;
}

/* Reads the options into f, o and *path; returns -1 to go on, or the exit
 * status (help printed, or a usage error said). */
static int export_options(gk_cli *cli, int argc, char **argv, gk_export_filter *f,
                          gk_csv_writer_opts *o, const char **path)
{
    bool raw = false; /* --raw: no formula guard */
    const gk_opt opts[] = {GK_STR("plan", 0, &f->plan),
                           GK_YEAR(&f->year),
                           GK_STR("dept", 0, &f->dept),
                           GK_CALL("encoding", gk_opt_encoding, &o->enc),
                           GK_FLAG("substitute", 0, &o->substitute),
                           GK_FLAG("raw", 0, &raw),
                           GK_STR("output", 'o', path),
                           GK_OPT_END};
    gk_optspec spec = {.cmd = "export", .opts = opts, .cli = cli, .help = {_(export_help)}};
    int first, rc = gk_cli_opts(&spec, argc, argv, &first);
    if (raw) o->guard = false;
    return rc;
}

int gk_cmd_export(gk_cli *cli, int argc, char **argv)
{
    gk_export_filter f = {0};
    gk_csv_writer_opts o = {.enc = GK_ENC_UTF8, .bom = true, .crlf = true, .guard = true};
    const char *path = NULL;
    long nsubst = 0;
    int done = export_options(cli, argc, argv, &f, &o, &path);
    if (done >= 0) return done;
    o.bom = o.enc == GK_ENC_UTF8;
    o.on_subst = report_subst;
    o.subst_ctx = &nsubst;

    export_job j = {&f, &o};
    int rc = gk_output_run(cli, path, write_all, &j);
    if (rc != GK_EXIT_OK) return rc;
    char fy[32];
    if (f.year)
        fprintf(stderr, _("gyokaku export: %s only (--year)\n"),
                gk_fy_short(f.year, fy, sizeof fy));
    else
        fprintf(stderr, "%s\n",
                _("gyokaku export: every fiscal year, the whole plan for import (--year Y "
                  "exports one year)"));
    if (nsubst > 0)
        fprintf(stderr,
                ngettext("gyokaku: %ld character substituted for CP932\n",
                         "gyokaku: %ld characters substituted for CP932\n", (unsigned long)nsubst),
                nsubst);
    return GK_EXIT_OK;
}
