/*
 * output.c — where a command's output goes (-o FILE, or standard output),
 * shared by export and report: everything is first written into a
 * temporary file; only when all of it was written does it reach its place,
 * so a failed command writes nothing, neither to standard output nor to
 * FILE. How it reaches FILE depends on what FILE is (a symbolic link is
 * followed to its target, which is what is judged):
 *   - absent, or a regular file with one link: the temporary file is made
 *     in the target's folder and renamed over the target (atomic: a reader
 *     sees the old file or the new one); the mode and, where permitted, the
 *     owner of the old file are kept, a symbolic link stays a link;
 *   - a regular file with more than one (hard) link: renaming would cut it
 *     off from its other names, so the finished output is copied into the
 *     file itself (every name sees the new content; a failure in that copy,
 *     e.g. a full disk, can leave it partly written);
 *   - a symbolic link owned by someone else in a folder others may write
 *     is refused (it could point at any of our files);
 *   - a device, a FIFO or anything else that is not a regular file
 *     (/dev/null, /dev/stdout, a named pipe): the finished output is written
 *     into it, never renamed over it.
 * Setgid (the enforced mode, sysconf.h) every look at FILE, the temporary
 * file and the rename are done with the caller's real group: the output is
 * the caller's own file, and the group's rights never reach the data folder
 * through -o.
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

#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/sysconf.h"

static int copy_stream(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n) return -1;
    return fflush(to) == 0 && !ferror(from) ? 0 : -1;
}

/* The end of a chain of symbolic links that points at nothing (yet): the
 * file that writing through the link creates. A relative link is relative
 * to the folder of the link. */
static int follow_dangling(gk_output *d, gk_error *err)
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

/* A symbolic link at path that someone else owns, in a folder others may
 * write (a shared folder): following it would let that someone choose
 * which of our files the output replaces (~/.profile). 1 when so. */
static bool foreign_link(const char *path)
{
    struct stat l, ds;
    if (lstat(path, &l) != 0 || !S_ISLNK(l.st_mode) || l.st_uid == geteuid()) return false;
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return stat(dir, &ds) != 0 || (ds.st_mode & 0022) != 0;
}

