/*
 * report.h — the published report's data (`gyokaku report`) as plain
 * structs, and its judgement and summary: which grade each indicator and
 * item gets for the report's year, the counts per 基本目標 and per 所管課,
 * and the plan totals of summable series.
 *
 * The store fills gk_rep_plan and streams gk_rep_item (reportdata.h); this
 * module judges each item (gk_rep_judge, using the rules of achieve.h only)
 * and adds it to a gk_rep_summary; the writers (reportout.h) print both.
 *
 * Rules beyond achieve.h:
 *  - An evaluation entered by a person (note.evaluation of the indicator or
 *    item for that year) always wins and is marked as entered.
 *  - An indicator's computed grade for a year is the lowest band among its
 *    series that can be judged (男性 met, 女性 not met: not met).
 *  - Counted units, entered, ended and the completeness: the one rule of
 *    progress.h (gk_indicator_entered, gk_item_entered, gk_progress_*),
 *    which the summary screen, `status` and submit use too.
 *  - Per 所管課: a unit counts under its main 所管課 (an indicator without
 *    its own 所管課 under its item's).
 *  - Sums: an indicator title standing under two or more nodes of the plan
 *    with the same unit, when gk_unit_summable(unit): its numeric targets and
 *    actuals are summed per series and fiscal year, for the whole plan and
 *    per 基本目標, and over the period. When the title has two or more
 *    named series, the second is compared with the first year by year
 *    (second − first), each using its actual where there is one and its
 *    target otherwise, and over the period (the sum of those differences).
 *
 * Owner: src/model/report.c. Pure. Strings in gk_rep_plan and gk_rep_item
 * belong to whoever filled them (the store's arena); the summary owns its
 * own copies and is freed with gk_rep_summary_free.
 */
#ifndef GYOKAKU_REPORT_H
#define GYOKAKU_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "gyokaku/achieve.h"
#include "gyokaku/error.h"
#include "gyokaku/progress.h"
#include "gyokaku/value.h"

/* What the report adds to the plain published layout, each a switch the
 * office sets per plan (`plan set NAME --report +charts,-expected`) and
 * `report --with` / `--without` override. The default (0) prints only what
 * the plan publishes: targets and actuals as written, the 評価 entered by
 * the departments, the notes. */
enum {
    GK_ADD_EXPECTED = 1 << 0, /* expected: 見込, interpolated targets (with their unit) */
    GK_ADD_GRADES = 1 << 1,   /* grades: the computed 評価 where none was entered */
    GK_ADD_BOXES = 1 << 2,    /* boxes: the evaluation box closing each 基本目標 */
    GK_ADD_SUMMARY = 1 << 3,  /* summary: the 集計 page (CSV always writes it) */
    GK_ADD_CHARTS = 1 << 4,   /* charts: a chart per indicator (HTML) */
    GK_ADD_ALL = (1 << 5) - 1
};

/* Applies spec to *adds: a comma list of names (expected, grades, boxes,
 * summary, charts; 見込, 評価, 評価欄, 集計, グラフ; all, none), each
 * optionally prefixed with + (add, the default) or - (remove); "none"
 * clears. -1 with err naming the bad word (*adds unchanged). */
int gk_rep_additions_apply(const char *spec, unsigned *adds, gk_error *err);

/* "expected,charts" (the set bits in the order above), or "none". */
const char *gk_rep_additions_format(unsigned adds, char *buf, size_t n);

typedef struct gk_rep_plan {
    const char *name;
    const char *label_goal, *label_policy, *label_item; /* the plan's level names */
    int year;                                           /* the report's fiscal year */
    size_t nyears;                                      /* the plan's years, ascending, */
    const int *years;                                   /* always including `year` */
    size_t year_index;                                  /* years[year_index] == year */
    gk_grades grades;                                   /* the plan's bands */
    const char *dept;                                   /* --dept filter, or NULL */
    const char *stamp;                                  /* --stamp text, or NULL */
    unsigned additions;                                 /* GK_ADD_* */
    const char *locked_at; /* the year is locked (確定) since this date, or NULL (速報) */
    gk_layout entry;       /* where the plan keeps its notes (progress.h) */
    bool tagged;           /* some node has a テーマ: the theme matrix is gathered (it
                              holds every item, so a plan without テーマ does without) */
} gk_rep_plan;

