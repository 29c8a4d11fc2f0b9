/*
 * drafts.c — at start-up, the unsaved input that a lost connection, a killed
 * process or a crash left in the draft table: each draft with the text it
 * would replace, shown from where the two differ, and the choice to restore
 * it (the entry form opens with it), discard it or keep it for later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/entry.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

/* Where a and b first differ, backed up eight characters so that the change
 * is seen in context: a byte offset on a character boundary of both. */
static size_t change_start(const char *a, const char *b)
{
    size_t p = 0;
    while (a[p] && a[p] == b[p])
        p++;
    while (p > 0 && ((unsigned char)a[p] & 0xC0) == 0x80)
        p--;
    for (int k = 0; k < 8 && p > 0; k++)
        do
            p--;
        while (p > 0 && ((unsigned char)a[p] & 0xC0) == 0x80);
    return p;
}

/* One line of the offer: label, then text from byte `from` on ("…" before
 * it when that is not the start), sanitised. */
static char *offer_line(const char *label, const char *text, size_t from)
{
    char *clean = gk_sanitize(text ? text + from : "—");
    char line[2048];
    snprintf(line, sizeof line, "  %s %s%s", label, text && from ? "…" : "", clean ? clean : "");
    free(clean);
    return strdup(line);
}

typedef struct offer {
    char **rows;
    size_t n;
} offer;

/* The drafts in a frame over the upper half of the screen. */
static void offer_draw(ui_screen *sc)
{
    const offer *o = sc->ctx;
    int h = (int)o->n + 2 > LINES / 2 ? LINES / 2 : (int)o->n + 2;
    ui_box(0, 1, h, COLS - 2, _("Unsaved input from an earlier session"));
    for (int i = 0; i < h - 2 && (size_t)i < o->n; i++)
        ui_put(1 + i, 3, COLS - 6, o->rows[i], i % 3 == 0 ? ST_HEAD : ST_NORMAL);
}

void ui_offer_drafts(gk_store *s, char *msg, size_t msgsz)
{
    gk_draft_info *d;
    size_t n;
    gk_error err;
    if (gk_draft_list(s, &d, &n, &err) != 0) {
        snprintf(msg, msgsz, _("Unsaved input from an earlier session cannot be read: %s"),
                 err.msg);
        return;
    }
    if (n == 0) {
        gk_draft_list_free(d, n);
        return;
    }
    /* three lines a draft: where, the unsaved text, what it would replace */
    size_t nrows = 3 * n;
    char **rows = calloc(nrows, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        char line[2048], yb[32], label[256];
        snprintf(line, sizeof line, "%s %s — %s", gk_fy_short(d[i].year, yb, sizeof yb),
                 d[i].node_title,
                 ui_field_label(&(gk_entry_field){.kind = d[i].kind, .series = (char *)d[i].series},
                                label, sizeof label));
        rows[3 * i] = strdup(line);
        /* both from where they differ: a word added to a long note shows */
        size_t from = d[i].saved && d[i].draft ? change_start(d[i].saved, d[i].draft) : 0;
        rows[3 * i + 1] = offer_line(_("unsaved:"), d[i].draft, from);
        rows[3 * i + 2] = offer_line(_("saved:  "), d[i].saved, from);
    }
    const char *choices[] = {_("Restore: open the form with this input"), _("Discard all of it"),
                             _("Keep it for later")};
    offer o = {rows, nrows};
    ui_screen sc = {.draw = offer_draw, .ctx = &o};
    erase();
    ui_damage();
    ui_push(&sc); /* under the question */
    long c = ui_choose(_("What should happen to it?"), choices, 3, 0, NULL);
    ui_pop(&sc);
    if (c == 0) {
        int64_t last = 0;
        int last_year = 0;
        for (size_t i = 0; i < n; i++)
            if (d[i].node_id != last || d[i].year != last_year) {
                last = d[i].node_id;
                last_year = d[i].year;
                ui_entry_form(s, last, last_year, msg, msgsz);
            }
    } else if (c == 1) {
        for (size_t i = 0; i < n; i++)
            gk_draft_discard(s, d[i].node_id, d[i].year, &err);
    }
    for (size_t i = 0; i < nrows; i++)
        free(rows[i]);
    free(rows);
    gk_draft_list_free(d, n);
}
