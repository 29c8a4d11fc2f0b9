/*
 * schema.c — the file trusts only its own schema (store_int.h,
 * gk_schema_verify).
 *
 * A gyokaku database is an ordinary SQLite file that anyone who may write
 * it can change with sqlite3: a trigger added there runs with the rights of
 * whoever writes next (the office restoring a backup, the office saving),
 * and a view or an index expression is code too. So before anything reads
 * or writes the data, the file's sqlite_schema is compared with the schema
 * this program knows: db/schema.sql (compiled in) run into an in-memory
 * database once per process. Every trigger, view and index must be one of
 * the program's, with the same SQL (compared with comments and runs of
 * white space outside quotes removed: an upgraded file has the text of
 * migrate.c, a new file that of schema.sql); every table must be one of the
 * program's with the same columns (name, type, NOT NULL, default, key;
 * their order may differ: ALTER TABLE ADD COLUMN appends) and the same
 * CHECK constraints (each CHECK(...) of the table's SQL, column or table
 * level, compared as a sorted list). An older file
 * (upgraded right after this check) must have only triggers and views of
 * the current schema and tables and indexes whose names an older schema
 * had. The indexes SQLite makes for UNIQUE and PRIMARY KEY constraints
 * (sqlite_autoindex_*, without SQL) and its own statistics tables run no
 * code and are accepted on a known table, and so is the record a backup
 * carries of itself (backup_record, GK_BACKUP_RECORD_SQL).
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gyokaku/i18n.h"

/* Indexes of older schema versions, dropped by an upgrade (migrate.c). */
static const char *const old_indexes[] = {"node_pos"};
/* Versions 9 and 10's search index (with its table of text sizes, a
 * shadow table node_fts_docsize), made again by the upgrade to 11. */
static const char old_fts_sql[] = "CREATE VIRTUAL TABLE node_fts USING fts5(t, content='',"
                                  " detail=none, tokenize='trigram case_sensitive 1')";
static const char old_fts_docsize[] = "node_fts_docsize";

/* One object of a schema. */
typedef struct obj {
    char *type, *name, *tbl, *sql; /* sql normalized; NULL for an autoindex */
} obj;

typedef struct objs {
    obj *v;
    size_t n, cap;
} objs;

static void objs_free(objs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->v[i].type);
        free(o->v[i].name);
        free(o->v[i].tbl);
        free(o->v[i].sql);
    }
    free(o->v);
    memset(o, 0, sizeof *o);
}

char *gk_schema_normalize(const char *sql)
{
    if (!sql) return NULL;
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t k = 0;
    bool space = false; /* white space (or a comment) seen since the last token */
    for (size_t i = 0; i < n;) {
        char c = sql[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') { /* a quoted token, kept whole */
            char close = c == '[' ? ']' : c;
            if (space && k && !strchr("(),;=", out[k - 1])) out[k++] = ' ';
            space = false;
            out[k++] = sql[i++];
            while (i < n) {
                out[k++] = sql[i];
                if (sql[i++] == close) {
                    if (i < n && sql[i] == close && close != ']') { /* doubled quote */
                        out[k++] = sql[i++];
                        continue;
                    }
                    break;
                }
            }
            continue;
        }
        if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n')
                i++;
            space = true;
            continue;
        }
        if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            const char *end = strstr(sql + i + 2, "*/");
            i = end ? (size_t)(end - sql) + 2 : n;
            space = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            i++;
            continue;
        }
        /* one space between two tokens, none around punctuation */
        if (space && k && !strchr("(),;=", out[k - 1]) && !strchr("(),;=", c)) out[k++] = ' ';
        space = false;
        out[k++] = sql[i++];
    }
    while (k && out[k - 1] == ';')
        k--;
    out[k] = '\0';
    return out;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? strdup(t) : NULL;
}

/* The objects of db's main schema into o. Returns SQLITE_OK or an error. */
static int read_objects(sqlite3 *db, objs *o)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, tbl_name, sql FROM main.sqlite_schema"
                                " ORDER BY type, name",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (o->n == o->cap) {
            size_t cap = o->cap ? o->cap * 2 : 32;
            obj *nv = realloc(o->v, cap * sizeof *nv);
            if (!nv) {
                rc = SQLITE_NOMEM;
                break;
            }
            o->v = nv;
            o->cap = cap;
        }
        obj *b = &o->v[o->n++];
        memset(b, 0, sizeof *b);
        b->type = dup_col(st, 0);
        b->name = dup_col(st, 1);
        b->tbl = dup_col(st, 2);
        const char *sql = (const char *)sqlite3_column_text(st, 3);
        b->sql = gk_schema_normalize(sql);
        if (!b->type || !b->name || !b->tbl || (sql && !b->sql)) rc = SQLITE_NOMEM;
        rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
        if (rc != SQLITE_OK) break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A table's columns as one text, sorted by name: "name|type|notnull|dflt|pk|hidden\n"... */
