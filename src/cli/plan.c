/*
 * plan.c — `gyokaku plan [NAME]`, `gyokaku plan set NAME --period FROM-TO
 * --levels A/B/C`, `gyokaku plan rename OLD NEW` (store: plan.h).
 */
#include "cli_int.h"

#include <stdio.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/plancsv.h"

static const char plan_help[] =
    N_("Usage: gyokaku [--db FILE] plan [NAME]\n"
       "       gyokaku [--db FILE] plan set NAME [--period FROM-TO] [--levels A/B/C]\n"
       "       gyokaku [--db FILE] plan rename OLD NEW\n"
       "       gyokaku [--db FILE] plan grades NAME ['SPEC' | --default]\n"
       "Without a subcommand, prints each plan (or the one named): name, period,\n"
       "level names and counts, one name<TAB>value line each, a blank line between plans.\n"
       "  set       --period FROM-TO  the plan's fiscal years, as 計画期間 takes them\n"
       "                              (2024-2028, R6～R10, 令和6年度～令和10年度)\n"
       "            --levels A/B/C    the plan's three level names (基本方針/取組/施策)\n"
       "  rename    gives the plan a new name; it keeps its identifiers, so copies of\n"
       "            the database still merge\n"
       "  grades    prints or sets the plan's grade bands (評価), e.g.\n"
       "            '達成>=100,概ね達成>=80,未達成' (the default) or '◎>=100,○>=80,△'\n"
       "Every change is kept in the change history.\n");

static int print_plans(gk_store *s, const char *name)
{
    gk_plan_attrs *p;
    size_t n;
    gk_error err = {{0}};
    if (gk_plan_attrs_get(s, name, &p, &n, &err) != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    int rc = GK_EXIT_OK;
    for (size_t i = 0; i < n && rc == GK_EXIT_OK; i++) {
        gk_stats st;
        if (gk_store_stats(s, p[i].name, &st, &err) != 0) {
            fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
            rc = GK_EXIT_FAIL;
            break;
        }
        char period[32] = "";
        if (p[i].first_year)
            snprintf(period, sizeof period, "%d-%d", p[i].first_year, p[i].last_year);
        /* the keys in the user's language (English in the C locale) */
        printf("%s%s\t%s\n%s\t%s\n%s\t%s/%s/%s\n", i ? "\n" : "", C_("plan key", "name"),
               gk_cli_text(p[i].name), C_("plan key", "period"), period, C_("plan key", "levels"),
               gk_cli_text(p[i].label[0]), gk_cli_text(p[i].label[1]), gk_cli_text(p[i].label[2]));
        printf("%s\t%ld\n%s\t%ld\n%s\t%ld\n%s\t%ld\n%s\t%ld\n%s\t%ld\n%s\t%ld\n",
               C_("plan key", "goals"), st.goals, C_("plan key", "policies"), st.policies,
               C_("plan key", "items"), st.items, C_("plan key", "indicators"), st.indicators,
               C_("plan key", "values"), st.values, C_("plan key", "notes"), st.notes,
               C_("plan key", "departments"), st.departments);
    }
    gk_plan_attrs_free(p, n);
    return rc;
}

/* --format csv|tsv|json: one row per plan (output.c). */
static int plans_table(gk_store *s, const char *name, gk_fmt fmt)
{
    static const gk_tcol cols[] = {
        {"name", false},       {"first_year", true}, {"last_year", true}, {"level1", false},
        {"level2", false},     {"level3", false},    {"goals", true},     {"policies", true},
        {"items", true},       {"indicators", true}, {"values", true},    {"notes", true},
        {"departments", true},
    };
    gk_plan_attrs *p;
    size_t n;
    gk_error err = {{0}};
    if (gk_plan_attrs_get(s, name, &p, &n, &err) != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    gk_table t;
    gk_table_begin(&t, fmt, stdout, cols, sizeof cols / sizeof *cols);
    int rc = GK_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        gk_stats st;
        if (gk_store_stats(s, p[i].name, &st, &err) != 0) {
            fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
            rc = GK_EXIT_FAIL;
            break;
        }
        char num[9][24];
        long v[9] = {p[i].first_year, p[i].last_year, st.goals, st.policies,   st.items,
                     st.indicators,   st.values,      st.notes, st.departments};
        for (int k = 0; k < 9; k++)
            snprintf(num[k], sizeof num[k], "%ld", v[k]);
        bool period = p[i].first_year != 0;
        gk_table_row(&t, (const char *[]){p[i].name, period ? num[0] : NULL, period ? num[1] : NULL,
                                          p[i].label[0], p[i].label[1], p[i].label[2], num[2],
                                          num[3], num[4], num[5], num[6], num[7], num[8]});
    }
    gk_plan_attrs_free(p, n);
    if (gk_table_end(&t) != 0) rc = GK_EXIT_FAIL;
    return rc;
}

/* `plan grades …` has options of its own: handed over before getopt sees them. */
static int grades_at(gk_cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli->db = argv[++i];
            continue;
        }
        if (strncmp(argv[i], "--db=", 5) == 0) {
            cli->db = argv[i] + 5;
            continue;
        }
        return strcmp(argv[i], "grades") == 0 ? i : 0;
    }
    return 0;
}

