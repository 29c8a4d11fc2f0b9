/*
 * tree.c — the plan tree of the main screen: plans as roots, children
 * loaded from the store the first time a node opens, the department filter,
 * and the flat list of visible rows that the screen draws.
 */
#include "tree.h"

#include "gyokaku/workflow.h"

#include <stdlib.h>
#include <string.h>

static tnode *new_node(tnode *parent, int64_t id, int64_t plan, gk_node_kind kind,
                       const char *title, bool kids)
{
    tnode *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->id = id;
    t->plan_id = plan;
    t->kind = kind;
    t->title = strdup(title ? title : "");
    t->has_children = kids;
    t->parent = parent;
    t->depth = parent ? parent->depth + 1 : 0;
    t->data_year = -1;
    return t;
}

static void free_node(tnode *t)
{
    for (size_t i = 0; i < t->nkids; i++)
        free_node(t->kids[i]);
    free(t->kids);
    free(t->title);
    free(t);
}

int tree_load(tree *tr, gk_store *s, gk_error *err)
{
    memset(tr, 0, sizeof *tr);
    tr->s = s;
    if (gk_browse_plans(s, &tr->plans, &tr->nplans, err) != 0) return -1;
    tr->roots = calloc(tr->nplans ? tr->nplans : 1, sizeof *tr->roots);
    for (size_t i = 0; i < tr->nplans; i++) {
        tr->roots[i] = new_node(NULL, 0, tr->plans[i].id, GK_NODE_PLAN, tr->plans[i].name, true);
        tr->roots[i]->expanded = false;
    }
    return 0;
}

void tree_free(tree *tr)
{
    for (size_t i = 0; i < tr->nplans; i++)
        free_node(tr->roots[i]);
    free(tr->roots);
    gk_plan_info_free(tr->plans, tr->nplans);
    free(tr->rows);
    free(tr->filter);
    free(tr->sfilter);
    free(tr->own);
    memset(tr, 0, sizeof *tr);
}

