/*
 * test_schema.c — the file trusts only its own schema (store/schema.c,
 * issue 18): a new file and an upgraded one open; an added trigger, view,
 * index or table, a trigger whose SQL was changed, a table with a column
 * more, and a virtual table are refused by name, before anything runs; a
 * backup's own record table is accepted; a backup holding a trigger is
 * refused before a restore copies anything.
 */
#include "gk_test.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "../../src/store/store_int.h"
#include "gyokaku/backup.h"
#include "gyokaku/store.h"

/* A fresh database at path (name in the test folder). */
static const char *fresh(const char *name)
{
    const char *path = gk_test_path(name);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    gk_store_close(s);
    return path;
}

/* Runs sql on path with plain SQLite (an attacker's sqlite3). */
static void tamper(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "tamper: %s\n", msg ? msg : "?");
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

static void test_normalize(void **state)
{
    (void)state;
    char *a = gk_schema_normalize("CREATE TRIGGER t AFTER INSERT ON x -- why\n"
                                  "BEGIN\n    UPDATE x SET a = 'a  b' WHERE id = NEW.id;\nEND");
    char *b = gk_schema_normalize("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a='a  b'"
                                  " WHERE id=NEW.id; END");
    char *c = gk_schema_normalize("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a='a b'"
                                  " WHERE id=NEW.id; END");
    assert_string_equal(a, b);
    assert_string_not_equal(a, c); /* white space inside a quote counts */
    free(a);
    free(b);
    free(c);
    assert_null(gk_schema_normalize(NULL));
}

/* Opens path and expects a refusal naming what. */
static void refused(const char *path, const char *what)
{
    gk_error err = {{0}};
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    if (s) gk_store_close(s);
    assert_null(s);
    if (!strstr(err.msg, what)) fprintf(stderr, "message: %s\n", err.msg);
    assert_non_null(strstr(err.msg, what));
}