/* Checks the operands of `plan set` (nargs of them, "set" the first) and
 * parses --period into *first and *last and --levels into names. Returns
 * 0, or the exit status of the usage error it reports. */
static int parse_set(int nargs, const char *period, const char *levels, int *first, int *last,
                     char names[3][GK_LEVEL_NAME_MAX], gk_error *err)
{
    if (nargs != 2)
        return gk_cli_usage_error("plan", _("%s needs exactly one plan name"), "plan set");
    if (!period && !levels)
        return gk_cli_usage_error("plan", _("%s needs --period or --levels"), "plan set");
    if (period && gk_fy_period_parse(period, first, last, err) != 0)
        return gk_cli_usage_error("plan", "--period: %s", err->msg);
    if (levels && gk_plan_levels_parse(levels, names, err) != 0)
        return gk_cli_usage_error("plan", "--levels: %s", err->msg);
    return 0;
}

int gk_cmd_plan(gk_cli *cli, int argc, char **argv)
{
    int g = grades_at(cli, argc, argv);
    if (g > 0) return gk_plan_grades_main(cli, argc - g, argv + g);
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},     {"period", required_argument, NULL, 'p'},
        {"levels", required_argument, NULL, 'l'}, {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *period = NULL, *levels = NULL;
    gk_fmt fmt = GK_FMT_TEXT;
    bool fmt_given = false;
    optind = 0; /* 0: full reset of GNU getopt (commands run more than once in tests) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'D':
            cli->db = optarg;
            break;
        case 'p':
            period = optarg;
            break;
        case 'l':
            levels = optarg;
            break;
        case 'f': {
            int r = gk_cli_format_option("plan", optarg, &fmt);
            if (r != -1) return r;
            fmt_given = true;
            break;
        }
        case 'h':
            fputs(_(plan_help), stdout);
            fputs(_("  --format F       without a subcommand: text (default), csv, tsv or json\n"),
                  stdout);
            return GK_EXIT_OK;
        default:
            return gk_cli_getopt_error("plan", c, argv);
        }
    }
    /* operands after the options (GNU getopt moves them to the end) */
    char **arg = argv + optind;
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? arg[0] : NULL;
    bool is_set = sub && strcmp(sub, "set") == 0, is_rename = sub && strcmp(sub, "rename") == 0;
    if ((period || levels) && !is_set)
        return gk_cli_usage_error("plan", _("%s belongs to 'plan set NAME'"),
                                  period ? "--period" : "--levels");
    if (fmt_given && (is_set || is_rename))
        return gk_cli_usage_error("plan", "%s", _("--format is for plan [NAME] alone"));
    gk_error err = {{0}};
    int first = 0, last = 0;
    char names[3][GK_LEVEL_NAME_MAX];
    const char *labels[3] = {names[0], names[1], names[2]};
    if (is_set) {
        int u = parse_set(nargs, period, levels, &first, &last, names, &err);
        if (u != 0) return u;
    } else if (is_rename) {
        if (nargs != 3)
            return gk_cli_usage_error("plan", _("%s needs the old and the new name"),
                                      "plan rename");
    } else if (nargs > 1) {
        return gk_cli_usage_error("plan", _("unexpected argument %s"), arg[1]);
    }

    gk_store *s = gk_cli_open(cli, is_set || is_rename ? 0 : GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    int rc;
    if (is_set)
        rc = gk_plan_set(s, arg[1], first, last, levels ? labels : NULL, &err);
    else if (is_rename)
        rc = gk_plan_rename(s, arg[1], arg[2], &err);
    else {
        rc = fmt == GK_FMT_TEXT ? print_plans(s, sub) : plans_table(s, sub, fmt);
        gk_store_close(s);
        return rc;
    }
    gk_store_close(s);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    return GK_EXIT_OK;
}
