/*
 * test_roles.c — users, roles and locked years, enforced in store/: every
 * role × action × locked/unlocked year, imports by a clerk inside and
 * outside its department, the upgrade of a version-1 file (the workflow's
 * transitions, finding nodes and the board: test_workflow.c; the shared
 * plan and users: roles_fixture.h).
 *
 * Logins are switched on the connection with gk_store_act_as() (the real
 * uid stays the test's; "other" uids pretend not to own the file).
 */
#include "roles_fixture.h"

/* --- users ------------------------------------------------------------------------- */

static void test_creator_is_office_and_users(void **state)
{
    (void)state;
    gk_store *s = fixture("users.db");
    gk_error err;
    gk_me me;
    gk_store_act_as(s, "clerk1", OTHER_UID);
    assert_int_equal(gk_me_load(s, &me, &err), 0);
    assert_int_equal(me.role, GK_ROLE_CLERK);
    assert_int_equal(me.ndepts, 1);
    assert_string_equal(me.depts[0], "職員課");
    gk_me_free(&me);

    /* only office changes users */
    const char *d[] = {"職員課"};
    assert_int_equal(gk_user_add(s, "x", GK_ROLE_CLERK, d, 1, &err), -1);
    assert_non_null(strstr(err.msg, "only the plan office"));
    gk_store_act_as(s, "stranger", OTHER_UID);
    assert_int_equal(gk_user_add(s, "x", GK_ROLE_CLERK, d, 1, &err), -1);
    assert_non_null(strstr(err.msg, "not a user"));
    assert_int_equal(gk_user_remove(s, "clerk1", &err), -1);

    gk_store_act_as(s, "boss", OTHER_UID);
    const char *bad[] = {"存在しない課"};
    assert_int_equal(gk_user_add(s, "x", GK_ROLE_CLERK, bad, 1, &err), -1);
    assert_non_null(strstr(err.msg, "存在しない課"));
    assert_int_equal(gk_user_add(s, "x", GK_ROLE_CLERK, NULL, 0, &err), -1);
    assert_non_null(strstr(err.msg, "--dept"));
    assert_int_equal(gk_user_add(s, "bad login", GK_ROLE_OFFICE, NULL, 0, &err), -1);

    /* a role change and a removal go to the history */
    assert_int_equal(gk_user_add(s, "clerk1", GK_ROLE_SUPERVISOR, d, 1, &err), 0);
    assert_sql(s,
               "SELECT old || '>' || new || ' by ' || who FROM history WHERE tbl = 'user'"
               " AND row_uid = 'clerk1' AND field = 'role' ORDER BY id DESC",
               "clerk>supervisor by boss");
    assert_int_equal(gk_user_remove(s, "clerk1", &err), 0);
    assert_sql(s, "SELECT count(*) FROM app_user WHERE login = 'clerk1'", "0");
    assert_sql(s,
               "SELECT old || '>' || ifnull(new, '-') FROM history WHERE tbl = 'user'"
               " AND row_uid = 'clerk1' AND field = 'role' ORDER BY id DESC",
               "supervisor>-");
    assert_int_equal(gk_user_remove(s, "clerk1", &err), -1);
    assert_non_null(strstr(err.msg, "not a user"));

    /* the last office user stays */
    char *creator = sql_text(s, "SELECT login FROM app_user WHERE role = 'office' AND login <>"
                                " 'boss'");
    assert_int_equal(gk_user_remove(s, creator, &err), 0);
    assert_int_equal(gk_user_remove(s, "boss", &err), -1);
    assert_non_null(strstr(err.msg, "last office"));
    assert_int_equal(gk_user_add(s, "boss", GK_ROLE_CLERK, d, 1, &err), -1);
    assert_non_null(strstr(err.msg, "last office"));
    free(creator);

    gk_user_info *u;
    size_t n;
    assert_int_equal(gk_user_list(s, &u, &n, &err), 0);
    assert_int_equal(n, 4); /* boss clerk2 sup1 sup2 */
    assert_string_equal(u[0].login, "boss");
    assert_int_equal(u[0].role, GK_ROLE_OFFICE);
    assert_string_equal(u[1].login, "clerk2");
    assert_string_equal(u[1].depts[0], "財政課");
    gk_user_list_free(u, n);
    gk_store_close(s);
}

