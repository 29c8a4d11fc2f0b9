/* cli_int.h — private to src/cli/: helpers shared by the commands. */
#ifndef GYOKAKU_CLI_INT_H
#define GYOKAKU_CLI_INT_H

#include <getopt.h>

#include "gyokaku/cli.h"
#include "gyokaku/store.h"

/* Opens the database of cli (flags as gk_store_open); prints the error. */
gk_store *gk_cli_open(const gk_cli *cli, int flags);

/* Prints "gyokaku CMD: <fmt with arg>" and a hint; returns GK_EXIT_USAGE. */
int gk_cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* For getopt_long's '?' / ':' results. */
int gk_cli_getopt_error(const char *cmd, int opt, char **argv);

/* `gyokaku plan grades NAME ['SPEC' | --default]` (grades.c); argv[0] is
 * "grades". */
int gk_plan_grades_main(gk_cli *cli, int argc, char **argv);

#endif
