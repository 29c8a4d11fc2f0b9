/*
 * backup_list.c — the record a backup carries (why, by whom, when) and the
 * listing of the backups folder, newest first (backup.h).
 */
#include "backup_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"
#include "gyokaku/sysconf.h"

/* The stored names of gk_backup_reason, in its order. */
static const char *const reason_keys[] = {"manual", "upgrade", "import",
                                          "lock",   "restore", "scheduled"};

/* --- the record and the folder ------------------------------------------------------ */

/* Writes the record of a backup into the copy tmp (backup.h): what, when,
 * who. Returns 0 or -1 with err. */
int write_record(const char *tmp, gk_backup_reason why, const char *detail, const char *who,
                 gk_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char at[40];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(at + strlen(at), sizeof at - strlen(at), ".%03ldZ", now.tv_nsec / 1000000);
    int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        rc = sqlite3_exec(db, "BEGIN; DROP TABLE IF EXISTS backup_record; " GK_BACKUP_RECORD_SQL,
                          NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO backup_record(kind, at, who, detail)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, reason_keys[why], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
        if (detail && *detail)
            sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 4);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) write_error(tmp, db ? sqlite3_extended_errcode(db) : rc, err);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Parses "NAME.YYYYMMDD-HHMMSS[-N].bak"; fills when, *t (the name's local
 * time) and *seq. */
static bool parse_backup_name(const char *file, const char *name, char when[20], time_t *t,
                              int *seq)
{
    size_t nl = strlen(name), fl = strlen(file);
    if (fl < nl + 1 + 15 + 4 || strncmp(file, name, nl) != 0 || file[nl] != '.') return false;
    const char *ts = file + nl + 1;
    for (int i = 0; i < 15; i++)
        if (i == 8 ? ts[i] != '-' : (ts[i] < '0' || ts[i] > '9')) return false;
    const char *rest = ts + 15;
    *seq = 1;
    if (*rest == '-') {
        char *end;
        long v = strtol(rest + 1, &end, 10);
        if (end == rest + 1 || v < 2 || v > 99999) return false;
        *seq = (int)v;
        rest = end;
    }
    if (strcmp(rest, ".bak") != 0) return false;
    snprintf(when, 20, "%.4s-%.2s-%.2s %.2s:%.2s:%.2s", ts, ts + 4, ts + 6, ts + 9, ts + 11,
             ts + 13);
    struct tm tm = {0};
    if (!strptime(when, "%Y-%m-%d %H:%M:%S", &tm)) return false;
    tm.tm_isdst = -1;
    *t = mktime(&tm);
    return true;
}

typedef struct {
    gk_backup_entry e;
    int seq;
} sort_entry;

