/*
 * test_import.c — the plan CSV import and export commands, in process:
 * every bad input of the contract leaves the database byte-for-byte as it
 * was with a message naming where; merges, history, stats and round trips.
 */
#include "gk_test.h"

#include <time.h>

#include "gyokaku/fiscal.h"

#include <sqlite3.h>
#include <sys/wait.h>

#include "gyokaku/cli.h"
#include "gyokaku/store.h"

#include "../../src/store/import_int.h" /* LINE_CHUNK, LINE_SLOTS */

#define HEADER                                                                                                                    \
    "計画,基本目標,取組方針,取組項目,取組内容,所管課,指標,系列,単位,初期値,初期値年度,年度," \
    "目標値,実績値,取組状況\n"
#define PATH "P,G,1 方針,① 項目"

static const char good_csv[] = HEADER PATH
    ",内容,広報広聴課、情報管理担当,,,,,,,,,\n" PATH
    ",,,LINE登録者数,,人,\"11,446\",2022,2024,\"22,000\",\"26,684\",\"一行目\n二行目\"\n" PATH
    ",,,LINE登録者数,,人,,,R7,→,,\n" PATH
    ",,,育休取得率,男性,%,6.9%,H29,令和元年度,13%以上,15.4%,\n" PATH
    ",,,育休取得率,女性,%,,,2019,,100%,\n" PATH ",,,検討,,,—,2022,2024,検討・実施,,\n"
    "P,G,,② 直下の項目,,総)総務課,,,,,,2024,,,項目の状況\n";

static const char *fresh_db(const char *name)
{
    const char *db = gk_test_path(name);
    gk_test_rm_db(db);
    assert_int_equal(RUN(NULL, "init", "--db", db), 0);
    return db;
}

static void import_good(const char *db)
{
    const char *csv = gk_test_path("good.csv");
    gk_write_file(csv, good_csv, sizeof good_csv - 1);
    char *err;
    int rc = RUN(&err, "import", "--db", db, csv);
    if (rc != 0) fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    free(err);
}

