/*
 * form.c — the entry form: 実績値, 評価 and the 取組状況 / 次年度の取組内容
 * text areas of one node for one fiscal year, and what keeps typed words
 * safe: drafts written a moment after the last key and when the program is
 * told to end, a failed save that keeps everything, and a conflict with a
 * colleague's save shown side by side. The fields, the drawing and the
 * editing keys are in formfield.c, formdraw.c and formedit.c (form.h), the
 * history lists in history.c, the offer of drafts at start-up in drafts.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/contrib.h"
#include "gyokaku/edit.h"
#include "gyokaku/entry.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/note.h"
#include "gyokaku/series.h"
#include "gyokaku/text.h"
#include "gyokaku/value.h"
#include "ui_int.h"
#include "form.h"

enum form_action {
    F_NONE,
    F_HELP,
    F_SAVE,
    F_CHOICES,
    F_HISTORY,
    F_CONTRIB,
    F_TAKE,
    F_SUBMIT,
    F_APPROVE,
    F_RETURN,
    F_NEXT,
    F_PREV,
    F_CLOSE,
    F_QUIT,
};

static const ui_key form_keys[] = {
    {F_HELP, 1, {UI_CTRL('G')}, "^G", N_("Help"), N_("show the keys of the form")},
    {F_SAVE, 2, {19}, "^S", N_("Save"), N_("save everything (also Ctrl-S)")},
    {F_CHOICES,
     4,
     {UI_CTRL('O')},
     "^O",
     N_("Choices"),
     N_("choose a value the plan uses (検討, 実施 ...)")},
    {F_CONTRIB,
     3,
     {UI_CTRL('Y')},
     "^Y",
     NULL,
     N_("the related departments' contributions (関係課の取組状況) of the year: Enter takes one "
        "over at the end of 取組状況")},
    {F_HISTORY,
     6,
     {UI_CTRL('R')},
     "^R",
     N_("History"),
     N_("history of this field; Enter puts an earlier value back")},
    {F_TAKE,
     5,
     {UI_CTRL('P')},
     "^P",
     N_("Propose"),
     N_("take the 評価 proposed from target and actual into the 評価 field (a proposal is "
        "never saved as the department's 評価 unless taken, chosen or typed)")},
    {F_SUBMIT,
     UI_KEY_SUBMIT,
     {UI_CTRL('T')},
     "^T",
     N_("Submit"),
     N_("save what is typed and submit (提出) for the year; what is missing is listed instead")},
    {F_APPROVE,
     UI_KEY_APPROVE,
     {0},
     "",
     NULL,
     N_("approve (承認) (supervisor, office): only what is submitted, whose form does not "
        "open, so this is F8 on the main screen")},
    {F_RETURN,
     UI_KEY_RETURN,
     {0},
     "",
     NULL,
     N_("return (差し戻し) with a comment (supervisor, office): only what is submitted or "
        "approved, whose form does not open, so this is F9 on the main screen")},
    {F_NEXT, 0, {'\t'}, "Tab", N_("Next"), N_("next field")},
    {F_PREV, 0, {KEY_BTAB}, "S-Tab", NULL, N_("previous field")},
    {F_CLOSE, 0, {27}, "Esc", N_("Close"), N_("close (asks whether to save what is unsaved)")},
    {F_QUIT,
     0,
     {UI_CTRL('C')},
     "^C",
     NULL,
     N_("leave gyokaku (asks whether to save what is unsaved), as F10 on the main screen")},
};
#define NFORMKEYS (sizeof form_keys / sizeof *form_keys)

/* Keys of the text fields themselves, for the help screen only. */
static const ui_key edit_keys[] = {
    {0, 0, {0}, "← → ↑ ↓", NULL, N_("move by character and by line as displayed")},
    {0, 0, {0}, "Home End ^A ^E", NULL, N_("start and end of the line")},
    {0, 0, {0}, "M-b M-f", NULL, N_("previous and next word")},
    {0, 0, {0}, "C-Home C-End M-< M->", NULL, N_("start and end of the whole text")},
    {0, 0, {0}, "PgUp PgDn", NULL, N_("a text area's height up or down")},
    {0, 0, {0}, "BS Del", NULL, N_("delete the character before / after the cursor")},
    {0, 0, {0}, "^U", NULL, N_("clear the field")},
    {0, 0, {0}, "^K", NULL, N_("delete from the cursor to the end of the field")},
    {0, 0, {0}, "Enter", NULL, N_("new line in a text area; next field elsewhere")},
};

