/*
 * note.h — the notes of a node's year that people write and the entry form
 * edits, 取組状況 and 次年度の取組内容: their one length limit. Import
 * refuses a longer note and the entry form accepts no more, so every note
 * gyokaku takes in can be edited in the form. Characters are counted as the
 * form counts them (code points of the text as its editor holds it: a line
 * break written CR LF is one character).
 *
 * Owner: src/model/note.c. Pure, no allocation.
 */
#ifndef GYOKAKU_NOTE_H
#define GYOKAKU_NOTE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest note, in characters. */
#define GK_NOTE_MAX_CHARS 4000

/* The characters of a note (NULL: 0). */
size_t gk_note_chars(const char *text);

/* True when the note has more than GK_NOTE_MAX_CHARS characters. */
bool gk_note_too_long(const char *text);

#endif
