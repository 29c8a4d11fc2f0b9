/*
 * test_sheet.c — the database side of the 調査票 (sheet.h): rows made for a
 * department, then cells coming back as a workbook would give them: a
 * change applied with history, a conflict kept until decided, a decision
 * remembered so that the same workbook changes nothing the second time,
 * a bad cell named and nothing applied, an altered identity refused, a
 * workbook of another database refused.
 */
#include "gk_test.h"

#include "gyokaku/cli.h"
#include "gyokaku/sheet.h"

static const char csv[] =
    "計画,基本目標,取組項目,取組内容,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,"
    "取組状況\n"
    "P,G,項目A,Aをする。,市民課,,,,,,,,\n"
    "P,G,項目A,,,待ち時間,分,30分,2021,2023,20分,,\n"
    "P,G,項目A,,,,,,,2023,,,手順を見直した。\n"
    "P,G,項目B,Bをする。,総務課,,,,,,,,\n";

/* What gk_sheet_rows gave, kept to be sent back. */
typedef struct kept {
    char node[8][33], series[8][64], mask[8][8], check[8][33];
    char *orig[8][GK_SHEET_NFIELDS];
    int n;
} kept;

static int keep(void *ctx, const gk_sheet_row *r, gk_error *err)
{
    kept *k = ctx;
    assert_true(k->n < 8);
    snprintf(k->node[k->n], 33, "%s", r->node_uid);
    snprintf(k->series[k->n], 64, "%s", r->series);
    gk_sheet_mask(r->has, k->mask[k->n]);
    snprintf(k->check[k->n], 33, "%s", r->check);
    for (int f = 0; f < GK_SHEET_NFIELDS; f++)
        k->orig[k->n][f] = r->orig[f] ? strdup(r->orig[f]) : NULL;
    k->n++;
    return 0;
}

static void kept_free(kept *k)
{
    for (int i = 0; i < k->n; i++)
        for (int f = 0; f < GK_SHEET_NFIELDS; f++)
            free(k->orig[i][f]);
}

/* Row i sent back with text[f] (NULL: as made). */
static int send(gk_collect *c, kept *k, int i, const char *const text[GK_SHEET_NFIELDS],
                gk_error *err)
{
    gk_sheet_cells cells;
    memset(&cells, 0, sizeof cells);
    cells.row = 3 + i;
    cells.node_uid = k->node[i];
    cells.series = k->series[i];
    cells.mask = k->mask[i];
    cells.check = k->check[i];
    cells.id_cell = "入力!Q3";
    for (int f = 0; f < GK_SHEET_NFIELDS; f++) {
        cells.orig[f] = k->orig[i][f];
        cells.text[f] = text && text[f] ? text[f] : k->orig[i][f];
        snprintf(cells.cell[f], sizeof cells.cell[f], "入力!%c%ld", 'L' + f, cells.row);
    }
    return gk_collect_row(c, &cells, err);
}

static char *q(const char *db, const char *sql)
{
    return gk_sql_text(db, sql);
}

