/*
 * wfui.c — the yearly workflow on the screen, for the main screen and the
 * entry form: who the login is (for the top line), whether a year is
 * locked, the refusal that comes before the entry form opens, the 差し戻し
 * comment the form shows, and 提出 / 承認 / 差し戻し of a node: the
 * return's comment typed in a prompt, and what a submit misses listed in a
 * popup instead of submitting. Every rule is the store's (roles.h,
 * workflow.h); this file asks and shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "ui_int.h"

/* The mark is the translated format with an empty login, so that its
 * spacing and brackets are the translation's ("（…）" in Japanese). */
static void who_set(ui_who *w, const char *login, const char *fmt, const char *role)
{
    snprintf(w->login, sizeof w->login, "%s", login);
    if (role) {
        snprintf(w->text, sizeof w->text, fmt, login, role);
        snprintf(w->mark, sizeof w->mark, fmt, "", role);
    } else {
        snprintf(w->text, sizeof w->text, fmt, login);
        snprintf(w->mark, sizeof w->mark, fmt, "");
    }
}

void ui_who_load(gk_store *s, ui_who *w)
{
    gk_me me;
    gk_error err;
    memset(w, 0, sizeof *w);
    if (gk_me_load(s, &me, &err) != 0) {
        who_set(w, gk_store_user(s), "%s (%s)", gk_role_label(GK_ROLE_NONE));
        return;
    }
    w->role = me.role;
    if (me.role == GK_ROLE_NONE)
        who_set(w, me.login, _("%s (read-only: not a user)"), NULL);
    else
        who_set(w, me.login, "%s (%s)", gk_role_label(me.role));
    gk_me_free(&me);
}

int ui_year_lock_text(gk_store *s, int year, char *buf, size_t n)
{
    gk_lock_info li;
    gk_error err;
    buf[0] = '\0';
    int rc = gk_year_locked(s, year, &li, &err);
    if (rc == 1) {
        snprintf(buf, n, "%s", _("locked"));
        gk_lock_info_free(&li);
    }
    return rc;
}

bool ui_may_edit(gk_store *s, int64_t node, int year, char *msg, size_t n)
{
    gk_error why = {{0}};
    int rc = gk_store_may_edit(s, node, year, &why);
    if (rc == 1) return true;
    snprintf(msg, n, "%s", why.msg[0] ? why.msg : _("this cannot be changed"));
    return false;
}

char *ui_return_comment(gk_store *s, int64_t node, int year)
{
    gk_wstate st;
    char *comment = NULL;
    gk_error err;
    if (gk_node_wstate(s, node, year, &st, &comment, &err) != 0) return NULL;
    if (st != GK_WS_RETURNED || !comment || !*comment) {
        free(comment);
        return NULL;
    }
    return comment;
}

/* --- the return's comment -------------------------------------------------------------- */

typedef struct ask {
    const char *lead;
    ui_prompt p;
} ask;

static void ask_draw(ui_screen *sc)
{
    ask *a = sc->ctx;
    ui_prompt_draw(&a->p, a->lead); /* the cursor at the insertion point */
}

static void ask_key(ui_screen *sc, const ui_event *ev)
{
    ask *a = sc->ctx;
    int r = ui_prompt_event(&a->p, ev);
    if (r == UI_PROMPT_CANCEL) ui_close(sc, -1);
    if (r == UI_PROMPT_DONE && a->p.len) ui_close(sc, 0);
}

/* The comment typed on the bottom line (malloc'd), NULL when cancelled. */
static char *ask_comment(void)
{
    ask a = {.lead = _("差し戻し: what is to be fixed (Enter: return, Esc: cancel): ")};
    ui_screen sc = {.draw = ask_draw, .key = ask_key, .ctx = &a, .paste = true};
    if (ui_run(&sc) != 0) return NULL;
    return strdup(a.p.text);
}

/* --- what is missing, in a popup --------------------------------------------------------- */

typedef struct problems {
    char **lines;
    size_t n;
} problems;