static char *stats_of(const char *db)
{
    int rc;
    char *out = gk_test_stdout((const char *const[]){"stats", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 0);
    return out;
}

/* Rows in any order give the same plan: a file sorted by indicator (the
 * importer's fast path: a node and series made by this import, its values
 * queued and written in batches) and the same rows sorted by year (every
 * indicator met again on each year: lookups, values written one by one)
 * export alike, with the same uids; 所管課 with a name given twice keeps it
 * once; importing the other order again changes nothing. Sized past the
 * importer's buffers (store/import.c): more than 1,024 nodes and series
 * (the first size of its line arrays and hash set), 80 department names
 * (it remembers 64), 6,000 values (written 256 a statement). */
static void write_plan(const char *path, bool by_year)
{
    enum { N = 1200, Y = 5 };
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("計画,基本目標,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値,"
          "取組状況\n",
          f);
    for (int a = 0; a < (by_year ? Y : N); a++)
        for (int b = 0; b < (by_year ? N : Y); b++) {
            int i = by_year ? b : a, y = 2024 + (by_year ? a : b);
            fprintf(f, "P,目標%d,項目%d,課%d、課%d、課%d,指標%d,件,%d件,2022,%d,%d件,", i / 50,
                    i / 10, i % 70, i % 10 + 70, i % 70, i, i, y, 100 + i + y % 7);
            if (y <= 2025)
                fprintf(f, "%d件,\"令和%d年度\n取組%d\"\n", i, y - 2018, i);
            else
                fputs(",\n", f);
        }
    fclose(f);
}

static void test_row_order_does_not_matter(void **state)
{
    (void)state;
    const char *names[2] = {"order-ind", "order-year"};
    char *exported[2], *uids[2];
    for (int k = 0; k < 2; k++) {
        char path[64], out[64];
        snprintf(path, sizeof path, "%s.csv", names[k]);
        snprintf(out, sizeof out, "%s.out.csv", names[k]);
        char csv[512], db_name[64];
        snprintf(csv, sizeof csv, "%s", gk_test_path(path));
        snprintf(db_name, sizeof db_name, "%s.db", names[k]);
        write_plan(csv, k == 1);
        const char *db = fresh_db(db_name);
        char *err;
        int rc = RUN(&err, "import", "--db", db, csv);
        if (rc != 0) fail_msg("%s: %s", names[k], err);
        assert_non_null(strstr(err, "6000 rows"));
        free(err);
        assert_int_equal(RUN(NULL, "check", "--db", db), 0);
        assert_int_equal(RUN(NULL, "export", "--db", db, "-o", gk_test_path(out)), 0);
        exported[k] = gk_read_file(gk_test_path(out), NULL);
        uids[k] = gk_sql_text(
            db, "SELECT group_concat(u, ',') FROM (SELECT uid AS u FROM node UNION"
                " ALL SELECT uid FROM series UNION ALL SELECT gk_uid(s.uid, 'value', v.year)"
                " || year || ifnull(target_raw, '') || ifnull(actual_raw, '')"
                " FROM value v JOIN series s ON s.id = v.series_id"
                " UNION ALL SELECT uid || ifnull(status, '') FROM note ORDER BY 1)");
        /* 課3、課73、課3: two departments, in the order first given */
        char *depts =
            gk_sql_text(db, "SELECT group_concat(d.name, '、') FROM (SELECT nd.dept_id, nd.pos"
                            " FROM node_dept nd JOIN node n ON n.id = nd.node_id WHERE"
                            " n.title = '指標3' ORDER BY nd.pos) x JOIN dept d ON"
                            " d.id = x.dept_id");
        assert_string_equal(depts, "課3、課73");
        free(depts);
    }
    assert_string_equal(exported[0], exported[1]);
    assert_string_equal(uids[0], uids[1]);
    /* each file again on the other's database: nothing new */
    for (int k = 0; k < 2; k++) {
        char db_name[64], path[64];
        snprintf(db_name, sizeof db_name, "%s.db", names[k]);
        snprintf(path, sizeof path, "%s.csv", names[1 - k]);
        char *err;
        assert_int_equal(RUN(&err, "import", "--db", gk_test_path(db_name), gk_test_path(path)), 0);
        if (!strstr(err, "no changes")) fail_msg("%s again: %s", names[1 - k], err);
        free(err);
        free(exported[k]);
        free(uids[k]);
    }
}

/* A cell given differently for an indicator made by this import, on a row
 * that comes back to it after other indicators: the line of the first. */
static void test_new_node_disagrees_after_revisit(void **state)
{
    (void)state;
    const char *db = fresh_db("revisit.db");
    static const char data[] = "計画,基本目標,取組項目,指標,単位,初期値,年度,目標値\n"
                               "P,G,I,指標A,人,5人,2024,1\n"
                               "P,G,I,指標B,件,1件,2024,1\n"
                               "P,G,I,指標A,人,6人,2025,1\n";
    const char *csv = gk_test_path("revisit.csv");
    gk_write_file(csv, data, sizeof data - 1);
    char *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    if (!strstr(err, ":4:6:") || !strstr(err, "line 2") || !strstr(err, "5人"))
        fail_msg("message: %s", err);
    free(err);
    static const char unit[] = "計画,基本目標,取組項目,指標,単位,年度,目標値\n"
                               "P,G,I,指標A,人,2024,1\n"
                               "P,G,I,指標B,件,2024,1\n"
                               "P,G,I,指標A,件,2025,1\n";
    gk_write_file(csv, unit, sizeof unit - 1);
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    if (!strstr(err, ":4:5:") || !strstr(err, "line 2") || !strstr(err, "\"指標A\""))
        fail_msg("message: %s", err);
    free(err);
    char *nodes = gk_sql_text(db, "SELECT count(*) FROM node");
    assert_string_equal(nodes, "0");
    free(nodes);
}

/* The lines of what an import made are kept in memory for the newest
 * LINE_SLOTS chunks of LINE_CHUNK rows only (import_line.c): an attribute
 * first given on a row that comes back to an indicator after more rows
 * than that (its line written to a chunk read back from the temporary
 * file), then given differently after as many again, is refused with the
 * line of the first. */
static void test_new_node_disagrees_past_the_kept_lines(void **state)
{
    (void)state;
    const char *db = fresh_db("far.db");
    enum { N = LINE_CHUNK * LINE_SLOTS + 500 };  /* nodes and series: past the slots */
    const char *const last[] = {"件,8", "人,7"}; /* the base disagrees; the unit disagrees */
    const char *const expect[][3] = {{":6:", "\"8\"", "\"7\""}, {":5:", "\"人\"", "\"指標A\""}};
    for (int t = 0; t < 2; t++) {
        size_t cap = (2 * N + 8) * 64, len = 0;
        char *data = malloc(cap);
        assert_non_null(data);
        len += (size_t)snprintf(data + len, cap - len,
                                "計画,基本目標,取組項目,指標,単位,初期値,年度,目標値\n"
                                "P,G,I0,指標A,,,2024,1\n");
        for (int k = 1; k <= 2 * N; k++) {
            if (k == N + 1) /* line N + 3: 指標A's unit and base, first given */
                len += (size_t)snprintf(data + len, cap - len, "P,G,I0,指標A,件,7,2025,1\n");
            len +=
                (size_t)snprintf(data + len, cap - len, "P,G,I%d,指標%d,人,5,2024,1\n", k / 10, k);
        }
        len += (size_t)snprintf(data + len, cap - len, "P,G,I0,指標A,%s,2026,1\n", last[t]);
        assert_true(len < cap);
        const char *csv = gk_test_path("far.csv");
        gk_write_file(csv, data, len);
        free(data);
        char *err, where[32], line[32];
        snprintf(where, sizeof where, ":%d%s", 2 * N + 4, expect[t][0]);
        snprintf(line, sizeof line, "line %d", N + 3);
        assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
        if (!strstr(err, where) || !strstr(err, line) || !strstr(err, expect[t][1]) ||
            !strstr(err, expect[t][2]))
            fail_msg("message: %s", err);
        free(err);
    }
    char *nodes = gk_sql_text(db, "SELECT count(*) FROM node");
    assert_string_equal(nodes, "0");
    free(nodes);
}

static void test_stats_counts(void **state)
{
    (void)state;
    const char *db = fresh_db("stats.db");
    import_good(db);
    char *s = stats_of(db);
    assert_string_equal(s, "plans\t1\ngoals\t1\npolicies\t1\nitems\t2\nindicators\t3\nseries\t2\n"
                           "values\t5\nnotes\t2\ndepartments\t3\ntags\t0\n");
    free(s);
}

static void test_second_import_changes_nothing(void **state)
{
    (void)state;
    const char *db = fresh_db("twice.db");
    import_good(db);
    size_t len;
    char *before = gk_read_file(db, &len), *err;
    const char *copy = gk_test_path("twice-before.db");
    gk_write_file(copy, before, len);
    assert_int_equal(RUN(&err, "import", "--db", db, gk_test_path("good.csv")), 0);
    assert_non_null(strstr(err, "no changes"));
    assert_true(gk_file_equal(db, copy));
    free(err);
    free(before);
}

/* --- bad input: message, and the database unchanged ------------------------------ */

struct bad_case {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen */
    const char *encoding;
    const char *expect[3]; /* substrings of the message */
};

static const struct bad_case bad_cases[] = {
    {"invalid UTF-8", HEADER PATH ",,,指標\xff,,人,,,2024,1,,\n", 0, "utf-8", {":2:", "UTF-8"}},
    {"truncated CP932", "\x8c\x76\x89\xe6\n\x8c\x76\x89\xe6\x82", 0, "cp932", {":2:", "CP932"}},
    {"unknown column", "計画,基本目標,単価\nP,G,1\n", 0, NULL, {":1:3:", "単価"}},
    {"no header", "P,G,1 方針\n", 0, NULL, {"header"}},
    {"unclosed quote", HEADER PATH ",\"内容,,,,,,,,,,\n", 0, NULL, {":2:", "quote"}},
    {"more fields",
     "計画,基本目標\nP,G,extra\n",
     0,
     NULL,
     {":2: fields in this row: 3, in the header: 2"}},
    {"fewer fields: a file cut inside a row",
     HEADER PATH ",内容,,,,,,,,,,\n" PATH ",,,指標A,,人",
     0,
     NULL,
     {":3: fields in this row: 9, in the header: 15"}},
    {"fewer fields: a row cut at a line end",
     "計画,基本目標,取組項目\nP,G,I\nP,G\n",
     0,
     NULL,
     {":3: fields in this row: 2, in the header: 3"}},
    {"an empty line",
     "計画,基本目標\nP,G\n\nP,G\n",
     0,
     NULL,
     {":3: an empty line; every row has the header's 2 fields"}},
    {"neither UTF-8 nor CP932",
     "計画,基本目標\nP,012345678\xff\xfe\n",
     0,
     NULL,
     {":2:12: not UTF-8 at 2:12 (byte 0xFF), and not CP932 either at 1:12"}},
    {"a bad header in a file read as CP932 says why",
     "x,計画\n\x82\xa0,P\n",
     0,
     NULL,
     {":1: no header", "(read as CP932, since the bytes at 2:1 are not UTF-8)"}},
    {"unit disagrees",
     HEADER PATH ",,,指標A,,人,,,,,,\n" PATH ",,,指標A,,件,,,,,,\n",
     0,
     NULL,
     {":3:", "line 2", "件"}},
    /* repeated on every row, as offices write it: the rows in between that
     * repeat the first value (taken without a statement) do not hide it */
    {"unit repeated, then disagrees",
     HEADER PATH ",,,指標A,,人,,,2024,,,\n" PATH ",,,指標A,,人,,,2025,,,\n" PATH
                 ",,,指標A,,件,,,2026,,,\n",
     0,
     NULL,
     {":4:", "line 2", "件"}},
    {"base repeated, then disagrees",
     HEADER PATH ",,,指標A,,人,10,2020,2024,,,\n" PATH ",,,指標A,,人,10,2020,2025,,,\n" PATH
                 ",,,指標A,,人,11,2020,2026,,,\n",
     0,
     NULL,
     {":4:", "line 2", "11"}},
    {"content disagrees",
     HEADER PATH ",内容一,,,,,,,,,,\n" PATH ",内容二,,,,,,,,,,\n",
     0,
     NULL,
     {":3:", "line 2", "内容二"}},
    {"wrong unit", HEADER PATH ",,,指標A,,人,,,2024,20件,,\n", 0, NULL, {":2:", "人", "件"}},
    {"era without number", HEADER PATH ",,,指標A,,人,,,令和,1,,\n", 0, NULL, {":2:", "年度"}},
    {"five-digit year", HEADER PATH ",,,指標A,,人,,,20245,1,,\n", 0, NULL, {":2:", "20245"}},
    {"R100", HEADER PATH ",,,指標A,,人,,,R100,1,,\n", 0, NULL, {":2:", "R100"}},
    {"empty file", "", 0, NULL, {"empty"}},
    {"NUL byte",
     HEADER PATH ",\0,,,,,,,,,,\n",
     sizeof(HEADER PATH ",\0,,,,,,,,,,\n") - 1,
     NULL,
     {":2:", "NUL"}},
};

/* The plan columns: 計画期間 (column 2) and 階層 (column 3); 年度 is column 8. */
#define HEADER2 "計画,計画期間,階層,基本目標,取組項目,指標,単位,年度,実績値\n"

static const struct bad_case plan_bad_cases[] = {
    {"period of one year", HEADER2 "Q,2024,,G,① 項目,,,,\n", 0, NULL, {":2:2:", "計画期間"}},
    {"period reversed",
     HEADER2 "Q,R10～R6,,G,① 項目,,,,\n",
     0,
     NULL,
     {":2:2:", "before it begins"}},
    {"period with a bad year", HEADER2 "Q,2024-令和,,G,,,,,\n", 0, NULL, {":2:2:", "令和"}},
    {"two level names", HEADER2 "Q,,基本方針/取組,G,,,,,\n", 0, NULL, {":2:3:", "階層"}},
    {"four level names", HEADER2 "Q,,A/B/C/D,G,,,,,\n", 0, NULL, {":2:3:", "階層"}},
    {"an empty level name", HEADER2 "Q,,基本方針//施策,G,,,,,\n", 0, NULL, {":2:3:", "empty"}},
    {"level names joined by ／",
     HEADER2 "Q,,基本方針／取組／施策,G,,,,,\n",
     0,
     NULL,
     {":2:3:", "/"}},
    {"period disagrees",
     HEADER2 "Q,2024-2028,,G,,,,,\nQ,,,G,① 項目,,,,\nQ,2024-2029,,G,,,,,\n",
     0,
     NULL,
     {":4:2:", "line 2", "2024-2028"}},
    {"levels disagree",
     HEADER2 "Q,,基本方針/取組/施策,G,,,,,\nQ,,基本目標/施策/実践項目,G,,,,,\n",
     0,
     NULL,
     {":3:3:", "line 2", "基本方針/取組/施策"}},
    {"a year after the period",
     HEADER2 "Q,2024-2028,,G,① 項目,指標,人,2029,5\n",
     0,
     NULL,
     {":2:8:", "2029", "2024-2028"}},
    {"a year before a period given later",
     HEADER2 "Q,,,G,① 項目,指標,人,R5,5\nQ,R6(2024)～R10(2028),,G,,,,,\n",
     0,
     NULL,
     {":2:8:", "2023", "line 3"}},
    {"the database holds years outside the period",
     HEADER2 "P,2020-2025,,G,,,,,\n",
     0,
     NULL,
     {":2:2:", "2019", "2020-2025"}},
};

static void check_bad(const struct bad_case *c, const char *db)
{
    const char *csv = gk_test_path("bad.csv");
    gk_write_file(csv, c->data, c->len ? c->len : strlen(c->data));
    size_t lb, la;
    char *before = gk_read_file(db, &lb);
    char *err;
    int rc = c->encoding ? RUN(&err, "import", "--db", db, "--encoding", c->encoding, csv)
                         : RUN(&err, "import", "--db", db, csv);
    char *after = gk_read_file(db, &la);
    if (rc != 1) fail_msg("%s: exit %d, message: %s", c->name, rc, err);
    for (int i = 0; i < 3 && c->expect[i]; i++)
        if (!strstr(err, c->expect[i]))
            fail_msg("%s: message lacks \"%s\": %s", c->name, c->expect[i], err);
    if (!strstr(err, csv)) fail_msg("%s: message does not name the file: %s", c->name, err);
    if (la != lb || memcmp(before, after, la) != 0) fail_msg("%s: the database changed", c->name);
    free(before);
    free(after);
    free(err);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    const char *db = fresh_db("bad.db");
    import_good(db);
    char *stats_before = stats_of(db);
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
        check_bad(&bad_cases[i], db);
    for (size_t i = 0; i < sizeof plan_bad_cases / sizeof *plan_bad_cases; i++)
        check_bad(&plan_bad_cases[i], db);
    char *stats_after = stats_of(db);
    assert_string_equal(stats_before, stats_after);
    free(stats_before);
    free(stats_after);
}

static void test_huge_field_refused(void **state)
{
    (void)state;
    const char *db = fresh_db("huge.db");
    const char *csv = gk_test_path("huge.csv");
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fputs(HEADER PATH ",\"", f);
    static char chunk[1 << 20];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 100; i++)
        assert_int_equal(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputs("\",,,,,,,,,,\n", f);
    fclose(f);
    char *before = gk_read_file(db, NULL), *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    assert_non_null(strstr(err, ":2:"));
    assert_non_null(strstr(err, "limit"));
    char *after = gk_read_file(db, NULL);
    assert_memory_equal(before, after, 4096);
    unlink(csv);
    free(before);
    free(after);
    free(err);
}

/* A UTF-8 file read the importer's way (no scan first: csv.h
 * GK_CSV_MAY_RESTART) with one CP932 character after 3,000 rows: the rows
 * imported before it are rolled back, the file is read again as CP932
 * (which fails on its UTF-8 header) and the message is the one a scan
 * first gives; the database is as it was. Without that character the file
 * imports in one read. */
static void test_late_restart_rolls_back(void **state)
{
    (void)state;
    const char *db = fresh_db("restart.db");
    import_good(db);
    const char *csv = gk_test_path("restart.csv");
    size_t cap = 3100 * 120, n = 0;
    char *data = malloc(cap);
    n += (size_t)snprintf(data + n, cap - n, "%s", HEADER);
    for (int i = 1; i <= 3000; i++)
        n += (size_t)snprintf(data + n, cap - n, PATH ",,課%d,指標%d,,件,,,2024,%d件,%d件,\n",
                              i % 7, i, i, i + 1);
    size_t clean = n;
    n += (size_t)snprintf(data + n, cap - n, PATH ",,課,指標X,,件,,,2024,1件,2件,\x82\xa0\n");
    gk_write_file(csv, data, n);
    char *nodes = gk_sql_text(db, "SELECT count(*) FROM node");
    char *before = gk_read_file(db, NULL), *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    if (!strstr(err, ":3002:") || !strstr(err, "not UTF-8 at 3002:") ||
        !strstr(err, "(byte 0x82), and not CP932 either at 1:"))
        fail_msg("%s", err);
    char *after = gk_read_file(db, NULL);
    assert_memory_equal(before, after, 4096);
    char *nodes_after = gk_sql_text(db, "SELECT count(*) FROM node");
    assert_string_equal(nodes, nodes_after);
    free(err);
    gk_write_file(csv, data, clean);
    char *ind0 = gk_sql_text(db, "SELECT count(*) FROM node WHERE kind = 'indicator'");
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    char *ind = gk_sql_text(db, "SELECT count(*) FROM node WHERE kind = 'indicator'");
    assert_int_equal(atoi(ind), atoi(ind0) + 3000);
    free(ind0);
    free(ind);
    free(err);
    free(nodes);
    free(nodes_after);
    free(before);
    free(after);
    free(data);
}

/* The pos of a new indicator's series is counted by the importer while the
 * indicator is the last one made, read otherwise (a series added when the
 * file comes back to it): in order of first appearance either way. */
static void test_series_pos(void **state)
{
    (void)state;
    const char *db = fresh_db("series-pos.db");
    static const char csv[] = "計画,基本目標,取組方針,取組項目,指標,系列,単位,年度,目標値,実績値\n"
                              "P,G,方針,項目,指標A,男性,人,2024,10人,9人\n"
                              "P,G,方針,項目,指標A,女性,人,2024,11人,8人\n"
                              "P,G,方針,項目,指標B,,件,2024,1件,1件\n"
                              "P,G,方針,項目,指標A,男性,人,2025,12人,\n"
                              "P,G,方針,項目,指標A,その他,人,2025,3人,\n"
                              "P,G,方針,項目,指標B,,件,2025,2件,\n";
    const char *path = gk_test_path("series-pos.csv");
    gk_write_file(path, csv, sizeof csv - 1);
    assert_int_equal(RUN(NULL, "import", "--db", db, path), 0);
    char *v = gk_sql_text(db, "SELECT group_concat(n.title || ':' || s.name || ':' || s.pos, ' ')"
                              " FROM (SELECT * FROM series ORDER BY id) s JOIN node n"
                              " ON n.id = s.node_id");
    assert_string_equal(v, "指標A:男性:0 指標A:女性:1 指標B::0 指標A:その他:2");
    free(v);
    assert_int_equal(RUN(NULL, "check", "--db", db), 0);
}

/* The texts of the values queued for one batch (import.c pend_text, first
 * 16 KiB, doubled as needed) far past that size: 600 targets of 600
 * characters (1,796 bytes each, about 450 KiB per batch of 256) come back
 * exactly, each on its own indicator and year. */
static void test_long_value_texts_batched(void **state)
{
    (void)state;
    const char *db = fresh_db("long-values.db");
    const char *path = gk_test_path("long-values.csv");
    size_t cap = 600 * 2000 + 200, n = 0;
    char *csv = malloc(cap);
    n += (size_t)snprintf(csv + n, cap - n,
                          "計画,基本目標,取組方針,取組項目,指標,単位,年度,目標値\n");
    for (int i = 0; i < 120; i++)
        for (int y = 0; y < 5; y++) {
            n += (size_t)snprintf(csv + n, cap - n, "P,G,方針,項目,指標%d,,%d,", i, 2024 + y);
            for (int k = 0; k < 299; k++)
                n += (size_t)snprintf(csv + n, cap - n, "%s", "検討");
            n += (size_t)snprintf(csv + n, cap - n, "%d%d\n", i % 10, y); /* 600 characters */
        }
    assert_true(n < cap);
    gk_write_file(path, csv, n);
    free(csv);
    assert_int_equal(RUN(NULL, "import", "--db", db, path), 0);
    char *v = gk_sql_text(db, "SELECT count(*) || '/' || sum(length(target_raw) = 600)"
                              " || '/' || count(DISTINCT target_raw) FROM value");
    assert_string_equal(v, "600/600/50");
    free(v);
    /* the 600th value, the last of the last (partial) batch */
    v = gk_sql_text(db, "SELECT substr(v.target_raw, 597) FROM value v JOIN series s"
                        " ON s.id = v.series_id JOIN node n ON n.id = s.node_id"
                        " WHERE n.title = '指標119' AND v.year = 2028");
    assert_string_equal(v, "検討94");
    free(v);
}

static void test_foreign_files_refused(void **state)
{
    (void)state;
    const char *path = gk_test_path("foreign.db");
    struct {
        const char *data;
        size_t len;
        const char *expect;
    } cases[] = {
        {"", 0, "empty"},
        {"計画,基本目標\n", 18, "not an SQLite file"},
        {"SQLite format 3\0truncated", 25, "not a gyokaku"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gk_write_file(path, cases[i].data, cases[i].len);
        char *err;
        assert_int_equal(RUN(&err, "stats", "--db", path), 1);
        if (!strstr(err, cases[i].expect)) fail_msg("case %zu: %s", i, err);
        size_t len;
        char *after = gk_read_file(path, &len);
        assert_int_equal(len, cases[i].len);
        assert_memory_equal(after, cases[i].data, len);
        assert_int_equal(access(gk_test_path("foreign.db-wal"), F_OK), -1);
        free(after);
        free(err);
    }
    /* a gyokaku database cut short (a copy interrupted half way) */
    const char *whole = fresh_db("whole.db");
    import_good(whole);
    size_t wlen;
    char *bytes = gk_read_file(whole, &wlen);
    assert_true(wlen > 8192);
    gk_write_file(path, bytes, wlen / 2 + 100);
    free(bytes);
    char *cut_err;
    assert_int_equal(RUN(&cut_err, "stats", "--db", path), 1);
    if (!strstr(cut_err, "truncated")) fail_msg("a truncated database: %s", cut_err);
    free(cut_err);
    size_t after_len;
    free(gk_read_file(path, &after_len));
    assert_int_equal(after_len, wlen / 2 + 100);
    /* another program's SQLite database */
    unlink(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", 0, 0, 0), 0);
    sqlite3_close(db);
    char *before = gk_read_file(path, NULL), *err;
    assert_int_equal(RUN(&err, "import", "--db", path, gk_test_path("good.csv")), 1);
    assert_non_null(strstr(err, "another program"));
    char *after = gk_read_file(path, NULL);
    assert_memory_equal(before, after, 4096);
    free(before);
    free(after);
    free(err);
    /* a newer gyokaku */
    const char *newer = fresh_db("newer.db");
    assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", 0, 0, 0), 0);
    sqlite3_close(db);
    assert_int_equal(RUN(&err, "stats", "--db", newer), 1);
    assert_non_null(strstr(err, "newer gyokaku"));
    free(err);
}

static void test_busy_writer(void **state)
{
    (void)state;
    const char *db = fresh_db("busy.db");
    import_good(db);
    setenv("GYOKAKU_BUSY_TIMEOUT_MS", "300", 1);
    gk_error e;
    gk_store *holder = gk_store_open(db, 0, &e);
    assert_non_null(holder);
    assert_int_equal(gk_store_begin(holder, &e), 0);
    char *err;
    const char *csv = gk_test_path("other.csv");
    static const char other[] = HEADER PATH ",,,新しい指標,,人,,,,,,\n";
    gk_write_file(csv, other, sizeof other - 1);
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    assert_non_null(strstr(err, "another writer"));
    free(err);
    gk_store_rollback(holder);
    gk_store_close(holder);
    unsetenv("GYOKAKU_BUSY_TIMEOUT_MS");
    char *s = stats_of(db);
    assert_non_null(strstr(s, "indicators\t3\n"));
    free(s);
}

/* --- merging ------------------------------------------------------------------- */

static void test_merge_overwrites_and_keeps_history(void **state)
{
    (void)state;
    const char *db = fresh_db("merge.db");
    import_good(db);
    /* one actual overwritten, one 取組内容 changed, one 取組状況 set anew */
    static const char update[] =
        HEADER PATH ",,,LINE登録者数,,,,,2024,,\"27,000\",\n" PATH ",新しい内容,,,,,,,,,,\n" PATH
                    ",,,LINE登録者数,,,,,R7,,,新しい状況\n";
    const char *csv = gk_test_path("update.csv");
    gk_write_file(csv, update, sizeof update - 1);
    char *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    assert_non_null(strstr(err, "new: plans 0, nodes 0, series 0, value cells 0, note cells 1,"
                                " attributes 0; changed: value cells 1, note cells 0,"
                                " attributes 1"));
    free(err);
    /* the empty 目標値 cell kept 22,000; the overwritten actual is in the history */
    char *got = gk_sql_text(db, "SELECT v.target_raw || '|' || v.actual_raw || '|' ||"
                                " (SELECT old || '>' || new FROM history WHERE"
                                "  row_uid = gk_uid(s.uid, 'value', v.year))"
                                " FROM value v JOIN series s ON s.id = v.series_id WHERE v.year = "
                                "2024 AND v.actual_raw LIKE '27%'");
    assert_string_equal(got, "22,000|27,000|26,684>27,000");
    free(got);
}

/* The 評価 reason rule (value.h gk_eval_needs_reason) holds for imported
 * 評価 too: the CSV has no reason column, so a 評価 that differs from the
 * proposal gets the import as its reason (whatever the row order: here the
 * 評価 row comes before the actual it is judged on); one equal to the
 * proposal, or with nothing to propose (an item without indicators, an
 * indicator without the year's actual), gets none. A changed 評価 of an
 * existing note keeps the history of its reason. */
static void test_eval_reason_rule(void **state)
{
    (void)state;
    const char *db = fresh_db("evalreason.db");
    static const char csv_text[] =
        "計画,基本目標,取組方針,取組項目,指標,単位,初期値,初期値年度,年度,目標値,実績値,"
        "取組状況,評価\n"
        "P,G,方針,項目,上がる,件,100,2022,2024,,,,未達成\n"
        "P,G,方針,項目,上がる,件,,,2024,110,120,,\n"
        "P,G,方針,項目,同じ,件,100,2022,2024,110,120,,達成\n"
        "P,G,方針,項目,未入力,件,100,2022,2024,110,,,未達成\n"
        "P,G,方針,指標のない項目,,,,,2024,,,状況,未達成\n";
    const char *csv = gk_test_path("evalreason.csv");
    gk_write_file(csv, csv_text, sizeof csv_text - 1);
    char *err;
    int rc = RUN(&err, "import", "--db", db, csv);
    if (rc != 0) fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    free(err);
    char *got = gk_sql_text(db, "SELECT group_concat(n.title || '=' || o.evaluation || '|' ||"
                                " ifnull(o.eval_reason, '-'), ';') FROM (SELECT * FROM note"
                                " ORDER BY node_id) o JOIN node n ON n.id = o.node_id"
                                " WHERE o.evaluation IS NOT NULL");
    assert_string_equal(got, "上がる=未達成|imported from evalreason.csv; the proposal was 達成;"
                             "同じ=達成|-;未入力=未達成|-;指標のない項目=未達成|-");
    free(got);
    /* the same file again changes nothing */
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    assert_non_null(strstr(err, "5 rows, no changes"));
    free(err);
    /* 同じ's 評価 changed by a second file: its reason is set, with history */
    static const char second[] = "計画,基本目標,取組方針,取組項目,指標,年度,評価\n"
                                 "P,G,方針,項目,同じ,2024,概ね達成\n";
    const char *csv2 = gk_test_path("evalreason2.csv");
    gk_write_file(csv2, second, sizeof second - 1);
    assert_int_equal(RUN(&err, "import", "--db", db, csv2), 0);
    free(err);
    got = gk_sql_text(db, "SELECT o.eval_reason || '|' || (SELECT count(*) FROM history h"
                          " WHERE h.row_uid = o.uid AND h.field = 'eval_reason') FROM note o"
                          " JOIN node n ON n.id = o.node_id WHERE n.title = '同じ'");
    assert_string_equal(got, "imported from evalreason2.csv; the proposal was 達成|1");
    free(got);
}

/* --- round trips ----------------------------------------------------------------- */

static void export_to(const char *db, const char *out, const char *encoding, bool substitute)
{
    char *err;
    int rc = substitute ? RUN(&err, "export", "--db", db, "--encoding", encoding, "--substitute",
                              "-o", out)
                        : RUN(&err, "export", "--db", db, "--encoding", encoding, "-o", out);
    if (rc != 0) fail_msg("export: %s", err);
    free(err);
}

/* Every row's uid, in one string, in an order that does not depend on
 * insertion (the uids are derived from identity, store.h). */
static char *uids_of(const char *db)
{
    return gk_sql_text(db, "SELECT group_concat(u, ' ') FROM (SELECT u FROM ("
                           " SELECT 'p' || uid AS u FROM plan UNION ALL"
                           " SELECT 'n' || uid FROM node UNION ALL"
                           " SELECT 's' || uid FROM series UNION ALL"
                           " SELECT 'v' || gk_uid(s.uid, 'value', v.year) FROM value v"
                           " JOIN series s ON s.id = v.series_id UNION ALL"
                           " SELECT 'o' || uid FROM note) ORDER BY u)");
}

/* import src into a new db, export; import that into another, export again.
 * The bytes, the counts and (unless substituted) every row's uid must come
 * out the same. */
static void round_trip(const char *src, const char *encoding, bool substitute)
{
    const char *db1 = fresh_db("rt1.db"), *db2 = fresh_db("rt2.db");
    const char *out1 = gk_test_path("rt1.csv"), *out2 = gk_test_path("rt2.csv");
    char *err;
    if (RUN(&err, "import", "--db", db1, src) != 0) fail_msg("import %s: %s", src, err);
    free(err);
    export_to(db1, out1, encoding, substitute);
    if (RUN(&err, "import", "--db", db2, "--encoding", encoding, out1) != 0)
        fail_msg("re-import of %s: %s", src, err);
    free(err);
    export_to(db2, out2, encoding, substitute);
    if (!gk_file_equal(out1, out2))
        fail_msg("%s: export -> import -> export differs (%s)", src, encoding);
    char *s1 = stats_of(db1), *s2 = stats_of(db2);
    assert_string_equal(s1, s2);
    free(s1);
    free(s2);
    /* a substituted export renames (㉑ -> (21)), and so changes identities */
    char *u1 = uids_of(db1), *u2 = uids_of(db2);
    assert_true(strlen(u1) > 33);
    if (!substitute && strcmp(u1, u2) != 0)
        fail_msg("%s: uids differ after export -> import (%s)", src, encoding);
    free(u1);
    free(u2);
}

/* True when exporting src's data to CP932 fails on an unmappable character. */
static bool cp932_unmappable(const char *src)
{
    const char *db = fresh_db("map.db"), *out = gk_test_path("map.csv");
    char *err;
    assert_int_equal(RUN(&err, "import", "--db", db, src), 0);
    free(err);
    int rc = RUN(&err, "export", "--db", db, "--encoding", "cp932", "-o", out);
    bool unmappable = rc != 0 && strstr(err, "cannot be written in CP932");
    free(err);
    return unmappable;
}

static void test_round_trip_test_file(void **state)
{
    (void)state;
    const char *csv = gk_test_path("good.csv");
    gk_write_file(csv, good_csv, sizeof good_csv - 1);
    round_trip(csv, "utf-8", false);
    round_trip(csv, "cp932", false);
}

/* Every demo and test file round-trips in UTF-8, and in CP932 where its
 * data is CP932-mappable; the others go through CP932 with --substitute,
 * which must be stable too. */
static void test_round_trip_demo(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int unmappable; /* 1: has characters CP932 cannot hold, 0: has none */
    } files[] = {
        {"db/demo/ebetsu-plan-2024-2028.csv", 1}, /* ㉑ 事業の統廃合等の検討 */
        {"db/demo/ebetsu-status-fy2022.csv", 0},  {"tests/e2e/data/browse.csv", 0},
        {"tests/e2e/data/controls.csv", 1}, /* U+009B, U+202E */
        {"tests/e2e/data/noyears.csv", 0},  /* a plan document: no 年度 rows */
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (access(files[i].path, R_OK) != 0)
            fail_msg("missing file %s (run from the repository root)", files[i].path);
        round_trip(files[i].path, "utf-8", false);
        bool unmappable = cp932_unmappable(files[i].path);
        if (unmappable != (files[i].unmappable == 1))
            fail_msg("%s: CP932 mappable is %d, expected %d", files[i].path, !unmappable,
                     !files[i].unmappable);
        round_trip(files[i].path, "cp932", unmappable);
    }
}

/* Several plans in one file, each with its own level names and period: the
 * 計画期間 and 階層 of each come back after export -> import into an empty
 * database, and the second export is byte-identical (round_trip). */
static const char plans_csv[] =
    "計画,計画期間,階層,基本方針,取組,取組項目,指標,単位,年度,目標値,実績値,取組状況\n"
    "A市計画,R5(2023)～R14(2032),,方針一,取組一,① 項目,件数,件,2023,10,9,\n"
    "A市計画,,,方針一,取組一,① 項目,,,2024,,,状況\n"
    "B市計画,,,方針,区分,② 項目,,,,,,\n"
    "B市計画,2024-2028,基本方針/戦略区分/取組項目,,,,,,,,,\n"
    "C市計画,令和6年度〜令和10年度,基本目標/施策/実践項目,目標,施策,実践,,,,,,\n"
    "D市計画,,,方針,,③ 項目,,,R7,,,状況\n"
    "D市計画,,,方針,,③ 項目,,,R8,,,状況\n";

static char *plan_attrs(const char *db)
{
    return gk_sql_text(db, "SELECT group_concat(a, ' | ') FROM (SELECT name || ' ' ||"
                           " ifnull(first_year, '?') || '-' || ifnull(last_year, '?') || ' ' ||"
                           " label_goal || '/' || label_policy || '/' || label_item AS a"
                           " FROM plan ORDER BY pos)");
}

static void test_round_trip_plans_with_own_levels_and_periods(void **state)
{
    (void)state;
    const char *csv = gk_test_path("plans.csv");
    gk_write_file(csv, plans_csv, sizeof plans_csv - 1);
    static const char expect[] =
        "A市計画 2023-2032 基本方針/取組/取組項目 | B市計画 2024-2028 基本方針/戦略区分/取組項目 | "
        "C市計画 2024-2028 基本目標/施策/実践項目 | D市計画 2025-2026 基本方針/取組/取組項目";
    const char *db = fresh_db("plans.db");
    char *err;
    if (RUN(&err, "import", "--db", db, csv) != 0) fail_msg("import: %s", err);
    free(err);
    char *got = plan_attrs(db);
    assert_string_equal(got, expect);
    free(got);
    round_trip(csv, "utf-8", false);
    got = plan_attrs(gk_test_path("rt2.db")); /* imported from an export only */
    assert_string_equal(got, expect);
    free(got);
    /* the plans disagree: the header has the canonical names, each plan's
     * first row its own */
    char *b = gk_read_file(gk_test_path("rt2.csv"), NULL);
    assert_non_null(strstr(b, "計画,計画期間,階層,基本目標,取組方針,取組項目,"));
    assert_non_null(strstr(b, "\r\nC市計画,2024-2028,基本目標/施策/実践項目,目標,,,"));
    assert_non_null(strstr(b, "\r\nC市計画,,,目標,施策,実践,"));
    assert_non_null(strstr(b, "\r\nD市計画,2025-2026,基本方針/取組/取組項目,方針,,,"));
    free(b);
    round_trip(csv, "cp932", false);
    got = plan_attrs(gk_test_path("rt2.db"));
    assert_string_equal(got, expect);
    free(got);
    /* importing the same file again changes nothing */
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    assert_non_null(strstr(err, "no changes"));
    free(err);
}

/* 階層 wins over the header's aliases, and a plan's names that the header
 * would not take (施策) leave the exported header canonical. */
static void test_levels_override_header(void **state)
{
    (void)state;
    const char *db = fresh_db("levels.db"), *csv = gk_test_path("levels.csv");
    static const char data[] = "計画,階層,基本方針,取組,実施項目\n"
                               "E市計画,,方針,取組,項目\n"
                               "E市計画,基本方針/取組/施策,,,\n";
    gk_write_file(csv, data, sizeof data - 1);
    char *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    free(err);
    char *got = plan_attrs(db);
    assert_string_equal(got, "E市計画 ?-? 基本方針/取組/施策");
    free(got);
    int rc;
    char *out = gk_test_stdout((const char *const[]){"export", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "計画,計画期間,階層,基本目標,取組方針,取組項目,"));
    assert_non_null(strstr(out, "E市計画,,基本方針/取組/施策,方針,,,"));
    free(out);
    /* a plan whose names the header takes keeps them in the header */
    static const char data2[] = "計画,基本方針,戦略区分,取組項目\nF,方針,区分,項目\n";
    const char *db2 = fresh_db("levels2.db");
    gk_write_file(csv, data2, sizeof data2 - 1);
    assert_int_equal(RUN(&err, "import", "--db", db2, csv), 0);
    free(err);
    out = gk_test_stdout((const char *const[]){"export", "--db", db2, NULL}, &rc);
    assert_non_null(strstr(out, "計画,計画期間,階層,基本方針,戦略区分,取組項目,"));
    assert_non_null(strstr(out, "F,,基本方針/戦略区分/取組項目,方針,,,"));
    free(out);
}

static void test_export_header_and_bom(void **state)
{
    (void)state;
    const char *db = fresh_db("hdr.db");
    import_good(db);
    const char *out = gk_test_path("hdr.csv");
    export_to(db, out, "utf-8", false);
    char *b = gk_read_file(out, NULL);
    static const char header[] =
        "\xef\xbb\xbf計画,計画期間,階層,基本目標,取組方針,取組項目,取組内容,所管課,テーマ,"
        "見直し区分,指標,系列,単位,初期値,初期値年度,年度,目標値,実績値,"
        "取組状況,次年度の取組内容,評価\r\n";
    assert_memory_equal(b, header, strlen(header));
    /* the plan's period (the span of its years) and level names on its first row */
    assert_memory_equal(b + strlen(header), "P,2019-2025,基本目標/取組方針/取組項目,G,,,",
                        strlen("P,2019-2025,基本目標/取組方針/取組項目,G,,,"));
    assert_null(strstr(b + strlen(header) + 5, "2019-2025"));
    assert_non_null(strstr(b, "\"一行目\n二行目\""));
    assert_non_null(strstr(b, "広報広聴課、情報管理担当"));
    free(b);
}

static void test_cp932_unmappable_export(void **state)
{
    (void)state;
    const char *db = fresh_db("cp.db");
    static const char circled[] = HEADER "P,G,1 方針,㉑ 事業の統廃合等の検討,,,,,,,,,,,\n";
    const char *csv = gk_test_path("circled.csv");
    gk_write_file(csv, circled, sizeof circled - 1);
    assert_int_equal(RUN(NULL, "import", "--db", db, csv), 0);
    const char *out = gk_test_path("circled-out.csv");
    unlink(out);
    char *err;
    assert_int_equal(RUN(&err, "export", "--db", db, "--encoding", "cp932", "-o", out), 1);
    assert_non_null(strstr(err, "㉑"));
    assert_non_null(strstr(err, "U+3251"));
    assert_non_null(strstr(err, "取組項目"));
    assert_int_equal(access(out, F_OK), -1); /* no file left behind */
    free(err);
    assert_int_equal(
        RUN(&err, "export", "--db", db, "--encoding", "cp932", "--substitute", "-o", out), 0);
    assert_non_null(strstr(err, "(21)"));
    free(err);
    char *b = gk_read_file(out, NULL);
    assert_non_null(strstr(b, "(21) "));
    free(b);
}

static void test_usage_errors(void **state)
{
    (void)state;
    char *err;
    assert_int_equal(RUN(&err, "import", "--bogus"), 2);
    free(err);
    assert_int_equal(RUN(&err, "import"), 2);
    free(err);
    assert_int_equal(RUN(&err, "export", "--encoding", "latin1"), 2);
    free(err);
    assert_int_equal(RUN(&err, "export", "--year", "令和"), 2);
    free(err);
}

/* Export walks the tree in its order (node.tkey), not in the file's: an
 * item written after another goal's stays under its own goal, and a
 * department filter that keeps every node (the recursive query) gives the
 * same bytes. */
static void test_export_tree_order(void **state)
{
    (void)state;
    static const char csv[] =
        "計画,基本目標,取組項目,所管課,テーマ,指標,系列,単位,初期値,初期値年度,年度,目標値,"
        "実績値,取組状況\n"
        "P,G1,① 項目,課A、課B,財政、ICT,,,,,,2024,,,状況一\n"
        "P,G2,② 項目,,,指標X,男性,人,10,2020,2024,12,11,\n"
        "P,G2,② 項目,,,指標X,女性,人,20,2020,2024,22,,\n"
        "P,G2,② 項目,課A,,,,,,,,,,\n"
        "P,G1,③ 項目,課A,,,,,,,2025,,,状況三\n"
        "P,G1,① 項目,,,指標Y,,件,1,2020,2025,2,3,\n";
    const char *db = fresh_db("order.db"), *f = gk_test_path("order.csv");
    gk_write_file(f, csv, sizeof csv - 1);
    assert_int_equal(RUN(NULL, "import", "--db", db, f), 0);
    int rc;
    char *all = gk_test_stdout((const char *const[]){"export", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 0);
    char *one = strstr(all, "① 項目"), *y = strstr(all, "指標Y"), *three = strstr(all, "③ 項目"),
         *g2 = strstr(all, "G2"), *x = strstr(all, "指標X");
    assert_true(one && y && three && g2 && x);
    assert_true(one < y && y < three && three < g2 && g2 < x);
    assert_non_null(strstr(all, "課A、課B,財政、ICT"));
    char *dept =
        gk_test_stdout((const char *const[]){"export", "--db", db, "--dept", "課A", NULL}, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(all, dept);
    free(all);
    free(dept);
}

/* The 所管課 an item's indicators inherit, repeated on their rows of a year
 * (as export --year writes them), stays the item's: also after a row of
 * the same file changed the item's 所管課 (the importer remembers what the
 * children of a node inherit and must forget it then), and for the
 * indicators of another item. */
static void test_inherited_dept_after_a_change(void **state)
{
    (void)state;
    const char *db = fresh_db("inherit.db");
    const char *a = gk_test_path("inherit-a.csv"), *b = gk_test_path("inherit-b.csv");
    static const char first[] =
        "計画,基本目標,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値\n"
        "P,G,項目1,市民課,,,,,,,\n"
        "P,G,項目1,,指標a,件,1,2022,2024,10,\n"
        "P,G,項目1,,指標b,件,1,2022,2024,10,\n"
        "P,G,項目2,税務課,,,,,,,\n"
        "P,G,項目2,,指標c,件,1,2022,2024,10,\n";
    static const char second[] =
        "計画,基本目標,取組項目,所管課,指標,単位,初期値,初期値年度,年度,目標値,実績値\n"
        "P,G,項目1,市民課,指標a,件,1,2022,2025,11,\n"
        "P,G,項目1,福祉課,,,,,,,\n"
        "P,G,項目1,福祉課,指標b,件,1,2022,2025,11,\n"
        "P,G,項目2,税務課,指標c,件,1,2022,2025,11,\n";
    gk_write_file(a, first, sizeof first - 1);
    gk_write_file(b, second, sizeof second - 1);
    char *err;
    int rc = RUN(&err, "import", "--db", db, a);
    if (rc != 0) fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    rc = RUN(&err, "import", "--db", db, b);
    if (rc != 0) fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(h,
                           "SELECT group_concat(n.title || '=' || d.name, ' ') FROM (SELECT"
                           " nd.node_id, nd.dept_id FROM node_dept nd ORDER BY nd.node_id) x"
                           " JOIN node n ON n.id = x.node_id JOIN dept d ON d.id = x.dept_id",
                           -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    /* only the items have a 所管課 of their own */
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "項目1=福祉課 項目2=税務課");
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void test_export_filters(void **state)
{
    (void)state;
    const char *db = fresh_db("filter.db");
    import_good(db);
    int rc;
    char *all = gk_test_stdout((const char *const[]){"export", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 0);
    char *y2019 = gk_test_stdout(
        (const char *const[]){"export", "--db", db, "--year", "令和元年度", NULL}, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(all, ",2024,"));
    assert_null(strstr(y2019, ",2024,")); /* other years' values left out */
    assert_non_null(strstr(y2019, ",2019,13%以上,15.4%"));
    assert_non_null(strstr(y2019, "LINE登録者数")); /* the structure stays */
    char *dept = gk_test_stdout(
        (const char *const[]){"export", "--db", db, "--dept", "総)総務課", NULL}, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(dept, "② 直下の項目"));
    assert_null(strstr(dept, "LINE登録者数")); /* another department's indicator */
    assert_non_null(strstr(dept, "P,2019-2025,基本目標/取組方針/取組項目,G,,,")); /* ancestors */
    free(all);
    free(y2019);
    free(dept);
    char *err;
    assert_int_equal(RUN(&err, "export", "--db", db, "--dept", "存在しない課"), 1);
    assert_non_null(strstr(err, "存在しない課"));
    free(err);
    assert_int_equal(RUN(&err, "export", "--db", db, "--plan", "no such plan"), 1);
    assert_non_null(strstr(err, "no such plan"));
    free(err);
}

/* gyokaku plan: prints, sets the period and level names, renames keeping
 * every identifier (so copies still merge), each change in the history. */
static void test_plan_command(void **state)
{
    (void)state;
    const char *db = fresh_db("plan.db"), *csv = gk_test_path("noyears.csv");
    static const char data[] = "計画,基本方針,取組,取組項目,取組内容,所管課\n"
                               "G市計画,方針,区分,① 項目,内容,総務課\n";
    gk_write_file(csv, data, sizeof data - 1);
    char *err;
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    free(err);
    int rc;
    char *out = gk_test_stdout((const char *const[]){"plan", "--db", db, "G市計画", NULL}, &rc);
    assert_int_equal(rc, 0);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char want[512]; /* no period: the year before today's fiscal year */
    snprintf(want, sizeof want,
             "name\tG市計画\nperiod\t\nlevels\t基本方針/取組/取組項目\n"
             "report_year\t%d (rule)\ndeadline\t\nentry\titems\n"
             "goals\t1\npolicies\t1\nitems\t1\nindicators\t0\nvalues\t0\n"
             "notes\t0\ndepartments\t1\n",
             gk_fy_reported(gk_fy_of_date(tm.tm_year + 1900, tm.tm_mon + 1), 0, 0, 0));
    assert_string_equal(out, want);
    free(out);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--period", "R6～R10",
                         "--levels", "基本方針/取組/施策"),
                     0);
    free(err);
    char *got = plan_attrs(db);
    assert_string_equal(got, "G市計画 2024-2028 基本方針/取組/施策");
    free(got);
    /* the year being reported and the deadline (issue 21) */
    assert_int_equal(
        RUN(&err, "plan", "--db", db, "set", "G市計画", "--year", "R8", "--deadline", "2027-05-31"),
        0);
    free(err);
    got = gk_sql_text(db, "SELECT report_year || ' ' || deadline FROM plan");
    assert_string_equal(got, "2026 2027-05-31");
    free(got);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--year", "2030"), 1);
    assert_non_null(strstr(err, "R6(2024) to R10(2028)"));
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--deadline", "2027-13-01"),
                     1);
    free(err);
    assert_int_equal(
        RUN(&err, "plan", "--db", db, "set", "G市計画", "--year", "rule", "--deadline", "none"), 0);
    free(err);
    got = gk_sql_text(db, "SELECT ifnull(report_year, 'NULL') || ' ' || ifnull(deadline, 'NULL')"
                          " || ' ' || (SELECT count(*) FROM history WHERE tbl = 'plan'"
                          " AND field IN ('report_year', 'deadline')) FROM plan");
    assert_string_equal(got, "NULL NULL 4");
    free(got);
    /* a note for 2025, then a period that leaves it out is refused */
    static const char note2[] =
        "計画,基本方針,取組,取組項目,年度,取組状況\nG市計画,方針,区分,① 項目,R7,状況\n";
    gk_write_file(csv, note2, sizeof note2 - 1);
    if (RUN(&err, "import", "--db", db, csv) != 0) fail_msg("%s", err);
    free(err);
    char *before = gk_read_file(db, NULL);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--period", "2026-2030"), 1);
    assert_non_null(strstr(err, "2025"));
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--period", "2028-2024"), 2);
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画", "--levels", "A/B"), 2);
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "G市計画"), 2);
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "set", "無い計画", "--period", "2024-2028"), 1);
    assert_non_null(strstr(err, "無い計画"));
    free(err);
    char *after = gk_read_file(db, NULL);
    assert_memory_equal(before, after, 4096);
    free(before);
    free(after);

    /* rename: same uids everywhere, the old name in the history, check passes */
    char *u1 = uids_of(db);
    assert_int_equal(RUN(&err, "plan", "--db", db, "rename", "G市計画", "G市行革プラン"), 0);
    free(err);
    char *u2 = uids_of(db);
    assert_string_equal(u1, u2);
    free(u1);
    free(u2);
    got = gk_sql_text(db, "SELECT group_concat(field || ':' || ifnull(old, '') || '>' || new, ' ')"
                          " FROM history WHERE tbl = 'plan'");
    assert_string_equal(got, "period:>2024-2028 levels:基本方針/取組/取組項目>基本方針/取組/施策 "
                             "report_year:>2026 deadline:>2027-05-31 name:G市計画>G市行革プラン");
    free(got);
    out = gk_test_stdout((const char *const[]){"check", "--db", db, NULL}, &rc);
    if (rc != 0) fail_msg("check after a rename: %s", out);
    free(out);
    /* an empty note row outside the period (an entry cleared again) is no
     * problem; once it holds text it is */
    {
        char *nuid = gk_sql_text(db, "SELECT uid FROM node WHERE title = '① 項目'");
        char *nid = gk_sql_text(db, "SELECT id FROM node WHERE title = '① 項目'");
        char ouid[33], sql[512];
        gk_uid_derive(ouid, nuid, "note", "2030");
        snprintf(sql, sizeof sql, "INSERT INTO note(uid, node_id, year) VALUES ('%s', %s, 2030)",
                 ouid, nid);
        sqlite3 *w;
        assert_int_equal(sqlite3_open(db, &w), SQLITE_OK);
        assert_int_equal(sqlite3_exec(w, sql, NULL, NULL, NULL), SQLITE_OK);
        out = gk_test_stdout((const char *const[]){"check", "--db", db, NULL}, &rc);
        if (rc != 0) fail_msg("an empty row outside the period: %s", out);
        free(out);
        assert_int_equal(
            sqlite3_exec(w, "UPDATE note SET status = '状況' WHERE year = 2030", NULL, NULL, NULL),
            SQLITE_OK);
        out = gk_test_stdout((const char *const[]){"check", "--db", db, NULL}, &rc);
        assert_int_equal(rc, 1);
        assert_non_null(strstr(out, ", 2030): year outside the plan"));
        free(out);
        assert_int_equal(sqlite3_exec(w, "DELETE FROM note WHERE year = 2030", NULL, NULL, NULL),
                         SQLITE_OK);
        sqlite3_close(w);
        free(nuid);
        free(nid);
    }
    /* it is the history that vouches for the old uid */
    const char *copy = gk_test_path("plan-tampered.db");
    size_t len;
    char *bytes = gk_read_file(db, &len);
    gk_write_file(copy, bytes, len);
    free(bytes);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(copy, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "UPDATE history SET old = '別の計画' WHERE field = 'name'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    out = gk_test_stdout((const char *const[]){"check", "--db", copy, NULL}, &rc);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "plan G市行革プラン: uid"));
    free(out);
    /* the old name in a file is refused with what to do; the new one merges */
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
    assert_non_null(strstr(err, "G市行革プラン"));
    assert_non_null(strstr(err, ":2:1:"));
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "rename", "G市行革プラン", "G市行革プラン"), 1);
    free(err);
    assert_int_equal(RUN(&err, "plan", "--db", db, "rename", "G市行革プラン", " 空白"), 1);
    free(err);
    /* an exported renamed plan round-trips under its new name */
    const char *out1 = gk_test_path("renamed.csv");
    export_to(db, out1, "utf-8", false);
    char *b = gk_read_file(out1, NULL);
    assert_non_null(strstr(b, "\r\nG市行革プラン,2024-2028,基本方針/取組/施策,方針,,,"));
    free(b);
    round_trip(out1, "utf-8", false);
}

