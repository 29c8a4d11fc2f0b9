/*
 * form.c — the entry form: 実績値, 評価 and the 取組状況 / 次年度の取組内容
 * text areas of one node for one fiscal year, and what keeps typed words
 * safe: drafts written a moment after the last key and when the program is
 * told to end, a failed save that keeps everything, and a conflict with a
 * colleague's save shown side by side. The history lists are in history.c,
 * the offer of drafts at start-up in drafts.c.
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
_Static_assert(NFORMKEYS <= 16, "form.bar holds form_keys");

/* --- fields ------------------------------------------------------------------------ */

static bool is_note(gk_field_kind k)
{
    return k == GK_FIELD_STATUS || k == GK_FIELD_NEXT;
}

static int input_width(void)
{
    return COLS - 6;
}

/* Copies the editors' texts into the entry (a locked note keeps its saved
 * text exactly: the editor holds its line breaks normalised). */
static void sync(form *m)
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
static void load_editor(form *m, size_t i)
{
    gk_edit_free(&m->f[i].ed);
    gk_edit_init(&m->f[i].ed, m->e.fields[i].text, input_width(),
                 is_note(m->e.fields[i].kind) ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&m->f[i].ed);
    check_locked(m, i);
}

static void set_message(form *m, const char *msg, bool warn)
{
    ui_status_set(&m->status, warn, msg);
}

/* Says why field i (locked) cannot be edited. */
static void say_locked(form *m, size_t i)
{
    char label[256], msg[GK_ERROR_MAX];
    ui_field_label(&m->e.fields[i], label, sizeof label);
    snprintf(msg, sizeof msg,
             _("%s has %zu characters, over the limit of %d: it is kept as saved and cannot be "
               "edited here (the other fields save); shorten it in an exported CSV and import it"),
             label, gk_edit_chars(&m->f[i].ed), GK_NOTE_MAX_CHARS);
    set_message(m, msg, true);
}

/* The target in force this year for f's series (series.h); *year (may be
 * NULL) receives the year it was written for. */
static const char *effective_target(const form *m, const gk_entry_field *f, int *year)
{
    gk_series_buf b;
    if (gk_series_from_entry(&m->e, f, NULL, &b) != 0) return NULL;
    const char *t = gk_series_target(&b.sy, b.sy.n - 1, year);
    gk_series_buf_free(&b);
    return t;
}

/* The 評価 proposed from the first series' target and actual, or NULL. */
static const char *proposal(form *m)
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
static void follow_proposal(form *m)
{
    if (!m->eval_proposed) return;
    const char *p = proposal(m);
    if (strcmp(p ? p : "", m->f[m->eval_i].ed.buf) == 0) return;
    gk_edit_free(&m->f[m->eval_i].ed);
    gk_edit_init(&m->f[m->eval_i].ed, p ? p : "", input_width(), GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&m->f[m->eval_i].ed);
}

/* At opening: which field is the node's own 評価. It is left as saved
 * (empty when nothing was chosen): the proposal is only shown beside it. */
static void propose_eval(form *m)
{
    m->eval_i = m->e.nfields;
    for (size_t i = 0; i < m->e.nfields; i++)
        if (m->e.fields[i].kind == GK_FIELD_EVAL && m->e.fields[i].node_id == m->e.node_id)
            m->eval_i = i;
    m->eval_proposed = false;
}

/* F5: the proposal taken into 評価, as the person's explicit choice (saved
 * with the form like anything typed). */
static void take_proposal(form *m)
{
    const char *p = m->eval_i < m->e.nfields ? proposal(m) : NULL;
    if (!p) {
        set_message(m, _("No 評価 is proposed: the target or the actual is missing."), true);
        return;
    }
    field_ui *u = &m->f[m->eval_i];
    gk_edit_free(&u->ed);
    gk_edit_init(&u->ed, p, input_width(), GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&u->ed);
    m->focus = m->eval_i;
    m->draft_due = true;
    m->last_key = time(NULL);
    char msg[200];
    snprintf(msg, sizeof msg, _("The proposal %s is in 評価: save (F2) to enter it."), p);
    set_message(m, msg, false);
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
static void normalise_actuals(form *m)
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
        gk_edit_init(&m->f[i].ed, out, input_width(), GK_ACTUAL_MAX_CHARS);
        gk_edit_doc_end(&m->f[i].ed);
    }
}

