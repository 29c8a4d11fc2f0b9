/*
 * treeview.c — the tree pane of the main screen: the visible rows of the
 * plan tree (tree.c) in a list widget (selection, scrolling, the mouse),
 * drawn with the data marker and search matches; opening and closing
 * nodes, the next plan, ] / [ (the next node still missing its entry), the
 * department filter set from the board and cleared with Esc, and where the
 * summary's Enter leads (a 所管課's filter, a 基本目標 opened).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "mainview.h"

static bool set_states(mainview *m, unsigned states, tnode *keep);

/* The list follows the tree's rows and the window's height. */
static void sync_list(mainview *m)
{
    ui_list_fit(&m->list, m->tr.nrows, mv_body_rows());
}

/* The pane border: '│' is East Asian Ambiguous, so a terminal that draws
 * ambiguous characters wide gets '¦', narrow everywhere. */
static const char *border_char(void)
{
    return gk_text_ambiguous_wide() ? "¦" : "│";
}

/* A signature of what draw_row would draw: equal means the same cells. */
static unsigned long row_sig(mainview *m, size_t i, int w, bool data)
{
    const tnode *t = m->tr.rows[i];
    unsigned long h = (unsigned long)(uintptr_t)t;
    unsigned long bits = (unsigned long)(i == m->list.sel) | (unsigned long)t->has_children << 1 |
                         (unsigned long)t->expanded << 2 | (unsigned long)data << 3 |
                         (unsigned long)t->ended << 4 | (unsigned long)t->kind << 5 |
                         (unsigned long)t->marked << 30 |
                         (unsigned long)tree_is_own(&m->tr, t) << 31 |
                         (unsigned long)t->depth << 8 | (unsigned long)w << 16;
    h = h * 1000003 ^ bits;
    h = h * 1000003 ^ m->folded_sig;
    for (const char *c = t->title ? t->title : ""; *c; c++) /* a freed node's address reused */
        h = h * 33 + (unsigned char)*c;
    return h ? h : 1;
}

static void draw_row(mainview *m, int y, size_t i, int w)
{
    tnode *t = m->tr.rows[i];
    bool sel = i == m->list.sel;
    char prefix[64];
    int indent = t->depth * 2;
    if (indent > w / 2) indent = w / 2;
    snprintf(prefix, sizeof prefix, "%*s%s", indent, "",
             !t->has_children ? "  "
             : t->expanded    ? "- "
                              : "+ ");
    gk_error err = {{0}};
    bool data = tree_has_data(&m->tr, t, m->year, &err);
    if (err.msg[0]) mv_report(m, &err);
    size_t r = (size_t)(y - 1);
    unsigned long sig = row_sig(m, i, w, data);
    if (r < sizeof m->drawn_row / sizeof *m->drawn_row) {
        if (m->intact && m->drawn_row[r] == sig) return; /* on the screen already */
        m->drawn_row[r] = sig;
    }
    enum ui_style st = sel                       ? ST_SELECT
                       : t->kind == GK_NODE_PLAN ? ST_HEAD
                       : t->ended ? ST_DIM /* 廃止・終了・完了: needs no entry */
                                  : ST_NORMAL;
    bool own = tree_is_own(&m->tr, t);
    if (own && indent > 1) prefix[indent - 1] = '@'; /* the login's department's */
    if (t->marked && indent > 0) prefix[0] = '>';    /* marked for approving at once */
    int pw = gk_str_width(prefix);
    ui_put(y, 0, pw, prefix, st);
    ui_put(y, pw, 1, data ? "*" : " ", sel ? ST_SELECT : ST_MARK);
    /* plans' names keep their end too: two plans often differ only in
     * their period (…令和6(2024)年度～ / …令和11(2029)年度～) */
    char *mid = t->kind == GK_NODE_PLAN ? gk_fit_middle(t->title, w - pw - 1) : NULL;
    ui_put_match(y, pw + 1, w - pw - 1, mid ? mid : t->title, st, m->folded);
    free(mid);
}

