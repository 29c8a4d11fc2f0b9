/*
 * series.h — one series of an indicator laid out year by year
 * (gk_series_years, achieve.h) from what the store loaded: the entry form's
 * entry (the earlier years, then the form's year with the text being typed)
 * or a node's details (every year of the plan's period). The entry form and
 * the details pane read the target in force, the direction and the earlier
 * actuals from here, so that both apply the same rules.
 *
 * Owner: src/model/series.c. Pure, knows nothing of SQLite or curses; the
 * buffers are malloc'd and freed with gk_series_buf_free().
 *
 * The loaded data it reads is defined here, in the model, so that the model
 * includes nothing above it (tests/layers.sh): a node's series year by year
 * (gk_series_info, which the store's browse.h fills in) and the annual
 * entry of a node (gk_entry, which the store's entry.h loads and saves).
 */
#ifndef GYOKAKU_SERIES_H
#define GYOKAKU_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gyokaku/achieve.h"
#include "gyokaku/node.h"

/* One year of one series. */
typedef struct gk_year_value {
    int year;
    char *target, *actual;
} gk_year_value;

typedef struct gk_series_info {
    char *name; /* "" for an indicator without sub-series */
    char *base;
    int base_year;
    gk_year_value *years;
    size_t nyears;
} gk_series_info;

typedef enum gk_field_kind {
    GK_FIELD_ACTUAL,      /* 実績値 of a series (series "" = the indicator's only one) */
    GK_FIELD_STATUS,      /* 取組状況 */
    GK_FIELD_NEXT,        /* 次年度の取組内容 */
    GK_FIELD_EVAL,        /* 評価 */
    GK_FIELD_EVAL_REASON, /* why 評価 differs from the proposal */
} gk_field_kind;

/* The field's name as the 調査票 and the plan CSV write it (実績値, 取組状況,
 * 次年度の取組内容, 評価, 評価の理由): Japanese in every locale, being the
 * names the office's documents use. */
const char *gk_field_name(gk_field_kind k);

typedef struct gk_entry_field {
    gk_field_kind kind;
    int64_t node_id;
    char node_uid[33];
    char *node_title; /* the indicator's title for an item's indicator fields */
    char *series;     /* GK_FIELD_ACTUAL: series name ("" unnamed) */
    char *unit;       /* GK_FIELD_ACTUAL: the indicator's unit ("" none) */
    char *target;     /* GK_FIELD_ACTUAL: this year's target as written (NULL none) */
    char *base;       /* GK_FIELD_ACTUAL: the series' base value (NULL none) */
    char *orig;       /* saved text when loaded (NULL = empty) */
    char *text;       /* the text in the form (NULL = empty) */
    char *theirs;     /* after a conflict: the text saved meanwhile (NULL = empty) */
    bool conflict;
} gk_entry_field;

/* Earlier years' targets and actuals of the indicator (or of an item's
 * indicators), for reference. */
typedef struct gk_entry_past {
    int year;
    int64_t node_id; /* the indicator */
    char *series;
    char *target;
    char *actual;
} gk_entry_past;

typedef struct gk_entry {
    int64_t node_id;
    char node_uid[33];
    gk_node_kind kind;
    char *title;
    char *unit; /* indicator */
    int year;
    gk_entry_field *fields;
    size_t nfields;
    gk_entry_past *past; /* oldest first; the node's own before its indicators' */
    size_t npast;
    char *last_next; /* the node's 次年度の取組内容 of year - 1 (what this year's
                        取組状況 reports against), NULL none */
} gk_entry;

/* A gk_series_years with the arrays it points to. */
typedef struct gk_series_buf {
    gk_series_years sy;
    int *years;
    const char **targets, **actuals;
} gk_series_buf;

/* Field f's series (f an actual of e): e's earlier years of the same node
 * and series, oldest first, then e's year with f's target and `actual`
 * (the text in the form, may be NULL); the direction inferred from 初期値
 * and the targets. Returns 0, or -1 when out of memory. */
int gk_series_from_entry(const gk_entry *e, const gk_entry_field *f, const char *actual,
                         gk_series_buf *out);

/* Series sr of an indicator with unit, every year from first to last (the
 * plan's period widened to the years that hold values), NULL where a year
 * has none. Returns 0, or -1 when out of memory. */
int gk_series_from_detail(const gk_series_info *sr, const char *unit, int first, int last,
                          gk_series_buf *out);

void gk_series_buf_free(gk_series_buf *b);

/* The 評価 proposed for e's own node (value.h gk_eval_propose): its first
 * series' target in force for e's year against `actual` (the text about to
 * be stored for that series; NULL = none). NULL when nothing is proposed
 * (no series, a text actual) or out of memory. The entry form and the
 * collection of survey sheets both judge the 評価 reason rule with it. */
const char *gk_entry_proposal(const gk_entry *e, const char *actual);

/* The first series field (GK_FIELD_ACTUAL) of e's own node, or NULL. */
const gk_entry_field *gk_entry_first_actual(const gk_entry *e);

/* The target in force in year i (gk_target_in_force); *year (may be NULL)
 * receives the year it was written for. NULL when none. */
const char *gk_series_target(const gk_series_years *s, size_t i, int *year);

/* The earlier actuals of e's own node as the form lists them, oldest first:
 * "R3(2021) 143.2時間", "R2(2020) 男性 36.7%" — a malloc'd array of *n
 * malloc'd strings (free each, then the array); NULL with *n 0 when there
 * are none or memory ran out. */
char **gk_entry_earlier_actuals(const gk_entry *e, size_t *n);

#endif
