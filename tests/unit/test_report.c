/*
 * test_report.c — `gyokaku report`'s data and writers: the schema upgrade
 * to version 2 (plan.grades), a plan's grade bands stored and read back,
 * the streamed items of a small plan with their grades (computed, entered
 * with a reason), the counts per goal and department, the sums of 効果額
 * with △ and the comparison of two series; the writers' escaping (HTML,
 * Markdown, CSV formula guard) and the text format's width in both
 * ambiguous-width modes. The documents are written by gk_report_write
 * (reportrun.h), the one call of `gyokaku report`, whose output the
 * command's is checked against.
 */
#include "gk_test.h"

#include <math.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../../src/io/report_int.h"
#include "../../src/store/store_int.h"
#include "gyokaku/backup.h"
#include "gyokaku/cli.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/reportout.h"
#include "gyokaku/reportrun.h"
#include "gyokaku/text.h"

static const char plan_csv[] =
    "計画,基本目標,取組方針,取組項目,取組内容,所管課,指標,系列,単位,初期値,初期値年度,年度,"
    "目標値,実績値,取組状況,評価\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,\"<b>内容</b> & 続き\",職員課、人事課,,,,,,,,,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,時間外勤務時間数,,時間,161.2時間,2017,,,,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,時間外勤務時間数,,,,,2022,縮減,157.1時間,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,育児休業取得率,男性,%,6.9%,2017,,,,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,育児休業取得率,女性,%,,,,,,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,育児休業取得率,男性,,,,2022,13%以上,52.8%,,\n"
    "テスト計画,1 目標A,(1) 方針a,① 項目x,,,育児休業取得率,女性,,,,2022,,100%,,\n"
    "テスト計画,1 目標A,(1) 方針a,② 項目y,,企画課,,,,,,2022,,,\"<script>alert(1)</script> & "
    "続き\",\n"
    "テスト計画,1 目標A,(1) 方針a,③ 項目z,,企画課,,,,,,,,,,\n"
    "テスト計画,1 目標A,(2) 方針b,,,,,,,,,2022,,,方針の取組状況 <u>&</u>,\n"
    "テスト計画,1 目標A,(2) 方針b,④ 効果額項目,,財政課,改革改善効果額,計画策定時,千円,,,2022,,"
    "\"1,000千円\",,\n"
    "テスト計画,1 目標A,(2) 方針b,④ 効果額項目,,,改革改善効果額,計画策定時,,,,2023,"
    "\"2,000千円\",,,\n"
    "テスト計画,1 目標A,(2) 方針b,④ 効果額項目,,,改革改善効果額,後期策定時,,,,2022,,"
    "△500千円,,\n"
    "テスト計画,=2 目標B,(1) 方針c,⑤ 効果額項目2,,財政課,改革改善効果額,計画策定時,千円,,,"
    "2022,,\"81,571千円\",,\n"
    "テスト計画,=2 目標B,(1) 方針c,⑤ 効果額項目2,,,改革改善効果額,後期策定時,,,,2022,,"
    "\"△63,660千円\",,\n"
    "テスト計画,=2 目標B,(1) 方針c,⑤ 効果額項目2,,納税課,市税の収納率,,%,97.7%,2017,2022,"
    "99.0%,98.0%,,達成\n";

static const char *db_path;

static void import_plan(void)
{
    if (db_path) return;
    db_path = gk_test_path("report.db");
    const char *csv = gk_test_path("plan.csv");
    gk_write_file(csv, plan_csv, strlen(plan_csv));
    gk_cli cli = {.db = db_path};
    char *argv[] = {"import", (char *)csv, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, argv), 0);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "UPDATE note SET eval_reason = '納期内納付の増加を評価' WHERE "
                                  "evaluation = '達成';"
                                  /* the report of the year these tests were written for */
                                  "UPDATE plan SET report_year = (SELECT max(year) FROM note)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
}

/* --- schema ------------------------------------------------------------------- */

/* A version-1 file (the schema before plan.grades) is upgraded to the
 * current version, with its backup, and gets the column. */
