/*
 * sheethead.h — the model's part of the paper-free entry workbook (sheet.h):
 * the workbook's identity as the cover and the identity sheet carry it
 * (gk_sheet_head), and the field-presence mask of a row. The store fills a
 * head in (sheet.h), io/ writes and reads it (xlsx.h); both use these.
 *
 * Owner: src/model/sheet.c. Pure; a head's strings are malloc'd and freed
 * with gk_sheet_head_free().
 */
#ifndef GYOKAKU_SHEETHEAD_H
#define GYOKAKU_SHEETHEAD_H

#include <stdbool.h>
#include <stddef.h>

/* Version of the workbook layout (the identity sheet's 形式). */
#define GK_SHEET_FORMAT 1
/* The fields of a row, indexed by gk_field_kind (actual .. eval_reason). */
#define GK_SHEET_NFIELDS 5

typedef struct gk_sheet_head {
    int format;
    char db_uid[33];
    char token[33]; /* this workbook */
    char *plan;
    char plan_uid[33];
    int year;
    char *dept;
    char made_at[32];
    char made_by[64];
    char *deadline; /* as the office wrote it, NULL none */
    char *contact;  /* who to ask, NULL none */
    char **grades;  /* the plan's 評価 labels */
    size_t ngrades;
    char *writer;   /* collect: 記入者 on the cover, NULL none */
    char check[33]; /* gk_sheet_head_check: the identity sheet unaltered */
} gk_sheet_head;

void gk_sheet_head_free(gk_sheet_head *h);

/* The field-presence mask as written in the identity columns ("10110"). */
void gk_sheet_mask(const bool has[GK_SHEET_NFIELDS], char out[GK_SHEET_NFIELDS + 1]);

#endif
