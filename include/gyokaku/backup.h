/*
 * backup.h — copies of the database made while others work, automatic
 * backups before risky changes, and restoring a copy into the live file.
 *
 * A backup is made with SQLite's online backup API from an open store: a
 * read transaction on the source keeps one consistent state while the pages
 * are copied in small steps (readers and writers of a WAL database are never
 * blocked by a reader), into a temporary name beside the target. The copy is
 * then switched to a self-contained file (rollback journal, no -wal needed),
 * verified (integrity_check, foreign_key_check and, for the current schema,
 * gk_store_check's model rules; see gk_backup_to) and only then linked
 * into place. A backup is
 * an ordinary gyokaku database: open it with --db, restore it, copy it.
 *
 * The backups of DIR/NAME.db (or DIR/NAME) live in DIR/backups/ as
 * NAME.YYYYMMDD-HHMMSS.bak (local time; -2, -3 ... when two fall in one
 * second), each with a sidecar NAME.YYYYMMDD-HHMMSS.bak.reason of two lines:
 * the kind (manual, upgrade, import, lock, restore) and a detail. The folder
 * is made as needed with the database's permissions (x where r); the files
 * get the database file's mode. After each new backup in that folder the
 * oldest beyond the number to keep are removed with their sidecars:
 * $GYOKAKU_BACKUP_KEEP (default GK_BACKUP_KEEP; 0 keeps every one).
 *
 * Restoring (gk_restore_*) copies a verified file INTO the live database
 * with the backup API in one write transaction, so that every open
 * connection sees either the old or the restored database, never a mix
 * (see backup.c for why not a rename). The restore is recorded in the
 * history (tbl 'restore'); a connection that was open before it learns of
 * it from gk_store_restored() and from its next gk_store_begin(), which fail
 * once with GK_RESTORED_MESSAGE's sentence instead of writing into a
 * database it no longer knows.
 *
 * Owner: src/store/backup.c. Only store/ calls sqlite3.
 */
#ifndef GYOKAKU_BACKUP_H
#define GYOKAKU_BACKUP_H

#include <stdint.h>
#include <sys/types.h>

#include "gyokaku/error.h"
#include "gyokaku/store.h"

#define GK_BACKUP_KEEP 10

typedef enum gk_backup_reason {
    GK_BACKUP_MANUAL,  /* gyokaku backup */
    GK_BACKUP_UPGRADE, /* before a schema upgrade (migrate.c) */
    GK_BACKUP_IMPORT,  /* before an import into a database holding plans */
    GK_BACKUP_LOCK,    /* before a fiscal year is locked */
    GK_BACKUP_RESTORE, /* the current file, before a restore replaces it */
} gk_backup_reason;

/* The translated label of a reason ("before import" ...). */
const char *gk_backup_reason_label(gk_backup_reason why);

/* Copies s's database into out (a path; NULL: a new name in the backups
 * folder, with a sidecar holding why and detail, then the folder pruned to
 * keep files, keep < 0: $GYOKAKU_BACKUP_KEEP or GK_BACKUP_KEEP). An
 * existing out is replaced only when it is a regular file without a -wal
 * beside it and not the database itself. The copy is verified before it
 * takes its name. The name made is copied to made[madelen] when made is not
 * NULL. Inside the caller's read transaction the copy is that
 * transaction's view (not inside a write transaction: SQLite's backup
 * cannot read from a writing connection). The copy must pass integrity and
 * foreign key checks; problems with the model's rules, which the database
 * itself then has, do not stop it: their number goes to *rules (may be
 * NULL). Returns 0 or -1 with err (nothing left behind at out). */
int gk_backup_to(gk_store *s, const char *out, gk_backup_reason why, const char *detail, int keep,
                 char *made, size_t madelen, long *rules, gk_error *err);

/* An automatic backup into the backups folder (gk_backup_to with out NULL
 * and the default number to keep): before an upgrade, an import into a
 * database with plans, a lock of a fiscal year, a restore. Returns 0 or -1
 * with err; the caller then does not go on with the risky change. */
