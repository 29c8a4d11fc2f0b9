/*
 * test_ui_chart.c — the arithmetic of bars and year charts (chart.c) without
 * a terminal: steps rounded to the nearest, never nothing for something nor
 * all for less than all; bars exactly as wide as asked in eighths and in
 * '#', with the block characters two cells wide when ambiguous characters
 * are; the year chart of a series with its base, targets, interim
 * expectations (見込) and actuals; and the summary's count of units that
 * need no entry (report.h, an item ended by its 見直し区分).
 */
#include "gk_test.h"

#include "../../src/ui/widgets.h"
#include "gyokaku/report.h"
#include "gyokaku/text.h"

static int count_of(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + strlen(what), what))
        n++;
    return n;
}

static void test_steps_round_and_clamp(void **state)
{
    (void)state;
    assert_int_equal(ui_gauge_steps(0, 10, 80), 0);
    assert_int_equal(ui_gauge_steps(5, 0, 80), 0);  /* nothing to measure against */
    assert_int_equal(ui_gauge_steps(-3, 10, 80), 0);
    assert_int_equal(ui_gauge_steps(10, 10, 80), 80);
    assert_int_equal(ui_gauge_steps(12, 10, 80), 80); /* never longer than the bar */
    assert_int_equal(ui_gauge_steps(5, 10, 80), 40);
    assert_int_equal(ui_gauge_steps(2, 3, 80), 53);   /* 53.33 */
    assert_int_equal(ui_gauge_steps(1, 3, 8), 3);     /* 2.67 rounds up */
    assert_int_equal(ui_gauge_steps(1, 1000, 80), 1); /* 0.08: still visible */
    assert_int_equal(ui_gauge_steps(999, 1000, 80), 79); /* 79.92: not full */
    /* the chart's scale: lo is one step, hi all of them */
    assert_int_equal(ui_chart_steps(100, 100, 200, 41), 1);
    assert_int_equal(ui_chart_steps(200, 100, 200, 41), 41);
    assert_int_equal(ui_chart_steps(150, 100, 200, 41), 21);
    assert_int_equal(ui_chart_steps(7, 7, 7, 40), 20); /* a flat series: half */
}

static void test_bars_are_exactly_as_wide_as_asked(void **state)
{
    (void)state;
    gk_text_set_ambiguous_wide(false);
    char *b = ui_gauge(1, 2, 10, false); /* 40 of 80 eighths: 5 full blocks */
    assert_string_equal(b, "█████     ");
    assert_int_equal(gk_str_width(b), 10);
    free(b);
    b = ui_gauge(2, 3, 10, false); /* 53 eighths: 6 full and 5/8 */
    assert_string_equal(b, "██████▋   ");
    free(b);
    b = ui_gauge(1, 80, 10, false); /* one eighth */
    assert_string_equal(b, "▏         ");
    free(b);
    b = ui_gauge(2, 3, 10, true); /* '#': 6.67 cells round to 7 */
    assert_string_equal(b, "#######   ");
    free(b);
    b = ui_gauge(3, 3, 7, true);
    assert_string_equal(b, "#######");
    free(b);
    b = ui_gauge(0, 3, 4, false);
    assert_string_equal(b, "    ");
    free(b);
    for (int w = 0; w < 20; w++)
        for (int v = 0; v <= 7; v++) {
            char *x = ui_gauge(v, 7, w, false);
            assert_int_equal(gk_str_width(x), w);
            free(x);
        }
}

