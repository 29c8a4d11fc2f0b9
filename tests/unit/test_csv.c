/*
 * test_csv.c — the CSV reader and writer: RFC 4180 cases, line ends, BOM,
 * encodings and their detection (also through a pipe), positions in error
 * messages, writer -> reader round trips, CP932 bytes and substitution.
 */
#include "gk_test.h"

#include "gyokaku/csv.h"

/* Reads all records of data (flags: gk_csv_open_ex's) into out, joined as
 * "a|b\n" lines, or the error message prefixed with "ERR ". A restart
 * (GK_CSV_MAY_RESTART) voids what was read, as the importer does; *restarts
 * counts them. */
static void read_into(char *out, size_t outsz, const char *data, size_t len, gk_encoding enc,
                      unsigned flags, int *restarts)
{
    FILE *f = fmemopen((void *)data, len, "rb");
    assert_non_null(f);
    gk_error err = {{0}};
    gk_csv_reader *r = gk_csv_open_ex(f, "t.csv", enc, GK_CSV_INPUT_MAX, flags, &err);
    out[0] = '\0';
    if (!r) {
        snprintf(out, outsz, "ERR %s", err.msg);
        fclose(f);
        return;
    }
    const gk_csv_record *rec;
    int rc;
    for (;;) {
        rc = gk_csv_next(r, &rec, &err);
        /* failed before the end: settled as the importer does (csv.h) */
        gk_error serr;
        if (rc < 0 && (flags & GK_CSV_MAY_RESTART) && gk_csv_settle(r, &serr) == GK_CSV_RESTART)
            rc = GK_CSV_RESTART;
        if (rc <= 0) break;
        if (rc == GK_CSV_RESTART) {
            out[0] = '\0';
            (*restarts)++;
            continue;
        }
        char line[2048] = "";
        for (size_t i = 0; i < rec->nfields; i++) {
            if (i) strcat(line, "|");
            strncat(line, rec->fields[i], sizeof line - strlen(line) - 2);
        }
        snprintf(out + strlen(out), outsz - strlen(out), "%ld:%s\n", rec->line, line);
    }
    if (rc < 0) snprintf(out + strlen(out), outsz - strlen(out), "ERR %s", err.msg);
    gk_csv_close(r);
    fclose(f);
}

static int read_restarts; /* restarts of the last read_all */

/* read_into without restarts. Under GK_ENC_AUTO the same input is also
 * read the importer's way (GK_CSV_MAY_RESTART: no scan, a restart as CP932
 * at the first byte that is not UTF-8), which must end the same: the same
 * records, the same error at the same place. */
static char *read_all(const char *data, size_t len, gk_encoding enc)
{
    static char out[8192], again[8192];
    int none = 0;
    read_into(out, sizeof out, data, len, enc, 0, &none);
    read_restarts = 0;
    if (enc == GK_ENC_AUTO) {
        read_into(again, sizeof again, data, len, enc, GK_CSV_MAY_RESTART, &read_restarts);
        if (strcmp(out, again) != 0)
            fail_msg("scanned: \"%s\"; read with restarts: \"%s\"", out, again);
    }
    return out;
}

#define READ(s, enc) read_all(s, sizeof(s) - 1, enc)

static void test_rfc4180(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a,b,c\n", "1:a|b|c\n"},
        {"a,b,c", "1:a|b|c\n"}, /* no newline at the end */
        {"\"a,b\",c\n", "1:a,b|c\n"},
        {"\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n"},
        {"\"l1\r\nl2\",x\r\ny,z\r\n", "1:l1\r\nl2|x\n3:y|z\n"},
        {"\"l1\nl2\",x\ny,z\n", "1:l1\nl2|x\n3:y|z\n"},
        {",,\n", "1:||\n"},
        {"a,\n", "1:a|\n"},
        {"a\r\nb\nc\rd\n", "1:a\n2:b\n3:c\n4:d\n"},           /* CRLF, LF and CR mixed */
        {"a\n\nb\n", "1:a\n2:\n3:b\n"},                       /* a blank line is one empty field */
        {"\xef\xbb\xbf計画,基本目標\n", "1:計画|基本目標\n"}, /* BOM stripped */
        {"\"\",x\n", "1:|x\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = read_all(cases[i].in, strlen(cases[i].in), GK_ENC_AUTO);
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu: got \"%s\" want \"%s\"", i, got, cases[i].out);
    }
}

