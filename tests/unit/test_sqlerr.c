/*
 * test_sqlerr.c — SQLite's failures said in gyokaku's words
 * (gk_sqlite_reason, store.h): each common result code gets its own
 * reason naming the file, with SQLite's text kept in parentheses; and a
 * real failure (writing a read-only file) goes through it.
 */
#include "gk_test.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "gyokaku/store.h"

static void test_each_code_has_its_words(void **state)
{
    (void)state;
    static const struct {
        int rc;
        const char *words;
    } cases[] = {
        {SQLITE_READONLY, "is read-only"},
        {SQLITE_READONLY_DBMOVED, "is read-only"},
        {SQLITE_CORRUPT, "is damaged; run `gyokaku check`"},
        {SQLITE_BUSY, "is busy, in use by another writer"},
        {SQLITE_LOCKED, "is busy, in use by another writer"},
        {SQLITE_FULL, "the disk holding /x/p.db is full"},
        {SQLITE_NOTADB, "is not a gyokaku database"},
        {SQLITE_CANTOPEN, "cannot be opened"},
        {SQLITE_IOERR_WRITE, "(input/output error)"},
        {SQLITE_CONSTRAINT_UNIQUE, "would break a rule of the database"},
        {SQLITE_NOMEM, "out of memory"},
        {SQLITE_PERM, "not permitted"},
        {SQLITE_MISMATCH, "reported an error"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[1024], want[256];
        gk_sqlite_reason(cases[i].rc, NULL, "/x/p.db", buf, sizeof buf);
        if (!strstr(buf, cases[i].words)) fail_msg("code %d: \"%s\"", cases[i].rc, buf);
        if (!strstr(buf, "/x/p.db") && cases[i].rc != SQLITE_NOMEM)
            fail_msg("code %d does not name the file: \"%s\"", cases[i].rc, buf);
        /* SQLite's own words last, in parentheses */
        snprintf(want, sizeof want, "(SQLite: %s)", sqlite3_errstr(cases[i].rc));
        size_t bl = strlen(buf), wl = strlen(want);
        if (bl < wl || strcmp(buf + bl - wl, want) != 0)
            fail_msg("code %d: SQLite's text not kept at the end: \"%s\"", cases[i].rc, buf);
    }
    /* the connection's own message, when given, is the one kept */
    char buf[1024];
    gk_sqlite_reason(SQLITE_CORRUPT, "database disk image is malformed", "a.db", buf, sizeof buf);
    assert_non_null(strstr(buf, "(SQLite: database disk image is malformed)"));
    /* distinct codes, distinct reasons */
    char a[1024], b[1024];
    gk_sqlite_reason(SQLITE_FULL, "", "a.db", a, sizeof a);
    gk_sqlite_reason(SQLITE_READONLY, "", "a.db", b, sizeof b);
    assert_string_not_equal(a, b);
}

/* A write to a file opened read-only at the SQLite level (the file made
 * read-only after gyokaku opened it for writing): the failure is said as
 * read-only, SQLite's text in parentheses. */
static void test_readonly_write_is_said_in_words(void **state)
{
    (void)state;
    const char *path = gk_test_path("ro.db");
    gk_error err = {{0}};
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    if (!s) fail_msg("%s", err.msg);
    gk_store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int rc = sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    assert_int_equal(rc & 0xff, SQLITE_READONLY);
    char buf[1024];
    gk_sqlite_reason(rc, sqlite3_errmsg(db), path, buf, sizeof buf);
    sqlite3_close(db);
    assert_non_null(strstr(buf, "is read-only"));
    assert_non_null(strstr(buf, "(SQLite: attempt to write a readonly database)"));
    /* SQLite's text never outside the parentheses */
    char *open = strstr(buf, "(SQLite:");
    *open = '\0';
    assert_null(strstr(buf, "attempt to write"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_code_has_its_words),
        cmocka_unit_test(test_readonly_write_is_said_in_words),
    };
    return cmocka_run_group_tests_name("sqlerr", tests, NULL, NULL);
}
