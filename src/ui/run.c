/*
 * run.c — the screen kit's loop. A screen (ui_int.h) is a struct of
 * callbacks; ui_run() puts one on the stack and drives it until it closes:
 * it draws every screen on the stack from the bottom up (a popup over its
 * parent), reads the next event (ui_next_event: keys, the mouse, a
 * bracketed paste as one text), passes a resize to every screen, shows the
 * too-small message instead of the screens, runs the screens' idle work
 * while no key comes, and hands the event to the screen on top.
 *
 * ui_next_event() is the only caller of ui_getkey() (app.c), the one place
 * that waits for a key.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"
#include "ui_int.h"

#define UI_MAX_DEPTH 16

static ui_screen *stack[UI_MAX_DEPTH];
static int depth;
/* The top screen of the last frame, NULL after anything erased the screen
 * (ui_screen_intact). */
static const ui_screen *intact_top;

bool ui_screen_intact(const ui_screen *sc)
{
    return sc && sc == intact_top;
}

void ui_damage(void)
{
    intact_top = NULL;
}

/* Something drawn in this frame covers what its screen's next frame may
 * leave out (a message over the body): that frame draws everything. */
static bool damage_after;

void ui_damage_after(void)
{
    damage_after = true;
}
/* The terminal's cells can no longer be trusted: every line is written
 * again in the next frame (ui_repaint). */
static bool repaint_lines;
/* The whole screen is cleared and written again in the next frame. */
static bool repaint_clear;

void ui_repaint(bool clear)
{
    if (clear)
        repaint_clear = true;
    else
        repaint_lines = true;
    intact_top = NULL;
}
static bool cursor_wanted;
static int cursor_y, cursor_x;
static int paste_users;

/* The text of the last bracketed paste (owned here, valid until the next
 * event). */
static char *paste_buf;

/* --- events -------------------------------------------------------------------------- */

/* Everything up to the end marker is text, line breaks included ('\r' as
 * '\n'); function keys inside a paste are dropped. */
static void read_paste(ui_event *ev)
{
    size_t len = 0, cap = 256;
    free(paste_buf);
    paste_buf = malloc(cap);
    for (;;) {
        bool is_key;
        int k = ui_getkey(&is_key);
        if (k < 0 || (is_key && k == UI_KEY_PASTE_END)) break;
        if (is_key || !paste_buf) continue;
        char u[4];
        size_t n = gk_utf8_encode((uint32_t)(k == '\r' ? '\n' : k), u);
        if (len + n + 1 > cap) {
            char *b = realloc(paste_buf, cap * 2);
            if (!b) continue; /* out of memory: the rest of the paste is dropped */
            paste_buf = b;
            cap *= 2;
        }
        memcpy(paste_buf + len, u, n);
        len += n;
    }
    if (paste_buf) paste_buf[len] = '\0';
    ev->paste = paste_buf ? paste_buf : "";
    ev->paste_len = paste_buf ? len : 0;
}

static void read_mouse(ui_event *ev)
{
    MEVENT m;
    if (getmouse(&m) != OK) return;
    ev->my = m.y;
    ev->mx = m.x;
    if (m.bstate & BUTTON4_PRESSED)
        ev->mouse = UI_MOUSE_WHEEL_UP;
    else if (m.bstate & BUTTON5_PRESSED)
        ev->mouse = UI_MOUSE_WHEEL_DOWN;
    else if (m.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
        ev->mouse = UI_MOUSE_CLICK;
}

int ui_next_event(ui_event *ev)
{
    memset(ev, 0, sizeof *ev);
    bool is_key;
    int k = ui_getkey(&is_key);
    if (k < 0) return -1;
    ev->key = k;
    ev->is_key = is_key;
    if (is_key && k == UI_KEY_PASTE_BEGIN) read_paste(ev);
    if (is_key && k == KEY_MOUSE) read_mouse(ev);
    return 0;
}

void ui_paste_mode(bool on)
{
    if (on ? paste_users++ > 0 : --paste_users > 0) return;
    fputs(on ? "\033[?2004h" : "\033[?2004l", stdout); /* pasted text is not keystrokes */
    fflush(stdout);
}

/* Ctrl-Z: the terminal as the shell had it, the process stopped (raw mode
 * turns the key into a character, not a signal); on resume everything is
 * drawn again. A process that no shell can resume (its process group is
 * orphaned) is not stopped by the kernel: it just repaints. */
static void suspend(void)
{
    if (paste_users > 0) fputs("\033[?2004l", stdout);
    fflush(stdout);
    endwin();
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &dfl, &old);
    raise(SIGTSTP);
    sigaction(SIGTSTP, &old, NULL);
    if (paste_users > 0) fputs("\033[?2004h", stdout);
    fflush(stdout);
    ui_repaint(true);
}

