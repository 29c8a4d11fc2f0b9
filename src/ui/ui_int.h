/*
 * ui_int.h — private to src/ui/: the screen kit (a screen is a struct of
 * callbacks driven by ui_run, run.c), key tables, the widgets' drawing ends
 * (their arithmetic is in widgets.h) and the screens' entry points.
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
#include "gyokaku/roles.h"
#include "gyokaku/store.h"
#include "gyokaku/workflow.h"
#include "widgets.h"

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

void ui_colors_init(void);
/* Whether colours are in use (not with NO_COLOR or a terminal without them). */
bool ui_colors_on(void);
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

/* Help lines from a key table (popup, keys.c); `a` there opens the about
 * screen of s (about.c). Returns when another key is pressed. */
void ui_help(gk_store *s, const char *title, const ui_key *table, size_t n);

/* The about screen: version, database, schema, plans, user, ambiguous
 * width, terminal size and colours (about.c). */
void ui_about(gk_store *s);

/* --- the screen kit (run.c) ---------------------------------------------------------- */

enum ui_mouse { UI_MOUSE_NONE, UI_MOUSE_CLICK, UI_MOUSE_WHEEL_UP, UI_MOUSE_WHEEL_DOWN };

/* One input event: a key (a KEY_* code when is_key, else a character), a
 * mouse event at (my, mx), or a bracketed paste (paste != NULL: the whole
 * pasted text, '\r' as '\n', valid until the next event). */
typedef struct ui_event {
    int key;
    bool is_key;
    enum ui_mouse mouse;
    int my, mx;
    const char *paste;
    size_t paste_len;
} ui_event;

/* What a screen's key handler did with an event: UI_IGNORED passes it on to
 * the shared behaviour (ui_dispatch), as tig's view_driver passes what it
 * does not know to move_view and htop's IGNORED goes to Panel_onKey. */
typedef enum ui_handled { UI_IGNORED, UI_HANDLED } ui_handled;

/* The shared actions: a screen binds them in its key table (so that its
 * help and bar list them) and leaves them to the fall-through, which moves
 * the screen's view, shows the table's help or closes the screen (-1). */
enum ui_shared_action {
    UI_ACT_UP = 0x1000,
    UI_ACT_DOWN,
    UI_ACT_PGUP,
    UI_ACT_PGDN,
    UI_ACT_HOME,
    UI_ACT_END,
    UI_ACT_HELP,
    UI_ACT_CLOSE
};

/* A screen. ui_run draws every screen on the stack from the bottom up and
 * gives each event to the top one (ui_dispatch); `key` closes its screen
 * with ui_close. resize, idle and draw may be NULL; idle (called every 200
 * ms while no key comes, on every screen of the stack, also under a popup)
 * returns true when the screens must be drawn again. paste: bracketed paste
 * is on while the screen is on the stack. full: it covers the whole screen,
 * so that the screens under it are not drawn.
 *
 * The shared behaviour, for what `key` ignores: view (may be NULL) is the
 * list the movement keys, the mouse and type-to-jump act on; keys[nkeys]
 * bind the UI_ACT_* actions; help is the title of the table's help (F1 / ?,
 * with `store` for its about screen); status (may be NULL) is cleared at
 * every event and shows `nomatch` when typing finds no row. */
typedef struct ui_screen ui_screen;
struct ui_screen {
    void (*draw)(ui_screen *sc);
    ui_handled (*key)(ui_screen *sc, const ui_event *ev);
    void (*resize)(ui_screen *sc);
    bool (*idle)(ui_screen *sc);
    void *ctx;
    bool paste;
    bool full;
    bool done;
    long result;
    ui_view *view;
    const ui_key *keys;
    size_t nkeys;
    const char *help;
    gk_store *store;
    ui_status *status;
    const char *nomatch;
};

/* Gives ev to sc (ui_run calls it): a character typed within a second of
 * the last goes to the view's type-to-jump; else sc->key first and, when it
 * ignores ev, the shared behaviour (keys.c). */
void ui_dispatch(ui_screen *sc, const ui_event *ev);

