/*
 * browse.h — read-only queries behind the browse screen: plans, children of
 * a node (loaded lazily as the tree opens), the details of one node, years,
 * the department filter and search (the department board is workflow.h's).
 *
 * Everything returned is malloc'd and owned by the caller, freed with the
 * matching *_free function. Reading needs no transaction.
 *
 * Owner: src/store/browse.c.
 */
#ifndef GYOKAKU_BROWSE_H
#define GYOKAKU_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/node.h"
#include "gyokaku/series.h" /* gk_series_info, the model's type */
#include "gyokaku/store.h"

typedef struct gk_plan_info {
    int64_t id;
    char *name;
    char *label[3];            /* goal, policy, item level names */
    int first_year, last_year; /* 0 when unknown */
} gk_plan_info;

int gk_browse_plans(gk_store *s, gk_plan_info **out, size_t *n, gk_error *err);
void gk_plan_info_free(gk_plan_info *p, size_t n);

typedef struct gk_node_info {
    int64_t id, plan_id, parent_id;
    gk_node_kind kind; /* never GK_NODE_PLAN */
    char *title;
    bool has_children;
    bool ended; /* an item whose 見直し区分 says it ended, or its indicator (progress.h) */
} gk_node_info;

/* Children of parent in display order (parent 0: the plan's top nodes). */
int gk_browse_children(gk_store *s, int64_t plan_id, int64_t parent, gk_node_info **out, size_t *n,
                       gk_error *err);
void gk_node_info_free(gk_node_info *v, size_t n);

/* Whether the node is entered for year (progress.h): an indicator has an
 * actual, any other node its 取組状況. The tree's `*` marker. 1 or 0, or -1
 * with err when the database cannot be read. */
int gk_browse_has_data(gk_store *s, int64_t node, int year, gk_error *err);

/* The node's ancestors from the top down (not including node). */
int gk_browse_ancestors(gk_store *s, int64_t node, int64_t **out, size_t *n, gk_error *err);

typedef struct gk_child_actual {
    int64_t id;
    char *title;
    char *unit;
    char *actual; /* this year's, series joined "男性 52.8% / 女性 100%"; NULL none */
} gk_child_actual;

/* An evaluation entered (saved in the note) for one year. */
typedef struct gk_year_eval {
    int year;
    char *text;
} gk_year_eval;

typedef struct gk_node_detail {
    int64_t id;
    gk_node_kind kind;
    char *title, *content, *review, *unit;
    char *depts; /* main first, joined with "、" */
    char *tags;
    char *status, *next_plan, *evaluation, *eval_reason; /* for the year */
    gk_series_info *series;                              /* indicators */
    size_t nseries;
    gk_child_actual *children; /* items: their indicators */
    size_t nchildren;
    gk_year_eval *evals; /* indicators: the evaluations entered, every year */
    size_t nevals;
} gk_node_detail;

int gk_browse_detail(gk_store *s, int64_t node, int year, gk_node_detail *out, gk_error *err);
void gk_node_detail_free(gk_node_detail *d);

/* The evaluation entered for year (NULL when none was: a table may then show
 * the one computed from target and actual). */
const char *gk_node_detail_eval(const gk_node_detail *d, int year);

/* The latest fiscal year in which the plan has an actual or a note; 0 none,
 * -1 with err when the database cannot be read. */
int gk_browse_latest_data_year(gk_store *s, int64_t plan_id, gk_error *err);

/* Years of the plan's period and the years that hold data, ascending. */
int gk_browse_years(gk_store *s, int64_t plan_id, int **out, size_t *n, gk_error *err);

/* The names of every department of the database, sorted (shell completion,
 * cli/complete.c); free each and the array. */
int gk_browse_dept_names(gk_store *s, char ***out, size_t *n, gk_error *err);

/* Ids (sorted ascending) of the nodes shown under a department filter: the
 * nodes where it is main or related, their ancestors and descendants. */
int gk_browse_dept_nodes(gk_store *s, const char *dept, int64_t **out, size_t *n, gk_error *err);

/* The next (dir > 0) or previous (dir < 0) node of plan_id, in tree order
 * from node `from` (0: the plan itself), still missing its entry for year by
 * the rules of progress.h: an item without the year's 取組状況, an indicator
 * without an actual for the year; items whose 見直し区分 says they ended
 * (廃止…, 終了…, 完了…) and their indicators are not missing. Past the last one it starts again at the
 * first (the first again at the last). within (sorted ids, may be NULL)
 * limits it to those nodes (the department filter). Returns 0 with *found,
 * 1 when no node is missing, -1 with err. */
int gk_browse_next_missing(gk_store *s, int64_t plan_id, int year, int64_t from, int dir,
                           const int64_t *within, size_t nwithin, int64_t *found, gk_error *err);

/* Search (search.c): the next node in tree order, in direction dir (1 or
 * -1) from node `from` of plan_id (0: from the plan's top), whose title or
 * notes of any year hold `folded` (a query already folded with gk_fold):
 * first the rest of that plan, then the other plans in turn, then back to
 * where it began; `from` itself counts first when inclusive, else last.
 * Reads text folded when it was written; holds nothing between calls.
 * Returns 0 with *found and its plan in *found_plan, 1 when nothing
 * matches, -1 with err. */
int gk_browse_search_next(gk_store *s, const char *folded, int64_t plan_id, int64_t from, int dir,
                          bool inclusive, int64_t *found_plan, int64_t *found, gk_error *err);

#endif
