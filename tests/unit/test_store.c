/*
 * test_store.c — opening files: creation, the upgrade mechanism (backup
 * first, all steps in one transaction), and what a failed upgrade leaves;
 * the WAL's checkpoint, run beside the saves (ckpt.c).
 */
#include "gk_test.h"

#include <glob.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../src/store/store_int.h"
#include "gyokaku/pref.h"

/* Runs sql on the file directly (as another program, or an older gyokaku). */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* A version 1 file as the first release wrote it (today's schema without
 * plan.grades, the table pref and what version 4 added), or a version 2
 * one (without pref and version 4). */
static void make_old(const char *path, int version)
{
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    gk_store_close(s);
    /* what versions 4 (users, locks, history.comment) and 5 added */
    raw_exec(path,
             GK_TEST_UNDO_V5 "DROP TABLE user_dept; DROP TABLE app_user; DROP TABLE year_lock;"
                             " ALTER TABLE history DROP COLUMN comment;");
    raw_exec(path, version == 1 ? "DROP TABLE pref; ALTER TABLE plan DROP COLUMN grades;"
                                  " PRAGMA user_version = 1;"
                                : "DROP TABLE pref; PRAGMA user_version = 2;");
}
#include "gyokaku/backup.h"

/* The newest backup of the database at path into buf; returns its reason
 * (-1 when there is none). */
static int newest_backup(const char *path, char *buf, size_t n)
{
    gk_backup_entry *l;
    size_t cnt;
    gk_error err;
    if (gk_backup_list(path, &l, &cnt, &err) != 0 || cnt == 0) return -1;
    snprintf(buf, n, "%s", l[cnt - 1].path);
    int why = l[cnt - 1].reason;
    gk_backup_list_free(l, cnt);
    return why;
}

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
                                        " (SELECT foreign_keys FROM pragma_foreign_keys),"
                                        " (SELECT page_size FROM pragma_page_size)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), GK_APPLICATION_ID);
    assert_int_equal(sqlite3_column_int(st, 1), GK_SCHEMA_VERSION);
    assert_string_equal(sqlite3_column_text(st, 2), "wal");
    assert_int_equal(sqlite3_column_int(st, 3), 1);
    assert_int_equal(sqlite3_column_int(st, 4), GK_PAGE_SIZE);
    /* SQLite's memory statistics are off (store.c configure_sqlite): this
     * is the first test, before any other use of SQLite in this process */
    assert_int_equal(sqlite3_memory_used(), 0);
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

/* A database labelled version 1, upgraded by two made-up steps to version 3
 * (the mechanism; test_upgrade_v1_to_v2 runs the real step). */
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
    /* the automatic backup, in the backups folder, says why */
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(l[0].reason, GK_BACKUP_UPGRADE);
    assert_string_equal(l[0].detail, "1 -> 3");
    assert_non_null(strstr(l[0].path, "/backups/old."));
    sqlite3 *b;
    assert_int_equal(sqlite3_open_v2(l[0].path, &b, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    gk_backup_list_free(l, n);
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
    /* a second attempt fails the same way, with a backup of its own */
    assert_int_equal(gk_store_migrate_steps(s, 1, 3, steps, 2, &err), -1);
    assert_non_null(strstr(err.msg, "unchanged"));
    gk_store_close(s);
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 2);
    gk_backup_list_free(l, n);
}

/* A real version 1 file is upgraded on open: backup first, then every step
 * (plan.grades, the pref table), and the data stays; a version 2 file gets
 * the pref table. */
