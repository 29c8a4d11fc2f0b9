/*
 * workflow.h — the yearly workflow of items and indicators: states, submit,
 * return and approve, finding a node by what a user types, and the
 * submission board.
 *
 * States per node and fiscal year (kept in note.state and note.comment):
 *   未入力 (nothing saved) → 入力中 (first save) → 提出 (submit) → 承認
 *   (approve); 差し戻し (return, with a comment) goes back to 入力中 and is
 *   shown as 差し戻し until the node is submitted again.
 * The unit of submission is the 取組項目: submitting, returning or approving
 * an item does the same to each of its indicators. An indicator may also be
 * handled alone (an indicator under a 基本目標 has no item).
 *
 * Submitting checks completeness and lists what is missing instead:
 *  - every series of every indicator has an actual for the year, or the
 *    actual 未確定 (GK_ACTUAL_PENDING) with the reason written in that
 *    indicator's 取組状況;
 *  - an item's 取組状況 is not empty.
 * Who may do what is roles.h: clerk and supervisor submit for their
 * departments, supervisor returns and approves for its departments, office
 * everything; nothing moves in a locked year. Approving needs 提出,
 * returning needs 提出 or 承認, submitting needs 未入力 or 入力中.
 * Every state change is one history row (field "state", with the comment).
 *
 * Owner: src/store/workflow.c, with workflow_find.c (finding nodes) and
 * workflow_board.c (the board). Strings in the structs are malloc'd and
 * owned by the struct; free with the matching _free().
 */
#ifndef GYOKAKU_WORKFLOW_H
#define GYOKAKU_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "gyokaku/store.h"

/* The actual that says "not known yet"; needs a reason in 取組状況. */
#define GK_ACTUAL_PENDING "未確定"

typedef enum gk_wstate {
    GK_WS_EMPTY = 0, /* 未入力 */
    GK_WS_ENTERING,  /* 入力中 */
    GK_WS_RETURNED,  /* 差し戻し (入力中 with a comment) */
    GK_WS_SUBMITTED, /* 提出 */
    GK_WS_APPROVED,  /* 承認 */
    GK_WS_COUNT
} gk_wstate;

/* 未入力 / 入力中 / 差し戻し / 提出 / 承認 (translated; English otherwise). */
const char *gk_wstate_label(gk_wstate st);

/* The state of node for year; *comment (may be NULL) receives the 差し戻し
 * comment (malloc'd, NULL when none). Returns 0, or -1 with err. */
int gk_node_wstate(gk_store *s, int64_t node_id, int year, gk_wstate *st, char **comment,
                   gk_error *err);

typedef enum gk_waction { GK_WF_SUBMIT, GK_WF_RETURN, GK_WF_APPROVE } gk_waction;

/* Called once per problem: the node's path ("基本目標>…>取組項目") and what
 * is wrong (a missing actual, not allowed, not submitted ...). */
typedef void (*gk_wf_report_fn)(void *ctx, const char *node_path, const char *problem);

/* Applies act to each of ids[n] for year in ONE transaction: every node is
 * checked first (permission, lock, state, completeness for submit) and
 * every problem reported; when there is any, nothing changes and -1 is
 * returned with err summarising. comment: required for GK_WF_RETURN, else
 * ignored. Returns the number of nodes changed (items' indicators included). */
long gk_workflow_apply(gk_store *s, gk_waction act, const int64_t *ids, size_t n, int year,
                       const char *comment, gk_wf_report_fn report, void *ctx, gk_error *err);

/* The checks of gk_workflow_apply alone (permission, lock, state,
 * completeness), every problem reported; nothing changes. 0 when act
 * could be applied now, else -1 with err. For asking before acting. */
int gk_workflow_check(gk_store *s, gk_waction act, const int64_t *ids, size_t n, int year,
                      gk_wf_report_fn report, void *ctx, gk_error *err);

/* Finds a node by what a user typed: its uid, its title when unique (within
 * plan, or within all plans when plan is NULL), or its title path from the
 * top, levels joined by '>' or '＞' ("基本目標>取組方針>取組項目"). An
 * ambiguous title says so and names the candidates' paths. Returns 0 with
 * *id, or -1 with err. */
int gk_node_find(gk_store *s, const char *plan, const char *spec, int64_t *id, gk_error *err);