void mv_draw_tree(mainview *m)
{
    int rows = mv_body_rows(), w = mv_tree_width();
    sync_list(m);
    bool was_intact = m->intact;
    for (int r = 0; r < rows; r++) {
        size_t i = m->list.top + (size_t)r;
        if (i < m->tr.nrows) {
            draw_row(m, 1 + r, i, w);
        } else {
            if ((size_t)r < sizeof m->drawn_row / sizeof *m->drawn_row) {
                if (m->intact && m->drawn_row[r] == 1) continue;
                m->drawn_row[r] = 1; /* an empty row */
            }
            ui_put(1 + r, 0, w, "", ST_NORMAL);
        }
    }
    if (was_intact) return; /* the border is there */
    for (int r = 0; r < rows; r++)
        mvaddstr(1 + r, w, border_char());
}

/* --- moving -------------------------------------------------------------------------- */

void mv_select_node(mainview *m, tnode *t)
{
    long r = tree_row_of(&m->tr, t);
    sync_list(m);
    if (r >= 0) ui_list_go(&m->list, r);
}

void mv_reflatten(mainview *m, tnode *keep)
{
    tree_flatten(&m->tr);
    sync_list(m); /* keeps the selection inside the rows */
    if (keep) mv_select_node(m, keep);
}

void mv_move_to(mainview *m, long row)
{
    if (m->tr.nrows == 0) return;
    sync_list(m);
    ui_list_go(&m->list, row);
    mv_set_year_for_plan(m);
}

void mv_open_or_child(mainview *m)
{
    tnode *t = mv_selected(m);
    gk_error err;
    if (!t || !t->has_children) return;
    if (!t->expanded) {
        if (tree_set_expanded(&m->tr, t, true, &err) != 0) mv_report(m, &err);
        mv_reflatten(m, t);
    } else {
        mv_move_to(m, (long)m->list.sel + 1);
    }
}

void mv_close_or_parent(mainview *m)
{
    tnode *t = mv_selected(m);
    gk_error err;
    if (!t) return;
    if (t->expanded) {
        if (tree_set_expanded(&m->tr, t, false, &err) != 0) mv_report(m, &err);
        mv_reflatten(m, t);
    } else if (t->parent) {
        mv_select_node(m, t->parent);
    }
}

void mv_toggle(mainview *m)
{
    tnode *t = mv_selected(m);
    gk_error err;
    if (!t || !t->has_children) return;
    if (tree_set_expanded(&m->tr, t, !t->expanded, &err) != 0) mv_report(m, &err);
    mv_reflatten(m, t);
}

void mv_expand_all(mainview *m)
{
    tnode *t = mv_selected(m);
    gk_error err;
    if (!t) return;
    if (tree_expand_all(&m->tr, t, &err) != 0) mv_report(m, &err);
    mv_reflatten(m, t);
}

void mv_next_plan(mainview *m)
{
    int64_t plan = mv_current_plan(m);
    for (size_t i = 0; i < m->tr.nplans; i++)
        if (m->tr.roots[i]->plan_id == plan) {
            mv_select_node(m, m->tr.roots[(i + 1) % m->tr.nplans]);
            mv_set_year_for_plan(m);
            return;
        }
}

/* ] / [: the next / previous node still missing its entry for the year,
 * within the department filter when one is set. */
void mv_next_missing(mainview *m, int dir)
{
    int64_t plan = mv_current_plan(m), found;
    tnode *t = mv_selected(m);
    gk_error err;
    if (!plan || !m->year) return;
    int rc = gk_browse_next_missing(m->s, plan, m->year, t && t->plan_id == plan ? t->id : 0, dir,
                                    m->dept ? m->tr.filter : NULL, m->dept ? m->tr.nfilter : 0,
                                    &found, &err);
    if (rc < 0) {
        mv_report(m, &err);
        return;
    }
    if (rc > 0) {
        char yb[64], msg[GK_ERROR_MAX];
        snprintf(msg, sizeof msg,
                 m->dept ? _("every item and indicator of %s has its entry for %s")
                         : _("every item and indicator of the plan has its entry for %s"),
                 m->dept ? m->dept : gk_fy_long(m->year, yb, sizeof yb),
                 gk_fy_long(m->year, yb, sizeof yb));
        mv_say(m, msg);
        return;
    }
    tnode *n = tree_reveal(&m->tr, plan, found, &err);
    if (!n) {
        mv_report(m, &err);
        return;
    }
    mv_reflatten(m, n);
}

