/*
 * store.h — the SQLite file: opening, schema and migrations, transactions.
 *
 * One gk_store is one connection to one database file. Every connection has
 * foreign_keys on, WAL journal, a busy timeout (GK_BUSY_TIMEOUT_MS), and is
 * checked on open: application_id must be gyokaku's and user_version not
 * newer than this program's; an older schema is backed up into the backups
 * folder (backup.h) and migrated in one transaction. Every write runs in
 * BEGIN IMMEDIATE.
 *
 * Queries for the features live beside this in their own headers
 * (import.h, export.h, browse.h, entry.h ...), all implemented in src/store/.
 *
 * Owner: src/store/. Only store/ calls sqlite3.
 */
#ifndef GYOKAKU_STORE_H
#define GYOKAKU_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "gyokaku/error.h"
#include "gyokaku/finding.h"

#define GK_APPLICATION_ID 0x47744B75 /* "GtKu" */
#define GK_SCHEMA_VERSION 11
#define GK_BUSY_TIMEOUT_MS 5000

/* db/schema.sql, embedded by the Makefile. */
extern const char gk_schema_sql[];

typedef struct gk_store gk_store;

enum {
    GK_OPEN_CREATE = 1,   /* create (and initialise) the file when it does not exist */
    GK_OPEN_READONLY = 2, /* open read-only (no migration either) */
    GK_OPEN_PRIVATE = 4,  /* a private copy (backup.c): no automatic backup before upgrading */
    GK_OPEN_SHARED = 8,   /* this host's shared database (sysconf.h): created 0660 */
};

/* Opens path. A missing file without GK_OPEN_CREATE, a file that is not a
 * gyokaku database (another SQLite file, a text file, an empty or truncated
 * file), or one made by a newer gyokaku is refused with a message in err and
 * left untouched. "Truncated" is judged with the -wal file as SQLite reads
 * it: a main file shorter than its header's page count whose missing pages
 * are committed in the WAL (a crash during a checkpoint) is opened, and
 * SQLite finishes it. A new file (GK_OPEN_CREATE) is built under a
 * temporary name and moved into place complete. Returns NULL on failure. */
gk_store *gk_store_open(const char *path, int flags, gk_error *err);
void gk_store_close(gk_store *s);

/* Opens path read-only as an image in memory, read through one descriptor
 * opened O_NONBLOCK|O_NOFOLLOW and checked to be a regular file: for
 * backups in a folder others may write, where a name swapped for a FIFO
 * between a check and SQLite's own open by name would block. Checked like
 * gk_store_open (header, schema); an older version stays as it is. A file
 * in WAL mode with a -wal beside it (a live database, whose commits are
 * there) is refused. NULL with err. */
gk_store *gk_store_open_image(const char *path, gk_error *err);
/* Whether a non-empty PATH-wal (a regular file) is beside path. */
bool gk_store_has_wal(const char *path);
const char *gk_store_path(const gk_store *s);

/* True when path has a hot rollback journal (a program stopped while
 * writing it in rollback-journal mode) that this user cannot roll back: the
 * file cannot be read until someone who may write it opens it, yet it is
 * not damaged (`check` recommends no restore for it). */
bool gk_store_journal_stuck(const char *path);

/* True when the connection cannot write (opened read-only, or the file or
 * its folder is not writable for this user). */
bool gk_store_readonly(const gk_store *s);

/* True when the file was created by this open. */
bool gk_store_created(const gk_store *s);

/* Transactions. begin() is BEGIN IMMEDIATE: it waits up to the busy timeout
 * for another writer and then fails saying so; a read-only file says so.
 * When the database was restored (backup.h) since this connection last
 * looked, begin() fails once saying so instead of writing. */
int gk_store_begin(gk_store *s, gk_error *err);
int gk_store_commit(gk_store *s, gk_error *err);
void gk_store_rollback(gk_store *s);

/* The login of the real user id (getpwuid(getuid()), never $USER), recorded
 * in the history as who made a change. */
const char *gk_store_user(const gk_store *s);

/* Counts for `gyokaku stats`. plan NULL: all plans. -1 with err when the
 * named plan does not exist. */
typedef struct gk_stats {
    long plans, goals, policies, items, indicators, series, values, notes, departments, tags;
} gk_stats;
int gk_store_stats(gk_store *s, const char *plan, gk_stats *out, gk_error *err);

/* integrity_check, foreign_key_check and the model's invariants. Each
 * problem found is passed to report() (may be NULL) as a finding, data to
 * be put in words by gk_finding_text() (finding.h); returns the number of problems, or
 * -1 with err when the check could not run (the file busy beyond the busy
 * timeout). */
long gk_store_check(gk_store *s, gk_finding_fn report, void *ctx, gk_error *err);

/* gyokaku's words for an SQLite result code rc (busy, read-only, damaged,
 * not a database, disk full, cannot open, input/output error, a broken
 * constraint, …) about the database at path, into buf (n bytes), with
 * SQLite's own text kept in parentheses for the administrator: detail
 * (sqlite3_errmsg of the connection) or, when NULL, sqlite3_errstr(rc).
 * The one mapping: every SQLite failure the store reports goes through it. */
void gk_sqlite_reason(int rc, const char *detail, const char *path, char *buf, size_t n);

/* The stable uid (32 lowercase hex digits) of a row, derived from its
 * parent's uid ("" for a plan), its kind ("goal" … "indicator", "series",
 * "value", "note", "plan") and its name (title, series name or year), into
 * out[33]. Rows the store creates get exactly this (uid.c). */
void gk_uid_derive(char out[33], const char *parent, const char *kind, const char *name);

#endif
