/*
 * test_progress.c — what counts as entered and as missing (progress.h):
 * the ended-item rule, the tree's marker, the ended flag of the tree's
 * nodes, and the submission board (ended items left out while empty; an
 * item counted by its 取組状況, so a plan without indicators has progress).
 */
#include "gk_test.h"

#include "gyokaku/browse.h"
#include "gyokaku/cli.h"
#include "gyokaku/plan.h"
#include "gyokaku/progress.h"
#include "gyokaku/roles.h"
#include "gyokaku/reportdata.h"
#include "gyokaku/workflow.h"

static void test_review_ended(void **state)
{
    (void)state;
    assert_true(gk_review_ended("廃止（取組を集約）"));
    assert_true(gk_review_ended("廃止"));
    assert_true(gk_review_ended("終了"));
    assert_true(gk_review_ended("完了（R5年度）"));
    assert_true(gk_review_ended("　完了"));
    assert_false(gk_review_ended(NULL));
    assert_false(gk_review_ended(""));
    assert_false(gk_review_ended("継続"));
    assert_false(gk_review_ended("新規"));
    assert_false(gk_review_ended("一部廃止"));
    assert_false(gk_review_ended("統合（廃止を含む）"));
}

/* 課A: four items without indicators; 課B: items with indicators. */
static const char csv[] =
    "計画,基本目標,取組項目,見直し区分,所管課,指標,年度,実績値,取組状況,次年度の取組内容\n"
    "P,G,① 項目A,継続,課A,,2024,,状況A,\n"
    "P,G,② 項目B,新規,課A,,2025,,状況B,\n"
    "P,G,③ 項目C,廃止（取組を集約）,課A,,,,,\n"
    "P,G,④ 項目D,完了,課A,,2024,,最後の状況,\n"
    "P,G,⑤ 項目E,継続,課B,,,,,\n"
    "P,G,⑤ 項目E,,,指標E,2024,5,,\n"
    "P,G,⑤ 項目E,,,指標F,,,,\n"
    "P,G,⑥ 項目F,終了,課B,,,,,\n"
    "P,G,⑥ 項目F,,,指標G,,,,\n"
    "P,G,⑦ 項目G,一部廃止,課B,,2024,,,次年度だけ\n";

