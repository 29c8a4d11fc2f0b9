/*
 * test_text.c — the text engine: widths in both ambiguous modes, grapheme
 * clusters, sanitising, exact-width fitting, wrapping with 禁則, search
 * folding.
 */
#include "gk_test.h"

#include <utf8proc.h>

#include "../../src/text/text_int.h"
#include "gyokaku/text.h"

static void test_code_point_widths(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        int narrow, wide; /* width in narrow and in wide ambiguous mode */
    } cases[] = {
        {'A', 1, 1},    {0x3042, 2, 2},  {0x6F22, 2, 2}, {0xFF21, 2, 2}, {0x3000, 2, 2},
        {0xFF76, 1, 1}, {0x1F600, 2, 2}, {0x0301, 0, 0}, {0x3099, 0, 0}, {0xFE0F, 0, 0},
        {0x200D, 0, 0}, {0xE0100, 0, 0}, {0x2460, 1, 2}, {0x25CB, 1, 2}, {0x2192, 1, 2},
        {0x203B, 1, 2}, {0x25A0, 1, 2},  {0x00D7, 1, 2}, {0x2500, 1, 2}, {0x2026, 1, 2},
        {0x1B, 1, 1},   {0x9B, 1, 1},    {0x202E, 1, 1}, {0x3251, 2, 2}, {0xAC00, 2, 2},
    };
    for (int mode = 0; mode < 2; mode++) {
        gk_text_set_ambiguous_wide(mode == 1);
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            int want = mode ? cases[i].wide : cases[i].narrow;
            if (gk_cp_width(cases[i].cp) != want)
                fail_msg("U+%04X in %s mode: width %d, want %d", (unsigned)cases[i].cp,
                         mode ? "wide" : "narrow", gk_cp_width(cases[i].cp), want);
        }
    }
    gk_text_set_ambiguous_wide(false);
    assert_true(gk_cp_is_ambiguous(0x2460));
    assert_false(gk_cp_is_ambiguous(0x3042));
}

