/*
 * export.c — `gyokaku export`: plan rows (export.h) through the CSV writer
 * (csv.h), first into a temporary file; only when everything was written
 * does it reach its place, so a failed export writes nothing, neither to
 * standard output nor to -o FILE. How it reaches FILE depends on what FILE
 * is (a symbolic link is followed to its target, which is what is judged):
 *   - absent, or a regular file with one link: the temporary file is made
 *     in the target's folder and renamed over the target (atomic: a reader
 *     sees the old file or the new one); the mode and, where permitted, the
 *     owner of the old file are kept, a symbolic link stays a link;
 *   - a regular file with more than one (hard) link: renaming would cut it
 *     off from its other names, so the finished output is copied into the
 *     file itself (every name sees the new content; a failure in that copy,
 *     e.g. a full disk, can leave it partly written);
 *   - a device, a FIFO or anything else that is not a regular file
 *     (/dev/null, /dev/stdout, a named pipe): the finished output is written
 *     into it, never renamed over it.
 */
#include "cli_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gyokaku/csv.h"
#include "gyokaku/export.h"
#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

static const char export_help[] =
    N_("Usage: gyokaku [--db FILE] export [--plan NAME] [--year Y] [--dept D]\n"
       "                [--encoding utf-8|cp932] [--substitute] [--raw] [-o FILE]\n"
       "Writes plans as plan CSV: UTF-8 with BOM and CRLF line ends by default.\n"
       "  --plan NAME      only this plan\n"
       "  --year Y         only this fiscal year's values and notes (2024, R6, 令和6年度 ...)\n"
       "  --dept D         only the nodes of this department (main or related)\n"
       "  --encoding E     utf-8 (default) or cp932\n"
       "  --substitute     CP932: write ㉑..㊿ as (21)..(50) and other characters that CP932\n"
       "                   cannot hold as 〓, reporting each; without it they are an error\n"
       "  --raw            no formula guard: a text cell starting with = + - @ is written\n"
       "                   as it is (by default it gets a leading ' so that Excel does not run it)\n"
       "  -o FILE          write FILE (default: standard output)\n");

static void report_subst(void *ctx, long row, const char *column, uint32_t cp,
                         const char *replacement)
{
    long *n = ctx;
    char ch[8] = {0};
    gk_utf8_encode(cp, ch);
    fprintf(stderr, _("gyokaku: row %ld, column %s: %s (U+%04X) written as %s\n"), row, column, ch,
            (unsigned)cp, replacement);
    (*n)++;
}

static int write_row(void *ctx, const char *const cells[GK_NCOLS], gk_error *err)
{
    return gk_csv_write(ctx, cells, GK_NCOLS, err);
}

static int write_all(gk_store *s, const gk_export_filter *f, FILE *out, gk_csv_writer_opts *o,
                     gk_error *err)
{
    gk_export_labels labels;
    if (gk_export_prepare(s, f, &labels, err) != 0) return -1;
    const char *header[GK_NCOLS];
    memcpy(header, gk_col_names, sizeof header);
    header[GK_COL_GOAL] = labels.goal;
    header[GK_COL_POLICY] = labels.policy;
    header[GK_COL_ITEM] = labels.item;
    o->column_names = header;
    gk_csv_writer *w = gk_csv_writer_open(out, o, err);
    if (!w) return -1;
    int rc = gk_csv_write(w, header, GK_NCOLS, err);
    if (rc == 0) rc = gk_export_rows(s, f, write_row, w, err);
    if (gk_csv_writer_close(w, rc == 0 ? err : NULL) != 0) rc = -1;
    return rc;
}

static int copy_stream(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n) return -1;
    return fflush(to) == 0 && !ferror(from) ? 0 : -1;
}

/* Where -o FILE's output goes and how (see the top of this file). */
typedef enum { DEST_STDOUT, DEST_RENAME, DEST_IN_PLACE } dest_kind;

