/*
 * bar.c — the proportion bar widget (the submission board's): counts drawn
 * as runs of block characters in exactly a given number of cells. Pure
 * arithmetic and text, no curses; widths through the text engine, so the
 * bar stays as wide as asked in both ambiguous-width modes (a block element
 * is one cell, or two with --ambiguous-width=wide).
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "widgets.h"

void ui_bar_slots(const long *counts, size_t n, int slots, int *out)
{
    long total = 0;
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = 0;
        if (counts[i] > 0) total += counts[i], nonzero++;
    }
    if (total == 0 || slots <= 0) return;
    /* largest remainder: each its floor, the slots left to the largest
     * remainders (the first of equal ones) */
    int given = 0;
    for (size_t i = 0; i < n; i++)
        if (counts[i] > 0) {
            out[i] = (int)((long long)counts[i] * slots / total);
            given += out[i];
        }
    while (given < slots) {
        size_t best = n;
        long long best_rem = -1;
        for (size_t i = 0; i < n; i++) {
            if (counts[i] <= 0) continue;
            long long rem = (long long)counts[i] * slots - (long long)out[i] * total;
            if (rem > best_rem) best_rem = rem, best = i;
        }
        if (best == n) break;
        out[best]++;
        given++;
    }
    /* a count that is there is seen: one slot at least, taken from the
     * largest run, while there are slots enough for every count */
    if ((size_t)slots < nonzero) return;
    for (size_t i = 0; i < n; i++) {
        if (counts[i] <= 0 || out[i] > 0) continue;
        size_t big = 0;
        for (size_t k = 1; k < n; k++)
            if (out[k] > out[big]) big = k;
        if (out[big] <= 1) break;
        out[big]--;
        out[i]++;
    }
}

char *ui_bar(const long *counts, const char *const *glyphs, size_t n, int width)
{
    if (width < 0) width = 0;
    int slot = 1;
    for (size_t i = 0; i < n; i++) {
        int w = gk_str_width(glyphs[i]);
        if (w > slot) slot = w;
    }
    int slots = width / slot;
    int *runs = calloc(n ? n : 1, sizeof *runs);
    if (!runs) return NULL;
    ui_bar_slots(counts, n, slots, runs);
    size_t cap = 1 + (size_t)width;
    for (size_t i = 0; i < n; i++)
        cap += (size_t)runs[i] * (strlen(glyphs[i]) + (size_t)slot);
    char *out = malloc(cap), *p = out;
    if (!out) {
        free(runs);
        return NULL;
    }
    int used = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(glyphs[i]);
        int pad = slot - gk_str_width(glyphs[i]);
        for (int k = 0; k < runs[i]; k++) {
            memcpy(p, glyphs[i], len);
            p += len;
            for (int j = 0; j < pad; j++)
                *p++ = ' ';
            used += slot;
        }
    }
    while (used < width) {
        *p++ = ' ';
        used++;
    }
    *p = '\0';
    free(runs);
    return out;
}
