/*
 * admin.c — `gyokaku init`, `gyokaku stats`, `gyokaku check`.
 */
#include "cli_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"

static const struct option db_opts[] = {
    {"db", required_argument, NULL, 'D'},
    {"plan", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Parses --db, --help and (when plan != NULL) --plan; no operands. Returns
 * -1 to go on, else the exit status. */
static int simple_args(const char *cmd, const char *help, gk_cli *cli, const char **plan, int argc,
                       char **argv)
{
    optind = 0; /* 0: full reset of GNU getopt (commands run more than once in tests) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", db_opts, NULL)) != -1) {
        if (c == 'D')
            cli->db = optarg;
        else if (c == 'p' && plan)
            *plan = optarg;
        else if (c == 'h') {
            fputs(help, stdout);
            return GK_EXIT_OK;
        } else
            return gk_cli_getopt_error(cmd, c == 'p' ? '?' : c, argv);
    }
    if (optind < argc) return gk_cli_usage_error(cmd, _("unexpected argument %s"), argv[optind]);
    return -1;
}

int gk_cmd_init(gk_cli *cli, int argc, char **argv)
{
    int rc = simple_args("init",
                         _("Usage: gyokaku [--db FILE] init\n"
                           "Creates an empty gyokaku database (folders as needed).\n"
                           "An existing gyokaku database is left as it is.\n"),
                         cli, NULL, argc, argv);
    if (rc >= 0) return rc;
    cli->init = true;
    gk_store *s = gk_cli_open(cli, GK_OPEN_CREATE);
    if (!s) return GK_EXIT_FAIL;
    fprintf(stderr,
            gk_store_created(s) ? _("created %s\n") : _("%s is already a gyokaku database\n"),
            gk_store_path(s));
    gk_store_close(s);
    return GK_EXIT_OK;
}

int gk_cmd_stats(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL;
    int rc = simple_args("stats",
                         _("Usage: gyokaku [--db FILE] stats [--plan NAME]\n"
                           "Prints one line per count, name<TAB>number: plans, goals, policies,\n"
                           "items, indicators, series, values, notes, departments, tags.\n"),
                         cli, &plan, argc, argv);
    if (rc >= 0) return rc;
    gk_store *s = gk_cli_open(cli, GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    gk_stats st;
    gk_error err = {{0}};
    rc = gk_store_stats(s, plan, &st, &err);
    gk_store_close(s);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    printf("plans\t%ld\ngoals\t%ld\npolicies\t%ld\nitems\t%ld\nindicators\t%ld\n"
           "series\t%ld\nvalues\t%ld\nnotes\t%ld\ndepartments\t%ld\ntags\t%ld\n",
           st.plans, st.goals, st.policies, st.items, st.indicators, st.series, st.values, st.notes,
           st.departments, st.tags);
    return GK_EXIT_OK;
}

/* One finding as a whole translated sentence; every text of the plan in
 * it through the sanitizer. */
static void print_problem(void *ctx, const gk_finding *f)
{
    (void)ctx;
    char *t = gk_finding_text(f, gk_cli_text);
    printf("%s\n", t ? t : "?");
    free(t);
}

/* After a failed check: the way back, naming the newest backup that passes
 * the checks. A file that does not exist needs no restore. */
static void suggest_restore(const gk_cli *cli)
{
    char path[4096], good[8192];
    gk_cli_db_path(cli, path, sizeof path);
    gk_error err = {{0}};
    if (faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) != 0 ||
        gk_cli_db_check(cli, path, sizeof path, 0, &err) < 0)
        return;
    int found = gk_backup_latest_good(path, good, sizeof good, &err);
    if (found == 1)
        fprintf(stderr,
                _("gyokaku: to go back to the newest good backup (see `gyokaku backup --list`):\n"
                  "  gyokaku --db '%s' restore '%s'\n"),
                path, good);
    else
        fprintf(stderr, _("gyokaku: no good backup of %s was found in its backups folder\n"), path);
}

int gk_cmd_check(gk_cli *cli, int argc, char **argv)
{
    int rc = simple_args("check",
                         _("Usage: gyokaku [--db FILE] check\n"
                           "Runs SQLite's integrity_check and foreign_key_check and the plan\n"
                           "model's own rules; prints each problem; exit 0 only when all pass.\n"),
                         cli, NULL, argc, argv);
    if (rc >= 0) return rc;
    gk_store *s = gk_cli_open(cli, GK_OPEN_READONLY);
    if (!s) {
        suggest_restore(cli);
        return GK_EXIT_FAIL;
    }
    gk_error err = {{0}};
    long n = gk_store_check(s, print_problem, NULL, &err);
    gk_store_close(s);
    if (n < 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    if (n == 0) {
        printf(_("ok: no problems found\n"));
        return GK_EXIT_OK;
    }
    fprintf(
        stderr,
        ngettext("gyokaku: %ld problem found\n", "gyokaku: %ld problems found\n", (unsigned long)n),
        n);
    suggest_restore(cli);
    return GK_EXIT_FAIL;
}
