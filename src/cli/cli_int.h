/* cli_int.h — private to src/cli/: helpers shared by the commands. */
#ifndef GYOKAKU_CLI_INT_H
#define GYOKAKU_CLI_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "gyokaku/cli.h"
#include "gyokaku/csv.h"
#include "gyokaku/store.h"

/* Opens the database of cli (flags as gk_store_open); prints the error. */
gk_store *gk_cli_open(const gk_cli *cli, int flags);

/* --year Y and --encoding utf-8|cp932 (for output) of cmd: -1 when arg
 * was read into *year / *enc, else the usage error said (GK_EXIT_USAGE). */
int gk_cli_year_option(const char *cmd, const char *arg, int *year);
int gk_cli_output_encoding(const char *cmd, const char *arg, gk_encoding *enc);

/* The fiscal year a command works on: *year when the user gave one (0:
 * none), refused when outside the plan's period (plan_id 0: the only
 * plan, or every plan's); else the year being reported (plan.h
 * gk_plan_report_year), said on stderr with where it came from. Returns 0,
 * or the exit status after the message. */
int gk_cli_resolve_year(gk_store *s, const char *cmd, int64_t plan_id, int *year);
int gk_cli_resolve_year_named(gk_store *s, const char *cmd, const char *plan, int *year);

/* The rule of the year being reported, as every --help that takes --year
 * states it (translated). */
const char *gk_cli_year_rule(void);

/* complete.c: while set, gk_cli_opts hands its spec to the probe (with
 * gk_cli_opts_probe_ctx) instead of parsing, and returns GK_EXIT_OK: the
 * command returns before doing anything, and shell completion offers the
 * very options each command's table declares. */
extern void (*gk_cli_opts_probe)(const gk_optspec *spec, void *ctx);
extern void *gk_cli_opts_probe_ctx;

/* GK_OPT_CALL adapters (cli.h gk_opt) for --format (to: gk_fmt *) and
 * --encoding of output (to: gk_encoding *). */
int gk_opt_format(const char *cmd, const char *value, void *to);
int gk_opt_encoding(const char *cmd, const char *value, void *to);

/* --- output.c: where export's and report's output goes ------------------------------ */

typedef enum { DEST_STDOUT, DEST_RENAME, DEST_IN_PLACE } gk_output_kind;

/* What -o FILE is (see output.c) and the temporary file written first. */
typedef struct gk_output {
    gk_output_kind kind;
    const char *path;        /* as the user gave it (messages); NULL: standard output */
    char target[PATH_MAX];   /* DEST_RENAME: path with symbolic links followed */
    char tmp[PATH_MAX + 16]; /* DEST_RENAME: the temporary file beside target */
    bool exists;             /* something is there (its mode and owner in st) */
    bool regular;            /* it is a regular file, or absent */
    struct stat st;
} gk_output;

/* s as the terminal may show it: every data string of a command's text
 * output goes through this (the TUI's sanitizing, text.h gk_sanitize:
 * escapes, other control characters and bidi controls as visible
 * placeholders, invalid bytes as U+FFFD), line breaks kept. The result lives
 * until 16 more calls (a ring), so several fit in one printf. NULL gives
 * "". */
const char *gk_cli_text(const char *s);

/* Judges what path is (NULL: standard output), before anything is written.
 * Returns 0, or -1 with err ("cannot write FILE: …"). */
int gk_output_resolve(gk_output *o, const char *path, gk_error *err);
/* The temporary file to write into (NULL with errno when it cannot be made). */
FILE *gk_output_open(gk_output *o);
/* rc 0: everything was written into out; it goes to its place. Closes out;
 * on any failure nothing reaches the place (except a copy into a device or
 * a file with several links that fails half way). Returns 0 or -1 with err. */
int gk_output_finish(gk_output *o, FILE *out, int rc, gk_error *err);

/* What a command writes into its output: 0, or -1 with err, or an exit
 * status above 0 when it has said the problem itself. */
typedef int (*gk_output_fn)(gk_store *s, FILE *out, void *ctx, gk_error *err);

/* export's and report's run: path (NULL: standard output) judged, the
 * database of cli opened read-only, fn(ctx) writing into the temporary file,
 * which reaches its place only when fn succeeded. Says every failure (and
 * "FILE was not written"); returns the exit status. */
int gk_output_run(gk_cli *cli, const char *path, gk_output_fn fn, void *ctx);

/* --- output.c: --format text|csv|tsv|json of the listing commands ------------------
 * (user list, backup --list, check, plan, stats, status). text is each
 * command's own table for people; the others are for programs, with
 * stable English column keys (the first row of csv and tsv, the member
 * names of json), data not translated:
 *   csv  RFC 4180: a header row, CRLF line ends, fields with , " or control
 *        characters quoted; UTF-8 without BOM;
 *   tsv  a header row, one line per row, tab, line breaks and backslash in a
 *        field written
   \ ;
 *   json an array of objects, one per row, columns marked number written
 *        as JSON numbers, a NULL cell as null. */
typedef enum { GK_FMT_TEXT, GK_FMT_CSV, GK_FMT_TSV, GK_FMT_JSON } gk_fmt;

/* --format F of cmd: -1 when read into *f, else the usage error said
 * (GK_EXIT_USAGE). */
int gk_cli_format_option(const char *cmd, const char *arg, gk_fmt *f);

#define GK_TABLE_MAX_COLS 16
typedef struct gk_tcol {
    const char *key; /* the column's name in csv, tsv and json */
    bool number;     /* json: a number (when the cell reads as one) */
} gk_tcol;
typedef struct gk_table {
    gk_fmt fmt;
    FILE *out;
    const gk_tcol *cols;
    size_t ncols; /* at most GK_TABLE_MAX_COLS */
    size_t rows;
} gk_table;
/* Starts a table on out (its header for csv and tsv, "[" for json);
 * nothing for text. */
void gk_table_begin(gk_table *t, gk_fmt fmt, FILE *out, const gk_tcol *cols, size_t ncols);
/* One row: cells[0..ncols) (NULL: empty, null in json). */
void gk_table_row(gk_table *t, const char *const *cells);
/* Ends it ("]" for json) and flushes: 0, or -1 when out could not be written. */
int gk_table_end(gk_table *t);

/* `gyokaku plan grades NAME ['SPEC' | --default]` (grades.c); argv[0] is
 * "grades". */
int gk_plan_grades_main(gk_cli *cli, int argc, char **argv);

/* --- workflow.c: shared with status.c ----------------------------------------------- */

/* Prints "gyokaku CMD: msg" (sanitized) on stderr; returns GK_EXIT_FAIL. */
int gk_cli_fail(const char *cmd, const char *msg);
/* Prints s fitted to width cells (left or right aligned) through the text
 * engine, so that Japanese names line up. */
void gk_cli_put_cell(const char *s, int width, bool right);
/* A department's name as printed: "(no department)" for the empty one. */
const char *gk_cli_dept_label(const char *d);

#endif
