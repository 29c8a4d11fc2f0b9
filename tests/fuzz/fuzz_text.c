/*
 * fuzz_text.c — libFuzzer harness for the text engine's measuring, cutting,
 * wrapping and searching (fuzz_decode covers decoding, sanitising and
 * gk_fit at small widths). The first byte chooses a width (0..79), the rest
 * is the text, and after a NUL a search needle. With ambiguous characters
 * narrow and wide:
 *  - gk_clip: at most the width, measured as it says, no control byte;
 *  - gk_fit and gk_fit_right: exactly the width;
 *  - gk_wrap: spans in order, inside the text, each measured as it says
 *    and no wider than the width unless it is one grapheme cluster that
 *    cannot be cut (a wide character at width 1, い with a spacing tone
 *    mark at width 3, a ZWJ emoji sequence the engine measures per emoji);
 *  - gk_fold: a valid text folds to valid UTF-8 and contains itself
 *    (folded; a leading ignorable such as a lone ZWJ is not matched);
 *  - gk_find_folded: a match lies inside the text, at or after `from`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_controls(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F) abort();
}

static void check(const char *s, const char *needle, int w)
{
    int ow = -1;
    char *c = gk_clip(s, w, &ow);
    if (ow < 0 || ow > (w > 0 ? w : 0) || gk_str_width(c) != ow) abort();
    no_controls(c);
    free(c);
    char *f = gk_fit(s, w), *r = gk_fit_right(s, w);
    if (gk_str_width(f) != (w > 0 ? w : 0) || gk_str_width(r) != (w > 0 ? w : 0)) abort();
    no_controls(f);
    no_controls(r);
    free(f);
    free(r);

    int ww = w > 0 ? w : 1;
    size_t n, len = strlen(s);
    gk_span *v = gk_wrap(s, ww, &n);
    if (!v || n == 0) abort();
    for (size_t i = 0; i < n; i++) {
        if (v[i].start + v[i].len > len || (i > 0 && v[i].start < v[i - 1].start + v[i - 1].len))
            abort();
        char *line = strndup(s + v[i].start, v[i].len);
        if (!line) abort();
        if (v[i].width > ww) { /* only a single cluster may be wider: it cannot be cut */
            size_t m;
            gk_span *u = gk_wrap(line, 1, &m);
            free(u);
            if (m != 1) abort();
        }
        if (!strchr(line, '\n') && gk_str_width(line) != v[i].width) abort();
        free(line);
    }
    free(v);

    char *fs = gk_fold(s), *fn = gk_fold(needle);
    if (!fs || !fn) abort();
    size_t ml;
    if (gk_utf8_valid(s, len)) { /* invalid bytes are folded as they are */
        if (!gk_utf8_valid(fs, strlen(fs))) abort();
        if (*fs && gk_find_folded(s, 0, fs, &ml) < 0) abort();
    }
    size_t from = len ? (size_t)w % (len + 1) : 0;
    long at = gk_find_folded(s, from, fn, &ml);
    if (at >= 0 && ((size_t)at < from || (size_t)at + ml > len)) abort();
    free(fs);
    free(fn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    int w = data[0] % 80;
    char *z = malloc(size + 1);
    if (!z) return 0;
    memcpy(z, data + 1, size - 1);
    z[size - 1] = z[size] = '\0';
    const char *needle = z + strlen(z) + 1;
    if (needle > z + size) needle = z + size;
    for (int wide = 0; wide < 2; wide++) {
        gk_text_set_ambiguous_wide(wide);
        check(z, needle, w);
    }
    gk_text_set_ambiguous_wide(false);
    free(z);
    return 0;
}
