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
    expect("()総務課", NULL, NULL);         /* nothing before the bracket */
    expect("(総)", NULL, NULL);             /* nothing after it */
    expect("(総総総総総総総総総)課", NULL, NULL); /* more than 8 characters */
    expect("((総)課", NULL, NULL);
    expect("", NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bu),
    };
    return cmocka_run_group_tests_name("dept", tests, NULL, NULL);
}
