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
#include "gyokaku/reportdata.h"

static const char plan_help[] =
    N_("Usage: gyokaku [--db FILE] plan [NAME]\n"
       "       gyokaku [--db FILE] plan set NAME [--period FROM-TO] [--levels A/B/C]\n"
       "                                         [--report LIST]\n"
       "                                   [--year Y|--year rule] [--deadline YYYY-MM-DD|none]\n"
       "                                   [--entry items|indicators]\n"
       "       gyokaku [--db FILE] plan rename OLD NEW\n"
       "       gyokaku [--db FILE] plan grades NAME ['SPEC' | --default]\n"
       "Without a subcommand, prints each plan (or the one named): name, period,\n"
       "level names and counts, one name<TAB>value line each, a blank line between plans.\n"
       "  set       --period FROM-TO  the plan's fiscal years, as 計画期間 takes them\n"
       "                              (2024-2028, R6～R10, 令和6年度～令和10年度)\n"
       "            --levels A/B/C    the plan's three level names (基本方針/取組/施策)\n"
       "            --report LIST     what `report` adds to the plain published layout:\n"
       "                              +NAME adds, -NAME removes, none clears; NAME one of\n"
       "                              expected, grades, boxes, summary, charts, all\n"
       "                              (e.g. +charts,-expected); prints the result\n"
       "            --year Y          the year being reported (報告対象年度), which every\n"
       "                              command uses without --year; `rule` goes back to\n"
       "                              the fiscal year before today's, within the period\n"
       "            --deadline DATE   the submission deadline (提出期限) of that year,\n"
       "                              shown by status and on the clerk's screen; none\n"
       "                              removes it\n"
       "            --entry WHERE     where the plan keeps 取組状況 and departments:\n"
       "                              items, or indicators (an item with indicators is\n"
       "                              then complete when they are, and its departments\n"
       "                              are theirs); an import infers it for a new plan\n"
       "  rename    gives the plan a new name; it keeps its identifiers, so copies of\n"
       "            the database still merge\n"
       "  grades    prints or sets the plan's grade bands (評価), e.g.\n"
       "            '達成>=100,概ね達成>=80,未達成' (the default) or '◎>=100,○>=80,△'\n"
       "Every change is kept in the change history.\n");

/* The plans listed (name, or every plan when NULL): 0, or -1 after the message. */
static int plans_get(gk_store *s, const char *name, gk_plan_attrs **p, size_t *n, gk_error *err)
{
    if (gk_plan_attrs_get(s, name, p, n, err) == 0) return 0;
    fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err->msg));
    return -1;
}

