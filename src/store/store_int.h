/*
 * store_int.h — private to src/store/: the connection struct and helpers
 * shared by the query files. Nothing outside src/store/ includes this.
 */
#ifndef GYOKAKU_STORE_INT_H
#define GYOKAKU_STORE_INT_H

#include <sqlite3.h>

#include "gyokaku/store.h"

struct gk_store {
    sqlite3 *db;
    char *path;
    char user[64];
    bool created;
    bool readonly;
};

/* Prepares sql (a constant) or sets err from the connection. */
sqlite3_stmt *gk_sql_prepare(gk_store *s, const char *sql, gk_error *err);

/* Sets err to "what: <sqlite message>", translating the common cases
 * (busy, read-only, disk full, corrupt) into a sentence for the user. */
void gk_sql_error(gk_store *s, int rc, const char *what, gk_error *err);

/* Steps a write statement once, finalizes it, and on failure sets err to
 * "what: <reason>" (gk_sql_error). Returns 0 or -1. */
int gk_sql_run(gk_store *s, sqlite3_stmt *st, const char *what, gk_error *err);

/* Collects the first column of every row of st (finalized here) as int64
 * into a malloc'd *out of *n. Returns 0 or -1 with err. */
int gk_sql_collect_ids(gk_store *s, sqlite3_stmt *st, int64_t **out, size_t *n, gk_error *err);

/* Binds text, or NULL when t is NULL or "". */
int gk_sql_bind_text(sqlite3_stmt *st, int i, const char *t);

/* Current time as UTC ISO 8601 ("2026-11-24T22:12:59Z") into buf[32]. */
void gk_now_iso(char buf[32]);

/* Appends one history row (inside the caller's transaction). */
int gk_history_add(gk_store *s, const char *tbl, const char *row_uid, const char *field,
                   const char *old, const char *new_, gk_error *err);

/* Registers the SQL function gk_uid(parent, kind, name) = gk_uid_derive()
 * on a connection (uid.c). Returns an SQLite result code. */
int gk_uid_register(sqlite3 *db);

/* Registers the SQL function gk_ended(review) = gk_review_ended()
 * (progress.h) on a connection (browse.c). Returns an SQLite result code. */
int gk_progress_register(sqlite3 *db);

/* The earliest (latest 0) or the latest (latest 1) fiscal year outside
 * first..last for which plan has a value or a note; 0 when there is none,
 * -1 with err (plan.c; used by `plan set` and by import's 計画期間). */
int gk_plan_year_outside(gk_store *s, int64_t plan, int first, int last, int latest,
                         gk_error *err);

/* Sets the connection's busy timeout back to the usual wait (after a
 * shorter one for something that must not hold up the screen). */
void gk_store_busy_timeout(gk_store *s);

/* Upgrades an older file to GK_SCHEMA_VERSION (migrate.c). */
int gk_store_migrate(gk_store *s, int from, gk_error *err);

/* Runs upgrade steps list[from-1 .. to-2] in one transaction after copying
 * the file to FILE.bak-v<from> (migrate.c; exposed for its tests). */
int gk_store_migrate_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                           gk_error *err);

/* The test-only crash hook (crashtest.c): inert unless GYOKAKU_TEST_CRASH
 * is set; then the process _exits with GK_CRASH_EXIT after a COMMIT
 * ("commit") or after the Nth write to a main database file ("write:N"). */
#define GK_CRASH_EXIT 86
void gk_crash_test_init(void);      /* before the first sqlite3_open_v2 */
void gk_crash_test_committed(void); /* right after every successful COMMIT */

#endif
