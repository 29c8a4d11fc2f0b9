/*
 * import.c — applying plan CSV rows to the database (see import.h).
 *
 * A row names a path (plan, goal, policy, item, indicator, series); every
 * node on it is found or created in order of first appearance. The row's
 * attribute cells describe the deepest node that owns them, and a row with
 * 年度 carries that year's target/actual (of the indicator or series) and
 * notes (of the indicator, else of the deepest node).
 *
 * Consecutive rows usually repeat the same path, so the last node found at
 * each level is cached and most rows cost no lookup.
 *
 * What this file creates is written once: a new node or series gets the
 * row's attributes in the INSERT that creates it, and the importer keeps,
 * per row it created, the line on which each attribute was first given (4
 * bytes each, the older rows' in a temporary file: import_line.c) and the
 * first 64 bits of its uid in a hash set, so that a child or series of a
 * node made by this import needs no lookup when the
 * set says it does not exist yet. An attribute repeated on the next rows
 * with the same value (Excel repeats 所管課, 単位, 初期値 on every year row)
 * costs no statement. For the rows that existed before the import, which
 * attributes this file gave (and on which line) is kept in a TEMP table.
 *
 * The pieces: import_path.c (plans, nodes), import_attr.c (attributes),
 * import_line.c (the lines of what it made), import_row.c (yearly cells,
 * one row); what they share is import_int.h.
 * This file keeps the statements, what the import made, the role checks and
 * begin / commit.
 */
#include "import_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

