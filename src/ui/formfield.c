/*
 * formfield.c — the entry form's fields: loading the editors, notes over the
 * length limit shown locked, the 評価 proposed from target and actual (a
 * hint, saved only when taken), field labels and the style of typed actuals.
 * Apart from form.c so that what a field holds is read in one place (form.h).
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

/* --- fields ------------------------------------------------------------------------ */

bool form_is_note(gk_field_kind k)
{
    return k == GK_FIELD_STATUS || k == GK_FIELD_NEXT;
}

int form_input_width(void)
{
    return COLS - 6;
}

/* Copies the editors' texts into the entry (a locked note keeps its saved
 * text exactly: the editor holds its line breaks normalised). */
void form_sync(form *m)
{
    for (size_t i = 0; i < m->e.nfields; i++)
        if (!(m->eval_proposed && i == m->eval_i) && !m->f[i].locked)
            gk_entry_set(&m->e, i, m->f[i].ed.buf);
}

/* A saved note longer than the limit can only come from an older version
 * (which imported notes of up to 1 MiB): it cannot be edited here, since no
 * edit short of cutting it down could be saved, and it must not block the
 * other fields. So it is shown whole, kept exactly as saved and left out of
 * every save and draft. A draft that changed such a note stays editable:
 * it is the user's own input, and a save says how far it is over. */
static void check_locked(form *m, size_t i)
{
    field_ui *u = &m->f[i];
    gk_entry_field *f = &m->e.fields[i];
    u->locked = false;
    if (!u->multiline || gk_edit_chars(&u->ed) <= GK_NOTE_MAX_CHARS || !f->orig) return;
    gk_edit saved; /* the saved text as an editor holds it */
    gk_edit_init(&saved, f->orig, 2, 0);
    u->locked = strcmp(saved.buf, u->ed.buf) == 0;
    gk_edit_free(&saved);
    if (u->locked) gk_entry_set(&m->e, i, f->orig);
}

/* The cursor starts at the end of the text: a clerk adds to last year's
 * wording or replaces a value with Backspace. */
void form_load_editor(form *m, size_t i)
{
    gk_edit_free(&m->f[i].ed);
    gk_edit_init(&m->f[i].ed, m->e.fields[i].text, form_input_width(),
                 form_is_note(m->e.fields[i].kind) ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&m->f[i].ed);
    check_locked(m, i);
}

void form_set_message(form *m, const char *msg, bool warn)
{
    ui_status_set(&m->status, warn, msg);
}

/* Says why field i (locked) cannot be edited. */
void form_say_locked(form *m, size_t i)
{
    char label[256], msg[GK_ERROR_MAX];
    ui_field_label(&m->e.fields[i], label, sizeof label);
    snprintf(msg, sizeof msg,
             _("%s has %zu characters, over the limit of %d: it is kept as saved and cannot be "
               "edited here (the other fields save); shorten it in an exported CSV and import it"),
             label, gk_edit_chars(&m->f[i].ed), GK_NOTE_MAX_CHARS);
    form_set_message(m, msg, true);
}

/* The target in force this year for f's series (series.h); *year (may be
 * NULL) receives the year it was written for. */
const char *form_effective_target(const form *m, const gk_entry_field *f, int *year)
{
    gk_series_buf b;
    if (gk_series_from_entry(&m->e, f, NULL, &b) != 0) return NULL;
    const char *t = gk_series_target(&b.sy, b.sy.n - 1, year);
    gk_series_buf_free(&b);
    return t;
}

/* The 評価 proposed from the first series' target and actual, or NULL. */
const char *form_proposal(form *m)
{
    for (size_t i = 0; i < m->e.nfields; i++) {
        const gk_entry_field *f = &m->e.fields[i];
        if (f->kind != GK_FIELD_ACTUAL || f->node_id != m->e.node_id) continue;
        gk_series_buf b;
        if (gk_series_from_entry(&m->e, f, m->f[i].ed.buf, &b) != 0) return NULL;
        const char *p = gk_eval_propose(f->base, gk_series_target(&b.sy, b.sy.n - 1, NULL),
                                        m->f[i].ed.buf, f->unit, b.sy.dir);
        gk_series_buf_free(&b);
        return p;
    }
    return NULL;
}