/* Judges what -o path is, following symbolic links (see the top). */
static int resolve(gk_output *d, const char *path, gk_error *err)
{
    if (path && strcmp(path, "-") == 0) path = NULL; /* -o -: standard output */
    d->path = path;
    if (!path) {
        d->kind = DEST_STDOUT;
        return 0;
    }
    if (foreign_link(path)) {
        gk_error_set(err,
                     _("will not write %s: it is a symbolic link of another user in a folder "
                       "others may write; choose another name"),
                     path);
        return -1;
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
static FILE *open_temp(gk_output *d)
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
static int copy_in_place(gk_output *d, FILE *out, gk_error *err)
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

static int finish(gk_output *d, FILE *out, int rc, gk_error *err)
{
    const char *path = d->path;
    if (rc == 0 && fflush(out) != 0) {
        gk_error_set(err, _("cannot write %s: %s"), path ? path : "-", strerror(errno));
        rc = -1;
    }
    if (rc == 0 && d->kind == DEST_STDOUT && copy_stream(out, stdout) != 0) {
        gk_error_set(err, _("cannot write to standard output: %s"), strerror(errno));
        rc = -1;
    }
    if (rc == 0 && d->kind == DEST_IN_PLACE) rc = copy_in_place(d, out, err);
    if (out && fclose(out) != 0 && rc == 0) {
        gk_error_set(err, _("cannot write %s: %s"), path ? path : "-", strerror(errno));
        rc = -1;
    }
    if (d->kind == DEST_RENAME && out && rc == 0 && rename(d->tmp, d->target) != 0) {
        gk_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
        rc = -1;
    }
    if (d->kind == DEST_RENAME && out && rc != 0) unlink(d->tmp);
    return rc;
}

const char *gk_cli_text(const char *s)
{
    static char *ring[16];
    static unsigned next;
    if (!s) return "";
    size_t n = strlen(s);
    /* a placeholder is at most 3 bytes for 1 byte in (U+2400..., U+FFFD) */
    char *out = malloc(3 * n + 1);
    if (!out) return "?";
    size_t k = 0;
    const char *p = s;
    while (*p) { /* line by line: a line break in a message stays one */
        size_t len = strcspn(p, "\n");
        char *line = strndup(p, len);
        char *clean = line ? gk_sanitize(line) : NULL;
        size_t cl = clean ? strlen(clean) : 0;
        if (k + cl + 2 > 3 * n + 1) {
            char *bigger = realloc(out, k + cl + 2);
            if (bigger)
                out = bigger;
            else
                cl = 0;
        }
        if (cl) memcpy(out + k, clean, cl);
        k += cl;
        free(clean);
        free(line);
        p += len;
        if (*p == '\n') out[k++] = *p++;
    }
    out[k] = '\0';
    unsigned slot = next++ % 16;
    free(ring[slot]);
    ring[slot] = out;
    return out;
}

int gk_output_resolve(gk_output *d, const char *path, gk_error *err)
{
    gk_priv_drop();
    int rc = resolve(d, path, err);
    gk_priv_restore();
    return rc;
}

FILE *gk_output_open(gk_output *d)
{
    gk_priv_drop();
    FILE *f = open_temp(d);
    int e = errno;
    gk_priv_restore();
    errno = e;
    return f;
}

int gk_output_finish(gk_output *d, FILE *out, int rc, gk_error *err)
{
    gk_priv_drop();
    rc = finish(d, out, rc, err);
    gk_priv_restore();
    return rc;
}

int gk_output_run(gk_cli *cli, const char *path, gk_output_fn fn, void *ctx)
{
    gk_error err = {{0}};
    gk_output d = {0};
    int rc = gk_output_resolve(&d, path, &err);
    gk_store *s = rc == 0 ? gk_cli_open(cli, GK_OPEN_READONLY) : NULL;
    if (rc == 0 && !s) return GK_EXIT_FAIL;
    FILE *out = rc == 0 ? gk_output_open(&d) : NULL;
    if (rc == 0 && !out) {
        gk_error_set(&err, _("cannot create a temporary file for %s: %s"),
                     path ? path : _("standard output"), strerror(errno));
        rc = -1;
    }
    if (out) rc = fn(s, out, ctx, &err);
    gk_store_close(s);
    if (rc > 0) { /* said already: nothing reaches the place */
        gk_output_finish(&d, out, -1, &err);
        return rc;
    }
    if (out) rc = gk_output_finish(&d, out, rc, &err);
    if (rc == 0) return GK_EXIT_OK;
    fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
    if (path) fprintf(stderr, _("gyokaku: %s was not written\n"), path);
    return GK_EXIT_FAIL;
}

/* --- --format: the machine-readable forms of the listing commands ------------------- */

int gk_cli_format_option(const char *cmd, const char *arg, gk_fmt *f)
{
    static const char *const names[] = {"text", "csv", "tsv", "json"};
    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0) {
            *f = (gk_fmt)i;
            return -1;
        }
    return gk_cli_usage_error(cmd, _("--format must be text, csv, tsv or json, not %s"), arg);
}

void gk_table_begin(gk_table *t, gk_fmt fmt, FILE *out, const gk_tcol *cols, size_t ncols)
{
    t->fmt = fmt;
    t->out = out;
    t->cols = cols;
    t->ncols = ncols;
    t->rows = 0;
    if (fmt == GK_FMT_JSON) {
        fputc('[', out);
        return;
    }
    if (fmt != GK_FMT_CSV && fmt != GK_FMT_TSV) return;
    const char *heads[GK_TABLE_MAX_COLS];
    for (size_t i = 0; i < ncols && i < GK_TABLE_MAX_COLS; i++)
        heads[i] = cols[i].key;
    gk_table_row(t, heads);
    t->rows = 0;
}

static void csv_cell(FILE *out, const char *s)
{
    bool quote = false;
    for (const char *p = s; *p; p++)
        if (*p == ',' || *p == '"' || (unsigned char)*p < 0x20 || *p == 0x7f) quote = true;
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* TSV: tab, line breaks and backslash written as \t \n \r \\ (one line per row). */
static void tsv_cell(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\t':
            fputs("\\t", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        default:
            fputc(*p, out);
        }
    }
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Whether s is a JSON number as the commands give them (an optional minus,
 * digits, an optional fraction). */
static bool is_number(const char *s)
{
    const char *p = s;
    if (*p == '-') p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

void gk_table_row(gk_table *t, const char *const *cells)
{
    FILE *out = t->out;
    switch (t->fmt) {
    case GK_FMT_CSV:
        for (size_t i = 0; i < t->ncols; i++) {
            if (i) fputc(',', out);
            csv_cell(out, cells[i] ? cells[i] : "");
        }
        fputs("\r\n", out);
        break;
    case GK_FMT_TSV:
        for (size_t i = 0; i < t->ncols; i++) {
            if (i) fputc('\t', out);
            tsv_cell(out, cells[i] ? cells[i] : "");
        }
        fputc('\n', out);
        break;
    case GK_FMT_JSON:
        fputs(t->rows ? ",\n {" : "\n {", out);
        for (size_t i = 0; i < t->ncols; i++) {
            if (i) fputs(", ", out);
            json_string(out, t->cols[i].key);
            fputs(": ", out);
            if (!cells[i])
                fputs("null", out);
            else if (t->cols[i].number && is_number(cells[i]))
                fputs(cells[i], out);
            else
                json_string(out, cells[i]);
        }
        fputc('}', out);
        break;
    default: /* text: the commands write their own */
        break;
    }
    t->rows++;
}

int gk_table_end(gk_table *t)
{
    if (t->fmt == GK_FMT_JSON) fputs(t->rows ? "\n]\n" : "]\n", t->out);
    return fflush(t->out) == 0 && !ferror(t->out) ? 0 : -1;
}
