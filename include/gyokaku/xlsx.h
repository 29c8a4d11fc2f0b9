/*
 * xlsx.h — Excel workbooks (.xlsx, Office Open XML spreadsheets): reading
 * any writer's cells back as texts, and writing the 調査票 of sheet.h.
 *
 * Reading (libzip + expat) is streamed, sheet by sheet, row by row, and
 * bounded, because a workbook comes back from outside:
 *  - every part is read through a limit on its uncompressed size
 *    (GK_XLSX_MAX_PART) and on its compression ratio (GK_XLSX_MAX_RATIO once
 *    past 1 MiB), counted on the bytes actually inflated, not on what the
 *    zip directory claims (a zip bomb);
 *  - a DOCTYPE, any entity declaration or internal subset is refused (an XML
 *    bomb); expat never loads external entities;
 *  - shared strings are limited in number and in total size.
 * Cells come back as texts whatever the writer: shared strings, inline
 * strings and rich-text runs concatenated, _xHHHH_ escapes decoded, CR LF
 * made LF; numbers written back in their shortest form that reads back as
 * the same double (157.09999999999999 -> "157.1"); under a percent format
 * as typed ("52.8%"); under a date or time format as the date
 * ("2016-01-10", "2016-04-28 11:30:00", "11:30:00"), counted in the
 * workbook's date system (1900, or Excel for Mac's 1904), so that a date
 * Excel made of "1/2" typed in a number cell is refused, not taken for a
 * day count; booleans TRUE / FALSE.
 * Cells may come in any order within a row, rows in any order are refused
 * (no writer does that). Formulas give their cached value.
 *
 * Owner: src/io/xlsx_read.c and src/io/sheet_xlsx.c. Only io/ calls
 * libzip, expat and libxlsxwriter.
 */
#ifndef GYOKAKU_XLSX_H
#define GYOKAKU_XLSX_H

#include <stddef.h>

#include "gyokaku/error.h"
#include "gyokaku/sheet.h"

#define GK_XLSX_MAX_PART (256u << 20) /* bytes of one part uncompressed */
#define GK_XLSX_MAX_RATIO 200         /* uncompressed / compressed, past 1 MiB */
#define GK_XLSX_MAX_STRINGS 4000000   /* shared strings */
#define GK_XLSX_MAX_CELL 65536        /* bytes of one cell's text */
#define GK_XLSX_MAX_COLS 256          /* columns read per row (the rest ignored) */

typedef struct gk_xlsx gk_xlsx;

/* Opens a workbook file, or a workbook in memory (data must outlive it).
 * Reads the list of sheets and the shared strings. NULL with err naming
 * the reason ("not a workbook", "truncated", "too large ..."). */
gk_xlsx *gk_xlsx_open(const char *path, gk_error *err);
gk_xlsx *gk_xlsx_open_mem(const void *data, size_t len, gk_error *err);
void gk_xlsx_close(gk_xlsx *x);

/* True when the workbook has a sheet of that name. */
int gk_xlsx_has_sheet(const gk_xlsx *x, const char *name);

/* Called once per row that has cells, in order: row is 1-based, cells[c]
 * the text of column c (0 = A), NULL when empty, for c < ncells. Return 0
 * to go on, -1 (err set) to stop. */
typedef int (*gk_xlsx_row_fn)(void *ctx, long row, const char *const *cells, size_t ncells,
                              gk_error *err);

/* Streams the rows of sheet `name`. Returns 0, or -1 with err. */
int gk_xlsx_read_rows(gk_xlsx *x, const char *name, gk_xlsx_row_fn fn, void *ctx, gk_error *err);

/* Column letters of 0-based column c into buf ("A", "L", "AB"). */
const char *gk_xlsx_col_name(size_t c, char out[8]);

/* --- writing the 調査票 (sheet_xlsx.c, libxlsxwriter) -------------------------- */

typedef struct gk_sheet_writer gk_sheet_writer;

/* Starts the workbook at path (written in constant memory: rows go to disk
 * as they come) with its cover and the hidden identity sheet. */
gk_sheet_writer *gk_sheet_writer_open(const char *path, const gk_sheet_head *h, gk_error *err);
/* One row of the entry sheet, in order. */
int gk_sheet_writer_row(gk_sheet_writer *w, const gk_sheet_row *r, gk_error *err);
/* Finishes the file (rc 0) or abandons it (rc != 0: the file is removed).
 * Returns 0, or -1 with err. */
int gk_sheet_writer_close(gk_sheet_writer *w, int rc, gk_error *err);

/* Reads a 調査票 written by gk_sheet_writer (and filled by anyone):
 * the identity sheet into *head (free with gk_sheet_head_free), the cover's
 * 記入者 into head->writer, then each entry row to fn. Anything missing
 * or malformed is an error naming the sheet and cell. */
typedef int (*gk_sheet_cells_fn)(void *ctx, const gk_sheet_cells *c, gk_error *err);
int gk_sheet_read(gk_xlsx *x, gk_sheet_head *head, gk_sheet_cells_fn fn, void *ctx, gk_error *err);

#endif
