/*
 * review.c — the review of `gyokaku collect`'s conflicts (ui.h
 * gk_ui_sheet_review): a field changed both in a returned 調査票 and in the
 * master since the workbook was made. The three texts are shown; the
 * office keeps the master's (m), takes the workbook's (s) or edits one
 * (e), conflict by conflict; Enter applies once all are decided.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/edit.h"
#include "gyokaku/i18n.h"
#include "gyokaku/note.h"
#include "gyokaku/series.h"
#include "gyokaku/sheet.h"
#include "gyokaku/value.h"
#include "gyokaku/text.h"
#include "gyokaku/ui.h"
#include "ui_int.h"

typedef struct review {
    gk_sheet_change *ch;
    size_t *idx; /* the conflicts among ch */
    size_t n, sel;
    char msg[256];
} review;

/* --- the text editor of `e`: a note keeps its line breaks ------------------------ */

typedef struct editor {
    gk_edit ed;
    bool multiline; /* notes; an actual or 評価 is one line */
    const char *title;
} editor;

static int editor_width(void)
{
    return COLS - 8 > 2 ? COLS - 8 : 2;
}

static void editor_draw(ui_screen *sc)
{
    editor *e = sc->ctx;
    int h = LINES - 4, w = COLS - 4;
    erase();
    ui_box(1, 2, h, w, e->title);
    int rows = h - 3;
    gk_edit_set_width(&e->ed, editor_width());
    gk_edit_scroll(&e->ed, rows);
    for (int r = 0; r < rows; r++) {
        size_t row = (size_t)(e->ed.top + r);
        char *t = NULL;
        if (row < gk_edit_rows(&e->ed)) {
            gk_span sp = gk_edit_row(&e->ed, row);
            t = strndup(e->ed.buf + sp.start, sp.len);
        }
        ui_put(2 + r, 4, editor_width(), t ? t : "", ST_NORMAL);
        free(t);
    }
    ui_put(LINES - 1, 0, COLS,
           e->multiline ? _("Ctrl-S / F2: done  Enter: new line  Esc: cancel")
                        : _("Enter / Ctrl-S / F2: done  Esc: cancel"),
           ST_BAR);
    int r, c;
    gk_edit_cursor_rc(&e->ed, &r, &c);
    ui_cursor_at(2 + r - e->ed.top, 4 + c);
}

static void editor_newline(ui_screen *sc, editor *e)
{
    if (e->multiline)
        gk_edit_insert(&e->ed, "\n", 1);
    else
        ui_close(sc, 1);
}

static ui_handled editor_key(ui_screen *sc, const ui_event *ev)
{
    editor *e = sc->ctx;
    if (ev->paste) { /* whole runs between line breaks, dropped on one line */
        size_t from = 0;
        for (size_t i = 0; i <= ev->paste_len; i++) {
            if (i < ev->paste_len && ev->paste[i] != '\n') continue;
            if (i > from) gk_edit_insert(&e->ed, ev->paste + from, i - from);
            if (i < ev->paste_len && e->multiline) gk_edit_insert(&e->ed, "\n", 1);
            from = i + 1;
        }
        return UI_HANDLED;
    }
    if (ev->mouse) return UI_HANDLED;
    int k = ev->key;
    if (ev->is_key) {
        if (k == KEY_LEFT)
            gk_edit_left(&e->ed);
        else if (k == KEY_RIGHT)
            gk_edit_right(&e->ed);
        else if (k == KEY_UP)
            gk_edit_up(&e->ed);
        else if (k == KEY_DOWN)
            gk_edit_down(&e->ed);
        else if (k == KEY_HOME)
            gk_edit_home(&e->ed);
        else if (k == KEY_END)
            gk_edit_end(&e->ed);
        else if (k == KEY_BACKSPACE)
            gk_edit_backspace(&e->ed);
        else if (k == KEY_DC)
            gk_edit_delete(&e->ed);
        else if (k == KEY_F(2))
            ui_close(sc, 1);
        else if (k == KEY_ENTER)
            editor_newline(sc, e);
        return UI_HANDLED;
    }
    if (k == 27)
        ui_close(sc, 0);
    else if (k == 19) /* Ctrl-S */
        ui_close(sc, 1);
    else if (k == '\r' || k == '\n')
        editor_newline(sc, e);
    else if (k == 127 || k == 8)
        gk_edit_backspace(&e->ed);
    else if (k >= 0x20) {
        char u[4];
        size_t n = gk_utf8_encode((uint32_t)k, u);
        gk_edit_insert(&e->ed, u, n);
    }
    return UI_HANDLED;
}

