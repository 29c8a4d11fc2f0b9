/*
 * admin.c — `gyokaku init`, `gyokaku stats`, `gyokaku check`.
 */
#include "cli_int.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"

/* Parses --db, --help, --format (output.c) and (when plan != NULL) --plan;
 * no operands. Returns -1 to go on, else the exit status. */
static int simple_args(const char *cmd, const char *help, gk_cli *cli, const char **plan,
                       gk_fmt *fmt, int argc, char **argv)
{
    gk_opt opts[] = {GK_CALL("format", gk_opt_format, fmt), GK_STR("plan", 0, plan), GK_OPT_END};
    if (!plan) opts[1] = (gk_opt)GK_OPT_END; /* check: no --plan */
    gk_optspec spec = {.cmd = cmd,
                       .opts = opts,
                       .cli = cli,
                       .max = 0,
                       .help = {help, _("  --format F       text (default), csv, tsv or json\n")}};
    int first;
    return gk_cli_opts(&spec, argc, argv, &first);
}

#ifndef GK_DEMODIR
#define GK_DEMODIR "/usr/local/share/gyokaku/demo"
#endif

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.csv of dir, sorted, into files[0..*n) (malloc'd); 0 when dir holds
 * at least one. */
static int demo_files(const char *dir, char ***files, size_t *n)
{
    DIR *d = opendir(dir);
    *files = NULL;
    *n = 0;
    if (!d) return -1;
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0 || e->d_name[0] == '.') continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(*files, cap * sizeof **files);
            if (!grown) break;
            *files = grown;
        }
        size_t need = strlen(dir) + len + 2;
        char *f = malloc(need);
        if (!f) break;
        snprintf(f, need, "%s/%s", dir, e->d_name);
        (*files)[(*n)++] = f;
    }
    closedir(d);
    if (*n == 0) return -1;
    qsort(*files, *n, sizeof **files, cmp_str);
    return 0;
}

/* The demo plans: the installed folder (GK_DEMODIR), else db/demo of the
 * source tree of a binary run from it (./gyokaku) or from its build folder
 * (build/gyokaku-san). */
static int find_demo(char ***files, size_t *n, char *dir, size_t dn)
{
    snprintf(dir, dn, "%s", GK_DEMODIR);
    if (demo_files(dir, files, n) == 0) return 0;
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(dir, dn, "%s/db/demo", exe);
        if (demo_files(dir, files, n) == 0) return 0;
        snprintf(dir, dn, "%s/../db/demo", exe);
        if (demo_files(dir, files, n) == 0) return 0;
    }
    snprintf(dir, dn, "%s", GK_DEMODIR);
    return -1;
}

