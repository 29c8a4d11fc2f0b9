/*
 * backup_int.h — what the pieces of backups share (backup.c, backup_copy.c,
 * backup_list.c, backup_name.c, restore.c): the copy's pacing and the helpers one piece
 * calls in another. Private to store/; the API is backup.h.
 */
#ifndef GK_STORE_BACKUP_INT_H
#define GK_STORE_BACKUP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "gyokaku/backup.h"
#include "store_int.h"

#define STEP_PAGES 128      /* pages copied per step (512 KiB at 4 KiB pages) */
#define STEP_SLEEP_US 2000  /* pause between steps */
#define BUSY_SLEEP_US 20000 /* pause before retrying a busy step */

/* Defined in backup.c, called from another piece. */
uid_t db_owner(const char *db_path);
int link_new_name(const char *tmp, bool move, const char *dir, const char *name, const char *ext,
                  char *made, size_t n, gk_error *err);
int office_in(const char *path, const char *login);

/* Defined in backup_copy.c, called from another piece. */
void sleep_us(long us);
mode_t backup_mode(const char *db_path);
int copy_into(gk_store *s, sqlite3 *src, const char *tmp, gk_error *err);
mode_t db_mode(const char *db_path);
void first_problem(void *ctx, const gk_finding *f);
void fsync_dir(const char *dir);
void guard_temp(const char *tmp);
int make_dir(const char *db_path, char *dir, size_t n, gk_error *err);
int make_temp(const char *target, mode_t mode, char *tmp, size_t n, gk_error *err);
void remove_temp(const char *tmp);
long run_check_sql(gk_store *s, const char *sql, char *problem, gk_error *err);
int run_steps(sqlite3_backup *b, int steps);
void unguard_temp(void);
int verify_file(const char *path, bool strict, long *rules, gk_error *err);
bool in_use(const char *db_path);

/* Defined in backup_name.c (which calls no other piece). */
void split_name(const char *db_path, char *dir, size_t dn, char *name, size_t nn);
int not_a_link(const char *dir, gk_error *err);
void write_error(const char *tmp, int rc, gk_error *err);

/* Defined in backup_list.c, called from another piece. */
int read_record(const char *path, gk_backup_entry *e);
int write_record(const char *tmp, gk_backup_reason why, const char *detail, const char *who,
                 gk_error *err);

#endif
