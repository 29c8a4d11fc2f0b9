/*
 * common.c — what every command shares: the database path, the command
 * table, opening the store with a message.
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/sysconf.h"

const char *gk_cli_db_path(const gk_cli *cli, char *buf, size_t n)
{
    const char *env = getenv("GYOKAKU_DB");
    const gk_sysconf *conf = gk_sysconf_get(NULL); /* main() refused a bad one */
    if (cli->db && *cli->db)
        snprintf(buf, n, "%s", cli->db);
    else if (env && *env)
        snprintf(buf, n, "%s", env);
    else if (conf && conf->database[0])
        snprintf(buf, n, "%s", conf->database);
    else if (getenv("XDG_DATA_HOME") && *getenv("XDG_DATA_HOME"))
        snprintf(buf, n, "%s/gyokaku/gyokaku.db", getenv("XDG_DATA_HOME"));
    else
        snprintf(buf, n, "%s/.local/share/gyokaku/gyokaku.db",
                 getenv("HOME") ? getenv("HOME") : ".");
    return buf;
}

/* The same file: both exist and are one inode, or neither and the same path. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    return !ea && !eb && strcmp(a, b) == 0;
}

/* Whether the real user (not the setgid group) may write path, or create
 * it when it does not exist: access() judges with the real ids. */
static bool real_user_may_write(const char *path)
{
    if (access(path, F_OK) == 0) return access(path, W_OK) == 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) return access(".", W_OK | X_OK) == 0;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    /* a folder still to be made: its nearest existing ancestor decides */
    while (access(dir, F_OK) != 0 && (slash = strrchr(dir, '/')) != NULL) {
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    return access(dir, W_OK | X_OK) == 0;
}

int gk_cli_db_check(const gk_cli *cli, char *path, size_t n, int flags, gk_error *err)
{
    const gk_sysconf *conf = gk_sysconf_get(err);
    if (!conf) return -1;
    bool configured = conf->database[0] != '\0';
    bool shared = configured && same_file(path, conf->database);
    bool missing = faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) != 0; /* as we see it */
    if (configured && missing && (flags & GK_OPEN_CREATE) && !cli->init) {
        if (shared)
            gk_error_set(err,
                         _("this host's shared database %s (%s) does not exist yet; the plan "
                           "office creates it with `gyokaku init`"),
                         conf->database, conf->file);
        else
            gk_error_set(err,
                         _("no database at %s, and this command would create a private one; "
                           "this host's shared database is %s (%s): leave out --db and "
                           "GYOKAKU_DB to use it, or create a private one on purpose with "
                           "`gyokaku --db %s init`"),
                         path, conf->database, conf->file, path);
        return -1;
    }
    if (gk_privileged() && !shared && !real_user_may_write(path)) {
        if (configured)
            gk_error_set(err,
                         _("%s: this installation of gyokaku opens only this host's shared "
                           "database %s and databases that you could write yourself"),
                         path, conf->database);
        else
            gk_error_set(err,
                         _("%s: this installation of gyokaku opens only databases that you "
                           "could write yourself"),
                         path);
        return -1;
    }
    /* the caller's own database: with the caller's own rights alone (its
     * files, -wal and backups then get the caller's group, not ours) */
    if (!shared) gk_priv_give_up();
    /* the shared one by the configuration's path, not the caller's: a link
     * of theirs could be pointed elsewhere in the data folder before the open */
    if (shared) snprintf(path, n, "%s", conf->database);
    return shared ? 1 : 0;
}

gk_store *gk_cli_open(const gk_cli *cli, int flags)
{
    char path[4096];
    gk_error err = {{0}};
    gk_cli_db_path(cli, path, sizeof path);
    int shared = gk_cli_db_check(cli, path, sizeof path, flags, &err);
    gk_store *s =
        shared < 0 ? NULL : gk_store_open(path, flags | (shared ? GK_OPEN_SHARED : 0), &err);
    if (!s) fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
    return s;
}

int gk_cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, cmd ? "gyokaku %s: " : "gyokaku: ", cmd);
    fprintf(stderr, fmt, gk_cli_text(arg));
    if (cmd)
        fprintf(stderr, _("\nTry 'gyokaku %s --help'.\n"), cmd);
    else
        fprintf(stderr, "\n%s\n", _("Try 'gyokaku --help'."));
    return GK_EXIT_USAGE;
}

