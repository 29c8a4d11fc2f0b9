/*
 * history.c — the change history (store_int.h): every write's record, its hash
 * chain (db/schema.sql version 7) and the upgrade that chains an older file.
 * The bottom of store/ with store.c: every writer calls in, it calls no writer.
 */
#include "store_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/i18n.h"
#include "gyokaku/sha256.h"

int gk_history_add(gk_store *s, const char *tbl, const char *row_uid, const char *field,
                   const char *old, const char *new_, gk_error *err)
{
    return gk_history_add_comment(s, tbl, row_uid, field, old, new_, NULL, err);
}

/* The chain hash of one history row (db/schema.sql): SHA-256 over the
 * previous row's hash ("" for the first row), the row's id and its fields,
 * each written as '-' (NULL) or '+' LENGTH ':' TEXT, so that no two rows
 * are written alike. */
/* Writes v in decimal at out, after '-' when neg (as %lld writes a
 * negative id: v is then its magnitude), without a NUL: the bytes written. */
static size_t put_dec(char *out, uint64_t v, bool neg)
{
    char t[24];
    size_t n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t k = 0;
    if (neg) out[k++] = '-';
    while (n)
        out[k++] = t[--n];
    return k;
}

/* The bytes of one chain hash, gathered into a buffer and hashed in one
 * call (17 calls per row cost a tenth of the hash); a long field goes
 * straight to the hash. */
typedef struct hash_buf {
    gk_sha256 c;
    size_t n;
    char b[512];
} hash_buf;

static void hb_put(hash_buf *hb, const void *p, size_t len)
{
    if (hb->n + len > sizeof hb->b) {
        gk_sha256_update(&hb->c, hb->b, hb->n);
        hb->n = 0;
        if (len > sizeof hb->b) {
            gk_sha256_update(&hb->c, p, len);
            return;
        }
    }
    memcpy(hb->b + hb->n, p, len);
    hb->n += len;
}

void gk_history_hash(const char *prev, int64_t id, const char *const f[GK_HISTORY_FIELDS],
                     char out[65])
{
    hash_buf hb;
    gk_sha256_init(&hb.c);
    hb.n = 0;
    /* the same bytes as "%s\n%lld\n" and "+%zu:" would write, put together
     * here: snprintf cost more than the hash itself on an import */
    static const char tag[] = "\ngyokaku-history-1\n";
    char num[48];
    hb_put(&hb, prev ? prev : "", prev ? strlen(prev) : 0);
    hb_put(&hb, tag, sizeof tag - 1);
    size_t n = put_dec(num, id < 0 ? 0 - (uint64_t)id : (uint64_t)id, id < 0);
    num[n++] = '\n';
    hb_put(&hb, num, n);
    for (int i = 0; i < GK_HISTORY_FIELDS; i++) {
        if (!f[i]) {
            hb_put(&hb, "-", 1);
            continue;
        }
        size_t len = strlen(f[i]);
        num[0] = '+';
        n = 1 + put_dec(num + 1, len, false);
        num[n++] = ':';
        hb_put(&hb, num, n);
        hb_put(&hb, f[i], len);
    }
    gk_sha256_update(&hb.c, hb.b, hb.n);
    gk_sha256_hex(&hb.c, out);
}

/* SQLite's commit and rollback hooks: the end of a transaction, after
 * which another connection may append to the chain. */
static int chain_forget_commit(void *p)
{
    ((gk_store *)p)->chain_known = false;
    return 0; /* the commit goes on */
}

static void chain_forget_rollback(void *p)
{
    ((gk_store *)p)->chain_known = false;
}

/* The last row's id and hash ("" when it has none); 0, or -1 with err.
 * Within one write transaction no other connection appends, so the row
 * this one wrote last is the head until the transaction ends. */
static int chain_head(gk_store *s, int64_t *id, char hash[65], gk_error *err)
{
    if (s->chain_known && s->chain_db == s->db) {
        *id = s->chain_id;
        memcpy(hash, s->chain_hash, 65);
        return 0;
    }
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_HISTORY_HEAD,
                                     "SELECT id, hash FROM history ORDER BY id DESC LIMIT 1", err);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    *id = 0;
    hash[0] = '\0';
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", gk_stmt_text(st, 1));
    }
    gk_sql_release(s, st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot record the change history"), err);
    return -1;
}

