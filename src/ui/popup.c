/*
 * popup.c — the popup frame: where a popup goes (centred above the bottom
 * line, a margin from the sides) and its ASCII box with a title and a foot.
 */
#include <stdio.h>

#include "gyokaku/text.h"
#include "ui_int.h"

ui_rect ui_popup_rect(int lines, int cols, int inner, int margin)
{
    ui_rect r = {.h = inner + 2, .x = margin, .w = cols - 2 * margin};
    if (r.h > lines - 1) r.h = lines - 1;
    if (r.h < 3) r.h = 3;
    r.y = (lines - 1 - r.h) / 2;
    if (r.y < 0) r.y = 0;
    return r;
}

void ui_box(int y, int x, int h, int w, const char *title)
{
    for (int r = 0; r < h; r++) {
        move(y + r, x);
        for (int c = 0; c < w; c++) {
            bool edge_r = r == 0 || r == h - 1, edge_c = c == 0 || c == w - 1;
            addch(edge_r && edge_c ? '+' : edge_r ? '-' : edge_c ? '|' : ' ');
        }
    }
    if (title) {
        char t[256];
        snprintf(t, sizeof t, " %s ", title);
        int tw = gk_str_width(t);
        if (tw > w - 4) tw = w - 4;
        ui_put(y, x + 2, tw, t, ST_HEAD);
    }
}

void ui_popup_draw(const ui_rect *r, const char *title, const char *foot)
{
    ui_box(r->y, r->x, r->h, r->w, title);
    if (!foot) return;
    int fw = gk_str_width(foot);
    ui_put(r->y + r->h - 1, r->x + 2, fw < r->w - 4 ? fw : r->w - 4, foot, ST_DIM);
}