static char *columns(sqlite3 *db, const char *table)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT group_concat(c, char(10)) FROM (SELECT name || '|' ||"
                           " upper(type) || '|' || \"notnull\" || '|' || ifnull(dflt_value, '') ||"
                           " '|' || pk || '|' || hidden AS c FROM pragma_table_xinfo(?1)"
                           " ORDER BY name)",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    char *r = sqlite3_step(st) == SQLITE_ROW ? dup_col(st, 0) : NULL;
    sqlite3_finalize(st);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (unsigned char)c >= 0x80;
}

char *gk_schema_checks(const char *sql)
{
    char *norm = gk_schema_normalize(sql);
    if (!norm) return sql ? NULL : strdup("");
    size_t n = strlen(norm), cnt = 0, cap = 0;
    char **v = NULL;
    bool ok = true;
    for (size_t i = 0; i < n && ok;) {
        char c = norm[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') { /* a quoted token: no keyword */
            char close = c == '[' ? ']' : c;
            for (i++; i < n; i++)
                if (norm[i] == close) {
                    if (i + 1 < n && norm[i + 1] == close && close != ']') {
                        i++;
                        continue;
                    }
                    break;
                }
            i++;
            continue;
        }
        if (!word_char(c)) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < n && word_char(norm[i]))
            i++;
        if (i - w != 5 || strncasecmp(norm + w, "CHECK", 5) != 0) continue;
        size_t j = i;
        while (j < n && norm[j] == ' ')
            j++;
        if (j >= n || norm[j] != '(') continue;
        /* to the matching parenthesis, quotes respected */
        int depth = 0;
        size_t k = j;
        for (; k < n; k++) {
            char d = norm[k];
            if (d == '\'' || d == '"' || d == '`' || d == '[') {
                char close = d == '[' ? ']' : d;
                for (k++; k < n; k++)
                    if (norm[k] == close) {
                        if (k + 1 < n && norm[k + 1] == close && close != ']') {
                            k++;
                            continue;
                        }
                        break;
                    }
                continue;
            }
            if (d == '(') depth++;
            if (d == ')' && --depth == 0) break;
        }
        size_t len = (k < n ? k + 1 : n) - j;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 8;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                ok = false;
                break;
            }
            v = nv;
        }
        if (!(v[cnt] = malloc(len + 7))) {
            ok = false;
            break;
        }
        /* a space only where two words meet: "a > 0" is "a>0" */
        char *o = v[cnt++];
        size_t m = (size_t)sprintf(o, "CHECK");
        for (size_t p = j; p < j + len; p++) {
            char d = norm[p];
            if (d == '\'' || d == '"' || d == '`' || d == '[') { /* copied whole */
                char close = d == '[' ? ']' : d;
                o[m++] = norm[p++];
                for (; p < j + len; p++) {
                    o[m++] = norm[p];
                    if (norm[p] == close) {
                        if (p + 1 < j + len && norm[p + 1] == close && close != ']') {
                            o[m++] = norm[++p];
                            continue;
                        }
                        break;
                    }
                }
                continue;
            }
            if (d == ' ' &&
                !(m && word_char(o[m - 1]) && p + 1 < j + len && word_char(norm[p + 1])))
                continue;
            o[m++] = d;
        }
        o[m] = '\0';
        i = k < n ? k + 1 : n;
    }
    size_t total = 1;
    for (size_t i = 0; i < cnt; i++)
        total += strlen(v[i]) + 1;
    char *out = ok ? malloc(total) : NULL;
    if (out) {
        if (cnt > 1) qsort(v, cnt, sizeof *v, cmp_str); /* v is NULL without a CHECK */
        size_t k = 0;
        for (size_t i = 0; i < cnt; i++)
            k += (size_t)sprintf(out + k, "%s\n", v[i]);
        out[k] = '\0';
    }
    for (size_t i = 0; i < cnt; i++)
        free(v[i]);
    free(v);
    free(norm);
    return out;
}

/* The reference: db/schema.sql in memory, built once. */
static sqlite3 *ref_db;
static objs ref;

static int load_reference(gk_error *err)
{
    if (ref_db) return 0;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, gk_schema_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = read_objects(db, &ref);
    if (rc != SQLITE_OK) {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, NULL, _("(in memory)"), why, sizeof why);
        gk_error_set(err, _("cannot compare the database's schema: %s"), why);
        objs_free(&ref);
        sqlite3_close(db);
        return -1;
    }
    ref_db = db;
    return 0;
}

static const obj *find(const objs *o, const char *type, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->v[i].type, type) == 0 && strcmp(o->v[i].name, name) == 0) return &o->v[i];
    return NULL;
}

static bool is_old_index(const char *name)
{
    for (size_t i = 0; i < sizeof old_indexes / sizeof *old_indexes; i++)
        if (strcmp(name, old_indexes[i]) == 0) return true;
    return false;
}

/* The object of the file that is not the program's: its error into err. */
static int foreign(const char *path, const obj *b, const char *why, gk_error *err)
{
    gk_error_set(err,
                 _("%s holds %s %s (on %s) that is not part of gyokaku's schema (%s): the file "
                   "was changed outside gyokaku; it is refused and left untouched (restore a "
                   "backup, or ask the plan office)"),
                 path, b->type, b->name, b->tbl, why);
    return -1;
}