const size_t form_nkeys = NFORMKEYS;
_Static_assert(NFORMKEYS <= 16, "form.bar holds form_keys");

/* --- drafts and saving ------------------------------------------------------------------ */

/* Keeps the unsaved input as a draft. When that fails (the file is busy or
 * read-only) it is tried again a little later and, if `report`, the clerk
 * is told (not when a failed save has just said why). */
static void write_draft(form *m, bool report)
{
    form_sync(m);
    gk_error err;
    if (gk_draft_store(m->s, &m->e, &err) == 0) {
        m->draft_due = false;
        return;
    }
    m->last_key = time(NULL); /* retry after the same pause as after a key */
    if (!report) return;
    char warn[GK_ERROR_MAX + 128];
    snprintf(warn, sizeof warn, _("Your input is not yet kept as a draft (%s); save with F2."),
             err.msg);
    form_set_message(m, warn, true);
}

/* Called while waiting for a key, also under a dialog (the conflict view,
 * the Esc question): it writes the draft; when that fails the message is
 * shown at once (the screens are drawn again, a dialog staying on top). */
static bool idle(ui_screen *sc)
{
    form *m = sc->ctx;
    if (!m->draft_due || time(NULL) - m->last_key < 2) return false;
    bool said = m->status.set;
    write_draft(m, true);
    return m->status.set && !said;
}

/* The colleague's version beside ours (conflict.c): keep mine, take theirs,
 * or merge by hand (both texts in the editor, to be cut down and saved
 * again). */
static void resolve_conflict(form *m, size_t i)
{
    gk_entry_field *f = &m->e.fields[i];
    int c = ui_conflict(f);
    if (c == 'k') {
        gk_entry_rebase(&m->e, i);
    } else if (c == 't') {
        gk_entry_accept_theirs(&m->e, i);
        form_load_editor(m, i);
    } else if (c == 'm') {
        const char *mine = f->text ? f->text : "";
        size_t len = strlen(f->theirs ? f->theirs : "") + strlen(mine) + 8;
        char *both = malloc(len);
        if (!both) return;
        snprintf(both, len, "%s\n%s", f->theirs ? f->theirs : "", mine);
        gk_entry_set(&m->e, i, both);
        free(both);
        gk_entry_rebase(&m->e, i);
        form_load_editor(m, i);
        m->focus = i;
    }
}

/* A save that did not happen leaves a proposed 評価 a proposal. */
static void still_proposed(form *m, bool was)
{
    if (!was) return;
    m->eval_proposed = true;
    gk_entry_set(&m->e, m->eval_i, m->e.fields[m->eval_i].orig);
}

static bool save(form *m)
{
    form_sync(m);
    form_normalise_actuals(m);
    form_follow_proposal(m);
    bool was_proposed = m->eval_proposed;
    if (m->eval_proposed) { /* saving the form enters the proposal shown */
        m->eval_proposed = false;
        form_sync(m);
    }
    /* an evaluation other than the proposal needs its reason */
    const char *p = form_proposal(m);
    size_t eval = 0, reason = 0;
    for (size_t i = 0; i < m->e.nfields; i++) {
        if (m->e.fields[i].node_id != m->e.node_id) continue;
        if (m->e.fields[i].kind == GK_FIELD_EVAL) eval = i;
        if (m->e.fields[i].kind == GK_FIELD_EVAL_REASON) reason = i;
    }
    const char *ev = m->e.fields[eval].text;
    if (gk_eval_needs_reason(p, ev, m->e.fields[reason].text) &&
        gk_entry_field_dirty(&m->e, eval)) {
        char msg[300];
        snprintf(msg, sizeof msg, _("評価 differs from the proposal (%s): please give the reason"),
                 p);
        form_set_message(m, msg, true);
        m->focus = reason;
        return false;
    }
    gk_error err = {{0}};
    long bad = gk_entry_validate(&m->e, &err);
    if (bad >= 0) {
        still_proposed(m, was_proposed);
        m->focus = (size_t)bad;
        form_set_message(m, err.msg, true);
        return false;
    }
    for (int round = 0; round < 4; round++) {
        int rc = gk_entry_save(m->s, &m->e, &err);
        if (rc == 0) {
            m->saved_any = true;
            m->draft_due = false;
            form_set_message(m, _("Saved."), false);
            return true;
        }
        if (rc < 0) { /* busy, read-only, disk full: everything stays in the form */
            still_proposed(m, was_proposed);
            form_set_message(m, err.msg, true);
            write_draft(m, false);
            return false;
        }
        for (size_t i = 0; i < m->e.nfields; i++)
            if (m->e.fields[i].conflict) resolve_conflict(m, i);
        form_sync(m);
    }
    still_proposed(m, was_proposed);
    form_set_message(m, _("not saved: the fields keep changing under us; try again"), true);
    return false;
}