static int init_demo(gk_cli *cli)
{
    char path[4096], dir[4200];
    gk_cli_db_path(cli, path, sizeof path);
    if (faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0) {
        fprintf(stderr,
                _("gyokaku init: --demo makes a new database, and %s exists; name another "
                  "with --db FILE\n"),
                gk_cli_text(path));
        return GK_EXIT_FAIL;
    }
    char **files;
    size_t n;
    if (find_demo(&files, &n, dir, sizeof dir) != 0) {
        fprintf(stderr, _("gyokaku init: no demo plans (*.csv) in %s\n"), gk_cli_text(dir));
        return GK_EXIT_FAIL;
    }
    char **args = calloc(n + 2, sizeof *args);
    int rc = GK_EXIT_FAIL;
    if (args) {
        args[0] = (char *)"import";
        for (size_t i = 0; i < n; i++)
            args[i + 1] = files[i];
        /* import creates the database and removes it again when a file fails */
        rc = gk_cmd_import(cli, (int)n + 1, args);
        free(args);
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    if (rc == GK_EXIT_OK)
        fprintf(stderr, _("created %s with the demo plans of %s\n"), gk_cli_text(path),
                gk_cli_text(dir));
    return rc;
}

int gk_cmd_init(gk_cli *cli, int argc, char **argv)
{
    bool demo = false;
    const gk_opt opts[] = {GK_FLAG("demo", 0, &demo), GK_OPT_END};
    gk_optspec spec = {
        .cmd = "init",
        .opts = opts,
        .cli = cli,
        .max = 0,
        .help = {_("Usage: gyokaku [--db FILE] init [--demo]\n"
                   "Creates an empty gyokaku database (folders as needed).\n"
                   "An existing gyokaku database is left as it is.\n"),
                 _("  --demo           create a new database holding the demo plans\n"
                   "                   (installed under share/gyokaku/demo)\n")}};
    int first, rc = gk_cli_opts(&spec, argc, argv, &first);
    if (rc >= 0) return rc;
    cli->init = true;
    if (demo) return init_demo(cli);
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
    gk_fmt fmt = GK_FMT_TEXT;
    int rc = simple_args("stats",
                         _("Usage: gyokaku [--db FILE] stats [--plan NAME] [--format F]\n"
                           "Prints one line per count, name<TAB>number: plans, goals, policies,\n"
                           "items, indicators, series, values, notes, departments, tags (the\n"
                           "names translated; --format csv|tsv|json keeps these English keys).\n"),
                         cli, &plan, &fmt, argc, argv);
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
    const char *names[] = {"plans",  "goals",  "policies", "items",       "indicators",
                           "series", "values", "notes",    "departments", "tags"};
    long counts[] = {st.plans,  st.goals,  st.policies, st.items,       st.indicators,
                     st.series, st.values, st.notes,    st.departments, st.tags};
    if (fmt == GK_FMT_TEXT) { /* the names in the interface's language; the keys of
                               * csv, tsv and json stay English for scripts */
        const char *shown[] = {C_("stats key", "plans"),       C_("stats key", "goals"),
                               C_("stats key", "policies"),    C_("stats key", "items"),
                               C_("stats key", "indicators"),  C_("stats key", "series"),
                               C_("stats key", "values"),      C_("stats key", "notes"),
                               C_("stats key", "departments"), C_("stats key", "tags")};
        for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
            printf("%s\t%ld\n", shown[i], counts[i]);
        return GK_EXIT_OK;
    }
    static const gk_tcol cols[] = {{"name", false}, {"count", true}};
    gk_table t;
    gk_table_begin(&t, fmt, stdout, cols, 2);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char num[32];
        snprintf(num, sizeof num, "%ld", counts[i]);
        gk_table_row(&t, (const char *[]){names[i], num});
    }
    return gk_table_end(&t) == 0 ? GK_EXIT_OK : GK_EXIT_FAIL;
}

/* One finding as a whole translated sentence; every text of the plan in
 * it through the sanitizer. ctx: the gk_table of --format csv|tsv|json,
 * NULL for text. */
static void print_problem(void *ctx, const gk_finding *f)
{
    char *t = gk_finding_text(f, gk_cli_text);
    if (ctx)
        gk_table_row(ctx, (const char *[]){t ? t : "?"});
    else
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
    if (gk_store_journal_stuck(path)) return; /* not damaged: the open said what to do */
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
    gk_fmt fmt = GK_FMT_TEXT;
    int rc = simple_args("check",
                         _("Usage: gyokaku [--db FILE] check [--format F]\n"
                           "Runs SQLite's integrity_check and foreign_key_check and the plan\n"
                           "model's own rules; prints each problem; exit 0 only when all pass.\n"),
                         cli, NULL, &fmt, argc, argv);
    if (rc >= 0) return rc;
    gk_store *s = gk_cli_open(cli, GK_OPEN_READONLY);
    if (!s) {
        suggest_restore(cli);
        return GK_EXIT_FAIL;
    }
    gk_error err = {{0}};
    static const gk_tcol cols[] = {{"problem", false}};
    gk_table t;
    if (fmt != GK_FMT_TEXT) gk_table_begin(&t, fmt, stdout, cols, 1);
    long n = gk_store_check(s, print_problem, fmt != GK_FMT_TEXT ? &t : NULL, &err);
    gk_store_close(s);
    if (fmt != GK_FMT_TEXT && n >= 0) gk_table_end(&t);
    if (n < 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    if (n == 0) {
        if (fmt == GK_FMT_TEXT) printf(_("ok: no problems found\n"));
        return GK_EXIT_OK;
    }
    fprintf(
        stderr,
        ngettext("gyokaku: %ld problem found\n", "gyokaku: %ld problems found\n", (unsigned long)n),
        n);
    suggest_restore(cli);
    return GK_EXIT_FAIL;
}
