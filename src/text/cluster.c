/*
 * cluster.c — grapheme clusters (UAX #29 through utf8proc) as the unit of
 * display: a cluster is never split by clipping, wrapping or cursor motion.
 */
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

/* A zero-width character that attaches to what precedes it. */
static bool attaches(uint32_t cp)
{
    int b = utf8proc_get_property((utf8proc_int32_t)cp)->boundclass;
    return b == UTF8PROC_BOUNDCLASS_EXTEND || b == UTF8PROC_BOUNDCLASS_ZWJ ||
           b == UTF8PROC_BOUNDCLASS_SPACINGMARK;
}

/* Width of the first code point as drawn, and how it is drawn (lead). A
 * cluster that starts with a mark would combine with whatever is on the
 * screen before it (a border, say): it gets a no-break space to sit on. An
 * invisible format character (word joiner, LRM ...) is simply left out. */
static int first_width(uint32_t first, bool invalid, int *lead)
{
    *lead = 0;
    if (invalid) return gk_cp_width(0xFFFD); /* drawn as U+FFFD, ambiguous */
    if (gk_cp_is_control(first)) return gk_cp_width(gk_placeholder(first));
    int w = gk_cp_width(first);
    if (w > 0) return w;
    *lead = attaches(first) ? 1 : 2;
    return *lead == 1 ? 1 : 0;
}

bool gk_next_cluster(const char *s, size_t len, size_t *pos, gk_cluster *c)
{
    size_t p = *pos;
    if (p >= len) return false;
    c->start = p;
    unsigned char b = (unsigned char)s[p];
    if (b < 0x80 && (p + 1 >= len || (unsigned char)s[p + 1] < 0x80) &&
        !(b == '\r' && p + 1 < len && s[p + 1] == '\n')) {
        c->len = 1; /* ASCII followed by ASCII: always a boundary */
        c->first = b;
        c->invalid = false;
        c->lead = 0;
        c->first_len = 1;
        c->width = b >= 0x20 && b < 0x7F ? 1 : first_width(b, false, &c->lead);
        *pos = p + 1;
        return true;
    }
    uint32_t cp;
    size_t n = gk_utf8_decode(s + p, len - p, &cp);
    c->first = cp;
    c->invalid = cp == 0xFFFD && n == 1;
    c->first_len = n;
    p += n;
    int extra = 0; /* widths of the cluster's other code points: ncurses and
                      terminals give each its own cells (ｶﾞ is two) */
    if (!c->invalid && !gk_cp_is_control(cp)) {
        utf8proc_int32_t state = 0, prev = (utf8proc_int32_t)cp;
        while (p < len) {
            uint32_t next;
            size_t m = gk_utf8_decode(s + p, len - p, &next);
            if ((next == 0xFFFD && m == 1) || gk_cp_is_control(next) ||
                utf8proc_grapheme_break_stateful(prev, (utf8proc_int32_t)next, &state))
                break;
            prev = (utf8proc_int32_t)next;
            extra += gk_cp_width(next);
            p += m;
        }
    }
    c->len = p - c->start;
    c->width = first_width(cp, c->invalid, &c->lead) + extra;
    c->drop = 0;
    if (c->lead == 2) {
        /* The invisible characters at the start are left out, all of them
         * (a Prepend such as U+0601 joins what follows it, marks included):
         * what is drawn must not start with a mark that would then combine
         * with the screen before it, nor be measured differently when the
         * drawn text is read again. */
        size_t q = c->start + c->first_len;
        while (q < p) {
            uint32_t next;
            size_t m = gk_utf8_decode(s + q, p - q, &next);
            if (gk_cp_width(next) != 0 || attaches(next)) {
                if (attaches(next)) {
                    c->lead = 3;
                    c->width += 1;
                }
                break;
            }
            q += m;
        }
        c->drop = q - c->start;
    }
    *pos = p;
    return true;
}

size_t gk_cluster_put(const char *s, const gk_cluster *c, char *out)
{
    if (c->invalid) return gk_utf8_encode(0xFFFD, out);
    if (gk_cp_is_control(c->first)) return gk_utf8_encode(gk_placeholder(c->first), out);
    if (c->lead >= 2) { /* the invisible first characters are left out */
        size_t n = c->lead == 3 ? gk_utf8_encode(0x00A0, out) : 0;
        memcpy(out + n, s + c->start + c->drop, c->len - c->drop);
        return n + c->len - c->drop;
    }
    size_t n = c->lead == 1 ? gk_utf8_encode(0x00A0, out) : 0;
    memcpy(out + n, s + c->start, c->len);
    return n + c->len;
}
