/*
 * test_faults.c — the entry form's writes under failing writes: a full disk
 * (every write call from the Nth on fails) and an input/output error (the
 * Nth alone fails), for every N over the save's write calls (its WAL writes,
 * and the checkpoint when the connection closes), through the fault hook of
 * src/store/crashtest.c (gk_fault_test_set). For each N: the save either
 * succeeded, or it failed with a message about the disk in the user's words
 * (no SQLite text) while the entry still holds every typed text; a retry on
 * the same connection then saves; afterwards the file passes check, holds
 * what was saved before and each typed text exactly once in the history.
 * The same walk for drafts (gk_draft_store, written a moment after typing).
 * tests/e2e/57-faults.sh walks an import, a migration and a backup.
 */
#include "gk_test.h"

#include <sqlite3.h>

#include "../../src/store/store_int.h"
#include "gyokaku/cli.h"
#include "gyokaku/entry.h"
#include "gyokaku/store.h"

static const char plan_csv[] =
    "計画,基本目標,取組方針,取組項目,指標,系列,単位,初期値,初期値年度,年度,目標値,実績値,取組状況\n"
    "P,G,(3) 方針,②時間外勤務等の縮減,職員1人当たりの年間時間外勤務時間数,,時間,161.2時間,2017,"
    "2019,縮減,149.6時間,\n"
    "P,G,(3) 方針,②時間外勤務等の縮減,職員1人当たりの年間時間外勤務時間数,,,,,2022,,,古い状況\n";

#define OVERTIME "職員1人当たりの年間時間外勤務時間数"

static int import_fn(void *ctx)
{
    char *argv[] = {"import", "--db", (char *)ctx, (char *)gk_test_path("plan.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

/* The fixture once (base.db, checkpointed: one file), then a copy per round. */
static const char *base_db(void)
{
    static const char *db;
    if (db) return db;
    db = gk_test_path("base.db");
    gk_write_file(gk_test_path("plan.csv"), plan_csv, sizeof plan_csv - 1);
    char *err;
    if (gk_capture_stderr(import_fn, (void *)db, &err) != 0) fail_msg("import: %s", err);
    free(err);
    return db;
}

static const char *fresh(void)
{
    const char *db = gk_test_path("f.db");
    char side[600];
    unlink(db);
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    size_t n = 0;
    char *b = gk_read_file(base_db(), &n);
    assert_non_null(b);
    gk_write_file(db, b, n);
    free(b);
    return db;
}

static int64_t node_id(gk_store *s)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT id FROM node WHERE title = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, OVERTIME, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static long find_field(const gk_entry *e, gk_field_kind k)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].kind == k) return (long)i;
    fail_msg("no field of kind %d", k);
    return -1;
}

#define TYPED_ACTUAL "157.1時間"
#define TYPED_STATUS "ディスクが一杯でも\n消えない取組状況"

/* The message is about the disk, in the user's words (SQLite's own text
 * only in the parentheses kept for the administrator, gk_sqlite_reason). */
