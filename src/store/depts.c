/*
 * depts.c — listing, renaming, merging and assigning departments (see
 * depts.h), and the import's last step that makes a bare name the
 * department the plan also writes with its 部 (store_int.h).
 */
#include "gyokaku/depts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/dept.h"
#include "gyokaku/i18n.h"
#include "gyokaku/workflow.h"
#include "store_int.h"

static int info_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    (void)ctx;
    gk_dept_info *d = elem;
    d->name = strdup(gk_stmt_text(st, 0));
    d->leads = sqlite3_column_int64(st, 1);
    d->related = sqlite3_column_int64(st, 2);
    d->users = sqlite3_column_int64(st, 3);
    return d->name ? 0 : -1;
}

int gk_dept_list(gk_store *s, gk_dept_info **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT d.name, (SELECT count(*) FROM node_dept nd WHERE nd.dept_id = d.id"
        " AND nd.pos = (SELECT min(x.pos) FROM node_dept x WHERE x.node_id = nd.node_id)),"
        " (SELECT count(*) FROM node_dept nd WHERE nd.dept_id = d.id"
        " AND nd.pos > (SELECT min(x.pos) FROM node_dept x WHERE x.node_id = nd.node_id)),"
        " (SELECT count(*) FROM user_dept ud WHERE ud.dept_id = d.id) FROM dept d ORDER BY d.name",
        err);
    if (!st) return -1;
    if (gk_sql_list(s, st, out, n, sizeof **out, info_row, NULL, err) != 0) {
        gk_dept_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void gk_dept_list_free(gk_dept_info *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].name);
    free(d);
}

/* Every department's name (malloc'd array of malloc'd strings). */
static int all_names(gk_store *s, char ***names, size_t *n, gk_error *err)
{
    *names = NULL;
    *n = 0;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT name FROM dept ORDER BY name", err);
    if (!st) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **slot = gk_grow(names, &cap, *n, sizeof **names);
        if (!slot || !(*slot = strdup(gk_stmt_text(st, 0)))) break;
        (*n)++;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    return 0;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* 0 with *name, 1 when nothing matches (err says so), -1 when several
 * match or on an error (err). */
static int resolve(gk_store *s, const char *typed, char **name, gk_error *err)
{
    char **names;
    size_t n, at = 0;
    if (all_names(s, &names, &n, err) != 0) return -1;
    long k = gk_dept_match(typed, (const char *const *)names, n, &at);
    int rc = 0;
    if (k == 1) {
        *name = strdup(names[at]);
    } else if (k == 0) {
        gk_error_set(err, _("no department named \"%s\" (`gyokaku dept list` shows them)"), typed);
        rc = 1;
    } else {
        char list[1024] = "";
        size_t len = 0;
        const char *bare = gk_dept_bare(typed);
        for (size_t i = 0; i < n && len < sizeof list - 1; i++)
            if (strcmp(gk_dept_bare(names[i]), bare) == 0) {
                int w = snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", names[i]);
                if (w > 0) len += (size_t)w;
            }
        gk_error_set(err, _("the department \"%s\" could be: %s; write it as one of them"), typed,
                     list);
        rc = -1;
    }
    free_names(names, n);
    return rc;
}

int gk_dept_resolve(gk_store *s, const char *typed, char **name, gk_error *err)
{
    *name = NULL;
    return resolve(s, typed, name, err) == 0 ? 0 : -1;
}

static int64_t dept_id(gk_store *s, const char *name, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM dept WHERE name = ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    return id;
}

/* What a node's or a user's departments read before a change: uid or
 * login, and the 、-joined list. */
typedef struct holder {
    char *key, *before;
    int64_t id;
} holder;

typedef struct holders {
    holder *v;
    size_t n, cap;
} holders;

static void holders_free(holders *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].key);
        free(h->v[i].before);
    }
    free(h->v);
}

static const char node_list_sql[] =
    "SELECT (SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd"
    " JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = ?1 ORDER BY nd.pos))";
static const char user_list_sql[] =
    "SELECT (SELECT group_concat(name, '、') FROM (SELECT d.name FROM user_dept ud"
    " JOIN dept d ON d.id = ud.dept_id WHERE ud.user_id = ?1 ORDER BY d.name))";

static char *list_of(gk_store *s, const char *sql, int64_t id)
{
    sqlite3_stmt *st = gk_sql_prepare(s, sql, NULL);
    char *out = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) out = gk_stmt_dup(st, 0);
        sqlite3_finalize(st);
    }
    return out;
}

/* The nodes (users: true, the users) of department ids a and b with their
 * lists as they stand. */