static void test_upgrade_real_steps(void **state)
{
    (void)state;
    const char *path = gk_test_path("v1.db");
    make_old(path, 1);
    raw_exec(path, "INSERT INTO plan(uid, name, pos) VALUES ('u', '計画', 1)");
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    char *v = gk_sql_text(path, "SELECT user_version FROM pragma_user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM pragma_table_info('plan') WHERE name = 'grades'");
    assert_string_equal(v, "1");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM pref");
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(path, "SELECT name FROM plan");
    assert_string_equal(v, "計画");
    free(v);
    const char *k[] = {"plan"}, *val[] = {"計画"};
    assert_int_equal(gk_pref_set(s, k, val, 1, &err), 0);
    gk_store_close(s);
    char bak[8192];
    assert_int_equal(newest_backup(path, bak, sizeof bak), GK_BACKUP_UPGRADE);
    v = gk_sql_text(bak, "SELECT user_version || '/' || (SELECT count(*) FROM sqlite_schema"
                         " WHERE name = 'pref') FROM pragma_user_version");
    assert_string_equal(v, "1/0"); /* the backup is the version 1 file */
    free(v);
    const char *v2 = gk_test_path("v2.db");
    make_old(v2, 2);
    s = gk_store_open(v2, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_pref_set(s, k, val, 1, &err), 0);
    char got[64];
    assert_int_equal(gk_pref_get(s, "plan", got, sizeof got), 1);
    assert_string_equal(got, "計画");
    gk_store_close(s);
    assert_int_equal(newest_backup(v2, bak, sizeof bak), GK_BACKUP_UPGRADE);
    v = gk_sql_text(bak, "SELECT user_version FROM pragma_user_version");
    assert_string_equal(v, "2");
    free(v);
    /* a version 1 file opened read-only is not upgraded: no preference, no error */
    const char *ro = gk_test_path("v1-ro.db");
    make_old(ro, 1);
    s = gk_store_open(ro, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    char buf[64] = "x";
    assert_int_equal(gk_pref_get(s, "plan", buf, sizeof buf), 0);
    assert_int_equal(gk_pref_set(s, k, val, 1, &err), -1);
    assert_non_null(strstr(err.msg, "read-only"));
    gk_store_close(s);
}

/* The value table's shape as SQLite describes it: columns, and whether it
 * has a rowid. */
static char *value_shape(const char *path)
{
    return gk_sql_text(path, "SELECT group_concat(name || ' ' || type || ' ' || pk, ', ')"
                             " || ' / ' || (SELECT wr FROM pragma_table_list WHERE name = 'value')"
                             " || ' / ' || (SELECT count(*) FROM sqlite_schema"
                             " WHERE name = 'value_actual_year') FROM pragma_table_info('value')");
}

/* Version 5 to 6: the values keep every cell and rev, lose their stored uid
 * and rowid, and their history stays attached: a value whose stored uid was
 * not the derived one (a file changed behind gyokaku's back) has its history
 * renamed to the derived uid. */
static void test_upgrade_v5_values(void **state)
{
    (void)state;
    const char *path = gk_test_path("v5.db"), *fresh = gk_test_path("v6.db");
    gk_error err;
    gk_store *s = gk_store_open(fresh, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    gk_store_close(s);
    s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    assert_int_equal(
        sqlite3_exec(
            s->db,
            "INSERT INTO plan(uid, name, pos) VALUES (gk_uid('', 'plan', '計画'), '計画', 0);"
            "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES"
            " (gk_uid((SELECT uid FROM plan), 'indicator', '指標'), 1, 'indicator', '指標', 0);"
            "INSERT INTO series(uid, node_id, name, pos) VALUES"
            " (gk_uid((SELECT uid FROM node), 'series', ''), 1, '', 0);"
            "INSERT INTO value(series_id, year, target_raw, actual_raw, rev) VALUES"
            " (1, 2024, '10件', '9件', 3), (1, 2025, '11件', NULL, 1), (1, 2026, NULL, '7件', "
            "2);" GK_TEST_UNDO_V6_UID "PRAGMA user_version = 5;"
            "UPDATE value SET uid = 'copied' WHERE year = 2025;"
            "INSERT INTO history(at, who, tbl, row_uid, field, old, new) SELECT"
            " '2024-01-01T00:00:00Z', 'clerk', 'value', uid, 'actual', NULL, actual_raw"
            " FROM value WHERE actual_raw IS NOT NULL;"
            "INSERT INTO history(at, who, tbl, row_uid, field, old, new) VALUES"
            " ('2024-01-01T00:00:00Z', 'clerk', 'value', 'copied', 'target', NULL, '11件');",
            NULL, NULL, NULL),
        SQLITE_OK);
    gk_store_close(s);
    char *v = value_shape(path);
    assert_non_null(strstr(v, "id INTEGER 1, uid TEXT 0"));
    free(v);
    static const char series_uid_indexed[] =
        "SELECT count(*) FROM pragma_index_list('series') l WHERE l.\"unique\" AND"
        " (SELECT group_concat(name) FROM pragma_index_info(l.name)) = 'uid'";
    v = gk_sql_text(path, series_uid_indexed);
    assert_string_equal(v, "1");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'node_pos'");
    assert_string_equal(v, "1");
    free(v);
    char *series =
        gk_sql_text(path, "SELECT group_concat(id || uid || node_id || name, '|') FROM series");

    s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    /* the upgrade ran with foreign keys off (migrate.c): they are on again */
    sqlite3_stmt *fk;
    assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA foreign_keys", -1, &fk, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(fk), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(fk, 0), 1);
    sqlite3_finalize(fk);
    gk_store_close(s);
    /* the series keep their ids and uids, without the index of uids; every
     * value still has its series */
    v = gk_sql_text(path, series_uid_indexed);
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(path, "SELECT group_concat(id || uid || node_id || name, '|') FROM series");
    assert_string_equal(v, series);
    free(v);
    free(series);
    v = gk_sql_text(path, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'node_pos'");
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM value v JOIN series s ON s.id = v.series_id");
    assert_string_equal(v, "3");
    free(v);
    v = gk_sql_text(path, "SELECT user_version FROM pragma_user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
    char *want = value_shape(fresh);
    v = value_shape(path);
    assert_string_equal(v, want);
    assert_string_equal(v, "series_id INTEGER 1, year INTEGER 2, target_raw TEXT 0,"
                           " actual_raw TEXT 0, rev INTEGER 0 / 1 / 1"); /* WITHOUT ROWID */
    free(v);
    free(want);
    v = gk_sql_text(path, "SELECT group_concat(year || ':' || ifnull(target_raw, '-') || ':'"
                          " || ifnull(actual_raw, '-') || ':' || rev, ' ') FROM value");
    assert_string_equal(v, "2024:10件:9件:3 2025:11件:-:1 2026:-:7件:2");
    free(v);
    /* every history row names its value by the derived uid, 'copied' too */
    v = gk_sql_text(path,
                    "SELECT count(*) || '/' || sum(h.row_uid = gk_uid(s.uid, 'value', v.year))"
                    " FROM history h JOIN value v JOIN series s ON s.id = v.series_id"
                    " WHERE h.tbl = 'value' AND (h.field = 'actual' AND h.new = v.actual_raw"
                    " OR h.field = 'target' AND v.year = 2025)");
    assert_string_equal(v, "3/3");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM history WHERE row_uid = 'copied'");
    assert_string_equal(v, "0");
    free(v);
}

/* A file of the first release (tests/unit/data/schema-v1.sql) upgraded to
 * version 6 has the CHECKs of node.kind and note.state written as ORs
 * (migrate.c: no temporary b-tree per INSERT), which refuse what the IN
 * lists refused, and passes the integrity check. */
static void test_upgrade_rewrites_checks(void **state)
{
    (void)state;
    const char *path = gk_test_path("v1-checks.db");
    char *v1 = gk_read_file("tests/unit/data/schema-v1.sql", NULL);
    assert_non_null(v1);
    raw_exec(path, v1);
    free(v1);
    raw_exec(path,
             "INSERT INTO plan(uid, name, pos) VALUES ('u', 'P', 0);"
             "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES ('n', 1, 'item', 'I', 0);"
             "INSERT INTO note(uid, node_id, year, state) VALUES ('o', 1, 2024, 'draft');");
    char *v = gk_sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%kind IN (%'"
                                " OR sql LIKE '%state IN (%'");
    assert_string_equal(v, "2");
    free(v);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    v = gk_sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%kind IN (%'"
                          " OR sql LIKE '%state IN (%'");
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(path,
                    "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (kind = ''goal''"
                    " OR kind = ''policy'' OR kind = ''item'' OR kind = ''indicator'')%'"
                    " OR sql LIKE '%CHECK (state = ''none'' OR state = ''draft'' OR state ="
                    " ''submitted'' OR state = ''approved'')%'");
    assert_string_equal(v, "2");
    free(v);
    v = gk_sql_text(path, "PRAGMA integrity_check");
    assert_string_equal(v, "ok");
    free(v);
    v = gk_sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'node_pos'");
    assert_string_equal(v, "0");
    free(v);
    static const char *const refused[] = {
        "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES ('m', 1, 'items', 'J', 1)",
        "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES ('m', 1, '', 'J', 1)",
        "UPDATE note SET state = 'done'",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        assert_int_equal(sqlite3_exec(s->db, refused[i], NULL, NULL, NULL),
                         SQLITE_CONSTRAINT_CHECK);
    assert_int_equal(
        sqlite3_exec(s->db,
                     "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES"
                     " ('m', 1, 'indicator', 'J', 1); UPDATE note SET state = 'approved'",
                     NULL, NULL, NULL),
        SQLITE_OK);
    gk_store_close(s);
}

/* Preferences per user; a busy file fails fast, changing nothing. */
static void test_prefs(void **state)
{
    (void)state;
    const char *path = gk_test_path("pref.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    char buf[64];
    assert_int_equal(gk_pref_get(s, "dept", buf, sizeof buf), 0);
    const char *k[] = {"plan", "year", "dept"}, *v[] = {"計画", "2024", "職員課"};
    assert_int_equal(gk_pref_set(s, k, v, 3, &err), 0);
    assert_int_equal(gk_pref_get(s, "dept", buf, sizeof buf), 1);
    assert_string_equal(buf, "職員課");
    const char *cleared[] = {"計画", "2025", NULL};
    assert_int_equal(gk_pref_set(s, k, cleared, 3, &err), 0);
    assert_int_equal(gk_pref_get(s, "dept", buf, sizeof buf), 0);
    assert_int_equal(gk_pref_get(s, "year", buf, sizeof buf), 1);
    assert_string_equal(buf, "2025");
    /* another user's choice is theirs */
    raw_exec(path, "INSERT INTO pref VALUES ('someone-else', 'dept', '財政課')");
    assert_int_equal(gk_pref_get(s, "dept", buf, sizeof buf), 0);
    /* another writer holds the file: a quick failure, nothing written */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    const char *later[] = {"計画", "2026", "財政課"};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(gk_pref_set(s, k, later, 3, &err), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_non_null(strstr(err.msg, "busy"));
    assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 3000);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    assert_int_equal(gk_pref_get(s, "year", buf, sizeof buf), 1);
    assert_string_equal(buf, "2025");
    /* and the usual wait is back for real writes */
    assert_int_equal(gk_pref_set(s, k, later, 3, &err), 0);
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

/* A commit that leaves 1,000 pages or more in the WAL has them copied into
 * the database file by the checkpoint's thread (ckpt.c): the save asks for
 * it; the thread's own connection (whose WAL must be open for a checkpoint
 * to do anything) runs it. */
static void test_checkpoint_beside_saves(void **state)
{
    (void)state;
    const char *path = gk_test_path("ckpt.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    assert_int_equal(gk_ckpt_wait(s), 0); /* no thread before it is needed */
    /* 20 MB in one commit: 1,280 pages of 16 KiB in the WAL */
    assert_int_equal(gk_store_begin(s, &err), 0);
    assert_int_equal(sqlite3_exec(s->db,
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 20) INSERT INTO draft(who, node_uid, year, field,"
                                  " text, at) SELECT 'x', 'n' || i, 2024, 'status',"
                                  " hex(randomblob(500000)), '' FROM n",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(gk_store_commit(s, &err), 0);
    assert_true(gk_ckpt_wait(s) >= 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size >= 20000000); /* the pages are in the file itself */
    /* the checkpoint's thread blocks every signal (ckpt.c), so that the
     * gate's timeout, SIGWINCH and SIGHUP reach the thread that waits */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/task/%ld/status", (long)getpid());
    glob_t g;
    assert_int_equal(glob("/proc/self/task/*/status", 0, NULL, &g), 0);
    int others = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        if (strcmp(g.gl_pathv[i], self) == 0) continue;
        FILE *f = fopen(g.gl_pathv[i], "r");
        assert_non_null(f);
        char line[256];
        unsigned long long blocked = 0;
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "SigBlk:", 7) == 0) blocked = strtoull(line + 7, NULL, 16);
        fclose(f);
        assert_true(blocked & (1ULL << (SIGHUP - 1)));
        assert_true(blocked & (1ULL << (SIGWINCH - 1)));
        assert_true(blocked & (1ULL << (SIGRTMIN + 5 - 1))); /* gate.c's GK_GATE_SIGNAL */
        others++;
    }
    globfree(&g);
    assert_true(others >= 1); /* at least the checkpoint's */
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
        cmocka_unit_test(test_upgrade_real_steps),
        cmocka_unit_test(test_upgrade_v5_values),
        cmocka_unit_test(test_upgrade_rewrites_checks),
        cmocka_unit_test(test_prefs),
        cmocka_unit_test(test_checkpoint_beside_saves),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
