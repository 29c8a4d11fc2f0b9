/*
 * store_int.h — private to src/store/: the connection struct and helpers
 * shared by the query files. Nothing outside src/store/ includes this.
 */
#ifndef GYOKAKU_STORE_INT_H
#define GYOKAKU_STORE_INT_H

#include <sqlite3.h>
#include <sys/types.h>

#include "gyokaku/roles.h"
#include "gyokaku/store.h"

/* Statements used per key or per save, prepared once per connection
 * (gk_sql_cached). */
typedef enum gk_stmt {
    GK_ST_HAS_DATA,     /* browse: the tree's marker, per row drawn */
    GK_ST_CHILDREN,     /* browse: a node opened */
    GK_ST_DETAIL,       /* browse: the details, per selection */
    GK_ST_EVALS,        /*   its evaluations */
    GK_ST_SERIES,       /*   its series */
    GK_ST_VALUES,       /*   a series' values */
    GK_ST_CHILD_VALUES, /*   an item's indicators with the year's actual */
    GK_ST_PLAN_SPAN,    /* browse: the year shown for a plan */
    GK_ST_YEAR_DATA,
    GK_ST_READ_VALUE, /* entry: a saved value, per field at load and save */
    GK_ST_READ_NOTE,  /*   a saved note column (one per field kind follows) */
    GK_ST_READ_NOTE_LAST = GK_ST_READ_NOTE + 3,
    GK_ST_SERIES_ID, /*   saving */
    GK_ST_FIND_VALUE,
    GK_ST_FIND_NOTE,
    GK_ST_WRITE_VALUE,
    GK_ST_WRITE_NOTE, /*   one per note field kind follows */
    GK_ST_WRITE_NOTE_LAST = GK_ST_WRITE_NOTE + 3,
    GK_ST_DELETE_DRAFT,
    GK_ST_DRAFT_STORE,  /*   drafts, written a moment after the last key */
    GK_ST_DATA_VERSION, /* backup: a restore under us?, per key */
    GK_ST_WSTATE,       /* workflow: a node's state, per details drawn */
    GK_ST_YEARS,        /* browse: a plan's years, per plan entered */
    GK_ST_STALE,        /* search: the nodes to fold again, per commit */
    GK_ST_FOLDED,       /*   their folded text */
    GK_ST_FTS_GONE,     /*   the texts to take out of node_fts */
    GK_ST_FTS_GONE_CLR, /*   done */
    GK_ST_FTS_ADD,      /*   the new texts */
    GK_ST_FTS_DEL,      /*   one taken out */
    GK_ST_HISTORY_HEAD, /* history: the chain's last row, per row added */
    GK_ST_HISTORY_ADD,  /*   the row */
    GK_ST_AUTH_USER,    /* auth: the login's role, per save */
    GK_ST_AUTH_DEPTS,   /*   its departments */
    GK_ST_AUTH_BOX,     /*   is the node a container? */
    GK_ST_AUTH_OWNER,   /*   a node's own departments */
    GK_ST_AUTH_PARENT,  /*   its parent, when it has none */
    GK_ST_AUTH_LOCKED,  /*   is the year locked? */
    GK_ST_AUTH_FROZEN,  /*   is the node submitted or approved? */
    GK_ST_PLAN_OF,      /* plan.c: the period of a node's plan, per save */
    GK_ST_RESTORE_MARK, /* restore_mark.c: the newest restore, per write transaction */
    GK_ST_ADD_SERIES,   /* entry: a missing series, value or note row, when saving */
    GK_ST_ADD_VALUE,
    GK_ST_ADD_NOTE,
    GK_ST_NODE_PATH, /* workflow_find.c: a node's path, per line of a listing */
    GK_ST_COUNT
} gk_stmt;

/* The schema version that added users, locked years and history.comment
 * (roles.h): an older file opened read-only has none of them. */
#define GK_SCHEMA_ROLES 4

