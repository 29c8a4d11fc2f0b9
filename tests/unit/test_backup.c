/*
 * test_backup.c — backups made while another connection writes, the
 * backups folder (names, reasons, modes, retention), restoring into a
 * database that other connections have open, and what a restore refuses.
 */
#include "gk_test.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../src/store/store_int.h"
#include "gyokaku/backup.h"
#include "gyokaku/roles.h"
#include "gyokaku/store.h"

/* A database at path holding one plan with n values (n <= 100) and 300
 * rows of history (some pages to damage). */
static void make_db(const char *path, int n)
{
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    assert_int_equal(
        sqlite3_exec(
            s->db,
            "INSERT INTO plan(uid, name, pos, first_year, last_year) VALUES "
            " (gk_uid('', 'plan', '計画'), '計画', 1, 2000, 2100);"
            "INSERT INTO node(uid, plan_id, kind, title, pos) VALUES "
            " (gk_uid((SELECT uid FROM plan), 'indicator', '指標'), 1, 'indicator', '指標', 1);"
            "INSERT INTO series(uid, node_id, name, pos) VALUES "
            " (gk_uid((SELECT uid FROM node), 'series', ''), 1, '', 1);",
            NULL, NULL, NULL),
        SQLITE_OK);
    for (int y = 0; y < n; y++) {
        char sql[300];
        snprintf(sql, sizeof sql,
                 "INSERT INTO value(series_id, year, actual_raw) VALUES (1, %d, '%d')", 2000 + y,
                 y);
        assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    assert_int_equal(sqlite3_exec(s->db,
                                  "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k"
                                  " WHERE i < 300) INSERT INTO history(at, who, tbl, row_uid,"
                                  " field, new) SELECT '2026-01-01T00:00:00Z', 'test', 'value',"
                                  " 'r' || i, 'actual', printf('%.100c', 'x') FROM k",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    gk_error chained; /* as gyokaku writes history: chained (version 7) */
    assert_int_equal(gk_history_chain_all(s, &chained), 0);
    gk_store_close(s);
}

static long count_values(const char *path)
{
    char *v = gk_sql_text(path, "SELECT count(*) FROM value");
    long n = atol(v);
    free(v);
    return n;
}

static void test_backup_into_folder_with_reason_and_mode(void **state)
{
    (void)state;
    const char *path = gk_test_path("a/plans.db");
    assert_int_equal(mkdir(gk_test_path("a"), 0700), 0);
    make_db(path, 5);
    assert_int_equal(chmod(path, 0640), 0);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    char made[8192];
    assert_int_equal(
        gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, made, sizeof made, NULL, &err), 0);
    assert_int_equal(gk_backup_auto(s, GK_BACKUP_IMPORT, "x.csv", &err), 0);
    gk_store_close(s);
    assert_non_null(strstr(made, "/a/backups/plans."));
    assert_int_equal(strcmp(made + strlen(made) - 4, ".bak"), 0);
    struct stat st;
    assert_int_equal(stat(made, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0440); /* read-only, never the database's 0640 */
    assert_int_equal(stat(gk_test_path("a/backups"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0750);
    /* a valid, self-contained gyokaku database: no -wal needed */
    char wal[8300];
    snprintf(wal, sizeof wal, "%s-wal", made);
    assert_int_equal(access(wal, F_OK), -1);
    assert_int_equal(count_values(made), 5);
    char *jm = gk_sql_text(made, "PRAGMA journal_mode");
    assert_string_equal(jm, "delete");
    free(jm);
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].path, made);
    assert_int_equal(l[0].reason, GK_BACKUP_MANUAL);
    assert_null(l[0].detail);
    assert_int_equal(l[1].reason, GK_BACKUP_IMPORT);
    assert_string_equal(l[1].detail, "x.csv");
    assert_true(l[1].size > 0);
    assert_int_equal(strlen(l[1].when), 19);
    gk_backup_list_free(l, n);
    /* the live database is still in WAL mode */
    jm = gk_sql_text(path, "PRAGMA journal_mode");
    assert_string_equal(jm, "wal");
    free(jm);
}

/* While another connection holds an uncommitted write, the backup copies
 * the committed state, and the writer commits afterwards. */
static void test_backup_while_writing(void **state)
{
    (void)state;
    const char *path = gk_test_path("w.db");
    make_db(path, 3);
    gk_error err;
    gk_store *w = gk_store_open(path, 0, &err), *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(w);
    assert_non_null(s);
    assert_int_equal(gk_store_begin(w, &err), 0);
    assert_int_equal(sqlite3_exec(w->db, "INSERT INTO value(series_id, year) VALUES (1, 2099)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    const char *out = gk_test_path("w-copy.bak");
    assert_int_equal(gk_backup_to(s, out, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    assert_int_equal(gk_store_commit(w, &err), 0);
    assert_int_equal(count_values(out), 3);
    assert_int_equal(count_values(path), 4);
    gk_store_close(w);
    gk_store_close(s);
}

/* Retention per kind, stored in the database by the office: twelve manual
 * backups keep the default ten, an automatic one with 3 kept does not touch
 * the manual ones; the order is the records' times, not the names. */
static void test_retention(void **state)
{
    (void)state;
    const char *path = gk_test_path("keep.db");
    make_db(path, 1);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    char first[8192], second[8192], made[8192];
    setenv("GYOKAKU_BACKUP_KEEP", "1", 1); /* the caller's environment counts for nothing */
    for (int i = 0; i < 12; i++) {
        assert_int_equal(
            gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, made, sizeof made, NULL, &err), 0);
        if (i == 0) snprintf(first, sizeof first, "%s", made);
        if (i == 1) snprintf(second, sizeof second, "%s", made);
    }
    unsetenv("GYOKAKU_BACKUP_KEEP");
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, GK_BACKUP_KEEP);
    assert_string_equal(l[n - 1].path, made); /* newest last */
    assert_true(l[n - 1].trusted);
    assert_string_equal(l[n - 1].creator, gk_store_user(s));
    gk_backup_list_free(l, n);
    assert_int_equal(access(first, F_OK), -1);
    assert_int_equal(access(second, F_OK), -1);
    int keep[GK_KIND_COUNT];
    assert_int_equal(gk_backup_retention_set(s, GK_KIND_AUTOMATIC, 3, &err), 0);
    assert_int_equal(gk_backup_retention(s, keep, &err), 0);
    assert_int_equal(keep[GK_KIND_AUTOMATIC], 3);
    assert_int_equal(keep[GK_KIND_MANUAL], GK_BACKUP_KEEP);
    for (int i = 0; i < 5; i++)
        assert_int_equal(gk_backup_auto(s, GK_BACKUP_LOCK, "2025", &err), 0);
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, GK_BACKUP_KEEP + 3);
    size_t autos = 0;
    for (size_t i = 0; i < n; i++)
        autos += l[i].reason == GK_BACKUP_LOCK;
    assert_int_equal(autos, 3);
    assert_int_equal(l[n - 1].reason, GK_BACKUP_LOCK);
    gk_backup_list_free(l, n);
    gk_store_close(s);
}

/* The list is ordered by the record inside each file: a copy renamed to
 * sort first stays where its record puts it; a name in the future, a FIFO
 * and a file without a record owned by nobody in it are handled without
 * blocking; a file whose record names another login than its owner is not
 * trusted and never pruned. */
/* The FIFO swap (issue 18): a group member swaps a backup's name for a
 * FIFO after gyokaku checked it. Verifying, choosing the newest good backup
 * and restoring read a backup through the one descriptor they checked to be
 * a regular file, so SQLite never opens its name; where SQLite does open a
 * name (the list, the history chain, the live file), its open is
 * non-blocking. Simulated exactly at SQLite's open, through its own hook
 * for the open() system call: the swap happens right before it. */
static sqlite3_syscall_ptr real_open;
static int bak_opens;
static const char *swap_at; /* the backup swapped for a FIFO when SQLite opens it */

static int counting_open(const char *path, int flags, int mode)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".bak") == 0) bak_opens++;
    if (swap_at && strcmp(path, swap_at) == 0) {
        char away[8300];
        snprintf(away, sizeof away, "%s.away", path);
        if (rename(path, away) == 0) mkfifo(path, 0600);
        swap_at = NULL;
    }
    return ((int (*)(const char *, int, int))real_open)(path, flags, mode);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "blocked on a FIFO\n";
    if (write(2, msg, sizeof msg - 1) < 0) _exit(2);
    _exit(1);
}

static void test_backups_read_through_checked_fd(void **state)
{
    (void)state;
    const char *path = gk_test_path("fd/p.db");
    assert_int_equal(mkdir(gk_test_path("fd"), 0700), 0);
    make_db(path, 1);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    char a[8192], b[8192];
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, a, sizeof a, NULL, &err), 0);
    sleep(1);
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, "b", -1, b, sizeof b, NULL, &err), 0);
    gk_store_close(s);
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    real_open = vfs->xGetSystemCall(vfs, "open");
    assert_non_null(real_open);
    assert_int_equal(vfs->xSetSystemCall(vfs, "open", (sqlite3_syscall_ptr)counting_open),
                     SQLITE_OK);
    signal(SIGALRM, on_alarm);
    alarm(20); /* a blocked open fails the test instead of hanging it */
    char good[8192];
    assert_int_equal(gk_backup_latest_good(path, good, sizeof good, &err), 1);
    bak_opens = 0;
    gk_restore *r = gk_restore_prepare(a, path, &err);
    assert_non_null(r);
    gk_restore_free(r);
    assert_int_equal(bak_opens, 0); /* the restore: SQLite never opened the backup's name */
    /* the list opens names: the newer one swapped for a FIFO at that open */
    swap_at = b;
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_null(swap_at); /* the swap happened */
    gk_backup_list_free(l, n);
    /* the FIFO now sits at a backup's name: every way in returns */
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 1);
    gk_backup_list_free(l, n);
    s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    assert_true(gk_store_check(s, NULL, NULL, &err) >= 0); /* the chain opens the backups */
    gk_store_close(s);
    alarm(0);
    vfs->xSetSystemCall(vfs, "open", real_open);
    assert_null(gk_store_open_image(b, &err));
    assert_non_null(strstr(err.msg, "not a regular file"));
    assert_null(gk_store_open(b, GK_OPEN_READONLY, &err)); /* by name, too: refused at once */
    char lnk[8300];
    snprintf(lnk, sizeof lnk, "%s", gk_test_path("fd/link.bak"));
    assert_int_equal(symlink(a, lnk), 0);
    assert_null(gk_store_open_image(lnk, &err));
    s = gk_store_open_image(a, &err);
    assert_non_null(s);
    assert_int_equal(gk_store_check(s, NULL, NULL, &err), 0);
    gk_store_close(s);
}