static void test_round(void **state)
{
    const char *csvp = gk_test_path("p.csv"), *db = gk_test_path("s.db");
    gk_write_file(csvp, csv, strlen(csv));
    gk_cli cli = {.db = db};
    char *argv[] = {"import", (char *)csvp, NULL};
    assert_int_equal(gk_cmd_import(&cli, 2, argv), 0);
    gk_error err = {{0}};
    gk_store *s = gk_store_open(db, 0, &err);
    assert_non_null(s);
    gk_sheet_head h;
    assert_int_equal(gk_sheet_prepare(s, "P", 2023, "市民課", &h, &err), 0);
    kept k = {0};
    assert_int_equal(gk_sheet_rows(s, &h, keep, &k, &err), 0);
    assert_int_equal(k.n, 2); /* 項目A and its indicator; 項目B is 総務課's */
    assert_string_equal(k.mask[0], "01111");
    assert_string_equal(k.mask[1], "11111");
    assert_string_equal(k.orig[0][GK_FIELD_STATUS], "手順を見直した。");

    /* the master changes 項目A's 取組状況 meanwhile */
    gk_store_close(s);
    const char more[] = "計画,基本目標,取組項目,年度,取組状況\nP,G,項目A,2023,台帳で変更した。\n";
    gk_write_file(csvp, more, strlen(more));
    assert_int_equal(gk_cmd_import(&cli, 2, argv), 0);
    s = gk_store_open(db, 0, &err);
    assert_non_null(s);

    /* a bad number: named, nothing applied */
    gk_collect *c = gk_collect_begin(s, &h, "a.xlsx", &err);
    assert_non_null(c);
    assert_int_equal(send(c, &k, 1, (const char *[]){"１２件", NULL, NULL, NULL, NULL}, &err), 0);
    const char *const *msgs;
    assert_int_equal(gk_collect_problems(c, &msgs), 1);
    assert_non_null(strstr(msgs[0], "入力!L4: "));
    assert_int_equal(gk_collect_apply(c, &err), -1);
    gk_collect_free(c);

    /* an altered identity cell */
    c = gk_collect_begin(s, &h, "a.xlsx", &err);
    snprintf(k.series[1], 64, "男性");
    assert_int_equal(send(c, &k, 1, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "altered"));
    snprintf(k.series[1], 64, "%s", "");
    gk_collect_free(c);

    /* a change and a conflict */
    h.writer = strdup("山田");
    c = gk_collect_begin(s, &h, "dir/a.xlsx", &err);
    assert_int_equal(
        send(c, &k, 0, (const char *[]){NULL, "窓口で変更した。", NULL, NULL, NULL}, &err), 0);
    assert_int_equal(send(c, &k, 1, (const char *[]){"１８分", NULL, NULL, NULL, NULL}, &err), 0);
    size_t n;
    gk_sheet_change *ch = gk_collect_changes(c, &n);
    assert_int_equal(n, 2);
    assert_true(ch[0].conflict);
    assert_string_equal(ch[0].master, "台帳で変更した。");
    assert_false(ch[1].conflict);
    assert_string_equal(ch[1].sheet, "18分");
    assert_int_equal(gk_collect_apply(c, &err), -1); /* undecided */
    ch[0].decision = GK_SD_KEEP_MASTER;
    assert_int_equal(gk_collect_apply(c, &err), 1);
    gk_collect_free(c);
    char *v = q(db, "SELECT actual_raw || '|' || (SELECT comment FROM history WHERE new = '18分')"
                    " FROM value WHERE actual_raw IS NOT NULL AND year = 2023");
    assert_string_equal(v, "18分|調査票 a.xlsx (記入者: 山田)");
    free(v);
    v = q(db, "SELECT status FROM note o JOIN node n ON n.id = o.node_id WHERE n.title = '項目A'");
    assert_string_equal(v, "台帳で変更した。");
    free(v);

    /* the same workbook again: nothing to do, nothing written */
    c = gk_collect_begin(s, &h, "dir/a.xlsx", &err);
    assert_int_equal(
        send(c, &k, 0, (const char *[]){NULL, "窓口で変更した。", NULL, NULL, NULL}, &err), 0);
    assert_int_equal(send(c, &k, 1, (const char *[]){"１８分", NULL, NULL, NULL, NULL}, &err), 0);
    gk_collect_changes(c, &n);
    assert_int_equal(n, 0);
    v = q(db, "SELECT count(*) FROM history");
    char *before = v;
    assert_int_equal(gk_collect_apply(c, &err), 0);
    v = q(db, "SELECT count(*) FROM history");
    assert_string_equal(v, before);
    free(v);
    free(before);
    gk_collect_free(c);

    /* status: collected */
    gk_sheet_status *st;
    assert_int_equal(gk_sheet_status_list(s, "P", 2023, &st, &n, &err), 0);
    assert_int_equal(n, 0); /* gk_sheet_issued was not called: nothing issued */
    gk_sheet_status_free(st, n);
    assert_int_equal(gk_sheet_issued(s, &h, "a.xlsx", &err), 0);
    assert_int_equal(gk_sheet_status_list(s, "P", 2023, &st, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(st[0].dept, "市民課");
    assert_int_equal(st[0].collected, 1);
    gk_sheet_status_free(st, n);

    /* a workbook of another database */
    snprintf(h.db_uid, sizeof h.db_uid, "%s", "0123456789abcdef0123456789abcdef");
    gk_sheet_head_check(&h, h.check);
    assert_null(gk_collect_begin(s, &h, "a.xlsx", &err));
    assert_non_null(strstr(err.msg, "another database"));
    /* an identity sheet altered (the year) */
    h.year = 2024;
    assert_null(gk_collect_begin(s, &h, "a.xlsx", &err));
    assert_non_null(strstr(err.msg, "identity sheet"));

    kept_free(&k);
    gk_sheet_head_free(&h);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_round)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