struct gk_store {
    sqlite3_stmt *cache[GK_ST_COUNT];
    sqlite3 *db;
    char *path;
    char user[64];
    uid_t uid;   /* the real uid whose login is user (auth.c compares it with the file's owner) */
    int version; /* schema version of the open file (older only when opened read-only) */
    bool created;
    bool readonly;
    bool private_copy;      /* GK_OPEN_PRIVATE: no automatic backups */
    bool restore_known;     /* restore_mark holds what this connection last saw */
    char restore_mark[48];  /* the newest restore's token (restore.c), "" when none */
    long long data_version; /* PRAGMA data_version when restore_mark was read */
    int gate;               /* gate.c: the slot held while writing, -1 when none */
    int wal_pages;          /* pages in the WAL after this connection's last commit */
    struct gk_ckpt *ckpt;   /* ckpt.c: the thread that checkpoints, NULL until needed */
    /* history.c: the chain's last row as this transaction wrote it, so that
     * the next row needs no query; forgotten at every commit and rollback
     * (SQLite's hooks on chain_db) */
    sqlite3 *chain_db;
    bool chain_known;
    int64_t chain_id;
    char chain_hash[65];
    /* history.c: rows queued to be written many per statement (an import:
     * gk_history_batch_start), NULL when each row is written at once */
    struct gk_hist_batch *hist_batch;
};

/* The page cache of a connection (PRAGMA cache_size: KiB when negative). */
#define GK_CACHE_SIZE "-16384"

/* The page size of a new file (bytes). 16 KiB instead of SQLite's 4 KiB:
 * an import of the 100k offices' plan writes a quarter of the pages, each
 * through the WAL and the checkpoint (10% less CPU; export and reading the
 * same); a save in the entry form writes a few pages, 16 KiB each. Older
 * files keep their size (only VACUUM could change it). */
#define GK_PAGE_SIZE 16384

/* The first schema version with node.tkey and node.folded (search.c). */
#define GK_SCHEMA_SEARCH 5
/* The first with node_fts, the trigram index of node.folded (search.c). */
#define GK_SCHEMA_FTS 9

/* Prepares sql (a constant) or sets err from the connection. */
sqlite3_stmt *gk_sql_prepare(gk_store *s, const char *sql, gk_error *err);

/* Prepares head (a constant "INSERT ... VALUES ") followed by rows groups of
 * cols parameters, "(?,?),(?,?)...": the many-row INSERTs of the import and
 * the history, one statement for a batch of rows. */
sqlite3_stmt *gk_sql_prepare_rows(gk_store *s, const char *head, int cols, int rows, gk_error *err);

/* Sets err to "what: <sqlite message>", translating the common cases
 * (busy, read-only, disk full, corrupt) into a sentence for the user. */
void gk_sql_error(gk_store *s, int rc, const char *what, gk_error *err);

/* Steps a write statement once, finalizes it, and on failure sets err to
 * "what: <reason>" (gk_sql_error). Returns 0 or -1. */
int gk_sql_run(gk_store *s, sqlite3_stmt *st, const char *what, gk_error *err);

/* Common table expressions of a 所管課 filter for a WITH RECURSIVE: rel(id),
 * the nodes where department ?2 is main or related, and up(id), those and
 * their ancestors (export and the report keep them with their subtrees). */
#define GK_SQL_DEPT_SCOPE                                                                          \
    " rel(id) AS (SELECT nd.node_id FROM node_dept nd JOIN dept d ON d.id = nd.dept_id"            \
    "  WHERE d.name = ?2),"                                                                        \
    " up(id) AS (SELECT id FROM rel UNION SELECT n.parent_id FROM node n JOIN up ON n.id = up.id"  \
    "  WHERE n.parent_id IS NOT NULL),"

/* 1 when node n (an alias in the query) needs no entry by progress.h: an
 * item whose 見直し区分 says it ended, or an indicator of such an item.
 * Needs gk_ended() (gk_progress_register). Shared by the tree's marker, the
 * next-missing search and the submission board (workflow_board.c). */
