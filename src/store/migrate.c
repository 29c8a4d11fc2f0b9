/*
 * migrate.c — bringing an older database up to GK_SCHEMA_VERSION.
 *
 * Before any change the file is copied to FILE.bak-vN (N = the old version)
 * with VACUUM INTO, then every step from N up runs in ONE transaction: a
 * failure leaves the file exactly as it was. Step k turns version k into
 * version k+1; steps[] grows with every schema change in db/schema.sql.
 *
 * A backup cut short (the disk full or failing during VACUUM INTO) is removed
 * at once: a broken file must never sit there under the backup's name. When
 * the upgrade itself then fails because of the disk, the backup this attempt
 * made is removed too (the file is unchanged, and the next attempt, once there
 * is room, needs the name); after any other failure it stays, and the next
 * attempt refuses to overwrite it.
 */
#include "store_int.h"

#include <stdbool.h>
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
    if (gk_sql_run(s, st, _("cannot back up the database before upgrading it"), err) == 0)
        return 0;
    unlink(bak);
    return -1;
}

/* The failure rc came from the disk (full, input/output), not from a step. */
static bool disk_failure(int rc)
{
    return (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR;
}

int gk_store_migrate_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                           gk_error *err)
{
    char bak[4096], what[4300];
    snprintf(bak, sizeof bak, "%s.bak-v%d", s->path, from);
    if (backup(s, from, err) != 0) return -1;
    if (gk_store_begin(s, err) != 0) goto disk; /* busy, or the disk */
    for (int v = from; v < to; v++) {
        const char *sql = (size_t)(v - 1) < nlist ? list[v - 1] : NULL;
        char *msg = NULL;
        int rc = sql ? sqlite3_exec(s->db, sql, NULL, NULL, &msg) : SQLITE_ERROR;
        if (rc != SQLITE_OK) {
            snprintf(what, sizeof what, _("cannot upgrade %s from schema version %d; it is unchanged"),
                     s->path, v);
            if (disk_failure(sqlite3_extended_errcode(s->db)) || disk_failure(rc))
                gk_sql_error(s, rc, what, err);
            else
                gk_error_set(err,
                             _("cannot upgrade %s from schema version %d (%s); it is unchanged"),
                             s->path, v, msg ? msg : _("no upgrade step"));
            sqlite3_free(msg);
            gk_store_rollback(s);
            if (disk_failure(rc)) unlink(bak);
            return -1;
        }
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
    int rc = sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        snprintf(what, sizeof what, _("cannot upgrade %s; it is unchanged"), s->path);
        gk_sql_error(s, rc, what, err);
        gk_store_rollback(s);
        if (disk_failure(rc)) unlink(bak);
        return -1;
    }
    if (gk_store_commit(s, err) == 0) return 0;
disk:
    /* COMMIT failed (rolled back) or BEGIN did: the file is unchanged */
    unlink(bak);
    return -1;
}

int gk_store_migrate(gk_store *s, int from, gk_error *err)
{
    return gk_store_migrate_steps(s, from, GK_SCHEMA_VERSION, steps, sizeof steps / sizeof *steps,
                                  err);
}
