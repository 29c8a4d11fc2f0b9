/*
 * test_xlsx_excel.c — the workbook reader (xlsx.h) on workbooks that
 * Microsoft Excel wrote: the test files of Debian's r-cran-readxl, read
 * where the package installs them (never copied into this tree).
 * clippy, deaths, geometry and type-me.xlsx say Microsoft Macintosh Excel
 * 15 and 16 in docProps/app.xml; datasets.xlsx says only "Microsoft Excel"
 * (its parts look written by a library: every number t="n", dimension A1)
 * and is here for its 6,000 numbers. Every expected text below was checked
 * against python3-openpyxl (data_only; dates as ISO text).
 *
 * GK_READXL_DIR (environment) names another folder; the Makefile passes
 * its READXL_DIR. Without the files the test fails, saying to install
 * r-cran-readxl: a reader never tried on Excel's own files must not pass
 * silently.
 */
#include "gk_test.h"

#include <stdbool.h>
#include <sys/stat.h>

#include "gyokaku/xlsx.h"

#ifndef GK_READXL_DIR
#define GK_READXL_DIR "/usr/lib/R/site-library/readxl/extdata"
#endif

/* The cells of one sheet: (row, column) -> text, in the order read. */
typedef struct cell {
    long row;
    size_t col;
    char *text;
} cell;

typedef struct sheet {
    cell *cells;
    size_t n, cap;
    long rows, first_row, last_row;
    bool in_order;
} sheet;

static int keep(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    sheet *s = ctx;
    if (s->rows && row <= s->last_row) s->in_order = false;
    if (!s->rows) s->first_row = row;
    s->last_row = row;
    s->rows++;
    for (size_t c = 0; c < n; c++) {
        if (!cells[c]) continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 256;
            s->cells = realloc(s->cells, s->cap * sizeof *s->cells);
            assert_non_null(s->cells);
        }
        s->cells[s->n++] = (cell){row, c, strdup(cells[c])};
    }
    return 0;
}

static void sheet_free(sheet *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->cells[i].text);
    free(s->cells);
    memset(s, 0, sizeof *s);
}

/* The text of cell ref ("E6") or NULL when empty. */
static const char *at(const sheet *s, const char *ref)
{
    size_t col = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z')
        col = col * 26 + (size_t)(*p++ - 'A' + 1);
    long row = strtol(p, NULL, 10);
    for (size_t i = 0; i < s->n; i++)
        if (s->cells[i].row == row && s->cells[i].col == col - 1) return s->cells[i].text;
    return NULL;
}

#define assert_cell(s, ref, want)                                                                  \
    do {                                                                                           \
        const char *got_ = at(s, ref);                                                             \
        if (!got_) fail_msg("%s: empty, expected \"%s\"", ref, want);                              \
        if (strcmp(got_, want) != 0) fail_msg("%s: \"%s\", expected \"%s\"", ref, got_, want);     \
    } while (0)

/* The path of one of readxl's files; fails the test when it is missing. */
static const char *readxl(const char *name)
{
    static char path[4096];
    const char *dir = getenv("GK_READXL_DIR");
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : GK_READXL_DIR, name);
    struct stat st;
    if (stat(path, &st) != 0)
        fail_msg("%s is missing: the Excel-written workbooks come with Debian's r-cran-readxl "
                 "(apt-get install --no-install-recommends r-cran-readxl, or make check), or set "
                 "GK_READXL_DIR to a folder that holds them",
                 path);
    return path;
}

static gk_xlsx *open_readxl(const char *name)
{
    gk_error err = {{0}};
    gk_xlsx *x = gk_xlsx_open(readxl(name), &err);
    if (!x) fail_msg("%s: %s", name, err.msg);
    return x;
}

static void read_sheet(gk_xlsx *x, const char *name, sheet *s)
{
    gk_error err = {{0}};
    memset(s, 0, sizeof *s);
    s->in_order = true;
    if (gk_xlsx_read_rows(x, name, keep, s, &err) != 0) fail_msg("sheet %s: %s", name, err.msg);
    assert_true(s->in_order);
}

/* No number came back as the binary double's long expansion
 * (5.0999999999999996 for 5.1, 2.6200000000000001 for 2.62). */
static void assert_short_numbers(const sheet *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strstr(s->cells[i].text, "00000") || strstr(s->cells[i].text, "99999"))
            fail_msg("row %ld column %zu: \"%s\"", s->cells[i].row, s->cells[i].col + 1,
                     s->cells[i].text);
}

