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
 * second). Each carries its own record INSIDE the file (the table
 * backup_record: kind, UTC time, the login that made it, detail), written
 * before the copy is verified: the list is ordered, and pruned, by what the
 * files hold, never by their names (a name in the future is ignored) nor
 * by a sidecar. A backup is trusted when its record's login owns the file
 * (a copy planted by someone else is shown as such, never pruned and never
 * recommended). Backups are written read-only (the database's read bits:
 * 0440 in a group folder, 0400 else; never its write bits). The folder is
 * made as needed with the database's permissions (x where r) and, when
 * others may write in it, the sticky bit (only a file's owner removes it);
 * a backups folder that is a symbolic link is refused. Anything there that
 * is not a regular file is skipped without being opened for reading.
 *
 * Retention is per kind (manual, scheduled, automatic: before an upgrade,
 * an import, a lock, a restore), stored in the database by the office
 * (gk_backup_retention_set; default GK_BACKUP_KEEP, 0 keeps all). After a
 * new backup the oldest trusted backups of its kind beyond the number kept
 * are removed, only when the caller is an office user or the database
 * file's owner.
 *
 * Restoring (gk_restore_*) copies a verified file INTO the live database
 * with the backup API in one write transaction, so that every open
 * connection sees either the old or the restored database, never a mix
 * (see restore.c for why not a rename). The restore is recorded in the
 * history (tbl 'restore'); a connection that was open before it learns of
 * it from gk_store_restored() and from its next gk_store_begin(), which fail
 * once with GK_RESTORED_MESSAGE's sentence instead of writing into a
 * database it no longer knows.
 *
 * Owner: src/store/backup.c (making, retention), backup_copy.c (files,
 * the copy), backup_list.c (record, listing), restore.c. Only store/ calls
 * sqlite3.
 */
#ifndef GYOKAKU_BACKUP_H
#define GYOKAKU_BACKUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "gyokaku/error.h"
#include "gyokaku/store.h"

#define GK_BACKUP_KEEP 10

typedef enum gk_backup_reason {
    GK_BACKUP_MANUAL,    /* gyokaku backup */
    GK_BACKUP_UPGRADE,   /* before a schema upgrade (migrate.c) */
    GK_BACKUP_IMPORT,    /* before an import into a database holding plans */
    GK_BACKUP_LOCK,      /* before a fiscal year is locked */
    GK_BACKUP_RESTORE,   /* the current file, before a restore replaces it */
    GK_BACKUP_SCHEDULED, /* gyokaku backup --scheduled (cron) */
} gk_backup_reason;

/* The kinds retention counts apart. */
typedef enum gk_backup_kind {
    GK_KIND_MANUAL,
    GK_KIND_SCHEDULED,
    GK_KIND_AUTOMATIC,
    GK_KIND_COUNT
} gk_backup_kind;

/* The kind of a reason, and a kind's name ("manual", "scheduled",
 * "automatic"); gk_backup_kind_parse returns -1 for an unknown name. */
gk_backup_kind gk_backup_kind_of(gk_backup_reason why);
const char *gk_backup_kind_name(gk_backup_kind k);
int gk_backup_kind_parse(const char *name);

/* The number of backups kept per kind, as stored in the database (the
 * default GK_BACKUP_KEEP where none is stored). Returns 0 or -1 with err. */
int gk_backup_retention(gk_store *s, int keep[GK_KIND_COUNT], gk_error *err);

/* Stores the number of backups of kind k to keep (0: all); the office only.
 * Returns 0 or -1 with err. */
int gk_backup_retention_set(gk_store *s, gk_backup_kind k, int keep, gk_error *err);

/* The translated label of a reason ("before import" ...). */
const char *gk_backup_reason_label(gk_backup_reason why);

/* Copies s's database into out (a path; NULL: a new name in the backups
 * folder, then the folder pruned: keep files of this kind, keep < 0: the
 * database's retention; only for the office or the file's owner). An
 * existing out is replaced only when it is a regular file that is not a
 * gyokaku database (our own earlier backup excepted) and no program holds
 * a lock on; a symbolic link owned by
 * someone else in a folder others may write is never followed. The copy
 * carries its record (why, detail, now, the login) and is verified before
 * it takes its name, read-only. The name made is copied to made[madelen]
 * when made is not NULL. Inside the caller's read transaction the copy is
 * that transaction's view (not inside a write transaction: SQLite's backup
 * cannot read from a writing connection). The copy must pass integrity and
 * foreign key checks; problems with the model's rules, which the database
 * itself then has, do not stop it: their number goes to *rules (may be
 * NULL). Returns 0 or -1 with err (nothing left behind at out). */
int gk_backup_to(gk_store *s, const char *out, gk_backup_reason why, const char *detail, int keep,
                 char *made, size_t madelen, long *rules, gk_error *err);

/* Prunes the backups folder of s to the number of backups of kind kept
 * (only for the office or the file's owner; see gk_backup_to). */
void gk_backup_prune(gk_store *s, gk_backup_kind kind);

/* An automatic backup into the backups folder (gk_backup_to with out NULL
 * and the default number to keep): before an upgrade, an import into a
 * database with plans, a lock of a fiscal year, a restore. Returns 0 or -1
 * with err; the caller then does not go on with the risky change. */
int gk_backup_auto(gk_store *s, gk_backup_reason why, const char *detail, gk_error *err);

/* When the database at db_path was just created in a folder others may
 * write (the shared setgid folder), makes its backups folder right away,
 * owned by the creator (the first office user) with the folder's
 * permissions and the sticky bit: a backups folder made later by a clerk
 * would be the clerk's, who could then remove anything in it. Nothing when
 * the folder is private or backups/ exists. */
void gk_backup_dir_shared(const char *db_path);

/* The backups folder of the database at db_path into buf[n]
 * ("DIR/backups"). */
void gk_backup_dir(const char *db_path, char *buf, size_t n);

/* One backup in the folder, newest last. */
typedef struct gk_backup_entry {
    char *path;       /* full path */
    char when[20];    /* "YYYY-MM-DD HH:MM:SS", local time: the record's, else the name's */
    int64_t size;     /* bytes */
    int reason;       /* gk_backup_reason, -1 when the file has no record */
    char *detail;     /* may be NULL */
    char creator[64]; /* the record's login, "" when none */
    bool trusted;     /* recorded, and the file is owned by the record's login */
    int64_t at;       /* the time ordered by (milliseconds since the epoch) */
} gk_backup_entry;

/* Lists the backups of the database at db_path, oldest first. Returns 0 (a
 * missing folder is an empty list) or -1 with err. Free with
 * gk_backup_list_free. */
int gk_backup_list(const char *db_path, gk_backup_entry **out, size_t *n, gk_error *err);
void gk_backup_list_free(gk_backup_entry *list, size_t n);

/* The newest trusted backup of db_path that passes the checks (a gyokaku
 * database not newer than this program, its own schema, integrity and model
 * rules) and was made by an office user of that backup or by the owner of
 * the database file, into buf[n].
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
 * place. GK_LIVE_OK takes the live file's write lock before its backup
 * and holds it to the commit: no save falls between the two. Where the old
 * file was kept is copied to kept[keptlen] ("" when
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
