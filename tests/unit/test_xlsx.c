/*
 * test_xlsx.c — the workbook reader (xlsx.h) on parts written by hand the
 * way other writers write them: Excel's 17-digit doubles, shared strings
 * with rich-text runs, phonetic runs (ふりがな) and _x000D_ escapes, inline
 * strings, cells out of order and without references, namespace prefixes,
 * booleans, dates under built-in and custom date formats in the 1900 and
 * the 1904 date systems; and its refusals (a DOCTYPE, a part past the ratio limit, a
 * truncated zip). The zips are built in memory with libzip.
 */
#include "gk_test.h"

#include <zip.h>

#include "gyokaku/xlsx.h"

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<x:sheets><x:sheet name=\"入力\" sheetId=\"1\" r:id=\"rId7\"/>"
    "<x:sheet name=\"other\" sheetId=\"2\" r:id=\"rId8\"/></x:sheets></x:workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId8\" Type=\"http://x/worksheet\" Target=\"worksheets/b.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://x/worksheet\" Target=\"/xl/worksheets/a.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://x/sharedStrings\" Target=\"strings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://x/styles\" Target=\"st.xml\"/>"
    "</Relationships>";
static const char strings[] =
    "<sst><si><t>窓口</t></si>"
    "<si><r><rPr><b/></rPr><t>番号札を</t></r><r><t xml:space=\"preserve\">導入_x000D_\n"
    "した。</t></r><rPh sb=\"0\" eb=\"2\"><t>マドグチ</t></rPh></si>"
    "<si><t>a_x005F_x0041_b</t></si></sst>";
/* xf 1: the built-in 0%; xf 2: a custom "0.0%"; xf 3: a quoted % is text;
 * dates: xf 4 the built-in 14 (m/d/yyyy), xf 10 the built-in 22 (date and
 * time), xf 11 Japanese Excel's built-in 57 (和暦), xf 7 the elapsed
 * [h]:mm, xf 8 a custom 和暦 code; no dates: xf 5 a colour [Magenta] (its
 * m, a, e no date), xf 6 an exponent (E+), xf 9 a quoted "d" */
static const char styles[] =
    "<styleSheet><numFmts count=\"7\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0&quot;%&quot;\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[Magenta]0\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"0.00E+00\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"[h]:mm\"/>"
    "<numFmt numFmtId=\"169\" "
    "formatCode=\"[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"170\" formatCode=\"0&quot;d&quot;\"/></numFmts>"
    "<cellStyleXfs><xf numFmtId=\"9\"/></cellStyleXfs>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"14\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
    "<xf numFmtId=\"168\"/><xf numFmtId=\"169\"/><xf numFmtId=\"170\"/><xf numFmtId=\"22\"/>"
    "<xf numFmtId=\"57\"/></cellXfs></styleSheet>";
static const char sheet_a[] =
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:sheetData><x:row r=\"2\"><x:c r=\"C2\" t=\"s\"><x:v>1</x:v></x:c>"
    "<x:c r=\"A2\"><x:v>157.09999999999999</x:v></x:c>"
    "<x:c r=\"B2\" t=\"inlineStr\"><x:is><x:r><x:t>１８</x:t></x:r><x:r><x:t>分</x:t></x:r>"
    "</x:is></x:c></x:row>"
    "<x:row r=\"5\"><x:c t=\"b\"><x:v>1</x:v></x:c><x:c><x:v>1E-3</x:v></x:c>"
    "<x:c t=\"s\"><x:v>2</x:v></x:c><x:c><x:v>1050.3</x:v></x:c><x:c><x:v>2.5E6</x:v></x:c>"
    "<x:c t=\"str\"><x:f>A1</x:f><x:v>=cached</x:v></x:c><x:c r=\"H5\"/></x:row>"
    "<x:row r=\"6\"><x:c s=\"1\"><x:v>0.528</x:v></x:c><x:c s=\"2\"><x:v>1</x:v></x:c>"
    "<x:c s=\"2\"><x:v>-5.0000000000000001E-3</x:v></x:c><x:c s=\"0\"><x:v>0.5</x:v></x:c>"
    "<x:c s=\"3\"><x:v>7</x:v></x:c><x:c s=\"1\"><x:v>0.13800000000000001</x:v></x:c></x:row>"
    "<x:row r=\"7\"><x:c s=\"4\"><x:v>59</x:v></x:c><x:c s=\"4\"><x:v>60</x:v></x:c>"
    "<x:c s=\"4\"><x:v>61</x:v></x:c><x:c s=\"4\"><x:v>0.5</x:v></x:c>"
    "<x:c s=\"10\"><x:v>45383.75</x:v></x:c><x:c s=\"5\"><x:v>45383</x:v></x:c>"
    "<x:c s=\"6\"><x:v>45383</x:v></x:c><x:c s=\"7\"><x:v>0.25</x:v></x:c>"
    "<x:c s=\"8\"><x:v>45383</x:v></x:c><x:c s=\"9\"><x:v>45383</x:v></x:c>"
    "<x:c s=\"11\"><x:v>45383</x:v></x:c><x:c s=\"4\"><x:v>-1</x:v></x:c></x:row>"
    "</x:sheetData></x:worksheet>";

