/*
 * test_entry.c — the annual entry: save with history, conflicts between two
 * clerks, drafts that survive, validation that keeps the text.
 */
#include "gk_test.h"

#include <sqlite3.h>

#include "gyokaku/cli.h"
#include "gyokaku/entry.h"
#include "gyokaku/store.h"

static const char plan_csv[] =
    "計画,基本目標,取組方針,取組項目,指標,系列,単位,初期値,初期値年度,年度,目標値,実績値,取組状況\n"
    "P,G,(3) 方針,②時間外勤務等の縮減,職員1人当たりの年間時間外勤務時間数,,時間,161.2時間,2017,"
    "2019,縮減,149.6時間,\n"
    "P,G,(3) 方針,②時間外勤務等の縮減,職員1人当たりの年間時間外勤務時間数,,,,,2022,,,古い状況\n"
    "P,G,(3) 方針,①行動計画の推進,育児休業取得率,男性,%,6.9%,2017,2019,13%以上,15.4%,\n"
    "P,G,(3) 方針,①行動計画の推進,育児休業取得率,女性,%,,,2019,,100%,\n";

static int import_fn(void *ctx)
{
    char *argv[] = {"import", "--db", (char *)ctx, (char *)gk_test_path("plan.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static gk_store *open_fixture(const char *name)
{
    const char *db = gk_test_path(name);
    unlink(db);
    gk_write_file(gk_test_path("plan.csv"), plan_csv, sizeof plan_csv - 1);
    char *err;
    int rc = gk_capture_stderr(import_fn, (void *)db, &err);
    if (rc != 0) fail_msg("import: %s", err);
    free(err);
    gk_error e;
    gk_store *s = gk_store_open(db, 0, &e);
    assert_non_null(s);
    return s;
}

static int64_t node_id(const char *db, const char *title)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "SELECT id FROM node WHERE title = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return id;
}

static long find_field(const gk_entry *e, gk_field_kind k, const char *series)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].kind == k && (!series || strcmp(e->fields[i].series, series) == 0))
            return (long)i;
    fail_msg("no field of kind %d", k);
    return -1;
}

#define OVERTIME "職員1人当たりの年間時間外勤務時間数"

static void test_load_indicator(void **state)
{
    (void)state;
    gk_store *s = open_fixture("load.db");
    gk_entry e;
    gk_error err;
    assert_int_equal(gk_entry_load(s, node_id(gk_test_path("load.db"), OVERTIME), 2022, &e, &err),
                     0);
    long a = find_field(&e, GK_FIELD_ACTUAL, "");
    assert_string_equal(e.fields[a].unit, "時間");
    assert_string_equal(e.fields[a].base, "161.2時間");
    assert_null(e.fields[a].orig);
    long st = find_field(&e, GK_FIELD_STATUS, NULL);
    assert_string_equal(e.fields[st].orig, "古い状況");
    assert_int_equal(e.npast, 1);
    assert_int_equal(e.past[0].year, 2019);
    assert_string_equal(e.past[0].actual, "149.6時間");
    assert_false(gk_entry_dirty(&e));
    gk_entry_free(&e);
    gk_store_close(s);
}

/* The history row of the 2022 actual the save wrote names the value by the
 * uid an import of the same value would give it (store.h gk_uid_derive;
 * a value's uid is derived, not stored: db/schema.sql). */
