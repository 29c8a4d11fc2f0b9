/*
 * test_model_rules.c — the rules the entry form and the details pane share,
 * in one copy in model/: comparison and direction words, the qualitative
 * values, arrows in the target in force, node kinds with their names and
 * letters, and a series laid out from an entry or from a node's details
 * (target in force with its year, direction, the earlier actuals), and the
 * submit guard's plausibility rule (progress.h gk_actual_outlier).
 */
#include "gk_test.h"

#include "gyokaku/node.h"
#include "gyokaku/progress.h"
#include "gyokaku/series.h"
#include "gyokaku/value.h"

static void test_comparison_words(void **state)
{
    assert_string_equal(gk_cmp_word(GK_CMP_EQ), "");
    assert_string_equal(gk_cmp_word(GK_CMP_GE), "以上");
    assert_string_equal(gk_cmp_word(GK_CMP_GT), "超");
    assert_string_equal(gk_cmp_word(GK_CMP_LE), "以下");
    assert_string_equal(gk_cmp_word(GK_CMP_LT), "未満");
    /* the parser reads the same table */
    static const char *const cells[] = {"13%以上", "5超", "20以下", "370,000未満"};
    static const gk_cmp want[] = {GK_CMP_GE, GK_CMP_GT, GK_CMP_LE, GK_CMP_LT};
    for (size_t i = 0; i < 4; i++) {
        gk_value v;
        assert_int_equal(gk_value_parse(cells[i], "", &v, NULL), 0);
        assert_int_equal(v.cmp, want[i]);
    }
}

static void test_direction_words_and_qualitative_values(void **state)
{
    assert_true(gk_target_says_up("利用者の増加"));
    assert_true(gk_target_says_down("経費の縮減"));
    assert_true(gk_target_says_keep("現状維持"));
    assert_false(gk_target_says_up(NULL));
    assert_false(gk_target_says_down("向上"));
    assert_int_equal(gk_qualitative_count, 6);
    assert_string_equal(gk_qualitative_values[0], "検討");
    assert_string_equal(gk_qualitative_values[2], "検討・実施");
    assert_int_equal(gk_qualitative_step("検討"), 0);
    assert_int_equal(gk_qualitative_step("検討・実施"), 1);
    assert_int_equal(gk_qualitative_step("実施"), 2);
    assert_int_equal(gk_qualitative_step("継続"), -1);
    assert_string_equal(gk_eval_labels[1], GK_EVAL_NEAR);
}

static void test_every_arrow_carries_the_target(void **state)
{
    const char *t[] = {"100", "→", "➡", "⇒", NULL, "120"};
    size_t from = 99;
    for (size_t i = 1; i < 5; i++) {
        assert_string_equal(gk_target_in_force(t, 6, i, &from), "100");
        assert_int_equal(from, 0);
    }
    assert_string_equal(gk_target_in_force(t, 6, 5, &from), "120");
    assert_true(gk_target_is_arrow("➡"));
    assert_false(gk_target_is_arrow("→→"));
}

static void test_node_kinds(void **state)
{
    static const char *const names[] = {"plan", "goal", "policy", "item", "indicator"};
    static const char letters[] = "Pgpin";
    for (int k = 0; k < GK_NODE_KINDS; k++) {
        assert_string_equal(gk_node_kind_name((gk_node_kind)k), names[k]);
        assert_int_equal(gk_node_kind_from_name(names[k]), k);
        assert_int_equal(gk_node_kind_letter((gk_node_kind)k), letters[k]);
        assert_int_equal(gk_node_kind_from_letter(letters[k]), k);
    }
    assert_int_equal(gk_node_kind_from_name("series"), -1);
    assert_int_equal(gk_node_kind_from_name(NULL), -1);
    assert_int_equal(gk_node_kind_from_letter('x'), -1);
    assert_int_equal(gk_node_kind_level(GK_NODE_GOAL), 0);
    assert_int_equal(gk_node_kind_level(GK_NODE_INDICATOR), 3);
    assert_int_equal(gk_node_kind_level(GK_NODE_PLAN), -1);
}

/* An indicator with two series; 女性 has a target only in 2019. */
static gk_entry_past past[] = {
    {2019, 7, "女性", "13%以上", "12.5%"},
    {2020, 7, "女性", "→", "14.0%"},
    {2020, 7, "男性", "30%", "36.7%"},
    {2021, 8, "", "5", "4"}, /* another node */
};