/* --- role × action × locked -------------------------------------------------------- */

enum who { W_NONE, W_CLERK_OWN, W_CLERK_OTHER, W_SUP_OWN, W_SUP_OTHER, W_OFFICE, NWHO };
static const char *const who_login[NWHO] = {"stranger", "clerk1", "clerk2", "sup1", "sup2", "boss"};
enum act {
    A_EDIT,
    A_SUBMIT,
    A_RETURN,
    A_APPROVE,
    A_IMPORT_ACTUAL,
    A_IMPORT_TARGET,
    A_LOCK,
    A_UNLOCK,
    A_PLAN,
    NACT
};
static const char *const act_name[NACT] = {"edit",    "submit",        "return",
                                           "approve", "import actual", "import target",
                                           "lock",    "unlock",        "rename the plan"};

/* Who may do act on 項目A (職員課) in 2024, unlocked / locked. */
static bool allowed(enum who w, enum act a, bool locked)
{
    bool own = w == W_CLERK_OWN || w == W_SUP_OWN || w == W_OFFICE;
    switch (a) {
    case A_EDIT:
    case A_SUBMIT:
    case A_IMPORT_ACTUAL:
        return own && !locked;
    case A_RETURN:
    case A_APPROVE:
        return (w == W_SUP_OWN || w == W_OFFICE) && !locked;
    case A_IMPORT_TARGET:
        return w == W_OFFICE && !locked;
    case A_LOCK:
        return w == W_OFFICE; /* locks another year */
    case A_UNLOCK:
        return w == W_OFFICE && locked;
    case A_PLAN:
        return w == W_OFFICE; /* not bound to a year */
    default:
        return false;
    }
}

static const char template_db[] = "matrix-template.db";

static void test_role_action_matrix(void **state)
{
    (void)state;
    gk_store *t = fixture(template_db);
    gk_store_close(t); /* checkpointed: the file alone is the database */
    int combos = 0;
    for (int locked = 0; locked <= 1; locked++)
        for (int a = 0; a < NACT; a++)
            for (int w = 0; w < NWHO; w++) {
                char name[64];
                snprintf(name, sizeof name, "m-%d-%d-%d.db", locked, a, w);
                const char *path = gk_test_path(name);
                char cmd[1200];
                snprintf(cmd, sizeof cmd, "cp '%s' '%s'", gk_test_path(template_db), path);
                assert_int_equal(system(cmd), 0);
                gk_error err = {{0}};
                gk_store *s = gk_store_open(path, 0, &err);
                assert_non_null(s);
                gk_store_act_as(s, "boss", OTHER_UID);
                int64_t item = node(s, "項目A"), ind = node(s, "指標A1");
                /* the state each action starts from, made by the office */
                if (a == A_SUBMIT || a == A_RETURN || a == A_APPROVE) {
                    assert_int_equal(save_field(s, ind, GK_FIELD_ACTUAL, "12件", &err), 0);
                    assert_int_equal(save_field(s, item, GK_FIELD_STATUS, "実施した", &err), 0);
                }
                char problems[4096];
                if (a == A_RETURN || a == A_APPROVE)
                    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), 2);
                if (locked) assert_int_equal(gk_year_lock(s, Y, "公表済み", &err), 0);

                gk_store_act_as(s, who_login[w], OTHER_UID);
                err.msg[0] = '\0';
                int rc = -1;
                switch ((enum act)a) {
                case A_EDIT: {
                    int may = gk_store_may_edit(s, item, Y, &err);
                    int saved = save_field(s, item, GK_FIELD_STATUS, "入力した", &err);
                    assert_int_equal(may == 1, saved == 0); /* the check and the save agree */
                    rc = saved;
                    if (saved == 0) assert_int_equal(state_of(s, item), GK_WS_ENTERING);
                    break;
                }
                case A_SUBMIT:
                    rc = wf(s, GK_WF_SUBMIT, item, NULL, problems, &err) == 2 ? 0 : -1;
                    if (rc == 0) assert_int_equal(state_of(s, ind), GK_WS_SUBMITTED);
                    break;
                case A_RETURN:
                    rc = wf(s, GK_WF_RETURN, item, "数字を確認", problems, &err) == 2 ? 0 : -1;
                    if (rc == 0) assert_int_equal(state_of(s, item), GK_WS_RETURNED);
                    break;
                case A_APPROVE:
                    rc = wf(s, GK_WF_APPROVE, item, NULL, problems, &err) == 2 ? 0 : -1;
                    if (rc == 0) assert_int_equal(state_of(s, item), GK_WS_APPROVED);
                    break;
                case A_IMPORT_ACTUAL:
                    rc = import_text(s,
                                     "計画,基本目標,取組項目,指標,年度,実績値\n"
                                     "P,G,項目A,指標A1,2024,11件\n",
                                     &err);
                    break;
                case A_IMPORT_TARGET:
                    rc = import_text(s,
                                     "計画,基本目標,取組項目,指標,年度,目標値\n"
                                     "P,G,項目A,指標A1,2024,99件\n",
                                     &err);
                    break;
                case A_LOCK:
                    rc = gk_year_lock(s, 2023, "決算確定", &err);
                    break;
                case A_UNLOCK:
                    rc = gk_year_unlock(s, Y, "訂正のため", &err);
                    break;
                case A_PLAN:
                    rc = gk_plan_rename(s, "P", "P2", &err);
                    break;
                default:
                    break;
                }
                bool want = allowed((enum who)w, (enum act)a, locked);
                if (want != (rc == 0))
                    fail_msg("%s as %s, year %s: %s (%s %s)", act_name[a], who_login[w],
                             locked ? "locked" : "unlocked", rc == 0 ? "done" : "refused", err.msg,
                             problems);
                if (!want) {
                    assert_true(err.msg[0] != '\0'); /* a refusal says why */
                    if (w == W_NONE)
                        assert_true(strstr(err.msg, "not a user") ||
                                    strstr(problems, "not a user") ||
                                    strstr(err.msg, "not locked"));
                }
                /* nothing changed on a refusal: the target stays, so does the state */
                if (!want && a == A_IMPORT_TARGET)
                    assert_sql(s, "SELECT target_raw FROM value", "10件");
                if (!want && a == A_IMPORT_ACTUAL)
                    assert_sql(s, "SELECT count(*) FROM value WHERE actual_raw IS NOT NULL", "0");
                gk_store_close(s);
                combos++;
            }
    assert_int_equal(combos, 2 * NACT * NWHO);
}