static void test_string_widths(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int narrow, wide;
    } cases[] = {
        {"", 0, 0},
        {"abc", 3, 3},
        {"江別市", 6, 6},
        {"① 誰一人", 8, 9},
        {"e\u0301", 1, 1},                    /* combining acute stays with e */
        {"か\u3099", 2, 2},                   /* combining voiced mark */
        {"\U0001F468\u200D\U0001F469", 4, 4}, /* one cluster, drawn as two emoji */
        {"\u845B\U000E0100", 2, 2},           /* ideographic variation selector */
        {"ｶﾞ", 2, 2},                         /* half-width katakana are narrow */
        {"\x1b[2J", 4, 4},                    /* ESC drawn as one placeholder */
        {"\xff", 1, 2},                       /* invalid byte: U+FFFD, ambiguous */
        {"※○→■×─", 6, 12},
    };
    for (int mode = 0; mode < 2; mode++) {
        gk_text_set_ambiguous_wide(mode == 1);
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            int want = mode ? cases[i].wide : cases[i].narrow;
            if (gk_str_width(cases[i].s) != want)
                fail_msg("case %zu in mode %d: %d, want %d", i, mode, gk_str_width(cases[i].s),
                         want);
        }
    }
    gk_text_set_ambiguous_wide(false);
}

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(gk_utf8_decode("\xe3\x81\x82", 3, &cp), 3);
    assert_int_equal(cp, 0x3042);
    assert_int_equal(gk_utf8_decode("\xe3\x81", 2, &cp), 1); /* truncated */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(gk_utf8_decode("\xc0\xaf", 2, &cp), 1);     /* overlong */
    assert_int_equal(gk_utf8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
    assert_true(gk_utf8_valid("江別", 6));
    assert_false(gk_utf8_valid("\x8c\x76", 2));
    char buf[4];
    assert_int_equal(gk_utf8_encode(0x1F600, buf), 4);
    assert_int_equal(gk_utf8_decode(buf, 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void test_sanitise(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"\x1b]0;pwned\x07", "␛]0;pwned␇"},
        {"\x1b[2J", "␛[2J"},
        {"a\xc2\x9b"
         "b",
         "a␦b"},                     /* C1 CSI */
        {"abc\u202Eedf", "abc␦edf"}, /* RIGHT-TO-LEFT OVERRIDE */
        {"x\u2066y\u2069", "x␦y␦"},
        {"\x7f", "␡"},
        {"\xff\xe3\x81", "\uFFFD\uFFFD\uFFFD"},
        {"tab\there", "tab␉here"},
        {"\u0301x", "\u00A0\u0301x"}, /* a lone mark gets a base */
        {"普通の文章", "普通の文章"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = gk_sanitize(cases[i].in);
        assert_string_equal(s, cases[i].out);
        for (const char *p = s; *p; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
        free(s);
    }
}

static void test_fit_is_exact(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "abc",
        "① 誰一人取り残さない情報共有の推進",
        "江別市行政改革推進計画",
        "a江b別c市",
        "\x1b]0;x\x07漢字",
        "e\u0301e\u0301e\u0301",
        "※○→■×─※○→■×─",
        "\U0001F600\U0001F600\U0001F600",
        "ｶﾞｶﾞｶﾞ",
        "\u2060が\u0301\u200bx",
    };
    for (int mode = 0; mode < 2; mode++) {
        gk_text_set_ambiguous_wide(mode == 1);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            for (int w = 0; w <= 24; w++) {
                char *f = gk_fit(texts[i], w);
                if (gk_str_width(f) != w)
                    fail_msg("mode %d, \"%s\" fitted to %d measures %d (%s)", mode, texts[i], w,
                             gk_str_width(f), f);
                int cw;
                char *c = gk_clip(texts[i], w, &cw);
                if (cw != gk_str_width(c) || cw > w || (gk_str_width(texts[i]) >= w && cw != w))
                    fail_msg("mode %d, \"%s\" clipped to %d measures %d", mode, texts[i], w, cw);
                free(f);
                free(c);
            }
    }
    gk_text_set_ambiguous_wide(false);
    char *f = gk_fit("江別市役所", 7);
    assert_string_equal(f, "江別市…"); /* 6 + ellipsis */
    free(f);
    f = gk_fit("江別市役所", 8);
    assert_string_equal(f, "江別市… "); /* a wide char would straddle: a space */
    free(f);
    f = gk_fit("ab", 4);
    assert_string_equal(f, "ab  ");
    free(f);
    char *c = gk_clip("江別市", 5, NULL);
    assert_string_equal(c, "江別 ");
    free(c);
}

/* A Prepend character (U+0601 ARABIC NUMBER SIGN, invisible here) joins the
 * mark after it; leaving it out drew a lone mark, which measured one cell
 * more when read again (found by fuzz_decode: d8 81 d6 a0 e3 a0). What is
 * drawn measures what the text measures, in every mode and at every width. */
static void test_fit_prepend(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "\xd8\x81\xd6\xa0\xe3\xa0",            /* the fuzz input: U+0601 U+05A0, a cut sequence */
        "\u0601\u0601\u05a0x",                 /* several invisible characters before the mark */
        "\u0601\u0903ab",                      /* a spacing mark after the Prepend */
        "x\u0601\u05a0\u0601",                 /* and one at the end */
        "\u0601a\u0601\u0300\u0301\x01\u0300", /* a mark after a control */
        "\u2060\u0301",                        /* a word joiner before a mark */
    };
    for (int mode = 0; mode < 2; mode++) {
        gk_text_set_ambiguous_wide(mode == 1);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            char *clean = gk_sanitize(texts[i]);
            if (gk_str_width(clean) != gk_str_width(texts[i]))
                fail_msg("mode %d, text %zu: drawn %d cells, measured %d", mode, i,
                         gk_str_width(clean), gk_str_width(texts[i]));
            free(clean);
            for (int w = 0; w < 12; w++) {
                char *f = gk_fit(texts[i], w);
                if (gk_str_width(f) != w)
                    fail_msg("mode %d, text %zu fitted to %d measures %d", mode, i, w,
                             gk_str_width(f));
                free(f);
            }
        }
    }
    gk_text_set_ambiguous_wide(false);
    char *f = gk_fit("\u0601\u05a0", 3); /* the mark on a no-break space, then padding */
    assert_string_equal(f, "\u00a0\u05a0  ");
    free(f);
}

static char *join_spans(const char *s, const gk_span *v, size_t n)
{
    char *out = calloc(strlen(s) + 1, 1);
    for (size_t i = 0; i < n; i++)
        strncat(out, s + v[i].start, v[i].len);
    return out;
}

