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
    ui_pager pg;
    ui_rect r;
} about;

static void layout(about *a)
{
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
    a->r = ui_popup_rect(LINES, COLS, (int)n + 2, 6);
    ui_pager_reset(&a->pg, a->r.w - 4);
    ui_pager_line(&a->pg, "gyokaku — 行革 進行管理", ST_HEAD, 0);
    ui_pager_line(&a->pg, "", ST_NORMAL, 0);
    for (size_t i = 0; i < n; i++) {
        ui_cell c[2] = {{rows[i][0], labelw + 2, false},
                        {rows[i][1], a->pg.width - labelw - 2, false}};
        ui_pager_row(&a->pg, c, 2, ST_NORMAL);
    }
}

static void draw(ui_screen *sc)
{
    about *a = sc->ctx;
    layout(a); /* the terminal's size is part of what is shown */
    ui_popup_draw(&a->r, _("About gyokaku"), _(" any key closes this screen "));
    ui_pager_draw(&a->pg, a->r.y + 1, a->r.x + 2, a->r.h - 2, NULL);
}

static ui_handled key(ui_screen *sc, const ui_event *ev)
{
    ui_close(sc, 0);
    return UI_HANDLED;
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
    ui_screen sc = {.draw = draw, .key = key, .ctx = &a};
    ui_run(&sc);
    ui_pager_free(&a.pg);
}
