/*
 * chain.c — what `gyokaku check` verifies of the history beyond the rules
 * of stats.c (db/schema.sql version 7, doc/shared-host.md):
 *   - the chain: every row's hash covers the previous row's hash and the
 *     row, so a row rewritten, inserted or removed with sqlite3 breaks it at
 *     that row (named); someone who recomputes the rest of the chain is
 *     caught by the next point;
 *   - the backups: each is a full copy of the database, so its history is a
 *     prefix of the live one; a backup whose last row's hash differs from the
 *     live row of the same id means the history before it was changed since,
 *     and the rows that differ from the newest such backup are named;
 *   - every node's departments against their last record, with the value
 *     the newest backup holds as the repair short of a restore.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"

/* Rows named at most per comparison with a backup (the first ones tell). */
#define MAX_NAMED 20

typedef gk_finding_fn report_fn;

/* "ROW: AT WHO TBL ROW_UID FIELD "OLD" -> "NEW"" of one row, for messages. */
static void describe(char *buf, size_t n, sqlite3_stmt *st, int first)
{
    const char *old = (const char *)sqlite3_column_text(st, first + 5);
    const char *new_ = (const char *)sqlite3_column_text(st, first + 6);
    gk_finding_row(buf, n, gk_stmt_text(st, first), gk_stmt_text(st, first + 1),
                   gk_stmt_text(st, first + 2), gk_stmt_text(st, first + 3),
                   gk_stmt_text(st, first + 4), old, new_);
}

static const char rows_sql[] = "SELECT id, at, who, tbl, row_uid, field, old, new, comment, hash"
                               " FROM history ORDER BY id";

/* The chain of the live history: the number of rows named, or -1 with err. */
static long verify_chain(gk_store *s, report_fn report, void *ctx, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, rows_sql, err);
    if (!st) return -1;
    char prev[65] = "", want[65], num[32], what[900];
    long bad = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *f[GK_HISTORY_FIELDS];
        for (int k = 0; k < GK_HISTORY_FIELDS; k++)
            f[k] = (const char *)sqlite3_column_text(st, k + 1);
        long long id = sqlite3_column_int64(st, 0);
        const char *have = (const char *)sqlite3_column_text(st, 9);
        gk_history_hash(prev, id, f, want);
        if (!have || strcmp(have, want) != 0) {
            describe(what, sizeof what, st, 1);
            snprintf(num, sizeof num, "%lld", id);
            gk_finding found = {have ? GK_FIND_CHAIN_MISMATCH : GK_FIND_CHAIN_NO_HASH, {num, what}};
            if (report) report(ctx, &found);
            bad++;
        }
        /* go on from the stored hash: only the rows that break are named */
        snprintf(prev, sizeof prev, "%s", have ? have : want);
    }
    gk_sql_release(s, st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot check the database"), err);
        return -1;
    }
    return bad;
}

/* Reports finding code about history row id (row: its description, file:
 * the backup, more: the argument some codes add) and counts it. */
static void tell(report_fn report, void *ctx, gk_finding_code code, long long id, const char *row,
                 const char *file, const char *more, long *named)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", id);
    gk_finding f = {code, {num, row, file, more}};
    if (report) report(ctx, &f);
    (*named)++;
}

/* Names the rows up to `upto` that differ between the live history and the
 * backup b (both stepping rows_sql in id order). */
static long name_differences(gk_store *s, gk_store *b, const char *file, long long upto,
                             report_fn report, void *ctx)
{
    sqlite3_stmt *l = NULL, *r = NULL;
    long named = 0;
    if (sqlite3_prepare_v2(s->db, rows_sql, -1, &l, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, rows_sql, -1, &r, NULL) != SQLITE_OK) {
        sqlite3_finalize(l);
        sqlite3_finalize(r);
        return 0;
    }
    int lrc = sqlite3_step(l), rrc = sqlite3_step(r);
    char a[900], c[900], last[32];
    snprintf(last, sizeof last, "%lld", upto);
    while (named < MAX_NAMED && (lrc == SQLITE_ROW || rrc == SQLITE_ROW)) {
        long long li = lrc == SQLITE_ROW ? sqlite3_column_int64(l, 0) : -1;
        long long ri = rrc == SQLITE_ROW ? sqlite3_column_int64(r, 0) : -1;
        if (li > upto) li = -1;
        if (li < 0 && ri < 0) break;
        if (ri >= 0 && (li < 0 || ri < li)) { /* in the backup, gone now */
            describe(c, sizeof c, r, 1);
            tell(report, ctx, GK_FIND_BACKUP_ROW_GONE, ri, c, file, NULL, &named);
            rrc = sqlite3_step(r);
        } else if (ri < 0 || li < ri) { /* not in the backup, yet before its end */
            describe(a, sizeof a, l, 1);
            tell(report, ctx, GK_FIND_BACKUP_ROW_NEW, li, a, file, last, &named);
            lrc = sqlite3_step(l);
        } else {
            bool same = true;
            for (int k = 1; k <= GK_HISTORY_FIELDS + 1 && same; k++)
                same = gk_text_eq(gk_stmt_opt(l, k), gk_stmt_opt(r, k));
            if (!same) {
                describe(a, sizeof a, l, 1);
                describe(c, sizeof c, r, 1);
                tell(report, ctx, GK_FIND_BACKUP_ROW_EDITED, li, a, file, c, &named);
            }
            lrc = sqlite3_step(l);
            rrc = sqlite3_step(r);
        }
    }
    sqlite3_finalize(l);
    sqlite3_finalize(r);
    return named;
}

