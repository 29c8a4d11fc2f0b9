/*
 * mainview.c — the main screen: the plan tree on the left (treeview.c), the
 * selection's details on the right (details.c), the plan / year /
 * department / user line on top and the function-key bar or a message at
 * the bottom; its key table and key handling; search (search.c), the year
 * (year.c), the department board (board.c), help, history and the entry
 * form open from here. The plan, year and filter chosen last are kept in
 * the user's preferences (pref.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/backup.h"
#include "gyokaku/depts.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/workflow.h"
#include "gyokaku/plan.h"
#include "gyokaku/pref.h"
#include "gyokaku/text.h"
#include "mainview.h"

enum action {
    A_NONE,
    A_UP,
    A_DOWN,
    A_PGUP,
    A_PGDN,
    A_HOME,
    A_END,
    A_OPEN,
    A_CLOSE,
    A_TOGGLE,
    A_FOCUS,
    A_HELP,
    A_SEARCH,
    A_NEXT,
    A_PREV,
    A_BOARD,
    A_YEAR,
    A_PLAN,
    A_CLEAR,
    A_ENTRY,
    A_HISTORY,
    A_NEXT_MISSING,
    A_PREV_MISSING,
    A_EXPAND_ALL,
    A_SUMMARY,
    A_SUBMIT,
    A_APPROVE,
    A_RETURN,
    A_MOUSE,
    A_ASSIGN,
    A_QUEUE,
    A_MARK,
    A_QUIT,
};

static const ui_key main_keys[] = {
    {A_HELP, 1, {'?'}, "?", N_("Help"), N_("show every key of this screen")},
    {A_SEARCH, 3, {'/'}, "/", N_("Search"), N_("search titles and notes (n / N: next, previous)")},
    {A_BOARD, 4, {'d'}, "d", N_("Depts"), N_("department board; Enter there filters the tree")},
    {A_YEAR, 5, {'y'}, "y", N_("Year"), N_("choose the fiscal year")},
    {A_SUMMARY,
     0,
     {'s'},
     "s",
     NULL,
     N_("summary of the plan's year: per 基本目標 and 所管課 the grades, entry states and "
        "completeness as bars; Enter there goes to the row's items")},
    {A_QUEUE,
     0,
     {'f'},
     "f",
     N_("State"),
     N_("state filter, in turn: 提出 only (what waits for approval), 差し戻し only, 入力中 only, "
        "then every state again")},
    {A_QUIT, 10, {'q', UI_CTRL('C')}, "q ^C", N_("Quit"), N_("quit")},
    {A_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, N_("previous row (in the details: scroll up)")},
    {A_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, N_("next row (in the details: scroll down)")},
    {A_PGUP, 0, {KEY_PPAGE}, "PgUp", NULL, N_("page up")},
    {A_PGDN, 0, {KEY_NPAGE}, "PgDn", NULL, N_("page down")},
    {A_HOME, 0, {KEY_HOME, 'g'}, "Home g", NULL, N_("first row")},
    {A_END, 0, {KEY_END, 'G'}, "End G", NULL, N_("last row")},
    {A_OPEN, 0, {KEY_RIGHT, 'l'}, "→ l", NULL, N_("open the node, or go to its first child")},
    {A_CLOSE, 0, {KEY_LEFT, 'h'}, "← h", NULL, N_("close the node, or go to its parent")},
    {A_ENTRY,
     0,
     {'\r', '\n', 'e'},
     "Enter e",
     N_("Entry"),
     N_("enter the year's actuals and notes (Enter on other levels opens or closes)")},
    {A_ASSIGN,
     6,
     {'D'},
     "D",
     N_("Assign"),
     N_("give the selected node its departments (所管課): the lead first, then related ones "
        "(plan office)")},
    {A_SUBMIT,
     UI_KEY_SUBMIT,
     {'t'},
     "t",
     N_("Submit"),
     N_("submit (提出) the item, with its indicators, or the indicator for the year; what "
        "is missing is listed instead")},
    {A_APPROVE,
     UI_KEY_APPROVE,
     {'a'},
     "a",
     N_("Approve"),
     N_("approve (承認) the submitted item or indicator (supervisor, office)")},
    {A_RETURN,
     UI_KEY_RETURN,
     {'r'},
     "r",
     N_("Return"),
     N_("return (差し戻し) the item or indicator with a comment typed on the bottom line "
        "(supervisor, office)")},
    {A_MARK,
     0,
     {'m'},
     "m",
     NULL,
     N_("mark or unmark the item or indicator (>) for approving several at once: F8 then "
        "approves every marked one after one confirmation")},
    {A_TOGGLE, 0, {' '}, "Space", NULL, N_("open or close the node")},
    {A_EXPAND_ALL, 0, {'*'}, "*", NULL, N_("open the whole subtree under the selection")},
    {A_NEXT_MISSING,
     0,
     {']'},
     "]",
     NULL,
     N_("next item or indicator still missing its entry for the year (within the filter)")},
    {A_PREV_MISSING, 0, {'['}, "[", NULL, N_("previous one still missing its entry")},
    {A_HISTORY, 0, {'H'}, "H", NULL, N_("history of a field; an earlier value can be restored")},
    {A_FOCUS, 0, {'\t'}, "Tab", NULL, N_("move between the tree and the details")},
    {A_NEXT, 0, {'n'}, "n", NULL, N_("next search match")},
    {A_PREV, 0, {'N'}, "N", NULL, N_("previous search match")},
    {A_PLAN, 0, {'p'}, "p", NULL, N_("go to the next plan")},
    {A_CLEAR,
     0,
     {27},
     "Esc",
     NULL,
     N_("clear the department filter, the state filter, the marks and the search")},
    {A_MOUSE,
     0,
     {'M'},
     "M",
     NULL,
     N_("mouse on or off (off: the terminal selects and copies text); remembered")},
};
#define NKEYS (sizeof main_keys / sizeof *main_keys)

/* The bar shows 提出 to every user and 承認 / 差し戻し to a supervisor, whose
 * work they are (the office may use them too; F1 lists every key, F6 the
 * office's assignment too): so the bar still fits 80 columns with the
 * letter of each key. */
