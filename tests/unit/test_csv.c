/*
 * test_csv.c — the CSV reader and writer: RFC 4180 cases, line ends, BOM,
 * encodings and their detection (also through a pipe), positions in error
 * messages, writer -> reader round trips, CP932 bytes and substitution.
 */
#include "gk_test.h"

#include "gyokaku/csv.h"

/* Reads all records of data; returns them joined as "a|b\n" lines, or the
 * error message prefixed with "ERR ". */
static char *read_all(const char *data, size_t len, gk_encoding enc)
{
    FILE *f = fmemopen((void *)data, len, "rb");
    assert_non_null(f);
    gk_error err = {{0}};
    gk_csv_reader *r = gk_csv_open(f, "t.csv", enc, &err);
    static char out[8192];
    out[0] = '\0';
    if (!r) {
        snprintf(out, sizeof out, "ERR %s", err.msg);
        fclose(f);
        return out;
    }
    const gk_csv_record *rec;
    int rc;
    while ((rc = gk_csv_next(r, &rec, &err)) > 0) {
        char line[2048] = "";
        for (size_t i = 0; i < rec->nfields; i++) {
            if (i) strcat(line, "|");
            strncat(line, rec->fields[i], sizeof line - strlen(line) - 2);
        }
        snprintf(out + strlen(out), sizeof out - strlen(out), "%ld:%s\n", rec->line, line);
    }
    if (rc < 0) snprintf(out + strlen(out), sizeof out - strlen(out), "ERR %s", err.msg);
    gk_csv_close(r);
    fclose(f);
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
    assert_string_equal(READ("計画,江別\n", GK_ENC_AUTO), "1:計画|江別\n");
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
        cmocka_unit_test(test_rfc4180),          cmocka_unit_test(test_bad_input_positions),
        cmocka_unit_test(test_limits),           cmocka_unit_test(test_encoding_detection),
        cmocka_unit_test(test_round_trip),       cmocka_unit_test(test_cp932_bytes_survive),
        cmocka_unit_test(test_cp932_unmappable),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
