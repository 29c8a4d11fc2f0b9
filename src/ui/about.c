/*
 * about.c — the about screen (F1, then a): what a clerk reads out to the
 * plan office when something looks wrong: the program's version, the
 * database file and its schema version, how many plans it holds, the user,
 * the ambiguous-width mode, the terminal's size and whether it has colours.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gyokaku/browse.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"
#include "gyokaku/ui.h"
#include "ui_int.h"

typedef struct about {
    gk_store *s;
    char plans[GK_ERROR_MAX];
} about;

/* Laid out at every frame: the terminal's size is part of what is shown. */
static size_t layout(ui_scrollpop *t, int width)
{
    about *a = t->ctx;
    char schema[16], size[64];
    snprintf(schema, sizeof schema, "%d", GK_SCHEMA_VERSION);
    snprintf(size, sizeof size, "%dx%d, %s", COLS, LINES,
             ui_colors_on() ? _("colours") : _("no colours"));
    const char *rows[][2] = {
        {_("Version"), GK_VERSION},
        {_("Database"), gk_store_path(a->s)},
        {_("Schema version"), schema},
        {_("Plans"), a->plans},
        {_("User"), gk_store_user(a->s)},
        {_("Ambiguous width"), gk_text_ambiguous_wide() ? _("wide") : _("narrow")},
        {_("Terminal"), size},
    };
    size_t n = sizeof rows / sizeof *rows;
    int labelw = 0; /* the labels in a column as wide as the widest */
    for (size_t i = 0; i < n; i++)
        if (gk_str_width(rows[i][0]) > labelw) labelw = gk_str_width(rows[i][0]);
    ui_pager_line(&t->pg, "gyokaku — 行革 進行管理", ST_HEAD, 0);
    ui_pager_line(&t->pg, "", ST_NORMAL, 0);
    for (size_t i = 0; i < n; i++) {
        ui_cell c[2] = {{rows[i][0], labelw + 2, false}, {rows[i][1], width - labelw - 2, false}};
        ui_pager_row(&t->pg, c, 2, ST_NORMAL);
    }
    return t->pg.n;
}

void ui_about(gk_store *s)
{
    about a = {.s = s};
    gk_plan_info *p;
    size_t n;
    gk_error err;
    if (gk_browse_plans(s, &p, &n, &err) == 0) {
        snprintf(a.plans, sizeof a.plans, "%zu", n);
        gk_plan_info_free(p, n);
    } else {
        snprintf(a.plans, sizeof a.plans, "%s", err.msg);
    }
    ui_scrollpop t = {.title = _("About gyokaku"),
                      .foot = _(" any key closes this screen "),
                      .foot_scroll = _(" ↑↓ PgUp PgDn scroll; any other key closes "),
                      .margin = 6,
                      .layout = layout,
                      .ctx = &a};
    ui_scrollpop_run(&t);
}
