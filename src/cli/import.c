/*
 * import.c — `gyokaku import [--plan NAME] [--encoding E] FILE...`: reads
 * each file through the CSV reader, matches its header and applies its rows
 * in one transaction per file (import.h), then reports what changed.
 */
#include "cli_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gyokaku/csv.h"
#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"
#include "gyokaku/sysconf.h"
#include "gyokaku/import.h"
#include "gyokaku/plancsv.h"

static const char import_help[] =
    N_("Usage: gyokaku [--db FILE] import [--plan NAME] [--encoding auto|utf-8|cp932] FILE...\n"
       "Imports plan CSV files (see the manual for the columns); '-' reads standard input.\n"
       "Each file is one transaction: on any error nothing of that file is kept.\n"
       "  --plan NAME      plan name for rows without a 計画 column\n"
       "  --encoding E     auto (default: UTF-8 when valid, else CP932), utf-8 or cp932\n"
       "The database is created when it does not exist yet.\n");

/* --dry-run: each file is checked to its commit, then rolled back. */
static bool dry_run;

static int print_change(void *ctx, const char *tbl, const char *where, const char *field,
                        const char *old, const char *new_, gk_error *err)
{
    printf(_("%s: would change %s %s: %s -> %s\n"), gk_cli_text(ctx), gk_cli_text(where),
           gk_cli_text(field), old ? gk_cli_text(old) : _("(empty)"),
           new_ ? gk_cli_text(new_) : _("(empty)"));
    return 0;
}

/* Prints what the import of name changed; true when it changed anything. */
static bool report(const char *name, const gk_import_stats *st)
{
    if (dry_run) fprintf(stderr, _("%s: dry run, nothing written: "), name);
    long created = st->plans_created + st->nodes_created + st->series_created + st->values_created +
                   st->notes_created + st->attrs_set;
    long changed = st->values_changed + st->notes_changed + st->attrs_changed;
    if (created == 0 && changed == 0) {
        fprintf(stderr,
                ngettext("%s: %ld row, no changes\n", "%s: %ld rows, no changes\n",
                         (unsigned long)st->rows),
                gk_cli_text(name), st->rows);
        return false;
    }
    fprintf(stderr,
            ngettext("%s: %ld row; new: plans %ld, nodes %ld, series %ld, value cells %ld, note "
                     "cells %ld, attributes %ld; changed: value cells %ld, note cells %ld, "
                     "attributes %ld\n",
                     "%s: %ld rows; new: plans %ld, nodes %ld, series %ld, value cells %ld, note "
                     "cells %ld, attributes %ld; changed: value cells %ld, note cells %ld, "
                     "attributes %ld\n",
                     (unsigned long)st->rows),
            gk_cli_text(name), st->rows, st->plans_created, st->nodes_created, st->series_created,
            st->values_created, st->notes_created, st->attrs_set, st->values_changed,
            st->notes_changed, st->attrs_changed);
    return true;
}

/* A failure (-1) before the end of a file read with GK_CSV_MAY_RESTART:
 * GK_CSV_RESTART when the rest of the file shows that it is not UTF-8 (the
 * failure is then not the one to report: the file is read again as CP932,
 * as a scan first would have), else -1. */
static int failed(gk_csv_reader *r)
{
    gk_error ignored;
    return gk_csv_settle(r, &ignored) == GK_CSV_RESTART ? GK_CSV_RESTART : -1;
}

/* One attempt at the file: 0, -1 with err, or GK_CSV_RESTART when the
 * reader found that the file is not UTF-8 after all (GK_CSV_MAY_RESTART):
 * what was imported is rolled back, and the reader starts over as CP932. */
static int import_attempt(gk_store *s, gk_csv_reader *r, const char *name, const char *plan,
                          bool *changed, gk_error *err)
{
    const gk_csv_record *rec;
    gk_plan_header h;
    int rc = gk_csv_next(r, &rec, err);
    if (rc == GK_CSV_RESTART) return rc;
    if (rc == 0) gk_error_set(err, _("%s: the file is empty (no header line)"), name);
    if (rc <= 0 || gk_plan_header_parse(rec, name, &h, err) != 0) {
        if (rc != 0 && failed(r) == GK_CSV_RESTART) return GK_CSV_RESTART;
        long l, c; /* a UTF-8 file with one bad byte reads as CP932: say why */
        if (rc > 0 && err && gk_csv_not_utf8_at(r, &l, &c)) {
            size_t n = strlen(err->msg);
            snprintf(err->msg + n, sizeof err->msg - n,
                     _(" (read as CP932, since the bytes at %ld:%ld are not UTF-8)"), l, c);
        }
        return -1;
    }
    gk_importer *im = gk_import_begin(s, &h, name, plan, err);
    if (!im) return failed(r);
    gk_plan_row row;
    while ((rc = gk_csv_next(r, &rec, err)) == 1) {
        int got = gk_plan_row_read(&h, (gk_csv_record *)rec, name, &row, err);
        if (got < 0 || (got > 0 && gk_import_row(im, &row, err) != 0)) {
            rc = -1;
            break;
        }
    }
    if (rc != 0) {
        gk_import_abort(im);
        return rc == GK_CSV_RESTART ? rc : failed(r);
    }
    gk_import_stats st;
    if (dry_run ? gk_import_dry_run(im, &st, print_change, (void *)name, err) != 0
                : gk_import_commit(im, &st, err) != 0)
        return -1;
    if (report(name, &st) && !dry_run) *changed = true;
    return 0;
}