static int import_fn(void *db)
{
    char *argv[] = {"import", "--db", db, (char *)gk_test_path("progress.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static gk_store *fixture(void)
{
    const char *db = gk_test_path("progress.db");
    unlink(db);
    gk_write_file(gk_test_path("progress.csv"), csv, sizeof csv - 1);
    char *err;
    int rc = gk_capture_stderr(import_fn, (void *)db, &err);
    if (rc != 0) fail_msg("import: %s", err);
    free(err);
    gk_error e;
    gk_store *s = gk_store_open(db, 0, &e);
    assert_non_null(s);
    return s;
}

/* The submission board (workflow.h) as "dept items…/indicators…|" with the
 * counts in gk_wstate order: 未入力 入力中 差し戻し 提出 承認. */
static void board_of(gk_store *s, const char *plan, int year, char *out, size_t n)
{
    gk_board_row *d;
    size_t nd;
    gk_error err;
    assert_int_equal(gk_board(s, plan, year, NULL, &d, &nd, &err), 0);
    out[0] = '\0';
    for (size_t i = 0; i < nd; i++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s", d[i].dept);
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < GK_WS_COUNT; k++) {
                len = strlen(out);
                snprintf(out + len, n - len, "%s%ld",
                         k   ? " "
                         : g ? "/"
                             : " ",
                         g ? d[i].indicators[k] : d[i].items[k]);
            }
        len = strlen(out);
        snprintf(out + len, n - len, "|");
    }
    gk_board_free(d, nd);
}

static void board(gk_store *s, int year, char *out, size_t n)
{
    board_of(s, "P", year, out, n);
}

/* An ended item and its indicators are not on the board while nothing is
 * saved for them (③ 項目C, ⑥ 項目F and 指標G; ④ 項目D in 2025), and are
 * counted as any once they hold something (④ 項目D's 2024 取組状況); an
 * item with its 取組状況 counts, so a plan without indicators has progress. */
static void test_board_leaves_out_ended_items(void **state)
{
    (void)state;
    gk_store *s = fixture();
    char got[512];
    board(s, 2024, got, sizeof got);
    assert_string_equal(got, "課A 1 2 0 0 0/0 0 0 0 0|課B 0 2 0 0 0/1 1 0 0 0|");
    board(s, 2025, got, sizeof got);
    assert_string_equal(got, "課A 1 1 0 0 0/0 0 0 0 0|課B 2 0 0 0 0/2 0 0 0 0|");
    /* the missing list agrees: 2025 has A, E, 指標E, 指標F, G (not C, D, F, G's) */
    gk_board_node *m;
    size_t nm;
    gk_error err;
    assert_int_equal(gk_board_missing(s, "P", 2025, NULL, &m, &nm, &err), 0);
    char paths[512] = "";
    for (size_t i = 0; i < nm; i++) {
        size_t len = strlen(paths);
        snprintf(paths + len, sizeof paths - len, "%s|", m[i].path);
    }
    gk_board_missing_free(m, nm);
    assert_string_equal(paths, "G>① 項目A|G>② 項目B|G>⑤ 項目E|G>⑤ 項目E>指標E|G>⑤ 項目E>指標F|"
                               "G>⑦ 項目G|");
    gk_store_close(s);
}

/* title -> id of the plan's nodes */
static int64_t node_id(gk_store *s, const char *title, bool *ended)
{
    gk_node_info *top, *kids;
    size_t ntop, nkids;
    gk_error err;
    int64_t id = 0;
    assert_int_equal(gk_browse_children(s, 1, 0, &top, &ntop, &err), 0);
    assert_int_equal(ntop, 1);
    assert_int_equal(gk_browse_children(s, 1, top[0].id, &kids, &nkids, &err), 0);
    for (size_t i = 0; i < nkids && !id; i++) {
        if (strcmp(kids[i].title, title) == 0) {
            id = kids[i].id;
            *ended = kids[i].ended;
            continue;
        }
        gk_node_info *ind;
        size_t nind;
        assert_int_equal(gk_browse_children(s, 1, kids[i].id, &ind, &nind, &err), 0);
        for (size_t k = 0; k < nind; k++)
            if (strcmp(ind[k].title, title) == 0) {
                id = ind[k].id;
                *ended = ind[k].ended;
            }
        gk_node_info_free(ind, nind);
    }
    gk_node_info_free(kids, nkids);
    gk_node_info_free(top, ntop);
    if (!id) fail_msg("no node %s", title);
    return id;
}

static void test_marker_and_ended(void **state)
{
    (void)state;
    gk_store *s = fixture();
    static const struct {
        const char *title;
        bool entered2024, ended;
    } cases[] = {
        {"① 項目A", true, false},                           /* its 取組状況 */
        {"② 項目B", false, false},                          /* 2025 only */
        {"③ 項目C", false, true},  {"④ 項目D", true, true}, /* ended, and still entered */
        {"⑤ 項目E", false, false}, /* its indicator's actual is not its 取組状況 */
        {"指標E", true, false},    {"指標F", false, false},
        {"⑥ 項目F", false, true},  {"指標G", false, true}, /* an indicator of an ended item */
        {"⑦ 項目G", false, false}, /* 次年度の取組内容 alone is not the year's entry */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool ended = false;
        int64_t id = node_id(s, cases[i].title, &ended);
        gk_error err;
        if (gk_browse_has_data(s, id, 2024, &err) != (int)cases[i].entered2024)
            fail_msg("%s: entered in 2024 should be %d", cases[i].title, cases[i].entered2024);
        if (ended != cases[i].ended)
            fail_msg("%s: ended should be %d", cases[i].title, cases[i].ended);
    }
    gk_store_close(s);
}

/* An indicator with series (男性 / 女性) is entered when each of them has
 * the year's actual: what submitting asks and what the report counts. */
static const char series_csv[] = "計画,基本目標,取組項目,指標,系列,単位,年度,実績値\n"
                                 "Q,G,① 項目,取得率,男性,%,2024,52.8%\n"
                                 "Q,G,① 項目,取得率,女性,%,2024,100%\n"
                                 "Q,G,① 項目,取得率,男性,%,2025,60%\n"
                                 "Q,G,① 項目,取得率,女性,%,2025,\n";

static int import_series_fn(void *db)
{
    char *argv[] = {"import", "--db", db, (char *)gk_test_path("series.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static void test_every_series_entered(void **state)
{
    (void)state;
    const char *db = gk_test_path("series.db");
    unlink(db);
    gk_write_file(gk_test_path("series.csv"), series_csv, sizeof series_csv - 1);
    char *out;
    if (gk_capture_stderr(import_series_fn, (void *)db, &out) != 0) fail_msg("import: %s", out);
    free(out);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    bool ended;
    int64_t id = node_id(s, "取得率", &ended);
    assert_int_equal(gk_browse_has_data(s, id, 2024, &err), 1); /* both series */
    assert_int_equal(gk_browse_has_data(s, id, 2025, &err), 0); /* 女性 missing */
    assert_int_equal(gk_browse_has_data(s, id, 2026, &err), 0);
    gk_store_close(s);
}

/* --- the one completeness rule (progress.h) ---------------------------------------- */

static void test_rule(void **state)
{
    (void)state;
    assert_true(gk_note_blank(NULL));
    assert_true(gk_note_blank(" \u3000\n"));
    assert_false(gk_note_blank("　済"));
    assert_true(gk_item_entered("取組中"));
    assert_false(gk_item_entered("　"));
    assert_false(gk_item_entered(NULL));
    /* numbers: every series' actual */
    assert_true(gk_indicator_entered(GK_DIR_INCREASE, 2, 2, NULL, NULL));
    assert_false(gk_indicator_entered(GK_DIR_INCREASE, 2, 1, "状況", "次年度"));
    assert_false(gk_indicator_entered(GK_DIR_INCREASE, 0, 0, "状況", "次年度"));
    /* qualitative: the actual, or both notes */
    assert_true(gk_indicator_entered(GK_DIR_QUALITATIVE, 1, 1, NULL, NULL));
    assert_true(gk_indicator_entered(GK_DIR_QUALITATIVE, 1, 0, "状況", "次年度"));
    assert_false(gk_indicator_entered(GK_DIR_QUALITATIVE, 1, 0, "状況", NULL));
    assert_false(gk_indicator_entered(GK_DIR_QUALITATIVE, 1, 0, NULL, "次年度"));
    assert_false(gk_indicator_entered(GK_DIR_QUALITATIVE, 1, 0, "状況", " "));
    /* counting: ended units that are not entered leave the completeness */
    gk_progress p = {0};
    char buf[16];
    assert_string_equal(gk_progress_format(&p, buf, sizeof buf), "-");
    gk_progress_count(&p, true, false);
    gk_progress_count(&p, true, true); /* ended but entered: counts as entered */
    gk_progress_count(&p, false, true);
    gk_progress_count(&p, false, false);
    gk_progress_count(&p, false, false);
    assert_int_equal(p.units, 5);
    assert_int_equal(p.entered, 2);
    assert_int_equal(p.ended, 1);
    assert_int_equal(gk_progress_needed(&p), 4);
    assert_int_equal(gk_progress_missing(&p), 2);
    assert_string_equal(gk_progress_format(&p, buf, sizeof buf), "50.0%");
    gk_progress q = {.units = 3, .entered = 2};
    assert_string_equal(gk_progress_format(&q, buf, sizeof buf), "66.6%"); /* rounded down */
    gk_progress r = {.units = 1000, .entered = 999};
    assert_string_equal(gk_progress_format(&r, buf, sizeof buf), "99.9%"); /* never 100.0 early */
    gk_progress all = {.units = 2, .ended = 2};
    assert_string_equal(gk_progress_format(&all, buf, sizeof buf), "-");
}

/* The plan of the fixture, counted as the report, the summary and `status`
 * count it: 8 units (items ①②③④⑦ without indicators, 指標E F G); entered
 * in 2024: ① ④ (ended, but entered) 指標E; ended and not entered: ③ 指標G.
 * 6 need an entry, 3 entered: 50.0%. */
static void test_plan_progress(void **state)
{
    (void)state;
    gk_store *s = fixture();
    gk_progress p;
    gk_error err;
    int year = 0;
    assert_int_equal(gk_report_progress(s, "P", 2024, NULL, &p, &year, &err), 0);
    assert_int_equal(year, 2024);
    assert_int_equal(p.units, 8);
    assert_int_equal(p.entered, 3);
    assert_int_equal(p.ended, 2);
    char buf[16];
    assert_string_equal(gk_progress_format(&p, buf, sizeof buf), "50.0%");
    /* per main 所管課: 課A ①②③④ (① ④ entered, ③ ended): 2 of 3 */
    assert_int_equal(gk_report_progress(s, "P", 2024, "課A", &p, NULL, &err), 0);
    assert_int_equal(p.units, 4);
    assert_int_equal(p.entered, 2);
    assert_int_equal(p.ended, 1);
    gk_store_close(s);
}

/* A qualitative indicator (targets 実施) is entered by its notes. */
static const char qual_csv[] =
    "計画,基本目標,取組項目,所管課,指標,年度,目標値,実績値,取組状況,次年度の取組内容\n"
    "Q,G,① 項目,課A,,2024,,,状況,\n"
    "Q,G,① 項目,,指標Q,2024,実施,,取組を進めた,継続する\n"
    "Q,G,① 項目,,指標R,2024,実施,,取組を進めた,\n"
    "Q,G,① 項目,,指標S,2024,100,,取組を進めた,継続する\n";

static int import_qual_fn(void *db)
{
    char *argv[] = {"import", "--db", db, (char *)gk_test_path("qual.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static void test_qualitative_by_notes(void **state)
{
    (void)state;
    const char *db = gk_test_path("qual.db");
    unlink(db);
    gk_write_file(gk_test_path("qual.csv"), qual_csv, sizeof qual_csv - 1);
    char *msg;
    int rc = gk_capture_stderr(import_qual_fn, (void *)db, &msg);
    if (rc != 0) fail_msg("import: %s", msg);
    free(msg);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    gk_progress p;
    assert_int_equal(gk_report_progress(s, "Q", 2024, NULL, &p, NULL, &err), 0);
    assert_int_equal(p.units, 3);   /* three indicators; the item has indicators */
    assert_int_equal(p.entered, 1); /* 指標Q: qualitative with both notes */
    assert_int_equal(p.ended, 0);
    /* the tree's marks by the same rule */
    bool ended;
    assert_int_equal(gk_browse_has_data(s, node_id(s, "指標Q", &ended), 2024, &err), 1);
    assert_int_equal(gk_browse_has_data(s, node_id(s, "指標R", &ended), 2024, &err), 0);
    assert_int_equal(gk_browse_has_data(s, node_id(s, "指標S", &ended), 2024, &err), 0);
    gk_store_close(s);
}

/* --- where the entry lives (progress.h gk_layout) ------------------------------------ */

static void test_layout_rule(void **state)
{
    (void)state;
    assert_int_equal(gk_layout_from_name("items"), GK_ENTRY_ITEMS);
    assert_int_equal(gk_layout_from_name("指標"), GK_ENTRY_INDICATORS);
    assert_int_equal(gk_layout_from_name("indicators"), GK_ENTRY_INDICATORS);
    assert_int_equal(gk_layout_from_name("nodes"), -1);
    assert_string_equal(gk_layout_name(GK_ENTRY_INDICATORS), "indicators");
    /* notes on items: an item is complete by its own 取組状況 */
    assert_false(gk_item_container(GK_ENTRY_ITEMS, 2));
    assert_true(gk_item_complete(GK_ENTRY_ITEMS, 2, 0, "状況"));
    assert_false(gk_item_complete(GK_ENTRY_ITEMS, 2, 2, NULL));
    /* notes on indicators: an item with indicators is complete when they are */
    assert_true(gk_item_container(GK_ENTRY_INDICATORS, 2));
    assert_true(gk_item_complete(GK_ENTRY_INDICATORS, 2, 2, NULL));
    assert_false(gk_item_complete(GK_ENTRY_INDICATORS, 2, 1, "状況"));
    /* an item without indicators is a unit of its own in either layout */
    assert_false(gk_item_container(GK_ENTRY_INDICATORS, 0));
    assert_true(gk_item_complete(GK_ENTRY_INDICATORS, 0, 0, "状況"));
    assert_false(gk_item_complete(GK_ENTRY_INDICATORS, 0, 0, NULL));
}

/* Departments and notes on indicators only (the item ① has neither), ② an
 * item without indicators with its own department and note. */
static const char ind_csv[] =
    "計画,基本目標,取組項目,所管課,指標,年度,実績値,取組状況,次年度の取組内容\n"
    "I,G,① 項目,,,,,,\n"
    "I,G,① 項目,課X,指標A,2024,10,Aの状況,Aの次\n"
    "I,G,① 項目,課Y,指標B,2024,,Bの状況,\n"
    "I,G,② 単独,課Y,,2024,,単独の状況,\n";

static int import_ind_fn(void *db)
{
    char *argv[] = {"import", "--db", db, (char *)gk_test_path("ind.csv"), NULL};
    gk_cli cli = {0};
    return gk_cmd_import(&cli, 4, argv);
}

static void test_layout_indicators(void **state)
{
    (void)state;
    const char *db = gk_test_path("ind.db");
    unlink(db);
    gk_write_file(gk_test_path("ind.csv"), ind_csv, sizeof ind_csv - 1);
    char *msg;
    if (gk_capture_stderr(import_ind_fn, (void *)db, &msg) != 0) fail_msg("import: %s", msg);
    free(msg);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_plan_entry(s, gk_plan_id(s, "I", &err)),
                     GK_ENTRY_INDICATORS); /* inferred */
    bool ended;
    int64_t item = node_id(s, "① 項目", &ended), alone = node_id(s, "② 単独", &ended);
    /* the container has its indicators' departments and is no row of the board */
    char depts[256];
    assert_int_equal(gk_node_depts(s, item, depts, sizeof depts, &err), 0);
    assert_string_equal(depts, "課X、課Y");
    char got[512];
    board_of(s, "I", 2024, got, sizeof got);
    assert_string_equal(got, "課X 0 0 0 0 0/0 1 0 0 0|課Y 0 1 0 0 0/0 1 0 0 0|");
    /* complete when its indicators are: 指標B lacks its actual */
    assert_int_equal(gk_browse_has_data(s, item, 2024, &err), 0);
    /* submitting the container asks nothing of it, all of its indicators */
    assert_int_equal(gk_workflow_apply(s, GK_WF_SUBMIT, &item, 1, 2024, NULL, NULL, NULL, &err),
                     -1);
    gk_store_close(s);
    /* its actual, and the 次年度の取組内容 such a plan publishes for each
     * indicator (submit asks for it) */
    static const char more[] =
        "計画,基本目標,取組項目,指標,年度,実績値,次年度の取組内容\nI,G,① 項目,指標B,2024,5,Bの次\n";
    gk_write_file(gk_test_path("ind.csv"), more, sizeof more - 1);
    if (gk_capture_stderr(import_ind_fn, (void *)db, &msg) != 0) fail_msg("import: %s", msg);
    free(msg);
    s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_plan_entry(s, gk_plan_id(s, "I", &err)), GK_ENTRY_INDICATORS); /* kept */
    assert_int_equal(gk_browse_has_data(s, item, 2024, &err), 1);
    assert_int_equal(gk_workflow_apply(s, GK_WF_SUBMIT, &item, 1, 2024, NULL, NULL, NULL, &err), 3);
    int64_t all[] = {item, alone};
    assert_int_equal(gk_workflow_apply(s, GK_WF_SUBMIT, &alone, 1, 2024, NULL, NULL, NULL, &err),
                     1);
    assert_int_equal(gk_workflow_apply(s, GK_WF_APPROVE, all, 2, 2024, NULL, NULL, NULL, &err), 4);
    /* every live node done: the board is all 承認 */
    board_of(s, "I", 2024, got, sizeof got);
    assert_string_equal(got, "課X 0 0 0 0 0/0 0 0 0 1|課Y 0 0 0 0 1/0 0 0 0 1|");
    /* the same plan with its notes on items: ① is a unit, of no department */
    assert_int_equal(gk_plan_set_entry(s, "I", GK_ENTRY_ITEMS, &err), 0);
    assert_int_equal(gk_node_depts(s, item, depts, sizeof depts, &err), 0);
    assert_string_equal(depts, "");
    board_of(s, "I", 2025, got, sizeof got);
    assert_string_equal(got, "課X 0 0 0 0 0/1 0 0 0 0|課Y 1 0 0 0 0/1 0 0 0 0|"
                             " 1 0 0 0 0/0 0 0 0 0|");
    assert_int_equal(gk_browse_has_data(s, item, 2024, &err), 0); /* no 取組状況 of its own */
    gk_store_close(s);
}

/* A version 8 file (before plan.entry) is upgraded with the entry inferred
 * as an import infers it: the plan of ind_csv keeps its notes on indicators. */
static void test_layout_upgrade(void **state)
{
    (void)state;
    const char *db = gk_test_path("ind8.db");
    unlink(db);
    gk_write_file(gk_test_path("ind.csv"), ind_csv, sizeof ind_csv - 1);
    char *msg;
    if (gk_capture_stderr(import_ind_fn, (void *)db, &msg) != 0) fail_msg("import: %s", msg);
    free(msg);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, GK_TEST_UNDO_V10 "PRAGMA user_version = 9;", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    assert_int_equal(gk_plan_entry(s, gk_plan_id(s, "I", &err)), GK_ENTRY_INDICATORS);
    gk_store_close(s);
    char *v = gk_sql_text(db, "SELECT user_version FROM pragma_user_version");
    assert_int_equal(atoi(v), GK_SCHEMA_VERSION);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_review_ended),
        cmocka_unit_test(test_board_leaves_out_ended_items),
        cmocka_unit_test(test_marker_and_ended),
        cmocka_unit_test(test_every_series_entered),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_plan_progress),
        cmocka_unit_test(test_qualitative_by_notes),
        cmocka_unit_test(test_layout_rule),
        cmocka_unit_test(test_layout_indicators),
        cmocka_unit_test(test_layout_upgrade),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
