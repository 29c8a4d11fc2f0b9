/*
 * test_search.c — the search of the main screen (store/search.c): text
 * folded when it is written (import, the entry form, another program
 * changing a note), tree order across plans with wrapping in both
 * directions, and an upgraded version-1 file. The trigram index
 * (node_fts, version 9): the same matches in the same order as the scan
 * without it, on the fixture, the demo and a generated plan, and kept in
 * step with the folded texts by import, save, another program's rename
 * and delete, restore and upgrade.
 */
#include "gk_test.h"

#include "gyokaku/backup.h"
#include "gyokaku/browse.h"
#include "gyokaku/cli.h"
#include "gyokaku/csv.h"
#include "gyokaku/entry.h"
#include "gyokaku/import.h"
#include "gyokaku/importfile.h"
#include "gyokaku/plancsv.h"
#include "gyokaku/text.h"
#include "../../src/store/store_int.h"

/* File order differs from tree order: G2 comes between G1's items, and
 * ③ (of G1) is written last. Plan Q comes after P. */
static const char csv[] = "計画,基本目標,取組項目,指標,年度,取組状況\n"
                          "P,G1,① ＡＢＣ項目,,2024,\"窓口の\n混雑\"\n"
                          "P,G2,② 項目,指標X,,\n"
                          "P,G1,③ abc,,,\n"
                          "Q,H1,④ Abc,,,\n";

static int run_import(void *argv)
{
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static gk_store *fixture(const char *name)
{
    const char *db = gk_test_path(name);
    unlink(db);
    gk_write_file(gk_test_path("s.csv"), csv, sizeof csv - 1);
    char *argv[] = {"import", "--db", (char *)db, (char *)gk_test_path("s.csv"), NULL};
    char *err;
    assert_int_equal(gk_capture_stderr(run_import, argv, &err), 0);
    free(err);
    gk_error e;
    gk_store *s = gk_store_open(db, 0, &e);
    assert_non_null(s);
    return s;
}

static int64_t id_of(gk_store *s, const char *title)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT id FROM node WHERE title = ?1", -1, &st, 0),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static int64_t plan_of(gk_store *s, const char *name)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT id FROM plan WHERE name = ?1", -1, &st, 0),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

/* The title found searching q from node `from` (title, or NULL: the top
 * of plan), "-" when nothing matches. */
static const char *next(gk_store *s, const char *plan, const char *from, const char *q, int dir,
                        bool inclusive)
{
    static char buf[128];
    char *f = gk_fold(q);
    int64_t fp, found;
    gk_error err;
    int r = gk_browse_search_next(s, f, plan_of(s, plan), from ? id_of(s, from) : 0, dir, inclusive,
                                  &fp, &found, &err);
    free(f);
    assert_true(r >= 0);
    if (r == 1) return "-";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT p.name || '/' || n.title FROM node n JOIN plan p"
                                        " ON p.id = n.plan_id WHERE n.id = ?1 AND p.id = ?2",
                                        -1, &st, 0),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, found);
    sqlite3_bind_int64(st, 2, fp);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static void check_order(gk_store *s)
{
    /* "abc" folds ＡＢＣ and Abc: tree order is ① ③ (under G1), then Q's ④ */
    assert_string_equal(next(s, "P", NULL, "abc", 1, true), "P/① ＡＢＣ項目");
    assert_string_equal(next(s, "P", "① ＡＢＣ項目", "abc", 1, true), "P/① ＡＢＣ項目");
    assert_string_equal(next(s, "P", "① ＡＢＣ項目", "abc", 1, false), "P/③ abc");
    assert_string_equal(next(s, "P", "③ abc", "abc", 1, false), "Q/④ Abc");
    assert_string_equal(next(s, "Q", "④ Abc", "ABC", 1, false), "P/① ＡＢＣ項目"); /* wraps */
    assert_string_equal(next(s, "P", "① ＡＢＣ項目", "abc", -1, false), "Q/④ Abc");
    assert_string_equal(next(s, "Q", "④ Abc", "abc", -1, false), "P/③ abc");
    assert_string_equal(next(s, "P", "指標X", "abc", -1, false), "P/③ abc");
    /* the only match is the start itself: found last when not inclusive */
    assert_string_equal(next(s, "P", "指標X", "指標", 1, false), "P/指標X");
    /* notes of any year, folded: 窓口 in ①'s 取組状況 */
    assert_string_equal(next(s, "Q", NULL, "窓口", 1, true), "P/① ＡＢＣ項目");
    assert_string_equal(next(s, "P", NULL, "無い", 1, true), "-");
}

