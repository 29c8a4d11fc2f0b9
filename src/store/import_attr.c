/*
 * import_attr.c — a node's and a series' attributes from the rows: the same
 * attribute must agree within the file, and a differing stored value is
 * overwritten with a history row (import.h).
 */
#include "import_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

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
        if (sqlite3_step(t) == SQLITE_ROW)
            snprintf(what, sizeof what, "\"%s\"", gk_stmt_text(t, 4));
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
    if (strcmp(gk_stmt_text(st, 1), val) == 0) return 1;
    char other[1024];
    snprintf(other, sizeof other, "%s", gk_stmt_text(st, 1));
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

void seen_remember(gk_importer *im, int64_t key, const char *val)
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
    snprintf(uid, 33, "%s", gk_stmt_text(st, 0));
    *title = strdup(gk_stmt_text(st, 4));
    int colidx = a == A_CONTENT ? 1 : a == A_REVIEW ? 2 : 3;
    const char *c = gk_stmt_text(st, colidx);
    *cur = c ? strdup(c) : NULL;
    if (a == A_DEPT || a == A_TAGS) {
        free(*cur);
        *cur = NULL;
        if (a == A_DEPT && flush_depts(im, err) != 0) return -1;
        st = q(im, a == A_DEPT ? Q_DEPT_LIST : Q_TAG_LIST);
        sqlite3_bind_int64(st, 1, node);
        if (step_done(im, st, err) != SQLITE_ROW) return -1;
        c = gk_stmt_text(st, 0);
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
    int64_t ids[32]; /* the departments queued for a new node's list */
    int nids;
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
    /* a node made by this import has no list yet: its departments are
     * queued, a name listed twice kept once here as INSERT OR IGNORE would */
    if (dept && c->node > im->node_max0 && c->nids < (int)(sizeof c->ids / sizeof *c->ids)) {
        for (int i = 0; i < c->nids; i++)
            if (c->ids[i] == id) return 0;
        c->ids[c->nids++] = id;
        if (im->ndpend == DEPT_BATCH && flush_depts(im, c->err) != 0) return -1;
        im->dpend[im->ndpend++] = (struct pending_dept){c->node, id, c->pos++};
        return 0;
    }
    if (dept && flush_depts(im, c->err) != 0) return -1;
    sqlite3_stmt *st = q(im, dept ? Q_DEPT_ADD : Q_TAG_ADD);
    sqlite3_bind_int64(st, 1, c->node);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, c->pos);
    if (step_done(im, st, c->err) < 0) return -1;
    c->pos += sqlite3_changes(im->s->db); /* a name listed twice is kept once */
    return 0;
}

int flush_depts(gk_importer *im, gk_error *err)
{
    if (!im->ndpend) return 0;
    int rc = 0;
    if (im->ndpend == DEPT_BATCH) {
        if (!im->dept_batch) {
            if (!(im->dept_batch = gk_sql_prepare_rows(
                      im->s, "INSERT INTO node_dept(node_id, dept_id, pos) VALUES ", 3, DEPT_BATCH,
                      err)))
                return -1;
        }
        sqlite3_stmt *st = im->dept_batch;
        for (int i = 0; i < DEPT_BATCH; i++) {
            sqlite3_bind_int64(st, 3 * i + 1, im->dpend[i].node);
            sqlite3_bind_int64(st, 3 * i + 2, im->dpend[i].dept);
            sqlite3_bind_int64(st, 3 * i + 3, im->dpend[i].pos);
        }
        rc = step_done(im, st, err) < 0 ? -1 : 0;
        sqlite3_reset(st);
    } else {
        for (int i = 0; i < im->ndpend && rc == 0; i++) {
            sqlite3_stmt *st = q(im, Q_DEPT_ADD);
            sqlite3_bind_int64(st, 1, im->dpend[i].node);
            sqlite3_bind_int64(st, 2, im->dpend[i].dept);
            sqlite3_bind_int64(st, 3, im->dpend[i].pos);
            rc = step_done(im, st, err) < 0 ? -1 : 0;
        }
    }
    im->ndpend = 0;
    return rc;
}

int write_list(gk_importer *im, int64_t node, enum attr a, const char *list, gk_error *err)
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

/* Whether node has no 所管課 of its own (*none_own) and its parent (0:
 * none): known without a query for a node this import made that is in the
 * path cache (it has a list only once this file gave it one: node_line),
 * else read. 0 or -1 with err. */