static void test_locked_year(void **state)
{
    (void)state;
    gk_store *s = fixture("lock.db");
    gk_error err;
    int64_t item = node(s, "項目A");
    assert_int_equal(gk_year_lock(s, Y, "", &err), -1);
    assert_non_null(strstr(err.msg, "reason"));
    assert_int_equal(gk_year_lock(s, Y, "令和7年9月公表", &err), 0);
    assert_int_equal(gk_year_lock(s, Y, "again", &err), -1);
    assert_non_null(strstr(err.msg, "already locked"));
    gk_lock_info li;
    assert_int_equal(gk_year_locked(s, Y, &li, &err), 1);
    assert_string_equal(li.reason, "令和7年9月公表");
    assert_string_equal(li.who, "boss");
    gk_lock_info_free(&li);
    /* read-only for everybody, the office included, saying why */
    const char *who[] = {"clerk1", "sup1", "boss"};
    for (int i = 0; i < 3; i++) {
        gk_store_act_as(s, who[i], OTHER_UID);
        assert_int_equal(gk_store_may_edit(s, item, Y, &err), 0);
        assert_non_null(strstr(err.msg, "R6(2024) is locked (令和7年9月公表; by boss"));
    }
    /* other years are not */
    gk_store_act_as(s, "clerk1", OTHER_UID);
    assert_int_equal(gk_store_may_edit(s, item, 2025, &err), 1);
    gk_store_act_as(s, "boss", OTHER_UID);
    assert_int_equal(gk_year_unlock(s, Y, "誤りの訂正", &err), 0);
    assert_int_equal(gk_year_unlock(s, Y, "x", &err), -1);
    assert_non_null(strstr(err.msg, "not locked"));
    assert_sql(s,
               "SELECT group_concat(ifnull(old, '-') || '>' || ifnull(new, '-') || ':' || comment,"
               " ' ') FROM history WHERE tbl = 'year' AND row_uid = '2024'",
               "->1:令和7年9月公表 1>-:誤りの訂正");
    gk_store_close(s);
}