static ui_key bar_keys[NKEYS];

static void role_keys(const ui_who *who)
{
    memcpy(bar_keys, main_keys, sizeof bar_keys);
    for (size_t i = 0; i < NKEYS; i++) {
        int a = bar_keys[i].action;
        if ((a == A_SUBMIT && who->role == GK_ROLE_NONE) ||
            ((a == A_APPROVE || a == A_RETURN) && who->role != GK_ROLE_SUPERVISOR) ||
            a == A_ASSIGN) /* F1 lists it: on the bar it would crowd out the letters */
            bar_keys[i].label = NULL;
    }
}

/* Shows what went wrong on the bottom line (the store's message says what
 * and, for the common failures, what to do). */
void mv_report(mainview *m, const gk_error *err)
{
    ui_status_set(&m->status, true, err->msg);
}

void mv_say(mainview *m, const char *msg)
{
    ui_status_set(&m->status, true, msg);
}

/* --- layout -------------------------------------------------------------------------- */

int mv_tree_width(void)
{
    int w = COLS * 2 / 5;
    return w < 30 ? 30 : w;
}

int mv_body_rows(void)
{
    return LINES - 2;
}

tnode *mv_selected(mainview *m)
{
    return m->tr.nrows && m->list.sel < m->tr.nrows ? m->tr.rows[m->list.sel] : NULL;
}

int64_t mv_current_plan(mainview *m)
{
    tnode *t = mv_selected(m);
    return t ? t->plan_id : (m->tr.nplans ? m->tr.plans[0].id : 0);
}