/* --- the department filter ----------------------------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

void mv_set_dept_filter(mainview *m, char *dept, bool at_item)
{
    gk_error err;
    int64_t plan = mv_current_plan(m);
    if (dept && tree_set_filter(&m->tr, dept, &err) == 0) {
        free(m->dept);
        m->dept = dept;
        dept = NULL;
        /* open the tree down to the department's nodes */
        for (size_t i = 0; i < m->tr.nfilter && i < 2000; i++)
            for (size_t p = 0; p < m->tr.nplans; p++)
                if (tree_reveal(&m->tr, m->tr.plans[p].id, m->tr.filter[i], &err)) break;
        mv_reflatten(m, NULL);
        size_t at = 0; /* its first item or indicator in the plan, else the first row */
        for (size_t r = 0; at_item && r < m->tr.nrows && !at; r++) {
            const tnode *t = m->tr.rows[r];
            if (t->plan_id == plan && t->kind >= GK_NODE_ITEM && m->tr.nfilter &&
                bsearch(&t->id, m->tr.filter, m->tr.nfilter, sizeof *m->tr.filter, cmp_id))
                at = r;
        }
        ui_list_go(&m->list, (long)at);
    }
    free(dept);
}

void mv_department_board(mainview *m)
{
    char msg[GK_ERROR_MAX] = "";
    unsigned states = m->tr.states;
    char *dept = ui_department_board(m->s, mv_current_plan(m), m->year, &states, msg, sizeof msg);
    if (msg[0]) mv_say(m, msg);
    bool chosen = dept != NULL;
    mv_set_dept_filter(m, dept, false);
    if (chosen && states != m->tr.states) set_states(m, states, NULL);
}

/* A 基本目標 of plan by its title: no filter, the goal selected and opened. */
static void show_goal(mainview *m, int64_t plan, const char *title)
{
    gk_error err;
    tnode *root = NULL, *goal = NULL;
    for (size_t i = 0; i < m->tr.nplans; i++)
        if (m->tr.roots[i]->plan_id == plan) root = m->tr.roots[i];
    if (m->dept) {
        if (tree_set_filter(&m->tr, NULL, &err) != 0) mv_report(m, &err);
        free(m->dept);
        m->dept = NULL;
    }
    if (root && tree_set_expanded(&m->tr, root, true, &err) != 0) mv_report(m, &err);
    for (size_t i = 0; root && i < root->nkids && !goal; i++)
        if (root->kids[i]->kind == GK_NODE_GOAL && strcmp(root->kids[i]->title, title) == 0)
            goal = root->kids[i];
    if (goal && tree_set_expanded(&m->tr, goal, true, &err) != 0) mv_report(m, &err);
    mv_reflatten(m, goal);
    if (goal) mv_select_node(m, goal);
}

void mv_summary(mainview *m)
{
    const gk_plan_info *p = tree_plan(&m->tr, mv_current_plan(m));
    if (!p) return;
    int64_t plan = p->id;
    char msg[GK_ERROR_MAX] = "", *name = NULL;
    int kind = ui_summary(m->s, p->name, m->year, &name, msg, sizeof msg);
    if (msg[0]) mv_say(m, msg);
    if (kind == 'd') {
        mv_set_dept_filter(m, name, true);
        name = NULL;
    } else if (kind == 'g') {
        show_goal(m, plan, name);
    }
    free(name);
}

/* --- the state filter (the supervisor's queue) ----------------------------------------- */

static const unsigned state_cycle[] = {1u << GK_WS_SUBMITTED, 1u << GK_WS_RETURNED,
                                       1u << GK_WS_ENTERING, 0};

