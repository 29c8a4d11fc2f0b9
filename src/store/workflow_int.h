/*
 * workflow_int.h — private to the workflow files of src/store/
 * (workflow.c, workflow_board.c): the one SQL expression of the state a
 * user sees, so that one node and the whole board agree.
 */
#ifndef GYOKAKU_WORKFLOW_INT_H
#define GYOKAKU_WORKFLOW_INT_H

#include <assert.h>

#include "gyokaku/workflow.h"

/* The gk_wstate values as SQL text, for the expressions below: SQL cannot
 * name a C enum, so each is spelled once here and checked against it. */
#define WS_SQL_EMPTY "0"
#define WS_SQL_ENTERING "1"
#define WS_SQL_RETURNED "2"
#define WS_SQL_SUBMITTED "3"
#define WS_SQL_APPROVED "4"
static_assert(GK_WS_EMPTY == 0 && GK_WS_ENTERING == 1 && GK_WS_RETURNED == 2 &&
                  GK_WS_SUBMITTED == 3 && GK_WS_APPROVED == 4,
              "WS_SQL_* spell gk_wstate");

/* The gk_wstate of node n (note o LEFT JOINed for year ?Y). */
#define STATE_SQL(Y)                                                                               \
    "CASE WHEN o.state = 'approved' THEN " WS_SQL_APPROVED                                         \
    " WHEN o.state = 'submitted' THEN " WS_SQL_SUBMITTED                                           \
    " WHEN o.state = 'draft' AND o.comment IS NOT NULL THEN " WS_SQL_RETURNED                      \
    " WHEN o.state = 'draft' OR o.status IS NOT NULL OR o.next_plan IS NOT NULL"                   \
    " OR o.evaluation IS NOT NULL OR EXISTS (SELECT 1 FROM node i JOIN series s ON s.node_id ="    \
    " i.id JOIN value v ON v.series_id = s.id AND v.year = " Y " WHERE (i.id = n.id OR"            \
    " (i.parent_id = n.id AND i.kind = 'indicator')) AND v.actual_raw IS NOT NULL)"                \
    " THEN " WS_SQL_ENTERING " ELSE " WS_SQL_EMPTY " END"

#endif