static void draw_top(mainview *m)
{
    const gk_plan_info *p = tree_plan(&m->tr, mv_current_plan(m));
    const char *name = p ? p->name : _("(no plan)");
    char yb[64], year[128], line[2400];
    if (m->year && m->lock_year != m->year) { /* looked up once per year */
        if (ui_year_lock_text(m->s, m->year, m->lock_text, sizeof m->lock_text) < 0)
            m->lock_text[0] = '\0';
        m->lock_year = m->year;
    }
    snprintf(year, sizeof year, m->year && m->lock_text[0] ? "%s (%s)" : "%s",
             m->year ? gk_fy_long(m->year, yb, sizeof yb) : "-", m->lock_text);
    char dept[512];
    snprintf(dept, sizeof dept, m->tr.states ? "%s: %s, %s" : "%s: %s", "所管課",
             m->dept ? m->dept : _("all"), mv_state_filter_label(m));
    /* At 80 columns the year and the role (or the read-only mark) always
     * stay whole; the plan name keeps its start and its end (two plans'
     * names often differ only in their period), the filter gives way
     * first, then the login's name (the mark after it stays whole). Three
     * " | " separators, a leading blank, the last column blank. */
    int avail = COLS - 2 - 9 - gk_str_width(year);
    int nw = gk_str_width(name), dw = gk_str_width(dept);
    int mw = gk_str_width(m->who.mark), lw = gk_str_width(m->who.login);
    int name_min = nw < 18 ? nw : 18, dept_min = dw < 8 ? dw : 8;
    int login_min = lw < 4 ? lw : 4;
    if (lw > avail - mw - name_min - dept_min) lw = avail - mw - name_min - dept_min;
    if (lw < login_min) lw = login_min;
    int ww = lw + mw;
    if (dw > avail - ww - name_min) dw = avail - ww - name_min;
    if (dw < 4) dw = 4;
    if (nw > avail - ww - dw) nw = avail - ww - dw;
    if (nw < 4) nw = 4;
    char *fn = gk_fit_middle(name, nw), *fd = gk_fit(dept, dw),
         *fl = gk_fit_middle(m->who.login, lw);
    char fw[512];
    snprintf(fw, sizeof fw, "%s%s", fl ? fl : "", m->who.mark);
    snprintf(line, sizeof line, " %s | %s | %s | %s", fn ? fn : "", year, fd ? fd : "", fw);
    free(fn);
    free(fd);
    free(fl);
    /* the line seldom changes from one key to the next: written only then */
    unsigned long sig = 5381 + (unsigned long)COLS;
    for (const char *c = line; *c; c++)
        sig = sig * 33 + (unsigned char)*c;
    if (sig == 0) sig = 1;
    if (m->intact && sig == m->drawn_top) return;
    ui_put(0, 0, COLS, line, ST_BAR);
    m->drawn_top = sig;
}

static void draw(ui_screen *sc)
{
    mainview *m = sc->ctx;
    m->intact = ui_screen_intact(sc);
    m->folded_sig = 5381;
    for (const char *c = m->folded ? m->folded : ""; *c; c++)
        m->folded_sig = m->folded_sig * 33 + (unsigned char)*c;
    draw_top(m);
    mv_draw_tree(m);
    mv_draw_details(m);
    /* the function-key bar is the same on every key (laying it out costs a
     * fifth of a navigation key): drawn again only after a message or
     * when something else drew over it */
    if (m->status.set || !m->intact || m->drawn_bar != COLS)
        ui_status_draw(&m->status, bar_keys, NKEYS);
    m->drawn_bar = m->status.set ? 0 : COLS;
}

static void resize(ui_screen *sc)
{
    mainview *m = sc->ctx;
    m->detail_of = NULL; /* re-wrap */
}

/* --- the entry form and the history --------------------------------------------------- */

/* Enter: the entry form on an item or an indicator, else open/close; H: the
 * history of one of its fields. */
static void entry(mainview *m, bool history)
{
    tnode *t = mv_selected(m);
    if (!t) return;
    if (t->kind != GK_NODE_ITEM && t->kind != GK_NODE_INDICATOR) {
        if (!history) mv_toggle(m);
        return;
    }
    if (!m->year) {
        mv_say(m, _("this plan has no fiscal years yet"));
        return;
    }
    char msg[GK_ERROR_MAX] = "";
    bool changed = history ? ui_history(m->s, t->id, m->year, msg, sizeof msg)
                           : ui_entry_form(m->s, t->id, m->year, msg, sizeof msg);
    if (msg[0]) mv_say(m, msg);
    if (changed) { /* show the new values at once */
        m->detail_of = NULL;
        for (tnode *p = t; p; p = p->parent)
            p->data_year = -1;
        for (size_t i = 0; i < t->nkids; i++)
            t->kids[i]->data_year = -1;
    }
}