static void test_bad_input_positions(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        gk_encoding enc;
        const char *says;
    } cases[] = {
        {"a,b\nc,\"open\nmore\n", 0, GK_ENC_AUTO, "t.csv:2:3: a quoted field is never closed"},
        {"a,b\n\"x\"y,z\n", 0, GK_ENC_AUTO, "t.csv:2:4: a character after the closing quote"},
        {"ok\nab\xff"
         "c\n",
         0, GK_ENC_UTF8, "t.csv:2:3: invalid UTF-8"},
        {"ok\n\xe6\xb1\x9f\xe5", 0, GK_ENC_UTF8, "t.csv:2:2: a UTF-8 character is cut off"},
        {"ok\n\x8c\x76\x89", 0, GK_ENC_CP932, "t.csv:2:2: a CP932 character is cut off"},
        {"ok\n\x85\x40", 0, GK_ENC_CP932, "t.csv:2:1: bytes that are not CP932"},
        {"a,b\nc,d\0e\n", 11, GK_ENC_AUTO, "t.csv:2:4: a NUL byte"},
        /* columns after runs of Japanese longer than the reader's
         * eight-byte steps, unquoted and quoted */
        {"a,b\n日本語の文字列です,\"x\"y\n", 0, GK_ENC_AUTO,
         "t.csv:2:14: a character after the closing quote"},
        {"\"日本語日本語\",\"x\"y\n", 0, GK_ENC_AUTO,
         "t.csv:1:13: a character after the closing quote"},
        /* an overlong form and a surrogate amid Japanese text */
        {"ok\n日本語日本語\xe0\x80\x80x\n", 0, GK_ENC_UTF8, "t.csv:2:7: invalid UTF-8"},
        {"ok\n日本語日本語\xed\xa0\x80x\n", 0, GK_ENC_UTF8, "t.csv:2:7: invalid UTF-8"},
        {"ok\n日本語日本語\xef\xbf", 0, GK_ENC_UTF8, "t.csv:2:7: a UTF-8 character is cut off"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        const char *got = read_all(cases[i].in, len, cases[i].enc);
        if (!strstr(got, cases[i].says))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, got, cases[i].says);
    }
}

static void test_limits(void **state)
{
    (void)state;
    size_t n = GK_CSV_FIELD_MAX + 10;
    char *big = malloc(n + 8);
    memset(big, 'x', n);
    memcpy(big + n, "\n", 2);
    const char *got = read_all(big, n + 1, GK_ENC_UTF8);
    assert_non_null(strstr(got, "t.csv:1:"));
    assert_non_null(strstr(got, "limit of 1 MiB"));
    free(big);
    char many[4 * GK_CSV_FIELDS_MAX];
    memset(many, ',', sizeof many);
    got = read_all(many, sizeof many, GK_ENC_UTF8);
    assert_non_null(strstr(got, "more than 256 fields"));
}