/* --- drawing ----------------------------------------------------------------------- */

/* Draws the entries dimmed from row y, after `lead`, as many on a line as
 * fit (an entry is never split), on at most maxrows rows; returns the next
 * row. */
static int put_entries(int y, const char *lead, char *const *entries, size_t n, int maxrows)
{
    char line[2048];
    snprintf(line, sizeof line, "%s", lead);
    int w = gk_str_width(line), rows = 0, room = COLS - 4;
    for (size_t i = 0; i < n && rows < maxrows; i++) {
        int ew = gk_str_width(entries[i]);
        if (w + 2 + ew > room && w > 0 && rows + 1 < maxrows) {
            ui_put(y + rows++, 2, room, line, ST_DIM);
            line[0] = '\0';
            w = -2; /* no separator before the first entry of a line */
        }
        size_t o = strlen(line);
        snprintf(line + o, sizeof line - o, "%s%s", w > 0 ? "  " : "", entries[i]);
        w += 2 + ew;
    }
    if (line[0]) ui_put(y + rows++, 2, room, line, ST_DIM);
    return y + rows;
}

/* Last year's 次年度の取組内容, which this year's 取組状況 reports against:
 * dimmed under a heading, at most three lines (the last one ending in …
 * when there is more); returns the next free row. */
static int draw_last_next(form *m, int y)
{
    if (!m->e.last_next) return y;
    char yb[32], lead[256];
    snprintf(lead, sizeof lead, _("次年度の取組内容 written for %s:"),
             gk_fy_short(m->e.year, yb, sizeof yb));
    ui_put(y++, 2, COLS - 4, lead, ST_DIM);
    const char *t = m->e.last_next;
    size_t n;
    gk_span *sp = gk_wrap(t, COLS - 6, &n);
    for (size_t r = 0; sp && r < n && r < 3; r++) {
        char *line = strndup(t + sp[r].start, sp[r].len);
        if (r == 2 && n > 3 && line) {
            char *more = malloc(strlen(line) + 4);
            if (more) sprintf(more, "%s…", line);
            char *fitted = more ? gk_fit(more, COLS - 6) : NULL;
            free(more);
            if (fitted) {
                free(line);
                line = fitted;
            }
        }
        ui_put(y++, 4, COLS - 6, line ? line : "", ST_DIM);
        free(line);
    }
    free(sp);
    return y;
}

/* The read-only lines under the title: each series' 初期値, 目標値 and unit,
 * then the earlier years' actuals (wrapped); returns the next free row. */
