/*
 * workflow.c — `gyokaku user`, `submit`, `approve`, `return`, `lock`,
 * `unlock` and `status`: users and roles, the yearly workflow and the
 * submission board from the command line (roles.h, workflow.h). Every rule
 * is the store's; these commands parse, resolve names and print.
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

static int fail(const char *cmd, const char *msg)
{
    fprintf(stderr, "gyokaku %s: %s\n", cmd, gk_cli_text(msg));
    return GK_EXIT_FAIL;
}

/* Prints s fitted to width cells (left or right aligned) through the text
 * engine, so that Japanese names line up. */
static void put_cell(const char *s, int width, bool right)
{
    char *f = right ? gk_fit_right(s, width) : gk_fit(s, width);
    fputs(f ? f : s, stdout);
    free(f);
}

static int parse_year(const char *cmd, const char *text, int *year)
{
    gk_error err = {{0}};
    if (gk_fy_parse(text, year, &err) == 0) return 0;
    char msg[GK_ERROR_MAX + 64];
    snprintf(msg, sizeof msg, "--year %s: %s", text, err.msg);
    gk_cli_usage_error(cmd, "%s", msg);
    return -1;
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
    if (gk_user_list(s, &u, &n, &err) != 0) return fail("user", err.msg);
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
    put_cell(_("login"), wl + 2, false);
    put_cell(_("role"), wr + 2, false);
    printf("%s\n", _("departments"));
    for (size_t i = 0; i < n; i++) {
        put_cell(u[i].login, wl + 2, false);
        put_cell(gk_role_word(u[i].role), wr + 2, false);
        for (size_t k = 0; k < u[i].ndepts; k++)
            printf("%s%s", k ? "、" : "", gk_cli_text(u[i].depts[k]));
        putchar('\n');
    }
    gk_user_list_free(u, n);
    return GK_EXIT_OK;
}