/* The marked nodes of the loaded tree (m), in tree order. */
static void collect_marked(tnode *t, int64_t **ids, size_t *n, size_t *cap)
{
    if (t->marked && *n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        int64_t *g = realloc(*ids, *cap * sizeof *g);
        if (!g) return;
        *ids = g;
    }
    if (t->marked) (*ids)[(*n)++] = t->id;
    for (size_t i = 0; i < t->nkids; i++)
        collect_marked(t->kids[i], ids, n, cap);
}

static void unmark(tnode *t)
{
    t->marked = false;
    for (size_t i = 0; i < t->nkids; i++)
        unmark(t->kids[i]);
}

void mv_clear_marks(mainview *m)
{
    for (size_t i = 0; i < m->tr.nplans; i++)
        unmark(m->tr.roots[i]);
    m->nmarked = 0;
}

/* m: marks the selected item or indicator (or unmarks it) and moves on. */
static void mark(mainview *m)
{
    tnode *t = mv_selected(m);
    if (!t || (t->kind != GK_NODE_ITEM && t->kind != GK_NODE_INDICATOR)) {
        mv_say(m, _("select an item or an indicator first"));
        return;
    }
    t->marked = !t->marked;
    m->nmarked += t->marked ? 1 : -1;
    char msg[200];
    snprintf(msg, sizeof msg,
             ngettext("%ld marked: F8 approves it (Esc clears the marks)",
                      "%ld marked: F8 approves them all (Esc clears the marks)",
                      (unsigned long)m->nmarked),
             m->nmarked);
    ui_status_set(&m->status, false, msg);
    mv_move_to(m, (long)m->list.sel + 1);
}

/* F8 with marks: the marked nodes approved at once, after one confirmation. */
static bool approve_marked(mainview *m)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < m->tr.nplans; i++)
        collect_marked(m->tr.roots[i], &ids, &n, &cap);
    if (n == 0) {
        free(ids);
        return false;
    }
    char msg[GK_ERROR_MAX + 256] = "";
    bool changed = ui_workflow_many(m->s, GK_WF_APPROVE, ids, n, m->year, msg, sizeof msg);
    free(ids);
    if (msg[0]) ui_status_set(&m->status, !changed, msg);
    if (changed) {
        mv_clear_marks(m);
        m->detail_of = NULL;
        m->state_year = 0; /* the queue changed */
    }
    return true;
}

/* F7 / F8 / F9: 提出, 承認 or 差し戻し of the selected item or indicator. */
static void workflow(mainview *m, gk_waction act)
{
    if (!m->year) {
        mv_say(m, _("this plan has no fiscal years yet"));
        return;
    }
    if (act == GK_WF_APPROVE && m->nmarked > 0 && approve_marked(m)) return;
    tnode *t = mv_selected(m);
    if (!t || (t->kind != GK_NODE_ITEM && t->kind != GK_NODE_INDICATOR)) {
        mv_say(m, _("select an item or an indicator first"));
        return;
    }
    if (!m->year) {
        mv_say(m, _("this plan has no fiscal years yet"));
        return;
    }
    char msg[GK_ERROR_MAX + 256] = "";
    bool changed = ui_workflow(m->s, act, t->id, m->year, msg, sizeof msg);
    if (msg[0]) ui_status_set(&m->status, !changed, msg);
    if (changed) {
        m->detail_of = NULL;
        m->state_year = 0; /* the queue changed */
    }
}

/* F6 / D: the office gives the selected node its departments with the
 * store's one assignment (depts.h, as `gyokaku dept assign`): the lead
 * chosen first, then related ones until "done"; the last row takes a name
 * typed (a department the plan does not have yet is created, as the
 * command line does). */
