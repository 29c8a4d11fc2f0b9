/*
 * test_ui_list.c — the list widget's arithmetic without a terminal: the
 * selection kept in view while moving and paging, Home/End, a list that
 * shrinks, mouse clicks and the wheel, type-to-jump with full-width input.
 */
#include "gk_test.h"

#include "../../src/ui/widgets.h"

static ui_list list(size_t n, int rows)
{
    ui_list l = {0};
    ui_list_fit(&l, n, rows);
    return l;
}

static void test_moving_keeps_the_selection_in_view(void **state)
{
    ui_list l = list(100, 10);
    ui_list_move(&l, 15);
    assert_int_equal(l.sel, 15);
    assert_int_equal(l.top, 6); /* the selection on the last visible row */
    ui_list_move(&l, -3);
    assert_int_equal(l.sel, 12);
    assert_int_equal(l.top, 6); /* still in view: no scrolling */
    ui_list_move(&l, -100);
    assert_int_equal(l.sel, 0);
    assert_int_equal(l.top, 0);
    ui_list_move(&l, 1000);
    assert_int_equal(l.sel, 99);
    assert_int_equal(l.top, 90);
}

static void test_paging_home_and_end(void **state)
{
    ui_list l = list(25, 10);
    ui_list_page(&l, 1);
    assert_int_equal(l.sel, 10);
    assert_int_equal(l.top, 1);
    ui_list_page(&l, 1);
    ui_list_page(&l, 1);
    assert_int_equal(l.sel, 24); /* clamped to the last row */
    assert_int_equal(l.top, 15);
    ui_list_page(&l, -1);
    assert_int_equal(l.sel, 14);
    assert_int_equal(l.top, 14);
    ui_list_go(&l, 0);
    assert_int_equal(l.sel, 0);
    assert_int_equal(l.top, 0);
    ui_list_go(&l, 24);
    assert_int_equal(l.top, 15);
}

static void test_short_and_empty_lists(void **state)
{
    ui_list l = list(3, 10);
    ui_list_page(&l, 1);
    assert_int_equal(l.sel, 2);
    assert_int_equal(l.top, 0);
    ui_list e = list(0, 10);
    ui_list_move(&e, 1);
    ui_list_page(&e, -1);
    assert_int_equal(e.sel, 0);
    assert_int_equal(e.top, 0);
    assert_false(ui_list_click(&e, 0));
}

static void test_a_list_that_shrinks_or_a_smaller_window(void **state)
{
    ui_list l = list(50, 10);
    ui_list_go(&l, 45);
    ui_list_fit(&l, 20, 10); /* rows went away: the selection stays inside */
    assert_int_equal(l.sel, 19);
    assert_int_equal(l.top, 10);
    ui_list_fit(&l, 20, 4); /* the window got smaller */
    assert_int_equal(l.top, 16);
    ui_list_fit(&l, 20, 30); /* larger than the list: no empty rows above */
    assert_int_equal(l.top, 0);
}

static void test_mouse_click_and_wheel(void **state)
{
    ui_list l = list(30, 10);
    ui_list_go(&l, 15); /* top 6 */
    assert_true(ui_list_click(&l, 3));
    assert_int_equal(l.sel, 9);
    assert_false(ui_list_click(&l, 10)); /* below the list's rows */
    assert_false(ui_list_click(&l, -1));
    assert_int_equal(l.sel, 9);
    ui_list_wheel(&l, 1);
    assert_int_equal(l.sel, 12);
    ui_list_wheel(&l, -1);
    ui_list_wheel(&l, -1);
    ui_list_wheel(&l, -1);
    ui_list_wheel(&l, -1);
    assert_int_equal(l.sel, 0);
    ui_list s = list(2, 10);
    assert_false(ui_list_click(&s, 5)); /* an empty row under a short list */
}

static void test_type_to_jump(void **state)
{
    const char *labels[] = {"令和4(2022)年度", "令和5(2023)年度", "市LINE公式",
                            "職員課",          "広報広聴課",      "ｶﾞｲﾄﾞ"};
    ui_list l = list(6, 3);
    assert_int_equal(ui_list_find(&l, labels, "2023"), 1);
    assert_int_equal(ui_list_find(&l, labels, "ＬＩＮＥ"), 2); /* full-width typed */
    assert_int_equal(ui_list_find(&l, labels, "line"), 2);     /* case ignored */
    assert_int_equal(ui_list_find(&l, labels, "ガイド"), 5);   /* half-width katakana */
    assert_int_equal(ui_list_find(&l, labels, "無い"), -1);
    assert_int_equal(ui_list_find(&l, labels, ""), -1);
    ui_list_go(&l, 4);
    assert_int_equal(ui_list_find(&l, labels, "課"), 4);   /* from the selection on */
    assert_int_equal(ui_list_find(&l, labels, "年度"), 0); /* wrapping to the top */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moving_keeps_the_selection_in_view),
        cmocka_unit_test(test_paging_home_and_end),
        cmocka_unit_test(test_short_and_empty_lists),
        cmocka_unit_test(test_a_list_that_shrinks_or_a_smaller_window),
        cmocka_unit_test(test_mouse_click_and_wheel),
        cmocka_unit_test(test_type_to_jump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