/* Runs sc on top of the stack until it closes; returns its result, or -1
 * when the program must end (SIGTERM / SIGHUP). */
long ui_run(ui_screen *sc);
void ui_close(ui_screen *sc, long result);
/* A screen that only draws (under a popup), without a loop of its own. */
void ui_push(ui_screen *sc);
void ui_pop(ui_screen *sc);
/* Draws the stack now (after idle work changed it, or before a long wait). */
void ui_draw_stack(void);
/* True, while sc draws, when the terminal still shows what sc drew in the
 * previous frame: it was the top screen then and nothing has been erased
 * since. A screen may then leave out what did not change (the main
 * screen's tree and details, so that a key redraws only what it changed). */
bool ui_screen_intact(const ui_screen *sc);
/* The screen was erased or written over outside a frame: the next frame
 * draws everything (run.c). */
void ui_damage(void);
/* The next frame writes every line again (clear: after clearing the
 * terminal, as Ctrl-L does), whatever curses believes the terminal shows. */
void ui_repaint(bool clear);
/* The character a Ctrl-letter key sends. */
#define UI_CTRL(c) ((c)&0x1f)
/* What this frame drew covers parts of the screen that the next frame
 * might leave out as unchanged: the next frame draws everything. */
void ui_damage_after(void);
/* Where the terminal cursor goes after drawing (called from draw; without
 * it the cursor is hidden). */
void ui_cursor_at(int y, int x);
/* Waits for the next event; -1 when the program must end. The only caller
 * of ui_getkey. */
int ui_next_event(ui_event *ev);
/* Bracketed paste on or off (counted: on while anyone wants it). */
void ui_paste_mode(bool on);
/* The idle work of the screens on the stack (ui_getkey calls it). */
void ui_idle_tick(void);

/* --- widgets' drawing ends (their arithmetic: widgets.h) ----------------------------- */

/* The text of row i of a view: buf (n bytes) filled, or a string of the
 * owner's, returned. */
typedef const char *(*ui_view_text)(ui_view *v, size_t i, char *buf, size_t n);
/* The visible rows of v from (y, x), w cells wide: headings in ST_HEAD,
 * the selection highlighted; y is kept for the mouse. */
void ui_view_draw(ui_view *v, int y, int x, int w, ui_view_text text);
/* A click or the wheel on v; true when ev moved it. */
bool ui_view_mouse(ui_view *v, const ui_event *ev);
/* rows lines of p from (y, x), matches of folded_needle highlighted. */
void ui_pager_draw(ui_pager *p, int y, int x, int rows, const char *folded_needle);

enum { UI_PROMPT_IGNORED, UI_PROMPT_EDITED, UI_PROMPT_DONE, UI_PROMPT_CANCEL };
/* Applies ev to the prompt: one of the UI_PROMPT_* above. */
int ui_prompt_event(ui_prompt *p, const ui_event *ev);
/* The prompt on the bottom line after its lead ("/"). */
void ui_prompt_draw(const ui_prompt *p, const char *lead);
/* The prompt on the bottom line as a screen of its own (prompt.c), with
 * bracketed paste on. `on` (may be NULL) is told of every edit
 * (UI_PROMPT_EDITED), of Esc (UI_PROMPT_CANCEL) and of Enter
 * (UI_PROMPT_DONE: it returns whether the line is taken; it may say why
 * not in `why`, shown instead of the line until the next key). Without
 * `on`, Enter takes a line that is not empty and cancels an empty one. */
typedef struct ui_asking ui_asking;
struct ui_asking {
    const char *lead;
    ui_prompt p;
    bool (*on)(ui_asking *a, int what);
    ui_status why;
    void *ctx;
};
/* Runs a until Enter takes the line (0) or it is cancelled (-1). */
long ui_ask(ui_asking *a);
/* A line typed on the bottom line after lead, as a screen of its own:
 * malloc'd, NULL when cancelled (Esc) or left empty. */
char *ui_ask_line(const char *lead);

/* The message on the bottom line, or the function keys of table when none. */
void ui_status_draw(const ui_status *s, const ui_key *table, size_t n);