/* Remembers the row just written as the head, for this transaction. */
static void chain_remember(gk_store *s, int64_t id, const char hash[65])
{
    if (s->chain_db != s->db) { /* no one else uses these hooks (grep) */
        sqlite3_commit_hook(s->db, chain_forget_commit, s);
        sqlite3_rollback_hook(s->db, chain_forget_rollback, s);
        s->chain_db = s->db;
    }
    s->chain_id = id;
    memcpy(s->chain_hash, hash, 65);
    s->chain_known = true;
}

/* Field k of a row as the table keeps it: the first five as given, old,
 * new and comment NULL when empty (f[] holds them so already). Not copied
 * (SQLITE_STATIC): every field outlives the step that writes the row, and
 * the next row binds all of them again. */
static void bind_field(sqlite3_stmt *st, int col, int k, const char *t)
{
    if (k < 5 || (t && *t))
        sqlite3_bind_text(st, col, t ? t : "", -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, col);
}

/* The time as gk_now_iso writes it, formatted again only when the second
 * changes (strftime per row was a tenth of a history row's own work on an
 * import); the program has one thread. */
static void now_iso(char buf[32])
{
    static time_t last = (time_t)-1;
    static char text[32];
    time_t t = time(NULL);
    if (t != last) {
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm); /* as gk_now_iso */
        last = t;
    }
    memcpy(buf, text, 32);
}

/* --- rows queued many per statement (gk_history_batch_start) ------------------------ */

#define HIST_BATCH 64
#define HIST_NONE SIZE_MAX /* a NULL field */

struct gk_hist_batch {
    int n;
    int64_t id[HIST_BATCH];
    size_t off[HIST_BATCH][GK_HISTORY_FIELDS + 1]; /* into text; the last: the hash */
    char *text; /* the fields, NUL-terminated, one after another */
    size_t len, cap;
    sqlite3_stmt *many; /* HIST_BATCH rows in one INSERT */
};

int gk_history_batch_start(gk_store *s, gk_error *err)
{
    if (s->hist_batch) return 0;
    if (!(s->hist_batch = calloc(1, sizeof *s->hist_batch))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return 0;
}

/* Copies t (NULL: none) into the batch's text: its offset, HIST_NONE for
 * NULL, or -1 as (size_t) when out of memory (*oom set). */
static size_t batch_text(struct gk_hist_batch *b, const char *t, bool *oom)
{
    if (!t) return HIST_NONE;
    size_t n = strlen(t) + 1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (b->len + n > cap)
            cap *= 2;
        char *grown = realloc(b->text, cap);
        if (!grown) {
            *oom = true;
            return HIST_NONE;
        }
        b->text = grown;
        b->cap = cap;
    }
    memcpy(b->text + b->len, t, n);
    b->len += n;
    return b->len - n;
}

static const char *batch_at(const struct gk_hist_batch *b, size_t off)
{
    return off == HIST_NONE ? NULL : b->text + off;
}