/* The form was allowed when it opened; the year is locked before the save:
 * the save checks again inside its own transaction and is refused. */
static void test_lock_between_open_and_save(void **state)
{
    (void)state;
    gk_store *office = fixture("race.db");
    gk_error err;
    gk_store *clerk = gk_store_open(gk_test_path("race.db"), 0, &err);
    assert_non_null(clerk);
    gk_store_act_as(clerk, "clerk1", OTHER_UID);
    int64_t a1 = node(clerk, "指標A1");
    assert_int_equal(gk_store_may_edit(clerk, a1, Y, &err), 1);
    gk_entry e;
    assert_int_equal(gk_entry_load(clerk, a1, Y, &e, &err), 0);
    for (size_t i = 0; i < e.nfields; i++)
        if (e.fields[i].kind == GK_FIELD_ACTUAL) gk_entry_set(&e, i, "12件");
    assert_int_equal(gk_year_lock(office, Y, "公表", &err), 0);
    assert_int_equal(gk_entry_save(clerk, &e, &err), -1);
    assert_non_null(strstr(err.msg, "is locked"));
    assert_true(gk_entry_dirty(&e)); /* the typed text stays in the form */
    gk_entry_free(&e);
    assert_sql(clerk, "SELECT count(*) FROM value WHERE actual_raw IS NOT NULL", "0");
    gk_store_close(clerk);
    gk_store_close(office);
}

/* --- imports by a clerk ------------------------------------------------------------- */

static void test_import_by_clerk(void **state)
{
    (void)state;
    gk_store *s = fixture("clerkimport.db");
    gk_error err;
    gk_store_act_as(s, "clerk1", OTHER_UID);
    /* inside the department, repeating unchanged cells */
    if (import_text(s,
                    "計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況\n"
                    "P,G,項目A,,指標A1,件,2024,10件,11件,\n"
                    "P,G,項目A,職員課,,,2024,,,進めた\n",
                    &err) != 0)
        fail_msg("%s", err.msg);
    /* 項目C is led by 企画課: its related department 職員課 contributes
     * instead of writing the item (issue 21) */
    assert_int_equal(
        import_text(s, "計画,基本目標,取組項目,指標,年度,実績値\nP,G,項目C,指標C1,2024,4件\n",
                    &err),
        -1);
    assert_non_null(strstr(err.msg, "is led by 企画課"));
    assert_sql(s,
               "SELECT actual_raw FROM value v JOIN series s ON s.id = v.series_id JOIN node n"
               " ON n.id = s.node_id WHERE n.title = '指標A1'",
               "11件");
    assert_int_equal(state_of(s, node(s, "項目A")), GK_WS_ENTERING);

    /* another department's node on line 3: refused whole, naming the line */
    static const char outside[] = "計画,基本目標,取組項目,指標,年度,実績値\n"
                                  "P,G,項目A,指標A1,2024,13件\n"
                                  "P,G,項目B,指標B1,2024,6件\n";
    assert_int_equal(import_text(s, outside, &err), -1);
    assert_non_null(strstr(err.msg, "in.csv:3:6: 実績値"));
    assert_non_null(strstr(err.msg, "belongs to 財政課"));
    assert_sql(s,
               "SELECT actual_raw FROM value v JOIN series s ON s.id = v.series_id JOIN node n"
               " ON n.id = s.node_id WHERE n.title = '指標A1'",
               "11件"); /* line 2 was not kept either */

    /* a target, a new node, an attribute: office work */
    assert_int_equal(import_text(s,
                                 "計画,基本目標,取組項目,指標,年度,目標値\n"
                                 "P,G,項目A,指標A1,2024,20件\n",
                                 &err),
                     -1);
    assert_non_null(strstr(err.msg, "in.csv:2:6: 目標値"));
    assert_non_null(strstr(err.msg, "only the plan office"));
    assert_int_equal(import_text(s, "計画,基本目標,取組項目\nP,G,新しい項目\n", &err), -1);
    assert_non_null(strstr(err.msg, "in.csv:2:3: 取組項目"));
    assert_int_equal(import_text(s, "計画,基本目標,取組項目,所管課\nP,G,項目A,財政課\n", &err), -1);
    assert_non_null(strstr(err.msg, "in.csv:2:4: 所管課"));
    assert_int_equal(import_text(s,
                                 "計画,基本目標,取組項目,指標,年度,実績値\n"
                                 "P,G,項目A,指標A1,2030,1件\n",
                                 &err),
                     -1);
    assert_non_null(strstr(err.msg, "period"));

    /* a login that is not a user imports nothing that changes anything */
    gk_store_act_as(s, "stranger", OTHER_UID);
    assert_int_equal(import_text(s, outside, &err), -1);
    assert_non_null(strstr(err.msg, "not a user"));
    gk_store_close(s);
}

