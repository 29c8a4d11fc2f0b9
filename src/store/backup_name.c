/*
 * backup_name.c — the names of backups and the words of their failures:
 * where a database's backups folder is (split_name, gk_backup_dir), the
 * refusal of a folder that is a link (not_a_link), and what a failed write
 * tells the user (write_error). Every other piece of backup calls these;
 * they call none of them, so that copying (which checks the copy), listing
 * and the history check (which lists the backups) call one way.
 */
#include "backup_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gyokaku/i18n.h"

/* DIR and NAME of DIR/NAME.db (or DIR/NAME). */
void split_name(const char *db_path, char *dir, size_t dn, char *name, size_t nn)
{
    const char *slash = strrchr(db_path, '/');
    if (slash)
        snprintf(dir, dn, "%.*s", (int)(slash - db_path == 0 ? 1 : slash - db_path), db_path);
    else
        snprintf(dir, dn, ".");
    const char *base = slash ? slash + 1 : db_path;
    size_t len = strlen(base);
    if (len > 3 && strcmp(base + len - 3, ".db") == 0) len -= 3;
    snprintf(name, nn, "%.*s", (int)len, base);
}

void gk_backup_dir(const char *db_path, char *buf, size_t n)
{
    char dir[4096], name[1024];
    split_name(db_path, dir, sizeof dir, name, sizeof name);
    snprintf(buf, n, "%s%sbackups", dir, strcmp(dir, "/") == 0 ? "" : "/");
}

/* A backups folder that is a symbolic link is refused: it could send the
 * office's backups, and its pruning, anywhere. 0 when dir is not a link
 * (or does not exist), -1 with err. */
int not_a_link(const char *dir, gk_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        gk_error_set(err,
                     _("the backups folder %s is a symbolic link or not a folder; refused "
                       "(remove it, then try again)"),
                     dir);
        return -1;
    }
    return 0;
}

/* A failure writing the copy tmp (its folder named, in the words
 * gk_sql_error uses for the database: the disk, not SQLite's text). */
void write_error(const char *tmp, int rc, gk_error *err)
{
    char dir[4096];
    const char *slash = strrchr(tmp, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - tmp) : 1, slash ? tmp : ".");
    const char *what = _("cannot write the backup");
    switch (rc & 0xff) {
    case SQLITE_FULL:
        gk_error_set(err, _("%s: the disk holding %s is full"), what, dir);
        break;
    case SQLITE_IOERR:
        gk_error_set(err,
                     _("%s: the disk holding %s could not be written or read (input/output "
                       "error); check the disk, then try again"),
                     what, dir);
        break;
    case SQLITE_CANTOPEN:
        gk_error_set(err, _("%s: a file beside %s (its journal or a copy) cannot be opened"), what,
                     tmp);
        break;
    case SQLITE_NOMEM:
        gk_error_set(err, _("%s: out of memory"), what);
        break;
    default: {
        char why[GK_ERROR_MAX];
        gk_sqlite_reason(rc, NULL, tmp, why, sizeof why);
        gk_error_set(err, _("cannot write the backup %s: %s"), tmp, why);
    }
    }
}
