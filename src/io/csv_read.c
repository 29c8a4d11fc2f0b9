/*
 * csv_read.c — streaming RFC 4180 reader (see csv.h).
 *
 * Two layers: a decoder that turns the input, chunk by chunk, into UTF-8
 * (validating UTF-8, or converting CP932 with iconv and carrying a sequence
 * cut at a chunk boundary into the next chunk), and a parser that walks the
 * decoded bytes, counting lines and character columns for messages. A
 * decoding error is raised by the parser when it reaches the bad byte, so
 * the message names that byte's line and column. Only the current record is
 * kept in memory.
 *
 * Auto detection reads the input twice: a scan (through the reader's own
 * buffer) decides the encoding and remembers where UTF-8 failed, then the
 * parse decodes and validates every byte again — the scan only chooses,
 * it never vouches for what is parsed — and must find exactly as many
 * bytes as the scan did. Both stop at the first NUL byte and at the size
 * limit, whatever the encoding, so that no input is read without end.
 * A caller that can start over (GK_CSV_MAY_RESTART: the importer) skips the
 * scan on a rewindable input: the parse reads it as UTF-8, and the first
 * byte that is not UTF-8 sends it back to the start as CP932, with the
 * position the scan would have recorded; a caller that fails before the
 * end has gk_csv_settle run the scan, so that every outcome is the scan's.
 */
#include "gyokaku/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

#define CHUNK 65536
#define RECORD_MAX (4 * GK_CSV_FIELD_MAX)

/* Why decoding stopped (raised by the parser when it reaches that point). */
typedef enum bad_kind {
    BAD_NONE,
    BAD_UTF8,         /* invalid UTF-8 byte (bad_byte) */
    BAD_UTF8_CUT,     /* a UTF-8 sequence cut off by the end of the input */
    BAD_UTF8_CHANGED, /* invalid UTF-8 in a file the scan had found valid */
    BAD_CP932,        /* bytes that are not CP932 (bad_byte) */
    BAD_CP932_CUT,    /* a CP932 character cut off by the end of the input */
    BAD_LIMIT,        /* the input is longer than max_bytes */
    BAD_GREW,         /* longer than the scan saw: changed while read */
    BAD_SHRANK,       /* shorter than the scan saw: changed while read */
    BAD_READ,         /* a read error (bad_errno) */
} bad_kind;

struct gk_csv_reader {
    FILE *in;
    FILE *spool; /* a pipe copied for auto detection; read instead of in */
    char name[512];
    gk_encoding enc;
    iconv_t cd;
    /* auto without a scan (GK_CSV_MAY_RESTART, a rewindable input): read
     * as UTF-8 until a byte says otherwise, then from `start` as CP932 */
    bool guessing;
    long start;
    /* what the detection scan saw (auto only) */
    bool detected;            /* the encoding was chosen by the scan (or the guess failed) */
    bool scanned_all;         /* the scan reached the end: the parse must read exactly `scanned` */
    uint64_t scanned;         /* bytes the scan read */
    bool utf8_failed;         /* the input is not UTF-8: */
    bool utf8_cut;            /* a sequence cut off at the end, else */
    unsigned char utf8_byte;  /* the first byte that is not UTF-8, */
    long utf8_line, utf8_col; /* at this line and column */
    /* limits */
    uint64_t max_bytes; /* input size limit */
    uint64_t nread;     /* bytes read by the parse */
    /* decoder */
    char raw[CHUNK + 8];
    size_t raw_len;           /* undecoded bytes carried over */
    char dec[CHUNK * 3 + 64]; /* CP932 -> UTF-8 grows at most 3x */
    size_t dec_len, dec_pos;
    bool eof;     /* input exhausted and decoded */
    bad_kind bad; /* decoding stopped at dec_len: error below */
    unsigned char bad_byte;
    int bad_errno;
    bool started; /* BOM handled */
    /* parser position */
    long line, col;
    /* the record */
    char *buf;
    size_t len, cap;
    size_t *starts;
    char **fields;
    size_t *lens;
    size_t nfields;
    gk_csv_record rec;
};

