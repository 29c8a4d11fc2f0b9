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
 * bytes each) and the first 64 bits of its uid in a hash set, so that a
 * child or series of a node made by this import needs no lookup when the
 * set says it does not exist yet. An attribute repeated on the next rows
 * with the same value (Excel repeats 所管課, 単位, 初期値 on every year row)
 * costs no statement. For the rows that existed before the import, which
 * attributes this file gave (and on which line) is kept in a TEMP table.
 */
#include "gyokaku/import.h"
#include "gyokaku/plancsv.h" /* io/: the column helpers (gk_col_names, gk_split_list …) */

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/dept.h"
#include "gyokaku/i18n.h"
#include "gyokaku/note.h"
#include "gyokaku/text.h"
#include "gyokaku/node.h"
#include "gyokaku/series.h"
#include "gyokaku/value.h"
#include "gyokaku/workflow.h"
#include "store_int.h"

enum level { L_GOAL, L_POLICY, L_ITEM, L_INDICATOR, NLEVELS };
/* The stored kind of a level (node.h). */
#define LEVEL_KIND(l) gk_node_kind_name((gk_node_kind)(GK_NODE_GOAL + (l)))
static const gk_col level_col[NLEVELS] = {GK_COL_GOAL, GK_COL_POLICY, GK_COL_ITEM,
                                          GK_COL_INDICATOR};

/* Attribute codes in the TEMP table key (id * 16 + code). */
enum attr { A_CONTENT, A_DEPT, A_TAGS, A_REVIEW, A_UNIT, A_BASE = 8, A_BASE_YEAR };
#define NODE_ATTRS (A_UNIT + 1)
/* Values of series made by this import are written this many rows per
 * INSERT statement (flush_values). */
#define VALUE_BATCH 256
#define SERIES_ATTRS 2 /* A_BASE, A_BASE_YEAR */

enum query {
    Q_PLAN_FIND,
    Q_PLAN_INSERT,
    Q_PLAN_MAXPOS,
    Q_PLAN_LABELS,
    Q_PLAN_PERIOD,
    Q_PLAN_BY_UID,
    Q_NODE_FIND,
    Q_NODE_INSERT,
    Q_NODE_MAXPOS,
    Q_NODE_GET,
    Q_NODE_SET,
    Q_SEEN_GET,
    Q_SEEN_PUT,
    Q_SERIES_FIND,
    Q_SERIES_INSERT,
    Q_SERIES_INSERT_AT,
    Q_SERIES_GET,
    Q_SERIES_SET,
    Q_DEPT_LIST,
    Q_DEPT_OWN,
    Q_DEPT_CLEAR,
    Q_DEPT_ID,
    Q_DEPT_NEW,
    Q_DEPT_ADD,
    Q_TAG_LIST,
    Q_TAG_CLEAR,
    Q_TAG_ID,
    Q_TAG_NEW,
    Q_TAG_ADD,
    Q_VALUE_GET,
    Q_VALUE_INSERT,
    Q_VALUE_SET,
    Q_NOTE_GET,
    Q_NOTE_INSERT,
    Q_NOTE_SET,
    Q_NODE_STALE,
    Q_FTS_DROP,
    Q_FTS_NEW,
    Q_LOCKED,
    Q_FROZEN,
    NQUERIES
};

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
    [Q_NODE_SET] = "UPDATE node SET content = CASE ?2 WHEN 0 THEN ?3 ELSE content END,"
                   " review = CASE ?2 WHEN 3 THEN ?3 ELSE review END,"
                   " unit = CASE ?2 WHEN 4 THEN ?3 ELSE unit END, rev = rev + 1 WHERE id = ?1",
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
    [Q_SERIES_SET] = "UPDATE series SET base_raw = CASE ?2 WHEN 8 THEN ?3 ELSE base_raw END,"
                     " base_year = CASE ?2 WHEN 9 THEN ?4 ELSE base_year END, rev = rev + 1"
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

struct cached_node {
    int64_t parent; /* 0: under the plan */
    int64_t id;     /* 0: empty slot */
    char uid[33];
    char tkey[9 * NLEVELS]; /* node.tkey: its parent's and 8 hex digits of pos */
    char *title;
    char *unit; /* indicators: the unit as stored, NULL until read */
};

typedef struct plan_state {
    int64_t id;
    char uid[33];
    char *name;
    bool created;
    int64_t next_pos;
    int first_year, last_year; /* period after this import, 0 unknown */
    int old_first, old_last;
    char label[3][GK_LEVEL_NAME_MAX]; /* level names in the database */
    /* 計画期間 and 階層 as this file gives them (line 0: not given) */
    long period_line, levels_line;
    int period_first, period_last;
    char levels[3][GK_LEVEL_NAME_MAX];
    /* the earliest and latest 年度 of this file's rows, with their lines */
    int min_year, max_year;
    long min_line, max_line;
} plan_state;

/* The most ancestors nearest_depts remembers (deeper: not remembered). */
#define NEAREST_CHAIN 32

struct gk_importer {
    gk_store *s;
    int64_t hist_start; /* the last history row before this import (dry run) */
    const gk_plan_header *h;
    const char *fname;
    const char *plan_opt;
    sqlite3_stmt *q[NQUERIES];
    gk_import_stats st;
    plan_state *plans; /* plans touched by this file (usually few) */
    size_t nplans, plans_cap;
    size_t *plan_hash; /* open addressing: index + 1 into plans, 0 empty */
    size_t plan_hash_cap;
    int64_t plan_pos; /* the pos of the next new plan; read at the first */
    bool plan_pos_known;
    plan_state *plan; /* the current row's */
    struct cached_node cache[NLEVELS];
    int64_t series_node, series_id;
    /* the last indicator inserted and how many series it has: every one
     * since it was made, so their pos is counted here, not read */
    int64_t made_indicator;
    int made_indicator_series;
    char *series_name;
    char series_uid[33];    /* of series_id: value uids derive from it, once per row */
    const gk_plan_row *row; /* row being applied, for messages */
    int64_t node_max0;      /* largest node id before this import: above it, new nodes */
    /* per attribute code, the last (key, value) known to be in temp.gk_seen:
     * an attribute repeated on the next rows with the same value (所管課,
     * 単位, 初期値 on every year row) costs no statement */
    struct {
        int64_t key;
        char *val;
    } seen_memo[16];
    /* per list attribute (所管課, テーマ), the last node and cell text known
     * to agree with this file: the same cell on the next row is not split */
    struct {
        int64_t node;
        char *raw;
    } list_memo[2];
    /* the last node whose 所管課 on a row was found to be the one it
     * inherits (set_node_attr), and that text */
    int64_t inherited_node;
    char *inherited_text;
    /* the 所管課 a child of node nearest_of inherits (nearest_depts), NULL
     * when not known, and the nodes it was looked for on (nearest_of and
     * its ancestors up to the one that has some): forgotten when this
     * import writes the list of one of them */
    int64_t nearest_of;
    char *nearest;
    int64_t chain[NEAREST_CHAIN];
    int nchain;
    int64_t series_max0; /* the same for series */
    /* per node and series made by this import (id above node_max0 or
     * series_max0): the line on which each attribute was first given, 0
     * when not yet */
    uint32_t *node_line, *series_line;
    size_t node_line_n, series_line_n; /* rows allocated */
    /* the first 64 bits of the uids of the nodes and series made by this
     * import (open addressing, 0 empty; made_cap a power of two) */
    uint64_t *made;
    size_t made_cap, made_n;
    /* the ids of the departments and tags met so far (few in a plan) */
    struct {
        char *name;
        int64_t id;
        bool dept;
    } names[64];
    int nnames;
    gk_auth auth;       /* who imports (roles.h), read inside the transaction */
    bool triggers_off;  /* SQLITE_DBCONFIG_ENABLE_TRIGGER is 0 (gk_import_begin) */
    bool any_lock;      /* some year is locked: check each yearly cell */
    bool any_frozen;    /* some note is submitted or approved: check each yearly cell */
    int64_t stale_node; /* the last node whose search text was marked stale */
    /* The last series made by this import and the years this file gave it
     * (bit year - GK_FY_MIN): a year not given yet is a new value for sure,
     * queued here and written VALUE_BATCH at a time by one statement. */
    int64_t fresh_series;
    uint64_t fresh_years[(GK_FY_MAX - GK_FY_MIN) / 64 + 1];
    struct pending_value {
        int year;
        int64_t series;
        size_t target, actual; /* offsets of the texts in pend_text, NO_TEXT: none */
        long line;
    } pend[VALUE_BATCH];
    int npend;
    char *pend_text;           /* the queued texts, NUL-terminated one after another: */
    size_t pend_len, pend_cap; /* one allocation for a batch, not two per value */
    sqlite3_stmt *value_batch;
    int64_t ok_node; /* the last node and year a yearly cell was allowed for */
    int ok_year;
    /* the notes whose 評価 this file wrote: the reason rule (value.h
     * gk_eval_needs_reason) is applied to them once every value is in
     * (eval_reasons), since a row's 評価 may come before the actuals */
    struct eval_written {
        int64_t node;
        int year;
        bool existed; /* the note was there before this import: history */
    } * evals;
    size_t nevals, evals_cap;
};

/* --- statement helpers ------------------------------------------------------------ */

