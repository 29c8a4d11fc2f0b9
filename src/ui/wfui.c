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
#include <time.h>

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

void ui_local_time(const char *utc, char *buf, size_t n)
{
    struct tm tm = {0};
    snprintf(buf, n, "%s", utc ? utc : "");
    if (!utc || sscanf(utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                       &tm.tm_min, &tm.tm_sec) != 6)
        return; /* shown as stored */
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm lt;
    if (t != (time_t)-1 && localtime_r(&t, &lt)) strftime(buf, n, "%Y-%m-%d %H:%M", &lt);
}

/* --- the return's comment -------------------------------------------------------------- */

/* Enter on an empty comment does nothing: a return needs one. */
static bool comment_given(ui_asking *a, int what)
{
    return what != UI_PROMPT_DONE || a->p.len > 0;
}

/* The comment typed on the bottom line (malloc'd), NULL when cancelled. */
static char *ask_comment(void)
{
    ui_asking a = {.lead = _("差し戻し: what is to be fixed (Enter: return, Esc: cancel): "),
                   .on = comment_given};
    if (ui_ask(&a) != 0) return NULL;
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
    const problems *pr;
    bool confirm; /* Enter / y goes on (0), anything else cancels (-1) */
} listing;

static size_t listing_layout(ui_scrollpop *t, int width)
{
    const listing *l = t->ctx;
    for (size_t i = 0; i < l->pr->n; i++)
        ui_pager_text(&t->pg, l->pr->lines[i], 0);
    return t->pg.n;
}

/* A confirmation: Enter or y goes ahead, any other key cancels. */
static ui_handled confirm_key(ui_scrollpop *t, ui_screen *sc, const ui_event *ev)
{
    if (ev->mouse || ev->paste) return UI_HANDLED;
    ui_close(sc, ev->key == '\r' || ev->key == '\n' || ev->key == 'y' || ev->key == 'Y' ? 0 : -1);
    return UI_HANDLED;
}

/* A listing that closes on any key but the mouse (a click does not). */
static ui_handled listing_key(ui_scrollpop *t, ui_screen *sc, const ui_event *ev)
{
    return ev->mouse ? UI_HANDLED : UI_IGNORED;
}

static int show_listing(const char *title, const problems *pr, bool confirm)
{
    listing l = {.pr = pr, .confirm = confirm};
    ui_scrollpop t = {.title = title,
                      .foot = confirm ? _(" Enter y: go ahead; Esc n: cancel ")
                                      : _(" any key closes this screen "),
                      .foot_scroll =
                          confirm ? _(" Enter y: go ahead; Esc n: cancel; ↑↓ PgUp PgDn scroll ")
                                  : _(" ↑↓ PgUp PgDn scroll; any other key closes "),
                      .margin = 3,
                      .layout = listing_layout,
                      .key = confirm ? confirm_key : listing_key,
                      .ctx = &l};
    return (int)ui_scrollpop_run(&t);
}

static void show_problems(const char *title, const problems *pr)
{
    show_listing(title, pr, false);
}

static void free_problems(problems *pr)
{
    for (size_t i = 0; i < pr->n; i++)
        free(pr->lines[i]);
    free(pr->lines);
    memset(pr, 0, sizeof *pr);
}

/* --- what a submit sends, confirmed first ------------------------------------------------ */

typedef struct outline {
    problems items, warnings;
} outline;

static void outline_item(void *ctx, const char *path, const char *state)
{
    problems *p = &((outline *)ctx)->items;
    char **g = realloc(p->lines, (p->n + 1) * sizeof *g);
    if (!g) return;
    p->lines = g;
    size_t len = strlen(path) + strlen(state) + 8;
    if (!(g[p->n] = malloc(len))) return;
    snprintf(g[p->n++], len, "・%s (%s)", path, state);
}

static void outline_warn(void *ctx, const char *path, const char *msg)
{
    add_problem(&((outline *)ctx)->warnings, path, msg);
}

