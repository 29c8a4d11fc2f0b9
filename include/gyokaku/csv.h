/*
 * csv.h — the plan CSV at the byte level: RFC 4180 reading and writing, in
 * UTF-8 (BOM optional on input) or CP932, streaming (memory does not grow
 * with the file). Column meaning is not known here: see import.h.
 *
 * How CP932 is decoded: iconv converts it to UTF-8 with glibc's "CP932"
 * table (Windows-31J with the NEC and IBM extensions, ① at 0x8740; not
 * "SHIFT_JIS", which maps 0x815F to a backslash), chunk by chunk, a double
 * byte character cut at a chunk's end carried into the next chunk. A byte
 * sequence the table rejects, or a lead byte cut off by the end of the input,
 * is an error naming its line and column; nothing is ever replaced by U+FFFD
 * or dropped. The UTF-8 that comes out is then parsed like a UTF-8 file (a
 * BOM at its start dropped). Writing goes the other way through the same
 * table (cp932.c), with the substitutes described at gk_csv_writer_open.
 *
 * Owner: src/io/. Only io/ calls iconv.
 */
#ifndef GYOKAKU_CSV_H
#define GYOKAKU_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gyokaku/error.h"

typedef enum gk_encoding { GK_ENC_AUTO, GK_ENC_UTF8, GK_ENC_CP932 } gk_encoding;

/* "auto", "utf-8"/"utf8", "cp932"/"windows-31j"/"sjis"/"shift_jis" (the last
 * two are taken to mean CP932, which is what Japanese Excel writes).
 * Returns 0, or -1 with err set. */
int gk_encoding_parse(const char *name, gk_encoding *out, gk_error *err);
const char *gk_encoding_name(gk_encoding enc);

/* Limits: a field longer than this, or a record with more fields, is refused
 * with a message naming the line (never a crash or an unbounded allocation). */
#define GK_CSV_FIELD_MAX (1024 * 1024)
#define GK_CSV_FIELDS_MAX 256
/* An input longer than this is refused where the parse reaches the limit
 * (endless standard input, a device) — whatever the encoding. */
#define GK_CSV_INPUT_MAX ((uint64_t)512 * 1024 * 1024)

/* --- reading --------------------------------------------------------------- */

typedef struct gk_csv_reader gk_csv_reader;

typedef struct gk_csv_record {
    size_t nfields;
    char **fields; /* UTF-8, NUL-terminated; owned by the reader, valid until the next call */
    size_t *lens;  /* byte length of each field */
    long line;     /* physical line (1-based) on which the record starts */
} gk_csv_record;

/* Opens a reader over `in`, which stays the caller's (not closed here).
 * `name` names the input in messages. With GK_ENC_AUTO the input is first
 * scanned once — up to its end, its first NUL byte or the size limit — and
 * read as UTF-8 when that was valid UTF-8, else as CP932; a regular file or
 * a seekable memory stream is rewound, anything else (a pipe, a terminal,
 * a device) is spooled to an unlinked temporary file. The parse validates
 * every byte again (the file may change between the scan and the parse;
 * so may its length, which is then an error). A UTF-8 BOM is stripped.
 * Returns NULL with err set on failure. */
gk_csv_reader *gk_csv_open(FILE *in, const char *name, gk_encoding enc, gk_error *err);

/* The same with another size limit than GK_CSV_INPUT_MAX (for tests). */
gk_csv_reader *gk_csv_open_max(FILE *in, const char *name, gk_encoding enc, uint64_t max_bytes,
                               gk_error *err);

/* gk_csv_open_ex flag: with GK_ENC_AUTO and a rewindable input (a regular
 * file, a seekable memory stream), no scan first: the input is read once,
 * as UTF-8, validated as it is parsed. At the first byte that is not UTF-8
 * (or a sequence cut off at the end) gk_csv_next returns GK_CSV_RESTART:
 * every record returned so far is void, and the next call returns the
 * first record again, the input read from its start as CP932 — the
 * outcome of the scan, whose position gk_csv_not_utf8_at gives. Only a
 * caller that can start over (the importer rolls its transaction back)
 * asks for it: it saves reading a UTF-8 file twice. Other inputs are
 * scanned as with gk_csv_open. */
#define GK_CSV_MAY_RESTART 1u
#define GK_CSV_RESTART 2

gk_csv_reader *gk_csv_open_ex(FILE *in, const char *name, gk_encoding enc, uint64_t max_bytes,
                              unsigned flags, gk_error *err);

/* For a caller of a GK_CSV_MAY_RESTART reader that fails before the end of
 * the input (a bad header, a refused row): scans the whole input as
 * gk_csv_open would have first, so that the failure is the one a scan
 * first would give. GK_CSV_RESTART when the input is not UTF-8 (the reader
 * starts over as CP932: try again), 0 when it is or the reader does not
 * guess (keep the failure), -1 with err when the input cannot be read
 * again. */