static sqlite3_stmt *q(gk_importer *im, enum query which)
{
    sqlite3_stmt *st = im->q[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static int step_done(gk_importer *im, sqlite3_stmt *st, gk_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return rc;
    gk_sql_error(im->s, rc, _("cannot write the database"), err);
    return -1;
}

/* "FILE:LINE:COL: " prefix for a cell of the current row. */
static void row_error(gk_importer *im, gk_col col, gk_error *err)
{
    int c = gk_plan_col_number(im->h, col);
    if (c > 0)
        gk_error_prefix(err, "%s:%ld:%d: %s", im->fname, im->row->line, c, gk_col_names[col]);
    else
        gk_error_prefix(err, "%s:%ld", im->fname, im->row->line);
}

/* --- what this import made ------------------------------------------------------- */

/* The first 64 bits of a uid (32 hex digits), never 0 (0 marks an empty slot). */
static uint64_t uid_key(const char *uid)
{
    uint64_t k = 0;
    for (int i = 0; i < 16; i++) {
        char c = uid[i];
        k = k << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return k ? k : 1;
}

/* True when a node or series with this uid may have been made by this
 * import (a false positive only costs a lookup). */
static bool made_may_have(const gk_importer *im, const char *uid)
{
    if (!im->made_cap) return false;
    uint64_t k = uid_key(uid);
    for (size_t i = k & (im->made_cap - 1);; i = (i + 1) & (im->made_cap - 1)) {
        if (im->made[i] == k) return true;
        if (!im->made[i]) return false;
    }
}

static int made_add(gk_importer *im, const char *uid, gk_error *err)
{
    if (2 * (im->made_n + 1) > im->made_cap) { /* at most half full */
        size_t cap = im->made_cap ? 2 * im->made_cap : 1024;
        uint64_t *grown = calloc(cap, sizeof *grown);
        if (!grown) {
            gk_error_set(err, _("out of memory"));
            return -1;
        }
        for (size_t j = 0; j < im->made_cap; j++) {
            if (!im->made[j]) continue;
            size_t i = im->made[j] & (cap - 1);
            while (grown[i])
                i = (i + 1) & (cap - 1);
            grown[i] = im->made[j];
        }
        free(im->made);
        im->made = grown;
        im->made_cap = cap;
    }
    uint64_t k = uid_key(uid);
    size_t i = k & (im->made_cap - 1);
    while (im->made[i] && im->made[i] != k)
        i = (i + 1) & (im->made_cap - 1);
    if (!im->made[i]) im->made_n++;
    im->made[i] = k;
    return 0;
}

/* The slot of the line on which attribute a of row id (made by this
 * import: id > max0) was first given; NULL when out of memory. */
static uint32_t *made_line(uint32_t **lines, size_t *n, int64_t max0, int64_t id, int per, int a)
{
    assert(id > max0 && a >= 0 && a < per);
    size_t row = (size_t)(id - max0 - 1);
    if (row >= *n) {
        size_t want = *n ? *n : 1024;
        while (want <= row)
            want *= 2;
        uint32_t *grown = realloc(*lines, want * (size_t)per * sizeof *grown);
        if (!grown) return NULL;
        memset(grown + *n * (size_t)per, 0, (want - *n) * (size_t)per * sizeof *grown);
        *lines = grown;
        *n = want;
    }
    return &(*lines)[row * (size_t)per + (size_t)a];
}

static uint32_t *node_line(gk_importer *im, int64_t node, enum attr a, gk_error *err)
{
    uint32_t *l =
        made_line(&im->node_line, &im->node_line_n, im->node_max0, node, NODE_ATTRS, (int)a);
    if (!l) gk_error_set(err, _("out of memory"));
    return l;
}

static uint32_t *series_line(gk_importer *im, int64_t series, enum attr a, gk_error *err)
{
    uint32_t *l = made_line(&im->series_line, &im->series_line_n, im->series_max0, series,
                            SERIES_ATTRS, (int)a - A_BASE);
    if (!l) gk_error_set(err, _("out of memory"));
    return l;
}

static int flush_values(gk_importer *im, gk_error *err);

/* --- who may change what (roles.h) ----------------------------------------------------- */

/* A change only the plan office makes: the plan's structure, its targets and
 * attributes. Anybody else's import is refused at the first such cell. */
static int need_office(gk_importer *im, gk_col col, const char *what, gk_error *err)
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
static int need_edit(gk_importer *im, int64_t node, int year, gk_col col, gk_error *err)
{
    if (node == im->ok_node && year == im->ok_year) return 0;
    int blocked = im->auth.role == GK_ROLE_OFFICE ? office_blocked(im, node, year, err) : 1;
    if (blocked < 0) return -1;
    if (blocked) { /* the whole rule, for its message */
        int rc = flush_values(im, err);
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
static int need_target(gk_importer *im, int year, gk_error *err)
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

/* --- plans ------------------------------------------------------------------------ */

static void load_plan_row(plan_state *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    for (int i = 0; i < 3; i++)
        snprintf(p->label[i], sizeof p->label[i], "%s", gk_col_text(st, 1 + i));
    p->first_year = p->old_first = sqlite3_column_int(st, 4);
    p->last_year = p->old_last = sqlite3_column_int(st, 5);
    snprintf(p->uid, sizeof p->uid, "%s", gk_col_text(st, 6));
}

static size_t name_hash(const char *name)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* The plans already met, by name: a file of thousands of plans is looked
 * up in constant time, not by comparing every name (quadratic). Returns
 * the index or -1; with add, records index i for name (0 or -1 when out of
 * memory). */
static long plan_index(gk_importer *im, const char *name, long add)
{
    if (add >= 0 && (size_t)(im->nplans + 1) * 2 > im->plan_hash_cap) {
        size_t cap = im->plan_hash_cap ? im->plan_hash_cap * 2 : 64;
        size_t *h = calloc(cap, sizeof *h);
        if (!h) return -1;
        for (size_t i = 0; i < im->nplans; i++) {
            size_t k = name_hash(im->plans[i].name) & (cap - 1);
            while (h[k])
                k = (k + 1) & (cap - 1);
            h[k] = i + 1;
        }
        free(im->plan_hash);
        im->plan_hash = h;
        im->plan_hash_cap = cap;
    }
    if (!im->plan_hash_cap) return -1;
    size_t k = name_hash(name) & (im->plan_hash_cap - 1);
    while (im->plan_hash[k]) {
        size_t i = im->plan_hash[k] - 1;
        if (add < 0 && strcmp(im->plans[i].name, name) == 0) return (long)i;
        k = (k + 1) & (im->plan_hash_cap - 1);
    }
    if (add < 0) return -1;
    im->plan_hash[k] = (size_t)add + 1;
    return 0;
}

static plan_state *find_plan(gk_importer *im, const char *name, gk_error *err)
{
    /* the rows of one plan usually follow each other: the current first */
    if (im->plan && strcmp(im->plan->name, name) == 0) return im->plan;
    long found = plan_index(im, name, -1);
    if (found >= 0) return &im->plans[found];
    if (im->nplans == im->plans_cap) { /* doubled: a file of many plans stays linear */
        size_t cap = im->plans_cap ? im->plans_cap * 2 : 8;
        plan_state *grown = realloc(im->plans, cap * sizeof *grown);
        if (!grown) {
            gk_error_set(err, _("out of memory"));
            return NULL;
        }
        if (im->plan) im->plan = grown + (im->plan - im->plans);
        im->plans = grown;
        im->plans_cap = cap;
    }
    plan_state *p = &im->plans[im->nplans];
    memset(p, 0, sizeof *p);
    if (!(p->name = strdup(name))) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    if (plan_index(im, name, (long)im->nplans) != 0) {
        free(p->name);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    im->nplans++;

    sqlite3_stmt *st = q(im, Q_PLAN_FIND);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = step_done(im, st, err);
    if (rc < 0) return NULL;
    bool created = rc != SQLITE_ROW;
    if (!created) {
        load_plan_row(p, st);
    } else {
        if (need_office(im, GK_COL_PLAN, N_("add a plan"), err) != 0) return NULL;
        gk_uid_derive(p->uid, "", "plan", name);
        st = q(im, Q_PLAN_BY_UID);
        sqlite3_bind_text(st, 1, p->uid, -1, SQLITE_STATIC);
        if ((rc = step_done(im, st, err)) < 0) return NULL;
        if (rc == SQLITE_ROW) {
            gk_error_set(err,
                         _("plan \"%s\" was renamed to \"%s\" (it keeps the identifiers of its "
                           "first name): write \"%s\" in the 計画 column (or --plan), or rename it "
                           "back with: gyokaku plan rename \"%s\" \"%s\""),
                         name, gk_col_text(st, 0), gk_col_text(st, 0), gk_col_text(st, 0), name);
            row_error(im, GK_COL_PLAN, err);
            return NULL;
        }
        for (int i = 0; i < 3; i++)
            snprintf(p->label[i], sizeof p->label[i], "%s", im->h->label[i]);
        if (!im->plan_pos_known) {
            st = q(im, Q_PLAN_MAXPOS);
            if (step_done(im, st, err) < 0) return NULL;
            im->plan_pos = sqlite3_column_int64(st, 0);
            im->plan_pos_known = true;
        }
        st = q(im, Q_PLAN_INSERT);
        sqlite3_bind_text(st, 1, p->uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, im->plan_pos++);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        for (int i = 0; i < 3; i++)
            sqlite3_bind_text(st, 3 + i, im->h->label[i], -1, SQLITE_STATIC);
        if (step_done(im, st, err) < 0) return NULL;
        p->id = sqlite3_last_insert_rowid(im->s->db);
        im->st.plans_created++;
    }
    p->created = created;
    st = q(im, Q_NODE_MAXPOS);
    sqlite3_bind_int64(st, 1, p->id);
    if (step_done(im, st, err) < 0) return NULL;
    p->next_pos = sqlite3_column_int64(st, 0);
    return p;
}

/* "2024-2028" / "基本目標/取組方針/取組項目": how the history and export
 * write a period and level names. */
static void period_text(char *buf, size_t n, int first, int last)
{
    if (first)
        snprintf(buf, n, "%d-%d", first, last);
    else
        buf[0] = '\0';
}

static void levels_text(char *buf, size_t n, const char *const lab[3])
{
    snprintf(buf, n, "%s/%s/%s", lab[0], lab[1], lab[2]);
}

/* "FILE:LINE:COL: column: " for a cell of an earlier line (commit-time checks). */
static void line_error(gk_importer *im, long line, gk_col col, gk_error *err)
{
    int c = gk_plan_col_number(im->h, col);
    gk_error_prefix(err, "%s:%ld:%d: %s", im->fname, line, c, gk_col_names[col]);
}

/* A period given by 計画期間 holds every year of the plan: this file's rows
 * and what the database had. */
static int check_period(gk_importer *im, plan_state *p, gk_error *err)
{
    char per[32];
    period_text(per, sizeof per, p->period_first, p->period_last);
    if (p->min_line && p->min_year < p->period_first) {
        gk_error_set(err, _("%d is outside the plan's period %s (計画期間, line %ld)"), p->min_year,
                     per, p->period_line);
        line_error(im, p->min_line, GK_COL_YEAR, err);
        return -1;
    }
    if (p->max_line && p->max_year > p->period_last) {
        gk_error_set(err, _("%d is outside the plan's period %s (計画期間, line %ld)"), p->max_year,
                     per, p->period_line);
        line_error(im, p->max_line, GK_COL_YEAR, err);
        return -1;
    }
    for (int latest = 0; latest < 2; latest++) {
        int y = gk_plan_year_outside(im->s, p->id, p->period_first, p->period_last, latest, err);
        if (y < 0) return -1;
        if (y == 0) continue;
        gk_error_set(err,
                     _("plan \"%s\" already has values or notes for %d, outside the period %s; "
                       "remove them first or give a period that holds them"),
                     p->name, y, per);
        line_error(im, p->period_line, GK_COL_PERIOD, err);
        return -1;
    }
    return 0;
}

/* Writes what this file says of each plan: its period (計画期間, else
 * widened to the years of its rows) and its level names (階層, else the
 * header's aliases). A change of an existing plan's 計画期間 or level
 * names is kept in the change history. */
static int save_plan_attrs(gk_importer *im, gk_error *err)
{
    for (size_t i = 0; i < im->nplans; i++) {
        plan_state *p = &im->plans[i];
        if (p->period_line) {
            if (check_period(im, p, err) != 0) return -1;
            p->first_year = p->period_first;
            p->last_year = p->period_last;
        }
        if (p->first_year != p->old_first || p->last_year != p->old_last) {
            if (im->auth.role != GK_ROLE_OFFICE) {
                gk_auth_refuse_admin(im->s, &im->auth, _("change the plan's period"), err);
                line_error(im, p->period_line ? p->period_line : p->max_line,
                           p->period_line ? GK_COL_PERIOD : GK_COL_YEAR, err);
                return -1;
            }
            sqlite3_stmt *st = q(im, Q_PLAN_PERIOD);
            sqlite3_bind_int64(st, 1, p->id);
            sqlite3_bind_int(st, 2, p->first_year);
            sqlite3_bind_int(st, 3, p->last_year);
            if (step_done(im, st, err) < 0) return -1;
            if (p->period_line) {
                char old[32], new_[32];
                period_text(old, sizeof old, p->old_first, p->old_last);
                period_text(new_, sizeof new_, p->first_year, p->last_year);
                if (*old && gk_history_add(im->s, "plan", p->uid, "period", old, new_, err) != 0)
                    return -1;
                if (*old)
                    im->st.attrs_changed++;
                else
                    im->st.attrs_set++;
            }
        }
        /* without 階層, a header alias (基本方針 for 基本目標) names its level;
         * a canonical header name leaves an existing plan's name as it is */
        static const char *const canonical[3] = {GK_LABEL_GOAL, GK_LABEL_POLICY, GK_LABEL_ITEM};
        const char *want[3];
        const char *const *head = im->h->label;
        for (int k = 0; k < 3; k++)
            want[k] = p->levels_line                  ? p->levels[k]
                      : strcmp(head[k], canonical[k]) ? head[k]
                                                      : p->label[k];
        if (!strcmp(want[0], p->label[0]) && !strcmp(want[1], p->label[1]) &&
            !strcmp(want[2], p->label[2]))
            continue;
        if (im->auth.role != GK_ROLE_OFFICE) {
            gk_auth_refuse_admin(im->s, &im->auth, _("change the plan's level names"), err);
            line_error(im, p->levels_line ? p->levels_line : 1,
                       p->levels_line ? GK_COL_LEVELS : GK_COL_GOAL, err);
            return -1;
        }
        sqlite3_stmt *st = q(im, Q_PLAN_LABELS);
        sqlite3_bind_int64(st, 1, p->id);
        for (int k = 0; k < 3; k++)
            sqlite3_bind_text(st, 2 + k, want[k], -1, SQLITE_STATIC);
        if (step_done(im, st, err) < 0) return -1;
        if (p->created) {
            im->st.attrs_set++;
            continue;
        }
        char old[3 * GK_LEVEL_NAME_MAX + 4], new_[3 * GK_LEVEL_NAME_MAX + 4];
        const char *have[3] = {p->label[0], p->label[1], p->label[2]};
        levels_text(old, sizeof old, have);
        levels_text(new_, sizeof new_, want);
        if (gk_history_add(im->s, "plan", p->uid, "levels", old, new_, err) != 0) return -1;
        im->st.attrs_changed++;
    }
    return 0;
}

/* The row's 計画期間 and 階層: parsed, and the same on every row of the
 * plan that gives them. */
static int plan_attrs_row(gk_importer *im, plan_state *p, gk_error *err)
{
    const char *per = im->row->cell[GK_COL_PERIOD], *lev = im->row->cell[GK_COL_LEVELS];
    if (per) {
        int a, b;
        if (gk_fy_period_parse(per, &a, &b, err) != 0) {
            row_error(im, GK_COL_PERIOD, err);
            return -1;
        }
        if (p->period_line && (a != p->period_first || b != p->period_last)) {
            char was[32];
            period_text(was, sizeof was, p->period_first, p->period_last);
            gk_error_set(err, _("\"%s\" disagrees with %s given for plan \"%s\" on line %ld"), per,
                         was, p->name, p->period_line);
            row_error(im, GK_COL_PERIOD, err);
            return -1;
        }
        if (!p->period_line) {
            p->period_line = im->row->line;
            p->period_first = a;
            p->period_last = b;
        }
    }
    if (lev) {
        char names[3][GK_LEVEL_NAME_MAX];
        if (gk_plan_levels_parse(lev, names, err) != 0) {
            row_error(im, GK_COL_LEVELS, err);
            return -1;
        }
        if (p->levels_line && memcmp(names, p->levels, sizeof names) != 0) {
            char was[3 * GK_LEVEL_NAME_MAX + 4];
            const char *w[3] = {p->levels[0], p->levels[1], p->levels[2]};
            levels_text(was, sizeof was, w);
            gk_error_set(err, _("\"%s\" disagrees with %s given for plan \"%s\" on line %ld"), lev,
                         was, p->name, p->levels_line);
            row_error(im, GK_COL_LEVELS, err);
            return -1;
        }
        if (!p->levels_line) {
            p->levels_line = im->row->line;
            memcpy(p->levels, names, sizeof names);
        }
    }
    return 0;
}

/* --- nodes ------------------------------------------------------------------------ */

static void cache_clear_from(gk_importer *im, int level)
{
    for (int l = level; l < NLEVELS; l++) {
        free(im->cache[l].title);
        free(im->cache[l].unit);
        im->cache[l].title = im->cache[l].unit = NULL;
        im->cache[l].id = 0;
    }
    free(im->series_name);
    im->series_name = NULL;
    im->series_node = im->series_id = 0;
}

/* The attributes a row gives to the node of one level, written in the
 * INSERT when the row creates it (NULL: not given). */
struct node_attrs {
    const char *content, *review, *unit;
};

static void seen_remember(gk_importer *im, int64_t key, const char *val);

/* Records that attribute a of new row id (node or series) was given by the
 * current row with text. */
static int made_given(gk_importer *im, int64_t id, enum attr a, const char *text, gk_error *err)
{
    uint32_t *l = a >= A_BASE ? series_line(im, id, a, err) : node_line(im, id, a, err);
    if (!l) return -1;
    *l = (uint32_t)im->row->line;
    seen_remember(im, id * 16 + a, text);
    im->st.attrs_set++;
    return 0;
}

/* Creates the node at `level` (uid in c->uid) with the row's attributes. */
static int64_t insert_node(gk_importer *im, int level, int64_t parent, const char *parent_key,
                           const char *title, const struct node_attrs *at, gk_error *err)
{
    struct cached_node *c = &im->cache[level];
    if (need_office(im, level_col[level], N_("add nodes to the plan"), err) != 0) return -1;
    int64_t pos = im->plan->next_pos++;
    snprintf(c->tkey, sizeof c->tkey, "%.*s%08llx", 8 * level, parent_key, (unsigned long long)pos);
    size_t tl = strlen(title);
    char *joined = malloc(tl + 2), *folded = NULL;
    if (joined) {
        memcpy(joined, title, tl);
        memcpy(joined + tl, "\n", 2); /* title LF notes: none yet */
        folded = gk_fold(joined);
        free(joined);
    }
    if (!folded) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    sqlite3_stmt *st = q(im, Q_NODE_INSERT);
    sqlite3_bind_text(st, 1, c->uid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, im->plan->id);
    if (parent) sqlite3_bind_int64(st, 3, parent);
    sqlite3_bind_text(st, 4, LEVEL_KIND(level), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, title, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, pos);
    sqlite3_bind_text(st, 7, c->tkey, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, folded, -1, free);
    gk_sql_bind_text(st, 9, at->content);
    gk_sql_bind_text(st, 10, at->review);
    gk_sql_bind_text(st, 11, at->unit);
    if (step_done(im, st, err) < 0) return -1;
    int64_t id = sqlite3_last_insert_rowid(im->s->db);
    im->st.nodes_created++;
    if (made_add(im, c->uid, err) != 0 ||
        (at->content && made_given(im, id, A_CONTENT, at->content, err) != 0) ||
        (at->review && made_given(im, id, A_REVIEW, at->review, err) != 0) ||
        (at->unit && made_given(im, id, A_UNIT, at->unit, err) != 0))
        return -1;
    if (level == L_INDICATOR) {
        im->made_indicator = id;
        im->made_indicator_series = 0;
    }
    /* a new indicator's unit is known: no read for its values */
    if (level == L_INDICATOR && !(c->unit = strdup(at->unit ? at->unit : ""))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return id;
}

/* The node at `level` titled title under parent (0: the plan), found or
 * created (with the attributes at); its uid lands in im->cache[level].uid,
 * its tree key in .tkey. parent_uid, parent_key: the parent's (or the
 * plan's: "") uid and tree key, from which a new node's are derived. */
static int64_t find_node(gk_importer *im, int level, int64_t parent, const char *parent_uid,
                         const char *parent_key, const char *title, const struct node_attrs *at,
                         gk_error *err)
{
    struct cached_node *c = &im->cache[level];
    if (c->id && c->parent == parent && strcmp(c->title, title) == 0) return c->id;
    cache_clear_from(im, level);
    gk_uid_derive(c->uid, parent_uid, LEVEL_KIND(level), title);
    /* under a node (or plan) made by this import only its own children */
    bool parent_made = parent ? parent > im->node_max0 : im->plan->created;
    int64_t id = 0;
    if (!parent_made || made_may_have(im, c->uid)) {
        sqlite3_stmt *st = q(im, Q_NODE_FIND);
        sqlite3_bind_int64(st, 1, im->plan->id);
        if (parent) sqlite3_bind_int64(st, 2, parent);
        sqlite3_bind_text(st, 3, LEVEL_KIND(level), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
        int rc = step_done(im, st, err);
        if (rc < 0) return -1;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(c->uid, sizeof c->uid, "%s", gk_col_text(st, 1));
            snprintf(c->tkey, sizeof c->tkey, "%s", gk_col_text(st, 2));
        }
    }
    if (!id && (id = insert_node(im, level, parent, parent_key, title, at, err)) < 0) return -1;
    c->parent = parent;
    c->id = id;
    if (!(c->title = strdup(title))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    return id;
}

/* The indicator's series named name, found or created; a new one gets the
 * row's 初期値 (base, NULL: not given) and 初期値年度 (base_year, 0: not
 * given) in its INSERT. */
static int64_t find_series(gk_importer *im, int64_t node, const char *node_uid, const char *name,
                           const char *base, int base_year, gk_error *err)
{
    if (im->series_id && im->series_node == node && strcmp(im->series_name, name) == 0)
        return im->series_id;
    gk_uid_derive(im->series_uid, node_uid, "series", name);
    int64_t id = 0;
    /* a node made by this import has only the series it made */
    if (node <= im->node_max0 || made_may_have(im, im->series_uid)) {
        sqlite3_stmt *st = q(im, Q_SERIES_FIND);
        sqlite3_bind_int64(st, 1, node);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        int rc = step_done(im, st, err);
        if (rc < 0) return -1;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            snprintf(im->series_uid, sizeof im->series_uid, "%s", gk_col_text(st, 1));
        }
    }
    if (!id) {
        if (*name && need_office(im, GK_COL_SERIES, N_("add a series to an indicator"), err) != 0)
            return -1;
        if ((base || base_year) && need_office(im, base ? GK_COL_BASE : GK_COL_BASE_YEAR,
                                               N_("change the plan's attributes"), err) != 0)
            return -1;
        bool counted = node == im->made_indicator;
        sqlite3_stmt *st = q(im, counted ? Q_SERIES_INSERT_AT : Q_SERIES_INSERT);
        sqlite3_bind_text(st, 1, im->series_uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, node);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
        gk_sql_bind_text(st, 4, base);
        if (base_year) sqlite3_bind_int(st, 5, base_year);
        if (counted) sqlite3_bind_int(st, 6, im->made_indicator_series++);
        if (step_done(im, st, err) < 0) return -1;
        id = sqlite3_last_insert_rowid(im->s->db);
        if (*name) im->st.series_created++;
        im->fresh_series = id;
        memset(im->fresh_years, 0, sizeof im->fresh_years);
        char y[16];
        snprintf(y, sizeof y, "%d", base_year);
        if (made_add(im, im->series_uid, err) != 0 ||
            (base && made_given(im, id, A_BASE, base, err) != 0) ||
            (base_year && made_given(im, id, A_BASE_YEAR, y, err) != 0))
            return -1;
    }
    free(im->series_name);
    if (!(im->series_name = strdup(name))) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    im->series_node = node;
    im->series_id = id;
    return id;
}

/* --- attributes: agreement within the file, overwrite with history -------------------- */

/* The error of val given where this file gave other on an earlier line;
 * node names the node in the message (0: "this indicator"). Returns -1. */
static int disagree(gk_importer *im, const char *val, const char *other, long long line, gk_col col,
                    int64_t node, gk_error *err)
{
    char what[512] = "";
    if (node) {
        sqlite3_stmt *t = q(im, Q_NODE_GET);
        sqlite3_bind_int64(t, 1, node);
        if (sqlite3_step(t) == SQLITE_ROW) snprintf(what, sizeof what, "\"%s\"", gk_col_text(t, 4));
    }
    gk_error_set(err, _("\"%s\" disagrees with \"%s\" given for %s on line %lld"), val,
                 other ? other : "", *what ? what : _("this indicator"), line);
    row_error(im, col, err);
    return -1;
}

/* Returns 1 when (key) was already given by this file with the same value, 0
 * when it is new to this file (and records it), -1 on disagreement. `node`
 * names the node in the message (0: "this indicator"). */
static int seen_check_sql(gk_importer *im, int64_t key, const char *val, gk_col col, int64_t node,
                          gk_error *err)
{
    sqlite3_stmt *st = q(im, Q_SEEN_PUT);
    sqlite3_bind_int64(st, 1, key);
    sqlite3_bind_int64(st, 2, im->row->line);
    sqlite3_bind_text(st, 3, val, -1, SQLITE_STATIC);
    if (step_done(im, st, err) < 0) return -1;
    if (sqlite3_changes(im->s->db) == 1) return 0;
    st = q(im, Q_SEEN_GET);
    sqlite3_bind_int64(st, 1, key);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    if (strcmp(gk_col_text(st, 1), val) == 0) return 1;
    char other[1024];
    snprintf(other, sizeof other, "%s", gk_col_text(st, 1));
    return disagree(im, val, other, sqlite3_column_int64(st, 0), col, node, err);
}

/* True when (key, val) is known to be in temp.gk_seen already (rows never
 * change there): seen_check would return 1. */
static bool seen_before(const gk_importer *im, int64_t key, const char *val)
{
    int a = (int)(key & 15);
    return im->seen_memo[a].val && im->seen_memo[a].key == key &&
           strcmp(im->seen_memo[a].val, val) == 0;
}

static void seen_remember(gk_importer *im, int64_t key, const char *val)
{
    int a = (int)(key & 15);
    char *v = strdup(val);
    if (!v) return; /* only a shortcut lost */
    free(im->seen_memo[a].val);
    im->seen_memo[a].val = v;
    im->seen_memo[a].key = key;
}

/* seen_check_sql, without a statement when the memo knows the answer. */
static int seen_check(gk_importer *im, int64_t key, const char *val, gk_col col, int64_t node,
                      gk_error *err)
{
    if (seen_before(im, key, val)) return 1;
    int r = seen_check_sql(im, key, val, col, node, err);
    if (r >= 0) seen_remember(im, key, val);
    return r;
}

/* Reads the node's uid, title and current attribute text. */
static int node_get(gk_importer *im, int64_t node, enum attr a, char uid[33], char **title,
                    char **cur, gk_error *err)
{
    sqlite3_stmt *st = q(im, Q_NODE_GET);
    sqlite3_bind_int64(st, 1, node);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    snprintf(uid, 33, "%s", gk_col_text(st, 0));
    *title = strdup(gk_col_text(st, 4));
    int colidx = a == A_CONTENT ? 1 : a == A_REVIEW ? 2 : 3;
    const char *c = gk_col_text(st, colidx);
    *cur = c ? strdup(c) : NULL;
    if (a == A_DEPT || a == A_TAGS) {
        free(*cur);
        st = q(im, a == A_DEPT ? Q_DEPT_LIST : Q_TAG_LIST);
        sqlite3_bind_int64(st, 1, node);
        if (step_done(im, st, err) != SQLITE_ROW) return -1;
        c = gk_col_text(st, 0);
        *cur = c ? strdup(c) : NULL;
    }
    return 0;
}

struct list_ctx {
    gk_importer *im;
    int64_t node;
    enum attr a;
    char buf[4096];
    size_t len;
    int64_t pos; /* of the next entry written */
    gk_error *err;
};

/* True when part is an entry of the 、-joined list buf[0..len). */
static bool list_has(const char *buf, size_t len, const char *part)
{
    static const char sep[] = "、";
    size_t pl = strlen(part);
    for (size_t at = 0; at < len;) {
        const char *e = strstr(buf + at, sep);
        size_t el = e ? (size_t)(e - (buf + at)) : len - at;
        if (el == pl && memcmp(buf + at, part, pl) == 0) return true;
        at += el + sizeof sep - 1;
    }
    return false;
}

/* Joins a list in the spelling the database keeps: 、 between entries,
 * each once (node_dept and node_tag hold a name once). */
static int list_join(void *vctx, const char *part)
{
    struct list_ctx *c = vctx;
    if (c->a == A_DEPT && gk_dept_placeholder(part)) return 0; /* names no department */
    if (list_has(c->buf, c->len, part)) return 0;
    int n = snprintf(c->buf + c->len, sizeof c->buf - c->len, "%s%s", c->len ? "、" : "", part);
    if (n < 0 || (size_t)n >= sizeof c->buf - c->len) {
        gk_error_set(c->err, _("the list is too long"));
        return -1;
    }
    c->len += (size_t)n;
    return 0;
}

static int list_attach(void *vctx, const char *part)
{
    struct list_ctx *c = vctx;
    gk_importer *im = c->im;
    bool dept = c->a == A_DEPT;
    if (dept && gk_dept_placeholder(part)) return 0; /* 各課, 全庁 …: no department */
    int64_t id = 0;
    for (int i = 0; i < im->nnames && !id; i++)
        if (im->names[i].dept == dept && strcmp(im->names[i].name, part) == 0) id = im->names[i].id;
    if (!id) {
        sqlite3_stmt *st = q(im, dept ? Q_DEPT_ID : Q_TAG_ID);
        sqlite3_bind_text(st, 1, part, -1, SQLITE_TRANSIENT);
        int rc = step_done(im, st, c->err);
        if (rc < 0) return -1;
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
        } else {
            st = q(im, dept ? Q_DEPT_NEW : Q_TAG_NEW);
            sqlite3_bind_text(st, 1, part, -1, SQLITE_TRANSIENT);
            if (step_done(im, st, c->err) < 0) return -1;
            id = sqlite3_last_insert_rowid(im->s->db);
        }
        /* remembered while there is room (a plan has a few dozen) */
        char *name = im->nnames < (int)(sizeof im->names / sizeof *im->names) ? strdup(part) : NULL;
        if (name) {
            im->names[im->nnames].name = name;
            im->names[im->nnames].id = id;
            im->names[im->nnames++].dept = dept;
        }
    }
    sqlite3_stmt *st = q(im, dept ? Q_DEPT_ADD : Q_TAG_ADD);
    sqlite3_bind_int64(st, 1, c->node);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, c->pos);
    if (step_done(im, st, c->err) < 0) return -1;
    c->pos += sqlite3_changes(im->s->db); /* a name listed twice is kept once */
    return 0;
}

static int write_list(gk_importer *im, int64_t node, enum attr a, const char *list, gk_error *err)
{
    for (int i = 0; a == A_DEPT && im->nearest && i < im->nchain; i++)
        if (im->chain[i] == node) { /* what the nodes below inherit changes */
            free(im->nearest);
            im->nearest = NULL;
        }
    if (node <= im->node_max0) { /* a node made by this import has no list to replace */
        sqlite3_stmt *st = q(im, a == A_DEPT ? Q_DEPT_CLEAR : Q_TAG_CLEAR);
        sqlite3_bind_int64(st, 1, node);
        if (step_done(im, st, err) < 0) return -1;
    }
    struct list_ctx c = {.im = im, .node = node, .a = a, .err = err};
    return gk_split_list(list, list_attach, &c, err);
}

static const char *attr_field(enum attr a)
{
    static const char *const names[] = {"content", "departments", "tags", "review", "unit"};
    return a <= A_UNIT ? names[a] : a == A_BASE ? "base" : "base_year";
}

static void list_remember(gk_importer *im, int lm, int64_t node, const char *raw)
{
    char *r = strdup(raw);
    if (!r) return; /* only a shortcut lost */
    free(im->list_memo[lm].raw);
    im->list_memo[lm].raw = r;
    im->list_memo[lm].node = node;
}

/* Sets attribute a of node to text (a cell of column col). */
/* Sets im->nearest to the 所管課 the children of node parent inherit: its
 * own, or its nearest ancestor's that has some, '' when none (walking up
 * one node at a time: a recursive query per indicator was a fifth of a
 * large import). Remembered for the next child of the same parent. */
static int nearest_depts(gk_importer *im, int64_t parent, gk_error *err)
{
    if (im->nearest && im->nearest_of == parent) return 0;
    free(im->nearest);
    im->nearest = NULL;
    im->nchain = 0;
    bool whole = true; /* every node looked at is in chain */
    char *names = NULL;
    int step = SQLITE_ROW;
    for (int64_t id = parent; id > 0 && !names && step == SQLITE_ROW;) {
        if (im->nchain < NEAREST_CHAIN)
            im->chain[im->nchain++] = id;
        else
            whole = false;
        sqlite3_stmt *st = q(im, Q_DEPT_OWN);
        sqlite3_bind_int64(st, 1, id);
        step = sqlite3_step(st);
        bool none = step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
        int64_t up = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
        sqlite3_reset(st);
        if (step == SQLITE_ROW && !none) {
            st = q(im, Q_DEPT_LIST);
            sqlite3_bind_int64(st, 1, id);
            step = sqlite3_step(st);
            if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
                !(names = strdup(gk_col_text(st, 0))))
                step = SQLITE_NOMEM;
            sqlite3_reset(st);
        }
        id = up;
    }
    if (step == SQLITE_ROW && !names && !(names = strdup(""))) step = SQLITE_NOMEM;
    if (step != SQLITE_ROW) {
        free(names);
        gk_sql_error(im->s, step, _("cannot import"), err);
        return -1;
    }
    im->nearest = names;
    im->nearest_of = whole ? parent : -1; /* too deep: not remembered */
    return 0;
}

static int set_node_attr(gk_importer *im, int64_t node, enum attr a, gk_col col, const char *text,
                         gk_error *err)
{
    if (!text) return 0;
    char norm[4096];
    const char *raw = text;
    int lm = a == A_DEPT ? 0 : 1;
    if ((a == A_DEPT || a == A_TAGS) && im->list_memo[lm].node == node &&
        strcmp(im->list_memo[lm].raw, raw) == 0)
        return 0;
    if (a == A_DEPT || a == A_TAGS) { /* compare lists in one spelling: 、-joined */
        struct list_ctx c = {.a = a, .err = err};
        if (gk_split_list(text, list_join, &c, err) != 0) {
            row_error(im, col, err);
            return -1;
        }
        memcpy(norm, c.buf, c.len + 1);
        text = norm;
        if (!*text) return 0;
    }
    /* a row of a node without 所管課 of its own repeating the one it
     * inherits from its nearest ancestor (export --year writes it on every
     * row, definition and base rows too, for Excel's filter): a repetition,
     * not the node's own; the ancestor's rows come first in any file */
    if (a == A_DEPT) {
        if (im->inherited_node == node && im->inherited_text &&
            strcmp(im->inherited_text, text) == 0)
            return 0;
        /* the nearest ancestor's list is the same for every child of a
         * parent: read once per parent (one query per node read it again
         * from the node upwards, a fifth of a large import) */
        sqlite3_stmt *st = q(im, Q_DEPT_OWN);
        sqlite3_bind_int64(st, 1, node);
        int step = sqlite3_step(st);
        bool none_own = step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
        int64_t parent = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
        sqlite3_reset(st);
        if (step != SQLITE_ROW) {
            gk_sql_error(im->s, step, _("cannot import"), err);
            return -1;
        }
        if (none_own && parent > 0 && nearest_depts(im, parent, err) != 0) return -1;
        bool inherited = none_own && parent > 0 && strcmp(im->nearest, text) == 0;
        if (inherited) {
            char *t = strdup(text);
            if (t) {
                free(im->inherited_text);
                im->inherited_text = t;
                im->inherited_node = node;
            }
            return 0;
        }
    }
    /* given on an earlier row with the same value: nothing to check or write */
    if (seen_before(im, node * 16 + a, text)) {
        if (a == A_DEPT || a == A_TAGS) list_remember(im, lm, node, raw);
        return 0;
    }
    char uid[33] = "", *title = NULL, *cur = NULL;
    int rc;
    bool made = node > im->node_max0;
    if (made) {
        /* made by this import: its row holds what this file gave, if any,
         * on line *given; before that it has no attributes to read */
        uint32_t *given = node_line(im, node, a, err);
        if (!given) return -1;
        long line = (long)*given;
        rc = line ? node_get(im, node, a, uid, &title, &cur, err) : 0;
        if (rc == 0 && line) {
            if (gk_text_eq(cur, text))
                seen_remember(im, node * 16 + a, text);
            else
                rc = disagree(im, text, cur, line, col, node, err);
            free(title);
            free(cur);
            return rc < 0 ? -1 : 0;
        }
    } else {
        rc = node_get(im, node, a, uid, &title, &cur, err);
        if (rc == 0) rc = seen_check(im, node * 16 + a, text, col, node, err);
    }
    if (rc == 0 && !gk_text_eq(cur, text) &&
        need_office(im, col, N_("change the plan's attributes"), err) != 0)
        rc = -1;
    if (rc == 0 && !gk_text_eq(cur, text)) {
        if (a == A_DEPT || a == A_TAGS) {
            rc = write_list(im, node, a, text, err);
        } else {
            sqlite3_stmt *st = q(im, Q_NODE_SET);
            sqlite3_bind_int64(st, 1, node);
            sqlite3_bind_int(st, 2, a);
            sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
            rc = step_done(im, st, err) < 0 ? -1 : 0;
        }
        /* a department's first assignment too (db/schema.sql, version 7):
         * `check` compares every node's departments with their last record */
        if (rc == 0 && a == A_DEPT && !uid[0]) {
            char *t = NULL, *c = NULL;
            rc = node_get(im, node, A_CONTENT, uid, &t, &c, err);
            free(t);
            free(c);
        }
        if (rc == 0 && (cur || a == A_DEPT))
            rc = gk_history_add(im->s, "node", uid, attr_field(a), cur, text, err);
        if (rc == 0 && made) {
            rc = made_given(im, node, a, text, err);
        } else if (cur) {
            im->st.attrs_changed++;
        } else {
            im->st.attrs_set++;
        }
        if (a == A_UNIT && im->cache[L_INDICATOR].id == node) {
            free(im->cache[L_INDICATOR].unit);
            im->cache[L_INDICATOR].unit = NULL;
        }
    }
    free(title);
    free(cur);
    if (rc >= 0 && (a == A_DEPT || a == A_TAGS)) list_remember(im, lm, node, raw);
    return rc < 0 ? -1 : 0;
}

/* The indicator's unit, read once per run of rows on the same indicator
 * (set_node_attr drops the cache when it changes the unit). */
static int node_unit(gk_importer *im, int64_t node, char *buf, size_t n, gk_error *err)
{
    struct cached_node *c = &im->cache[L_INDICATOR];
    if (c->id == node && c->unit) {
        snprintf(buf, n, "%s", c->unit);
        return 0;
    }
    sqlite3_stmt *st = q(im, Q_NODE_GET);
    sqlite3_bind_int64(st, 1, node);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    const char *u = gk_col_text(st, 3);
    snprintf(buf, n, "%s", u ? u : "");
    if (c->id == node) c->unit = strdup(buf);
    return 0;
}

/* Checks that raw is a valid cell for an indicator in unit. */
static int check_cell(gk_importer *im, const char *raw, const char *unit, gk_col col, gk_error *err)
{
    gk_value v;
    if (!raw || gk_value_parse(raw, unit, &v, err) == 0) return 0;
    row_error(im, col, err);
    return -1;
}

/* True when new_ says the same as old: equal text, or both numbers with the
 * same value, comparison and decimals (so a re-import in another writing,
 * 26,684 vs ２６，６８４, keeps the form first written). */
static bool same_cell(const char *old, const char *new_, const char *unit)
{
    if (gk_text_eq(old, new_)) return true;
    if (!old || !new_) return false;
    gk_value a, b;
    if (gk_value_parse(old, unit, &a, NULL) != 0 || gk_value_parse(new_, unit, &b, NULL) != 0)
        return false;
    return a.kind == GK_VAL_NUMBER && b.kind == GK_VAL_NUMBER && a.num == b.num && a.cmp == b.cmp &&
           a.decimals == b.decimals;
}

static int set_series_attr(gk_importer *im, int64_t series, enum attr a, gk_col col,
                           const char *text, int year, const char *unit, gk_error *err)
{
    if (!text) return 0;
    char uid[33] = "", cur[64] = "";
    const char *curp = NULL;
    char *base = NULL;
    sqlite3_stmt *st;
    char newtext[32];
    if (a == A_BASE_YEAR) snprintf(newtext, sizeof newtext, "%d", year);
    const char *val = a == A_BASE_YEAR ? newtext : text;
    /* given on an earlier row with the same value: nothing to check or write */
    if (seen_before(im, series * 16 + a, val)) return 0;
    /* a series made by this import holds what this file gave, if any, on
     * line `given`; before that it has no base to read */
    bool made = series > im->series_max0;
    long given = 0;
    if (made) {
        uint32_t *l = series_line(im, series, a, err);
        if (!l) return -1;
        given = (long)*l;
    }
    if (!made || given) {
        st = q(im, Q_SERIES_GET);
        sqlite3_bind_int64(st, 1, series);
        if (step_done(im, st, err) != SQLITE_ROW) return -1;
        snprintf(uid, sizeof uid, "%s", gk_col_text(st, 0));
        base = gk_col_text(st, 1) ? strdup(gk_col_text(st, 1)) : NULL;
        if (a == A_BASE_YEAR && sqlite3_column_type(st, 2) != SQLITE_NULL) {
            snprintf(cur, sizeof cur, "%d", sqlite3_column_int(st, 2));
            curp = cur;
        } else if (a == A_BASE) {
            curp = base;
        }
    }
    if (given) {
        int r = 0;
        if (gk_text_eq(curp, val))
            seen_remember(im, series * 16 + a, val);
        else
            r = disagree(im, val, curp, given, col, 0, err);
        free(base);
        return r;
    }
    int rc = made ? 0 : seen_check(im, series * 16 + a, val, col, 0, err);
    bool differs = !(a == A_BASE ? same_cell(curp, val, unit) : gk_text_eq(curp, val));
    if (rc == 0 && differs && need_office(im, col, N_("change the plan's attributes"), err) != 0)
        rc = -1;
    if (rc == 0 && differs) {
        st = q(im, Q_SERIES_SET);
        sqlite3_bind_int64(st, 1, series);
        sqlite3_bind_int(st, 2, a);
        sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, year);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        if (rc == 0 && curp)
            rc = gk_history_add(im->s, "series", uid, attr_field(a), curp, val, err);
        if (rc == 0 && made)
            rc = made_given(im, series, a, val, err);
        else if (curp)
            im->st.attrs_changed++;
        else
            im->st.attrs_set++;
    }
    free(base);
    return rc < 0 ? -1 : 0;
}

/* --- yearly cells ----------------------------------------------------------------- */

#define NO_TEXT SIZE_MAX

/* Copies text (NULL: none) into pend_text; its offset into *at. */
static int pending_add(gk_importer *im, const char *text, size_t *at)
{
    *at = NO_TEXT;
    if (!text) return 0;
    size_t n = strlen(text) + 1;
    if (im->pend_len + n > im->pend_cap) {
        size_t cap = im->pend_cap ? im->pend_cap : 16384;
        while (im->pend_len + n > cap)
            cap *= 2;
        char *grown = realloc(im->pend_text, cap);
        if (!grown) return -1;
        im->pend_text = grown;
        im->pend_cap = cap;
    }
    memcpy(im->pend_text + im->pend_len, text, n);
    *at = im->pend_len;
    im->pend_len += n;
    return 0;
}

static const char *pending_text(const gk_importer *im, size_t at)
{
    return at == NO_TEXT ? NULL : im->pend_text + at;
}

static void pending_clear(gk_importer *im)
{
    im->npend = 0;
    im->pend_len = 0;
}

/* Writes the queued values: a full batch by one statement, else row by row.
 * Called before anything reads the value table. */
static int flush_values(gk_importer *im, gk_error *err)
{
    if (!im->npend) return 0;
    int rc = 0;
    if (im->npend == VALUE_BATCH) {
        sqlite3_stmt *st = im->value_batch;
        sqlite3_reset(st);
        for (int i = 0; i < VALUE_BATCH; i++) {
            const struct pending_value *v = &im->pend[i];
            sqlite3_bind_int64(st, 4 * i + 1, v->series);
            sqlite3_bind_int(st, 4 * i + 2, v->year);
            gk_sql_bind_text(st, 4 * i + 3, pending_text(im, v->target));
            gk_sql_bind_text(st, 4 * i + 4, pending_text(im, v->actual));
        }
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        for (int i = 0; i < im->npend && rc == 0; i++) {
            const struct pending_value *v = &im->pend[i];
            sqlite3_stmt *st = q(im, Q_VALUE_INSERT);
            sqlite3_bind_int64(st, 1, v->series);
            sqlite3_bind_int(st, 2, v->year);
            gk_sql_bind_text(st, 3, pending_text(im, v->target));
            gk_sql_bind_text(st, 4, pending_text(im, v->actual));
            rc = step_done(im, st, err) < 0 ? -1 : 0;
        }
    }
    if (rc != 0) /* the disk, not the data: the rows were checked */
        gk_error_prefix(err, "%s:%ld-%ld", im->fname, im->pend[0].line,
                        im->pend[im->npend - 1].line);
    pending_clear(im);
    return rc;
}

/* Whether this file gave year to series already, and now does. */
static bool fresh_year_given(gk_importer *im, int year)
{
    unsigned b = (unsigned)(year - GK_FY_MIN);
    uint64_t bit = UINT64_C(1) << (b % 64);
    bool given = im->fresh_years[b / 64] & bit;
    im->fresh_years[b / 64] |= bit;
    return given;
}

/* A new value of the fresh series, queued; -1 when out of memory. */
static int queue_value(gk_importer *im, int64_t series, int year, const char *target,
                       const char *actual, gk_error *err)
{
    struct pending_value *v = &im->pend[im->npend];
    v->series = series;
    v->year = year;
    v->line = im->row->line;
    if (pending_add(im, target, &v->target) != 0 || pending_add(im, actual, &v->actual) != 0) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    im->npend++;
    return im->npend == VALUE_BATCH ? flush_values(im, err) : 0;
}

/* A new (series, year) is one INSERT; an existing one is read and only the
 * cells that say something new are written, with history. */
/* series is im->series_id, found by find_series() for this row: its uid is im->series_uid. */
static int set_value(gk_importer *im, int64_t series, int year, const char *target,
                     const char *actual, const char *unit, gk_error *err)
{
    if (!target && !actual) return 0;
    if (series == im->fresh_series && !fresh_year_given(im, year)) {
        if ((target && need_target(im, year, err) != 0) ||
            (actual && need_edit(im, im->series_node, year, GK_COL_ACTUAL, err) != 0))
            return -1;
        im->st.values_created += (target != NULL) + (actual != NULL);
        return queue_value(im, series, year, target, actual, err);
    }
    if (flush_values(im, err) != 0) return -1;
    sqlite3_stmt *st = q(im, Q_VALUE_INSERT);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int(st, 2, year);
    gk_sql_bind_text(st, 3, target);
    gk_sql_bind_text(st, 4, actual);
    if (step_done(im, st, err) < 0) return -1;
    if (sqlite3_changes(im->s->db) == 1) {
        /* checked after the insert: a refusal rolls the whole file back */
        if ((target && need_target(im, year, err) != 0) ||
            (actual && need_edit(im, im->series_node, year, GK_COL_ACTUAL, err) != 0))
            return -1;
        im->st.values_created += (target != NULL) + (actual != NULL);
        return 0;
    }
    st = q(im, Q_VALUE_GET);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int(st, 2, year);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    char *old[2];
    for (int i = 0; i < 2; i++)
        old[i] = gk_col_text(st, i) ? strdup(gk_col_text(st, i)) : NULL;
    char uid[33], y[8]; /* history names the value by its derived uid (db/schema.sql) */
    snprintf(y, sizeof y, "%d", year);
    gk_uid_derive(uid, im->series_uid, "value", y);
    const char *cells[2] = {target, actual};
    static const char *const fields[2] = {"target", "actual"};
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (!cells[i] || same_cell(old[i], cells[i], unit)) continue;
        if (i == 0 ? need_target(im, year, err)
                   : need_edit(im, im->series_node, year, GK_COL_ACTUAL, err)) {
            rc = -1;
            break;
        }
        st = q(im, Q_VALUE_SET);
        sqlite3_bind_int64(st, 1, series);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_text(st, 3, cells[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, year);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        /* a cell first set on an existing row is history too, so that
         * `check` can tell it from a change made behind gyokaku's back */
        if (rc == 0) rc = gk_history_add(im->s, "value", uid, fields[i], old[i], cells[i], err);
        if (old[i])
            im->st.values_changed++;
        else
            im->st.values_created++;
    }
    free(old[0]);
    free(old[1]);
    return rc;
}

/* The node's search text must be folded again (its notes changed): once
 * per run of rows on the node. */
static int mark_stale(gk_importer *im, int64_t node, gk_error *err)
{
    if (node == im->stale_node) return 0;
    sqlite3_stmt *st = q(im, Q_FTS_DROP);
    sqlite3_bind_int64(st, 1, node);
    sqlite3_bind_int64(st, 2, im->node_max0);
    if (step_done(im, st, err) < 0) return -1;
    st = q(im, Q_NODE_STALE);
    sqlite3_bind_int64(st, 1, node);
    if (step_done(im, st, err) < 0) return -1;
    im->stale_node = node;
    return 0;
}

/* The uid of node's note for year (store.h gk_uid_derive), from the node's
 * uid in the path cache (the node of a row always is there), else read. */
static int note_uid(gk_importer *im, int64_t node, int year, char uid[33], gk_error *err)
{
    const char *node_uid = NULL;
    for (int l = 0; l < NLEVELS && !node_uid; l++)
        if (im->cache[l].id == node) node_uid = im->cache[l].uid;
    char read[33];
    if (!node_uid) {
        sqlite3_stmt *st = q(im, Q_NODE_GET);
        sqlite3_bind_int64(st, 1, node);
        if (step_done(im, st, err) != SQLITE_ROW) return -1;
        snprintf(read, sizeof read, "%s", gk_col_text(st, 0));
        node_uid = read;
    }
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    gk_uid_derive(uid, node_uid, "note", y);
    return 0;
}

static int set_notes_as_written(gk_importer *im, int64_t node, int year, const char *const cells[3],
                                gk_error *err);

/* The notes of node for year, their 半角カナ as 全角 (text.h). */
static int set_notes(gk_importer *im, int64_t node, int year, const char *const cells[3],
                     gk_error *err)
{
    if (!cells[0] && !cells[1] && !cells[2]) return 0;
    char *full[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++)
        if (cells[i] && !(full[i] = gk_kana_fullwidth(cells[i]))) {
            for (int k = 0; k < i; k++)
                free(full[k]);
            gk_error_set(err, _("out of memory"));
            return -1;
        }
    const char *const conv[3] = {full[0], full[1], full[2]};
    int rc = set_notes_as_written(im, node, year, conv, err);
    for (int i = 0; i < 3; i++)
        free(full[i]);
    return rc;
}

/* Remembers that this file wrote the 評価 of node's note for year. */
static int eval_written(gk_importer *im, int64_t node, int year, bool existed, gk_error *err)
{
    if (im->nevals && im->evals[im->nevals - 1].node == node &&
        im->evals[im->nevals - 1].year == year)
        return 0;
    if (im->nevals == im->evals_cap) {
        size_t cap = im->evals_cap ? im->evals_cap * 2 : 64;
        struct eval_written *v = realloc(im->evals, cap * sizeof *v);
        if (!v) {
            gk_error_set(err, _("out of memory"));
            return -1;
        }
        im->evals = v;
        im->evals_cap = cap;
    }
    im->evals[im->nevals++] = (struct eval_written){node, year, existed};
    return 0;
}

static int set_notes_as_written(gk_importer *im, int64_t node, int year, const char *const cells[3],
                                gk_error *err)
{
    if (!cells[0] && !cells[1] && !cells[2]) return 0;
    static const char *const fields[3] = {"status", "next_plan", "evaluation"};
    static const gk_col cols[3] = {GK_COL_STATUS, GK_COL_NEXT, GK_COL_EVAL};
    char uid[33];
    if (note_uid(im, node, year, uid, err) != 0) return -1;
    /* a node made by this import has only the notes it made */
    int rc = SQLITE_DONE;
    sqlite3_stmt *st = q(im, Q_NOTE_GET);
    if (node <= im->node_max0 || made_may_have(im, uid)) {
        sqlite3_bind_int64(st, 1, node);
        sqlite3_bind_int(st, 2, year);
        rc = step_done(im, st, err);
        if (rc < 0) return -1;
    }
    int64_t id;
    char *old[3] = {NULL, NULL, NULL};
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        snprintf(uid, sizeof uid, "%s", gk_col_text(st, 1)); /* as stored */
        for (int i = 0; i < 3; i++)
            old[i] = gk_col_text(st, 2 + i) ? strdup(gk_col_text(st, 2 + i)) : NULL;
    } else { /* a new row, written whole; it has no history to add */
        for (int i = 0; i < 3; i++)
            if (cells[i] && need_edit(im, node, year, cols[i], err) != 0) return -1;
        if (node > im->node_max0 && made_add(im, uid, err) != 0) return -1;
        st = q(im, Q_NOTE_INSERT);
        sqlite3_bind_text(st, 1, uid, 32, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, node);
        sqlite3_bind_int(st, 3, year);
        for (int i = 0; i < 3; i++)
            gk_sql_bind_text(st, 4 + i, cells[i]);
        if (step_done(im, st, err) < 0) return -1;
        if (cells[2] && eval_written(im, node, year, false, err) != 0) return -1;
        im->st.notes_created += (cells[0] != NULL) + (cells[1] != NULL) + (cells[2] != NULL);
        return cells[0] || cells[1] ? mark_stale(im, node, err) : 0;
    }
    rc = 0;
    bool folded_text = false; /* 取組状況 or 次年度 changed */
    for (int i = 0; i < 3 && rc == 0; i++) {
        if (!cells[i] || gk_text_eq(old[i], cells[i])) continue;
        if (need_edit(im, node, year, cols[i], err) != 0) {
            rc = -1;
            break;
        }
        st = q(im, Q_NOTE_SET);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_text(st, 3, cells[i], -1, SQLITE_STATIC);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        folded_text |= i < 2;
        /* an existing row: history even for a first value */
        if (rc == 0) rc = gk_history_add(im->s, "note", uid, fields[i], old[i], cells[i], err);
        if (rc == 0 && i == 2) rc = eval_written(im, node, year, true, err);
        if (old[i])
            im->st.notes_changed++;
        else
            im->st.notes_created++;
    }
    for (int i = 0; i < 3; i++)
        free(old[i]);
    if (rc == 0 && folded_text) rc = mark_stale(im, node, err);
    return rc;
}

/* --- one row ---------------------------------------------------------------------- */

static int parse_year(gk_importer *im, gk_col col, int *year, gk_error *err)
{
    const char *c = im->row->cell[col];
    *year = 0;
    if (!c) return 0;
    if (gk_fy_parse(c, year, err) == 0) return 0;
    gk_error_prefix(err, "\"%s\"", c);
    row_error(im, col, err);
    return -1;
}

static const char *row_plan_name(gk_importer *im, gk_error *err)
{
    const char *cell = im->row->cell[GK_COL_PLAN];
    if (cell && im->plan_opt && strcmp(cell, im->plan_opt) != 0) {
        gk_error_set(err, _("the row names plan \"%s\" but --plan says \"%s\""), cell,
                     im->plan_opt);
        row_error(im, GK_COL_PLAN, err);
        return NULL;
    }
    if (!cell && !im->plan_opt) {
        gk_error_set(err, _("%s:%ld: no plan: give the 計画 column or --plan NAME"), im->fname,
                     im->row->line);
        return NULL;
    }
    return cell ? cell : im->plan_opt;
}

/* The plan's name, the titles of the row's path and its series name within
 * GK_TITLE_MAX_CHARS (node.h). */
static int check_titles(gk_importer *im, gk_error *err)
{
    static const gk_col cols[] = {GK_COL_PLAN, GK_COL_GOAL,      GK_COL_POLICY,
                                  GK_COL_ITEM, GK_COL_INDICATOR, GK_COL_SERIES};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        const char *c = im->row->cell[cols[i]];
        if (!gk_title_too_long(c)) continue;
        gk_error_set(err, _("the title has %zu characters; the limit is %d"), gk_title_chars(c),
                     GK_TITLE_MAX_CHARS);
        row_error(im, cols[i], err);
        return -1;
    }
    return 0;
}

/* Finds the nodes of the row's path; ids[l] = 0 for levels not on the row.
 * A node created here gets the row's attributes of its level in its INSERT
 * (as row_node_attrs assigns them: 取組内容 and 見直し区分 to the deepest
 * node that is not an indicator, 単位 to the indicator). */
static int walk_path(gk_importer *im, int64_t ids[NLEVELS], gk_error *err)
{
    const char *const *cell = im->row->cell;
    int owner = -1;
    for (int l = 0; l < L_INDICATOR; l++)
        if (cell[level_col[l]]) owner = l;
    int64_t parent = 0;
    const char *parent_uid = im->plan->uid, *parent_key = "";
    for (int l = 0; l < NLEVELS; l++) {
        struct node_attrs at = {NULL, NULL, NULL};
        if (l == owner) {
            at.content = cell[GK_COL_CONTENT];
            at.review = cell[GK_COL_REVIEW];
        }
        if (l == L_INDICATOR) at.unit = cell[GK_COL_UNIT];
        const char *title = im->row->cell[level_col[l]];
        ids[l] = 0;
        if (!title) continue;
        if (l == L_INDICATOR && ids[L_ITEM] == 0 && ids[L_GOAL] == 0 && ids[L_POLICY] == 0) {
            gk_error_set(err, _("an indicator needs a 取組項目 or a 基本目標 on its row"));
            row_error(im, GK_COL_INDICATOR, err);
            return -1;
        }
        ids[l] = find_node(im, l, parent, parent_uid, parent_key, title, &at, err);
        if (ids[l] < 0) {
            row_error(im, level_col[l], err);
            return -1;
        }
        parent = ids[l];
        parent_uid = im->cache[l].uid;
        parent_key = im->cache[l].tkey;
    }
    return 0;
}

static int need_indicator(gk_importer *im, const int64_t ids[NLEVELS], gk_col col, gk_error *err)
{
    if (!im->row->cell[col] || ids[L_INDICATOR]) return 0;
    gk_error_set(err, _("a value in this column needs a 指標 on the same row"));
    row_error(im, col, err);
    return -1;
}

/* 取組状況 and 次年度の取組内容 within the one limit of notes (note.h), so
 * that the entry form can edit every note it shows. */
static int check_notes(gk_importer *im, gk_error *err)
{
    static const gk_col cols[] = {GK_COL_STATUS, GK_COL_NEXT};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        const char *c = im->row->cell[cols[i]];
        if (!gk_note_too_long(c)) continue;
        gk_error_set(err,
                     _("the note has %zu characters; the limit is %d (the most the entry form "
                       "can edit)"),
                     gk_note_chars(c), GK_NOTE_MAX_CHARS);
        row_error(im, cols[i], err);
        return -1;
    }
    return 0;
}

