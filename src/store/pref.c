/*
 * pref.c — what each user chose last on the main screen (see pref.h).
 */
#include "gyokaku/pref.h"

#include <stdio.h>

#include "gyokaku/i18n.h"
#include "store_int.h"

int gk_pref_get(gk_store *s, const char *key, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;
    /* no table (an older file opened read-only) is no preference */
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM pref WHERE who = ?1 AND key = ?2", -1, &st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_text(st, 1, gk_store_user(s), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

static int write_all(gk_store *s, const char *const *keys, const char *const *values, size_t n,
                     gk_error *err)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = gk_sql_prepare(
            s,
            values[i] ? "INSERT INTO pref(who, key, value) VALUES (?1, ?2, ?3)"
                        " ON CONFLICT (who, key) DO UPDATE SET value = excluded.value"
                      : "DELETE FROM pref WHERE who = ?1 AND key = ?2",
            err);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, gk_store_user(s), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, keys[i], -1, SQLITE_STATIC);
        if (values[i]) sqlite3_bind_text(st, 3, values[i], -1, SQLITE_STATIC);
        if (gk_sql_run(s, st, _("cannot remember your choices"), err) != 0) return -1;
    }
    return 0;
}

int gk_pref_set(gk_store *s, const char *const *keys, const char *const *values, size_t n,
                gk_error *err)
{
    if (s->readonly) {
        gk_error_set(err, _("the database %s is read-only"), s->path);
        return -1;
    }
    /* a short wait: a colleague's import must not hold up the screen */
    sqlite3_busy_timeout(s->db, GK_PREF_BUSY_MS);
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    gk_store_busy_timeout(s);
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            gk_error_set_busy(err, _("the database %s is busy, in use by another writer"), s->path);
        else
            gk_sql_error(s, rc, _("cannot remember your choices"), err);
        return -1;
    }
    /* a login that is no user of the file reads only: it leaves nothing in
     * the file, not even its remembered choices (issue 18) */
    gk_auth a;
    if (s->version >= GK_SCHEMA_ROLES) {
        if (gk_auth_load(s, &a, err) != 0) {
            gk_store_rollback(s);
            return -1;
        }
        gk_role role = a.role;
        gk_auth_free(&a);
        if (role == GK_ROLE_NONE) {
            gk_store_rollback(s);
            return 0;
        }
    }
    if (write_all(s, keys, values, n, err) != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}