/* The confirmation before a submit: what goes out, then the warnings
 * (an actual far from its earlier years). True to go ahead. */
static bool confirm_submit(gk_store *s, const int64_t *ids, size_t n, int year, char *msg,
                           size_t msgsz)
{
    outline o;
    memset(&o, 0, sizeof o);
    gk_error err = {{0}};
    long nwarn = gk_submit_outline(s, ids, n, year, outline_item, outline_warn, &o, &err);
    if (nwarn < 0) {
        snprintf(msg, msgsz, "%s", err.msg);
        free_problems(&o.items);
        free_problems(&o.warnings);
        return false;
    }
    problems all = o.items; /* the lines taken over, then the warnings */
    memset(&o.items, 0, sizeof o.items);
    char fy[32];
    gk_fy_short(year, fy, sizeof fy);
    for (size_t i = 0; i < o.warnings.n; i++)
        add_problem(&all, _("注意"), o.warnings.lines[i]);
    char title[200];
    snprintf(title, sizeof title,
             o.warnings.n ? _("Submit for %s? (with warnings: please check them)")
                          : _("Submit for %s?"),
             fy);
    bool go = all.n == 0 || show_listing(title, &all, true) == 0;
    free_problems(&all);
    free_problems(&o.items);
    free_problems(&o.warnings);
    if (!go) snprintf(msg, msgsz, "%s", _("Not submitted."));
    return go;
}

/* The confirmation before approving several nodes at once: their paths. */
static bool confirm_many(gk_store *s, const int64_t *ids, size_t n, int year, char *msg,
                         size_t msgsz)
{
    problems all = {0};
    for (size_t i = 0; i < n; i++) {
        char *path = gk_node_path(s, ids[i]);
        char line[1024];
        snprintf(line, sizeof line, "・%s", path ? path : "?");
        free(path);
        add_problem(&all, line, "");
        if (all.n) all.lines[all.n - 1][strlen(all.lines[all.n - 1]) - 2] = '\0'; /* no ": " */
    }
    char title[200], fy[32];
    gk_fy_short(year, fy, sizeof fy);
    snprintf(title, sizeof title,
             ngettext("Approve %zu item or indicator for %s?",
                      "Approve these %zu items and indicators for %s?", (unsigned long)n),
             n, fy);
    bool go = show_listing(title, &all, true) == 0;
    free_problems(&all);
    if (!go) snprintf(msg, msgsz, "%s", _("Not approved."));
    return go;
}

/* --- submit, approve, return --------------------------------------------------------------- */

bool ui_workflow(gk_store *s, gk_waction act, int64_t node, int year, char *msg, size_t n)
{
    return ui_workflow_many(s, act, &node, 1, year, msg, n);
}

bool ui_workflow_many(gk_store *s, gk_waction act, const int64_t *ids, size_t nids, int year,
                      char *msg, size_t n)
{
    char *comment = NULL;
    problems pr = {0};
    gk_error err = {{0}};
    /* what stops it is listed first (nothing to confirm then); else the
     * confirmation: what a submit sends, or the nodes approved at once */
    bool asking = act == GK_WF_SUBMIT || (act == GK_WF_APPROVE && nids > 1);
    if (asking && gk_workflow_check(s, act, ids, nids, year, NULL, NULL, &err) == 0) {
        if (act == GK_WF_SUBMIT && !confirm_submit(s, ids, nids, year, msg, n)) return false;
        if (act == GK_WF_APPROVE && !confirm_many(s, ids, nids, year, msg, n)) return false;
    }
    if (act == GK_WF_RETURN && !(comment = ask_comment())) {
        snprintf(msg, n, "%s", _("Not returned."));
        return false;
    }
    long changed = gk_workflow_apply(s, act, ids, nids, year, comment, add_problem, &pr, &err);
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
    free_problems(&pr);
    return changed > 0;
}
