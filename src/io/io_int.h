/* io_int.h — private to src/io/: CP932 encoding with a reusable iconv
 * descriptor (the CSV writer converts field by field), and the cell texts
 * the .xlsx reader shares between xlsx_read.c and xlsx_cell.c. */
#ifndef GYOKAKU_IO_INT_H
#define GYOKAKU_IO_INT_H

#include <iconv.h>

#include "gyokaku/csv.h"

/* UTF-8 in[0..len) -> malloc'd CP932 through cd (UTF-8 -> CP932). An
 * unmappable character: NULL with *bad_cp, unless substitute (then
 * on_subst(ctx, cp, replacement) is called for each). */
char *gk_cp932_encode(iconv_t cd, const char *in, size_t len, bool substitute, size_t *out_len,
                      uint32_t *bad_cp, void (*on_subst)(void *, uint32_t, const char *), void *ctx,
                      gk_error *err);

/* --- xlsx_cell.c: a cell's value as text, for xlsx_read.c --------------------------- */

/* The kind of a cell style (cellXfs index): XF_PERCENT, a percent number
 * format, under which Excel keeps "52.8%" as 0.528; XF_DATE, a date or
 * time format, under which it keeps a date as a day count. */
enum { XF_PLAIN, XF_PERCENT, XF_DATE };

/* A string cell's text, _xHHHH_ escapes decoded, CR LF and CR made LF
 * (malloc'd). */
char *xlsx_string_text(const char *s, size_t n);
/* A number cell's shortest round-tripping decimal; NULL when v is not a
 * number. */
char *xlsx_number_text(const char *v);
/* A number under a percent format as typed ("0.528" -> "52.8%"); NULL when
 * v is not a plain decimal. */
char *xlsx_percent_text(const char *v);
/* A number under a date format as a date and time from the workbook's
 * epoch; outside Excel's dates, as xlsx_number_text. */
char *xlsx_date_text(const char *v, bool date1904);
/* A format code shows a percentage / a date or time. */
bool xlsx_code_percent(const char *code);
bool xlsx_code_date(const char *code);
/* The XF_ kind of a built-in numFmtId. */
unsigned char xlsx_builtin_kind(long f);

#endif