/* Esc with unsaved input: 保存 / 破棄 / 戻る. Returns true to close. */
static bool ask_close(form *m)
{
    form_sync(m);
    if (!gk_entry_dirty(&m->e)) return true;
    const char *rows[] = {_("Save"), _("Discard"), _("Back to the form")};
    long c = ui_choose(_("There is unsaved input"), rows, 3, 0, NULL);
    if (c == 0) return save(m);
    if (c == 1) {
        gk_error err;
        gk_draft_discard(m->s, m->e.node_id, m->e.year, &err);
        return true;
    }
    return false;
}

/* --- choices and history --------------------------------------------------------------- */

static void choose_value(form *m)
{
    gk_entry_field *f = &m->e.fields[m->focus];
    if (f->kind != GK_FIELD_ACTUAL && f->kind != GK_FIELD_EVAL) return;
    /* an actual: the plan's words, and 未確定 (not known yet: its reason
     * goes into 取組状況, which submit checks) */
    const char *actuals[32];
    size_t na = 0;
    for (size_t i = 0; i < gk_qualitative_count && na < 31; i++)
        actuals[na++] = gk_qualitative_values[i];
    actuals[na++] = GK_ACTUAL_PENDING;
    const char *const *list = f->kind == GK_FIELD_EVAL ? gk_eval_labels : actuals;
    size_t n = f->kind == GK_FIELD_EVAL ? 3 : na;
    long c = ui_choose(_("Choose a value"), list, n, 0, NULL);
    if (c >= 0) {
        if (m->focus == m->eval_i) m->eval_proposed = false;
        gk_edit_free(&m->f[m->focus].ed);
        gk_edit_init(&m->f[m->focus].ed, list[c], form_input_width(), GK_ACTUAL_MAX_CHARS);
        gk_edit_doc_end(&m->f[m->focus].ed);
        m->draft_due = true;
        m->last_key = time(NULL);
    }
}

static void form_help(gk_store *s)
{
    size_t n = NFORMKEYS + sizeof edit_keys / sizeof *edit_keys;
    ui_key *all = calloc(n, sizeof *all);
    memcpy(all, form_keys, sizeof form_keys);
    memcpy(all + NFORMKEYS, edit_keys, sizeof edit_keys);
    ui_help(s, _("Keys of the entry form"), all, n);
    free(all);
}

/* F6: an earlier text of the focused field from its history, put back in
 * the field (to be saved). */
static void history_into_field(form *m)
{
    char why[GK_ERROR_MAX] = "";
    char *old = ui_history_popup(m->s, &m->e, m->focus, why, sizeof why);
    if (!old) {
        if (why[0]) form_set_message(m, why, false);
        return;
    }
    field_ui *u = &m->f[m->focus];
    if (m->focus == m->eval_i) m->eval_proposed = false;
    gk_edit_free(&u->ed);
    gk_edit_init(&u->ed, old, form_input_width(),
                 u->multiline ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&u->ed);
    u->locked = false; /* an earlier text put back is an edit */
    m->draft_due = true;
    m->last_key = time(NULL);
    form_set_message(m, _("The earlier value is back in the field: save to keep it."), false);
    free(old);
}

/* F5: the lead takes a related department's contribution (contrib.h) over
 * at the end of the node's own 取組状況; saving keeps it. */