/* The one statement that adds a history row (one row, or each of a batch's). */
static sqlite3_stmt *add_stmt(gk_store *s, gk_error *err)
{
    return gk_sql_cached(s, GK_ST_HISTORY_ADD,
                         "INSERT INTO history(id, at, who, tbl, row_uid, field, old, new,"
                         " comment, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         err);
}

/* Writes the queued rows: a full batch by one statement, else row by row. */
static int batch_write(gk_store *s, gk_error *err)
{
    struct gk_hist_batch *b = s->hist_batch;
    int rc = SQLITE_DONE;
    if (b->n == HIST_BATCH) {
        if (!b->many) {
            b->many = gk_sql_prepare_rows(s,
                                          "INSERT INTO history(id, at, who, tbl, row_uid,"
                                          " field, old, new, comment, hash) VALUES ",
                                          10, HIST_BATCH, err);
            if (!b->many) return -1;
        }
        sqlite3_stmt *st = b->many;
        for (int r = 0; r < HIST_BATCH; r++) {
            int c = r * 10;
            sqlite3_bind_int64(st, c + 1, b->id[r]);
            for (int i = 0; i < GK_HISTORY_FIELDS; i++)
                bind_field(st, c + i + 2, i, batch_at(b, b->off[r][i]));
            sqlite3_bind_text(st, c + 10, batch_at(b, b->off[r][GK_HISTORY_FIELDS]), -1,
                              SQLITE_STATIC);
        }
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        for (int r = 0; r < b->n && rc == SQLITE_DONE; r++) {
            sqlite3_stmt *st = add_stmt(s, err);
            if (!st) return -1;
            sqlite3_bind_int64(st, 1, b->id[r]);
            for (int i = 0; i < GK_HISTORY_FIELDS; i++)
                bind_field(st, i + 2, i, batch_at(b, b->off[r][i]));
            sqlite3_bind_text(st, 10, batch_at(b, b->off[r][GK_HISTORY_FIELDS]), -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            gk_sql_release(s, st);
        }
    }
    b->n = 0;
    b->len = 0;
    if (rc == SQLITE_DONE) return 0;
    s->chain_known = false;
    gk_sql_error(s, rc, _("cannot record the change history"), err);
    return -1;
}

int gk_history_batch_end(gk_store *s, bool write, gk_error *err)
{
    struct gk_hist_batch *b = s->hist_batch;
    if (!b) return 0;
    int rc = write && b->n ? batch_write(s, err) : 0;
    if (!write) s->chain_known = false; /* the queued rows never reach the table */
    sqlite3_finalize(b->many);
    free(b->text);
    free(b);
    s->hist_batch = NULL;
    return rc;
}

/* Queues row id with fields f and its hash: 0 or -1 with err. */
static int batch_add(gk_store *s, int64_t id, const char *const f[GK_HISTORY_FIELDS],
                     const char hash[65], gk_error *err)
{
    struct gk_hist_batch *b = s->hist_batch;
    bool oom = false;
    for (int i = 0; i < GK_HISTORY_FIELDS; i++)
        b->off[b->n][i] = batch_text(b, f[i], &oom);
    b->off[b->n][GK_HISTORY_FIELDS] = batch_text(b, hash, &oom);
    if (oom) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    b->id[b->n++] = id;
    return b->n == HIST_BATCH ? batch_write(s, err) : 0;
}

/* Appends a row; chained: with its hash (a file of version 7 or later). */
static int history_insert(gk_store *s, bool chained, const char *tbl, const char *row_uid,
                          const char *field, const char *old, const char *new_, const char *comment,
                          gk_error *err)
{
    char now[32];
    now_iso(now);
    /* NULL = empty, as gk_sql_bind_text writes them */
    const char *f[GK_HISTORY_FIELDS] = {now,
                                        s->user,
                                        tbl,
                                        row_uid,
                                        field,
                                        old && *old ? old : NULL,
                                        new_ && *new_ ? new_ : NULL,
                                        comment && *comment ? comment : NULL};
    if (!chained) {
        sqlite3_stmt *st =
            gk_sql_prepare(s,
                           "INSERT INTO history(at, who, tbl, row_uid, field, old, new, comment)"
                           " VALUES (?,?,?,?,?,?,?,?)",
                           err);
        if (!st) return -1;
        for (int i = 0; i < GK_HISTORY_FIELDS; i++)
            bind_field(st, i + 1, i, f[i]);
        return gk_sql_run(s, st, _("cannot record the change history"), err);
    }
    int64_t last;
    char prev[65], hash[65];
    if (chain_head(s, &last, prev, err) != 0) return -1;
    gk_history_hash(prev, last + 1, f, hash);
    if (s->hist_batch) {
        if (batch_add(s, last + 1, f, hash, err) != 0) return -1;
        chain_remember(s, last + 1, hash);
        return 0;
    }
    sqlite3_stmt *st = add_stmt(s, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, last + 1);
    for (int i = 0; i < GK_HISTORY_FIELDS; i++)
        bind_field(st, i + 2, i, f[i]);
    sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    gk_sql_release(s, st);
    if (rc != SQLITE_DONE) { /* (the message translated only when needed) */
        s->chain_known = false;
        gk_sql_error(s, rc, _("cannot record the change history"), err);
        return -1;
    }
    chain_remember(s, last + 1, hash);
    return 0;
}

int gk_history_add_comment(gk_store *s, const char *tbl, const char *row_uid, const char *field,
                           const char *old, const char *new_, const char *comment, gk_error *err)
{
    /* a history row is written in the transaction of the change it records */
    assert(!sqlite3_get_autocommit(s->db));
    /* version 0: the file being created, with today's schema */
    bool chained = s->version == 0 || s->version >= GK_SCHEMA_CHAIN;
    return history_insert(s, chained, tbl, row_uid, field, old, new_, comment, err);
}

/* Reads history rows from id > after in order, up to max, into rows. */
typedef struct hrow {
    int64_t id;
    char *f[GK_HISTORY_FIELDS];
    char *hash;
} hrow;

static void hrows_free(hrow *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < GK_HISTORY_FIELDS; k++)
            free(r[i].f[k]);
        free(r[i].hash);
    }
}

