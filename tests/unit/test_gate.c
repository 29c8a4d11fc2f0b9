/*
 * test_gate.c — the write gate (src/store/gate.c): writers waiting to save
 * queue in the kernel and get the write lock in the order they came, at the
 * moment it is released; the wait is bounded (a busy error); a child of a
 * process inside the gate does not think itself inside.
 *
 * Every connection lives in a child process: SQLite keeps per-process lock
 * state that a fork() would copy, so the test program itself opens nothing
 * while others hold the file.
 */
#include "gk_test.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "../../src/store/store_int.h"

#define NWAIT 5

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static const char *make_db(const char *name)
{
    const char *path = gk_test_path(name);
    gk_error err;
    gk_store *s = gk_store_open(path, GK_OPEN_CREATE, &err);
    if (!s) fail_msg("%s", err.msg);
    gk_store_close(s);
    return path;
}

/* How many lock requests on path's file wait in the kernel (the lines of
 * /proc/locks marked "->" for its inode). */
static int waiting(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    char ino[64];
    snprintf(ino, sizeof ino, ":%lu ", (unsigned long)st.st_ino);
    FILE *f = fopen("/proc/locks", "r");
    if (!f) return -1;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "->") && strstr(line, ino)) n++;
    fclose(f);
    return n;
}

/* Waits up to 5 s for n requests waiting on path; returns whether they came. */
static bool wait_for_waiting(const char *path, int n)
{
    double end = now_ms() + 5000;
    while (now_ms() < end) {
        if (waiting(path) >= n) return true;
        nanosleep(&(struct timespec){0, 5 * 1000000L}, NULL);
    }
    return false;
}

/* A child that opens path, begins writing, says so on ready, waits for a
 * byte on go, then commits. */
static pid_t holder(const char *path, int ready, int go)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid > 0) return pid;
    gk_error err;
    gk_store *s = gk_store_open(path, 0, &err);
    if (!s || gk_store_begin(s, &err) != 0) _exit(2);
    char c = 'h';
    if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1) _exit(3);
    _exit(gk_store_commit(s, &err) == 0 ? 0 : 4);
}

static void test_writers_get_the_lock_in_the_order_they_came(void **state)
{
    (void)state;
    const char *path = make_db("order.db");
    int ready[2], go[2], got[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(got), 0);
    pid_t h = holder(path, ready[1], go[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);

    pid_t kids[NWAIT];
    bool queued[NWAIT];
    for (int i = 0; i < NWAIT; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            gk_error err;
            gk_store *s = gk_store_open(path, 0, &err);
            if (!s || gk_store_begin(s, &err) != 0) { /* said, so that the test never hangs */
                char x = 'x';
                _exit(write(got[1], &x, 1) == 1 ? 2 : 3);
            }
            char me = (char)('0' + i); /* only the writer inside says so: the order of entry */
            if (write(got[1], &me, 1) != 1) _exit(3);
            _exit(gk_store_commit(s, &err) == 0 ? 0 : 4);
        }
        /* the next one comes only once this one waits in the queue */
        queued[i] = wait_for_waiting(path, i + 1);
    }
    double t0 = now_ms();
    c = 'g';
    assert_int_equal(write(go[1], &c, 1), 1);
    char order[NWAIT + 1] = {0};
    for (int i = 0; i < NWAIT; i++)
        assert_int_equal(read(got[0], &order[i], 1), 1);
    double took = now_ms() - t0;
    int st;
    assert_int_equal(waitpid(h, &st, 0), h);
    assert_int_equal(WEXITSTATUS(st), 0);
    int status[NWAIT];
    for (int i = 0; i < NWAIT; i++)
        assert_int_equal(waitpid(kids[i], &status[i], 0), kids[i]);
    for (int i = 0; i < NWAIT; i++)
        if (!queued[i]) fail_msg("writer %d did not wait in the kernel's queue", i);
    assert_string_equal(order, "01234");
    for (int i = 0; i < NWAIT; i++)
        assert_int_equal(WEXITSTATUS(status[i]), 0);
    /* handed over at once, not found by polling (SQLite's back-off sleeps
     * up to 100 ms between tries); generous for a loaded machine */
    if (took > 2000) fail_msg("five hand-overs took %.0f ms", took);
}