static void test_foreign_objects_refused(void **state)
{
    (void)state;
    struct {
        const char *name, *sql, *what;
    } cases[] = {
        {"trig.db",
         "CREATE TRIGGER evil AFTER INSERT ON history BEGIN UPDATE app_user SET role = 'office';"
         " END;",
         "trigger evil (on history)"},
        {"changed.db",
         "DROP TRIGGER node_tkey; CREATE TRIGGER node_tkey AFTER INSERT ON node BEGIN"
         " DELETE FROM history; END;",
         "trigger node_tkey"},
        {"view.db", "CREATE VIEW v AS SELECT 1;", "view v"},
        {"index.db", "CREATE INDEX extra ON history(who);", "index extra"},
        {"table.db", "CREATE TABLE extra(x);", "table extra"},
        {"column.db", "ALTER TABLE app_user ADD COLUMN x TEXT;", "table app_user"},
        {"dropped.db", "DROP INDEX history_row;", "history_row"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path = fresh(cases[i].name);
        tamper(path, cases[i].sql);
        refused(path, cases[i].what);
    }
}

/* A trigger that would write runs neither on open nor on a restore of the
 * file: the restore is refused before anything is copied. */
static void test_backup_with_trigger_never_runs(void **state)
{
    (void)state;
    const char *live = fresh("live.db");
    const char *bak = gk_test_path("evil.bak");
    gk_error err;
    gk_store *s = gk_store_open(live, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_backup_to(s, bak, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    gk_store_close(s);
    chmod(bak, 0600);
    /* the trigger marks that it ran in a table of its own */
    tamper(bak, "CREATE TABLE ran(x); CREATE TRIGGER evil AFTER INSERT ON history BEGIN"
                " INSERT INTO ran VALUES (1); END;");
    char *before = gk_read_file(live, NULL);
    gk_restore *r = gk_restore_prepare(bak, live, &err);
    assert_null(r);
    assert_non_null(strstr(err.msg, "ran")); /* the first foreign object, by name */
    char *after = gk_read_file(live, NULL);
    assert_memory_equal(before, after, 4096);
    free(before);
    free(after);
    char *ran = gk_sql_text(bak, "SELECT count(*) FROM ran");
    assert_string_equal(ran, "0");
    free(ran);
}

/* A backup's record of itself is accepted, and only in its own form. */
static void test_backup_record_accepted(void **state)
{
    (void)state;
    const char *path = fresh("rec.db");
    tamper(path, GK_BACKUP_RECORD_SQL ";");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    gk_store_close(s);
    tamper(path, "DROP TABLE backup_record; CREATE TABLE backup_record (kind TEXT, at TEXT,"
                 " who TEXT, detail TEXT, x DEFAULT (1));");
    refused(path, "table backup_record");
}

/* The CHECK clauses of a table: column and table level, sorted, with
 * parentheses and quotes inside respected and no word merely containing
 * "check". */
static void test_checks_extracted(void **state)
{
    (void)state;
    char *c = gk_schema_checks("CREATE TABLE t (checked TEXT, a INTEGER CHECK (a IN (1, 2)),\n"
                               "  b TEXT check(b <> ')' AND b <> 'CHECK (x)'),"
                               " \"check\" TEXT, CONSTRAINT k CHECK ( a > 0 ))");
    assert_non_null(c);
    assert_string_equal(c, "CHECK(a IN(1,2))\nCHECK(a>0)\nCHECK(b<>')'AND b<>'CHECK (x)')\n");
    free(c);
    c = gk_schema_checks("CREATE TABLE t (a, b)");
    assert_string_equal(c, "");
    free(c);
}

/* A table whose CHECK was dropped, loosened or added with writable_schema
 * (an attacker's sqlite3) is refused by name; the same CHECK written with
 * other white space is not a change. */
static void test_checks_compared(void **state)
{
    (void)state;
    struct {
        const char *name, *sql, *what;
    } cases[] = {
        {"check-loose.db",
         "UPDATE sqlite_schema SET sql = replace(sql, '''office''))', '''office'', ''admin''))')"
         " WHERE name = 'app_user'",
         "table app_user"},
        {"check-drop.db",
         "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (reason <> '''')', '')"
         " WHERE name = 'year_lock'",
         "table year_lock"},
        {"check-add.db",
         "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (reason <> '''')',"
         " 'CHECK (reason <> '''') CHECK (length(reason) < 5)') WHERE name = 'year_lock'",
         "table year_lock"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path = fresh(cases[i].name);
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "PRAGMA writable_schema = ON; %s; PRAGMA writable_schema = OFF;"
                 " PRAGMA schema_version = 9999;",
                 cases[i].sql);
        const char *q = "SELECT group_concat(sql, char(10)) FROM sqlite_schema"
                        " WHERE name IN ('app_user', 'year_lock')";
        char *before = gk_sql_text(path, q);
        tamper(path, sql);
        char *after = gk_sql_text(path, q);
        assert_string_not_equal(before, after); /* the tampering took */
        free(before);
        free(after);
        refused(path, cases[i].what);
        refused(path, "its CHECK constraints differ");
    }
    /* white space only: still gyokaku's schema */
    const char *path = fresh("check-space.db");
    tamper(path, "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql,"
                 " 'CHECK (reason <> '''')', 'CHECK(  reason<>'''' )') WHERE name = 'year_lock';"
                 " PRAGMA writable_schema = OFF; PRAGMA schema_version = 9999;");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    if (!s) fprintf(stderr, "message: %s\n", err.msg);
    assert_non_null(s);
    gk_store_close(s);
}

/* Every connection is defensive: writable_schema cannot be turned on
 * through gyokaku's own connection. */
static void test_defensive(void **state)
{
    (void)state;
    const char *path = fresh("def.db");
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    sqlite3_exec(s->db, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
    assert_int_not_equal(sqlite3_exec(s->db,
                                      "UPDATE sqlite_schema SET sql = sql WHERE name = 'plan'",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    int on = -1;
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on);
    assert_int_equal(on, 0);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_foreign_objects_refused),
        cmocka_unit_test(test_backup_with_trigger_never_runs),
        cmocka_unit_test(test_backup_record_accepted),
        cmocka_unit_test(test_defensive),
        cmocka_unit_test(test_checks_extracted),
        cmocka_unit_test(test_checks_compared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