static void take_contribution(form *m)
{
    size_t at = m->e.nfields;
    for (size_t i = 0; i < m->e.nfields && at == m->e.nfields; i++)
        if (m->e.fields[i].kind == GK_FIELD_STATUS && m->e.fields[i].node_id == m->e.node_id)
            at = i;
    gk_contribution *c;
    size_t n;
    gk_error err = {{0}};
    if (gk_contribution_list(m->s, m->e.node_id, m->e.year, &c, &n, &err) != 0) {
        form_set_message(m, err.msg, true);
        return;
    }
    if (n == 0 || at == m->e.nfields) {
        form_set_message(m,
                         at == m->e.nfields ? _("this form has no 取組状況 of its own")
                                            : _("no related department has contributed this year"),
                         false);
        gk_contribution_list_free(c, n);
        return;
    }
    char **rows = calloc(n, sizeof *rows);
    for (size_t i = 0; rows && i < n; i++) {
        char *flat = strdup(c[i].text), *shown;
        for (char *p = flat; p && *p; p++)
            if (*p == '\n') *p = ' ';
        size_t len = strlen(c[i].dept) + (flat ? strlen(flat) : 0) + 8;
        if ((rows[i] = malloc(len))) snprintf(rows[i], len, "%s: %s", c[i].dept, flat ? flat : "");
        shown = rows[i] ? gk_sanitize(rows[i]) : NULL;
        free(rows[i]);
        rows[i] = shown;
        free(flat);
    }
    long k = rows ? ui_choose(_("Contributions of related departments (関係課)"),
                              (const char *const *)rows, n, 0, NULL)
                  : -1;
    if (k >= 0) {
        field_ui *u = &m->f[at];
        if (u->locked) {
            form_say_locked(m, at);
        } else {
            gk_edit_doc_end(&u->ed);
            bool empty = !u->ed.buf[0];
            if ((!empty && gk_edit_insert(&u->ed, "\n", 1) != 0) ||
                gk_edit_insert(&u->ed, c[k].text, strlen(c[k].text)) != 0)
                form_set_message(m, _("the contribution would pass the limit of 取組状況"), true);
            else {
                char msg[400];
                snprintf(msg, sizeof msg,
                         _("The contribution of %s is at the end of 取組状況: save to keep it."),
                         c[k].dept);
                form_set_message(m, msg, false);
            }
            m->focus = at;
            m->draft_due = true;
            m->last_key = time(NULL);
        }
    }
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i]);
    free(rows);
    gk_contribution_list_free(c, n);
}

/* F7 / F8 / F9: what is typed is saved first; when the state changed the
 * form closes (a submitted or approved node is read-only) and the main
 * screen says what was done, else the form stays and says why. */
static void workflow(form *m, ui_screen *sc, gk_waction act)
{
    form_sync(m);
    if (gk_entry_dirty(&m->e) && !save(m)) return;
    char msg[GK_ERROR_MAX + 256] = "";
    if (ui_workflow(m->s, act, m->e.node_id, m->e.year, msg, sizeof msg)) {
        snprintf(m->out_msg, m->out_msgsz, "%s", msg);
        m->saved_any = true;
        ui_close(sc, 0);
        return;
    }
    if (msg[0]) form_set_message(m, msg, true);
}

/* Editing keys; a change typed in a proposed 評価 makes it the clerk's own. */
static void edit_or_own(form *m, const ui_event *ev)
{
    bool in_eval = m->eval_proposed && m->focus == m->eval_i;
    char *before = in_eval ? strdup(m->f[m->eval_i].ed.buf) : NULL;
    form_edit_key(m, ev->key, ev->is_key);
    if (before && strcmp(before, m->f[m->eval_i].ed.buf) != 0) m->eval_proposed = false;
    free(before);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    form *m = sc->ctx;
    ui_status_clear(&m->status); /* a message stays until the next key */
    if (ev->paste) {
        form_paste(m, ev->paste, ev->paste_len);
        return;
    }
    int action = ui_key_action(form_keys, NFORMKEYS, ev->key, ev->is_key);
    switch (action) {
    case F_CLOSE:
    case F_QUIT: /* the main screen then quits too (ui_leave_wanted) */
        if (ask_close(m)) ui_close(sc, 0);
        return;
    case F_HELP:
        form_help(m->s);
        break;
    case F_SAVE:
        save(m);
        break;
    case F_NEXT:
    case F_PREV:
        form_focus_move(m, action == F_NEXT ? 1 : -1);
        break;
    case F_CHOICES:
        choose_value(m);
        break;
    case F_HISTORY:
        history_into_field(m);
        break;
    case F_CONTRIB:
        take_contribution(m);
        break;
    case F_TAKE:
        form_take_proposal(m);
        break;
    case F_SUBMIT:
        workflow(m, sc, GK_WF_SUBMIT);
        return;
    case F_APPROVE:
        workflow(m, sc, GK_WF_APPROVE);
        return;
    case F_RETURN:
        workflow(m, sc, GK_WF_RETURN);
        return;
    default:
        edit_or_own(m, ev);
        break;
    }
    form_follow_proposal(m);
}

