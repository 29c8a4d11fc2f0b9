/*
 * tree.h — private to src/ui/: the plan tree model of the main screen
 * (tree.c). No curses here, so that it can be tested without a terminal.
 */
#ifndef GYOKAKU_UI_TREE_H
#define GYOKAKU_UI_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/browse.h"

typedef struct tnode {
    int64_t id; /* node id; 0 for a plan root */
    int64_t plan_id;
    gk_node_kind kind;
    char *title;
    bool has_children, loaded, expanded;
    struct tnode *parent;
    struct tnode **kids;
    size_t nkids;
    int depth;
    int data_year; /* year has_data was computed for, -1 none */
    bool has_data;
    bool ended;  /* an ended item or its indicator (progress.h): drawn dimmed */
    bool marked; /* chosen with m for approving several at once */
} tnode;

typedef struct tree {
    gk_store *s;
    gk_plan_info *plans;
    size_t nplans;
    tnode **roots; /* one per plan */
    tnode **rows;  /* visible rows, in order */
    size_t nrows, caprows;
    int64_t *filter; /* sorted ids shown under the department filter, or NULL */
    size_t nfilter;
    /* the state filter (the supervisor's queue): sorted ids of the nodes in
     * one of the states and their ancestors, or NULL; both filters apply */
    int64_t *sfilter;
    size_t nsfilter;
    unsigned states; /* the states the filter shows (1u << gk_wstate), 0 none */
    /* the nodes of the login's departments (a clerk's or supervisor's),
     * sorted, drawn with '@': their own */
    int64_t *own;
    size_t nown;
} tree;

int tree_load(tree *tr, gk_store *s, gk_error *err);
void tree_free(tree *tr);
int tree_load_children(tree *tr, tnode *t, gk_error *err);
int tree_set_expanded(tree *tr, tnode *t, bool open, gk_error *err);
void tree_flatten(tree *tr);
long tree_row_of(const tree *tr, const tnode *t);
bool tree_visible(const tree *tr, const tnode *t);
tnode *tree_find_loaded(tnode *t, int64_t id);
/* Opens the ancestors of node id (of plan_id) and returns it. */
tnode *tree_reveal(tree *tr, int64_t plan_id, int64_t id, gk_error *err);
/* Opens t and every node under it (loading what is not loaded yet). */
int tree_expand_all(tree *tr, tnode *t, gk_error *err);
/* dept NULL clears the filter. */
int tree_set_filter(tree *tr, const char *dept, gk_error *err);
/* states 0 clears the state filter; else the tree shows only the items
 * and indicators of year in one of them (workflow.h gk_wstate_node_ids). */
int tree_set_state_filter(tree *tr, int year, unsigned states, gk_error *err);
/* Loads tr->own: the nodes of each of depts[n] (and under them). */
int tree_set_own(tree *tr, char *const *depts, size_t n, gk_error *err);
/* An item or indicator of the login's departments. */
bool tree_is_own(const tree *tr, const tnode *t);
/* Whether t is entered for year (cached per node); false with err set when
 * the database cannot be read. */
bool tree_has_data(tree *tr, tnode *t, int year, gk_error *err);
const gk_plan_info *tree_plan(const tree *tr, int64_t plan_id);

#endif