int gk_csv_settle(gk_csv_reader *r, gk_error *err);

/* Under auto detection that chose CP932: true, with the line and column of
 * the first bytes that were not UTF-8 (for messages: a file that is meant
 * as UTF-8 but has a bad byte is read as CP932). */
bool gk_csv_not_utf8_at(const gk_csv_reader *r, long *line, long *col);

/* The encoding actually used (never GK_ENC_AUTO; UTF-8 while a
 * GK_CSV_MAY_RESTART reader has not restarted). */
gk_encoding gk_csv_encoding(const gk_csv_reader *r);

/* Reads the next record. Returns 1 with *rec set, 0 at end of input,
 * GK_CSV_RESTART (see GK_CSV_MAY_RESTART), -1 on error with err = "NAME:LINE:COL: what" (invalid
 * UTF-8, truncated or invalid CP932 sequence — under auto detection "not UTF-8 at L:C (…), and not
 * CP932 either at L:C (…)", placed at the later of the two —, an input over the size limit or one
 * that changed between the scan and the parse, a read error, NUL byte, a quote never closed (naming
 * the line where it opened), a character after a closing quote, a field over GK_CSV_FIELD_MAX, too
 * many fields). CRLF, LF and lone CR all end a record outside quotes; inside quotes line breaks are
 * kept as written ("\r\n" or
 * "\n"). */
int gk_csv_next(gk_csv_reader *r, const gk_csv_record **rec, gk_error *err);

void gk_csv_close(gk_csv_reader *r);

/* --- writing --------------------------------------------------------------- */

typedef struct gk_csv_writer gk_csv_writer;

/* Called once per substituted character (CP932 with substitute). */
typedef void (*gk_csv_subst_fn)(void *ctx, long row, const char *column, uint32_t cp,
                                const char *replacement);

typedef struct gk_csv_writer_opts {
    gk_encoding enc;                 /* GK_ENC_UTF8 or GK_ENC_CP932 */
    bool bom;                        /* UTF-8 only: write EF BB BF first */
    bool crlf;                       /* record separator "\r\n" (else "\n") */
    bool substitute;                 /* CP932: ㉑..㊿ -> (21)..(50), anything else -> 〓 */
    bool guard;                      /* formula guard (see gk_csv_guarded) on every field */
    const char *const *column_names; /* header names for messages (may be NULL) */
    gk_csv_subst_fn on_subst;        /* may be NULL */
    void *subst_ctx;
} gk_csv_writer_opts;

/* `out` stays the caller's. Returns NULL with err set on failure. */
gk_csv_writer *gk_csv_writer_open(FILE *out, const gk_csv_writer_opts *opts, gk_error *err);

/* Writes one record (fields are UTF-8; NULL means empty). A field holding a
 * comma, quote, CR or LF is quoted, quotes doubled. Embedded line breaks are
 * written as they are. Row numbers count records from 1 (the header).
 * A character CP932 cannot hold without `substitute` is an error:
 * "row R, column C: character X (U+XXXX) cannot be written in CP932". */
int gk_csv_write(gk_csv_writer *w, const char *const *fields, size_t n, gk_error *err);

/* Formula guard (csv-format.md "Formula guard"): Excel runs a cell that
 * starts with = + - @ TAB or CR as a formula. gk_csv_needs_guard is true for
 * a text cell that starts with any number of ' followed by one of those
 * (never for a number: "-5", "△63,660"); the writer with opts.guard then
 * writes one more leading '. gk_csv_unguard returns cell without the one '
 * that export added (cell itself when it has none), so that round trips are
 * exact. */
bool gk_csv_needs_guard(const char *cell);
const char *gk_csv_unguard(const char *cell);

/* Flushes (does not fclose `out`); frees w. Returns 0 or -1 (write error). */
int gk_csv_writer_close(gk_csv_writer *w, gk_error *err);

/* --- whole-buffer conversion (used by the reader/writer and by tests) ------- */

/* CP932 bytes -> malloc'd UTF-8 (NUL-terminated, *out_len bytes). On an
 * invalid or truncated sequence returns NULL, sets *bad_offset to its byte
 * offset and err. */
char *gk_cp932_to_utf8(const char *in, size_t len, size_t *out_len, size_t *bad_offset,
                       gk_error *err);

/* UTF-8 -> malloc'd CP932. Unmappable characters: NULL and *bad_cp set,
 * unless substitute (then replaced as documented above, *nsubst counted). */
char *gk_utf8_to_cp932(const char *in, size_t len, bool substitute, size_t *out_len,
                       uint32_t *bad_cp, size_t *nsubst, gk_error *err);

/* The documented CP932 fallback for cp: "(21)".."(50)" for ㉑..㊿, else "〓".
 * Writes into buf (>= 8 bytes), returns buf. */
const char *gk_cp932_fallback(uint32_t cp, char *buf);

#endif