/* gyokaku check reports what breaks the model, and passes a good file. */
static void test_check_finds_problems(void **state)
{
    (void)state;
    const char *db = fresh_db("check.db");
    import_good(db);
    int rc;
    char *out = gk_test_stdout((const char *const[]){"check", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "ok"));
    free(out);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "UPDATE value SET year = 2099 WHERE year = 2025;"
                                  "UPDATE note SET uid = 'copied' WHERE year = 2024;"
                                  "UPDATE node SET parent_id = (SELECT id FROM node WHERE kind ="
                                  " 'indicator' LIMIT 1) WHERE kind = 'policy';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    out = gk_test_stdout((const char *const[]){"check", "--db", db, NULL}, &rc);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "2099"));
    assert_non_null(strstr(out, "year outside the plan"));
    assert_non_null(strstr(out, "policy under indicator is not allowed"));
    assert_non_null(strstr(out, "note copied (② 直下の項目, 2024): uid does not match"));
    /* the value moved to 2099 is named by the uid of its new year (derived,
     * not stored: db/schema.sql), which no history row names */
    char *moved = gk_sql_text(db, "SELECT 'value ' || gk_uid(s.uid, 'value', v.year) || ' ('"
                                  " FROM value v JOIN series s ON s.id = v.series_id"
                                  " WHERE v.year = 2099 LIMIT 1");
    assert_int_equal(strlen(moved), 6 + 32 + 2);
    assert_non_null(strstr(out, moved));
    assert_null(strstr(out, ", 2099): uid does not match"));
    free(moved);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_counts),
        cmocka_unit_test(test_row_order_does_not_matter),
        cmocka_unit_test(test_new_node_disagrees_after_revisit),
        cmocka_unit_test(test_new_node_disagrees_past_the_kept_lines),
        cmocka_unit_test(test_second_import_changes_nothing),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_huge_field_refused),
        cmocka_unit_test(test_late_restart_rolls_back),
        cmocka_unit_test(test_series_pos),
        cmocka_unit_test(test_long_value_texts_batched),
        cmocka_unit_test(test_foreign_files_refused),
        cmocka_unit_test(test_busy_writer),
        cmocka_unit_test(test_merge_overwrites_and_keeps_history),
        cmocka_unit_test(test_eval_reason_rule),
        cmocka_unit_test(test_export_header_and_bom),
        cmocka_unit_test(test_round_trip_test_file),
        cmocka_unit_test(test_round_trip_demo),
        cmocka_unit_test(test_round_trip_plans_with_own_levels_and_periods),
        cmocka_unit_test(test_levels_override_header),
        cmocka_unit_test(test_cp932_unmappable_export),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_export_filters),
        cmocka_unit_test(test_inherited_dept_after_a_change),
        cmocka_unit_test(test_export_tree_order),
        cmocka_unit_test(test_check_finds_problems),
        cmocka_unit_test(test_plan_command),
    };
    return cmocka_run_group_tests_name("import/export", tests, NULL, NULL);
}
