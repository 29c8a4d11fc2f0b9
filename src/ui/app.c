/*
 * app.c — owning the terminal: locale check, curses set-up and tear-down,
 * signals (SIGTERM and SIGHUP end the program cleanly, restoring the
 * terminal), a terminal that is gone without SIGHUP (ended the same way),
 * reading keys (the one wait for a key, used by run.c) and the minimum size.
 */
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "gyokaku/browse.h"
#include "gyokaku/i18n.h"
#include "gyokaku/pref.h"
#include "gyokaku/text.h"
#include "gyokaku/ui.h"
#include "ui_int.h"
#include <term.h>

static volatile sig_atomic_t stop_signal;
/* The terminal hung up or closed. Kept: once gone, every later wait for a
 * key ends at once too, so the way out (drafts kept) is the SIGHUP one. */
static bool terminal_gone;
/* q / F10 / Ctrl-C on the too-small screen. */
static bool quit_now;

void ui_quit_now(void)
{
    quit_now = true;
}

static void on_stop(int sig)
{
    stop_signal = sig;
}

bool gk_ui_locale_ok(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int ui_signal(void)
{
    return (int)stop_signal;
}

int gk_ui_terminal_check(char *msg, size_t n)
{
    const char *term = getenv("TERM");
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(msg, n, "%s",
                 _("gyokaku: the full-screen interface needs a terminal, and standard input or "
                   "output is not one (redirected to a file or a pipe?); the commands (gyokaku "
                   "--help) work without one"));
        return -1;
    }
    if (!term || !*term) {
        snprintf(msg, n, "%s",
                 _("gyokaku: TERM is not set, so the terminal's kind is unknown; set it (e.g. "
                   "TERM=xterm-256color) or use the commands (gyokaku --help)"));
        return -1;
    }
    if (strcmp(term, "dumb") == 0) {
        snprintf(msg, n, "%s",
                 _("gyokaku: TERM=dumb cannot show the full-screen interface (no cursor "
                   "movement); run it in a terminal emulator, or use the commands "
                   "(gyokaku --help)"));
        return -1;
    }
    int err = 0;
    TERMINAL *saved = cur_term;
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        snprintf(msg, n,
                 _("gyokaku: the terminal type TERM=%s is unknown here (no terminfo entry); "
                   "install its description (package ncurses-term) or set TERM to a known "
                   "one, e.g. xterm-256color"),
                 term);
        return -1;
    }
    bool hard = tigetflag("hc") > 0 || tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1;
    del_curterm(cur_term);
    set_curterm(saved);
    if (hard) {
        snprintf(msg, n,
                 _("gyokaku: the terminal type TERM=%s cannot move the cursor, which the "
                   "full-screen interface needs; set TERM to the terminal's real type"),
                 term);
        return -1;
    }
    return 0;
}

/* get_wch returned ERR: the timeout passed, a signal came, or the terminal
 * is gone. A terminal whose other end closed (the ssh connection dropped,
 * the tmux server killed) without SIGHUP reaching us — we run in a session
 * of our own under setsid, runuser, sudo -u — makes every read end at once
 * with end-of-file or EIO, so get_wch never waits: poll() reports the
 * hang-up, and tcgetattr fails on a hung-up or non-terminal input. */
static bool input_gone(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    int rc = poll(&p, 1, 0);
    if (rc < 0) return errno != EINTR && errno != EAGAIN;
    if (rc > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) return true;
    struct termios t;
    return tcgetattr(STDIN_FILENO, &t) != 0 && errno != EINTR;
}

int ui_getkey(bool *is_key)
{
    *is_key = false;
    for (;;) {
        if (stop_signal || terminal_gone || quit_now) return -1;
        wint_t ch;
        int rc = get_wch(&ch);
        if (rc == ERR) { /* timeout: signals, and the idle work (drafts) */
            if (!stop_signal && input_gone()) {
                terminal_gone = true;
                return -1;
            }
            ui_idle_tick();
            continue;
        }
        *is_key = rc == KEY_CODE_YES;
        return (int)ch;
    }
}

