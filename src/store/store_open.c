/*
 * store_open.c — gk_store_open (store.h): store.c's opening with what it
 * needs from above it. An older file is upgraded (migrate.c), which first
 * makes the automatic backup (backup.c); a new file gets the shared backups
 * folder (backup_copy.c).
 *
 * Why a file of its own: store.c is the bottom of the store, and making a
 * backup opens files (the copy, the check of it) through store.c. Were the
 * upgrade called from store.c, opening would call backup and backup opening,
 * a circle (tests/store-calls.sh). Here the calls run one way: this file →
 * migrate → backup → store. The store's own files open backups and
 * read-only files with gk_store_open_with (store_int.h) and never come here.
 */
#include "gyokaku/backup.h"
#include "store_int.h"

static const gk_open_hooks hooks = {.upgrade = gk_store_migrate, .created = gk_backup_dir_shared};

gk_store *gk_store_open(const char *path, int flags, gk_error *err)
{
    return gk_store_open_with(path, flags, &hooks, err);
}
