/*
 * error.h — the one error type every layer fills in.
 *
 * A gk_error carries a complete, already translated message for the user
 * ("plan.csv:12:5: 単位: ..."). Functions that can fail take a gk_error * as
 * their last argument (may be NULL) and return -1 (or NULL) on failure after
 * filling it in. The struct lives on the caller's stack: nothing to free.
 */
#ifndef GYOKAKU_ERROR_H
#define GYOKAKU_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#define GK_ERROR_MAX 1024

typedef struct gk_error {
    char msg[GK_ERROR_MAX];
} gk_error;

/* Formats into err->msg (printf-style). Safe with err == NULL. */
void gk_error_set(gk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* As gk_error_set, for "the database is busy" (another process holds it
 * beyond the busy timeout): gk_error_last_busy() then says so until the next
 * gk_error_set. The commands exit with EX_TEMPFAIL (75) on it (cli.h), so
 * that cron and systemd may try again later. */
void gk_error_set_busy(gk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether the last error set (in this process) was gk_error_set_busy's. */
bool gk_error_last_busy(void);

/* Prefixes err->msg with "prefix: " (e.g. a file name). */
void gk_error_prefix(gk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