/* The frame r with its title and a foot on the bottom edge (may be NULL). */
void ui_popup_draw(const ui_rect *r, const char *title, const char *foot);

/* The scrolling popup (popup.c): lines of text in a frame no taller than
 * they are, `margin` columns from the sides. When they are taller than the
 * screen allows, ↑↓ PgUp PgDn and the wheel scroll them and `foot_scroll`
 * is the foot, else `foot`. Any other event goes to `key` (may be NULL),
 * and what it does not handle closes the popup with result 0. */
typedef struct ui_scrollpop ui_scrollpop;
struct ui_scrollpop {
    const char *title, *foot, *foot_scroll;
    int margin;
    /* Lays the text out for `width` cells before every frame (the terminal
     * may have changed): into pg, reset for that width, when draw_lines is
     * NULL. Returns the number of lines. */
    size_t (*layout)(ui_scrollpop *t, int width);
    /* Draws `rows` lines from t->top at (y, x), w cells wide; NULL: pg's. */
    void (*draw_lines)(ui_scrollpop *t, int y, int x, int w, int rows);
    ui_handled (*key)(ui_scrollpop *t, ui_screen *sc, const ui_event *ev);
    void *ctx;
    ui_pager pg;
    size_t n, top; /* the lines and the first one shown */
    ui_rect r;
};
/* Shows t until it closes; returns the result it closed with (pg freed). */
long ui_scrollpop_run(ui_scrollpop *t);

/* --- the app ---------------------------------------------------------------------- */

#define UI_MIN_COLS 80
#define UI_MIN_LINES 22 /* 80x24 less a status line of tmux or screen, and one spare */

/* Waits for a key with a timeout so that signals are seen; returns the key
 * (KEY_* or a character) and sets *is_key for function keys. Returns -1
 * when the program must end (SIGTERM / SIGHUP, or the terminal is gone:
 * hung up or closed without a SIGHUP reaching us), and from then on at
 * every call, so that every loop waiting for a key ends. Only ui_next_event
 * (run.c) calls it. */
int ui_getkey(bool *is_key);

/* After initscr: raw keys, no echo, the keypad, the escape delay
 * ($ESCDELAY, else 100 ms), the 200 ms key timeout, the hidden cursor and
 * the key sequences terminals send beyond their terminfo (app.c). */
void ui_term_setup(void);

/* The signal that asked the program to end (SIGTERM, SIGHUP), or 0. */
int ui_signal(void);

/* Ends the program as a signal would (every loop waiting for a key ends;
 * the form keeps what was typed as a draft): q, F10 or Ctrl-C on the
 * too-small screen. */
void ui_quit_now(void);

/* The mouse reported to the program (on) or left to the terminal, which
 * then selects and copies text (off). */
void ui_mouse_set(bool on);
bool ui_mouse_on(void);

/* Ctrl-C was the last key on a full screen: the program is to end once the
 * screen it closed is gone (run.c). */
bool ui_leave_wanted(void);

/* True while the window is below UI_MIN_COLS x UI_MIN_LINES (then a
 * message is drawn saying so, and how to leave). */
bool ui_too_small(void);

/* A modal list popup: returns the chosen index or -1 (Esc). rows[i] are
 * display strings; `current` is preselected. */
long ui_choose(const char *title, const char *const *rows, size_t n, size_t current,
               const char *header);

/* --- the entry form (form.c) -------------------------------------------------------- */

/* Bracketed-paste key codes (defined with define_key at start-up). */
#define UI_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define UI_KEY_PASTE_END (KEY_MAX + 2)
/* Ctrl-Home / Ctrl-End (xterm and rxvt sequences) and Alt-< / Alt->: start
 * and end of a text; Alt-b / Alt-f: previous and next word. */
#define UI_KEY_TEXT_START (KEY_MAX + 3)
#define UI_KEY_TEXT_END (KEY_MAX + 4)
#define UI_KEY_WORD_LEFT (KEY_MAX + 5)
#define UI_KEY_WORD_RIGHT (KEY_MAX + 6)

/* Opens the entry form of node for year; returns true when something was
 * saved (the caller reloads what it shows). When the form cannot open, msg
 * says why (else it is left as it was). */