int gk_cmd_user(gk_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},   {"role", required_argument, NULL, 'r'},
        {"dept", required_argument, NULL, 'd'}, {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *role_name = NULL;
    gk_fmt fmt = GK_FMT_TEXT;
    bool fmt_given = false;
    struct dept_list depts = {.n = 0};
    gk_error err = {{0}};
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'D')
            cli->db = optarg;
        else if (c == 'r')
            role_name = optarg;
        else if (c == 'f') {
            int r = gk_cli_format_option("user", optarg, &fmt);
            if (r != -1) return r;
            fmt_given = true;
        } else if (c == 'd') {
            char list[1024];
            snprintf(list, sizeof list, "%s", optarg);
            for (char *p = list; *p; p++)
                if (*p == ',') *p = ';';
            if (gk_split_list(list, add_dept, &depts, &err) != 0)
                return gk_cli_usage_error("user", "%s", err.msg[0] ? err.msg : optarg);
        } else if (c == 'h') {
            fputs(_(user_help), stdout);
            fputs(_("  --format F       user list: text (default), csv, tsv or json\n"), stdout);
            return GK_EXIT_OK;
        } else
            return gk_cli_getopt_error("user", c, argv);
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    int nargs = argc - optind - 1;
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
    const char *login = list ? NULL : argv[optind + 1];
    if (list)
        rc = user_list(s, fmt);
    else if (add && gk_user_add(s, login, role, depts.v, depts.n, &err) != 0)
        rc = fail("user", err.msg);
    else if (rm && gk_user_remove(s, login, &err) != 0)
        rc = fail("user", err.msg);
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
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},
        {"year", required_argument, NULL, 'y'},
        {"plan", required_argument, NULL, 'p'},
        {"comment", required_argument, NULL, 'c'},
        /* one name for a free-text reason everywhere: lock and unlock say --reason */
        {"reason", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *plan = NULL, *comment = NULL;
    int year = 0;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'D')
            cli->db = optarg;
        else if (c == 'y') {
            if (parse_year(cmd, optarg, &year) != 0) return GK_EXIT_USAGE;
        } else if (c == 'p')
            plan = optarg;
        else if (c == 'c' && act == GK_WF_RETURN)
            comment = optarg;
        else if (c == 'h') {
            fputs(help, stdout);
            if (act == GK_WF_RETURN)
                fputs(_("--reason TEXT is the same as --comment TEXT (lock and unlock name their "
                        "text so).\n"),
                      stdout);
            fputs(gk_cli_year_rule(), stdout);
            return GK_EXIT_OK;
        } else
            return gk_cli_getopt_error(cmd, c == 'c' ? '?' : c, argv);
    }
    if (optind >= argc) return gk_cli_usage_error(cmd, "%s", _("no NODE given"));
    if (act == GK_WF_RETURN && (!comment || !*comment))
        return gk_cli_usage_error(cmd, "%s", _("return needs --comment TEXT (what to fix)"));

    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    size_t n = (size_t)(argc - optind);
    int64_t *ids = calloc(n, sizeof *ids);
    int rc = ids ? GK_EXIT_OK : GK_EXIT_FAIL;
    for (size_t i = 0; ids && i < n; i++)
        if (gk_node_find(s, plan, argv[optind + (int)i], &ids[i], &err) != 0) {
            fail(cmd, err.msg);
            rc = GK_EXIT_FAIL;
        }
    if (rc == GK_EXIT_OK) {
        int64_t pid = gk_plan_id(s, plan, &err);
        if (pid == 0) pid = gk_node_plan_id(s, ids[0]);
        int r = pid < 0 ? fail(cmd, err.msg) : gk_cli_resolve_year(s, cmd, pid, &year);
        if (r != 0) rc = r;
    }
    outline out = {0};
    if (rc == GK_EXIT_OK && act == GK_WF_SUBMIT &&
        gk_submit_outline(s, ids, n, year, outline_item, outline_warn, &out, &err) < 0)
        rc = fail(cmd, err.msg);
    if (rc == GK_EXIT_OK) {
        long changed =
            gk_workflow_apply(s, act, ids, n, year, comment, print_problem, (void *)cmd, &err);
        char fy[32];
        gk_fy_short(year, fy, sizeof fy);
        if (act == GK_WF_SUBMIT) outline_print(&out, fy, changed >= 0);
        if (changed < 0)
            rc = fail(cmd, err.msg);
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

static const char *dept_label(const char *d);

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
                        gk_cli_text(dept_label(m[i].dept)));
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
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},     {"year", required_argument, NULL, 'y'},
        {"reason", required_argument, NULL, 'r'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *cmd = lock ? "lock" : "unlock", *reason = NULL;
    int year = 0;
    bool force = false;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'D')
            cli->db = optarg;
        else if (c == 'y') {
            if (parse_year(cmd, optarg, &year) != 0) return GK_EXIT_USAGE;
        } else if (c == 'r')
            reason = optarg;
        else if (c == 'f' && lock)
            force = true;
        else if (c == 'h') {
            fputs(lock ? _("Usage: gyokaku [--db FILE] lock --year Y --reason TEXT [--force]\n"
                           "Locks a fiscal year (once its report is published): nobody can\n"
                           "change its actuals, notes, targets or workflow until it is\n"
                           "unlocked. Office only; kept in the history with the reason.\n"
                           "An item or indicator that is not approved (未入力, 入力中, 差し戻し,\n"
                           "提出) is listed and the lock refused; --force locks anyway.\n")
                       : _("Usage: gyokaku [--db FILE] unlock --year Y --reason TEXT\n"
                           "Unlocks a locked fiscal year. Office only; kept in the history\n"
                           "with the reason.\n"),
                  stdout);
            return GK_EXIT_OK;
        } else
            return gk_cli_getopt_error(cmd, c == 'f' ? '?' : c, argv);
    }
    if (optind < argc) return gk_cli_usage_error(cmd, _("unexpected argument %s"), argv[optind]);
    if (!year) return gk_cli_usage_error(cmd, "%s", _("give the fiscal year: --year Y"));
    if (!reason || !*reason)
        return gk_cli_usage_error(cmd, "%s", _("give a reason: --reason TEXT"));
    gk_store *s = gk_cli_open(cli, 0);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    if (lock && unapproved(s, year, force, &err) != 0) {
        gk_store_close(s);
        return err.msg[0] ? fail(cmd, err.msg) : GK_EXIT_FAIL;
    }
    int rc = lock ? gk_year_lock(s, year, reason, &err) : gk_year_unlock(s, year, reason, &err);
    gk_store_close(s);
    if (rc != 0) return fail(cmd, err.msg);
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