/* A row that says something of its plan only (計画, 計画期間, 階層). */
static bool plan_only_row(const gk_plan_row *row)
{
    for (int c = 0; c < GK_NCOLS; c++)
        if (row->cell[c] && c != GK_COL_PLAN && c != GK_COL_PERIOD && c != GK_COL_LEVELS)
            return false;
    return true;
}

static void extend_period(plan_state *p, int year, long line)
{
    if (!p->min_line || year < p->min_year) {
        p->min_year = year;
        p->min_line = line;
    }
    if (!p->max_line || year > p->max_year) {
        p->max_year = year;
        p->max_line = line;
    }
    if (!p->first_year || year < p->first_year) p->first_year = year;
    if (!p->last_year || year > p->last_year) p->last_year = year;
}

/* The node attributes of a row: 取組内容, テーマ and 見直し区分 on the
 * deepest node that is not an indicator (owner), 所管課 on the deepest
 * node; the indicator's columns need an indicator. */
static int row_node_attrs(gk_importer *im, const int64_t ids[NLEVELS], int64_t deepest,
                          int64_t owner, gk_error *err)
{
    const char *const *cell = im->row->cell;
    static const gk_col owner_cols[] = {GK_COL_CONTENT, GK_COL_TAGS, GK_COL_REVIEW};
    static const enum attr owner_attrs[] = {A_CONTENT, A_TAGS, A_REVIEW};
    for (int i = 0; i < 3; i++) {
        if (cell[owner_cols[i]] && !owner) {
            gk_error_set(err, _("this column describes a 取組項目; the row has none"));
            row_error(im, owner_cols[i], err);
            return -1;
        }
        if (set_node_attr(im, owner, owner_attrs[i], owner_cols[i], cell[owner_cols[i]], err))
            return -1;
    }
    static const gk_col indicator_cols[] = {GK_COL_UNIT,      GK_COL_SERIES, GK_COL_BASE,
                                            GK_COL_BASE_YEAR, GK_COL_TARGET, GK_COL_ACTUAL};
    if (set_node_attr(im, deepest, A_DEPT, GK_COL_DEPT, cell[GK_COL_DEPT], err)) return -1;
    for (size_t i = 0; i < sizeof indicator_cols / sizeof *indicator_cols; i++)
        if (need_indicator(im, ids, indicator_cols[i], err)) return -1;
    return 0;
}

