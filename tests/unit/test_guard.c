/*
 * test_guard.c — the CSV formula guard (csv-format.md "Formula guard"):
 * which cells export guards, that import removes exactly what export added,
 * and the round trip through the writer and the reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gk_test.h"
#include "gyokaku/csv.h"
#include "gyokaku/value.h"

static void test_number_cells(void **state)
{
    (void)state;
    const char *numbers[] = {"-5", "△63,660", "▲1", "−3", "+4", "157.1時間", "13%以上",
                             "370,000未満", "-5 人", "１１，４４６人", "-12km"};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        assert_true(gk_value_is_number_cell(numbers[i]));
    const char *texts[] = {"=1+1",   "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "-",
                           "検討・実施", "+81 (03) 1234", "-5-5", "", "-1;2"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        assert_false(gk_value_is_number_cell(texts[i]));
}

static void test_needs_guard(void **state)
{
    (void)state;
    assert_true(gk_csv_needs_guard("=HYPERLINK(\"http://x\")"));
    assert_true(gk_csv_needs_guard("+1+2"));
    assert_true(gk_csv_needs_guard("-2+3+cmd|' /C calc'!A0"));
    assert_true(gk_csv_needs_guard("@SUM(A1)"));
    assert_true(gk_csv_needs_guard("\tx"));
    assert_true(gk_csv_needs_guard("\rx"));
    assert_true(gk_csv_needs_guard("'=x"));   /* already quoted by a user: one more */
    assert_true(gk_csv_needs_guard("'''-x")); /* any number of quotes */
    /* full-width forms, and leading spaces Excel skips (issue 18) */
    assert_true(gk_csv_needs_guard("＝HYPERLINK(\"http://x\")"));
    assert_true(gk_csv_needs_guard("＋A1*2"));
    assert_true(gk_csv_needs_guard("－cmd|' /C calc'!A0"));
    assert_true(gk_csv_needs_guard("＠SUM(A1)"));
    assert_true(gk_csv_needs_guard(" =1+1"));
    assert_true(gk_csv_needs_guard("\xe3\x80\x80=1+1")); /* U+3000 */
    assert_true(gk_csv_needs_guard("\xc2\xa0+1+1"));     /* NBSP */
    assert_true(gk_csv_needs_guard("'  @x"));
    assert_false(gk_csv_needs_guard(" a=b"));
    assert_false(gk_csv_needs_guard("\xe3\x80\x80計画"));
    assert_false(gk_csv_needs_guard("-5"));
    assert_false(gk_csv_needs_guard("△63,660"));
    assert_false(gk_csv_needs_guard("13%以上"));
    assert_false(gk_csv_needs_guard("'quoted"));
    assert_false(gk_csv_needs_guard("a=b"));
    assert_false(gk_csv_needs_guard("'"));
    assert_false(gk_csv_needs_guard(""));
    assert_false(gk_csv_needs_guard(NULL));
}

static void test_unguard(void **state)
{
    (void)state;
    assert_string_equal(gk_csv_unguard("'=x"), "=x");
    assert_string_equal(gk_csv_unguard("''=x"), "'=x");
    assert_string_equal(gk_csv_unguard("'-5"), "-5");
    assert_string_equal(gk_csv_unguard("'quoted"), "'quoted"); /* not added by export */
    assert_string_equal(gk_csv_unguard("=x"), "=x");
    assert_string_equal(gk_csv_unguard("'"), "'");
}

/* Every guarded cell written and read back is the original cell. */
static void test_round_trip(void **state)
{
    (void)state;
    const char *cells[] = {"=1+1",  "'=1+1", "''@x",   "-5", "△63,660", "-a,\"b\"\nc",
                           "\tTAB", "plain", "'plain", "+",  "=",       "'"};
    size_t n = sizeof cells / sizeof *cells;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gk_error err = {{0}};
    gk_csv_writer_opts o = {.enc = GK_ENC_UTF8, .guard = true};
    gk_csv_writer *w = gk_csv_writer_open(f, &o, &err);
    assert_non_null(w);
    assert_int_equal(gk_csv_write(w, cells, n, &err), 0);
    assert_int_equal(gk_csv_writer_close(w, &err), 0);
    fclose(f);
    assert_non_null(
        strstr(buf, "'=1+1,''=1+1,'''@x,-5,\"△63,660\",\"'-a,")); /* numbers untouched */
    f = fmemopen(buf, len, "rb");
    gk_csv_reader *r = gk_csv_open(f, "t", GK_ENC_UTF8, &err);
    assert_non_null(r);
    const gk_csv_record *rec;
    assert_int_equal(gk_csv_next(r, &rec, &err), 1);
    assert_int_equal(rec->nfields, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(gk_csv_unguard(rec->fields[i]), cells[i]);
    gk_csv_close(r);
    fclose(f);
    free(buf);
}

/* Without guard (export --raw) cells are written as they are. */
static void test_raw(void **state)
{
    (void)state;
    const char *cells[] = {"=1+1", "-x"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gk_error err = {{0}};
    gk_csv_writer_opts o = {.enc = GK_ENC_UTF8};
    gk_csv_writer *w = gk_csv_writer_open(f, &o, &err);
    assert_int_equal(gk_csv_write(w, cells, 2, &err), 0);
    assert_int_equal(gk_csv_writer_close(w, &err), 0);
    fclose(f);
    assert_string_equal(buf, "=1+1,-x\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_cells), cmocka_unit_test(test_needs_guard),
        cmocka_unit_test(test_unguard),      cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_raw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