#define GK_SQL_ENDED(n)                                                                            \
    "(CASE " n ".kind WHEN 'item' THEN gk_ended(" n ".review) WHEN 'indicator' THEN"               \
    " ifnull((SELECT gk_ended(e.review) FROM node e WHERE e.id = " n ".parent_id"                  \
    " AND e.kind = 'item'), 0) ELSE 0 END)"

/* --- workflow_board.c: the filters of the board ------------------------------------ */

/* Prepares sql, a query of year ?1 within plan ?2 and department ?3 (NULL:
 * every plan, every department), with the three bound: the plan must exist,
 * the department is resolved as typed (depts.h gk_dept_resolve). NULL with
 * err. Shared by the board and the contributions' counts (contrib.c). */
sqlite3_stmt *gk_board_scope(gk_store *s, const char *sql, int year, const char *plan,
                             const char *dept, gk_error *err);

/* --- gate.c: a queue in front of SQLite's write lock -------------------------------- */

/* Waits, in line behind the writers that came first and up to timeout_ms,
 * for the write gate of the database file path (gate.c): 0 when this
 * connection may go on (*slot then names what to give back to
 * gk_gate_leave, or is -1 when the file has no gate here, e.g. cannot be
 * opened for writing: SQLite's busy handler then decides alone), 1 when the
 * wait timed out (the file is busy). */
int gk_gate_enter(const char *path, int timeout_ms, int *slot);

/* Gives back what gk_gate_enter took (slot -1: nothing). */
void gk_gate_leave(int slot);

/* --- ckpt.c: the WAL's checkpoint beside the saves ------------------------------------ */

typedef struct gk_ckpt gk_ckpt;
/* Asks for a passive checkpoint of s's file, run by a thread of this
 * process on its own connection (started on first use); returns at once. */
void gk_ckpt_request(gk_store *s);
/* Waits until no checkpoint is asked for or running; the number run so
 * far by s's thread (tests). */
int gk_ckpt_wait(gk_store *s);
/* Waits for the checkpoint running, drops one asked for, ends the thread
 * (gk_store_close, before s's connection closes). */
void gk_ckpt_stop(gk_store *s);

/* --- schema.c: the file trusts only its own schema -------------------------------- */

/* Compares db's sqlite_schema (the file path, at schema version version)
 * with db/schema.sql: every trigger, view, index and table must be the
 * program's (see schema.c). Returns 0, or -1 with err naming the first
 * object that is not. Reads only. */
int gk_schema_verify(sqlite3 *db, const char *path, int version, gk_error *err);

/* The table a backup file carries its own record in (backup_list.c): what kind
 * of backup, when (UTC ISO), by whom, why. Only in backups; the schema
 * check accepts exactly this table besides the program's schema, and a
 * restore drops it from the copy. */
#define GK_BACKUP_RECORD_SQL                                                                       \
    "CREATE TABLE backup_record (kind TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,"         \
    " detail TEXT)"

/* SQLite's process-wide settings (once, before its first connection): among
 * them, its open() of every file made non-blocking (store.c). */
void gk_sqlite_setup(void);

/* The n bytes of the file open at fd (pread), in sqlite3_malloc'd memory;
 * NULL when they cannot all be read. */
unsigned char *gk_image_read(int fd, sqlite3_int64 n);
/* A defensive, read-only in-memory connection over the database image img
 * (n bytes, taken over: freed with the connection or on failure); NULL on
 * failure. */
sqlite3 *gk_image_connect(unsigned char *img, sqlite3_int64 n);

/* sql without comments and with white space only where two words meet
 * (outside quotes), malloc'd; NULL for NULL or when memory runs out. */
char *gk_schema_normalize(const char *sql);

/* The CHECK(...) clauses of a CREATE TABLE (column and table level;
 * parentheses and quotes respected), normalized, sorted, one a line,
 * malloc'd ("" for none or NULL sql); NULL when memory runs out. */
char *gk_schema_checks(const char *sql);

/* --- sql.c: the helpers every query file uses --------------------------------------- */

