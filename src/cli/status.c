/*
 * status.c — `gyokaku status`: the submission board, the missing and late
 * lists, sheets and progress from the command line (workflow.h). Apart from
 * workflow.c because the board's layout and its output formats are a
 * concern of their own; the rules are the store's, this file only prints.
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

/* --- status ------------------------------------------------------------------------- */

static const gk_wstate board_order[GK_WS_COUNT] = {GK_WS_EMPTY, GK_WS_ENTERING, GK_WS_RETURNED,
                                                   GK_WS_SUBMITTED, GK_WS_APPROVED};
/* Stable column names of --format csv (not translated: scripts read them). */
static const char *const csv_state[GK_WS_COUNT] = {"未入力", "入力中", "差し戻し", "提出", "承認"};

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
    gk_cli_put_cell("", wd, false);
    for (int g = g0; g < g1; g++) {
        fputs("  ", stdout);
        if (g + 1 < g1)
            gk_cli_put_cell(g ? _("indicators") : _("items"), group, false);
        else
            fputs(g ? _("indicators") : _("items"), stdout);
    }
    putchar('\n');
    gk_cli_put_cell(_("department"), wd, false);
    for (int g = g0; g < g1; g++) {
        fputs("  ", stdout);
        for (int k = 0; k < GK_WS_COUNT; k++) {
            putchar(' ');
            gk_cli_put_cell(gk_wstate_label(board_order[k]), wc[k], true);
        }
    }
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        gk_cli_put_cell(gk_cli_text(gk_cli_dept_label(rows[i].dept)), wd, false);
        for (int g = g0; g < g1; g++) {
            fputs("  ", stdout);
            for (int k = 0; k < GK_WS_COUNT; k++) {
                char num[32];
                snprintf(num, sizeof num, "%ld",
                         g ? rows[i].indicators[board_order[k]] : rows[i].items[board_order[k]]);
                putchar(' ');
                gk_cli_put_cell(num, wc[k], true);
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
        int w = gk_str_width(gk_cli_text(gk_cli_dept_label(rows[i].dept)));
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
            printf("%s\n", gk_cli_text(gk_cli_dept_label(m[i].dept)));
        fputs("  ", stdout);
        gk_cli_put_cell(gk_wstate_label(m[i].state), ws + 2, false);
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
            gk_cli_put_cell(head, width, false);
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
                gk_cli_put_cell(gk_cli_text(pl[i].name), width, false);
            else
                fputs(gk_cli_text(pl[i].name), stdout);
            putchar('\n');
        }
        snprintf(line, sizeof line,
                 _("completeness %s: units %ld, entered %ld, no entry needed %ld, missing %ld"),
                 gk_progress_format(&p, pct, sizeof pct), p.units, p.entered, p.ended,
                 gk_progress_missing(&p));
        if (width > 0 && gk_str_width(line) > width)
            gk_cli_put_cell(line, width, false);
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
        printf("%s\t", gk_cli_text(gk_cli_dept_label(m[i].dept)));
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

static const char status_help[] =
    N_("Usage: gyokaku [--db FILE] status [--plan NAME] [--year Y] [--dept D]\n"
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
       "after the submission deadline (plan set NAME --deadline DATE).\n");
static const char status_help_csv[] =
    N_("--format csv writes UTF-8 with a BOM and CRLF line ends, as export does;\n"
       "--encoding cp932 writes CP932 instead. The text form ends with the\n"
       "調査票 (gyokaku sheet) collected and outstanding per department.\n");
static const char status_help_width[] =
    N_("--format tsv|json write UTF-8 with stable English keys for programs\n"
       "(states: empty, entering, returned, submitted, approved).\n"
       "--width N: the text board fits N columns (default: the terminal's\n"
       "width); departments' names are cut first, then items and indicators\n"
       "go one under the other.\n");

/* --state S of status */
static int state_option(const char *cmd, const char *value, void *to)
{
    if ((*(unsigned *)to = parse_states(value)) != 0) return -1;
    return gk_cli_usage_error(
        cmd,
        _("--state takes empty, entering, returned, submitted or approved (or "
          "未入力, 入力中, 差し戻し, 提出, 承認), not %s"),
        value);
}

/* --width N of status: the text board's columns */
static int width_option(const char *cmd, const char *value, void *to)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || end == value || v < 40 || v > 1000)
        return gk_cli_usage_error(
            cmd, _("--width needs a number of columns from 40 to 1000, not %s"), value);
    *(int *)to = (int)v;
    return -1;
}

int gk_cmd_status(gk_cli *cli, int argc, char **argv)
{
    const char *plan = NULL, *dept = NULL;
    int year = 0;
    bool missing = false, late = false;
    unsigned states = 0;
    gk_fmt fmt = GK_FMT_TEXT;
    const gk_opt opts[] = {GK_STR("plan", 0, &plan),
                           GK_YEAR(&year),
                           GK_STR("dept", 0, &dept),
                           GK_CALL("format", gk_opt_format, &fmt),
                           GK_FLAG("missing", 0, &missing),
                           GK_CALL("state", state_option, &states),
                           GK_FLAG("late", 0, &late),
                           GK_CALL("encoding", gk_opt_encoding, &status_enc),
                           GK_CALL("width", width_option, &board_width),
                           GK_OPT_END};
    gk_optspec spec = {
        .cmd = "status",
        .opts = opts,
        .cli = cli,
        .help = {_(status_help), _(status_help_csv), _(status_help_width), gk_cli_year_rule()}};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
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
        return gk_cli_fail("status", err.msg);
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
    return rc == 0 ? GK_EXIT_OK : gk_cli_fail("status", err.msg);
}
