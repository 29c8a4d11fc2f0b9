/*
 * roles.c — users and locked years (roles.h): adding, removing and listing
 * users, locking and unlocking a year (with its backup and frozen image).
 * The permission checks every writer uses are auth.c.
 *
 * The checks read the users inside the caller's write transaction (BEGIN
 * IMMEDIATE), so a check and the write it allows see the same users, locks
 * and states: an office user who locks the year while a clerk saves makes
 * the save either land before the lock or be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gyokaku/backup.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/depts.h"
#include "gyokaku/i18n.h"
#include "store_int.h"

/* --- users ------------------------------------------------------------------------ */

/* Begins a write transaction and checks the login is office. */
static int begin_admin(gk_store *s, const char *what, gk_error *err)
{
    if (gk_store_begin(s, err) != 0) return -1;
    int rc = gk_auth_office_tx(s, what, err);
    if (rc != 0) gk_store_rollback(s);
    return rc;
}

static int finish(gk_store *s, int rc, gk_error *err)
{
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

/* "職員課、財政課" of user id (malloc'd; "" none). */
static char *user_depts_text(gk_store *s, int64_t uid)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT group_concat(name, '、') FROM (SELECT d.name FROM"
                                      " user_dept ud JOIN dept d ON d.id = ud.dept_id"
                                      " WHERE ud.user_id = ?1 ORDER BY d.name)",
                                      NULL);
    char *out = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, uid);
        if (sqlite3_step(st) == SQLITE_ROW) out = strdup(gk_stmt_text(st, 0));
        sqlite3_finalize(st);
    }
    return out ? out : strdup("");
}

static long count_office(gk_store *s, const char *except, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s, "SELECT count(*) FROM app_user WHERE role = 'office' AND login <> ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, except, -1, SQLITE_STATIC);
    long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0) gk_error_set(err, _("cannot read the users"));
    return n;
}

/* The id of the user login (0: no such user), its role copied into
 * old_role; -1 with err when the query cannot be prepared. */
static int64_t find_user(gk_store *s, const char *login, char old_role[16], gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id, role FROM app_user WHERE login = ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(old_role, 16, "%s", gk_stmt_text(st, 1));
    }
    sqlite3_finalize(st);
    return id;
}

/* Links the user id to each of the departments named in depts. Returns 0,
 * or -1 with err (a name no plan has, or a failed write). */
static int link_depts(gk_store *s, int64_t id, const char *const *depts, size_t ndepts,
                      gk_error *err)
{
    for (size_t i = 0; i < ndepts; i++) {
        char *name = NULL; /* as typed, or without its 部 when that is unique */
        if (gk_dept_resolve(s, depts[i], &name, err) != 0) return -1;
        sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id FROM dept WHERE name = ?1", err);
        if (!st) {
            free(name);
            return -1;
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        free(name);
        int64_t did = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        if (!did) {
            gk_error_set(err, _("no department named \"%s\" in any plan (import the plan first)"),
                         depts[i]);
            return -1;
        }
        st = gk_sql_prepare(s, "INSERT OR IGNORE INTO user_dept(user_id, dept_id) VALUES (?1, ?2)",
                            err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, did);
        if (gk_sql_run(s, st, _("cannot add the user"), err) != 0) return -1;
    }
    return 0;
}

static int add_user_tx(gk_store *s, const char *login, gk_role role, const char *const *depts,
                       size_t ndepts, gk_error *err)
{
    if (!login || !*login || strlen(login) >= 64 || strpbrk(login, " \t\n/:")) {
        gk_error_set(err, _("\"%s\" is not a login name"), login ? login : "");
        return -1;
    }
    if (role != GK_ROLE_OFFICE && ndepts == 0) {
        gk_error_set(err, role == GK_ROLE_CLERK
                              ? _("a clerk needs at least one department (--dept NAME)")
                              : _("a supervisor needs at least one department (--dept NAME)"));
        return -1;
    }
    char old_role[16] = "";
    int64_t id = find_user(s, login, old_role, err);
    if (id < 0) return -1;
    if (id && strcmp(old_role, "office") == 0 && role != GK_ROLE_OFFICE) {
        long others = count_office(s, login, err);
        if (others < 0) return -1;
        if (others == 0) {
            gk_error_set(err, _("%s is the last office user; add another office user first"),
                         login);
            return -1;
        }
    }
    char *old_depts = id ? user_depts_text(s, id) : NULL;
    sqlite3_stmt *st;
    if (!id) {
        st = gk_sql_prepare(s, "INSERT INTO app_user(login, role) VALUES (?1, ?2)", err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, gk_role_name(role), -1, SQLITE_STATIC);
        if (gk_sql_run(s, st, _("cannot add the user"), err) != 0) return -1;
        id = sqlite3_last_insert_rowid(s->db);
    } else {
        st = gk_sql_prepare(s, "UPDATE app_user SET role = ?2 WHERE id = ?1", err);
        if (!st) goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, gk_role_name(role), -1, SQLITE_STATIC);
        if (gk_sql_run(s, st, _("cannot change the user"), err) != 0) goto fail;
        st = gk_sql_prepare(s, "DELETE FROM user_dept WHERE user_id = ?1", err);
        if (!st) goto fail;
        sqlite3_bind_int64(st, 1, id);
        if (gk_sql_run(s, st, _("cannot change the user"), err) != 0) goto fail;
    }
    if (link_depts(s, id, depts, ndepts, err) != 0) goto fail;
    char *new_depts = user_depts_text(s, id);
    int rc = 0;
    if (strcmp(old_role, gk_role_name(role)) != 0)
        rc = gk_history_add(s, "user", login, "role", old_role, gk_role_name(role), err);
    if (rc == 0 && strcmp(old_depts ? old_depts : "", new_depts) != 0)
        rc = gk_history_add(s, "user", login, "departments", old_depts, new_depts, err);
    free(new_depts);
    free(old_depts);
    return rc;
fail:
    free(old_depts);
    return -1;
}

