/*
 * pref.h — what a user chose last on the main screen (plan, fiscal year,
 * 所管課 filter), kept per user (gk_store_user: the OS login of the real
 * user id) in the database itself (table pref), so that the next start on
 * this database restores it whoever's home folder the program runs from.
 *
 * Preferences are a convenience: reading one that cannot be read (a
 * read-only file of an older schema without the table) is "none", and
 * writing waits at most GK_PREF_BUSY_MS for another writer, so that a busy
 * or read-only file costs the caller a message at most, never the session.
 *
 * Owner: src/store/pref.c.
 */
#ifndef GYOKAKU_PREF_H
#define GYOKAKU_PREF_H

#include <stddef.h>

#include "gyokaku/store.h"

#define GK_PREF_BUSY_MS 300

/* This user's value of key into buf (n bytes). Returns 1 when there is
 * one, 0 when none (or when it cannot be read). */
int gk_pref_get(gk_store *s, const char *key, char *buf, size_t n);

/* Sets this user's values of keys[0..n) in one transaction; a NULL value
 * removes the key. Returns 0, or -1 with err (busy after GK_PREF_BUSY_MS,
 * read-only, disk full): nothing is written then. A login that is no user
 * of the file (roles.h) reads only: nothing is written, and 0 returned. */
int gk_pref_set(gk_store *s, const char *const *keys, const char *const *values, size_t n,
                gk_error *err);

#endif
