/* test_fiscal.c — fiscal years in western and era forms, and their output. */
#include "gk_test.h"

#include "gyokaku/fiscal.h"

static void test_accepted_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int year;
    } cases[] = {
        {"2024", 2024},
        {"２０２４", 2024},
        {"2024年度", 2024},
        {" 2024 ", 2024},
        {"R6", 2024},
        {"r6", 2024},
        {"Ｒ６", 2024},
        {"令和6", 2024},
        {"令和6年度", 2024},
        {"令和元年度", 2019},
        {"令和元", 2019},
        {"R1", 2019},
        {"R6(2024)", 2024},
        {"R6（2024）", 2024},
        {"令和6(2024)年度", 2024},
        {"令和6（2024）年度", 2024},
        {"H30", 2018},
        {"平成30年度", 2018},
        {"H31", 2019},
        {"平成元年度", 1989},
        {"S64", 1989},
        {"昭和64年度", 1989},
        {"T1", 1912},
        {"M33", 1900},
        {"2100", 2100},
        {"1900", 1900},
        {"2024年", 2024},
        {"令和 6 年度", 2024},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int y = 0;
        gk_error err = {{0}};
        if (gk_fy_parse(cases[i].in, &y, &err) != 0)
            fail_msg("%s: refused: %s", cases[i].in, err.msg);
        if (y != cases[i].year) fail_msg("%s: got %d, want %d", cases[i].in, y, cases[i].year);
    }
}

static void test_refused_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *says;
    } cases[] = {
        {"令和", "令和"},
        {"20245", "20245"},
        {"R100", "2118"},
        {"R6(2025)", "2025"},
        {"", "empty"},
        {"検討", "not a fiscal year"},
        {"1899", "1899"},
        {"2101", "2101"},
        {"24", "four digits"},
        {"R6(24)", "four-digit"},
        {"2024年度末", "2024年度末"},
        {"R0", "元"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int y = -7;
        gk_error err = {{0}};
        if (gk_fy_parse(cases[i].in, &y, &err) == 0) fail_msg("%s: accepted as %d", cases[i].in, y);
        if (!strstr(err.msg, cases[i].says))
            fail_msg("%s: message \"%s\" lacks \"%s\"", cases[i].in, err.msg, cases[i].says);
        assert_int_equal(y, -7); /* untouched on error */
    }
}

static void test_output_forms(void **state)
{
    (void)state;
    static const struct {
        int year;
        const char *shortf, *longf;
    } cases[] = {
        {2024, "R6(2024)", "令和6(2024)年度"},   {2019, "R1(2019)", "令和元(2019)年度"},
        {2018, "H30(2018)", "平成30(2018)年度"}, {1989, "H1(1989)", "平成元(1989)年度"},
        {1988, "S63(1988)", "昭和63(1988)年度"}, {2028, "R10(2028)", "令和10(2028)年度"},
    };
    char a[32], b[32];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_string_equal(gk_fy_short(cases[i].year, a, sizeof a), cases[i].shortf);
        assert_string_equal(gk_fy_long(cases[i].year, b, sizeof b), cases[i].longf);
        int y;
        assert_int_equal(gk_fy_parse(a, &y, NULL), 0); /* what we write, we read */
        assert_int_equal(y, cases[i].year);
        assert_int_equal(gk_fy_parse(b, &y, NULL), 0);
        assert_int_equal(y, cases[i].year);
    }
}

/* 計画期間: every accepted separator and year form; bad forms say why. */
static void test_period_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int first, last;
    } good[] = {
        {"R5(2023)～R14(2032)", 2023, 2032},
        {"2023-2032", 2023, 2032},
        {"令和5年度～令和14年度", 2023, 2032},
        {"令和5年度〜令和14年度", 2023, 2032}, /* U+301C */
        {"2024~2028", 2024, 2028},
        {"R6-R10", 2024, 2028},
        {" 2024 ～ 2028 ", 2024, 2028},
        {"２０２４～２０２８", 2024, 2028},
        {"H30-令和元年度", 2018, 2019},
        {"2024-2024", 2024, 2024},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        int a = 0, b = 0;
        gk_error err = {{0}};
        if (gk_fy_period_parse(good[i].in, &a, &b, &err) != 0)
            fail_msg("%s: refused: %s", good[i].in, err.msg);
        if (a != good[i].first || b != good[i].last)
            fail_msg("%s: %d-%d, expected %d-%d", good[i].in, a, b, good[i].first, good[i].last);
    }
    static const struct {
        const char *in, *expect;
    } bad[] = {
        {"2024", "joined by"},      {"2024～2026～2028", "one"},       {"2024-", "empty"},
        {"-2028", "empty"},         {"2028-2024", "before it begins"}, {"令和-2028", "令和"},
        {"2024/2028", "joined by"}, {"2024-20280", "20280"},           {"", "joined by"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int a = 0, b = 0;
        gk_error err = {{0}};
        if (gk_fy_period_parse(bad[i].in, &a, &b, &err) == 0)
            fail_msg("%s: accepted as %d-%d", bad[i].in, a, b);
        if (!strstr(err.msg, bad[i].expect))
            fail_msg("%s: message lacks \"%s\": %s", bad[i].in, bad[i].expect, err.msg);
    }
}

/* April to March: the year chooser's current fiscal year. */
static void test_fy_of_date(void **state)
{
    (void)state;
    assert_int_equal(gk_fy_of_date(2026, 11), 2026);
    assert_int_equal(gk_fy_of_date(2027, 3), 2026);
    assert_int_equal(gk_fy_of_date(2027, 4), 2027);
    assert_int_equal(gk_fy_of_date(2027, 1), 2026);
    assert_int_equal(gk_fy_of_date(2026, 12), 2026);
}

/* Found by fuzz_parse: a period as long as the buffer, ending in the first
 * byte of 〜, was compared 3 bytes at a time past its end (ASan in
 * san-unit). Exactly 255 bytes, in a heap block of that size. */
static void test_period_at_buffer_end(void **state)
{
    (void)state;
    char *s = malloc(256);
    assert_non_null(s);
    memset(s, '1', 254);
    s[254] = '\xe3';
    s[255] = '\0';
    int a, b;
    gk_error err;
    assert_int_equal(gk_fy_period_parse(s, &a, &b, &err), -1);
    free(s);
}

/* The year being reported: the office's year, else the year before
 * today's, clamped into the plan's period. */
static void test_reported_year(void **state)
{
    (void)state;
    assert_int_equal(gk_fy_reported(2026, 0, 2024, 2028), 2025);    /* the rule */
    assert_int_equal(gk_fy_reported(2026, 0, 2020, 2023), 2023);    /* an ended plan: its last */
    assert_int_equal(gk_fy_reported(2026, 0, 2027, 2031), 2027);    /* a plan to come: its first */
    assert_int_equal(gk_fy_reported(2026, 0, 0, 0), 2025);          /* no period */
    assert_int_equal(gk_fy_reported(2026, 2026, 2024, 2028), 2026); /* set by the office */
    assert_int_equal(gk_fy_reported(2026, 2030, 2024, 2028), 2028); /* period shortened since */
    assert_int_equal(gk_fy_reported(2026, 2019, 2024, 2028), 2024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_forms),       cmocka_unit_test(test_refused_forms),
        cmocka_unit_test(test_output_forms),         cmocka_unit_test(test_period_forms),
        cmocka_unit_test(test_period_at_buffer_end), cmocka_unit_test(test_fy_of_date),
        cmocka_unit_test(test_reported_year),
    };
    return cmocka_run_group_tests_name("fiscal", tests, NULL, NULL);
}
