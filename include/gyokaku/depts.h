/*
 * depts.h — the departments (所管課) of a database, managed by the plan
 * office: listed with what they hold, renamed when the organisation
 * changes in April (or merged into another department by renaming onto
 * its name), assigned to nodes, and found by what a user types.
 *
 * A rename keeps everything: the department row (its nodes, users and
 * contributions follow it), and writes the history the check compares
 * (each affected node's 'departments', each affected user's
 * 'departments', and table 'dept' field 'name'). What was published under
 * the old name stays so: a locked year's report prints from its snapshot
 * (frozen.h).
 *
 * A typed name is matched by model/dept.h gk_dept_match: exactly, else
 * without its 部 when unique; several candidates are named in the error.
 *
 * Owner: src/store/depts.c. Every change is one transaction, office only.
 */
#ifndef GYOKAKU_DEPTS_H
#define GYOKAKU_DEPTS_H

#include <stddef.h>

#include "gyokaku/store.h"

typedef struct gk_dept_info {
    char *name;
    long leads;   /* nodes it leads (first department) */
    long related; /* nodes it is a related department of */
    long users;   /* users working for it */
} gk_dept_info;

/* Every department by name. Returns 0 or -1 with err. */
int gk_dept_list(gk_store *s, gk_dept_info **out, size_t *n, gk_error *err);
void gk_dept_list_free(gk_dept_info *d, size_t n);

/* The department typed means (malloc'd into *name), or -1 with err: none
 * ("no department named …"), or several ("… could be: A, B"). */
int gk_dept_resolve(gk_store *s, const char *typed, char **name, gk_error *err);

/* Renames department old (as typed, resolved) to new_; onto an existing
 * department's name it merges the two. */
int gk_dept_rename(gk_store *s, const char *old, const char *new_, gk_error *err);

/* Gives node (as workflow.h gk_node_find takes it, within plan when not
 * NULL) the departments depts[n] in this order, the first leading; each
 * resolved as typed, or created when no department matches it at all. */
int gk_dept_assign(gk_store *s, const char *plan, const char *node, const char *const *depts,
                   size_t n, gk_error *err);

/* The same for the node with id node_id (the full-screen interface); n 0
 * leaves it without departments of its own. */
int gk_dept_assign_id(gk_store *s, int64_t node_id, const char *const *depts, size_t n,
                      gk_error *err);

#endif
