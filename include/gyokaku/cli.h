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