static void test_encoding_detection(void **state)
{
    (void)state;
    /* 計画,江別 in CP932 */
    static const char sjis[] = "\x8c\x76\x89\xe6,\x8d\x5d\x95\xca\r\n";
    assert_string_equal(READ(sjis, GK_ENC_AUTO), "1:計画|江別\n");
    assert_int_equal(read_restarts, 1); /* the importer's way: at 0x8C, as CP932 */
    assert_string_equal(READ("計画,江別\n", GK_ENC_AUTO), "1:計画|江別\n");
    assert_int_equal(read_restarts, 0);
    /* through a pipe (not seekable): spooled, then decoded */
    const char *path = gk_test_path("pipe.csv");
    gk_write_file(path, sjis, sizeof sjis - 1);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat '%s'", path);
    FILE *p = popen(cmd, "r");
    gk_error err;
    gk_csv_reader *r = gk_csv_open(p, "<stdin>", GK_ENC_AUTO, &err);
    assert_non_null(r);
    assert_int_equal(gk_csv_encoding(r), GK_ENC_CP932);
    const gk_csv_record *rec;
    assert_int_equal(gk_csv_next(r, &rec, &err), 1);
    assert_string_equal(rec->fields[1], "江別");
    assert_int_equal(gk_csv_next(r, &rec, &err), 0);
    gk_csv_close(r);
    pclose(p);
    gk_encoding e;
    assert_int_equal(gk_encoding_parse("Shift_JIS", &e, NULL), 0);
    assert_int_equal(e, GK_ENC_CP932);
    assert_int_equal(gk_encoding_parse("latin1", &e, &err), -1);
}

/* Reads every record of f with enc (and limit, 0: the default); returns
 * the number of records, *enc_out the encoding used, *last a copy of the
 * last record's last field, and err.msg ("" when the input ended cleanly). */
static long read_stream(FILE *f, gk_encoding enc, uint64_t limit, gk_encoding *enc_out, char *last,
                        size_t lastsz, gk_error *err)
{
    err->msg[0] = '\0';
    gk_csv_reader *r =
        limit ? gk_csv_open_max(f, "t.csv", enc, limit, err) : gk_csv_open(f, "t.csv", enc, err);
    if (!r) return -1;
    if (enc_out) *enc_out = gk_csv_encoding(r);
    const gk_csv_record *rec;
    long n = 0;
    int rc;
    while ((rc = gk_csv_next(r, &rec, err)) > 0) {
        n++;
        if (last) snprintf(last, lastsz, "%s", rec->fields[rec->nfields - 1]);
    }
    if (rc == 0) err->msg[0] = '\0';
    gk_csv_close(r);
    return n;
}

/* A CP932 file of `rows` rows of about 90 bytes (計画,江別,<n>,取組状況… in
 * CP932), so that 1,000 rows is well over the reader's 64 KiB chunk. */
static char *cp932_rows(long rows, size_t *len)
{
    static const char row[] = "\x8c\x76\x89\xe6,\x8d\x5d\x95\xca,%ld,\"\x8e\xe6\x91\x67\x8f\xf3"
                              "\x8b\xb5\r\n\x93\xf1\x8d\x73\x96\xda\",\x81\x60\x81\x7c\x87\x40"
                              "\x81\x60\x81\x7c\x87\x40\x81\x60\x81\x7c\x87\x40\r\n";
    size_t cap = (size_t)rows * 80 + 64, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    for (long i = 1; i <= rows; i++)
        n += (size_t)snprintf(b + n, cap - n, row, i);
    *len = n;
    return b;
}

/* Issue 7, defect 1: auto detection of a CP932 input larger than the 64 KiB
 * chunk overwrote the stack (run under ASan: make san-unit). Through a
 * memory stream, a regular file and a pipe. */
static void test_auto_large_cp932(void **state)
{
    (void)state;
    size_t len;
    char *data = cp932_rows(5000, &len);
    assert_true(len > 4 * 65536);
    const char *path = gk_test_path("large-cp932.csv");
    gk_write_file(path, data, len);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat '%s'", path);
    for (int how = 0; how < 3; how++) {
        FILE *f = how == 0   ? fmemopen(data, len, "rb")
                  : how == 1 ? fopen(path, "rb")
                             : popen(cmd, "r");
        assert_non_null(f);
        gk_encoding enc;
        char last[64];
        gk_error err;
        long n = read_stream(f, GK_ENC_AUTO, 0, &enc, last, sizeof last, &err);
        if (n != 5000 || err.msg[0]) fail_msg("way %d: %ld records, \"%s\"", how, n, err.msg);
        assert_int_equal(enc, GK_ENC_CP932);
        assert_string_equal(last, "～－①～－①～－①");
        if (how == 2)
            pclose(f);
        else
            fclose(f);
    }
    /* the same text in UTF-8, with one byte that is not UTF-8 after 200 KiB */
    size_t ulen, bad;
    gk_error err;
    char *u = gk_cp932_to_utf8(data, len, &ulen, &bad, &err);
    assert_non_null(u);
    FILE *f = fmemopen(u, ulen, "rb");
    gk_encoding enc;
    assert_int_equal(read_stream(f, GK_ENC_AUTO, 0, &enc, NULL, 0, &err), 5000);
    assert_int_equal(enc, GK_ENC_UTF8);
    fclose(f);
    free(u);
    free(data);
}

