/*
 * formedit.c — the keys that edit the entry form's focused field: moving,
 * typing, deleting, pasting, and the guard that keeps a locked note from
 * being changed. The form's own keys (save, choices, workflow) are form.c's.
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

/* --- keys -------------------------------------------------------------------------- */

void form_focus_move(form *m, int dir)
{
    size_t n = m->e.nfields;
    m->focus = (m->focus + (dir > 0 ? 1 : n - 1)) % n;
}

/* A bracketed paste: the whole text at the cursor, line breaks included. */
void form_paste(form *m, const char *text, size_t len)
{
    field_ui *u = &m->f[m->focus];
    if (u->locked) {
        form_say_locked(m, m->focus);
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
        form_set_message(m, msg, true);
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
            form_focus_move(m, -1);
        break;
    case KEY_DOWN:
        if (u->multiline && (size_t)r + 1 < gk_edit_rows(ed))
            gk_edit_down(ed);
        else
            form_focus_move(m, 1);
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
    form_set_message(m, msg, true);
}

/* Editing keys of the focused field; returns true when handled. */
bool form_edit_key(form *m, int k, bool is_key)
{
    field_ui *u = &m->f[m->focus];
    if (u->locked && changes_text(u, k, is_key)) {
        form_say_locked(m, m->focus);
        return true;
    }
    if (is_key && k == KEY_ENTER) { /* the keypad's Enter is Enter */
        k = '\r';
        is_key = false;
    }
    if (move_key(m, u, k, is_key)) return true;
    bool enter = !is_key && (k == '\r' || k == '\n');
    if (enter && !u->multiline) {
        form_focus_move(m, 1);
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
