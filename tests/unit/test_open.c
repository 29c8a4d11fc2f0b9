/*
 * test_open.c — opening a database file that a crash left behind: the state
 * a checkpoint passes through (page 1 written, the main file not yet
 * extended, the WAL intact) is opened and found whole, while a file really
 * cut short, or one whose WAL does not hold the missing pages, is refused
 * and left untouched.
 */
#include "gk_test.h"

#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>

#include "gyokaku/backup.h"
#include "gyokaku/cli.h"
#include "gyokaku/store.h"

/* stdout of `gyokaku stats` is what we compare; run it with stdout to a file. */
static int stats_to(const char *db, const char *out, char **err)
{
    fflush(stdout);
    int saved = dup(1);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    dup2(fd, 1);
    close(fd);
    int rc = RUN(err, "stats", "--db", db);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return rc;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char plan_csv[] = "計画,基本目標,取組方針,取組項目,指標,単位,年度,目標値,実績値\n";

/* A plan large enough to grow the file well past its initial pages. */
static void write_plan(const char *csv, int items)
{
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fputs(plan_csv, f);
    for (int i = 0; i < items; i++)
        fprintf(f, "計画P,目標G,方針%d,項目%d 事務の見直し,指標%d,件,2024,%d,%d\n", i / 20, i, i,
                100 + i, 90 + i);
    fclose(f);
}

/*
 * The state a process killed during the checkpoint after its commit leaves:
 * db holds the data of before the import, but with page 1 (whose header
 * names the new page count) already copied from the WAL; db-wal holds the
 * whole import. Built with a second connection that keeps a read
 * transaction open during the import, so that the import's close cannot
 * checkpoint; the files are copied while it is held.
 */
static void make_crash_state(const char *base, const char *csv, const char *db)
{
    gk_test_rm_db(base);
    assert_int_equal(RUN(NULL, "init", "--db", base), 0);
    sqlite3 *reader;
    assert_int_equal(sqlite3_open(base, &reader), SQLITE_OK);
    assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM plan;", 0, 0, 0), SQLITE_OK);
    assert_int_equal(RUN(NULL, "import", "--db", base, csv), 0);
    char wal[600], dbwal[600];
    snprintf(wal, sizeof wal, "%s-wal", base);
    snprintf(dbwal, sizeof dbwal, "%s-wal", db);
    gk_test_rm_db(db);
    gk_test_copy_file(base, db);
    gk_test_copy_file(wal, dbwal);
    sqlite3_exec(reader, "COMMIT", 0, 0, 0);
    sqlite3_close(reader);

    /* the checkpoint's first write: the newest committed page 1 */
    size_t n;
    unsigned char *w = (unsigned char *)gk_read_file(dbwal, &n);
    assert_non_null(w);
    uint32_t page = be32(w + 8), last_commit_pages = 0;
    const unsigned char *page1 = NULL, *committed1 = NULL;
    for (size_t at = 32; at + 24 + page <= n; at += 24 + page) {
        if (be32(w + at) == 1) page1 = w + at + 24;
        if (be32(w + at + 4)) {
            committed1 = page1;
            last_commit_pages = be32(w + at + 4);
        }
    }
    assert_non_null(committed1);
    FILE *f = fopen(db, "r+b");
    assert_non_null(f);
    assert_int_equal(fwrite(committed1, 1, page, f), page);
    fclose(f);
    size_t dlen;
    free(gk_read_file(db, &dlen));
    /* the state of the defect: shorter than the header's page count */
    assert_true(dlen / page < last_commit_pages);
    free(w);
}

static void test_checkpoint_crash_is_recovered(void **state)
{
    (void)state;
    const char *csv = gk_test_path("plan.csv");
    write_plan(csv, 400);
    const char *whole = gk_test_path("whole.db"), *base = gk_test_path("base.db"),
               *db = gk_test_path("crashed.db");
    gk_test_rm_db(whole);
    assert_int_equal(RUN(NULL, "import", "--db", whole, csv), 0);
    char *err;
    assert_int_equal(stats_to(whole, gk_test_path("whole.stats"), &err), 0);
    free(err);

    make_crash_state(base, csv, db);
    int rc = stats_to(db, gk_test_path("crashed.stats"), &err);
    if (rc != 0) fail_msg("the crashed file is refused: %s", err);
    free(err);
    assert_true(gk_file_equal(gk_test_path("whole.stats"), gk_test_path("crashed.stats")));
    assert_int_equal(RUN(&err, "check", "--db", db), 0);
    free(err);
    /* and it takes the next write */
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    assert_non_null(strstr(err, "no changes"));
    free(err);
}

/* The same main file without its WAL, or with a WAL that does not hold the
 * missing pages, is really cut short: refused, nothing written. */
static void test_short_file_without_its_wal_is_refused(void **state)
{
    (void)state;
    const char *csv = gk_test_path("plan.csv");
    write_plan(csv, 400);
    const char *base = gk_test_path("base2.db"), *db = gk_test_path("cut.db");
    char dbwal[600];
    snprintf(dbwal, sizeof dbwal, "%s-wal", db);
    static const char *const what[3] = {"no WAL", "a WAL of another page size", "a damaged frame"};
    for (int i = 0; i < 3; i++) {
        make_crash_state(base, csv, db);
        size_t n;
        unsigned char *w = (unsigned char *)gk_read_file(dbwal, &n);
        if (i == 0) unlink(dbwal);
        if (i == 1) { /* page size 1024 in the WAL header (its checksum then fails too) */
            w[8] = 0, w[9] = 0, w[10] = 4, w[11] = 0;
            gk_write_file(dbwal, w, n);
        }
        if (i == 2) { /* one byte of the second frame's page: it and all after it are void */
            uint32_t page = be32(w + 8);
            w[32 + (24 + page) + 24 + 100] ^= 0xff;
            gk_write_file(dbwal, w, n);
        }
        free(w);
        size_t before_len, wal_before_len = 0;
        char *before = gk_read_file(db, &before_len);
        char *wal_before = gk_read_file(dbwal, &wal_before_len);
        char *err;
        assert_int_equal(RUN(&err, "stats", "--db", db), 1);
        if (!strstr(err, "truncated")) fail_msg("%s: %s", what[i], err);
        free(err);
        size_t after_len, wal_after_len = 0;
        char *after = gk_read_file(db, &after_len);
        char *wal_after = gk_read_file(dbwal, &wal_after_len);
        assert_int_equal(after_len, before_len);
        assert_memory_equal(after, before, before_len);
        assert_int_equal(wal_after_len, wal_before_len);
        if (wal_before) assert_memory_equal(wal_after, wal_before, wal_before_len);
        free(before);
        free(after);
        free(wal_before);
        free(wal_after);
    }
}

/* The header the inspection judges is the newest committed one, in the WAL
 * when it is there: a file whose upgrade committed (to the WAL) but was
 * never checkpointed says the old schema version in the main file's page 1.
 * Taken from there, the upgrade would run a second time and fail. */
static void test_header_is_read_from_the_wal(void **state)
{
    (void)state;
    if (GK_SCHEMA_VERSION < 2) skip();
    const char *base = gk_test_path("hdr.db"), *db = gk_test_path("hdr-copy.db");
    gk_test_rm_db(base);
    assert_int_equal(RUN(NULL, "init", "--db", base), 0);
    sqlite3 *h, *reader;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", GK_SCHEMA_VERSION - 1);
    assert_int_equal(sqlite3_open(base, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, 0, 0, 0), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", 0, 0, 0), SQLITE_OK);
    assert_int_equal(sqlite3_open(base, &reader), SQLITE_OK);
    assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM plan;", 0, 0, 0), SQLITE_OK);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", GK_SCHEMA_VERSION);
    assert_int_equal(sqlite3_exec(h, sql, 0, 0, 0), SQLITE_OK); /* the upgrade's commit */
    char wal[600], dbwal[600];
    snprintf(wal, sizeof wal, "%s-wal", base);
    snprintf(dbwal, sizeof dbwal, "%s-wal", db);
    gk_test_rm_db(db);
    gk_test_copy_file(base, db);
    gk_test_copy_file(wal, dbwal);
    sqlite3_exec(reader, "COMMIT", 0, 0, 0);
    sqlite3_close(reader);
    sqlite3_close(h);
    size_t n;
    unsigned char *main_file = (unsigned char *)gk_read_file(db, &n);
    assert_int_equal(be32(main_file + 60), GK_SCHEMA_VERSION - 1); /* the state meant */
    free(main_file);

    char *err;
    int rc = RUN(&err, "init", "--db", db);
    if (rc != 0) fail_msg("the upgraded file: %s", err);
    free(err);
    gk_backup_entry *bl; /* no second upgrade was started: no backup before one */
    size_t bn;
    gk_error berr;
    assert_int_equal(gk_backup_list(db, &bl, &bn, &berr), 0);
    assert_int_equal(bn, 0);
    gk_backup_list_free(bl, bn);
    char *v = gk_sql_text(db, "PRAGMA user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
}

/* The history's "who" is the login of the real user id, whatever $USER and
 * $LOGNAME say. */
static void test_who_is_the_real_login(void **state)
{
    (void)state;
    const char *db = gk_test_path("who.db");
    gk_test_rm_db(db);
    const char *a = gk_test_path("a.csv"), *b = gk_test_path("b.csv");
    static const char one[] =
        "計画,基本目標,取組項目,指標,単位,年度,実績値\nP,G,① 項目,指標,件,2024,10\n";
    static const char two[] =
        "計画,基本目標,取組項目,指標,単位,年度,実績値\nP,G,① 項目,指標,件,2024,12\n";
    gk_write_file(a, one, sizeof one - 1);
    gk_write_file(b, two, sizeof two - 1);
    setenv("USER", "mallory", 1);
    setenv("LOGNAME", "mallory", 1);
    assert_int_equal(RUN(NULL, "import", "--db", db, a), 0);
    assert_int_equal(RUN(NULL, "import", "--db", db, b), 0);
    char *who = gk_sql_text(db, "SELECT group_concat(DISTINCT who) FROM history");
    struct passwd *pw = getpwuid(getuid());
    assert_non_null(pw);
    assert_string_equal(who, pw->pw_name);
    free(who);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkpoint_crash_is_recovered),
        cmocka_unit_test(test_short_file_without_its_wal_is_refused),
        cmocka_unit_test(test_header_is_read_from_the_wal),
        cmocka_unit_test(test_who_is_the_real_login),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