static void test_fit_middle(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int width;
        const char *out;
    } cases[] = {
        {"abcdefghij", 7, "ab…ghij"}, /* 6 cells besides the ellipsis: 2 + 4 */
        {"abcdefghij", 7 + 4, "abcdefghij "},
        {"計画（令和6年度～令和10年度）", 16, "計画…和10年度） "},
        {"計画（令和6年度～令和11年度）", 16, "計画…和11年度） "},
        {"計画A", 3, "…A "}, /* 計 is wider than the start's half */
        {"ab", 0, ""},
        {"x\x1b[2Jyyyyyyyyyyyyz", 8, "x\xe2\x90\x9b…yyyyz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *f = gk_fit_middle(cases[i].in, cases[i].width);
        assert_non_null(f);
        assert_string_equal(f, cases[i].out);
        assert_int_equal(gk_str_width(f), cases[i].width);
        free(f);
    }
    /* two names that differ at the end stay apart at any width */
    const char *a = "江別市行政改革推進計画（令和6(2024)年度～令和10(2028)年度）";
    const char *b = "江別市行政改革推進計画（令和11(2029)年度～令和15(2033)年度）";
    for (int w = 12; w < 40; w++) { /* 8 cells of the end: "28)年度）" */
        char *fa = gk_fit_middle(a, w), *fb = gk_fit_middle(b, w);
        assert_int_equal(gk_str_width(fa), w);
        assert_string_not_equal(fa, fb);
        free(fa);
        free(fb);
    }
}

static void test_fit_right(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int width;
        const char *out;
    } cases[] = {
        {"12", 5, "   12"}, {"入力済", 8, "  入力済"}, {"未入力です", 8, " 未入力…"},
        {"", 3, "   "},     {"ab ", 4, "  ab"},        {"項目", 4, "項目"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *f = gk_fit_right(cases[i].in, cases[i].width);
        assert_string_equal(f, cases[i].out);
        assert_int_equal(gk_str_width(f), cases[i].width);
        free(f);
    }
}

static void test_wrap(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "令和4年度に市LINE公式アカウントの本格運用を開始したことで、「友だち」登録者数が大きく"
        "伸び、フォロワー等の全体数の増加に繋がった。",
        "・総合防災訓練:38名\n・地域連携避難所運営訓練:9名\r\n\n最後の行",
        "averyveryverylongwordwithoutanyspacesatallthatmustbreak",
        "か\u3099か\u3099か\u3099か\u3099か\u3099か\u3099",
        "",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        for (int w = 2; w <= 30; w++) {
            size_t n;
            gk_span *v = gk_wrap(texts[t], w, &n);
            assert_non_null(v);
            assert_true(n >= 1);
            for (size_t i = 0; i < n; i++) {
                char *line = strndup(texts[t] + v[i].start, v[i].len);
                if (gk_str_width(line) != v[i].width || v[i].width > w)
                    fail_msg("text %zu width %d line %zu: \"%s\" measures %d (span says %d)", t, w,
                             i, line, gk_str_width(line), v[i].width);
                if (i > 0 && strncmp(line, "\u3099", 3) == 0)
                    fail_msg("text %zu: a combining mark starts line %zu", t, i);
                free(line);
            }
            char *joined = join_spans(texts[t], v, n), *expect = strdup(texts[t]);
            size_t o = 0;
            for (const char *p = texts[t]; *p; p++)
                if (*p != '\n' && *p != '\r') expect[o++] = *p;
            expect[o] = '\0';
            assert_string_equal(joined, expect);
            free(joined);
            free(expect);
            free(v);
        }
}

static void test_kinsoku(void **state)
{
    (void)state;
    /* width 8 = four kanji: 。 would start line 2; instead 字 moves down */
    size_t n;
    const char *s = "漢字漢字。続き";
    gk_span *v = gk_wrap(s, 8, &n);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].width, 6);
    assert_memory_equal(s + v[1].start, "字。", strlen("字。"));
    free(v);
    /* 「 must not end a line */
    s = "漢字漢「字」です";
    v = gk_wrap(s, 8, &n);
    assert_memory_equal(s + v[1].start, "「", strlen("「"));
    free(v);
    /* line breaks are kept */
    v = gk_wrap("一\n\n二", 10, &n);
    assert_int_equal(n, 3);
    assert_int_equal(v[1].len, 0);
    free(v);
}