/* A 基本目標 or 取組方針 as the report opens it, with the report year's
 * notes of that node (a plan may keep 取組状況 on them too). */
typedef struct gk_rep_heading {
    const char *title;
    const char *status, *next_plan; /* the report year's, or NULL */
} gk_rep_heading;

typedef struct gk_rep_series {
    const char *name;              /* "" for an indicator without sub-series */
    const char *base;              /* 初期値 as written, or NULL */
    int base_year;                 /* 0 when unknown */
    const char **target, **actual; /* [nyears], NULL where none */
    gk_achievement *ach;           /* [nyears], filled by gk_rep_judge */
    const char **grade;            /* [nyears], computed label or NULL */
} gk_rep_series;

typedef struct gk_rep_indicator {
    const char *title, *unit;
    const char **depts; /* main first */
    size_t ndepts;
    gk_direction dir;
    gk_rep_series *series;
    size_t nseries;
    const char *status, *next_plan;    /* the report year's notes, or NULL */
    bool unapproved;                   /* its own unit of submission (not under an item: an item's
                                          indicators go with it) and not 承認 for the year */
    const char **evaluation, **reason; /* [nyears] entered 評価 and its reason, or NULL */
    /* filled by gk_rep_judge */
    const char **grade;  /* [nyears] the grade shown: entered, else computed, else NULL */
    bool *grade_entered; /* [nyears] */
    bool entered;        /* the report year: gk_indicator_entered (progress.h) */
} gk_rep_indicator;

typedef struct gk_rep_item {
    char kind;                 /* 'i' an item; 'g', 'p' or 'r' the indicators standing directly
                                  under a goal, a policy or the plan (title is then NULL) */
    const char *goal, *policy; /* titles of the ancestors, or NULL */
    const char *title, *content;
    const char **depts; /* main first */
    size_t ndepts;
    const char **tags; /* its テーマ, as the plan lists them */
    size_t ntags;
    const char *status, *next_plan, *evaluation, *eval_reason; /* the report year's */
    const char *review;                                        /* 見直し区分, or NULL */
    bool unapproved; /* an item ('i') whose state for the year is not 承認 */
    gk_rep_indicator *ind;
    size_t nind;
    /* filled by gk_rep_judge, for an item without indicators */
    const char *grade; /* the entered evaluation, or NULL */
    bool entered;      /* complete for the year (progress.h gk_item_complete) */
    bool ended;        /* its 見直し区分 ends it (progress.h): it and its
                          indicators need no entry */
} gk_rep_item;

/* Judges every series and year of it (achieve.h), the indicators' grades
 * and the entry state. The arrays it fills must be allocated by the caller
 * (nyears long; the store does so). */
void gk_rep_judge(const gk_rep_plan *p, gk_rep_item *it);

/* The 評価 the report shows for indicator ind in year index y: the one
 * entered, else the computed one when p adds grades, else NULL. */
const char *gk_rep_shown_grade(const gk_rep_plan *p, const gk_rep_indicator *ind, size_t y);

/* --- summary ------------------------------------------------------------------ */

typedef struct gk_rep_count {
    char *name;    /* goal title or department name */
    long units;    /* indicators and items without indicators */
    long entered;  /* of them, entered for the year */
    long ended;    /* not entered, and needing no entry: under an item whose
                      見直し区分 ends it (progress.h); the rest are missing */
    long grade[8]; /* per band of the plan's grades */
    long ungraded; /* units without a grade */
} gk_rep_count;

typedef struct gk_rep_sum_series {
    char *name;
    double *target, *actual; /* [nyears] */
    int *tdec, *adec;        /* decimals */
    long *tn, *an;           /* how many cells were added */
} gk_rep_sum_series;