static void add(zip_t *z, const char *name, const char *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    assert_non_null(s);
    assert_true(zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
}

/* A zip of the parts in memory (malloc'd into *out). */
static size_t make_zip(char **out, const char *wb, const char *sheet, const char *big, size_t bign)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    zip_source_keep(src);
    add(z, "xl/workbook.xml", wb, strlen(wb));
    add(z, "xl/_rels/workbook.xml.rels", rels, strlen(rels));
    add(z, "xl/strings.xml", strings, strlen(strings));
    add(z, "xl/st.xml", styles, strlen(styles));
    add(z, "xl/worksheets/a.xml", sheet, strlen(sheet));
    add(z, "xl/worksheets/b.xml", big ? big : "<worksheet/>", big ? bign : 12);
    assert_int_equal(zip_close(z), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(src, &st), 0);
    assert_int_equal(zip_source_open(src), 0);
    *out = malloc(st.size);
    assert_int_equal(zip_source_read(src, *out, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    return st.size;
}

typedef struct rows {
    char text[2048];
} rows;

static int collect(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    rows *r = ctx;
    size_t len = strlen(r->text);
    len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%ld:", row);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%s%s", i ? "|" : "",
                                cells[i] ? cells[i] : "-");
    snprintf(r->text + len, sizeof r->text - len, "\n");
    return 0;
}

static void test_cells(void **state)
{
    char *data;
    size_t n = make_zip(&data, workbook, sheet_a, NULL, 0);
    gk_error err = {{0}};
    gk_xlsx *x = gk_xlsx_open_mem(data, n, &err);
    assert_non_null(x);
    assert_true(gk_xlsx_has_sheet(x, "入力"));
    assert_false(gk_xlsx_has_sheet(x, "nothing"));
    rows r = {""};
    assert_int_equal(gk_xlsx_read_rows(x, "入力", collect, &r, &err), 0);
    assert_string_equal(r.text, "2:157.1|１８分|番号札を導入\nした。\n"
                                "5:TRUE|0.001|a_x0041_b|1050.3|2500000|=cached\n"
                                "6:52.8%|100%|-0.5%|0.5|7|13.8%\n"
                                "7:1900-02-28|1900-02-29|1900-03-01|12:00:00|2024-04-01 18:00:00|"
                                "45383|45383|06:00:00|2024-04-01|45383|2024-04-01|-1\n");
    gk_xlsx_close(x);
    free(data);
}

/* Excel for Mac's 1904 date system (workbookPr date1904, which Excel
 * repeats without the attribute as x14:workbookPr in its extensions): the
 * same day counts are other dates. */
static void test_date1904(void **state)
{
    char wb[2048];
    const char *at = strstr(workbook, "<x:sheets>");
    snprintf(wb, sizeof wb, "%.*s<x:workbookPr date1904=\"1\"/>%s", (int)(at - workbook), workbook,
             at);
    char *end = strstr(wb, "</x:workbook>");
    snprintf(end, sizeof wb - (size_t)(end - wb),
             "<x:extLst><x:ext><x14:workbookPr xmlns:x14=\"urn:x14\" defaultImageDpi=\"1\"/>"
             "</x:ext></x:extLst></x:workbook>");
    char *data;
    size_t n = make_zip(&data, wb, sheet_a, NULL, 0);
    gk_error err = {{0}};
    gk_xlsx *x = gk_xlsx_open_mem(data, n, &err);
    assert_non_null(x);
    rows r = {""};
    assert_int_equal(gk_xlsx_read_rows(x, "入力", collect, &r, &err), 0);
    const char *row7 = strstr(r.text, "7:");
    assert_non_null(row7);
    assert_string_equal(row7, "7:1904-02-29|1904-03-01|1904-03-02|1904-01-01 12:00:00|"
                              "2028-04-02 18:00:00|45383|45383|1904-01-01 06:00:00|2028-04-02|"
                              "45383|2028-04-02|-1\n");
    gk_xlsx_close(x);
    free(data);
}

static void test_refusals(void **state)
{
    char *data;
    gk_error err = {{0}};
    /* an XML bomb: a DOCTYPE with entities */
    char wb[2048];
    snprintf(wb, sizeof wb,
             "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">"
             "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>%s",
             workbook + strlen("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"));
    size_t n = make_zip(&data, wb, sheet_a, NULL, 0);
    assert_null(gk_xlsx_open_mem(data, n, &err));
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    /* truncated */
    free(data);
    n = make_zip(&data, workbook, sheet_a, NULL, 0);
    err.msg[0] = '\0';
    assert_null(gk_xlsx_open_mem(data, n / 2, &err));
    assert_true(err.msg[0] != '\0');
    free(data);
    /* a part that inflates past the ratio limit */
    size_t bign = 8u << 20;
    char *big = malloc(bign);
    memset(big, ' ', bign);
    memcpy(big, "<worksheet><sheetData>", 22);
    memcpy(big + bign - 24, "</sheetData></worksheet>", 24);
    n = make_zip(&data, workbook, sheet_a, big, bign);
    gk_xlsx *x = gk_xlsx_open_mem(data, n, &err);
    assert_non_null(x);
    rows r = {""};
    assert_int_equal(gk_xlsx_read_rows(x, "other", collect, &r, &err), -1);
    assert_non_null(strstr(err.msg, "zip bomb"));
    gk_xlsx_close(x);
    free(data);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
