/*
 * sheet.c — the pure helpers of sheethead.h (the model's part of sheet.h)
 * that the workbook format (io/) and the store share: freeing a head, the
 * field-presence mask.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/sheethead.h"

void gk_sheet_head_free(gk_sheet_head *h)
{
    free(h->plan);
    free(h->dept);
    free(h->deadline);
    free(h->contact);
    free(h->writer);
    for (size_t i = 0; i < h->ngrades; i++)
        free(h->grades[i]);
    free(h->grades);
    memset(h, 0, sizeof *h);
}

void gk_sheet_mask(const bool has[GK_SHEET_NFIELDS], char out[GK_SHEET_NFIELDS + 1])
{
    assert(has && out);
    for (int k = 0; k < GK_SHEET_NFIELDS; k++)
        out[k] = has[k] ? '1' : '0';
    out[GK_SHEET_NFIELDS] = '\0';
}
