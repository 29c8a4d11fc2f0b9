/*
 * display.c — preparing data text for the terminal: sanitising, clipping
 * and fitting to an exact width (see text.h).
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

/* Output grows at most by 6 bytes per input byte (a control byte becomes a
 * 3-byte placeholder; a lone mark gains a 2-byte no-break space) plus the
 * padding of gk_fit. */
static char *alloc_for(size_t len, int pad)
{
    return malloc(len * 3 + 8 + (pad > 0 ? (size_t)pad : 0));
}

char *gk_sanitize(const char *s)
{
    size_t len = strlen(s), pos = 0, o = 0;
    char *out = alloc_for(len, 0);
    if (!out) return NULL;
    gk_cluster c;
    while (gk_next_cluster(s, len, &pos, &c))
        o += gk_cluster_put(s, &c, out + o);
    out[o] = '\0';
    return out;
}

/* Copies clusters of s while they fit in `width` cells; returns the width
 * used and sets *o; *rest tells whether clusters remain. When a wide cluster
 * would straddle the edge, stops before it. */
static int copy_fitting(const char *s, size_t len, int width, char *out, size_t *o, bool *rest)
{
    size_t pos = 0;
    int w = 0;
    gk_cluster c;
    *rest = false;
    while (gk_next_cluster(s, len, &pos, &c)) {
        if (w + c.width > width) {
            *rest = true;
            break;
        }
        *o += gk_cluster_put(s, &c, out + *o);
        w += c.width;
    }
    return w;
}

char *gk_clip(const char *s, int width, int *out_width)
{
    size_t len = strlen(s), o = 0;
    char *out = alloc_for(len, width);
    if (!out) return NULL;
    bool rest;
    int w = width > 0 ? copy_fitting(s, len, width, out, &o, &rest) : 0;
    if (width > 0 && rest && w < width) { /* a wide character at the edge: a space instead */
        out[o++] = ' ';
        w++;
    }
    out[o] = '\0';
    if (out_width) *out_width = w;
    return out;
}

char *gk_fit(const char *s, int width)
{
    size_t len = strlen(s), o = 0;
    char *out = alloc_for(len, width);
    if (!out) return NULL;
    if (width <= 0) {
        out[0] = '\0';
        return out;
    }
    bool rest;
    int w = copy_fitting(s, len, width, out, &o, &rest);
    if (rest) { /* cut: make room for the ellipsis */
        int ell = gk_cp_width(0x2026);
        o = 0;
        w = copy_fitting(s, len, width - ell, out, &o, &rest);
        if (width >= ell) {
            memcpy(out + o, "\xe2\x80\xa6", 3);
            o += 3;
            w += ell;
        }
    }
    while (w < width) {
        out[o++] = ' ';
        w++;
    }
    out[o] = '\0';
    return out;
}

char *gk_fit_middle(const char *s, int width)
{
    if (width <= 0 || gk_str_width(s) <= width) return gk_fit(s, width);
    char *clean = gk_sanitize(s);
    if (!clean) return NULL;
    size_t len = strlen(clean);
    char *out = alloc_for(len, width);
    if (!out) {
        free(clean);
        return NULL;
    }
    int ell = gk_cp_width(0x2026);
    int room = width - ell;
    if (room < 2) { /* no room for both ends: the start, as gk_fit */
        free(out);
        out = gk_fit(clean, width);
        free(clean);
        return out;
    }
    int head_w = room / 3, tail_w = room - head_w;
    /* the head: clusters from the start while they fit */
    size_t pos = 0, head_end = 0, o = 0;
    int w = 0;
    gk_cluster c;
    while (gk_next_cluster(clean, len, &pos, &c) && w + c.width <= head_w) {
        w += c.width;
        head_end = c.start + c.len;
    }
    /* the tail: the longest run of whole clusters at the end that fits */
    size_t *starts = malloc((len + 1) * sizeof *starts);
    int *widths = malloc((len + 1) * sizeof *widths);
    size_t n = 0;
    pos = 0;
    while (starts && widths && gk_next_cluster(clean, len, &pos, &c)) {
        starts[n] = c.start;
        widths[n++] = c.width;
    }
    size_t tail_start = len;
    int tw = 0;
    for (size_t i = n; i > 0 && starts && widths; i--) {
        if (starts[i - 1] < head_end || tw + widths[i - 1] > tail_w) break;
        tw += widths[i - 1];
        tail_start = starts[i - 1];
    }
    free(starts);
    free(widths);
    memcpy(out, clean, head_end);
    o = head_end;
    memcpy(out + o, "\xe2\x80\xa6", 3);
    o += 3;
    memcpy(out + o, clean + tail_start, len - tail_start);
    o += len - tail_start;
    for (w = w + ell + tw; w < width; w++)
        out[o++] = ' ';
    out[o] = '\0';
    free(clean);
    return out;
}

char *gk_fit_right(const char *s, int width)
{
    char *fitted = gk_fit(s, width);
    if (!fitted) return NULL;
    /* move the padding gk_fit put on the right to the left */
    size_t len = strlen(fitted), pad = 0;
    while (pad < len && fitted[len - 1 - pad] == ' ')
        pad++;
    if (pad == 0 || pad == len) return fitted;
    memmove(fitted + pad, fitted, len - pad);
    memset(fitted, ' ', pad);
    return fitted;
}