static int own_depts_known(gk_importer *im, int64_t node, bool *none_own, int64_t *parent,
                           gk_error *err)
{
    if (node > im->node_max0)
        for (int l = 0; l < NLEVELS; l++) {
            if (im->cache[l].id != node) continue;
            uint32_t *given = node_line(im, node, A_DEPT, err);
            if (!given) return -1;
            *none_own = *given == 0;
            *parent = im->cache[l].parent;
            return 0;
        }
    sqlite3_stmt *st = q(im, Q_DEPT_OWN);
    sqlite3_bind_int64(st, 1, node);
    int step = sqlite3_step(st);
    *none_own = step == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    *parent = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (step == SQLITE_ROW) return 0;
    gk_sql_error(im->s, step, _("cannot import"), err);
    return -1;
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
        bool none;
        int64_t up;
        if (own_depts_known(im, id, &none, &up, err) < 0) return -1;
        if (!none) {
            if (flush_depts(im, err) != 0) return -1;
            sqlite3_stmt *st = q(im, Q_DEPT_LIST);
            sqlite3_bind_int64(st, 1, id);
            step = sqlite3_step(st);
            if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
                !(names = strdup(gk_stmt_text(st, 0))))
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

int set_node_attr(gk_importer *im, int64_t node, enum attr a, gk_col col, const char *text,
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
        bool none_own;
        int64_t parent;
        if (own_depts_known(im, node, &none_own, &parent, err) < 0) return -1;
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
            /* the node of this row is in the path cache with its uid (as
             * find_node read or derived it): no query for a new node */
            for (int l = 0; l < NLEVELS && !uid[0]; l++)
                if (im->cache[l].id == node) memcpy(uid, im->cache[l].uid, sizeof uid);
            char *t = NULL, *c = NULL;
            if (!uid[0]) rc = node_get(im, node, A_CONTENT, uid, &t, &c, err);
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

/* src into buf[n], cut to fit: the per-row copies of the hot path, where
 * snprintf's format parsing cost more than the copy (issue 25). */
static void copy_cut(char *buf, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n) len = n - 1;
    memcpy(buf, src, len);
    buf[len] = '\0';
}

/* year in decimal into buf (at least 12 bytes), as "%d" would write it. */
static void year_text(char *buf, int year)
{
    char tmp[12];
    int i = 0;
    unsigned v = year < 0 ? 0u - (unsigned)year : (unsigned)year;
    do
        tmp[i++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (year < 0) tmp[i++] = '-';
    for (int k = 0; k < i; k++)
        buf[k] = tmp[i - 1 - k];
    buf[i] = '\0';
}

/* The indicator's unit, read once per run of rows on the same indicator
 * (set_node_attr drops the cache when it changes the unit). */
int node_unit(gk_importer *im, int64_t node, char *buf, size_t n, gk_error *err)
{
    struct cached_node *c = &im->cache[L_INDICATOR];
    if (c->id == node && c->unit) {
        copy_cut(buf, n, c->unit);
        return 0;
    }
    sqlite3_stmt *st = q(im, Q_NODE_GET);
    sqlite3_bind_int64(st, 1, node);
    if (step_done(im, st, err) != SQLITE_ROW) return -1;
    const char *u = gk_stmt_text(st, 3);
    copy_cut(buf, n, u ? u : "");
    if (c->id == node) c->unit = strdup(buf);
    return 0;
}

/* Checks that raw is a valid cell for an indicator in unit. */
int check_cell(gk_importer *im, const char *raw, const char *unit, gk_col col, gk_error *err)
{
    gk_value v;
    if (!raw || gk_value_parse(raw, unit, &v, err) == 0) return 0;
    row_error(im, col, err);
    return -1;
}

/* True when new_ says the same as old: equal text, or both numbers with the
 * same value, comparison and decimals (so a re-import in another writing,
 * 26,684 vs ２６，６８４, keeps the form first written). */
bool same_cell(const char *old, const char *new_, const char *unit)
{
    if (gk_text_eq(old, new_)) return true;
    if (!old || !new_) return false;
    gk_value a, b;
    if (gk_value_parse(old, unit, &a, NULL) != 0 || gk_value_parse(new_, unit, &b, NULL) != 0)
        return false;
    return a.kind == GK_VAL_NUMBER && b.kind == GK_VAL_NUMBER && a.num == b.num && a.cmp == b.cmp &&
           a.decimals == b.decimals;
}

int set_series_attr(gk_importer *im, int64_t series, enum attr a, gk_col col, const char *text,
                    int year, const char *unit, gk_error *err)
{
    if (!text) return 0;
    char uid[33] = "", cur[64] = "";
    const char *curp = NULL;
    char *base = NULL;
    sqlite3_stmt *st;
    char newtext[32];
    if (a == A_BASE_YEAR) year_text(newtext, year);
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
        snprintf(uid, sizeof uid, "%s", gk_stmt_text(st, 0));
        base = gk_stmt_text(st, 1) ? strdup(gk_stmt_text(st, 1)) : NULL;
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
