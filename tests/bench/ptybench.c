/*
 * ptybench.c — drives the TUI through a pseudo-terminal and prints figures:
 * time to the first complete screen, and for a scripted sequence of keys the
 * CPU time and the bytes the program wrote per key, the longest a key took,
 * its peak memory and the memory it holds after the keys.
 *
 *   ptybench [-k KEYS] [-n COUNT] [-p PREFIX] [-c COLS] [-r ROWS] [-t TEXT] -- gyokaku ARGS...
 *
 * PREFIX (same notation) is sent once before measuring, e.g. to open a form
 * or the search prompt ("/").
 *
 * KEYS is a string of keys cycled COUNT times (default 1000):
 *   j k l h J K g G = Down Up Right Left PgDn PgUp Home End; a character
 *   after '\' is sent as is ("\j" types j); any other character, Japanese
 *   included, is typed as it is.
 * The first screen is complete when the output contains TEXT (default the
 * function-key bar's "F10") and the program is idle. A key is done when the
 * program is idle again: it has read the key (nothing left unread on the
 * terminal's input side), no output for 2 ms, and the process asleep (state
 * S, waiting for input) on two looks in a row — however long the key takes
 * (a slow key is waited for, up to 60 s). The time of a key is from sending
 * it to its last byte of output.
 *
 * The last line is the figures for scripts:
 *   figures first_ms=… cpu_ms_per_key=… bytes_per_key=… max_key_ms=…
 *           peak_kb=… rss_before_kb=… rss_after_kb=…
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* State letter of the process (R running, S sleeping, D disk …), '?' gone. */
static char proc_state(pid_t pid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        return '?';
    }
    fclose(f);
    char *p = strrchr(line, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

/* Reads the program's output until it is idle: `want` (if set) seen, no
 * output for quiet_ms and the process asleep on two looks in a row.
 * Returns the bytes read; *last gets the time of the last byte (or the
 * start when none came). Gives up after `limit` seconds. */
/* The terminal's input side, to see whether the program has read what was
 * sent (-1: unknown, then only the process state counts). */
static int slave_fd = -1;

static int unread(void)
{
    int n = 0;
    if (slave_fd < 0 || ioctl(slave_fd, FIONREAD, &n) != 0) return 0;
    return n;
}

static long settle(int fd, pid_t pid, int quiet_ms, const char *want, double limit, double *last)
{
    static char window[1 << 16];
    size_t wlen = 0;
    long total = 0;
    int seen = want == NULL, asleep = 0;
    double start = now();
    if (last) *last = start;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, quiet_ms);
        if (r > 0) {
            char buf[8192];
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) return total;
            total += n;
            asleep = 0;
            if (last) *last = now();
            if (!seen) {
                if (wlen + (size_t)n > sizeof window) wlen = 0;
                memcpy(window + wlen, buf, (size_t)n);
                wlen += (size_t)n;
                seen = memmem(window, wlen, want, strlen(want)) != NULL;
            }
            continue;
        }
        if (now() - start > limit) return total;
        char st = proc_state(pid);
        if (st == '?' || st == 'Z') return total;
        asleep = st == 'S' && unread() == 0 ? asleep + 1 : 0;
        if (seen && asleep >= 2) return total;
    }
}

static long rss_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = 0;
    size_t fl = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0) kb = atol(line + fl);
    if (f) fclose(f);
    return kb;
}

static double cpu_seconds(pid_t pid)
{
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        return 0;
    }
    fclose(f);
    char *p = strrchr(line, ')');
    unsigned long ut = 0, st = 0;
    /* fields after ')': state(3) ... utime(14) stime(15) */
    if (p) sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static const char *key_bytes(char k)
{
    switch (k) {
    /* curses puts the terminal in keypad ("application") mode: xterm then
     * sends ESC O A for Up, not ESC [ A */
    case 'j':
        return "\033OB";
    case 'k':
        return "\033OA";
    case 'l':
        return "\033OC";
    case 'h':
        return "\033OD";
    case 'J':
        return "\033[6~";
    case 'K':
        return "\033[5~";
    case 'g':
        return "\033OH";
    case 'G':
        return "\033OF";
    default:
        return NULL;
    }
}

