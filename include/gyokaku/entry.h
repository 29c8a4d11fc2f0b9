/*
 * entry.h — the annual entry of one node for one fiscal year, as the entry
 * form edits it: loading, saving with conflict detection, drafts of unsaved
 * input, and the change history of a field.
 *
 * An entry is a list of editable fields. Each field belongs to a node (the
 * item or indicator the form was opened on, or one of an item's indicators)
 * and is one of: the actual (実績値) of a series, 取組状況, 次年度の取組内容,
 * 評価, or the reason for overriding the proposed 評価.
 *
 * Nothing typed is lost:
 *  - gk_entry_save() writes every changed field in one BEGIN IMMEDIATE
 *    transaction, or nothing: on failure (busy, read-only, disk full) the
 *    entry keeps every typed text and err says why.
 *  - A field whose saved text changed since the entry was loaded (a colleague
 *    saved first) is a conflict: nothing is written, the field's `theirs`
 *    holds the other version, and the caller lets the user keep theirs, take
 *    the other or merge by hand, then calls gk_entry_accept_theirs() or
 *    gk_entry_rebase() and saves again.
 *  - gk_draft_store() keeps the unsaved texts in the draft table (apart from
 *    saved data) so that a lost connection or a crash loses nothing; the
 *    next start lists them with gk_draft_list().
 *
 * Owner: src/store/entry.c (SQL) — this header is what the UI uses.
 * All strings in the structs are malloc'd and owned by the entry; free with
 * gk_entry_free().
 */
#ifndef GYOKAKU_ENTRY_H
#define GYOKAKU_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/note.h" /* GK_NOTE_MAX_CHARS */
#include "gyokaku/node.h"
#include "gyokaku/series.h" /* gk_entry and its fields, the model's types */
#include "gyokaku/store.h"

/* Loads node's entry for year. Returns 0, or -1 with err. */
int gk_entry_load(gk_store *s, int64_t node_id, int year, gk_entry *out, gk_error *err);
void gk_entry_free(gk_entry *e);

/* Replaces field i's text (copies t; NULL or "" = empty). */
int gk_entry_set(gk_entry *e, size_t i, const char *t);

/* True when field i's text differs from what was loaded. */
bool gk_entry_field_dirty(const gk_entry *e, size_t i);
bool gk_entry_dirty(const gk_entry *e);

/* Checks every changed field (actuals: number in the indicator's unit or a
 * text; notes: at most GK_NOTE_MAX_CHARS). Returns the index of the first bad
 * field, or -1 when all are fine. */
long gk_entry_validate(const gk_entry *e, gk_error *err);

/* Saves the changed fields. Returns 0 when saved (orig := text, drafts of
 * those fields removed), 1 when some field is in conflict (nothing written;
 * see `conflict` / `theirs`), -1 on error (nothing written, texts kept). */
int gk_entry_save(gk_store *s, gk_entry *e, gk_error *err);

/* Conflict resolution for field i: take the colleague's text, or keep ours
 * (the form text, possibly merged by hand) on top of theirs. Either way the
 * conflict is cleared and the next save compares against theirs. */
void gk_entry_accept_theirs(gk_entry *e, size_t i);
void gk_entry_rebase(gk_entry *e, size_t i);

/* --- drafts ----------------------------------------------------------------- */

/* Writes the unsaved texts of e (changed fields) as drafts of the current OS
 * user, and removes drafts of fields that are no longer changed. */
int gk_draft_store(gk_store *s, const gk_entry *e, gk_error *err);

/* Applies this user's drafts for e's node and year to the form texts;
 * returns how many were applied. */
long gk_draft_apply(gk_store *s, gk_entry *e, gk_error *err);

/* Removes this user's drafts for e's node and year. */
int gk_draft_discard(gk_store *s, int64_t node_id, int year, gk_error *err);

/* One draft as listed at start-up. */
typedef struct gk_draft_info {
    int64_t node_id;
    char *node_title;
    int year;
    char *field;        /* "actual", "actual:男性", "status", "next_plan", "evaluation", ... */
    gk_field_kind kind; /* what field names */
    const char *series; /* GK_FIELD_ACTUAL: the series ("" unnamed), inside field */
    char *saved;        /* the saved text it would replace (NULL empty) */
    char *draft;        /* the unsaved text (NULL empty) */
    char at[32];
} gk_draft_info;

/* This user's drafts, oldest first. Free with gk_draft_list_free(). */
int gk_draft_list(gk_store *s, gk_draft_info **out, size_t *n, gk_error *err);
void gk_draft_list_free(gk_draft_info *d, size_t n);

/* --- history ---------------------------------------------------------------- */

typedef struct gk_history_entry {
    int64_t id;
    char at[32];
    char who[64];
    char *old; /* NULL = empty */
    char *new_;
} gk_history_entry;

/* The history of field i of e, newest first. */
int gk_entry_history(gk_store *s, const gk_entry *e, size_t i, gk_history_entry **out, size_t *n,
                     gk_error *err);
void gk_history_free(gk_history_entry *h, size_t n);

#endif
