/*
 * stats.c — counts for `gyokaku stats` and the consistency check for
 * `gyokaku check` (see store.h); the history itself is history.c.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* A value's uid: derived, not stored (db/schema.sql, version 6). */
#define VALUE_UID "gk_uid(s.uid, 'value', v.year)"

/* A value cell whose newest history row does not hold what the cell holds. */
#define BYPASS_VALUE(col, field)                                                                   \
    "SELECT " VALUE_UID ", n.title, v.year, '" field "', ifnull(v." col ", ''), ifnull(l.new, '')" \
    " FROM value v JOIN series s ON s.id = v.series_id"                                            \
    " JOIN node n ON n.id = s.node_id JOIN history l ON l.id = (SELECT max(h.id) FROM history h"   \
    " WHERE h.row_uid = " VALUE_UID " AND h.field = '" field "' AND h.tbl = 'value')"              \
    " WHERE l.new IS NOT v." col

/* The departments of user u as roles.c records them. */
#define USER_DEPTS                                                                                 \
    "(SELECT group_concat(name, '、') FROM (SELECT d.name FROM user_dept ud JOIN dept d"          \
    " ON d.id = ud.dept_id WHERE ud.user_id = u.id ORDER BY d.name))"

#define BYPASS_NOTE(col)                                                                           \
    "SELECT o.uid, n.title, o.year, '" col "', ifnull(o." col ", ''), ifnull(l.new, '')"           \
    " FROM note o JOIN node n ON n.id = o.node_id"                                                 \
    " JOIN history l ON l.id = (SELECT max(h.id) FROM history h WHERE h.row_uid = o.uid"           \
    " AND h.field = '" col "' AND h.tbl = 'note') WHERE l.new IS NOT o." col

/* Each query takes ?1 = plan name or NULL for every plan. */
static const char *const stat_sql[] = {
    "SELECT count(*) FROM plan WHERE ?1 IS NULL OR name = ?1",
    "SELECT count(*) FROM node JOIN plan p ON p.id = plan_id"
    " WHERE kind = 'goal' AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM node JOIN plan p ON p.id = plan_id"
    " WHERE kind = 'policy' AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM node JOIN plan p ON p.id = plan_id"
    " WHERE kind = 'item' AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM node JOIN plan p ON p.id = plan_id"
    " WHERE kind = 'indicator' AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM series s JOIN node n ON n.id = s.node_id JOIN plan p ON p.id = n.plan_id"
    " WHERE s.name <> '' AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM value v JOIN series s ON s.id = v.series_id"
    " JOIN node n ON n.id = s.node_id JOIN plan p ON p.id = n.plan_id"
    " WHERE (v.target_raw IS NOT NULL OR v.actual_raw IS NOT NULL) AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(*) FROM note o JOIN node n ON n.id = o.node_id JOIN plan p ON p.id = n.plan_id"
    " WHERE (o.status IS NOT NULL OR o.next_plan IS NOT NULL OR o.evaluation IS NOT NULL)"
    " AND (?1 IS NULL OR p.name = ?1)",
    "SELECT count(DISTINCT d.dept_id) FROM node_dept d JOIN node n ON n.id = d.node_id"
    " JOIN plan p ON p.id = n.plan_id WHERE ?1 IS NULL OR p.name = ?1",
    "SELECT count(DISTINCT t.tag_id) FROM node_tag t JOIN node n ON n.id = t.node_id"
    " JOIN plan p ON p.id = n.plan_id WHERE ?1 IS NULL OR p.name = ?1",
};

int gk_store_stats(gk_store *s, const char *plan, gk_stats *out, gk_error *err)
{
    long *slot[] = {&out->plans,  &out->goals,  &out->policies, &out->items,       &out->indicators,
                    &out->series, &out->values, &out->notes,    &out->departments, &out->tags};
    for (size_t i = 0; i < sizeof stat_sql / sizeof *stat_sql; i++) {
        sqlite3_stmt *st = gk_sql_prepare(s, stat_sql[i], err);
        if (!st) return -1;
        gk_sql_bind_text(st, 1, plan);
        int rc = sqlite3_step(st);
        *slot[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW) {
            gk_sql_error(s, rc, _("cannot count"), err);
            return -1;
        }
    }
    if (plan && out->plans == 0) {
        gk_error_set(err, _("no plan named \"%s\" in %s"), plan, s->path);
        return -1;
    }
    return 0;
}