static const char *const query_sql[NQUERIES] = {
    [Q_PLAN_FIND] = "SELECT id, label_goal, label_policy, label_item, first_year, last_year, uid"
                    " FROM plan WHERE name = ?1",
    /* uids (?1) are derived from the row's identity here in C, from the
     * cached uid of the parent (gk_uid_derive in store.h). */
    [Q_PLAN_INSERT] = "INSERT INTO plan(uid, name, label_goal, label_policy, label_item, pos)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* read once per import: plan.pos has no index, and reading it for every
     * new plan made an import of 6,000 plans quadratic (issue 18) */
    [Q_PLAN_MAXPOS] = "SELECT ifnull(max(pos), -1) + 1 FROM plan",
    [Q_PLAN_LABELS] = "UPDATE plan SET label_goal = ?2, label_policy = ?3, label_item = ?4,"
                      " rev = rev + 1 WHERE id = ?1",
    [Q_PLAN_PERIOD] = "UPDATE plan SET first_year = ?2, last_year = ?3, rev = rev + 1"
                      " WHERE id = ?1",
    /* a plan renamed away from ?1 keeps the uid its first name gave it */
    [Q_PLAN_BY_UID] = "SELECT name FROM plan WHERE uid = ?1",
    [Q_NODE_FIND] = "SELECT id, uid, ifnull(tkey, '') FROM node WHERE plan_id = ?1"
                    " AND parent_id IS ?2 AND kind = ?3"
                    " AND title = ?4",
    /* the search's tree key and folded text (search.c) computed here too */
    [Q_NODE_INSERT] =
        "INSERT INTO node(uid, plan_id, parent_id, kind, title, pos, tkey, folded,"
        " content, review, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [Q_NODE_MAXPOS] = "SELECT ifnull(max(pos), -1) + 1 FROM node WHERE plan_id = ?1",
    [Q_NODE_GET] = "SELECT uid, content, review, unit, title FROM node WHERE id = ?1",
    /* ?2 names the column through a CASE so that the SQL stays constant. */
    [Q_NODE_SET] =
        "UPDATE node SET content = CASE ?2 WHEN " A_SQL_CONTENT " THEN ?3 ELSE content END,"
        " review = CASE ?2 WHEN " A_SQL_REVIEW " THEN ?3 ELSE review END,"
        " unit = CASE ?2 WHEN " A_SQL_UNIT " THEN ?3 ELSE unit END, rev = rev + 1 WHERE id = ?1",
    [Q_SEEN_GET] = "SELECT line, val FROM temp.gk_seen WHERE k = ?1",
    [Q_SEEN_PUT] = "INSERT OR IGNORE INTO temp.gk_seen(k, line, val) VALUES (?1, ?2, ?3)",
    [Q_SERIES_FIND] = "SELECT id, uid FROM series WHERE node_id = ?1 AND name = ?2",
    /* pos known: the series of an indicator just made (series_pos) */
    [Q_SERIES_INSERT_AT] = "INSERT INTO series(uid, node_id, name, pos, base_raw, base_year)"
                           " VALUES (?1, ?2, ?3, ?6, ?4, ?5)",
    [Q_SERIES_INSERT] =
        "INSERT INTO series(uid, node_id, name, pos, base_raw, base_year)"
        " VALUES (?1, ?2, ?3, (SELECT count(*) FROM series WHERE node_id = ?2), ?4, ?5)",
    [Q_SERIES_GET] = "SELECT uid, base_raw, base_year FROM series WHERE id = ?1",
    [Q_SERIES_SET] =
        "UPDATE series SET base_raw = CASE ?2 WHEN " A_SQL_BASE " THEN ?3 ELSE base_raw END,"
        " base_year = CASE ?2 WHEN " A_SQL_BASE_YEAR " THEN ?4 ELSE base_year END, rev = rev + 1"
        " WHERE id = ?1",
    [Q_DEPT_LIST] = "SELECT group_concat(name, '、') FROM (SELECT d.name FROM node_dept nd"
                    " JOIN dept d ON d.id = nd.dept_id WHERE nd.node_id = ?1 ORDER BY nd.pos)",
    [Q_DEPT_CLEAR] = "DELETE FROM node_dept WHERE node_id = ?1",
    [Q_DEPT_ID] = "SELECT id FROM dept WHERE name = ?1",
    [Q_DEPT_NEW] = "INSERT INTO dept(name) VALUES (?1)",
    /* pos (?3): counted in C, the list being written whole (write_list) */
    [Q_DEPT_ADD] = "INSERT OR IGNORE INTO node_dept(node_id, dept_id, pos) VALUES (?1, ?2, ?3)",
    /* 1 when node ?1 has no 所管課 of its own and ?2 is its nearest
     * ancestor's: `export --year` repeats it on every row (export.c) */
    /* whether node ?1 has no 所管課 of its own, and its parent */
    [Q_DEPT_OWN] = "SELECT NOT EXISTS (SELECT 1 FROM node_dept WHERE node_id = ?1), parent_id"
                   " FROM node WHERE id = ?1",
    [Q_TAG_LIST] = "SELECT group_concat(name, '、') FROM (SELECT t.name FROM node_tag nt"
                   " JOIN tag t ON t.id = nt.tag_id WHERE nt.node_id = ?1 ORDER BY nt.pos)",
    [Q_TAG_CLEAR] = "DELETE FROM node_tag WHERE node_id = ?1",
    [Q_TAG_ID] = "SELECT id FROM tag WHERE name = ?1",
    [Q_TAG_NEW] = "INSERT INTO tag(name) VALUES (?1)",
    [Q_TAG_ADD] = "INSERT OR IGNORE INTO node_tag(node_id, tag_id, pos) VALUES (?1, ?2, ?3)",
    [Q_VALUE_GET] = "SELECT target_raw, actual_raw FROM value WHERE series_id = ?1 AND year = ?2",
    [Q_VALUE_INSERT] = "INSERT INTO value(series_id, year, target_raw, actual_raw)"
                       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (series_id, year) DO NOTHING",
    [Q_VALUE_SET] = "UPDATE value SET target_raw = CASE ?2 WHEN 0 THEN ?3 ELSE target_raw END,"
                    " actual_raw = CASE ?2 WHEN 1 THEN ?3 ELSE actual_raw END, rev = rev + 1"
                    " WHERE series_id = ?1 AND year = ?4",
    [Q_NOTE_GET] = "SELECT id, uid, status, next_plan, evaluation FROM note"
                   " WHERE node_id = ?1 AND year = ?2",
    /* ?1: the uid, derived in C (note_uid) */
    [Q_NOTE_INSERT] = "INSERT INTO note(uid, node_id, year, status, next_plan, evaluation)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* what the trigger note_fold_* would do (triggers are off: gk_import_begin) */
    [Q_NODE_STALE] = "UPDATE node SET folded = NULL WHERE id = ?1",
    /* what the trigger node_fts_update would do for a node that was there
     * before (?2: node_max0); the new nodes enter node_fts at once, in
     * Q_FTS_NEW, when the import is done */
    [Q_FTS_DROP] = "INSERT INTO node_fts(node_fts, rowid, t) SELECT 'delete', id,"
                   " folded || char(1, 1) FROM node WHERE id = ?1 AND id <= ?2"
                   " AND folded IS NOT NULL",
    [Q_FTS_NEW] = "INSERT INTO node_fts(rowid, t) SELECT id, folded || char(1, 1) FROM node"
                  " WHERE id > ?1 AND folded IS NOT NULL",
    [Q_NOTE_SET] = "UPDATE note SET status = CASE ?2 WHEN 0 THEN ?3 ELSE status END,"
                   " next_plan = CASE ?2 WHEN 1 THEN ?3 ELSE next_plan END,"
                   " evaluation = CASE ?2 WHEN 2 THEN ?3 ELSE evaluation END, rev = rev + 1"
                   " WHERE id = ?1",
    /* for the office's imports, cheap tests before the full rule (need_edit) */
    [Q_LOCKED] = "SELECT 1 FROM year_lock WHERE year = ?1",
    [Q_FROZEN] = "SELECT 1 FROM temp.gk_frozen WHERE year = ?2 AND (node_id = ?1 OR node_id ="
                 " (SELECT parent_id FROM node WHERE id = ?1 AND kind = 'indicator'))",
};