static int collect(gk_store *s, bool users, int64_t a, int64_t b, holders *h, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        users ? "SELECT DISTINCT u.id, u.login FROM user_dept ud JOIN app_user u ON u.id ="
                " ud.user_id WHERE ud.dept_id IN (?1, ?2) ORDER BY u.id"
              : "SELECT DISTINCT n.id, n.uid FROM node_dept nd JOIN node n ON n.id = nd.node_id"
                " WHERE nd.dept_id IN (?1, ?2) ORDER BY n.id",
        err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        holder *x = gk_grow(&h->v, &h->cap, h->n, sizeof *h->v);
        if (!x) break;
        x->id = sqlite3_column_int64(st, 0);
        x->key = strdup(gk_stmt_text(st, 1));
        x->before = list_of(s, users ? user_list_sql : node_list_sql, x->id);
        h->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot read the departments"), err);
        return -1;
    }
    return 0;
}

/* One history row per holder whose list changed. */
static int record(gk_store *s, bool users, const holders *h, const char *why, gk_error *err)
{
    for (size_t i = 0; i < h->n; i++) {
        char *after = list_of(s, users ? user_list_sql : node_list_sql, h->v[i].id);
        int rc = 0;
        if (!gk_text_eq(after, h->v[i].before))
            rc = gk_history_add_comment(s, users ? "user" : "node", h->v[i].key, "departments",
                                        h->v[i].before, after, why, err);
        free(after);
        if (rc != 0) return -1;
    }
    return 0;
}

static int exec_ids(gk_store *s, const char *sql, int64_t a, int64_t b, const char *text,
                    gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, sql, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    if (text) sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    return gk_sql_run(s, st, _("cannot change the departments"), err);
}

/* Inside a transaction: department from (id) takes the name to; onto an
 * existing department (id into) the two become one, into's name kept. */
static int rename_tx(gk_store *s, int64_t from, const char *from_name, const char *to,
                     const char *why, gk_error *err)
{
    int64_t into = dept_id(s, to, err);
    if (into < 0) return -1;
    holders nodes = {0}, users = {0};
    int rc = collect(s, false, from, into, &nodes, err);
    if (rc == 0) rc = collect(s, true, from, into, &users, err);
    if (rc == 0 && into == 0) {
        rc = exec_ids(s, "UPDATE dept SET name = ?3 WHERE id = ?1 AND ?2 = 0", from, 0, to, err);
    } else if (rc == 0) {
        static const char *const merge[] = {
            /* a node that has both keeps the earlier position of the two */
            "UPDATE node_dept SET pos = (SELECT min(x.pos) FROM node_dept x WHERE x.node_id ="
            " node_dept.node_id AND x.dept_id IN (?1, ?2)) WHERE dept_id = ?2 AND node_id IN"
            " (SELECT node_id FROM node_dept WHERE dept_id = ?1)",
            "DELETE FROM node_dept WHERE dept_id = ?1 AND node_id IN"
            " (SELECT node_id FROM node_dept WHERE dept_id = ?2)",
            "UPDATE node_dept SET dept_id = ?2 WHERE dept_id = ?1",
            "INSERT OR IGNORE INTO user_dept(user_id, dept_id) SELECT user_id, ?2 FROM user_dept"
            " WHERE dept_id = ?1",
            "DELETE FROM user_dept WHERE dept_id = ?1",
            /* two contributions to one node and year: joined */
            "UPDATE contribution SET text = text || char(10) || (SELECT c.text FROM contribution c"
            " WHERE c.dept_id = ?1 AND c.node_id = contribution.node_id AND c.year ="
            " contribution.year) WHERE dept_id = ?2 AND EXISTS (SELECT 1 FROM contribution c"
            " WHERE c.dept_id = ?1 AND c.node_id = contribution.node_id AND c.year ="
            " contribution.year)",
            "DELETE FROM contribution WHERE dept_id = ?1 AND EXISTS (SELECT 1 FROM contribution c"
            " WHERE c.dept_id = ?2 AND c.node_id = contribution.node_id AND c.year ="
            " contribution.year)",
            "UPDATE contribution SET dept_id = ?2 WHERE dept_id = ?1",
            "DELETE FROM dept WHERE id = ?1",
        };
        for (size_t i = 0; rc == 0 && i < sizeof merge / sizeof *merge; i++)
            rc = exec_ids(s, merge[i], from, into, NULL, err);
    }
    /* the main screen's department filter of every user follows */
    if (rc == 0) {
        sqlite3_stmt *st =
            gk_sql_prepare(s, "UPDATE pref SET value = ?1 WHERE key = 'dept' AND value = ?2", err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, from_name, -1, SQLITE_STATIC);
        rc = gk_sql_run(s, st, _("cannot change the departments"), err);
    }
    if (rc == 0) rc = record(s, false, &nodes, why, err);
    if (rc == 0) rc = record(s, true, &users, why, err);
    if (rc == 0) rc = gk_history_add_comment(s, "dept", from_name, "name", from_name, to, why, err);
    holders_free(&nodes);
    holders_free(&users);
    return rc;
}

/* A new name: not empty, no surrounding space, no list separator, not a
 * placeholder word. */