const char *mv_state_filter_label(const mainview *m)
{
    for (int st = 0; st < GK_WS_COUNT; st++)
        if (m->tr.states == 1u << st) return gk_wstate_label((gk_wstate)st);
    return _("every state");
}

/* The tree opened down to the nodes the state filter shows, in the plan
 * selected; keep stays selected when shown, else the first of them. */
static void show_state_nodes(mainview *m, tnode *keep)
{
    gk_error err;
    int64_t plan = mv_current_plan(m);
    for (size_t i = 0; i < m->tr.nsfilter && i < 2000; i++)
        tree_reveal(&m->tr, plan, m->tr.sfilter[i], &err); /* another plan's: not found */
    mv_reflatten(m, NULL);
    long at = keep ? tree_row_of(&m->tr, keep) : -1;
    for (size_t r = 0; at < 0 && r < m->tr.nrows; r++)
        if (m->tr.rows[r]->plan_id == plan && m->tr.rows[r]->kind >= GK_NODE_ITEM) at = (long)r;
    ui_list_go(&m->list, at < 0 ? 0 : at);
}

static bool set_states(mainview *m, unsigned states, tnode *keep)
{
    gk_error err;
    bool failed = tree_set_state_filter(&m->tr, m->year, states, &err) != 0;
    if (failed) {
        gk_error ignored;
        tree_set_state_filter(&m->tr, m->year, 0, &ignored);
    }
    m->state_year = m->year;
    m->detail_of = NULL;
    if (m->tr.states)
        show_state_nodes(m, keep);
    else
        mv_reflatten(m, keep);
    if (failed) mv_report(m, &err);
    return !failed;
}

void mv_next_state_filter(mainview *m)
{
    size_t i = 0, n = sizeof state_cycle / sizeof *state_cycle;
    while (i < n - 1 && state_cycle[i] != m->tr.states)
        i++;
    unsigned next = m->tr.states ? state_cycle[(i + 1) % n] : state_cycle[0];
    if (!set_states(m, next, mv_selected(m))) return; /* the store's message stays */
    char msg[GK_ERROR_MAX], yb[64];
    if (!m->tr.states)
        snprintf(msg, sizeof msg, "%s", _("State filter off: every item and indicator is shown."));
    else if (m->tr.nsfilter == 0)
        snprintf(msg, sizeof msg, _("None is %s for %s (f: the next state filter)."),
                 mv_state_filter_label(m), gk_fy_short(m->year, yb, sizeof yb));
    else
        snprintf(msg, sizeof msg, _("Only what is %s for %s is shown (f: the next state filter)."),
                 mv_state_filter_label(m), gk_fy_short(m->year, yb, sizeof yb));
    ui_status_set(&m->status, false, msg);
}

void mv_refresh_state_filter(mainview *m)
{
    set_states(m, m->tr.states, mv_selected(m));
}

void mv_clear_filter(mainview *m)
{
    gk_error err;
    tnode *keep = mv_selected(m);
    free(m->folded);
    m->folded = NULL;
    if (m->tr.states) tree_set_state_filter(&m->tr, m->year, 0, &err);
    mv_clear_marks(m);
    if (m->dept) {
        if (tree_set_filter(&m->tr, NULL, &err) != 0) mv_report(m, &err);
        free(m->dept);
        m->dept = NULL;
    }
    mv_reflatten(m, keep);
}

/* --- mouse --------------------------------------------------------------------------- */

/* The wheel moves the selection three rows; a click selects the row under
 * it in the tree pane (not in the details). */
void mv_mouse(mainview *m, const ui_event *ev)
{
    sync_list(m);
    if (ev->mouse == UI_MOUSE_WHEEL_UP || ev->mouse == UI_MOUSE_WHEEL_DOWN)
        ui_list_wheel(&m->list, ev->mouse == UI_MOUSE_WHEEL_UP ? -1 : 1);
    else if (ev->mouse != UI_MOUSE_CLICK || ev->mx >= mv_tree_width() ||
             !ui_list_click(&m->list, ev->my - 1))
        return;
    mv_set_year_for_plan(m);
}
