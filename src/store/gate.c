/*
 * gate.c — a queue in front of SQLite's write lock (see store_int.h).
 *
 * SQLite's busy handler polls: a writer that finds the file locked sleeps
 * 1, 2, 5 … 100 ms and tries again, so with many clerks saving a save that
 * loses a few times keeps sleeping while others commit (seconds at worst).
 * Before BEGIN IMMEDIATE, gk_store_begin takes this gate instead: an
 * open-file-description lock (fcntl F_OFD_SETLKW) on one byte of the
 * database file far beyond SQLite's own lock bytes (GK_GATE_OFFSET; SQLite
 * locks 0x40000000 to 0x400001ff), released after COMMIT or ROLLBACK.
 * Writers that do not take the gate (the sqlite3 tool, an older gyokaku)
 * still meet SQLite's busy handler after it.
 *
 * The kernel does not hand a released lock to its waiters in order: it
 * wakes them all and the first to get a core wins, and the writer that has
 * just let go, still running, usually takes it again before any of them
 * wakes (measured under make stress: half the saves waited 0.5 ms, one in a
 * hundred 380 ms or more). So writers line up first, a CLH queue made of
 * OFD locks only (nothing to clean up when a process dies: the kernel drops
 * its locks): under a short mutex byte (GK_GATE_MUTEX) a writer looks at
 * GK_GATE_SLOTS slot bytes, takes the free one just behind the last held
 * (the end of the line), lets go of the mutex and waits for the slot before
 * its own to be let go; then it takes the gate byte, which only the head of
 * the line asks for. It keeps its slot until it leaves the gate, so the
 * next in line is woken alone, and a writer coming back at once queues
 * behind those already waiting. A writer that gives up (the timeout) or
 * dies frees its slot: the one behind it then waits on the gate byte
 * itself, which keeps the writers apart whatever the order. With every
 * slot taken a writer waits on the gate byte directly.
 *
 * A line hands the gate over from process to process, so each hand-over
 * waits for the next writer to get a core (a lock convoy): with readers
 * busy on both cores that was ~3 ms per save, three times the time inside.
 * The waiting writer asks for a short time slice (sched_setattr; Linux
 * 6.12's EEVDF lets a normal task do so) so that, woken, it preempts at
 * once; it keeps that slice inside the gate and takes the default back as
 * it leaves; the writer leaving yields its core when someone is behind it.
 * With the default slice taken back on entering, a hold of the gate was
 * long now and then (make stress, a trace of each save: one in a hundred
 * 10-17 ms against a median of 0.4 ms, and holds of 2 ms or more were
 * 55 % of the time the gate was held), the holder preempted, presumably,
 * with the whole line behind it; with the short slice kept, one in a
 * hundred 5 ms. Together with the checkpoint beside the save (ckpt.c):
 * p99 of a save's wait 46-73 ms against 82-115 ms (alternating runs).
 *
 * The wait is bounded: a timer (timer_create) sends GK_GATE_SIGNAL, whose
 * handler does nothing but interrupt the fcntl (EINTR), the three waits (the
 * mutex, the slot before, the gate) sharing one deadline; after the first
 * expiry it repeats every 10 ms, so a signal that arrives just before the
 * fcntl blocks is followed by another. The caller turns a timeout into the
 * usual "busy" sentence.
 *
 * One descriptor per database file (device and inode) per process, opened
 * when first needed and kept open: closing any descriptor of a file drops
 * the POSIX locks SQLite holds on it in this process, so these are never
 * closed (close-on-exec, at most GK_GATE_FILES files; beyond that the gate
 * is skipped and SQLite's busy handler alone applies). The table remembers
 * the process that opened each descriptor: after fork() the child shares
 * its parent's open file descriptions (and so its OFD locks), so it opens
 * its own. Several connections of one process on one file share the gate
 * (a count of holders).
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GK_GATE_OFFSET 0x50000000LL
#define GK_GATE_MUTEX (GK_GATE_OFFSET + 1)
#define GK_GATE_SLOT0 (GK_GATE_OFFSET + 16)
#define GK_GATE_SLOTS 64
#define GK_GATE_FILES 32
#define GK_GATE_SIGNAL (SIGRTMIN + 5)

typedef struct gate_file {
    dev_t dev;
    ino_t ino;
    pid_t pid; /* the process that opened fd */
    int fd;
    int holders; /* connections of pid inside the gate */
    int slot;    /* the queue slot held while inside, -1 when none */
} gate_file;