typedef struct dest {
    dest_kind kind;
    const char *path;        /* as the user gave it (messages) */
    char target[PATH_MAX];   /* DEST_RENAME: path with symbolic links followed */
    char tmp[PATH_MAX + 16]; /* DEST_RENAME: the temporary file beside target */
    bool exists;             /* something is there (its mode and owner in st) */
    bool regular;            /* it is a regular file, or absent */
    struct stat st;
} dest;

/* The end of a chain of symbolic links that points at nothing (yet): the
 * file that writing through the link creates. A relative link is relative
 * to the folder of the link. */
static int follow_dangling(dest *d, gk_error *err)
{
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(d->target, &st) != 0 || !S_ISLNK(st.st_mode)) return 0;
        char link[PATH_MAX];
        ssize_t n = readlink(d->target, link, sizeof link - 1);
        if (n < 0 || hops >= 40) {
            gk_error_set(err, _("cannot write %s: %s"), d->path, strerror(n < 0 ? errno : ELOOP));
            return -1;
        }
        link[n] = '\0';
        char *slash = link[0] == '/' ? NULL : strrchr(d->target, '/');
        size_t keep = slash ? (size_t)(slash - d->target) + 1 : 0;
        if (keep + (size_t)n + 1 > sizeof d->target) {
            gk_error_set(err, _("cannot write %s: %s"), d->path, strerror(ENAMETOOLONG));
            return -1;
        }
        memcpy(d->target + keep, link, (size_t)n + 1);
    }
}