static char *folded_of(gk_store *s, const char *title)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT ifnull(folded, 'NULL') FROM node WHERE title = '%s'", title);
    return gk_sql_text(s->path, sql);
}

static void test_stored_and_ordered(void **state)
{
    (void)state;
    gk_store *s = fixture("search.db");
    /* every node has its text folded at import */
    char *v =
        gk_sql_text(s->path, "SELECT count(*) FROM node WHERE folded IS NULL OR tkey IS NULL");
    assert_string_equal(v, "0");
    free(v);
    v = folded_of(s, "① ＡＢＣ項目");
    assert_string_equal(v, "1 abc項目\n窓口の\n混雑\n"); /* NFKC: ① is 1 */
    free(v);
    check_order(s);
    gk_store_close(s);
}

/* A note saved by the entry form is searchable at once; one changed by
 * another program (no fold) is found all the same, and folded by the next
 * commit of gyokaku. */
static void test_kept_on_write(void **state)
{
    (void)state;
    gk_store *s = fixture("write.db");
    gk_error err;
    gk_entry e;
    assert_int_equal(gk_entry_load(s, id_of(s, "③ abc"), 2024, &e, &err), 0);
    size_t k = 0;
    while (k < e.nfields && e.fields[k].kind != GK_FIELD_STATUS)
        k++;
    assert_true(k < e.nfields);
    assert_int_equal(gk_entry_set(&e, k, "ＸＹＺ推進"), 0);
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    gk_entry_free(&e);
    assert_string_equal(next(s, "P", NULL, "xyz", 1, true), "P/③ abc");
    char *v = folded_of(s, "③ abc");
    assert_string_equal(v, "3 abc\nxyz推進\n");
    free(v);
    assert_int_equal(sqlite3_exec(s->db,
                                  "UPDATE note SET status = '外部で更新' WHERE node_id ="
                                  " (SELECT id FROM node WHERE title = '③ abc')",
                                  0, 0, 0),
                     SQLITE_OK);
    v = folded_of(s, "③ abc");
    assert_string_equal(v, "NULL");
    free(v);
    assert_string_equal(next(s, "P", NULL, "外部", 1, true), "P/③ abc");
    assert_string_equal(next(s, "P", NULL, "xyz", 1, true), "-");
    assert_int_equal(gk_store_begin(s, &err), 0);
    assert_int_equal(gk_store_commit(s, &err), 0);
    v = folded_of(s, "③ abc");
    assert_string_equal(v, "3 abc\n外部で更新\n");
    free(v);
    gk_store_close(s);
}

/* The importer turns the triggers of node and note off on its connection
 * while it imports (store/import.c) and on again when it ends, committed
 * or aborted: a note changed afterwards on the same connection still
 * marks its node for folding. */
static int import_on(gk_store *s, const char *text, bool commit)
{
    const char *path = gk_test_path("again.csv");
    /* not committed: a last row with a year that is not one makes the
     * pipeline abort after the good rows (importfile.h) */
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s", text, commit ? "" : "P,G1,③ abc,20x5,\"x\"\n");
    gk_write_file(path, buf, strlen(buf));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    gk_error err;
    const gk_import_opts o = {.enc = GK_ENC_UTF8};
    gk_import_stats st;
    int rc = gk_import_stream(s, f, path, &o, &st, &err);
    fclose(f);
    if (commit) return rc;
    if (rc == 0) fail_msg("the import with a bad year was committed");
    if (!strstr(err.msg, "20x5")) fail_msg("not the bad year's error: %s", err.msg);
    return 0;
}