static void expect_user_words(const char *full, int mode)
{
    char msg[GK_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", full);
    char *kept = strstr(msg, " (SQLite: ");
    if (kept) *kept = '\0';
    if (!strstr(msg, "disk") || strstr(msg, "disk I/O error") || strstr(msg, "database or disk") ||
        strstr(msg, "SQLITE") || strstr(msg, "sqlite"))
        fail_msg("mode %d: not the user's words: %s", mode, full);
}

/* After a round: the file passes check, the 2019 actual imported before is
 * there, and (when saved) each typed text once in the history. */
static void expect_file(const char *db, bool saved)
{
    gk_fault_test_set(GK_FAULT_NONE, 0);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    if (!s) fail_msg("reopen: %s", err.msg);
    long problems = gk_store_check(s, NULL, NULL, &err);
    assert_int_equal(problems, 0);
    gk_store_close(s);
    char *v = gk_sql_text(db, "SELECT group_concat(actual_raw, '|') FROM value"
                              " WHERE year = 2019");
    assert_string_equal(v, "149.6時間");
    free(v);
    v = gk_sql_text(db, "SELECT count(*) FROM history WHERE new = '" TYPED_STATUS "'");
    assert_string_equal(v, saved ? "1" : "0");
    free(v);
    v = gk_sql_text(db, "SELECT count(*) FROM history WHERE new = '" TYPED_ACTUAL "'");
    assert_string_equal(v, saved ? "1" : "0");
    free(v);
}

/* One round of the save walk: mode fails at write call n (0: none; returns
 * the write calls a save and close made). */
static long save_round(int mode, long n, long *failed)
{
    const char *db = fresh();
    gk_fault_test_set(GK_FAULT_NONE, 0); /* the VFS counts this connection's files */
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    if (!s) fail_msg("open: %s", err.msg);
    gk_entry e;
    assert_int_equal(gk_entry_load(s, node_id(s), 2022, &e, &err), 0);
    long a = find_field(&e, GK_FIELD_ACTUAL), st = find_field(&e, GK_FIELD_STATUS);
    gk_entry_set(&e, (size_t)a, TYPED_ACTUAL);
    gk_entry_set(&e, (size_t)st, TYPED_STATUS);
    gk_fault_test_set(mode, n);
    int rc = gk_entry_save(s, &e, &err);
    if (rc != 0) {
        assert_int_equal(rc, -1);
        ++*failed;
        expect_user_words(err.msg, mode);
        /* the typed input stays in the form */
        assert_true(gk_entry_dirty(&e));
        assert_string_equal(e.fields[a].text, TYPED_ACTUAL);
        assert_string_equal(e.fields[st].text, TYPED_STATUS);
        assert_string_equal(e.fields[st].orig, "古い状況");
        /* the disk has room again: the same form saves on the same connection */
        gk_fault_test_set(GK_FAULT_NONE, 0);
        if (gk_entry_save(s, &e, &err) != 0) fail_msg("mode %d, n %ld: retry: %s", mode, n, err.msg);
    }
    assert_false(gk_entry_dirty(&e));
    gk_entry_free(&e);
    gk_store_close(s); /* the checkpoint, still under the fault when the save succeeded */
    long calls = gk_fault_test_calls();
    expect_file(db, true);
    return calls;
}

static void test_save_under_every_fault(void **state)
{
    (void)state;
    long failed = 0;
    long calls = save_round(GK_FAULT_NONE, 0, &failed);
    assert_true(calls > 2);
    assert_int_equal(failed, 0);
    for (int mode = GK_FAULT_ENOSPC; mode <= GK_FAULT_EIO; mode++)
        for (long n = 1; n <= calls + 1; n++)
            save_round(mode, n, &failed);
    print_message("save: %ld write calls (save and close); %ld of %ld faulty saves failed cleanly\n",
                  calls, failed, 2 * (calls + 1));
    assert_true(failed > 0);
}

/* Drafts: under a fault they fail in the user's words and the entry keeps
 * the text; the file stays good and the saved data untouched. */
static long draft_round(int mode, long n, long *failed)
{
    const char *db = fresh();
    gk_fault_test_set(GK_FAULT_NONE, 0);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    if (!s) fail_msg("open: %s", err.msg);
    gk_entry e;
    assert_int_equal(gk_entry_load(s, node_id(s), 2022, &e, &err), 0);
    long st = find_field(&e, GK_FIELD_STATUS);
    gk_entry_set(&e, (size_t)st, TYPED_STATUS);
    gk_fault_test_set(mode, n);
    if (gk_draft_store(s, &e, &err) != 0) {
        ++*failed;
        expect_user_words(err.msg, mode);
        assert_string_equal(e.fields[st].text, TYPED_STATUS);
        gk_fault_test_set(GK_FAULT_NONE, 0);
        if (gk_draft_store(s, &e, &err) != 0) fail_msg("draft retry: %s", err.msg);
    }
    gk_entry_free(&e);
    gk_store_close(s);
    long calls = gk_fault_test_calls();
    expect_file(db, false);
    char *v = gk_sql_text(db, "SELECT count(*) FROM draft");
    assert_string_equal(v, "1");
    free(v);
    return calls;
}

static void test_drafts_under_every_fault(void **state)
{
    (void)state;
    long failed = 0;
    long calls = draft_round(GK_FAULT_NONE, 0, &failed);
    assert_true(calls > 0);
    for (int mode = GK_FAULT_ENOSPC; mode <= GK_FAULT_EIO; mode++)
        for (long n = 1; n <= calls + 1; n++)
            draft_round(mode, n, &failed);
    assert_true(failed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_under_every_fault),
        cmocka_unit_test(test_drafts_under_every_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