static void test_bars_in_the_wide_mode(void **state)
{
    (void)state;
    gk_text_set_ambiguous_wide(true);
    assert_int_equal(ui_gauge_cell(false), 2); /* █ is East Asian Ambiguous */
    assert_int_equal(ui_gauge_cell(true), 1);
    assert_int_equal(ui_gauge_capacity(11, false), 40); /* 5 characters of 2 cells */
    char *b = ui_gauge(1, 2, 11, false);                 /* 20 eighths: ██▌ */
    assert_string_equal(b, "██▌     "); /* 6 cells, then 5 blank */
    assert_int_equal(gk_str_width(b), 11);
    free(b);
    for (int w = 0; w < 20; w++)
        for (int v = 0; v <= 7; v++) {
            char *x = ui_gauge(v, 7, w, false);
            assert_int_equal(gk_str_width(x), w);
            free(x);
        }
    /* the base mark stands in an empty character, two cells wide */
    b = ui_gauge_draw(8, 8, false, 2);
    assert_string_equal(b, "█  :   "); /* characters 0 to 3, two cells each */
    free(b);
    gk_text_set_ambiguous_wide(false);
}

/* The SNS followers of the demo plan: 1,483 in 2017, 6,000 by 2023. */
static void test_year_chart(void **state)
{
    (void)state;
    static const int years[] = {2019, 2020, 2021, 2022, 2023};
    static const char *const targets[] = {NULL, NULL, NULL, NULL, "6,000"};
    static const char *const actuals[] = {"5,253", "6,825", "10,602", "26,684", NULL};
    gk_series_years sy = {.base_raw = "1,483",
                          .base_year = 2017,
                          .unit = "",
                          .dir = GK_DIR_INCREASE,
                          .n = 5,
                          .years = years,
                          .targets = targets,
                          .actuals = actuals};
    for (int wide = 0; wide < 2; wide++) {
        gk_text_set_ambiguous_wide(wide);
        ui_pager p = {0};
        ui_pager_reset(&p, 46);
        size_t n = ui_pager_chart(&p, &sy, NULL, 2022, false);
        /* heading, base, 4 × (見込 + 実績), the 2023 target */
        assert_int_equal(n, 1 + 1 + 8 + 1);
        assert_non_null(strstr(p.lines[0].text, "1,483"));
        assert_non_null(strstr(p.lines[0].text, "26,684"));
        for (size_t i = 1; i < n; i++)
            assert_int_equal(gk_str_width(p.lines[i].text), 46);
        assert_non_null(strstr(p.lines[1].text, "Base"));
        assert_non_null(strstr(p.lines[2].text, "見込"));
        assert_int_equal(p.lines[2].st, ST_DIM);
        /* 2022: expected 1,483 + 4,517 × 5/6 = 5,247, marked as the year */
        assert_non_null(strstr(p.lines[8].text, "見込"));
        assert_non_null(strstr(p.lines[8].text, "5,247"));
        assert_int_equal(p.lines[8].st, ST_MARK);
        assert_non_null(strstr(p.lines[9].text, "26,684"));
        /* the largest fills the bar, the smallest (the base) one step */
        char *full = strstr(p.lines[9].text, "█");
        assert_non_null(full);
        assert_null(strstr(p.lines[9].text, ":"));
        assert_int_equal(count_of(p.lines[1].text, "█"), 0);
        assert_int_equal(count_of(p.lines[1].text, "▏"), 1);
        /* a bar shorter than the base's place never happens here: the base is
         * the minimum; every other bar passes the mark */
        assert_non_null(strstr(p.lines[10].text, "Target"));
        ui_pager_free(&p);
    }
    gk_text_set_ambiguous_wide(false);
    /* under other lines: a blank line first */
    ui_pager p0 = {0};
    ui_pager_reset(&p0, 46);
    ui_pager_line(&p0, "取組状況", ST_HEAD, 0);
    assert_int_equal(ui_pager_chart(&p0, &sy, NULL, 2022, false), 12);
    assert_string_equal(p0.lines[1].text, "");
    ui_pager_free(&p0);
    /* words only: no chart */
    static const char *const words[] = {"検討", NULL, "実施", NULL, NULL};
    gk_series_years q = sy;
    q.base_raw = NULL;
    q.targets = words;
    q.actuals = words;
    ui_pager p = {0};
    ui_pager_reset(&p, 40);
    assert_int_equal(ui_pager_chart(&p, &q, "", 2022, false), 0);
    assert_int_equal(p.n, 0);
    ui_pager_free(&p);
}

