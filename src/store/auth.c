/*
 * auth.c — roles and the permission checks (roles.h): who the current login
 * is, which departments a node belongs to, and whether the login may edit
 * it, administer or write a locked year. Below backups and everything that
 * writes; it calls no writer above it (the users and locks are roles.c).
 *
 *
 * The checks read the users inside the caller's write transaction (BEGIN
 * IMMEDIATE), so a check and the write it allows see the same users, locks
 * and states: an office user who locks the year while a clerk saves makes
 * the save either land before the lock or be refused. That is also why
 * they are not moved before the write gate to shorten the time inside it:
 * a check read before BEGIN IMMEDIATE could be stale by the time the write
 * lands (a lock, a submission, a department moved in between). They cost
 * less inside it instead: the statements of the checks every save runs are
 * prepared once per connection (gk_sql_cached), not on every call.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gyokaku/backup.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/depts.h"
#include "gyokaku/i18n.h"
#include "store_int.h"

const char *gk_role_name(gk_role r)
{
    switch (r) {
    case GK_ROLE_CLERK:
        return "clerk";
    case GK_ROLE_SUPERVISOR:
        return "supervisor";
    case GK_ROLE_OFFICE:
        return "office";
    default:
        return "";
    }
}

const char *gk_role_label(gk_role r)
{
    switch (r) {
    case GK_ROLE_CLERK:
        return _("clerk");
    case GK_ROLE_SUPERVISOR:
        return _("supervisor");
    case GK_ROLE_OFFICE:
        return _("plan office");
    default:
        return _("read-only");
    }
}

const char *gk_role_word(gk_role r)
{
    switch (r) {
    case GK_ROLE_CLERK:
        return C_("role", "clerk");
    case GK_ROLE_SUPERVISOR:
        return C_("role", "supervisor");
    case GK_ROLE_OFFICE:
        return C_("role", "office");
    default:
        return "";
    }
}

/* The words people use for each role, besides the stored names and the
 * labels the interface shows (gk_role_label, in any language). */
static const struct {
    const char *word;
    gk_role role;
} role_words[] = {
    {"担当", GK_ROLE_CLERK},         {"担当者", GK_ROLE_CLERK},      {"入力担当", GK_ROLE_CLERK},
    {"課長", GK_ROLE_SUPERVISOR},    {"所属長", GK_ROLE_SUPERVISOR}, {"承認者", GK_ROLE_SUPERVISOR},
    {"行革担当", GK_ROLE_OFFICE},    {"行革", GK_ROLE_OFFICE},       {"事務局", GK_ROLE_OFFICE},
    {"plan office", GK_ROLE_OFFICE},
};

int gk_role_parse(const char *name, gk_role *out, gk_error *err)
{
    for (gk_role r = GK_ROLE_CLERK; r <= GK_ROLE_OFFICE; r++)
        if (name && (strcmp(name, gk_role_name(r)) == 0 || strcmp(name, gk_role_label(r)) == 0)) {
            *out = r;
            return 0;
        }
    for (size_t i = 0; name && i < sizeof role_words / sizeof *role_words; i++)
        if (strcmp(name, role_words[i].word) == 0) {
            *out = role_words[i].role;
            return 0;
        }
    gk_error_set(err,
                 _("unknown role \"%s\" (clerk/担当, supervisor/課長/所属長 or office/行革担当)"),
                 name ? name : "");
    return -1;
}

void gk_store_act_as(gk_store *s, const char *login, uid_t uid)
{
    snprintf(s->user, sizeof s->user, "%s", login);
    s->uid = uid;
}

/* True when the real uid owns the database file. */
static bool own_file(gk_store *s)
{
    struct stat st;
    return stat(s->path, &st) == 0 && st.st_uid == s->uid;
}

/* Number of users, or -1 with err. */
static long count_users(gk_store *s, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT count(*) FROM app_user", err);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0) gk_sql_error(s, rc, _("cannot read the users"), err);
    return n;
}

