/*
 * test_finding.c — `gyokaku check`'s findings put in words (finding.h):
 * every code has its own template that uses all its arguments, the CLI's
 * sanitizer reaches every argument, stored names are shown as words, and
 * under Japanese (the catalogue compiled from po/ja.po) a finding is a
 * whole Japanese sentence.
 */
#include "gk_test.h"

#include <locale.h>

#include "gyokaku/finding.h"
#include "gyokaku/i18n.h"

/* The number of arguments of each code, as finding.h lists them. */
static const int arity[GK_FIND_COUNT] = {
    [GK_FIND_INTEGRITY] = 1,         [GK_FIND_QUERY_FAILED] = 1,      [GK_FIND_FOREIGN_KEY] = 3,
    [GK_FIND_PARENT_PLAN] = 2,       [GK_FIND_KIND_UNDER] = 4,        [GK_FIND_SERIES_KIND] = 2,
    [GK_FIND_MIXED_SERIES] = 2,      [GK_FIND_VALUE_YEAR] = 6,        [GK_FIND_NOTE_YEAR] = 4,
    [GK_FIND_PERIOD_REVERSED] = 3,   [GK_FIND_DEPT_POS] = 2,          [GK_FIND_SAME_TITLE] = 3,
    [GK_FIND_UID_PLAN] = 2,          [GK_FIND_UID_NODE] = 2,          [GK_FIND_UID_SERIES] = 3,
    [GK_FIND_UID_NOTE] = 3,          [GK_FIND_BYPASS_VALUE] = 6,      [GK_FIND_BYPASS_NOTE] = 6,
    [GK_FIND_STATE_NEVER] = 4,       [GK_FIND_STATE_CHANGED] = 5,     [GK_FIND_ROLE_NEVER] = 2,
    [GK_FIND_ROLE_CHANGED] = 3,      [GK_FIND_USER_REMOVED] = 2,      [GK_FIND_USER_DEPTS] = 3,
    [GK_FIND_LOCK_NOT_BY] = 1,       [GK_FIND_LOCK_DIFFERS] = 5,      [GK_FIND_UNLOCK_NOT_BY] = 1,
    [GK_FIND_CHAIN_MISMATCH] = 2,    [GK_FIND_CHAIN_NO_HASH] = 2,     [GK_FIND_BACKUP_ROW_GONE] = 3,
    [GK_FIND_BACKUP_ROW_NEW] = 4,    [GK_FIND_BACKUP_ROW_EDITED] = 4, [GK_FIND_BACKUP_DIFFERS] = 2,
    [GK_FIND_DEPTS_NEVER] = 3,       [GK_FIND_DEPTS_CHANGED] = 4,     [GK_FIND_DEPTS_NEVER_FIX] = 5,
    [GK_FIND_DEPTS_CHANGED_FIX] = 6,
};

static int cleaned;

/* A stand-in for the CLI's sanitizer: marks what it saw. */
static const char *mark(const char *s)
{
    static char ring[GK_FINDING_ARGS][64];
    char *out = ring[cleaned++ % GK_FINDING_ARGS];
    snprintf(out, 64, "<%s>", s);
    return out;
}

static void test_every_code_uses_its_arguments(void **state)
{
    (void)state;
    static const char *const args[GK_FINDING_ARGS] = {"Q0", "Q1", "Q2", "Q3",
                                                      "Q4", "Q5", "Q6", "Q7"};
    char *unknown = gk_finding_text(&(gk_finding){.code = GK_FIND_COUNT, .arg = {"x"}}, NULL);
    for (int c = GK_FIND_INTEGRITY; c < GK_FIND_COUNT; c++) {
        gk_finding f = {.code = (gk_finding_code)c};
        for (int i = 0; i < GK_FINDING_ARGS; i++)
            f.arg[i] = args[i];
        cleaned = 0;
        char *t = gk_finding_text(&f, mark);
        assert_non_null(t);
        /* its own sentence, not the fallback */
        if (strncmp(t, unknown, 10) == 0) fail_msg("code %d has no template: %s", c, t);
        for (int i = 0; i < arity[c]; i++) {
            char want[16];
            snprintf(want, sizeof want, "<Q%d>", i);
            if (!strstr(t, want)) fail_msg("code %d does not show argument %d: %s", c, i, t);
        }
        char beyond[16];
        snprintf(beyond, sizeof beyond, "Q%d", arity[c]);
        if (strstr(t, beyond)) fail_msg("code %d shows more than %d arguments: %s", c, arity[c], t);
        assert_int_equal(cleaned, GK_FINDING_ARGS); /* every argument through the sanitizer */
        free(t);
    }
    free(unknown);
}

static void test_stored_names_are_words(void **state)
{
    (void)state;
    gk_finding f = {GK_FIND_KIND_UNDER, {"u1", "題", "item", "indicator"}};
    char *t = gk_finding_text(&f, NULL);
    assert_string_equal(t, "node u1 (題): item under indicator is not allowed");
    free(t);
    assert_string_equal(gk_finding_term("draft"), "entering");
    assert_string_equal(gk_finding_term("none"), "not entered");
    assert_string_equal(gk_finding_term("plan text"), "plan text"); /* not a stored name */
    char row[256];
    gk_finding_row(row, sizeof row, "2026-01-01", "tanaka", "note", "ab12", "state", NULL, "draft");
    assert_string_equal(row, "2026-01-01 tanaka, note ab12 state \"\" -> \"draft\"");
}

/* Under Japanese: whole sentences with the words of the glossary. */
static void test_japanese_sentences(void **state)
{
    (void)state;
    char cmd[2048], dir[512];
    snprintf(dir, sizeof dir, "%s/locale/ja/LC_MESSAGES", gk_test_dir());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && msgfmt -o '%s/gyokaku.mo' po/ja.po", dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(dir, sizeof dir, "%s/locale", gk_test_dir());
    setenv("LANGUAGE", "ja", 1);
    assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
    bindtextdomain("gyokaku", dir);
    bind_textdomain_codeset("gyokaku", "UTF-8");
    textdomain("gyokaku");

    gk_finding f = {GK_FIND_KIND_UNDER, {"u1", "窓口", "item", "indicator"}};
    char *t = gk_finding_text(&f, NULL);
    assert_string_equal(t, "項目 u1（窓口）: 指標の下に取組項目を置くことはできません");
    free(t);
    gk_finding s = {GK_FIND_STATE_CHANGED, {"n1", "窓口", "2024", "approved", "submitted"}};
    t = gk_finding_text(&s, NULL);
    assert_non_null(strstr(t, "状態は「承認」ですが"));
    assert_non_null(strstr(t, "「提出」です"));
    free(t);
    gk_finding r = {GK_FIND_ROLE_NEVER, {"mallory", "office"}};
    t = gk_finding_text(&r, NULL);
    assert_non_null(strstr(t, "役割「行革担当」"));
    free(t);
    gk_finding i = {GK_FIND_INTEGRITY, {"row 3 missing from index x"}};
    t = gk_finding_text(&i, NULL);
    assert_non_null(strstr(t, "（SQLite: row 3 missing from index x）"));
    free(t);
    setlocale(LC_ALL, "C");
    unsetenv("LANGUAGE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_uses_its_arguments),
        cmocka_unit_test(test_stored_names_are_words),
        cmocka_unit_test(test_japanese_sentences),
    };
    return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}
