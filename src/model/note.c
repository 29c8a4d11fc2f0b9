/*
 * note.c — the length limit of notes (see note.h), counted with the entry
 * form's editor's own rule so that the two can never disagree.
 */
#include "gyokaku/note.h"

#include <string.h>

#include "gyokaku/edit.h"

size_t gk_note_chars(const char *text)
{
    return text ? gk_edit_text_chars(text, strlen(text)) : 0;
}

bool gk_note_too_long(const char *text)
{
    /* a character is at least one byte: most notes need no count (import) */
    if (!text || strnlen(text, GK_NOTE_MAX_CHARS + 1) <= GK_NOTE_MAX_CHARS) return false;
    return gk_note_chars(text) > GK_NOTE_MAX_CHARS;
}