int gk_encoding_parse(const char *name, gk_encoding *out, gk_error *err)
{
    static const struct {
        const char *name;
        gk_encoding enc;
    } names[] = {
        {"auto", GK_ENC_AUTO},       {"utf-8", GK_ENC_UTF8},        {"utf8", GK_ENC_UTF8},
        {"cp932", GK_ENC_CP932},     {"windows-31j", GK_ENC_CP932}, {"sjis", GK_ENC_CP932},
        {"shift_jis", GK_ENC_CP932}, {"shift-jis", GK_ENC_CP932},   {"ms932", GK_ENC_CP932},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].enc;
            return 0;
        }
    gk_error_set(err, _("unknown encoding %s (auto, utf-8 or cp932)"), name);
    return -1;
}

const char *gk_encoding_name(gk_encoding enc)
{
    return enc == GK_ENC_CP932 ? "CP932" : enc == GK_ENC_UTF8 ? "UTF-8" : "auto";
}

gk_encoding gk_csv_encoding(const gk_csv_reader *r)
{
    return r->enc;
}

bool gk_csv_not_utf8_at(const gk_csv_reader *r, long *line, long *col)
{
    if (!r->detected || !r->utf8_failed) return false;
    *line = r->utf8_line;
    *col = r->utf8_col;
    return true;
}

static FILE *source(gk_csv_reader *r)
{
    return r->spool ? r->spool : r->in;
}

/* --- UTF-8 ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 prefix of s[0..n) that does not end inside a
 * sequence (the rest may be completed by the next chunk). Sets *invalid. */
static size_t utf8_prefix(const char *s, size_t n, bool *invalid)
{
    size_t i = 0;
    *invalid = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII runs, eight bytes at a time */
            i++;
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080u) break;
                i += 8;
            }
            continue;
        }
        /* the three-byte sequences of Japanese text (U+1000..U+CFFF and
         * U+E000..U+FFFF: no overlong form, no surrogate) checked inline;
         * everything else by gk_utf8_decode below */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* two of them at a time while they follow each other: six bytes
         * lead, continuation, continuation twice, the leads 0xE1..0xEF
         * but 0xED (0xE0 and 0xED need their second byte checked: below) */
        if (c >= 0xE1 && n - i >= 8) {
            size_t at = i;
            do {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if ((w & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u) break;
                unsigned l0 = (unsigned)(w & 0x0F), l1 = (unsigned)(w >> 24 & 0x0F);
                if (!l0 || l0 == 0xD || !l1 || l1 == 0xD) break;
                i += 6;
            } while (n - i >= 8);
            if (i != at) continue;
        }
#endif
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
            ((((unsigned)(unsigned char)s[i + 1] << 8) | (unsigned char)s[i + 2]) & 0xC0C0) ==
                0x8080) {
            i += 3;
            continue;
        }
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - i < need && c >= 0xC2 && c <= 0xF4) {
            bool prefix_ok = true; /* a cut sequence: valid so far? */
            for (size_t k = i + 1; k < n; k++)
                prefix_ok &= ((unsigned char)s[k] & 0xC0) == 0x80;
            if (prefix_ok) return i;
        }
        uint32_t cp;
        size_t used = gk_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && used == 1) {
            *invalid = true;
            return i;
        }
        i += used;
    }
    return i;
}

/* --- auto detection --------------------------------------------------------------- */

/* Line and column (as the parser counts them: a line ends at LF, CRLF or a
 * lone CR; columns count characters, a leading BOM not included) of the
 * byte at offset `at` of f, read from its current position. */