int tree_load_children(tree *tr, tnode *t, gk_error *err)
{
    if (t->loaded) return 0;
    gk_node_info *v;
    size_t n;
    if (gk_browse_children(tr->s, t->plan_id, t->id, &v, &n, err) != 0) return -1;
    t->kids = calloc(n ? n : 1, sizeof *t->kids);
    for (size_t i = 0; i < n; i++) {
        tnode *k = new_node(t, v[i].id, v[i].plan_id, v[i].kind, v[i].title, v[i].has_children);
        if (!k) continue;
        k->ended = v[i].ended;
        t->kids[t->nkids++] = k;
    }
    gk_node_info_free(v, n);
    t->loaded = true;
    t->has_children = t->nkids > 0;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

bool tree_visible(const tree *tr, const tnode *t)
{
    if (t->kind == GK_NODE_PLAN) return true;
    if (tr->filter && !bsearch(&t->id, tr->filter, tr->nfilter, sizeof *tr->filter, cmp_id))
        return false;
    /* no node in the states: sfilter is NULL, and bsearch may not take it */
    return !tr->states || (tr->nsfilter &&
                           bsearch(&t->id, tr->sfilter, tr->nsfilter, sizeof *tr->sfilter, cmp_id));
}

static void push_row(tree *tr, tnode *t)
{
    if (tr->nrows == tr->caprows) {
        tr->caprows = tr->caprows ? tr->caprows * 2 : 256;
        tr->rows = realloc(tr->rows, tr->caprows * sizeof *tr->rows);
    }
    tr->rows[tr->nrows++] = t;
}

static void flatten_node(tree *tr, tnode *t)
{
    if (!tree_visible(tr, t)) return;
    push_row(tr, t);
    if (!t->expanded) return;
    for (size_t i = 0; i < t->nkids; i++)
        flatten_node(tr, t->kids[i]);
}

void tree_flatten(tree *tr)
{
    tr->nrows = 0;
    for (size_t i = 0; i < tr->nplans; i++)
        flatten_node(tr, tr->roots[i]);
}

long tree_row_of(const tree *tr, const tnode *t)
{
    for (size_t i = 0; i < tr->nrows; i++)
        if (tr->rows[i] == t) return (long)i;
    return -1;
}

int tree_set_expanded(tree *tr, tnode *t, bool open, gk_error *err)
{
    if (open && tree_load_children(tr, t, err) != 0) return -1;
    t->expanded = open && t->nkids > 0;
    return 0;
}

tnode *tree_find_loaded(tnode *t, int64_t id)
{
    for (size_t i = 0; i < t->nkids; i++) {
        if (t->kids[i]->id == id) return t->kids[i];
    }
    return NULL;
}

tnode *tree_reveal(tree *tr, int64_t plan_id, int64_t id, gk_error *err)
{
    tnode *root = NULL;
    for (size_t i = 0; i < tr->nplans; i++)
        if (tr->roots[i]->plan_id == plan_id) root = tr->roots[i];
    if (!root) return NULL;
    int64_t *up;
    size_t n;
    if (gk_browse_ancestors(tr->s, id, &up, &n, err) != 0) return NULL;
    tnode *t = root;
    for (size_t i = 0; t && i <= n; i++) {
        if (tree_set_expanded(tr, t, true, err) != 0) {
            t = NULL;
            break;
        }
        t = tree_find_loaded(t, i < n ? up[i] : id);
    }
    free(up);
    return t;
}

int tree_set_filter(tree *tr, const char *dept, gk_error *err)
{
    free(tr->filter);
    tr->filter = NULL;
    tr->nfilter = 0;
    if (!dept) return 0;
    return gk_browse_dept_nodes(tr->s, dept, &tr->filter, &tr->nfilter, err);
}

int tree_set_state_filter(tree *tr, int year, unsigned states, gk_error *err)
{
    free(tr->sfilter);
    tr->sfilter = NULL;
    tr->nsfilter = 0;
    tr->states = 0;
    if (!states) return 0;
    if (gk_wstate_node_ids(tr->s, year, states, &tr->sfilter, &tr->nsfilter, err) != 0) return -1;
    tr->states = states;
    return 0;
}

int tree_set_own(tree *tr, char *const *depts, size_t n, gk_error *err)
{
    free(tr->own);
    tr->own = NULL;
    tr->nown = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t *ids;
        size_t k;
        if (gk_browse_dept_nodes(tr->s, depts[i], &ids, &k, err) != 0) return -1;
        int64_t *g = realloc(tr->own, (tr->nown + k + 1) * sizeof *g);
        if (!g) {
            free(ids);
            return -1;
        }
        tr->own = g;
        memcpy(tr->own + tr->nown, ids, k * sizeof *ids);
        tr->nown += k;
        free(ids);
    }
    if (tr->nown) qsort(tr->own, tr->nown, sizeof *tr->own, cmp_id);
    return 0;
}

bool tree_is_own(const tree *tr, const tnode *t)
{
    return tr->own && (t->kind == GK_NODE_ITEM || t->kind == GK_NODE_INDICATOR) &&
           bsearch(&t->id, tr->own, tr->nown, sizeof *tr->own, cmp_id) != NULL;
}

bool tree_has_data(tree *tr, tnode *t, int year, gk_error *err)
{
    if (t->kind == GK_NODE_PLAN) return false;
    if (t->data_year != year) {
        int r = gk_browse_has_data(tr->s, t->id, year, err);
        if (r < 0) return false; /* asked again at the next drawing */
        t->has_data = r > 0;
        t->data_year = year;
    }
    return t->has_data;
}

const gk_plan_info *tree_plan(const tree *tr, int64_t plan_id)
{
    for (size_t i = 0; i < tr->nplans; i++)
        if (tr->plans[i].id == plan_id) return &tr->plans[i];
    return NULL;
}

int tree_expand_all(tree *tr, tnode *t, gk_error *err)
{
    if (!t->has_children) return 0;
    if (tree_set_expanded(tr, t, true, err) != 0) return -1;
    for (size_t i = 0; i < t->nkids; i++)
        if (tree_expand_all(tr, t->kids[i], err) != 0) return -1;
    return 0;
}