/* --- status ------------------------------------------------------------------------- */

static const gk_wstate board_order[GK_WS_COUNT] = {GK_WS_EMPTY, GK_WS_ENTERING, GK_WS_RETURNED,
                                                   GK_WS_SUBMITTED, GK_WS_APPROVED};
/* Stable column names of --format csv (not translated: scripts read them). */
static const char *const csv_state[GK_WS_COUNT] = {"未入力", "入力中", "差し戻し", "提出", "承認"};

static const char *dept_label(const char *d)
{
    return *d ? d : _("(no department)");
}

/* The columns the text board may fill: --width N, else the terminal's
 * width when standard output is one, else $COLUMNS, else no limit (0). */
static int board_width = -1;

static int output_width(void)
{
    if (board_width >= 0) return board_width;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        long v = strtol(cols, NULL, 10);
        if (v > 0 && v < 10000) return (int)v;
    }
    return 0;
}

/* One block of the board: the department column, then for each group g in
 * [g0, g1) (0 items, 1 indicators) its five state columns. */
static void board_block(const gk_board_row *rows, size_t n, int wd, const int *wc, int g0, int g1)
{
    int group = 0;
    for (int k = 0; k < GK_WS_COUNT; k++)
        group += wc[k] + 1;
    /* group headings over each block of states */
    put_cell("", wd, false);
    for (int g = g0; g < g1; g++) {
        fputs("  ", stdout);
        if (g + 1 < g1)
            put_cell(g ? _("indicators") : _("items"), group, false);
        else
            fputs(g ? _("indicators") : _("items"), stdout);
    }
    putchar('\n');
    put_cell(_("department"), wd, false);
    for (int g = g0; g < g1; g++) {
        fputs("  ", stdout);
        for (int k = 0; k < GK_WS_COUNT; k++) {
            putchar(' ');
            put_cell(gk_wstate_label(board_order[k]), wc[k], true);
        }
    }
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        put_cell(gk_cli_text(dept_label(rows[i].dept)), wd, false);
        for (int g = g0; g < g1; g++) {
            fputs("  ", stdout);
            for (int k = 0; k < GK_WS_COUNT; k++) {
                char num[32];
                snprintf(num, sizeof num, "%ld",
                         g ? rows[i].indicators[board_order[k]] : rows[i].items[board_order[k]]);
                putchar(' ');
                put_cell(num, wc[k], true);
            }
        }
        putchar('\n');
    }
}

/* The board as a table within width columns (0: no limit): departments'
 * names are cut first (down to 10 columns), then items and indicators go
 * one under the other, then the state headings are cut to the numbers'
 * width. */