int gk_backup_auto(gk_store *s, gk_backup_reason why, const char *detail, gk_error *err);

/* The backups folder of the database at db_path into buf[n]
 * ("DIR/backups"). */
void gk_backup_dir(const char *db_path, char *buf, size_t n);

/* One backup in the folder, newest last. */
typedef struct gk_backup_entry {
    char *path;    /* full path */
    char when[20]; /* "YYYY-MM-DD HH:MM:SS", local time, from the name */
    int64_t size;  /* bytes */
    int reason;    /* gk_backup_reason, -1 when the sidecar is missing */
    char *detail;  /* may be NULL */
} gk_backup_entry;

/* Lists the backups of the database at db_path, oldest first. Returns 0 (a
 * missing folder is an empty list) or -1 with err. Free with
 * gk_backup_list_free. */
int gk_backup_list(const char *db_path, gk_backup_entry **out, size_t *n, gk_error *err);
void gk_backup_list_free(gk_backup_entry *list, size_t n);

/* The newest backup of db_path that passes the checks (a gyokaku database
 * not newer than this program, integrity and model rules), into buf[n].
 * Returns 1 when found, 0 when none, -1 with err. */
int gk_backup_latest_good(const char *db_path, char *buf, size_t n, gk_error *err);

/* --- restore ---------------------------------------------------------------------- */

/* What a database holds, for the comparison before a restore. */
typedef struct gk_db_summary {
    int version;       /* schema version */
    char plans[512];   /* plan names joined by ", " (cut to fit) */
    char last_at[32];  /* newest history row: when (UTC ISO), "" when none */
    char last_who[64]; /* and who */
    gk_stats counts;
} gk_db_summary;

/* The state of the live database before a restore. */
typedef enum gk_live_state {
    GK_LIVE_OK,      /* opens and passes quick_check: restored into in place */
    GK_LIVE_DAMAGED, /* unreadable or failing quick_check: moved aside whole */
    GK_LIVE_MISSING, /* no file: the copy is put there */
} gk_live_state;

typedef struct gk_restore gk_restore;

/* Prepares restoring file into the database at db_path. file must be a
 * gyokaku database not newer than this program (never written to); it is
 * copied to a private file beside the database, upgraded there when older,
 * and must pass every check. The live database is looked at: a file of
 * another program or of a newer gyokaku is refused and never replaced.
 * Returns NULL with err when the restore cannot be done. */
gk_restore *gk_restore_prepare(const char *file, const char *db_path, gk_error *err);

/* What the file to restore holds; the live database's state and (when
 * GK_LIVE_OK) what it holds, else NULL. */
const gk_db_summary *gk_restore_source(const gk_restore *r);
gk_live_state gk_restore_state(const gk_restore *r);
const gk_db_summary *gk_restore_current(const gk_restore *r);

/* Replaces the live database by the prepared copy. GK_LIVE_OK: the current
 * database is backed up first (reason restore), then the copy is written
 * INTO it in one transaction. GK_LIVE_DAMAGED: refused while another
 * process has the file open; else the file and its -wal and -shm are moved
 * into the backups folder as NAME.YYYYMMDD-HHMMSS.damaged[-wal|-shm] and the
 * copy takes the name in one rename. GK_LIVE_MISSING: the copy is linked in
 * place. Where the old file was kept is copied to kept[keptlen] ("" when
 * missing). Returns 0 or -1 with err (the live file then as it was). */
int gk_restore_commit(gk_restore *r, char *kept, size_t keptlen, gk_error *err);

/* Removes the private copy and frees r. Safe with NULL. */
void gk_restore_free(gk_restore *r);

/* Whether the database was restored since this connection last looked
 * (opening it, or the last call): 1 with err holding the sentence to show
 * ("the database was restored from FILE at T by U; showing the restored
 * data"), 0 when not, -1 when it could not look (err). Cheap: looks at
 * SQLite's data_version first. */
int gk_store_restored(gk_store *s, gk_error *err);

#endif
