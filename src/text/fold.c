/*
 * fold.c — folding text for search: NFKC (full-width Latin and digits to
 * ASCII, half-width katakana to full-width, composed) and Unicode case
 * folding, cluster by cluster so that a match can be mapped back to the
 * original bytes for highlighting.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

static const utf8proc_option_t fold_options =
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

/* Folds one cluster; returns a malloc'd string or NULL (then: copy as is). */
static char *fold_cluster(const char *s, const gk_cluster *c)
{
    if (c->invalid || gk_cp_is_control(c->first)) return NULL;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s + c->start,
                                      (utf8proc_ssize_t)c->len, &out, fold_options);
    if (n < 0) return NULL;
    return (char *)out;
}

/* Code points that fold to themselves (NFKC-stable and caseless) and make
 * most of Japanese text: hiragana, katakana, CJK unified ideographs, 、 and
 * 。. A cluster of one of them alone is copied without asking utf8proc
 * (test_text checks every one against utf8proc). */
static bool folds_to_itself(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC || cp == 0x3001 || cp == 0x3002;
}

/* Whether s[p..] starts with a code point that folds to itself and never
 * extends a cluster: ASCII (*m = 1) or a three-byte one of
 * folds_to_itself (*m = 3, decoded here: leads E3..E9 have no overlong
 * or surrogate form). */
static bool same_at(const char *s, size_t len, size_t p, size_t *m)
{
    unsigned char b = (unsigned char)s[p];
    if (b < 0x80) {
        *m = 1;
        return true;
    }
    if (b < 0xE3 || b > 0xE9 || len - p < 3) return false;
    unsigned char b1 = (unsigned char)s[p + 1], b2 = (unsigned char)s[p + 2];
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
    *m = 3;
    return folds_to_itself((uint32_t)(b & 0x0F) << 12 | (uint32_t)(b1 & 0x3F) << 6 | (b2 & 0x3F));
}

/* Bytes from s[pos] of a run of code points that fold to themselves
 * (same_at), each a cluster alone: what follows each is the end, ASCII or
 * such a code point again, none of which extends a cluster. An ASCII
 * capital is a run of its own (fold_mapped lowers it). 0 when the cluster
 * at pos must be found (gk_next_cluster) and folded by utf8proc. Most of a
 * Japanese text takes this path, a run at a time: folding is a copy. */
static size_t same_run(const char *s, size_t len, size_t pos)
{
    size_t run = 0, last = 0, m;
    bool capital = false;
    for (size_t p = pos;; p += m) {
        if (p >= len) return run;
        if (!same_at(s, len, p, &m)) return run - last; /* it may extend the last */
        bool cap = s[p] >= 'A' && s[p] <= 'Z';
        if (capital || (cap && run)) return run;
        run += m;
        last = m;
        capital = cap;
    }
}

/* Folds s; when map is not NULL, (*map)[i] is the byte offset in s of the
 * cluster that produced folded byte i, and (*map)[len] = strlen(s). */
static char *fold_mapped(const char *s, size_t **map)
{
    size_t len = strlen(s), pos = 0, o = 0, cap = len * 2 + 16;
    char *out = malloc(cap);
    size_t *m = map ? malloc((cap + 1) * sizeof *m) : NULL;
    if (!out || (map && !m)) {
        free(out);
        free(m);
        return NULL;
    }
    for (;;) {
        size_t start = pos, n = same_run(s, len, pos);
        char ascii = 0, *f = NULL;
        const char *src = s + pos;
        bool run = n > 0;
        if (n) {
            pos += n;
        } else {
            gk_cluster c;
            if (!gk_next_cluster(s, len, &pos, &c)) break;
            start = c.start;
            n = c.len;
            bool same = (c.len == 1 && c.first < 0x80) || (c.len == 3 && folds_to_itself(c.first));
            if (!same && (f = fold_cluster(s, &c))) {
                src = f;
                n = strlen(f);
            }
        }
        if (n == 1 && *src >= 'A' && *src <= 'Z') {
            ascii = (char)(*src + 32);
            src = &ascii;
        }
        if (o + n + 1 > cap) {
            cap = (o + n + 1) * 2;
            char *grown = realloc(out, cap);
            if (!grown) {
                free(f);
                free(out);
                free(m);
                return NULL;
            }
            out = grown;
            if (m) {
                size_t *mg = realloc(m, (cap + 1) * sizeof *m);
                if (!mg) {
                    free(f);
                    free(out);
                    free(m);
                    return NULL;
                }
                m = mg;
            }
        }
        memcpy(out + o, src, n);
        /* each byte of a run maps to its own code point's first byte */
        for (size_t i = 0, at = start; m && i < n; i++) {
            if (run && ((unsigned char)src[i] & 0xC0) != 0x80) at = start + i;
            m[o + i] = at;
        }
        o += n;
        free(f);
    }
    out[o] = '\0';
    if (m) m[o] = len;
    if (map) *map = m;
    return out;
}

char *gk_fold(const char *s)
{
    return fold_mapped(s, NULL);
}

long gk_find_folded(const char *hay, size_t from, const char *folded_needle, size_t *match_len)
{
    if (!*folded_needle) return -1;
    size_t *map;
    char *f = fold_mapped(hay, &map);
    if (!f) return -1;
    size_t flen = strlen(f);
    long found = -1;
    for (const char *p = f; (p = strstr(p, folded_needle)); p++) {
        size_t i = (size_t)(p - f), end = i + strlen(folded_needle);
        if (map[i] < from) continue;
        /* the match ends with the cluster of its last folded byte */
        size_t last_cluster = map[end - 1], stop = end;
        while (stop < flen && map[stop] == last_cluster)
            stop++;
        found = (long)map[i];
        *match_len = map[stop] - map[i];
        if (stop == flen) *match_len = strlen(hay) - map[i];
        break;
    }
    free(f);
    free(map);
    return found;
}