/* Bytes of the key at p: one letter of the notation, or one UTF-8 character. */
static size_t key_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c == '\\' && p[1]) return 2;
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

static int send_key(int fd, const char *p)
{
    const char *b = key_bytes(*p);
    if (*p == '\\' && p[1]) return write(fd, p + 1, 1) < 0 ? -1 : 0;
    if (b) return write(fd, b, strlen(b)) < 0 ? -1 : 0;
    return write(fd, p, key_len(p)) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *keys = "jjjjjjjjjjlkkkkkjjjjjjjjjjJKhGg", *ready = "F10", *prefix = "";
    int count = 1000, cols = 80, rows = 24, opt;
    while ((opt = getopt(argc, argv, "k:n:c:r:t:p:")) != -1) {
        switch (opt) {
        case 'p':
            prefix = optarg;
            break;
        case 'k':
            keys = optarg;
            break;
        case 'n':
            count = atoi(optarg);
            break;
        case 'c':
            cols = atoi(optarg);
            break;
        case 'r':
            rows = atoi(optarg);
            break;
        case 't':
            ready = optarg;
            break;
        default:
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: ptybench [options] -- COMMAND [ARGS]\n");
        return 2;
    }
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    int fd;
    double t0 = now();
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        execvp(argv[optind], argv + optind);
        _exit(127);
    }
    if (pid < 0) {
        perror("forkpty");
        return 1;
    }
    const char *sname = ptsname(fd);
    if (sname) slave_fd = open(sname, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    double t_last;
    long first = settle(fd, pid, 2, ready, 60, &t_last);
    double t_first = t_last - t0;
    for (const char *p = prefix; *p; p += key_len(p)) {
        send_key(fd, p);
        settle(fd, pid, 2, NULL, 60, NULL);
    }
    long rss0 = rss_kb(pid, "VmRSS:");
    double cpu0 = cpu_seconds(pid);
    long bytes = 0, maxbytes = 0;
    double maxkey = 0;
    size_t nk = strlen(keys), at = 0;
    double t1 = now();
    for (int i = 0; i < count; i++) {
        if (at >= nk) at = 0;
        double ts = now();
        if (send_key(fd, keys + at) < 0) break;
        at += key_len(keys + at);
        long n = settle(fd, pid, 2, NULL, 60, &t_last);
        if (n > 0 && t_last - ts > maxkey) maxkey = t_last - ts;
        bytes += n;
        if (n > maxbytes) maxbytes = n;
    }
    double wall = now() - t1;
    double cpu = cpu_seconds(pid) - cpu0;
    long kb = rss_kb(pid, "VmHWM:"), rss1 = rss_kb(pid, "VmRSS:");
    if (write(fd, "\033", 1) < 0 || write(fd, "q", 1) < 0) kill(pid, SIGTERM);
    settle(fd, pid, 20, NULL, 2, NULL);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    printf("first screen: %.1f ms (%ld bytes)\n", t_first * 1000, first);
    printf("%d keys: %.3f ms CPU per key, %.0f bytes per key (max %ld), longest key %.1f ms, "
           "%.2f s wall\n",
           count, cpu * 1000 / count, (double)bytes / count, maxbytes, maxkey * 1000, wall);
    printf("peak memory: %.1f MiB; held before the keys %.1f MiB, after them %.1f MiB\n",
           kb / 1024.0, rss0 / 1024.0, rss1 / 1024.0);
    printf("figures first_ms=%.2f cpu_ms_per_key=%.4f bytes_per_key=%.0f max_key_ms=%.2f "
           "peak_kb=%ld rss_before_kb=%ld rss_after_kb=%ld\n",
           t_first * 1000, cpu * 1000 / count, (double)bytes / count, maxkey * 1000, kb, rss0, rss1);
    return 0;
}