static void expect_derived_uid(const char *db)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT h.row_uid, s.uid FROM history h, value v"
                                        " JOIN series s ON s.id = v.series_id WHERE v.year = 2022"
                                        " AND h.tbl = 'value' AND h.field = 'actual'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char want[33];
    gk_uid_derive(want, (const char *)sqlite3_column_text(st, 1), "value", "2022");
    assert_string_equal(sqlite3_column_text(st, 0), want);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE); /* the one actual saved */
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void test_save_records_history(void **state)
{
    (void)state;
    gk_store *s = open_fixture("save.db");
    int64_t id = node_id(gk_test_path("save.db"), OVERTIME);
    gk_entry e;
    gk_error err;
    assert_int_equal(gk_entry_load(s, id, 2022, &e, &err), 0);
    long a = find_field(&e, GK_FIELD_ACTUAL, ""), st = find_field(&e, GK_FIELD_STATUS, NULL);
    gk_entry_set(&e, a, "１５７．１");
    gk_entry_set(&e, st, "一行目\n二行目");
    assert_true(gk_entry_dirty(&e));
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    assert_false(gk_entry_dirty(&e));
    gk_entry_free(&e);

    assert_int_equal(gk_entry_load(s, id, 2022, &e, &err), 0);
    assert_string_equal(e.fields[a].orig, "１５７．１");
    assert_string_equal(e.fields[st].orig, "一行目\n二行目");
    expect_derived_uid(gk_test_path("save.db"));
    gk_history_entry *h;
    size_t n;
    assert_int_equal(gk_entry_history(s, &e, (size_t)st, &h, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].old, "古い状況");
    assert_string_equal(h[0].new_, "一行目\n二行目");
    assert_string_equal(h[0].who, gk_store_user(s));
    gk_history_free(h, n);
    /* restoring an earlier value is itself a recorded change */
    gk_entry_set(&e, st, "古い状況");
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    assert_int_equal(gk_entry_history(s, &e, (size_t)st, &h, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].new_, "古い状況");
    gk_history_free(h, n);
    gk_entry_free(&e);
    gk_store_close(s);
}

static void test_wrong_unit_keeps_text(void **state)
{
    (void)state;
    gk_store *s = open_fixture("unit.db");
    gk_entry e;
    gk_error err = {{0}};
    assert_int_equal(gk_entry_load(s, node_id(gk_test_path("unit.db"), OVERTIME), 2022, &e, &err),
                     0);
    long a = find_field(&e, GK_FIELD_ACTUAL, "");
    gk_entry_set(&e, a, "20件");
    assert_int_equal(gk_entry_save(s, &e, &err), -1);
    assert_non_null(strstr(err.msg, "時間"));
    assert_string_equal(e.fields[a].text, "20件");
    gk_entry_free(&e);
    gk_store_close(s);
}

static void test_conflict_between_two_clerks(void **state)
{
    (void)state;
    gk_store *s1 = open_fixture("conflict.db");
    gk_error err;
    gk_store *s2 = gk_store_open(gk_test_path("conflict.db"), 0, &err);
    assert_non_null(s2);
    int64_t id = node_id(gk_test_path("conflict.db"), OVERTIME);
    gk_entry a, b;
    assert_int_equal(gk_entry_load(s1, id, 2022, &a, &err), 0);
    assert_int_equal(gk_entry_load(s2, id, 2022, &b, &err), 0);
    long st = find_field(&a, GK_FIELD_STATUS, NULL);
    gk_entry_set(&a, st, "Aの文章");
    gk_entry_set(&b, st, "Bの文章");
    assert_int_equal(gk_entry_save(s1, &a, &err), 0);
    assert_int_equal(gk_entry_save(s2, &b, &err), 1); /* not silently overwritten */
    assert_true(b.fields[st].conflict);
    assert_string_equal(b.fields[st].theirs, "Aの文章");
    assert_string_equal(b.fields[st].text, "Bの文章");
    /* merged by hand, then saved on top of theirs */
    gk_entry_set(&b, st, "Aの文章\nBの文章");
    gk_entry_rebase(&b, st);
    assert_int_equal(gk_entry_save(s2, &b, &err), 0);
    gk_entry_free(&a);
    assert_int_equal(gk_entry_load(s1, id, 2022, &a, &err), 0);
    assert_string_equal(a.fields[st].orig, "Aの文章\nBの文章");
    gk_entry_free(&a);
    gk_entry_free(&b);
    gk_store_close(s1);
    gk_store_close(s2);
}