static void add_problem(void *ctx, const gk_finding *f);

/* --- a version-1 file ------------------------------------------------------------------ */

static void test_migrate_from_v1(void **state)
{
    (void)state;
    char *v1 = gk_read_file("tests/unit/data/schema-v1.sql", NULL);
    assert_non_null(v1);
    const char *path = gk_test_path("v1.db");
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO plan(uid, name, pos) VALUES ('u', 'P', 0);"
                                  "INSERT INTO history(at, who, tbl, row_uid, field, old, new)"
                                  " VALUES ('2025-01-01T00:00:00Z', 'old', 'note', 'x', 'status',"
                                  " NULL, 'a');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    free(v1);

    gk_error err;
    /* opened read-only it stays at version 1: nobody may change anything,
     * nothing is locked, and check does not look for tables it lacks */
    gk_store *s = gk_store_open(path, GK_OPEN_READONLY, &err);
    if (!s) fail_msg("%s", err.msg);
    gk_me me;
    assert_int_equal(gk_me_load(s, &me, &err), 0);
    assert_int_equal(me.role, GK_ROLE_NONE);
    gk_me_free(&me);
    assert_int_equal(gk_year_locked(s, 2024, NULL, &err), 0);
    char found[8192] = "";
    gk_store_check(s, add_problem, found, &err);
    assert_null(strstr(found, "no such")); /* no rule reads a table the file lacks */
    if (strstr(found, "no history row")) fail_msg("%s", found);
    gk_store_close(s);
    s = gk_store_open(path, 0, &err);
    if (!s) fail_msg("%s", err.msg);
    char want[8];
    snprintf(want, sizeof want, "%d", GK_SCHEMA_VERSION);
    assert_sql(s, "SELECT user_version FROM pragma_user_version", want);
    assert_sql(s, "SELECT count(*) FROM app_user", "0"); /* none yet */
    assert_sql(s, "SELECT who || ifnull(comment, '-') FROM history", "old-");
    /* the same tables and columns as a fresh file */
    gk_store *fresh = gk_store_open(gk_test_path("fresh.db"), GK_OPEN_CREATE, &err);
    assert_non_null(fresh);
    static const char cols[] =
        "SELECT group_concat(m.name || '.' || c.name || ':' || c.type || ':' || c.\"notnull\", ' ')"
        " FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name) m,"
        " pragma_table_info(m.name) c";
    char *a = sql_text(s, cols), *b = sql_text(fresh, cols);
    assert_string_equal(a, b);
    free(a);
    free(b);
    gk_store_close(fresh);

    /* without users the file's owner counts as office; anybody else reads only */
    gk_store_act_as(s, "someone", OTHER_UID);
    assert_int_equal(gk_me_load(s, &me, &err), 0);
    assert_int_equal(me.role, GK_ROLE_NONE);
    gk_me_free(&me);
    assert_int_equal(gk_user_add(s, "someone", GK_ROLE_OFFICE, NULL, 0, &err), -1);
    assert_non_null(strstr(err.msg, "not a user"));
    gk_store_act_as(s, "owner", ME);
    assert_int_equal(gk_me_load(s, &me, &err), 0);
    assert_int_equal(me.role, GK_ROLE_OFFICE);
    assert_true(me.bootstrap);
    gk_me_free(&me);
    /* the owner's first user add records the owner as office, then the new user */
    assert_int_equal(gk_user_add(s, "someone", GK_ROLE_OFFICE, NULL, 0, &err), 0);
    assert_sql(s,
               "SELECT group_concat(login || ':' || role, ' ') FROM (SELECT * FROM app_user"
               " ORDER BY id)",
               "owner:office someone:office");
    gk_store_close(s);
}