static void test_series_from_an_entry(void **state)
{
    gk_entry_field f = {.kind = GK_FIELD_ACTUAL,
                        .node_id = 7,
                        .series = "女性",
                        .unit = "%",
                        .target = NULL,
                        .base = "10%"};
    gk_entry e = {.node_id = 7, .year = 2021, .fields = &f, .nfields = 1, .past = past, .npast = 4};
    gk_series_buf b;
    assert_int_equal(gk_series_from_entry(&e, &f, "15%", &b), 0);
    assert_int_equal(b.sy.n, 3); /* 2019, 2020, then the form's year */
    assert_int_equal(b.years[2], 2021);
    assert_string_equal(b.actuals[2], "15%");
    int year;
    assert_string_equal(gk_series_target(&b.sy, 2, &year), "13%以上");
    assert_int_equal(year, 2019);
    assert_int_equal(b.sy.dir, GK_DIR_INCREASE);
    gk_series_buf_free(&b);
    size_t n;
    char **list = gk_entry_earlier_actuals(&e, &n);
    assert_int_equal(n, 3);
    assert_string_equal(list[0], "R1(2019) 女性 12.5%");
    assert_string_equal(list[2], "R2(2020) 男性 36.7%");
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void test_entry_proposal(void **state)
{
    /* an indicator: 30分 at the base, 20分 the target; the first series decides */
    gk_entry_field f[] = {
        {.kind = GK_FIELD_ACTUAL,
         .node_id = 3,
         .series = "",
         .unit = "分",
         .target = "20分",
         .base = "30分"},
        {.kind = GK_FIELD_EVAL, .node_id = 3},
    };
    gk_entry e = {.node_id = 3, .year = 2023, .fields = f, .nfields = 2};
    assert_ptr_equal(gk_entry_first_actual(&e), &f[0]);
    assert_string_equal(gk_entry_proposal(&e, "18分"), "達成");
    assert_string_equal(gk_entry_proposal(&e, "32分"), "未達成");
    assert_null(gk_entry_proposal(&e, NULL)); /* nothing to judge */
    /* an item: its indicators' fields are not its own, so nothing is proposed */
    e.node_id = 2;
    assert_null(gk_entry_first_actual(&e));
    assert_null(gk_entry_proposal(&e, "18分"));
}

static void test_series_from_details(void **state)
{
    gk_year_value years[] = {{2022, "400", "380"}, {2024, NULL, "350"}};
    gk_series_info sr = {.name = "", .base = "500", .base_year = 2021, .years = years, .nyears = 2};
    gk_series_buf b;
    assert_int_equal(gk_series_from_detail(&sr, "件", 2022, 2025, &b), 0);
    assert_int_equal(b.sy.n, 4); /* every year of the period */
    assert_null(b.targets[1]);
    assert_string_equal(b.actuals[2], "350");
    int year;
    assert_string_equal(gk_series_target(&b.sy, 3, &year), "400");
    assert_int_equal(year, 2022);
    assert_int_equal(b.sy.dir, GK_DIR_DECREASE); /* target below the base */
    gk_series_buf_free(&b);
}

/* The submit guard warns when an actual leaves mean ± 2·max(spread, 10 % of
 * the mean) of the earlier years. */
static void test_outlier_rule(void **state)
{
    (void)state;
    const double flat[] = {806, 806, 806, 806};
    gk_outlier o;
    /* the case: a series that never moved, then 1,023人 (+27 %) */
    assert_true(gk_actual_outlier(1023, flat, 4, &o));
    assert_true(o.mean == 806);
    assert_true(o.lo < 806 && o.hi > 806 && o.hi < 1023);
    /* within the relative floor: 806 → 900 (+12 %) does not warn */
    assert_false(gk_actual_outlier(900, flat, 4, NULL));
    assert_false(gk_actual_outlier(806, flat, 4, NULL));
    assert_true(gk_actual_outlier(600, flat, 4, NULL)); /* −26 % */
    /* a series that moves a lot: its spread widens the band */
    const double wide[] = {100, 300, 200};
    assert_false(gk_actual_outlier(550, wide, 3, NULL)); /* 200 ± 400 */
    assert_true(gk_actual_outlier(650, wide, 3, NULL));
    assert_true(gk_actual_outlier(-250, wide, 3, NULL));
    /* one earlier year is enough; none never warns */
    const double one[] = {50};
    assert_true(gk_actual_outlier(61, one, 1, NULL));
    assert_false(gk_actual_outlier(59, one, 1, NULL));
    assert_false(gk_actual_outlier(1e9, NULL, 0, NULL));
    /* zero every year: any other value departs */
    const double zero[] = {0, 0};
    assert_false(gk_actual_outlier(0, zero, 2, NULL));
    assert_true(gk_actual_outlier(1, zero, 2, NULL));
    /* negative means (△ values) use |mean| for the floor */
    const double neg[] = {-1000, -1000};
    assert_false(gk_actual_outlier(-1150, neg, 2, NULL));
    assert_true(gk_actual_outlier(-1250, neg, 2, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparison_words),
        cmocka_unit_test(test_direction_words_and_qualitative_values),
        cmocka_unit_test(test_every_arrow_carries_the_target),
        cmocka_unit_test(test_node_kinds),
        cmocka_unit_test(test_series_from_an_entry),
        cmocka_unit_test(test_series_from_details),
        cmocka_unit_test(test_entry_proposal),
        cmocka_unit_test(test_outlier_rule),
    };
    return cmocka_run_group_tests_name("model rules", tests, NULL, NULL);
}