/* The statement of key id on this connection, prepared from sql (a constant,
 * always the same for one key) on first use and kept until gk_store_close;
 * returned reset, without bindings. Give it back with gk_sql_release. */
sqlite3_stmt *gk_sql_cached(gk_store *s, gk_stmt id, const char *sql, gk_error *err);

/* Done with st: a cached statement is reset (so that it holds no read
 * transaction open), any other finalized. NULL is ignored. */
void gk_sql_release(gk_store *s, sqlite3_stmt *st);

/* How every loader ends its stepping: rc (the last sqlite3_step result)
 * SQLITE_DONE gives 0; anything else -1 with err "cannot read the
 * database: …" (gk_sql_error). */
int gk_sql_step_done(gk_store *s, int rc, gk_error *err);

/* A result column of a prepared statement (gk_stmt_*; gk_col_* names the
 * CSV's columns, plancols.h). Column i's text: "" when NULL (borrowed, valid until the next step).
 */
const char *gk_stmt_text(sqlite3_stmt *st, int i);
/* Column i's text, NULL when NULL or empty (borrowed). */
const char *gk_stmt_opt(sqlite3_stmt *st, int i);
/* A malloc'd copy of column i's text, NULL when NULL or empty. */
char *gk_stmt_dup(sqlite3_stmt *st, int i);

/* Texts equal, NULL counting as "". */
bool gk_text_eq(const char *a, const char *b);

/* Makes room for element n of the array *arr (capacity *cap elements of sz
 * bytes, doubled as needed) and returns it zeroed, or NULL when out of
 * memory (the array unchanged). */
void *gk_grow(void *arr, size_t *cap, size_t n, size_t sz);

/* Steps st to its end into a list: for every row, element *n of *out (of sz
 * bytes, zeroed) is filled by row(st, element, ctx), which returns 0, -1
 * (out of memory) or -2 (an error it has put in the caller's err itself,
 * e.g. a query of its own). st is released. Returns 0, or -1 with err (a step error
 * or out of memory); what was read stays in *out / *n for the caller's
 * free function. */
int gk_sql_list(gk_store *s, sqlite3_stmt *st, void *out, size_t *n, size_t sz,
                int (*row)(sqlite3_stmt *st, void *elem, void *ctx), void *ctx, gk_error *err);

/* Collects the first column of every row of st (released here) as int64
 * into a malloc'd *out of *n. Returns 0 or -1 with err. */
int gk_sql_collect_ids(gk_store *s, sqlite3_stmt *st, int64_t **out, size_t *n, gk_error *err);

/* Binds text, or NULL when t is NULL or "". */
int gk_sql_bind_text(sqlite3_stmt *st, int i, const char *t);

/* Current time as UTC ISO 8601 ("2026-11-24T22:12:59Z") into buf[32]. */
void gk_now_iso(char buf[32]);

/* Appends one history row (inside the caller's transaction). */
int gk_history_add(gk_store *s, const char *tbl, const char *row_uid, const char *field,
                   const char *old, const char *new_, gk_error *err);
/* The same with a comment (差し戻し comment, lock reason; NULL none). */
int gk_history_add_comment(gk_store *s, const char *tbl, const char *row_uid, const char *field,
                           const char *old, const char *new_, const char *comment, gk_error *err);
/* From gk_history_batch_start, the chained rows of this transaction are
 * hashed at once and written many per statement (an import's thousands of
 * rows: the statement's own work was a third of a row's); whatever reads
 * the history table first calls gk_history_batch_end with write true,
 * which writes what is queued (false: drops it, the transaction being
 * rolled back) and returns to a row at a time. 0 or -1 with err. */
int gk_history_batch_start(gk_store *s, gk_error *err);
int gk_history_batch_end(gk_store *s, bool write, gk_error *err);

/* The schema version that has plan.report_year, plan.deadline and the
 * table contribution (issue 21); an older file opened read-only (not
 * upgraded) reads as if they were empty. */
#define GK_SCHEMA_CYCLE 8

