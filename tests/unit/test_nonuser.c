/*
 * test_nonuser.c — a login that is no user of the file reads only and
 * leaves nothing in it, not even its remembered screen choices (pref.h,
 * issue 18). Needs root to run as another uid (setuid in a child); skipped
 * otherwise.
 */
#include "gk_test.h"

#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "gyokaku/pref.h"
#include "gyokaku/store.h"

static void test_nonuser_leaves_no_prefs(void **state)
{
    (void)state;
    if (getuid() != 0) {
        fprintf(stderr, "# SKIP test_nonuser_leaves_no_prefs: needs root to switch users\n");
        skip();
    }
    struct passwd *pw = getpwnam("nobody");
    if (!pw) skip();
    const char *dir = gk_test_path("shared");
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(chmod(dir, 0777), 0);
    assert_int_equal(chmod(gk_test_dir(), 0755), 0);
    const char *path = gk_test_path("shared/p.db");
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err); /* root: its office user */
    assert_non_null(s);
    const char *keys[] = {"plan"}, *vals[] = {"計画"};
    assert_int_equal(gk_pref_set(s, keys, vals, 1, &err), 0); /* a user's choices are kept */
    gk_store_close(s);
    assert_int_equal(chmod(path, 0666), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        if (setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) _exit(2);
        gk_error e;
        gk_store *t = gk_store_open(path, 0, &e);
        if (!t) _exit(3);
        const char *v2[] = {"他の計画"};
        int rc = gk_pref_set(t, keys, v2, 1, &e);
        gk_store_close(t);
        _exit(rc == 0 ? 0 : 4);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *n = gk_sql_text(path, "SELECT count(*) FROM pref");
    assert_string_equal(n, "1"); /* only root's */
    free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonuser_leaves_no_prefs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