/* 年度 and 初期値年度 of the row; a yearly value without 年度 is an error,
 * and a year outside the plan's period extends it (office work). */
static int row_years(gk_importer *im, plan_state *p, int *year, int *base_year, gk_error *err)
{
    const char *const *cell = im->row->cell;
    if (parse_year(im, GK_COL_YEAR, year, err) || parse_year(im, GK_COL_BASE_YEAR, base_year, err))
        return -1;
    if (!*year && (cell[GK_COL_TARGET] || cell[GK_COL_ACTUAL] || cell[GK_COL_STATUS] ||
                   cell[GK_COL_NEXT] || cell[GK_COL_EVAL])) {
        gk_col c = cell[GK_COL_TARGET]   ? GK_COL_TARGET
                   : cell[GK_COL_ACTUAL] ? GK_COL_ACTUAL
                   : cell[GK_COL_STATUS] ? GK_COL_STATUS
                   : cell[GK_COL_NEXT]   ? GK_COL_NEXT
                                         : GK_COL_EVAL;
        gk_error_set(err, _("a yearly value needs 年度 on the same row"));
        row_error(im, c, err);
        return -1;
    }
    if (check_notes(im, err) != 0) return -1;
    if (*year && (!p->first_year || *year < p->first_year || *year > p->last_year) &&
        need_office(im, GK_COL_YEAR, N_("extend the plan's period"), err) != 0)
        return -1;
    if (*year) extend_period(p, *year, im->row->line);
    return 0;
}