/* Reads the file at path scanned first, and the importer's way
 * (GK_CSV_MAY_RESTART); both must end the same. Returns the restarts. */
static int both_ways(const char *path, long want_records, const char *want_err)
{
    long n[2];
    char last[2][64], msg[2][sizeof((gk_error *)0)->msg];
    int restarts = 0;
    for (int way = 0; way < 2; way++) {
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        gk_error err = {{0}};
        gk_csv_reader *r = gk_csv_open_ex(f, "t.csv", GK_ENC_AUTO, GK_CSV_INPUT_MAX,
                                          way ? GK_CSV_MAY_RESTART : 0, &err);
        assert_non_null(r);
        const gk_csv_record *rec;
        int rc;
        n[way] = 0;
        last[way][0] = '\0';
        for (;;) {
            rc = gk_csv_next(r, &rec, &err);
            gk_error serr;
            if (rc < 0 && way && gk_csv_settle(r, &serr) == GK_CSV_RESTART) rc = GK_CSV_RESTART;
            if (rc <= 0) break;
            if (rc == GK_CSV_RESTART) {
                restarts++;
                n[way] = 0;
                last[way][0] = '\0';
                continue;
            }
            n[way]++;
            snprintf(last[way], sizeof last[way], "%s", rec->fields[rec->nfields - 1]);
        }
        snprintf(msg[way], sizeof msg[way], "%s", rc < 0 ? err.msg : "");
        gk_csv_close(r);
        fclose(f);
    }
    if (n[0] != n[1] || strcmp(last[0], last[1]) != 0 || strcmp(msg[0], msg[1]) != 0)
        fail_msg("scanned: %ld records, \"%s\", \"%s\"; with restarts: %ld, \"%s\", \"%s\"", n[0],
                 last[0], msg[0], n[1], last[1], msg[1]);
    assert_int_equal(n[0], want_records);
    if (!strstr(msg[0], want_err)) fail_msg("\"%s\" does not say \"%s\"", msg[0], want_err);
    return restarts;
}

/* The importer's way of reading with auto (GK_CSV_MAY_RESTART) on files
 * many chunks long: a UTF-8 file is read once, without a restart; a CP932
 * one restarts at its first byte; a UTF-8 file with one CP932 character in
 * row 4,000 restarts there, after 3,999 records, and ends as the scan does
 * (read as CP932, which fails on the UTF-8 before it); the same file cut in
 * the middle of a UTF-8 character at its end. */
static void test_restart_as_cp932(void **state)
{
    (void)state;
    size_t len, ulen, bad;
    char *data = cp932_rows(5000, &len);
    const char *path = gk_test_path("restart.csv");
    gk_write_file(path, data, len);
    assert_int_equal(both_ways(path, 5000, ""), 1);
    gk_error err;
    char *u = gk_cp932_to_utf8(data, len, &ulen, &bad, &err);
    assert_non_null(u);
    gk_write_file(path, u, ulen);
    assert_int_equal(both_ways(path, 5000, ""), 0);
    /* row 4000: each row is two lines (a quoted line break) */
    size_t at = 0;
    for (long row = 1; row < 4000; row++)
        at = (size_t)(strstr(u + at, "①\r\n") - u) + strlen("①\r\n");
    char *mixed = malloc(ulen + 2);
    memcpy(mixed, u, at);
    memcpy(mixed + at, "\x82\xa0", 2); /* あ in CP932 */
    memcpy(mixed + at + 2, u + at, ulen - at);
    gk_write_file(path, mixed, ulen + 2);
    assert_int_equal(both_ways(path, 0, "not UTF-8 at 7999:1 (byte 0x82), and not CP932 either"),
                     1);
    gk_write_file(path, u, ulen - 3); /* ① cut off at the very end (and its CR LF) */
    assert_int_equal(both_ways(path, 0, "not UTF-8 at 10000:"), 1);
    free(mixed);
    free(u);
    free(data);
}