static int draw_reference(form *m, int y)
{
    char buf[1024], yb[32];
    for (size_t i = 0; i < m->e.nfields; i++) {
        const gk_entry_field *f = &m->e.fields[i];
        if (f->kind != GK_FIELD_ACTUAL || f->node_id != m->e.node_id) continue;
        int ty;
        const char *t = effective_target(m, f, &ty);
        char carried[64] = "";
        if (t && ty != m->e.year) /* continues an earlier year's target */
            snprintf(carried, sizeof carried, " (%s)", gk_fy_short(ty, yb, sizeof yb));
        snprintf(buf, sizeof buf, "%s%s  初期値 %s  目標値 %s%s  単位 %s", f->series,
                 *f->series ? ":" : "", f->base ? f->base : "—", t ? t : "—", carried,
                 *f->unit ? f->unit : "—");
        ui_put(y++, 2, COLS - 4, buf, ST_DIM);
    }
    size_t n;
    char **entries = gk_entry_earlier_actuals(&m->e, &n);
    if (n) {
        char lead[256];
        snprintf(lead, sizeof lead, "%s:", _("Earlier actuals"));
        y = put_entries(y, lead, entries, n, 3);
    }
    for (size_t i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    return draw_last_next(m, y);
}

/* Draws field i with its label at row y; only rows within [lo, hi) are
 * drawn, so a field scrolled half out of view shows the half in view. */
static void draw_field(form *m, size_t i, int y, int lo, int hi, int *cy, int *cx)
{
    const gk_entry_field *f = &m->e.fields[i];
    field_ui *u = &m->f[i];
    char name[256], label[768], extra[256] = "";
    ui_field_label(f, name, sizeof name);
    if (f->node_id != m->e.node_id) /* an item's indicator */
        snprintf(label, sizeof label, "%.500s — %s", f->node_title, name);
    else
        snprintf(label, sizeof label, "%s", name);
    if (f->kind == GK_FIELD_ACTUAL && *f->unit)
        snprintf(extra, sizeof extra, " [%s: %s]", _("unit"), f->unit);
    bool proposed = f->kind == GK_FIELD_EVAL && m->eval_proposed && i == m->eval_i;
    if (proposed && *u->ed.buf) {
        snprintf(extra, sizeof extra, " [%s]",
                 _("proposed from target and actual: saving the form enters it"));
    } else if (f->kind == GK_FIELD_EVAL) {
        const char *p = proposal(m);
        if (p && strcmp(p, u->ed.buf) != 0)
            snprintf(extra, sizeof extra, " [%s: %s — %s]", _("proposed"), p, _("F5 takes it"));
        else if (p)
            snprintf(extra, sizeof extra, " [%s]", _("as proposed"));
    }
    size_t chars = gk_edit_chars(&u->ed);
    if (is_note(f->kind) && chars * 10 >= GK_NOTE_MAX_CHARS * 9)
        snprintf(extra, sizeof extra, " (%zu/%d%s%s)", chars, GK_NOTE_MAX_CHARS, _(" characters"),
                 u->locked ? _(", not editable here") : "");
    if (!proposed &&
        (gk_entry_field_dirty(&m->e, i) || strcmp(u->ed.buf, f->text ? f->text : "") != 0))
        strncat(extra, " *", sizeof extra - strlen(extra) - 1);
    char head[1100];
    snprintf(head, sizeof head, "%s%s", label, extra);
    if (y >= lo && y < hi) ui_put(y, 1, COLS - 2, head, i == m->focus ? ST_SELECT : ST_HEAD);
    gk_edit_scroll(&u->ed, u->height);
    for (int r = 0; r < u->height; r++) {
        if (y + 1 + r < lo || y + 1 + r >= hi) continue;
        size_t row = (size_t)(u->ed.top + r);
        char *text = NULL;
        if (row < gk_edit_rows(&u->ed)) {
            gk_span sp = gk_edit_row(&u->ed, row);
            text = strndup(u->ed.buf + sp.start, sp.len);
        }
        ui_put(y + 1 + r, 1, 2, u->multiline ? " |" : " >", ST_DIM);
        ui_put(y + 1 + r, 3, input_width(), text ? text : "", ST_NORMAL);
        free(text);
    }
    if (i == m->focus) {
        int r, c;
        gk_edit_cursor_rc(&u->ed, &r, &c);
        if (y + 1 + (r - u->ed.top) >= lo && y + 1 + (r - u->ed.top) < hi) {
            *cy = y + 1 + (r - u->ed.top);
            *cx = 3 + c;
        }
    }
}

static int field_rows(const form *m, size_t i)
{
    return 1 + m->f[i].height;
}

/* The 差し戻し comment under the top line (at most 3 lines); returns the
 * next free row. */
static int draw_comment(form *m, int y)
{
    if (!m->comment) return y;
    const char *label = gk_wstate_label(GK_WS_RETURNED);
    size_t len = strlen(label) + strlen(m->comment) + 4;
    char *text = malloc(len);
    if (!text) return y;
    snprintf(text, len, "%s: %s", label, m->comment);
    size_t n;
    gk_span *sp = gk_wrap(text, COLS - 2, &n);
    for (size_t i = 0; sp && i < n && i < 3; i++) {
        char *line = strndup(text + sp[i].start, sp[i].len);
        ui_put(y++, 1, COLS - 2, line ? line : "", ST_WARN);
        free(line);
    }
    free(sp);
    free(text);
    return y;
}

static void draw(ui_screen *sc)
{
    form *m = sc->ctx;
    erase();
    ui_damage();
    char yb[64], top[1024];
    snprintf(top, sizeof top, " %s: %s | %s", _("Entry"), m->e.title,
             gk_fy_long(m->e.year, yb, sizeof yb));
    ui_put(0, 0, COLS, top, ST_BAR);
    int y = draw_reference(m, draw_comment(m, 1));
    int body_top = y, body_bottom = LINES - 2;
    /* keep the focused field on screen */
    int fy = 0;
    for (size_t i = 0; i < m->focus; i++)
        fy += field_rows(m, i);
    if (fy < m->ytop) m->ytop = fy;
    if (fy + field_rows(m, m->focus) > m->ytop + (body_bottom - body_top))
        m->ytop = fy + field_rows(m, m->focus) - (body_bottom - body_top);
    int cy = -1, cx = -1, pos = 0;
    for (size_t i = 0; i < m->e.nfields; i++) {
        int h = field_rows(m, i);
        int at = body_top + pos - m->ytop;
        if (at + h > body_top && at < body_bottom)
            draw_field(m, i, at, body_top, body_bottom, &cy, &cx);
        pos += h;
    }
    ui_status_draw(&m->status, m->bar, NFORMKEYS);
    if (cy >= 0) ui_cursor_at(cy, cx); /* the input method draws its window there */
}

/* --- drafts and saving ------------------------------------------------------------------ */

/* Keeps the unsaved input as a draft. When that fails (the file is busy or
 * read-only) it is tried again a little later and, if `report`, the clerk
 * is told (not when a failed save has just said why). */
static void write_draft(form *m, bool report)
{
    sync(m);
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
    set_message(m, warn, true);
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
        load_editor(m, i);
    } else if (c == 'm') {
        const char *mine = f->text ? f->text : "";
        size_t len = strlen(f->theirs ? f->theirs : "") + strlen(mine) + 8;
        char *both = malloc(len);
        if (!both) return;
        snprintf(both, len, "%s\n%s", f->theirs ? f->theirs : "", mine);
        gk_entry_set(&m->e, i, both);
        free(both);
        gk_entry_rebase(&m->e, i);
        load_editor(m, i);
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
    sync(m);
    normalise_actuals(m);
    follow_proposal(m);
    bool was_proposed = m->eval_proposed;
    if (m->eval_proposed) { /* saving the form enters the proposal shown */
        m->eval_proposed = false;
        sync(m);
    }
    /* an evaluation other than the proposal needs its reason */
    const char *p = proposal(m);
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
        set_message(m, msg, true);
        m->focus = reason;
        return false;
    }
    gk_error err = {{0}};
    long bad = gk_entry_validate(&m->e, &err);
    if (bad >= 0) {
        still_proposed(m, was_proposed);
        m->focus = (size_t)bad;
        set_message(m, err.msg, true);
        return false;
    }
    for (int round = 0; round < 4; round++) {
        int rc = gk_entry_save(m->s, &m->e, &err);
        if (rc == 0) {
            m->saved_any = true;
            m->draft_due = false;
            set_message(m, _("Saved."), false);
            return true;
        }
        if (rc < 0) { /* busy, read-only, disk full: everything stays in the form */
            still_proposed(m, was_proposed);
            set_message(m, err.msg, true);
            write_draft(m, false);
            return false;
        }
        for (size_t i = 0; i < m->e.nfields; i++)
            if (m->e.fields[i].conflict) resolve_conflict(m, i);
        sync(m);
    }
    still_proposed(m, was_proposed);
    set_message(m, _("not saved: the fields keep changing under us; try again"), true);
    return false;
}

