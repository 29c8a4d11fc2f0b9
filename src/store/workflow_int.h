/*
 * workflow_int.h — private to the workflow files of src/store/
 * (workflow.c, workflow_board.c): the one SQL expression of the state a
 * user sees, so that one node and the whole board agree.
 */
#ifndef GYOKAKU_WORKFLOW_INT_H
#define GYOKAKU_WORKFLOW_INT_H

/* The gk_wstate of node n (note o LEFT JOINed for year ?Y). */
#define STATE_SQL(Y)                                                                               \
    "CASE WHEN o.state = 'approved' THEN 4 WHEN o.state = 'submitted' THEN 3"                      \
    " WHEN o.state = 'draft' AND o.comment IS NOT NULL THEN 2"                                     \
    " WHEN o.state = 'draft' OR o.status IS NOT NULL OR o.next_plan IS NOT NULL"                   \
    " OR o.evaluation IS NOT NULL OR EXISTS (SELECT 1 FROM node i JOIN series s ON s.node_id ="    \
    " i.id JOIN value v ON v.series_id = s.id AND v.year = " Y " WHERE (i.id = n.id OR"            \
    " (i.parent_id = n.id AND i.kind = 'indicator')) AND v.actual_raw IS NOT NULL) THEN 1"         \
    " ELSE 0 END"

#endif
