/*
 * import_line.c — the line on which this file first gave each attribute of
 * a node or series made by this import (import_int.h node_line,
 * series_line): a later row that gives another value is refused with "X
 * disagrees with Y given for Z on line N", and a value given again needs no
 * statement.
 *
 * A paged array, so that the import's memory does not grow with the plan
 * (issue 25: one array of every row made was 14 MiB at 300,000
 * indicators, a third of the import's peak): LINE_SLOTS chunks of
 * LINE_CHUNK rows are in memory, the chunks pushed out of them are kept in
 * an unnamed temporary file (tmpfile: gone with the process). A file
 * sorted by path only touches the newest chunks (the rows of a node are
 * close together, and new rows only come at the end); a file sorted by
 * year goes through the chunks in order, one write and one read per chunk.
 * Plain reads and writes of whole chunks rather than a TEMP table: no
 * statement per row made.
 */
#include "import_int.h"

#include <errno.h>
#include <unistd.h>

/* The bytes of one chunk of a with per lines a row. */
static size_t chunk_bytes(int per)
{
    return (size_t)LINE_CHUNK * (size_t)per * sizeof(uint32_t);
}

/* Reads (write false) or writes n bytes of buf at off of fd, all of them;
 * a read past the end of the file gives zeros (never written: no line). */
static int chunk_io(int fd, void *buf, size_t n, off_t off, bool write)
{
    char *p = buf;
    while (n > 0) {
        ssize_t k = write ? pwrite(fd, p, n, off) : pread(fd, p, n, off);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return -1;
        if (k == 0) { /* past the end of the file */
            if (write) return -1;
            memset(p, 0, n);
            return 0;
        }
        p += k;
        n -= (size_t)k;
        off += k;
    }
    return 0;
}

/* The lines of chunk c of a, in a slot: the slot used least recently is
 * written to the file and reused. Every slot handed out counts as written
 * to (node_line's pointer may be). NULL with err on failure. */
static uint32_t *chunk_of(gk_importer *im, struct made_lines *a, int per, int64_t c, gk_error *err)
{
    int lru = 0;
    for (int i = 0; i < LINE_SLOTS; i++) {
        if (a->slot[i].used && a->slot[i].chunk == c) {
            a->slot[i].used = ++a->tick;
            return a->slot[i].l;
        }
        if (a->slot[i].used < a->slot[lru].used) lru = i;
    }
    struct line_slot *s = &a->slot[lru];
    size_t n = chunk_bytes(per);
    if (!s->l && !(s->l = malloc(n))) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    if (s->used) { /* holds a chunk: into the file */
        if (!a->file && !(a->file = tmpfile())) {
            gk_error_set(err, _("%s: cannot create a temporary file: %s"), im->fname,
                         strerror(errno));
            return NULL;
        }
        if (chunk_io(fileno(a->file), s->l, n, (off_t)s->chunk * (off_t)n, true) != 0) {
            gk_error_set(err, _("cannot write: %s"), strerror(errno));
            s->used = 0; /* its lines are lost: the import fails here */
            return NULL;
        }
        if (s->chunk >= a->in_file) a->in_file = s->chunk + 1;
    }
    s->used = 0; /* empty until loaded */
    if (c < a->in_file) {
        if (chunk_io(fileno(a->file), s->l, n, (off_t)c * (off_t)n, false) != 0) {
            gk_error_set(err, _("cannot read: %s"), strerror(errno));
            return NULL;
        }
    } else {
        memset(s->l, 0, n); /* never pushed out: no line given yet */
    }
    s->chunk = c;
    s->used = ++a->tick;
    return s->l;
}

/* The slot of the line on which attribute a of row id (made by this
 * import: id > max0) was first given; valid until the next call on the
 * same array. NULL with err on failure. */
static uint32_t *made_line(gk_importer *im, struct made_lines *lines, int64_t max0, int64_t id,
                           int per, int a, gk_error *err)
{
    assert(id > max0 && a >= 0 && a < per);
    int64_t row = id - max0 - 1;
    uint32_t *l = chunk_of(im, lines, per, row / LINE_CHUNK, err);
    return l ? &l[(row % LINE_CHUNK) * per + a] : NULL;
}

uint32_t *node_line(gk_importer *im, int64_t node, enum attr a, gk_error *err)
{
    return made_line(im, &im->node_lines, im->node_max0, node, NODE_ATTRS, (int)a, err);
}

uint32_t *series_line(gk_importer *im, int64_t series, enum attr a, gk_error *err)
{
    return made_line(im, &im->series_lines, im->series_max0, series, SERIES_ATTRS, (int)a - A_BASE,
                     err);
}

void made_lines_free(struct made_lines *lines)
{
    for (int i = 0; i < LINE_SLOTS; i++)
        free(lines->slot[i].l);
    if (lines->file) fclose(lines->file);
    memset(lines, 0, sizeof *lines);
}