/* datasets.xlsx: four sheets of R's data sets, every number through the
 * shortest-text rule (iris 5.1, mtcars 2.62 and 16.46, quakes -20.42). */
static void test_datasets(void **state)
{
    gk_xlsx *x = open_readxl("datasets.xlsx");
    const char *names[] = {"iris", "mtcars", "chickwts", "quakes"};
    for (size_t i = 0; i < 4; i++)
        assert_true(gk_xlsx_has_sheet(x, names[i]));
    assert_false(gk_xlsx_has_sheet(x, "Sheet1"));
    assert_false(gk_xlsx_has_sheet(x, "IRIS"));
    sheet s;
    read_sheet(x, "iris", &s);
    assert_int_equal(s.rows, 151);
    assert_int_equal(s.n, 151 * 5);
    assert_cell(&s, "A1", "Sepal.Length");
    assert_cell(&s, "E1", "Species");
    assert_cell(&s, "A2", "5.1");
    assert_cell(&s, "B2", "3.5");
    assert_cell(&s, "C2", "1.4");
    assert_cell(&s, "D2", "0.2");
    assert_cell(&s, "E2", "setosa");
    assert_cell(&s, "B3", "3");
    assert_cell(&s, "A6", "5");
    assert_cell(&s, "A151", "5.9");
    assert_cell(&s, "D151", "1.8");
    assert_cell(&s, "E151", "virginica");
    assert_short_numbers(&s);
    sheet_free(&s);

    read_sheet(x, "mtcars", &s);
    assert_int_equal(s.rows, 33);
    const char *head[] = {"mpg",  "cyl", "disp", "hp",   "drat", "wt",
                          "qsec", "vs",  "am",   "gear", "carb"};
    const char *row2[] = {"21", "6", "160", "110", "3.9", "2.62", "16.46", "0", "1", "4", "4"};
    for (size_t c = 0; c < 11; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c1", (char)('A' + c));
        assert_cell(&s, ref, head[c]);
        snprintf(ref, sizeof ref, "%c2", (char)('A' + c));
        assert_cell(&s, ref, row2[c]);
    }
    assert_short_numbers(&s);
    sheet_free(&s);

    read_sheet(x, "chickwts", &s);
    assert_int_equal(s.rows, 72);
    assert_cell(&s, "A1", "weight");
    assert_cell(&s, "B1", "feed");
    assert_cell(&s, "A2", "179");
    assert_cell(&s, "B2", "horsebean");
    sheet_free(&s);

    read_sheet(x, "quakes", &s);
    assert_int_equal(s.rows, 1001);
    assert_cell(&s, "A1", "lat");
    assert_cell(&s, "E1", "stations");
    assert_cell(&s, "A2", "-20.42");
    assert_cell(&s, "B2", "181.62");
    assert_cell(&s, "C2", "562");
    assert_short_numbers(&s);
    sheet_free(&s);
    gk_xlsx_close(x);
}

/* deaths.xlsx (Excel for Mac 15): notes above a table, shared strings,
 * ages, booleans, dates under the built-in date format 14. */
static void test_deaths(void **state)
{
    gk_xlsx *x = open_readxl("deaths.xlsx");
    assert_true(gk_xlsx_has_sheet(x, "arts"));
    assert_true(gk_xlsx_has_sheet(x, "other"));
    sheet s;
    read_sheet(x, "arts", &s);
    assert_int_equal(s.first_row, 1);
    assert_cell(&s, "A1", "Lots of people");
    assert_cell(&s, "F3", "their spreadsheets");
    assert_null(at(&s, "D3"));
    const char *head[] = {"Name",     "Profession",    "Age",
                          "Has kids", "Date of birth", "Date of death"};
    const char *bowie[] = {"David Bowie", "musician", "69", "TRUE", "1947-01-08", "2016-01-10"};
    for (size_t c = 0; c < 6; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c5", (char)('A' + c));
        assert_cell(&s, ref, head[c]);
        snprintf(ref, sizeof ref, "%c6", (char)('A' + c));
        assert_cell(&s, ref, bowie[c]);
    }
    assert_cell(&s, "A11", "Alan Rickman");
    assert_cell(&s, "D11", "FALSE");
    assert_cell(&s, "E11", "1946-02-21");
    assert_cell(&s, "F11", "2016-01-14");
    assert_cell(&s, "A12", "Florence Henderson");
    assert_cell(&s, "C12", "82");
    sheet_free(&s);

    read_sheet(x, "other", &s);
    assert_cell(&s, "A1", "For the sake");
    assert_cell(&s, "F4", "up here.");
    assert_cell(&s, "A6", "Vera Rubin");
    assert_cell(&s, "B6", "scientist");
    assert_cell(&s, "C6", "88");
    sheet_free(&s);
    gk_xlsx_close(x);
}

