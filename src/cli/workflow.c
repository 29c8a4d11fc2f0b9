/*
 * workflow.c — `gyokaku user`, `submit`, `approve`, `return`, `lock` and
 * `unlock`: users and roles and the yearly workflow from the command line
 * (roles.h, workflow.h), and the small printing helpers status.c shares
 * (cli_int.h). Every rule is the store's; these commands parse, resolve
 * names and print.
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <time.h>

#include "gyokaku/contrib.h"
#include "gyokaku/csv.h"
#include "gyokaku/depts.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/sheet.h"
#include "gyokaku/plan.h"
#include "gyokaku/plancsv.h"
#include "gyokaku/progress.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/roles.h"
#include "gyokaku/text.h"
#include "gyokaku/workflow.h"

int gk_cli_fail(const char *cmd, const char *msg)
{
    fprintf(stderr, "gyokaku %s: %s\n", cmd, gk_cli_text(msg));
    return GK_EXIT_FAIL;
}

/* Prints s fitted to width cells (left or right aligned) through the text
 * engine, so that Japanese names line up. */
void gk_cli_put_cell(const char *s, int width, bool right)
{
    char *f = right ? gk_fit_right(s, width) : gk_fit(s, width);
    fputs(f ? f : s, stdout);
    free(f);
}

const char *gk_cli_dept_label(const char *d)
{
    return *d ? d : _("(no department)");
}

/* --- gyokaku user ------------------------------------------------------------------ */

static const char user_help[] =
    N_("Usage: gyokaku [--db FILE] user add LOGIN --role clerk|supervisor|office [--dept NAME]...\n"
       "       (the role also as 担当, 課長 or 所属長, 行革担当)\n"
       "       gyokaku [--db FILE] user list\n"
       "       gyokaku [--db FILE] user remove LOGIN\n"
       "Users are OS login names. clerk: enters the actuals and notes of its departments;\n"
       "supervisor: also returns and approves them; office: everything, including users,\n"
       "import of targets and plans, and locking years. A login that is not a user reads\n"
       "only. Only an office user changes users. `user add` on an existing user changes\n"
       "its role and departments (--dept may repeat, or list 職員課、財政課).\n");

struct dept_list {
    const char *v[64];
    char store[64][256];
    size_t n;
};

static int add_dept(void *ctx, const char *part)
{
    struct dept_list *d = ctx;
    if (d->n == 64) return -1;
    snprintf(d->store[d->n], sizeof d->store[d->n], "%s", part);
    d->v[d->n] = d->store[d->n];
    d->n++;
    return 0;
}

static int user_list(gk_store *s, gk_fmt fmt)
{
    gk_user_info *u;
    size_t n;
    gk_error err = {{0}};
    if (gk_user_list(s, &u, &n, &err) != 0) return gk_cli_fail("user", err.msg);
    if (fmt != GK_FMT_TEXT) {
        static const gk_tcol cols[] = {{"login", false}, {"role", false}, {"departments", false}};
        gk_table t;
        gk_table_begin(&t, fmt, stdout, cols, 3);
        for (size_t i = 0; i < n; i++) {
            char depts[4096] = "";
            size_t len = 0;
            for (size_t k = 0; k < u[i].ndepts && len < sizeof depts; k++)
                len += (size_t)snprintf(depts + len, sizeof depts - len, "%s%s", k ? "、" : "",
                                        u[i].depts[k]);
            gk_table_row(&t, (const char *[]){u[i].login, gk_role_name(u[i].role), depts});
        }
        gk_user_list_free(u, n);
        return gk_table_end(&t) == 0 ? GK_EXIT_OK : GK_EXIT_FAIL;
    }
    int wl = gk_str_width(_("login")), wr = gk_str_width(_("role"));
    for (size_t i = 0; i < n; i++) {
        int a = gk_str_width(u[i].login), b = gk_str_width(gk_role_word(u[i].role));
        if (a > wl) wl = a;
        if (b > wr) wr = b;
    }
    gk_cli_put_cell(_("login"), wl + 2, false);
    gk_cli_put_cell(_("role"), wr + 2, false);
    printf("%s\n", _("departments"));
    for (size_t i = 0; i < n; i++) {
        gk_cli_put_cell(u[i].login, wl + 2, false);
        gk_cli_put_cell(gk_role_word(u[i].role), wr + 2, false);
        for (size_t k = 0; k < u[i].ndepts; k++)
            printf("%s%s", k ? "、" : "", gk_cli_text(u[i].depts[k]));
        putchar('\n');
    }
    gk_user_list_free(u, n);
    return GK_EXIT_OK;
}