/* The last history row of backup b: 1 with its id and hash, 0 when it has
 * none (or no chain: an older version), -1 when unreadable. */
static int backup_head(gk_store *b, long long *id, char hash[65])
{
    if (b->version < GK_SCHEMA_CHAIN) return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, "SELECT id, hash FROM history ORDER BY id DESC LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st), r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (r == 1) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", gk_stmt_text(st, 1));
    }
    sqlite3_finalize(st);
    return r;
}

/* The live row id's hash into hash ("" when there is no such row). */
static int live_hash(gk_store *s, long long id, char hash[65], gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s, "SELECT hash FROM history WHERE id = ?1", err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    hash[0] = '\0';
    if (rc == SQLITE_ROW) snprintf(hash, 65, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot check the database"), err);
    return -1;
}

/* The backups of s, newest first, each opened (read-only, never upgraded);
 * NULL where one cannot be opened. */
typedef struct opened {
    gk_backup_entry *list;
    size_t n;
    gk_store **db;
} opened;

static void open_backups(gk_store *s, opened *o)
{
    memset(o, 0, sizeof *o);
    gk_error e;
    if (gk_backup_list(s->path, &o->list, &o->n, &e) != 0) {
        o->list = NULL;
        o->n = 0;
        return;
    }
    o->db = calloc(o->n ? o->n : 1, sizeof *o->db);
    if (!o->db) return;
    for (size_t i = 0; i < o->n; i++) /* newest first */
        o->db[i] = gk_store_open_with(o->list[o->n - 1 - i].path,
                                      GK_OPEN_READONLY | GK_OPEN_PRIVATE, NULL, &e);
}

static const char *opened_path(const opened *o, size_t i)
{
    return o->list[o->n - 1 - i].path;
}

static void close_backups(opened *o)
{
    for (size_t i = 0; o->db && i < o->n; i++)
        gk_store_close(o->db[i]);
    free(o->db);
    gk_backup_list_free(o->list, o->n);
}

/* The first history row of db (the creation of the file: its first office
 * user, at a time of its own) as one text, malloc'd; NULL when none. */
static char *first_row(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT quote(id) || quote(at) || quote(who) || quote(tbl) ||"
                           " quote(row_uid) || quote(field) || quote(old) || quote(new) ||"
                           " quote(comment) FROM history ORDER BY id LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        out = strdup(gk_stmt_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* Whether backup b is a backup of this database: its history begins with
 * the same row. A database made again at the same path (init after the
 * file was removed) has backups of its predecessor beside it: they hold
 * another history, not a tampered one. */
static bool same_database(gk_store *s, gk_store *b)
{
    char *a = first_row(s->db), *c = first_row(b->db);
    bool same = a && c && strcmp(a, c) == 0;
    free(a);
    free(c);
    return same;
}

/* The hash of row id of db into hash ("" when none). */
static void row_hash_of(sqlite3 *db, long long id, char hash[65])
{
    sqlite3_stmt *st = NULL;
    hash[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT hash FROM history WHERE id = ?1", -1, &st, NULL) ==
            SQLITE_OK &&
        (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) == SQLITE_ROW)
        snprintf(hash, 65, "%s", gk_stmt_text(st, 0));
    sqlite3_finalize(st);
}

/* How far backup b must agree with the live history: its last row *id
 * (hash bh), unless a restore recorded in the live history after b's
 * first rows is not in b: b then belongs to the branch that restore left,
 * and only the rows before the restore must agree (*id and bh moved
 * there; 0 when none). */
static int agree_upto(gk_store *s, gk_store *b, long long *id, char bh[65], gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(s,
                                      "SELECT id, hash FROM history WHERE tbl = 'restore' AND"
                                      " row_uid = 'restore' AND field = 'restore' AND id <= ?1"
                                      " ORDER BY id",
                                      err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, *id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long r = sqlite3_column_int64(st, 0);
        char theirs[65];
        row_hash_of(b->db, r, theirs);
        if (strcmp(theirs, gk_stmt_text(st, 1)) == 0) continue; /* b holds that restore */
        *id = r - 1;
        row_hash_of(b->db, *id, bh);
        break;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return 0;
    gk_sql_error(s, rc, _("cannot check the database"), err);
    return -1;
}

static long compare_backups(gk_store *s, const opened *o, report_fn report, void *ctx,
                            gk_error *err)
{
    long bad = 0;
    bool detailed = false;
    char num[32];
    for (size_t i = 0; o->db && i < o->n; i++) {
        gk_store *b = o->db[i];
        long long id;
        char bh[65], lh[65];
        if (!b || backup_head(b, &id, bh) != 1 || !same_database(s, b)) continue;
        if (agree_upto(s, b, &id, bh, err) != 0) return -1;
        if (id == 0) continue;
        if (live_hash(s, id, lh, err) != 0) return -1;
        if (strcmp(bh, lh) == 0) continue;
        snprintf(num, sizeof num, "%lld", id);
        gk_finding f = {GK_FIND_BACKUP_DIFFERS, {opened_path(o, i), num}};
        if (report) report(ctx, &f);
        bad++;
        if (!detailed) { /* the newest such backup names the rows */
            bad += name_differences(s, b, opened_path(o, i), id, report, ctx);
            detailed = true;
        }
    }
    return bad;
}

/* "A、B" of a node's departments in db (NULL: none). */
static const char node_depts_sql[] =
    "SELECT (SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd"
    " JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = n.id ORDER BY nd.pos))"
    " FROM node n WHERE n.uid = ?1";

/* The departments of every node against their last record; for each that
 * differs, the value in the newest backup that holds the node. */
static long check_depts(gk_store *s, const opened *o, report_fn report, void *ctx, gk_error *err)
{
    sqlite3_stmt *st = gk_sql_prepare(
        s,
        "SELECT n.uid, n.title, d.list, l.new, l.id FROM node n"
        " JOIN (SELECT n2.id AS id, (SELECT group_concat(name, '、') FROM (SELECT x.name"
        "  FROM node_dept nd JOIN dept x ON x.id = nd.dept_id WHERE nd.node_id = n2.id"
        "  ORDER BY nd.pos)) AS list FROM node n2) d ON d.id = n.id"
        " LEFT JOIN history l ON l.id = (SELECT max(h.id) FROM history h WHERE h.row_uid = n.uid"
        "  AND h.field = 'departments' AND h.tbl = 'node')"
        " WHERE ifnull(l.new, '') <> ifnull(d.list, '') ORDER BY n.id",
        err);
    if (!st) return -1;
    long bad = 0;
    int rc;
    char repair[1200];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *uid = gk_stmt_text(st, 0);
        const char *from = NULL;
        repair[0] = '\0';
        for (size_t i = 0; o->db && i < o->n && !from; i++) {
            sqlite3_stmt *b = NULL;
            if (!o->db[i] ||
                sqlite3_prepare_v2(o->db[i]->db, node_depts_sql, -1, &b, NULL) != SQLITE_OK)
                continue;
            sqlite3_bind_text(b, 1, uid, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(b) == SQLITE_ROW) {
                snprintf(repair, sizeof repair, "%s", gk_stmt_text(b, 0));
                from = opened_path(o, i);
            }
            sqlite3_finalize(b);
        }
        gk_finding f = {.arg = {uid, gk_stmt_text(st, 1), gk_stmt_text(st, 2)}};
        if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
            f.code = from ? GK_FIND_DEPTS_NEVER_FIX : GK_FIND_DEPTS_NEVER;
            f.arg[3] = from;
            f.arg[4] = repair;
        } else {
            f.code = from ? GK_FIND_DEPTS_CHANGED_FIX : GK_FIND_DEPTS_CHANGED;
            f.arg[3] = gk_stmt_text(st, 3);
            f.arg[4] = from;
            f.arg[5] = repair;
        }
        if (report) report(ctx, &f);
        bad++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gk_sql_error(s, rc, _("cannot check the database"), err);
        return -1;
    }
    return bad;
}

long gk_history_check(gk_store *s, report_fn report, void *ctx, gk_error *err)
{
    if (s->version < GK_SCHEMA_CHAIN) return 0;
    long n = verify_chain(s, report, ctx, err), r;
    if (n < 0) return -1;
    opened o = {0};
    if (!s->private_copy) open_backups(s, &o); /* a backup's own check: no backups of it */
    r = check_depts(s, &o, report, ctx, err);
    if (r >= 0) {
        n += r;
        r = o.n ? compare_backups(s, &o, report, ctx, err) : 0;
    }
    close_backups(&o);
    return r < 0 ? -1 : n + r;
}
