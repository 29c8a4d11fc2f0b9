/*
 * common.c — what every command shares: the database path, the command
 * table, opening the store with a message.
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"

const char *gk_cli_db_path(const gk_cli *cli, char *buf, size_t n)
{
    const char *env = getenv("GYOKAKU_DB");
    if (cli->db && *cli->db)
        snprintf(buf, n, "%s", cli->db);
    else if (env && *env)
        snprintf(buf, n, "%s", env);
    else if (getenv("XDG_DATA_HOME") && *getenv("XDG_DATA_HOME"))
        snprintf(buf, n, "%s/gyokaku/gyokaku.db", getenv("XDG_DATA_HOME"));
    else
        snprintf(buf, n, "%s/.local/share/gyokaku/gyokaku.db",
                 getenv("HOME") ? getenv("HOME") : ".");
    return buf;
}

gk_store *gk_cli_open(const gk_cli *cli, int flags)
{
    char path[4096];
    gk_error err = {{0}};
    gk_store *s = gk_store_open(gk_cli_db_path(cli, path, sizeof path), flags, &err);
    if (!s) fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
    return s;
}

int gk_cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "gyokaku %s: ", cmd);
    fprintf(stderr, fmt, gk_cli_text(arg));
    fprintf(stderr, _("\nTry 'gyokaku %s --help'.\n"), cmd);
    return GK_EXIT_USAGE;
}

int gk_cli_year_option(const char *cmd, const char *arg, int *year)
{
    gk_error err;
    if (gk_fy_parse(arg, year, &err) == 0) return -1;
    return gk_cli_usage_error(cmd, "--year: %s", err.msg);
}

int gk_cli_output_encoding(const char *cmd, const char *arg, gk_encoding *enc)
{
    gk_error err;
    if (gk_encoding_parse(arg, enc, &err) == 0 && *enc != GK_ENC_AUTO) return -1;
    return gk_cli_usage_error(cmd, _("--encoding must be utf-8 or cp932, not %s"), arg);
}

int gk_cli_getopt_error(const char *cmd, int opt, char **argv)
{
    if (opt == ':') return gk_cli_usage_error(cmd, _("option %s needs a value"), argv[optind - 1]);
    return gk_cli_usage_error(cmd, _("unknown option %s"), argv[optind - 1]);
}

static const struct {
    const char *name;
    gk_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"init", gk_cmd_init, N_("create an empty database")},
    {"import", gk_cmd_import, N_("import plan CSV files (UTF-8 or CP932)")},
    {"export", gk_cmd_export, N_("export plans as plan CSV")},
    {"stats", gk_cmd_stats, N_("print counts of plans, nodes, values and notes")},
    {"check", gk_cmd_check, N_("check the database file and the plan model")},
    {"plan", gk_cmd_plan, N_("show a plan's period, level names and counts; set or rename")},
    {"report", gk_cmd_report, N_("write the published report of a plan's fiscal year")},
    {"user", gk_cmd_user, N_("add, list or remove users and their roles")},
    {"submit", gk_cmd_submit, N_("submit items or indicators for a fiscal year")},
    {"return", gk_cmd_return, N_("return submitted items to the clerk with a comment")},
    {"approve", gk_cmd_approve, N_("approve submitted items or indicators")},
    {"lock", gk_cmd_lock, N_("lock a published fiscal year")},
    {"unlock", gk_cmd_unlock, N_("unlock a fiscal year")},
    {"status", gk_cmd_status, N_("the submission board per department")},
    {"backup", gk_cmd_backup, N_("copy the database while others work; list the backups")},
    {"restore", gk_cmd_restore, N_("put the database back to a backup")},
    {"sheet", gk_cmd_sheet, N_("write the 調査票 of departments as Excel workbooks")},
    {"collect", gk_cmd_collect, N_("take filled 調査票 workbooks back, reviewing conflicts")},
};

gk_cmd_fn gk_cli_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0) return commands[i].fn;
    return NULL;
}

void gk_cli_list_commands(void)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %-8s %s\n", commands[i].name, _(commands[i].summary));
}
