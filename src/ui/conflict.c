/*
 * conflict.c — the conflict dialog of the entry form: a colleague saved a
 * field meanwhile; their version is shown above the clerk's, and the clerk
 * keeps theirs or their own or merges by hand (k / t / m).
 */
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

typedef struct conflict {
    const gk_entry_field *f;
} conflict;

/* text wrapped into at most rows lines from row y. */
static void put_wrapped(const char *text, int y, int rows, int w)
{
    size_t n;
    gk_span *sp = gk_wrap(text, w, &n);
    for (int r = 0; sp && r < rows && (size_t)r < n; r++) {
        char *t = strndup(text + sp[r].start, sp[r].len);
        ui_put(y + r, 5, w, t ? t : "", ST_NORMAL);
        free(t);
    }
    free(sp);
}

static void draw(ui_screen *sc)
{
    const gk_entry_field *f = ((conflict *)sc->ctx)->f;
    char label[256];
    ui_field_label(f, label, sizeof label);
    int h = LINES - 4, w = COLS - 4;
    ui_box(1, 2, h, w, _("Someone else saved this field meanwhile"));
    ui_put(2, 4, w - 4, label, ST_HEAD);
    int half = (h - 6) / 2;
    ui_put(3, 4, w - 4, _("Saved by the other person:"), ST_WARN);
    put_wrapped(f->theirs ? f->theirs : "", 4, half - 1, w - 6);
    ui_put(3 + half, 4, w - 4, _("Yours:"), ST_MARK);
    /* f->text is read at every drawing: the draft timer may replace the
     * string while the dialog waits */
    put_wrapped(f->text ? f->text : "", 4 + half, half - 1, w - 6);
    ui_put(h, 4, w - 4, _("k: keep yours   t: take theirs   m: merge by hand"), ST_HEAD);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    if (!ev->is_key && !ev->paste && (ev->key == 'k' || ev->key == 't' || ev->key == 'm'))
        ui_close(sc, ev->key);
    return UI_HANDLED;
}

int ui_conflict(const gk_entry_field *f)
{
    conflict c = {f};
    ui_screen sc = {.draw = draw, .key = key, .ctx = &c};
    return (int)ui_run(&sc);
}