int gk_user_add(gk_store *s, const char *login, gk_role role, const char *const *depts,
                size_t ndepts, gk_error *err)
{
    if (begin_admin(s, _("change users"), err) != 0) return -1;
    return finish(s, add_user_tx(s, login, role, depts, ndepts, err), err);
}

int gk_user_remove(gk_store *s, const char *login, gk_error *err)
{
    if (begin_admin(s, _("change users"), err) != 0) return -1;
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT id, role FROM app_user WHERE login = ?1", err);
    int rc = st ? 0 : -1;
    int64_t id = 0;
    char role[16] = "";
    if (st) {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(role, sizeof role, "%s", gk_stmt_text(st, 1));
        }
        sqlite3_finalize(st);
    }
    if (rc == 0 && !id) {
        gk_error_set(err, _("%s is not a user"), login);
        rc = -1;
    }
    if (rc == 0 && strcmp(role, "office") == 0) {
        long others = count_office(s, login, err);
        if (others == 0)
            gk_error_set(err, _("%s is the last office user; add another office user first"),
                         login);
        if (others <= 0) rc = -1;
    }
    char *depts = rc == 0 ? user_depts_text(s, id) : NULL;
    if (rc == 0 && (st = gk_sql_prepare(s, "DELETE FROM app_user WHERE id = ?1", err))) {
        sqlite3_bind_int64(st, 1, id);
        rc = gk_sql_run(s, st, _("cannot remove the user"), err);
    } else if (rc == 0) {
        rc = -1;
    }
    if (rc == 0) rc = gk_history_add(s, "user", login, "role", role, NULL, err);
    if (rc == 0 && depts && *depts)
        rc = gk_history_add(s, "user", login, "departments", depts, NULL, err);
    free(depts);
    return finish(s, rc, err);
}

typedef struct query_ctx {
    gk_store *s;
    gk_error *err;
} query_ctx;

static int dept_name_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    char **name = elem;
    return (*name = strdup(gk_stmt_text(st, 0))) ? 0 : -1;
}

/* A user with their departments (a query of its own). */
static int user_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    gk_user_info *u = elem;
    query_ctx *q = ctx;
    snprintf(u->login, sizeof u->login, "%s", gk_stmt_text(st, 1));
    gk_role_parse(gk_stmt_text(st, 2), &u->role, NULL);
    sqlite3_stmt *d = gk_sql_prepare(q->s,
                                     "SELECT d.name FROM user_dept ud JOIN dept d ON"
                                     " d.id = ud.dept_id WHERE ud.user_id = ?1 ORDER BY d.name",
                                     q->err);
    if (!d) return -2;
    sqlite3_bind_int64(d, 1, sqlite3_column_int64(st, 0));
    return gk_sql_list(q->s, d, &u->depts, &u->ndepts, sizeof *u->depts, dept_name_row, NULL,
                       q->err) == 0
               ? 0
               : -2;
}

int gk_user_list(gk_store *s, gk_user_info **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (gk_auth_old_file(s)) return 0;
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT id, login, role FROM app_user ORDER BY login", err);
    if (!st) return -1;
    query_ctx q = {s, err};
    if (gk_sql_list(s, st, out, n, sizeof **out, user_row, &q, err) == 0) return 0;
    gk_user_list_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

void gk_user_list_free(gk_user_info *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < u[i].ndepts; k++)
            free(u[i].depts[k]);
        free(u[i].depts);
    }
    free(u);
}

/* --- locked years ----------------------------------------------------------------- */