/* Up to max rows of db's history after id `after`, in order: the number
 * read, or -1 (an SQLite error in *rc). */
static long hrows_read(sqlite3 *db, int64_t after, hrow *out, size_t max, int *rcp)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT id, at, who, tbl, row_uid, field, old, new, comment, hash"
                                " FROM history WHERE id > ?1 ORDER BY id LIMIT ?2",
                                -1, &st, NULL);
    long n = 0;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, after);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            hrow *r = &out[n++];
            r->id = sqlite3_column_int64(st, 0);
            for (int k = 0; k < GK_HISTORY_FIELDS; k++) {
                const char *t = (const char *)sqlite3_column_text(st, k + 1);
                r->f[k] = t ? strdup(t) : NULL;
            }
            const char *h = (const char *)sqlite3_column_text(st, 9);
            r->hash = h ? strdup(h) : NULL;
        }
    }
    sqlite3_finalize(st);
    *rcp = rc;
    if (rc != SQLITE_DONE) {
        hrows_free(out, (size_t)n);
        return -1;
    }
    return n;
}

#define HBATCH 512

int gk_history_chain_all(gk_store *s, gk_error *err)
{
    s->chain_known = false; /* every hash rewritten below */
    static hrow rows[HBATCH];
    char prev[65] = "";
    int64_t after = 0;
    for (;;) {
        int rc;
        long n = hrows_read(s->db, after, rows, HBATCH, &rc);
        if (n < 0) {
            gk_sql_error(s, rc, _("cannot record the change history"), err);
            return -1;
        }
        if (n == 0) return 0;
        sqlite3_stmt *up = gk_sql_prepare(s, "UPDATE history SET hash = ?2 WHERE id = ?1", err);
        for (long i = 0; up && i < n; i++) {
            gk_history_hash(prev, rows[i].id, (const char *const *)rows[i].f, prev);
            sqlite3_bind_int64(up, 1, rows[i].id);
            sqlite3_bind_text(up, 2, prev, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(up);
            sqlite3_reset(up);
            if (rc != SQLITE_DONE) {
                gk_sql_error(s, rc, _("cannot record the change history"), err);
                sqlite3_finalize(up);
                up = NULL;
            }
        }
        after = rows[n - 1].id;
        hrows_free(rows, (size_t)n);
        if (!up) return -1;
        sqlite3_finalize(up);
    }
}

int gk_history_upgrade_chain(gk_store *s, gk_error *err)
{
    if (gk_history_chain_all(s, err) != 0) return -1;
    /* every node's 所管課 as it stands, so that `check` sees a later change
     * made outside gyokaku (history_bypass_v7) */
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.uid, (SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd"
        " JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = n.id ORDER BY nd.pos))"
        " FROM node n WHERE EXISTS (SELECT 1 FROM node_dept x WHERE x.node_id = n.id) ORDER BY "
        "n.id",
        err);
    if (!st) return -1;
    int rc, r = 0;
    while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char uid[64];
        snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 0));
        char *depts = gk_stmt_dup(st, 1);
        r = history_insert(s, true, "node", uid, "departments", NULL, depts,
                           "schema version 7: the departments as they stood", err);
        free(depts);
    }
    if (r == 0 && rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot record the change history"), err);
        r = -1;
    }
    sqlite3_finalize(st);
    return r;
}