/* Model invariants: each query returns one row per violation, its columns
 * the arguments of the finding's code (finding.h). */
typedef struct rule {
    gk_finding_code code;
    const char *sql;
} rule;

static const rule invariant_sql[] = {
    {GK_FIND_PARENT_PLAN,
     "SELECT n.uid, n.title"
     " FROM node n JOIN node p ON p.id = n.parent_id WHERE p.plan_id <> n.plan_id"},
    {GK_FIND_KIND_UNDER, "SELECT n.uid, n.title, n.kind, p.kind"
                         " FROM node n JOIN node p ON p.id = n.parent_id"
                         " WHERE n.kind = 'goal' OR p.kind = 'indicator'"
                         " OR (n.kind = 'policy' AND p.kind <> 'goal')"
                         " OR (n.kind = 'item' AND p.kind NOT IN ('goal', 'policy'))"},
    {GK_FIND_SERIES_KIND,
     "SELECT s.uid, n.kind"
     " FROM series s JOIN node n ON n.id = s.node_id WHERE n.kind <> 'indicator'"},
    {GK_FIND_MIXED_SERIES,
     "SELECT n.uid, n.title"
     " FROM node n WHERE EXISTS (SELECT 1 FROM series s WHERE s.node_id = n.id AND s.name = '')"
     " AND EXISTS (SELECT 1 FROM series s WHERE s.node_id = n.id AND s.name <> '')"},
    /* a value or note outside its plan's period; a row that holds nothing
     * (a cleared entry) says nothing of any year, as `plan set` sees it */
    {GK_FIND_VALUE_YEAR,
     "SELECT " VALUE_UID ", n.title, v.year, p.name, ifnull(p.first_year, '?'),"
     " ifnull(p.last_year, '?')"
     " FROM value v JOIN series s ON s.id = v.series_id JOIN node n ON n.id = s.node_id"
     " JOIN plan p ON p.id = n.plan_id"
     " WHERE (p.first_year IS NULL OR v.year NOT BETWEEN p.first_year AND p.last_year)"
     " AND (v.target_raw IS NOT NULL OR v.actual_raw IS NOT NULL)"},
    {GK_FIND_NOTE_YEAR,
     "SELECT o.uid, n.title, o.year, p.name"
     " FROM note o JOIN node n ON n.id = o.node_id JOIN plan p ON p.id = n.plan_id"
     " WHERE (p.first_year IS NULL OR o.year NOT BETWEEN p.first_year AND p.last_year)"
     " AND (o.status IS NOT NULL OR o.next_plan IS NOT NULL OR o.evaluation IS NOT NULL)"},
    {GK_FIND_PERIOD_REVERSED,
     "SELECT name, first_year, last_year FROM plan WHERE first_year > last_year"},
    {GK_FIND_DEPT_POS, "SELECT n.uid, n.title"
                       " FROM node_dept d JOIN node n ON n.id = d.node_id GROUP BY d.node_id"
                       " HAVING max(d.pos) <> count(*) - 1 OR min(d.pos) <> 0"},
    {GK_FIND_SAME_TITLE,
     "SELECT a.uid, b.uid, a.title"
     " FROM node a JOIN node b ON a.plan_id = b.plan_id AND a.kind = b.kind AND a.title = b.title"
     " AND a.parent_id IS b.parent_id AND a.id < b.id"},
    /* uids are derived from identity (uid.c); note uids are unique only by
     * that derivation (no index), so it is checked here; a value's is not
     * stored (version 6) and cannot disagree. */
    /* a renamed plan keeps the uid of its first name (plan.h) */
    {GK_FIND_UID_PLAN,
     "SELECT name, uid"
     " FROM plan p WHERE uid <> gk_uid('', 'plan', name) AND NOT EXISTS (SELECT 1 FROM history h"
     " WHERE h.tbl = 'plan' AND h.row_uid = p.uid AND h.field = 'name'"
     " AND gk_uid('', 'plan', h.old) = p.uid)"},
    {GK_FIND_UID_NODE,
     "SELECT n.uid, n.title"
     " FROM node n JOIN plan p ON p.id = n.plan_id LEFT JOIN node a ON a.id = n.parent_id"
     " WHERE n.uid <> gk_uid(ifnull(a.uid, p.uid), n.kind, n.title)"},
    {GK_FIND_UID_SERIES, "SELECT s.uid, n.title, s.name"
                         " FROM series s JOIN node n ON n.id = s.node_id WHERE s.uid <> "
                         "gk_uid(n.uid, 'series', s.name)"},
    {GK_FIND_UID_NOTE,
     "SELECT o.uid, n.title, o.year"
     " FROM note o JOIN node n ON n.id = o.node_id WHERE o.uid <> gk_uid(n.uid, 'note', o.year)"},
};

