/*
 * review.c — the review of `gyokaku collect`'s conflicts (ui.h
 * gk_ui_sheet_review): a field changed both in a returned 調査票 and in the
 * master since the workbook was made. The three texts are shown; the
 * office keeps the master's (m), takes the workbook's (s) or edits one
 * (e), conflict by conflict; Enter applies once all are decided.
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/sheet.h"
#include "gyokaku/text.h"
#include "gyokaku/ui.h"
#include "ui_int.h"

typedef struct review {
    gk_sheet_change *ch;
    size_t *idx; /* the conflicts among ch */
    size_t n, sel;
    bool editing;
    ui_prompt prompt;
    char msg[256];
} review;

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

static const char *kind_label(gk_field_kind k)
{
    switch (k) {
    case GK_FIELD_ACTUAL:
        return "実績値";
    case GK_FIELD_STATUS:
        return "取組状況";
    case GK_FIELD_NEXT:
        return "次年度の取組内容";
    case GK_FIELD_EVAL:
        return "評価";
    default:
        return "評価の理由";
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
    snprintf(line, sizeof line, _("調査票の競合の確認: %zu conflicts, %zu undecided"), v->n,
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
                 c->path ? c->path : "", kind_label(c->kind));
        ui_put(1 + r, 0, COLS, line, i == v->sel ? ST_SELECT : ST_NORMAL);
    }
    const gk_sheet_change *c = &v->ch[v->idx[v->sel]];
    int y = 2 + listrows, w = COLS - 4, room = (LINES - 2 - y) / 3 - 1;
    if (room < 1) room = 1;
    snprintf(line, sizeof line, "%s %s%s%s%s", c->cell, kind_label(c->kind), *c->series ? "（" : "",
             c->series, *c->series ? "）" : "");
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
    if (v->editing)
        ui_prompt_draw(&v->prompt, _("Edit: "));
    else
        ui_put(LINES - 1, 0, COLS,
               v->msg[0] ? v->msg
                         : _("m: keep master  s: take sheet  e: edit  ↑↓: conflict  Enter: "
                             "apply  q: leave"),
               ST_BAR);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    review *v = sc->ctx;
    gk_sheet_change *c = &v->ch[v->idx[v->sel]];
    v->msg[0] = '\0';
    if (v->editing) {
        int r = ui_prompt_event(&v->prompt, ev);
        if (r == UI_PROMPT_DONE) {
            free(c->final);
            c->final = strdup(v->prompt.text);
            c->decision = GK_SD_EDITED;
            v->editing = false;
            ui_paste_mode(false);
            curs_set(0);
        } else if (r == UI_PROMPT_CANCEL) {
            v->editing = false;
            ui_paste_mode(false);
            curs_set(0);
        }
        return;
    }
    if (ev->mouse) return;
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
        ui_prompt_clear(&v->prompt);
        const char *from = c->decision == GK_SD_EDITED ? c->final : c->sheet;
        if (from) {
            uint32_t cp;
            size_t len = strlen(from);
            for (size_t i = 0; i < len;) {
                i += gk_utf8_decode(from + i, len - i, &cp);
                if (cp != '\n') ui_prompt_add(&v->prompt, cp);
            }
        }
        v->editing = true;
        ui_paste_mode(true);
        curs_set(1);
    } else if ((ev->is_key && (k == KEY_ENTER || k == KEY_F(10))) ||
               (!ev->is_key && (k == '\r' || k == '\n'))) {
        for (size_t i = 0; i < v->n; i++)
            if (v->ch[v->idx[i]].decision == GK_SD_UNDECIDED) {
                v->sel = i;
                snprintf(v->msg, sizeof v->msg, "%s", _("Decide every conflict first (m, s or e)"));
                return;
            }
        ui_close(sc, 0);
    } else if (!ev->is_key && (k == 'q' || k == 27)) {
        ui_close(sc, -1);
    }
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
    if (!initscr()) {
        free(v.idx);
        return -1;
    }
    raw();
    noecho();
    keypad(stdscr, TRUE);
    nonl();
    set_escdelay(25);
    timeout(200);
    curs_set(0);
    ui_colors_init();
    ui_screen sc = {.draw = draw, .key = key, .ctx = &v, .full = true};
    long rc = ui_run(&sc);
    endwin();
    free(v.idx);
    return rc == 0 ? 0 : -1;
}
