/*
 * fuzz_csv.c — libFuzzer harness for the CSV reader: every input ends in
 * records or a clean error; records are valid UTF-8 and their lengths agree
 * with their NUL terminators. Auto detection reads exactly what reading in
 * the encoding it chose reads (the same records, an error in the same
 * place), and so does the importer's way of reading auto without a scan
 * (GK_CSV_MAY_RESTART: records void at a restart; the same message too);
 * the other encoding and a size limit inside the input are read too.
 *
 * The input is a memory stream, which the reader rewinds after its
 * detection scan (no temporary file per input); run with -max_len well over
 * the reader's 64 KiB chunk (the Makefile gives 262144).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/csv.h"
#include "gyokaku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct outcome {
    uint64_t hash; /* of every record's fields and line */
    uint64_t msg;  /* of the error message */
    long records;
    int rc; /* 0: clean end, -1: error (or open failed) */
    gk_encoding enc;
} outcome;

/* FNV-1a, eight bytes a step, not instrumented for coverage (the harness's
 * own loops would otherwise cost more than the reader). */
#ifdef __clang__
#define NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define NO_COVERAGE /* the replay build (gcc) has no coverage to leave out */
#endif

NO_COVERAGE static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001B3u;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3u;
    return h;
}

static outcome read_all(const uint8_t *data, size_t size, gk_encoding enc, uint64_t limit,
                        unsigned flags)
{
    outcome o = {0xCBF29CE484222325u, 0, 0, -1, enc};
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f) abort();
    gk_error err;
    gk_csv_reader *r = gk_csv_open_ex(f, "fuzz", enc, limit, flags, &err);
    if (r) {
        const gk_csv_record *rec;
        for (;;) {
            o.rc = gk_csv_next(r, &rec, &err);
            /* failed before the end: settled as the importer does (csv.h) */
            if (o.rc < 0 && (flags & GK_CSV_MAY_RESTART)) {
                gk_error serr;
                if (gk_csv_settle(r, &serr) == GK_CSV_RESTART) o.rc = GK_CSV_RESTART;
            }
            if (o.rc <= 0) break;
            if (o.rc == GK_CSV_RESTART) {
                if (!(flags & GK_CSV_MAY_RESTART) || o.records < 0) abort();
                o.hash = 0xCBF29CE484222325u;
                o.records = -1; /* once only */
                continue;
            }
            o.records = o.records < 0 ? 1 : o.records + 1;
            o.hash = mix(o.hash, &rec->line, sizeof rec->line);
            for (size_t i = 0; i < rec->nfields; i++) {
                if (strlen(rec->fields[i]) != rec->lens[i] ||
                    !gk_utf8_valid(rec->fields[i], rec->lens[i]))
                    abort();
                o.hash = mix(o.hash, rec->fields[i], rec->lens[i] + 1);
            }
        }
        o.enc = gk_csv_encoding(r);
        if (o.rc < 0) o.msg = mix(o.msg, err.msg, strlen(err.msg));
        gk_csv_close(r);
    }
    fclose(f);
    if (o.records < 0) o.records = 0;
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outcome a = read_all(data, size, GK_ENC_AUTO, GK_CSV_INPUT_MAX, 0);
    if (a.enc == GK_ENC_AUTO) abort(); /* opening a memory stream cannot fail */
    outcome d = read_all(data, size, a.enc, GK_CSV_INPUT_MAX, 0);
    if (d.hash != a.hash || d.records != a.records || d.rc != a.rc) abort();
    outcome g = read_all(data, size, GK_ENC_AUTO, GK_CSV_INPUT_MAX, GK_CSV_MAY_RESTART);
    if (g.hash != a.hash || g.records != a.records || g.rc != a.rc || g.msg != a.msg ||
        g.enc != a.enc)
        abort();
    read_all(data, size, a.enc == GK_ENC_UTF8 ? GK_ENC_CP932 : GK_ENC_UTF8, GK_CSV_INPUT_MAX, 0);
    if (size > 1) { /* over a limit inside the input: an error, never more than the limit */
        outcome l = read_all(data, size, GK_ENC_AUTO, size / 2, 0);
        if (l.rc == 0) abort();
        l = read_all(data, size, GK_ENC_AUTO, size / 2, GK_CSV_MAY_RESTART);
        if (l.rc == 0) abort();
    }
    return 0;
}
