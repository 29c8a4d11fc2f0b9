/*
 * driver.c — one process of `make stress` (tests/stress/run.sh), linked with
 * build/libgk.a: it works through the same store code as the program.
 *
 *   driver writer DB ID SECONDS   saves values and notes through the entry
 *                                 form's code (gk_entry_load, gk_entry_set,
 *                                 gk_entry_save) on random indicators of the
 *                                 first plan, each text unique; prints
 *                                 "ack TEXT" for every save acknowledged
 *                                 and "wait MS AT" for how long it took,
 *                                 from the first try to the
 *                                 acknowledgement (busy tries and
 *                                 conflicts included), AT the first try's
 *                                 wall-clock time (ms since the epoch:
 *                                 run.sh places the slowest saves against
 *                                 the import and the backup),
 *                                 and "pass MS" for each try alone (one
 *                                 pass through the write gate's line)
 *   driver reader DB ID SECONDS   exports every plan (gk_cmd_export to a
 *                                 file) and browses (plans, the tree, each
 *                                 node's details) in turn
 *
 * Both end with one line "stats KIND ID ops=N busy=N conflicts=N fail=N
 * max_wait_ms=N": busy is how many saves the store refused as busy (each
 * said in the user's words, the text kept in the entry and saved again);
 * fail counts everything else that went wrong (each also printed as "fail
 * …"). The process exits 0 unless something was unhandled. A writer adds
 * restored=N: saves refused once because the database was restored under
 * it (tests/stress/restore.sh), and saved again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gyokaku/browse.h"
#include "gyokaku/cli.h"
#include "gyokaku/entry.h"
#include "gyokaku/store.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* The wall clock in ms: the moments the script takes with date(1). */
static double wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

typedef struct stats {
    long ops, busy, conflicts, fail, restored;
    double max_wait;
} stats;

static void failed(stats *st, const char *what, const char *msg)
{
    st->fail++;
    printf("fail %s: %s\n", what, msg);
}

static bool is_busy(const char *msg)
{
    return strstr(msg, "busy") != NULL;
}

/* The indicators under parent (depth first). */
static int collect(gk_store *s, int64_t plan, int64_t parent, int64_t **ids, size_t *n, size_t *cap,
                   gk_error *err)
{
    gk_node_info *v;
    size_t nv;
    if (gk_browse_children(s, plan, parent, &v, &nv, err) != 0) return -1;
    int rc = 0;
    for (size_t i = 0; i < nv && rc == 0; i++) {
        if (v[i].kind == GK_NODE_INDICATOR) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                int64_t *p = realloc(*ids, *cap * sizeof *p);
                if (!p) abort();
                *ids = p;
            }
            (*ids)[(*n)++] = v[i].id;
        }
        if (v[i].has_children) rc = collect(s, plan, v[i].id, ids, n, cap, err);
    }
    gk_node_info_free(v, nv);
    return rc;
}

static long find_field(const gk_entry *e, gk_field_kind k)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].kind == k) return (long)i;
    return -1;
}

/* Saves e until it is saved (prints the wait, all tries together): busy is waited out (the form
 * says it and the user saves again), a conflict is resolved by keeping ours on top of theirs. */
static int save(gk_store *s, gk_entry *e, stats *st, double deadline)
{
    double t0 = now_ms(), at = wall_ms();
    for (;;) {
        gk_error err = {{0}};
        double p0 = now_ms();
        int rc = gk_entry_save(s, e, &err);
        double w = now_ms() - t0;
        printf("pass %.3f\n", now_ms() - p0);
        if (w > st->max_wait) st->max_wait = w;
        if (rc == 0) {
            printf("wait %.3f %.0f\n", w, at);
            return 0;
        }
        if (rc == 1) {
            st->conflicts++;
            for (size_t i = 0; i < e->nfields; i++)
                if (e->fields[i].conflict) gk_entry_rebase(e, i);
            continue;
        }
        if (strstr(err.msg, "restored")) { /* a restore (restore.sh): said once, saved again */
            st->restored++;
            continue;
        }
        if (!is_busy(err.msg)) {
            failed(st, "save", err.msg);
            return -1;
        }
        st->busy++;
        if (now_ms() > deadline + 30000) {
            failed(st, "save", "still busy 30 s after the end");
            return -1;
        }
    }
}

