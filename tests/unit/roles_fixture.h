/*
 * roles_fixture.h — the plan and the users test_roles.c and test_workflow.c
 * share: the plan imported by its creator (office), clerks and supervisors of
 * two departments, and the helpers that save, apply a workflow action and
 * read a state. Logins are switched on the connection with
 * gk_store_act_as() (the real uid stays the test's; "other" uids pretend not
 * to own the file).
 */
#ifndef GK_ROLES_FIXTURE_H
#define GK_ROLES_FIXTURE_H

#include "gk_test.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "../../src/store/store_int.h"
#include "gyokaku/contrib.h"
#include "gyokaku/csv.h"
#include "gyokaku/depts.h"
#include "gyokaku/entry.h"
#include "gyokaku/import.h"
#include "gyokaku/importfile.h"
#include "gyokaku/plan.h"
#include "gyokaku/plancsv.h"
#include "gyokaku/roles.h"
#include "gyokaku/workflow.h"

#define Y 2024
#define ME getuid()
#define OTHER_UID (getuid() + 4242)

/* 項目A belongs to 職員課 (its indicator A1 inherits it), 項目B to 財政課,
 * 項目C to 企画課 with 職員課 related. */
static const char plan_csv[] =
    "計画,基本目標,取組項目,所管課,指標,単位,年度,目標値,実績値,取組状況\n"
    "P,G,項目A,職員課,,,,,,\n"
    "P,G,項目A,,指標A1,件,2024,10件,,\n"
    "P,G,項目B,財政課,,,,,,\n"
    "P,G,項目B,,指標B1,件,2024,5件,,\n"
    "P,G,項目C,企画課、職員課,,,2024,,,\n"
    "P,G,項目C,,指標C1,件,2024,3件,,\n";

/* Imports csv through the store with the connection's login. Returns 0 or
 * -1 with err. */
static GK_UNUSED int import_text(gk_store *s, const char *csv, gk_error *err)
{
    FILE *in = fmemopen((void *)csv, strlen(csv), "rb");
    assert_non_null(in);
    const gk_import_opts o = {.enc = GK_ENC_UTF8};
    gk_import_stats st;
    int rc = gk_import_stream(s, in, "in.csv", &o, &st, err);
    fclose(in);
    return rc;
}

static GK_UNUSED int64_t node(gk_store *s, const char *title)
{
    int64_t id;
    gk_error err;
    if (gk_node_find(s, NULL, title, &id, &err) != 0) fail_msg("%s", err.msg);
    return id;
}

static GK_UNUSED char *sql_text(gk_store *s, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(s->db));
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        out = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    return out ? out : strdup("(no row)");
}

static GK_UNUSED void assert_sql(gk_store *s, const char *sql, const char *want)
{
    char *got = sql_text(s, sql);
    if (strcmp(got, want) != 0) fail_msg("%s\n  want: %s\n  got:  %s", sql, want, got);
    free(got);
}

/* The fixture: the plan imported by the creator (office) and three users. */
static GK_UNUSED gk_store *fixture(const char *name)
{
    const char *path = gk_test_path(name);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    assert_non_null(s);
    gk_store_act_as(s, "boss", ME);
    /* the creator (the test's login) is office; make "boss" one too */
    char *creator = sql_text(s, "SELECT login FROM app_user WHERE role = 'office'");
    gk_store_act_as(s, creator, ME);
    if (import_text(s, plan_csv, &err) != 0) fail_msg("%s", err.msg);
    const char *shokuin[] = {"職員課"}, *zaisei[] = {"財政課"};
    assert_int_equal(gk_user_add(s, "boss", GK_ROLE_OFFICE, NULL, 0, &err), 0);
    assert_int_equal(gk_user_add(s, "clerk1", GK_ROLE_CLERK, shokuin, 1, &err), 0);
    assert_int_equal(gk_user_add(s, "sup1", GK_ROLE_SUPERVISOR, shokuin, 1, &err), 0);
    assert_int_equal(gk_user_add(s, "clerk2", GK_ROLE_CLERK, zaisei, 1, &err), 0);
    assert_int_equal(gk_user_add(s, "sup2", GK_ROLE_SUPERVISOR, zaisei, 1, &err), 0);
    free(creator);
    gk_store_act_as(s, "boss", OTHER_UID);
    return s;
}

/* Saves text as field kind (status, or the actual of indicator) of node. */
static GK_UNUSED int save_field(gk_store *s, int64_t id, gk_field_kind kind, const char *text,
                                gk_error *err)
{
    gk_entry e;
    assert_int_equal(gk_entry_load(s, id, Y, &e, err), 0);
    for (size_t i = 0; i < e.nfields; i++)
        if (e.fields[i].kind == kind && e.fields[i].node_id == id) gk_entry_set(&e, i, text);
    int rc = gk_entry_save(s, &e, err);
    gk_entry_free(&e);
    return rc;
}

static GK_UNUSED void collect(void *ctx, const char *path, const char *problem)
{
    char *buf = ctx;
    size_t len = strlen(buf);
    snprintf(buf + len, 4096 - len, "%s: %s\n", path, problem);
}

static GK_UNUSED long wf(gk_store *s, gk_waction act, int64_t id, const char *comment,
                         char *problems, gk_error *err)
{
    problems[0] = '\0';
    return gk_workflow_apply(s, act, &id, 1, Y, comment, collect, problems, err);
}

static GK_UNUSED gk_wstate state_of(gk_store *s, int64_t id)
{
    gk_wstate st;
    gk_error err;
    assert_int_equal(gk_node_wstate(s, id, Y, &st, NULL, &err), 0);
    return st;
}

#endif