static void assign_depts(mainview *m)
{
    tnode *t = mv_selected(m);
    if (!t || !t->id) {
        mv_say(m, _("select a node first"));
        return;
    }
    if (m->who.role != GK_ROLE_OFFICE) {
        mv_say(m, _("only the plan office assigns departments (gyokaku dept assign)"));
        return;
    }
    gk_dept_info *d;
    size_t n;
    gk_error err = {{0}};
    if (gk_dept_list(m->s, &d, &n, &err) != 0) {
        mv_report(m, &err);
        return;
    }
    size_t cap = n + 8, nchosen = 0;
    const char **rows = calloc(cap + 2, sizeof *rows);
    char **chosen = calloc(cap, sizeof *chosen);
    bool *used = calloc(n + 1, sizeof *used);
    size_t *at = calloc(cap + 2, sizeof *at);
    char title[512], *clean = gk_sanitize(t->title);
    bool cancel = !rows || !chosen || !used || !at;
    while (!cancel && nchosen < cap) {
        /* row 0: none (for the lead) or done (after it); the departments not
         * chosen yet; last, one typed by name */
        size_t nrows = 0;
        rows[nrows++] = nchosen ? _("(done)") : _("(no department of its own)");
        for (size_t i = 0; i < n; i++)
            if (!used[i]) {
                at[nrows] = i;
                rows[nrows++] = d[i].name;
            }
        size_t typed_row = nrows;
        rows[nrows++] = _("(another department: type its name)");
        if (nchosen)
            snprintf(title, sizeof title, _("Related department (関係課) of %s"),
                     clean ? clean : "");
        else
            snprintf(title, sizeof title, _("Lead department (主担当) of %s"), clean ? clean : "");
        long k = ui_choose(title, rows, nrows, nchosen || n == 0 ? 0 : 1, NULL);
        if (k < 0) cancel = true;
        if (k <= 0) break;
        char *name = NULL;
        if ((size_t)k == typed_row) {
            name = ui_ask_line(_("Department (所管課) name (Enter: add, Esc: back): "));
            if (!name) continue;
        } else {
            used[at[k]] = true;
            name = strdup(d[at[k]].name);
        }
        if (!name)
            cancel = true;
        else
            chosen[nchosen++] = name;
    }
    if (cancel)
        mv_say(m, _("departments unchanged"));
    else if (gk_dept_assign_id(m->s, t->id, (const char *const *)chosen, nchosen, &err) != 0)
        mv_report(m, &err);
    else {
        char depts[1024] = "", msg[1200];
        if (gk_node_depts(m->s, t->id, depts, sizeof depts, &err) != 0) depts[0] = '\0';
        char *shown = gk_sanitize(depts[0] ? depts : _("(none)"));
        snprintf(msg, sizeof msg, _("所管課: %s"), shown ? shown : "");
        free(shown);
        ui_status_set(&m->status, false, msg);
        m->detail_of = NULL;
    }
    for (size_t i = 0; chosen && i < nchosen; i++)
        free(chosen[i]);
    free(clean);
    free(rows);
    free(chosen);
    free(used);
    free(at);
    gk_dept_list_free(d, n);
}

/* --- keys ---------------------------------------------------------------------------- */

/* The moving keys: the tree's selection, or the details when they have the
 * focus (Tab). Returns false for any other action. */
static bool move_key(mainview *m, int action)
{
    long page = mv_body_rows() - 1, d = 0;
    switch (action) {
    case A_UP:
        d = -1;
        break;
    case A_DOWN:
        d = 1;
        break;
    case A_PGUP:
        d = -page;
        break;
    case A_PGDN:
        d = page;
        break;
    case A_HOME:
    case A_END:
        if (m->focus_detail) return true;
        mv_move_to(m, action == A_HOME ? 0 : (long)m->tr.nrows - 1);
        return true;
    default:
        return false;
    }
    if (m->focus_detail)
        ui_pager_scroll(&m->details, d, mv_body_rows());
    else
        mv_move_to(m, (long)m->list.sel + d);
    return true;
}

static void search_again(mainview *m, int dir)
{
    if (!mv_search_step(m, dir, false))
        mv_say(m, m->folded ? _("no match") : _("no search: press / first"));
}

/* M: the mouse to the program or to the terminal, kept in the user's
 * preferences for the next start (--no-mouse turns it off for one). */
static void toggle_mouse(mainview *m)
{
    bool on = !ui_mouse_on();
    ui_mouse_set(on);
    const char *keys[] = {"mouse"}, *values[] = {on ? "on" : "off"};
    gk_error err;
    char msg[GK_ERROR_MAX + 200];
    if (gk_pref_set(m->s, keys, values, 1, &err) != 0)
        snprintf(msg, sizeof msg, _("Mouse %s, for this session only: %s"), on ? _("on") : _("off"),
                 err.msg);
    else
        snprintf(msg, sizeof msg, "%s",
                 on ? _("Mouse on: clicks and the wheel move in gyokaku (M: off).")
                    : _("Mouse off: the terminal selects and copies text (M: on)."));
    ui_status_set(&m->status, false, msg);
}

