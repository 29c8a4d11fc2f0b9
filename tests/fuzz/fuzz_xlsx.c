/*
 * fuzz_xlsx.c — libFuzzer harness for the workbook reader (xlsx.h): any
 * input ends in rows or a clean error, never a crash, a leak or unbounded
 * work; rows come with 1-based numbers and cells that are NUL-terminated
 * texts within GK_XLSX_MAX_CELL. The 調査票 reader (gk_sheet_read) runs
 * over the same input, as `gyokaku collect` does, and then every sheet a
 * workbook of any writer commonly has.
 *
 * Seed corpus (tests/fuzz/corpus/xlsx): 調査票 written by libxlsxwriter
 * (gyokaku sheet), re-saved by LibreOffice and by openpyxl, and one in
 * Excel's manner made by tests/e2e/sheet-excel-style.py (shared strings
 * with rich-text and phonetic runs, 17-digit doubles, cells out of order).
 * make fuzz and fuzz-check add a second seed folder when it exists:
 * r-cran-readxl's test workbooks, written by Microsoft Excel (Mac 15 and
 * 16: dates in the 1900 and 1904 systems, formulas, extension parts),
 * read where Debian installs them (READXL_DIR), never copied here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/sheet.h"
#include "gyokaku/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row_fn(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    long *rows = ctx;
    if (row < 1 || n > GK_XLSX_MAX_COLS) abort();
    for (size_t i = 0; i < n; i++)
        if (cells[i] && strlen(cells[i]) > GK_XLSX_MAX_CELL * 2) abort();
    (*rows)++;
    return 0;
}

static int cells_fn(void *ctx, const gk_sheet_cells *c, gk_error *err)
{
    long *rows = ctx;
    if (c->row < 3 || !c->node_uid) abort();
    for (int k = 0; k < GK_SHEET_NFIELDS; k++)
        if (c->text[k]) (void)strlen(c->text[k]);
    (*rows)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gk_error err = {{0}};
    gk_xlsx *x = gk_xlsx_open_mem(data, size, &err);
    if (!x) {
        if (!err.msg[0]) abort(); /* a refusal always says why */
        return 0;
    }
    long rows = 0;
    gk_sheet_head h;
    if (gk_sheet_read(x, &h, cells_fn, &rows, &err) != 0 && !err.msg[0]) abort();
    gk_sheet_head_free(&h);
    static const char *const names[] = {"表紙",   "入力", "_gyokaku",
                                        "Sheet1", "arts", "date_coercion"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        err.msg[0] = '\0';
        if (gk_xlsx_has_sheet(x, names[i]) &&
            gk_xlsx_read_rows(x, names[i], row_fn, &rows, &err) != 0 && !err.msg[0])
            abort();
    }
    gk_xlsx_close(x);
    return 0;
}
