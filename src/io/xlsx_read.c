/*
 * xlsx_read.c — reading the cells of any writer's .xlsx (xlsx.h): the zip
 * through libzip, each part streamed through expat, with the bounds that a
 * file from outside needs (part sizes, compression ratio, no DOCTYPE).
 */
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "gyokaku/i18n.h"
#include "gyokaku/xlsx.h"

typedef struct sheet_ref {
    char *name, *rid, *path;
} sheet_ref;

struct gk_xlsx {
    zip_t *za;
    sheet_ref *sheets;
    size_t nsheets;
    char **sst; /* shared strings */
    size_t nsst, capsst, sstbytes;
    char *sst_path, *styles_path;
    /* per cell style (cellXfs index): XF_PERCENT, a percent number format,
     * under which Excel keeps "52.8%" typed by a clerk as 0.528; XF_DATE, a
     * date or time format, under which it keeps a date as a day count */
    unsigned char *xf_kind;
    size_t nxf;
    bool date1904; /* day counts from 1904-01-01 (Excel for Mac's old default) */
};

enum { XF_PLAIN, XF_PERCENT, XF_DATE };

/* --- a growing text buffer --------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n, cap;
    bool over; /* past GK_XLSX_MAX_CELL */
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->over) return;
    if (b->n + n > GK_XLSX_MAX_CELL) {
        b->over = true;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->over = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_reset(buf *b)
{
    b->n = 0;
    b->over = false;
    if (b->p) b->p[0] = '\0';
}

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
static char *string_text(const char *s, size_t n)
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
static char *number_text(const char *v)
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
static char *percent_text(const char *v)
{
    char *t = number_text(v);
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
static char *date_text(const char *v, bool date1904)
{
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ')
        end++;
    if (end == v || *end || !isfinite(d) || d < 0 || d >= 2958466) return number_text(v);
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

/* --- streaming a part through expat --------------------------------------------------- */

typedef struct parse_ctx {
    XML_Parser p;
    gk_error *err;
    bool failed;
} parse_ctx;

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

/* An attribute with a namespace prefix (r:id), which Id without one is not. */
static const char *attr_prefixed(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strchr(atts[i], ':') && strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

static void fail(parse_ctx *c, const char *msg)
{
    if (!c->failed) gk_error_set(c->err, "%s", msg);
    c->failed = true;
    XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    fail(ud, _("it declares a DOCTYPE, which no workbook has (refused: XML entity expansion)"));
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    fail(ud, _("it declares an XML entity (refused: XML entity expansion)"));
}

/* Streams part name of x through a parser whose user data is ctx (its first
 * member a parse_ctx). Returns 0, or -1 with err "PART: ...". */
static int parse_part(gk_xlsx *x, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler chars, parse_ctx *ctx,
                      gk_error *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(x->za, name, 0, &st) != 0) {
        gk_error_set(err, _("%s: missing from the workbook"), name);
        return -1;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > GK_XLSX_MAX_PART) {
        gk_error_set(err, _("%s: %llu bytes uncompressed, over the limit of %u MiB (refused)"),
                     name, (unsigned long long)st.size, GK_XLSX_MAX_PART >> 20);
        return -1;
    }
    zip_uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    zip_file_t *zf = zip_fopen(x->za, name, 0);
    if (!zf) {
        gk_error_set(err, _("%s: cannot be read (libzip: %s)"), name, zip_strerror(x->za));
        return -1;
    }
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        zip_fclose(zf);
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    ctx->p = p;
    ctx->err = err;
    ctx->failed = false;
    XML_SetUserData(p, ctx);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    char chunk[65536];
    zip_uint64_t total = 0;
    int rc = 0;
    for (;;) {
        zip_int64_t got = zip_fread(zf, chunk, sizeof chunk);
        if (got < 0) {
            zip_error_t *ze = zip_file_get_error(zf);
            gk_error_set(err, _("%s: damaged or truncated (libzip: %s)"), name,
                         zip_error_strerror(ze));
            rc = -1;
            break;
        }
        total += (zip_uint64_t)got;
        if (total > GK_XLSX_MAX_PART) {
            gk_error_set(err, _("%s: more than %u MiB uncompressed (refused)"), name,
                         GK_XLSX_MAX_PART >> 20);
            rc = -1;
            break;
        }
        if (total > (1u << 20) && total / (comp ? comp : 1) > GK_XLSX_MAX_RATIO) {
            gk_error_set(err,
                         _("%s: compressed more than %d to 1 (refused: a zip bomb, not a "
                           "workbook)"),
                         name, GK_XLSX_MAX_RATIO);
            rc = -1;
            break;
        }
        if (XML_Parse(p, chunk, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (!ctx->failed)
                gk_error_set(err, _("line %lu: %s"), (unsigned long)XML_GetCurrentLineNumber(p),
                             XML_ErrorString(XML_GetErrorCode(p)));
            gk_error_prefix(err, "%s", name);
            rc = -1;
            break;
        }
        if (got == 0) break;
    }
    XML_ParserFree(p);
    zip_fclose(zf);
    return rc;
}

/* --- workbook.xml and its relationships ------------------------------------------------ */

typedef struct wb_ctx {
    parse_ctx pc;
    gk_xlsx *x;
    size_t cap;
} wb_ctx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_ctx *c = ud;
    if (strcmp(local(name), "workbookPr") == 0) {
        /* Excel repeats the element as x14:workbookPr in its extensions,
         * without the attribute */
        const char *v = attr(atts, "date1904");
        if (v) c->x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
        return;
    }
    if (strcmp(local(name), "sheet") != 0) return;
    const char *n = attr(atts, "name"), *rid = attr_prefixed(atts, "id");
    if (!n || !rid) return;
    if (c->x->nsheets >= 4096) return fail(&c->pc, _("too many sheets"));
    if (c->x->nsheets == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        sheet_ref *s = realloc(c->x->sheets, cap * sizeof *s);
        if (!s) return fail(&c->pc, _("out of memory"));
        c->x->sheets = s;
        c->cap = cap;
    }
    sheet_ref *s = &c->x->sheets[c->x->nsheets++];
    s->name = strdup(n);
    s->rid = strdup(rid);
    s->path = NULL;
    if (!s->name || !s->rid) fail(&c->pc, _("out of memory"));
}

static void XMLCALL no_end(void *ud, const XML_Char *name) {}
static void XMLCALL no_chars(void *ud, const XML_Char *s, int len) {}

/* Target of a relationship, relative to xl/ (or absolute from the root). */
static char *part_path(const char *target)
{
    char *p;
    if (target[0] == '/') return strdup(target + 1);
    if (asprintf(&p, "xl/%s", target) < 0) return NULL;
    return p;
}

static void XMLCALL rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_ctx *c = ud;
    if (strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    if (!id || !target) return;
    size_t tl = type ? strlen(type) : 0;
    if (type && tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0) {
        free(c->x->sst_path);
        c->x->sst_path = part_path(target);
        return;
    }
    if (type && tl >= 7 && strcmp(type + tl - 7, "/styles") == 0) {
        free(c->x->styles_path);
        c->x->styles_path = part_path(target);
        return;
    }
    for (size_t i = 0; i < c->x->nsheets; i++)
        if (strcmp(c->x->sheets[i].rid, id) == 0 && !c->x->sheets[i].path)
            c->x->sheets[i].path = part_path(target);
}

/* --- shared strings ------------------------------------------------------------------- */

typedef struct sst_ctx {
    parse_ctx pc;
    gk_xlsx *x;
    buf text;
    bool in_si, in_t;
    int in_rph; /* phonetic runs (ふりがな) are not the cell's text */
} sst_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sst_ctx *c = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        c->in_si = true;
        buf_reset(&c->text);
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph++;
    } else if (strcmp(l, "t") == 0 && c->in_si && !c->in_rph) {
        c->in_t = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_ctx *c = ud;
    const char *l = local(name);
    if (strcmp(l, "t") == 0) {
        c->in_t = false;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph--;
    } else if (strcmp(l, "si") == 0 && c->in_si) {
        c->in_si = false;
        gk_xlsx *x = c->x;
        if (c->text.over) return fail(&c->pc, _("a shared string is too long"));
        if (x->nsst >= GK_XLSX_MAX_STRINGS) return fail(&c->pc, _("too many shared strings"));
        if (x->nsst == x->capsst) {
            size_t cap = x->capsst ? x->capsst * 2 : 256;
            char **s = realloc(x->sst, cap * sizeof *s);
            if (!s) return fail(&c->pc, _("out of memory"));
            x->sst = s;
            x->capsst = cap;
        }
        char *t = string_text(c->text.p ? c->text.p : "", c->text.n);
        if (!t) return fail(&c->pc, _("out of memory"));
        x->sst[x->nsst++] = t;
    }
}

static void XMLCALL sst_chars(void *ud, const XML_Char *s, int len)
{
    sst_ctx *c = ud;
    if (c->in_t) buf_add(&c->text, s, (size_t)len);
}

/* --- styles: which cell formats show percentages or dates -------------------------- */

typedef struct fmt_kind {
    long id;
    unsigned char kind;
} fmt_kind;

typedef struct styles_ctx {
    parse_ctx pc;
    gk_xlsx *x;
    int in_xfs;
    fmt_kind *fmts; /* custom numFmtIds: the kind their code shows */
    size_t nfmt, capfmt;
    size_t capxf;
} styles_ctx;

/* A format code shows a percentage: a % outside quotes and brackets. */
static bool code_percent(const char *code)
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
static bool code_date(const char *code)
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
static unsigned char builtin_kind(long f)
{
    if (f == 9 || f == 10) return XF_PERCENT;
    if ((f >= 14 && f <= 22) || (f >= 27 && f <= 36) || (f >= 45 && f <= 47) ||
        (f >= 50 && f <= 58))
        return XF_DATE;
    return XF_PLAIN;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    styles_ctx *c = ud;
    const char *l = local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code || c->nfmt >= 4096) return;
        if (c->nfmt == c->capfmt) {
            size_t cap = c->capfmt ? c->capfmt * 2 : 8;
            fmt_kind *p = realloc(c->fmts, cap * sizeof *p);
            if (!p) return fail(&c->pc, _("out of memory"));
            c->fmts = p;
            c->capfmt = cap;
        }
        c->fmts[c->nfmt].id = strtol(id, NULL, 10);
        c->fmts[c->nfmt++].kind = code_percent(code) ? XF_PERCENT
                                  : code_date(code)  ? XF_DATE
                                                     : XF_PLAIN;
    } else if (strcmp(l, "cellXfs") == 0) {
        c->in_xfs++;
    } else if (strcmp(l, "xf") == 0 && c->in_xfs) {
        gk_xlsx *x = c->x;
        if (x->nxf >= 65536) return fail(&c->pc, _("too many cell styles"));
        if (x->nxf == c->capxf) {
            size_t cap = c->capxf ? c->capxf * 2 : 64;
            unsigned char *p = realloc(x->xf_kind, cap);
            if (!p) return fail(&c->pc, _("out of memory"));
            x->xf_kind = p;
            c->capxf = cap;
        }
        const char *id = attr(atts, "numFmtId");
        long f = id ? strtol(id, NULL, 10) : 0;
        unsigned char kind = builtin_kind(f);
        for (size_t i = 0; i < c->nfmt; i++) /* a code written out wins */
            if (c->fmts[i].id == f) kind = c->fmts[i].kind;
        x->xf_kind[x->nxf++] = kind;
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
    styles_ctx *c = ud;
    if (strcmp(local(name), "cellXfs") == 0 && c->in_xfs) c->in_xfs--;
}

/* --- opening ---------------------------------------------------------------------------- */

static gk_xlsx *open_archive(zip_t *za, gk_error *err)
{
    gk_xlsx *x = calloc(1, sizeof *x);
    if (!x) {
        zip_close(za);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    x->za = za;
    if (zip_get_num_entries(za, 0) > 10000) {
        gk_error_set(err, _("too many parts in the zip (refused)"));
        gk_xlsx_close(x);
        return NULL;
    }
    wb_ctx wc = {.x = x};
    if (parse_part(x, "xl/workbook.xml", wb_start, no_end, no_chars, &wc.pc, err) != 0 ||
        parse_part(x, "xl/_rels/workbook.xml.rels", rel_start, no_end, no_chars, &wc.pc, err) !=
            0) {
        gk_xlsx_close(x);
        return NULL;
    }
    const char *sst = x->sst_path ? x->sst_path : "xl/sharedStrings.xml";
    if (zip_name_locate(za, sst, 0) >= 0) {
        sst_ctx sc = {.x = x};
        int rc = parse_part(x, sst, sst_start, sst_end, sst_chars, &sc.pc, err);
        free(sc.text.p);
        if (rc != 0) {
            gk_xlsx_close(x);
            return NULL;
        }
    }
    const char *styles = x->styles_path ? x->styles_path : "xl/styles.xml";
    if (zip_name_locate(za, styles, 0) >= 0) {
        styles_ctx sc = {.x = x};
        int rc = parse_part(x, styles, st_start, st_end, no_chars, &sc.pc, err);
        free(sc.fmts);
        if (rc != 0) {
            gk_xlsx_close(x);
            return NULL;
        }
    }
    return x;
}

static void zip_err(int code, gk_error *err)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    /* gyokaku's words; libzip's own text kept in parentheses for the
     * administrator, as the store keeps SQLite's (gk_sqlite_reason) */
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
        gk_error_set(err, _("not a workbook (.xlsx), or truncated (libzip: %s)"),
                     zip_error_strerror(&ze));
    else if (code == ZIP_ER_NOENT)
        gk_error_set(err, _("no such file (libzip: %s)"), zip_error_strerror(&ze));
    else if (code == ZIP_ER_OPEN || code == ZIP_ER_READ)
        gk_error_set(err, _("the file cannot be opened or read (libzip: %s)"),
                     zip_error_strerror(&ze));
    else if (code == ZIP_ER_MEMORY)
        gk_error_set(err, "%s", _("out of memory"));
    else
        gk_error_set(err, _("the workbook cannot be read (libzip: %s)"), zip_error_strerror(&ze));
    zip_error_fini(&ze);
}

gk_xlsx *gk_xlsx_open(const char *path, gk_error *err)
{
    int code = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!za) {
        zip_err(code, err);
        return NULL;
    }
    return open_archive(za, err);
}

