/*
 * frozen.h — published means frozen: a locked fiscal year's report is
 * printed from the plan data as it stood when the year was locked.
 *
 * Locking a year (roles.h gk_year_lock) stores an image of the database's
 * plan data (year_lock.snapshot, db/schema.sql version 7: the whole file
 * without history, drafts, preferences, users and locks). Everything the
 * report's 評価 depends on is in it — the year's values and notes, later
 * targets (見込), base values, grade bands and their names, titles, level
 * names and departments — so no change made after the lock alters the
 * published result; unlocking (with a reason) drops the image, locking again
 * takes a new one. A year locked before version 7 has no image: its report
 * reads the live data until it is unlocked and locked again.
 *
 * Owner: src/store/frozen.c.
 */
#ifndef GYOKAKU_FROZEN_H
#define GYOKAKU_FROZEN_H

#include <stddef.h>

#include "gyokaku/store.h"

/* When year is locked with an image that holds the plan named plan (in
 * the live file; NULL: the only plan): 1, with *out a read-only store over
 * that image (close with gk_store_close) and the plan's name in it (it may
 * have been renamed since) in name[n]. 0 when the year is not frozen for
 * that plan (not locked, locked before version 7, or the plan came later).
 * -1 with err. */
int gk_frozen_open(gk_store *s, int year, const char *plan, gk_store **out, char *name, size_t n,
                   gk_error *err);

#endif