/* While 評価 is still the proposal, it follows the actual as it is typed. */
void form_follow_proposal(form *m)
{
    if (!m->eval_proposed) return;
    const char *p = form_proposal(m);
    if (strcmp(p ? p : "", m->f[m->eval_i].ed.buf) == 0) return;
    gk_edit_free(&m->f[m->eval_i].ed);
    gk_edit_init(&m->f[m->eval_i].ed, p ? p : "", form_input_width(), GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&m->f[m->eval_i].ed);
}

/* At opening: which field is the node's own 評価. It is left as saved
 * (empty when nothing was chosen): the proposal is only shown beside it. */
void form_propose_eval(form *m)
{
    m->eval_i = m->e.nfields;
    for (size_t i = 0; i < m->e.nfields; i++)
        if (m->e.fields[i].kind == GK_FIELD_EVAL && m->e.fields[i].node_id == m->e.node_id)
            m->eval_i = i;
    m->eval_proposed = false;
}

/* F5: the proposal taken into 評価, as the person's explicit choice (saved
 * with the form like anything typed). */
void form_take_proposal(form *m)
{
    const char *p = m->eval_i < m->e.nfields ? form_proposal(m) : NULL;
    if (!p) {
        form_set_message(m, _("No 評価 is proposed: the target or the actual is missing."), true);
        return;
    }
    field_ui *u = &m->f[m->eval_i];
    gk_edit_free(&u->ed);
    gk_edit_init(&u->ed, p, form_input_width(), GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&u->ed);
    m->focus = m->eval_i;
    m->draft_due = true;
    m->last_key = time(NULL);
    char msg[200];
    snprintf(msg, sizeof msg, _("The proposal %s is in 評価: save (F2) to enter it."), p);
    form_set_message(m, msg, false);
}

const char *ui_field_label(const gk_entry_field *f, char *buf, size_t n)
{
    switch (f->kind) {
    case GK_FIELD_ACTUAL:
        snprintf(buf, n, "実績値%s%s%s", *f->series ? "（" : "", f->series, *f->series ? "）" : "");
        break;
    case GK_FIELD_STATUS:
        snprintf(buf, n, "取組状況");
        break;
    case GK_FIELD_NEXT:
        snprintf(buf, n, "次年度の取組内容");
        break;
    case GK_FIELD_EVAL:
        snprintf(buf, n, "評価");
        break;
    default:
        snprintf(buf, n, "%s", _("Reason for the evaluation"));
        break;
    }
    return buf;
}

/* Numbers are saved in the style of the indicator's other cells
 * (gk_value_restyle): "１５７．１" becomes "157.1時間" where the earlier
 * actuals are written "143.2時間", "２６，６８４人" becomes "26,684人". The
 * cells that set the style, least telling first: 初期値, the targets, the
 * earlier actuals of the same series. */
void form_normalise_actuals(form *m)
{
    for (size_t i = 0; i < m->e.nfields; i++) {
        gk_entry_field *f = &m->e.fields[i];
        gk_series_buf b;
        if (f->kind != GK_FIELD_ACTUAL || !gk_entry_field_dirty(&m->e, i) ||
            gk_series_from_entry(&m->e, f, NULL, &b) != 0)
            continue;
        size_t n = 0, years = b.sy.n;
        const char **others = calloc(2 * years + 1, sizeof *others);
        if (others) {
            others[n++] = f->base;
            for (size_t k = 0; k < years; k++)
                others[n++] = b.targets[k];
            for (size_t k = 0; k + 1 < years; k++) /* the earlier actuals */
                others[n++] = b.actuals[k];
        }
        gk_series_buf_free(&b);
        char out[256];
        bool restyled = others && gk_value_restyle(f->text, f->unit, others, n, out, sizeof out);
        free(others);
        if (!restyled) continue;
        gk_entry_set(&m->e, i, out);
        gk_edit_free(&m->f[i].ed);
        gk_edit_init(&m->f[i].ed, out, form_input_width(), GK_ACTUAL_MAX_CHARS);
        gk_edit_doc_end(&m->f[i].ed);
    }
}
