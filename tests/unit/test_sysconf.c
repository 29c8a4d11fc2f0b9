/*
 * test_sysconf.c — the system-wide configuration (sysconf.h): what a good
 * file sets, and every bad line named with its file and line number.
 */
#include "gk_test.h"

#include "gyokaku/cli.h"
#include "gyokaku/store.h"
#include "gyokaku/sysconf.h"

static void test_good(void **state)
{
    (void)state;
    gk_sysconf c;
    gk_error err = {{0}};
    assert_int_equal(gk_sysconf_parse("# shared host\n\n  database =  /srv/gyokaku/plan.db \n"
                                      "\tbackup_keep=30\r\n# end",
                                      "/etc/gyokaku.conf", &c, &err),
                     0);
    assert_true(c.present);
    assert_string_equal(c.database, "/srv/gyokaku/plan.db");
    assert_int_equal(c.backup_keep, 30);
    assert_string_equal(c.file, "/etc/gyokaku.conf");

    assert_int_equal(gk_sysconf_parse("", "e.conf", &c, &err), 0);
    assert_string_equal(c.database, "");
    assert_int_equal(c.backup_keep, -1);
}

static void bad(const char *text, const char *msg)
{
    gk_sysconf c;
    gk_error err = {{0}};
    assert_int_equal(gk_sysconf_parse(text, "g.conf", &c, &err), -1);
    if (!strstr(err.msg, msg)) fail_msg("expected \"%s\" in \"%s\"", msg, err.msg);
}

static void test_bad_lines(void **state)
{
    (void)state;
    bad("database = /a.db\nnonsense\n", "g.conf:2: expected KEY = VALUE, not \"nonsense\"");
    bad("\n\n# c\ndatabase = plan.db\n", "g.conf:4: database must be an absolute path");
    bad("database = /a.db\ndatabase = /b.db\n", "g.conf:2: database is given twice");
    bad("backup_keep = ten\n", "g.conf:1: backup_keep must be a number");
    bad("backup_keep = -1\n", "g.conf:1: backup_keep must be a number");
    bad("backup_keep = 100001\n", "g.conf:1: backup_keep must be a number");
    bad("backup_keep =\n", "g.conf:1: backup_keep must be a number");
    bad("backup_keep = 3\nbackup_keep = 4", "g.conf:2: backup_keep is given twice");
    bad("\r\nlocaledir = /tmp\n", "g.conf:2: unknown key \"localedir\"");
}

/* Not setgid (a test program): $GYOKAKU_CONF is honoured, a missing file is
 * no configuration. */
static void test_load(void **state)
{
    (void)state;
    assert_false(gk_privileged());
    char dir[] = "/tmp/gk-sysconf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/gyokaku.conf", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("database = /srv/x/plan.db\nbackup_keep = 7\n", f);
    fclose(f);
    setenv("GYOKAKU_CONF", path, 1);
    gk_error err = {{0}};
    const gk_sysconf *c = gk_sysconf_get(&err);
    assert_non_null(c);
    assert_true(c->present);
    assert_string_equal(c->database, "/srv/x/plan.db");
    assert_int_equal(c->backup_keep, 7);

    /* with a shared database configured, a command that would create
     * another database refuses, naming the shared one; init may */
    char other[300];
    snprintf(other, sizeof other, "%s/private.db", dir);
    gk_cli cli = {0};
    assert_int_equal(gk_cli_db_check(&cli, other, sizeof other, GK_OPEN_CREATE, &err), -1);
    assert_non_null(strstr(err.msg, "would create a private one"));
    assert_non_null(strstr(err.msg, "/srv/x/plan.db"));
    assert_int_equal(gk_cli_db_check(&cli, other, sizeof other, 0, &err),
                     0); /* no creation: the open says */
    cli.init = true;
    assert_int_equal(gk_cli_db_check(&cli, other, sizeof other, GK_OPEN_CREATE, &err), 0);
    cli.init = false;
    char shared[64] = "/srv/x/plan.db";
    assert_int_equal(gk_cli_db_check(&cli, shared, sizeof shared, GK_OPEN_CREATE, &err), -1);
    assert_non_null(strstr(err.msg, "does not exist yet"));
    assert_int_equal(gk_cli_db_check(&cli, shared, sizeof shared, 0, &err), 1); /* shared */
    char buf[4096];
    gk_cli_db_path(&cli, buf, sizeof buf);
    if (!getenv("GYOKAKU_DB")) assert_string_equal(buf, "/srv/x/plan.db");
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_load),
    };
    return cmocka_run_group_tests_name("sysconf", tests, NULL, NULL);
}
