/*
 * cp932.c — conversion between CP932 (Windows-31J, what Japanese Excel
 * writes) and UTF-8, through iconv.
 *
 * glibc's "CP932" is the right table ("SHIFT_JIS" is not: it maps 0x815F to
 * a backslash, lacks the NEC and IBM extensions such as ① at 0x8740).
 * glibc's table also takes the look-alikes that CP932 users type from other
 * keyboards (〜 U+301C -> 0x8160 like ～, − U+2212 -> 0x817C ...); what it
 * cannot hold is an error or, when asked, the documented substitute.
 */
#include "gyokaku/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "io_int.h"

const char *gk_cp932_fallback(uint32_t cp, char *buf)
{
    if (cp >= 0x3251 && cp <= 0x325F)
        snprintf(buf, 8, "(%u)", (unsigned)(cp - 0x3251 + 21));
    else if (cp >= 0x32B1 && cp <= 0x32BF)
        snprintf(buf, 8, "(%u)", (unsigned)(cp - 0x32B1 + 36));
    else
        strcpy(buf, "\xe3\x80\x93"); /* 〓 */
    return buf;
}

char *gk_cp932_to_utf8(const char *in, size_t len, size_t *out_len, size_t *bad_offset,
                       gk_error *err)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) {
        gk_error_set(err, _("this system cannot convert CP932 (iconv)"));
        return NULL;
    }
    size_t cap = len * 3 + 1, left_out = cap - 1, left_in = len;
    char *out = malloc(cap), *o = out, *i = (char *)in;
    if (!out) {
        iconv_close(cd);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    while (left_in > 0) {
        if (iconv(cd, &i, &left_in, &o, &left_out) != (size_t)-1) continue;
        if (bad_offset) *bad_offset = (size_t)(i - in);
        gk_error_set(err,
                     errno == EINVAL ? _("a CP932 character is cut off at the end")
                                     : _("bytes that are not CP932 (0x%02X)"),
                     (unsigned char)*i);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *o = '\0';
    if (out_len) *out_len = (size_t)(o - out);
    return out;
}

char *gk_cp932_encode(iconv_t cd, const char *in, size_t len, bool substitute, size_t *out_len,
                      uint32_t *bad_cp, void (*on_subst)(void *, uint32_t, const char *), void *ctx,
                      gk_error *err)
{
    /* CP932 never needs more bytes than UTF-8 for the same text, and a
     * substitute "(50)" (4 bytes) replaces 3 bytes of UTF-8. */
    size_t cap = len * 2 + 8, left_out = cap - 1, left_in = len;
    char *out = malloc(cap), *o = out, *i = (char *)in;
    if (!out) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    iconv(cd, NULL, NULL, NULL, NULL);
    while (left_in > 0) {
        if (iconv(cd, &i, &left_in, &o, &left_out) != (size_t)-1) continue;
        uint32_t cp;
        size_t n = gk_utf8_decode(i, left_in, &cp);
        if (!substitute) {
            if (bad_cp) *bad_cp = cp;
            gk_error_set(err, _("U+%04X cannot be written in CP932"), (unsigned)cp);
            free(out);
            return NULL;
        }
        char fb[8], *fp = fb;
        gk_cp932_fallback(cp, fb);
        size_t fl = strlen(fb);
        if (fb[0] == '(') {
            memcpy(o, fb, fl);
            o += fl;
            left_out -= fl;
        } else if (iconv(cd, &fp, &fl, &o, &left_out) == (size_t)-1) {
            gk_error_set(err, _("cannot convert to CP932"));
            free(out);
            return NULL;
        }
        if (on_subst) on_subst(ctx, cp, fb);
        i += n;
        left_in -= n;
    }
    *o = '\0';
    if (out_len) *out_len = (size_t)(o - out);
    return out;
}

static void count_subst(void *ctx, uint32_t cp, const char *replacement)
{
    (void)cp;
    (void)replacement;
    (*(size_t *)ctx)++;
}

char *gk_utf8_to_cp932(const char *in, size_t len, bool substitute, size_t *out_len,
                       uint32_t *bad_cp, size_t *nsubst, gk_error *err)
{
    iconv_t cd = iconv_open("CP932", "UTF-8");
    if (cd == (iconv_t)-1) {
        gk_error_set(err, _("this system cannot convert to CP932 (iconv)"));
        return NULL;
    }
    size_t count = 0;
    char *out = gk_cp932_encode(cd, in, len, substitute, out_len, bad_cp, count_subst, &count, err);
    if (nsubst) *nsubst = count;
    iconv_close(cd);
    return out;
}