/* The schema version that has plan.entry (progress.h gk_layout). Every
 * connection reads it through the temporary view plan_entry(plan_id,
 * entry), which an older file opened read-only fills with 'items'. */
#define GK_SCHEMA_ENTRY 10

/* Where plan p keeps its entry, as the import infers it from where its
 * notes are: 'indicators' when its indicators hold more notes (取組状況,
 * 次年度の取組内容) than its items with indicators do, else 'items' (a plan
 * without notes yet keeps its entry on items until the office says
 * otherwise: plan set --entry). */
#define GK_SQL_ENTRY_INFER(p) GK_SQL_ENTRY_INFER_IN(p, "JOIN", "")
/* The same rule over the notes that pass `where` (" AND ..." on note o,
 * or ""), joined to their nodes by `join`: the importer counts only the
 * notes of the nodes it made, reading them first ("CROSS JOIN"), instead
 * of looking for notes under every node of the plan (import.c). */
#define GK_SQL_ENTRY_INFER_IN(p, join, where)                                                      \
    "(CASE WHEN (SELECT count(*) FROM note o " join                                                \
    " node x ON x.id = o.node_id WHERE x.plan_id = " p where                                       \
    " AND x.kind = 'indicator' AND (o.status IS NOT NULL OR o.next_plan IS NOT NULL)) >"           \
    " (SELECT count(*) FROM note o " join " node x ON x.id = o.node_id WHERE x.plan_id = " p where \
    " AND x.kind = 'item' AND EXISTS (SELECT 1 FROM node c WHERE c.parent_id = x.id AND c.kind ="  \
    " 'indicator') AND (o.status IS NOT NULL OR o.next_plan IS NOT NULL)) THEN 'indicators' ELSE"  \
    " 'items' END)"

/* 1 when node n (an alias) is a container (progress.h): an item with
 * indicators in a plan whose entry lives on indicators. */
#define GK_SQL_CONTAINER(n)                                                                        \
    "(" n ".kind = 'item' AND EXISTS (SELECT 1 FROM plan_entry pe WHERE pe.plan_id = " n           \
    ".plan_id AND pe.entry = 'indicators') AND EXISTS (SELECT 1 FROM node ci WHERE ci.parent_id =" \
    " " n ".id AND ci.kind = 'indicator'))"

/* Inside the import's transaction, last (depts.c): a department written
 * without its 部 that the data also writes with exactly one 部 becomes that
 * department (its nodes, users and contributions merged, with history).
 * Returns 0 or -1 with err. */
int gk_dept_unify_tx(gk_store *s, gk_error *err);

/* The schema version that chains the history (history.hash), records
 * every assignment of a node's departments and freezes locked years
 * (year_lock.snapshot). */
#define GK_SCHEMA_CHAIN 7

/* The fields of a history row a hash covers, in this order: at, who, tbl,
 * row_uid, field, old, new, comment. */
#define GK_HISTORY_FIELDS 8

/* SHA-256 hex of a history row after the row whose hash is prev (history.c). */
void gk_history_hash(const char *prev, int64_t id, const char *const f[GK_HISTORY_FIELDS],
                     char out[65]);

/* Fills history.hash of every row in order (the upgrade to GK_SCHEMA_CHAIN). */
int gk_history_chain_all(gk_store *s, gk_error *err);

/* The upgrade to GK_SCHEMA_CHAIN after its SQL: chains the existing rows,
 * then records every node's departments as they stand. */
int gk_history_upgrade_chain(gk_store *s, gk_error *err);

/* `check`'s look at the history (chain.c): the chain, the backups' chains,
 * every node's departments against their last record. Reports each
 * problem; returns their number, or -1 with err. Nothing before
 * GK_SCHEMA_CHAIN. */
long gk_history_check(gk_store *s, gk_finding_fn report, void *ctx, gk_error *err);

/* Inside the lock's write transaction: the image of the plan data that a
 * locked year's report prints from (frozen.c, frozen.h), sqlite3_malloc'd
 * into *blob. Returns 0 or -1 with err. */