static void test_the_wait_is_bounded_and_said_busy(void **state)
{
    (void)state;
    const char *path = make_db("busy.db");
    int ready[2], go[2], res[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(res), 0);
    pid_t h = holder(path, ready[1], go[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    pid_t k = fork();
    assert_true(k >= 0);
    if (k == 0) {
        setenv("GYOKAKU_BUSY_TIMEOUT_MS", "300", 1);
        gk_error err = {{0}};
        gk_store *s = gk_store_open(path, 0, &err);
        if (!s) _exit(2);
        double t0 = now_ms();
        int rc = gk_store_begin(s, &err);
        double took = now_ms() - t0;
        char r = rc != 0 && strstr(err.msg, "busy") && took >= 250 && took < 3000 ? 'y' : 'n';
        if (write(res[1], &r, 1) != 1) _exit(3);
        _exit(0);
    }
    char r;
    assert_int_equal(read(res[0], &r, 1), 1);
    c = 'g';
    assert_int_equal(write(go[1], &c, 1), 1);
    int st;
    waitpid(k, &st, 0);
    waitpid(h, &st, 0);
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_int_equal(r, 'y');
}

static void test_a_child_of_a_writer_is_not_inside(void **state)
{
    (void)state;
    const char *path = make_db("fork.db");
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0) {
        int slot;
        if (gk_gate_enter(path, 1000, &slot) != 0 || slot < 0) _exit(2);
        pid_t g = fork();
        if (g == 0) { /* inherits the table with the parent inside: must wait and time out */
            int s2;
            _exit(gk_gate_enter(path, 200, &s2) == 1 ? 0 : 5);
        }
        int st;
        if (waitpid(g, &st, 0) != g) _exit(3);
        gk_gate_leave(slot);
        /* once left, a child gets in at once */
        g = fork();
        if (g == 0) {
            int s2;
            _exit(gk_gate_enter(path, 200, &s2) == 0 && s2 >= 0 ? 0 : 6);
        }
        int st2;
        if (waitpid(g, &st2, 0) != g) _exit(3);
        _exit(WEXITSTATUS(st) ? WEXITSTATUS(st) : WEXITSTATUS(st2));
    }
    int st;
    assert_int_equal(waitpid(p, &st, 0), p);
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* A child that enters the gate of path directly (timeout ms), writes tag on
 * out once inside, stays in for stay ms, leaves; exits 0 when it got in. */
static pid_t enterer(const char *path, int timeout, char tag, int out, int stay)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid > 0) return pid;
    int slot;
    if (gk_gate_enter(path, timeout, &slot) != 0 || slot < 0) _exit(7);
    if (write(out, &tag, 1) != 1) _exit(3);
    if (stay > 0) nanosleep(&(struct timespec){stay / 1000, (stay % 1000) * 1000000L}, NULL);
    gk_gate_leave(slot);
    _exit(0);
}

/* The writer that lets go and comes straight back (it is still running, the
 * waiter is still asleep) goes behind the one already waiting: a bare lock
 * lets it take the gate again first, over and over. */
static void test_a_writer_coming_back_queues_behind_the_waiting(void **state)
{
    (void)state;
    const char *path = make_db("back.db");
    int ready[2], go[2], got[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(got), 0);
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0) {
        int slot;
        char c = 'r';
        if (gk_gate_enter(path, 5000, &slot) != 0 || slot < 0) _exit(2);
        if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1) _exit(3);
        gk_gate_leave(slot);
        if (gk_gate_enter(path, 5000, &slot) != 0 || slot < 0) _exit(4);
        c = 'P';
        if (write(got[1], &c, 1) != 1) _exit(3);
        gk_gate_leave(slot);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    pid_t w = enterer(path, 5000, 'W', got[1], 0);
    bool queued = wait_for_waiting(path, 1);
    c = 'g';
    assert_int_equal(write(go[1], &c, 1), 1);
    char order[3] = {0};
    assert_int_equal(read(got[0], &order[0], 1), 1);
    assert_int_equal(read(got[0], &order[1], 1), 1);
    int st;
    assert_int_equal(waitpid(p, &st, 0), p);
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_int_equal(waitpid(w, &st, 0), w);
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_true(queued);
    assert_string_equal(order, "WP");
}

/* A writer that gives up in the middle of the line: the one behind it gets
 * in only after the one inside has left. */
static void test_a_gap_in_the_line_keeps_writers_apart(void **state)
{
    (void)state;
    const char *path = make_db("gap.db");
    int got[2];
    assert_int_equal(pipe(got), 0);
    pid_t a = enterer(path, 5000, 'A', got[1], 1500); /* inside for 1.5 s */
    char c;
    assert_int_equal(read(got[0], &c, 1), 1);
    assert_int_equal(c, 'A');
    pid_t b = enterer(path, 400, 'B', got[1], 0); /* gives up after 400 ms */
    bool bq = wait_for_waiting(path, 1);
    pid_t cc = enterer(path, 5000, 'C', got[1], 0);
    bool cq = wait_for_waiting(path, 2);
    double t0 = now_ms();
    int st;
    assert_int_equal(waitpid(b, &st, 0), b);
    assert_int_equal(WEXITSTATUS(st), 7); /* timed out */
    assert_int_equal(read(got[0], &c, 1), 1);
    double took = now_ms() - t0;
    assert_int_equal(c, 'C');
    assert_int_equal(waitpid(a, &st, 0), a);
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_int_equal(waitpid(cc, &st, 0), cc);
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_true(bq);
    assert_true(cq);
    /* C came in when A left (1.5 s after it entered), not when B gave up */
    if (took < 500) fail_msg("C got in %.0f ms after B gave up, with A still inside", took);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writers_get_the_lock_in_the_order_they_came),
        cmocka_unit_test(test_the_wait_is_bounded_and_said_busy),
        cmocka_unit_test(test_a_child_of_a_writer_is_not_inside),
        cmocka_unit_test(test_a_writer_coming_back_queues_behind_the_waiting),
        cmocka_unit_test(test_a_gap_in_the_line_keeps_writers_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