static void test_migrate_v1_to_current(void **state)
{
    (void)state;
    const char *path = gk_test_path("v1.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    assert_int_equal(
        sqlite3_exec(s->db,
                     "INSERT INTO plan(uid, name, pos) VALUES ('u', '計画', 1);" GK_TEST_UNDO_V5
                     "ALTER TABLE plan DROP COLUMN grades; DROP TABLE pref;"
                     " PRAGMA user_version = 1;"
                     /* and what version 4 added (test_roles.c migrates a
                      * real version-1 file) */
                     "DROP TABLE user_dept; DROP TABLE app_user; DROP TABLE"
                     " year_lock; ALTER TABLE history DROP COLUMN comment;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    gk_store_close(s);
    char *v = gk_sql_text(path, "SELECT user_version FROM pragma_user_version");
    assert_string_equal(v, "1");
    free(v);
    s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    gk_store_close(s);
    v = gk_sql_text(path, "SELECT user_version FROM pragma_user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM pragma_table_info('plan') WHERE name = 'grades'");
    assert_string_equal(v, "1");
    free(v);
    v = gk_sql_text(path, "SELECT name || ':' || ifnull(grades, 'NULL') FROM plan");
    assert_string_equal(v, "計画:NULL");
    free(v);
    gk_backup_entry *bl; /* the automatic backup before the upgrade */
    size_t bn;
    assert_int_equal(gk_backup_list(path, &bl, &bn, &err), 0);
    assert_int_equal(bn, 1);
    assert_int_equal(bl[0].reason, GK_BACKUP_UPGRADE);
    gk_backup_list_free(bl, bn);
    /* a fresh file has the same columns */
    const char *fresh = gk_test_path("fresh.db");
    s = gk_store_open(fresh, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    gk_store_close(s);
    char *a = gk_sql_text(path, "SELECT group_concat(name || ' ' || type, ',') FROM "
                                "pragma_table_info('plan')");
    char *b = gk_sql_text(fresh, "SELECT group_concat(name || ' ' || type, ',') FROM "
                                 "pragma_table_info('plan')");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* --- grades --------------------------------------------------------------------- */

static void test_grades_stored(void **state)
{
    (void)state;
    import_plan();
    gk_error err;
    gk_store *s = gk_store_open(db_path, 0, &err);
    assert_non_null(s);
    char *spec = (char *)"x";
    assert_int_equal(gk_plan_grades_get(s, "テスト計画", &spec, &err), 0);
    assert_null(spec); /* the default */
    assert_int_equal(gk_plan_grades_set(s, "テスト計画", "◎>=100, ○>=80 ,△", &err), 0);
    assert_int_equal(gk_plan_grades_get(s, "テスト計画", &spec, &err), 0);
    assert_string_equal(spec, "◎>=100,○>=80,△");
    free(spec);
    char *h = gk_sql_text(db_path, "SELECT ifnull(old, 'NULL') || ' -> ' || new FROM history"
                                   " WHERE tbl = 'plan' AND field = 'grades'");
    assert_string_equal(h, "NULL -> ◎>=100,○>=80,△");
    free(h);
    /* a bad spec names the band and changes nothing */
    assert_int_equal(gk_plan_grades_set(s, "テスト計画", "A>=80,B>=90,C", &err), -1);
    assert_non_null(strstr(err.msg, "2"));
    assert_int_equal(gk_plan_grades_get(s, "テスト計画", &spec, &err), 0);
    assert_string_equal(spec, "◎>=100,○>=80,△");
    free(spec);
    assert_int_equal(gk_plan_grades_set(s, "ない計画", "A>=100,B", &err), -1);
    assert_non_null(strstr(err.msg, "ない計画"));
    /* the default spec is stored as NULL */
    assert_int_equal(gk_plan_grades_set(s, "テスト計画", GK_GRADES_DEFAULT, &err), 0);
    assert_int_equal(gk_plan_grades_get(s, "テスト計画", &spec, &err), 0);
    assert_null(spec);
    gk_store_close(s);
}

/* --- the stream -------------------------------------------------------------------- */

typedef struct seen {
    gk_rep_summary sum;
    char log[8192];
} seen;

static void logx(seen *x, const char *fmt, const char *a, const char *b)
{
    size_t o = strlen(x->log);
    snprintf(x->log + o, sizeof x->log - o, fmt, a ? a : "-", b ? b : "-");
}

static int s_goal(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    logx(ctx, "G %s%s\n", h->title, h->status ? " +notes" : "");
    return 0;
}

static int s_policy(void *ctx, const gk_rep_heading *h, gk_error *err)
{
    logx(ctx, "P %s%s\n", h->title, h->status ? " +notes" : "");
    return 0;
}

static int s_item(void *ctx, gk_rep_item *it, gk_error *err)
{
    seen *x = ctx;
    logx(x, "I %s %s\n", it->title, it->entered ? "entered" : "open");
    size_t yi = x->sum.plan->year_index;
    for (size_t i = 0; i < it->nind; i++) {
        const gk_rep_indicator *ind = &it->ind[i];
        char g[128];
        snprintf(g, sizeof g, "%s%s", ind->grade[yi] ? ind->grade[yi] : "none",
                 ind->grade_entered[yi] ? "*" : "");
        logx(x, " N %s %s\n", ind->title, g);
    }
    assert_int_equal(gk_rep_summary_add(&x->sum, it, "(none)", "(none)"), 0);
    return 0;
}

static int s_cell(void *ctx, const char *title, const char *unit, long nodes, const char *goal,
                  const char *series, int year, const char *target, const char *actual,
                  gk_error *err)
{
    seen *x = ctx;
    return gk_rep_summary_add_cell(&x->sum, title, unit, nodes, goal, series, year, target, actual);
}

static void test_stream_and_summary(void **state)
{
    (void)state;
    import_plan();
    gk_error err;
    gk_store *s = gk_store_open(db_path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    gk_report_query q = {.plan = NULL, .year = 0};
    gk_report_data *d = gk_report_open(s, &q, &err);
    assert_non_null(d);
    const gk_rep_plan *p = gk_report_plan(d);
    assert_string_equal(p->name, "テスト計画");
    assert_int_equal(p->year, 2022); /* the latest with an actual or a note */
    assert_int_equal(p->years[p->year_index], 2022);
    assert_true(p->nyears >= 2);
    seen x = {0};
    gk_rep_plan pg = *p; /* counting the computed grades too */
    pg.additions = GK_ADD_GRADES;
    gk_rep_summary_init(&x.sum, &pg);
    gk_report_sink sink = {s_goal, s_policy, s_item, s_cell, &x};
    assert_int_equal(gk_report_stream(s, d, &sink, &err), 0);
    assert_string_equal(x.log, "G 1 目標A\n"
                               "P (1) 方針a\n"
                               "I ① 項目x open\n"
                               " N 時間外勤務時間数 達成\n"
                               " N 育児休業取得率 達成\n"
                               "I ② 項目y entered\n"
                               "I ③ 項目z open\n"
                               "P (2) 方針b +notes\n"
                               "I ④ 効果額項目 open\n"
                               " N 改革改善効果額 none\n"
                               "G =2 目標B\n"
                               "P (1) 方針c\n"
                               "I ⑤ 効果額項目2 open\n"
                               " N 改革改善効果額 none\n"
                               " N 市税の収納率 達成*\n");
    const gk_rep_summary *m = &x.sum;
    assert_int_equal(m->total.units, 7);
    assert_int_equal(m->total.entered, 6); /* ③ has no 取組状況 */
    assert_int_equal(m->total.grade[0], 3);
    assert_int_equal(m->total.ungraded, 4);
    assert_int_equal(m->ngoals, 2);
    assert_string_equal(m->goals[0].name, "1 目標A");
    assert_int_equal(m->goals[0].units, 5);
    assert_int_equal(m->goals[0].entered, 4);
    assert_int_equal(m->goals[1].units, 2);
    /* departments: main ones, in order of appearance */
    assert_int_equal(m->ndepts, 4);
    assert_string_equal(m->depts[0].name, "職員課");
    assert_int_equal(m->depts[0].units, 2);
    assert_string_equal(m->depts[1].name, "企画課");
    assert_int_equal(m->depts[1].units, 2);
    assert_int_equal(m->depts[1].entered, 1);
    assert_string_equal(m->depts[2].name, "財政課");
    assert_string_equal(m->depts[3].name, "納税課");
    assert_int_equal(m->depts[3].grade[0], 1);
    /* 改革改善効果額 in 千円 under two items: summed per series, △ for negatives;
     * the whole plan first, then per 基本目標 */
    assert_int_equal(m->nsums, 3);
    assert_null(m->sums[0].goal);
    assert_string_equal(m->sums[1].goal, "1 目標A");
    assert_string_equal(m->sums[2].goal, "=2 目標B");
    const gk_rep_sum *sum = &m->sums[0];
    assert_string_equal(sum->title, "改革改善効果額");
    assert_string_equal(sum->unit, "千円");
    assert_int_equal(sum->nodes, 2);
    assert_int_equal(sum->nseries, 2);
    assert_string_equal(sum->series[0].name, "計画策定時");
    assert_string_equal(sum->series[1].name, "後期策定時");
    size_t y = p->year_index;
    char buf[64];
    assert_string_equal(
        gk_sum_format(sum->series[0].actual[y], sum->series[0].adec[y], buf, sizeof buf), "82,571");
    assert_string_equal(
        gk_sum_format(sum->series[1].actual[y], sum->series[1].adec[y], buf, sizeof buf),
        "△64,160");
    double diff;
    int dec;
    assert_true(gk_rep_sum_diff(sum, 0, 1, y, &diff, &dec));
    assert_string_equal(gk_sum_format(diff, dec, buf, sizeof buf), "△146,731");
    /* 2023: only a target of one series, nothing to compare */
    assert_false(gk_rep_sum_diff(sum, 0, 1, y + 1, &diff, &dec));
    /* over the period: 82,571 actual (2022) + 2,000 target (2023) */
    assert_true(gk_rep_sum_total(&sum->series[0], false, p->nyears, &diff, &dec));
    assert_string_equal(gk_sum_format(diff, dec, buf, sizeof buf), "2,000");
    assert_true(gk_rep_sum_diff_total(sum, 0, 1, p->nyears, &diff, &dec));
    assert_string_equal(gk_sum_format(diff, dec, buf, sizeof buf), "△146,731");
    assert_int_equal(sum->series[0].tn[y + 1], 1);
    gk_rep_summary_free(&x.sum);
    gk_report_close(d);

    /* --dept keeps that department's nodes; an unknown one is an error */
    q.dept = "納税課";
    d = gk_report_open(s, &q, &err);
    assert_non_null(d);
    memset(&x, 0, sizeof x);
    gk_rep_summary_init(&x.sum, gk_report_plan(d));
    assert_int_equal(gk_report_stream(s, d, &sink, &err), 0);
    assert_non_null(strstr(x.log, "市税の収納率"));
    assert_null(strstr(x.log, "時間外勤務時間数"));
    gk_rep_summary_free(&x.sum);
    gk_report_close(d);
    q.dept = "ない課";
    assert_null(gk_report_open(s, &q, &err));
    assert_non_null(strstr(err.msg, "ない課"));
    q.dept = NULL;
    q.plan = "ない計画";
    assert_null(gk_report_open(s, &q, &err));
    gk_store_close(s);
}

/* --- writers ------------------------------------------------------------------------- */

/* The report r asks for from database db through gk_report_write, the
 * function `gyokaku report` calls, as a malloc'd string. */
static char *write_report(const char *db, const gk_report_request *r)
{
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    assert_non_null(f);
    int frozen = -1;
    assert_int_equal(gk_report_write(s, r, f, &frozen, &err), 0);
    assert_int_equal(frozen, 0); /* no year of these plans is locked */
    assert_int_equal(fclose(f), 0);
    gk_store_close(s);
    assert_non_null(text);
    return text;
}

/* The report of the test plan for its report year (2022), as a malloc'd
 * string. */
static char *report_with(const char *format, const char *width, const char *with)
{
    import_plan();
    gk_report_request r = {.q = {.year = 2022}, .o = {.enc = GK_ENC_UTF8}, .with = with};
    gk_error err = {{0}};
    assert_int_equal(gk_report_format_parse(format, &r.o.format, &err), 0);
    r.o.width = atoi(width);
    return write_report(db_path, &r);
}

static char *report(const char *format, const char *width)
{
    return report_with(format, width, "all");
}

/* The command writes exactly what gk_report_write writes: it only reads its
 * options around the one call. */
static void test_command_is_the_pipeline(void **state)
{
    (void)state;
    static const char *const formats[] = {"html", "text", "markdown", "csv"};
    for (size_t i = 0; i < 4; i++) {
        char *direct = report_with(formats[i], "80", "all");
        const char *out = gk_test_path("cmd.out");
        gk_cli cli = {.db = db_path};
        char *argv[] = {"report", "--format", (char *)formats[i], "--year", "2022", "--with",
                        "all",    "-o",       (char *)out,        NULL};
        assert_int_equal(gk_cmd_report(&cli, 9, argv), 0);
        char *cmd = gk_read_file(out, NULL);
        assert_non_null(cmd);
        assert_true(strlen(direct) > 100);
        assert_string_equal(cmd, direct);
        free(cmd);
        free(direct);
    }
}

static size_t count(const char *s, const char *w)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, w)); p += strlen(w))
        n++;
    return n;
}

/* The plain published layout prints only what was written: no computed
 * 評価, no chart, no evaluation box, no 集計 page; each switch adds its
 * part, and the office's choice is stored per plan. */
static void test_additions(void **state)
{
    (void)state;
    char *t = report_with("text", "80", NULL);
    assert_int_equal(count(t, "達成"), count(t, "達成＊")); /* only the entered one */
    assert_int_equal(count(t, "達成＊"), 1);
    assert_null(strstr(t, "集計（"));
    assert_null(strstr(t, "の評価］"));
    char *g = report_with("text", "80", "grades");
    assert_true(count(g, "達成") > count(g, "達成＊"));
    assert_null(strstr(g, "集計（"));
    char *b = report_with("text", "80", "boxes");
    assert_non_null(strstr(b, "の評価］"));
    assert_null(strstr(b, "集計（"));
    char *m = report_with("text", "80", "summary");
    assert_non_null(strstr(m, "集計（"));
    assert_null(strstr(m, "の評価］"));
    char *h = report_with("html", "80", NULL);
    assert_null(strstr(h, "<svg"));
    char *hc = report_with("html", "80", "charts");
    assert_non_null(strstr(hc, "○ 目標値"));
    assert_null(strstr(hc, "見込")); /* charts alone: no 見込, not even in the chart */
    char *he = report_with("html", "80", "charts,expected");
    assert_non_null(strstr(he, "見込を含む"));
    free(he);
    free(t);
    free(g);
    free(b);
    free(m);
    free(h);
    free(hc);

    /* stored per plan by the office; --without overrides */
    gk_error err;
    gk_store *s = gk_store_open(db_path, 0, &err);
    assert_non_null(s);
    unsigned adds = 99;
    assert_int_equal(gk_plan_additions_get(s, "テスト計画", &adds, &err), 0);
    assert_int_equal(adds, 0);
    assert_int_equal(gk_plan_additions_set(s, "テスト計画", "+summary,charts", &adds, &err), 0);
    assert_int_equal(adds, GK_ADD_SUMMARY | GK_ADD_CHARTS);
    assert_int_equal(gk_plan_additions_set(s, "テスト計画", "-charts", &adds, &err), 0);
    assert_int_equal(adds, GK_ADD_SUMMARY);
    assert_int_equal(gk_plan_additions_set(s, "テスト計画", "bogus", &adds, &err), -1);
    assert_int_equal(gk_plan_additions_get(s, "テスト計画", &adds, &err), 0);
    assert_int_equal(adds, GK_ADD_SUMMARY);
    gk_store_close(s);
    char *st = report_with("text", "80", NULL);
    assert_non_null(strstr(st, "集計（"));
    free(st);
    char *plain = report_with("text", "80", "none");
    assert_null(strstr(plain, "集計（")); /* --with none: the plain layout */
    free(plain);
    s = gk_store_open(db_path, 0, &err);
    assert_int_equal(gk_plan_additions_set(s, "テスト計画", "none", &adds, &err), 0);
    assert_int_equal(adds, 0);
    gk_store_close(s);
}

/* Totals of two 効果額 series on a synthetic plan: two 基本目標, two items
 * each, three years; some years have only a target. The expected sums are
 * computed here from the same numbers, not by the program. */
static const long syn_target[2][4][3] =
    {/* [series][item][year]; 0: none */
     {{100, 200, 300}, {10, 20, 30}, {1000, 0, 3000}, {5, 5, 5}},
     {{90, 210, 0}, {11, 0, 33}, {900, 2100, 2900}, {-7, 6, 4}}};
static const long syn_actual[2][4][3] = {{{110, 0, 0}, {9, 25, 0}, {0, 1999, 0}, {4, 0, 0}},
                                         {{-52218, 0, 0}, {0, 19, 0}, {950, 0, 0}, {3, 3, 0}}};

static int syn_report(void *arg)
{
    const char **a = arg;
    gk_cli cli = {.db = (char *)a[0]};
    char *argv[] = {"report", "--format", "csv", "--year", "2023", "-o", (char *)a[1], NULL};
    return gk_cmd_report(&cli, 7, argv);
}

static void test_sum_totals(void **state)
{
    (void)state;
    static const char *const series[2] = {"計画策定時", "後期策定時"};
    char csv[8192];
    size_t o = (size_t)snprintf(csv, sizeof csv,
                                "計画,基本目標,取組項目,所管課,指標,系列,単位,"
                                "年度,目標値,実績値\n");
    for (int it = 0; it < 4; it++)
        for (int k = 0; k < 2; k++)
            for (int y = 0; y < 3; y++) {
                char t[32] = "", x[32] = "";
                if (syn_target[k][it][y]) snprintf(t, sizeof t, "%ld", syn_target[k][it][y]);
                if (syn_actual[k][it][y]) snprintf(x, sizeof x, "%ld", syn_actual[k][it][y]);
                o += (size_t)snprintf(csv + o, sizeof csv - o,
                                      "T,目標%d,項目%d,課,効果額,%s,千円,%d,%s,%s\n", it / 2 + 1,
                                      it + 1, series[k], 2022 + y, t, x);
            }
    const char *db = gk_test_path("syn.db");
    const char *path = gk_test_path("syn.csv");
    unlink(db);
    gk_write_file(path, csv, o);
    gk_cli cli = {.db = db};
    char *argv[] = {"import", (char *)path, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, argv), 0);
    const char *out = gk_test_path("syn.out");
    const char *a[] = {db, out};
    char *msg;
    assert_int_equal(gk_capture_stderr(syn_report, a, &msg), 0);
    free(msg);
    char *c = gk_read_file(out, NULL);
    assert_non_null(c);
    /* per scope (all, 目標1 = items 0-1, 目標2 = items 2-3): each series' target
     * and actual rows and the difference row, per year and over the period */
    for (int scope = 0; scope < 3; scope++) {
        int from = scope == 2 ? 2 : 0, to = scope == 1 ? 2 : 4;
        long tot[2][2] = {{0}}, fig[2][3] = {{0}}, diff_total = 0;
        bool has_fig[2][3] = {{false}};
        char want[512];
        for (int k = 0; k < 2; k++) {
            for (int row = 0; row < 2; row++) {
                const long(*v)[4][3] = row ? syn_actual : syn_target;
                size_t w = (size_t)snprintf(want, sizeof want, ",%s,%s", series[k],
                                            row ? "実績値" : "目標値");
                for (int y = 0; y < 3; y++) {
                    long sum = 0;
                    bool any = false;
                    for (int it = from; it < to; it++)
                        if (v[k][it][y]) {
                            sum += v[k][it][y];
                            any = true;
                        }
                    w += (size_t)snprintf(want + w, sizeof want - w, any ? ",%ld" : ",", sum);
                    if (any) tot[k][row] += sum;
                    if (any && (row == 1 || !has_fig[k][y])) {
                        fig[k][y] = sum;
                        has_fig[k][y] = true;
                    }
                }
                snprintf(want + w, sizeof want - w, ",%ld\r\n", tot[k][row]);
                if (!strstr(c, want)) fail_msg("scope %d: no row %s in\n%s", scope, want, c);
            }
        }
        /* the actual where there is one, else the target; per year and the period */
        size_t w = (size_t)snprintf(want, sizeof want, ",後期策定時－計画策定時,差");
        for (int y = 0; y < 3; y++) {
            bool both = has_fig[0][y] && has_fig[1][y];
            w += (size_t)snprintf(want + w, sizeof want - w, both ? ",%ld" : ",",
                                  fig[1][y] - fig[0][y]);
            if (both) diff_total += fig[1][y] - fig[0][y];
        }
        snprintf(want + w, sizeof want - w, ",%ld\r\n", diff_total);
        if (!strstr(c, want)) fail_msg("scope %d: no row %s in\n%s", scope, want, c);
    }
    assert_null(strstr(c, "△")); /* the CSV holds real numbers */
    assert_non_null(strstr(c, "-52218"));
    free(c);
}

