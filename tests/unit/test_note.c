/*
 * test_note.c — the one limit of notes (note.h): counted as the entry
 * form's editor counts, enforced by import (a longer 取組状況 or
 * 次年度の取組内容 is refused with file, line, column and the limit, and
 * changes nothing) and by the entry's validation, with the same constant.
 */
#include "gk_test.h"

#include "gyokaku/cli.h"
#include "gyokaku/edit.h"
#include "gyokaku/entry.h"
#include "gyokaku/note.h"

/* n copies of the UTF-8 character ch, malloc'd */
static char *repeat(const char *ch, size_t n)
{
    size_t l = strlen(ch);
    char *s = malloc(l * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * l, ch, l);
    s[l * n] = '\0';
    return s;
}

static void test_counting(void **state)
{
    (void)state;
    assert_int_equal(gk_note_chars(NULL), 0);
    assert_int_equal(gk_note_chars(""), 0);
    assert_int_equal(gk_note_chars("abc"), 3);
    assert_int_equal(gk_note_chars("取組状況"), 4);
    assert_int_equal(gk_note_chars("一\r\n二"), 3); /* CR LF is one line break */
    assert_int_equal(gk_note_chars("一\r二\n三"), 5);
    assert_int_equal(gk_note_chars("a\001b\tc"), 4); /* a control character is dropped */
    /* exactly what an editor holding the text counts */
    const char *t = "行1\r\n行2\r行3\x07\t👍";
    gk_edit ed;
    gk_edit_init(&ed, t, 40, 0);
    assert_int_equal(gk_note_chars(t), gk_edit_chars(&ed));
    gk_edit_free(&ed);
    char *at = repeat("あ", GK_NOTE_MAX_CHARS), *over = repeat("あ", GK_NOTE_MAX_CHARS + 1);
    assert_false(gk_note_too_long(at));
    assert_true(gk_note_too_long(over));
    free(at);
    free(over);
}

/* The entry's validation uses the same limit and the same count. */
static void test_entry_validate(void **state)
{
    (void)state;
    char *over = repeat("あ", GK_NOTE_MAX_CHARS + 1);
    char *crlf = repeat("あ", GK_NOTE_MAX_CHARS); /* 3999 + CR LF: 4000 as the form counts */
    memcpy(crlf + 3 * (GK_NOTE_MAX_CHARS - 1), "\r\n", 3);
    gk_entry_field f = {.kind = GK_FIELD_STATUS, .series = "", .text = over};
    gk_entry e = {.fields = &f, .nfields = 1};
    gk_error err = {{0}};
    assert_int_equal(gk_entry_validate(&e, &err), 0);
    assert_non_null(strstr(err.msg, "4001"));
    assert_non_null(strstr(err.msg, "4000"));
    f.text = crlf;
    assert_int_equal(gk_entry_validate(&e, &err), -1);
    free(over);
    free(crlf);
}

#define HEADER "計画,基本目標,取組項目,指標,単位,年度,実績値,取組状況,次年度の取組内容\n"

/* A CSV of one row whose 取組状況 and 次年度の取組内容 are given. */
static const char *write_csv(const char *name, const char *status, const char *next)
{
    size_t n = strlen(status) + strlen(next) + 256;
    char *csv = malloc(n);
    assert_non_null(csv);
    snprintf(csv, n, HEADER "P,G,① 項目,指標,件,2024,1,\"%s\",\"%s\"\n", status, next);
    const char *path = gk_test_path(name);
    gk_write_file(path, csv, strlen(csv));
    free(csv);
    return path;
}

static void test_import_refuses_long_note(void **state)
{
    (void)state;
    const char *db = gk_test_path("note.db");
    char *err;
    assert_int_equal(RUN(&err, "init", "--db", db), 0);
    free(err);
    const char *ok = write_csv("ok.csv", "前年の状況", "");
    assert_int_equal(RUN(&err, "import", "--db", db, ok), 0);
    free(err);
    size_t lb, la;
    char *before = gk_read_file(db, &lb);

    char *over = repeat("あ", GK_NOTE_MAX_CHARS + 1);
    const struct {
        const char *name, *status, *next, *where;
    } cases[] = {
        {"status.csv", over, "", ":2:8: 取組状況: "},
        {"next.csv", "短い", over, ":2:9: 次年度の取組内容: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *csv = write_csv(cases[i].name, cases[i].status, cases[i].next);
        assert_int_equal(RUN(&err, "import", "--db", db, csv), 1);
        char want[512];
        snprintf(want, sizeof want, "%s%s", csv, cases[i].where);
        if (!strstr(err, want)) fail_msg("%s: message lacks \"%s\": %s", cases[i].name, want, err);
        assert_non_null(strstr(err, "4001 characters"));
        assert_non_null(strstr(err, "limit is 4000"));
        free(err);
        char *after = gk_read_file(db, &la);
        assert_int_equal(la, lb);
        assert_memory_equal(before, after, la);
        free(after);
    }
    char *status = gk_sql_text(db, "SELECT status FROM note");
    assert_string_equal(status, "前年の状況");
    free(status);

    /* at the limit as the form counts (CR LF is one character): imported */
    char *crlf = repeat("あ", GK_NOTE_MAX_CHARS);
    memcpy(crlf + 3 * (GK_NOTE_MAX_CHARS - 1), "\r\n", 3);
    const char *csv = write_csv("crlf.csv", crlf, "");
    assert_int_equal(RUN(&err, "import", "--db", db, csv), 0);
    free(err);
    free(crlf);
    free(over);
    free(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counting),
        cmocka_unit_test(test_entry_validate),
        cmocka_unit_test(test_import_refuses_long_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