/* Every other action of the key table. Returns false to quit. */
static bool command_key(mainview *m, int action)
{
    switch (action) {
    case A_OPEN:
        mv_open_or_child(m);
        break;
    case A_CLOSE:
        mv_close_or_parent(m);
        break;
    case A_TOGGLE:
        mv_toggle(m);
        break;
    case A_EXPAND_ALL:
        mv_expand_all(m);
        break;
    case A_FOCUS:
        m->focus_detail = !m->focus_detail;
        break;
    case A_HELP:
        ui_help(m->s, _("Keys of the main screen"), main_keys, NKEYS);
        break;
    case A_SEARCH:
        mv_search_prompt(m);
        break;
    case A_NEXT:
    case A_PREV:
        search_again(m, action == A_NEXT ? 1 : -1);
        break;
    case A_BOARD:
        mv_department_board(m);
        break;
    case A_SUMMARY:
        mv_summary(m);
        break;
    case A_YEAR:
        mv_choose_year(m);
        break;
    case A_PLAN:
        mv_next_plan(m);
        break;
    case A_CLEAR:
        mv_clear_filter(m);
        break;
    case A_ENTRY:
    case A_HISTORY:
        entry(m, action == A_HISTORY);
        break;
    case A_NEXT_MISSING:
    case A_PREV_MISSING:
        mv_next_missing(m, action == A_NEXT_MISSING ? 1 : -1);
        break;
    case A_SUBMIT:
        workflow(m, GK_WF_SUBMIT);
        break;
    case A_APPROVE:
        workflow(m, GK_WF_APPROVE);
        break;
    case A_RETURN:
        workflow(m, GK_WF_RETURN);
        break;
    case A_MOUSE:
        toggle_mouse(m);
        break;
    case A_ASSIGN:
        assign_depts(m);
        break;
    case A_QUEUE:
        mv_next_state_filter(m);
        break;
    case A_MARK:
        mark(m);
        break;
    case A_QUIT:
        return false;
    default:
        break;
    }
    return true;
}

static void remember(mainview *m, bool quiet);
static void open_on(mainview *m, const char *plan, int year, const char *dept);

/* The database was restored under us (gyokaku restore, backup.h): the
 * loaded tree describes a database that is gone. Loads it again on the
 * same year and filter (the search asks the store: it goes on), and says
 * why on the bottom line. */
static void reload_restored(mainview *m, const gk_error *why)
{
    gk_error err;
    tree fresh = {0};
    if (tree_load(&fresh, m->s, &err) != 0) {
        mv_report(m, &err);
        return;
    }
    tree_free(&m->tr);
    m->tr = fresh; /* the marks and the state filter went with the old tree */
    m->nmarked = 0;
    char *dept = m->dept;
    m->dept = NULL;
    m->list.sel = m->list.top = 0;
    m->detail_of = NULL;
    open_on(m, NULL, m->year, dept);
    free(dept);
    mv_report(m, why);
}

static void key(ui_screen *sc, const ui_event *ev)
{
    mainview *m = sc->ctx;
    ui_status_clear(&m->status); /* a message stays until the next key */
    gk_error err;
    if (gk_store_restored(m->s, &err) == 1) { /* the key was meant for what is gone */
        reload_restored(m, &err);
        return;
    }
    if (ev->mouse) {
        mv_mouse(m, ev);
    } else if (!ev->paste) {
        int action = ui_key_action(main_keys, NKEYS, ev->key, ev->is_key);
        if ((!move_key(m, action) && !command_key(m, action)) ||
            ui_leave_wanted()) { /* Ctrl-C in the form, which closed */
            ui_close(sc, 0);
            return;
        }
    }
    if (m->tr.states && m->state_year != m->year) mv_refresh_state_filter(m);
    remember(m, false);
}

/* The screen kit's handler (ui_int.h): every key is the main screen's own, none falls through. */
static ui_handled on_key(ui_screen *sc, const ui_event *ev)
{
    key(sc, ev);
    return UI_HANDLED;
}

