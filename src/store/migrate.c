/*
 * migrate.c — bringing an older database up to GK_SCHEMA_VERSION.
 *
 * Before any change the file is copied to FILE.bak-vN (N = the old version)
 * with VACUUM INTO, then every step from N up runs in ONE transaction: a
 * failure leaves the file exactly as it was. Step k turns version k into
 * version k+1; steps[] grows with every schema change in db/schema.sql.
 */
#include "store_int.h"

#include <stdio.h>
#include <unistd.h>

#include "gyokaku/i18n.h"

/* steps[k - 1] migrates version k to k + 1 (db/schema.sql has the result). */
static const char *const steps[] = {
    /* 1 -> 2: a plan's own grade bands (`gyokaku plan grades`), NULL = default */
    "ALTER TABLE plan ADD COLUMN grades TEXT;",
    /* 2 -> 3: what each user chose last on the main screen */
    "CREATE TABLE pref (who TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY (who, key)) WITHOUT ROWID;",
    /* 3 -> 4: users and roles, year locks, a comment on history rows (issue 11).
     * No users yet: the file's owner adds the first (roles.h). */
    "ALTER TABLE history ADD COLUMN comment TEXT;"
    "CREATE TABLE app_user (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE"
    " CHECK (login <> ''), role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'office')));"
    "CREATE TABLE user_dept (user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,"
    " dept_id INTEGER NOT NULL REFERENCES dept(id), PRIMARY KEY (user_id, dept_id)) WITHOUT ROWID;"
    "CREATE TABLE year_lock (year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),"
    " reason TEXT NOT NULL CHECK (reason <> ''), at TEXT NOT NULL, who TEXT NOT NULL);",
};

static int backup(gk_store *s, int from, gk_error *err)
{
    char bak[4096];
    snprintf(bak, sizeof bak, "%s.bak-v%d", s->path, from);
    if (access(bak, F_OK) == 0) {
        gk_error_set(err, _("cannot upgrade %s: the backup %s already exists; move it away first"),
                     s->path, bak);
        return -1;
    }
    sqlite3_stmt *st = gk_sql_prepare(s, "VACUUM INTO ?1", err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, bak, -1, SQLITE_STATIC);
    return gk_sql_run(s, st, _("cannot back up the database before upgrading it"), err);
}

int gk_store_migrate_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                           gk_error *err)
{
    if (backup(s, from, err) != 0 || gk_store_begin(s, err) != 0) return -1;
    for (int v = from; v < to; v++) {
        const char *sql = (size_t)(v - 1) < nlist ? list[v - 1] : NULL;
        char *msg = NULL;
        int rc = sql ? sqlite3_exec(s->db, sql, NULL, NULL, &msg) : SQLITE_ERROR;
        if (rc != SQLITE_OK) {
            gk_store_rollback(s);
            gk_error_set(err, _("cannot upgrade %s from schema version %d (%s); it is unchanged"),
                         s->path, v, msg ? msg : _("no upgrade step"));
            sqlite3_free(msg);
            return -1;
        }
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
    if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
        gk_store_rollback(s);
        gk_error_set(err, _("cannot upgrade %s; it is unchanged"), s->path);
        return -1;
    }
    return gk_store_commit(s, err);
}

int gk_store_migrate(gk_store *s, int from, gk_error *err)
{
    return gk_store_migrate_steps(s, from, GK_SCHEMA_VERSION, steps, sizeof steps / sizeof *steps,
                                  err);
}