static void print_board_text(const gk_board_row *rows, size_t n, int width)
{
    int wd = gk_str_width(_("department"));
    int wnum = 1;
    for (size_t i = 0; i < n; i++) {
        int w = gk_str_width(gk_cli_text(dept_label(rows[i].dept)));
        if (w > wd) wd = w;
        for (int k = 0; k < GK_WS_COUNT; k++) {
            char num[32];
            int a = snprintf(num, sizeof num, "%ld", rows[i].items[k]);
            int b = snprintf(num, sizeof num, "%ld", rows[i].indicators[k]);
            if (a > wnum) wnum = a;
            if (b > wnum) wnum = b;
        }
    }
    int wc[GK_WS_COUNT];
    int group = 0;
    for (int k = 0; k < GK_WS_COUNT; k++) {
        wc[k] = gk_str_width(gk_wstate_label(board_order[k]));
        if (wc[k] < 4) wc[k] = 4;
        if (wc[k] < wnum) wc[k] = wnum;
        group += wc[k] + 1;
    }
    enum { MIN_DEPT = 10 };
    int side = 2 * (2 + group); /* both groups beside the department */
    if (width <= 0 || wd + side <= width) {
        board_block(rows, n, wd, wc, 0, 2);
        return;
    }
    if (width - side >= MIN_DEPT) {
        board_block(rows, n, width - side, wc, 0, 2);
        return;
    }
    /* one group at a time, the headings cut when still too wide */
    int one = 2 + group;
    if (wd + one > width) wd = width - one >= MIN_DEPT ? width - one : MIN_DEPT;
    for (int k = 0; k < GK_WS_COUNT && wd + one > width; k++) {
        int cut = wc[k] - (wnum > 2 ? wnum : 2);
        int over = wd + one - width;
        if (cut > over) cut = over;
        if (cut > 0) {
            wc[k] -= cut;
            one -= cut;
        }
    }
    board_block(rows, n, wd, wc, 0, 1);
    putchar('\n');
    board_block(rows, n, wd, wc, 1, 2);
}

/* Stable names of the states and kinds in --format tsv|json. */
static const char *const state_code[GK_WS_COUNT] = {"empty", "entering", "returned", "submitted",
                                                    "approved"};

static int print_board_table(const gk_board_row *rows, size_t n, int year, gk_fmt fmt)
{
    gk_tcol cols[2 + 2 * GK_WS_COUNT];
    char keys[2 * GK_WS_COUNT][32];
    cols[0] = (gk_tcol){"year", true};
    cols[1] = (gk_tcol){"department", false};
    for (int g = 0; g < 2; g++)
        for (int k = 0; k < GK_WS_COUNT; k++) {
            char *key = keys[g * GK_WS_COUNT + k];
            snprintf(key, sizeof keys[0], "%s_%s", g ? "indicators" : "items", state_code[k]);
            cols[2 + g * GK_WS_COUNT + k] = (gk_tcol){key, true};
        }
    gk_table t;
    gk_table_begin(&t, fmt, stdout, cols, 2 + 2 * GK_WS_COUNT);
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    for (size_t i = 0; i < n; i++) {
        char num[2 * GK_WS_COUNT][24];
        const char *f[2 + 2 * GK_WS_COUNT] = {y, rows[i].dept};
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < GK_WS_COUNT; k++) {
                snprintf(num[g * GK_WS_COUNT + k], sizeof num[0], "%ld",
                         g ? rows[i].indicators[board_order[k]] : rows[i].items[board_order[k]]);
                f[2 + g * GK_WS_COUNT + k] = num[g * GK_WS_COUNT + k];
            }
        gk_table_row(&t, f);
    }
    return gk_table_end(&t);
}

static int print_missing_table(const gk_board_node *m, size_t n, int year, gk_fmt fmt)
{
    static const gk_tcol cols[] = {{"year", true},    {"department", false}, {"kind", false},
                                   {"state", false},  {"node", false},       {"uid", false},
                                   {"comment", false}};
    gk_table t;
    gk_table_begin(&t, fmt, stdout, cols, 7);
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    for (size_t i = 0; i < n; i++)
        gk_table_row(&t, (const char *[]){y, m[i].dept, m[i].kind, state_code[m[i].state],
                                          m[i].path, m[i].uid, m[i].comment});
    return gk_table_end(&t);
}

/* status CSV as export writes it: UTF-8 with a BOM (Japanese Excel reads
 * it without mojibake) or CP932, CRLF line ends. */
static gk_encoding status_enc = GK_ENC_UTF8;

static gk_csv_writer_opts status_csv_opts(void)
{
    gk_csv_writer_opts o = {
        .enc = status_enc, .bom = status_enc == GK_ENC_UTF8, .crlf = true, .guard = true};
    return o;
}

