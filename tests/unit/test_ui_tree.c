/*
 * test_ui_tree.c — the plan tree model behind the main screen, without a
 * terminal: lazy opening, flattening, the department filter, revealing a
 * node found by search.
 */
#include "gk_test.h"

#include "../../src/ui/tree.h"
#include "gyokaku/cli.h"

static const char csv[] = "計画,基本目標,取組方針,取組項目,所管課,指標,年度,実績値\n"
                          "P,G1,1 方針,① 項目A,課A,指標A,2024,1\n"
                          "P,G1,1 方針,② 項目B,課B,指標B,,\n"
                          "P,G2,,③ 項目C,課B,,,\n"
                          "Q,H1,,④ 項目D,課A,,,\n";

static int import_fn(void *db)
{
    char *argv[] = {"import", "--db", db, (char *)gk_test_path("tree.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

/* The id of the node titled t (tree.db). */
static int64_t id_of(const char *t)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM node WHERE title = '%s'", t);
    char *v = gk_sql_text(gk_test_path("tree.db"), sql);
    int64_t id = atoll(v);
    free(v);
    return id;
}

/* The title of node id (tree.db), in a static buffer. */
static const char *title_of(int64_t id)
{
    static char buf[256];
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT ifnull((SELECT title FROM node WHERE id = %lld), '?')",
             (long long)id);
    char *v = gk_sql_text(gk_test_path("tree.db"), sql);
    snprintf(buf, sizeof buf, "%s", v);
    free(v);
    return buf;
}

static gk_store *fixture(void)
{
    const char *db = gk_test_path("tree.db");
    gk_write_file(gk_test_path("tree.csv"), csv, sizeof csv - 1);
    char *err;
    assert_int_equal(gk_capture_stderr(import_fn, (void *)db, &err), 0);
    free(err);
    gk_error e;
    return gk_store_open(db, 0, &e);
}

static char *titles(tree *tr)
{
    static char buf[2048];
    buf[0] = '\0';
    for (size_t i = 0; i < tr->nrows; i++) {
        strcat(buf, tr->rows[i]->title);
        strcat(buf, "|");
    }
    return buf;
}

static void test_lazy_open_and_flatten(void **state)
{
    (void)state;
    gk_store *s = fixture();
    tree tr;
    gk_error err;
    assert_int_equal(tree_load(&tr, s, &err), 0);
    tree_flatten(&tr);
    assert_string_equal(titles(&tr), "P|Q|");
    assert_false(tr.roots[0]->loaded);
    assert_int_equal(tree_set_expanded(&tr, tr.roots[0], true, &err), 0);
    tree_flatten(&tr);
    assert_string_equal(titles(&tr), "P|G1|G2|Q|");
    tnode *g1 = tr.rows[1];
    assert_int_equal(tree_set_expanded(&tr, g1, true, &err), 0);
    tree_flatten(&tr);
    assert_string_equal(titles(&tr), "P|G1|1 方針|G2|Q|");
    assert_int_equal(tree_row_of(&tr, g1), 1);
    assert_int_equal(tr.rows[2]->depth, 2);
    assert_true(tree_has_data(&tr, tr.rows[1], 2024, &err) == false); /* the goal itself has none */
    tree_free(&tr);
    gk_store_close(s);
}

static void test_reveal_and_filter(void **state)
{
    (void)state;
    gk_store *s = fixture();
    tree tr;
    gk_error err;
    assert_int_equal(tree_load(&tr, s, &err), 0);
    int64_t ind = id_of("指標B"), ind_a = id_of("指標A");
    tnode *t = tree_reveal(&tr, tr.plans[0].id, ind, &err);
    assert_non_null(t);
    assert_string_equal(t->title, "指標B");
    tree_flatten(&tr);
    assert_true(tree_row_of(&tr, t) > 0);
    assert_false(tree_has_data(&tr, t, 2024, &err));
    tnode *a = tree_reveal(&tr, tr.plans[0].id, ind_a, &err);
    assert_non_null(a);
    assert_true(tree_has_data(&tr, a, 2024, &err)); /* its actual marks the row */
    assert_false(tree_has_data(&tr, a, 2023, &err));
    /* 課B: its items and indicator, with their ancestors; not 課A's */
    assert_int_equal(tree_set_filter(&tr, "課B", &err), 0);
    tree_flatten(&tr);
    char *shown = titles(&tr);
    assert_non_null(strstr(shown, "② 項目B|指標B|"));
    assert_null(strstr(shown, "① 項目A"));
    assert_non_null(strstr(shown, "G1|"));
    assert_int_equal(tree_set_filter(&tr, NULL, &err), 0);
    tree_flatten(&tr);
    assert_non_null(strstr(titles(&tr), "① 項目A"));
    tree_free(&tr);
    gk_store_close(s);
}

/* ] and [: missing items (no 取組状況) and indicators (no actual) in tree
 * order, wrapping, and within a filter; * opens a whole subtree. */
static void sql_exec(const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(gk_test_path("tree.db"), &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static void test_next_missing_and_expand_all(void **state)
{
    (void)state;
    gk_store *s = fixture();
    tree tr;
    gk_error err;
    assert_int_equal(tree_load(&tr, s, &err), 0);
    int64_t plan = tr.plans[0].id, at = 0, found;
    /* 2024: 指標A has its actual; ①, ②, 指標B and ③ are missing */
    static const char *const order[] = {"① 項目A", "② 項目B", "指標B", "③ 項目C", "① 項目A"};
    for (size_t k = 0; k < 5; k++) {
        assert_int_equal(gk_browse_next_missing(s, plan, 2024, at, 1, NULL, 0, &found, &err), 0);
        assert_string_equal(title_of(found), order[k]);
        at = found;
    }
    assert_int_equal(gk_browse_next_missing(s, plan, 2024, at, -1, NULL, 0, &found, &err), 0);
    assert_string_equal(title_of(found), "③ 項目C"); /* back past the first */
    assert_int_equal(gk_browse_next_missing(s, plan, 2024, 0, -1, NULL, 0, &found, &err), 0);
    assert_string_equal(title_of(found), "③ 項目C");
    /* within 課B's nodes: ②, 指標B, ③ only */
    assert_int_equal(tree_set_filter(&tr, "課B", &err), 0);
    assert_int_equal(
        gk_browse_next_missing(s, plan, 2024, 0, 1, tr.filter, tr.nfilter, &found, &err), 0);
    assert_string_equal(title_of(found), "② 項目B");
    assert_int_equal(
        gk_browse_next_missing(s, plan, 2024, found, -1, tr.filter, tr.nfilter, &found, &err), 0);
    assert_string_equal(title_of(found), "③ 項目C");
    assert_int_equal(tree_set_filter(&tr, NULL, &err), 0);
    /* the other plan's only item, then nothing missing once it has its 取組状況 */
    int64_t q = tr.plans[1].id;
    assert_int_equal(gk_browse_next_missing(s, q, 2024, 0, 1, NULL, 0, &found, &err), 0);
    gk_store_close(s);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO note(uid, node_id, year, status) VALUES ('x', %lld, 2024, '済')",
             (long long)found);
    sql_exec(sql);
    s = gk_store_open(gk_test_path("tree.db"), 0, &err);
    assert_int_equal(gk_browse_next_missing(s, q, 2024, 0, 1, NULL, 0, &found, &err), 1);
    /* an ended item is not missing */
    sql_exec("UPDATE node SET review = '廃止（R5）' WHERE title = '③ 項目C'");
    assert_int_equal(gk_browse_next_missing(s, plan, 2024, 0, -1, NULL, 0, &found, &err), 0);
    snprintf(sql, sizeof sql, "SELECT title FROM node WHERE id = %lld", (long long)found);
    char *title = gk_sql_text(gk_test_path("tree.db"), sql);
    assert_string_equal(title, "指標B"); /* the last one now that ③ ended */
    free(title);
    tree_free(&tr);
    assert_int_equal(tree_load(&tr, s, &err), 0);
    tree_flatten(&tr);
    assert_int_equal(tree_expand_all(&tr, tr.roots[0], &err), 0);
    tree_flatten(&tr);
    assert_string_equal(titles(&tr), "P|G1|1 方針|① 項目A|指標A|② 項目B|指標B|G2|③ 項目C|Q|");
    tree_free(&tr);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lazy_open_and_flatten),
        cmocka_unit_test(test_reveal_and_filter),
        cmocka_unit_test(test_next_missing_and_expand_all),
    };
    return cmocka_run_group_tests_name("ui tree", tests, NULL, NULL);
}