/* Needs GK_SCHEMA_ROLES (users, locks, history comments). */
static const rule bypass_sql[] = {
    /* Changes that bypassed gyokaku (README "Roles and the threat model"):
     * every change gyokaku makes to a cell that already had history, to a
     * workflow state, a user or a lock writes a history row, so the newest
     * row must say what the database holds now. */
    {GK_FIND_BYPASS_VALUE, BYPASS_VALUE("actual_raw", "actual")},
    {GK_FIND_BYPASS_VALUE, BYPASS_VALUE("target_raw", "target")},
    {GK_FIND_BYPASS_NOTE, BYPASS_NOTE("status")},
    {GK_FIND_BYPASS_NOTE, BYPASS_NOTE("next_plan")},
    {GK_FIND_BYPASS_NOTE, BYPASS_NOTE("evaluation")},
    {GK_FIND_BYPASS_NOTE, BYPASS_NOTE("eval_reason")},
    {GK_FIND_STATE_NEVER,
     "SELECT o.uid, n.title, o.year, o.state"
     " FROM note o JOIN node n ON n.id = o.node_id"
     " WHERE o.state IN ('submitted', 'approved') AND NOT EXISTS (SELECT 1 FROM history h"
     " WHERE h.row_uid = o.uid AND h.field = 'state' AND h.tbl = 'note')"},
    {GK_FIND_STATE_CHANGED,
     "SELECT o.uid, n.title, o.year, o.state, l.new"
     " FROM note o JOIN node n ON n.id = o.node_id JOIN history l ON l.id = (SELECT max(h.id)"
     " FROM history h WHERE h.row_uid = o.uid AND h.field = 'state' AND h.tbl = 'note')"
     " WHERE l.new IS NOT o.state"},
    {GK_FIND_ROLE_NEVER,
     "SELECT u.login, u.role FROM app_user u WHERE NOT EXISTS (SELECT 1 FROM history h"
     " WHERE h.row_uid = u.login AND h.field = 'role' AND h.tbl = 'user')"},
    {GK_FIND_ROLE_CHANGED,
     "SELECT u.login, u.role, ifnull(l.new, '') FROM app_user u JOIN history l ON l.id ="
     " (SELECT max(h.id) FROM history h WHERE h.row_uid = u.login AND h.field = 'role' AND h.tbl ="
     " 'user') WHERE l.new IS NOT u.role"},
    {GK_FIND_USER_REMOVED,
     "SELECT h.row_uid, h.new FROM history h WHERE h.tbl = 'user' AND h.field = 'role'"
     " AND h.new IS NOT NULL AND h.id = (SELECT max(x.id) FROM history x WHERE x.row_uid ="
     " h.row_uid AND x.field = 'role' AND x.tbl = 'user')"
     " AND NOT EXISTS (SELECT 1 FROM app_user WHERE login = h.row_uid)"},
    {GK_FIND_USER_DEPTS,
     "SELECT u.login, ifnull(" USER_DEPTS ", ''), ifnull(l.new, '')"
     " FROM app_user u LEFT JOIN history l ON l.id = (SELECT max(h.id) FROM history h"
     " WHERE h.row_uid = u.login AND h.field = 'departments' AND h.tbl = 'user')"
     " WHERE ifnull(l.new, '') <> ifnull(" USER_DEPTS ", '')"},
    {GK_FIND_LOCK_NOT_BY,
     "SELECT y.year FROM year_lock y"
     " LEFT JOIN history l ON l.id = (SELECT max(h.id) FROM history h WHERE h.row_uid ="
     " CAST(y.year AS TEXT) AND h.field = 'locked' AND h.tbl = 'year') WHERE l.new IS NOT '1'"},
    /* the reason and who of a lock as its history row recorded them */
    {GK_FIND_LOCK_DIFFERS,
     "SELECT y.year, y.who, y.reason, l.who, ifnull(l.comment, '')"
     " FROM year_lock y JOIN history l ON l.id ="
     " (SELECT max(h.id) FROM history h WHERE h.row_uid = CAST(y.year AS TEXT) AND h.field ="
     " 'locked' AND h.tbl = 'year') WHERE l.new = '1' AND (l.comment IS NOT y.reason"
     " OR l.who IS NOT y.who)"},
    {GK_FIND_UNLOCK_NOT_BY,
     "SELECT h.row_uid FROM history h"
     " WHERE h.tbl = 'year' AND h.field = 'locked' AND h.new = '1' AND h.id = (SELECT max(x.id)"
     " FROM history x WHERE x.row_uid = h.row_uid AND x.field = 'locked' AND x.tbl = 'year')"
     " AND NOT EXISTS (SELECT 1 FROM year_lock WHERE CAST(year AS TEXT) = h.row_uid)"},
};

