/*
 * roles.h — who may change what: users and their roles, the departments
 * they work for, locked (published) fiscal years, and the permission checks
 * that every write in store/ makes (the entry form, import, the workflow
 * and the commands alike).
 *
 * A user is the OS login of the real uid (gk_store_user()). The rules:
 *  - clerk: enters actuals and notes of the nodes its department leads
 *    (the first of a node's departments; an indicator without departments
 *    has its item's), in years that are not locked, while the node is not
 *    submitted or approved; submits them. A related department (関係課:
 *    the others) writes only its own contribution (contrib.h).
 *  - supervisor: what a clerk can, plus return (差し戻し, with a comment)
 *    and approve (承認) for the nodes its departments lead.
 *  - office: everything in every department, plus import of targets and of
 *    the plan's structure, users, locking and unlocking years.
 *  - a login that is not a user: read-only.
 *  - a locked year is read-only for every login, office included: the
 *    office unlocks it (with a reason, kept in the history) to change it.
 *  - a submitted or approved node is read-only for every login until it is
 *    returned.
 * The login that creates the file becomes its first office user. In a file
 * without users (one upgraded from schema version 1) the file's owner
 * (stat st_uid = the real uid) counts as office, and is recorded as such by
 * its first import or `user add`; everybody else reads only.
 *
 * Checks return 1 (allowed), 0 (refused: why says which department owns the
 * node, that the year is locked, that the node is submitted, or that the
 * login is not a user) or -1 (the database could not be read: why says so).
 *
 * Owner: src/store/auth.c (roles, the checks) and roles.c (users, locked
 * years). Strings in the structs are malloc'd and owned by the struct; free
 * with the matching _free().
 */
#ifndef GYOKAKU_ROLES_H
#define GYOKAKU_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/store.h"

typedef enum gk_role {
    GK_ROLE_NONE = 0, /* not a user: read-only */
    GK_ROLE_CLERK,
    GK_ROLE_SUPERVISOR,
    GK_ROLE_OFFICE,
} gk_role;

/* "clerk", "supervisor", "office" ("" for GK_ROLE_NONE); the stored names. */
const char *gk_role_name(gk_role r);
/* The role's name for people (translated: 担当 / 課長 / 行革担当 / 閲覧のみ). */
const char *gk_role_label(gk_role r);
/* The stored name as a word of the user's language (担当 / 課長 / 行革担当;
 * in English the stored name itself, as `--role` takes it; "" for none). */
const char *gk_role_word(gk_role r);
/* Parses a stored name. Returns 0, or -1 with err. */
int gk_role_parse(const char *name, gk_role *out, gk_error *err);

/* The current login as a user. */
typedef struct gk_me {
    char login[64];
    gk_role role;
    bool bootstrap; /* office only because the file has no users and we own it */
    char **depts;   /* the departments of a clerk or supervisor */
    size_t ndepts;
} gk_me;

/* Fills *me for gk_store_user(s). Returns 0, or -1 with err. */
int gk_me_load(gk_store *s, gk_me *me, gk_error *err);
void gk_me_free(gk_me *me);

/* --- users (office only) ---------------------------------------------------- */

typedef struct gk_user_info {
    char login[64];
    gk_role role;
    char **depts;
    size_t ndepts;
} gk_user_info;

/* Every user, by login. */
int gk_user_list(gk_store *s, gk_user_info **out, size_t *n, gk_error *err);
void gk_user_list_free(gk_user_info *u, size_t n);

/* Adds login with role and departments (names of existing 所管課; a clerk
 * or supervisor needs at least one), or changes an existing user's role and
 * departments. Only an office user may; the last office user cannot become
 * something else. Recorded in the history. Returns 0, or -1 with err. */
int gk_user_add(gk_store *s, const char *login, gk_role role, const char *const *depts,
                size_t ndepts, gk_error *err);

/* Removes login (office only; not the last office user). */
int gk_user_remove(gk_store *s, const char *login, gk_error *err);

/* --- locked years ----------------------------------------------------------- */

typedef struct gk_lock_info {
    int year;
    char *reason;
    char at[32];
    char who[64];
} gk_lock_info;

/* Locks / unlocks year (office only; reason required), with history. Locking
 * a locked year or unlocking an unlocked one is an error saying so. */
int gk_year_lock(gk_store *s, int year, const char *reason, gk_error *err);
int gk_year_unlock(gk_store *s, int year, const char *reason, gk_error *err);

/* 1 when year is locked (*info filled when info != NULL; free with
 * gk_lock_info_free), 0 when not, -1 with err. */
int gk_year_locked(gk_store *s, int year, gk_lock_info *info, gk_error *err);
void gk_lock_info_free(gk_lock_info *l);

/* Every locked year, oldest first. */
int gk_year_locks(gk_store *s, gk_lock_info **out, size_t *n, gk_error *err);
void gk_lock_list_free(gk_lock_info *l, size_t n);

/* --- permission checks ------------------------------------------------------ */

/* May the current login change the actuals and notes of node for year? Call
 * it before opening the entry form; the save makes the same check again. */
int gk_store_may_edit(gk_store *s, int64_t node_id, int year, gk_error *why);

/* May the current login do office work (import of targets or structure,
 * users, locks)? */
int gk_store_may_admin(gk_store *s, gk_error *why);

/* The departments of a node: its own, else its nearest ancestor's, main
 * first, joined by "、" into buf ("" when none). A container item
 * (progress.h: its plan keeps the entry on indicators) has its indicators'
 * departments, in their order. */
int gk_node_depts(gk_store *s, int64_t node_id, char *buf, size_t n, gk_error *err);

#endif