static gate_file files[GK_GATE_FILES];
static int nfiles;
static pid_t timer_pid; /* the process timer belongs to (timers do not survive fork) */
static timer_t timer;

static void on_signal(int sig)
{
    (void)sig;
}

/* The timer of this process, made on first use: -1 when it cannot be. */
static int make_timer(void)
{
    pid_t pid = getpid();
    if (timer_pid == pid) return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the fcntl must return EINTR */
    if (sigaction(GK_GATE_SIGNAL, &sa, NULL) != 0) return -1;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = GK_GATE_SIGNAL;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) return -1;
    timer_pid = pid;
    return 0;
}

static void arm(long ms)
{
    struct itimerspec it;
    memset(&it, 0, sizeof it);
    if (ms > 0) {
        if (ms < 1) ms = 1;
        it.it_value.tv_sec = ms / 1000;
        it.it_value.tv_nsec = (ms % 1000) * 1000000L;
        it.it_interval.tv_nsec = 10 * 1000000L;
    }
    timer_settime(timer, 0, &it, NULL);
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int lock_at(int fd, off_t at, short type, bool wait)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = at;
    fl.l_len = 1;
    return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
}

/* Whether another open file description holds a lock on len bytes at at. */
static bool held(int fd, off_t at, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = at;
    fl.l_len = len;
    if (fcntl(fd, F_OFD_GETLK, &fl) != 0) return false;
    return fl.l_type != F_UNLCK;
}

/* A blocking lock bounded by deadline (the timer interrupts it): 0, or -1
 * with errno EINTR when the time is up, another errno on a lock error. */
static int lock_until(int fd, off_t at, short type, long deadline)
{
    int rc;
    while ((rc = lock_at(fd, at, type, true)) != 0 && errno == EINTR && now_ms() < deadline) {
    }
    return rc;
}

/* Asks the scheduler for a short time slice (us microseconds; 0: the
 * default again), unprivileged on Linux 6.12 and later (EEVDF; older
 * kernels ignore it for normal tasks). */
static void slice(unsigned long long us)
{
    struct {
        unsigned size, policy;
        unsigned long long flags;
        int nice;
        unsigned priority;
        unsigned long long runtime, deadline, period;
    } a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    if (nice == -1 && errno != 0) return;
    a.policy = SCHED_OTHER;
    a.nice = nice;
    a.runtime = us * 1000;
    syscall(SYS_sched_setattr, 0, &a, 0);
}

/* The entry of path's file for this process, opening it: -1 when none. */
static int find_file(const char *path)
{
    pid_t pid = getpid();
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    for (int i = 0; i < nfiles; i++)
        if (files[i].pid == pid && files[i].dev == st.st_dev && files[i].ino == st.st_ino) return i;
    if (nfiles == GK_GATE_FILES) return -1;
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0) { /* cannot happen; the descriptor is kept all the same */
        st.st_dev = 0;
        st.st_ino = 0;
    }
    files[nfiles] = (gate_file){st.st_dev, st.st_ino, pid, fd, 0, -1};
    return nfiles++;
}

/* The queue's slot to take, under the mutex: the first free slot whose
 * predecessor (the slot before it, in a ring) is held, i.e. the place just
 * behind the last in line; *pred is then that predecessor, or -1 when
 * nobody is in line. -1 when every slot is taken. */
