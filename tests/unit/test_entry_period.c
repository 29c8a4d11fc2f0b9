/*
 * test_entry_period.c — entry and the plan's period: a plan whose document
 * gave no years gets its period from the first year entered (so entry is
 * never impossible and `check` stays clean); a year outside an existing
 * period is refused with the period named, the text kept, nothing changed.
 */
#include "gk_test.h"

#include <sqlite3.h>

#include "gyokaku/cli.h"
#include "gyokaku/entry.h"
#include "gyokaku/store.h"

static const char *csv;

static int import_fn(void *ctx)
{
    gk_write_file(gk_test_path("p.csv"), csv, strlen(csv));
    char *argv[] = {"import", "--db", (char *)ctx, (char *)gk_test_path("p.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static gk_store *fixture(const char *name, const char *text)
{
    const char *db = gk_test_path(name);
    unlink(db);
    csv = text;
    char *out;
    if (gk_capture_stderr(import_fn, (void *)db, &out) != 0) fail_msg("import: %s", out);
    free(out);
    gk_error e;
    gk_store *s = gk_store_open(db, 0, &e);
    assert_non_null(s);
    return s;
}

static int64_t item_id(const char *db)
{
    char *id = gk_sql_text(db, "SELECT id FROM node WHERE kind = 'item'");
    int64_t v = atoll(id);
    free(id);
    return v;
}

static long status_field(const gk_entry *e)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].kind == GK_FIELD_STATUS) return (long)i;
    fail_msg("no 取組状況 field");
    return -1;
}

static void print_problem(void *ctx, const gk_finding *f)
{
    (void)ctx;
    char *problem = gk_finding_text(f, NULL);
    print_message("check: %s\n", problem ? problem : "?");
    free(problem);
}

static void test_first_entry_sets_the_period(void **state)
{
    (void)state;
    gk_store *s = fixture("none.db", "計画,基本目標,取組項目\nP,G,項目A\n");
    const char *db = gk_test_path("none.db");
    char *p = gk_sql_text(db, "SELECT ifnull(first_year, 'none') FROM plan");
    assert_string_equal(p, "none");
    free(p);
    gk_entry e;
    gk_error err = {{0}};
    assert_int_equal(gk_entry_load(s, item_id(db), 2026, &e, &err), 0);
    assert_int_equal(gk_entry_set(&e, (size_t)status_field(&e), "進めた"), 0);
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    gk_entry_free(&e);
    p = gk_sql_text(db, "SELECT first_year || '-' || last_year FROM plan");
    assert_string_equal(p, "2026-2026");
    free(p);
    p = gk_sql_text(db, "SELECT new FROM history WHERE tbl = 'plan' AND field = 'period'");
    assert_string_equal(p, "2026-2026");
    free(p);
    gk_error cerr = {{0}};
    assert_int_equal(gk_store_check(s, print_problem, NULL, &cerr), 0);
    gk_store_close(s);
}

static void test_year_outside_is_refused(void **state)
{
    (void)state;
    gk_store *s = fixture("period.db", "計画,計画期間,基本目標,取組項目\nP,2024-2028,G,項目A\n");
    const char *db = gk_test_path("period.db");
    gk_entry e;
    gk_error err = {{0}};
    assert_int_equal(gk_entry_load(s, item_id(db), 2030, &e, &err), 0);
    long f = status_field(&e);
    assert_int_equal(gk_entry_set(&e, (size_t)f, "範囲外"), 0);
    assert_int_equal(gk_entry_save(s, &e, &err), -1);
    assert_non_null(strstr(err.msg, "R12(2030)"));
    assert_non_null(strstr(err.msg, "R6(2024)"));
    assert_string_equal(e.fields[f].text, "範囲外"); /* the typed text stays */
    char *n = gk_sql_text(db, "SELECT count(*) FROM note");
    assert_string_equal(n, "0");
    free(n);
    /* inside the period it saves */
    gk_entry_free(&e);
    assert_int_equal(gk_entry_load(s, item_id(db), 2028, &e, &err), 0);
    assert_int_equal(gk_entry_set(&e, (size_t)status_field(&e), "範囲内"), 0);
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    gk_entry_free(&e);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_entry_sets_the_period),
        cmocka_unit_test(test_year_outside_is_refused),
    };
    return cmocka_run_group_tests_name("entry_period", tests, NULL, NULL);
}