int gk_frozen_make(gk_store *s, void **blob, sqlite3_int64 *len, gk_error *err);

/* --- roles: the permission checks (auth.c) --- */

/* The current login's role and departments, read once inside a write
 * transaction so that the checks and the writes see the same users. */
typedef struct gk_auth {
    gk_role role;
    bool bootstrap;    /* office because the file has no users and we own it */
    int64_t *dept_ids; /* a clerk's or supervisor's departments */
    size_t ndepts;
} gk_auth;

int gk_auth_load(gk_store *s, gk_auth *a, gk_error *err);
void gk_auth_free(gk_auth *a);

/* 1 when a is office or works for node's lead department (the first of
 * its own, else of its nearest ancestor's), 0 when not (why names the lead,
 * or says that the user's department is a related one, which contributes
 * instead: contribution table), -1 with why on a read error. A container
 * item (progress.h) is the user's when each of its indicators is. */
int gk_auth_dept(gk_store *s, const gk_auth *a, int64_t node_id, gk_error *why);

/* The whole edit rule of roles.h for node and year: 1 / 0 with why / -1. */
int gk_auth_edit(gk_store *s, const gk_auth *a, int64_t node_id, int year, gk_error *why);

/* 1 when year is locked (why says so, naming reason, who and when), 0, -1. */
int gk_auth_locked(gk_store *s, int year, gk_error *why);

/* Sets why to "you (LOGIN) are not a user ..." / "only the plan office ...". */
void gk_auth_refuse_admin(gk_store *s, const gk_auth *a, const char *what, gk_error *why);

/* Inside a write transaction: 0 when the login is office (recording the
 * owner of a file without users as its first office user), else -1 with
 * err saying that only the office may `what`. */
int gk_auth_office_tx(gk_store *s, const char *what, gk_error *err);

/* Inside a write transaction: when the file has no users and the current
 * login owns it, records it as the first office user (with history). */
int gk_auth_bootstrap(gk_store *s, gk_error *err);

/* Inside the transaction that creates the schema: the current login becomes
 * the first office user. */
int gk_auth_add_creator(gk_store *s, gk_error *err);

/* Tests only: act as another login and real uid on this connection. */
void gk_store_act_as(gk_store *s, const char *login, uid_t uid);

/* Registers the SQL function gk_uid(parent, kind, name) = gk_uid_derive()
 * on a connection (uid.c). Returns an SQLite result code. */
int gk_uid_register(sqlite3 *db);

/* Registers the SQL function gk_ended(review) = gk_review_ended()
 * (progress.h) on a connection (browse.c). Returns an SQLite result code. */
int gk_progress_register(sqlite3 *db);

/* The earliest (latest 0) or the latest (latest 1) fiscal year outside
 * first..last for which plan has a value or a note; 0 when there is none,
 * -1 with err (plan.c; used by `plan set` and by import's 計画期間). */
int gk_plan_year_outside(gk_store *s, int64_t plan, int first, int last, int latest, gk_error *err);

/* Sets the connection's busy timeout back to the usual wait (after a
 * shorter one for something that must not hold up the screen). */
void gk_store_busy_timeout(gk_store *s);
/* Reads the newest restore's token into s->restore_mark (restore.c): at
 * open. Returns 0 or -1 with err. */
int gk_restore_mark_init(gk_store *s, gk_error *err);

/* Inside a write transaction: -1 with the "restored" sentence in err when
 * the database was restored since s last looked (restore.c), else 0. */
int gk_restore_mark_check(gk_store *s, gk_error *err);

/* PRAGMA data_version of s (restore_mark.c): changes when another
 * connection commits; -1 when it cannot be read. */
long long gk_store_data_version(gk_store *s);

/* Folds again the search text of every node whose text changed (folded
 * NULL: the triggers of db/schema.sql), inside the caller's transaction;
 * run by gk_store_commit. Nothing on files older than GK_SCHEMA_SEARCH.
 * Returns 0 or -1 with err (search.c). */