static int position_at(gk_csv_reader *r, FILE *f, uint64_t at, long *line, long *col)
{
    uint64_t off = 0;
    long ln = 1, cl = 0;
    bool cr = false;
    while (off < at) {
        size_t want = at - off < CHUNK ? (size_t)(at - off) : CHUNK;
        size_t n = fread(r->raw, 1, want, f);
        if (n == 0) return -1;
        size_t i = 0;
        if (off == 0 && n >= 3 && memcmp(r->raw, "\xef\xbb\xbf", 3) == 0)
            i = 3, off = 3; /* the BOM, which the parser drops */
        for (; i < n; i++, off++) {
            unsigned char c = (unsigned char)r->raw[i];
            if (c == '\r') {
                ln++;
                cl = 0;
                cr = true;
                continue;
            }
            if (c == '\n') {
                if (!cr) ln++;
                cl = 0;
            } else if ((c & 0xC0) != 0x80) {
                cl++;
            }
            cr = false;
        }
    }
    *line = ln;
    *col = cl + 1;
    return 0;
}

/* Whether `in` can be read twice: a regular file, or a stream without a
 * file descriptor (a memory stream) that can seek. Pipes, terminals and
 * devices are spooled. */
static bool rewindable(FILE *in, long *start)
{
    int fd = fileno(in);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) return false;
    *start = ftell(in);
    return *start >= 0 && fseek(in, *start, SEEK_SET) == 0;
}

/* Reads the input once, up to the first NUL byte or one byte past the size
 * limit (the parse reports either where it reaches it), and decides
 * whether it is UTF-8; remembers where it stopped being UTF-8. Rewinds
 * the input, or spools a pipe to a temporary file first. The bytes go
 * through r->raw: nothing of the input's size is on the stack. */
static int detect(gk_csv_reader *r, bool *is_utf8, gk_error *err)
{
    long start = 0;
    if (!rewindable(r->in, &start) && !(r->spool = tmpfile())) {
        gk_error_set(err, _("%s: cannot create a temporary file: %s"), r->name, strerror(errno));
        return -1;
    }
    char *buf = r->raw;
    size_t carry = 0; /* the start of a UTF-8 sequence cut by the chunk's end (< 4 bytes) */
    uint64_t total = 0, bad_at = 0;
    bool utf8 = true;
    for (;;) {
        uint64_t left = r->max_bytes + 1 - total;
        size_t want = left < CHUNK ? (size_t)left : CHUNK;
        if (want == 0) break; /* past the limit: the parse says so */
        size_t n = fread(buf + carry, 1, want, r->in);
        if (n == 0) {
            r->scanned_all = !ferror(r->in);
            break;
        }
        const char *nul = memchr(buf + carry, '\0', n);
        if (nul) n = (size_t)(nul - (buf + carry)) + 1; /* the parse stops at the NUL */
        if (r->spool && fwrite(buf + carry, 1, n, r->spool) != n) {
            gk_error_set(err, _("%s: cannot spool the input: %s"), r->name, strerror(errno));
            return -1;
        }
        total += n;
        if (utf8) {
            size_t have = carry + n;
            bool invalid;
            size_t ok = utf8_prefix(buf, have, &invalid);
            if (invalid) {
                utf8 = false;
                bad_at = total - (have - ok);
                r->utf8_byte = (unsigned char)buf[ok];
                carry = 0;
            } else {
                carry = have - ok;
                memmove(buf, buf + ok, carry);
            }
        }
        if (nul) break;
    }
    if (ferror(r->in)) {
        gk_error_set(err, _("%s: cannot read: %s"), r->name, strerror(errno));
        return -1;
    }
    if (utf8 && carry && r->scanned_all) { /* a sequence cut off at the end */
        utf8 = false;
        r->utf8_cut = true;
        r->utf8_byte = (unsigned char)buf[0];
        bad_at = total - carry;
    }
    r->scanned = total;
    FILE *src = source(r);
    for (int pass = utf8 ? 1 : 0; pass < 2; pass++) {
        if (r->spool)
            rewind(r->spool);
        else if (fseek(r->in, start, SEEK_SET) != 0) {
            gk_error_set(err, _("%s: cannot rewind: %s"), r->name, strerror(errno));
            return -1;
        }
        if (pass == 0 && position_at(r, src, bad_at, &r->utf8_line, &r->utf8_col) != 0) {
            gk_error_set(err, _("%s: cannot read: %s"), r->name,
                         ferror(src) ? strerror(errno) : _("the file became shorter"));
            return -1;
        }
    }
    r->utf8_failed = !utf8;
    *is_utf8 = utf8;
    return 0;
}

