/* dept.c — the 部 a department name carries, placeholder words, and a
 * typed name against the departments (see dept.h). */
#include "gyokaku/dept.h"

#include <stdbool.h>
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

/* Words plans write in the 所管課 column that name no department. */
static const char *const placeholders[] = {
    "各担当部署", "全庁",   "各課",     "各部署",   "全課",   "全部署",
    "各部",       "全部局", "各所管課", "関係各課", "関係課",
};

bool gk_dept_placeholder(const char *name)
{
    if (!name) return false;
    for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
        if (strcmp(name, placeholders[i]) == 0) return true;
    return false;
}

const char *gk_dept_bare(const char *name)
{
    const char *bu, *rest;
    gk_dept_bu(name, &bu, &rest);
    return rest;
}

long gk_dept_match(const char *typed, const char *const *names, size_t n, size_t *first)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], typed) == 0) {
            *first = i;
            return 1;
        }
    const char *want = gk_dept_bare(typed);
    long count = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(gk_dept_bare(names[i]), want) == 0 && count++ == 0) *first = i;
    return count;
}
