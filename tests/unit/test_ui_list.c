/*
 * test_ui_list.c — the list widget's arithmetic without a terminal: the
 * selection kept in view while moving and paging, Home/End, a list that
 * shrinks, mouse clicks and the wheel; the list view: heading rows that the
 * selection skips, type-to-jump (full-width input, a row's start before its
 * middle, a text typed within a second, a new start when nothing matches).
 */
#include <string.h>

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

/* A view over labels: rows whose label ends with ')' are headings; a
 * row's second name is its label after a closing ')' (as a department
 * without its 部). */
static bool heading(const ui_view *v, size_t i)
{
    const char *const *labels = v->ctx;
    size_t n = strlen(labels[i]);
    return n && labels[i][n - 1] == ')';
}

static void names(const ui_view *v, size_t i, const char *out[2])
{
    const char *const *labels = v->ctx;
    const char *p = strchr(labels[i], ')');
    out[0] = labels[i];
    out[1] = p ? p + 1 : NULL;
}

static ui_view view(const char *const *labels, size_t n, int rows, bool headings)
{
    ui_view v = {.heading = headings ? heading : NULL, .names = names, .ctx = (void *)labels};
    ui_view_fit(&v, n, rows);
    return v;
}

static void test_type_to_jump(void **state)
{
    const char *labels[] = {"令和4(2022)年度", "令和5(2023)年度", "市LINE公式",
                            "職員課",          "広報広聴課",      "ｶﾞｲﾄﾞ"};
    ui_view v = view(labels, 6, 3, false);
    assert_int_equal(ui_view_find(&v, "2023"), 1);
    assert_int_equal(ui_view_find(&v, "ＬＩＮＥ"), 2); /* full-width typed */
    assert_int_equal(ui_view_find(&v, "line"), 2);     /* case ignored */
    assert_int_equal(ui_view_find(&v, "ガイド"), 5);   /* half-width katakana */
    assert_int_equal(ui_view_find(&v, "無い"), -1);
    assert_int_equal(ui_view_find(&v, ""), -1);
    ui_view_go(&v, 4, 1);
    assert_int_equal(ui_view_find(&v, "課"), 4);   /* from the selection on */
    assert_int_equal(ui_view_find(&v, "年度"), 0); /* wrapping to the top */
    /* a row that starts with the text comes before one that contains it */
    const char *pre[] = {"総務課", "市民課", "市", "課長"};
    ui_view p = view(pre, 4, 4, false);
    assert_int_equal(ui_view_find(&p, "課"), 3);
    assert_int_equal(ui_view_find(&p, "市"), 1);
}

static void test_headings_are_never_selected(void **state)
{
    const char *labels[] = {"(総)", "(総)総務課", "(総)職員課", "(市)", "(市)市民課", "(市)"};
    ui_view v = view(labels, 6, 3, true);
    assert_int_equal(v.list.sel, 1); /* fitted off the heading on row 0 */
    assert_int_equal(v.list.top, 0);
    ui_view_move(&v, 1);
    ui_view_move(&v, 1); /* over the heading (市) */
    assert_int_equal(v.list.sel, 4);
    ui_view_end(&v); /* the last row is a heading: the row above it */
    assert_int_equal(v.list.sel, 4);
    ui_view_home(&v);
    assert_int_equal(v.list.sel, 1);
    assert_int_equal(v.list.top, 0); /* the first group's heading in view */
    ui_view_move(&v, -1);            /* only a heading above: stays */
    assert_int_equal(v.list.sel, 1);
    ui_view_page(&v, 1);
    assert_int_equal(v.list.sel, 4);
    ui_view_page(&v, -1);
    assert_int_equal(v.list.sel, 1);
    assert_int_equal(v.list.top, 0);
    /* a click on a heading selects the row below it, moving down */
    ui_view_home(&v);
    assert_true(ui_view_click(&v, 0));
    assert_int_equal(v.list.sel, 1);
    ui_view_wheel(&v, 1);
    assert_int_equal(v.list.sel, 4);
    assert_false(ui_view_click(&v, 5));
    const char *only[] = {"(総)", "(市)"}; /* nothing to select: nothing moves */
    ui_view h = view(only, 2, 3, true);
    ui_view_move(&h, 1);
    assert_int_equal(h.list.sel, 0);
    assert_int_equal(ui_view_find(&h, "総"), -1);
}

static void test_typing_within_a_second(void **state)
{
    const char *labels[] = {"(総)", "(総)総務課", "(総)職員課", "(市)", "(市)市民課"};
    ui_view v = view(labels, 5, 5, true);
    assert_false(ui_view_typing(&v, 100));
    assert_true(ui_view_type(&v, 0x8077 /* 職 */, 100)); /* by the name without its 部 */
    assert_int_equal(v.list.sel, 2);
    assert_true(ui_view_typing(&v, 101));
    assert_true(ui_view_type(&v, 0x54E1 /* 員 */, 101));
    assert_string_equal(v.typed, "職員");
    assert_int_equal(v.list.sel, 2);
    assert_false(ui_view_typing(&v, 103)); /* after a pause: a new text */
    assert_true(ui_view_type(&v, 0x5E02 /* 市 */, 103));
    assert_string_equal(v.typed, "市");
    assert_int_equal(v.list.sel, 4);
    /* a character that matches nothing with the text before it starts again */
    assert_true(ui_view_type(&v, 0x7DCF /* 総 */, 103));
    assert_string_equal(v.typed, "総");
    assert_int_equal(v.list.sel, 1);
    assert_false(ui_view_type(&v, 'x', 103));
    assert_int_equal(v.list.sel, 1); /* nothing found: the selection stays */
    ui_view_untype(&v);
    assert_false(ui_view_typing(&v, 103));
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
        cmocka_unit_test(test_headings_are_never_selected),
        cmocka_unit_test(test_typing_within_a_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