static int print_board_csv(const gk_board_row *rows, size_t n, gk_error *err)
{
    gk_csv_writer_opts o = status_csv_opts();
    gk_csv_writer *w = gk_csv_writer_open(stdout, &o, err);
    if (!w) return -1;
    char head[1 + 2 * GK_WS_COUNT][64];
    const char *f[1 + 2 * GK_WS_COUNT];
    snprintf(head[0], sizeof head[0], "所管課");
    for (int g = 0; g < 2; g++)
        for (int k = 0; k < GK_WS_COUNT; k++)
            snprintf(head[1 + g * GK_WS_COUNT + k], sizeof head[0], "%s %s",
                     g ? "指標" : "取組項目", csv_state[k]);
    for (int i = 0; i < 1 + 2 * GK_WS_COUNT; i++)
        f[i] = head[i];
    int rc = gk_csv_write(w, f, 1 + 2 * GK_WS_COUNT, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char num[2 * GK_WS_COUNT][24];
        f[0] = rows[i].dept;
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < GK_WS_COUNT; k++) {
                snprintf(num[g * GK_WS_COUNT + k], sizeof num[0], "%ld",
                         g ? rows[i].indicators[board_order[k]] : rows[i].items[board_order[k]]);
                f[1 + g * GK_WS_COUNT + k] = num[g * GK_WS_COUNT + k];
            }
        rc = gk_csv_write(w, f, 1 + 2 * GK_WS_COUNT, err);
    }
    if (gk_csv_writer_close(w, err) != 0) rc = -1;
    return rc;
}

/* The nodes of --missing or --state; who_when: with who made the last
 * state change and when (two more CSV columns). */
static int print_missing(const gk_board_node *m, size_t n, bool csv, bool who_when, gk_error *err)
{
    if (csv) {
        gk_csv_writer_opts o = status_csv_opts();
        gk_csv_writer *w = gk_csv_writer_open(stdout, &o, err);
        if (!w) return -1;
        const char *head[] = {"所管課",           "種別",   "状態",    "ノード", "uid",
                              "差し戻しコメント", "操作者", "操作日時"};
        int cols = who_when ? 8 : 6;
        int rc = gk_csv_write(w, head, cols, err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const char *f[] = {m[i].dept,
                               strcmp(m[i].kind, "item") == 0 ? "取組項目" : "指標",
                               csv_state[m[i].state],
                               m[i].path ? m[i].path : "",
                               m[i].uid,
                               m[i].comment,
                               m[i].who,
                               m[i].at};
            rc = gk_csv_write(w, f, cols, err);
        }
        if (gk_csv_writer_close(w, err) != 0) rc = -1;
        return rc;
    }
    int ws = 0;
    for (int k = 0; k < GK_WS_COUNT; k++) {
        int w = gk_str_width(gk_wstate_label(board_order[k]));
        if (w > ws) ws = w;
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(m[i].dept, m[i - 1].dept) != 0)
            printf("%s\n", gk_cli_text(dept_label(m[i].dept)));
        fputs("  ", stdout);
        put_cell(gk_wstate_label(m[i].state), ws + 2, false);
        printf("%s", gk_cli_text(m[i].path));
        if (m[i].comment) printf(_(" (returned: %s)"), gk_cli_text(m[i].comment));
        if (who_when && m[i].who[0]) printf(_(" [%s, %s]"), gk_cli_text(m[i].who), m[i].at);
        putchar('\n');
    }
    return 0;
}

/* The board of plan's year (dept NULL: every department), as text with the
 * year and its lock, or as CSV. */