/* --- charts ------------------------------------------------------------------------- */

/* The HTML report with charts of plan csv_text (a fresh database), as a
 * malloc'd string. */
static char *chart_report(const char *name, const char *csv_text)
{
    char file[64];
    snprintf(file, sizeof file, "%s.db", name);
    const char *db = gk_test_path(file);
    gk_test_rm_db(db);
    snprintf(file, sizeof file, "%s.csv", name);
    const char *csv = gk_test_path(file);
    gk_write_file(csv, csv_text, strlen(csv_text));
    gk_cli cli = {.db = (char *)db};
    char *imp[] = {"import", (char *)csv, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, imp), 0);
    gk_report_request r = {.q = {.year = 2023},
                           .o = {.format = GK_REPORT_HTML, .width = 80, .enc = GK_ENC_UTF8},
                           .with = "charts"};
    return write_report(db, &r);
}

/* The chart of the indicator titled title: from its <svg to </svg>
 * (malloc'd). */
static char *chart_of(const char *html, const char *title)
{
    char key[256];
    snprintf(key, sizeof key, "aria-label=\"%s：", title);
    const char *a = strstr(html, key);
    if (!a) fail_msg("no chart of %s", title);
    while (a > html && strncmp(a, "<svg", 4) != 0)
        a--;
    const char *b = strstr(a, "</svg>");
    assert_non_null(b);
    char *c = strndup(a, (size_t)(b - a));
    assert_non_null(c);
    return c;
}

