/*
 * sysconf.h — the system-wide configuration (/etc/gyokaku.conf) and the
 * enforced shared-host mode (doc/shared-host.md).
 *
 * The configuration file names this host's shared database and the default
 * backup retention:
 *
 *     # gyokaku.conf
 *     database = /srv/gyokaku/plan.db
 *     backup_keep = 30
 *
 * One "key = value" per line; blank lines and lines starting with '#' are
 * ignored; any other line, an unknown or repeated key or a bad value is an
 * error naming the file and the line.
 *
 * Privileged (enforced) mode: the installed binary is setgid to the group
 * that owns the data folder (make install-shared), so that a login outside
 * that group changes the file only through gyokaku. Running so, gyokaku
 * reads the configuration only from the compiled-in GK_SYSCONFDIR (never
 * $GYOKAKU_CONF), trusts it only when root owns it and nobody else may
 * write it, clears the environment that would let the caller choose paths
 * or modules (gk_priv_sanitize_env), and opens the caller's own files with
 * the caller's real group (gk_priv_drop / gk_priv_restore).
 *
 * Owner: src/model/sysconf.c.
 */
#ifndef GYOKAKU_SYSCONF_H
#define GYOKAKU_SYSCONF_H

#include <stdbool.h>

#include "gyokaku/error.h"

typedef struct gk_sysconf {
    bool present;        /* a configuration file was read */
    char file[4096];     /* which one (messages) */
    char database[4096]; /* the shared database, absolute; "" when not set */
    int backup_keep;     /* backups kept of a kind the office set no count for; -1: not set */
} gk_sysconf;

/* Parses the text of a configuration file (name for messages) into *out
 * (present set, file = name). Returns 0, or -1 with err
 * "NAME:LINE: what is wrong" for the first bad line (out then unusable). */
int gk_sysconf_parse(const char *text, const char *name, gk_sysconf *out, gk_error *err);

/* Reads the configuration of this process once: $GYOKAKU_CONF when set and
 * not privileged (tests), else GK_SYSCONFDIR/gyokaku.conf. A missing file
 * is no configuration (present false). Returns the result (static), or NULL
 * with err when the file is bad, unreadable, or (privileged) not owned by
 * root or writable by others. */
const gk_sysconf *gk_sysconf_get(gk_error *err);

/* Whether this process runs with another effective group than its real one
 * (setgid): the enforced shared-host mode. */
bool gk_privileged(void);

/* Privileged: removes from the environment what would let the caller choose
 * the files or modules used with the group's rights (see sysconf.c), and
 * sets the umask so that the data folder's files stay group-writable.
 * Nothing when not privileged. Call first thing in main(). */
void gk_priv_sanitize_env(void);

/* Privileged: acts with the real group id until gk_priv_restore (for
 * opening, creating and renaming the caller's own files). Calls nest. */
void gk_priv_drop(void);
void gk_priv_restore(void);

/* Privileged: gives up the group for the rest of the process (real,
 * effective and saved group ids all the caller's): for a database that is
 * not the shared one, which the caller may write anyway. gk_privileged()
 * is false afterwards. */
void gk_priv_give_up(void);

#endif