/* Edits c's text (the edited one, else the workbook's); true when done. */
static bool edit_change(gk_sheet_change *c, const char *title)
{
    editor e = {.title = title};
    e.multiline =
        c->kind == GK_FIELD_STATUS || c->kind == GK_FIELD_NEXT || c->kind == GK_FIELD_EVAL_REASON;
    gk_edit_init(&e.ed, c->decision == GK_SD_EDITED ? c->final : c->sheet, editor_width(),
                 e.multiline ? GK_NOTE_MAX_CHARS : GK_ACTUAL_MAX_CHARS);
    gk_edit_doc_end(&e.ed);
    ui_screen sc = {.draw = editor_draw, .key = editor_key, .ctx = &e, .full = true, .paste = true};
    ui_paste_mode(true);
    curs_set(1);
    long rc = ui_run(&sc);
    curs_set(0);
    ui_paste_mode(false);
    if (rc == 1) {
        free(c->final);
        c->final = strdup(e.ed.buf);
        c->decision = GK_SD_EDITED;
    }
    gk_edit_free(&e.ed);
    return rc == 1;
}

static const char *decision_label(const gk_sheet_change *c)
{
    switch (c->decision) {
    case GK_SD_KEEP_MASTER:
        return _("keep master");
    case GK_SD_TAKE_SHEET:
        return _("take sheet");
    case GK_SD_EDITED:
        return _("edited");
    default:
        return _("undecided");
    }
}

/* text wrapped into at most rows lines from row y, x; returns rows used. */
static int put_wrapped(const char *text, int y, int x, int rows, int w)
{
    if (!text || !*text) {
        ui_put(y, x, w, _("(empty)"), ST_DIM);
        return 1;
    }
    size_t n;
    gk_span *sp = gk_wrap(text, w, &n);
    int r = 0;
    for (; sp && r < rows && (size_t)r < n; r++) {
        char *t = strndup(text + sp[r].start, sp[r].len);
        ui_put(y + r, x, w, t ? t : "", ST_NORMAL);
        free(t);
    }
    free(sp);
    return r ? r : 1;
}