/* The indicator's part of a row: its unit, the series with its 初期値, the
 * year's target and actual, and the notes. */
static int row_indicator(gk_importer *im, int64_t ind, int year, int base_year,
                         const char *const notes[3], gk_error *err)
{
    const char *const *cell = im->row->cell;
    char unit[256];
    if (set_node_attr(im, ind, A_UNIT, GK_COL_UNIT, cell[GK_COL_UNIT], err) ||
        node_unit(im, ind, unit, sizeof unit, err))
        return -1;
    if (check_cell(im, cell[GK_COL_BASE], unit, GK_COL_BASE, err) ||
        check_cell(im, cell[GK_COL_TARGET], unit, GK_COL_TARGET, err) ||
        check_cell(im, cell[GK_COL_ACTUAL], unit, GK_COL_ACTUAL, err))
        return -1;
    /* Notes alone belong to the indicator and need no series: an indicator
     * with 男性/女性 must not grow an unnamed one. */
    bool per_series = cell[GK_COL_SERIES] || cell[GK_COL_BASE] || cell[GK_COL_BASE_YEAR] ||
                      cell[GK_COL_TARGET] || cell[GK_COL_ACTUAL];
    if (!per_series) return year ? set_notes(im, ind, year, notes, err) : 0;
    /* walk_path() left the indicator in the cache, with its uid */
    int64_t series = find_series(im, ind, im->cache[L_INDICATOR].uid,
                                 cell[GK_COL_SERIES] ? cell[GK_COL_SERIES] : "", cell[GK_COL_BASE],
                                 cell[GK_COL_BASE_YEAR] ? base_year : 0, err);
    if (series < 0 ||
        set_series_attr(im, series, A_BASE, GK_COL_BASE, cell[GK_COL_BASE], 0, unit, err) ||
        set_series_attr(im, series, A_BASE_YEAR, GK_COL_BASE_YEAR, cell[GK_COL_BASE_YEAR],
                        base_year, unit, err))
        return -1;
    if (year && (set_value(im, series, year, cell[GK_COL_TARGET], cell[GK_COL_ACTUAL], unit, err) ||
                 set_notes(im, ind, year, notes, err)))
        return -1;
    return 0;
}

