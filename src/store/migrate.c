/*
 * migrate.c — bringing an older database up to GK_SCHEMA_VERSION.
 *
 * In one transaction the version is read again (another process may have
 * upgraded first), the file is backed up into the backups folder like every
 * automatic backup (backup.h: reason upgrade, written under a temporary
 * name and verified before it takes its own, so that a backup cut short by
 * the disk never sits there as one), then every step from N up runs in that
 * ONE transaction: a failure leaves the file exactly as it was, a failure of
 * the disk said in the user's words. A write by another process after the
 * backup's snapshot makes the upgrade start again (with a new backup). Step
 * k turns version k into version k+1; steps[] grows with every schema change
 * in db/schema.sql.
 */
#include "store_int.h"

#include <stdbool.h>
#include <stdio.h>

#include "gyokaku/backup.h"
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
    /* 4 -> 5: the search's tree order and folded text (filled in C by the
     * commit of the upgrade, store/search.c), the index of years with
     * actuals, and the triggers that keep them */
    "ALTER TABLE node ADD COLUMN tkey TEXT;"
    "ALTER TABLE node ADD COLUMN folded TEXT;"
    "CREATE TEMP TABLE gk_tkey (id INTEGER PRIMARY KEY, k TEXT);"
    "WITH RECURSIVE t(id, k) AS (SELECT id, printf('%08x', pos) FROM node WHERE parent_id IS NULL"
    " UNION ALL SELECT n.id, t.k || printf('%08x', n.pos) FROM node n JOIN t ON n.parent_id = t.id)"
    " INSERT INTO gk_tkey SELECT id, k FROM t;"
    "UPDATE node SET tkey = (SELECT k FROM gk_tkey WHERE gk_tkey.id = node.id);"
    "DROP TABLE temp.gk_tkey;"
    "CREATE INDEX node_tree ON node(plan_id, tkey);"
    "CREATE INDEX node_stale ON node(id) WHERE folded IS NULL;"
    "CREATE TRIGGER node_tkey AFTER INSERT ON node WHEN NEW.tkey IS NULL BEGIN"
    " UPDATE node SET tkey = coalesce((SELECT tkey FROM node WHERE id = NEW.parent_id), '')"
    " || printf('%08x', NEW.pos) WHERE id = NEW.id; END;"
    "CREATE TRIGGER node_refold AFTER UPDATE OF title ON node WHEN NEW.title IS NOT OLD.title"
    " BEGIN UPDATE node SET folded = NULL WHERE id = NEW.id; END;"
    "CREATE TRIGGER note_fold_insert AFTER INSERT ON note"
    " WHEN NEW.status IS NOT NULL OR NEW.next_plan IS NOT NULL BEGIN"
    " UPDATE node SET folded = NULL WHERE id = NEW.node_id; END;"
    "CREATE TRIGGER note_fold_update AFTER UPDATE OF status, next_plan, node_id ON note"
    " WHEN NEW.status IS NOT OLD.status OR NEW.next_plan IS NOT OLD.next_plan"
    " OR NEW.node_id IS NOT OLD.node_id BEGIN"
    " UPDATE node SET folded = NULL WHERE id IN (NEW.node_id, OLD.node_id); END;"
    "CREATE TRIGGER note_fold_delete AFTER DELETE ON note BEGIN"
    " UPDATE node SET folded = NULL WHERE id = OLD.node_id; END;"
    "CREATE INDEX value_actual_year ON value(year, series_id) WHERE actual_raw IS NOT NULL;",
    /* 5 -> 6: values keyed by (series, year) WITHOUT ROWID, their uid derived,
     * not stored. History names a value by its uid: a stored uid that is not
     * the derived one (a file changed behind gyokaku's back) has its history
     * renamed to the derived uid, so that no history is cut off.
     * And the CHECKs of node.kind and note.state written as ORs: SQLite 3.40
     * builds a temporary b-tree for an IN list on every INSERT (6% of an
     * import). A CHECK is not part of the file format, so the table's text
     * is changed in place (sqlite.org/lang_altertable.html, "other kinds of
     * table schema changes"); the ALTER TABLE below parses the whole schema
     * again (a malformed text fails the step: nothing changes) and bumps the
     * schema cookie, so that every connection reads the new text. A file
     * whose text differs keeps its IN, which means the same. */
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''goal'', ''policy'', ''item'',"
    " ''indicator''))', 'CHECK (kind = ''goal'' OR kind = ''policy'' OR kind = ''item'' OR kind ="
    " ''indicator'')') WHERE type = 'table' AND name = 'node';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''none'', ''draft'',"
    " ''submitted'', ''approved''))', 'CHECK (state = ''none'' OR state = ''draft'' OR state ="
    " ''submitted'' OR state = ''approved'')') WHERE type = 'table' AND name = 'note';"
    "PRAGMA writable_schema = OFF;"
    /* the series table without the index of its uids: rebuilt (foreign keys
     * are off during an upgrade, attempt(): dropping the old table deletes
     * no value), keeping every id */
    "CREATE TABLE series_v6 (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, node_id INTEGER NOT NULL"
    " REFERENCES node(id) ON DELETE CASCADE, name TEXT NOT NULL, pos INTEGER NOT NULL, base_raw"
    " TEXT, base_year INTEGER CHECK (base_year IS NULL OR base_year BETWEEN 1900 AND 2100),"
    " rev INTEGER NOT NULL DEFAULT 1, UNIQUE (node_id, name));"
    "INSERT INTO series_v6(id, uid, node_id, name, pos, base_raw, base_year, rev)"
    " SELECT id, uid, node_id, name, pos, base_raw, base_year, rev FROM series ORDER BY id;"
    "UPDATE history SET row_uid = (SELECT gk_uid(s.uid, 'value', v.year) FROM value v"
    " JOIN series s ON s.id = v.series_id WHERE v.uid = history.row_uid ORDER BY v.id LIMIT 1)"
    " WHERE tbl = 'value' AND row_uid IN (SELECT v.uid FROM value v JOIN series s"
    " ON s.id = v.series_id WHERE v.uid <> gk_uid(s.uid, 'value', v.year));"
    "DROP TABLE series;"
    "ALTER TABLE series_v6 RENAME TO series;"
    "ALTER TABLE value RENAME TO value_v5;"
    "CREATE TABLE value (series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE"
    " DEFERRABLE INITIALLY DEFERRED, year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),"
    " target_raw TEXT, actual_raw TEXT, rev INTEGER NOT NULL DEFAULT 1,"
    " PRIMARY KEY (series_id, year)) WITHOUT ROWID;"
    "INSERT INTO value(series_id, year, target_raw, actual_raw, rev)"
    " SELECT series_id, year, target_raw, actual_raw, rev FROM value_v5 ORDER BY series_id, year;"
    "DROP TABLE value_v5;"
    "CREATE INDEX value_actual_year ON value(year, series_id) WHERE actual_raw IS NOT NULL;"
    /* and node_pos: node_children and node_tree serve its queries */
    "DROP INDEX IF EXISTS node_pos;",
    /* 6 -> 7: the history chain and the frozen report of a locked year
     * (issue 18); the existing rows are chained and every node's
     * departments recorded by after_step() */
    "ALTER TABLE history ADD COLUMN hash TEXT;"
    "ALTER TABLE year_lock ADD COLUMN snapshot BLOB;",
    /* 7 -> 8: the year being reported and its deadline per plan, and the
     * contributions of related departments (issue 21) */
    "ALTER TABLE plan ADD COLUMN report_year INTEGER"
    " CHECK (report_year IS NULL OR report_year BETWEEN 1900 AND 2100);"
    "ALTER TABLE plan ADD COLUMN deadline TEXT;"
    "CREATE TABLE contribution (node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
    " year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),"
    " dept_id INTEGER NOT NULL REFERENCES dept(id), text TEXT NOT NULL, who TEXT NOT NULL,"
    " at TEXT NOT NULL, PRIMARY KEY (node_id, year, dept_id)) WITHOUT ROWID;",
    /* 8 -> 9: the search's trigram index of node.folded, the texts to take
     * out of it and their triggers (issue 25), filled from the folded texts
     * there are (a NULL one is folded, and indexed, by the commit of the
     * upgrade) */
    "CREATE VIRTUAL TABLE node_fts USING fts5(t, content='', detail=none,"
    " tokenize='trigram case_sensitive 1');"
    "CREATE TABLE node_fts_gone (id INTEGER PRIMARY KEY, t TEXT NOT NULL);"
    "CREATE TRIGGER node_fts_update AFTER UPDATE OF folded ON node"
    " WHEN OLD.folded IS NOT NULL AND NEW.folded IS NOT OLD.folded BEGIN"
    " INSERT OR IGNORE INTO node_fts_gone(id, t) VALUES (OLD.id, OLD.folded); END;"
    "CREATE TRIGGER node_fts_delete AFTER DELETE ON node WHEN OLD.folded IS NOT NULL BEGIN"
    " INSERT OR IGNORE INTO node_fts_gone(id, t) VALUES (OLD.id, OLD.folded); END;"
    "INSERT INTO node_fts(rowid, t) SELECT id, folded || char(1, 1) FROM node"
    " WHERE folded IS NOT NULL;",
    /* 9 -> 10: where the entry lives per plan (issue 21), inferred for the
     * plans already there as an import infers it (GK_SQL_ENTRY_INFER) */
    "ALTER TABLE plan ADD COLUMN entry TEXT NOT NULL DEFAULT 'items'"
    " CHECK (entry IN ('items', 'indicators'));"
    "UPDATE plan SET entry = " GK_SQL_ENTRY_INFER("plan.id") ";",
    /* 10 -> 11: the trigram index again without its table of text sizes
     * (columnsize=0: a row less to write per indexed text; issue 25),
     * filled from the folded texts there are; the texts the old index was
     * still to forget are not in the new one (a NULL folded is folded, and
     * indexed, by the commit of the upgrade) */
    "DROP TABLE node_fts;"
    "CREATE VIRTUAL TABLE node_fts USING fts5(t, content='', detail=none, columnsize=0,"
    " tokenize='trigram case_sensitive 1');"
    "DELETE FROM node_fts_gone;"
    "INSERT INTO node_fts(rowid, t) SELECT id, folded || char(1, 1) FROM node"
    " WHERE folded IS NOT NULL;",
};