int gk_cli_year_option(const char *cmd, const char *arg, int *year)
{
    gk_error err;
    if (gk_fy_parse(arg, year, &err) == 0) return -1;
    char msg[GK_ERROR_MAX + 64];
    snprintf(msg, sizeof msg, "--year %s: %s", arg, err.msg);
    return gk_cli_usage_error(cmd, "%s", msg);
}

int gk_cli_output_encoding(const char *cmd, const char *arg, gk_encoding *enc)
{
    gk_error err;
    if (gk_encoding_parse(arg, enc, &err) == 0 && *enc != GK_ENC_AUTO) return -1;
    return gk_cli_usage_error(cmd, _("--encoding must be utf-8 or cp932, not %s"), arg);
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
    {"dept", gk_cmd_dept, N_("list, rename and assign departments")},
    {"contribute", gk_cmd_contribute, N_("write a related department's part of a shared item")},
    {"backup", gk_cmd_backup, N_("copy the database while others work; list the backups")},
    {"restore", gk_cmd_restore, N_("put the database back to a backup")},
    {"sheet", gk_cmd_sheet, N_("write the 調査票 of departments as Excel workbooks")},
    {"collect", gk_cmd_collect, N_("take filled 調査票 workbooks back, reviewing conflicts")},
    {"help", gk_cmd_help, N_("show the help of gyokaku or of one command")},
};

/* `gyokaku help COMMAND`: the command's --help (main.c answers `gyokaku
 * help` alone with the program's). */
int gk_cmd_help(gk_cli *cli, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        if (argc > 2) return gk_cli_usage_error("help", _("unexpected argument %s"), argv[2]);
        fputs(_("Usage: gyokaku help [COMMAND]\n"
                "Shows what gyokaku --help shows, or what gyokaku COMMAND --help shows.\n"),
              stdout);
        return GK_EXIT_OK;
    }
    gk_cmd_fn fn = gk_cli_find(argv[1]);
    if (!fn || strcmp(argv[1], "__complete") == 0)
        return gk_cli_usage_error("help", _("unknown command %s"), argv[1]);
    char *args[] = {argv[1], (char *)"--help", NULL};
    return fn(cli, 2, args);
}

gk_cmd_fn gk_cli_find(const char *name)
{
    if (strcmp(name, "__complete") == 0) return gk_cmd_complete; /* hidden: not listed */
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0) return commands[i].fn;
    return NULL;
}

void gk_cli_list_commands(void)
{
    int w = 0; /* the longest name: the summaries in one column */
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if ((int)strlen(commands[i].name) > w) w = (int)strlen(commands[i].name);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %-*s %s\n", w, commands[i].name, _(commands[i].summary));
}

int gk_cli_resolve_year(gk_store *s, const char *cmd, int64_t plan_id, int *year)
{
    gk_error err = {{0}};
    if (*year) {
        if (gk_plan_year_check_id(s, plan_id, *year, &err) == 0) return 0;
        fprintf(stderr, "gyokaku %s: %s\n", cmd, gk_cli_text(err.msg));
        return GK_EXIT_USAGE;
    }
    bool set = false;
    if (gk_plan_report_year(s, plan_id, year, &set, &err) != 0) {
        fprintf(stderr, "gyokaku %s: %s\n", cmd, gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    char fy[32];
    gk_fy_short(*year, fy, sizeof fy);
    fprintf(stderr,
            set ? _("gyokaku %s: %s, the year being reported (set with plan set --year)\n")
                : _("gyokaku %s: %s, the year being reported (the fiscal year before today's, "
                    "within the plan's period)\n"),
            cmd, fy);
    return 0;
}

int gk_cli_resolve_year_named(gk_store *s, const char *cmd, const char *plan, int *year)
{
    gk_error err = {{0}};
    int64_t id = gk_plan_id(s, plan, &err);
    if (id < 0) {
        fprintf(stderr, "gyokaku %s: %s\n", cmd, gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    return gk_cli_resolve_year(s, cmd, id, year);
}

const char *gk_cli_year_rule(void)
{
    return _("Without --year: the year being reported, set per plan with `gyokaku plan set\n"
             "NAME --year Y`, else the fiscal year before today's, within the plan's period;\n"
             "the command says which year it used. A --year outside the plan's period is\n"
             "refused.\n");
}
