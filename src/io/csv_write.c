/*
 * csv_write.c — RFC 4180 writer in UTF-8 (optional BOM) or CP932 (see
 * csv.h). Fields are quoted only when they must be, so that a file written
 * here and read back and written again is byte-identical.
 */
#include "gyokaku/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"
#include "io_int.h"

struct gk_csv_writer {
    FILE *out;
    gk_csv_writer_opts o;
    iconv_t cd;
    long row;
    size_t col;
    gk_error *err;
};

gk_csv_writer *gk_csv_writer_open(FILE *out, const gk_csv_writer_opts *opts, gk_error *err)
{
    gk_csv_writer *w = calloc(1, sizeof *w);
    if (!w) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    w->out = out;
    w->o = *opts;
    w->cd = (iconv_t)-1;
    if (w->o.enc == GK_ENC_CP932 && (w->cd = iconv_open("CP932", "UTF-8")) == (iconv_t)-1) {
        gk_error_set(err, _("this system cannot convert to CP932 (iconv)"));
        free(w);
        return NULL;
    }
    if (w->o.enc != GK_ENC_CP932 && w->o.bom && fwrite("\xef\xbb\xbf", 1, 3, out) != 3) {
        gk_error_set(err, _("cannot write: %s"), strerror(errno));
        free(w);
        return NULL;
    }
    return w;
}

static const char *column_name(const gk_csv_writer *w, char *buf, size_t n)
{
    if (w->o.column_names) return w->o.column_names[w->col];
    snprintf(buf, n, "%zu", w->col + 1);
    return buf;
}

static void on_subst(void *ctx, uint32_t cp, const char *replacement)
{
    gk_csv_writer *w = ctx;
    char buf[24];
    if (w->o.on_subst)
        w->o.on_subst(w->o.subst_ctx, w->row, column_name(w, buf, sizeof buf), cp, replacement);
}

/* Writes bytes, converted to the output encoding. The stream is this
 * writer's alone: written without taking its lock for every field. */
static int put(gk_csv_writer *w, const char *s, size_t len, gk_error *err)
{
    if (len == 0) return 0;
    if (w->o.enc != GK_ENC_CP932) return fwrite_unlocked(s, 1, len, w->out) == len ? 0 : -1;
    size_t n;
    uint32_t bad = 0;
    char *c = gk_cp932_encode(w->cd, s, len, w->o.substitute, &n, &bad, on_subst, w, err);
    if (!c) {
        if (bad) {
            char ch[8] = {0}, buf[24];
            gk_utf8_encode(bad, ch);
            gk_error_set(err,
                         _("row %ld, column %s: the character %s (U+%04X) cannot be written in "
                           "CP932 (use --substitute, or UTF-8)"),
                         w->row, column_name(w, buf, sizeof buf), ch, (unsigned)bad);
        }
        return -1;
    }
    int rc = fwrite_unlocked(c, 1, n, w->out) == n ? 0 : -1;
    free(c);
    return rc;
}

/* After the leading quotes, a character that starts a formula in Excel:
 * = + - @ TAB CR, or their full-width forms ＝ ＋ － ＠ (Excel with a
 * Japanese IME takes them as the ASCII ones), also after leading spaces
 * (ASCII, U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE), which Excel
 * skips. */
static bool formula_start(const char *cell)
{
    cell += strspn(cell, "'");
    for (;;) {
        if (*cell == ' ')
            cell++;
        else if (strncmp(cell, "\xe3\x80\x80", 3) == 0) /* stops at the NUL */
            cell += 3;
        else if (strncmp(cell, "\xc2\xa0", 2) == 0)
            cell += 2;
        else
            break;
    }
    static const char *const wide[] = {"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d",
                                       "\xef\xbc\xa0"}; /* ＝ ＋ － ＠ */
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (strncmp(cell, wide[i], 3) == 0) return true;
    return *cell && strchr("=+-@\t\r", *cell) != NULL;
}

bool gk_csv_needs_guard(const char *cell)
{
    return cell && formula_start(cell) && !gk_value_is_number_cell(cell);
}

const char *gk_csv_unguard(const char *cell)
{
    return cell && cell[0] == '\'' && formula_start(cell) ? cell + 1 : cell;
}

static bool needs_quotes(const char *f)
{
    return strpbrk(f, ",\"\r\n") != NULL;
}

static int put_field(gk_csv_writer *w, const char *f, gk_error *err)
{
    const char *guard = w->o.guard && gk_csv_needs_guard(f) ? "'" : "";
    if (!needs_quotes(f))
        return put(w, guard, strlen(guard), err) != 0 || put(w, f, strlen(f), err) != 0 ? -1 : 0;
    if (put(w, "\"", 1, err) != 0 || put(w, guard, strlen(guard), err) != 0) return -1;
    for (const char *q; (q = strchr(f, '"')); f = q + 1)
        if (put(w, f, (size_t)(q - f) + 1, err) != 0 || put(w, "\"", 1, err) != 0) return -1;
    return put(w, f, strlen(f), err) != 0 || put(w, "\"", 1, err) != 0 ? -1 : 0;
}

int gk_csv_write(gk_csv_writer *w, const char *const *fields, size_t n, gk_error *err)
{
    w->row++;
    err = err ? err : w->err;
    gk_error local; /* only its first byte set: not 1 KiB cleared for every field */
    local.msg[0] = '\0';
    for (w->col = 0; w->col < n; w->col++) {
        const char *f = fields[w->col] ? fields[w->col] : "";
        if ((w->col > 0 && put(w, ",", 1, &local) != 0) || put_field(w, f, &local) != 0) {
            if (!local.msg[0])
                snprintf(local.msg, sizeof local.msg, _("cannot write: %s"), strerror(errno));
            if (err) *err = local;
            return -1;
        }
    }
    const char *eol = w->o.crlf ? "\r\n" : "\n";
    if (fwrite_unlocked(eol, 1, strlen(eol), w->out) != strlen(eol)) {
        gk_error_set(err, _("cannot write: %s"), strerror(errno));
        return -1;
    }
    return 0;
}

int gk_csv_writer_close(gk_csv_writer *w, gk_error *err)
{
    int rc = fflush(w->out) == 0 ? 0 : -1;
    if (rc != 0) gk_error_set(err, _("cannot write: %s"), strerror(errno));
    if (w->cd != (iconv_t)-1) iconv_close(w->cd);
    free(w);
    return rc;
}
