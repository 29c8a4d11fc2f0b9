/*
 * sheet_int.h — what making a 調査票 (sheet.c) shares with taking it back
 * (sheet_collect.c). Private to store/; the API is sheet.h.
 */
#ifndef GK_STORE_SHEET_INT_H
#define GK_STORE_SHEET_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "gyokaku/entry.h"
#include "gyokaku/sheet.h"
#include "store_int.h"

/* The history field of each of the GK_SHEET_NFIELDS fields, in order. */
extern const char *const gk_sheet_field_name[GK_SHEET_NFIELDS];

/* The database's uid into out ("" when it has none yet). Returns 0 or -1
 * with err. */
int gk_sheet_db_uid(gk_store *s, char out[33], gk_error *err);

/* The id of department dept, or -1 with err (no such department, or an
 * error). */
int64_t gk_sheet_find_dept(gk_store *s, const char *dept, gk_error *err);

/* Whether field f of e is qualitative: by its direction when given, else
 * inferred from its base and targets (gk_direction_infer). */
bool gk_sheet_is_qualitative(const gk_entry *e, const gk_entry_field *f, const char *direction);

#endif