/* Judges what -o path is, following symbolic links (see the top). */
static int dest_resolve(dest *d, const char *path, gk_error *err)
{
    d->path = path;
    if (!path) {
        d->kind = DEST_STDOUT;
        return 0;
    }
    if (snprintf(d->target, sizeof d->target, "%s", path) >= (int)sizeof d->target) {
        gk_error_set(err, _("cannot write %s: %s"), path, strerror(ENAMETOOLONG));
        return -1;
    }
    if (stat(path, &d->st) != 0) {
        if (errno != ENOENT) {
            gk_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
            return -1;
        }
        d->kind = DEST_RENAME; /* absent: a new file, also behind a dangling link */
        d->regular = true;
        return follow_dangling(d, err);
    }
    if (S_ISDIR(d->st.st_mode)) {
        gk_error_set(err, _("cannot write %s: %s"), path, strerror(EISDIR));
        return -1;
    }
    d->exists = true;
    d->regular = S_ISREG(d->st.st_mode);
    /* a device or FIFO is opened through path as it is (/dev/stdout too) */
    if (!d->regular || d->st.st_nlink > 1) {
        d->kind = DEST_IN_PLACE;
        return 0;
    }
    d->kind = DEST_RENAME;
    if (!realpath(path, d->target)) {
        gk_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Opens the temporary output: beside the target (renamed over it later)
 * or anonymous (copied to standard output or into the target later). */
static FILE *open_temp(dest *d)
{
    if (d->kind != DEST_RENAME) return tmpfile();
    if (snprintf(d->tmp, sizeof d->tmp, "%s.tmp-XXXXXX", d->target) >= (int)sizeof d->tmp) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(d->tmp);
    if (fd < 0) return NULL;
    if (d->exists) { /* the file keeps its mode, and its owner and group where we may */
        if ((d->st.st_uid != geteuid() || d->st.st_gid != getegid()) &&
            fchown(fd, d->st.st_uid, d->st.st_gid) != 0 &&
            fchown(fd, (uid_t)-1, d->st.st_gid) != 0) {
            /* not permitted: the file becomes ours, as a new file would */
        }
        fchmod(fd, d->st.st_mode & 0777);
    } else {
        mode_t mask = umask(0); /* mkstemp makes 0600; the export is an ordinary file */
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        unlink(d->tmp);
    }
    return f;
}

/* The finished output into the target itself: a device, a FIFO, or a
 * regular file with other hard links. */
static int copy_in_place(dest *d, FILE *out, gk_error *err)
{
    int fd = open(d->path, O_WRONLY | O_NOCTTY | (d->regular ? O_TRUNC : 0));
    FILE *to = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!to) {
        gk_error_set(err, _("cannot write %s: %s"), d->path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    int rc = copy_stream(out, to);
    if (rc != 0) gk_error_set(err, _("cannot write %s: %s"), d->path, strerror(errno));
    if (fclose(to) != 0 && rc == 0) {
        gk_error_set(err, _("cannot write %s: %s"), d->path, strerror(errno));
        rc = -1;
    }
    return rc;
}

int gk_cmd_export(gk_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},
        {"plan", required_argument, NULL, 'p'},
        {"year", required_argument, NULL, 'y'},
        {"dept", required_argument, NULL, 'd'},
        {"encoding", required_argument, NULL, 'e'},
        {"substitute", no_argument, NULL, 's'},
        {"raw", no_argument, NULL, 'r'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gk_export_filter f = {0};
    gk_csv_writer_opts o = {.enc = GK_ENC_UTF8, .bom = true, .crlf = true, .guard = true};
    const char *path = NULL;
    gk_error err = {{0}};
    long nsubst = 0;
    optind = 0; /* 0: full reset of GNU getopt (commands run more than once in tests) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'D':
            cli->db = optarg;
            break;
        case 'p':
            f.plan = optarg;
            break;
        case 'd':
            f.dept = optarg;
            break;
        case 'o':
            path = optarg;
            break;
        case 's':
            o.substitute = true;
            break;
        case 'r':
            o.guard = false;
            break;
        case 'y':
            if (gk_fy_parse(optarg, &f.year, &err) != 0)
                return gk_cli_usage_error("export", "--year: %s", err.msg);
            break;
        case 'e':
            if (gk_encoding_parse(optarg, &o.enc, &err) != 0 || o.enc == GK_ENC_AUTO)
                return gk_cli_usage_error("export", _("--encoding must be utf-8 or cp932, not %s"),
                                          optarg);
            break;
        case 'h':
            fputs(_(export_help), stdout);
            return GK_EXIT_OK;
        default:
            return gk_cli_getopt_error("export", c, argv);
        }
    }
    if (optind < argc)
        return gk_cli_usage_error("export", _("unexpected argument %s"), argv[optind]);
    o.bom = o.enc == GK_ENC_UTF8;
    o.on_subst = report_subst;
    o.subst_ctx = &nsubst;

    dest d = {0};
    if (dest_resolve(&d, path, &err) != 0) {
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        fprintf(stderr, _("gyokaku: %s was not written\n"), path);
        return GK_EXIT_FAIL;
    }
    gk_store *s = gk_cli_open(cli, GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    FILE *out = open_temp(&d);
    int rc = -1;
    if (!out)
        gk_error_set(&err, _("cannot create a temporary file for %s: %s"),
                     path ? path : _("standard output"), strerror(errno));
    else
        rc = write_all(s, &f, out, &o, &err);
    gk_store_close(s);
    if (rc == 0 && fflush(out) != 0) {
        gk_error_set(&err, _("cannot write %s: %s"), path ? path : "-", strerror(errno));
        rc = -1;
    }
    if (rc == 0 && d.kind == DEST_STDOUT && copy_stream(out, stdout) != 0) {
        gk_error_set(&err, _("cannot write to standard output: %s"), strerror(errno));
        rc = -1;
    }
    if (rc == 0 && d.kind == DEST_IN_PLACE) rc = copy_in_place(&d, out, &err);
    if (out && fclose(out) != 0 && rc == 0) {
        gk_error_set(&err, _("cannot write %s: %s"), path ? path : "-", strerror(errno));
        rc = -1;
    }
    if (d.kind == DEST_RENAME && out && rc == 0 && rename(d.tmp, d.target) != 0) {
        gk_error_set(&err, _("cannot write %s: %s"), path, strerror(errno));
        rc = -1;
    }
    if (d.kind == DEST_RENAME && out && rc != 0) unlink(d.tmp);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", err.msg);
        if (path) fprintf(stderr, _("gyokaku: %s was not written\n"), path);
        return GK_EXIT_FAIL;
    }
    if (nsubst > 0) fprintf(stderr, _("gyokaku: %ld character(s) substituted for CP932\n"), nsubst);
    return GK_EXIT_OK;
}