int gk_import_row(gk_importer *im, const gk_plan_row *row, gk_error *err)
{
    im->row = row;
    im->st.rows++;
    const char *const *cell = row->cell;
    if (check_titles(im, err) != 0) return -1;
    const char *plan = row_plan_name(im, err);
    if (!plan) return -1;
    plan_state *p = find_plan(im, plan, err);
    if (!p) return -1;
    if (p != im->plan) {
        cache_clear_from(im, 0);
        im->plan = p;
    }
    if (plan_attrs_row(im, p, err) != 0) return -1;
    int64_t ids[NLEVELS];
    if (walk_path(im, ids, err) != 0) return -1;
    int64_t deepest = 0, owner = 0; /* owner: deepest node that is not an indicator */
    for (int l = 0; l < NLEVELS; l++)
        if (ids[l]) {
            deepest = ids[l];
            if (l != L_INDICATOR) owner = ids[l];
        }
    if (!deepest && plan_only_row(row)) return 0;
    if (!deepest) {
        gk_error_set(err, _("%s:%ld: the row names no 基本目標, 取組方針, 取組項目 or 指標"),
                     im->fname, row->line);
        return -1;
    }
    int year, base_year;
    if (row_node_attrs(im, ids, deepest, owner, err) != 0 ||
        row_years(im, p, &year, &base_year, err) != 0)
        return -1;
    const char *notes[3] = {cell[GK_COL_STATUS], cell[GK_COL_NEXT], cell[GK_COL_EVAL]};
    if (!ids[L_INDICATOR]) return year ? set_notes(im, deepest, year, notes, err) : 0;
    return row_indicator(im, ids[L_INDICATOR], year, base_year, notes, err);
}