int gk_search_refresh(gk_store *s, gk_error *err);
/* Writes node.folded of the n nodes ids from their title and notes as they
 * stand, as gk_search_refresh would (the importer's nodes, whose folded it
 * does not set to NULL first); node_fts untouched. 0 or -1 with err. */
int gk_search_fold_nodes(gk_store *s, const int64_t *ids, size_t n, gk_error *err);

/* What opening a file calls above store.c (store_open.c passes them): the
 * upgrade of an older file that may be written (from: its version; 0 or
 * -1 with err), and what follows the creation of a new file. */
typedef struct gk_open_hooks {
    int (*upgrade)(gk_store *s, int from, gk_error *err);
    void (*created)(const char *path);
} gk_open_hooks;

/* gk_store_open (store.h) with hooks (store.c): NULL or a NULL member for
 * none; without an upgrade the file must be opened GK_OPEN_READONLY. What
 * the store's own files use to open a backup or a file read-only, so that
 * they never call gk_store_open and its upgrade, which backs up. */
gk_store *gk_store_open_with(const char *path, int flags, const gk_open_hooks *hooks,
                             gk_error *err);

/* Upgrades an older file to GK_SCHEMA_VERSION (migrate.c). */
int gk_store_migrate(gk_store *s, int from, gk_error *err);

/* Runs upgrade steps list[from-1 .. to-2] in one transaction after backing
 * the file up (backup.h, reason upgrade; not for a GK_OPEN_PRIVATE copy)
 * (migrate.c; exposed for its tests). */
int gk_store_migrate_steps(gk_store *s, int from, int to, const char *const *list, size_t nlist,
                           gk_error *err);

/* The test-only crash hook (crashtest.c): inert unless GYOKAKU_TEST_CRASH
 * is set; then the process _exits with GK_CRASH_EXIT after a COMMIT
 * ("commit") or after the Nth write to a main database file ("write:N"). */
#define GK_CRASH_EXIT 86
void gk_crash_test_init(void);      /* before the first sqlite3_open_v2 */
void gk_crash_test_committed(void); /* right after every successful COMMIT */

/* The same hook's fault injection, for tests in this process (the program
 * itself is driven by GYOKAKU_TEST_CRASH=enospc:N / eio:N / count): from now
 * on, write call n (counted from this call, 1-based) and, for GK_FAULT_ENOSPC,
 * every later one fail; GK_FAULT_NONE only counts. Registers the counting VFS
 * as the default: files opened before are not counted. Returns 0 or -1. */
enum { GK_FAULT_NONE, GK_FAULT_ENOSPC, GK_FAULT_EIO };
int gk_fault_test_set(int mode, long n);
long gk_fault_test_calls(void); /* write calls since gk_fault_test_set */

/* Shared by the pieces of the opening (store.c, store_base.c, store_file.c)
 * and by backups, which read the same header fields. */
/* GYOKAKU_BUSY_TIMEOUT_MS, else GK_BUSY_TIMEOUT_MS (sql.c). */
int gk_busy_timeout_ms(void);
/* The login of the real user id, never $USER (store_base.c). */
void gk_find_user(char *buf, size_t n);
/* Leaves the write gate, when this connection holds it (store_base.c). */
void gk_leave_gate(gk_store *s);
/* The big-endian 32-bit number at p, as SQLite's headers store them
 * (store_file.c). */
uint32_t gk_be32(const unsigned char *p);
/* Inspects the file at path before SQLite opens it, its schema version into
 * *version (store_file.c). Returns 0, or -1 with err when it is refused. */
int gk_inspect_file(const char *path, int *version, gk_error *err);
/* Creates the missing folders above path, mode 0700 (store_file.c).
 * Returns 0 or -1 with err. */
int gk_mkdir_parents(const char *path, gk_error *err);

/* An older file opened read-only has no users and no locks: everybody
 * reads only there, and nothing is locked (auth.c, used by roles.c). */
bool gk_auth_old_file(const gk_store *s);

#endif