/* Ctrl-C on a full screen: the program is to end (the main screen quits,
 * the form closes first, asking about unsaved input). Any other key on a
 * full screen takes the wish back; keys in a popup (the question) do not. */
static bool leave_wanted;

bool ui_leave_wanted(void)
{
    return leave_wanted;
}

static bool quit_key(const ui_event *ev)
{
    return (ev->is_key && ev->key == KEY_F(10)) ||
           (!ev->is_key && !ev->paste && !ev->mouse &&
            (ev->key == 'q' || ev->key == UI_CTRL('C')));
}

/* --- the stack ----------------------------------------------------------------------- */

void ui_cursor_at(int y, int x)
{
    cursor_wanted = true;
    cursor_y = y;
    cursor_x = x;
}

void ui_draw_stack(void)
{
    if (ui_too_small()) return; /* it erased the screen (ui_damage) */
    int from = depth - 1; /* the top screen that covers the whole screen */
    while (from > 0 && !stack[from]->full)
        from--;
    for (int i = from < 0 ? 0 : from; i < depth; i++) {
        cursor_wanted = false; /* only the top screen's cursor counts */
        if (stack[i]->draw) stack[i]->draw(stack[i]);
    }
    if (repaint_clear) {
        clearok(curscr, TRUE); /* Ctrl-L, a resume, a resize */
    } else if (repaint_lines) {
        /* What was under a closed popup: the popup's edges wrote over
         * halves of wide characters, and a terminal erases the whole
         * character when one half is written over, which curses' picture
         * of the screen (curscr) does not follow. Comparing the frame
         * with that picture would skip cells that look unchanged and
         * leave half-erased characters (績値 for 実績値): every line is
         * written again whole instead. */
        redrawwin(stdscr);
    }
    repaint_clear = repaint_lines = false;
    if (cursor_wanted) {
        curs_set(1); /* the input method draws its window at the cursor */
        move(cursor_y, cursor_x);
    } else {
        curs_set(0);
    }
    refresh();
    intact_top = depth > 0 && !damage_after ? stack[depth - 1] : NULL;
    damage_after = false;
}

void ui_idle_tick(void)
{
    bool redraw = false;
    for (int i = 0; i < depth; i++)
        if (stack[i]->idle && stack[i]->idle(stack[i])) redraw = true;
    if (redraw) ui_draw_stack();
}

void ui_push(ui_screen *sc)
{
    if (depth < UI_MAX_DEPTH) stack[depth++] = sc;
    if (sc->paste) ui_paste_mode(true);
}

void ui_pop(ui_screen *sc)
{
    if (depth > 0 && stack[depth - 1] == sc) depth--;
    if (!sc->full) ui_repaint(false); /* what it covered is restored whole */
    if (sc->paste) ui_paste_mode(false);
}

void ui_close(ui_screen *sc, long result)
{
    sc->done = true;
    sc->result = result;
}

long ui_run(ui_screen *sc)
{
    sc->done = false;
    sc->result = -1;
    ui_push(sc);
    while (!sc->done) {
        ui_draw_stack();
        ui_event ev;
        if (ui_next_event(&ev) < 0) { /* the program must end: every screen closes */
            sc->result = -1;
            break;
        }
        if (ev.is_key && ev.key == KEY_RESIZE) {
            for (int i = 0; i < depth; i++)
                if (stack[i]->resize) stack[i]->resize(stack[i]);
            erase();
            ui_repaint(true);
            continue;
        }
        bool plain = !ev.is_key && !ev.paste && !ev.mouse;
        if (plain && ev.key == UI_CTRL('L')) { /* repaint everything */
            ui_repaint(true);
            continue;
        }
        if (plain && ev.key == UI_CTRL('Z')) {
            suspend();
            continue;
        }
        if (ui_too_small()) { /* the message says how to leave */
            if (quit_key(&ev)) ui_quit_now();
            continue;
        }
        if (sc->full) leave_wanted = plain && ev.key == UI_CTRL('C');
        if (plain && ev.key == UI_CTRL('C') && !sc->full) ev.key = 27; /* a popup: as Esc */
        ui_dispatch(sc, &ev);
    }
    ui_pop(sc);
    return sc->result;
}
