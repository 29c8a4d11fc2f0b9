/*
 * test_frozen.c — published means frozen (frozen.h): after a year is
 * locked, its report stays byte for byte what it was while grade bands,
 * later targets, base values and titles change; unlocking (with a reason)
 * shows the changes; another, unlocked year shows them at once.
 */
#include "gk_test.h"

#include "gyokaku/cli.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/roles.h"

static const char *db;

static int run_import(void *ctx)
{
    char *argv[] = {"import", "--db", (char *)db, (char *)ctx, NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static void import(const char *csv)
{
    char *out;
    if (gk_capture_stderr(run_import, (void *)csv, &out) != 0) fail_msg("import: %s", out);
    free(out);
}

static int run_report(void *ctx)
{
    /* every addition on: the grades and 見込 are what a lock must freeze */
    char **a = ctx;
    char *argv[] = {"report", "--db",   (char *)db, "--year", a[0], "--format",
                    a[2],     "--with", "all",      "-o",     a[1], NULL};
    gk_cli cli = {0};
    return gk_cmd_report(&cli, 11, argv);
}

/* The report of year in format fmt into a malloc'd string. */
static char *report_as(const char *year, const char *fmt)
{
    const char *path = gk_test_path("r.out");
    char *args[] = {(char *)year, (char *)path, (char *)fmt};
    char *err;
    if (gk_capture_stderr(run_report, args, &err) != 0) fail_msg("report: %s", err);
    free(err);
    return gk_read_file(path, NULL);
}

/* The text report of year. */
static char *report(const char *year)
{
    return report_as(year, "text");
}

static const char *const formats[] = {"text", "csv", "md", "html"};
#define NFORMATS (sizeof formats / sizeof *formats)

/* The report without its 確定/速報 line, which says whether the year is
 * locked (and must differ between a draft and the locked report), and
 * without the 【未承認】 marks a locked report puts beside what was not
 * approved (a draft has none). */
static char *body(char *r)
{
    static const char mark[] = "　【未承認】";
    for (char *m; (m = strstr(r, mark));)
        memmove(m, m + sizeof mark - 1, strlen(m + sizeof mark - 1) + 1);
    char *l = strstr(r, "\n確定（");
    if (!l) l = strstr(r, "\n速報（");
    assert_non_null(l);
    char *e = strchr(l + 1, '\n');
    assert_non_null(e);
    memmove(l, e, strlen(e) + 1);
    return r;
}

static void test_locked_report_frozen(void **state)
{
    (void)state;
    db = gk_test_path("f.db");
    import("tests/e2e/data/clerk.csv");
    char *before = report("2023"), *other_before = report("2022");
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_year_lock(s, 2023, "公表", &err), 0);
    gk_store_close(s);
    char *locked = report("2023");
    char *published[NFORMATS]; /* every format of the report, as published */
    for (size_t i = 0; i < NFORMATS; i++)
        published[i] = report_as("2023", formats[i]);
    assert_non_null(strstr(locked, "\n確定（"));
    assert_non_null(strstr(before, "\n速報（"));
    assert_non_null(strstr(locked, "① 窓口の改善　【未承認】")); /* nothing was approved */
    assert_null(strstr(before, "【未承認】"));
    assert_string_equal(body(locked), body(before));
    free(locked);

    /* what 評価 depends on, changed through gyokaku: bands and their names,
     * a later target (見込), a base value, a title */
    s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_plan_grades_set(s, "事務計画", "S>=120,A>=100,B", &err), 0);
    gk_store_close(s);
    const char *csv = gk_test_path("later.csv");
    static const char later[] =
        "計画,基本目標,取組方針,取組項目,指標,単位,初期値,初期値年度,年度,目標値\n"
        "事務計画,1 行政運営,(1) 事務の改善,① 窓口の改善,待ち時間,分,40分,2021,2024,5分\n"
        "事務計画,1 行政運営,(1) 事務の改善,③ 研修の充実,研修受講率,%,50%,2021,2024,99%\n";
    gk_write_file(csv, later, sizeof later - 1);
    import(csv);
    char *other_after = report("2022");
    assert_string_not_equal(other_after, other_before); /* the changes are there */
    char *after = report("2023");
    assert_string_equal(body(after), before); /* ... but not in the published year */
    free(after);
    for (size_t i = 0; i < NFORMATS; i++) { /* in no format of it */
        char *now = report_as("2023", formats[i]);
        if (strcmp(now, published[i]) != 0) fail_msg("the %s report changed", formats[i]);
        free(now);
        free(published[i]);
    }

    s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_year_unlock(s, 2023, "訂正", &err), 0);
    gk_store_close(s);
    char *unlocked = report("2023");
    assert_string_not_equal(unlocked, before); /* unlocked: the live data again */
    free(unlocked);
    free(before);
    free(other_before);
    free(other_after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locked_report_frozen),
    };
    return cmocka_run_group_tests_name("frozen", tests, NULL, NULL);
}