typedef struct gk_rep_sum {
    char *title, *unit;
    char *goal; /* NULL: the whole plan; else the sum under this 基本目標 */
    long nodes; /* under how many nodes the title stands (in the whole plan) */
    gk_rep_sum_series *series;
    size_t nseries;
} gk_rep_sum;

typedef struct gk_rep_summary {
    const gk_rep_plan *plan;
    gk_rep_count total;
    gk_rep_count *goals;
    size_t ngoals;
    gk_rep_count *depts;
    size_t ndepts;
    gk_rep_sum *sums;
    size_t nsums;
} gk_rep_summary;

/* The counts of c for the completeness rule (progress.h). */
gk_progress gk_rep_progress(const gk_rep_count *c);

void gk_rep_summary_init(gk_rep_summary *s, const gk_rep_plan *p);

/* Adds a judged item to the total, its goal's row and its departments'
 * rows (in order of first appearance; items without a goal under
 * `no_goal`, units without a department under `no_dept`). -1 when out of
 * memory. */
int gk_rep_summary_add(gk_rep_summary *s, const gk_rep_item *it, const char *no_goal,
                       const char *no_dept);

/* Adds one value cell of a series of a title that stands under `nodes`
 * nodes (the store streams them title by title). Cells that are not numbers
 * and units that do not add up are left out. -1 when out of memory. */
int gk_rep_summary_add_cell(gk_rep_summary *s, const char *title, const char *unit, long nodes,
                            const char *goal, const char *series, int year, const char *target,
                            const char *actual);

/* The figure of series r for year index y, as the plan's own comparison
 * takes it: the actual where there is one, else the target; false when
 * neither. */
bool gk_rep_sum_figure(const gk_rep_sum_series *r, size_t y, double *v, int *decimals);

/* The comparison of series b with series a of a sum in year index y: the
 * difference of their figures (b − a); false when either has none. */
bool gk_rep_sum_diff(const gk_rep_sum *sum, size_t a, size_t b, size_t y, double *diff,
                     int *decimals);

/* Over the plan's period: the total of series r's targets (actual false)
 * or actuals (true), and the total of the per-year comparisons of b with a.
 * False when no year has one. */
bool gk_rep_sum_total(const gk_rep_sum_series *r, bool actual, size_t nyears, double *v,
                      int *decimals);
bool gk_rep_sum_diff_total(const gk_rep_sum *sum, size_t a, size_t b, size_t nyears, double *diff,
                           int *decimals);

/* The band index of a grade label in the plan's grades, or -1. */
int gk_rep_band(const gk_rep_plan *p, const char *label);

void gk_rep_summary_free(gk_rep_summary *s);

/* --- the theme matrix ------------------------------------------------------------ */

/* A plan that tags its items with テーマ publishes them as a matrix: the
 * items down, the テーマ across, ○ where an item has the テーマ. It is the
 * plan's own data, not an addition: the report prints it whenever the plan
 * has tags. Built from the streamed items; the strings are own copies. */
typedef struct gk_rep_theme_row {
    char *goal;   /* the item's 基本目標, or NULL */
    char *title;  /* the item */
    size_t *cols; /* the columns (indexes into tags) it is marked in, ascending */
    size_t ncols;
} gk_rep_theme_row;

typedef struct gk_rep_themes {
    char **tags; /* the columns, in the order the items first name them */
    long *count; /* items per column */
    size_t ntags;
    gk_rep_theme_row *rows; /* every item, in tree order */
    size_t nrows, cap;
} gk_rep_themes;

/* Adds item it (kind 'i'; others are ignored) as a row. 0, or -1 when out
 * of memory. */
int gk_rep_themes_add(gk_rep_themes *t, const gk_rep_item *it);

/* True when row r is marked in column col. */
bool gk_rep_themes_marked(const gk_rep_theme_row *r, size_t col);

void gk_rep_themes_free(gk_rep_themes *t);

#endif