bool ui_entry_form(gk_store *s, int64_t node, int year, char *msg, size_t msgsz);

/* The label of an entry field as the form shows it: 実績値（男性）, 取組状況 … */
const char *ui_field_label(const gk_entry_field *f, char *buf, size_t n);

/* The conflict dialog for field f (its text and the colleague's version,
 * conflict.c): 'k' keep yours, 't' take theirs, 'm' merge by hand, or -1
 * when the program must end. */
int ui_conflict(const gk_entry_field *f);

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

/* --- the department board (board.c) ----------------------------------------------- */

/* The board of plan for year; returns the department chosen with Enter
 * (malloc'd) or NULL (closed, or msg says why there is no board).
 * *states: the state filter (1u << gk_wstate, 0 none) it opens with and,
 * when a department is chosen, the one chosen there with f (only the
 * departments with nodes in those states are listed). */
char *ui_department_board(gk_store *s, int64_t plan, int year, unsigned *states, char *msg,
                          size_t msgsz);

/* --- the summary (summary.c) ------------------------------------------------------ */

/* The summary screen of plan (NULL: the only one) for year. Returns 'g'
 * with *name the 基本目標 chosen with Enter, 'd' with the 所管課 (malloc'd),
 * or 0 when closed (msg then says why when there was nothing to show). */
int ui_summary(gk_store *s, const char *plan, int year, char **name, char *msg, size_t msgsz);

/* --- the yearly workflow (wfui.c) ----------------------------------------------------- */

/* The workflow's keys, the same on the main screen and the entry form:
 * F7 提出 (submit), F8 承認 (approve), F9 差し戻し (return). */
#define UI_KEY_SUBMIT 7
#define UI_KEY_APPROVE 8
#define UI_KEY_RETURN 9

/* Who the login is, for the top line: "tanaka (clerk)", or "guest
 * (read-only: not a user)"; role GK_ROLE_NONE for a login that is not a
 * user (and when the users cannot be read). login and mark are text's two
 * parts ("tanaka", " (clerk)"), so that a narrow top line shortens the
 * login and keeps the role or the read-only mark whole. */
typedef struct ui_who {
    char text[192];
    char login[96];
    char mark[160];
    gk_role role;
} ui_who;
void ui_who_load(gk_store *s, ui_who *w);

/* buf receives "locked" (translated) when year is locked, else "". Returns
 * 1 locked, 0 not, -1 when it cannot be read. */
int ui_year_lock_text(gk_store *s, int year, char *buf, size_t n);

/* Whether the login may change node's actuals and notes for year (the
 * store's gk_store_may_edit). Asked BEFORE the entry form opens: false with
 * msg saying why (the department that owns it, the locked year, submitted
 * or approved, not a user). */
bool ui_may_edit(gk_store *s, int64_t node, int year, char *msg, size_t n);

/* A history time (UTC "2026-04-30T09:15:00Z") as local "2026-04-30
 * 18:15" into buf; anything else copied as it is. */
void ui_local_time(const char *utc, char *buf, size_t n);

/* The 差し戻し comment of node for year while it is returned (malloc'd), or
 * NULL. */
char *ui_return_comment(gk_store *s, int64_t node, int year);

/* 提出, 承認 or 差し戻し of node for year (an item with its indicators). A
 * return first asks for its comment on the bottom line (Esc: nothing
 * happens); what stops it (for a submit: what is missing) is listed in a
 * popup and nothing changes. msg receives the line to show afterwards.
 * Returns true when states changed. */
bool ui_workflow(gk_store *s, gk_waction act, int64_t node, int year, char *msg, size_t n);

/* The same for ids[n] at once, in one transaction (each node checked by
 * the same rules as one). A submit first lists what goes out, with the
 * warnings of gk_submit_outline, and asks to go ahead; approving several
 * lists them and asks once. */
bool ui_workflow_many(gk_store *s, gk_waction act, const int64_t *ids, size_t nids, int year,
                      char *msg, size_t n);

/* --- the main screen ---------------------------------------------------------------- */

int ui_main_screen(gk_store *s, const char *plan, int year, const char *dept);

#endif