/* Issue 7, defect 7: where the input stopped being UTF-8 is remembered by
 * the detection and reported with the CP932 failure, at the later of the two. */
static void test_auto_not_utf8_nor_cp932(void **state)
{
    (void)state;
    /* UTF-8 with 0xFF 0xFE in line 2, column 12; as CP932 it fails in line 1 */
    static const char hostile[] = "計画,基本目標\nP,012345678\xff\xfe,x\n";
    const char *got = READ(hostile, GK_ENC_AUTO);
    if (!strstr(got, "ERR t.csv:2:12: not UTF-8 at 2:12 (byte 0xFF), and not CP932 either at 1:"))
        fail_msg("got \"%s\"", got);
    assert_int_equal(read_restarts, 1); /* after the first record, read as UTF-8 */
    /* CP932 with a bad pair in line 3: not UTF-8 since 1:1, CP932 got further */
    static const char sjis[] = "\x8c\x76\x89\xe6,x\r\nP,\x8d\x5d\r\nab\x85\x40\r\n";
    got = READ(sjis, GK_ENC_AUTO);
    if (!strstr(got, "ERR t.csv:3:3: not UTF-8 at 1:1 (byte 0x8C), and not CP932 either at 3:3 "
                     "(byte 0x85)"))
        fail_msg("got \"%s\"", got);
    /* a BOM is not a column; quoted line breaks and a line longer than a chunk count */
    size_t n = 150000;
    char *big = malloc(n + 64);
    static const char head[] = "\xef\xbb\xbf"
                               "ab,\"x\r\ny\ny\"\r\n";
    assert_int_equal(sizeof head - 1, 16);
    memcpy(big, head, 16);
    memset(big + 16, 'a', n);
    memcpy(big + 16 + n, "\xe9\x9d", 2); /* a UTF-8 sequence cut off at the end */
    FILE *f = fmemopen(big, n + 18, "rb");
    gk_error err;
    gk_csv_reader *r = gk_csv_open(f, "t.csv", GK_ENC_AUTO, &err);
    assert_non_null(r);
    long line, col;
    assert_true(gk_csv_not_utf8_at(r, &line, &col));
    assert_int_equal(line, 4);
    assert_int_equal(col, (long)n + 1);
    gk_csv_close(r);
    fclose(f);
    free(big);
    /* valid UTF-8: nothing to report */
    f = fmemopen((void *)"a,b\n", 4, "rb");
    r = gk_csv_open(f, "t.csv", GK_ENC_AUTO, &err);
    assert_false(gk_csv_not_utf8_at(r, &line, &col));
    gk_csv_close(r);
    fclose(f);
}

/* A stream whose bytes change after the first rewind: the file edited or
 * cut between the detection scan and the parse. */
struct changing {
    const char *first, *then;
    size_t first_len, then_len, pos;
    int rewinds;
};

static ssize_t changing_read(void *c, char *buf, size_t size)
{
    struct changing *ch = c;
    const char *d = ch->rewinds ? ch->then : ch->first;
    size_t len = ch->rewinds ? ch->then_len : ch->first_len;
    size_t n = ch->pos < len ? len - ch->pos : 0;
    if (n > size) n = size;
    memcpy(buf, d + ch->pos, n);
    ch->pos += n;
    return (ssize_t)n;
}

static int changing_seek(void *c, off64_t *off, int whence)
{
    struct changing *ch = c;
    if (whence == SEEK_SET) {
        if (*off == 0 && ch->pos > 0) ch->rewinds++;
        ch->pos = (size_t)*off;
    }
    *off = (off64_t)ch->pos;
    return 0;
}

