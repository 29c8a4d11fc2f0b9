/*
 * cli.h — the non-interactive commands (`gyokaku init|import|export|stats|
 * check|plan|report|user|submit|approve|return|lock|unlock|status|backup|
 * restore`), each a function taking the arguments after the command name.
 *
 * Every command prints its own --help, exits 0 on success, 1 on failure
 * (a message on stderr naming file, line and column where input is bad),
 * 2 on a usage error and 75 (EX_TEMPFAIL, sysexits.h) when the database was
 * busy beyond the busy timeout (error.h gk_error_last_busy; main.c): try
 * again later.
 *
 * Owner: src/cli/.
 */
#ifndef GYOKAKU_CLI_H
#define GYOKAKU_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/error.h"

#define GK_EXIT_OK 0
#define GK_EXIT_FAIL 1
#define GK_EXIT_USAGE 2
#define GK_EXIT_TEMPFAIL 75

/* Global options given before the command. */
typedef struct gk_cli {
    const char *db; /* --db FILE, NULL: default */
    bool init;      /* the command is `init`: creating a database is what was asked */
} gk_cli;

/* The database path: --db, else $GYOKAKU_DB, else the configuration's
 * database (sysconf.h), else $XDG_DATA_HOME/gyokaku/gyokaku.db
 * (~/.local/share/gyokaku/gyokaku.db). */
const char *gk_cli_db_path(const gk_cli *cli, char *buf, size_t n);

/* Whether path (from gk_cli_db_path, a buffer of n bytes) may be opened
 * with flags (store.h) under this host's rules (doc/shared-host.md): 1 when
 * it is the configuration's shared database (path then holds the
 * configuration's spelling of it), 0 when it may be opened otherwise, -1
 * with err when not: setgid, a file the real user could not write (or
 * create) themselves that is not the shared database; with a shared
 * database configured, a command other than `init` that would create
 * another database. */
int gk_cli_db_check(const gk_cli *cli, char *path, size_t n, int flags, gk_error *err);

/* --- one option parser for every command and the top level (src/cli/opts.c) --------
 * A command describes its options in a table and its operands by count; the
 * parser (getopt_long underneath: --name VALUE, --name=VALUE, -x VALUE and
 * unambiguous abbreviations of long names) adds --db FILE and --help, and
 * says every usage error in one line plus the hint "Try 'gyokaku CMD
 * --help'.", returning GK_EXIT_USAGE. */
typedef enum {
    GK_OPT_SET,    /* no value: *(bool *)to = true */
    GK_OPT_STR,    /* a value: *(const char **)to = it (the last one given wins) */
    GK_OPT_OPTSTR, /* an optional value, --name[=V]: *(const char **)to = V or NULL (seen) */
    GK_OPT_YEAR,   /* a fiscal year (2024, R6, 令和6年度 ...) into *(int *)to */
    GK_OPT_CALL,   /* call(cmd, value, to): -1 to go on, else the exit status it said */
} gk_opt_kind;

typedef struct gk_opt {
    const char *name; /* the long name, without "--"; NULL ends a table */
    char letter;      /* a short name (-o), or 0 */
    gk_opt_kind kind;
    void *to;
    int (*call)(const char *cmd, const char *value, void *to); /* GK_OPT_CALL */
    bool *seen; /* when not NULL: set true when the option is given */
} gk_opt;

/* The table's rows: GK_FLAG("raw", 0, &raw), GK_STR("output", 'o', &path), ... */
#define GK_FLAG(name, letter, to) {name, letter, GK_OPT_SET, to, NULL, NULL}
#define GK_STR(name, letter, to) {name, letter, GK_OPT_STR, to, NULL, NULL}
#define GK_YEAR(to) {"year", 0, GK_OPT_YEAR, to, NULL, NULL}
#define GK_CALL(name, fn, to) {name, 0, GK_OPT_CALL, to, fn, NULL}
#define GK_OPT_END {NULL, 0, GK_OPT_SET, NULL, NULL, NULL}

