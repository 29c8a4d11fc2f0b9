/*
 * plan.c — a plan's period, level names and name (see plan.h).
 */
#include "gyokaku/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "store_int.h"

static int attrs_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_plan_attrs *p = elem;
    p->name = strdup(gk_stmt_text(st, 0));
    snprintf(p->uid, sizeof p->uid, "%s", gk_stmt_text(st, 1));
    p->first_year = sqlite3_column_int(st, 2);
    p->last_year = sqlite3_column_int(st, 3);
    for (int i = 0; i < 3; i++)
        if (!(p->label[i] = strdup(gk_stmt_text(st, 4 + i)))) return -1;
    p->report_year = sqlite3_column_int(st, 7);
    snprintf(p->deadline, sizeof p->deadline, "%s", gk_stmt_text(st, 8));
    return p->name ? 0 : -1;
}

int gk_plan_attrs_get(gk_store *s, const char *name, gk_plan_attrs **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    /* an older file opened read-only has no year being reported nor deadline */
    bool cycle = s->version == 0 || s->version >= GK_SCHEMA_CYCLE;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        cycle ? "SELECT name, uid, ifnull(first_year, 0), ifnull(last_year, 0), label_goal,"
                " label_policy, label_item, ifnull(report_year, 0), deadline FROM plan"
                " WHERE ?1 IS NULL OR name = ?1 ORDER BY pos"
              : "SELECT name, uid, ifnull(first_year, 0), ifnull(last_year, 0), label_goal,"
                " label_policy, label_item, 0, NULL FROM plan"
                " WHERE ?1 IS NULL OR name = ?1 ORDER BY pos",
        err);
    if (!st) return -1;
    gk_sql_bind_text(st, 1, name);
    if (gk_sql_list(s, st, out, n, sizeof **out, attrs_row, NULL, err) != 0) {
        gk_plan_attrs_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    if (name && *n == 0) {
        gk_error_set(err, _("no plan named \"%s\" in %s"), name, s->path);
        return -1;
    }
    return 0;
}

void gk_plan_attrs_free(gk_plan_attrs *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        for (int k = 0; k < 3; k++)
            free(p[i].label[k]);
    }
    free(p);
}

/* Inside the transaction: the plan's id, uid, period and labels. Returns 1
 * found, 0 not found, -1 error. */
static int read_plan(gk_store *s, const char *name, int64_t *id, gk_plan_attrs *a, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT id, uid, ifnull(first_year, 0), ifnull(last_year, 0),"
                                      " label_goal, label_policy, label_item FROM plan"
                                      " WHERE name = ?1",
                                      err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(a->uid, sizeof a->uid, "%s", (const char *)sqlite3_column_text(st, 1));
        a->first_year = sqlite3_column_int(st, 2);
        a->last_year = sqlite3_column_int(st, 3);
        for (int i = 0; i < 3; i++)
            a->label[i] = strdup(gk_stmt_text(st, 4 + i));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) {
        gk_error_set(err, _("no plan named \"%s\" in %s"), name, s->path);
        return 0;
    }
    gk_sql_error(s, rc, _("cannot read the plans"), err);
    return -1;
}

int gk_plan_year_outside(gk_store *s, int64_t plan, int first, int last, int latest, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(s,
                       "SELECT CASE ?4 WHEN 0 THEN min(y) ELSE max(y) END FROM ("
                       " SELECT v.year AS y FROM value v JOIN series r ON r.id = v.series_id"
                       "  JOIN node n ON n.id = r.node_id WHERE n.plan_id = ?1"
                       "  AND (v.target_raw IS NOT NULL OR v.actual_raw IS NOT NULL)"
                       " UNION ALL SELECT o.year FROM note o JOIN node n ON n.id = o.node_id"
                       "  WHERE n.plan_id = ?1 AND (o.status IS NOT NULL OR o.next_plan IS NOT NULL"
                       "  OR o.evaluation IS NOT NULL))"
                       " WHERE y < ?2 OR y > ?3",
                       err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan);
    sqlite3_bind_int(st, 2, first);
    sqlite3_bind_int(st, 3, last);
    sqlite3_bind_int(st, 4, latest);
    int rc = sqlite3_step(st), y = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) gk_sql_error(s, rc, _("cannot read the plans"), err);
    return y;
}

