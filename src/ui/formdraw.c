/*
 * formdraw.c — drawing the entry form: each field with its heading, the
 * last and next years' entries and the reference values beside it, the
 * 差し戻し comment and the bottom line. Only reads the form's state (form.h).
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
        const char *t = form_effective_target(m, f, &ty);
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
        const char *p = form_proposal(m);
        if (p && strcmp(p, u->ed.buf) != 0)
            snprintf(extra, sizeof extra, " [%s: %s — %s]", _("proposed"), p, _("F5 takes it"));
        else if (p)
            snprintf(extra, sizeof extra, " [%s]", _("as proposed"));
    }
    size_t chars = gk_edit_chars(&u->ed);
    if (form_is_note(f->kind) && chars * 10 >= GK_NOTE_MAX_CHARS * 9)
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
        ui_put(y + 1 + r, 3, form_input_width(), text ? text : "", ST_NORMAL);
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

void form_draw(ui_screen *sc)
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
    ui_status_draw(&m->status, m->bar, form_nkeys);
    if (cy >= 0) ui_cursor_at(cy, cx); /* the input method draws its window there */
}
