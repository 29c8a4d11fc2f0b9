/*
 * test_dept.c — the 部 carried by a department name, by which the
 * department board groups departments.
 */
#include "gk_test.h"

#include "gyokaku/dept.h"

static void expect(const char *name, const char *bu, const char *rest)
{
    const char *b, *r;
    size_t n = gk_dept_bu(name, &b, &r);
    if (!bu) {
        assert_int_equal(n, 0);
        assert_ptr_equal(r, name);
        return;
    }
    assert_int_equal(n, strlen(bu));
    assert_memory_equal(b, bu, n);
    assert_string_equal(r, rest);
}

static void test_bu(void **state)
{
    (void)state;
    expect("(総)総務課", "総", "総務課");
    expect("総)総務課", "総", "総務課");
    expect("（総）総務課", "総", "総務課");
    expect("(市民)市民課", "市民", "市民課");
    expect("総務部)職員課", "総務部", "職員課");
    expect("総務課", NULL, NULL);
    expect("()総務課", NULL, NULL);               /* nothing before the bracket */
    expect("(総)", NULL, NULL);                   /* nothing after it */
    expect("(総総総総総総総総総)課", NULL, NULL); /* more than 8 characters */
    expect("((総)課", NULL, NULL);
    expect("", NULL, NULL);
}

/* Placeholder words name no department (issue 21). */
static void test_placeholders(void **state)
{
    (void)state;
    const char *words[] = {"各担当部署", "全庁", "各課", "各部署", "全課"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        assert_true(gk_dept_placeholder(words[i]));
    assert_false(gk_dept_placeholder("総務課"));
    assert_false(gk_dept_placeholder("議会事務局"));
    assert_false(gk_dept_placeholder("全庁課")); /* only the whole word */
    assert_false(gk_dept_placeholder(""));
    assert_false(gk_dept_placeholder(NULL));
}

/* A name typed without its 部 finds the department when unique; several
 * are all candidates; the exact spelling wins. */
static void test_match(void **state)
{
    (void)state;
    const char *names[] = {"(総)総務課", "(財)納税課", "議会事務局",
                           "(市)市民課", "(福)市民課", "納税課"};
    size_t at = 99;
    assert_string_equal(gk_dept_bare("(総)総務課"), "総務課");
    assert_string_equal(gk_dept_bare("議会事務局"), "議会事務局");
    assert_int_equal(gk_dept_match("総務課", names, 6, &at), 1);
    assert_int_equal(at, 0);
    assert_int_equal(gk_dept_match("総)総務課", names, 6, &at), 1); /* other bracket */
    assert_int_equal(at, 0);
    assert_int_equal(gk_dept_match("議会事務局", names, 6, &at), 1);
    assert_int_equal(at, 2);
    assert_int_equal(gk_dept_match("市民課", names, 6, &at), 2); /* two 部 have one */
    assert_int_equal(at, 3);
    assert_int_equal(gk_dept_match("納税課", names, 6, &at), 1); /* exact wins */
    assert_int_equal(at, 5);
    assert_int_equal(gk_dept_match("(財)納税課", names, 6, &at), 1);
    assert_int_equal(at, 1);
    assert_int_equal(gk_dept_match("職員課", names, 6, &at), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bu),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_match),
    };
    return cmocka_run_group_tests_name("dept", tests, NULL, NULL);
}
