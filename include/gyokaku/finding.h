/*
 * finding.h — one problem `gyokaku check` found, as data: a code and its
 * arguments (texts of the database: uids, titles, years, logins, stored
 * names). The store fills them in (stats.c, chain.c); whoever shows them
 * formats them with gk_finding_text(), which picks the translated sentence
 * of the code, so a finding is a whole translated sentence in every
 * language and never English glued together in SQL.
 *
 * Stored names among the arguments (a node's kind, a workflow state, a
 * role, a cell's field, a history row's table) are shown through
 * gk_finding_term() in the user's language.
 */
#ifndef GYOKAKU_FINDING_H
#define GYOKAKU_FINDING_H

#include <stddef.h>

#define GK_FINDING_ARGS 8

/* The arguments of each code, in order (all texts). */
typedef enum gk_finding_code {
    GK_FIND_INTEGRITY = 1,     /* SQLite's text (integrity_check) */
    GK_FIND_QUERY_FAILED,      /* SQLite's text: a check that could not run */
    GK_FIND_FOREIGN_KEY,       /* table, rowid, parent table */
    GK_FIND_PARENT_PLAN,       /* uid, title */
    GK_FIND_KIND_UNDER,        /* uid, title, kind, parent's kind */
    GK_FIND_SERIES_KIND,       /* series uid, kind of its node */
    GK_FIND_MIXED_SERIES,      /* uid, title */
    GK_FIND_VALUE_YEAR,        /* value uid, title, year, plan, first year, last year */
    GK_FIND_NOTE_YEAR,         /* note uid, title, year, plan */
    GK_FIND_PERIOD_REVERSED,   /* plan, first year, last year */
    GK_FIND_DEPT_POS,          /* uid, title */
    GK_FIND_SAME_TITLE,        /* uid, other uid, title */
    GK_FIND_UID_PLAN,          /* plan, uid */
    GK_FIND_UID_NODE,          /* uid, title */
    GK_FIND_UID_SERIES,        /* uid, title, series name */
    GK_FIND_UID_NOTE,          /* uid, title, year */
    GK_FIND_BYPASS_VALUE,      /* value uid, title, year, field, held, recorded */
    GK_FIND_BYPASS_NOTE,       /* note uid, title, year, field, held, recorded */
    GK_FIND_STATE_NEVER,       /* note uid, title, year, state */
    GK_FIND_STATE_CHANGED,     /* note uid, title, year, state, recorded state */
    GK_FIND_ROLE_NEVER,        /* login, role */
    GK_FIND_ROLE_CHANGED,      /* login, role, recorded role ("" = removed) */
    GK_FIND_USER_REMOVED,      /* login, recorded role */
    GK_FIND_USER_DEPTS,        /* login, departments, recorded departments */
    GK_FIND_LOCK_NOT_BY,       /* year */
    GK_FIND_LOCK_DIFFERS,      /* year, who, reason, recorded who, recorded reason */
    GK_FIND_UNLOCK_NOT_BY,     /* year */
    GK_FIND_CHAIN_MISMATCH,    /* row id, row (gk_finding_row) */
    GK_FIND_CHAIN_NO_HASH,     /* row id, row */
    GK_FIND_BACKUP_ROW_GONE,   /* row id, row, backup file */
    GK_FIND_BACKUP_ROW_NEW,    /* row id, row, backup file, its last row id */
    GK_FIND_BACKUP_ROW_EDITED, /* row id, row now, backup file, row in the backup */
    GK_FIND_BACKUP_DIFFERS,    /* backup file, its last row id */
    GK_FIND_DEPTS_NEVER,       /* uid, title, departments */
    GK_FIND_DEPTS_CHANGED,     /* uid, title, departments, recorded departments */
    GK_FIND_DEPTS_NEVER_FIX,   /* uid, title, departments, backup file, its departments */
    GK_FIND_DEPTS_CHANGED_FIX, /* uid, title, departments, recorded, backup file, its departments */
    GK_FIND_COUNT
} gk_finding_code;

typedef struct gk_finding {
    gk_finding_code code;
    const char *arg[GK_FINDING_ARGS]; /* NULL reads as "" */
} gk_finding;

/* Receives each finding; the texts live only during the call. */
typedef void (*gk_finding_fn)(void *ctx, const gk_finding *f);

/* The finding as one sentence in the user's language, malloc'd (NULL when
 * out of memory). clean (may be NULL) is applied to every argument first
 * (the CLI passes its sanitizer, so that plan text cannot move the
 * terminal). */
char *gk_finding_text(const gk_finding *f, const char *(*clean)(const char *));

/* A stored name (kind, state, role, field, history table) in the user's
 * language; other texts are returned as they are. */
const char *gk_finding_term(const char *stored);

/* One history row "AT WHO, TABLE ROW_UID FIELD "OLD" -> "NEW"" into buf,
 * table and field through gk_finding_term() (an argument of the chain
 * findings). */
void gk_finding_row(char *buf, size_t n, const char *at, const char *who, const char *tbl,
                    const char *row_uid, const char *field, const char *old, const char *new_);

#endif
