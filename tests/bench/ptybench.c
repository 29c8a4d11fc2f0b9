/*
 * ptybench.c — drives the TUI through a pseudo-terminal and prints figures:
 * time to the first complete screen, and for a scripted sequence of keys the
 * CPU time and the bytes the program wrote per key, plus its peak memory.
 *
 *   ptybench [-k KEYS] [-n COUNT] [-p PREFIX] [-c COLS] [-r ROWS] [-t TEXT] -- gyokaku ARGS...
 *
 * PREFIX (same notation) is sent once before measuring, e.g. to open a form.
 *
 * KEYS is a string of keys cycled COUNT times (default 1000):
 *   j k l h J K g G = Down Up Right Left PgDn PgUp Home End; a character
 *   after '\' is sent as is ("\j" types j); any other character, Japanese
 *   included, is typed as it is.
 * The first screen is complete when the output contains TEXT (default the
 * function-key bar's "F10") and then stays quiet for 20 ms.
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

/* Reads what is available until nothing arrives for quiet_ms; returns bytes
 * read. If want is set, keeps reading (up to 10 s) until it was seen. */
static long drain(int fd, int quiet_ms, const char *want)
{
    static char window[1 << 16];
    size_t wlen = 0;
    long total = 0;
    int seen = want == NULL;
    double deadline = now() + 10;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, seen ? quiet_ms : 50);
        if (r <= 0) {
            if (seen || now() > deadline) return total;
            continue;
        }
        char buf[8192];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) return total;
        total += n;
        if (!seen) {
            if (wlen + (size_t)n > sizeof window) wlen = 0;
            memcpy(window + wlen, buf, (size_t)n);
            wlen += (size_t)n;
            seen = memmem(window, wlen, want, strlen(want)) != NULL;
        }
    }
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

static long peak_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
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
    long first = drain(fd, 20, ready);
    double t_first = now() - t0 - 0.020;
    for (const char *p = prefix; *p; p += key_len(p)) {
        send_key(fd, p);
        drain(fd, 50, NULL);
    }
    double cpu0 = cpu_seconds(pid);
    long bytes = 0, maxbytes = 0;
    size_t nk = strlen(keys), at = 0;
    double t1 = now();
    for (int i = 0; i < count; i++) {
        if (at >= nk) at = 0;
        if (send_key(fd, keys + at) < 0) break;
        at += key_len(keys + at);
        long n = drain(fd, 5, NULL);
        bytes += n;
        if (n > maxbytes) maxbytes = n;
    }
    double wall = now() - t1;
    double cpu = cpu_seconds(pid) - cpu0;
    long kb = peak_kb(pid);
    if (write(fd, "q", 1) < 0) kill(pid, SIGTERM);
    drain(fd, 100, NULL);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    printf("first screen: %.1f ms (%ld bytes)\n", t_first * 1000, first);
    printf("%d keys: %.3f ms CPU per key, %.0f bytes per key (max %ld), %.2f s wall\n", count,
           cpu * 1000 / count, (double)bytes / count, maxbytes, wall);
    printf("peak memory: %.1f MiB\n", kb / 1024.0);
    return 0;
}
