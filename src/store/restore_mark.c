/*
 * restore_mark.c — how a running program learns that the database was
 * restored under it: the newest restore's token (a history row the restore
 * writes, see restore.c) read at open and checked in every write
 * transaction, cheaply through PRAGMA data_version (store_int.h). At the
 * bottom of store/ with store.c, which calls it; it calls nothing above.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"

long long gk_store_data_version(gk_store *s)
{
    gk_error ignored;
    sqlite3_stmt *st = gk_sql_cached(s, GK_ST_DATA_VERSION, "PRAGMA data_version", &ignored);
    long long v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    gk_sql_release(s, st);
    return v;
}

/* The newest restore's token (and its sentence into err when msg). Returns
 * 0 (token "" when none) or -1. */
static int read_mark(gk_store *s, char mark[48], gk_error *msg)
{
    mark[0] = '\0';
    /* read in every write transaction, inside the write gate: prepared once
     * per connection */
    gk_error ignored;
    sqlite3_stmt *st =
        gk_sql_cached(s, GK_ST_RESTORE_MARK,
                      "SELECT old, new, at, who FROM history WHERE row_uid = 'restore'"
                      " AND field = 'restore' ORDER BY id DESC LIMIT 1",
                      &ignored);
    if (!st) return 0; /* a file without the history table has never been restored */
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *tok = (const char *)sqlite3_column_text(st, 0);
        snprintf(mark, 48, "%s", tok ? tok : "?");
        if (msg)
            gk_error_set(msg,
                         _("the database was restored from %s at %s by %s; what you see is now "
                           "the restored data"),
                         (const char *)sqlite3_column_text(st, 1),
                         (const char *)sqlite3_column_text(st, 2),
                         (const char *)sqlite3_column_text(st, 3));
    }
    gk_sql_release(s, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int gk_restore_mark_init(gk_store *s, gk_error *err)
{
    (void)err;
    s->data_version = gk_store_data_version(s);
    s->restore_known = read_mark(s, s->restore_mark, NULL) == 0;
    return 0;
}

int gk_restore_mark_check(gk_store *s, gk_error *err)
{
    if (!s->restore_known) return 0;
    char mark[48];
    gk_error msg = {{0}};
    if (read_mark(s, mark, &msg) != 0 || strcmp(mark, s->restore_mark) == 0) return 0;
    memcpy(s->restore_mark, mark, sizeof mark);
    gk_error_set(err, "%s", msg.msg);
    return -1;
}

int gk_store_restored(gk_store *s, gk_error *err)
{
    if (!s->restore_known) return 0;
    long long v = gk_store_data_version(s);
    if (v == s->data_version) return 0; /* nobody else has committed since */
    s->data_version = v;
    char mark[48];
    gk_error msg = {{0}};
    if (read_mark(s, mark, &msg) != 0) {
        gk_error_set(err, _("cannot read the database %s"), s->path);
        return -1;
    }
    if (strcmp(mark, s->restore_mark) == 0) return 0;
    memcpy(s->restore_mark, mark, sizeof mark);
    gk_error_set(err, "%s", msg.msg);
    return 1;
}