gk_xlsx *gk_xlsx_open_mem(const void *data, size_t len, gk_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        gk_error_set(err, "%s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        zip_source_free(src);
        zip_err(zip_error_code_zip(&ze), err);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    return open_archive(za, err);
}

void gk_xlsx_close(gk_xlsx *x)
{
    if (!x) return;
    if (x->za) zip_discard(x->za);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].path);
    }
    free(x->sheets);
    for (size_t i = 0; i < x->nsst; i++)
        free(x->sst[i]);
    free(x->sst);
    free(x->sst_path);
    free(x->styles_path);
    free(x->xf_kind);
    free(x);
}

int gk_xlsx_has_sheet(const gk_xlsx *x, const char *name)
{
    for (size_t i = 0; i < x->nsheets; i++)
        if (strcmp(x->sheets[i].name, name) == 0 && x->sheets[i].path) return 1;
    return 0;
}

const char *gk_xlsx_col_name(size_t c, char out[8])
{
    char t[8];
    int n = 0;
    c++;
    while (c && n < 7) {
        t[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = t[n - 1 - i];
    out[n] = '\0';
    return out;
}

/* --- worksheets ------------------------------------------------------------------------- */

typedef struct ws_ctx {
    parse_ctx pc;
    gk_xlsx *x;
    gk_xlsx_row_fn fn;
    void *fctx;
    char *cells[GK_XLSX_MAX_COLS];
    size_t ncells;
    long row, lastrow;
    long col; /* current cell's column, -1 beyond the ones read */
    long lastcol;
    char type[12];
    unsigned char kind; /* the cell's style: XF_PLAIN, XF_PERCENT, XF_DATE */
    buf text;
    bool in_v, in_is, in_t;
    int in_rph;
} ws_ctx;

static void clear_cells(ws_ctx *c)
{
    for (size_t i = 0; i < c->ncells; i++) {
        free(c->cells[i]);
        c->cells[i] = NULL;
    }
    c->ncells = 0;
}

/* "L12" -> column 11, row 12; -1 when malformed. */
static int parse_ref(const char *r, long *col, long *row)
{
    long cc = 0, rr = 0;
    const char *p = r;
    while (*p >= 'A' && *p <= 'Z' && cc < 100000)
        cc = cc * 26 + (*p++ - 'A' + 1);
    if (p == r) return -1;
    const char *d = p;
    while (*p >= '0' && *p <= '9' && rr < 100000000)
        rr = rr * 10 + (*p++ - '0');
    if (*p || p == d || rr < 1) return -1;
    *col = cc - 1;
    *row = rr;
    return 0;
}

static void XMLCALL ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ws_ctx *c = ud;
    const char *l = local(name);
    if (strcmp(l, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = c->lastrow + 1;
        if (r) {
            char *end;
            n = strtol(r, &end, 10);
            if (*end || n < 1 || n > 100000000) return fail(&c->pc, _("a row number is malformed"));
        }
        c->row = n;
        c->lastcol = -1;
        clear_cells(c);
    } else if (strcmp(l, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long col = c->lastcol + 1, row = c->row;
        if (r && parse_ref(r, &col, &row) != 0)
            return fail(&c->pc, _("a cell reference is malformed"));
        if (row != c->row) return fail(&c->pc, _("a cell stands in the wrong row"));
        c->lastcol = col;
        c->col = col < GK_XLSX_MAX_COLS ? col : -1;
        snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
        const char *st = attr(atts, "s");
        unsigned long xf = st ? strtoul(st, NULL, 10) : 0;
        c->kind = st && xf < c->x->nxf ? c->x->xf_kind[xf] : XF_PLAIN;
        buf_reset(&c->text);
    } else if (strcmp(l, "v") == 0) {
        c->in_v = true;
    } else if (strcmp(l, "is") == 0) {
        c->in_is = true;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph++;
    } else if (strcmp(l, "t") == 0 && c->in_is && !c->in_rph) {
        c->in_t = true;
    }
}

static void XMLCALL ws_end(void *ud, const XML_Char *name)
{
    ws_ctx *c = ud;
    const char *l = local(name);
    if (strcmp(l, "v") == 0) {
        c->in_v = false;
    } else if (strcmp(l, "t") == 0) {
        c->in_t = false;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph--;
    } else if (strcmp(l, "is") == 0) {
        c->in_is = false;
    } else if (strcmp(l, "c") == 0) {
        if (c->col < 0) return;
        if (c->text.over) return fail(&c->pc, _("a cell's text is too long"));
        const char *raw = c->text.p ? c->text.p : "";
        char *v = NULL;
        if (!*raw) return; /* a cell with a style and no value is empty */
        if (strcmp(c->type, "s") == 0) {
            char *end;
            unsigned long i = strtoul(raw, &end, 10);
            if (end == raw || *end || i >= c->x->nsst)
                return fail(&c->pc, _("a cell names a shared string that does not exist"));
            v = strdup(c->x->sst[i]);
        } else if (strcmp(c->type, "inlineStr") == 0 || strcmp(c->type, "str") == 0) {
            v = string_text(raw, c->text.n);
        } else if (strcmp(c->type, "b") == 0) {
            v = strdup(strcmp(raw, "1") == 0 ? "TRUE" : "FALSE");
        } else if (strcmp(c->type, "n") == 0) {
            v = c->kind == XF_PERCENT ? percent_text(raw)
                : c->kind == XF_DATE  ? date_text(raw, c->x->date1904)
                                      : number_text(raw);
            if (!v && *raw) return fail(&c->pc, _("a number cell holds no number"));
        } else { /* e (errors), d (dates): as written */
            v = strdup(raw);
        }
        if (v && !*v) {
            free(v);
            v = NULL;
        }
        if (!v) return;
        size_t col = (size_t)c->col;
        free(c->cells[col]);
        c->cells[col] = v;
        if (col + 1 > c->ncells) c->ncells = col + 1;
    } else if (strcmp(l, "row") == 0) {
        c->lastrow = c->row;
        if (c->ncells &&
            c->fn(c->fctx, c->row, (const char *const *)c->cells, c->ncells, c->pc.err) != 0) {
            c->pc.failed = true;
            XML_StopParser(c->pc.p, XML_FALSE);
        }
        clear_cells(c);
    }
}

static void XMLCALL ws_chars(void *ud, const XML_Char *s, int len)
{
    ws_ctx *c = ud;
    if (c->col >= 0 && (c->in_v || c->in_t)) buf_add(&c->text, s, (size_t)len);
}

int gk_xlsx_read_rows(gk_xlsx *x, const char *name, gk_xlsx_row_fn fn, void *ctx, gk_error *err)
{
    const sheet_ref *ref = NULL;
    for (size_t i = 0; i < x->nsheets && !ref; i++)
        if (strcmp(x->sheets[i].name, name) == 0) ref = &x->sheets[i];
    if (!ref || !ref->path) {
        gk_error_set(err, _("the workbook has no sheet %s"), name);
        return -1;
    }
    ws_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    c->x = x;
    c->fn = fn;
    c->fctx = ctx;
    c->col = -1;
    int rc = parse_part(x, ref->path, ws_start, ws_end, ws_chars, &c->pc, err);
    if (rc != 0 && !strstr(err ? err->msg : "", name)) gk_error_prefix(err, _("sheet %s"), name);
    clear_cells(c);
    free(c->text.p);
    free(c);
    return rc;
}
