/*
 * importfile.h — the import of one plan CSV file, end to end: the CSV
 * reader (with the CP932 restart of csv.h: a file taken for UTF-8 that
 * turns out not to be is rolled back and read again as CP932), the header,
 * the rows and one transaction per file (import.h); and the automatic
 * backup before an import into a database that holds plans (backup.h).
 * `gyokaku import` and the unit tests call these, so that what is tested is
 * what runs.
 *
 * Owner: src/io/import_file.c.
 */
#ifndef GYOKAKU_IMPORTFILE_H
#define GYOKAKU_IMPORTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gyokaku/csv.h"
#include "gyokaku/error.h"
#include "gyokaku/import.h"
#include "gyokaku/store.h"

typedef struct gk_import_opts {
    gk_encoding enc;  /* GK_ENC_AUTO: UTF-8 when valid, else CP932 */
    const char *plan; /* --plan NAME for rows without a 計画 column, or NULL */
    bool dry_run;     /* check to the commit, give the changes to on_change, roll back */
    gk_import_change_fn on_change; /* dry run only (may be NULL) */
    void *ctx;
} gk_import_opts;

/* Imports the plan CSV read from in (named name in messages) in one
 * transaction. Returns 0 with the counts in *st, or -1 with err (nothing of
 * the file kept). */
int gk_import_stream(gk_store *s, FILE *in, const char *name, const gk_import_opts *o,
                     gk_import_stats *st, gk_error *err);

/* gk_import_backup failed at the backup itself: nothing of any file may be
 * imported (the caller says so per file). */
#define GK_IMPORT_NO_BACKUP (-2)

/* The automatic backup before importing files[nfiles] ("-": standard
 * input) into s: none when s holds no plan or is read-only, and none when a
 * trusted backup before an import of this database was already made today
 * (local time) by the same login: the first import of the day is backed
 * up, later ones rely on it and on the change history (doc/admin-guide.md
 * "Backup and restore"), so that an import costs what it changes, not a
 * copy of the whole file. Each file other than "-" must be readable first
 * (no backup for an import that cannot start). made[n] receives the
 * backup's path ("" when none was made). Returns 0, -1 with err, or
 * GK_IMPORT_NO_BACKUP with err. */
int gk_import_backup(gk_store *s, int nfiles, char *const *files, char *made, size_t n,
                     gk_error *err);

/* After the imports: a backup made by gk_import_backup is kept, and the
 * folder pruned, when one of them wrote; kept without pruning when all
 * succeeded without a change (it is the day's backup the login's later
 * imports rely on); removed when they were refused before writing. */
void gk_import_backup_done(gk_store *s, const char *made, bool ok, bool wrote);

#endif