/* Checks one object b of the file db (schema version version). */
static int check_object(sqlite3 *db, const char *path, const obj *b, int version, gk_error *err)
{
    bool current = version >= GK_SCHEMA_VERSION;
    if (strcmp(b->type, "table") == 0 &&
        (strcmp(b->name, "sqlite_sequence") == 0 || strncmp(b->name, "sqlite_stat", 11) == 0))
        return 0; /* SQLite's own bookkeeping: data, no code */
    if (strcmp(b->type, "index") == 0 && !b->sql && strncmp(b->name, "sqlite_autoindex_", 17) == 0)
        return find(&ref, "table", b->tbl) || !current
                   ? 0
                   : foreign(path, b, _("an index of an unknown table"), err);
    if (strcmp(b->type, "table") == 0 && strcmp(b->name, "backup_record") == 0) {
        char *want = gk_schema_normalize(GK_BACKUP_RECORD_SQL);
        bool same = want && b->sql && strcmp(want, b->sql) == 0;
        free(want);
        return same ? 0 : foreign(path, b, _("its SQL differs"), err);
    }
    const obj *r = find(&ref, b->type, b->name);
    if (strcmp(b->type, "trigger") == 0 || strcmp(b->type, "view") == 0) {
        if (!r) return foreign(path, b, _("unknown name"), err);
        if (!b->sql || strcmp(b->sql, r->sql) != 0)
            return foreign(path, b, _("its SQL differs"), err);
        return 0;
    }
    if (strcmp(b->type, "index") == 0) {
        if (!r && !current && is_old_index(b->name)) return 0;
        if (!r) return foreign(path, b, _("unknown name"), err);
        if (!b->sql || !r->sql || strcmp(b->sql, r->sql) != 0)
            return foreign(path, b, _("its SQL differs"), err);
        return 0;
    }
    if (strcmp(b->type, "table") != 0) return foreign(path, b, _("unknown kind of object"), err);
    if (!r && !current && strcmp(b->name, old_fts_docsize) == 0) return 0;
    if (!r) return foreign(path, b, _("unknown name"), err);
    /* a virtual table runs its module's code: only the program's own
     * (node_fts, version 9), with the same SQL (an older file: that of its
     * version); its shadow tables are ordinary tables of the reference and
     * compared below */
    if (b->sql && strncmp(b->sql, "CREATE VIRTUAL", 14) == 0) {
        if (r->sql && strcmp(b->sql, r->sql) == 0) return 0;
        char *old = current ? NULL : gk_schema_normalize(old_fts_sql);
        bool same = old && strcmp(b->sql, old) == 0;
        free(old);
        return same ? 0 : foreign(path, b, _("a virtual table"), err);
    }
    if (!current || (b->sql && r->sql && strcmp(b->sql, r->sql) == 0)) return 0;
    char *mine = columns(db, b->name), *want = columns(ref_db, r->name);
    bool same = mine && want && strcmp(mine, want) == 0;
    free(mine);
    free(want);
    if (!same) return foreign(path, b, _("its columns differ"), err);
    /* a CHECK runs no code, but a dropped or loosened one lets data in that
     * the program never writes (a role 'admin', an empty reason) */
    mine = gk_schema_checks(b->sql);
    want = gk_schema_checks(r->sql);
    same = mine && want && strcmp(mine, want) == 0;
    free(mine);
    free(want);
    return same ? 0 : foreign(path, b, _("its CHECK constraints differ"), err);
}

int gk_schema_verify(sqlite3 *db, const char *path, int version, gk_error *err)
{
    if (load_reference(err) != 0) return -1;
    objs o = {0};
    int rc = read_objects(db, &o);
    if (rc != SQLITE_OK) {
        objs_free(&o);
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            gk_error_set_busy(err, _("cannot open the database: the database %s is busy"), path);
            return -1;
        }
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, sqlite3_errmsg(db), path, why, sizeof why);
        gk_error_set(err, _("cannot read the schema of %s, and it is left untouched: %s"), path,
                     why);
        return -1;
    }
    int res = 0;
    for (size_t i = 0; i < o.n && res == 0; i++)
        res = check_object(db, path, &o.v[i], version, err);
    /* a current file has every table and index of the program */
    for (size_t i = 0; i < ref.n && res == 0 && version >= GK_SCHEMA_VERSION; i++) {
        const obj *r = &ref.v[i];
        if (strcmp(r->type, "table") != 0 && !(strcmp(r->type, "index") == 0 && r->sql)) continue;
        if (!find(&o, r->type, r->name)) {
            gk_error_set(err,
                         _("%s lacks %s %s of gyokaku's schema: the file was changed outside "
                           "gyokaku; it is refused and left untouched (restore a backup)"),
                         path, r->type, r->name);
            res = -1;
        }
    }
    objs_free(&o);
    return res;
}