/* --- decoding --------------------------------------------------------------------- */

static void decode_utf8(gk_csv_reader *r, bool at_eof)
{
    bool invalid;
    size_t ok = utf8_prefix(r->raw, r->raw_len, &invalid);
    memcpy(r->dec, r->raw, ok);
    r->dec_len = ok;
    memmove(r->raw, r->raw + ok, r->raw_len - ok);
    r->raw_len -= ok;
    if (invalid) {
        r->bad = r->detected ? BAD_UTF8_CHANGED : BAD_UTF8;
        r->bad_byte = (unsigned char)r->raw[0];
    } else if (at_eof && r->raw_len) {
        r->bad = BAD_UTF8_CUT;
    }
}

static void decode_cp932(gk_csv_reader *r, bool at_eof)
{
    char *in = r->raw, *out = r->dec;
    size_t il = r->raw_len, ol = sizeof r->dec - 1;
    size_t rc = iconv(r->cd, &in, &il, &out, &ol);
    r->dec_len = (size_t)(out - r->dec);
    int e = rc == (size_t)-1 ? errno : 0;
    unsigned char badbyte = il ? (unsigned char)*in : 0;
    memmove(r->raw, in, il);
    r->raw_len = il;
    if (e == EILSEQ) {
        r->bad = BAD_CP932;
        r->bad_byte = badbyte;
    } else if (e == EINVAL && at_eof) {
        r->bad = BAD_CP932_CUT;
    }
}

/* Refills dec; returns false at the end of input (or at a decoding error).
 * Every byte is validated here, also when the scan found the input valid:
 * what is parsed is what is checked. */
static bool refill(gk_csv_reader *r)
{
    for (;;) {
        if (r->eof || r->bad) return false;
        /* a scanned input must be read again exactly; any other up to the limit */
        uint64_t cap = r->scanned_all ? r->scanned : r->max_bytes;
        size_t want = cap - r->nread < CHUNK ? (size_t)(cap - r->nread) : CHUNK;
        FILE *src = source(r);
        size_t n = want ? fread(r->raw + r->raw_len, 1, want, src) : 0;
        bad_kind over = BAD_NONE;
        if (n == 0 && ferror(src)) {
            over = BAD_READ;
            r->bad_errno = errno;
        } else if (want == 0 && getc(src) != EOF) {
            over = r->scanned_all ? BAD_GREW : BAD_LIMIT;
        } else if (n == 0 && r->scanned_all && r->nread < r->scanned) {
            over = BAD_SHRANK;
        }
        r->nread += n;
        r->raw_len += n;
        bool at_eof = n == 0 && over == BAD_NONE;
        r->dec_pos = 0;
        if (r->enc == GK_ENC_CP932)
            decode_cp932(r, at_eof);
        else
            decode_utf8(r, at_eof);
        if (!r->bad && over != BAD_NONE) r->bad = over;
        if (!r->started && (r->dec_len >= 3 || n == 0)) {
            r->started = true; /* a UTF-8 BOM (also after CP932 -> UTF-8) is dropped */
            if (r->dec_len >= 3 && memcmp(r->dec, "\xef\xbb\xbf", 3) == 0) r->dec_pos = 3;
        }
        if (r->dec_pos < r->dec_len) return true;
        if (n == 0) {
            r->eof = true;
            return false;
        }
    }
}