static void test_list_by_record(void **state)
{
    (void)state;
    const char *path = gk_test_path("rec/p.db");
    assert_int_equal(mkdir(gk_test_path("rec"), 0700), 0);
    make_db(path, 1);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    char a[8192], b[8192];
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, a, sizeof a, NULL, &err), 0);
    sleep(1);
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, "2", -1, b, sizeof b, NULL, &err), 0);
    /* the newer backup renamed to an older name: still the newest */
    char renamed[8300], future[8300], fifo[8300];
    snprintf(renamed, sizeof renamed, "%s", gk_test_path("rec/backups/p.20000101-000000.bak"));
    assert_int_equal(rename(b, renamed), 0);
    snprintf(future, sizeof future, "%s", gk_test_path("rec/backups/p.20991231-235959.bak"));
    assert_int_equal(link(a, future), 0);
    snprintf(fifo, sizeof fifo, "%s", gk_test_path("rec/backups/p.20010101-000000.bak"));
    assert_int_equal(mkfifo(fifo, 0600), 0);
    gk_backup_entry *l;
    size_t n;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 2); /* the future name and the FIFO are not listed */
    assert_string_equal(l[0].path, a);
    assert_string_equal(l[1].path, renamed);
    assert_string_equal(l[1].detail, "2");
    gk_backup_list_free(l, n);
    /* a backup whose record names a login that does not own it */
    sqlite3 *db;
    assert_int_equal(chmod(a, 0600), 0);
    assert_int_equal(sqlite3_open(a, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE backup_record SET who = 'gk-nobody-else'", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_false(l[0].trusted);
    assert_true(l[1].trusted);
    gk_backup_list_free(l, n);
    /* a symbolic link for the folder is refused */
    assert_int_equal(rename(gk_test_path("rec/backups"), gk_test_path("rec/elsewhere")), 0);
    assert_int_equal(symlink("elsewhere", gk_test_path("rec/backups")), 0);
    assert_int_equal(gk_backup_list(path, &l, &n, &err), -1);
    assert_non_null(strstr(err.msg, "symbolic link"));
    assert_int_equal(gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, a, sizeof a, NULL, &err),
                     -1);
    gk_store_close(s);
}

