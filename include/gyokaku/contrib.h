/*
 * contrib.h — what a related department (関係課) writes about its own part
 * of a shared item or indicator for a fiscal year. A node's first
 * department leads: it alone (and the office) writes the node's 取組状況
 * and 次年度の取組内容 and submits it (roles.h); each other department of
 * the node writes its contribution here, which the lead reads (gyokaku
 * contribute --list, the details of the full-screen interface) and may take
 * over into its text.
 *
 * A node's departments are its own, else its nearest ancestor's (as
 * roles.h). Writing needs the user to work for a related department of the
 * node (the office may write for any of them), a year that is not locked
 * and inside the plan's period. Every change is one transaction with a
 * history row (table 'contribution', row_uid the node's uid, field the
 * department's name).
 *
 * Owner: src/store/contrib.c.
 */
#ifndef GYOKAKU_CONTRIB_H
#define GYOKAKU_CONTRIB_H

#include <stddef.h>
#include <stdint.h>

#include "gyokaku/store.h"

typedef struct gk_contribution {
    char *dept;
    char *text;
    char who[64];
    char at[32]; /* UTC ISO 8601 */
} gk_contribution;

/* The contributions to node for year, in the order of the node's
 * departments. Returns 0 or -1 with err. */
int gk_contribution_list(gk_store *s, int64_t node_id, int year, gk_contribution **out, size_t *n,
                         gk_error *err);
void gk_contribution_list_free(gk_contribution *c, size_t n);

/* How many contributions each related department wrote for year (plan,
 * dept: NULL for all), by department name: "name\tcount" lines joined
 * into a malloc'd *out ("" when none), for the board's line of related
 * contributions. Returns 0 or -1 with err. */
int gk_contribution_counts(gk_store *s, const char *plan, int year, const char *dept, char **out,
                           gk_error *err);

/* Writes the contribution of dept (as typed, depts.h; NULL: the user's one
 * related department of node) to node for year; text "" removes it. */
int gk_contribution_set(gk_store *s, int64_t node_id, int year, const char *dept, const char *text,
                        gk_error *err);

#endif