/* Next decoded byte, or -1 at end / at a decoding error (r->bad). */
static inline int next_byte(gk_csv_reader *r)
{
    if (r->dec_pos >= r->dec_len && !refill(r)) return -1;
    unsigned char c = (unsigned char)r->dec[r->dec_pos++];
    if ((c & 0xC0) != 0x80) r->col++;
    return c;
}

static inline int peek_byte(gk_csv_reader *r)
{
    if (r->dec_pos >= r->dec_len && !refill(r)) return -1;
    return (unsigned char)r->dec[r->dec_pos];
}

/* --- the record ------------------------------------------------------------------ */

static int fail(gk_csv_reader *r, long line, long col, gk_error *err, const char *what)
{
    gk_error_set(err, "%s:%ld:%ld: %s", r->name, line, col, what);
    return -1;
}

/* Makes room for n more bytes of the field that started at field_start,
 * refusing a field over the limit before allocating anything for it. */
static int room_grow(gk_csv_reader *r, size_t field_start, size_t n, gk_error *err)
{
    if (r->len - field_start + n >= GK_CSV_FIELD_MAX || r->len + n >= RECORD_MAX) {
        char msg[160];
        snprintf(msg, sizeof msg, _("a field longer than the limit of %d MiB"),
                 GK_CSV_FIELD_MAX / (1024 * 1024));
        return fail(r, r->line, r->col, err, msg);
    }
    if (r->len + n + 1 < r->cap) return 0;
    size_t cap = r->cap ? r->cap : 4096;
    while (r->len + n + 1 >= cap)
        cap *= 2;
    char *b = realloc(r->buf, cap);
    if (!b) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    r->buf = b;
    r->cap = cap;
    return 0;
}

/* room_grow's common case inline: room in the buffer, under the limits
 * (a call per run of a field cost a tenth of the parse) */
static inline int room_for(gk_csv_reader *r, size_t field_start, size_t n, gk_error *err)
{
    if (r->len + n + 1 < r->cap && r->len - field_start + n < GK_CSV_FIELD_MAX &&
        r->len + n < RECORD_MAX)
        return 0;
    return room_grow(r, field_start, n, err);
}

static int push(gk_csv_reader *r, char c, size_t field_start, gk_error *err)
{
    if (room_for(r, field_start, 1, err) != 0) return -1;
    r->buf[r->len++] = c;
    return 0;
}

static int end_field(gk_csv_reader *r, size_t start, gk_error *err)
{
    if (r->nfields >= GK_CSV_FIELDS_MAX) {
        char msg[128];
        snprintf(msg, sizeof msg, _("more than %d fields in one row"), GK_CSV_FIELDS_MAX);
        return fail(r, r->line, r->col, err, msg);
    }
    if (push(r, '\0', start, err) != 0) return -1;
    r->starts[r->nfields++] = start;
    return 0;
}

/* The input is not UTF-8 after all (GK_CSV_MAY_RESTART; where it stopped
 * being UTF-8 is recorded): reads it again from its first byte as CP932.
 * GK_CSV_RESTART, or -1 with err. */