/* --- what the user chose last (pref.h) ----------------------------------------------- */

/* Writes the plan, year and filter when they changed since last written. A
 * file that is busy or read-only costs a message on the bottom line, once
 * (not when `quiet`, at the end), and the write is tried again at the next
 * change; nothing else depends on it. */
static void remember(mainview *m, bool quiet)
{
    const gk_plan_info *p = tree_plan(&m->tr, mv_current_plan(m));
    char year[16] = "";
    if (m->year) snprintf(year, sizeof year, "%d", m->year);
    const char *plan = p ? p->name : "", *dept = m->dept ? m->dept : "";
    if (strcmp(plan, m->kept_plan) == 0 && strcmp(year, m->kept_year) == 0 &&
        strcmp(dept, m->kept_dept) == 0)
        return;
    const char *keys[] = {"plan", "year", "dept"};
    const char *values[] = {*plan ? plan : NULL, *year ? year : NULL, *dept ? dept : NULL};
    gk_error err;
    if (gk_pref_set(m->s, keys, values, 3, &err) != 0) {
        if (!quiet && !m->pref_warned) {
            char msg[GK_ERROR_MAX + 200];
            snprintf(msg, sizeof msg,
                     _("Plan, year and filter cannot be remembered for the next start: %s"),
                     err.msg);
            mv_say(m, msg);
        }
        m->pref_warned = true;
        return;
    }
    snprintf(m->kept_plan, sizeof m->kept_plan, "%s", plan);
    snprintf(m->kept_year, sizeof m->kept_year, "%s", year);
    snprintf(m->kept_dept, sizeof m->kept_dept, "%s", dept);
}

/* The plan, year and filter of the last session, where the options give
 * none: the plan if it still exists, the year when that plan is the one
 * opened, the filter if the department is still named. */
static void recall(mainview *m, char *plan, size_t plansz, const char **opt_plan)
{
    if (gk_pref_get(m->s, "plan", m->kept_plan, sizeof m->kept_plan) != 1) m->kept_plan[0] = '\0';
    if (gk_pref_get(m->s, "year", m->kept_year, sizeof m->kept_year) != 1) m->kept_year[0] = '\0';
    if (gk_pref_get(m->s, "dept", m->kept_dept, sizeof m->kept_dept) != 1) m->kept_dept[0] = '\0';
    if (!*opt_plan && m->kept_plan[0])
        for (size_t i = 0; i < m->tr.nplans; i++)
            if (strcmp(m->tr.plans[i].name, m->kept_plan) == 0) {
                snprintf(plan, plansz, "%s", m->kept_plan);
                *opt_plan = plan;
            }
}