/* The node's title path ("基本目標>取組方針>取組項目", malloc'd) or NULL. */
char *gk_node_path(gk_store *s, int64_t node_id);

/* The fiscal year the workflow commands use without --year: the year
 * being reported of plan (NULL: of the only plan, or the one the plans
 * agree on), plan.h gk_plan_report_year. Returns it, or -1 with err. */
int gk_workflow_default_year(gk_store *s, const char *plan, gk_error *err);

/* --- the submission board ------------------------------------------------------ */

/* One 所管課 (the main department of each item and indicator; an indicator
 * without its own has its item's; "" for nodes without any). */
typedef struct gk_board_row {
    char *dept;
    long items[GK_WS_COUNT];      /* by gk_wstate */
    long indicators[GK_WS_COUNT]; /* by gk_wstate */
} gk_board_row;

/* The board for year, by department name; plan and dept (NULL: all) narrow
 * it (an unknown plan or department is an error). An ended item (its
 * 見直し区分 says 廃止…, 終了…, 完了…; progress.h) and its indicators are
 * left out while nothing is saved for them: they need no entry. The TUI's
 * board (F4) and `gyokaku status` both count with this. */
int gk_board(gk_store *s, const char *plan, int year, const char *dept, gk_board_row **out,
             size_t *n, gk_error *err);
void gk_board_free(gk_board_row *rows, size_t n);

/* A node that is not yet submitted or approved, for --missing. */
typedef struct gk_board_node {
    char *dept;
    char *kind; /* "item", "indicator" */
    char *path;
    char uid[33];
    gk_wstate state;
    char *comment; /* the 差し戻し comment of a returned node, else NULL */
    char who[64];  /* who made the last state change (submit, return, approve), "" */
    char at[32];   /* and when (UTC ISO 8601), "" */
} gk_board_node;

/* The items and indicators of the board that are 未入力, 入力中 or 差し戻し,
 * by department then plan order (ended ones as gk_board leaves them out). */
int gk_board_missing(gk_store *s, const char *plan, int year, const char *dept, gk_board_node **out,
                     size_t *n, gk_error *err);
void gk_board_missing_free(gk_board_node *nodes, size_t n);

/* The items and indicators of the board whose state is in the bit set
 * states (1u << GK_WS_SUBMITTED …), in the same order; the supervisor's
 * queue is 1u << GK_WS_SUBMITTED. Free with gk_board_missing_free. */
int gk_board_nodes(gk_store *s, const char *plan, int year, const char *dept, unsigned states,
                   gk_board_node **out, size_t *n, gk_error *err);

/* How many items and indicators of year are 差し戻し (returned) to the
 * departments the current login works for (those they lead), for the
 * message a clerk sees when the full-screen interface starts. -1 with err. */
long gk_returned_to_me(gk_store *s, int year, gk_error *err);

/* What submitting ids[n] for year sends, for the confirmation asked
 * before it: item(ctx, path, state) for each node that would be submitted
 * (an item's indicators not yet submitted included), and warn(ctx, path,
 * message) for each actual among them that departs from the earlier years
 * of its series (progress.h gk_actual_outlier): a warning, never a
 * refusal. Reads only. Returns the number of warnings, or -1 with err. */
long gk_submit_outline(gk_store *s, const int64_t *ids, size_t n, int year, gk_wf_report_fn item,
                       gk_wf_report_fn warn, void *ctx, gk_error *err);

/* The ids of the items and indicators whose state for year is in the bit
 * set states (1u << GK_WS_SUBMITTED …; those gk_board counts), with their
 * ancestors, sorted: the tree's state filter (the supervisor's queue). */
int gk_wstate_node_ids(gk_store *s, int year, unsigned states, int64_t **out, size_t *n,
                       gk_error *err);

/* Who made a state change and when (UTC ISO 8601 as history keeps it);
 * "" when there was none. */
typedef struct gk_wstamp {
    char who[64];
    char at[32];
} gk_wstamp;

/* The last submission, return (差し戻し) and approval of node for year,
 * from the history, for the details pane. 0, or -1 with err. */
typedef struct gk_wstamps {
    gk_wstamp submitted, returned, approved;
} gk_wstamps;
int gk_node_wstamps(gk_store *s, int64_t node_id, int year, gk_wstamps *out, gk_error *err);

#endif