/* The three writes, each with its own statement. */
static int write_period(gk_store *s, int64_t id, int first, int last, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "UPDATE plan SET first_year = ?2, last_year = ?3, rev = rev + 1 WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, first);
    sqlite3_bind_int(st, 3, last);
    return gk_sql_run(s, st, _("cannot change the plan"), err);
}

static int write_levels(gk_store *s, int64_t id, const char *const labels[3], gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "UPDATE plan SET label_goal = ?2, label_policy = ?3,"
                                      " label_item = ?4, rev = rev + 1 WHERE id = ?1",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    for (int i = 0; i < 3; i++)
        sqlite3_bind_text(st, 2 + i, labels[i], -1, SQLITE_STATIC);
    return gk_sql_run(s, st, _("cannot change the plan"), err);
}

static int write_name(gk_store *s, int64_t id, const char *name, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(s, "UPDATE plan SET name = ?2, rev = rev + 1 WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    return gk_sql_run(s, st, _("cannot change the plan"), err);
}

static int set_in_tx(gk_store *s, const char *name, int first, int last,
                     const char *const labels[3], gk_error *err)
{
    int64_t id = 0;
    gk_plan_attrs a = {0};
    int rc = read_plan(s, name, &id, &a, err);
    if (rc != 1) return -1;
    rc = 0;
    if (first && (first != a.first_year || last != a.last_year)) {
        for (int latest = 0; latest < 2 && rc == 0; latest++) {
            int y = gk_plan_year_outside(s, id, first, last, latest, err);
            if (y < 0) {
                rc = -1;
            } else if (y > 0) {
                gk_error_set(err,
                             _("plan \"%s\" has values or notes for %d, outside %d-%d; "
                               "remove them first or give a period that holds them"),
                             name, y, first, last);
                rc = -1;
            }
        }
        char old[32] = "", new_[32];
        if (a.first_year) snprintf(old, sizeof old, "%d-%d", a.first_year, a.last_year);
        snprintf(new_, sizeof new_, "%d-%d", first, last);
        if (rc == 0) rc = write_period(s, id, first, last, err);
        if (rc == 0) rc = gk_history_add(s, "plan", a.uid, "period", *old ? old : NULL, new_, err);
    }
    if (rc == 0 && labels &&
        (strcmp(labels[0], a.label[0]) || strcmp(labels[1], a.label[1]) ||
         strcmp(labels[2], a.label[2]))) {
        char old[1024], new_[1024];
        snprintf(old, sizeof old, "%s/%s/%s", a.label[0], a.label[1], a.label[2]);
        snprintf(new_, sizeof new_, "%s/%s/%s", labels[0], labels[1], labels[2]);
        rc = write_levels(s, id, labels, err);
        if (rc == 0) rc = gk_history_add(s, "plan", a.uid, "levels", old, new_, err);
    }
    for (int i = 0; i < 3; i++)
        free(a.label[i]);
    return rc;
}

int gk_plan_set(gk_store *s, const char *name, int first, int last, const char *const labels[3],
                gk_error *err)
{
    if (first && first > last) {
        gk_error_set(err, _("the period ends (%d) before it begins (%d)"), last, first);
        return -1;
    }
    for (int i = 0; labels && i < 3; i++)
        if (!labels[i] || !*labels[i]) {
            gk_error_set(err, _("level name %d of 3 is empty"), i + 1);
            return -1;
        }
    if (gk_store_begin(s, err) != 0) return -1;
    if (gk_auth_office_tx(s, _("change plans"), err) != 0 ||
        set_in_tx(s, name, first, last, labels, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

static int rename_in_tx(gk_store *s, const char *old, const char *new_, gk_error *err)
{
    int64_t id = 0, other = 0;
    gk_plan_attrs a = {0}, b = {0};
    int rc = read_plan(s, old, &id, &a, err);
    for (int i = 0; i < 3; i++)
        free(a.label[i]);
    if (rc != 1) return -1;
    gk_error ignored;
    rc = read_plan(s, new_, &other, &b, &ignored);
    for (int i = 0; i < 3; i++)
        free(b.label[i]);
    if (rc < 0) {
        *err = ignored;
        return -1;
    }
    if (rc == 1) {
        gk_error_set(err, _("there is already a plan named \"%s\""), new_);
        return -1;
    }
    if (write_name(s, id, new_, err) != 0) return -1;
    return gk_history_add(s, "plan", a.uid, "name", old, new_, err);
}

int gk_plan_rename(gk_store *s, const char *old, const char *new_, gk_error *err)
{
    if (!*new_) {
        gk_error_set(err, _("the new name is empty"));
        return -1;
    }
    size_t len = strlen(new_);
    if (new_[0] == ' ' || new_[len - 1] == ' ' || !strncmp(new_, "\u3000", 3) ||
        (len >= 3 && !strcmp(new_ + len - 3, "\u3000"))) {
        gk_error_set(err, _("the new name begins or ends with a space"));
        return -1;
    }
    if (strcmp(old, new_) == 0) {
        gk_error_set(err, _("the plan is already named \"%s\""), new_);
        return -1;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    if (gk_auth_office_tx(s, _("change plans"), err) != 0 || rename_in_tx(s, old, new_, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* The plan of node ?1 and its period (0: none), which every save asks
 * inside the write gate: prepared once per connection (GK_ST_PLAN_OF). */
static const char plan_of_node_sql[] =
    "SELECT p.id, p.uid, p.name, ifnull(p.first_year, 0), ifnull(p.last_year, 0)"
    " FROM plan p JOIN node n ON n.plan_id = p.id WHERE n.id = ?1";

int gk_plan_take_year(gk_store *s, int64_t node_id, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_PLAN_OF, plan_of_node_sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            gk_error_set(err, _("this item is no longer in the database (removed meanwhile)"));
        else
            gk_sql_error(s, rc, _("cannot read the plans"), err);
        gk_sql_release(s, st);
        return -1;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    char uid[33], name[512];
    snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 1));
    snprintf(name, sizeof name, "%s", gk_stmt_text(st, 2));
    int first = sqlite3_column_int(st, 3), last = sqlite3_column_int(st, 4);
    gk_sql_release(s, st);
    if (first == 0) { /* no period yet: the first year entered starts it */
        char period[32];
        snprintf(period, sizeof period, "%d-%d", year, year);
        if (write_period(s, id, year, year, err) != 0) return -1;
        return gk_history_add(s, "plan", uid, "period", NULL, period, err);
    }
    if (year >= first && year <= last) return 0;
    char y[32], a[32], b[32];
    gk_error_set(err,
                 _("%s is outside the period of plan \"%s\" (%s to %s); `gyokaku plan set` "
                   "changes the period"),
                 gk_fy_short(year, y, sizeof y), name, gk_fy_short(first, a, sizeof a),
                 gk_fy_short(last, b, sizeof b));
    return -1;
}

/* --- the year being reported ----------------------------------------------------------- */

static int today_fy(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return gk_fy_of_date(tm.tm_year + 1900, tm.tm_mon + 1);
}

int gk_plan_report_year(gk_store *s, int64_t plan_id, int *year, bool *set, gk_error *err)
{
    bool cycle = s->version == 0 || s->version >= GK_SCHEMA_CYCLE; /* else never set */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        cycle ? "SELECT ifnull(report_year, 0), ifnull(first_year, 0), ifnull(last_year, 0)"
                " FROM plan WHERE ?1 = 0 OR id = ?1 ORDER BY pos"
              : "SELECT 0, ifnull(first_year, 0), ifnull(last_year, 0)"
                " FROM plan WHERE ?1 = 0 OR id = ?1 ORDER BY pos",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    int fy = today_fy(), found = 0, agreed = 0, rc;
    bool all_set = true;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = sqlite3_column_int(st, 0);
        int y = gk_fy_reported(fy, r, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
        if (!r) all_set = false;
        if (found++ == 0)
            agreed = y;
        else if (agreed != y)
            agreed = -1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the plans"), err);
        return -1;
    }
    if (found == 0 || agreed < 0) { /* no plan, or plans that disagree: the rule alone */
        *year = gk_fy_reported(fy, 0, 0, 0);
        if (set) *set = false;
        return 0;
    }
    *year = agreed;
    if (set) *set = all_set;
    return 0;
}

int64_t gk_plan_id(gk_store *s, const char *name, gk_error *err)
{
    if (!name) return 0;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM plan WHERE name = ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        gk_error_set(err, _("no plan named \"%s\" in %s"), name, s->path);
    else if (rc != SQLITE_ROW)
        gk_sql_error(s, rc, _("cannot read the plans"), err);
    return id;
}

int gk_plan_report_year_named(gk_store *s, const char *name, int *year, bool *set, gk_error *err)
{
    int64_t id = gk_plan_id(s, name, err);
    if (id < 0) return -1;
    return gk_plan_report_year(s, id, year, set, err);
}

int64_t gk_node_plan_id(gk_store *s, int64_t node_id)
{
    gk_error err;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT plan_id FROM node WHERE id = ?1", &err);
    if (!st) return 0;
    sqlite3_bind_int64(st, 1, node_id);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return id;
}

int gk_plan_year_check_id(gk_store *s, int64_t plan_id, int year, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT name, ifnull(first_year, 0), ifnull(last_year, 0)"
                                      " FROM plan WHERE ?1 = 0 OR id = ?1 ORDER BY pos",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, plan_id);
    int rc, n = 0, first = 0, last = 0;
    bool inside = false;
    char name[512] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int a = sqlite3_column_int(st, 1), b = sqlite3_column_int(st, 2);
        if (!a || (year >= a && year <= b)) inside = true;
        if (n++ == 0) {
            snprintf(name, sizeof name, "%s", gk_stmt_text(st, 0));
            first = a;
            last = b;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the plans"), err);
        return -1;
    }
    if (inside || n == 0) return 0;
    char y[32], a[32], b[32];
    if (n == 1)
        gk_error_set(err, _("%s is outside the period of plan \"%s\" (%s to %s)"),
                     gk_fy_short(year, y, sizeof y), name, gk_fy_short(first, a, sizeof a),
                     gk_fy_short(last, b, sizeof b));
    else
        gk_error_set(err, _("%s is outside the period of every plan; name one with --plan"),
                     gk_fy_short(year, y, sizeof y));
    return -1;
}

int gk_plan_year_check(gk_store *s, const char *name, int year, gk_error *err)
{
    int64_t id = gk_plan_id(s, name, err);
    if (id < 0) return -1;
    return gk_plan_year_check_id(s, id, year, err);
}

/* A date written YYYY-MM-DD that the calendar has. */
static bool valid_date(const char *d)
{
    int y, m, day;
    char tail;
    if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3) return false;
    if (d[4] != '-' || d[7] != '-' || y < GK_FY_MIN || y > GK_FY_MAX + 1 || m < 1 || m > 12)
        return false;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day >= 1 && day <= days[m - 1] && !(m == 2 && day == 29 && !leap);
}

static int write_cycle(gk_store *s, int64_t id, const char *col, int year, const char *text,
                       gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        strcmp(col, "report_year") == 0
            ? "UPDATE plan SET report_year = nullif(?2, 0), rev = rev + 1 WHERE id = ?1"
            : "UPDATE plan SET deadline = nullif(?3, ''), rev = rev + 1 WHERE id = ?1",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, year);
    gk_sql_bind_text(st, 3, text);
    return gk_sql_run(s, st, _("cannot change the plan"), err);
}

static int cycle_in_tx(gk_store *s, const char *name, int year, const char *deadline, gk_error *err)
{
    gk_plan_attrs *p;
    size_t n;
    if (gk_plan_attrs_get(s, name, &p, &n, err) != 0) return -1;
    int64_t id = gk_plan_id(s, name, err);
    int rc = id > 0 ? 0 : -1;
    if (rc == 0 && year > 0) rc = gk_plan_year_check(s, name, year, err);
    if (rc == 0 && year && (year < 0 ? 0 : year) != p[0].report_year) {
        char old[16] = "", new_[16] = "";
        if (p[0].report_year) snprintf(old, sizeof old, "%d", p[0].report_year);
        if (year > 0) snprintf(new_, sizeof new_, "%d", year);
        rc = write_cycle(s, id, "report_year", year < 0 ? 0 : year, NULL, err);
        if (rc == 0)
            rc = gk_history_add(s, "plan", p[0].uid, "report_year", *old ? old : NULL,
                                *new_ ? new_ : NULL, err);
    }
    if (rc == 0 && deadline && strcmp(deadline, p[0].deadline) != 0) {
        rc = write_cycle(s, id, "deadline", 0, deadline, err);
        if (rc == 0)
            rc = gk_history_add(s, "plan", p[0].uid, "deadline",
                                *p[0].deadline ? p[0].deadline : NULL, *deadline ? deadline : NULL,
                                err);
    }
    gk_plan_attrs_free(p, n);
    return rc;
}

int gk_plan_set_cycle(gk_store *s, const char *name, int year, const char *deadline, gk_error *err)
{
    if (deadline && *deadline && !valid_date(deadline)) {
        gk_error_set(err, _("the deadline %s is not a date written YYYY-MM-DD"), deadline);
        return -1;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    if (gk_auth_office_tx(s, _("change plans"), err) != 0 ||
        cycle_in_tx(s, name, year, deadline, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* --- where the entry lives ------------------------------------------------------------- */

gk_layout gk_plan_entry(gk_store *s, int64_t plan_id)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT entry FROM plan_entry WHERE plan_id = ?1", NULL);
    if (!st) return GK_ENTRY_ITEMS;
    sqlite3_bind_int64(st, 1, plan_id);
    int e = sqlite3_step(st) == SQLITE_ROW ? gk_layout_from_name(gk_stmt_text(st, 0)) : -1;
    sqlite3_finalize(st);
    return e < 0 ? GK_ENTRY_ITEMS : (gk_layout)e;
}

static int entry_in_tx(gk_store *s, const char *name, gk_layout e, gk_error *err)
{
    if (gk_auth_office_tx(s, _("change plans"), err) != 0) return -1;
    gk_plan_attrs *p;
    size_t n;
    if (gk_plan_attrs_get(s, name, &p, &n, err) != 0) return -1;
    int64_t id = gk_plan_id(s, name, err);
    gk_layout old = id > 0 ? gk_plan_entry(s, id) : GK_ENTRY_ITEMS;
    int rc = id > 0 ? 0 : -1;
    if (rc == 0 && old != e) {
        sqlite3_stmt *st =
            gk_sql_prepare(s, "UPDATE plan SET entry = ?2, rev = rev + 1 WHERE id = ?1", err);
        rc = st ? 0 : -1;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, gk_layout_name(e), -1, SQLITE_STATIC);
            rc = gk_sql_run(s, st, _("cannot change the plan"), err);
        }
        if (rc == 0)
            rc = gk_history_add(s, "plan", p[0].uid, "entry", gk_layout_name(old),
                                gk_layout_name(e), err);
    }
    gk_plan_attrs_free(p, n);
    return rc;
}

int gk_plan_set_entry(gk_store *s, const char *name, gk_layout e, gk_error *err)
{
    if (s->version && s->version < GK_SCHEMA_ENTRY) {
        gk_error_set(err,
                     _("%s is read-only here and older than this program: it cannot keep "
                       "where the entry lives"),
                     s->path);
        return -1;
    }
    if (gk_store_begin(s, err) != 0) return -1;
    if (entry_in_tx(s, name, e, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}