/* --- the current login ---------------------------------------------------------- */

/* An older file opened read-only has no users and no locks: everybody
 * reads only there, and nothing is locked. */
bool gk_auth_old_file(const gk_store *s)
{
    return s->version && s->version < GK_SCHEMA_ROLES;
}

int gk_auth_load(gk_store *s, gk_auth *a, gk_error *err)
{
    memset(a, 0, sizeof *a);
    if (gk_auth_old_file(s)) return 0;
    sqlite3_stmt *st =
        gk_sql_cached(s, GK_ST_AUTH_USER, "SELECT id, role FROM app_user WHERE login = ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t uid = 0;
    if (rc == SQLITE_ROW) {
        uid = sqlite3_column_int64(st, 0);
        if (gk_role_parse(gk_stmt_text(st, 1), &a->role, err) != 0) a->role = GK_ROLE_NONE;
    }
    gk_sql_release(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the users"), err);
        return -1;
    }
    if (rc == SQLITE_DONE) {
        long n = count_users(s, err);
        if (n < 0) return -1;
        if (n == 0 && own_file(s)) {
            a->role = GK_ROLE_OFFICE;
            a->bootstrap = true;
        }
        return 0;
    }
    st = gk_sql_cached(s, GK_ST_AUTH_DEPTS,
                       "SELECT dept_id FROM user_dept WHERE user_id = ?1 ORDER BY dept_id", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, uid);
    return gk_sql_collect_ids(s, st, &a->dept_ids, &a->ndepts, err);
}

void gk_auth_free(gk_auth *a)
{
    free(a->dept_ids);
    memset(a, 0, sizeof *a);
}

int gk_auth_bootstrap(gk_store *s, gk_error *err)
{
    long n = count_users(s, err);
    if (n != 0) return n < 0 ? -1 : 0;
    if (!own_file(s)) return 0;
    return gk_auth_add_creator(s, err);
}

int gk_auth_add_creator(gk_store *s, gk_error *err)
{
    sqlite3_stmt *st =
        gk_sql_prepare(s, "INSERT INTO app_user(login, role) VALUES (?1, 'office')", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
    if (gk_sql_run(s, st, _("cannot record the first user"), err) != 0) return -1;
    return gk_history_add_comment(s, "user", s->user, "role", NULL, "office",
                                  "the owner of the database file", err);
}

int gk_me_load(gk_store *s, gk_me *me, gk_error *err)
{
    memset(me, 0, sizeof *me);
    snprintf(me->login, sizeof me->login, "%s", s->user);
    gk_auth a;
    if (gk_auth_load(s, &a, err) != 0) return -1;
    me->role = a.role;
    me->bootstrap = a.bootstrap;
    int rc = 0;
    if (a.ndepts) {
        sqlite3_stmt *st = gk_sql_prepare(s, "SELECT name FROM dept WHERE id = ?1", err);
        if (!st) rc = -1;
        me->depts = st ? calloc(a.ndepts, sizeof *me->depts) : NULL;
        for (size_t i = 0; st && me->depts && i < a.ndepts; i++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, a.dept_ids[i]);
            if (sqlite3_step(st) == SQLITE_ROW)
                me->depts[me->ndepts++] = strdup(gk_stmt_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    gk_auth_free(&a);
    return rc;
}

void gk_me_free(gk_me *me)
{
    for (size_t i = 0; i < me->ndepts; i++)
        free(me->depts[i]);
    free(me->depts);
    memset(me, 0, sizeof *me);
}

/* --- departments of a node -------------------------------------------------------- */

/* The node's own departments, else those of its nearest ancestor with some:
 * rows (dept id, name), main first. */
static const char node_depts_sql[] =
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    " SELECT id, parent_id, 0 FROM node WHERE id = ?1"
    " UNION ALL SELECT n.id, n.parent_id, up.depth + 1 FROM node n JOIN up ON n.id = up.parent_id),"
    " owner AS (SELECT up.id FROM up WHERE EXISTS (SELECT 1 FROM node_dept x WHERE x.node_id = "
    "up.id)"
    " ORDER BY up.depth LIMIT 1)"
    " SELECT d.id, d.name FROM owner JOIN node_dept nd ON nd.node_id = owner.id"
    " JOIN dept d ON d.id = nd.dept_id ORDER BY nd.pos";

/* A container's departments (progress.h): its indicators' (each its own,
 * else the item's), in the order of the indicators, each once. The query
 * returns nothing for a node that is not a container. */
static const char container_depts_sql[] =
    "WITH k(id, pos) AS (SELECT c.id, c.pos FROM node n JOIN node c ON c.parent_id = n.id"
    " AND c.kind = 'indicator' WHERE n.id = ?1 AND " GK_SQL_CONTAINER(
        "n") "),"
             " kd(dept_id, o) AS (SELECT nd.dept_id, k.pos * 1000 + nd.pos FROM k JOIN node_dept nd"
             " ON nd.node_id = CASE WHEN EXISTS (SELECT 1 FROM node_dept x WHERE x.node_id = k.id)"
             " THEN k.id ELSE ?1 END)"
             " SELECT d.id, d.name FROM kd JOIN dept d ON d.id = kd.dept_id GROUP BY d.id ORDER BY "
             "min(kd.o)";

/* 1 when node is a container, 0 when not, -1 with err. */
static int is_container(gk_store *s, int64_t node_id, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_AUTH_BOX, "SELECT " GK_SQL_CONTAINER("n") " FROM node n WHERE n.id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    int rc = sqlite3_step(st), yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    gk_sql_release(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    return yes;
}

int gk_node_depts(gk_store *s, int64_t node_id, char *buf, size_t n, gk_error *err)
{
    buf[0] = '\0';
    int box = is_container(s, node_id, err);
    if (box < 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s, box ? container_depts_sql : node_depts_sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    size_t len = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int w = snprintf(buf + len, n - len, "%s%s", len ? "、" : "", gk_stmt_text(st, 1));
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    return 0;
}

static void node_title(gk_store *s, int64_t node_id, char *buf, size_t n)
{
    buf[0] = '\0';
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT title FROM node WHERE id = ?1", NULL);
    if (!st) return;
    sqlite3_bind_int64(st, 1, node_id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(buf, n, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
}

/* A container (progress.h) is the user's when each of its indicators is:
 * 1, or 0 with why naming the first that is not, -1 with why. */
static int auth_container(gk_store *s, const gk_auth *a, int64_t node_id, gk_error *why)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT id FROM node WHERE parent_id = ?1 AND kind = 'indicator' ORDER BY pos", why);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    int rc, ok = 1;
    while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ok = gk_auth_dept(s, a, sqlite3_column_int64(st, 0), why);
    if (ok == 1 && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), why);
        ok = -1;
    }
    sqlite3_finalize(st);
    return ok;
}

static bool user_dept(const gk_auth *a, int64_t dept)
{
    for (size_t i = 0; i < a->ndepts; i++)
        if (a->dept_ids[i] == dept) return true;
    return false;
}

/* What node_depts_sql answers, walked up in C one node at a time, a few
 * lookups by key instead of a recursive query (its queue and sorts cost a
 * clerk's save 80 K instructions): *found 1 when the lead (first by pos)
 * department of the node's owner (itself, else its nearest ancestor with
 * departments) is one of a's, 2 when a related one is, else 0. 0 or -1. */
static int owner_dept(gk_store *s, const gk_auth *a, int64_t node_id, int *found, gk_error *why)
{
    *found = 0;
    for (int depth = 0; node_id && depth < 1000; depth++) { /* 1000: a cycle's end */
        sqlite3_stmt *st = gk_sql_cached(s, GK_ST_AUTH_OWNER,
                                         "SELECT nd.pos, EXISTS (SELECT 1 FROM dept d WHERE"
                                         " d.id = nd.dept_id), nd.dept_id FROM node_dept nd"
                                         " WHERE nd.node_id = ?1",
                                         why);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, node_id);
        bool owner = false, have_lead = false, lead_mine = false, related_mine = false;
        int64_t lead_pos = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            owner = true;
            if (!sqlite3_column_int(st, 1)) continue; /* no such department */
            int64_t pos = sqlite3_column_int64(st, 0);
            bool mine = user_dept(a, sqlite3_column_int64(st, 2));
            if (!have_lead || pos < lead_pos) { /* a new lead: the old one is related */
                related_mine = related_mine || lead_mine;
                have_lead = true;
                lead_pos = pos;
                lead_mine = mine;
            } else {
                related_mine = related_mine || mine;
            }
        }
        gk_sql_release(s, st);
        if (rc != SQLITE_DONE) {
            gk_sql_error(s, rc, _("cannot read the departments"), why);
            return -1;
        }
        if (owner) {
            *found = lead_mine ? 1 : related_mine ? 2 : 0;
            return 0;
        }
        st = gk_sql_cached(s, GK_ST_AUTH_PARENT, "SELECT parent_id FROM node WHERE id = ?1", why);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, node_id);
        rc = sqlite3_step(st);
        node_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0; /* NULL: the top */
        gk_sql_release(s, st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            gk_sql_error(s, rc, _("cannot read the departments"), why);
            return -1;
        }
    }
    return 0;
}

int gk_auth_dept(gk_store *s, const gk_auth *a, int64_t node_id, gk_error *why)
{
    if (a->role == GK_ROLE_OFFICE) return 1;
    int box = is_container(s, node_id, why);
    if (box < 0) return -1;
    if (box) return auth_container(s, a, node_id, why);
    /* found: 1 the lead (first) department is the user's, 2 a related one */
    int found;
    if (owner_dept(s, a, node_id, &found, why) != 0) return -1;
    if (found == 1) return 1;
    char depts[1024], title[1024];
    if (gk_node_depts(s, node_id, depts, sizeof depts, why) != 0) return -1;
    node_title(s, node_id, title, sizeof title);
    if (found == 2) {
        char *sep = strstr(depts, "、");
        if (sep) *sep = '\0';
        gk_error_set(why,
                     _("\"%s\" is led by %s: a related department writes its own part with "
                       "`gyokaku contribute`, the lead writes and submits the item"),
                     title, depts);
    } else if (!*depts)
        gk_error_set(why, _("\"%s\" has no 所管課: only the plan office can change it"), title);
    else
        gk_error_set(why, _("\"%s\" belongs to %s, not to your departments (%s, %s)"), title, depts,
                     s->user, gk_role_label(a->role));
    return 0;
}

int gk_auth_locked(gk_store *s, int year, gk_error *why)
{
    if (gk_auth_old_file(s)) return 0;
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_AUTH_LOCKED,
                                     "SELECT reason, who, at FROM year_lock WHERE year = ?1", why);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        char fy[32];
        gk_error_set(why, _("%s is locked (%s; by %s, %s): unlock it first to change it"),
                     gk_fy_short(year, fy, sizeof fy), gk_stmt_text(st, 0), gk_stmt_text(st, 1),
                     gk_stmt_text(st, 2));
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot read the locked years"), why);
    return -1;
}

