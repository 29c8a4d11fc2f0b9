/*
 * dept.c — `gyokaku dept list`, `dept rename OLD NEW`, `dept assign NODE
 * DEPT…`: the departments as the office manages them (store: depts.h);
 * `gyokaku contribute`: a related department's part of a shared node
 * (contrib.h).
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/contrib.h"
#include "gyokaku/depts.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/text.h"
#include "gyokaku/workflow.h"

static const char dept_help[] =
    N_("Usage: gyokaku [--db FILE] dept list\n"
       "       gyokaku [--db FILE] dept rename OLD NEW\n"
       "       gyokaku [--db FILE] [--plan NAME] dept assign NODE DEPT...\n"
       "list     each department with the nodes it leads, the nodes it is a related\n"
       "         department (関係課) of, and its users\n"
       "rename   gives a department a new name (the organisation changed in April): its\n"
       "         nodes, users, contributions and history stay with it; onto the name of\n"
       "         another department the two become one. What was published under the old\n"
       "         name (a locked year's report) keeps it. Office only.\n"
       "assign   gives NODE (uid, unique title or title path) the departments DEPT...\n"
       "         in this order: the first leads (writes 取組状況 and submits), the others\n"
       "         are related departments. Office only.\n"
       "A department may be written without its 部 (総務課 for (総)総務課) when that is\n"
       "unique; otherwise the candidates are listed.\n");

static const char *command = "dept"; /* for messages: dept or contribute */

static int fail(const char *msg)
{
    fprintf(stderr, "gyokaku %s: %s\n", command, gk_cli_text(msg));
    return GK_EXIT_FAIL;
}

static void cell(const char *s, int width, bool right)
{
    char *f = right ? gk_fit_right(s, width) : gk_fit(s, width);
    fputs(f ? f : s, stdout);
    free(f);
}

static int list(gk_store *s)
{
    gk_dept_info *d;
    size_t n;
    gk_error err = {{0}};
    if (gk_dept_list(s, &d, &n, &err) != 0) return fail(err.msg);
    int w = gk_str_width(_("department"));
    for (size_t i = 0; i < n; i++)
        if (gk_str_width(d[i].name) > w) w = gk_str_width(d[i].name);
    const char *head[] = {_("leads"), _("related"), _("users")};
    int hw[3];
    cell(_("department"), w, false);
    for (int k = 0; k < 3; k++) {
        hw[k] = gk_str_width(head[k]) < 6 ? 6 : gk_str_width(head[k]);
        fputs("  ", stdout);
        cell(head[k], hw[k], true);
    }
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        cell(gk_cli_text(d[i].name), w, false);
        long v[3] = {d[i].leads, d[i].related, d[i].users};
        for (int k = 0; k < 3; k++) {
            char num[24];
            snprintf(num, sizeof num, "%ld", v[k]);
            fputs("  ", stdout);
            cell(num, hw[k], true);
        }
        putchar('\n');
    }
    gk_dept_list_free(d, n);
    return GK_EXIT_OK;
}

