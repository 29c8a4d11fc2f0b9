/*
 * mainview.h — private to the main screen's files: its state and what they
 * call of each other.
 *
 *   mainview.c  the screen: key table, key handling, set-up, what the user
 *               chose last (pref.h)
 *   treeview.c  the tree pane: drawing, moving, opening, the filter, ] / [
 *   details.c   the details pane: the selection laid out in a pager
 *   search.c    incremental search and its prompt
 *   year.c      the fiscal year: shown by default, chosen, typed
 */
#ifndef GYOKAKU_UI_MAINVIEW_H
#define GYOKAKU_UI_MAINVIEW_H

#include "tree.h"
#include "ui_int.h"

typedef struct mainview {
    gk_store *s;
    tree tr;
    ui_list list; /* the tree's visible rows: selection and scrolling */
    int year;
    int64_t year_plan; /* plan the year was chosen for */
    char *dept;        /* filter, or NULL */
    bool focus_detail;
    /* details of the selection */
    tnode *detail_of;
    int detail_year;
    ui_pager details;
    unsigned long details_gen; /* counts rebuilds of details */
    /* what the last frame drew, so that a key redraws only what it changed
     * (when ui_screen_intact: nothing else has drawn over it since) */
    bool intact;                  /* this frame may leave out unchanged parts */
    unsigned long folded_sig;     /* of the query, this frame */
    unsigned long drawn_row[256]; /* signature of each tree row drawn, 0 none */
    unsigned long drawn_details;  /* signature of the details drawn, 0 none */
    unsigned long drawn_top;      /* signature of the top line drawn, 0 none */
    int drawn_bar;                /* COLS the function-key bar was drawn at, 0 none */
    /* search */
    char query[256];
    char *folded; /* folded query, NULL when none */
    ui_status status;
    /* the plan, year and filter as this session started or as last written
     * to this user's preferences (pref.h), so that only a change made in
     * the session is written; "" none */
    char kept_plan[512], kept_year[16], kept_dept[512];
    bool pref_warned; /* said once that they cannot be written */
    /* the workflow: who the login is, and whether lock_year is locked */
    ui_who who;
    int lock_year; /* the year lock_text is for (0: not looked up yet) */
    char lock_text[64];
    /* the state filter (tree.states) is of this year; 0: to be reloaded */
    int state_year;
    long nmarked; /* nodes marked with m for approving at once */
} mainview;

/* mainview.c */
void mv_report(mainview *m, const gk_error *err);
void mv_say(mainview *m, const char *msg);
int mv_tree_width(void);
int mv_body_rows(void);
tnode *mv_selected(mainview *m);
int64_t mv_current_plan(mainview *m);

/* treeview.c */
void mv_draw_tree(mainview *m);
void mv_select_node(mainview *m, tnode *t);
void mv_reflatten(mainview *m, tnode *keep);
void mv_move_to(mainview *m, long row);
void mv_open_or_child(mainview *m);
void mv_close_or_parent(mainview *m);
void mv_toggle(mainview *m);
void mv_expand_all(mainview *m);
void mv_next_plan(mainview *m);
void mv_next_missing(mainview *m, int dir);
void mv_department_board(mainview *m);
/* The tree filtered to dept (taken over; NULL: nothing), opened down to its
 * nodes; selected: the first row, or with at_item the department's first
 * item or indicator in the current plan. */
void mv_set_dept_filter(mainview *m, char *dept, bool at_item);
/* The summary screen (summary.c) of the plan's year; Enter there comes back
 * to a 所管課 (its filter) or a 基本目標 (no filter, selected and opened). */
void mv_summary(mainview *m);
void mv_clear_filter(mainview *m);
/* f: the state filter in turn: 提出, 差し戻し, 入力中, none. */
void mv_next_state_filter(mainview *m);
/* Reloads the state filter for the year shown (after a year change or a
 * state change), keeping the selection where it can. */
void mv_refresh_state_filter(mainview *m);
/* "提出" …: what the state filter shows (translated). */
const char *mv_state_filter_label(const mainview *m);
/* mainview.c: every mark off */
void mv_clear_marks(mainview *m);
void mv_mouse(mainview *m, const ui_event *ev);

/* details.c */
void mv_draw_details(mainview *m);

/* search.c */
bool mv_search_step(mainview *m, int dir, bool inclusive);
void mv_search_prompt(mainview *m);
void mv_search_free(mainview *m);

/* year.c */
int mv_current_fy(void);
int mv_default_year(mainview *m, int64_t plan);
void mv_set_year_for_plan(mainview *m);
void mv_choose_year(mainview *m);

#endif
