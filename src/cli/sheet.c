/*
 * sheet.c — `gyokaku sheet` (the 調査票 of a department as a workbook) and
 * `gyokaku collect` (the filled workbooks back, sheet.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/series.h"
#include "gyokaku/sheet.h"
#include "gyokaku/ui.h"
#include "gyokaku/workflow.h"
#include "gyokaku/xlsx.h"

static int fail(const char *cmd, const char *msg)
{
    fprintf(stderr, "gyokaku %s: %s\n", cmd, msg);
    return GK_EXIT_FAIL;
}

typedef struct make_ctx {
    gk_sheet_writer *w;
    long rows;
} make_ctx;

static int make_row(void *ctx, const gk_sheet_row *r, gk_error *err)
{
    make_ctx *m = ctx;
    m->rows++;
    return gk_sheet_writer_row(m->w, r, err);
}

/* The deadline the office set with `plan set NAME --deadline` when year is
 * the plan's year being reported (the deadline is that year's), written
 * "2024年6月28日"; NULL when none applies (or cannot be read: the cover
 * then says none, which --deadline can still give). */
static char *plan_deadline(gk_store *s, const char *plan, int year)
{
    gk_plan_attrs *p = NULL;
    size_t n = 0;
    gk_error e = {{0}};
    char *out = NULL;
    int reported = 0;
    if (gk_plan_attrs_get(s, plan, &p, &n, &e) != 0) return NULL;
    int y, m, d;
    if (n == 1 && *p[0].deadline &&
        gk_plan_report_year(s, gk_plan_id(s, p[0].name, &e), &reported, NULL, &e) == 0 &&
        reported == year && sscanf(p[0].deadline, "%d-%d-%d", &y, &m, &d) == 3 &&
        asprintf(&out, "%d年%d月%d日", y, m, d) < 0)
        out = NULL;
    gk_plan_attrs_free(p, n);
    return out;
}

/* Writes the workbook of dept to path (through a temporary file beside it,
 * renamed when complete). Returns the rows written, or -1 with err. */
static long make_one(gk_store *s, const char *plan, int year, const char *dept,
                     const char *deadline, const char *contact, const char *path, gk_error *err)
{
    gk_sheet_head h;
    if (gk_sheet_prepare(s, plan, year, dept, &h, err) != 0) return -1;
    h.deadline = deadline ? strdup(deadline) : plan_deadline(s, h.plan, year);
    h.contact = contact ? strdup(contact) : NULL;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    make_ctx m = {0};
    m.w = gk_sheet_writer_open(tmp, &h, err);
    int rc = m.w ? gk_sheet_rows(s, &h, make_row, &m, err) : -1;
    if (m.w && gk_sheet_writer_close(m.w, rc, err) != 0) rc = -1;
    if (rc == 0 && rename(tmp, path) != 0) {
        gk_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
        unlink(tmp);
        rc = -1;
    }
    if (rc == 0) rc = gk_sheet_issued(s, &h, path, err);
    gk_sheet_head_free(&h);
    return rc == 0 ? m.rows : -1;
}

