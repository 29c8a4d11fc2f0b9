/*
 * kana.c — half-width katakana (半角カナ) as full-width (see text.h
 * gk_kana_fullwidth).
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"

/* U+FF61..U+FF9F in order: their full-width forms. */
static const uint16_t full[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C,
};

/* The half-width katakana at s (3 bytes, U+FF61..U+FF9F): its index in
 * full[], else -1. */
static int halfwidth(const unsigned char *s)
{
    if (s[0] != 0xEF) return -1;
    if (s[1] == 0xBD && s[2] >= 0xA1 && s[2] <= 0xBF) return s[2] - 0xA1;
    if (s[1] == 0xBE && s[2] >= 0x80 && s[2] <= 0x9F) return s[2] - 0x80 + 0x1F;
    return -1;
}

/* cp followed by a voiced (1) or semi-voiced (2) sound mark: the composed
 * katakana, else 0. */
static uint32_t compose(uint32_t cp, int mark)
{
    bool kstn = cp >= 0x30AB && cp <= 0x30C8 && cp != 0x30C3; /* カ..ト but ッ */
    bool ha = cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0;
    if (mark == 1 && cp == 0x30A6) return 0x30F4; /* ヴ */
    if (mark == 1 && (kstn || ha)) return cp + 1;
    if (mark == 2 && ha) return cp + 2;
    return 0;
}

static void put(char **o, uint32_t cp)
{
    *o += gk_utf8_encode(cp, *o);
}

char *gk_kana_fullwidth(const char *s)
{
    if (!s) return NULL;
    size_t len = strlen(s);
    char *out = malloc(len + 1); /* 3 bytes become 3, two become 3 at most once */
    if (!out) return NULL;
    char *o = out;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    while (*p) {
        /* every half-width katakana starts with 0xEF: what comes before the
         * next one is copied as it is, in one piece */
        const unsigned char *q = memchr(p, 0xEF, (size_t)(end - p));
        if (!q) q = end;
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        p = q;
        if (!*p) break;
        int k = halfwidth(p);
        if (k < 0) {
            *o++ = (char)*p++;
            continue;
        }
        uint32_t cp = full[k];
        p += 3;
        int next = halfwidth(p);
        int mark = next == 0x3D ? 1 : next == 0x3E ? 2 : 0; /* ﾞ ﾟ */
        uint32_t composed = mark ? compose(cp, mark) : 0;
        if (composed) {
            put(&o, composed);
            p += 3;
        } else {
            put(&o, cp);
        }
    }
    *o = '\0';
    return out;
}
