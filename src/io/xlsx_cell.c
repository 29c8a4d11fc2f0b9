/*
 * xlsx_cell.c — what a cell of an .xlsx says, as text (xlsx_read.c): string
 * cells with their _xHHHH_ escapes decoded, numbers as the shortest decimal,
 * percentages and dates as the clerk typed them, and which number formats
 * show a percentage or a date. Pure functions, apart from the zip and expat
 * plumbing so that they can be read and checked on their own.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io_int.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The text of a string cell as people wrote it: _xHHHH_ escapes (OOXML's
 * way of writing control characters, _x000D_ for CR) decoded, CR LF and a
 * lone CR made LF. Returns a malloc'd string. */
char *xlsx_string_text(const char *s, size_t n)
{
    char *out = malloc(n * 2 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n;) {
        if (s[i] == '_' && i + 6 < n + 0 && s[i + 1] == 'x' && s[i + 6] == '_' &&
            hexval(s[i + 2]) >= 0 && hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0 &&
            hexval(s[i + 5]) >= 0) {
            unsigned cp = (unsigned)(hexval(s[i + 2]) << 12 | hexval(s[i + 3]) << 8 |
                                     hexval(s[i + 4]) << 4 | hexval(s[i + 5]));
            i += 7;
            if (cp == 0) continue;
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | cp >> 6);
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0xD800 || cp > 0xDFFF) {
                *o++ = (char)(0xE0 | cp >> 12);
                *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            continue;
        }
        *o++ = s[i++];
    }
    *o = '\0';
    /* CR LF -> LF, CR -> LF */
    char *r = out, *w = out;
    while (*r) {
        if (*r == '\r') {
            *w++ = '\n';
            r += r[1] == '\n' ? 2 : 1;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return out;
}

/* A number cell's text: the shortest decimal that reads back as the same
 * double, without exponent for ordinary magnitudes. NULL when v is not a
 * number (kept as written then). */
char *xlsx_number_text(const char *v)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (end == v || *end || !isfinite(d)) return NULL;
    char out[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, sizeof out, "%.*g", prec, d);
        if (strtod(out, NULL) == d) break;
    }
    /* 1e+06 as 1000000: people never write exponents in a 実績値 */
    if (strchr(out, 'e') && fabs(d) < 1e15 && fabs(d) >= 1e-6) {
        for (int dec = 0; dec <= 17; dec++) {
            char t[64];
            snprintf(t, sizeof t, "%.*f", dec, d);
            if (strtod(t, NULL) == d) {
                snprintf(out, sizeof out, "%s", t);
                break;
            }
        }
    }
    if (strcmp(out, "-0") == 0) snprintf(out, sizeof out, "0");
    return strdup(out);
}

/* A number cell under a percent format as the clerk typed it: the
 * shortest text of v shifted two places ("0.528" -> "52.8%"), exact in
 * decimal where v * 100 in binary would not be. NULL when v is not a
 * plain decimal. */
char *xlsx_percent_text(const char *v)
{
    char *t = xlsx_number_text(v);
    if (!t || strchr(t, 'e') || strchr(t, 'E')) return t;
    bool neg = t[0] == '-';
    const char *d = t + neg, *dot = strchr(d, '.');
    char ip[64] = "", fp[64] = "";
    snprintf(ip, sizeof ip, "%.*s", dot ? (int)(dot - d) : (int)strlen(d), d);
    if (dot) snprintf(fp, sizeof fp, "%s", dot + 1);
    char out[160];
    size_t n = 0;
    if (neg) out[n++] = '-';
    char digits[160];
    snprintf(digits, sizeof digits, "%s%c%c", ip, fp[0] ? fp[0] : '0',
             fp[0] && fp[1] ? fp[1] : '0');
    const char *p = digits;
    while (p[0] == '0' && p[1]) /* leading zeros of the integer part */
        p++;
    n += (size_t)snprintf(out + n, sizeof out - n, "%s", p);
    if (strlen(fp) > 2) n += (size_t)snprintf(out + n, sizeof out - n, ".%s", fp + 2);
    snprintf(out + n, sizeof out - n, "%%");
    free(t);
    return strdup(strcmp(out, "-0%") == 0 ? "0%" : out);
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's
 * algorithms). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* A number cell under a date or time format as the clerk saw it:
 * "2016-01-10", "2016-04-28 11:30:00", or "11:30:00" for a time of day,
 * counted from the workbook's epoch (1900 with Excel's phantom 1900-02-29,
 * or 1904). A day count is meaningless without its epoch, and a clerk who
 * types "1/2" in a number cell gets a date from Excel: as a date it is
 * refused, as 45659 it would pass for a figure. Outside Excel's dates
 * (negative, past 9999) the number as number_text gives it. */
