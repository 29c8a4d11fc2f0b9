/*
 * ui_int.h — private to src/ui/: the view stack, key tables, drawing helpers
 * and the main screen's state shared by its files.
 */
#ifndef GYOKAKU_UI_INT_H
#define GYOKAKU_UI_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "gyokaku/browse.h"
#include "gyokaku/entry.h"
#include "gyokaku/store.h"

/* --- keys ------------------------------------------------------------------------- */

/* One binding: a function key (0: none), up to two plain keys, a short label
 * for the function-key bar and a help text. Help screens and the bar are
 * generated from these tables, so they cannot disagree with the keys. */
typedef struct ui_key {
    int action;
    int fkey;          /* 1..12, 0 none */
    int keys[3];       /* curses key codes or characters, 0-terminated */
    const char *names; /* how the plain keys are written in help ("j ↓") */
    const char *label; /* short label for the bar (NULL: not on the bar) */
    const char *help;  /* one line of help */
} ui_key;

/* The action bound to key (a KEY_* code when is_key, else a character), or 0. */
int ui_key_action(const ui_key *table, size_t n, int key, bool is_key);

/* --- colours and drawing ---------------------------------------------------------- */

enum ui_style { ST_NORMAL, ST_BAR, ST_SELECT, ST_MARK, ST_MATCH, ST_HEAD, ST_DIM, ST_WARN };
void ui_colors_init(void);
attr_t ui_attr(enum ui_style st);

/* Draws text fitted to exactly `width` cells at (y, x). */
void ui_put(int y, int x, int width, const char *text, enum ui_style st);

/* Same, with the first match of folded_needle (if any) in ST_MATCH. */
void ui_put_match(int y, int x, int width, const char *text, enum ui_style st,
                  const char *folded_needle);

/* A box of ASCII lines (safe in every ambiguous-width mode). */
void ui_box(int y, int x, int h, int w, const char *title);

/* The function-key bar of a table on the last line. */
void ui_fnbar(const ui_key *table, size_t n, const char *message);

/* Help lines from a key table (popup). Returns when a key is pressed. */
void ui_help(const char *title, const ui_key *table, size_t n);

/* --- the app ---------------------------------------------------------------------- */

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* Waits for a key with a timeout so that signals are seen; returns the key
 * (KEY_* or a character) and sets *is_key for function keys. Returns -1
 * when the program must end (SIGTERM / SIGHUP, or the terminal is gone:
 * hung up or closed without a SIGHUP reaching us), and from then on at
 * every call, so that every loop waiting for a key ends. */
int ui_getkey(bool *is_key);

/* Work to do while waiting for a key (every 200 ms), e.g. writing drafts. */
void ui_set_idle(void (*fn)(void *), void *ctx);

/* The signal that asked the program to end (SIGTERM, SIGHUP), or 0. */
int ui_signal(void);

/* True while the window is below 80x24 (then a message is drawn). */
bool ui_too_small(void);

/* A modal list popup: returns the chosen index or -1 (Esc). rows[i] are
 * display strings; `current` is preselected. */
long ui_choose(const char *title, const char *const *rows, size_t n, size_t current,
               const char *header);

/* --- the entry form (form.c) -------------------------------------------------------- */

/* Bracketed-paste key codes (defined with define_key at start-up). */
#define UI_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define UI_KEY_PASTE_END (KEY_MAX + 2)
/* Ctrl-Home / Ctrl-End (xterm and rxvt sequences): start and end of a text. */
#define UI_KEY_TEXT_START (KEY_MAX + 3)
#define UI_KEY_TEXT_END (KEY_MAX + 4)

/* Opens the entry form of node for year; returns true when something was
 * saved (the caller reloads what it shows). When the form cannot open, msg
 * says why (else it is left as it was). */
bool ui_entry_form(gk_store *s, int64_t node, int year, char *msg, size_t msgsz);

/* The label of an entry field as the form shows it: 実績値（男性）, 取組状況 … */
const char *ui_field_label(const gk_entry_field *f, char *buf, size_t n);

/* Lists field i's history; returns the chosen earlier text (malloc'd) or
 * NULL, with msg saying why when there was nothing to list (history.c). */
char *ui_history_popup(gk_store *s, const gk_entry *e, size_t i, char *msg, size_t msgsz);

/* The history of one field of node/year, chosen from a list; Enter on an
 * earlier value restores it (a recorded change). msg receives what the user
 * should read afterwards (restored, nothing recorded yet, or an error); it is
 * left as it was when the user just closed the lists. Returns whether the
 * database changed. */
bool ui_history(gk_store *s, int64_t node, int year, char *msg, size_t msgsz);

/* At start-up: offers the drafts left by a lost connection or a crash. msg
 * receives what the main screen should say afterwards (an error), if any. */
void ui_offer_drafts(gk_store *s, char *msg, size_t msgsz);

/* --- the main screen ---------------------------------------------------------------- */

int ui_main_screen(gk_store *s, const char *plan, int year, const char *dept);

#endif