static void draw(ui_screen *sc)
{
    review *v = sc->ctx;
    erase();
    size_t undecided = 0;
    for (size_t i = 0; i < v->n; i++)
        undecided += v->ch[v->idx[i]].decision == GK_SD_UNDECIDED;
    char line[512];
    snprintf(line, sizeof line, _("調査票の競合の確認: conflicts %zu, undecided %zu"), v->n,
             undecided);
    ui_put(0, 0, COLS, line, ST_BAR);
    /* the list of conflicts: at most a third of the screen */
    int listrows = (LINES - 4) / 3;
    if (listrows < 3) listrows = 3;
    size_t top = v->sel >= (size_t)listrows ? v->sel - (size_t)listrows + 1 : 0;
    for (int r = 0; r < listrows && top + (size_t)r < v->n; r++) {
        size_t i = top + (size_t)r;
        const gk_sheet_change *c = &v->ch[v->idx[i]];
        snprintf(line, sizeof line, "%-10s %s  %s %s", decision_label(c), c->cell,
                 c->path ? c->path : "", gk_field_name(c->kind));
        ui_put(1 + r, 0, COLS, line, i == v->sel ? ST_SELECT : ST_NORMAL);
    }
    const gk_sheet_change *c = &v->ch[v->idx[v->sel]];
    int y = 2 + listrows, w = COLS - 4, room = (LINES - 2 - y) / 3 - 1;
    if (room < 1) room = 1;
    snprintf(line, sizeof line, "%s %s%s%s%s", c->cell, gk_field_name(c->kind),
             *c->series ? "（" : "", c->series, *c->series ? "）" : "");
    ui_put(y++, 0, COLS, line, ST_HEAD);
    ui_put(y++, 2, w, _("Master now:"), ST_WARN);
    y += put_wrapped(c->master, y, 4, room, w - 2);
    ui_put(y++, 2, w, _("Workbook:"), ST_MARK);
    y += put_wrapped(c->sheet, y, 4, room, w - 2);
    ui_put(y++, 2, w, _("When the workbook was made:"), ST_DIM);
    y += put_wrapped(c->orig, y, 4, room, w - 2);
    if (c->decision == GK_SD_EDITED) {
        ui_put(y++, 2, w, _("Edited:"), ST_HEAD);
        put_wrapped(c->final, y, 4, room, w - 2);
    }
    ui_put(LINES - 1, 0, COLS,
           v->msg[0] ? v->msg
                     : _("m: keep master  s: take sheet  e: edit  ↑↓: conflict  Enter: "
                         "apply  q: leave"),
           ST_BAR);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    review *v = sc->ctx;
    gk_sheet_change *c = &v->ch[v->idx[v->sel]];
    v->msg[0] = '\0';
    if (ev->mouse) return UI_HANDLED;
    int k = ev->key;
    if (ev->is_key ? k == KEY_DOWN : (k == 'j')) {
        if (v->sel + 1 < v->n) v->sel++;
    } else if (ev->is_key ? k == KEY_UP : (k == 'k')) {
        if (v->sel) v->sel--;
    } else if (!ev->is_key && k == 'm') {
        c->decision = GK_SD_KEEP_MASTER;
        if (v->sel + 1 < v->n) v->sel++;
    } else if (!ev->is_key && k == 's') {
        c->decision = GK_SD_TAKE_SHEET;
        if (v->sel + 1 < v->n) v->sel++;
    } else if (!ev->is_key && k == 'e') {
        char title[256];
        snprintf(title, sizeof title, "%s %s", c->cell, gk_field_name(c->kind));
        edit_change(c, title);
    } else if ((ev->is_key && (k == KEY_ENTER || k == KEY_F(10))) ||
               (!ev->is_key && (k == '\r' || k == '\n'))) {
        for (size_t i = 0; i < v->n; i++)
            if (v->ch[v->idx[i]].decision == GK_SD_UNDECIDED) {
                v->sel = i;
                snprintf(v->msg, sizeof v->msg, "%s", _("Decide every conflict first (m, s or e)"));
                return UI_HANDLED;
            }
        ui_close(sc, 0);
    } else if (!ev->is_key && (k == 'q' || k == 27)) {
        ui_close(sc, -1);
    }
    return UI_HANDLED;
}

int gk_ui_sheet_review(gk_sheet_change *ch, size_t n)
{
    review v = {.ch = ch};
    v.idx = calloc(n ? n : 1, sizeof *v.idx);
    if (!v.idx) return -1;
    for (size_t i = 0; i < n; i++)
        if (ch[i].conflict) v.idx[v.n++] = i;
    if (!v.n) {
        free(v.idx);
        return 0;
    }
    char tmsg[1024];
    if (gk_ui_terminal_check(tmsg, sizeof tmsg) != 0) {
        fprintf(stderr, "%s\n", tmsg);
        free(v.idx);
        return -1;
    }
    if (!initscr()) {
        free(v.idx);
        return -1;
    }
    ui_term_setup();
    ui_colors_init();
    ui_screen sc = {.draw = draw, .key = key, .ctx = &v, .full = true};
    long rc = ui_run(&sc);
    endwin();
    free(v.idx);
    return rc == 0 ? 0 : -1;
}