static int pick_slot(int fd, int *pred)
{
    *pred = -1;
    if (!held(fd, GK_GATE_SLOT0, GK_GATE_SLOTS)) return 0;
    bool busy[GK_GATE_SLOTS];
    for (int i = 0; i < GK_GATE_SLOTS; i++)
        busy[i] = held(fd, GK_GATE_SLOT0 + i, 1);
    for (int i = 0; i < GK_GATE_SLOTS; i++) {
        int p = (i + GK_GATE_SLOTS - 1) % GK_GATE_SLOTS;
        if (!busy[i] && busy[p]) {
            *pred = p;
            return i;
        }
    }
    return -1;
}

/* Takes f's gate: 0 inside, 1 timed out, -1 no gate (a lock error). */
static int queue_in(gate_file *f, int timeout_ms)
{
    if (make_timer() != 0) return -1;
    long deadline = now_ms() + timeout_ms;
    arm(timeout_ms);
    int rc = -1, mine = -1, pred = -1;
    /* woken, a writer has work that every writer behind it waits for: a
     * short slice lets it preempt at once instead of at the end of the
     * running task's slice (EEVDF's RUN_TO_PARITY: ~3 ms per hand-over
     * measured under make stress); kept inside the gate, whose holder is
     * then the first to run whenever it may (the default slice comes back
     * in gk_gate_leave) */
    slice(100);
    if (lock_until(f->fd, GK_GATE_MUTEX, F_WRLCK, deadline) != 0) goto out;
    mine = pick_slot(f->fd, &pred);
    if (mine >= 0 && lock_at(f->fd, GK_GATE_SLOT0 + mine, F_WRLCK, false) != 0) mine = pred = -1;
    lock_at(f->fd, GK_GATE_MUTEX, F_UNLCK, false);
    /* behind the one before: it lets go of its slot when it leaves the gate
     * (or gives up, or dies); then the gate itself, which only the head of
     * the line (and writers that do not queue) ask for */
    if (pred >= 0) {
        if (lock_until(f->fd, GK_GATE_SLOT0 + pred, F_RDLCK, deadline) != 0) goto out;
        lock_at(f->fd, GK_GATE_SLOT0 + pred, F_UNLCK, false);
    }
    if (lock_until(f->fd, GK_GATE_OFFSET, F_WRLCK, deadline) != 0) goto out;
    f->slot = mine;
    rc = 0;
out:;
    int e = errno;
    arm(0);
    if (rc != 0) {
        slice(0);
        if (mine >= 0) lock_at(f->fd, GK_GATE_SLOT0 + mine, F_UNLCK, false);
        rc = e == EINTR ? 1 : -1;
    }
    return rc;
}

int gk_gate_enter(const char *path, int timeout_ms, int *slot)
{
    *slot = -1;
    int i = find_file(path);
    if (i < 0) return 0; /* no gate: SQLite's busy handler alone */
    gate_file *f = &files[i];
    if (f->holders > 0) {
        f->holders++;
        *slot = i;
        return 0;
    }
    int rc = queue_in(f, timeout_ms);
    if (rc != 0) return rc > 0 ? 1 : 0; /* timed out, or no gate (a lock error) */
    f->holders = 1;
    *slot = i;
    return 0;
}

void gk_gate_leave(int slot)
{
    if (slot < 0 || slot >= nfiles || files[slot].pid != getpid() || files[slot].holders == 0)
        return;
    gate_file *f = &files[slot];
    if (--f->holders > 0) return;
    /* the gate first: the next in line, woken by the slot, finds it free */
    lock_at(f->fd, GK_GATE_OFFSET, F_UNLCK, false);
    if (f->slot >= 0) {
        int next = (f->slot + 1) % GK_GATE_SLOTS;
        bool waiting = held(f->fd, GK_GATE_SLOT0 + next, 1);
        lock_at(f->fd, GK_GATE_SLOT0 + f->slot, F_UNLCK, false);
        /* the next in line has just been woken, most often on this core:
         * give it the core now rather than at the end of this slice (make
         * stress: 40 % more saves, the median wait a third shorter) */
        if (waiting) sched_yield();
    }
    f->slot = -1;
    slice(0); /* out of the gate: the default slice again (queue_in) */
}