static int cmp_entries(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    if (x->e.at != y->e.at) return x->e.at < y->e.at ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Reads the record inside the backup at path into e (reason -1 when it has
 * none). The file is opened without following a link and without waiting
 * (a FIFO never blocks): anything but a regular file returns 1 (skipped).
 * Returns 0. */
int read_record(const char *path, gk_backup_entry *e)
{
    e->reason = -1;
    e->detail = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        return 1;
    }
    e->size = (int64_t)st.st_size;
    unsigned char h[100];
    bool sqlite =
        read(fd, h, sizeof h) == (ssize_t)sizeof h && memcmp(h, "SQLite format 3", 16) == 0;
    close(fd);
    if (!sqlite) return 0;
    /* read-only and immutable: no lock, no journal, nothing written; a
     * whole file is read into memory only to verify or restore it (one at
     * a time); the list opens each by name, and a name swapped for a FIFO
     * since the check above opens without blocking (gk_sqlite_setup) and
     * reads as no record */
    gk_sqlite_setup();
    char uri[9000];
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    size_t k = 0; /* the path in the URI, its %, ? and # escaped */
    for (const char *p = path; *p && k + 4 < sizeof uri - 32; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            k += (size_t)snprintf(uri + k, sizeof uri - k, "%%%02X", (unsigned char)*p);
        else
            uri[k++] = *p;
    }
    uri[k] = '\0';
    char full[9100];
    snprintf(full, sizeof full, "file:%s?immutable=1", uri);
    if (sqlite3_open_v2(full, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        if (sqlite3_prepare_v2(db,
                               "SELECT kind, at, who, detail FROM backup_record"
                               " WHERE (SELECT type FROM sqlite_schema"
                               "  WHERE name = 'backup_record') = 'table' LIMIT 1",
                               -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(q, 0);
            const char *at = (const char *)sqlite3_column_text(q, 1);
            const char *who = (const char *)sqlite3_column_text(q, 2);
            const char *detail = (const char *)sqlite3_column_text(q, 3);
            struct tm tm = {0};
            const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
            long ms = 0;
            if (end && end[0] == '.' && end[1] >= '0' && end[1] <= '9') {
                char *e2;
                ms = strtol(end + 1, &e2, 10);
                if (e2 - (end + 1) != 3) ms = 0;
                end = e2;
            }
            if (end && *end == 'Z') end++;
            int r = -1;
            for (size_t i = 0; kind && i < sizeof reason_keys / sizeof *reason_keys; i++)
                if (strcmp(kind, reason_keys[i]) == 0) r = (int)i;
            if (end && !*end && r >= 0 && who) {
                e->reason = r;
                time_t t = timegm(&tm);
                e->at = (int64_t)t * 1000 + ms;
                struct tm lt;
                localtime_r(&t, &lt);
                strftime(e->when, sizeof e->when, "%Y-%m-%d %H:%M:%S", &lt);
                snprintf(e->creator, sizeof e->creator, "%s", who);
                if (detail && *detail) e->detail = strdup(detail);
                struct passwd *pw = getpwnam(who);
                e->trusted = pw && pw->pw_uid == st.st_uid;
            }
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return 0;
}

int gk_backup_list(const char *db_path, gk_backup_entry **out, size_t *n, gk_error *err)
{
    *out = NULL;
    *n = 0;
    char dir[4200], pdir[4096], name[1024];
    split_name(db_path, pdir, sizeof pdir, name, sizeof name);
    gk_backup_dir(db_path, dir, sizeof dir);
    if (not_a_link(dir, err) != 0) return -1;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return 0;
        gk_error_set(err, _("cannot read the backups folder %s: %s"), dir, strerror(errno));
        return -1;
    }
    /* a name or a record in the future (a clock far ahead, or a file made
     * to sort newest) is ignored; a minute of slack between machines */
    time_t now = time(NULL) + 60;
    sort_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    bool oom = false;
    struct dirent *de;
    while ((de = readdir(d))) {
        sort_entry se = {0};
        time_t t;
        if (!parse_backup_name(de->d_name, name, se.e.when, &t, &se.seq) || t > now) continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 16;
            sort_entry *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                oom = true;
                break;
            }
            v = nv;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        se.e.path = malloc(len);
        if (!se.e.path) {
            oom = true;
            break;
        }
        snprintf(se.e.path, len, "%s/%s", dir, de->d_name);
        se.e.at = (int64_t)t * 1000;
        if (read_record(se.e.path, &se.e) != 0 || se.e.at > (int64_t)now * 1000) {
            free(se.e.path);
            free(se.e.detail);
            continue;
        }
        v[cnt++] = se;
    }
    closedir(d);
    if (cnt) qsort(v, cnt, sizeof *v, cmp_entries); /* v is NULL when the folder is empty */
    gk_backup_entry *list = oom ? NULL : calloc(cnt ? cnt : 1, sizeof *list);
    if (!list) {
        for (size_t i = 0; i < cnt; i++) {
            free(v[i].e.path);
            free(v[i].e.detail);
        }
        free(v);
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    for (size_t i = 0; i < cnt; i++)
        list[i] = v[i].e;
    free(v);
    *out = list;
    *n = cnt;
    return 0;
}

void gk_backup_list_free(gk_backup_entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].path);
        free(list[i].detail);
    }
    free(list);
}
