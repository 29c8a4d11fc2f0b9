/*
 * cluster.c — grapheme clusters (UAX #29 through utf8proc) as the unit of
 * display: a cluster is never split by clipping, wrapping or cursor motion.
 */
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

static int cluster_width(uint32_t first, bool invalid)
{
    if (invalid || gk_cp_is_control(first))
        return 1;
    int w = gk_cp_width(first);
    return w == 0 ? 1 : w; /* a lone combining mark is drawn on a no-break space */
}

bool gk_next_cluster(const char *s, size_t len, size_t *pos, gk_cluster *c)
{
    size_t p = *pos;
    if (p >= len)
        return false;
    c->start = p;
    unsigned char b = (unsigned char)s[p];
    if (b < 0x80 && (p + 1 >= len || (unsigned char)s[p + 1] < 0x80) &&
        !(b == '\r' && p + 1 < len && s[p + 1] == '\n')) {
        c->len = 1; /* ASCII followed by ASCII: always a boundary */
        c->first = b;
        c->invalid = false;
        c->width = b >= 0x20 && b < 0x7F ? 1 : cluster_width(b, false);
        *pos = p + 1;
        return true;
    }
    uint32_t cp;
    size_t n = gk_utf8_decode(s + p, len - p, &cp);
    c->first = cp;
    c->invalid = cp == 0xFFFD && n == 1;
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
    c->width = cluster_width(cp, c->invalid) + extra;
    *pos = p;
    return true;
}

size_t gk_cluster_put(const char *s, const gk_cluster *c, char *out)
{
    if (c->invalid)
        return gk_utf8_encode(0xFFFD, out);
    if (gk_cp_is_control(c->first))
        return gk_utf8_encode(gk_placeholder(c->first), out);
    size_t n = 0;
    if (gk_cp_width(c->first) == 0)
        n = gk_utf8_encode(0x00A0, out);
    memcpy(out + n, s + c->start, c->len);
    return n + c->len;
}