static int writer(const char *db, int id, double seconds)
{
    stats st = {0};
    gk_error err;
    gk_store *s = gk_store_open(db, 0, &err);
    if (!s) {
        printf("fail open: %s\n", err.msg);
        return 1;
    }
    gk_plan_info *plans;
    size_t np;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    if (gk_browse_plans(s, &plans, &np, &err) != 0 || np == 0 ||
        collect(s, plans[0].id, 0, &ids, &n, &cap, &err) != 0 || n == 0) {
        printf("fail setup: %s\n", np ? err.msg : "no plan");
        return 1;
    }
    int year = plans[0].first_year ? plans[0].first_year : 2024;
    gk_plan_info_free(plans, np);
    srand((unsigned)(id * 7919 + 1));
    double end = now_ms() + seconds * 1000;
    long seq = 0;
    while (now_ms() < end) {
        gk_entry e;
        int64_t node = ids[rand() % (int)n];
        if (gk_entry_load(s, node, year + rand() % 3, &e, &err) != 0) {
            if (is_busy(err.msg)) {
                st.busy++;
                continue;
            }
            failed(&st, "load", err.msg);
            break;
        }
        long a = find_field(&e, GK_FIELD_ACTUAL), nt = find_field(&e, GK_FIELD_STATUS);
        char value[64], note[128];
        seq++;
        snprintf(value, sizeof value, "%d%06ld", id + 1, seq); /* a plain number: any unit */
        snprintf(note, sizeof note, "stress 書き手%d 第%ld回", id, seq);
        if (a >= 0) gk_entry_set(&e, (size_t)a, value);
        if (nt >= 0) gk_entry_set(&e, (size_t)nt, note);
        if (save(s, &e, &st, end) == 0) {
            st.ops++;
            if (a >= 0) printf("ack %s\n", value);
            if (nt >= 0) printf("ack %s\n", note);
        } else if (st.fail > 0) {
            gk_entry_free(&e);
            break;
        }
        gk_entry_free(&e);
    }
    free(ids);
    gk_store_close(s);
    printf(
        "stats writer %d ops=%ld busy=%ld conflicts=%ld fail=%ld max_wait_ms=%.0f restored=%ld\n",
        id, st.ops, st.busy, st.conflicts, st.fail, st.max_wait, st.restored);
    return st.fail ? 1 : 0;
}

static int browse(gk_store *s, stats *st)
{
    gk_error err;
    gk_plan_info *plans;
    size_t np;
    if (gk_browse_plans(s, &plans, &np, &err) != 0) {
        failed(st, "browse plans", err.msg);
        return -1;
    }
    for (size_t p = 0; p < np; p++) {
        int64_t *ids = NULL;
        size_t n = 0, cap = 0;
        if (collect(s, plans[p].id, 0, &ids, &n, &cap, &err) != 0) {
            failed(st, "browse tree", err.msg);
            break;
        }
        for (size_t i = 0; i < n; i += 3) {
            gk_node_detail d;
            if (gk_browse_detail(s, ids[i], plans[p].first_year, &d, &err) != 0) {
                failed(st, "browse detail", err.msg);
                break;
            }
            gk_node_detail_free(&d);
        }
        free(ids);
    }
    gk_plan_info_free(plans, np);
    return 0;
}

static int reader(const char *db, int id, double seconds, const char *out)
{
    stats st = {0};
    double end = now_ms() + seconds * 1000;
    gk_error err;
    for (long round = 0; now_ms() < end; round++) {
        double t0 = now_ms();
        if (round % 2 == 0) {
            char *argv[] = {"export", "--db", (char *)db, "-o", (char *)out, NULL};
            gk_cli cli = {0};
            int rc = gk_cmd_export(&cli, 5, argv);
            if (rc != 0) failed(&st, "export", "exit status not 0 (its message is above)");
        } else {
            gk_store *s = gk_store_open(db, GK_OPEN_READONLY, &err);
            if (!s)
                failed(&st, "open", err.msg);
            else {
                browse(s, &st);
                gk_store_close(s);
            }
        }
        double w = now_ms() - t0;
        if (w > st.max_wait) st.max_wait = w;
        st.ops++;
    }
    printf("stats reader %d ops=%ld busy=%ld conflicts=%ld fail=%ld max_wait_ms=%.0f\n", id, st.ops,
           st.busy, st.conflicts, st.fail, st.max_wait);
    return st.fail ? 1 : 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 5 && strcmp(argv[1], "writer") == 0)
        return writer(argv[2], atoi(argv[3]), atof(argv[4]));
    if (argc >= 6 && strcmp(argv[1], "reader") == 0)
        return reader(argv[2], atoi(argv[3]), atof(argv[4]), argv[5]);
    fprintf(stderr, "usage: driver writer DB ID SECONDS | reader DB ID SECONDS OUT\n");
    return 2;
}