/* --- begin / commit --------------------------------------------------------------- */

static void importer_free(gk_importer *im)
{
    for (int i = 0; i < NQUERIES; i++)
        sqlite3_finalize(im->q[i]);
    sqlite3_finalize(im->value_batch);
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
    free(im->pend_text);
    free(im->node_line);
    free(im->series_line);
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
        gk_store_rollback(s);
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
    static const char head[] =
        "INSERT OR ROLLBACK INTO value(series_id, year, target_raw, actual_raw) VALUES ";
    char sql[sizeof head + VALUE_BATCH * sizeof "(?,?,?,?),"];
    size_t n = sizeof head - 1;
    memcpy(sql, head, n);
    for (int i = 0; i < VALUE_BATCH; i++) {
        memcpy(sql + n, i ? ",(?,?,?,?)" : "(?,?,?,?)", i ? 10 : 9);
        n += i ? 10 : 9;
    }
    sql[n] = '\0';
    if (!(im->value_batch = gk_sql_prepare(s, sql, err))) {
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
                             .base = (char *)gk_col_opt(nq, 6),
                             .base_year = sqlite3_column_int(nq, 7),
                             .years = yv};
        sqlite3_reset(vq);
        sqlite3_bind_int64(vq, 1, sqlite3_column_int64(nq, 5));
        sqlite3_bind_int(vq, 2, e->year);
        int vs;
        while ((vs = sqlite3_step(vq)) == SQLITE_ROW && sr.nyears < sizeof yv / sizeof *yv) {
            yv[sr.nyears].year = sqlite3_column_int(vq, 0);
            yv[sr.nyears].target = gk_col_opt(vq, 1) ? strdup(gk_col_opt(vq, 1)) : NULL;
            yv[sr.nyears].actual = gk_col_opt(vq, 2) ? strdup(gk_col_opt(vq, 2)) : NULL;
            sr.nyears++;
        }
        if (vs != SQLITE_ROW && vs != SQLITE_DONE) rc = gk_sql_step_done(s, vs, err);
        const char *unit = gk_col_text(nq, 4);
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
        const char *ev = gk_col_opt(nq, 2), *old = gk_col_opt(nq, 3);
        if (rc == 0 && gk_eval_needs_reason(proposal, ev, old)) {
            char reason[1024];
            snprintf(reason, sizeof reason, _("imported from %s; the proposal was %s"), file,
                     proposal);
            sqlite3_reset(uq);
            sqlite3_bind_int64(uq, 1, sqlite3_column_int64(nq, 0));
            gk_sql_bind_text(uq, 2, reason);
            rc = gk_sql_step_done(s, sqlite3_step(uq), err);
            if (rc == 0 && e->existed)
                rc = gk_history_add(s, "note", gk_col_text(nq, 1), "eval_reason", old, reason, err);
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
        sqlite3_stmt *st = gk_sql_prepare(
            im->s, "UPDATE plan SET entry = " GK_SQL_ENTRY_INFER("?1") " WHERE id = ?1", err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, im->plans[i].id);
        if (gk_sql_run(im->s, st, _("cannot store where the entry lives"), err) != 0) return -1;
    }
    return 0;
}

