/*
 * main.c — gyokaku's entry point: global options, then a command
 * (cli.h) or, with none, the full-screen interface (ui.h).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/cli.h"
#include "gyokaku/i18n.h"
#include "gyokaku/store.h"
#include "gyokaku/sysconf.h"
#include "gyokaku/text.h"
#include "gyokaku/ui.h"
#include "gyokaku/version.h"

static void usage(void)
{
    fputs(_("Usage: gyokaku [--db FILE] [--ambiguous-width=narrow|wide] [COMMAND [ARGS]]\n"
            "       gyokaku [--db FILE] [--plan NAME] [--year Y] [--dept NAME] [--ascii]\n"
            "               [--no-mouse]\n"
            "Progress management of administrative-reform plans.\n"
            "Without a command, opens the full-screen interface, on the plan, fiscal\n"
            "year (2024, R6, 令和6年度 ...) and 所管課 filter given; --ascii draws\n"
            "its bars and charts with # instead of block characters; --no-mouse\n"
            "leaves the mouse to the terminal (to select and copy text).\n\n"
            "Commands (each has --help):\n"),
          stdout);
    gk_cli_list_commands();
    fputs(_("\nThe database is --db FILE, else $GYOKAKU_DB, else\n"
            "the database of the system-wide configuration (gyokaku.conf), else\n"
            "$XDG_DATA_HOME/gyokaku/gyokaku.db (~/.local/share/gyokaku/gyokaku.db).\n"),
          stdout);
}

static int set_ambiguous(const char *v)
{
    if (strcmp(v, "wide") == 0)
        gk_text_set_ambiguous_wide(true);
    else if (strcmp(v, "narrow") == 0)
        gk_text_set_ambiguous_wide(false);
    else
        return -1;
    return 0;
}

/* --ambiguous-width narrow|wide */
static int ambiguous_option(const char *cmd, const char *value, void *to)
{
    if (set_ambiguous(value) == 0) return -1;
    return gk_cli_usage_error(cmd, _("--ambiguous-width must be narrow or wide, not %s"), value);
}

/* setlocale(LC_ALL, "") failed: the locale named by the environment is
 * not installed (or not generated). */
static bool locale_missing;

/* The locale the environment asks for (LC_ALL, else LC_CTYPE, else LANG). */
static const char *wanted_locale(void)
{
    const char *v[] = {getenv("LC_ALL"), getenv("LC_CTYPE"), getenv("LANG")};
    for (size_t i = 0; i < 3; i++)
        if (v[i] && *v[i]) return v[i];
    return "C";
}

static int run_ui(gk_cli *cli, const gk_ui_options *o)
{
    if (locale_missing) {
        const char *want = wanted_locale();
        fprintf(stderr,
                _("gyokaku: the locale %s is not installed on this system. Generate it (as "
                  "root: localedef -i %.*s -f UTF-8 %s, or dpkg-reconfigure locales on Debian "
                  "and Ubuntu), or use one that is (locale -a lists them, e.g. C.UTF-8)\n"),
                want, (int)strcspn(want, "."), want, want);
        return GK_EXIT_USAGE;
    }
    if (!gk_ui_locale_ok()) {
        fprintf(stderr, _("gyokaku: the full-screen interface needs a UTF-8 locale "
                          "(e.g. LANG=ja_JP.UTF-8 or C.UTF-8)\n"));
        return GK_EXIT_FAIL;
    }
    char path[4096];
    gk_error err = {{0}};
    gk_cli_db_path(cli, path, sizeof path);
    int shared = gk_cli_db_check(cli, path, sizeof path, 0, &err);
    gk_store *s = shared < 0 ? NULL : gk_store_open(path, shared ? GK_OPEN_SHARED : 0, &err);
    if (!s) {
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        return gk_error_last_busy() ? GK_EXIT_TEMPFAIL : GK_EXIT_FAIL;
    }
    int rc = gk_ui_main(s, o);
    gk_store_close(s);
    return rc;
}

/* The system-wide configuration (sysconf.h): a bad one stops every command
 * (its backup_keep is the default retention of backup.c). */
static int read_sysconf(void)
{
    gk_error err = {{0}};
    if (!gk_sysconf_get(&err)) {
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    gk_priv_sanitize_env(); /* setgid: before anything reads the environment */
    locale_missing = setlocale(LC_ALL, "") == NULL;
    gk_i18n_init();
    if (read_sysconf() != 0) return GK_EXIT_FAIL;
    gk_cli cli = {0};
    gk_ui_options ui = {0};
    const char *amb = getenv("GYOKAKU_AMBIGUOUS_WIDTH");
    if (amb && *amb && set_ambiguous(amb) != 0)
        fprintf(stderr, _("gyokaku: ignoring GYOKAKU_AMBIGUOUS_WIDTH=%s (narrow or wide)\n"), amb);

    bool help = false, version = false, year_given = false;
    const gk_opt opts[] = {GK_STR("db", 0, &cli.db),
                           GK_STR("plan", 0, &ui.plan),
                           {"year", 0, GK_OPT_YEAR, &ui.year, NULL, &year_given},
                           GK_STR("dept", 0, &ui.dept),
                           GK_FLAG("ascii", 0, &ui.ascii),
                           GK_FLAG("no-mouse", 0, &ui.no_mouse),
                           GK_CALL("ambiguous-width", ambiguous_option, NULL),
                           GK_FLAG("help", 'h', &help),
                           GK_FLAG("version", 0, &version),
                           GK_OPT_END};
    /* the first word that is not an option is the command: its options are its own */
    gk_optspec spec = {.opts = opts, .max = -1, .stop = true};
    int i, done = gk_cli_opts(&spec, argc, argv, &i);
    if (done >= 0) return done;
    if (help) {
        usage();
        return GK_EXIT_OK;
    }
    if (version) {
        printf("gyokaku %s\n", GK_VERSION);
        printf("Copyright (c) 2026 gyokaku contributors\n");
        /* TRANSLATORS: keep "MIT", the licence's name */
        printf(_("License: MIT (SPDX-License-Identifier: MIT); see the file LICENSE.\n"
                 "This is free software: you may change and share it. There is NO\n"
                 "WARRANTY, to the extent permitted by law.\n"));
        return GK_EXIT_OK;
    }
    if (i == argc) return run_ui(&cli, &ui);
    if (ui.plan || ui.dept || year_given || ui.ascii || ui.no_mouse) {
        fprintf(stderr, _("gyokaku: --plan, --year, --dept and --ascii before a command are for "
                          "the full-screen interface; give the command its own options\n"));
        return GK_EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0 && i + 1 == argc) { /* help COMMAND: common.c */
        usage();
        return GK_EXIT_OK;
    }
    gk_cmd_fn cmd = gk_cli_find(argv[i]);
    if (!cmd) {
        fprintf(stderr, _("gyokaku: unknown command %s\n"), argv[i]);
        fprintf(stderr, "%s\n", _("Try 'gyokaku --help'."));
        return GK_EXIT_USAGE;
    }
    int rc = cmd(&cli, argc - i, argv + i);
    /* a failure because another process held the database: worth a retry */
    if (rc == GK_EXIT_FAIL && gk_error_last_busy()) rc = GK_EXIT_TEMPFAIL;
    return rc;
}
