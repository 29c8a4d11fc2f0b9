/*
 * ui.h — the full-screen terminal interface (ncursesw).
 *
 * main.c calls gk_ui_main() when no subcommand is given. The UI owns the
 * terminal from initscr() to endwin(): a stack of screens (structs of
 * callbacks: draw, key, resize, idle) driven by one loop (ui_run, run.c),
 * whose event reader is the only caller of the one key read (get_wch in
 * ui_getkey, app.c); widgets that draw only through the text engine
 * (text.h); one key table per screen from which the help screen and the
 * function-key bar are generated.
 *
 * Owner: src/ui/. Only ui/ calls curses.
 */
#ifndef GYOKAKU_UI_H
#define GYOKAKU_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/store.h"
#include "gyokaku/version.h" /* GK_VERSION: the about screen */

typedef struct gk_ui_options {
    const char *plan; /* plan name to open first, NULL: the first plan */
    int year;         /* fiscal year to select, 0: latest year with data / current */
    const char *dept; /* department filter, NULL: none */
    bool ascii;       /* bars drawn with '#' instead of block elements */
    bool no_mouse;    /* --no-mouse: the terminal keeps the mouse (this session) */
} gk_ui_options;

/* True when the C library locale (after setlocale(LC_ALL, "")) uses UTF-8.
 * The UI refuses to start otherwise, without touching the terminal. */
bool gk_ui_locale_ok(void);

/* Whether the full-screen interface can run here: standard input and
 * output are a terminal, TERM is set, not "dumb", and described in the
 * terminfo database. 0 when it can; else -1 with msg (translated) naming
 * the problem. Nothing is written to the terminal. */
int gk_ui_terminal_check(char *msg, size_t n);

/* Runs the TUI on an open store until the user quits (q / F10) or SIGTERM /
 * SIGHUP arrives; restores the terminal in every case. Returns the process
 * exit status (0 ok, 1 error with a message already printed on stderr, 2
 * no usable terminal: gk_ui_terminal_check's message printed). */
int gk_ui_main(gk_store *s, const gk_ui_options *o);

/* The full-screen review of the conflicts among ch[0..n) of `gyokaku
 * collect` (sheet.h; src/ui/review.c): each conflict decided keep master
 * (m), take sheet (s) or edited (e), then applied with Enter / F10.
 * Returns 0 when every conflict was decided and the user confirmed, -1
 * when the user left (q / Esc) or the terminal failed. */
struct gk_sheet_change;
int gk_ui_sheet_review(struct gk_sheet_change *ch, size_t n);

#endif