/* The screen kit's handler (ui_int.h): every key is the form's own, none falls through. */
static ui_handled on_key(ui_screen *sc, const ui_event *ev)
{
    key(sc, ev);
    return UI_HANDLED;
}

static void resize(ui_screen *sc)
{
    form *m = sc->ctx;
    for (size_t i = 0; i < m->e.nfields; i++)
        gk_edit_set_width(&m->f[i].ed, form_input_width());
}

/* Loads the entry with the drafts of an earlier session; msg says why when
 * it cannot. */
static int open_form(form *m, int64_t node, int year, char *msg, size_t msgsz)
{
    gk_error err;
    if (gk_entry_load(m->s, node, year, &m->e, &err) != 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        return -1;
    }
    long restored = gk_draft_apply(m->s, &m->e, &err);
    if (!(m->f = calloc(m->e.nfields ? m->e.nfields : 1, sizeof *m->f))) {
        snprintf(msg, msgsz, "%s", _("out of memory"));
        gk_entry_free(&m->e);
        return -1;
    }
    for (size_t i = 0; i < m->e.nfields; i++) {
        m->f[i].multiline = form_is_note(m->e.fields[i].kind);
        m->f[i].height = m->f[i].multiline ? 5 : 1;
        form_load_editor(m, i);
    }
    form_propose_eval(m);
    m->comment = ui_return_comment(m->s, node, year);
    ui_who who;
    ui_who_load(m->s, &who);
    memcpy(m->bar, form_keys, sizeof form_keys);
    for (size_t i = 0; i < NFORMKEYS; i++)
        if (m->bar[i].action == F_SUBMIT && who.role == GK_ROLE_NONE) m->bar[i].label = NULL;
    if (restored > 0)
        form_set_message(m, _("Unsaved input from an earlier session was restored (marked *)."),
                         false);
    if (restored < 0) {
        char warn[GK_ERROR_MAX + 128];
        snprintf(warn, sizeof warn, _("Unsaved input from an earlier session cannot be read: %s"),
                 err.msg);
        form_set_message(m, warn, true);
    }
    for (size_t i = 0; i < m->e.nfields; i++)
        if (m->f[i].locked) {
            form_say_locked(m, i);
            break;
        }
    return 0;
}

bool ui_entry_form(gk_store *s, int64_t node, int year, char *msg, size_t msgsz)
{
    /* the store says now, before anything is typed, when the login may not
     * change it (its department, a locked year, submitted, not a user) */
    if (!ui_may_edit(s, node, year, msg, msgsz)) return false;
    form m = {.s = s, .out_msg = msg, .out_msgsz = msgsz};
    if (open_form(&m, node, year, msg, msgsz) != 0) return false;
    ui_screen sc = {.draw = form_draw,
                    .key = on_key,
                    .resize = resize,
                    .idle = idle,
                    .ctx = &m,
                    .paste = true,
                    .full = true};
    if (ui_run(&sc) < 0) { /* SIGHUP / SIGTERM / the terminal gone: keep what was typed */
        gk_error err;
        form_sync(&m);
        if (gk_entry_dirty(&m.e)) gk_draft_store(s, &m.e, &err);
    }
    bool saved = m.saved_any;
    for (size_t i = 0; i < m.e.nfields; i++)
        gk_edit_free(&m.f[i].ed);
    free(m.f);
    free(m.comment);
    gk_entry_free(&m.e);
    return saved;
}