static bool mouse_on;

void ui_mouse_set(bool on)
{
    mouse_on = on;
    mousemask(on ? BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED : 0,
              NULL);
}

bool ui_mouse_on(void)
{
    return mouse_on;
}

bool ui_too_small(void)
{
    if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES) return false;
    erase();
    ui_damage();
    char msg[512];
    snprintf(msg, sizeof msg, _("Terminal too small (need %d×%d, now %d×%d)."), UI_MIN_COLS,
             UI_MIN_LINES, COLS, LINES);
    size_t len = strlen(msg);
    snprintf(msg + len, sizeof msg - len, " %s",
             _("Make the window larger; q, F10 or Ctrl-C quits."));
    size_t n;
    gk_span *sp = gk_wrap(msg, COLS > 1 ? COLS - 1 : 1, &n);
    int y = (LINES - (int)n) / 2;
    for (size_t i = 0; sp && i < n; i++) {
        char *line = strndup(msg + sp[i].start, sp[i].len);
        if (y + (int)i >= 0 && y + (int)i < LINES)
            ui_put(y + (int)i, 0, COLS, line ? line : "", ST_WARN);
        free(line);
    }
    free(sp);
    curs_set(0);
    refresh();
    return true;
}

/* Function keys as the terminals clerks use send them, where the terminal
 * description (TERM) does not name them already: PuTTY's default and
 * rxvt's F1-F4 (ESC [11~ ...), the Linux console's (ESC [[A ...), VT100's
 * and xterm's (ESC O P ...), xterm's F5-F12 and the Home / End variants.
 * A sequence terminfo binds (to this or another key) is left alone. */
static void ui_define_keys(void)
{
    static const struct {
        const char *seq;
        int key;
    } extra[] = {
        {"\033[11~", KEY_F(1)},  {"\033[12~", KEY_F(2)},  {"\033[13~", KEY_F(3)},
        {"\033[14~", KEY_F(4)},  {"\033[15~", KEY_F(5)},  {"\033[17~", KEY_F(6)},
        {"\033[18~", KEY_F(7)},  {"\033[19~", KEY_F(8)},  {"\033[20~", KEY_F(9)},
        {"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)},
        {"\033[[A", KEY_F(1)},   {"\033[[B", KEY_F(2)},   {"\033[[C", KEY_F(3)},
        {"\033[[D", KEY_F(4)},   {"\033[[E", KEY_F(5)},   {"\033OP", KEY_F(1)},
        {"\033OQ", KEY_F(2)},    {"\033OR", KEY_F(3)},    {"\033OS", KEY_F(4)},
        {"\033[1~", KEY_HOME},   {"\033[4~", KEY_END},    {"\033[7~", KEY_HOME},
        {"\033[8~", KEY_END},    {"\033[H", KEY_HOME},    {"\033[F", KEY_END},
        {"\033OH", KEY_HOME},    {"\033OF", KEY_END},     {"\033[A", KEY_UP},
        {"\033[B", KEY_DOWN},    {"\033[C", KEY_RIGHT},   {"\033[D", KEY_LEFT},
        {"\033OA", KEY_UP},      {"\033OB", KEY_DOWN},    {"\033OC", KEY_RIGHT},
        {"\033OD", KEY_LEFT},    {"\033[5~", KEY_PPAGE},  {"\033[6~", KEY_NPAGE},
        {"\033[3~", KEY_DC},     {"\033[Z", KEY_BTAB},
    };
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        int had = key_defined(extra[i].seq);
        /* an extended capability of the description (putty names ESC O P
         * a keypad key of its own) gets a code no screen knows: replaced */
        if (had > KEY_MAX) define_key(extra[i].seq, 0);
        if (had == 0 || had > KEY_MAX) define_key(extra[i].seq, extra[i].key);
    }
}