/* Latin words and numbers move down whole when they fit on a line. */
static void test_wrap_words(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int width;
        const char *lines; /* expected lines joined with '|' */
    } cases[] = {
        {"enter the year's actuals and notes (Enter on other levels opens or closes)", 30,
         "enter the year's actuals and |notes (Enter on other levels |opens or closes)"},
        {"令和4年度に市LINE公式アカウント", 14, "令和4年度に市|LINE公式アカウ|ント"},
        {"登録者数は26,684人", 14, "登録者数は|26,684人"},
        {"averyveryverylongword", 8, "averyver|yverylon|gword"},
        {"a averyveryverylongword", 8, "a |averyver|yverylon|gword"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        gk_span *v = gk_wrap(cases[i].text, cases[i].width, &n);
        char got[512] = "";
        for (size_t j = 0; j < n; j++) {
            if (j) strcat(got, "|");
            strncat(got, cases[i].text + v[j].start, v[j].len);
        }
        if (strcmp(got, cases[i].lines) != 0)
            fail_msg("\"%s\" at %d: got \"%s\", want \"%s\"", cases[i].text, cases[i].width, got,
                     cases[i].lines);
        free(v);
    }
}

/* gk_fold copies hiragana, katakana, CJK ideographs, 、 and 。 without
 * utf8proc (fold.c): each of them must be what utf8proc folds it to, and
 * so must its neighbours that are not copied. */
static void test_fold_fast_path(void **state)
{
    (void)state;
    static const uint32_t ranges[][2] = {
        {0x3000, 0x3003}, {0x3040, 0x30FF}, {0x4DFF, 0xA000}, {0xF900, 0xF902}};
    const utf8proc_option_t opts =
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    long checked = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            char in[8] = {0};
            gk_utf8_encode(cp, in);
            utf8proc_uint8_t *want = NULL;
            assert_true(utf8proc_map((const utf8proc_uint8_t *)in, 0, &want,
                                     opts | UTF8PROC_NULLTERM) >= 0);
            char *got = gk_fold(in);
            if (strcmp(got, (const char *)want) != 0)
                fail_msg("U+%04X folds to \"%s\", utf8proc says \"%s\"", (unsigned)cp, got,
                         (const char *)want);
            free(got);
            free(want);
            checked++;
        }
    assert_true(checked > 20000);
}

/* gk_fold cluster by cluster the slow way (every cluster found by
 * gk_next_cluster, folded by utf8proc unless it is one ASCII character),
 * with the byte each folded byte came from: what fold.c's shortcuts must
 * give. */
static char *fold_reference(const char *s, size_t *map)
{
    size_t len = strlen(s), pos = 0, o = 0;
    char *out = malloc(len * 8 + 1);
    gk_cluster c;
    while (gk_next_cluster(s, len, &pos, &c)) {
        utf8proc_uint8_t *f = NULL;
        if (!(c.len == 1 && c.first < 0x80) && !c.invalid && !gk_cp_is_control(c.first) &&
            utf8proc_map((const utf8proc_uint8_t *)s + c.start, (utf8proc_ssize_t)c.len, &f,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                             UTF8PROC_IGNORE) < 0)
            f = NULL;
        const char *src = f ? (const char *)f : s + c.start;
        size_t n = f ? strlen(src) : c.len;
        for (size_t i = 0; i < n; i++) {
            char b = src[i];
            out[o] = !f && n == 1 && b >= 'A' && b <= 'Z' ? (char)(b + 32) : b;
            map[o++] = c.start;
        }
        free(f);
    }
    out[o] = '\0';
    map[o] = len;
    return out;
}

/* Random strings of ASCII, kana, kanji, marks that join a cluster (U+0301,
 * U+3099, ZWJ), CR LF, full- and half-width forms, an invalid byte:
 * gk_fold equals the slow way, and a match maps back to the same bytes. */