static int print_board(gk_store *s, const char *plan, int year, const char *dept, gk_fmt fmt,
                       gk_error *err)
{
    gk_board_row *rows;
    size_t n;
    int rc = gk_board(s, plan, year, dept, &rows, &n, err);
    if (rc != 0) return rc;
    if (fmt == GK_FMT_CSV) {
        rc = print_board_csv(rows, n, err);
    } else if (fmt != GK_FMT_TEXT) {
        rc = print_board_table(rows, n, year, fmt);
        if (rc != 0) gk_error_set(err, _("cannot write the output: %s"), strerror(errno));
    } else {
        char fy[32];
        gk_lock_info li;
        int locked = gk_year_locked(s, year, &li, err);
        char head[1024];
        int len = snprintf(head, sizeof head, "%s", gk_fy_short(year, fy, sizeof fy));
        if (locked == 1) {
            snprintf(head + len, sizeof head - (size_t)len, _(" (locked: %s)"),
                     gk_cli_text(li.reason));
            gk_lock_info_free(&li);
        }
        int width = output_width();
        if (width > 0 && gk_str_width(head) > width) /* a long reason: cut to the width */
            put_cell(head, width, false);
        else
            fputs(head, stdout);
        printf("\n");
        print_board_text(rows, n, width);
        /* related departments' parts, apart from the lead's counts */
        char *counts = NULL;
        if (gk_contribution_counts(s, plan, year, dept, &counts, err) == 0 && *counts) {
            fputs(_("Contributions of related departments:"), stdout);
            for (char *line = counts, *next; line; line = next) {
                next = strchr(line, '\n');
                if (next) *next++ = '\0';
                char *tab = strchr(line, '\t');
                if (tab) *tab++ = '\0';
                printf(" %s %s", gk_cli_text(line), tab ? tab : "0");
            }
            printf("\n");
        }
        free(counts);
    }
    gk_board_free(rows, n);
    return rc;
}

/* The 調査票 issued for year (sheet.h): per department collected or
 * outstanding, after the board. Nothing when none was issued. */
static int print_sheets(gk_store *s, const char *plan, int year, const char *dept, gk_error *err)
{
    gk_sheet_status *st;
    size_t n;
    if (gk_sheet_status_list(s, plan, year, &st, &n, err) != 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (dept && strcmp(dept, st[i].dept) != 0) continue;
        if (st[i].collected)
            printf(_("調査票 %s: collected %s\n"), st[i].dept, st[i].last_collected);
        else
            printf(_("調査票 %s: outstanding (issued %ld)\n"), st[i].dept, st[i].issued);
    }
    gk_sheet_status_free(st, n);
    return 0;
}

/* The completeness by the one rule (progress.h), the report's figure: of
 * the plan, or of each plan (named) when none was chosen and there are
 * several. */
static int print_progress(gk_store *s, const char *plan, int year, const char *dept, gk_error *err)
{
    gk_plan_attrs *pl;
    size_t n;
    if (gk_plan_attrs_get(s, plan, &pl, &n, err) != 0) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        gk_progress p;
        rc = gk_report_progress(s, pl[i].name, year, dept, &p, NULL, err);
        if (rc != 0) break;
        char pct[16], line[512];
        int width = output_width(); /* fitted as the board: the figure first */
        if (n > 1) {
            if (width > 0)
                put_cell(gk_cli_text(pl[i].name), width, false);
            else
                fputs(gk_cli_text(pl[i].name), stdout);
            putchar('\n');
        }
        snprintf(line, sizeof line,
                 _("completeness %s: units %ld, entered %ld, no entry needed %ld, missing %ld"),
                 gk_progress_format(&p, pct, sizeof pct), p.units, p.entered, p.ended,
                 gk_progress_missing(&p));
        if (width > 0 && gk_str_width(line) > width)
            put_cell(line, width, false);
        else
            fputs(line, stdout);
        putchar('\n');
    }
    gk_plan_attrs_free(pl, n);
    return rc;
}

/* The submission deadline of plan (NULL: of the only plan) into buf, "" when
 * none is set. */
static void plan_deadline(gk_store *s, const char *plan, char *buf, size_t len)
{
    buf[0] = '\0';
    gk_plan_attrs *p;
    size_t n;
    gk_error err;
    if (gk_plan_attrs_get(s, plan, &p, &n, &err) != 0) return;
    if (n == 1) snprintf(buf, len, "%s", p[0].deadline);
    gk_plan_attrs_free(p, n);
}