void ui_term_setup(void)
{
    raw();
    noecho();
    keypad(stdscr, TRUE);
    nonl();
    /* $ESCDELAY (read by curses) wins; else 100 ms, as vim: a function
     * key's bytes that arrive apart over ssh still make one key */
    const char *ed = getenv("ESCDELAY");
    if (!ed || !*ed) set_escdelay(100);
    timeout(200);
    curs_set(0);
    define_key("\033[200~", UI_KEY_PASTE_BEGIN);
    define_key("\033[201~", UI_KEY_PASTE_END);
    define_key("\033[1;5H", UI_KEY_TEXT_START);
    define_key("\033[1;5F", UI_KEY_TEXT_END);
    define_key("\033[7^", UI_KEY_TEXT_START);
    define_key("\033[8^", UI_KEY_TEXT_END);
    define_key("\033<", UI_KEY_TEXT_START);
    define_key("\033>", UI_KEY_TEXT_END);
    ui_define_keys();
    define_key("\033b", UI_KEY_WORD_LEFT);
    define_key("\033f", UI_KEY_WORD_RIGHT);
}

/* The options name a plan and a department that exist: said on stderr
 * before the terminal is touched. */
static int check_options(gk_store *s, const gk_ui_options *o)
{
    gk_error err = {{0}};
    if (o->plan) {
        gk_plan_info *p;
        size_t n;
        if (gk_browse_plans(s, &p, &n, &err) != 0) {
            fprintf(stderr, "gyokaku: %s\n", err.msg);
            return -1;
        }
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || strcmp(p[i].name, o->plan) == 0;
        gk_plan_info_free(p, n);
        if (!found) {
            fprintf(stderr, _("gyokaku: no plan named \"%s\" in %s\n"), o->plan, gk_store_path(s));
            return -1;
        }
    }
    if (o->dept) {
        int64_t *ids;
        size_t n;
        if (gk_browse_dept_nodes(s, o->dept, &ids, &n, &err) != 0) {
            fprintf(stderr, "gyokaku: %s\n", err.msg);
            return -1;
        }
        free(ids);
        if (n == 0) {
            fprintf(stderr, _("gyokaku: no 所管課 named \"%s\" in %s\n"), o->dept,
                    gk_store_path(s));
            return -1;
        }
    }
    return 0;
}

/* Bars in '#': asked for (--ascii), or a terminal whose fonts lack the
 * eighth blocks (the Linux console, TERM=linux; vt100-like terminals). */
static bool ascii_terminal(const gk_ui_options *o)
{
    const char *t = getenv("TERM");
    return o->ascii || (t && (strcmp(t, "linux") == 0 || strncmp(t, "vt", 2) == 0));
}

int gk_ui_main(gk_store *s, const gk_ui_options *o)
{
    if (check_options(s, o) != 0) return 1;
    char tmsg[1024];
    if (gk_ui_terminal_check(tmsg, sizeof tmsg) != 0) { /* before anything is drawn */
        fprintf(stderr, "%s\n", tmsg);
        return 2;
    }
    ui_bars_set_ascii(ascii_terminal(o));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (!initscr()) {
        fprintf(stderr, _("gyokaku: cannot initialise the terminal\n"));
        return 1;
    }
    ui_term_setup();
    char mp[16];
    ui_mouse_set(!o->no_mouse && !(gk_pref_get(s, "mouse", mp, sizeof mp) == 1 &&
                                   strcmp(mp, "off") == 0));
    mouseinterval(0);
    ui_colors_init();
    int rc = ui_main_screen(s, o->plan, o->year, o->dept);
    endwin();
    if (stop_signal)
        fprintf(stderr, _("gyokaku: ended by signal %d\n"), (int)stop_signal);
    else if (terminal_gone)
        fprintf(stderr, _("gyokaku: ended because the terminal is gone\n"));
    return rc;
}
