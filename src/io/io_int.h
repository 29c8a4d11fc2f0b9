/* io_int.h — private to src/io/: CP932 encoding with a reusable iconv
 * descriptor (the CSV writer converts field by field). */
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

#endif