static void refuse_not_user(gk_store *s, gk_error *why)
{
    gk_error_set(why,
                 _("you (%s) are not a user of this database: read-only (the plan office adds "
                   "users with `gyokaku user add`)"),
                 s->user);
}

void gk_auth_refuse_admin(gk_store *s, const gk_auth *a, const char *what, gk_error *why)
{
    if (a->role == GK_ROLE_NONE)
        refuse_not_user(s, why);
    else
        gk_error_set(why, _("only the plan office (role office) may %s; you (%s) are %s"), what,
                     s->user, gk_role_label(a->role));
}

/* The workflow state that makes a node read-only: of the node, or of the
 * item above an indicator (the node's own named first when both are).
 * 1 with why, 0, -1. Two plain lookups and at most two rows, chosen here:
 * an OR of the two ids and an ORDER BY each built a temporary table on
 * every save (two thirds of this check's instructions). */
static int frozen(gk_store *s, int64_t node_id, int year, gk_error *why)
{
    sqlite3_stmt *st = gk_sql_cached(
        s, GK_ST_AUTH_FROZEN,
        "SELECT n.id, n.title, o.state FROM node n JOIN note o ON o.node_id = n.id AND o.year = ?2"
        " WHERE n.id = ?1 AND n.kind IN ('item', 'indicator')"
        " AND o.state IN ('submitted', 'approved')"
        " UNION ALL SELECT p.id, p.title, o.state FROM node c JOIN node p ON p.id = c.parent_id"
        " JOIN note o ON o.node_id = p.id AND o.year = ?2 WHERE c.id = ?1 AND c.kind = 'indicator'"
        " AND p.kind IN ('item', 'indicator') AND o.state IN ('submitted', 'approved')",
        why);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, node_id);
    sqlite3_bind_int(st, 2, year);
    int rc, found = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool own = sqlite3_column_int64(st, 0) == node_id;
        if (found && !own) continue; /* the node's own state was said */
        char fy[32];
        bool sub = strcmp(gk_stmt_text(st, 2), "submitted") == 0;
        gk_error_set(why,
                     sub ? _("\"%s\" is submitted for %s: read-only until a supervisor returns it")
                         : _("\"%s\" is approved for %s: read-only until a supervisor returns it"),
                     gk_stmt_text(st, 1), gk_fy_short(year, fy, sizeof fy));
        found = 1;
        if (own) break;
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return found;
    gk_sql_error(s, rc, _("cannot read the workflow state"), why);
    return -1;
}