/* An axis label is never cut: the label area at the left of the chart is
 * as wide as the widest label (measured by the text module); a chart of two
 * series has a legend naming both in their colours; a ceiling (未満, 以下,
 * 以内) or floor (以上) target is drawn as a labelled limit line, not as a
 * dashed line rising from the base. */
static void test_chart_labels_legend_limits(void **state)
{
    (void)state;
    static const char csv_text[] =
        "計画,基本目標,取組方針,取組項目,指標,系列,単位,初期値,初期値年度,年度,目標値,実績値\n"
        "C,G,方針,項目,大きな額,,円,\"1,234,567,890\",2021,2022,\"1,300,000,000\","
        "\"1,250,000,000\"\n"
        "C,G,方針,項目,大きな額,,,,,2023,\"1,400,000,000\",\"1,350,000,000\"\n"
        "C,G,方針,項目,取得率,男性,%,6.9%,2021,2022,10%,8.0%\n"
        "C,G,方針,項目,取得率,男性,,,,2023,13%,9.5%\n"
        "C,G,方針,項目,取得率,女性,%,90%,2021,2022,100%,95%\n"
        "C,G,方針,項目,取得率,女性,,,,2023,100%,98%\n"
        "C,G,方針,項目,一人当たり経費,,円,\"305,174\",2021,2022,\"370,000未満\",\"305,000\"\n"
        "C,G,方針,項目,一人当たり経費,,,,,2023,\"370,000未満\",\"310,000\"\n"
        "C,G,方針,項目,待ち日数,,日,20,2021,2022,10日以内,15\n"
        "C,G,方針,項目,待ち日数,,,,,2023,10日以内,12\n";
    char *h = chart_report("charts", csv_text);

    /* labels: the right end of the label area (x, text-anchor end) leaves
     * room for the widest label at CHART_CELL_PX 5.5 per cell */
    char *c = chart_of(h, "大きな額");
    const char *lab = strstr(c, "text-anchor=\"end\""); /* the top label */
    assert_non_null(lab);
    while (lab > c && strncmp(lab, "<text", 5) != 0)
        lab--;
    const char *xa = strstr(lab, " x=\"");
    assert_non_null(xa);
    double x = strtod(xa + 4, NULL);
    assert_non_null(strstr(lab, ">1,400,000,000<"));
    assert_true(x >= gk_str_width("1,400,000,000") * 5.5);
    assert_null(strstr(c, "class=\"limit\""));
    assert_null(strstr(c, "class=\"legend\"")); /* one series: no legend */
    free(c);

    /* two series: a legend with both names, in the colours of their lines */
    c = chart_of(h, "取得率");
    const char *lg = strstr(c, "<g class=\"legend\">");
    assert_non_null(lg);
    const char *m = strstr(lg, ">男性<"), *f = strstr(lg, ">女性<");
    assert_non_null(m);
    assert_non_null(f);
    assert_non_null(strstr(lg, "stroke=\"#1f5fa8\""));
    assert_non_null(strstr(lg, "stroke=\"#c0392b\""));
    assert_non_null(strstr(c, "stroke=\"#c0392b\" stroke-width=\"2\" points=")); /* 女性's line */
    free(c);

    /* a ceiling: one labelled limit line at 370,000 over both years, no
     * dashed target line (that would rise from the base to the limit) */
    const char *ceilings[] = {"一人当たり経費", "待ち日数"};
    const char *words[] = {"上限 370,000未満", "上限 10日以内"};
    for (int i = 0; i < 2; i++) {
        c = chart_of(h, ceilings[i]);
        assert_int_equal(strstr(c, "class=\"limit\"") != NULL, 1);
        assert_null(strstr(strstr(c, "class=\"limit\"") + 1, "class=\"limit\""));
        assert_non_null(strstr(c, words[i]));
        assert_null(strstr(c, "stroke-dasharray"));
        free(c);
    }
    assert_non_null(strstr(h, "上限・下限"));
    free(h);
}