/* The base marked ':' on a bar that stops short of it (a decrease). */
static void test_chart_marks_the_base(void **state)
{
    (void)state;
    static const int years[] = {2019, 2020};
    static const char *const targets[] = {"縮減", NULL};
    static const char *const actuals[] = {"149.6時間", "100時間"};
    gk_series_years sy = {.base_raw = "161.2時間",
                          .base_year = 2017,
                          .unit = "時間",
                          .dir = GK_DIR_DECREASE,
                          .n = 2,
                          .years = years,
                          .targets = targets,
                          .actuals = actuals};
    ui_pager p = {0};
    ui_pager_reset(&p, 50);
    size_t n = ui_pager_chart(&p, &sy, "男性", 2020, true);
    assert_int_equal(n, 1 + 1 + 2 + 1); /* heading, base, 縮減 + actual, actual */
    assert_non_null(strstr(p.lines[0].text, "100.0"));
    assert_non_null(strstr(p.lines[0].text, "男性: ")); /* the series' name */
    assert_non_null(strstr(p.lines[2].text, "縮減")); /* a word: a row without a bar */
    assert_null(strstr(p.lines[2].text, "#"));
    assert_non_null(strstr(p.lines[4].text, ":")); /* 100 stops short of 161.2 */
    assert_null(strstr(p.lines[1].text, ":"));
    ui_pager_free(&p);
}

/* An item ended by its 見直し区分 needs no entry: counted apart from the
 * missing ones, with its indicators; an entered one stays entered. */
static void test_summary_counts_ended(void **state)
{
    (void)state;
    static const int years[] = {2022};
    gk_rep_plan p = {.name = "p", .year = 2022, .nyears = 1, .years = years, .year_index = 0};
    gk_error err;
    assert_int_equal(gk_grades_parse(GK_GRADES_DEFAULT, &p.grades, &err), 0);
    gk_rep_summary s;
    gk_rep_summary_init(&s, &p);
    const char *dept[] = {"職員課"};
    gk_rep_item ended = {.kind = 'i', .goal = "G", .title = "a", .review = "廃止（集約）",
                         .depts = dept, .ndepts = 1};
    gk_rep_judge(&p, &ended);
    assert_true(ended.ended);
    assert_int_equal(gk_rep_summary_add(&s, &ended, "-", "-"), 0);
    gk_rep_item open = {.kind = 'i', .goal = "G", .title = "b", .review = "継続",
                        .depts = dept, .ndepts = 1};
    gk_rep_judge(&p, &open);
    assert_false(open.ended);
    assert_int_equal(gk_rep_summary_add(&s, &open, "-", "-"), 0);
    gk_rep_item done = {.kind = 'i', .goal = "G", .title = "c", .review = "完了（R4年度）",
                        .status = "済", .depts = dept, .ndepts = 1};
    gk_rep_judge(&p, &done);
    assert_int_equal(gk_rep_summary_add(&s, &done, "-", "-"), 0);
    assert_int_equal(s.total.units, 3);
    assert_int_equal(s.total.entered, 1);
    assert_int_equal(s.total.ended, 1); /* the entered ended item counts as entered */
    assert_int_equal(s.goals[0].ended, 1);
    assert_int_equal(s.depts[0].ended, 1);
    gk_rep_summary_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_round_and_clamp),
        cmocka_unit_test(test_bars_are_exactly_as_wide_as_asked),
        cmocka_unit_test(test_bars_in_the_wide_mode),
        cmocka_unit_test(test_year_chart),
        cmocka_unit_test(test_chart_marks_the_base),
        cmocka_unit_test(test_summary_counts_ended),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