/* --- check: changes that bypassed gyokaku ---------------------------------------------- */

static void add_problem(void *ctx, const gk_finding *f)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    char *problem = gk_finding_text(f, NULL);
    snprintf(buf + len, 8192 - len, "%s\n", problem ? problem : "?");
    free(problem);
}

static void test_check_reports_bypass(void **state)
{
    (void)state;
    gk_store *s = fixture("bypass.db");
    gk_error err;
    char problems[8192] = "";
    int64_t a = node(s, "項目A"), a1 = node(s, "指標A1");
    assert_int_equal(save_field(s, a1, GK_FIELD_ACTUAL, "12件", &err), 0);
    assert_int_equal(save_field(s, a, GK_FIELD_STATUS, "実施", &err), 0);
    assert_int_equal(wf(s, GK_WF_SUBMIT, a, NULL, problems, &err), 2);
    assert_int_equal(gk_year_lock(s, 2023, "公表", &err), 0);
    problems[0] = '\0';
    assert_int_equal(gk_store_check(s, add_problem, problems, NULL), 0);
    /* what someone with write access to the file could do with sqlite3 */
    static const char *const edits[][2] = {
        {"UPDATE value SET actual_raw = '99件' WHERE actual_raw = '12件'", "actual is \"99件\""},
        {"UPDATE note SET status = '書き換え' WHERE status = '実施'", "status is \"書き換え\""},
        {"UPDATE note SET state = 'approved' WHERE state = 'submitted'",
         "workflow state approved, but the last change gyokaku recorded made it submitted"},
        {"INSERT INTO note(uid, node_id, year, state) SELECT gk_uid(uid, 'note', 2024), id, 2024,"
         " 'approved' FROM node WHERE title = '項目B'",
         "workflow state approved was never set by gyokaku"},
        {"INSERT INTO app_user(login, role) VALUES ('mallory', 'office')",
         "user mallory: role office was never given by gyokaku"},
        {"UPDATE app_user SET role = 'office' WHERE login = 'clerk1'",
         "user clerk1: role office, but the last change gyokaku recorded made it clerk"},
        {"DELETE FROM year_lock WHERE year = 2023",
         "fiscal year 2023: unlocked, but not by gyokaku"},
        {"INSERT INTO user_dept SELECT u.id, d.id FROM app_user u, dept d WHERE u.login = 'clerk2'"
         " AND d.name = '職員課'",
         "user clerk2: departments"},
    };
    size_t n = sizeof edits / sizeof *edits;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(sqlite3_exec(s->db, edits[i][0], NULL, NULL, NULL), SQLITE_OK);
        problems[0] = '\0';
        long found = gk_store_check(s, add_problem, problems, NULL);
        if (!strstr(problems, edits[i][1]))
            fail_msg("after %s: no \"%s\" in\n%s", edits[i][0], edits[i][1], problems);
        assert_true(found >= (long)i + 1);
    }
    gk_store_close(s);
}

/* Role words as people write them (issue 21): the stored names, the
 * labels the interface shows, and the Japanese words of city halls. */
static void test_role_words(void **state)
{
    (void)state;
    static const struct {
        const char *w;
        gk_role r;
    } ok[] = {{"clerk", GK_ROLE_CLERK},       {"担当", GK_ROLE_CLERK},
              {"担当者", GK_ROLE_CLERK},      {"supervisor", GK_ROLE_SUPERVISOR},
              {"課長", GK_ROLE_SUPERVISOR},   {"所属長", GK_ROLE_SUPERVISOR},
              {"office", GK_ROLE_OFFICE},     {"行革担当", GK_ROLE_OFFICE},
              {"plan office", GK_ROLE_OFFICE}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        gk_role r = GK_ROLE_NONE;
        gk_error err;
        assert_int_equal(gk_role_parse(ok[i].w, &r, &err), 0);
        assert_int_equal(r, ok[i].r);
    }
    gk_role r = GK_ROLE_NONE;
    gk_error err;
    assert_int_equal(gk_role_parse("部長", &r, &err), -1);
    assert_non_null(strstr(err.msg, "課長"));
    assert_int_equal(gk_role_parse("read-only", &r, &err), -1);
}