int gk_import_commit(gk_importer *im, gk_import_stats *out, gk_error *err)
{
    int rc = flush_values(im, err);
    if (rc == 0) rc = eval_reasons(im, err);
    if (rc == 0) rc = save_plan_attrs(im, err);
    if (rc == 0) rc = gk_dept_unify_tx(im->s, err);
    if (rc == 0) { /* the new nodes' search text into the index, in one statement */
        sqlite3_stmt *st = q(im, Q_FTS_NEW);
        sqlite3_bind_int64(st, 1, im->node_max0);
        rc = step_done(im, st, err) < 0 ? -1 : 0;
    }
    if (rc == 0) rc = infer_entry(im, err);
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
    if (rc == 0) rc = eval_reasons(im, err);
    if (rc == 0) rc = save_plan_attrs(im, err);
    if (rc == 0) rc = gk_dept_unify_tx(im->s, err);
    if (rc == 0) rc = infer_entry(im, err);
    if (out) *out = im->st;
    gk_store *s = im->s;
    int64_t start = im->hist_start;
    importer_free(im);
    /* the overwritten cells, as the history of this transaction has them; a
     * value's uid is derived (db/schema.sql), so the values' are made once
     * into a temporary table (rolled back with the rest) */
    if (rc == 0 && sqlite3_exec(s->db,
                                "CREATE TEMP TABLE gk_vuid (uid TEXT PRIMARY KEY, node INTEGER,"
                                " year INTEGER);"
                                "INSERT OR IGNORE INTO temp.gk_vuid SELECT gk_uid(s.uid, 'value',"
                                " v.year), s.node_id, v.year FROM value v JOIN series s"
                                " ON s.id = v.series_id",
                                NULL, NULL, NULL) != SQLITE_OK) {
        gk_sql_error(s, sqlite3_errcode(s->db), _("cannot read the database"), err);
        rc = -1;
    }
    sqlite3_stmt *st =
        rc != 0
            ? NULL
            : gk_sql_prepare(s,
                             "SELECT h.field, h.old, h.new, coalesce((SELECT o.node_id FROM note o"
                             " WHERE o.uid = h.row_uid), (SELECT n.id FROM node n WHERE n.uid ="
                             " h.row_uid), (SELECT x.node FROM temp.gk_vuid x WHERE x.uid ="
                             " h.row_uid)), coalesce((SELECT o.year FROM note o WHERE o.uid ="
                             " h.row_uid), (SELECT x.year FROM temp.gk_vuid x WHERE x.uid ="
                             " h.row_uid)), h.row_uid, h.tbl FROM history h WHERE h.id > ?1"
                             " AND h.tbl <> 'user' ORDER BY h.id",
                             err);
    if (rc == 0 && !st) rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, start);
        int step = SQLITE_DONE;
        while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t node = sqlite3_column_int64(st, 3);
            char *path = node ? gk_node_path(s, node) : NULL, where[4096], fy[32];
            if (sqlite3_column_type(st, 4) != SQLITE_NULL)
                snprintf(where, sizeof where, "%s %s", path ? path : gk_col_text(st, 5),
                         gk_fy_short(sqlite3_column_int(st, 4), fy, sizeof fy));
            else
                snprintf(where, sizeof where, "%s", path ? path : gk_col_text(st, 5));
            rc = fn(ctx, gk_col_text(st, 6), where, gk_col_text(st, 0), gk_col_opt(st, 1),
                    gk_col_opt(st, 2), err);
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
