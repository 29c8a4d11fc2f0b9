/*
 * plancols.c — the plan CSV's column names and the text rules every layer
 * shares about them (plancols.h): matching a header name, the 階層 level
 * names, splitting a 所管課 / テーマ list. Pure text: io/ reads files with
 * them, store/ imports and exports with them, so that store/ never calls
 * into io/.
 */
#include "gyokaku/plancols.h"

#include <stdio.h>
#include <string.h>

#include "gyokaku/i18n.h"

const char *const gk_col_names[GK_NCOLS] = {
    "計画",     "計画期間",         "階層",       "基本目標",   "取組方針", "取組項目",
    "取組内容", "所管課",           "テーマ",     "見直し区分", "指標",     "系列",
    "単位",     "初期値",           "初期値年度", "年度",       "目標値",   "実績値",
    "取組状況", "次年度の取組内容", "評価",
};

/* Header aliases for the level columns (csv-format.md "Level names"). */
static const struct {
    const char *name;
    gk_col col;
} aliases[] = {
    {"基本方針", GK_COL_GOAL},
    {"戦略区分", GK_COL_POLICY},
    {"取組", GK_COL_POLICY},
    {"実施項目", GK_COL_ITEM},
};

/* Trims ASCII spaces/tabs and U+3000 from both ends, in place. */
char *gk_plan_trim(char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

int gk_plan_col_match(const char *name, const char **label)
{
    for (int c = 0; c < GK_NCOLS; c++)
        if (strcmp(name, gk_col_names[c]) == 0) {
            *label = gk_col_names[c];
            return c;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(name, aliases[i].name) == 0) {
            *label = aliases[i].name;
            return (int)aliases[i].col;
        }
    return -1;
}

bool gk_plan_header_accepts(gk_col col, const char *name)
{
    const char *label = NULL;
    return gk_plan_col_match(name, &label) == (int)col;
}

int gk_plan_levels_parse(const char *s, char out[3][GK_LEVEL_NAME_MAX], gk_error *err)
{
    char buf[3 * GK_LEVEL_NAME_MAX + 16];
    if (strlen(s) >= sizeof buf) {
        gk_error_set(err, _("the level names are too long"));
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", s);
    char *part[3], *p = buf;
    int n = 0;
    for (;;) {
        char *cut = strchr(p, '/');
        if (n == 3 || (!cut && n != 2)) {
            gk_error_set(err,
                         _("\"%s\": 階層 is three level names joined by / "
                           "(e.g. 基本方針/取組/施策)"),
                         s);
            return -1;
        }
        part[n++] = p;
        if (!cut) break;
        *cut = '\0';
        p = cut + 1;
    }
    for (int i = 0; i < 3; i++) {
        char *t = gk_plan_trim(part[i]);
        if (!*t) {
            gk_error_set(err, _("\"%s\": level name %d of 3 is empty"), s, i + 1);
            return -1;
        }
        if (strlen(t) >= GK_LEVEL_NAME_MAX) {
            gk_error_set(err, _("\"%s\": level name %d is longer than %d bytes"), s, i + 1,
                         GK_LEVEL_NAME_MAX - 1);
            return -1;
        }
        snprintf(out[i], GK_LEVEL_NAME_MAX, "%s", t);
    }
    return 0;
}

int gk_plan_col_number(const gk_plan_header *h, gk_col col)
{
    return h->field_of[col] + 1;
}

int gk_split_list(const char *list, int (*fn)(void *ctx, const char *part), void *ctx,
                  gk_error *err)
{
    static const char *const seps[] = {"、", ";", "；"};
    const char *p = list;
    while (p && *p) {
        size_t n = strlen(p), cut = n, seplen = 0;
        for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
            const char *q = strstr(p, seps[i]);
            if (q && (size_t)(q - p) < cut) {
                cut = (size_t)(q - p);
                seplen = strlen(seps[i]);
            }
        }
        char part[256];
        if (cut >= sizeof part) {
            gk_error_set(err, _("a name in the list is longer than %zu bytes"), sizeof part - 1);
            return -1;
        }
        memcpy(part, p, cut);
        part[cut] = '\0';
        char *t = gk_plan_trim(part);
        if (*t && fn(ctx, t) != 0) return -1;
        p += cut + seplen;
        if (seplen == 0) break;
    }
    return 0;
}
