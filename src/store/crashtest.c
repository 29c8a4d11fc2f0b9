/*
 * crashtest.c — a test-only hook that makes the program die at a chosen
 * point of a write, so that the crash test (tests/e2e/40-crash.sh) can check
 * that the next command opens the file and finds each import whole or
 * absent. Inert unless the environment variable GYOKAKU_TEST_CRASH is set:
 *
 *   GYOKAKU_TEST_CRASH=commit    _exit(GK_CRASH_EXIT) as soon as a COMMIT has
 *                                succeeded (before anything else, such as the
 *                                checkpoint when the connection closes)
 *   GYOKAKU_TEST_CRASH=write:N   _exit(GK_CRASH_EXIT) right after the Nth
 *                                write into a main database file (not a
 *                                backup's temporary copy). In WAL mode
 *                                only checkpoints write there, page 1 first:
 *                                write:1 leaves the main file shorter than its
 *                                header's page count, with the WAL intact.
 *
 *   GYOKAKU_TEST_CRASH=enospc:N  the Nth write call and every later one fail
 *                                as on a full disk (SQLITE_FULL; the disk stays
 *                                full until the process ends)
 *   GYOKAKU_TEST_CRASH=eio:N     only the Nth write call fails, with an
 *                                input/output error (SQLITE_IOERR_WRITE,
 *                                _FSYNC or _TRUNCATE)
 *   GYOKAKU_TEST_CRASH=count     nothing fails; at exit, "gyokaku-test: N write
 *                                calls" on stderr (how far a walk over N goes)
 *
 * A "write call" is any xWrite, xSync or xTruncate on any file SQLite opens:
 * the main file, its WAL, a journal, the target of VACUUM INTO or of a
 * backup. The fault injection test (tests/e2e/57-faults.sh, test_faults.c)
 * walks N over every write call of a save, an import, a migration and a
 * backup. In-process tests set the same faults with gk_fault_test_set().
 *
 * All of them are a VFS that passes every call on to the default one and
 * counts the writes. _exit() is what SIGKILL does to the file: nothing is
 * flushed or closed by SQLite.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct crash_file {
    sqlite3_file base;
    sqlite3_file *real; /* the default VFS's file, allocated right after this */
    int main_db;
} crash_file;

static sqlite3_vfs *real_vfs;
static long writes_left; /* write:N: writes to go before the exit */
static int exit_on_commit;
static int fault_mode;   /* GK_FAULT_* */
static long fault_at;    /* the write call that fails first (1-based) */
static long write_calls; /* write calls so far (every file) */
static int count_at_exit;

/* Counts one write call; returns the SQLite error it must fail with (ioerr for
 * an input/output error), or SQLITE_OK. */
static int fault(int ioerr)
{
    long n = ++write_calls;
    if (fault_mode == GK_FAULT_ENOSPC && n >= fault_at) return SQLITE_FULL;
    if (fault_mode == GK_FAULT_EIO && n == fault_at) return ioerr;
    return SQLITE_OK;
}

#define REAL(f) (((crash_file *)(f))->real)

static int c_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}
static int c_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int c_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    int rc = fault(SQLITE_IOERR_WRITE);
    if (rc != SQLITE_OK) return rc;
    rc = REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
    if (((crash_file *)f)->main_db && writes_left > 0 && --writes_left == 0) _exit(GK_CRASH_EXIT);
    return rc;
}
static int c_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = fault(SQLITE_IOERR_TRUNCATE);
    if (rc != SQLITE_OK) return rc == SQLITE_FULL ? SQLITE_IOERR_TRUNCATE : rc;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int c_sync(sqlite3_file *f, int flags)
{
    int rc = fault(SQLITE_IOERR_FSYNC);
    if (rc != SQLITE_OK) return rc == SQLITE_FULL ? SQLITE_IOERR_FSYNC : rc;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int c_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int c_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int c_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int c_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int c_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int c_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int c_device_chars(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int c_shm_map(sqlite3_file *f, int i, int sz, int extend, void volatile **p)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, extend, p);
}
static int c_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void c_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int c_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int c_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **p)
{
    return REAL(f)->pMethods->xFetch(REAL(f), o, n, p);
}
static int c_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

/* Version 2: shared memory (WAL) but no memory-mapped fetch, so that every
 * write really goes through c_write. */
static const sqlite3_io_methods crash_io = {
    2,
    c_close,
    c_read,
    c_write,
    c_truncate,
    c_sync,
    c_file_size,
    c_lock,
    c_unlock,
    c_check_reserved,
    c_file_control,
    c_sector_size,
    c_device_chars,
    c_shm_map,
    c_shm_lock,
    c_shm_barrier,
    c_shm_unmap,
    c_fetch,
    c_unfetch,
};

static int c_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    crash_file *cf = (crash_file *)f;
    cf->real = (sqlite3_file *)(cf + 1);
    /* write:N is about the database worked on: a backup's copy (backup.c
     * writes it under a name with ".tmp-" until it is verified) is not one */
    cf->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0 && !(name && strstr(name, ".tmp-"));
    int rc = real_vfs->xOpen(real_vfs, name, cf->real, flags, out);
    cf->base.pMethods = rc == SQLITE_OK && cf->real->pMethods ? &crash_io : NULL;
    return rc;
}

static sqlite3_vfs crash_vfs;

/* Makes the counting VFS the default (once; before any file is opened
 * through it). Returns 0, or -1 when there is no default VFS. */
static int register_vfs(void)
{
    if (real_vfs) return 0;
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs) return -1;
    crash_vfs = *real_vfs;
    crash_vfs.iVersion = real_vfs->iVersion < 3 ? real_vfs->iVersion : 3;
    crash_vfs.szOsFile = (int)sizeof(crash_file) + real_vfs->szOsFile;
    crash_vfs.zName = "gyokaku-crash-test";
    crash_vfs.xOpen = c_open;
    return sqlite3_vfs_register(&crash_vfs, 1) == SQLITE_OK ? 0 : -1;
}

static void print_count(void)
{
    fprintf(stderr, "gyokaku-test: %ld write calls\n", write_calls);
}

void gk_crash_test_init(void)
{
    static int done;
    if (done) return;
    done = 1;
    const char *e = getenv("GYOKAKU_TEST_CRASH");
    if (!e || !*e) return;
    if (strcmp(e, "commit") == 0) {
        exit_on_commit = 1;
        return;
    }
    if (strcmp(e, "count") == 0) {
        if (register_vfs() == 0 && !count_at_exit) {
            count_at_exit = 1;
            atexit(print_count);
        }
        return;
    }
    if (strncmp(e, "enospc:", 7) == 0 && atol(e + 7) > 0) {
        if (register_vfs() == 0) gk_fault_test_set(GK_FAULT_ENOSPC, atol(e + 7));
        return;
    }
    if (strncmp(e, "eio:", 4) == 0 && atol(e + 4) > 0) {
        if (register_vfs() == 0) gk_fault_test_set(GK_FAULT_EIO, atol(e + 4));
        return;
    }
    if (strncmp(e, "write:", 6) != 0 || (writes_left = atol(e + 6)) <= 0) return;
    register_vfs();
}

int gk_fault_test_set(int mode, long n)
{
    if (register_vfs() != 0) return -1;
    fault_mode = mode;
    fault_at = n;
    write_calls = 0;
    return 0;
}

long gk_fault_test_calls(void)
{
    return write_calls;
}

void gk_crash_test_committed(void)
{
    if (exit_on_commit) _exit(GK_CRASH_EXIT);
}