static int start_over_as_cp932(gk_csv_reader *r, gk_error *err)
{
    r->guessing = false;
    r->detected = r->utf8_failed = true;
    clearerr(r->in);
    if (fseek(r->in, r->start, SEEK_SET) != 0) {
        gk_error_set(err, _("%s: cannot rewind: %s"), r->name, strerror(errno));
        return -1;
    }
    if ((r->cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1) {
        gk_error_set(err, _("this system cannot convert CP932 (iconv)"));
        return -1;
    }
    r->enc = GK_ENC_CP932;
    r->nread = r->raw_len = r->dec_len = r->dec_pos = 0;
    r->eof = r->started = false;
    r->bad = BAD_NONE;
    r->line = 1;
    r->col = 0;
    r->len = r->nfields = 0;
    return GK_CSV_RESTART;
}

/* The guess that the input is UTF-8 failed where the parser is, at
 * line:col: remembered as the scan would have (detect), then start over. */
static int restart_as_cp932(gk_csv_reader *r, long line, long col, gk_error *err)
{
    r->utf8_cut = r->bad == BAD_UTF8_CUT;
    r->utf8_byte = r->bad_byte;
    r->utf8_line = line;
    r->utf8_col = col;
    return start_over_as_cp932(r, err);
}

int gk_csv_settle(gk_csv_reader *r, gk_error *err)
{
    if (!r->guessing) return 0;
    r->guessing = false;
    clearerr(r->in);
    bool utf8;
    if (fseek(r->in, r->start, SEEK_SET) != 0) {
        gk_error_set(err, _("%s: cannot rewind: %s"), r->name, strerror(errno));
        return -1;
    }
    if (detect(r, &utf8, err) != 0) return -1;
    r->detected = true;
    return utf8 ? 0 : start_over_as_cp932(r, err);
}

/* The message for r->bad, at the parser's position: the character after
 * the last one decoded. Under auto detection a CP932 failure also says
 * where the input stopped being UTF-8, and the error is placed at whichever
 * of the two lies further in (the encoding that got further is the likely
 * one, and its bad bytes are what to look at). */
static int decode_error(gk_csv_reader *r, gk_error *err)
{
    long line = r->line, col = r->col + 1;
    if (r->guessing && (r->bad == BAD_UTF8 || r->bad == BAD_UTF8_CUT))
        return restart_as_cp932(r, line, col, err);
    char what[400], u8[100], cp[100];
    switch (r->bad) {
    case BAD_UTF8:
        snprintf(what, sizeof what,
                 _("invalid UTF-8 (byte 0x%02X); is the file CP932? try --encoding cp932"),
                 r->bad_byte);
        break;
    case BAD_UTF8_CUT:
        snprintf(what, sizeof what, "%s", _("a UTF-8 character is cut off at the end of the file"));
        break;
    case BAD_UTF8_CHANGED:
        snprintf(what, sizeof what,
                 _("bytes that are not UTF-8 (0x%02X), although the file was UTF-8 when the "
                   "import began: it changed while it was read"),
                 r->bad_byte);
        break;
    case BAD_CP932:
    case BAD_CP932_CUT:
        if (!r->detected) {
            if (r->bad == BAD_CP932)
                snprintf(what, sizeof what, _("bytes that are not CP932 (0x%02X)"), r->bad_byte);
            else
                snprintf(what, sizeof what, "%s",
                         _("a CP932 character is cut off at the end of the file"));
            break;
        }
        if (r->utf8_cut)
            snprintf(u8, sizeof u8, "%s", _("a character cut off at the end"));
        else
            snprintf(u8, sizeof u8, _("byte 0x%02X"), r->utf8_byte);
        if (r->bad == BAD_CP932)
            snprintf(cp, sizeof cp, _("byte 0x%02X"), r->bad_byte);
        else
            snprintf(cp, sizeof cp, "%s", _("a character cut off at the end"));
        snprintf(what, sizeof what,
                 _("not UTF-8 at %ld:%ld (%s), and not CP932 either at %ld:%ld (%s); "
                   "--encoding chooses one"),
                 r->utf8_line, r->utf8_col, u8, line, col, cp);
        if (r->utf8_line > line || (r->utf8_line == line && r->utf8_col > col)) {
            line = r->utf8_line;
            col = r->utf8_col;
        }
        break;
    case BAD_LIMIT:
        snprintf(what, sizeof what, _("the input is larger than the limit of %llu MiB"),
                 (unsigned long long)(r->max_bytes / (1024 * 1024)));
        break;
    case BAD_GREW:
        snprintf(what, sizeof what, "%s",
                 _("the file grew while it was read (it changed during the import)"));
        break;
    case BAD_SHRANK:
        snprintf(what, sizeof what, "%s",
                 _("the file became shorter while it was read (it changed during the import)"));
        break;
    case BAD_READ:
    default:
        snprintf(what, sizeof what, _("cannot read: %s"), strerror(r->bad_errno));
        break;
    }
    return fail(r, line, col, err, what);
}

/* Bytes that end a run of ordinary field content. */
static bool stop_unquoted[256], stop_quoted[256];

static void init_stops(void)
{
    stop_unquoted[','] = stop_unquoted['\r'] = stop_unquoted['\n'] = stop_unquoted[0] = true;
    stop_quoted['"'] = stop_quoted['\r'] = stop_quoted['\n'] = stop_quoted[0] = true;
}

/* Appends the run of ordinary bytes at the read position, up to the next
 * stop byte, to the record in bulk (the common case of every field). */
static int copy_run(gk_csv_reader *r, size_t start, const bool *stop, gk_error *err)
{
    for (;;) {
        if (r->dec_pos >= r->dec_len && !refill(r)) return 0;
        const char *p = r->dec + r->dec_pos, *e = r->dec + r->dec_len, *q = p;
        long cols = 0;
        for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* eight bytes at a time, ASCII or not: the stop bytes found by
             * the bytes equal to one of them (the lowest is exact); a
             * character starts at each byte that is not 10xxxxxx */
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            const uint64_t s1 = ones * (unsigned char)(stop['"'] ? '"' : ','), s2 = ones * '\r',
                           s3 = ones * '\n';
            while (e - q >= 8) {
                uint64_t w;
                memcpy(&w, q, 8);
                uint64_t hit = 0;
                uint64_t t = w ^ s1;
                hit |= (t - ones) & ~t;
                t = w ^ s2;
                hit |= (t - ones) & ~t;
                t = w ^ s3;
                hit |= (t - ones) & ~t;
                hit |= (w - ones) & ~w; /* NUL */
                hit &= highs;
                uint64_t starts = (~w | w << 1) & highs;
                if (hit) {
                    int k = __builtin_ctzll(hit) / 8; /* bytes before the stop */
                    if (k) {
                        starts &= ~(uint64_t)0 >> (64 - 8 * k);
                        cols += (long)(((starts >> 7) * ones) >> 56);
                        q += k;
                    }
                    break;
                }
                cols += (long)(((starts >> 7) * ones) >> 56);
                q += 8;
            }
#endif
            if (q >= e || stop[(unsigned char)*q]) break;
            cols += ((unsigned char)*q & 0xC0) != 0x80;
            q++;
        }
        size_t n = (size_t)(q - p);
        if (room_for(r, start, n, err) != 0) return -1;
        memcpy(r->buf + r->len, p, n);
        r->len += n;
        r->col += cols;
        r->dec_pos += n;
        if (q < e) return 0;
    }
}