/* One quoted CSV cell of index.csv (quotes doubled). */
static void index_cell(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A department's name as a file name: / and control characters replaced. */
static void file_name(const char *dept, char *buf, size_t n)
{
    size_t o = 0;
    for (const char *p = dept; *p && o + 1 < n; p++)
        buf[o++] = (*p == '/' || (unsigned char)*p < 0x20) ? '_' : *p;
    buf[o] = '\0';
}

static const char sheet_help[] =
    N_("Usage: gyokaku [--db FILE] sheet [--plan P] [--year Y] (--dept D | --all)\n"
       "                                  [--deadline TEXT] [--contact TEXT] -o "
       "FILE.xlsx|DIR\n"
       "Writes the 調査票 of a 所管課 as an Excel workbook: a cover, one row per item\n"
       "and indicator series the department leads (context locked, the fields to\n"
       "fill in unlocked and validated) and the workbook's identity, so that\n"
       "`gyokaku collect` can take it back. --all writes one workbook per\n"
       "department into the folder DIR, with index.csv. Office only.\n");

int gk_cmd_sheet(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL, *dept = NULL, *out = NULL, *deadline = NULL, *contact = NULL;
    bool all = false;
    int year = 0;
    const gk_opt opts[] = {GK_STR("plan", 0, &plan),       GK_YEAR(&year),
                           GK_STR("dept", 0, &dept),       GK_FLAG("all", 0, &all),
                           GK_STR("output", 'o', &out),    GK_STR("deadline", 0, &deadline),
                           GK_STR("contact", 0, &contact), GK_OPT_END};
    gk_optspec spec = {
        .cmd = "sheet", .opts = opts, .cli = cli, .help = {_(sheet_help), gk_cli_year_rule()}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    if (!out) return gk_cli_usage_error("sheet", "%s", _("-o FILE.xlsx or -o DIR is required"));
    if (strcmp(out, "-") == 0) /* never a file named "-" */
        return gk_cli_usage_error("sheet", "%s",
                                  _("-o -: a workbook cannot go to standard output; give a file "
                                    "or a folder"));
    if (all == (dept != NULL))
        return gk_cli_usage_error("sheet", "%s", _("give either --dept D or --all"));
    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    int rc = gk_cli_resolve_year_named(s, "sheet", plan, &year);
    if (rc != 0) {
        gk_store_close(s);
        return rc;
    }
    if (!all) {
        long n = make_one(s, plan, year, dept, deadline, contact, out, &err);
        if (n < 0)
            rc = fail("sheet", err.msg);
        else
            printf(ngettext("%s: %ld row for %s\n", "%s: %ld rows for %s\n", (unsigned long)n), out,
                   n, dept);
    } else {
        char **depts = NULL;
        size_t nd = 0;
        if (mkdir(out, 0777) != 0 && errno != EEXIST) {
            gk_error_set(&err, _("cannot make the folder %s: %s"), out, strerror(errno));
            rc = fail("sheet", err.msg);
        } else if (gk_sheet_depts(s, plan, &depts, &nd, &err) != 0) {
            rc = fail("sheet", err.msg);
        }
        char ipath[4200];
        snprintf(ipath, sizeof ipath, "%s/index.csv", out);
        FILE *index = rc == GK_EXIT_OK ? fopen(ipath, "w") : NULL;
        if (rc == GK_EXIT_OK && !index) {
            gk_error_set(&err, _("cannot write %s: %s"), ipath, strerror(errno));
            rc = fail("sheet", err.msg);
        }
        if (index) fputs("\xEF\xBB\xBF所管課,ファイル,行数\r\n", index);
        for (size_t i = 0; rc == GK_EXIT_OK && i < nd; i++) {
            char name[512], path[4200];
            file_name(depts[i], name, sizeof name);
            snprintf(path, sizeof path, "%s/%s.xlsx", out, name);
            long n = make_one(s, plan, year, depts[i], deadline, contact, path, &err);
            if (n < 0) {
                rc = fail("sheet", err.msg);
                break;
            }
            index_cell(index, depts[i]);
            fputc(',', index);
            char fname[600];
            snprintf(fname, sizeof fname, "%s.xlsx", name);
            index_cell(index, fname);
            fprintf(index, ",%ld\r\n", n);
            printf(ngettext("%s: %ld row for %s\n", "%s: %ld rows for %s\n", (unsigned long)n),
                   path, n, depts[i]);
        }
        if (index && fclose(index) != 0 && rc == GK_EXIT_OK) rc = fail("sheet", strerror(errno));
        for (size_t i = 0; i < nd; i++)
            free(depts[i]);
        free(depts);
    }
    gk_store_close(s);
    return rc;
}

/* --- collect ------------------------------------------------------------------------------- */

typedef struct collect_ctx {
    gk_store *s;
    gk_sheet_head *h;
    const char *file;
    gk_collect *c;
} collect_ctx;

static int collect_row(void *ctx, const gk_sheet_cells *cells, gk_error *err)
{
    collect_ctx *k = ctx;
    if (!k->c && !(k->c = gk_collect_begin(k->s, k->h, k->file, err))) return -1;
    return gk_collect_row(k->c, cells, err);
}

/* One line: a text shown in a list, line breaks as ⏎. */
static void put_text(const char *t)
{
    if (!t) {
        fputs(_("(empty)"), stdout);
        return;
    }
    for (const char *p = t; *p; p++)
        if (*p == '\n')
            fputs("⏎", stdout);
        else
            putchar(*p);
}

static void list_changes(const gk_sheet_change *ch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const gk_sheet_change *x = &ch[i];
        printf("%s %s %s%s%s%s: ", x->conflict ? _("conflict") : _("change"), x->cell,
               x->path ? x->path : "", " ", gk_field_name(x->kind), "");
        if (x->kind == GK_FIELD_ACTUAL && *x->series) printf("(%s) ", x->series);
        if (x->conflict) {
            fputs(_("master "), stdout);
            put_text(x->master);
            fputs(_(", workbook "), stdout);
            put_text(x->sheet);
            fputs(_(", when made "), stdout);
            put_text(x->orig);
        } else {
            put_text(x->master);
            fputs(" -> ", stdout);
            put_text(x->sheet);
        }
        putchar('\n');
    }
}

static int collect_one(gk_store *s, const char *file, bool dry, int prefer, gk_error *err)
{
    gk_xlsx *x = gk_xlsx_open(file, err);
    if (!x) return -1;
    gk_sheet_head h;
    collect_ctx k = {s, &h, file, NULL};
    int rc = gk_sheet_read(x, &h, collect_row, &k, err);
    gk_xlsx_close(x);
    if (rc == 0 && !k.c && !(k.c = gk_collect_begin(s, &h, file, err))) rc = -1;
    if (rc == 0) {
        const char *const *msgs;
        size_t np = gk_collect_problems(k.c, &msgs);
        for (size_t i = 0; i < np; i++)
            fprintf(stderr, "gyokaku collect: %s: %s\n", file, msgs[i]);
        if (np) {
            gk_error_set(err,
                         ngettext("%zu cell has a problem; nothing was changed",
                                  "%zu cells have problems; nothing was changed", np),
                         np);
            rc = -1;
        }
    }
    if (rc == 0) {
        size_t n, nconf = 0;
        gk_sheet_change *ch = gk_collect_changes(k.c, &n);
        for (size_t i = 0; i < n; i++)
            nconf += ch[i].conflict;
        printf(_("%s: %s, %s, %s: changes %zu, conflicts %zu\n"), file, h.plan, h.dept,
               h.writer ? h.writer : _("no 記入者"), n - nconf, nconf);
        list_changes(ch, n);
        if (!dry && nconf) {
            if (prefer) {
                for (size_t i = 0; i < n; i++)
                    if (ch[i].conflict)
                        ch[i].decision = prefer == 's' ? GK_SD_TAKE_SHEET : GK_SD_KEEP_MASTER;
            } else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
                if (gk_ui_sheet_review(ch, n) != 0) {
                    gk_error_set(err, _("review left; nothing was changed"));
                    rc = -1;
                }
            } else {
                gk_error_set(err,
                             ngettext("%zu conflict: decide it in the review screen (run on a "
                                      "terminal) or with --prefer sheet|master; nothing was "
                                      "changed",
                                      "%zu conflicts: decide them in the review screen (run on "
                                      "a terminal) or with --prefer sheet|master; nothing was "
                                      "changed",
                                      nconf),
                             nconf);
                rc = -1;
            }
        }
        if (rc == 0 && !dry) {
            long w = gk_collect_apply(k.c, err);
            if (w < 0)
                rc = -1;
            else
                printf(ngettext("%s: %ld field written\n", "%s: %ld fields written\n",
                                (unsigned long)w),
                       file, w);
        }
    }
    gk_collect_free(k.c);
    gk_sheet_head_free(&h);
    return rc;
}