static const char *read_changing(const char *first, const char *then)
{
    struct changing ch = {first, then, strlen(first), strlen(then), 0, 0};
    cookie_io_functions_t fns = {.read = changing_read, .seek = changing_seek};
    FILE *f = fopencookie(&ch, "rb", fns);
    assert_non_null(f);
    static gk_error err;
    read_stream(f, GK_ENC_AUTO, 0, NULL, NULL, 0, &err);
    fclose(f);
    return err.msg;
}

/* Issue 7, defect 3: what is parsed is validated, not what was scanned. */
static void test_file_changed_after_scan(void **state)
{
    (void)state;
    const char *got =
        read_changing("計画,指標\nP,指標1\nP,指標2\n", "計画,指標\nP,指標1\nP,\xff\xff\xff\n");
    if (!strstr(got, "t.csv:3:3: bytes that are not UTF-8 (0xFF), although the file was UTF-8"))
        fail_msg("changed bytes: got \"%s\"", got);
    got = read_changing("計画,指標\nP,指標1\nP,指標2\n", "計画,指標\nP,指標1\n");
    if (!strstr(got, "t.csv:3:1: the file became shorter while it was read"))
        fail_msg("cut at a line end: got \"%s\"", got);
    got = read_changing("計画,指標\nP,指標1\n", "計画,指標\nP,指標1\nP,指標2\n");
    if (!strstr(got, "t.csv:3:1: the file grew while it was read"))
        fail_msg("grew: got \"%s\"", got);
    got = read_changing("計画,指標\nP,指標1\n", "計画,指標\nP,指標9\n");
    assert_string_equal(got, ""); /* same length, valid: what is parsed is what counts */
}

/* Issue 7, defect 6: /dev/zero and endless standard input end, whatever the
 * encoding: at the first NUL byte, or at the size limit. */
static void test_endless_input(void **state)
{
    (void)state;
    static const gk_encoding encs[] = {GK_ENC_AUTO, GK_ENC_UTF8, GK_ENC_CP932};
    for (int e = 0; e < 3; e++) {
        FILE *f = fopen("/dev/zero", "rb");
        assert_non_null(f);
        gk_error err;
        read_stream(f, encs[e], 0, NULL, NULL, 0, &err);
        fclose(f);
        if (!strstr(err.msg, "t.csv:1:1: a NUL byte")) fail_msg("/dev/zero: \"%s\"", err.msg);
        f = popen("yes 'a,b'", "r");
        assert_non_null(f);
        long n = read_stream(f, encs[e], 1024 * 1024, NULL, NULL, 0, &err);
        pclose(f);
        if (!strstr(err.msg, "the input is larger than the limit of 1 MiB") || n < 50000)
            fail_msg("yes: %ld records, \"%s\"", n, err.msg);
        char want[64];
        snprintf(want, sizeof want, "t.csv:%ld:", n + 1);
        if (!strstr(err.msg, want)) fail_msg("yes: %ld records, \"%s\"", n, err.msg);
    }
}

/* Writes rows with opts into memory and returns the bytes (static). */
static char *write_rows(const char *const rows[][3], size_t nrows, gk_csv_writer_opts *o,
                        size_t *len, gk_error *err)
{
    static char *buf;
    free(buf);
    buf = NULL;
    size_t size;
    FILE *f = open_memstream(&buf, &size);
    gk_csv_writer *w = gk_csv_writer_open(f, o, err);
    assert_non_null(w);
    int rc = 0;
    for (size_t i = 0; i < nrows && rc == 0; i++)
        rc = gk_csv_write(w, rows[i], 3, err);
    gk_csv_writer_close(w, NULL);
    fclose(f);
    *len = size;
    return rc == 0 ? buf : NULL;
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const rows[][3] = {
        {"計画", "取組状況", "x"},
        {"a,b", "一行目\r\n二行目", "say \"hi\""},
        {"", NULL, "〜～①"},
        {"trailing ", " leading", "\n"},
    };
    for (int enc = 0; enc < 2; enc++) {
        gk_csv_writer_opts o = {.enc = enc ? GK_ENC_CP932 : GK_ENC_UTF8, .bom = !enc, .crlf = true};
        size_t len;
        gk_error err;
        char *bytes = write_rows(rows, 4, &o, &len, &err);
        assert_non_null(bytes);
        if (!enc) assert_memory_equal(bytes, "\xef\xbb\xbf計画,取組状況,x\r\n", 22);
        const char *got = read_all(bytes, len, o.enc);
        assert_string_equal(got, enc ? "1:計画|取組状況|x\n2:a,b|一行目\r\n二行目|say \"hi\"\n"
                                       "4:||～～①\n5:trailing | leading|\n\n"
                                     : "1:計画|取組状況|x\n2:a,b|一行目\r\n二行目|say \"hi\"\n"
                                       "4:||〜～①\n5:trailing | leading|\n\n");
    }
}