/* type-me.xlsx (Excel for Mac 15) is in the 1904 date system: its day
 * counts are dates four years and a day later than in the 1900 system.
 * Also formulas' cached strings, a text typed with a leading quote, a
 * number that only looks like a day count. */
static void test_type_me(void **state)
{
    gk_xlsx *x = open_readxl("type-me.xlsx");
    const char *names[] = {"logical_coercion", "numeric_coercion", "date_coercion",
                           "text_coercion"};
    for (size_t i = 0; i < 4; i++)
        assert_true(gk_xlsx_has_sheet(x, names[i]));
    sheet s;
    read_sheet(x, "date_coercion", &s);
    assert_null(at(&s, "A2"));
    assert_cell(&s, "B2", "empty");
    assert_cell(&s, "A3", "2016-05-23");
    assert_cell(&s, "A4", "2016-04-28 11:30:00");
    assert_cell(&s, "A5", "TRUE");
    assert_cell(&s, "A6", "cabbage");
    assert_cell(&s, "A7", "4.3");
    assert_cell(&s, "A8", "39448"); /* a number under General, no date */
    sheet_free(&s);

    read_sheet(x, "logical_coercion", &s);
    assert_cell(&s, "A3", "0");
    assert_cell(&s, "A4", "1");
    assert_cell(&s, "A5", "2016-01-01");
    assert_cell(&s, "A6", "TRUE");
    assert_cell(&s, "A7", "FALSE");
    assert_cell(&s, "A9", "true");   /* ="true": the formula's cached string */
    assert_cell(&s, "A11", "False"); /* 'False: text, quotePrefix */
    sheet_free(&s);

    read_sheet(x, "numeric_coercion", &s);
    assert_cell(&s, "A5", "2014-12-23");
    assert_cell(&s, "A6", "123456"); /* ="123456" */
    assert_cell(&s, "A7", "123456");
    sheet_free(&s);

    read_sheet(x, "text_coercion", &s);
    assert_cell(&s, "A5", "1.3");
    assert_cell(&s, "A6", "2016-09-24");
    assert_cell(&s, "A7", "36436153");
    sheet_free(&s);
    gk_xlsx_close(x);
}

/* clippy.xlsx (Excel for Mac 16): a date in the 1900 system among texts
 * and a fraction; geometry.xlsx: a table that starts at B3. */
static void test_clippy_geometry(void **state)
{
    gk_xlsx *x = open_readxl("clippy.xlsx");
    sheet s;
    read_sheet(x, "list-column", &s);
    assert_cell(&s, "A4", "Approx date of death");
    assert_cell(&s, "B4", "2007-01-01");
    assert_cell(&s, "B5", "0.9");
    sheet_free(&s);
    read_sheet(x, "two-row-header", &s);
    assert_cell(&s, "C2", "(date is approximate)");
    assert_cell(&s, "C3", "2007-01-01");
    assert_cell(&s, "D3", "0.9");
    sheet_free(&s);
    gk_xlsx_close(x);

    x = open_readxl("geometry.xlsx");
    assert_true(gk_xlsx_has_sheet(x, "Sheet1"));
    read_sheet(x, "Sheet1", &s);
    assert_int_equal(s.first_row, 3);
    assert_int_equal(s.n, 12);
    for (int r = 3; r <= 6; r++)
        for (char c = 'B'; c <= 'D'; c++) {
            char ref[16];
            snprintf(ref, sizeof ref, "%c%d", c, r);
            assert_cell(&s, ref, ref);
        }
    sheet_free(&s);
    gk_xlsx_close(x);
}

/* The 調査票 reader refuses an Excel workbook that is not one, naming why,
 * as `gyokaku collect` does with a wrong file. */
static int no_row(void *ctx, const gk_sheet_cells *c, gk_error *err)
{
    fail_msg("row %ld of a workbook that is no 調査票", c->row);
    return -1;
}

static void test_not_a_survey_sheet(void **state)
{
    gk_xlsx *x = open_readxl("deaths.xlsx");
    gk_sheet_head h;
    gk_error err = {{0}};
    assert_int_equal(gk_sheet_read(x, &h, no_row, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "調査票"));
    gk_sheet_head_free(&h);
    gk_xlsx_close(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datasets),
        cmocka_unit_test(test_deaths),
        cmocka_unit_test(test_type_me),
        cmocka_unit_test(test_clippy_geometry),
        cmocka_unit_test(test_not_a_survey_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
