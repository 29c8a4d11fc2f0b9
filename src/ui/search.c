/*
 * search.c — incremental search of the main screen: titles and every
 * year's notes, folded (full-width and half-width alike, case ignored),
 * loaded once; the prompt on the bottom line jumps to the first match as
 * each character is typed; n / N step through the matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "mainview.h"

static void load_corpus(mainview *m)
{
    if (m->corpus) return;
    gk_error err;
    if (gk_browse_search_corpus(m->s, &m->corpus, &m->ncorpus, &err) != 0) {
        mv_report(m, &err);
        return;
    }
    m->corpus_folded = calloc(m->ncorpus ? m->ncorpus : 1, sizeof *m->corpus_folded);
    for (size_t i = 0; m->corpus_folded && i < m->ncorpus; i++) {
        const char *title = m->corpus[i].title ? m->corpus[i].title : "",
                   *notes = m->corpus[i].notes ? m->corpus[i].notes : "";
        char *joined = malloc(strlen(title) + strlen(notes) + 2);
        if (!joined) continue;
        sprintf(joined, "%s\n%s", title, notes);
        m->corpus_folded[i] = gk_fold(joined);
        free(joined);
    }
}

void mv_search_free(mainview *m)
{
    free(m->folded);
    for (size_t i = 0; m->corpus_folded && i < m->ncorpus; i++)
        free(m->corpus_folded[i]);
    free(m->corpus_folded);
    gk_search_corpus_free(m->corpus, m->ncorpus);
}

/* Index in the corpus of the selected node (or -1). */
static long corpus_index(mainview *m)
{
    tnode *t = mv_selected(m);
    for (size_t i = 0; t && i < m->ncorpus; i++)
        if (m->corpus[i].id == t->id) return (long)i;
    return -1;
}

/* Opens the tree down to node id and selects it. */
static bool reveal(mainview *m, int64_t id)
{
    gk_error err;
    for (size_t p = 0; p < m->tr.nplans; p++) {
        tnode *t = tree_reveal(&m->tr, m->tr.plans[p].id, id, &err);
        if (t) {
            mv_reflatten(m, t);
            mv_set_year_for_plan(m);
            return true;
        }
    }
    return false;
}

bool mv_search_step(mainview *m, int dir, bool inclusive)
{
    if (!m->folded || !*m->folded) return false;
    load_corpus(m);
    if (m->ncorpus == 0 || !m->corpus_folded) return false;
    long start = corpus_index(m), n = (long)m->ncorpus;
    if (start < 0) start = dir > 0 ? -1 : 0;
    for (long k = inclusive ? 0 : 1; k <= n; k++) {
        long i = ((start + dir * k) % n + n) % n;
        if (m->corpus_folded[i] && strstr(m->corpus_folded[i], m->folded) &&
            reveal(m, m->corpus[i].id))
            return true;
    }
    return false;
}

/* The search prompt on the bottom line, a screen over the main view: each
 * character typed jumps to the first match from where the search began;
 * Enter keeps it, Esc goes back there. */
typedef struct searching {
    mainview *m;
    size_t saved;
    ui_prompt p;
} searching;

static void search_draw(ui_screen *sc)
{
    searching *q = sc->ctx;
    ui_prompt_draw(&q->p, "/");
}

static void search_key(ui_screen *sc, const ui_event *ev)
{
    searching *q = sc->ctx;
    mainview *m = q->m;
    int r = ui_prompt_event(&q->p, ev);
    if (r == UI_PROMPT_CANCEL) { /* back where we were */
        free(m->folded);
        m->folded = NULL;
        ui_list_go(&m->list, (long)q->saved);
        ui_close(sc, 0);
    } else if (r == UI_PROMPT_DONE) {
        snprintf(m->query, sizeof m->query, "%s", q->p.text);
        if (m->folded && !mv_search_step(m, 1, true)) mv_say(m, _("no match"));
        ui_close(sc, 0);
    } else if (r == UI_PROMPT_EDITED) {
        ui_list_go(&m->list, (long)q->saved);
        free(m->folded);
        m->folded = q->p.len ? gk_fold(q->p.text) : NULL;
        if (m->folded && !mv_search_step(m, 1, true)) mv_say(m, _("no match"));
    }
}

void mv_search_prompt(mainview *m)
{
    searching q = {.m = m, .saved = m->list.sel};
    free(m->folded);
    m->folded = NULL;
    ui_screen sc = {.draw = search_draw, .key = search_key, .ctx = &q};
    ui_run(&sc);
}
