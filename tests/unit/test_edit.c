/*
 * test_edit.c — the text-area editing model: insertion and deletion by
 * grapheme cluster over ASCII, kana, kanji, combining sequences and emoji;
 * movement by cluster, visual row, word and line; wrapping while typing;
 * the character limit; pasted line breaks.
 */
#include "gk_test.h"

#include "gyokaku/edit.h"

static void type(gk_edit *e, const char *s)
{
    assert_int_equal(gk_edit_insert(e, s, strlen(s)), 0);
}

/* Every row fits the width and the rows joined give the text minus '\n'. */
static void check_layout(gk_edit *e)
{
    size_t n = gk_edit_rows(e);
    char *joined = calloc(e->len + 1, 1), *expect = calloc(e->len + 1, 1);
    for (size_t r = 0; r < n; r++) {
        gk_span s = gk_edit_row(e, r);
        char *line = strndup(e->buf + s.start, s.len);
        assert_true(gk_str_width(line) <= e->width || s.len <= 8);
        strcat(joined, line);
        free(line);
    }
    size_t o = 0;
    for (size_t i = 0; i < e->len; i++)
        if (e->buf[i] != '\n') expect[o++] = e->buf[i];
    assert_string_equal(joined, expect);
    free(joined);
    free(expect);
}

static void test_insert_and_backspace_clusters(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a",
                                         "か",
                                         "漢",
                                         "e\u0301",
                                         "か\u3099",
                                         "\U0001F468\u200D\U0001F469",
                                         "\U0001F44D\U0001F3FD",
                                         "\u845B\U000E0100",
                                         "ｶﾞ",
                                         "１"};
    gk_edit e;
    gk_edit_init(&e, NULL, 20, 0);
    for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
        type(&e, pieces[i]);
        check_layout(&e);
    }
    /* backspace removes each piece whole, last first */
    for (size_t i = sizeof pieces / sizeof *pieces; i-- > 0;) {
        size_t before = e.len;
        gk_edit_backspace(&e);
        if (before - e.len != strlen(pieces[i]))
            fail_msg("backspace over piece %zu removed %zu bytes, not %zu", i, before - e.len,
                     strlen(pieces[i]));
    }
    assert_int_equal(e.len, 0);
    gk_edit_free(&e);
}

static void test_left_right_delete(void **state)
{
    (void)state;
    gk_edit e;
    gk_edit_init(&e, "aか\u3099漢\U0001F468\u200D\U0001F469b", 20, 0);
    gk_edit_doc_end(&e);
    size_t stops[8], n = 0;
    while (e.cursor > 0 && n < 8) {
        gk_edit_left(&e);
        stops[n++] = e.cursor;
    }
    assert_int_equal(n, 5); /* b, family, 漢, が, a */
    assert_int_equal(stops[4], 0);
    assert_int_equal(stops[3], 1);
    gk_edit_right(&e);
    gk_edit_delete(&e); /* removes が whole */
    assert_string_equal(e.buf, "a漢\U0001F468\u200D\U0001F469b");
    gk_edit_free(&e);
}

static void test_up_down_keep_column(void **state)
{
    (void)state;
    gk_edit e;
    /* width 10: row 0 "あいうえお" (10 cells), row 1 "abcdefghij", row 2 "xyz" */
    gk_edit_init(&e, "あいうえおabcdefghijxyz", 10, 0);
    assert_int_equal(gk_edit_rows(&e), 3);
    gk_edit_doc_start(&e);
    gk_edit_down(&e);
    int r, c;
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(r, 1);
    assert_int_equal(c, 0);
    for (int i = 0; i < 5; i++)
        gk_edit_right(&e);
    gk_edit_up(&e); /* column 5 is inside う: land before it, at column 4 */
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(r, 0);
    assert_int_equal(c, 4);
    gk_edit_down(&e); /* the goal column 5 is kept */
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(c, 5);
    gk_edit_down(&e); /* "xyz" is shorter: its end */
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(r, 2);
    assert_int_equal(c, 3);
    gk_edit_home(&e);
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(c, 0);
    gk_edit_up(&e);
    gk_edit_end(&e); /* a soft-wrapped row: end stays on the row */
    gk_edit_cursor_rc(&e, &r, &c);
    assert_int_equal(r, 1);
    assert_int_equal(c, 9);
    gk_edit_free(&e);
}

static void test_words(void **state)
{
    (void)state;
    gk_edit e;
    gk_edit_init(&e, "今日はgood day、カタカナ漢字", 40, 0);
    size_t expect[] = {strlen("今日"),
                       strlen("今日は"),
                       strlen("今日はgood "),
                       strlen("今日はgood day、"),
                       strlen("今日はgood day、カタカナ"),
                       strlen("今日はgood day、カタカナ漢字")};
    gk_edit_doc_start(&e);
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
        gk_edit_word_right(&e);
        if (e.cursor != expect[i]) fail_msg("word %zu: at %zu, want %zu", i, e.cursor, expect[i]);
    }
    gk_edit_word_left(&e);
    assert_int_equal(e.cursor, strlen("今日はgood day、カタカナ"));
    gk_edit_word_left(&e);
    assert_int_equal(e.cursor, strlen("今日はgood day、"));
    gk_edit_word_left(&e);
    assert_int_equal(e.cursor, strlen("今日はgood "));
    gk_edit_free(&e);
}

static void test_wrap_while_typing(void **state)
{
    (void)state;
    const char *note = "令和4年度に市LINE公式アカウントの本格運用を開始したことで、「友だち」"
                       "登録者数が大きく伸び、フォロワー等の全体数の増加に繋がった。";
    gk_edit e;
    gk_edit_init(&e, NULL, 16, 0);
    size_t len = strlen(note), pos = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = gk_utf8_decode(note + pos, len - pos, &cp);
        assert_int_equal(gk_edit_insert(&e, note + pos, n), 0);
        pos += n;
        check_layout(&e);
        int r, c;
        gk_edit_cursor_rc(&e, &r, &c);
        assert_true(c <= 16);
    }
    assert_string_equal(e.buf, note);
    gk_edit_free(&e);
}

static void test_limit_and_paste(void **state)
{
    (void)state;
    gk_edit e;
    gk_edit_init(&e, "あいう", 20, 5);
    assert_int_equal(gk_edit_insert(&e, "えおか", strlen("えおか")), -1); /* 6 > 5 */
    assert_string_equal(e.buf, "あいう");
    assert_int_equal(gk_edit_insert(&e, "えお", strlen("えお")), 0);
    assert_int_equal(gk_edit_chars(&e), 5);
    gk_edit_free(&e);

    gk_edit_init(&e, NULL, 20, 0);
    const char *paste = "一行目\r\n二行目\r三行目\x1b[31m";
    assert_int_equal(gk_edit_insert(&e, paste, strlen(paste)), 0);
    assert_string_equal(e.buf, "一行目\n二行目\n三行目[31m");
    assert_int_equal(gk_edit_rows(&e), 3);
    gk_edit_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_and_backspace_clusters),
        cmocka_unit_test(test_left_right_delete),
        cmocka_unit_test(test_up_down_keep_column),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_wrap_while_typing),
        cmocka_unit_test(test_limit_and_paste),
    };
    return cmocka_run_group_tests_name("edit", tests, NULL, NULL);
}