/* Opens the tree on the plan, year and filter given (or chosen last time). */
static void open_on(mainview *m, const char *plan, int year, const char *dept)
{
    gk_error err;
    /* --plan, --year and --dept win over what was chosen last time */
    char recalled_plan[512];
    recall(m, recalled_plan, sizeof recalled_plan, &plan);
    for (size_t i = 0; i < m->tr.nplans; i++)
        if (i == 0 || (plan && strcmp(m->tr.plans[i].name, plan) == 0))
            tree_set_expanded(&m->tr, m->tr.roots[i], true, &err);
    mv_reflatten(m, NULL);
    for (size_t i = 0; plan && i < m->tr.nplans; i++)
        if (strcmp(m->tr.plans[i].name, plan) == 0) mv_select_node(m, m->tr.roots[i]);
    mv_set_year_for_plan(m);
    const gk_plan_info *opened = tree_plan(&m->tr, mv_current_plan(m));
    gk_me me;
    bool have_me = gk_me_load(m->s, &me, &err) == 0;
    /* a clerk or supervisor always starts on the year being reported (the
     * office's choice, set by mv_set_year_for_plan), not on a year looked
     * at last time: what they enter goes to the year the office collects */
    bool dept_role = have_me && (me.role == GK_ROLE_CLERK || me.role == GK_ROLE_SUPERVISOR);
    int kept_year = atoi(m->kept_year);
    if (year)
        m->year = year;
    else if (!dept_role && opened && strcmp(opened->name, m->kept_plan) == 0 &&
             kept_year >= GK_FY_MIN && kept_year <= GK_FY_MAX)
        m->year = kept_year;
    /* a clerk or supervisor: their departments' nodes marked, and without
     * --dept or a filter chosen last time, the tree opens on their own */
    if (have_me && (me.role == GK_ROLE_CLERK || me.role == GK_ROLE_SUPERVISOR) &&
        tree_set_own(&m->tr, me.depts, me.ndepts, &err) != 0)
        mv_report(m, &err);
    const char *own =
        have_me && (me.role == GK_ROLE_CLERK || me.role == GK_ROLE_SUPERVISOR) && me.ndepts
            ? me.depts[0]
            : NULL;
    const char *filter = dept ? dept : m->kept_dept[0] ? m->kept_dept : own;
    if (filter && tree_set_filter(&m->tr, filter, &err) == 0) {
        if (m->tr.nfilter || dept) {
            m->dept = strdup(filter);
        } else { /* the remembered department is no longer named */
            tree_set_filter(&m->tr, NULL, &err);
        }
        mv_reflatten(m, NULL);
        if (filter == own) /* opened down to the department's nodes */
            for (size_t i = 0; i < m->tr.nfilter && i < 2000; i++)
                if (tree_reveal(&m->tr, mv_current_plan(m), m->tr.filter[i], &err))
                    mv_reflatten(m, NULL);
    }
    if (have_me) gk_me_free(&me);
    /* what an option chose is not remembered unless the user chooses
     * something in this session: start from the state as it is */
    snprintf(m->kept_plan, sizeof m->kept_plan, "%s", opened ? opened->name : "");
    m->kept_year[0] = '\0';
    if (m->year) snprintf(m->kept_year, sizeof m->kept_year, "%d", m->year);
    snprintf(m->kept_dept, sizeof m->kept_dept, "%s", m->dept ? m->dept : "");
}

/* For a clerk or supervisor at the start: what was returned (差し戻し) to
 * their departments in the year shown, and the plan's submission deadline;
 * "" when there is nothing to say. */
static void returned_message(mainview *m, char *msg, size_t n)
{
    if (m->who.role != GK_ROLE_CLERK && m->who.role != GK_ROLE_SUPERVISOR) return;
    gk_error err;
    long back = gk_returned_to_me(m->s, m->year, &err);
    if (back < 0) return;
    char deadline[16] = "";
    gk_plan_attrs *p;
    size_t np;
    int64_t plan = mv_current_plan(m);
    if (gk_plan_attrs_get(m->s, NULL, &p, &np, &err) == 0) {
        for (size_t i = 0; i < np; i++)
            if (gk_plan_id(m->s, p[i].name, &err) == plan)
                snprintf(deadline, sizeof deadline, "%s", p[i].deadline);
        gk_plan_attrs_free(p, np);
    }
    char fy[32];
    gk_fy_short(m->year, fy, sizeof fy);
    if (back > 0 && *deadline)
        snprintf(msg, n, _("returned to you: %ld (%s); submission deadline %s"), back, fy,
                 deadline);
    else if (back > 0)
        snprintf(msg, n, _("returned to you: %ld (%s)"), back, fy);
    else if (*deadline)
        snprintf(msg, n, _("submission deadline for %s: %s"), fy, deadline);
}

int ui_main_screen(gk_store *s, const char *plan, int year, const char *dept)
{
    mainview m = {.s = s};
    gk_error err;
    if (tree_load(&m.tr, s, &err) != 0) {
        endwin();
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        return 1;
    }
    ui_who_load(s, &m.who);
    role_keys(&m.who);
    open_on(&m, plan, year, dept);
    if (!ui_too_small()) {
        char msg[GK_ERROR_MAX] = "";
        ui_offer_drafts(s, msg, sizeof msg);
        if (!msg[0]) returned_message(&m, msg, sizeof msg);
        if (msg[0]) mv_say(&m, msg);
    }
    m.detail_of = NULL;
    ui_screen sc = {.draw = draw, .key = on_key, .resize = resize, .ctx = &m, .full = true};
    ui_run(&sc);
    remember(&m, true);
    ui_pager_free(&m.details);
    free(m.dept);
    mv_search_free(&m);
    tree_free(&m.tr);
    return 0;
}
