/*
 * fuzz_decode.c — libFuzzer harness for the decoders: UTF-8 decoding never
 * reads past the end and always advances; CP932 -> UTF-8 gives valid UTF-8
 * that converts back to the same bytes; the display functions keep every
 * control character away from the output, draw what they measure and fit
 * exactly, with ambiguous characters narrow and wide.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/csv.h"
#include "gyokaku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_display(const char *s)
{
    char *clean = gk_sanitize(s);
    for (const unsigned char *p = (const unsigned char *)clean; *p; p++)
        if (*p < 0x20 || *p == 0x7F) abort();
    if (gk_str_width(clean) != gk_str_width(s)) abort(); /* drawn as measured */
    for (int w = 0; w < 12; w++) {
        char *f = gk_fit(s, w);
        if (gk_str_width(f) != w) abort();
        free(f);
    }
    size_t n;
    gk_span *v = gk_wrap(s, 7, &n);
    size_t len = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (v[i].start + v[i].len > len || (i > 0 && v[i].start < v[i - 1].start + v[i - 1].len))
            abort();
    free(v);
    free(clean);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t pos = 0;
    while (pos < size) {
        uint32_t cp;
        size_t n = gk_utf8_decode(s + pos, size - pos, &cp);
        if (n == 0 || n > size - pos || cp > 0x10FFFF) abort();
        pos += n;
    }
    size_t ulen, bad, clen;
    gk_error err;
    char *u = gk_cp932_to_utf8(s, size, &ulen, &bad, &err);
    if (u) {
        if (!gk_utf8_valid(u, ulen)) abort();
        char *c = gk_utf8_to_cp932(u, ulen, false, &clen, NULL, NULL, &err);
        /* CP932 has a few duplicate codes (NEC/IBM rows): compare through UTF-8 */
        if (c) {
            size_t u2len;
            char *u2 = gk_cp932_to_utf8(c, clen, &u2len, &bad, &err);
            if (!u2 || u2len != ulen || memcmp(u, u2, ulen) != 0) abort();
            free(u2);
            free(c);
        }
        free(u);
    }
    char *z = malloc(size + 1);
    memcpy(z, data, size);
    z[size] = '\0';
    for (int wide = 0; wide < 2; wide++) { /* both ambiguous-width modes */
        gk_text_set_ambiguous_wide(wide);
        check_display(z);
    }
    gk_text_set_ambiguous_wide(false);
    free(z);
    return 0;
}