int gk_auth_edit(gk_store *s, const gk_auth *a, int64_t node_id, int year, gk_error *why)
{
    if (a->role == GK_ROLE_NONE) {
        refuse_not_user(s, why);
        return 0;
    }
    int rc = gk_auth_dept(s, a, node_id, why);
    if (rc != 1) return rc;
    rc = gk_auth_locked(s, year, why);
    if (rc != 0) return rc < 0 ? -1 : 0;
    rc = frozen(s, node_id, year, why);
    if (rc != 0) return rc < 0 ? -1 : 0;
    return 1;
}

int gk_store_may_edit(gk_store *s, int64_t node_id, int year, gk_error *why)
{
    gk_auth a;
    if (gk_auth_load(s, &a, why) != 0) return -1;
    int rc = gk_auth_edit(s, &a, node_id, year, why);
    gk_auth_free(&a);
    return rc;
}

int gk_store_may_admin(gk_store *s, gk_error *why)
{
    gk_auth a;
    if (gk_auth_load(s, &a, why) != 0) return -1;
    int rc = a.role == GK_ROLE_OFFICE;
    if (!rc) gk_auth_refuse_admin(s, &a, _("do this"), why);
    gk_auth_free(&a);
    return rc;
}

int gk_auth_office_tx(gk_store *s, const char *what, gk_error *err)
{
    assert(!sqlite3_get_autocommit(s->db)); /* the check holds for the caller's transaction */
    gk_auth a;
    int rc = gk_auth_load(s, &a, err);
    if (rc == 0 && a.role != GK_ROLE_OFFICE) {
        gk_auth_refuse_admin(s, &a, what, err);
        rc = -1;
    }
    if (rc == 0 && a.bootstrap) rc = gk_auth_bootstrap(s, err);
    gk_auth_free(&a);
    return rc;
}
