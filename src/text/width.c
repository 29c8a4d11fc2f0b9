/*
 * width.c — display width of code points and strings (see text.h).
 *
 * Order of the rules: controls (drawn as a one-cell placeholder), zero-width
 * characters (combining marks, variation selectors, format characters),
 * East Asian Wide/Fullwidth (two cells), East Asian Ambiguous (the chosen
 * mode), everything else one cell. The tables come from EastAsianWidth.txt
 * (eaw_table.c); the general categories from utf8proc.
 */
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

static bool ambiguous_wide;

void gk_text_set_ambiguous_wide(bool wide)
{
    ambiguous_wide = wide;
}

bool gk_text_ambiguous_wide(void)
{
    return ambiguous_wide;
}

static bool in_table(uint32_t cp, const gk_range *t, size_t n)
{
    if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi) return false;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp > t[mid].hi)
            lo = mid + 1;
        else if (cp < t[mid].lo)
            hi = mid;
        else
            return true;
    }
    return false;
}

bool gk_cp_is_ambiguous(uint32_t cp)
{
    return in_table(cp, gk_eaw_ambiguous, gk_eaw_ambiguous_len);
}

bool gk_cp_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

uint32_t gk_placeholder(uint32_t cp)
{
    if (cp < 0x20) return 0x2400 + cp;       /* ␀ .. ␟, ESC -> ␛ */
    if (cp == 0x7F) return 0x2421;           /* ␡ */
    if (gk_cp_is_control(cp)) return 0x2426; /* ␦ for C1 and bidi controls */
    return cp;
}

static bool zero_width(uint32_t cp)
{
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF) return true;
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
        return true;                               /* variation selectors */
    if (cp >= 0x1160 && cp <= 0x11FF) return true; /* Hangul medial vowels and final consonants */
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME ||
           (c == UTF8PROC_CATEGORY_CF && cp != 0x00AD);
}

int gk_cp_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F) return 1; /* the common case first */
    if (gk_cp_is_control(cp)) return 1;
    if (cp < 0x300) return cp >= 0xA1 && ambiguous_wide && gk_cp_is_ambiguous(cp) ? 2 : 1;
    if (zero_width(cp)) return 0;
    if (in_table(cp, gk_eaw_wide, gk_eaw_wide_len)) return 2;
    if (ambiguous_wide && gk_cp_is_ambiguous(cp)) return 2;
    return 1;
}

int gk_str_width(const char *s)
{
    size_t len = strlen(s), pos = 0;
    gk_cluster c;
    int w = 0;
    while (gk_next_cluster(s, len, &pos, &c))
        w += c.width;
    return w;
}