static int import_stream(gk_store *s, FILE *in, const char *name, gk_encoding enc, const char *plan,
                         bool *changed, gk_error *err)
{
    gk_csv_reader *r = gk_csv_open_ex(in, name, enc, GK_CSV_INPUT_MAX, GK_CSV_MAY_RESTART, err);
    if (!r) return -1;
    int rc;
    while ((rc = import_attempt(s, r, name, plan, changed, err)) == GK_CSV_RESTART)
        ; /* at most once: the reader restarts only from its guess of UTF-8 */
    gk_csv_close(r);
    return rc;
}

/* An import into a database that holds plans is preceded by an automatic
 * backup (backup.h) into made[n]; the import does not start when it fails.
 * No backup for an import that cannot write anything: a file that cannot be
 * opened. The folder is pruned only once the
 * import succeeded (gk_backup_prune), and the backup removed when it wrote
 * nothing (refused, or without a change): it costs no older backup. */
static int backup_first(gk_store *s, int nfiles, char **files, char *made, size_t n)
{
    gk_stats st;
    gk_error err = {{0}};
    made[0] = '\0';
    for (int i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") != 0 && access(files[i], R_OK) != 0) {
            fprintf(stderr, _("gyokaku: cannot open %s: %s\n"), gk_cli_text(files[i]),
                    strerror(errno));
            return -1;
        }
    if (gk_store_stats(s, NULL, &st, &err) != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return -1;
    }
    if (st.plans == 0 || gk_store_readonly(s)) return 0; /* the import says read-only */
    char detail[256] = "";
    size_t used = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *b = strrchr(files[i], '/');
        int w = snprintf(detail + used, sizeof detail - used, "%s%s", i ? ", " : "",
                         b ? b + 1 : files[i]);
        if (w < 0 || (size_t)w >= sizeof detail - used) break;
        used += (size_t)w;
    }
    if (gk_backup_to(s, NULL, GK_BACKUP_IMPORT, detail, 0, made, n, NULL, &err) == 0) return 0;
    made[0] = '\0';
    fprintf(stderr, _("gyokaku: the automatic backup (%s) failed: %s\n"),
            gk_backup_reason_label(GK_BACKUP_IMPORT), gk_cli_text(err.msg));
    for (int i = 0; i < nfiles; i++)
        fprintf(stderr, _("gyokaku: %s: nothing of this file was imported\n"),
                strcmp(files[i], "-") == 0 ? "<stdin>" : gk_cli_text(files[i]));
    return -1;
}

/* --encoding of import: utf-8, cp932 or auto */
static int input_encoding(const char *cmd, const char *value, void *to)
{
    gk_error err = {{0}};
    if (gk_encoding_parse(value, to, &err) == 0) return -1;
    return gk_cli_usage_error(cmd, "%s", err.msg);
}

int gk_cmd_import(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL;
    gk_encoding enc = GK_ENC_AUTO;
    gk_error err = {{0}};
    dry_run = false;
    const gk_opt opts[] = {GK_STR("plan", 0, &plan), GK_CALL("encoding", input_encoding, &enc),
                           GK_FLAG("dry-run", 0, &dry_run), GK_OPT_END};
    gk_optspec spec = {
        .cmd = "import",
        .opts = opts,
        .cli = cli,
        .min = 1,
        .max = -1,
        .few = _("no file given (use - for standard input)"),
        .help = {_(import_help), _("  --dry-run        check each file and list what it would "
                                   "change; write nothing\n")}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    if (plan && !*plan)
        return gk_cli_usage_error("import", "%s", _("--plan needs a non-empty name"));

    gk_store *s = gk_cli_open(cli, dry_run ? 0 : GK_OPEN_CREATE);
    if (!s) return GK_EXIT_FAIL;
    char made[8192] = "";
    if (!dry_run && backup_first(s, argc - first, argv + first, made, sizeof made) != 0) {
        gk_store_close(s);
        return GK_EXIT_FAIL;
    }
    int status = GK_EXIT_OK;
    bool wrote = false;
    for (int i = first; i < argc && status == GK_EXIT_OK; i++) {
        bool is_stdin = strcmp(argv[i], "-") == 0;
        const char *name = is_stdin ? "<stdin>" : argv[i];
        gk_priv_drop(); /* the caller's own file, read with the caller's group (sysconf.h) */
        FILE *in = is_stdin ? stdin : fopen(argv[i], "rb");
        int open_errno = errno;
        gk_priv_restore();
        errno = open_errno;
        if (!in) {
            fprintf(stderr, _("gyokaku: cannot open %s: %s\n"), gk_cli_text(argv[i]),
                    strerror(errno));
            status = GK_EXIT_FAIL;
            break;
        }
        if (import_stream(s, in, name, enc, plan, &wrote, &err) != 0) {
            fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
            if (!dry_run)
                fprintf(stderr, _("gyokaku: %s: nothing of this file was imported\n"),
                        gk_cli_text(name));
            status = GK_EXIT_FAIL;
        }
        if (!is_stdin) fclose(in);
    }
    if (made[0] && wrote)
        gk_backup_prune(s, GK_KIND_AUTOMATIC);
    else if (made[0])
        unlink(made); /* the import wrote nothing: its backup is the database as it is */
    bool created = gk_store_created(s);
    char path[4096];
    snprintf(path, sizeof path, "%s", gk_store_path(s));
    gk_store_close(s);
    if (status != GK_EXIT_OK && created) /* leave no half-made database behind */
        for (size_t k = 0; k < 3; k++) {
            char f[4200];
            snprintf(f, sizeof f, "%s%s", path, (const char *[]){"", "-wal", "-shm"}[k]);
            unlink(f);
        }
    return status;
}