/* Contributions (issue 21): 項目C is led by 企画課 with 職員課 related; the
 * related department's clerk writes its part, the lead's cannot, an
 * outsider cannot; a department renamed keeps the contribution, the
 * users and the nodes, and renaming onto another merges them. */
static void test_contributions_and_rename(void **state)
{
    (void)state;
    gk_store *s = fixture("contrib.db");
    gk_error err;
    int64_t c = node(s, "項目C");
    gk_store_act_as(s, "clerk1", OTHER_UID); /* 職員課: related of 項目C */
    assert_int_equal(gk_contribution_set(s, c, Y, NULL, "職員課の分", &err), 0);
    assert_int_equal(gk_contribution_set(s, node(s, "項目A"), Y, NULL, "x", &err),
                     -1);                    /* leads A */
    gk_store_act_as(s, "clerk2", OTHER_UID); /* 財政課: not a department of 項目C */
    assert_int_equal(gk_contribution_set(s, c, Y, NULL, "x", &err), -1);
    assert_non_null(strstr(err.msg, "related"));
    gk_contribution *list;
    size_t n;
    assert_int_equal(gk_contribution_list(s, c, Y, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].dept, "職員課");
    assert_string_equal(list[0].who, "clerk1");
    gk_contribution_list_free(list, n);

    gk_store_act_as(s, "clerk1", OTHER_UID);
    assert_int_equal(gk_dept_rename(s, "職員課", "人事課", &err), -1); /* office only */
    gk_store_act_as(s, "boss", OTHER_UID);
    assert_int_equal(gk_dept_rename(s, "職員課", "人事課", &err), 0);
    assert_sql(s,
               "SELECT group_concat(d.name, '、') FROM user_dept ud JOIN dept d ON d.id ="
               " ud.dept_id JOIN app_user u ON u.id = ud.user_id WHERE u.login = 'clerk1'",
               "人事課");
    assert_sql(s, "SELECT d.name FROM contribution c JOIN dept d ON d.id = c.dept_id", "人事課");
    assert_sql(s, "SELECT count(*) FROM history WHERE tbl = 'dept' AND old = '職員課'", "1");
    /* onto 企画課: 項目C had both, keeps one, led by 企画課 */
    assert_int_equal(gk_dept_rename(s, "人事課", "企画課", &err), 0);
    assert_sql(s,
               "SELECT group_concat(d.name, '、') FROM node_dept nd JOIN dept d ON d.id ="
               " nd.dept_id JOIN node n ON n.id = nd.node_id WHERE n.title = '項目C'",
               "企画課");
    assert_sql(s, "SELECT count(*) FROM dept WHERE name IN ('職員課', '人事課')", "0");
    /* assign: a name with a 部 finds the department written without it;
     * a name nothing matches is a new department, leading */
    assert_int_equal(gk_dept_assign(s, NULL, "項目B",
                                    (const char *const[]){"(総)総務課", "(財)財政課"}, 2, &err),
                     0);
    assert_sql(s,
               "SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd JOIN dept d"
               " ON d.id = nd.dept_id JOIN node n ON n.id = nd.node_id WHERE n.title = '項目B'"
               " ORDER BY nd.pos)",
               "(総)総務課、財政課");
    assert_sql(s, "SELECT count(*) FROM dept WHERE name = '(財)財政課'", "0");
    gk_store_act_as(s, "clerk2", OTHER_UID); /* 財政課 is now related of 項目B */
    gk_error why;
    assert_int_equal(gk_store_may_edit(s, node(s, "項目B"), Y, &why), 0);
    assert_non_null(strstr(why.msg, "led by (総)総務課"));
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contributions_and_rename),
        cmocka_unit_test(test_role_words),
        cmocka_unit_test(test_creator_is_office_and_users),
        cmocka_unit_test(test_role_action_matrix),
        cmocka_unit_test(test_locked_year),
        cmocka_unit_test(test_lock_between_open_and_save),
        cmocka_unit_test(test_import_by_clerk),
        cmocka_unit_test(test_migrate_from_v1),
        cmocka_unit_test(test_check_reports_bypass),
    };
    return cmocka_run_group_tests_name("roles", tests, NULL, NULL);
}
