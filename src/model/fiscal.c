/*
 * fiscal.c — parsing and writing fiscal years (see fiscal.h).
 *
 * The input is first folded to ASCII where Japanese text uses full-width
 * forms (digits, brackets, Latin letters), then read as: optional era (name
 * or letter), number (or 元), optional "(western)", optional 年度 / 年.
 */
#include "gyokaku/fiscal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gyokaku/i18n.h"

static const struct era {
    const char *name;
    char letter;
    int base; /* western year of the era's first year */
} eras[] = {
    {"令和", 'R', 2019}, {"平成", 'H', 1989}, {"昭和", 'S', 1926},
    {"大正", 'T', 1912}, {"明治", 'M', 1868},
};

/* Folds full-width ASCII variants (U+FF01..U+FF5E) and U+3000 to ASCII, drops
 * nothing else. out must hold strlen(in) + 1 bytes. */
static void fold_ascii(const char *in, char *out)
{
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2]) {
            unsigned cp = 0xFF00u | ((p[1] & 0x03u) << 6) | (p[2] & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                *out++ = (char)(cp - 0xFF01 + 0x21);
                p += 3;
                continue;
            }
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
            *out++ = ' ';
            p += 3;
            continue;
        }
        *out++ = (char)*p++;
    }
    *out = '\0';
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Reads 1..6 ASCII digits; returns the digit count (0: none). */
static int read_number(const char **p, int *value)
{
    int n = 0, v = 0;
    while (isdigit((unsigned char)**p) && n < 7) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *value = v;
    return n;
}

static const struct era *read_era(const char **p)
{
    for (size_t i = 0; i < sizeof eras / sizeof *eras; i++) {
        size_t len = strlen(eras[i].name);
        if (**p == eras[i].name[0] && strncmp(*p, eras[i].name, len) == 0) {
            *p += len;
            return &eras[i];
        }
        if (toupper((unsigned char)**p) == eras[i].letter) {
            (*p)++;
            return &eras[i];
        }
    }
    return NULL;
}

static bool accept(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0) return false;
    *p += n;
    return true;
}

int gk_fy_parse(const char *s, int *year, gk_error *err)
{
    /* four ASCII digits in range, the cell of most rows of an import: what
     * the reading below would find, without folding */
    if (s && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
        s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && !s[4]) {
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        if (y >= GK_FY_MIN && y <= GK_FY_MAX) {
            *year = y;
            return 0;
        }
    }
    char buf[256];
    if (!s || strlen(s) >= sizeof buf) {
        gk_error_set(err, _("not a fiscal year"));
        return -1;
    }
    fold_ascii(s, buf);
    const char *p = skip_spaces(buf);
    if (!*p) {
        gk_error_set(err, _("the fiscal year is empty"));
        return -1;
    }
    const struct era *era = read_era(&p);
    int n = 0, digits;
    p = skip_spaces(p);
    if (era && accept(&p, "元")) {
        n = 1;
        digits = 1;
    } else {
        digits = read_number(&p, &n);
    }
    if (digits == 0) {
        gk_error_set(err,
                     era ? _("%s has no year number (e.g. %s6 or %s6年度)")
                         : _("not a fiscal year: write 2024, R6, 令和6年度 or H30"),
                     s, era ? era->name : "", era ? era->name : "");
        return -1;
    }
    if (!era && digits != 4) {
        gk_error_set(err, _("%s is not a fiscal year: a western year has four digits"), s);
        return -1;
    }
    int y = era ? era->base + n - 1 : n;
    if (era && n == 0) {
        gk_error_set(err, _("%s: an era year starts at 1 (元)"), s);
        return -1;
    }
    p = skip_spaces(p);
    if (*p == '(') { /* R6(2024): the western year must agree */
        int w;
        p++;
        if (read_number(&p, &w) != 4 || *p != ')') {
            gk_error_set(err, _("%s: the year in brackets must be a four-digit western year"), s);
            return -1;
        }
        p++;
        if (w != y) {
            gk_error_set(err, _("%s: %d and %d disagree"), s, y, w);
            return -1;
        }
    }
    p = skip_spaces(p);
    if (!accept(&p, "年度")) accept(&p, "年");
    p = skip_spaces(p);
    if (*p) {
        gk_error_set(err, _("not a fiscal year: %s (write 2024, R6, 令和6年度 or H30)"), s);
        return -1;
    }
    if (y < GK_FY_MIN || y > GK_FY_MAX) {
        gk_error_set(err, _("%s is year %d, outside %d–%d"), s, y, GK_FY_MIN, GK_FY_MAX);
        return -1;
    }
    *year = y;
    return 0;
}

int gk_fy_period_parse(const char *s, int *first, int *last, gk_error *err)
{
    char buf[256];
    if (!s || strlen(s) >= sizeof buf) {
        gk_error_set(err, _("not a plan period"));
        return -1;
    }
    /* ～ folds to ~ (and －, the full-width hyphen, to -); 〜 (U+301C) is
     * not a full-width ASCII form: it is turned into ~ here. */
    fold_ascii(s, buf);
    char *w = buf;
    for (const char *r = buf; *r;) {
        if (strncmp(r, "\xe3\x80\x9c", 3) == 0) { /* stops at the end */
            *w++ = '~';
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    char *sep = NULL;
    int nsep = 0;
    for (char *p = buf; *p; p++)
        if (*p == '~' || *p == '-') {
            if (!sep) sep = p;
            nsep++;
        }
    if (nsep != 1) {
        gk_error_set(err,
                     nsep ? _("%s: a plan period is two fiscal years joined by one ～, 〜, ~ or -")
                          : _("%s: a plan period is two fiscal years joined by ～, 〜, ~ or - "
                              "(e.g. R5(2023)～R14(2032) or 2023-2032)"),
                     s);
        return -1;
    }
    *sep = '\0';
    int a, b;
    gk_error e;
    if (gk_fy_parse(buf, &a, &e) != 0 || gk_fy_parse(sep + 1, &b, &e) != 0) {
        gk_error_set(err, "%s: %s", s, e.msg);
        return -1;
    }
    if (a > b) {
        gk_error_set(err, _("%s: the period ends (%d) before it begins (%d)"), s, b, a);
        return -1;
    }
    *first = a;
    *last = b;
    return 0;
}

/* The era a fiscal year is named in: the one that had begun by its April
 * (2019 is 令和元年度, 1989 平成元年度). */
static const struct era *era_of(int year)
{
    for (size_t i = 0; i < sizeof eras / sizeof *eras; i++)
        if (year >= eras[i].base) return &eras[i];
    return NULL;
}

const char *gk_fy_short(int year, char *buf, size_t n)
{
    const struct era *e = era_of(year);
    if (e)
        snprintf(buf, n, "%c%d(%d)", e->letter, year - e->base + 1, year);
    else
        snprintf(buf, n, "%d", year);
    return buf;
}

const char *gk_fy_long(int year, char *buf, size_t n)
{
    const struct era *e = era_of(year);
    if (!e)
        snprintf(buf, n, "%d年度", year);
    else if (year == e->base)
        snprintf(buf, n, "%s元(%d)年度", e->name, year);
    else
        snprintf(buf, n, "%s%d(%d)年度", e->name, year - e->base + 1, year);
    return buf;
}

int gk_fy_of_date(int year, int month)
{
    return month < 4 ? year - 1 : year;
}

int gk_fy_reported(int today_fy, int set_year, int first, int last)
{
    int y = set_year ? set_year : today_fy - 1;
    if (first && y < first) y = first;
    if (last && y > last) y = last;
    return y;
}
