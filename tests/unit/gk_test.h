/*
 * gk_test.h — small helpers for cmocka tests that work with files: a private
 * temporary folder per test program, whole-file read/write and copy,
 * removing a database with its -wal and -shm, running a command function
 * with its stderr captured, and running a gyokaku command in process
 * (RUN, gk_test_stdout) as test_import.c, test_open.c and test_note.c do.
 */
#ifndef GK_TEST_H
#define GK_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "gyokaku/cli.h"

#define GK_UNUSED __attribute__((unused))

/* SQL that takes a file made with today's schema back to what version 10
 * had: the trigram index with its table of text sizes (no columnsize=0),
 * holding the same texts. */
#define GK_TEST_UNDO_V11                                                                           \
    "DROP TABLE node_fts; CREATE VIRTUAL TABLE node_fts USING fts5(t, content='', detail=none,"    \
    " tokenize='trigram case_sensitive 1'); INSERT INTO node_fts(rowid, t) SELECT id, folded ||"   \
    " char(1, 1) FROM node WHERE folded IS NOT NULL; "
/* ... and back to what version 9 had: no plan.entry (a store's connection
 * first loses its view of it, store.c). */
#define GK_TEST_UNDO_V10                                                                           \
    GK_TEST_UNDO_V11 "DROP VIEW IF EXISTS temp.plan_entry; ALTER TABLE plan DROP COLUMN entry; "
/* ... and back to what version 8 had: no trigram index of the search. */
#define GK_TEST_UNDO_V9                                                                            \
    GK_TEST_UNDO_V10                                                                               \
    "DROP TRIGGER node_fts_update; DROP TRIGGER node_fts_delete; DROP TABLE node_fts_gone;"        \
    " DROP TABLE node_fts; "
/* ... and back to what version 7 had: no year being reported, no
 * deadline, no contributions. */
#define GK_TEST_UNDO_V8                                                                            \
    GK_TEST_UNDO_V9                                                                                \
    "DROP TABLE contribution; ALTER TABLE plan DROP COLUMN report_year;"                           \
    " ALTER TABLE plan DROP COLUMN deadline; "
/* ... and back to what version 6 had: no history chain, no frozen
 * snapshot of a locked year. */
#define GK_TEST_UNDO_V7                                                                            \
    GK_TEST_UNDO_V8                                                                                \
    "ALTER TABLE history DROP COLUMN hash; ALTER TABLE year_lock DROP COLUMN snapshot; "

/* SQL that takes a file made with today's schema back to what version 5
 * had: node_pos, series with a unique index of uids, the value table with a rowid
 * and a stored uid. The uid stored is gk_uid()'s where the connection has
 * that function (GK_TEST_UNDO_V6_UID, as version 5 wrote it), else a text
 * that only a damaged file would hold (GK_TEST_UNDO_V6: plain sqlite3
 * connections; tests/unit/data/undo-v6.sql is the same for shell scripts). Leaves foreign keys off
 * (the old series table is dropped). */
#define GK_TEST_UNDO_V6_AS(uid)                                                                    \
    GK_TEST_UNDO_V7                                                                                \
    "PRAGMA foreign_keys = OFF; CREATE TABLE series_v5 (id INTEGER PRIMARY KEY, uid TEXT NOT "     \
    "NULL"                                                                                         \
    " UNIQUE, node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE, name TEXT NOT "      \
    "NULL,"                                                                                        \
    " pos INTEGER NOT NULL, base_raw TEXT, base_year INTEGER CHECK (base_year IS NULL OR"          \
    " base_year BETWEEN 1900 AND 2100), rev INTEGER NOT NULL DEFAULT 1, UNIQUE (node_id, "         \
    "name));"                                                                                      \
    " INSERT INTO series_v5 SELECT * FROM series; DROP TABLE series;"                              \
    " ALTER TABLE series_v5 RENAME TO series; CREATE INDEX node_pos ON node(plan_id, pos);"        \
    " CREATE TABLE value_v6 AS SELECT * FROM value; DROP TABLE value;"                             \
    " CREATE TABLE value (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, series_id INTEGER NOT "       \
    "NULL"                                                                                         \
    " REFERENCES series(id) ON DELETE CASCADE, year INTEGER NOT NULL CHECK (year BETWEEN 1900"     \
    " AND 2100), target_raw TEXT, actual_raw TEXT, rev INTEGER NOT NULL DEFAULT 1,"                \
    " UNIQUE (series_id, year)); INSERT INTO value(uid, series_id, year, target_raw, "             \
    "actual_raw,"                                                                                  \
    " rev) SELECT " uid ", v.series_id, v.year, v.target_raw, v.actual_raw, v.rev FROM value_v6 v" \
    " JOIN series s ON s.id = v.series_id; DROP TABLE value_v6; CREATE INDEX "                     \
    "value_actual_year"                                                                            \
    " ON value(year, series_id) WHERE actual_raw IS NOT NULL;"
#define GK_TEST_UNDO_V6 GK_TEST_UNDO_V6_AS("printf('v5-%d-%d', v.series_id, v.year)")
#define GK_TEST_UNDO_V6_UID GK_TEST_UNDO_V6_AS("gk_uid(s.uid, 'value', v.year)")

/* SQL that takes a file made with today's schema back to what version 4
 * had, for tests that make an older file from a fresh one: version 5's
 * value table, without the search columns node.tkey and node.folded, the
 * index of years with actuals and the triggers of version 5. */
