/*
 * import_int.h — what the pieces of the importer share (import.c, import_path.c,
 * import_attr.c, import_line.c, import_row.c): the importer's state, its
 * statements and the helpers one piece calls in another. Private to store/;
 * the API is import.h.
 */
#ifndef GK_STORE_IMPORT_INT_H
#define GK_STORE_IMPORT_INT_H

#include "gyokaku/import.h"
#include "gyokaku/plancols.h" /* the column names, gk_split_list … */

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
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
/* The codes as SQL text, for the CASE of Q_NODE_SET and Q_SERIES_SET (SQL
 * cannot name a C enum): spelled once here, checked against enum attr. */
#define A_SQL_CONTENT "0"
#define A_SQL_REVIEW "3"
#define A_SQL_UNIT "4"
#define A_SQL_BASE "8"
#define A_SQL_BASE_YEAR "9"
static_assert(A_CONTENT == 0 && A_REVIEW == 3 && A_UNIT == 4 && A_BASE == 8 && A_BASE_YEAR == 9,
              "A_SQL_* spell enum attr");
/* Values of series made by this import are written this many rows per
 * INSERT statement (flush_values). */
#define VALUE_BATCH 256
/* The bits of the filter of what an import made (1 MiB; a power of two). */
#define MADE_BITS ((size_t)1 << 23)
#define SERIES_ATTRS 2 /* A_BASE, A_BASE_YEAR */
/* 所管課 of new nodes written this many rows per INSERT (flush_depts) */
#define DEPT_BATCH 64

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

/* The lines of the rows made by this import (import_line.c): LINE_SLOTS
 * chunks of LINE_CHUNK rows in memory, the others in a temporary file. */
#define LINE_CHUNK 1024
#define LINE_SLOTS 4
struct made_lines {
    struct line_slot {
        int64_t chunk;
        uint64_t used; /* when last handed out; 0: the slot holds no chunk */
        uint32_t *l;   /* LINE_CHUNK rows of lines */
    } slot[LINE_SLOTS];
    uint64_t tick;
    FILE *file;      /* the chunks pushed out of the slots; NULL until one is */
    int64_t in_file; /* chunks from here on were never pushed out */
};

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
     * when not yet (import_line.c) */
    struct made_lines node_lines, series_lines;
    /* the nodes and series made by this import, as a Bloom filter of
     * MADE_BITS bits over the first 64 bits of their uids: the same size
     * on every plan (a hash set of them grew to 8 MiB at 300,000
     * indicators), and a false "maybe" only costs a lookup (about 0.2 %
     * of the nodes at 300,000) */
    uint8_t *made;
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
    /* the nodes made by this import whose notes it wrote, a bit per id
     * above node_max0: folded once at the commit (mark_stale, refold_new) */
    uint8_t *refold;
    size_t refold_n; /* bytes */
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
    /* the 所管課 of nodes this import made, queued (node, dept, pos) and
     * written DEPT_BATCH per INSERT; written before anything reads
     * node_dept (flush_depts) */
    struct pending_dept {
        int64_t node, dept, pos;
    } dpend[DEPT_BATCH];
    int ndpend;
    sqlite3_stmt *dept_batch;
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

/* The attributes a row gives to the node of one level, written in the
 * INSERT when the row creates it (NULL: not given). */
struct node_attrs {
    const char *content, *review, *unit;
};

/* gk_sql_bind_text without SQLite's copy, for a text that stays where it
 * is until the step is done (a cell of the row, a queued value: pend_text
 * grows only in pending_add); every use of the statements binds all its
 * parameters again. */
static inline void bind_static(sqlite3_stmt *st, int i, const char *t)
{
    if (!t || !*t)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC);
}

/* Defined in import.c, called from another piece. */
int made_add(gk_importer *im, const char *uid, gk_error *err);
bool made_may_have(const gk_importer *im, const char *uid);
int need_edit(gk_importer *im, int64_t node, int year, gk_col col, gk_error *err);
int need_office(gk_importer *im, gk_col col, const char *what, gk_error *err);
int need_target(gk_importer *im, int year, gk_error *err);
sqlite3_stmt *q(gk_importer *im, enum query which);
void row_error(gk_importer *im, gk_col col, gk_error *err);
int step_done(gk_importer *im, sqlite3_stmt *st, gk_error *err);

/* Defined in import_line.c: the slot of the line on which attribute a of a
 * node or series made by this import was first given (0: not yet), valid
 * until the next call for the same kind; NULL with err on failure. */
uint32_t *node_line(gk_importer *im, int64_t node, enum attr a, gk_error *err);
uint32_t *series_line(gk_importer *im, int64_t series, enum attr a, gk_error *err);
void made_lines_free(struct made_lines *lines);

/* Defined in import_attr.c, called from another piece. */
int check_cell(gk_importer *im, const char *raw, const char *unit, gk_col col, gk_error *err);
int node_unit(gk_importer *im, int64_t node, char *buf, size_t n, gk_error *err);
bool same_cell(const char *old, const char *new_, const char *unit);
void seen_remember(gk_importer *im, int64_t key, const char *val);
int set_node_attr(gk_importer *im, int64_t node, enum attr a, gk_col col, const char *text,
                  gk_error *err);
int set_series_attr(gk_importer *im, int64_t series, enum attr a, gk_col col, const char *text,
                    int year, const char *unit, gk_error *err);
int write_list(gk_importer *im, int64_t node, enum attr a, const char *list, gk_error *err);
int flush_depts(gk_importer *im, gk_error *err);

/* Defined in import_path.c, called from another piece. */
void cache_clear_from(gk_importer *im, int level);
int64_t find_node(gk_importer *im, int level, int64_t parent, const char *parent_uid,
                  const char *parent_key, const char *title, const struct node_attrs *at,
                  gk_error *err);
plan_state *find_plan(gk_importer *im, const char *name, gk_error *err);
int64_t find_series(gk_importer *im, int64_t node, const char *node_uid, const char *name,
                    const char *base, int base_year, gk_error *err);
int made_given(gk_importer *im, int64_t id, enum attr a, const char *text, gk_error *err);
int plan_attrs_row(gk_importer *im, plan_state *p, gk_error *err);
int save_plan_attrs(gk_importer *im, gk_error *err);

/* Defined in import_row.c, called from another piece. */
int eval_written(gk_importer *im, int64_t node, int year, bool existed, gk_error *err);
int flush_values(gk_importer *im, gk_error *err);
int mark_stale(gk_importer *im, int64_t node, gk_error *err);
int refold_new(gk_importer *im, gk_error *err);
int note_uid(gk_importer *im, int64_t node, int year, char uid[33], gk_error *err);
void pending_clear(gk_importer *im);

#endif
