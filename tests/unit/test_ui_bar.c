/*
 * test_ui_bar.c — the proportion bar of the submission board without a
 * terminal: slots shared by largest remainder, a count that is there always
 * seen, and the bar exactly as wide as asked in both ambiguous-width modes
 * (block elements are East Asian Ambiguous: one cell, or two).
 */
#include "gk_test.h"

#include "../../src/ui/widgets.h"
#include "gyokaku/text.h"

static const char *const glyphs[3] = {"█", "▒", "▁"};

static void test_slots_in_proportion(void **state)
{
    (void)state;
    int out[3];
    ui_bar_slots((const long[]){1, 1, 2}, 3, 8, out);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 4);
    /* 10 / 3 each: the slot left over goes to the first of equal remainders */
    ui_bar_slots((const long[]){5, 5, 5}, 3, 10, out);
    assert_int_equal(out[0], 4);
    assert_int_equal(out[1], 3);
    assert_int_equal(out[2], 3);
    /* largest remainder: 7 slots for 1:2:4 of 7 is exact */
    ui_bar_slots((const long[]){10, 20, 40}, 3, 7, out);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 4);
}

static void test_a_small_count_is_seen(void **state)
{
    (void)state;
    int out[3];
    /* 1 of 200 would round to nothing in 10 slots: it gets one, from the longest */
    ui_bar_slots((const long[]){1, 0, 199}, 3, 10, out);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 0);
    assert_int_equal(out[2], 9);
    /* fewer slots than counts: proportion only */
    ui_bar_slots((const long[]){1, 1, 98}, 3, 2, out);
    assert_int_equal(out[0] + out[1] + out[2], 2);
    assert_int_equal(out[2], 2);
}

static void test_nothing_to_count(void **state)
{
    (void)state;
    int out[3] = {7, 7, 7};
    ui_bar_slots((const long[]){0, 0, 0}, 3, 10, out);
    assert_int_equal(out[0] + out[1] + out[2], 0);
    char *bar = ui_bar((const long[]){0, 0, 0}, glyphs, 3, 10);
    assert_string_equal(bar, "          ");
    free(bar);
}

static void test_bar_narrow(void **state)
{
    (void)state;
    gk_text_set_ambiguous_wide(false);
    char *bar = ui_bar((const long[]){1, 0, 1}, glyphs, 3, 6);
    assert_string_equal(bar, "███▁▁▁");
    assert_int_equal(gk_str_width(bar), 6);
    free(bar);
    bar = ui_bar((const long[]){3, 1, 0}, glyphs, 3, 4);
    assert_string_equal(bar, "███▒");
    free(bar);
}

static void test_bar_wide(void **state)
{
    (void)state;
    gk_text_set_ambiguous_wide(true);
    /* each block two cells: 6 cells hold 3, 7 cells 3 and a blank */
    char *bar = ui_bar((const long[]){1, 0, 1}, glyphs, 3, 6);
    assert_string_equal(bar, "██▁");
    assert_int_equal(gk_str_width(bar), 6);
    free(bar);
    bar = ui_bar((const long[]){1, 0, 1}, glyphs, 3, 7);
    assert_string_equal(bar, "██▁ ");
    assert_int_equal(gk_str_width(bar), 7);
    free(bar);
    /* a narrow glyph among wide ones takes a wide one's cells */
    static const char *const mixed[2] = {"█", "#"};
    bar = ui_bar((const long[]){1, 1}, mixed, 2, 8);
    assert_string_equal(bar, "██# # ");
    assert_int_equal(gk_str_width(bar), 8);
    free(bar);
    gk_text_set_ambiguous_wide(false);
}

static void test_every_width_is_exact(void **state)
{
    (void)state;
    for (int wide = 0; wide < 2; wide++) {
        gk_text_set_ambiguous_wide(wide);
        for (int w = 0; w < 40; w++)
            for (long a = 0; a < 5; a++) {
                char *bar = ui_bar((const long[]){a, 3, 2 * a + 1}, glyphs, 3, w);
                assert_non_null(bar);
                assert_int_equal(gk_str_width(bar), w);
                free(bar);
            }
    }
    gk_text_set_ambiguous_wide(false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slots_in_proportion),
        cmocka_unit_test(test_a_small_count_is_seen),
        cmocka_unit_test(test_nothing_to_count),
        cmocka_unit_test(test_bar_narrow),
        cmocka_unit_test(test_bar_wide),
        cmocka_unit_test(test_every_width_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