/* --dept D1,D2 of user add (commas or semicolons): into the dept_list to */
static int dept_option(const char *cmd, const char *value, void *to)
{
    char list[1024];
    gk_error err = {{0}};
    snprintf(list, sizeof list, "%s", value);
    for (char *p = list; *p; p++)
        if (*p == ',') *p = ';';
    if (gk_split_list(list, add_dept, to, &err) == 0) return -1;
    return gk_cli_usage_error(cmd, "%s", err.msg[0] ? err.msg : value);
}

int gk_cmd_user(gk_cli *cli, int argc, char **argv)
{
    const char *role_name = NULL;
    gk_fmt fmt = GK_FMT_TEXT;
    bool fmt_given = false;
    struct dept_list depts = {.n = 0};
    gk_error err = {{0}};
    const gk_opt opts[] = {GK_STR("role", 0, &role_name),
                           GK_CALL("dept", dept_option, &depts),
                           {"format", 0, GK_OPT_CALL, &fmt, gk_opt_format, &fmt_given},
                           GK_OPT_END};
    gk_optspec spec = {.cmd = "user",
                       .opts = opts,
                       .cli = cli,
                       .max = -1,
                       .help = {_(user_help), _("  --format F       user list: text (default), "
                                                "csv, tsv or json\n")}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    const char *sub = first < argc ? argv[first] : NULL;
    int nargs = argc - first - 1;
    if (!sub) return gk_cli_usage_error("user", "%s", _("say add, list or remove"));
    bool add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
         rm = strcmp(sub, "remove") == 0;
    if (!add && !list && !rm) return gk_cli_usage_error("user", _("unknown subcommand %s"), sub);
    if (list ? nargs != 0 : nargs != 1)
        return gk_cli_usage_error(
            "user", "%s", list ? _("user list takes no arguments") : _("give exactly one LOGIN"));
    if ((role_name || depts.n) && !add)
        return gk_cli_usage_error("user", "%s", _("--role and --dept are for user add"));
    if (fmt_given && !list) return gk_cli_usage_error("user", "%s", _("--format is for user list"));
    gk_role role = GK_ROLE_NONE;
    if (add && !role_name) return gk_cli_usage_error("user", "%s", _("user add needs --role"));
    if (add && gk_role_parse(role_name, &role, &err) != 0)
        return gk_cli_usage_error("user", "%s", err.msg);

    gk_store *s = gk_cli_open(cli, 0); /* upgrades an older file it may write */
    if (!s) return GK_EXIT_FAIL;
    int rc = GK_EXIT_OK;
    const char *login = list ? NULL : argv[first + 1];
    if (list)
        rc = user_list(s, fmt);
    else if (add && gk_user_add(s, login, role, depts.v, depts.n, &err) != 0)
        rc = gk_cli_fail("user", err.msg);
    else if (rm && gk_user_remove(s, login, &err) != 0)
        rc = gk_cli_fail("user", err.msg);
    else if (add)
        fprintf(stderr, _("%s is now a user with the role %s\n"), gk_cli_text(login),
                gk_role_label(role));
    else if (rm)
        fprintf(stderr, _("%s is no longer a user\n"), gk_cli_text(login));
    gk_store_close(s);
    return rc;
}

/* --- submit / approve / return ---------------------------------------------------------- */

static void print_problem(void *ctx, const char *path, const char *problem)
{
    fprintf(stderr, "gyokaku %s: %s: %s\n", (const char *)ctx, gk_cli_text(path),
            gk_cli_text(problem));
}

/* What a submit sends and what it warns of, kept until the submit is done. */
typedef struct outline {
    char **lines;
    size_t n;
    size_t nwarn;
} outline;

static void outline_add(outline *o, const char *path, const char *text, bool warn)
{
    char **g = realloc(o->lines, (o->n + 1) * sizeof *g);
    if (!g) return;
    o->lines = g;
    size_t len = strlen(path) + strlen(text) + 8;
    if (!(g[o->n] = malloc(len))) return;
    snprintf(g[o->n++], len, warn ? "!%s: %s" : " %s (%s)", path, text);
    if (warn) o->nwarn++;
}

static void outline_item(void *ctx, const char *path, const char *state)
{
    outline_add(ctx, path, state, false);
}

static void outline_warn(void *ctx, const char *path, const char *msg)
{
    outline_add(ctx, path, msg, true);
}

/* Lists what went out (sent true) or the warnings alone, on stderr. */
static void outline_print(const outline *o, const char *fy, bool sent)
{
    if (sent && o->n > o->nwarn) fprintf(stderr, _("submitted for %s:\n"), fy);
    for (size_t i = 0; sent && i < o->n; i++)
        if (o->lines[i][0] == ' ') fprintf(stderr, "  %s\n", gk_cli_text(o->lines[i] + 1));
    for (size_t i = 0; i < o->n; i++)
        if (o->lines[i][0] == '!')
            fprintf(stderr, _("gyokaku submit: warning: %s\n"), gk_cli_text(o->lines[i] + 1));
}

static int workflow_cmd(gk_cli *cli, gk_waction act, const char *cmd, const char *help, int argc,
                        char **argv)
{
    const char *plan = NULL, *comment = NULL;
    int year = 0;
    /* one name for a free-text reason everywhere: lock and unlock say --reason */
    gk_opt opts[] = {GK_YEAR(&year), GK_STR("plan", 0, &plan), GK_STR("comment", 0, &comment),
                     GK_STR("reason", 0, &comment), GK_OPT_END};
    bool ret = act == GK_WF_RETURN;
    if (!ret) opts[2] = (gk_opt)GK_OPT_END; /* a comment is for return alone */
    gk_optspec spec = {
        .cmd = cmd,
        .opts = opts,
        .cli = cli,
        .min = 1,
        .max = -1,
        .few = _("no NODE given"),
        .help = {help,
                 ret ? _("--reason TEXT is the same as --comment TEXT (lock and unlock name "
                         "their text so).\n")
                     : "",
                 gk_cli_year_rule()}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    if (act == GK_WF_RETURN && (!comment || !*comment))
        return gk_cli_usage_error(cmd, "%s", _("return needs --comment TEXT (what to fix)"));

    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    size_t n = (size_t)(argc - first);
    int64_t *ids = calloc(n, sizeof *ids);
    int rc = ids ? GK_EXIT_OK : GK_EXIT_FAIL;
    for (size_t i = 0; ids && i < n; i++)
        if (gk_node_find(s, plan, argv[first + (int)i], &ids[i], &err) != 0) {
            gk_cli_fail(cmd, err.msg);
            rc = GK_EXIT_FAIL;
        }
    if (rc == GK_EXIT_OK) {
        int64_t pid = gk_plan_id(s, plan, &err);
        if (pid == 0) pid = gk_node_plan_id(s, ids[0]);
        int r = pid < 0 ? gk_cli_fail(cmd, err.msg) : gk_cli_resolve_year(s, cmd, pid, &year);
        if (r != 0) rc = r;
    }
    outline out = {0};
    if (rc == GK_EXIT_OK && act == GK_WF_SUBMIT &&
        gk_submit_outline(s, ids, n, year, outline_item, outline_warn, &out, &err) < 0)
        rc = gk_cli_fail(cmd, err.msg);
    if (rc == GK_EXIT_OK) {
        long changed =
            gk_workflow_apply(s, act, ids, n, year, comment, print_problem, (void *)cmd, &err);
        char fy[32];
        gk_fy_short(year, fy, sizeof fy);
        if (act == GK_WF_SUBMIT) outline_print(&out, fy, changed >= 0);
        if (changed < 0)
            rc = gk_cli_fail(cmd, err.msg);
        else
            fprintf(stderr,
                    act == GK_WF_SUBMIT
                        ? ngettext("%s: %ld node submitted\n", "%s: %ld nodes submitted\n",
                                   (unsigned long)changed)
                    : act == GK_WF_RETURN
                        ? ngettext("%s: %ld node returned\n", "%s: %ld nodes returned\n",
                                   (unsigned long)changed)
                        : ngettext("%s: %ld node approved\n", "%s: %ld nodes approved\n",
                                   (unsigned long)changed),
                    fy, changed);
    }
    for (size_t i = 0; i < out.n; i++)
        free(out.lines[i]);
    free(out.lines);
    free(ids);
    gk_store_close(s);
    return rc;
}

int gk_cmd_submit(gk_cli *cli, int argc, char **argv)
{
    return workflow_cmd(
        cli, GK_WF_SUBMIT, "submit",
        _("Usage: gyokaku [--db FILE] submit [--plan NAME] [--year Y] NODE...\n"
          "Submits (提出) items or indicators for the fiscal year. An item is submitted\n"
          "with its indicators. What is\n"
          "missing (an actual, or 未確定 without its reason in 取組状況; an item's\n"
          "取組状況) is listed instead, and nothing changes. NODE is a uid, a title that\n"
          "is unique, or a title path 基本目標>取組方針>取組項目.\n"
          "What was submitted is listed; an actual far from its earlier years (outside\n"
          "their mean ± 2 × max(their spread, a tenth of the mean)) is warned of, not refused.\n"),
        argc, argv);
}

int gk_cmd_approve(gk_cli *cli, int argc, char **argv)
{
    return workflow_cmd(cli, GK_WF_APPROVE, "approve",
                        _("Usage: gyokaku [--db FILE] approve [--plan NAME] [--year Y] NODE...\n"
                          "Approves (承認) submitted items or indicators (supervisor of their\n"
                          "department, or office). NODE as for submit.\n"),
                        argc, argv);
}

int gk_cmd_return(gk_cli *cli, int argc, char **argv)
{
    return workflow_cmd(
        cli, GK_WF_RETURN, "return",
        _("Usage: gyokaku [--db FILE] return --comment TEXT [--plan NAME] [--year Y] NODE...\n"
          "Returns (差し戻し) submitted or approved items or indicators to the clerk with\n"
          "a comment (supervisor of their department, or office). NODE as for submit.\n"),
        argc, argv);
}

/* --- lock / unlock ------------------------------------------------------------------ */

/* Before a lock: what is not approved in year, by state, on stderr. -1
 * (err empty: the list said it) when there is any and force is false. */
static int unapproved(gk_store *s, int year, bool force, gk_error *err)
{
    gk_board_node *m;
    size_t n;
    unsigned mask = (1u << GK_WS_COUNT) - 1 - (1u << GK_WS_APPROVED);
    if (gk_board_nodes(s, NULL, year, NULL, mask, &m, &n, err) != 0) return -1;
    static const gk_wstate order[] = {GK_WS_EMPTY, GK_WS_ENTERING, GK_WS_RETURNED, GK_WS_SUBMITTED};
    char fy[32];
    gk_fy_short(year, fy, sizeof fy);
    if (n)
        fprintf(stderr,
                ngettext("gyokaku lock: %s has %zu item or indicator not approved:\n",
                         "gyokaku lock: %s has %zu items and indicators not approved:\n",
                         (unsigned long)n),
                fy, n);
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            if (m[i].state == order[k]) count++;
        if (!count) continue;
        fprintf(stderr, "  %s: %zu\n", gk_wstate_label(order[k]), count);
        size_t shown = 0;
        for (size_t i = 0; i < n && shown < 10; i++)
            if (m[i].state == order[k]) {
                fprintf(stderr, "    %s (%s)\n", gk_cli_text(m[i].path),
                        gk_cli_text(gk_cli_dept_label(m[i].dept)));
                shown++;
            }
        if (count > shown) fprintf(stderr, _("    … and %zu more\n"), count - shown);
    }
    gk_board_missing_free(m, n);
    if (n == 0 || force) return 0;
    fprintf(stderr, "%s\n",
            _("gyokaku lock: not locked; lock with --force to publish it as it is"));
    err->msg[0] = '\0';
    return -1;
}

static int lock_cmd(gk_cli *cli, bool lock, int argc, char **argv)
{
    const char *cmd = lock ? "lock" : "unlock", *reason = NULL;
    int year = 0;
    bool force = false;
    gk_opt opts[] = {GK_YEAR(&year), GK_STR("reason", 0, &reason), GK_FLAG("force", 0, &force),
                     GK_OPT_END};
    if (!lock) opts[2] = (gk_opt)GK_OPT_END; /* unlock: no --force */
    gk_optspec spec = {
        .cmd = cmd,
        .opts = opts,
        .cli = cli,
        .help = {lock ? _("Usage: gyokaku [--db FILE] lock --year Y --reason TEXT [--force]\n"
                          "Locks a fiscal year (once its report is published): nobody can\n"
                          "change its actuals, notes, targets or workflow until it is\n"
                          "unlocked. Office only; kept in the history with the reason.\n"
                          "An item or indicator that is not approved (未入力, 入力中, 差し戻し,\n"
                          "提出) is listed and the lock refused; --force locks anyway.\n")
                      : _("Usage: gyokaku [--db FILE] unlock --year Y --reason TEXT\n"
                          "Unlocks a locked fiscal year. Office only; kept in the history\n"
                          "with the reason.\n")}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    if (!year) return gk_cli_usage_error(cmd, "%s", _("give the fiscal year: --year Y"));
    if (!reason || !*reason)
        return gk_cli_usage_error(cmd, "%s", _("give a reason: --reason TEXT"));
    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    if (lock && unapproved(s, year, force, &err) != 0) {
        gk_store_close(s);
        return err.msg[0] ? gk_cli_fail(cmd, err.msg) : GK_EXIT_FAIL;
    }
    int rc = lock ? gk_year_lock(s, year, reason, &err) : gk_year_unlock(s, year, reason, &err);
    gk_store_close(s);
    if (rc != 0) return gk_cli_fail(cmd, err.msg);
    char fy[32];
    fprintf(stderr, lock ? _("%s is locked\n") : _("%s is unlocked\n"),
            gk_fy_short(year, fy, sizeof fy));
    return GK_EXIT_OK;
}

int gk_cmd_lock(gk_cli *cli, int argc, char **argv)
{
    return lock_cmd(cli, true, argc, argv);
}

int gk_cmd_unlock(gk_cli *cli, int argc, char **argv)
{
    return lock_cmd(cli, false, argc, argv);
}