/* --- the theme matrix ---------------------------------------------------------------- */

/* The report of plan csv_text (a fresh database) for 2024 in format, as a
 * malloc'd string. */
static char *plan_report(const char *name, const char *csv_text, const char *format)
{
    char file[64];
    snprintf(file, sizeof file, "%s.db", name);
    const char *db = gk_test_path(file);
    gk_test_rm_db(db);
    snprintf(file, sizeof file, "%s.csv", name);
    const char *csv = gk_test_path(file);
    gk_write_file(csv, csv_text, strlen(csv_text));
    gk_cli cli = {.db = (char *)db};
    char *imp[] = {"import", (char *)csv, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, imp), 0);
    gk_report_request r = {.q = {.year = 2024}, .o = {.width = 60, .enc = GK_ENC_UTF8}};
    gk_error err = {{0}};
    assert_int_equal(gk_report_format_parse(format, &r.o.format, &err), 0);
    return write_report(db, &r);
}

static const char theme_csv[] =
    "計画,基本目標,取組方針,取組項目,所管課,テーマ,年度,取組状況\n"
    "T,1 目標A,(1) 方針,① 窓口のデジタル化,情報課,DX、市民サービス,2024,進めた\n"
    "T,1 目標A,(1) 方針,② 公共施設の再編,財産課,施設；財政,2024,検討した\n"
    "T,2 目標B,(1) 方針,③ 電子申請の拡大,情報課,DX,2024,拡大した\n"
    "T,2 目標B,(1) 方針,④ テーマのない項目,企画課,,2024,なし\n";