/* Today's local date as YYYY-MM-DD. */
static void today(char buf[16])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 16, "%Y-%m-%d", &tm);
}

/* --late: per department, how many nodes are not submitted and the logins
 * that answer for them, ready to paste into a reminder. */
static int print_late(gk_store *s, const gk_board_node *m, size_t n, const char *deadline,
                      gk_error *err)
{
    char now[16];
    today(now);
    if (!*deadline)
        printf("%s\n", _("No submission deadline is set (gyokaku plan set NAME --deadline DATE)."));
    else if (strcmp(now, deadline) > 0)
        printf(_("Submission deadline %s has passed; not submitted:\n"), deadline);
    else
        printf(_("Submission deadline %s (not passed yet); not submitted so far:\n"), deadline);
    gk_user_info *u;
    size_t nu;
    if (gk_user_list(s, &u, &nu, err) != 0) return -1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(m[j].dept, m[i].dept) == 0)
            j++;
        printf("%s\t", gk_cli_text(dept_label(m[i].dept)));
        printf(_("%zu not submitted"), j - i);
        putchar('\t');
        int k = 0;
        for (size_t a = 0; a < nu; a++)
            for (size_t d = 0; d < u[a].ndepts; d++)
                if (u[a].role != GK_ROLE_OFFICE && strcmp(u[a].depts[d], m[i].dept) == 0)
                    printf("%s%s", k++ ? " " : "", gk_cli_text(u[a].login));
        if (!k) fputs(_("(no user)"), stdout);
        putchar('\n');
        i = j;
    }
    gk_user_list_free(u, nu);
    return 0;
}

/* --state: a list of state words (submitted, 提出 …) into a bit set; 0
 * when a word is unknown. */
static unsigned parse_states(const char *arg)
{
    static const char *const en[GK_WS_COUNT] = {"empty", "entering", "returned", "submitted",
                                                "approved"};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", arg);
    unsigned mask = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        unsigned bit = 0;
        for (int k = 0; k < GK_WS_COUNT; k++)
            if (strcmp(t, en[k]) == 0 || strcmp(t, csv_state[k]) == 0 ||
                strcmp(t, gk_wstate_label((gk_wstate)k)) == 0)
                bit = 1u << k;
        if (!bit) return 0;
        mask |= bit;
    }
    return mask;
}

