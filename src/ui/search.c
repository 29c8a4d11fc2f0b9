/*
 * search.c — incremental search of the main screen: titles and every
 * year's notes, folded (full-width and half-width alike, case ignored)
 * when they were written and searched in the database (store/search.c),
 * nothing loaded here; the prompt on the bottom line jumps to the first match as
 * each character is typed; n / N step through the matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "mainview.h"

void mv_search_free(mainview *m)
{
    free(m->folded);
}

/* Jumps to the next (dir 1) or previous (-1) match, starting after the
 * selection (or at it when `inclusive`): the store reads text folded when
 * it was written (gk_browse_search_next), nothing is held here. A match
 * the tree cannot show is passed over. */
bool mv_search_step(mainview *m, int dir, bool inclusive)
{
    if (!m->folded || !*m->folded) return false;
    tnode *t = mv_selected(m);
    if (!t) return false;
    gk_error err;
    int64_t plan = t->plan_id, from = t->id, first = 0;
    for (;;) {
        int64_t fplan, found;
        int r = gk_browse_search_next(m->s, m->folded, plan, from, dir, inclusive, &fplan, &found,
                                      &err);
        if (r < 0) mv_report(m, &err);
        if (r != 0 || found == first) return false;
        if (!first) first = found;
        tnode *hit = tree_reveal(&m->tr, fplan, found, &err);
        if (hit) {
            mv_reflatten(m, hit);
            mv_set_year_for_plan(m);
            return true;
        }
        plan = fplan;
        from = found;
        inclusive = false;
    }
}

/* The search prompt on the bottom line, a screen over the main view: each
 * character typed jumps to the first match from where the search began;
 * Enter keeps it, Esc goes back there. */
typedef struct searching {
    mainview *m;
    size_t saved;
} searching;

static bool search_on(ui_asking *a, int what)
{
    searching *q = a->ctx;
    mainview *m = q->m;
    if (what == UI_PROMPT_CANCEL) { /* back where we were */
        free(m->folded);
        m->folded = NULL;
        ui_list_go(&m->list, (long)q->saved);
    } else if (what == UI_PROMPT_DONE) {
        snprintf(m->query, sizeof m->query, "%s", a->p.text);
        if (m->folded && !mv_search_step(m, 1, true)) mv_say(m, _("no match"));
    } else if (what == UI_PROMPT_EDITED) {
        ui_list_go(&m->list, (long)q->saved);
        free(m->folded);
        m->folded = a->p.len ? gk_fold(a->p.text) : NULL;
        if (m->folded && !mv_search_step(m, 1, true)) mv_say(m, _("no match"));
    }
    return true;
}

void mv_search_prompt(mainview *m)
{
    searching q = {.m = m, .saved = m->list.sel};
    free(m->folded);
    m->folded = NULL;
    ui_asking a = {.lead = "/", .on = search_on, .ctx = &q};
    ui_ask(&a);
}