static const char collect_help[] =
    N_("Usage: gyokaku [--db FILE] collect [--dry-run] [--prefer sheet|master] "
       "FILE.xlsx...\n"
       "Takes filled 調査票 back: checks that each was made from this database for\n"
       "its plan, year and department and that its identity cells are intact,\n"
       "validates every changed cell, and applies each field changed in the\n"
       "workbook since it was made, with history. A field changed in the master\n"
       "too is a conflict, decided in a review screen or by --prefer. --dry-run\n"
       "lists the changes and conflicts without writing. A workbook with a\n"
       "problem changes nothing.\n");

/* --prefer sheet|master: 's' or 'm' */
static int prefer_option(const char *cmd, const char *value, void *to)
{
    int *p = to;
    *p = strcmp(value, "sheet") == 0 ? 's' : strcmp(value, "master") == 0 ? 'm' : 0;
    if (*p) return -1;
    return gk_cli_usage_error(cmd, _("--prefer is sheet or master, not %s"), value);
}

int gk_cmd_collect(gk_cli *cli, int argc, char **argv)
{
    bool dry = false;
    int prefer = 0;
    const gk_opt opts[] = {GK_FLAG("dry-run", 'n', &dry), GK_CALL("prefer", prefer_option, &prefer),
                           GK_OPT_END};
    gk_optspec spec = {.cmd = "collect",
                       .opts = opts,
                       .cli = cli,
                       .help = {_(collect_help)},
                       .min = 1,
                       .max = -1,
                       .few = _("no workbook given")};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    int rc = GK_EXIT_OK;
    for (int i = first; i < argc; i++) {
        gk_error err = {{0}};
        if (collect_one(s, argv[i], dry, prefer, &err) != 0) {
            fprintf(stderr, "gyokaku collect: %s: %s\n", argv[i], err.msg);
            rc = GK_EXIT_FAIL;
        }
    }
    gk_store_close(s);
    return rc;
}