/* Reads one field; *end receives ',' , '\n' (record end) or -1 (input end). */
static int read_field(gk_csv_reader *r, int *end, gk_error *err)
{
    size_t start = r->len;
    int c = peek_byte(r);
    if (c == '"') {
        next_byte(r);
        long qline = r->line, qcol = r->col;
        for (;;) {
            if (copy_run(r, start, stop_quoted, err) != 0) return -1;
            c = next_byte(r);
            if (c < 0)
                return r->bad ? decode_error(r, err)
                              : fail(r, qline, qcol, err,
                                     _("a quoted field is never closed (quote opened here)"));
            if (c == '"') {
                if (peek_byte(r) != '"') break;
                next_byte(r);
            } else if (c == '\n') {
                r->line++;
                r->col = 0;
            } else if (c == '\r') {
                if (peek_byte(r) != '\n') {
                    r->line++;
                    r->col = 0;
                }
            } else if (c == 0) {
                return fail(r, r->line, r->col, err, _("a NUL byte"));
            }
            if (push(r, (char)c, start, err) != 0) return -1;
        }
        c = next_byte(r);
        if (c >= 0 && c != ',' && c != '\r' && c != '\n')
            return fail(r, r->line, r->col, err,
                        _("a character after the closing quote of a field"));
    } else {
        if (copy_run(r, start, stop_unquoted, err) != 0) return -1;
        c = next_byte(r);
        if (c == 0) return fail(r, r->line, r->col, err, _("a NUL byte"));
    }
    if (c < 0 && r->bad) return decode_error(r, err);
    if (c == '\r' && peek_byte(r) == '\n') next_byte(r);
    *end = c == ',' ? ',' : c < 0 ? -1 : '\n';
    return end_field(r, start, err);
}

