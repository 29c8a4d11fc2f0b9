/*
 * ckpt.c — the WAL's checkpoint, run beside the saves instead of in them
 * (store_int.h).
 *
 * SQLite's automatic checkpoint runs inside COMMIT, in the write gate; it
 * was moved after the gate (gk_store_commit), but still ran in the save,
 * which returned only once it was done: under make stress the WAL is
 * seldom started again from its beginning (readers hold snapshots), so it
 * stays above the threshold and every commit ran one. Beside the save,
 * with the gate's holder on a short time slice (gate.c), p99 of a save's
 * wait was 32-45 ms against 80-125 ms with the checkpoint in the save
 * (doc/performance.md, "Where the slowest hundredth came from").
 *
 * A save is complete at COMMIT: the WAL holds it, and a checkpoint only
 * copies pages from the WAL into the database file, whenever it runs. So a
 * thread of the process runs it on a connection of its own, opened on
 * first use: gk_ckpt_request asks and returns at once; requests that come
 * while one runs are one more run after it. gk_ckpt_stop, before the
 * store's own connection closes, waits for the one running and drops any
 * asked for (closing the last connection checkpoints anyway). A process
 * that exits without closing the store leaves a checkpoint half done,
 * which SQLite finishes or redoes later: it is safe at any point.
 *
 * The thread's connection only ever checkpoints. It reads the schema once
 * first: SQLite opens a connection's WAL on its first read transaction,
 * and a checkpoint asked of a connection without one does nothing.
 */
#include "store_int.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct gk_ckpt {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool asked, stop;
    int runs; /* checkpoints run, for tests (gk_ckpt_wait) */
    bool idle;
    pid_t pid; /* the process the thread runs in (a child after fork() has none) */
    char path[];
};

/* The thread's connection, opened and primed (its WAL open): NULL when it
 * cannot be yet (tried again at the next request). */
static sqlite3 *open_primed(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    /* as every connection of the store (store.c): the file trusts only
     * its own schema */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static void *run(void *arg)
{
    gk_ckpt *c = arg;
    sqlite3 *db = NULL;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->asked && !c->stop)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->stop) break;
        c->asked = false;
        c->idle = false;
        pthread_mutex_unlock(&c->mu);
        if (!db) db = open_primed(c->path);
        if (db) sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
        c->runs += db != NULL;
        c->idle = true;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    sqlite3_close(db);
    return NULL;
}

void gk_ckpt_request(gk_store *s)
{
    gk_ckpt *c = s->ckpt;
    if (c && c->pid != getpid()) { /* a child's copy of the store: no thread here */
        sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        return;
    }
    if (!c) {
        size_t n = strlen(s->path) + 1;
        c = calloc(1, sizeof *c + n);
        if (!c) return;
        memcpy(c->path, s->path, n);
        c->idle = true;
        c->pid = getpid();
        if (pthread_mutex_init(&c->mu, NULL) != 0) {
            free(c);
            return;
        }
        /* The thread takes no signal: a signal sent to the process goes
         * to a thread that does not block it, and the gate's timeout
         * (gate.c), SIGWINCH (ncurses' resize) and SIGHUP (the TUI keeps
         * the user's text) must interrupt the main thread's wait, not this
         * one's. It inherits the mask in force when it is created. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        int made =
            pthread_cond_init(&c->cv, NULL) == 0 && pthread_create(&c->thread, NULL, run, c) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (!made) {
            /* no thread: the checkpoint as before, in the save */
            pthread_mutex_destroy(&c->mu);
            free(c);
            sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
            return;
        }
        s->ckpt = c;
    }
    pthread_mutex_lock(&c->mu);
    c->asked = true;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

int gk_ckpt_wait(gk_store *s)
{
    gk_ckpt *c = s->ckpt;
    if (!c || c->pid != getpid()) return 0;
    pthread_mutex_lock(&c->mu);
    while (c->asked || !c->idle)
        pthread_cond_wait(&c->cv, &c->mu);
    int runs = c->runs;
    pthread_mutex_unlock(&c->mu);
    return runs;
}

void gk_ckpt_stop(gk_store *s)
{
    gk_ckpt *c = s->ckpt;
    if (!c) return;
    if (c->pid != getpid()) { /* the parent's thread: not this process's to stop */
        s->ckpt = NULL;
        return;
    }
    pthread_mutex_lock(&c->mu);
    c->stop = true;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
    s->ckpt = NULL;
}