static void test_triggers_back_after_import(void **state)
{
    (void)state;
    gk_store *s = fixture("triggers.db");
    for (int commit = 1; commit >= 0; commit--) {
        assert_int_equal(import_on(s,
                                   "計画,基本目標,取組項目,年度,取組状況\nP,G1,③ abc,2025,"
                                   "\"取込\"\n",
                                   commit),
                         0);
        char *v = folded_of(s, "③ abc");
        assert_string_equal(v, "3 abc\n取込\n"); /* imported, or kept by the abort */
        free(v);
        assert_int_equal(sqlite3_exec(s->db,
                                      "UPDATE note SET status = 'その後' WHERE node_id ="
                                      " (SELECT id FROM node WHERE title = '③ abc') AND"
                                      " year = 2025",
                                      0, 0, 0),
                         SQLITE_OK);
        v = folded_of(s, "③ abc");
        assert_string_equal(v, "NULL");
        free(v);
        gk_error err;
        assert_int_equal(gk_store_begin(s, &err), 0);
        assert_int_equal(gk_store_commit(s, &err), 0);
        v = folded_of(s, "③ abc");
        assert_string_equal(v, "3 abc\nその後\n");
        free(v);
        /* back to the imported text for the next round */
        assert_int_equal(
            sqlite3_exec(s->db, "UPDATE note SET status = '取込' WHERE status = 'その後'", 0, 0, 0),
            SQLITE_OK);
        assert_int_equal(gk_store_begin(s, &err), 0);
        assert_int_equal(gk_store_commit(s, &err), 0);
    }
    gk_store_close(s);
}

/* The node_fts index holds exactly the folded texts (+ char(1, 1)) of the
 * nodes: the same rows, and the same trigrams in the same number of rows as
 * an index built afresh from node.folded; nothing left to take out. */
