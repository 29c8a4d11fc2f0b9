/* text_int.h — private to src/text/: the generated width tables and the
 * grapheme-cluster iterator shared by the display, wrapping and folding code. */
#ifndef GYOKAKU_TEXT_INT_H
#define GYOKAKU_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gyokaku/text.h"

typedef struct gk_range {
    uint32_t lo, hi;
} gk_range;

extern const gk_range gk_eaw_ambiguous[];
extern const size_t gk_eaw_ambiguous_len;
extern const gk_range gk_eaw_wide[];
extern const size_t gk_eaw_wide_len;

/* One grapheme cluster of s[0..len) starting at pos. */
typedef struct gk_cluster {
    size_t start, len; /* bytes */
    uint32_t first;    /* its first code point (0xFFFD for an invalid byte) */
    bool invalid;      /* a single byte that is not UTF-8 */
    int lead;          /* 0; 1: starts with a mark, drawn on a no-break space;
                          2: starts with invisible format characters, dropped;
                          3: the same, and what follows them starts with a mark,
                             drawn on a no-break space (so that the drawn text,
                             read again, is a cluster of the same width) */
    size_t first_len;  /* bytes of the first code point */
    size_t drop;       /* lead 2 and 3: bytes of the invisible characters left out */
    int width;         /* display width as drawn (controls: their placeholder) */
} gk_cluster;

/* Reads the cluster at *pos and advances *pos; false at the end. */
bool gk_next_cluster(const char *s, size_t len, size_t *pos, gk_cluster *c);

/* Appends the cluster's display form (placeholders, U+FFFD, a no-break space
 * before a cluster that starts with a combining mark) to out. Returns the
 * bytes written (at most c->len + 6). */
size_t gk_cluster_put(const char *s, const gk_cluster *c, char *out);

#endif