/* What step v (to v + 1) does in C after its SQL. */
static int after_step(gk_store *s, int v, gk_error *err)
{
    if (v + 1 == GK_SCHEMA_CHAIN) return gk_history_upgrade_chain(s, err);
    return 0;
}

/* The failure rc came from the disk (full, input/output), not from a step. */
static bool disk_failure(int rc)
{
    return (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR;
}

/* The schema version as the transaction sees it. */
static int current_version(gk_store *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* One attempt: 1 when another process wrote between the backup and the
 * upgrade's first write (try again), else 0 or -1 with err. */
static int attempt_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                         gk_error *err)
{
    /* A read transaction first: SQLite's backup cannot copy from a
     * connection that is writing. The backup is this snapshot, and the
     * upgrade's first write turns the same transaction into the writer, or
     * fails with BUSY_SNAPSHOT when someone wrote after the snapshot. */
    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    int now = rc == SQLITE_OK ? current_version(s) : -1;
    if (now < 0) {
        gk_store_rollback(s);
        gk_sql_error(s, rc == SQLITE_OK ? sqlite3_errcode(s->db) : rc,
                     _("cannot read the database to upgrade it"), err);
        return -1;
    }
    if (now != from) { /* another process upgraded meanwhile */
        gk_store_rollback(s);
        if (now >= to) {
            s->version = now;
            return 0;
        }
        gk_error_set(err, _("cannot upgrade %s: its schema version changed to %d meanwhile"),
                     s->path, now);
        return -1;
    }
    char detail[32];
    snprintf(detail, sizeof detail, "%d -> %d", from, to);
    if (!s->private_copy && gk_backup_auto(s, GK_BACKUP_UPGRADE, detail, err) != 0) {
        gk_store_rollback(s);
        gk_error_prefix(err, _("cannot upgrade %s; it is unchanged"), s->path);
        return -1;
    }
    for (int v = from; v < to; v++) {
        const char *sql = (size_t)(v - 1) < nlist ? list[v - 1] : NULL;
        char *msg = NULL;
        rc = sql ? sqlite3_exec(s->db, sql, NULL, NULL, &msg) : SQLITE_ERROR;
        if (rc == SQLITE_OK && list == steps && after_step(s, v, err) != 0) {
            gk_error_prefix(err, _("cannot upgrade %s from schema version %d; it is unchanged"),
                            s->path, v);
            gk_store_rollback(s);
            return -1;
        }
        if (rc != SQLITE_OK) {
            if (rc == SQLITE_BUSY_SNAPSHOT) {
                gk_store_rollback(s);
                sqlite3_free(msg);
                return 1;
            }
            char what[4300];
            snprintf(what, sizeof what,
                     _("cannot upgrade %s from schema version %d; it is unchanged"), s->path, v);
            if ((rc & 0xff) == SQLITE_BUSY || disk_failure(sqlite3_extended_errcode(s->db)) ||
                disk_failure(rc))
                gk_sql_error(s, rc, what, err);
            else
                gk_error_set(err,
                             _("cannot upgrade %s from schema version %d (%s); it is unchanged"),
                             s->path, v, msg ? msg : _("no upgrade step"));
            sqlite3_free(msg);
            gk_store_rollback(s);
            return -1;
        }
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
    rc = sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        if (rc == SQLITE_BUSY_SNAPSHOT) {
            gk_store_rollback(s);
            return 1;
        }
        char what[4300];
        snprintf(what, sizeof what, _("cannot upgrade %s; it is unchanged"), s->path);
        gk_sql_error(s, rc, what, err);
        gk_store_rollback(s);
        return -1;
    }
    s->version = to; /* the commit fills in what the new version adds (search.c) */
    if (gk_store_commit(s, err) == 0) return 0;
    s->version = from; /* rolled back: the file is unchanged */
    return -1;
}

/* attempt_steps with foreign keys off, as SQLite's procedure for changing
 * a table asks (sqlite.org/lang_altertable.html): a step that rebuilds a
 * table referenced by another (series, version 6) drops the old one, which
 * with foreign keys on would delete the rows that reference it. The steps
 * keep every id, so the references hold. The pragma has no effect inside
 * a transaction: it is set around it. */
static int attempt(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                   gk_error *err)
{
    /* step 5 -> 6 edits a CHECK's text in sqlite_schema (writable_schema),
     * which the defensive flag (store.c) forbids: lifted for the steps,
     * whose SQL is the program's own, on a file whose schema was checked */
    sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
    int rc = attempt_steps(s, from, to, list, nlist, err);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return rc;
}

int gk_store_migrate_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                           gk_error *err)
{
    if (s->readonly) {
        gk_error_set(err, _("the database %s is read-only"), s->path);
        return -1;
    }
    for (int i = 0; i < 5; i++) {
        int rc = attempt(s, from, to, list, nlist, err);
        if (rc <= 0) return rc;
    }
    gk_error_set(err, _("cannot upgrade %s: it keeps changing; try again in a moment"), s->path);
    return -1;
}

int gk_store_migrate(gk_store *s, int from, gk_error *err)
{
    return gk_store_migrate_steps(s, from, GK_SCHEMA_VERSION, steps, sizeof steps / sizeof *steps,
                                  err);
}