/* A plan with テーマ prints the matrix of its items × テーマ in the plain
 * layout (it is the plan's data, not an addition): the テーマ in the order
 * the items name them, ○ where an item has one, 計 per テーマ, the rows
 * under their 基本目標; a plan without テーマ prints none. */
static void test_theme_matrix(void **state)
{
    (void)state;
    char *h = plan_report("themes", theme_csv, "html");
    const char *m = strstr(h, "<table class=\"themes\">");
    assert_non_null(m);
    assert_non_null(strstr(m, "<thead><tr><th>取組項目</th><th>DX</th><th>市民サービス</th>"
                              "<th>施設</th><th>財政</th></tr></thead>"));
    assert_non_null(strstr(m, "<tr class=\"goal\"><th colspan=\"5\">1 目標A</th></tr>\n"
                              "<tr><td class=\"name\">① 窓口のデジタル化</td><td>○</td>"
                              "<td>○</td><td></td><td></td></tr>\n"
                              "<tr><td class=\"name\">② 公共施設の再編</td><td></td><td></td>"
                              "<td>○</td><td>○</td></tr>\n"
                              "<tr class=\"goal\"><th colspan=\"5\">2 目標B</th></tr>"));
    assert_non_null(strstr(m, "<td class=\"name\">④ テーマのない項目</td><td></td><td></td>"
                              "<td></td><td></td></tr>"));
    assert_non_null(strstr(m, "<td class=\"name\">計</td><td>2</td><td>1</td><td>1</td>"
                              "<td>1</td></tr>"));
    free(h);

    char *t = plan_report("themes", theme_csv, "text");
    assert_non_null(strstr(t, "テーマ別の取組項目\n"));
    assert_non_null(strstr(t, "   1 DX\n   2 市民サービス\n   3 施設\n   4 財政\n"));
    assert_non_null(strstr(t, "  ① 窓口のデジタル化  ○  ○\n"));
    assert_non_null(strstr(t, "  ② 公共施設の再編          ○  ○\n"));
    assert_non_null(strstr(t, "  計                  2  1  1  1\n"));
    free(t);

    char *md = plan_report("themes", theme_csv, "markdown");
    assert_non_null(strstr(md, "| 取組項目 | DX | 市民サービス | 施設 | 財政 |\n"));
    assert_non_null(strstr(md, "| ① 窓口のデジタル化 | ○ | ○ |  |  |\n"));
    free(md);

    /* no テーマ: no matrix */
    static const char plain_csv[] = "計画,基本目標,取組方針,取組項目,所管課,年度,取組状況\n"
                                    "U,1 目標A,(1) 方針,① 項目,情報課,2024,進めた\n";
    char *p = plan_report("nothemes", plain_csv, "html");
    assert_null(strstr(p, "テーマ別"));
    free(p);
    p = plan_report("nothemes", plain_csv, "text");
    assert_null(strstr(p, "テーマ別"));
    free(p);
}

/* A level name is not printed twice; a year outside the plan is refused;
 * a draft says 速報. */
static int report_small(void *arg)
{
    const char **a = arg;
    gk_cli cli = {.db = (char *)a[0]};
    char *argv[] = {"report", "--format", "text", "--year", (char *)a[1], "-o", (char *)a[2], NULL};
    return gk_cmd_report(&cli, 7, argv);
}