static void add_problem(void *ctx, const char *path, const char *problem)
{
    problems *p = ctx;
    char **g = realloc(p->lines, (p->n + 1) * sizeof *g);
    if (!g) return;
    p->lines = g;
    size_t len = strlen(path) + strlen(problem) + 4;
    if (!(g[p->n] = malloc(len))) return;
    snprintf(g[p->n++], len, "%s: %s", path, problem);
}

typedef struct listing {
    const char *title;
    const problems *pr;
    ui_pager pg;
    ui_rect r;
} listing;

static void listing_layout(listing *l)
{
    l->r = ui_popup_rect(LINES, COLS, LINES, 3);
    size_t top = l->pg.top;
    ui_pager_reset(&l->pg, l->r.w - 4);
    for (size_t i = 0; i < l->pr->n; i++)
        ui_pager_text(&l->pg, l->pr->lines[i], 0);
    int rows = l->r.h - 2;
    if ((size_t)rows > l->pg.n) { /* no taller than what it lists */
        l->r = ui_popup_rect(LINES, COLS, (int)l->pg.n, 3);
        rows = l->r.h - 2;
    }
    l->pg.top = ui_scroll(top, 0, l->pg.n, rows);
}

static void listing_draw(ui_screen *sc)
{
    listing *l = sc->ctx;
    listing_layout(l);
    ui_popup_draw(&l->r, l->title, _(" ↑↓ PgUp PgDn scroll; any other key closes "));
    ui_pager_draw(&l->pg, l->r.y + 1, l->r.x + 2, l->r.h - 2, NULL);
}

static void listing_key(ui_screen *sc, const ui_event *ev)
{
    listing *l = sc->ctx;
    int rows = l->r.h - 2;
    long d = 0;
    if (ev->is_key && ev->key == KEY_UP) d = -1;
    if (ev->is_key && ev->key == KEY_DOWN) d = 1;
    if (ev->is_key && ev->key == KEY_PPAGE) d = -rows;
    if (ev->is_key && ev->key == KEY_NPAGE) d = rows;
    if (d)
        ui_pager_scroll(&l->pg, d, rows);
    else if (!ev->mouse)
        ui_close(sc, 0);
}

static void show_problems(const char *title, const problems *pr)
{
    listing l = {.title = title, .pr = pr};
    ui_screen sc = {.draw = listing_draw, .key = listing_key, .ctx = &l};
    ui_run(&sc);
    ui_pager_free(&l.pg);
}

/* --- submit, approve, return --------------------------------------------------------------- */

bool ui_workflow(gk_store *s, gk_waction act, int64_t node, int year, char *msg, size_t n)
{
    char *comment = NULL;
    if (act == GK_WF_RETURN && !(comment = ask_comment())) {
        snprintf(msg, n, "%s", _("Not returned."));
        return false;
    }
    problems pr = {0};
    gk_error err = {{0}};
    long changed = gk_workflow_apply(s, act, &node, 1, year, comment, add_problem, &pr, &err);
    free(comment);
    char fy[32];
    gk_fy_short(year, fy, sizeof fy);
    if (changed < 0 && pr.n) {
        char title[160];
        snprintf(title, sizeof title, "%s %s",
                 act == GK_WF_SUBMIT    ? _("Not submitted: what is missing")
                 : act == GK_WF_APPROVE ? _("Not approved")
                                        : _("Not returned"),
                 fy);
        show_problems(title, &pr);
        snprintf(msg, n, "%s", pr.n == 1 ? pr.lines[0] : err.msg);
    } else if (changed < 0) {
        snprintf(msg, n, "%s", err.msg);
    } else {
        unsigned long k = (unsigned long)changed;
        snprintf(msg, n,
                 act == GK_WF_SUBMIT ? ngettext("%s: submitted (%ld item or indicator).",
                                                "%s: submitted (%ld items and indicators).", k)
                 : act == GK_WF_APPROVE
                     ? ngettext("%s: approved (%ld item or indicator).",
                                "%s: approved (%ld items and indicators).", k)
                     : ngettext("%s: returned with the comment (%ld item or indicator).",
                                "%s: returned with the comment (%ld items and indicators).", k),
                 fy, changed);
    }
    for (size_t i = 0; i < pr.n; i++)
        free(pr.lines[i]);
    free(pr.lines);
    return changed > 0;
}