static void test_cp932_bytes_survive(void **state)
{
    (void)state;
    static const char bytes[] = "\x81\x60\x81\x7c\x81\x61\x81\x91\x81\x92\x81\xca\x87\x40";
    size_t ulen, clen, bad;
    gk_error err;
    char *u = gk_cp932_to_utf8(bytes, sizeof bytes - 1, &ulen, &bad, &err);
    assert_non_null(u);
    assert_string_equal(u, "～－∥￠￡￢①");
    char *c = gk_utf8_to_cp932(u, ulen, false, &clen, NULL, NULL, &err);
    assert_non_null(c);
    assert_int_equal(clen, sizeof bytes - 1);
    assert_memory_equal(c, bytes, clen);
    free(u);
    free(c);
    /* look-alikes typed elsewhere land on the same bytes */
    c = gk_utf8_to_cp932("〜−", strlen("〜−"), false, &clen, NULL, NULL, &err);
    assert_memory_equal(c, "\x81\x60\x81\x7c", 4);
    free(c);
}

struct subst_log {
    int n;
    char last[64];
};

static void log_subst(void *ctx, long row, const char *column, uint32_t cp, const char *rep)
{
    struct subst_log *l = ctx;
    l->n++;
    snprintf(l->last, sizeof l->last, "%ld %s %04X %s", row, column, (unsigned)cp, rep);
}

static void test_cp932_unmappable(void **state)
{
    (void)state;
    static const char *const names[] = {"取組項目", "指標", "単位"};
    static const char *const rows[][3] = {{"a", "b", "c"}, {"㉑ 事業", "😀", "x"}};
    gk_csv_writer_opts o = {.enc = GK_ENC_CP932, .crlf = true, .column_names = names};
    size_t len;
    gk_error err = {{0}};
    assert_null(write_rows(rows, 2, &o, &len, &err));
    assert_non_null(strstr(err.msg, "row 2, column 取組項目"));
    assert_non_null(strstr(err.msg, "㉑ (U+3251)"));
    struct subst_log log = {0};
    o.substitute = true;
    o.on_subst = log_subst;
    o.subst_ctx = &log;
    char *b = write_rows(rows, 2, &o, &len, &err);
    assert_non_null(b);
    assert_int_equal(log.n, 2);
    assert_string_equal(log.last, "2 指標 1F600 〓");
    assert_non_null(memmem(b, len, "(21) ", 5));
    assert_non_null(memmem(b, len, "\x81\xac", 2)); /* 〓 in CP932 */
    char fb[8];
    assert_string_equal(gk_cp932_fallback(0x32BF, fb), "(50)");
    assert_string_equal(gk_cp932_fallback(0x325F, fb), "(35)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180),
        cmocka_unit_test(test_bad_input_positions),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_encoding_detection),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cp932_bytes_survive),
        cmocka_unit_test(test_cp932_unmappable),
        cmocka_unit_test(test_auto_large_cp932),
        cmocka_unit_test(test_auto_not_utf8_nor_cp932),
        cmocka_unit_test(test_restart_as_cp932),
        cmocka_unit_test(test_file_changed_after_scan),
        cmocka_unit_test(test_endless_input),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
