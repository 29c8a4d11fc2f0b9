/*
 * plan.h — a plan's own attributes: reading its name, period and level
 * names, and changing them (`gyokaku plan`).
 *
 * Every change is one BEGIN IMMEDIATE transaction that also writes the
 * change history (table 'plan', fields 'name', 'period', 'levels') and
 * increments the plan's rev.
 *
 * Renaming keeps the plan's uid, and so the uids of everything in it (they
 * derive from it, store.h): the uid stays the one its first name gave it,
 * so that copies of the file still merge after one of them renamed the
 * plan, and history and drafts keep pointing at their rows. `gyokaku check`
 * accepts a plan uid derived from its name or from an earlier name in its
 * history.
 *
 * Owner: src/store/plan.c. Everything returned is malloc'd and owned by the
 * caller, freed with gk_plan_attrs_free().
 */
#ifndef GYOKAKU_PLAN_H
#define GYOKAKU_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/progress.h"
#include "gyokaku/store.h"

typedef struct gk_plan_attrs {
    char *name;
    char uid[33];
    int first_year, last_year; /* 0 when the plan has no period yet */
    char *label[3];            /* goal, policy, item level names */
    int report_year;           /* set by the office (plan set --year), 0: the rule */
    char deadline[16];         /* 提出期限 YYYY-MM-DD of the year being reported, "" */
} gk_plan_attrs;

/* Plans in display order; name NULL: every plan, else only that one (-1
 * with err when there is none of that name). */
int gk_plan_attrs_get(gk_store *s, const char *name, gk_plan_attrs **out, size_t *n, gk_error *err);
void gk_plan_attrs_free(gk_plan_attrs *p, size_t n);

/* Sets the period (first 0: unchanged) and/or the level names (labels
 * NULL: unchanged; each non-empty). A period that leaves out a year for
 * which the plan has a value or a note is refused, naming the year. */
int gk_plan_set(gk_store *s, const char *name, int first, int last, const char *const labels[3],
                gk_error *err);

/* Inside a write transaction, before a value or note of node_id is saved
 * for year: a plan without a period gets year..year (in the history, like
 * `plan set`), so that entry is possible in a plan whose document gave no
 * years; a year outside an existing period is refused ("R9(2027) is outside
 * the period of plan …"), as `check` would report it. Returns 0 or -1. */
int gk_plan_take_year(gk_store *s, int64_t node_id, int year, gk_error *err);

/* --- the year being reported (報告対象年度) ----------------------------------------- */

/* The year being reported of a plan: what every command and the
 * full-screen interface use when no year is given (fiscal.h
 * gk_fy_reported: the office's `plan set NAME --year Y`, else the fiscal
 * year before today's, clamped into the plan's period). plan_id 0 (or
 * name NULL): the database's only plan; with several plans, the year they
 * all give when they agree, else the rule without a period. *set (may be
 * NULL) says whether the office set it. Returns 0 or -1 with err. */
int gk_plan_report_year(gk_store *s, int64_t plan_id, int *year, bool *set, gk_error *err);
int gk_plan_report_year_named(gk_store *s, const char *name, int *year, bool *set, gk_error *err);
/* The id of plan name (0 for NULL), or -1 with err (no such plan). */
int64_t gk_plan_id(gk_store *s, const char *name, gk_error *err);
/* The plan of a node (0 when it does not exist). */
int64_t gk_node_plan_id(gk_store *s, int64_t node_id);

/* Refuses a year outside the plan's period ("R9(2027) is outside the period
 * of plan … (R2(2020) to R5(2023))"); name NULL: the only plan (several
 * plans: every year inside one of their periods). A plan without a period
 * takes any year. Returns 0 or -1 with err. */
int gk_plan_year_check(gk_store *s, const char *name, int year, gk_error *err);
int gk_plan_year_check_id(gk_store *s, int64_t plan_id, int year, gk_error *err);

/* Sets the year being reported (year > 0; -1 clears it: the rule again;
 * 0 unchanged) and the submission deadline (deadline "YYYY-MM-DD", ""
 * clears it, NULL unchanged). Office only; a year outside the plan's
 * period and a date that is not one are refused. History: table 'plan',
 * fields 'report_year' and 'deadline'. */
int gk_plan_set_cycle(gk_store *s, const char *name, int year, const char *deadline, gk_error *err);

/* Where plan plan_id keeps its entry (progress.h gk_layout); GK_ENTRY_ITEMS
 * for an unknown plan or an older file. */
gk_layout gk_plan_entry(gk_store *s, int64_t plan_id);

/* Sets where plan name keeps its entry (office only, one transaction,
 * history: table 'plan', field 'entry'). Returns 0 or -1 with err. */
int gk_plan_set_entry(gk_store *s, const char *name, gk_layout e, gk_error *err);

/* Renames the plan old to new_ (not empty, not another plan's name). */
int gk_plan_rename(gk_store *s, const char *old, const char *new_, gk_error *err);

#endif
