/*
 * grades.c — `gyokaku plan grades NAME ['SPEC' | --default]`: a plan's grade
 * bands (achieve.h), stored in plan.grades (reportdata.h).
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/achieve.h"
#include "gyokaku/i18n.h"
#include "gyokaku/reportdata.h"

static const char grades_help[] =
    N_("Usage: gyokaku [--db FILE] plan grades NAME ['SPEC' | --default]\n"
       "Prints or sets the grade bands with which the plan's indicators are graded\n"
       "(評価): SPEC is LABEL>=MINIMUM,...,LABEL, minimums in percent of the target,\n"
       "2 to 8 bands, the last without a minimum, e.g.\n"
       "  '達成>=100,概ね達成>=80,未達成'   (the default)\n"
       "  'S>=120,A>=100,B>=80,C'\n"
       "  '◎>=100,○>=80,△'\n"
       "  --default   back to the default bands\n"
       "The change is kept in the change history.\n");

int gk_plan_grades_main(gk_cli *cli, int argc, char **argv)
{
    bool reset = false;
    const gk_opt opts[] = {GK_FLAG("default", 0, &reset), GK_OPT_END};
    gk_optspec spec = {.cmd = "plan grades",
                       .opts = opts,
                       .cli = cli,
                       .help = {_(grades_help)},
                       .min = 1,
                       .max = 2,
                       .few = _("%s: the plan's name is missing"),
                       .few_arg = "NAME"};
    int first, rest = gk_cli_opts(&spec, argc, argv, &first);
    if (rest >= 0) return rest;
    rest = argc - first;
    if (reset && rest == 2)
        return gk_cli_usage_error("plan grades", _("give either SPEC or %s"), "--default");
    const char *plan = argv[first], *spec_text = rest == 2 ? argv[first + 1] : NULL;
    gk_error err = {{0}};
    gk_grades g;
    if (spec_text && gk_grades_parse(spec_text, &g, &err) != 0)
        return gk_cli_usage_error("plan grades", "%s", err.msg);
    bool write = spec_text || reset;
    gk_store *s = gk_cli_open(cli, write ? 0 : GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    int rc;
    if (write) {
        rc = gk_plan_grades_set(s, plan, spec_text, &err);
    } else {
        char *cur = NULL;
        rc = gk_plan_grades_get(s, plan, &cur, &err);
        if (rc == 0) printf("%s\n", gk_cli_text(cur ? cur : GK_GRADES_DEFAULT));
        free(cur);
    }
    gk_store_close(s);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    return GK_EXIT_OK;
}