static void test_drafts_survive(void **state)
{
    (void)state;
    gk_store *s = open_fixture("draft.db");
    int64_t id = node_id(gk_test_path("draft.db"), OVERTIME);
    gk_entry e;
    gk_error err;
    assert_int_equal(gk_entry_load(s, id, 2022, &e, &err), 0);
    long a = find_field(&e, GK_FIELD_ACTUAL, ""), st = find_field(&e, GK_FIELD_STATUS, NULL);
    gk_entry_set(&e, a, "157.1");
    gk_entry_set(&e, st, NULL); /* clearing is a draft too */
    assert_int_equal(gk_draft_store(s, &e, &err), 0);
    gk_entry_free(&e);
    gk_store_close(s); /* "the connection is lost" */

    s = gk_store_open(gk_test_path("draft.db"), 0, &err);
    gk_draft_info *d;
    size_t n;
    assert_int_equal(gk_draft_list(s, &d, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(d[0].node_title, OVERTIME);
    int seen_actual = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].field, "actual") == 0) {
            assert_string_equal(d[i].draft, "157.1");
            assert_null(d[i].saved);
            seen_actual = 1;
        } else {
            assert_string_equal(d[i].field, "status");
            assert_string_equal(d[i].saved, "古い状況");
            assert_null(d[i].draft);
        }
    assert_true(seen_actual);
    gk_draft_list_free(d, n);
    assert_int_equal(gk_entry_load(s, id, 2022, &e, &err), 0);
    assert_int_equal(gk_draft_apply(s, &e, &err), 2);
    assert_string_equal(e.fields[a].text, "157.1");
    assert_null(e.fields[st].text);
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    assert_int_equal(gk_draft_list(s, &d, &n, &err), 0);
    assert_int_equal(n, 0); /* saved: drafts gone */
    gk_draft_list_free(d, n);
    gk_entry_free(&e);
    gk_store_close(s);
}

static void test_item_lists_indicator_series(void **state)
{
    (void)state;
    gk_store *s = open_fixture("item.db");
    gk_entry e;
    gk_error err;
    assert_int_equal(
        gk_entry_load(s, node_id(gk_test_path("item.db"), "①行動計画の推進"), 2019, &e, &err), 0);
    long m = find_field(&e, GK_FIELD_ACTUAL, "男性"), f = find_field(&e, GK_FIELD_ACTUAL, "女性");
    assert_string_equal(e.fields[m].orig, "15.4%");
    assert_string_equal(e.fields[m].target, "13%以上");
    assert_string_equal(e.fields[f].orig, "100%");
    assert_string_equal(e.fields[m].node_title, "育児休業取得率");
    gk_entry_set(&e, f, "98.5%");
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    gk_entry_free(&e);
    gk_store_close(s);
}

static void test_busy_save_keeps_text(void **state)
{
    (void)state;
    gk_store *s = open_fixture("busy.db");
    gk_error err = {{0}};
    setenv("GYOKAKU_BUSY_TIMEOUT_MS", "200", 1);
    gk_store *holder = gk_store_open(gk_test_path("busy.db"), 0, &err);
    gk_store *s2 = gk_store_open(gk_test_path("busy.db"), 0, &err);
    unsetenv("GYOKAKU_BUSY_TIMEOUT_MS");
    assert_int_equal(gk_store_begin(holder, &err), 0);
    gk_entry e;
    assert_int_equal(gk_entry_load(s2, node_id(gk_test_path("busy.db"), OVERTIME), 2022, &e, &err),
                     0);
    long st = find_field(&e, GK_FIELD_STATUS, NULL);
    gk_entry_set(&e, st, "保存できなくても消えない");
    assert_int_equal(gk_entry_save(s2, &e, &err), -1);
    assert_non_null(strstr(err.msg, "another writer"));
    assert_string_equal(e.fields[st].text, "保存できなくても消えない");
    assert_true(gk_entry_dirty(&e));
    gk_store_rollback(holder);
    assert_int_equal(gk_entry_save(s2, &e, &err), 0);
    gk_entry_free(&e);
    gk_store_close(holder);
    gk_store_close(s2);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_indicator),
        cmocka_unit_test(test_save_records_history),
        cmocka_unit_test(test_wrong_unit_keeps_text),
        cmocka_unit_test(test_conflict_between_two_clerks),
        cmocka_unit_test(test_drafts_survive),
        cmocka_unit_test(test_item_lists_indicator_series),
        cmocka_unit_test(test_busy_save_keeps_text),
    };
    return cmocka_run_group_tests_name("entry", tests, NULL, NULL);
}