char *xlsx_date_text(const char *v, bool date1904)
{
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (end == v || *end || !isfinite(d) || d < 0 || d >= 2958466) return xlsx_number_text(v);
    long long secs = llround(d * 86400.0);
    long days = (long)(secs / 86400);
    int sod = (int)(secs % 86400);
    char out[64];
    if (days == 0 && !date1904) {
        snprintf(out, sizeof out, "%02d:%02d:%02d", sod / 3600, sod / 60 % 60, sod % 60);
        return strdup(out);
    }
    long y;
    int m, dd;
    if (date1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &dd);
    } else if (days == 60) { /* Lotus 1-2-3's leap day, kept by Excel */
        y = 1900, m = 2, dd = 29;
    } else {
        civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &dd);
    }
    int n = snprintf(out, sizeof out, "%04ld-%02d-%02d", y, m, dd);
    if (sod)
        snprintf(out + n, sizeof out - (size_t)n, " %02d:%02d:%02d", sod / 3600, sod / 60 % 60,
                 sod % 60);
    return strdup(out);
}
/* A format code shows a percentage: a % outside quotes and brackets. */
bool xlsx_code_percent(const char *code)
{
    bool quoted = false;
    int bracket = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '[')
            bracket++;
        else if (!quoted && *p == ']' && bracket)
            bracket--;
        else if (!quoted && !bracket && *p == '\\' && p[1])
            p++;
        else if (!quoted && !bracket && *p == '%')
            return true;
    }
    return false;
}

/* A format code shows a date or a time: one of y m d h s (or the Japanese
 * era's g and e, not E+ of an exponent) outside quotes, escapes, the
 * padding pairs _x and *x, and brackets other than the elapsed [h] [mm]
 * [ss]; "General" is no date. */
bool xlsx_code_date(const char *code)
{
    bool quoted = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
            p++;
        } else if (*p == '[') {
            const char *q = strchr(p, ']');
            if (!q) return false;
            char c0 = (char)(p[1] | 0x20);
            const char *r = p + 1;
            while (r < q && (char)(*r | 0x20) == c0)
                r++;
            if (r == q && q - p > 1 && (c0 == 'h' || c0 == 'm' || c0 == 's')) return true;
            p = q; /* [Red], [$-411], [>=100] */
        } else if (strncasecmp(p, "general", 7) == 0) {
            p += 6;
        } else {
            char c = (char)(*p | 0x20);
            if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's' || c == 'g') return true;
            if (c == 'e' && p[1] != '+' && p[1] != '-') return true;
        }
    }
    return false;
}

/* The kind of a built-in numFmtId: 9 and 10 the percentages; 14-22 and
 * 45-47 dates and times, 27-36 and 50-58 those of East Asian locales
 * (Japanese Excel's 和暦 and 年月日 among them). */
unsigned char xlsx_builtin_kind(long f)
{
    if (f == 9 || f == 10) return XF_PERCENT;
    if ((f >= 14 && f <= 22) || (f >= 27 && f <= 36) || (f >= 45 && f <= 47) ||
        (f >= 50 && f <= 58))
        return XF_DATE;
    return XF_PLAIN;
}
