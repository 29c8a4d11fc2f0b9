/*
 * wcwidth.c — ncursesw measures characters with the C library's wcwidth().
 * Defining wcwidth and wcswidth here (the executable is searched before
 * libc) makes ncurses use the text engine's widths, so that what ncurses
 * believes about the cursor and what gk_fit() computed always agree, in
 * both ambiguous-width modes.
 */
#include <wchar.h>

#include "gyokaku/text.h"

int wcwidth(wchar_t c);
int wcswidth(const wchar_t *s, size_t n);

int wcwidth(wchar_t c)
{
    if (c == 0) return 0;
    if (c < 0 || (uint32_t)c > 0x10FFFF) return -1;
    if (gk_cp_is_control((uint32_t)c))
        return -1; /* never printed: the text engine draws placeholders */
    return gk_cp_width((uint32_t)c);
}

int wcswidth(const wchar_t *s, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        int w = wcwidth(s[i]);
        if (w < 0) return -1;
        total += w;
    }
    return total;
}