int gk_cmd_dept(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL;
    command = "dept";
    const gk_opt opts[] = {GK_STR("plan", 0, &plan), GK_OPT_END};
    gk_optspec spec = {.cmd = "dept",
                       .opts = opts,
                       .cli = cli,
                       .help = {_(dept_help)},
                       .min = 1,
                       .max = -1,
                       .few = _("say list, rename or assign")};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    char **arg = argv + first;
    int nargs = argc - first;
    const char *sub = arg[0];

    bool is_list = strcmp(sub, "list") == 0, is_rename = strcmp(sub, "rename") == 0,
         is_assign = strcmp(sub, "assign") == 0;
    if (!is_list && !is_rename && !is_assign)
        return gk_cli_usage_error("dept", _("unknown subcommand %s"), sub);
    if (is_list && nargs != 1)
        return gk_cli_usage_error("dept", _("unexpected argument %s"), arg[1]);
    if (is_rename && nargs != 3)
        return gk_cli_usage_error("dept", _("%s needs the old and the new name"), "dept rename");
    if (is_assign && nargs < 3)
        return gk_cli_usage_error("dept", "%s", _("dept assign needs NODE and at least one DEPT"));
    gk_store *s = gk_cli_open(cli, is_list ? GK_OPEN_READONLY : 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    int rc = GK_EXIT_OK;
    if (is_list)
        rc = list(s);
    else if (is_rename) {
        if (gk_dept_rename(s, arg[1], arg[2], &err) != 0)
            rc = fail(err.msg);
        else
            fprintf(stderr, _("the department %s is now %s\n"), gk_cli_text(arg[1]),
                    gk_cli_text(arg[2]));
    } else {
        if (gk_dept_assign(s, plan, arg[1], (const char *const *)arg + 2, (size_t)nargs - 2,
                           &err) != 0)
            rc = fail(err.msg);
        else
            fprintf(stderr,
                    ngettext("%s: %d department, %s leading\n", "%s: %d departments, %s leading\n",
                             (unsigned long)(nargs - 2)),
                    gk_cli_text(arg[1]), nargs - 2, gk_cli_text(arg[2]));
    }
    gk_store_close(s);
    return rc;
}

/* --- gyokaku contribute -------------------------------------------------------------- */

static const char contribute_help[] =
    N_("Usage: gyokaku [--db FILE] contribute [--plan P] [--year Y] [--dept D] NODE "
       "TEXT\n"
       "       gyokaku [--db FILE] contribute --list [--plan P] [--year Y] NODE\n"
       "A related department (関係課: any department of a node but its first) writes\n"
       "its own part of a shared item or indicator; the lead department reads it\n"
       "and writes the node's 取組状況 and submits it. An empty TEXT removes the\n"
       "contribution. --list prints each contribution: department, login, time, "
       "text.\n");

static int contrib_list(gk_store *s, int64_t node, int year)
{
    gk_contribution *c;
    size_t n;
    gk_error err = {{0}};
    if (gk_contribution_list(s, node, year, &c, &n, &err) != 0) return fail(err.msg);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\n", gk_cli_text(c[i].dept), gk_cli_text(c[i].who), c[i].at,
               gk_cli_text(c[i].text));
    gk_contribution_list_free(c, n);
    return GK_EXIT_OK;
}

int gk_cmd_contribute(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL, *dept = NULL;
    bool listing = false;
    command = "contribute";
    int year = 0, r;
    const gk_opt opts[] = {GK_STR("plan", 0, &plan), GK_YEAR(&year), GK_STR("dept", 0, &dept),
                           GK_FLAG("list", 0, &listing), GK_OPT_END};
    gk_optspec spec = {.cmd = "contribute",
                       .opts = opts,
                       .cli = cli,
                       .help = {_(contribute_help), gk_cli_year_rule()},
                       .max = -1};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    int nargs = argc - first;
    if (nargs != (listing ? 1 : 2))
        return gk_cli_usage_error("contribute", "%s",
                                  listing ? _("give exactly one NODE") : _("give NODE and TEXT"));
    gk_store *s = gk_cli_open(cli, listing ? GK_OPEN_READONLY : 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    int64_t node;
    int rc = GK_EXIT_OK;
    if (gk_node_find(s, plan, argv[first], &node, &err) != 0)
        rc = fail(err.msg);
    else if ((r = gk_cli_resolve_year(s, "contribute", gk_node_plan_id(s, node), &year)) != 0)
        rc = r;
    else if (listing)
        rc = contrib_list(s, node, year);
    else if (gk_contribution_set(s, node, year, dept, argv[first + 1], &err) != 0)
        rc = fail(err.msg);
    else {
        char fy[32];
        fprintf(stderr, _("%s: the contribution to %s is saved\n"),
                gk_fy_short(year, fy, sizeof fy), gk_cli_text(argv[first]));
    }
    gk_store_close(s);
    return rc;
}
