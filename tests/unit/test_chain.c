/*
 * test_chain.c — the history that shows tampering (db/schema.sql version 7,
 * store/chain.c): a row rewritten with sqlite3 is named; a rewrite whose
 * attacker recomputed the rest of the chain is caught by the chain head of
 * a backup, which names the row; a node's departments changed behind
 * gyokaku's back are named with the value of the newest backup; a lock
 * reason rewritten is named; an upgraded version 6 file gets its rows
 * chained and its departments recorded.
 */
#include "gk_test.h"

#include "../../src/store/store_int.h"
#include "gyokaku/backup.h"
#include "gyokaku/cli.h"
#include "gyokaku/roles.h"

static const char *db;

static int import_clerk(void *ctx)
{
    (void)ctx;
    char *argv[] = {"import", "--db", (char *)db, "tests/e2e/data/clerk.csv", NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

typedef struct problems {
    char text[16384];
    int n;
} problems;

static void collect(void *ctx, const gk_finding *f)
{
    problems *o = ctx;
    char *p = gk_finding_text(f, NULL);
    assert_non_null(p);
    size_t len = strlen(o->text);
    snprintf(o->text + len, sizeof o->text - len, "%s\n", p);
    free(p);
    o->n++;
}

static long check(problems *o)
{
    memset(o, 0, sizeof *o);
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    long n = gk_store_check(s, collect, o, &err);
    gk_store_close(s);
    return n;
}

static void sql(const char *q)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, q, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", q, msg);
    sqlite3_close(h);
}

static void fresh(const char *name)
{
    db = gk_test_path(name);
    char *out;
    assert_int_equal(gk_capture_stderr(import_clerk, NULL, &out), 0);
    free(out);
}

static void backup(void)
{
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, 0, NULL, 0, NULL, &err), 0);
    gk_store_close(s);
}

/* A clean file passes; one row rewritten is named, and only that row. */
static void test_row_rewritten(void **state)
{
    (void)state;
    fresh("rewritten.db");
    problems o;
    assert_int_equal(check(&o), 0);
    char *rows = gk_sql_text(db, "SELECT count(*) FROM history WHERE hash IS NOT NULL");
    assert_true(atoi(rows) >= 5); /* the creator and the five departments */
    free(rows);
    sql("UPDATE history SET comment = 'x' WHERE id = 2");
    assert_int_equal(check(&o), 1);
    assert_non_null(strstr(o.text, "history row 2 ("));
    assert_non_null(strstr(o.text, "the chain of hashes breaks here"));
    /* a row removed: the row after it is named */
    sql("UPDATE history SET comment = NULL WHERE id = 2; DELETE FROM history WHERE id = 3");
    assert_int_equal(check(&o), 2); /* row 4's link, and node of row 3 has no record */
    assert_non_null(strstr(o.text, "history row 4 ("));
}

/* SHA-256 over the SQL the attacker can run: recompute the chain from the
 * row on with the program's own function, as someone who read the source
 * would. The backup's chain head gives it away and names the row. */
static void recompute_chain(void)
{
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_store_begin(s, &err), 0);
    assert_int_equal(gk_history_chain_all(s, &err), 0);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    gk_store_close(s);
}

static void test_recomputed_chain_against_backup(void **state)
{
    (void)state;
    fresh("recomputed.db");
    backup();
    problems o;
    assert_int_equal(check(&o), 0);
    /* the clerk's own department added to another department's node, and
     * its history row made to agree, chain recomputed */
    sql("INSERT INTO node_dept SELECT n.id, (SELECT id FROM dept WHERE name = '総)職員課'), 1"
        " FROM node n WHERE n.title = '① 窓口の改善';"
        "UPDATE history SET new = '(市)市民課、総)職員課' WHERE tbl = 'node' AND row_uid ="
        " (SELECT uid FROM node WHERE title = '① 窓口の改善')");
    recompute_chain();
    long n = check(&o);
    assert_true(n >= 2);
    assert_non_null(strstr(o.text, "holds the history up to row"));
    char *id = gk_sql_text(db, "SELECT id FROM history WHERE new = '(市)市民課、総)職員課'");
    char want[64];
    snprintf(want, sizeof want, "history row %s is now (", id);
    assert_non_null(strstr(o.text, want));
    assert_non_null(strstr(o.text, "\"(市)市民課、総)職員課\""));
    free(id);
}

/* Departments changed with sqlite3 (no history): the node is named with
 * what the newest backup gives it. */
static void test_departments_bypass(void **state)
{
    (void)state;
    fresh("depts.db");
    backup();
    sql("INSERT INTO node_dept SELECT n.id, (SELECT id FROM dept WHERE name = '総)職員課'), 1"
        " FROM node n WHERE n.title = '① 窓口の改善'");
    problems o;
    assert_int_equal(check(&o), 1);
    assert_non_null(strstr(o.text, "(① 窓口の改善): departments \"(市)市民課、総)職員課\", but the"
                                   " last change gyokaku recorded made them \"(市)市民課\""));
    assert_non_null(strstr(o.text, "gives it \"(市)市民課\""));
}

/* A lock's reason rewritten with sqlite3 is named. */
static void test_lock_reason(void **state)
{
    (void)state;
    fresh("lock.db");
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_year_lock(s, 2023, "公表した", &err), 0);
    gk_store_close(s);
    problems o;
    assert_int_equal(check(&o), 0);
    sql("UPDATE year_lock SET reason = '誤り'");
    assert_int_equal(check(&o), 1);
    assert_non_null(strstr(o.text, "fiscal year 2023: locked by"));
    assert_non_null(strstr(o.text, "\"公表した\""));
}

/* A version 6 file: the upgrade chains its rows and records every node's
 * departments; the result passes the check. */
static void test_upgrade_chains(void **state)
{
    (void)state;
    fresh("v6.db");
    sql("DELETE FROM history WHERE tbl = 'node';"
        "ALTER TABLE history DROP COLUMN hash; ALTER TABLE year_lock DROP COLUMN snapshot;"
        "PRAGMA user_version = 6");
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    gk_store_close(s);
    char *v = gk_sql_text(db, "SELECT count(*) FROM history WHERE hash IS NULL");
    assert_string_equal(v, "0");
    free(v);
    v = gk_sql_text(db, "SELECT count(*) FROM history WHERE field = 'departments'");
    assert_string_equal(v, "5");
    free(v);
    problems o;
    assert_int_equal(check(&o), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_rewritten),
        cmocka_unit_test(test_recomputed_chain_against_backup),
        cmocka_unit_test(test_departments_bypass),
        cmocka_unit_test(test_lock_reason),
        cmocka_unit_test(test_upgrade_chains),
    };
    return cmocka_run_group_tests_name("chain", tests, NULL, NULL);
}
