/* dept.c — the 部 a department name carries (see dept.h). */
#include "gyokaku/dept.h"

#include <string.h>

static size_t bracket(const char *p, const char *half, const char *full)
{
    if (strncmp(p, half, strlen(half)) == 0) return strlen(half);
    if (strncmp(p, full, strlen(full)) == 0) return strlen(full);
    return 0;
}

size_t gk_dept_bu(const char *name, const char **bu, const char **rest)
{
    *bu = *rest = name;
    if (!name) return 0;
    const char *p = name + bracket(name, "(", "（");
    const char *start = p;
    int chars = 0;
    while (*p && !bracket(p, ")", "）")) {
        if (bracket(p, "(", "（")) return 0;
        if (++chars > 8) return 0;
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80)
            p++;
    }
    size_t close = *p ? bracket(p, ")", "）") : 0;
    if (!close || p == start || !p[close]) return 0;
    *bu = start;
    *rest = p + close;
    return (size_t)(p - start);
}
