/* test_output.c — the --format formatter of src/cli/output.c (csv, tsv,
 * json quoting and escaping, numbers, null) and the exit status of a busy
 * error (error.h gk_error_set_busy / gk_error_last_busy). */
#include "gk_test.h"

#include "../../src/cli/cli_int.h"

/* Writes rows (ncols cells each) as fmt into a string (malloc'd). */
static char *render(gk_fmt fmt, const gk_tcol *cols, size_t ncols, const char *const *cells,
                    size_t nrows)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    gk_table t;
    gk_table_begin(&t, fmt, f, cols, ncols);
    for (size_t r = 0; r < nrows; r++)
        gk_table_row(&t, cells + r * ncols);
    assert_int_equal(gk_table_end(&t), 0);
    fclose(f);
    return buf;
}

static const gk_tcol cols[] = {{"name", false}, {"count", true}};

static void test_csv(void **state)
{
    (void)state;
    const char *cells[] = {"plain", "1", "a,b \"q\"", "2", "総)総務課\nline", "-3"};
    char *s = render(GK_FMT_CSV, cols, 2, cells, 3);
    assert_string_equal(s, "name,count\r\nplain,1\r\n\"a,b \"\"q\"\"\",2\r\n"
                           "\"総)総務課\nline\",-3\r\n");
    free(s);
}

static void test_tsv(void **state)
{
    (void)state;
    const char *cells[] = {"a\tb\\c\nd\re", "10", NULL, "x"};
    char *s = render(GK_FMT_TSV, cols, 2, cells, 2);
    assert_string_equal(s, "name\tcount\na\\tb\\\\c\\nd\\re\t10\n\tx\n");
    free(s);
}

static void test_json(void **state)
{
    (void)state;
    /* a number column holding text stays a string; NULL is null; control
     * characters escaped, UTF-8 kept */
    const char *cells[] = {"引用\"符\\\x1b", "12", NULL, "1.5", "x", "12a"};
    char *s = render(GK_FMT_JSON, cols, 2, cells, 3);
    assert_string_equal(s, "[\n {\"name\": \"引用\\\"符\\\\\\u001b\", \"count\": 12},\n"
                           " {\"name\": null, \"count\": 1.5},\n"
                           " {\"name\": \"x\", \"count\": \"12a\"}\n]\n");
    free(s);
    s = render(GK_FMT_JSON, cols, 2, NULL, 0);
    assert_string_equal(s, "[]\n");
    free(s);
}

static void test_text_writes_nothing(void **state)
{
    (void)state;
    const char *cells[] = {"a", "1"};
    char *s = render(GK_FMT_TEXT, cols, 2, cells, 1);
    assert_string_equal(s, "");
    free(s);
}

static void test_format_option(void **state)
{
    (void)state;
    gk_fmt f = GK_FMT_TEXT;
    assert_int_equal(gk_cli_format_option("stats", "json", &f), -1);
    assert_int_equal(f, GK_FMT_JSON);
    assert_int_equal(gk_cli_format_option("stats", "tsv", &f), -1);
    assert_int_equal(f, GK_FMT_TSV);
    FILE *keep = stderr;
    stderr = fopen("/dev/null", "w");
    int rc = gk_cli_format_option("stats", "xml", &f);
    fclose(stderr);
    stderr = keep;
    assert_int_equal(rc, GK_EXIT_USAGE);
    assert_int_equal(f, GK_FMT_TSV);
}

static void test_busy_flag(void **state)
{
    (void)state;
    gk_error err = {{0}};
    gk_error_set_busy(&err, "busy %d", 1);
    assert_true(gk_error_last_busy());
    assert_string_equal(err.msg, "busy 1");
    gk_error_prefix(&err, "import");
    assert_true(gk_error_last_busy()); /* a prefix keeps the kind */
    gk_error_set(&err, "another");
    assert_false(gk_error_last_busy());
    gk_error_set_busy(NULL, "x");
    assert_true(gk_error_last_busy());
    gk_error_set(NULL, "y");
    assert_false(gk_error_last_busy());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),           cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_json),          cmocka_unit_test(test_text_writes_nothing),
        cmocka_unit_test(test_format_option), cmocka_unit_test(test_busy_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