#define GK_TEST_UNDO_V5                                                                            \
    GK_TEST_UNDO_V6                                                                                \
    " DROP TRIGGER node_tkey; DROP TRIGGER node_refold; DROP TRIGGER note_fold_insert;"            \
    " DROP TRIGGER note_fold_update; DROP TRIGGER note_fold_delete; DROP INDEX node_tree;"         \
    " DROP INDEX node_stale; DROP INDEX value_actual_year; ALTER TABLE node DROP COLUMN tkey;"     \
    " ALTER TABLE node DROP COLUMN folded;"

/* A fresh temporary folder, removed at exit. */
static GK_UNUSED const char *gk_test_dir(void);
static char gk_test_dir_buf[256];

static GK_UNUSED void gk_test_cleanup(void)
{
    if (gk_test_dir_buf[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", gk_test_dir_buf);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", gk_test_dir_buf);
    }
}

static GK_UNUSED const char *gk_test_dir(void)
{
    if (!gk_test_dir_buf[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(gk_test_dir_buf, sizeof gk_test_dir_buf, "%s/gktest-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(gk_test_dir_buf)) abort();
        atexit(gk_test_cleanup);
    }
    return gk_test_dir_buf;
}

/* dir/name; the string stays valid for the whole run (a static arena). */
static GK_UNUSED const char *gk_test_path(const char *name)
{
    static char arena[1 << 18];
    static size_t used;
    int n = snprintf(arena + used, sizeof arena - used, "%s/%s", gk_test_dir(), name);
    if (n < 0 || (size_t)n >= sizeof arena - used) abort();
    const char *p = arena + used;
    used += (size_t)n + 1;
    return p;
}

static GK_UNUSED void gk_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Whole file, NUL-terminated, malloc'd; NULL when it does not exist. */
static GK_UNUSED char *gk_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return b;
}

static GK_UNUSED int gk_file_equal(const char *a, const char *b)
{
    size_t la, lb;
    char *x = gk_read_file(a, &la), *y = gk_read_file(b, &lb);
    int eq = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return eq;
}

/* Runs fn with stderr redirected; the captured text (malloc'd) into *out. */
static GK_UNUSED int gk_capture_stderr(int (*fn)(void *), void *ctx, char **out)
{
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    dup2(fileno(tmp), 2);
    int rc = fn(ctx);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long n = ftell(tmp) > 0 ? ftell(tmp) : 0;
    fseek(tmp, 0, SEEK_END);
    n = ftell(tmp);
    rewind(tmp);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    size_t got = fread(b, 1, (size_t)n, tmp);
    b[got] = '\0';
    fclose(tmp);
    *out = b;
    return rc;
}

/* Copies the file from to the file to (whole; fails the test when from
 * cannot be read). */
static GK_UNUSED void gk_test_copy_file(const char *from, const char *to)
{
    size_t n;
    char *b = gk_read_file(from, &n);
    assert_non_null(b);
    gk_write_file(to, b, n);
    free(b);
}

/* Removes the database file db with its -wal and -shm (none may exist). */
static GK_UNUSED void gk_test_rm_db(const char *db)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", db, db, db);
    assert_int_equal(system(cmd), 0);
}

/* --- a gyokaku command in process ------------------------------------------------- */

typedef struct gk_test_run_ctx {
    const char *const *args;
} gk_test_run_ctx;

static GK_UNUSED int gk_test_run_fn(void *vctx)
{
    gk_test_run_ctx *c = vctx;
    char *argv[64];
    int argc = 0;
    for (; c->args[argc]; argc++) {
        assert_true(argc < 63);
        argv[argc] = (char *)c->args[argc];
    }
    argv[argc] = NULL;
    gk_cli cli = {0};
    gk_cmd_fn fn = gk_cli_find(argv[0]);
    assert_non_null(fn);
    return fn(&cli, argc, argv);
}

/* Runs a command (args NULL-terminated, args[0] the command: "import", …)
 * as main() would, without the top-level options; its stderr into *err_out
 * (malloc'd) when err_out is not NULL, else dropped. Returns its exit
 * status. RUN(&err, "stats", "--db", db) spells the list inline. */
static GK_UNUSED int gk_test_run(char **err_out, const char *const *args)
{
    gk_test_run_ctx c = {args};
    char *err = NULL;
    int rc = gk_capture_stderr(gk_test_run_fn, &c, &err);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return rc;
}
#define RUN(err, ...) gk_test_run(err, (const char *const[]){__VA_ARGS__, NULL})

/* The same with stdout captured (into the file stdout.txt of the test's
 * folder): returns what the command wrote (malloc'd), its status in *rc. */
static GK_UNUSED char *gk_test_stdout(const char *const *args, int *rc)
{
    const char *out = gk_test_path("stdout.txt");
    fflush(stdout);
    int saved = dup(1);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    dup2(fileno(f), 1);
    *rc = gk_test_run(NULL, args);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(f);
    return gk_read_file(out, NULL);
}

/* The store's SQL function gk_uid (src/store/store_int.h), so that a test
 * can name a value by its uid, which is derived, not stored. */
int gk_uid_register(sqlite3 *db);

/* The first column of the first row of sql on the database file db, as a
 * malloc'd string ("" for NULL); fails the test when there is no row. */
static GK_UNUSED char *gk_sql_text(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(gk_uid_register(h), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(st, 0);
    char *out = strdup(t ? t : "");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

#endif
