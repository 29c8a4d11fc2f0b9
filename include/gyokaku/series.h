/*
 * series.h — one series of an indicator laid out year by year
 * (gk_series_years, achieve.h) from what the store loaded: the entry form's
 * entry (the earlier years, then the form's year with the text being typed)
 * or a node's details (every year of the plan's period). The entry form and
 * the details pane read the target in force, the direction and the earlier
 * actuals from here, so that both apply the same rules.
 *
 * Owner: src/model/series.c. Pure, knows nothing of SQLite or curses; the
 * buffers are malloc'd and freed with gk_series_buf_free().
 */
#ifndef GYOKAKU_SERIES_H
#define GYOKAKU_SERIES_H

#include <stddef.h>

#include "gyokaku/achieve.h"
#include "gyokaku/browse.h"
#include "gyokaku/entry.h"

/* A gk_series_years with the arrays it points to. */
typedef struct gk_series_buf {
    gk_series_years sy;
    int *years;
    const char **targets, **actuals;
} gk_series_buf;

/* Field f's series (f an actual of e): e's earlier years of the same node
 * and series, oldest first, then e's year with f's target and `actual`
 * (the text in the form, may be NULL); the direction inferred from 初期値
 * and the targets. Returns 0, or -1 when out of memory. */
int gk_series_from_entry(const gk_entry *e, const gk_entry_field *f, const char *actual,
                         gk_series_buf *out);

/* Series sr of an indicator with unit, every year from first to last (the
 * plan's period widened to the years that hold values), NULL where a year
 * has none. Returns 0, or -1 when out of memory. */
int gk_series_from_detail(const gk_series_info *sr, const char *unit, int first, int last,
                          gk_series_buf *out);

void gk_series_buf_free(gk_series_buf *b);

/* The target in force in year i (gk_target_in_force); *year (may be NULL)
 * receives the year it was written for. NULL when none. */
const char *gk_series_target(const gk_series_years *s, size_t i, int *year);

/* The earlier actuals of e's own node as the form lists them, oldest first:
 * "R3(2021) 143.2時間", "R2(2020) 男性 36.7%" — a malloc'd array of *n
 * malloc'd strings (free each, then the array); NULL with *n 0 when there
 * are none or memory ran out. */
char **gk_entry_earlier_actuals(const gk_entry *e, size_t *n);

#endif
