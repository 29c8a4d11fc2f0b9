/*
 * text.h — the text engine: everything about UTF-8 text and its width on a
 * terminal. Nothing else in gyokaku measures display width.
 *
 * Widths come from Unicode data (utf8proc + an East Asian Ambiguous table
 * generated from EastAsianWidth.txt), never from the C library's wcwidth.
 * East Asian Ambiguous characters (① ○ → ※ ■ × ─ …) are narrow unless
 * gk_text_set_ambiguous_wide(true) was called; the UI layer makes ncurses
 * agree by defining wcwidth() on top of gk_cp_width().
 *
 * Rules shared by every function here:
 *  - Input is a NUL-terminated UTF-8 string that may be invalid: each invalid
 *    byte counts as U+FFFD (width 1).
 *  - Control characters from data (C0 incl. ESC, DEL, C1 U+0080–U+009F, bidi
 *    controls U+202A–U+202E and U+2066–U+2069) are never passed through: the
 *    display functions (gk_sanitize, gk_fit, gk_clip, gk_wrap output) replace
 *    each with a visible narrow placeholder (see gk_placeholder()).
 *  - Grapheme clusters (base + combining marks / variation selectors / ZWJ
 *    sequences) are never split.
 *  - Returned strings are malloc'd and owned by the caller (free()).
 *    Functions return NULL only when out of memory.
 *
 * Owner: src/text/. Knows nothing of curses, SQLite or iconv.
 */
#ifndef GYOKAKU_TEXT_H
#define GYOKAKU_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- decoding ------------------------------------------------------------- */

/* Decodes one code point from s[0..len). Returns the number of bytes used
 * (1..4; 0 only when len == 0). Invalid or truncated sequences, overlongs,
 * surrogates and values above U+10FFFF yield *cp = 0xFFFD and consume 1 byte. */
size_t gk_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes). Returns the byte count. */
size_t gk_utf8_encode(uint32_t cp, char *out);

/* s with every half-width katakana (半角カナ, U+FF61..U+FF9F) as its
 * full-width form, a following ﾞ or ﾟ composed with it (ｶﾞ → ガ, ﾊﾟ → パ,
 * ｳﾞ → ヴ); everything else unchanged. Saving and import store notes so,
 * as published documents write them. NULL for NULL or out of memory. */
char *gk_kana_fullwidth(const char *s);

/* True when s[0..len) is entirely valid UTF-8 (no overlongs, no surrogates). */
bool gk_utf8_valid(const char *s, size_t len);

/* --- width ---------------------------------------------------------------- */

/* Ambiguous-width choice, process-wide. Default narrow. */
void gk_text_set_ambiguous_wide(bool wide);
bool gk_text_ambiguous_wide(void);

/* True when cp is East Asian Ambiguous (from the generated table). */
bool gk_cp_is_ambiguous(uint32_t cp);

/* True for the characters that must never reach a terminal (see above). */
bool gk_cp_is_control(uint32_t cp);

/* The narrow placeholder drawn for control character cp: C0 -> U+2400+cp
 * (control pictures, ESC -> '␛'), DEL -> U+2421 '␡', C1 and bidi controls ->
 * U+2426 '␦'. Returns cp itself when it is not a control. */
uint32_t gk_placeholder(uint32_t cp);

/* Display width of one code point: 0 (combining marks, variation selectors,
 * ZWJ, other zero-width format characters), 1 or 2. Wide: East Asian Wide and
 * Fullwidth, emoji presentation, U+3000; ambiguous per the current mode.
 * Control characters report the width of their placeholder (1). */
int gk_cp_width(uint32_t cp);

/* Display width of a whole string as it will be drawn (sanitised). A '\n' or
 * '\t' counts as its placeholder. */
int gk_str_width(const char *s);

/* --- display preparation -------------------------------------------------- */

/* Copy of s with invalid bytes as U+FFFD and controls as placeholders. */
char *gk_sanitize(const char *s);

/* s sanitised and cut to at most `width` cells without an ellipsis; a wide
 * character that would straddle the edge becomes a space. *out_width (may be
 * NULL) receives the width of the result. */
char *gk_clip(const char *s, int width, int *out_width);

/* s sanitised, fitted to exactly `width` cells: padded with spaces when
 * shorter; when longer cut and ended with '…' (the ellipsis counts as its
 * current ambiguous width), padding with a space if a wide character would
 * straddle. width <= 0 gives "". */
char *gk_fit(const char *s, int width);

/* The same, but a text that is too long keeps its start and its end and
 * loses its middle, marked '…' ("江別市行政改…(2024)年度～" style: two
 * names that differ only at the end stay apart). The start gets a third of
 * the room, the end the rest (where plans' names differ: their period). */
char *gk_fit_middle(const char *s, int width);

/* The same, aligned right: the padding goes before the text (column
 * headings over numbers). Trailing blanks of s count as padding. */
char *gk_fit_right(const char *s, int width);

/* --- wrapping -------------------------------------------------------------- */

/* One display line of a wrapped text: bytes [start, start+len) of the
 * original string (never inside a grapheme cluster), and its width. */
typedef struct gk_span {
    size_t start;
    size_t len;
    int width;
} gk_span;

/* Wraps s into lines of at most `width` cells. '\n' (and "\r\n") ends a line;
 * lines break at any grapheme boundary (Japanese has no spaces) with basic
 * 禁則: a line does not start with 、。，．）」』】ー等 closing characters nor end
 * with （「『【 opening ones where that can be avoided by moving one character.
 * An empty text gives one empty line. Returns a malloc'd array of *n spans. */
gk_span *gk_wrap(const char *s, int width, size_t *n);

/* --- searching ------------------------------------------------------------- */

/* Folds s for matching: NFKC (full-width Latin/digits -> ASCII, half-width
 * katakana -> full-width, composed) and Unicode case folding. */
char *gk_fold(const char *s);

/* Finds needle (already folded) in hay: returns the byte offset in the
 * ORIGINAL hay of the first match at or after byte `from`, and its byte
 * length in *match_len; -1 when absent. Used to highlight matches. */
long gk_find_folded(const char *hay, size_t from, const char *folded_needle, size_t *match_len);

#endif
