/*
 * import.c — `gyokaku import [--plan NAME] [--encoding E] FILE...`: opens
 * each file with the caller's rights and hands it to the import pipeline
 * (importfile.h: the reader, one transaction per file, the automatic backup
 * first), then reports what changed.
 */
#include "cli_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gyokaku/csv.h"
#include "gyokaku/i18n.h"
#include "gyokaku/importfile.h"
#include "gyokaku/sysconf.h"

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
    if (!dry_run) {
        int brc = gk_import_backup(s, argc - first, argv + first, made, sizeof made, &err);
        if (brc != 0) {
            fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
            for (int i = first; i < argc && brc == GK_IMPORT_NO_BACKUP; i++)
                fprintf(stderr, _("gyokaku: %s: nothing of this file was imported\n"),
                        strcmp(argv[i], "-") == 0 ? "<stdin>" : gk_cli_text(argv[i]));
            gk_store_close(s);
            return GK_EXIT_FAIL;
        }
    }
    const gk_import_opts o = {enc, plan, dry_run, print_change, NULL};
    int status = GK_EXIT_OK;
    bool wrote = false; /* one of the files changed the database */
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
        gk_import_opts one = o;
        one.ctx = (void *)name;
        gk_import_stats st;
        if (gk_import_stream(s, in, name, &one, &st, &err) == 0) {
            if (report(name, &st) && !dry_run) wrote = true;
        } else {
            fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
            if (!dry_run)
                fprintf(stderr, _("gyokaku: %s: nothing of this file was imported\n"),
                        gk_cli_text(name));
            status = GK_EXIT_FAIL;
        }
        if (!is_stdin) fclose(in);
    }
    gk_import_backup_done(s, made, status == GK_EXIT_OK, wrote);
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
