/*
 * form.h — private to the entry form's files: its state and what they call
 * of each other.
 *
 *   form.c       the screen: key table, saving, drafts, the workflow keys,
 *                opening and closing
 *   formfield.c  the fields: editors, locked notes, the 評価 proposal,
 *                labels and the style of actuals
 *   formdraw.c   drawing the form
 *   formedit.c   the keys that edit the focused field
 */
#ifndef GYOKAKU_UI_FORM_H
#define GYOKAKU_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "gyokaku/edit.h"
#include "gyokaku/entry.h"
#include "ui_int.h"

typedef struct field_ui {
    gk_edit ed;
    int height; /* rows of the input area (1 for a single line) */
    bool multiline;
    bool locked; /* a saved note over GK_NOTE_MAX_CHARS: shown, not editable, never saved */
} field_ui;

typedef struct form {
    gk_store *s;
    gk_entry e;
    field_ui *f;
    size_t focus;
    int ytop; /* first screen row of the scrolled form */
    bool saved_any;
    time_t last_key;
    bool draft_due; /* typed since the last draft */
    /* 評価: the proposal computed from target and actual is a hint in the
     * field's heading, never its content: a proposal stays a proposal. The
     * field holds only what the person typed, chose (F4), put back (F6) or
     * took from the proposal with F5, and only that is saved as the
     * department's 評価. eval_proposed is never set any more: it stays for
     * the paths that guard it. */
    size_t eval_i; /* the node's own 評価 field, or nfields when none */
    bool eval_proposed;
    ui_status status; /* the bottom line's message */
    char *comment;    /* the 差し戻し comment while the node is returned, else NULL */
    ui_key bar[16];   /* form_keys, F7 left off the bar for a login that is not a user */
    char *out_msg;    /* the caller's message: what a workflow key did */
    size_t out_msgsz;
} form;

/* form.c: the number of entries of the key table (form.bar). */
extern const size_t form_nkeys;

/* formfield.c */
/* 取組状況 and 次年度の取組内容: the multi-line text areas. */
bool form_is_note(gk_field_kind k);
/* Width of the input areas on the current screen. */
int form_input_width(void);
/* Copies the editors' texts into the entry. */
void form_sync(form *m);
/* Field i's saved or drafted text into its editor, cursor at the end. */
void form_load_editor(form *m, size_t i);
/* The bottom line's message (warn: shown as a warning). */
void form_set_message(form *m, const char *msg, bool warn);
/* Says why field i (locked) cannot be edited. */
void form_say_locked(form *m, size_t i);
/* The target in force this year for f's series; *year (may be NULL)
 * receives the year it was written for. */
const char *form_effective_target(const form *m, const gk_entry_field *f, int *year);
/* The 評価 proposed from the first series' target and actual, or NULL. */
const char *form_proposal(form *m);
/* While 評価 is still the proposal, it follows the actual as it is typed. */
void form_follow_proposal(form *m);
/* At opening: which field is the node's own 評価. */
void form_propose_eval(form *m);
/* F5: the proposal taken into 評価. */
void form_take_proposal(form *m);
/* Actuals written in the style of the series' earlier cells. */
void form_normalise_actuals(form *m);

/* formdraw.c: the screen's draw callback. */
void form_draw(ui_screen *sc);

/* formedit.c */
/* Tab / S-Tab: the next (dir > 0) or previous field. */
void form_focus_move(form *m, int dir);
/* A bracketed paste: the whole text at the cursor, line breaks included. */
void form_paste(form *m, const char *text, size_t len);
/* Editing keys of the focused field; returns true when handled. */
bool form_edit_key(form *m, int k, bool is_key);

#endif
