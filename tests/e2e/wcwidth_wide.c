/*
 * wcwidth_wide.c — test-only LD_PRELOAD shim: makes a program (tmux) that
 * measures with libc's wcwidth draw East Asian Ambiguous characters two
 * cells wide, like many Japanese terminals. Everything else is libc's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <wchar.h>

#include "gyokaku/text.h"

int wcwidth(wchar_t c)
{
    static int (*real)(wchar_t);
    if (!real) real = (int (*)(wchar_t))dlsym(RTLD_NEXT, "wcwidth");
    if (c > 0 && gk_cp_is_ambiguous((uint32_t)c)) return 2;
    return real(c);
}