/* --- statement helpers ------------------------------------------------------------ */

sqlite3_stmt *q(gk_importer *im, enum query which)
{
    sqlite3_stmt *st = im->q[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

int step_done(gk_importer *im, sqlite3_stmt *st, gk_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return rc;
    gk_sql_error(im->s, rc, _("cannot write the database"), err);
    return -1;
}

/* "FILE:LINE:COL: " prefix for a cell of the current row. */
void row_error(gk_importer *im, gk_col col, gk_error *err)
{
    int c = gk_plan_col_number(im->h, col);
    if (c > 0)
        gk_error_prefix(err, "%s:%ld:%d: %s", im->fname, im->row->line, c, gk_col_names[col]);
    else
        gk_error_prefix(err, "%s:%ld", im->fname, im->row->line);
}

/* --- what this import made ------------------------------------------------------- */

/* The first 64 bits of a uid (32 hex digits). */
static uint64_t uid_key(const char *uid)
{
    uint64_t k = 0;
    for (int i = 0; i < 16; i++) {
        char c = uid[i];
        k = k << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return k ? k : 1;
}

/* The three bits of uid's key in the filter (MADE_BITS long): three
 * stretches of the key, itself uniform (a uid is a hash). */
static size_t made_bit(uint64_t k, int i)
{
    return (size_t)(k >> (i * 20)) & (MADE_BITS - 1);
}

/* True when a node or series with this uid may have been made by this
 * import (a false positive only costs a lookup). */
bool made_may_have(const gk_importer *im, const char *uid)
{
    if (!im->made) return false;
    uint64_t k = uid_key(uid);
    for (int i = 0; i < 3; i++) {
        size_t b = made_bit(k, i);
        if (!(im->made[b / 8] & (1u << (b % 8)))) return false;
    }
    return true;
}

int made_add(gk_importer *im, const char *uid, gk_error *err)
{
    if (!im->made && !(im->made = calloc(MADE_BITS / 8, 1))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    uint64_t k = uid_key(uid);
    for (int i = 0; i < 3; i++) {
        size_t b = made_bit(k, i);
        im->made[b / 8] |= (uint8_t)(1u << (b % 8));
    }
    return 0;
}

/* --- who may change what (roles.h) ----------------------------------------------------- */

/* A change only the plan office makes: the plan's structure, its targets and
 * attributes. Anybody else's import is refused at the first such cell. */
int need_office(gk_importer *im, gk_col col, const char *what, gk_error *err)
{
    if (im->auth.role == GK_ROLE_OFFICE) return 0;
    gk_auth_refuse_admin(im->s, &im->auth, _(what), err); /* what: N_(), translated here */
    row_error(im, col, err);
    return -1;
}

/* For the office: 1 when year is locked or node frozen (submitted or
 * approved, it or its item), by the prepared statements; -1 on error. */
static int office_blocked(gk_importer *im, int64_t node, int year, gk_error *err)
{
    int rc = SQLITE_DONE;
    if (im->any_lock) {
        sqlite3_stmt *st = q(im, Q_LOCKED);
        sqlite3_bind_int(st, 1, year);
        rc = step_done(im, st, err);
    }
    if (rc == SQLITE_DONE && im->any_frozen) {
        sqlite3_stmt *st = q(im, Q_FROZEN);
        sqlite3_bind_int64(st, 1, node);
        sqlite3_bind_int(st, 2, year);
        rc = step_done(im, st, err);
    }
    return rc < 0 ? -1 : rc == SQLITE_ROW;
}

/* An actual or a note of node for year: the edit rule of the entry form
 * (for the office only what can stop it: a locked year, a frozen node). */
int need_edit(gk_importer *im, int64_t node, int year, gk_col col, gk_error *err)
{
    if (node == im->ok_node && year == im->ok_year) return 0;
    int blocked = im->auth.role == GK_ROLE_OFFICE ? office_blocked(im, node, year, err) : 1;
    if (blocked < 0) return -1;
    if (blocked) { /* the whole rule, for its message */
        int rc = flush_values(im, err);
        if (rc == 0) rc = flush_depts(im, err) == 0 ? 0 : -1;
        if (rc == 0) rc = gk_auth_edit(im->s, &im->auth, node, year, err);
        if (rc != 1) {
            row_error(im, col, err);
            return -1;
        }
    }
    im->ok_node = node;
    im->ok_year = year;
    return 0;
}

/* A target of year: office work, and not in a locked year. */
int need_target(gk_importer *im, int year, gk_error *err)
{
    if (need_office(im, GK_COL_TARGET, N_("change targets"), err) != 0) return -1;
    if (!im->any_lock) return 0;
    sqlite3_stmt *st = q(im, Q_LOCKED);
    sqlite3_bind_int(st, 1, year);
    int rc = step_done(im, st, err);
    if (rc != SQLITE_ROW) return rc < 0 ? -1 : 0;
    rc = gk_auth_locked(im->s, year, err); /* for its message */
    if (rc == 0) return 0;
    row_error(im, GK_COL_TARGET, err);
    return -1;
}

/* --- begin / commit --------------------------------------------------------------- */

static void importer_free(gk_importer *im)
{
    for (int i = 0; i < NQUERIES; i++)
        sqlite3_finalize(im->q[i]);
    sqlite3_finalize(im->value_batch);
    sqlite3_finalize(im->dept_batch);
    gk_history_batch_end(im->s, false, NULL); /* (written already unless failing) */
    free(im->inherited_text);
    free(im->nearest);
    pending_clear(im);
    if (im->triggers_off)
        sqlite3_db_config(im->s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, (int *)NULL);
    cache_clear_from(im, 0);
    for (int i = 0; i < 16; i++)
        free(im->seen_memo[i].val);
    for (int i = 0; i < im->nnames; i++)
        free(im->names[i].name);
    free(im->list_memo[0].raw);
    free(im->list_memo[1].raw);
    free(im->made);
    free(im->refold);
    free(im->pend_text);
    made_lines_free(&im->node_lines);
    made_lines_free(&im->series_lines);
    for (size_t i = 0; i < im->nplans; i++)
        free(im->plans[i].name);
    free(im->plans);
    free(im->plan_hash);
    free(im->evals);
    gk_auth_free(&im->auth);
    free(im);
}

gk_importer *gk_import_begin(gk_store *s, const gk_plan_header *h, const char *fname,
                             const char *plan, gk_error *err)
{
    gk_importer *im = calloc(1, sizeof *im);
    if (!im) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    im->s = s;
    im->h = h;
    im->fname = fname;
    im->plan_opt = plan;
    if (gk_store_begin(s, err) != 0) {
        free(im);
        return NULL;
    }
    sqlite3_stmt *hs = gk_sql_prepare(s, "SELECT coalesce(max(id), 0) FROM history", NULL);
    if (hs && sqlite3_step(hs) == SQLITE_ROW) im->hist_start = sqlite3_column_int64(hs, 0);
    sqlite3_finalize(hs);
    /* who imports, read inside the transaction; the owner of a file without
     * users is recorded as its first office user (roles.h) */
    if (gk_auth_load(s, &im->auth, err) != 0 ||
        (im->auth.bootstrap && gk_auth_bootstrap(s, err) != 0)) {
        gk_store_rollback(s);
        gk_auth_free(&im->auth);
        free(im);
        return NULL;
    }
    /* the history rows of the import many per statement (its own reads of
     * the history table come after gk_history_batch_end) */
    if (gk_history_batch_start(s, err) != 0) {
        gk_store_rollback(s);
        gk_auth_free(&im->auth);
        free(im);
        return NULL;
    }
    int rc = sqlite3_exec(s->db,
                          "CREATE TEMP TABLE IF NOT EXISTS gk_seen(k INTEGER PRIMARY KEY,"
                          " line INTEGER, val TEXT); DELETE FROM temp.gk_seen;"
                          /* the nodes submitted or approved when the import began */
                          "CREATE TEMP TABLE IF NOT EXISTS gk_frozen(node_id INTEGER, year"
                          " INTEGER, PRIMARY KEY (node_id, year)) WITHOUT ROWID;"
                          " DELETE FROM temp.gk_frozen; INSERT INTO temp.gk_frozen"
                          " SELECT node_id, year FROM note WHERE state IN ('submitted',"
                          " 'approved');",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        gk_sql_error(s, rc, _("cannot start the import"), err);
        gk_history_batch_end(s, false, NULL);
        gk_store_rollback(s);
        gk_auth_free(&im->auth);
        free(im);
        return NULL;
    }
    sqlite3_stmt *mx = gk_sql_prepare(
        s,
        "SELECT (SELECT ifnull(max(id), 0) FROM node), (SELECT ifnull(max(id), 0) FROM series),"
        " EXISTS (SELECT 1 FROM year_lock), EXISTS (SELECT 1 FROM note WHERE state IN"
        " ('submitted', 'approved'))",
        err);
    if (mx && sqlite3_step(mx) == SQLITE_ROW) {
        im->node_max0 = sqlite3_column_int64(mx, 0);
        im->series_max0 = sqlite3_column_int64(mx, 1);
        im->any_lock = sqlite3_column_int(mx, 2);
        im->any_frozen = sqlite3_column_int(mx, 3);
    }
    sqlite3_finalize(mx);
    /* The triggers of node and note (db/schema.sql) make every INSERT of a
     * node or note a statement that writes a statement journal (SQLite
     * copies each page it touches, a temp file once past 64 KiB): most of
     * an import's system time. They are off on this connection until the
     * importer is freed; the importer does their work itself: a node gets
     * its tkey in its INSERT, and a node whose 取組状況 or 次年度 changes is
     * marked for folding again (mark_stale). */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    im->triggers_off = true;
    for (int i = 0; i < NQUERIES; i++)
        if (!(im->q[i] = gk_sql_prepare(s, query_sql[i], err))) {
            gk_store_rollback(s);
            importer_free(im);
            return NULL;
        }
    /* VALUE_BATCH rows of Q_VALUE_INSERT's four columns (no conflict: only
     * new values are queued). OR ROLLBACK, with the deferred foreign key of
     * value (db/schema.sql), lets SQLite write a many-row INSERT without a
     * statement journal (a copy of every page it touches, a temporary file
     * past 64 KiB: 100 MB for the 100,000-indicator plan of make bench). A
     * failure here ends the import's transaction, which is what the
     * importer does with any failure anyway (gk_store_rollback sees that
     * there is none left to roll back). */
    im->value_batch = gk_sql_prepare_rows(
        s, "INSERT OR ROLLBACK INTO value(series_id, year, target_raw, actual_raw) VALUES ", 4,
        VALUE_BATCH, err);
    if (!im->value_batch) {
        gk_store_rollback(s);
        importer_free(im);
        return NULL;
    }
    return im;
}

/* The 評価 reason rule (value.h gk_eval_needs_reason) on every 評価 this
 * file wrote, now that every value is in: the plan CSV has no column for
 * the reason, so a 評価 that differs from the proposal the form would make
 * (the first series: its target in force and the year's actual) gets the
 * import as its reason, "imported from FILE; the proposal was X" — the
 * rule holds for every stored 評価 and the report says where it came from,
 * while the published plans that carry a department's own 評価 still
 * import. */
static int eval_reasons(gk_importer *im, gk_error *err)
{
    if (!im->nevals) return 0;
    gk_store *s = im->s;
    sqlite3_stmt *nq = gk_sql_prepare(
        s,
        "SELECT o.id, o.uid, o.evaluation, o.eval_reason, ifnull(n.unit, ''), s.id, s.base_raw,"
        " ifnull(s.base_year, 0) FROM note o JOIN node n ON n.id = o.node_id"
        " LEFT JOIN series s ON s.id = (SELECT x.id FROM series x WHERE x.node_id = n.id"
        " ORDER BY x.pos LIMIT 1) WHERE o.node_id = ?1 AND o.year = ?2",
        err);
    sqlite3_stmt *vq = nq ? gk_sql_prepare(s,
                                           "SELECT year, target_raw, actual_raw FROM value"
                                           " WHERE series_id = ?1 AND year <= ?2 ORDER BY year",
                                           err)
                          : NULL;
    sqlite3_stmt *uq =
        vq ? gk_sql_prepare(s, "UPDATE note SET eval_reason = ?2, rev = rev + 1 WHERE id = ?1", err)
           : NULL;
    int rc = uq ? 0 : -1;
    const char *file = strrchr(im->fname, '/') ? strrchr(im->fname, '/') + 1 : im->fname;
    for (size_t i = 0; rc == 0 && i < im->nevals; i++) {
        const struct eval_written *e = &im->evals[i];
        sqlite3_reset(nq);
        sqlite3_bind_int64(nq, 1, e->node);
        sqlite3_bind_int(nq, 2, e->year);
        int step = sqlite3_step(nq);
        if (step != SQLITE_ROW || sqlite3_column_type(nq, 5) == SQLITE_NULL) {
            rc = gk_sql_step_done(s, step == SQLITE_ROW ? SQLITE_DONE : step, err);
            continue; /* no series: nothing is proposed */
        }
        /* the first series up to the year, as the form reads it */
        gk_year_value yv[GK_FY_MAX - GK_FY_MIN + 1];
        gk_series_info sr = {.name = "",
                             .base = (char *)gk_stmt_opt(nq, 6),
                             .base_year = sqlite3_column_int(nq, 7),
                             .years = yv};
        sqlite3_reset(vq);
        sqlite3_bind_int64(vq, 1, sqlite3_column_int64(nq, 5));
        sqlite3_bind_int(vq, 2, e->year);
        int vs;
        while ((vs = sqlite3_step(vq)) == SQLITE_ROW && sr.nyears < sizeof yv / sizeof *yv) {
            yv[sr.nyears].year = sqlite3_column_int(vq, 0);
            yv[sr.nyears].target = gk_stmt_opt(vq, 1) ? strdup(gk_stmt_opt(vq, 1)) : NULL;
            yv[sr.nyears].actual = gk_stmt_opt(vq, 2) ? strdup(gk_stmt_opt(vq, 2)) : NULL;
            sr.nyears++;
        }
        if (vs != SQLITE_ROW && vs != SQLITE_DONE) rc = gk_sql_step_done(s, vs, err);
        const char *unit = gk_stmt_text(nq, 4);
        gk_series_buf b = {0};
        const char *proposal = NULL;
        if (rc == 0 && sr.nyears) {
            if (gk_series_from_detail(&sr, unit, sr.years[0].year, e->year, &b) != 0) {
                gk_error_set(err, _("out of memory"));
                rc = -1;
            } else {
                size_t at = b.sy.n - 1;
                proposal = gk_eval_propose(sr.base, gk_series_target(&b.sy, at, NULL),
                                           b.actuals[at], unit, b.sy.dir);
            }
        }
        const char *ev = gk_stmt_opt(nq, 2), *old = gk_stmt_opt(nq, 3);
        if (rc == 0 && gk_eval_needs_reason(proposal, ev, old)) {
            char reason[1024];
            snprintf(reason, sizeof reason, _("imported from %s; the proposal was %s"), file,
                     proposal);
            sqlite3_reset(uq);
            sqlite3_bind_int64(uq, 1, sqlite3_column_int64(nq, 0));
            gk_sql_bind_text(uq, 2, reason);
            rc = gk_sql_step_done(s, sqlite3_step(uq), err);
            if (rc == 0 && e->existed)
                rc =
                    gk_history_add(s, "note", gk_stmt_text(nq, 1), "eval_reason", old, reason, err);
        }
        gk_series_buf_free(&b);
        for (size_t k = 0; k < sr.nyears; k++) {
            free(yv[k].target);
            free(yv[k].actual);
        }
    }
    sqlite3_finalize(nq);
    sqlite3_finalize(vq);
    sqlite3_finalize(uq);
    return rc;
}

/* A plan this import created keeps its entry where its notes (and its
 * departments) are (progress.h gk_layout); a plan already there keeps the
 * office's choice (plan set --entry). */
static int infer_entry(gk_importer *im, gk_error *err)
{
    if (im->s->version && im->s->version < GK_SCHEMA_ENTRY) return 0;
    for (size_t i = 0; i < im->nplans; i++) {
        if (!im->plans[i].created) continue;
        /* every node of a plan this import created is above node_max0 (?2),
         * and so are the notes' node ids: those notes alone are read */
        sqlite3_stmt *st =
            gk_sql_prepare(im->s,
                           "UPDATE plan SET entry = " GK_SQL_ENTRY_INFER_IN(
                               "?1", "CROSS JOIN", " AND o.node_id > ?2") " WHERE id = ?1",
                           err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, im->plans[i].id);
        sqlite3_bind_int64(st, 2, im->node_max0);
        if (gk_sql_run(im->s, st, _("cannot store where the entry lives"), err) != 0) return -1;
    }
    return 0;
}

int gk_import_commit(gk_importer *im, gk_import_stats *out, gk_error *err)
{
    int rc = flush_values(im, err);
    if (rc == 0) rc = flush_depts(im, err);
    if (rc == 0) rc = eval_reasons(im, err);
    if (rc == 0) rc = save_plan_attrs(im, err);
    if (rc == 0) rc = gk_dept_unify_tx(im->s, err);
    if (rc == 0) rc = refold_new(im, err);
    if (rc == 0) { /* the new nodes' search text into the index, in one statement */
        sqlite3_stmt *st = q(im, Q_FTS_NEW);
        sqlite3_bind_int64(st, 1, im->node_max0);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
    }
    if (rc == 0) rc = infer_entry(im, err);
    if (rc == 0) rc = gk_history_batch_end(im->s, true, err);
    if (out) *out = im->st;
    gk_store *s = im->s;
    importer_free(im);
    if (rc != 0) {
        gk_store_rollback(s);
        return -1;
    }
    return gk_store_commit(s, err);
}

int gk_import_dry_run(gk_importer *im, gk_import_stats *out, gk_import_change_fn fn, void *ctx,
                      gk_error *err)
{
    int rc = flush_values(im, err);
    if (rc == 0) rc = flush_depts(im, err);
    if (rc == 0) rc = eval_reasons(im, err);
    if (rc == 0) rc = save_plan_attrs(im, err);
    if (rc == 0) rc = gk_dept_unify_tx(im->s, err);
    if (rc == 0) rc = infer_entry(im, err);
    if (rc == 0) rc = gk_history_batch_end(im->s, true, err); /* read below */
    if (out) *out = im->st;
    gk_store *s = im->s;
    int64_t start = im->hist_start;
    importer_free(im);
    /* the overwritten cells, as the history of this transaction has them; a
     * value's uid is derived (db/schema.sql) and note.uid has no index, so
     * the cells' uids are gathered once into a temporary table (rolled back
     * with the rest): looked up in note itself, every history row scanned
     * the whole table (a dry run of 20,000 indicators took 21 s, the import
     * 2 s) */
    if (rc == 0 && sqlite3_exec(s->db,
                                "CREATE TEMP TABLE gk_vuid (uid TEXT PRIMARY KEY, node INTEGER,"
                                " year INTEGER);"
                                "INSERT OR IGNORE INTO temp.gk_vuid SELECT gk_uid(s.uid, 'value',"
                                " v.year), s.node_id, v.year FROM value v JOIN series s"
                                " ON s.id = v.series_id;"
                                "INSERT OR IGNORE INTO temp.gk_vuid SELECT uid, node_id, year"
                                " FROM note",
                                NULL, NULL, NULL) != SQLITE_OK) {
        gk_sql_error(s, sqlite3_errcode(s->db), _("cannot read the database"), err);
        rc = -1;
    }
    sqlite3_stmt *st =
        rc != 0
            ? NULL
            : gk_sql_prepare(s,
                             "SELECT h.field, h.old, h.new, coalesce((SELECT x.node FROM"
                             " temp.gk_vuid x WHERE x.uid = h.row_uid), (SELECT n.id FROM node n"
                             " WHERE n.uid = h.row_uid)), (SELECT x.year FROM temp.gk_vuid x"
                             " WHERE x.uid = h.row_uid), h.row_uid, h.tbl FROM history h"
                             " WHERE h.id > ?1 AND h.tbl <> 'user' ORDER BY h.id",
                             err);
    if (rc == 0 && !st) rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, start);
        int step = SQLITE_DONE;
        while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t node = sqlite3_column_int64(st, 3);
            char *path = node ? gk_node_path(s, node) : NULL, where[4096], fy[32];
            if (sqlite3_column_type(st, 4) != SQLITE_NULL)
                snprintf(where, sizeof where, "%s %s", path ? path : gk_stmt_text(st, 5),
                         gk_fy_short(sqlite3_column_int(st, 4), fy, sizeof fy));
            else
                snprintf(where, sizeof where, "%s", path ? path : gk_stmt_text(st, 5));
            rc = fn(ctx, gk_stmt_text(st, 6), where, gk_stmt_text(st, 0), gk_stmt_opt(st, 1),
                    gk_stmt_opt(st, 2), err);
            free(path);
        }
        if (rc == 0) rc = gk_sql_step_done(s, step, err);
        sqlite3_finalize(st);
    }
    gk_store_rollback(s);
    return rc;
}

void gk_import_abort(gk_importer *im)
{
    gk_store *s = im->s;
    importer_free(im);
    gk_store_rollback(s);
}