static bool is_busy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* Passes one finding of code with up to GK_FINDING_ARGS texts. */
static void report_one(gk_finding_fn report, void *ctx, gk_finding_code code, const char *a0)
{
    gk_finding f = {.code = code, .arg = {a0}};
    if (report) report(ctx, &f);
}

/* Reports each row of sql as a finding of code (GK_FIND_INTEGRITY: rows of
 * SQLite's text, "ok" meaning none); returns the number of problems, or -1
 * with err when the file stayed busy beyond the timeout (that is not a
 * problem of the database, and the check did not run). */
static long run_report(gk_store *s, gk_finding_code code, const char *sql, gk_finding_fn report,
                       void *ctx, gk_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        if (is_busy(rc)) {
            gk_sql_error(s, rc, _("cannot check the database"), err);
            return -1;
        }
        report_one(report, ctx, GK_FIND_QUERY_FAILED, sqlite3_errmsg(s->db));
        return 1;
    }
    long n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gk_finding f = {.code = code};
        int cols = sqlite3_column_count(st);
        for (int i = 0; i < cols && i < GK_FINDING_ARGS; i++)
            f.arg[i] = (const char *)sqlite3_column_text(st, i);
        if (code == GK_FIND_INTEGRITY && f.arg[0] && strcmp(f.arg[0], "ok") == 0) continue;
        if (report) report(ctx, &f);
        n++;
    }
    if (is_busy(rc)) {
        gk_sql_error(s, rc, _("cannot check the database"), err);
        n = -1;
    } else if (rc != SQLITE_DONE) {
        report_one(report, ctx, GK_FIND_QUERY_FAILED, sqlite3_errmsg(s->db));
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

long gk_store_check(gk_store *s, gk_finding_fn report, void *ctx, gk_error *err)
{
    static const char fk_sql[] = "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check";
    long n = 0, r;
    if ((r = run_report(s, GK_FIND_INTEGRITY, "PRAGMA integrity_check", report, ctx, err)) < 0)
        return -1;
    n += r;
    if ((r = run_report(s, GK_FIND_FOREIGN_KEY, fk_sql, report, ctx, err)) < 0) return -1;
    n += r;
    if (n > 0) return n; /* the invariants mean little on a damaged file */
    for (size_t i = 0; i < sizeof invariant_sql / sizeof *invariant_sql; i++) {
        r = run_report(s, invariant_sql[i].code, invariant_sql[i].sql, report, ctx, err);
        if (r < 0) return -1;
        n += r;
    }
    for (size_t i = 0; s->version >= GK_SCHEMA_ROLES && i < sizeof bypass_sql / sizeof *bypass_sql;
         i++) {
        if ((r = run_report(s, bypass_sql[i].code, bypass_sql[i].sql, report, ctx, err)) < 0)
            return -1;
        n += r;
    }
    if ((r = gk_history_check(s, report, ctx, err)) < 0) return -1;
    return n + r;
}