static void test_level_year_state(void **state)
{
    (void)state;
    const char *db = gk_test_path("small.db");
    const char *csv = gk_test_path("small.csv");
    unlink(db);
    static const char data[] = "計画,計画期間,基本目標,取組項目,所管課,年度,取組状況\n"
                               "S,2022-2024,基本目標1 行政運営,① 項目,課,2022,済\n";
    gk_write_file(csv, data, sizeof data - 1);
    gk_cli cli = {.db = db};
    char *argv[] = {"import", (char *)csv, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, argv), 0);
    const char *out = gk_test_path("small.txt");
    const char *a[] = {db, "2022", out};
    char *msg;
    assert_int_equal(gk_capture_stderr(report_small, a, &msg), 0);
    free(msg);
    char *t = gk_read_file(out, NULL);
    assert_non_null(strstr(t, "基本目標1 行政運営"));
    assert_null(strstr(t, "基本目標 基本目標1"));
    assert_non_null(strstr(t, "速報（未確定）"));
    free(t);
    unlink(out);
    const char *b[] = {db, "2025", out};
    assert_int_equal(gk_capture_stderr(report_small, b, &msg), 2); /* a usage error */
    assert_non_null(strstr(msg, "R7(2025)"));
    free(msg);
    assert_int_equal(access(out, F_OK), -1); /* nothing written */
}

static void test_additions_parse(void **state)
{
    (void)state;
    unsigned a = 0;
    gk_error err;
    char buf[128];
    assert_int_equal(gk_rep_additions_apply("charts, +見込", &a, &err), 0);
    assert_int_equal(a, GK_ADD_CHARTS | GK_ADD_EXPECTED);
    assert_string_equal(gk_rep_additions_format(a, buf, sizeof buf), "expected,charts");
    assert_int_equal(gk_rep_additions_apply("all,-grades", &a, &err), 0);
    assert_int_equal(a, GK_ADD_ALL & ~GK_ADD_GRADES);
    assert_int_equal(gk_rep_additions_apply("none", &a, &err), 0);
    assert_int_equal(a, 0);
    assert_string_equal(gk_rep_additions_format(a, buf, sizeof buf), "none");
    a = GK_ADD_BOXES;
    assert_int_equal(gk_rep_additions_apply("+charts,chart", &a, &err), -1);
    assert_int_equal(a, GK_ADD_BOXES); /* unchanged on error */
    assert_non_null(strstr(err.msg, "chart"));
}

/* Every text from the data comes out escaped: a note with <script> and &,
 * a content with <b>, a goal title starting with =. */
