/*
 * history.c — the change history of a field (who, when, old → new) as a
 * list, from which an earlier value can be put back: inside the entry form
 * (F6) and from the main screen (H), where putting it back is saved at once
 * and is itself a recorded change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/entry.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

char *ui_history_popup(gk_store *s, const gk_entry *e, size_t i, char *msg, size_t msgsz)
{
    gk_history_entry *h;
    size_t n;
    gk_error err;
    if (gk_entry_history(s, e, i, &h, &n, &err) != 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        return NULL;
    }
    if (n == 0) {
        gk_history_free(h, n);
        snprintf(msg, msgsz, "%s", _("No change of this field has been recorded yet."));
        return NULL;
    }
    char **rows = calloc(n, sizeof *rows);
    for (size_t k = 0; k < n; k++) {
        char line[1024];
        char *old = gk_sanitize(h[k].old ? h[k].old : "—"),
             *new_ = gk_sanitize(h[k].new_ ? h[k].new_ : "—");
        snprintf(line, sizeof line, "%.16s %s  %s → %s", h[k].at, h[k].who, old, new_);
        free(old);
        free(new_);
        rows[k] = strdup(line);
    }
    long c = ui_choose(_("History (Enter: put the earlier value back)"), (const char *const *)rows,
                       n, 0, _("when             who  old → new"));
    char *chosen = c >= 0 ? strdup(h[c].old ? h[c].old : "") : NULL;
    for (size_t k = 0; k < n; k++)
        free(rows[k]);
    free(rows);
    gk_history_free(h, n);
    return chosen;
}

bool ui_history(gk_store *s, int64_t node, int year, char *msg, size_t msgsz)
{
    gk_entry e;
    gk_error err;
    if (gk_entry_load(s, node, year, &e, &err) != 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        return false;
    }
    char **rows = calloc(e.nfields, sizeof *rows);
    for (size_t i = 0; i < e.nfields; i++) {
        char label[256], line[700];
        ui_field_label(&e.fields[i], label, sizeof label);
        snprintf(line, sizeof line, "%s%s%s",
                 e.fields[i].node_id != e.node_id ? e.fields[i].node_title : "",
                 e.fields[i].node_id != e.node_id ? " — " : "", label);
        rows[i] = strdup(line);
    }
    bool changed = false;
    long c = ui_choose(_("History of which field?"), (const char *const *)rows, e.nfields, 0, NULL);
    if (c >= 0) {
        char *old = ui_history_popup(s, &e, (size_t)c, msg, msgsz);
        if (old) { /* restoring is itself a recorded change */
            gk_entry_set(&e, (size_t)c, old);
            changed = gk_entry_save(s, &e, &err) == 0;
            snprintf(msg, msgsz, "%s",
                     changed ? _("The earlier value is restored; the change is in the history.")
                             : err.msg);
            free(old);
        }
    }
    for (size_t i = 0; i < e.nfields; i++)
        free(rows[i]);
    free(rows);
    gk_entry_free(&e);
    return changed;
}
