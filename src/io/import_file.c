/*
 * import_file.c — one plan CSV file through the reader, the header and the
 * importer in one transaction, read again as CP932 when the reader finds
 * late that it is not UTF-8; and the automatic backup around the imports
 * (importfile.h). The CLI only parses options, opens the files and prints.
 */
#include "gyokaku/importfile.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "gyokaku/plancsv.h"

/* A failure (-1) before the end of a file read with GK_CSV_MAY_RESTART:
 * GK_CSV_RESTART when the rest of the file shows that it is not UTF-8 (the
 * failure is then not the one to report: the file is read again as CP932,
 * as a scan first would have), else -1. */
static int failed(gk_csv_reader *r)
{
    gk_error ignored;
    return gk_csv_settle(r, &ignored) == GK_CSV_RESTART ? GK_CSV_RESTART : -1;
}

/* The header line into h: 1, or GK_CSV_RESTART, or -1 with err. */
static int read_header(gk_csv_reader *r, const char *name, gk_plan_header *h, gk_error *err)
{
    const gk_csv_record *rec;
    int rc = gk_csv_next(r, &rec, err);
    if (rc == GK_CSV_RESTART) return rc;
    if (rc == 0) gk_error_set(err, _("%s: the file is empty (no header line)"), name);
    if (rc > 0 && gk_plan_header_parse(rec, name, h, err) == 0) return 1;
    if (rc != 0 && failed(r) == GK_CSV_RESTART) return GK_CSV_RESTART;
    long l, c; /* a UTF-8 file with one bad byte reads as CP932: say why */
    if (rc > 0 && err && gk_csv_not_utf8_at(r, &l, &c)) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n,
                 _(" (read as CP932, since the bytes at %ld:%ld are not UTF-8)"), l, c);
    }
    return -1;
}

/* One attempt at the file: 0, -1 with err, or GK_CSV_RESTART when the
 * reader found that the file is not UTF-8 after all (GK_CSV_MAY_RESTART):
 * what was imported is rolled back, and the reader starts over as CP932. */
static int attempt(gk_store *s, gk_csv_reader *r, const char *name, const gk_import_opts *o,
                   gk_import_stats *st, gk_error *err)
{
    gk_plan_header h;
    int rc = read_header(r, name, &h, err);
    if (rc != 1) return rc;
    gk_importer *im = gk_import_begin(s, &h, name, o->plan, err);
    if (!im) return failed(r);
    const gk_csv_record *rec;
    gk_plan_row row;
    while ((rc = gk_csv_next(r, &rec, err)) == 1) {
        int got = gk_plan_row_read(&h, (gk_csv_record *)rec, name, &row, err);
        if (got < 0 || (got > 0 && gk_import_row(im, &row, err) != 0)) {
            rc = -1;
            break;
        }
    }
    if (rc != 0) {
        gk_import_abort(im);
        return rc == GK_CSV_RESTART ? rc : failed(r);
    }
    return o->dry_run ? gk_import_dry_run(im, st, o->on_change, o->ctx, err)
                      : gk_import_commit(im, st, err);
}

int gk_import_stream(gk_store *s, FILE *in, const char *name, const gk_import_opts *o,
                     gk_import_stats *st, gk_error *err)
{
    gk_csv_reader *r = gk_csv_open_ex(in, name, o->enc, GK_CSV_INPUT_MAX, GK_CSV_MAY_RESTART, err);
    if (!r) return -1;
    int rc;
    while ((rc = attempt(s, r, name, o, st, err)) == GK_CSV_RESTART)
        ; /* at most once: the reader restarts only from its guess of UTF-8 */
    gk_csv_close(r);
    return rc;
}

/* The backup's detail: the files' base names, as many as fit. */
static void files_detail(int nfiles, char *const *files, char *detail, size_t size)
{
    size_t used = 0;
    detail[0] = '\0';
    for (int i = 0; i < nfiles; i++) {
        const char *b = strrchr(files[i], '/');
        int w = snprintf(detail + used, size - used, "%s%s", i ? ", " : "", b ? b + 1 : files[i]);
        if (w < 0 || (size_t)w >= size - used) break;
        used += (size_t)w;
    }
}

/* Whether a trusted backup before an import of s's database was made today
 * (local time, as the list gives it) by this login: an import then relies
 * on it. Only the caller's own: a file another login planted in a shared
 * backups folder must not spare the office its backup. */
static bool backed_up_today(gk_store *s)
{
    gk_backup_entry *l;
    size_t cnt;
    gk_error ignored;
    if (gk_backup_list(gk_store_path(s), &l, &cnt, &ignored) != 0) return false;
    time_t now = time(NULL);
    struct tm tm;
    char today[16];
    strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
    bool found = false;
    for (size_t i = 0; i < cnt && !found; i++)
        found = l[i].trusted && l[i].reason == GK_BACKUP_IMPORT &&
                strncmp(l[i].when, today, 10) == 0 && strcmp(l[i].creator, gk_store_user(s)) == 0;
    gk_backup_list_free(l, cnt);
    return found;
}

int gk_import_backup(gk_store *s, int nfiles, char *const *files, char *made, size_t n,
                     gk_error *err)
{
    made[0] = '\0';
    for (int i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") != 0 && access(files[i], R_OK) != 0) {
            gk_error_set(err, _("cannot open %s: %s"), files[i], strerror(errno));
            return -1;
        }
    gk_plan_attrs *plans; /* the plan table only: counting the rows would read the file */
    size_t nplans;
    if (gk_plan_attrs_get(s, NULL, &plans, &nplans, err) != 0) return -1;
    gk_plan_attrs_free(plans, nplans);
    if (nplans == 0 || gk_store_readonly(s)) return 0; /* the import says read-only */
    if (backed_up_today(s)) return 0;                  /* once a day: not a full copy per import */
    char detail[256];
    files_detail(nfiles, files, detail, sizeof detail);
    if (gk_backup_to(s, NULL, GK_BACKUP_IMPORT, detail, 0, made, n, NULL, err) == 0) return 0;
    made[0] = '\0';
    gk_error_prefix(err, _("the automatic backup (%s) failed"),
                    gk_backup_reason_label(GK_BACKUP_IMPORT));
    return GK_IMPORT_NO_BACKUP;
}

void gk_import_backup_done(gk_store *s, const char *made, bool ok, bool wrote)
{
    if (!made[0]) return;
    /* An import that changed nothing keeps its backup: it is the database
     * as it is, but it is the day's backup that the login's next imports
     * rely on (backed_up_today); removing it made every re-import of an
     * unchanged file that day copy the whole file again. It prunes
     * nothing: an import that changed nothing must not push the office's
     * older backups out of the folder. Imports refused before writing did
     * not happen: their backup goes. */
    if (wrote)
        gk_backup_prune(s, GK_KIND_AUTOMATIC);
    else if (!ok)
        unlink(made);
}
