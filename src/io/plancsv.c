/*
 * plancsv.c — header matching and row extraction for the plan CSV
 * (see plancsv.h and csv-format.md "Columns"); the names themselves and
 * the list and level parsers are the model's (plancols.c).
 */
#include "gyokaku/plancsv.h"

#include <stdio.h>
#include <string.h>

#include "gyokaku/i18n.h"

static bool is_multiline_col(gk_col c)
{
    return c == GK_COL_CONTENT || c == GK_COL_STATUS || c == GK_COL_NEXT;
}

int gk_plan_header_parse(const gk_csv_record *rec, const char *fname, gk_plan_header *h,
                         gk_error *err)
{
    memset(h, 0, sizeof *h);
    for (int c = 0; c < GK_NCOLS; c++)
        h->field_of[c] = -1;
    h->label[0] = GK_LABEL_GOAL;
    h->label[1] = GK_LABEL_POLICY;
    h->label[2] = GK_LABEL_ITEM;
    h->nfields = rec->nfields;

    int known = 0, first_unknown = -1;
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *name = gk_plan_trim(rec->fields[i]);
        if (!*name) continue;
        const char *label = NULL;
        int c = gk_plan_col_match(name, &label);
        if (c < 0) {
            if (first_unknown < 0) first_unknown = (int)i;
            continue;
        }
        if (h->field_of[c] >= 0) {
            gk_error_set(err, _("%s:%ld:%zu: column \"%s\" appears twice (also column %d)"), fname,
                         rec->line, i + 1, name, h->field_of[c] + 1);
            return -1;
        }
        h->field_of[c] = (int)i;
        if (c == GK_COL_GOAL || c == GK_COL_POLICY || c == GK_COL_ITEM)
            h->label[c - GK_COL_GOAL] = label;
        known++;
    }
    if (known == 0) {
        gk_error_set(err,
                     _("%s:%ld: no header: the first line must name the columns "
                       "(計画, 基本目標, 取組方針, 取組項目, 指標, 年度, 目標値, 実績値 ...)"),
                     fname, rec->line);
        return -1;
    }
    if (first_unknown >= 0) {
        gk_error_set(err,
                     _("%s:%ld:%d: unknown column \"%s\" (a misspelt column would lose data; "
                       "see the column list in the manual)"),
                     fname, rec->line, first_unknown + 1, rec->fields[first_unknown]);
        return -1;
    }
    return 0;
}

int gk_plan_row_read(const gk_plan_header *h, gk_csv_record *rec, const char *fname,
                     gk_plan_row *row, gk_error *err)
{
    memset(row, 0, sizeof *row);
    row->line = rec->line;
    if (rec->nfields != h->nfields) { /* csv-format.md "Rows:" a cut file is never whole */
        if (rec->nfields == 1 && rec->lens[0] == 0)
            gk_error_set(err, _("%s:%ld: an empty line; every row has the header's %zu fields"),
                         fname, rec->line, h->nfields);
        else
            gk_error_set(err, _("%s:%ld: fields in this row: %zu, in the header: %zu"), fname,
                         rec->line, rec->nfields, h->nfields);
        return -1;
    }
    int nonempty = 0;
    /* the column of each of the first fields, turned round once per row
     * (a search of field_of per field was most of this function) */
    enum { KNOWN = 64 };
    signed char col_of[KNOWN];
    memset(col_of, -1, sizeof col_of);
    for (int c = GK_NCOLS - 1; c >= 0; c--) /* the first column wins, as below */
        if (h->field_of[c] >= 0 && h->field_of[c] < KNOWN) col_of[h->field_of[c]] = (signed char)c;
    for (size_t i = 0; i < rec->nfields; i++) {
        if (rec->lens[i] == 0) continue;
        int col = i < KNOWN ? col_of[i] : -1;
        for (int c = 0; i >= KNOWN && c < GK_NCOLS && col < 0; c++)
            if (h->field_of[c] == (int)i) col = c;
        if (col < 0) {
            gk_error_set(err, _("%s:%ld:%zu: a value in a column that has no name in the header"),
                         fname, rec->line, i + 1);
            return -1;
        }
        char *v = rec->fields[i];
        /* trimmed only when an end may be a space (most cells: no call,
         * no strlen); U+3000 starts with 0xE3 and ends with 0x80 */
        unsigned char first = (unsigned char)v[0], last = (unsigned char)v[rec->lens[i] - 1];
        if (!is_multiline_col(col) && (first == ' ' || first == '\t' || first == 0xE3 ||
                                       last == ' ' || last == '\t' || last == 0x80))
            v = gk_plan_trim(v);
        if (*v) {
            row->cell[col] = gk_csv_unguard(v);
            nonempty++;
        }
    }
    return nonempty > 0;
}