typedef struct gk_optspec {
    const char *cmd;    /* as in messages ("export", "plan grades"); NULL: the top level */
    const gk_opt *opts; /* ended by {NULL}; NULL: none of its own */
    gk_cli *cli;        /* --db FILE goes into cli->db; NULL: no --db */
    /* --help prints these (translated, NULL ends) on stdout and ends with
     * GK_EXIT_OK; help[0] NULL: no --help (the caller has its own) */
    const char *help[5];
    int min, max; /* how many operands; max < 0: any number */
    /* fewer than min: this message, a format of few_arg when that is not
     * NULL; more than max: "unexpected argument X" */
    const char *few, *few_arg;
    bool stop; /* the first operand ends the options (the top level: the command) */
} gk_optspec;

/* Parses argv[1..argc) by spec. Returns -1 with *first the index of the
 * first operand (argv[*first..argc), GNU order: options may follow
 * operands unless spec->stop), else the exit status: GK_EXIT_OK after
 * --help, GK_EXIT_USAGE (or what a call returned) after its one-line
 * message. */
int gk_cli_opts(const gk_optspec *spec, int argc, char **argv, int *first);

/* "gyokaku CMD: " fmt with arg, then the hint "Try 'gyokaku CMD --help'."
 * (cmd NULL: "gyokaku: ", "Try 'gyokaku --help'.") on stderr; returns
 * GK_EXIT_USAGE. */
int gk_cli_usage_error(const char *cmd, const char *fmt, const char *arg);

int gk_cmd_init(gk_cli *cli, int argc, char **argv);
int gk_cmd_import(gk_cli *cli, int argc, char **argv);
int gk_cmd_export(gk_cli *cli, int argc, char **argv);
int gk_cmd_stats(gk_cli *cli, int argc, char **argv);
int gk_cmd_check(gk_cli *cli, int argc, char **argv);
int gk_cmd_plan(gk_cli *cli, int argc, char **argv);
int gk_cmd_report(gk_cli *cli, int argc, char **argv);
/* users, the workflow and the board (src/cli/workflow.c; rules in roles.h, workflow.h) */
int gk_cmd_user(gk_cli *cli, int argc, char **argv);
int gk_cmd_submit(gk_cli *cli, int argc, char **argv);
int gk_cmd_approve(gk_cli *cli, int argc, char **argv);
int gk_cmd_return(gk_cli *cli, int argc, char **argv);
int gk_cmd_lock(gk_cli *cli, int argc, char **argv);
int gk_cmd_unlock(gk_cli *cli, int argc, char **argv);
int gk_cmd_status(gk_cli *cli, int argc, char **argv);
int gk_cmd_dept(gk_cli *cli, int argc, char **argv);       /* dept.c */
int gk_cmd_contribute(gk_cli *cli, int argc, char **argv); /* dept.c */
int gk_cmd_backup(gk_cli *cli, int argc, char **argv);
int gk_cmd_restore(gk_cli *cli, int argc, char **argv);
int gk_cmd_sheet(gk_cli *cli, int argc, char **argv);   /* sheet.c */
int gk_cmd_collect(gk_cli *cli, int argc, char **argv); /* sheet.c */
/* `gyokaku help COMMAND` (common.c) */
int gk_cmd_help(gk_cli *cli, int argc, char **argv);
/* `gyokaku __complete WORD...`: the candidates of shell completion, hidden
 * (complete.c); exit status 3 asks for file names */
int gk_cmd_complete(gk_cli *cli, int argc, char **argv);

/* Looks a command up by name; NULL when unknown. */
typedef int (*gk_cmd_fn)(gk_cli *cli, int argc, char **argv);
gk_cmd_fn gk_cli_find(const char *name);

/* Prints the list of commands (for gyokaku --help). */
void gk_cli_list_commands(void);

#endif