static int print_plans(gk_store *s, const char *name)
{
    gk_plan_attrs *p;
    size_t n;
    gk_error err = {{0}};
    if (plans_get(s, name, &p, &n, &err) != 0) return GK_EXIT_FAIL;
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
        int ry = 0;
        bool set = false;
        int64_t pid = gk_plan_id(s, p[i].name, &err);
        if (pid > 0 && gk_plan_report_year(s, pid, &ry, &set, &err) == 0)
            printf("%s\t%d%s\n%s\t%s\n", C_("plan key", "report_year"), ry,
                   set ? "" : C_("plan key", " (rule)"), C_("plan key", "deadline"),
                   gk_cli_text(p[i].deadline));
        if (pid > 0)
            printf("%s\t%s\n", C_("plan key", "entry"),
                   /* the words plan set --entry takes, in the user's language */
                   gk_plan_entry(s, pid) == GK_ENTRY_INDICATORS ? C_("plan entry", "indicators")
                                                                : C_("plan entry", "items"));
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
    if (plans_get(s, name, &p, &n, &err) != 0) return GK_EXIT_FAIL;
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
static int parse_set(int nargs, const char *period, const char *levels, const char *report,
                     bool cycle, int *first, int *last, char names[3][GK_LEVEL_NAME_MAX],
                     gk_error *err)
{
    if (nargs != 2)
        return gk_cli_usage_error("plan", _("%s needs exactly one plan name"), "plan set");
    if (!period && !levels && !report && !cycle)
        return gk_cli_usage_error(
            "plan", _("%s needs --period, --levels, --report, --year, --deadline or --entry"),
            "plan set");
    unsigned probe = 0;
    if (report && gk_rep_additions_apply(report, &probe, err) != 0)
        return gk_cli_usage_error("plan", "--report: %s", err->msg);
    if (period && gk_fy_period_parse(period, first, last, err) != 0)
        return gk_cli_usage_error("plan", "--period: %s", err->msg);
    if (levels && gk_plan_levels_parse(levels, names, err) != 0)
        return gk_cli_usage_error("plan", "--levels: %s", err->msg);
    return 0;
}

/* --year Y|rule of plan set: the year being reported, or -1 to follow the rule */
static int report_year(const char *cmd, const char *value, void *to)
{
    if (strcmp(value, "rule") != 0) return gk_cli_year_option(cmd, value, to);
    *(int *)to = -1;
    return -1;
}

/* --entry items|indicators of plan set */
static int entry_option(const char *cmd, const char *value, void *to)
{
    if ((*(int *)to = gk_layout_from_name(value)) >= 0) return -1;
    return gk_cli_usage_error(cmd, _("--entry takes items or indicators, not %s"), value);
}

int gk_cmd_plan(gk_cli *cli, int argc, char **argv)
{
    int g = grades_at(cli, argc, argv);
    if (g > 0) return gk_plan_grades_main(cli, argc - g, argv + g);
    const char *period = NULL, *levels = NULL, *report = NULL, *deadline = NULL;
    int ryear = 0, entry = -1;
    gk_fmt fmt = GK_FMT_TEXT;
    bool fmt_given = false;
    const gk_opt opts[] = {GK_STR("period", 0, &period),
                           GK_STR("levels", 0, &levels),
                           {"format", 0, GK_OPT_CALL, &fmt, gk_opt_format, &fmt_given},
                           GK_STR("report", 0, &report),
                           GK_CALL("year", report_year, &ryear),
                           GK_STR("deadline", 0, &deadline),
                           GK_CALL("entry", entry_option, &entry),
                           GK_OPT_END};
    gk_optspec spec = {.cmd = "plan",
                       .opts = opts,
                       .cli = cli,
                       .max = -1,
                       .help = {_(plan_help), _("  --format F       without a subcommand: text "
                                                "(default), csv, tsv or json\n")}};
    int op, done = gk_cli_opts(&spec, argc, argv, &op);
    if (done >= 0) return done;
    if (deadline && strcmp(deadline, "none") == 0) deadline = "";
    /* operands after the options (GNU getopt moves them to the end) */
    char **arg = argv + op;
    int nargs = argc - op;
    const char *sub = nargs > 0 ? arg[0] : NULL;
    bool is_set = sub && strcmp(sub, "set") == 0, is_rename = sub && strcmp(sub, "rename") == 0;
    if ((period || levels || report || ryear || deadline || entry >= 0) && !is_set)
        return gk_cli_usage_error("plan", _("%s belongs to 'plan set NAME'"),
                                  period     ? "--period"
                                  : levels   ? "--levels"
                                  : report   ? "--report"
                                  : ryear    ? "--year"
                                  : deadline ? "--deadline"
                                             : "--entry");
    if (fmt_given && (is_set || is_rename))
        return gk_cli_usage_error("plan", "%s", _("--format is for plan [NAME] alone"));
    gk_error err = {{0}};
    int first = 0, last = 0;
    char names[3][GK_LEVEL_NAME_MAX];
    const char *labels[3] = {names[0], names[1], names[2]};
    if (is_set) {
        int u = parse_set(nargs, period, levels, report, ryear || deadline || entry >= 0, &first,
                          &last, names, &err);
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
    if (is_set) {
        rc = period || levels ? gk_plan_set(s, arg[1], first, last, levels ? labels : NULL, &err)
                              : 0;
        unsigned adds;
        char list[128];
        if (rc == 0 && report && (rc = gk_plan_additions_set(s, arg[1], report, &adds, &err)) == 0)
            printf("report\t%s\n", gk_rep_additions_format(adds, list, sizeof list));
        if (rc == 0 && (ryear || deadline))
            rc = gk_plan_set_cycle(s, arg[1], ryear, deadline, &err);
        if (rc == 0 && entry >= 0) {
            rc = gk_plan_set_entry(s, arg[1], (gk_layout)entry, &err);
            if (rc == 0) printf("entry\t%s\n", gk_layout_name((gk_layout)entry));
        }
    } else if (is_rename)
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