int gk_csv_next(gk_csv_reader *r, const gk_csv_record **rec, gk_error *err)
{
    r->len = 0;
    r->nfields = 0;
    if (peek_byte(r) < 0) {
        if (r->bad) return decode_error(r, err);
        return 0;
    }
    r->rec.line = r->line;
    int end;
    do {
        int rc = read_field(r, &end, err);
        if (rc != 0) return rc < 0 ? -1 : rc; /* GK_CSV_RESTART */
    } while (end == ',');
    if (end == '\n') {
        r->line++;
        r->col = 0;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        r->fields[i] = r->buf + r->starts[i];
        size_t stop = i + 1 < r->nfields ? r->starts[i + 1] : r->len;
        r->lens[i] = stop - r->starts[i] - 1;
    }
    r->rec.nfields = r->nfields;
    r->rec.fields = r->fields;
    r->rec.lens = r->lens;
    *rec = &r->rec;
    return 1;
}

/* --- open / close ----------------------------------------------------------------- */

gk_csv_reader *gk_csv_open_ex(FILE *in, const char *name, gk_encoding enc, uint64_t max_bytes,
                              unsigned flags, gk_error *err)
{
    gk_csv_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->starts = calloc(GK_CSV_FIELDS_MAX, sizeof *r->starts)) ||
        !(r->fields = calloc(GK_CSV_FIELDS_MAX, sizeof *r->fields)) ||
        !(r->lens = calloc(GK_CSV_FIELDS_MAX, sizeof *r->lens))) {
        gk_csv_close(r);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    if (!stop_unquoted[',']) init_stops();
    r->in = in;
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->max_bytes = max_bytes;
    snprintf(r->name, sizeof r->name, "%s", name);
    if (enc == GK_ENC_AUTO && (flags & GK_CSV_MAY_RESTART) && rewindable(in, &r->start)) {
        r->guessing = true; /* no scan: UTF-8 until a byte says otherwise */
        enc = GK_ENC_UTF8;
    } else if (enc == GK_ENC_AUTO) {
        bool utf8;
        if (detect(r, &utf8, err) != 0) {
            gk_csv_close(r);
            return NULL;
        }
        enc = utf8 ? GK_ENC_UTF8 : GK_ENC_CP932;
        r->detected = true;
    }
    r->enc = enc;
    if (enc == GK_ENC_CP932 && (r->cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1) {
        gk_error_set(err, _("this system cannot convert CP932 (iconv)"));
        gk_csv_close(r);
        return NULL;
    }
    return r;
}

gk_csv_reader *gk_csv_open_max(FILE *in, const char *name, gk_encoding enc, uint64_t max_bytes,
                               gk_error *err)
{
    return gk_csv_open_ex(in, name, enc, max_bytes, 0, err);
}

gk_csv_reader *gk_csv_open(FILE *in, const char *name, gk_encoding enc, gk_error *err)
{
    return gk_csv_open_max(in, name, enc, GK_CSV_INPUT_MAX, err);
}

void gk_csv_close(gk_csv_reader *r)
{
    if (!r) return;
    if (r->cd != (iconv_t)-1 && r->cd != NULL) iconv_close(r->cd);
    if (r->spool) fclose(r->spool);
    free(r->buf);
    free(r->starts);
    free(r->fields);
    free(r->lens);
    free(r);
}