static void test_fold_shortcuts_agree(void **state)
{
    (void)state;
    static const char *const parts[] = {"A",
                                        "z",
                                        "1",
                                        " ",
                                        "\r",
                                        "\n",
                                        "\r\n",
                                        "\t",
                                        "漢",
                                        "か",
                                        "ア",
                                        "ー",
                                        "、",
                                        "。",
                                        "ｶ",
                                        "ﾞ",
                                        "Ａ",
                                        "１",
                                        "é",
                                        "\xcc\x81",
                                        "\xe3\x82\x99",
                                        "\xe2\x80\x8d",
                                        "👍",
                                        "\xc2\xad",
                                        "\xff",
                                        "ⅰ",
                                        "㈱",
                                        "ｱ",
                                        "\xe3\x82\x9b",
                                        "Ω"};
    const size_t nparts = sizeof parts / sizeof *parts;
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char s[128] = "";
        int k = 1 + round % 12;
        for (int i = 0; i < k; i++) {
            seed = seed * 1103515245u + 12345u;
            strcat(s, parts[(seed >> 16) % nparts]);
        }
        size_t map[128 * 8 + 1];
        char *want = fold_reference(s, map);
        char *got = gk_fold(s);
        if (strcmp(got, want) != 0) fail_msg("fold of \"%s\": \"%s\", want \"%s\"", s, got, want);
        /* a match of the whole folded text maps back to the string from the
         * cluster of its first byte (clusters before it fold to nothing) */
        size_t mlen = 0;
        if (*want) {
            long at = gk_find_folded(s, 0, want, &mlen);
            if (at != (long)map[0] || mlen != strlen(s) - map[0])
                fail_msg("\"%s\": match at %ld (%zu bytes), want %zu (%zu)", s, at, mlen, map[0],
                         strlen(s) - map[0]);
        }
        /* and a match of each ASCII byte starts where its cluster does (LF
         * of CR LF: at the CR) */
        size_t wl = strlen(want);
        for (size_t j = 0; j < wl; j++) {
            if ((unsigned char)want[j] >= 0x80) continue;
            char needle[2] = {want[j], 0};
            size_t i = 0;
            while (want[i] != want[j] || map[i] < map[j])
                i++;
            long at = gk_find_folded(s, map[j], needle, &mlen);
            if (at != (long)map[i])
                fail_msg("\"%s\": byte %zu found at %ld, want %zu", s, j, at, map[i]);
        }
        free(got);
        free(want);
    }
}

static void test_fold_and_find(void **state)
{
    (void)state;
    char *f = gk_fold("ＬＩＮＥ");
    assert_string_equal(f, "line");
    free(f);
    f = gk_fold("ｶﾞｲﾄﾞ１２３");
    assert_string_equal(f, "ガイド123");
    free(f);
    size_t len;
    const char *hay = "「市LINE公式アカウント」の登録者数";
    char *needle = gk_fold("ＬＩＮＥ");
    long at = gk_find_folded(hay, 0, needle, &len);
    assert_int_equal(at, (long)strlen("「市"));
    assert_int_equal(len, 4);
    free(needle);
    needle = gk_fold("ｱｶｳﾝﾄ");
    at = gk_find_folded(hay, 0, needle, &len);
    assert_int_equal(at, (long)strlen("「市LINE公式"));
    assert_int_equal(len, strlen("アカウント"));
    free(needle);
    const char *kana = "ｶﾞｲﾄﾞとガイド";
    needle = gk_fold("ガイド");
    at = gk_find_folded(kana, 0, needle, &len);
    assert_int_equal(at, 0);
    assert_int_equal(len, strlen("ｶﾞｲﾄﾞ"));
    at = gk_find_folded(kana, 1, needle, &len);
    assert_int_equal(at, (long)strlen("ｶﾞｲﾄﾞと"));
    free(needle);
    needle = gk_fold("line");
    assert_int_equal(gk_find_folded("nothing here", 0, needle, &len), -1);
    free(needle);
}

/* 半角カナ become 全角, with their sound marks composed (issue 21). */
static void test_kana_fullwidth(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"ｶﾞｲﾄﾞﾌﾞｯｸ", "ガイドブック"},
        {"ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "パブリックコメント"},
        {"ｳﾞｨｼﾞｮﾝ", "ヴィジョン"},
        {"ﾃﾞｰﾀ｡｢ｱ｣､･", "データ。「ア」、・"},
        {"ﾏﾁﾂﾞｸﾘ 2024", "マチヅクリ 2024"},
        {"ｯﾞ", "ッ゛"},
        {"全角カナ abc", "全角カナ abc"},
        {"ﾟ", "゜"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = gk_kana_fullwidth(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
    assert_null(gk_kana_fullwidth(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kana_fullwidth), cmocka_unit_test(test_code_point_widths),
        cmocka_unit_test(test_string_widths),  cmocka_unit_test(test_decode),
        cmocka_unit_test(test_sanitise),       cmocka_unit_test(test_fit_is_exact),
        cmocka_unit_test(test_fit_prepend),    cmocka_unit_test(test_fit_right), cmocka_unit_test(test_fit_middle),
        cmocka_unit_test(test_wrap),           cmocka_unit_test(test_wrap_words),
        cmocka_unit_test(test_kinsoku),        cmocka_unit_test(test_fold_and_find),
        cmocka_unit_test(test_fold_fast_path), cmocka_unit_test(test_fold_shortcuts_agree),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