static void test_html_escapes_data(void **state)
{
    (void)state;
    char *h = report("html", "80");
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 続き"));
    assert_null(strstr(h, "<script"));
    assert_non_null(strstr(h, "&lt;b&gt;内容&lt;/b&gt; &amp; 続き"));
    assert_null(strstr(h, "<b>"));
    assert_non_null(strstr(h, "<html lang=\"ja\">"));
    assert_null(strstr(h, "https://"));
    assert_null(strstr(h, "<link"));
    assert_non_null(strstr(h, "△146,731")); /* the comparison of the two series */
    assert_non_null(strstr(h, "達成＊"));   /* entered, marked */
    assert_non_null(strstr(h, "納期内納付の増加を評価"));
    assert_non_null(strstr(h, "方針の取組状況 &lt;u&gt;&amp;&lt;/u&gt;")); /* a policy's own note */
    /* deterministic */
    char *again = report("html", "80");
    assert_string_equal(h, again);
    free(again);
    free(h);
    char *m = report("markdown", "80");
    assert_non_null(strstr(m, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 続き"));
    assert_null(strstr(m, "<script"));
    free(m);
}

/* CSV: BOM, CRLF, the formula guard on a title starting with =. */
static void test_csv_summary(void **state)
{
    (void)state;
    char *c = report("csv", "80");
    assert_memory_equal(c, "\xEF\xBB\xBF", 3);
    assert_non_null(
        strstr(c, "集計,名称,対象,入力済,入力率,達成,概ね達成,未達成,未評価,入力不要\r\n"));
    assert_non_null(strstr(c, "基本目標,'=2 目標B,2,2,100.0%,1,0,0,1,0\r\n"));
    assert_non_null(strstr(c, "計画全体,テスト計画,7,6,85.7%,3,0,0,4,0\r\n"));
    assert_non_null(
        strstr(c, "合計,改革改善効果額,千円,計画全体,後期策定時－計画策定時,差,-146731,"));
    assert_non_null(
        strstr(c, "合計,改革改善効果額,千円,'=2 目標B,後期策定時－計画策定時,差,-145231,"));
    assert_null(strstr(c, "\n\n"));
    free(c);
}

/* Every line of the text format fits the width, measured by the text
 * engine, in both ambiguous-width modes. */
static void test_text_fits_width(void **state)
{
    (void)state;
    static const char *const widths[] = {"40", "57", "80", "132"};
    for (int wide = 0; wide < 2; wide++) {
        gk_text_set_ambiguous_wide(wide);
        for (size_t i = 0; i < 4; i++) {
            char *t = report("text", widths[i]);
            int max = atoi(widths[i]);
            size_t lines = 0;
            for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n"), lines++)
                if (gk_str_width(line) > max)
                    fail_msg("width %d (%s): %d cells: %s", max, wide ? "wide" : "narrow",
                             gk_str_width(line), line);
            assert_true(lines > 20);
            free(t);
        }
    }
    gk_text_set_ambiguous_wide(false);
}

/* What the writers' own formatters wrote between the markers [[ and ]]
 * of a text document (malloc'd). */
static char *between_marks(char *doc)
{
    char *a = strstr(doc, "[["), *b = a ? strstr(a, "]]") : NULL;
    assert_non_null(b);
    return strndup(a + 2, (size_t)(b - a - 2));
}

/* A text writer of plan p into a memory stream, its formatters' output
 * starting after "[[" (a writer's own head comes first). */
typedef struct memdoc {
    char *doc;
    size_t n;
    FILE *f;
} memdoc;

static gk_report_writer *memdoc_open(memdoc *m, const gk_rep_plan *p)
{
    gk_error err = {{0}};
    m->doc = NULL;
    m->n = 0;
    m->f = open_memstream(&m->doc, &m->n);
    assert_non_null(m->f);
    gk_report_opts o = {.format = GK_REPORT_TEXT, .width = 80};
    gk_report_writer *w = gk_report_writer_open(m->f, &o, p, &err);
    assert_non_null(w);
    rw_puts(w, "[[");
    return w;
}

/* Ends the document of memdoc_open: what the formatters wrote between the
 * markers (malloc'd). */
static char *memdoc_close(memdoc *m, gk_report_writer *w)
{
    gk_error err = {{0}};
    rw_puts(w, "]]");
    assert_int_equal(gk_report_writer_close(w, &err), 0);
    assert_int_equal(fclose(m->f), 0);
    char *got = between_marks(m->doc);
    free(m->doc);
    return got;
}

/* The formatters that replace printf on the hot path write what printf and
 * gk_html_escape write: integers, coordinates in tenths and whole pixels
 * (ties to even, as printf), escaped text in runs, longer than the buffer. */
static void test_writer_formatters(void **state)
{
    (void)state;
    static const double v[] = {0,        0.04,      0.06,  1.25,  0.15,   12.349,
                               99.95001, 130,       -0.04, -3.04, -52.26, 259.9,
                               260.0,    1e6 + 0.3, 7.999, 2.5,   -2.5,   0.05};
    static const char *const esc[] = {"",
                                      "plain",
                                      "<a href='x'>&\"</a>",
                                      "日本語\x01\x7f\xff\xc2",
                                      "\xc2\x85 bidi \xe2\x80\xae end",
                                      "tab\tline\nret\r"};
    int years[] = {2024, 2025};
    gk_rep_plan p = {.name = "P",
                     .label_goal = "基本目標",
                     .label_policy = "取組方針",
                     .label_item = "取組項目",
                     .year = 2024,
                     .nyears = 2,
                     .years = years};
    gk_error err = {{0}};
    assert_int_equal(gk_grades_parse(GK_GRADES_DEFAULT, &p.grades, &err), 0);
    memdoc m;
    gk_report_writer *w = memdoc_open(&m, &p);
    char want[65536] = "", one[128];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        rw_fixed(w, v[i], 1);
        rw_putc(w, ' ');
        rw_fixed(w, v[i], 0);
        rw_putc(w, ' ');
        rw_long(w, (long)v[i] * -7);
        rw_putc(w, ';');
        snprintf(one, sizeof one, "%.1f %.0f %ld;", v[i], v[i], (long)v[i] * -7);
        strcat(want, one);
    }
    rw_svgf(w, "<p x=\"%1\" y=\"%0\" %s>%%", 2.25, 102.5, "z");
    strcat(want, "<p x=\"2.2\" y=\"102\" z>%"); /* ties to even, as printf */
    for (size_t i = 0; i < sizeof esc / sizeof *esc; i++) {
        rw_html_esc(w, esc[i]);
        char *e = gk_html_escape(esc[i]);
        strcat(want, e);
        free(e);
    }
    /* longer than the buffer: written through it all the same */
    char *big = malloc(sizeof w->buf + 100);
    memset(big, 'x', sizeof w->buf + 99);
    big[sizeof w->buf + 99] = '\0';
    big[5] = '<';
    rw_html_esc(w, big);
    char *got = memdoc_close(&m, w);
    size_t head = strlen(want);
    assert_true(strlen(got) == head + sizeof w->buf + 99 + 3);
    assert_memory_equal(got, want, head);
    assert_memory_equal(got + head, "xxxxx&lt;xx", 11);
    free(got);
    free(big);
}

/* rw_fixed against printf on many values: halves and tenths that are ties
 * in decimal but not in binary (0.15, 2.25, 1e6 + 0.05), small, negative
 * and large coordinates; the digits must be printf's on every platform and
 * under valgrind (no long double). */
static void test_fixed_matches_printf(void **state)
{
    (void)state;
    int years[] = {2024};
    gk_rep_plan p = {.name = "P", .year = 2024, .nyears = 1, .years = years};
    gk_error err = {{0}};
    assert_int_equal(gk_grades_parse(GK_GRADES_DEFAULT, &p.grades, &err), 0);
    memdoc m;
    gk_report_writer *w = memdoc_open(&m, &p);
    enum { N = 20000 };
    size_t cap = (size_t)N * 64, len = 0;
    char *want = malloc(cap);
    assert_non_null(want);
    uint64_t x = 88172645463325252ULL; /* xorshift: the same values every run */
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        switch (i % 4) {
        case 0:
            v = (double)(long)(x % 400001) / 100 - 2000;
            break; /* hundredths */
        case 1:
            v = (double)(long)(x % 20001) / 20 - 500;
            break; /* twentieths: ties */
        case 2:
            v = ldexp((double)(x >> 11), -53) * 1e6;
            break; /* any */
        default:
            v = (double)(long)(x % 2001) / 1000;
            break; /* thousandths */
        }
        rw_fixed(w, v, 1);
        rw_putc(w, ' ');
        rw_fixed(w, v, 0);
        rw_putc(w, '\n');
        len += (size_t)snprintf(want + len, cap - len, "%.1f %.0f\n", v, v);
    }
    char *got = memdoc_close(&m, w);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void test_escape_functions(void **state)
{
    (void)state;
    char *e = gk_html_escape("<script>alert('x')</script> & \"q\"\x01\xff");
    assert_string_equal(e, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
                           "\xEF\xBF\xBD\xEF\xBF\xBD");
    free(e);
    e = gk_md_escape("a|b *c* [d](e) <i>\nf");
    assert_string_equal(e, "a\\|b \\*c\\* \\[d\\](e) &lt;i&gt;<br>f");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_v1_to_current),
        cmocka_unit_test(test_grades_stored),
        cmocka_unit_test(test_stream_and_summary),
        cmocka_unit_test(test_escape_functions),
        cmocka_unit_test(test_writer_formatters),
        cmocka_unit_test(test_fixed_matches_printf),
        cmocka_unit_test(test_html_escapes_data),
        cmocka_unit_test(test_csv_summary),
        cmocka_unit_test(test_additions_parse),
        cmocka_unit_test(test_level_year_state),
        cmocka_unit_test(test_sum_totals),
        cmocka_unit_test(test_chart_labels_legend_limits),
        cmocka_unit_test(test_theme_matrix),
        cmocka_unit_test(test_additions),
        cmocka_unit_test(test_command_is_the_pipeline),
        cmocka_unit_test(test_text_fits_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