int gk_cmd_status(gk_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},       {"plan", required_argument, NULL, 'p'},
        {"year", required_argument, NULL, 'y'},     {"dept", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},   {"missing", no_argument, NULL, 'm'},
        {"state", required_argument, NULL, 's'},    {"late", no_argument, NULL, 'L'},
        {"encoding", required_argument, NULL, 'e'}, {"width", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    const char *plan = NULL, *dept = NULL;
    int year = 0;
    bool missing = false, late = false;
    unsigned states = 0;
    gk_fmt fmt = GK_FMT_TEXT;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'D':
            cli->db = optarg;
            break;
        case 'p':
            plan = optarg;
            break;
        case 'y':
            if (parse_year("status", optarg, &year) != 0) return GK_EXIT_USAGE;
            break;
        case 'd':
            dept = optarg;
            break;
        case 'f': {
            int r = gk_cli_format_option("status", optarg, &fmt);
            if (r != -1) return r;
            break;
        }
        case 'w': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 40 || v > 1000)
                return gk_cli_usage_error("status",
                                          _("--width needs a number of columns from 40 to 1000, "
                                            "not %s"),
                                          optarg);
            board_width = (int)v;
            break;
        }
        case 'm':
            missing = true;
            break;
        case 'L':
            late = true;
            break;
        case 's':
            if (!(states = parse_states(optarg)))
                return gk_cli_usage_error(
                    "status",
                    _("--state takes empty, entering, returned, submitted or approved (or "
                      "未入力, 入力中, 差し戻し, 提出, 承認), not %s"),
                    optarg);
            break;
        case 'e': {
            int r = gk_cli_output_encoding("status", optarg, &status_enc);
            if (r != -1) return r;
            break;
        }
        case 'h':
            fputs(_("Usage: gyokaku [--db FILE] status [--plan NAME] [--year Y] [--dept D]\n"
                    "                                   [--format text|csv|tsv|json] [--width N]\n"
                    "                                   [--missing | --late | --state S]\n"
                    "The submission board: per 所管課 (the main department of each item and\n"
                    "indicator) the items and indicators 未入力 / 入力中 / 差し戻し / 提出 / 承認\n"
                    "for the fiscal year.\n"
                    "--missing lists instead each item and indicator not yet submitted, by\n"
                    "department, so that the office can send reminders.\n"
                    "--state S lists the items and indicators in state S (submitted: the\n"
                    "supervisor's queue; returned, entering, empty, approved, or the Japanese\n"
                    "words; several joined by commas) with who changed the state last and when.\n"
                    "--late lists per department how many are not submitted and its users,\n"
                    "after the submission deadline (plan set NAME --deadline DATE).\n"),
                  stdout);
            fputs(_("--format csv writes UTF-8 with a BOM and CRLF line ends, as export does;\n"
                    "--encoding cp932 writes CP932 instead. The text form ends with the\n"
                    "調査票 (gyokaku sheet) collected and outstanding per department.\n"),
                  stdout);
            fputs(_("--format tsv|json write UTF-8 with stable English keys for programs\n"
                    "(states: empty, entering, returned, submitted, approved).\n"
                    "--width N: the text board fits N columns (default: the terminal's\n"
                    "width); departments' names are cut first, then items and indicators\n"
                    "go one under the other.\n"),
                  stdout);
            fputs(gk_cli_year_rule(), stdout);
            return GK_EXIT_OK;
        default:
            return gk_cli_getopt_error("status", c, argv);
        }
    }
    if (optind < argc)
        return gk_cli_usage_error("status", _("unexpected argument %s"), argv[optind]);
    gk_store *s = gk_cli_open(cli, 0); /* read only; upgrades an older file it may write */
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    int rc = gk_cli_resolve_year_named(s, "status", plan, &year);
    if (rc != 0) {
        gk_store_close(s);
        return rc;
    }
    char *dname = NULL; /* --dept as typed: without its 部 when unique */
    if (dept && gk_dept_resolve(s, dept, &dname, &err) != 0) {
        gk_store_close(s);
        return fail("status", err.msg);
    }
    if (dname) dept = dname;
    char deadline[16];
    plan_deadline(s, plan, deadline, sizeof deadline);
    if (missing || late || states) {
        gk_board_node *m;
        size_t n;
        unsigned mask =
            states ? states : 1u << GK_WS_EMPTY | 1u << GK_WS_ENTERING | 1u << GK_WS_RETURNED;
        rc = gk_board_nodes(s, plan, year, dept, mask, &m, &n, &err);
        if (rc == 0) {
            if (late)
                rc = print_late(s, m, n, deadline, &err);
            else if (fmt == GK_FMT_TSV || fmt == GK_FMT_JSON) {
                rc = print_missing_table(m, n, year, fmt);
                if (rc != 0) gk_error_set(&err, _("cannot write the output: %s"), strerror(errno));
            } else
                rc = print_missing(m, n, fmt == GK_FMT_CSV, states != 0, &err);
            gk_board_missing_free(m, n);
        }
    } else {
        rc = print_board(s, plan, year, dept, fmt, &err);
        if (rc == 0 && fmt == GK_FMT_TEXT) rc = print_progress(s, plan, year, dept, &err);
        if (rc == 0 && fmt == GK_FMT_TEXT && *deadline)
            printf(_("Submission deadline (提出期限): %s\n"), deadline);
        if (rc == 0 && fmt == GK_FMT_TEXT) rc = print_sheets(s, plan, year, dept, &err);
    }
    free(dname);
    gk_store_close(s);
    return rc == 0 ? GK_EXIT_OK : fail("status", err.msg);
}
