/*
 * test_store.c — opening files: creation, the upgrade mechanism (backup
 * first, all steps in one transaction), and what a failed upgrade leaves.
 */
#include "gk_test.h"

#include <sqlite3.h>

#include "../../src/store/store_int.h"

static void test_create_sets_ids_and_wal(void **state)
{
    (void)state;
    const char *path = gk_test_path("sub/dir/new.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    assert_true(gk_store_created(s));
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT (SELECT application_id FROM pragma_application_id),"
                                        " (SELECT user_version FROM pragma_user_version),"
                                        " (SELECT journal_mode FROM pragma_journal_mode),"
                                        " (SELECT foreign_keys FROM pragma_foreign_keys)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), GK_APPLICATION_ID);
    assert_int_equal(sqlite3_column_int(st, 1), GK_SCHEMA_VERSION);
    assert_string_equal(sqlite3_column_text(st, 2), "wal");
    assert_int_equal(sqlite3_column_int(st, 3), 1);
    sqlite3_finalize(st);
    gk_store_close(s);
    s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    assert_false(gk_store_created(s));
    gk_store_close(s);
}

static void test_missing_file_not_created_without_flag(void **state)
{
    (void)state;
    gk_error err;
    const char *path = gk_test_path("absent.db");
    assert_null(gk_store_open(path, 0, &err));
    assert_non_null(strstr(err.msg, "gyokaku init"));
    assert_int_equal(access(path, F_OK), -1);
}

/* A database at version 1, upgraded by two made-up steps to version 3. */
static void test_upgrade_backs_up_then_migrates(void **state)
{
    (void)state;
    const char *path = gk_test_path("old.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    /* made-up steps from version 1: the file claims to be that old */
    assert_int_equal(sqlite3_exec(s->db, "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
    static const char *const steps[] = {
        "ALTER TABLE plan ADD COLUMN locked_year INTEGER;",
        "CREATE TABLE review_comment(id INTEGER PRIMARY KEY, body TEXT);",
    };
    assert_int_equal(gk_store_migrate_steps(s, 1, 3, steps, 2, &err), 0);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(s->db,
                       "SELECT user_version, (SELECT count(*) FROM review_comment)"
                       " FROM pragma_user_version",
                       -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3);
    sqlite3_finalize(st);
    gk_store_close(s);
    char bak[600];
    snprintf(bak, sizeof bak, "%s.bak-v1", path);
    sqlite3 *b;
    assert_int_equal(sqlite3_open_v2(bak, &b, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_prepare_v2(b, "SELECT user_version FROM pragma_user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1); /* the backup is the old version */
    sqlite3_finalize(st);
    sqlite3_close(b);
}

static void test_failed_upgrade_changes_nothing(void **state)
{
    (void)state;
    const char *path = gk_test_path("fail.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    /* made-up steps from version 1: the file claims to be that old */
    assert_int_equal(sqlite3_exec(s->db, "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
    static const char *const steps[] = {
        "CREATE TABLE first_step(x);",
        "ALTER TABLE no_such_table ADD COLUMN y;",
    };
    assert_int_equal(gk_store_migrate_steps(s, 1, 3, steps, 2, &err), -1);
    assert_non_null(strstr(err.msg, "unchanged"));
    sqlite3_stmt *st;
    sqlite3_prepare_v2(s->db,
                       "SELECT (SELECT user_version FROM pragma_user_version),"
                       " (SELECT count(*) FROM sqlite_schema WHERE name = 'first_step')",
                       -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    assert_int_equal(sqlite3_column_int(st, 1), 0); /* the first step was rolled back */
    sqlite3_finalize(st);
    /* a second attempt refuses to overwrite the existing backup */
    assert_int_equal(gk_store_migrate_steps(s, 1, 3, steps, 2, &err), -1);
    assert_non_null(strstr(err.msg, "already exists"));
    gk_store_close(s);
}

/* Derived uids: 32 lowercase hex digits, the same for the same identity,
 * different when any part differs, and parts cannot run into each other. */
static void test_uid_derivation(void **state)
{
    (void)state;
    char a[33], b[33];
    gk_uid_derive(a, "", "plan", "江別市行政改革推進計画");
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "0123456789abcdef"), 32);
    gk_uid_derive(b, "", "plan", "江別市行政改革推進計画");
    assert_string_equal(a, b);
    static const char *const other[][3] = {
        {"", "plan", "江別市行政改革推進計画 "},
        {"x", "plan", "江別市行政改革推進計画"},
        {"", "goal", "江別市行政改革推進計画"},
        {"ab", "c", ""},
        {"a", "bc", ""},
        {NULL, NULL, NULL},
    };
    char seen[6][33];
    for (int i = 0; i < 6; i++) {
        gk_uid_derive(seen[i], other[i][0], other[i][1], other[i][2]);
        assert_string_not_equal(seen[i], a);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[i], seen[j]);
    }
    /* the SQL function gives the same, a year as an integer like its text */
    gk_error err;
    gk_store *s = gk_store_open(gk_test_path("uid.db"), GK_OPEN_CREATE, &err);
    assert_non_null(s);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT gk_uid('', 'plan', ?1), gk_uid('p', 'value', 2024)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, "江別市行政改革推進計画", -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(st, 0), a);
    gk_uid_derive(b, "p", "value", "2024");
    assert_string_equal(sqlite3_column_text(st, 1), b);
    sqlite3_finalize(st);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_sets_ids_and_wal),
        cmocka_unit_test(test_missing_file_not_created_without_flag),
        cmocka_unit_test(test_upgrade_backs_up_then_migrates),
        cmocka_unit_test(test_failed_upgrade_changes_nothing),
        cmocka_unit_test(test_uid_derivation),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