static int lock_change(gk_store *s, int year, const char *reason, bool lock, gk_error *err)
{
    if (!reason || !*reason) {
        gk_error_set(err, lock ? _("locking a year needs a reason (--reason TEXT)")
                               : _("unlocking a year needs a reason (--reason TEXT)"));
        return -1;
    }
    if (year < GK_FY_MIN || year > GK_FY_MAX) {
        gk_error_set(err, _("%d is not a fiscal year"), year);
        return -1;
    }
    if (begin_admin(s, lock ? _("lock a year") : _("unlock a year"), err) != 0) return -1;
    int locked = gk_auth_locked(s, year, NULL);
    char fy[32];
    gk_fy_short(year, fy, sizeof fy);
    if (locked < 0) {
        gk_error_set(err, _("cannot read the locked years"));
        return finish(s, -1, err);
    }
    if (lock == (locked == 1)) {
        gk_error_set(err, lock ? _("%s is already locked") : _("%s is not locked"), fy);
        return finish(s, -1, err);
    }
    /* published means frozen: what the report shows, as it stands now (frozen.h) */
    void *snap = NULL;
    sqlite3_int64 snaplen = 0;
    if (lock && gk_frozen_make(s, &snap, &snaplen, err) != 0) return finish(s, -1, err);
    sqlite3_stmt *st =
        gk_sql_prepare(s,
                       lock ? "INSERT INTO year_lock(year, reason, at, who, snapshot)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)"
                            : "DELETE FROM year_lock WHERE year = ?1",
                       err);
    if (!st) {
        sqlite3_free(snap);
        return finish(s, -1, err);
    }
    char now[32];
    gk_now_iso(now);
    sqlite3_bind_int(st, 1, year);
    if (lock) {
        sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, s->user, -1, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 5, snap, (sqlite3_uint64)snaplen, sqlite3_free);
    }
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    int rc = gk_sql_run(s, st, _("cannot change the lock"), err);
    if (rc == 0)
        rc = gk_history_add_comment(s, "year", y, "locked", lock ? NULL : "1", lock ? "1" : NULL,
                                    reason, err);
    return finish(s, rc, err);
}

int gk_year_lock(gk_store *s, int year, const char *reason, gk_error *err)
{
    /* An automatic backup first (backup.h), when the lock is going to be
     * made: an office user, a year not locked yet. Looked at in a read
     * transaction, the backup copies that transaction's view; lock_change
     * checks all again under the write lock. */
    if (reason && *reason && year >= GK_FY_MIN && year <= GK_FY_MAX &&
        sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
        gk_error why;
        bool go =
            gk_auth_office_tx(s, _("lock a year"), &why) == 0 && gk_auth_locked(s, year, NULL) == 0;
        if (go && !sqlite3_get_autocommit(s->db) &&
            sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE)
            go = false; /* the check wrote (the first user): no backup inside a write */
        char fy[32];
        gk_fy_short(year, fy, sizeof fy);
        int rc = go ? gk_backup_auto(s, GK_BACKUP_LOCK, fy, err) : 0;
        gk_store_rollback(s);
        if (rc != 0) return -1;
    }
    return lock_change(s, year, reason, true, err);
}

int gk_year_unlock(gk_store *s, int year, const char *reason, gk_error *err)
{
    return lock_change(s, year, reason, false, err);
}

static void fill_lock(gk_lock_info *l, sqlite3_stmt *st)
{
    l->year = sqlite3_column_int(st, 0);
    l->reason = strdup(gk_stmt_text(st, 1));
    snprintf(l->at, sizeof l->at, "%s", gk_stmt_text(st, 2));
    snprintf(l->who, sizeof l->who, "%s", gk_stmt_text(st, 3));
}

int gk_year_locked(gk_store *s, int year, gk_lock_info *info, gk_error *err)
{
    if (gk_auth_old_file(s)) return 0;
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT year, reason, at, who FROM year_lock WHERE year = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && info) fill_lock(info, st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot read the locked years"), err);
    return -1;
}

void gk_lock_info_free(gk_lock_info *l)
{
    free(l->reason);
    l->reason = NULL;
}

static int lock_row(sqlite3_stmt *st, void *elem, void *ctx)
{
    fill_lock(elem, st);
    return 0;
}

int gk_year_locks(gk_store *s, gk_lock_info **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    if (gk_auth_old_file(s)) return 0;
    sqlite3_stmt *st =
        gk_sql_prepare(s, "SELECT year, reason, at, who FROM year_lock ORDER BY year", err);
    if (!st) return -1;
    if (gk_sql_list(s, st, out, n, sizeof **out, lock_row, NULL, err) == 0) return 0;
    gk_lock_list_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

void gk_lock_list_free(gk_lock_info *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i].reason);
    free(l);
}
