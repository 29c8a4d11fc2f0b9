/*
 * xlsx_read.c — reading the cells of any writer's .xlsx (xlsx.h): the zip
 * through libzip, each part streamed through expat, with the bounds that a
 * file from outside needs (part sizes, compression ratio, no DOCTYPE). What
 * a cell's value and number format mean as text is xlsx_cell.c's.
 */
#include <expat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "gyokaku/i18n.h"
#include "gyokaku/xlsx.h"
#include "io_int.h"

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
        char *t = xlsx_string_text(c->text.p ? c->text.p : "", c->text.n);
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
        c->fmts[c->nfmt++].kind = xlsx_code_percent(code) ? XF_PERCENT
                                  : xlsx_code_date(code)  ? XF_DATE
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
        unsigned char kind = xlsx_builtin_kind(f);
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
            v = xlsx_string_text(raw, c->text.n);
        } else if (strcmp(c->type, "b") == 0) {
            v = strdup(strcmp(raw, "1") == 0 ? "TRUE" : "FALSE");
        } else if (strcmp(c->type, "n") == 0) {
            v = c->kind == XF_PERCENT ? xlsx_percent_text(raw)
                : c->kind == XF_DATE  ? xlsx_date_text(raw, c->x->date1904)
                                      : xlsx_number_text(raw);
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
