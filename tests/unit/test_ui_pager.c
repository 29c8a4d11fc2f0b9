/*
 * test_ui_pager.c — the pager widget's arithmetic without a terminal:
 * wrapping to the pane's width (Japanese, indented, with line breaks),
 * fields that are left out when empty, table rows with numbers aligned right
 * and wide and ambiguous characters fitted to the cell, and scrolling that
 * stays within the text.
 */
#include "gk_test.h"

#include "../../src/ui/widgets.h"
#include "gyokaku/text.h"

static void test_text_wraps_to_the_width(void **state)
{
    ui_pager p = {0};
    ui_pager_reset(&p, 20);
    /* 15 wide characters: 30 cells, in 18 cells after the indent */
    ui_pager_text(&p, "本格運用を開始し登録者数が増加した", 2);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.lines[0].text, "本格運用を開始し登");
    assert_int_equal(gk_str_width(p.lines[0].text), 18);
    assert_int_equal(p.lines[0].indent, 2);
    for (size_t i = 0; i < p.n; i++)
        assert_true(gk_str_width(p.lines[i].text) <= 18);
    ui_pager_reset(&p, 20);
    ui_pager_text(&p, "一行目\n二行目", 0); /* a line break is kept */
    assert_int_equal(p.n, 2);
    assert_string_equal(p.lines[1].text, "二行目");
    ui_pager_free(&p);
}

static void test_ambiguous_characters_wrap_by_the_mode(void **state)
{
    ui_pager p = {0};
    const char *circled = "①②③④⑤⑥⑦⑧⑨⑩"; /* East Asian Ambiguous */
    gk_text_set_ambiguous_wide(false);
    ui_pager_reset(&p, 10);
    ui_pager_text(&p, circled, 0);
    assert_int_equal(p.n, 1); /* ten narrow cells */
    gk_text_set_ambiguous_wide(true);
    ui_pager_reset(&p, 10);
    ui_pager_text(&p, circled, 0);
    assert_int_equal(p.n, 2); /* twenty cells */
    assert_int_equal(gk_str_width(p.lines[0].text), 10);
    gk_text_set_ambiguous_wide(false);
    ui_pager_free(&p);
}

static void test_fields_are_left_out_when_empty(void **state)
{
    ui_pager p = {0};
    ui_pager_reset(&p, 40);
    ui_pager_field(&p, "取組内容", "");
    ui_pager_field(&p, "テーマ", NULL);
    assert_int_equal(p.n, 0);
    ui_pager_field(&p, "所管課", "職員課");
    assert_int_equal(p.n, 2);
    assert_int_equal(p.lines[0].st, ST_HEAD);
    assert_string_equal(p.lines[1].text, "職員課");
    assert_int_equal(p.lines[1].indent, 2);
    ui_pager_free(&p);
}

static void test_table_rows_align_numbers_right(void **state)
{
    ui_cell c[] = {{"職員課", 10, false}, {"12", 8, true}, {"3", 8, true}};
    char *row = ui_row(c, 3);
    assert_string_equal(row, "職員課          12       3");
    assert_int_equal(gk_str_width(row), 26);
    free(row);
    /* a wide character that would straddle the cell's edge */
    ui_cell w[] = {{"広報広聴課", 5, false}, {"1", 3, true}};
    row = ui_row(w, 2);
    assert_int_equal(gk_str_width(row), 8);
    assert_string_equal(row + strlen(row) - 3, "  1");
    free(row);
    /* ambiguous characters count as the mode says */
    ui_cell a[] = {{"※注", 6, false}, {"②", 4, true}};
    row = ui_row(a, 2);
    assert_string_equal(row, "※注      ②"); /* narrow: ※ 1 + 注 2, ② 1 */
    free(row);
    gk_text_set_ambiguous_wide(true);
    row = ui_row(a, 2);
    assert_string_equal(row, "※注    ②"); /* wide: ※ 2 + 注 2, ② 2 */
    assert_int_equal(gk_str_width(row), 10);
    free(row);
    gk_text_set_ambiguous_wide(false);
}

static void test_scrolling_stays_within_the_text(void **state)
{
    ui_pager p = {0};
    ui_pager_reset(&p, 30);
    for (int i = 0; i < 8; i++)
        ui_pager_line(&p, "行", ST_NORMAL, 0);
    ui_pager_scroll(&p, 3, 5);
    assert_int_equal(p.top, 3);
    ui_pager_scroll(&p, 100, 5);
    assert_int_equal(p.top, 3); /* the last line on the last row */
    ui_pager_scroll(&p, -100, 5);
    assert_int_equal(p.top, 0);
    ui_pager_scroll(&p, 4, 20); /* the whole text fits */
    assert_int_equal(p.top, 0);
    assert_int_equal(ui_scroll(0, 21, 25, 21), 4); /* help: PgDn to its last page */
    assert_int_equal(ui_scroll(4, -1, 25, 21), 3);
    assert_int_equal(ui_scroll(3, -21, 25, 21), 0);
    ui_pager_reset(&p, 30); /* a new width starts at the top, empty */
    assert_int_equal(p.n, 0);
    assert_int_equal(p.top, 0);
    ui_pager_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_wraps_to_the_width),
        cmocka_unit_test(test_ambiguous_characters_wrap_by_the_mode),
        cmocka_unit_test(test_fields_are_left_out_when_empty),
        cmocka_unit_test(test_table_rows_align_numbers_right),
        cmocka_unit_test(test_scrolling_stays_within_the_text),
    };
    return cmocka_run_group_tests_name("ui pager", tests, NULL, NULL);
}