/* -o replaces a plain file, never a database in use (it has a -wal) nor the
 * database itself. */
static void test_output_replace_rules(void **state)
{
    (void)state;
    const char *path = gk_test_path("o.db");
    make_db(path, 2);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    const char *plain = gk_test_path("o-plain.bak");
    gk_write_file(plain, "old", 3);
    assert_int_equal(gk_backup_to(s, plain, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    assert_int_equal(count_values(plain), 2);
    const char *busy = gk_test_path("o-busy.db");
    make_db(busy, 1);
    gk_store *b = gk_store_open(busy, 0, &err); /* open: it has a -wal */
    assert_non_null(b);
    assert_int_equal(gk_backup_to(s, busy, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "will not replace"));
    gk_store_close(b);
    assert_int_equal(gk_backup_to(s, path, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), -1);
    assert_int_equal(count_values(path), 2);
    /* another gyokaku database is never replaced (issue 18), our own
     * earlier backup is (a nightly `backup -o`) */
    const char *other = gk_test_path("o-other.db");
    make_db(other, 1);
    assert_int_equal(gk_backup_to(s, other, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "is a gyokaku database"));
    assert_int_equal(count_values(other), 1);
    assert_int_equal(gk_backup_to(s, plain, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    gk_store_close(s);
}

/* The restore is written into the live file: a connection open before it
 * sees the restored data, is told once by gk_store_restored, and a writer
 * open before it is refused once by begin with the same sentence. */
static void test_restore_into_open_database(void **state)
{
    (void)state;
    const char *path = gk_test_path("live.db"), *bak = gk_test_path("live-old.bak");
    make_db(path, 2);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_backup_to(s, bak, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    assert_int_equal(
        sqlite3_exec(s->db, "INSERT INTO value(series_id, year, actual_raw) VALUES (1, 2098, '9')",
                     NULL, NULL, NULL),
        SQLITE_OK);
    gk_store *reader = gk_store_open(path, GK_OPEN_READONLY, &err);
    gk_store *writer = gk_store_open(path, 0, &err);
    assert_non_null(reader);
    assert_non_null(writer);
    assert_int_equal(gk_store_restored(reader, &err), 0);
    assert_int_equal(count_values(path), 3);

    gk_restore *r = gk_restore_prepare(bak, path, &err);
    if (!r) fail_msg("%s", err.msg);
    assert_int_equal(gk_restore_state(r), GK_LIVE_OK);
    assert_int_equal(gk_restore_source(r)->counts.values, 2);
    assert_int_equal(gk_restore_current(r)->counts.values, 3);
    assert_string_equal(gk_restore_source(r)->plans, "計画");
    char kept[8192];
    if (gk_restore_commit(r, kept, sizeof kept, &err) != 0) fail_msg("%s", err.msg);
    gk_restore_free(r);
    assert_non_null(strstr(kept, "/backups/live."));
    assert_int_equal(count_values(kept), 3); /* the state before the restore */
    assert_int_equal(count_values(path), 2);

    assert_int_equal(gk_store_restored(reader, &err), 1);
    assert_non_null(strstr(err.msg, "restored from"));
    assert_non_null(strstr(err.msg, bak));
    assert_int_equal(gk_store_restored(reader, &err), 0); /* told once */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(reader->db, "SELECT count(*) FROM value", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);

    assert_int_equal(gk_store_begin(writer, &err), -1);
    assert_non_null(strstr(err.msg, "restored from"));
    assert_int_equal(gk_store_begin(writer, &err), 0);
    gk_store_rollback(writer);
    /* every connection open before is told, once; one opened after is not */
    assert_int_equal(gk_store_begin(s, &err), -1);
    assert_int_equal(gk_store_begin(s, &err), 0);
    gk_store_rollback(s);
    gk_store *later = gk_store_open(path, 0, &err);
    assert_non_null(later);
    assert_int_equal(gk_store_restored(later, &err), 0);
    assert_int_equal(gk_store_begin(later, &err), 0);
    gk_store_rollback(later);
    gk_store_close(later);
    gk_store_close(reader);
    gk_store_close(writer);
    gk_store_close(s);
    char *v = gk_sql_text(path, "PRAGMA journal_mode");
    assert_string_equal(v, "wal");
    free(v);
    v = gk_sql_text(path, "PRAGMA integrity_check");
    assert_string_equal(v, "ok");
    free(v);
}

/* A foreign SQLite file, a newer gyokaku's and a damaged one are refused,
 * and neither they nor the live database change. */
static void test_restore_refusals(void **state)
{
    (void)state;
    const char *path = gk_test_path("ref.db");
    make_db(path, 2);
    size_t before_n;
    char *before = gk_read_file(path, &before_n);
    gk_error err;

    const char *foreign = gk_test_path("foreign.sqlite");
    sqlite3 *f;
    assert_int_equal(sqlite3_open(foreign, &f), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", 0, 0, 0),
                     SQLITE_OK);
    sqlite3_close(f);
    assert_null(gk_restore_prepare(foreign, path, &err));
    assert_non_null(strstr(err.msg, "not a gyokaku database"));

    const char *newer = gk_test_path("newer.bak");
    make_db(newer, 1);
    assert_int_equal(sqlite3_open(newer, &f), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f, "PRAGMA user_version = 999", 0, 0, 0), SQLITE_OK);
    sqlite3_close(f);
    size_t nn;
    char *newer_bytes = gk_read_file(newer, &nn);
    assert_null(gk_restore_prepare(newer, path, &err));
    assert_non_null(strstr(err.msg, "newer"));
    size_t nn2;
    char *newer_after = gk_read_file(newer, &nn2);
    assert_int_equal(nn, nn2);
    assert_memory_equal(newer_bytes, newer_after, nn);
    free(newer_bytes);
    free(newer_after);

    /* a backup whose model rules fail */
    const char *bad = gk_test_path("bad.bak");
    make_db(bad, 1);
    assert_int_equal(sqlite3_open(bad, &f), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f, "UPDATE series SET uid = 'not derived'", 0, 0, 0), SQLITE_OK);
    sqlite3_close(f);
    assert_null(gk_restore_prepare(bad, path, &err));
    assert_non_null(strstr(err.msg, "does not pass the checks"));

    /* the database itself */
    assert_null(gk_restore_prepare(path, path, &err));
    assert_non_null(strstr(err.msg, "the database itself"));

    size_t after_n;
    char *after = gk_read_file(path, &after_n);
    assert_int_equal(before_n, after_n);
    assert_memory_equal(before, after, before_n);
    free(before);
    free(after);
}

/* A version-1 backup (the first release's schema) is upgraded in the
 * private copy, then restored; the file itself is never written. */
static void test_restore_older_version(void **state)
{
    (void)state;
    const char *path = gk_test_path("up.db"), *old = gk_test_path("up-v1.bak");
    make_db(path, 4);
    char *schema = gk_read_file("tests/unit/data/schema-v1.sql", NULL);
    assert_non_null(schema);
    sqlite3 *f;
    assert_int_equal(sqlite3_open(old, &f), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f, schema, 0, 0, 0), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(f,
                     "INSERT INTO plan(uid, name, pos, first_year, last_year) VALUES"
                     " ('c3a3b48c8fa83a4aed0a28cfbdbe4b54', '古い計画', 1, 2019, 2023);",
                     0, 0, 0),
        SQLITE_OK);
    sqlite3_close(f);
    free(schema);
    gk_error err;
    char *fixed = gk_sql_text(old, "SELECT count(*) FROM plan");
    assert_string_equal(fixed, "1");
    free(fixed);
    /* the uid as gyokaku derives it, so that the model's rules pass */
    char uid[33];
    gk_uid_derive(uid, "", "plan", "古い計画");
    assert_int_equal(sqlite3_open(old, &f), SQLITE_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE plan SET uid = '%s'", uid);
    assert_int_equal(sqlite3_exec(f, sql, 0, 0, 0), SQLITE_OK);
    sqlite3_close(f);
    size_t n0;
    char *bytes = gk_read_file(old, &n0);
    gk_restore *r = gk_restore_prepare(old, path, &err);
    if (!r) fail_msg("%s", err.msg);
    assert_int_equal(gk_restore_source(r)->version, GK_SCHEMA_VERSION);
    assert_string_equal(gk_restore_source(r)->plans, "古い計画");
    assert_int_equal(gk_restore_commit(r, NULL, 0, &err), 0);
    gk_restore_free(r);
    size_t n1;
    char *after = gk_read_file(old, &n1);
    assert_int_equal(n0, n1); /* the file restored from is never written */
    assert_memory_equal(bytes, after, n0);
    free(bytes);
    free(after);
    char *v = gk_sql_text(path, "PRAGMA user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
    v = gk_sql_text(path, "SELECT group_concat(name) FROM plan");
    assert_string_equal(v, "古い計画");
    free(v);
    assert_int_equal(count_values(path), 0);
}

/* Garbage over a page of the live file: the restore moves the damaged file
 * (with its -wal) aside whole and puts the copy in its place. */
static void test_restore_over_damaged(void **state)
{
    (void)state;
    const char *path = gk_test_path("dmg.db"), *bak = gk_test_path("dmg-good.bak");
    make_db(path, 100);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    assert_non_null(s);
    assert_int_equal(gk_backup_to(s, bak, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    assert_int_equal(gk_backup_auto(s, GK_BACKUP_MANUAL, NULL, &err), 0);
    gk_store_close(s);
    size_t n;
    char *bytes = gk_read_file(path, &n);
    /* pages 2 to 4, whatever the page size (file header bytes 16-17) */
    size_t ps = (size_t)((unsigned char)bytes[16] << 8 | (unsigned char)bytes[17]);
    assert_true(ps >= 512 && n >= 4 * ps);
    for (size_t i = ps; i < 4 * ps; i++)
        bytes[i] = (char)(i * 7 + 3);
    gk_write_file(path, bytes, n);
    free(bytes);
    char *v = gk_sql_text(path, "PRAGMA quick_check");
    assert_string_not_equal(v, "ok");
    free(v);
    /* the newest good backup is found; a damaged one later is skipped */
    char good[8192];
    assert_int_equal(gk_backup_latest_good(path, good, sizeof good, &err), 1);
    assert_non_null(strstr(good, "/backups/dmg."));

    gk_restore *r = gk_restore_prepare(bak, path, &err);
    if (!r) fail_msg("%s", err.msg);
    assert_int_equal(gk_restore_state(r), GK_LIVE_DAMAGED);
    assert_null(gk_restore_current(r));
    char kept[8192];
    assert_int_equal(gk_restore_commit(r, kept, sizeof kept, &err), 0);
    gk_restore_free(r);
    assert_non_null(strstr(kept, ".damaged"));
    assert_int_equal(access(kept, F_OK), 0);
    assert_int_equal(count_values(path), 100);
    v = gk_sql_text(path, "PRAGMA journal_mode");
    assert_string_equal(v, "wal");
    free(v);
    v = gk_sql_text(path, "PRAGMA integrity_check");
    assert_string_equal(v, "ok");
    free(v);
    /* damaged backups are not "good" */
    gk_backup_entry *l;
    assert_int_equal(gk_backup_list(path, &l, &n, &err), 0);
    assert_int_equal(n, 1); /* the .damaged file is not a backup in the list */
    gk_backup_list_free(l, n);
}

/* Restoring where no database is yet. */
static void test_restore_into_missing(void **state)
{
    (void)state;
    const char *bak = gk_test_path("m.bak"), *path = gk_test_path("m-new.db");
    make_db(bak, 7);
    gk_error err;
    gk_restore *r = gk_restore_prepare(bak, path, &err);
    if (!r) fail_msg("%s", err.msg);
    assert_int_equal(gk_restore_state(r), GK_LIVE_MISSING);
    assert_int_equal(gk_restore_commit(r, NULL, 0, &err), 0);
    gk_restore_free(r);
    assert_int_equal(count_values(path), 7);
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    gk_store_close(s);
}

/* Only the office may restore (as only the office imports the plans): a
 * clerk is refused before anything is asked or changed. */
static void test_restore_is_the_offices(void **state)
{
    (void)state;
    const char *path = gk_test_path("roles.db"), *bak = gk_test_path("roles.bak");
    make_db(path, 2);
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_backup_to(s, bak, GK_BACKUP_MANUAL, NULL, -1, NULL, 0, NULL, &err), 0);
    /* the running login becomes a clerk; another login is the office */
    assert_int_equal(gk_user_add(s, "boss", GK_ROLE_OFFICE, NULL, 0, &err), 0);
    char sql[300];
    snprintf(sql, sizeof sql, "UPDATE app_user SET role = 'clerk' WHERE login = '%s'",
             gk_store_user(s));
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    gk_store_close(s);
    size_t n0, n1;
    char *before = gk_read_file(path, &n0);
    assert_null(gk_restore_prepare(bak, path, &err));
    assert_non_null(strstr(err.msg, "restore the database"));
    char *after = gk_read_file(path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backup_into_folder_with_reason_and_mode),
        cmocka_unit_test(test_backup_while_writing),
        cmocka_unit_test(test_retention),
        cmocka_unit_test(test_list_by_record),
        cmocka_unit_test(test_backups_read_through_checked_fd),
        cmocka_unit_test(test_output_replace_rules),
        cmocka_unit_test(test_restore_into_open_database),
        cmocka_unit_test(test_restore_refusals),
        cmocka_unit_test(test_restore_older_version),
        cmocka_unit_test(test_restore_over_damaged),
        cmocka_unit_test(test_restore_into_missing),
        cmocka_unit_test(test_restore_is_the_offices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