static int check_new_name(const char *name, gk_error *err)
{
    size_t len = strlen(name);
    if (!len || name[0] == ' ' || name[len - 1] == ' ' || strpbrk(name, ",;\n\t") ||
        strstr(name, "、") || strstr(name, "，") || strstr(name, "\u3000")) {
        gk_error_set(err, _("\"%s\" cannot be a department name"), name);
        return -1;
    }
    if (gk_dept_placeholder(name)) {
        gk_error_set(err, _("\"%s\" names no department (a word such as 各課 or 全庁)"), name);
        return -1;
    }
    return 0;
}

int gk_dept_rename(gk_store *s, const char *old, const char *new_, gk_error *err)
{
    if (check_new_name(new_, err) != 0) return -1;
    if (gk_store_begin(s, err) != 0) return -1;
    char *from = NULL;
    int rc = gk_auth_office_tx(s, _("rename departments"), err);
    if (rc == 0 && resolve(s, old, &from, err) != 0) rc = -1;
    if (rc == 0 && strcmp(from, new_) == 0) {
        gk_error_set(err, _("the department is already named \"%s\""), new_);
        rc = -1;
    }
    int64_t id = rc == 0 ? dept_id(s, from, err) : -1;
    if (rc == 0 && id > 0)
        rc = rename_tx(s, id, from, new_, NULL, err);
    else if (rc == 0)
        rc = -1;
    free(from);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* Inside a transaction: the id of the department typed means, created
 * when nothing matches it. */
static int64_t dept_for(gk_store *s, const char *typed, gk_error *err)
{
    char *name = NULL;
    int r = resolve(s, typed, &name, err);
    if (r < 0) return -1;
    if (r == 0) {
        int64_t id = dept_id(s, name, err);
        free(name);
        return id;
    }
    if (check_new_name(typed, err) != 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s, "INSERT INTO dept(name) VALUES (?1)", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, typed, -1, SQLITE_STATIC);
    if (gk_sql_run(s, st, _("cannot change the departments"), err) != 0) return -1;
    return sqlite3_last_insert_rowid(s->db);
}

static int assign_tx(gk_store *s, int64_t id, const char *const *depts, size_t n, gk_error *err)
{
    char uid[33] = "";
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT uid FROM node WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    if (!*uid) {
        gk_error_set(err, _("no such node"));
        return -1;
    }
    char *before = list_of(s, node_list_sql, id);
    int rc = exec_ids(s, "DELETE FROM node_dept WHERE node_id = ?1 AND ?2 = 0", id, 0, NULL, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int64_t d = dept_for(s, depts[i], err);
        if (d <= 0) {
            rc = -1;
            break;
        }
        rc = exec_ids(s,
                      "INSERT OR IGNORE INTO node_dept(node_id, dept_id, pos) VALUES (?1, ?2,"
                      " (SELECT count(*) FROM node_dept WHERE node_id = ?1))",
                      id, d, NULL, err);
    }
    char *after = rc == 0 ? list_of(s, node_list_sql, id) : NULL;
    if (rc == 0 && !gk_text_eq(before, after))
        rc = gk_history_add(s, "node", uid, "departments", before, after, err);
    free(before);
    free(after);
    return rc;
}

/* The one way departments are assigned: the command line names the node,
 * the full-screen interface gives its id (node spec NULL). */
static int assign(gk_store *s, const char *plan, const char *node, int64_t id,
                  const char *const *depts, size_t n, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    if (gk_auth_office_tx(s, _("assign departments"), err) != 0 ||
        (node && gk_node_find(s, plan, node, &id, err) != 0) ||
        assign_tx(s, id, depts, n, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

int gk_dept_assign(gk_store *s, const char *plan, const char *node, const char *const *depts,
                   size_t n, gk_error *err)
{
    return assign(s, plan, node, 0, depts, n, err);
}

int gk_dept_assign_id(gk_store *s, int64_t node_id, const char *const *depts, size_t n,
                      gk_error *err)
{
    return assign(s, NULL, NULL, node_id, depts, n, err);
}

int gk_dept_unify_tx(gk_store *s, gk_error *err)
{
    char **names;
    size_t n;
    if (all_names(s, &names, &n, err) != 0) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *bu, *rest;
        if (gk_dept_bu(names[i], &bu, &rest) != 0) continue; /* carries its 部 */
        size_t at = 0;
        long k = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && strcmp(gk_dept_bare(names[j]), names[i]) == 0 && k++ == 0) at = j;
        if (k != 1) continue; /* no 部 written for it, or several: stays as written */
        int64_t from = dept_id(s, names[i], err);
        if (from < 0)
            rc = -1;
        else if (from > 0) {
            char why[600];
            snprintf(why, sizeof why, "the plan also writes it %s", names[at]);
            rc = rename_tx(s, from, names[i], names[at], why, err);
        }
    }
    free_names(names, n);
    return rc;
}