static void index_in_step(gk_store *s)
{
    char *v = gk_sql_text(s->path, "SELECT count(*) FROM node_fts_gone");
    assert_string_equal(v, "0");
    free(v);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(s->path, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(h,
                     "CREATE VIRTUAL TABLE temp.ref USING fts5(t, content='', detail=none,"
                     " tokenize='trigram case_sensitive 1');"
                     "INSERT INTO temp.ref(rowid, t) SELECT id, folded || char(1, 1) FROM node"
                     " WHERE folded IS NOT NULL;"
                     "CREATE VIRTUAL TABLE temp.rv USING fts5vocab(temp, ref, row);"
                     "CREATE VIRTUAL TABLE temp.mv USING fts5vocab(main, node_fts, row);"
                     "CREATE VIRTUAL TABLE temp.ri USING fts5vocab(temp, ref, instance);"
                     "CREATE VIRTUAL TABLE temp.mi USING fts5vocab(main, node_fts, instance);"
                     "INSERT INTO node_fts(node_fts) VALUES ('integrity-check');",
                     0, 0, 0),
        SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT (SELECT count(*) FROM (SELECT term, doc FROM mv"
                                        " WHERE doc > 0 EXCEPT SELECT term, doc FROM rv)),"
                                        " (SELECT count(*) FROM (SELECT term, doc FROM rv"
                                        " EXCEPT SELECT term, doc FROM mv)), (SELECT count(*)"
                                        " FROM rv)",
                                        -1, &st, 0),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    assert_true(sqlite3_column_int(st, 2) > 0);
    sqlite3_finalize(st);
    /* the index's rows are the nodes', each with its own trigrams: every
     * (trigram, row) pair the same as the fresh index's (version 11 keeps
     * no node_fts_docsize to list the rows by) */
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT (SELECT count(*) FROM (SELECT term, doc FROM mi"
                                        " EXCEPT SELECT term, doc FROM ri)), (SELECT count(*)"
                                        " FROM (SELECT term, doc FROM ri EXCEPT SELECT term, doc"
                                        " FROM mi)), (SELECT ifnull(group_concat(doc), '') FROM"
                                        " (SELECT DISTINCT doc FROM mi ORDER BY doc)),"
                                        " (SELECT ifnull(group_concat(id), '') FROM (SELECT id"
                                        " FROM node WHERE folded IS NOT NULL ORDER BY id))",
                                        -1, &st, 0),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    assert_string_equal((const char *)sqlite3_column_text(st, 2),
                        (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* Every match of q, in the order the search visits them (forward from the
 * top of the first plan, then on from each; backward likewise), as ids:
 * "-" when none. */
static void walk(gk_store *s, const char *q, int dir, char *out, size_t n)
{
    char *f = gk_fold(q);
    int64_t first_plan = 0, first = 0, plan, at;
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(s->db, "SELECT id FROM plan ORDER BY pos, id LIMIT 1", -1, &st, 0),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t top = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    gk_error err;
    size_t k = 0;
    out[0] = '\0';
    int r = gk_browse_search_next(s, f, top, 0, dir, true, &plan, &at, &err);
    assert_true(r >= 0);
    if (r == 1) snprintf(out, n, "-");
    first_plan = plan, first = at;
    for (int guard = 0; r == 0 && guard < 100000; guard++) {
        k += (size_t)snprintf(out + k, n - k, "%lld,", (long long)at);
        assert_true(k < n);
        r = gk_browse_search_next(s, f, plan, at, dir, false, &plan, &at, &err);
        assert_int_equal(r, 0);
        if (at == first && plan == first_plan) break;
    }
    free(f);
}

/* The search with node_fts finds what the scan without it finds (the
 * same file read as version 8: today's search before the index), in the
 * same order, both ways. */
static void same_as_scan(gk_store *s, const char *q)
{
    static char with[1 << 20], without[1 << 20];
    for (int dir = 1; dir >= -1; dir -= 2) {
        walk(s, q, dir, with, sizeof with);
        int v = s->version;
        s->version = GK_SCHEMA_FTS - 1;
        walk(s, q, dir, without, sizeof without);
        s->version = v;
        if (strcmp(with, without) != 0) print_error("query %s dir %d\n", q, dir);
        assert_string_equal(with, without);
    }
}

static const char *const queries[] = {
    /* fixture: full-width and half-width letters fold alike */
    "abc", "ＡＢＣ", "Abc", "ab", "c", "ｃ項", "項目", "窓口の", "の\n混", "混雑",
    /* half-width katakana folds to full-width */
    "ｼﾞﾑ", "ジム", "事務改善", "事務", "事", "指標", "件数", "令和6年度", "窓口業務の見直し",
    "取組", "2022", "①", "1", "第12回", "課題は次年度に引き継ぐ。", "。",
    /* matching nothing: one, two, three and more characters */
    "無", "無駄", "無駄な", "見直し無し", "zz", "\"", "q\"x", "ａ％_",
    "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""};

static void same_as_scan_all(gk_store *s)
{
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        same_as_scan(s, queries[i]);
}

static void test_index_same_as_scan(void **state)
{
    (void)state;
    gk_store *s = fixture("fts.db");
    index_in_step(s);
    same_as_scan_all(s);
    /* the nodes that match nothing are not even read */
    char w[64];
    walk(s, "無駄な", 1, w, sizeof w);
    assert_string_equal(w, "-");
    walk(s, "無", 1, w, sizeof w);
    assert_string_equal(w, "-");
    walk(s, "ｱｲ", 1, w, sizeof w);
    assert_string_equal(w, "-");
    gk_store_close(s);
}

/* The demo plans and a plan of tests/bench/gen-notes.sh (Japanese notes
 * of every item) with a half-width and a full-width title added. */
static void test_index_same_as_scan_plans(void **state)
{
    (void)state;
    const char *db = gk_test_path("plans.db");
    unlink(db);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sh tests/bench/gen-notes.sh 300 > %s && printf '%s' >> %s",
             gk_test_path("gen.csv"),
             "行革計画,目標9,方針9,ｼﾞﾑ ｶｲｾﾞﾝ ＡＢＣ,課1,指標Ｘ ﾃｽﾄ,件,1,2022,2024,1,,,\\r\\n",
             gk_test_path("gen.csv"));
    assert_int_equal(system(cmd), 0);
    char *argv[] = {"import", "--db", (char *)db, (char *)gk_test_path("gen.csv"), NULL};
    char *err;
    assert_int_equal(gk_capture_stderr(run_import, argv, &err), 0);
    free(err);
    const char *demo[] = {"db/demo/ebetsu-plan-2024-2028.csv", "db/demo/ebetsu-status-fy2022.csv"};
    for (int i = 0; i < 2; i++) {
        char *av[] = {"import", "--db", (char *)db, (char *)demo[i], NULL};
        assert_int_equal(gk_capture_stderr(run_import, av, &err), 0);
        free(err);
    }
    gk_error e;
    gk_store *s = gk_store_open(db, 0, &e);
    assert_non_null(s);
    index_in_step(s);
    same_as_scan_all(s);
    char w[64];
    walk(s, "ｶｲｾﾞﾝ", 1, w, sizeof w); /* the title added, found folded */
    assert_true(strcmp(w, "-") != 0);
    gk_store_close(s);
}

/* Save (entry form), another program's rename, change and delete, an
 * import into the file, and a restore keep node_fts in step. */
static void test_index_kept(void **state)
{
    (void)state;
    gk_store *s = fixture("kept.db");
    gk_error err;
    gk_entry e;
    assert_int_equal(gk_entry_load(s, id_of(s, "③ abc"), 2024, &e, &err), 0);
    size_t k = 0;
    while (k < e.nfields && e.fields[k].kind != GK_FIELD_STATUS)
        k++;
    assert_true(k < e.nfields);
    assert_int_equal(gk_entry_set(&e, k, "ＸＹＺ推進"), 0);
    assert_int_equal(gk_entry_save(s, &e, &err), 0);
    gk_entry_free(&e);
    index_in_step(s);
    assert_string_equal(next(s, "P", NULL, "xyz推", 1, true), "P/③ abc");
    char backup[4096];
    assert_int_equal(
        gk_backup_to(s, NULL, GK_BACKUP_MANUAL, NULL, -1, backup, sizeof backup, NULL, &err), 0);
    /* another program: a rename, a note changed, a node deleted */
    assert_int_equal(sqlite3_exec(s->db,
                                  "UPDATE node SET title = '⑤ 改名' WHERE title = '② 項目';"
                                  "UPDATE note SET status = '別の文' WHERE status = 'ＸＹＺ推進';"
                                  "DELETE FROM node WHERE title = '④ Abc';",
                                  0, 0, 0),
                     SQLITE_OK);
    assert_int_equal(gk_store_begin(s, &err), 0);
    assert_int_equal(gk_store_commit(s, &err), 0);
    index_in_step(s);
    assert_string_equal(next(s, "P", NULL, "改名", 1, true), "P/⑤ 改名");
    assert_string_equal(next(s, "P", NULL, "2 項目", 1, true), "-");
    assert_string_equal(next(s, "P", NULL, "xyz推", 1, true), "-");
    assert_string_equal(next(s, "P", NULL, "別の文", 1, true), "P/③ abc");
    assert_string_equal(next(s, "P", NULL, "4 abc", 1, true), "-");
    same_as_scan_all(s);
    /* an import into it: a note of an existing node replaced, a new node */
    assert_int_equal(import_on(s,
                               "計画,基本目標,取組項目,年度,取組状況\nP,G1,③ abc,2024,\"取込文\"\n"
                               "P,G1,⑥ 新規,2025,\"新しい取組\"\nP,G1,⑦ 題のみ,,\n",
                               true),
                     0);
    index_in_step(s);
    assert_string_equal(next(s, "P", NULL, "取込文", 1, true), "P/③ abc");
    assert_string_equal(next(s, "P", NULL, "別の文", 1, true), "-");
    assert_string_equal(next(s, "P", NULL, "新しい取", 1, true), "P/⑥ 新規");
    assert_string_equal(next(s, "P", NULL, "題のみ", 1, true), "P/⑦ 題のみ");
    same_as_scan_all(s);
    const char *path = gk_test_path("kept.db");
    gk_store_close(s);
    /* the restore of the backup made before all that */
    gk_restore *r = gk_restore_prepare(backup, path, &err);
    assert_non_null(r);
    char kept[4096];
    assert_int_equal(gk_restore_commit(r, kept, sizeof kept, &err), 0);
    gk_restore_free(r);
    s = gk_store_open(path, 0, &err);
    assert_non_null(s);
    index_in_step(s);
    assert_string_equal(next(s, "P", NULL, "xyz推", 1, true), "P/③ abc");
    assert_string_equal(next(s, "P", NULL, "新しい取", 1, true), "-");
    same_as_scan_all(s);
    gk_store_close(s);
}

/* A version-8 file (no index) is upgraded with its index filled. */
static void test_index_upgrade_from_v8(void **state)
{
    (void)state;
    gk_store *s = fixture("v8.db");
    gk_store_close(s);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(gk_test_path("v8.db"), &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, GK_TEST_UNDO_V9 "PRAGMA user_version = 8;", 0, 0, 0),
                     SQLITE_OK);
    sqlite3_close(h);
    gk_error err;
    s = gk_store_open(gk_test_path("v8.db"), GK_OPEN_READONLY, &err);
    assert_non_null(s);
    check_order(s); /* read-only, not upgraded: the scan */
    gk_store_close(s);
    s = gk_store_open(gk_test_path("v8.db"), 0, &err);
    assert_non_null(s);
    assert_int_equal(s->version, GK_SCHEMA_VERSION);
    index_in_step(s);
    check_order(s);
    same_as_scan_all(s);
    gk_store_close(s);
}

/* A version-10 file (its index with a table of text sizes, a note changed
 * since its text was indexed) is upgraded to an index without one that
 * holds exactly the folded texts, the changed note's new text in it. */
static void test_index_upgrade_from_v10(void **state)
{
    (void)state;
    gk_store *s = fixture("v10.db");
    gk_store_close(s);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(gk_test_path("v10.db"), &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  GK_TEST_UNDO_V11
                                  "UPDATE note SET status = ifnull(status, '') || '改訂版の記述'"
                                  " WHERE id = (SELECT min(id) FROM note);"
                                  "PRAGMA user_version = 10;",
                                  0, 0, 0),
                     SQLITE_OK);
    char *v = gk_sql_text(gk_test_path("v10.db"), "SELECT count(*) FROM node_fts_gone");
    assert_string_equal(v, "1"); /* the triggers listed the old text */
    free(v);
    sqlite3_close(h);
    gk_error err;
    s = gk_store_open(gk_test_path("v10.db"), 0, &err);
    assert_non_null(s);
    assert_int_equal(s->version, GK_SCHEMA_VERSION);
    v = gk_sql_text(s->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'node_fts_docsize'");
    assert_string_equal(v, "0");
    free(v);
    index_in_step(s);
    assert_string_not_equal(next(s, "P", NULL, "改訂版の記述", 1, true), "-");
    check_order(s);
    same_as_scan_all(s);
    gk_store_close(s);
}

/* A version-1 file is upgraded with its tree keys and folded texts; opened
 * read-only without the upgrade, the search works the same. */
static void test_upgraded_and_old_read_only(void **state)
{
    (void)state;
    gk_store *s = fixture("old.db");
    gk_store_close(s);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(gk_test_path("old.db"), &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  GK_TEST_UNDO_V5 "DROP TABLE user_dept; DROP TABLE app_user;"
                                                  " DROP TABLE year_lock; DELETE FROM history"
                                                  " WHERE tbl = 'user'; ALTER TABLE history DROP"
                                                  " COLUMN comment; DROP TABLE pref; ALTER TABLE"
                                                  " plan DROP COLUMN grades;"
                                                  " PRAGMA user_version = 1;",
                                  0, 0, 0),
                     SQLITE_OK);
    sqlite3_close(h);
    gk_error err;
    s = gk_store_open(gk_test_path("old.db"), GK_OPEN_READONLY, &err);
    assert_non_null(s);
    check_order(s);
    gk_store_close(s);
    s = gk_store_open(gk_test_path("old.db"), 0, &err);
    assert_non_null(s);
    char *v =
        gk_sql_text(s->path, "SELECT count(*) FROM node WHERE folded IS NULL OR tkey IS NULL");
    assert_string_equal(v, "0");
    free(v);
    index_in_step(s);
    v = gk_sql_text(s->path, "SELECT group_concat(title, '|') FROM"
                             " (SELECT title FROM node n JOIN plan p ON p.id = n.plan_id"
                             "  ORDER BY p.pos, n.tkey)");
    assert_string_equal(v, "G1|① ＡＢＣ項目|③ abc|G2|② 項目|指標X|H1|④ Abc");
    free(v);
    check_order(s);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored_and_ordered),
        cmocka_unit_test(test_kept_on_write),
        cmocka_unit_test(test_triggers_back_after_import),
        cmocka_unit_test(test_upgraded_and_old_read_only),
        cmocka_unit_test(test_index_same_as_scan),
        cmocka_unit_test(test_index_same_as_scan_plans),
        cmocka_unit_test(test_index_kept),
        cmocka_unit_test(test_index_upgrade_from_v8),
        cmocka_unit_test(test_index_upgrade_from_v10),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gk_test_cleanup();
    return rc;
}