/* Esc with unsaved input: 保存 / 破棄 / 戻る. Returns true to close. */
static bool ask_close(form *m)
{
    sync(m);
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
        gk_edit_init(&m->f[m->focus].ed, list[c], input_width(), GK_ACTUAL_MAX_CHARS);
        gk_edit_doc_end(&m->f[m->focus].ed);
        m->draft_due = true;
        m->last_key = time(NULL);
    }
}

/* --- keys -------------------------------------------------------------------------- */

static void focus_move(form *m, int dir)
{
    size_t n = m->e.nfields;
    m->focus = (m->focus + (dir > 0 ? 1 : n - 1)) % n;
}

/* A bracketed paste: the whole text at the cursor, line breaks included. */
static void paste(form *m, const char *text, size_t len)
{
    field_ui *u = &m->f[m->focus];
    if (u->locked) {
        say_locked(m, m->focus);
        return;
    }
    if (!u->multiline) { /* a one-line field takes the first line */
        const char *nl = memchr(text, '\n', len);
        if (nl) len = (size_t)(nl - text);
    }
    if (gk_edit_insert(&u->ed, text, len) != 0) {
        char msg[200];
        snprintf(msg, sizeof msg, _("the pasted text would pass the limit of %d characters"),
                 u->multiline ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
        set_message(m, msg, true);
    }
    m->draft_due = true;
    m->last_key = time(NULL);
}

/* True when key k would change the text of field u (not just move). */
static bool changes_text(const field_ui *u, int k, bool is_key)
{
    if (is_key) return k == KEY_BACKSPACE || k == KEY_DC || (k == KEY_ENTER && u->multiline);
    return k == 127 || k == 8 || k == UI_CTRL('U') || k == UI_CTRL('K') || k >= 0x20 ||
           ((k == '\r' || k == '\n') && u->multiline);
}

/* The moving keys of the focused field (function keys, and Ctrl-A /
 * Ctrl-E); true when k was one. Up and Down leave a text area at its first
 * and last line for the field above or below. */
static bool move_key(form *m, field_ui *u, int k, bool is_key)
{
    gk_edit *ed = &u->ed;
    int r = 0, c;
    if (is_key && (k == KEY_UP || k == KEY_DOWN)) gk_edit_cursor_rc(ed, &r, &c);
    if (!is_key) {
        if (k == 1) gk_edit_home(ed);
        if (k == 5) gk_edit_end(ed);
        return k == 1 || k == 5;
    }
    switch (k) {
    case KEY_LEFT:
        gk_edit_left(ed);
        break;
    case KEY_RIGHT:
        gk_edit_right(ed);
        break;
    case KEY_UP:
        if (u->multiline && r > 0)
            gk_edit_up(ed);
        else
            focus_move(m, -1);
        break;
    case KEY_DOWN:
        if (u->multiline && (size_t)r + 1 < gk_edit_rows(ed))
            gk_edit_down(ed);
        else
            focus_move(m, 1);
        break;
    case KEY_HOME:
    case KEY_END:
        (k == KEY_HOME ? gk_edit_home : gk_edit_end)(ed);
        break;
    case KEY_PPAGE:
    case KEY_NPAGE:
        for (int i = 0; i < u->height; i++)
            (k == KEY_PPAGE ? gk_edit_up : gk_edit_down)(ed);
        break;
    case UI_KEY_TEXT_START:
    case UI_KEY_TEXT_END:
        (k == UI_KEY_TEXT_START ? gk_edit_doc_start : gk_edit_doc_end)(ed);
        break;
    case UI_KEY_WORD_LEFT:
    case UI_KEY_WORD_RIGHT:
        (k == UI_KEY_WORD_LEFT ? gk_edit_word_left : gk_edit_word_right)(ed);
        break;
    default:
        return false;
    }
    return true;
}

/* A character typed into the focused field (said when over the limit). */
static void type_char(form *m, field_ui *u, int k)
{
    char buf[4];
    size_t n = gk_utf8_encode((uint32_t)k, buf);
    if (gk_edit_insert(&u->ed, buf, n) == 0) return;
    char msg[200];
    snprintf(msg, sizeof msg, _("the limit is %d characters: nothing more can be typed here"),
             u->multiline ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    set_message(m, msg, true);
}

/* Editing keys of the focused field; returns true when handled. */
static bool edit_key(form *m, int k, bool is_key)
{
    field_ui *u = &m->f[m->focus];
    if (u->locked && changes_text(u, k, is_key)) {
        say_locked(m, m->focus);
        return true;
    }
    if (is_key && k == KEY_ENTER) { /* the keypad's Enter is Enter */
        k = '\r';
        is_key = false;
    }
    if (move_key(m, u, k, is_key)) return true;
    bool enter = !is_key && (k == '\r' || k == '\n');
    if (enter && !u->multiline) {
        focus_move(m, 1);
        return true;
    }
    if (!is_key && k == UI_CTRL('U')) { /* the whole field */
        gk_edit_doc_end(&u->ed);
        while (u->ed.len > 0) {
            size_t before = u->ed.len;
            gk_edit_backspace(&u->ed);
            if (u->ed.len == before) break;
        }
    } else if (!is_key && k == UI_CTRL('K')) { /* from the cursor on */
        while (u->ed.cursor < u->ed.len) {
            size_t before = u->ed.len;
            gk_edit_delete(&u->ed);
            if (u->ed.len == before) break;
        }
    } else if (is_key && k == KEY_BACKSPACE)
        gk_edit_backspace(&u->ed);
    else if (is_key && k == KEY_DC)
        gk_edit_delete(&u->ed);
    else if (!is_key && (k == 127 || k == 8))
        gk_edit_backspace(&u->ed);
    else if (enter)
        gk_edit_insert(&u->ed, "\n", 1);
    else if (!is_key && k >= 0x20)
        type_char(m, u, k);
    else
        return false;
    m->draft_due = true;
    m->last_key = time(NULL);
    return true;
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
        if (why[0]) set_message(m, why, false);
        return;
    }
    field_ui *u = &m->f[m->focus];
    if (m->focus == m->eval_i) m->eval_proposed = false;
    gk_edit_free(&u->ed);
    gk_edit_init(&u->ed, old, input_width(),
                 u->multiline ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&u->ed);
    u->locked = false; /* an earlier text put back is an edit */
    m->draft_due = true;
    m->last_key = time(NULL);
    set_message(m, _("The earlier value is back in the field: save to keep it."), false);
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
        set_message(m, err.msg, true);
        return;
    }
    if (n == 0 || at == m->e.nfields) {
        set_message(m,
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
            say_locked(m, at);
        } else {
            gk_edit_doc_end(&u->ed);
            bool empty = !u->ed.buf[0];
            if ((!empty && gk_edit_insert(&u->ed, "\n", 1) != 0) ||
                gk_edit_insert(&u->ed, c[k].text, strlen(c[k].text)) != 0)
                set_message(m, _("the contribution would pass the limit of 取組状況"), true);
            else {
                char msg[400];
                snprintf(msg, sizeof msg,
                         _("The contribution of %s is at the end of 取組状況: save to keep it."),
                         c[k].dept);
                set_message(m, msg, false);
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
    sync(m);
    if (gk_entry_dirty(&m->e) && !save(m)) return;
    char msg[GK_ERROR_MAX + 256] = "";
    if (ui_workflow(m->s, act, m->e.node_id, m->e.year, msg, sizeof msg)) {
        snprintf(m->out_msg, m->out_msgsz, "%s", msg);
        m->saved_any = true;
        ui_close(sc, 0);
        return;
    }
    if (msg[0]) set_message(m, msg, true);
}

/* Editing keys; a change typed in a proposed 評価 makes it the clerk's own. */
static void edit_or_own(form *m, const ui_event *ev)
{
    bool in_eval = m->eval_proposed && m->focus == m->eval_i;
    char *before = in_eval ? strdup(m->f[m->eval_i].ed.buf) : NULL;
    edit_key(m, ev->key, ev->is_key);
    if (before && strcmp(before, m->f[m->eval_i].ed.buf) != 0) m->eval_proposed = false;
    free(before);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    form *m = sc->ctx;
    ui_status_clear(&m->status); /* a message stays until the next key */
    if (ev->paste) {
        paste(m, ev->paste, ev->paste_len);
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
        focus_move(m, action == F_NEXT ? 1 : -1);
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
        take_proposal(m);
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
    follow_proposal(m);
}

static void resize(ui_screen *sc)
{
    form *m = sc->ctx;
    for (size_t i = 0; i < m->e.nfields; i++)
        gk_edit_set_width(&m->f[i].ed, input_width());
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
        m->f[i].multiline = is_note(m->e.fields[i].kind);
        m->f[i].height = m->f[i].multiline ? 5 : 1;
        load_editor(m, i);
    }
    propose_eval(m);
    m->comment = ui_return_comment(m->s, node, year);
    ui_who who;
    ui_who_load(m->s, &who);
    memcpy(m->bar, form_keys, sizeof form_keys);
    for (size_t i = 0; i < NFORMKEYS; i++)
        if (m->bar[i].action == F_SUBMIT && who.role == GK_ROLE_NONE) m->bar[i].label = NULL;
    if (restored > 0)
        set_message(m, _("Unsaved input from an earlier session was restored (marked *)."), false);
    if (restored < 0) {
        char warn[GK_ERROR_MAX + 128];
        snprintf(warn, sizeof warn, _("Unsaved input from an earlier session cannot be read: %s"),
                 err.msg);
        set_message(m, warn, true);
    }
    for (size_t i = 0; i < m->e.nfields; i++)
        if (m->f[i].locked) {
            say_locked(m, i);
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
    ui_screen sc = {.draw = draw,
                    .key = key,
                    .resize = resize,
                    .idle = idle,
                    .ctx = &m,
                    .paste = true,
                    .full = true};
    if (ui_run(&sc) < 0) { /* SIGHUP / SIGTERM / the terminal gone: keep what was typed */
        gk_error err;
        sync(&m);
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
