/*
 * year.c — the fiscal year of the main screen: the one shown when a plan is
 * opened (the year being reported, plan.h), the
 * chooser of the plan's years, and a year typed by hand on the bottom line
 * for a plan whose period does not have it yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/plan.h"
#include "mainview.h"

int mv_current_fy(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return gk_fy_of_date(tm.tm_year + 1900, tm.tm_mon + 1);
}

/* The year shown for a plan: the year being reported (plan.h
 * gk_plan_report_year, the rule of every command). */
int mv_default_year(mainview *m, int64_t plan)
{
    gk_error err;
    int year;
    if (gk_plan_report_year(m->s, plan, &year, NULL, &err) == 0) return year;
    mv_report(m, &err);
    return mv_current_fy();
}

void mv_set_year_for_plan(mainview *m)
{
    int64_t plan = mv_current_plan(m);
    if (plan != m->year_plan) {
        m->year_plan = plan;
        m->year = mv_default_year(m, plan);
    }
}

/* A fiscal year typed on the bottom line, in any form 年度 accepts (2027,
 * R9, 令和9年度 …); a form it refuses is said with the reason, and the
 * line stays for a correction. */
/* Enter: the year when it parses, else the reason on the bottom line. */
static bool year_given(ui_asking *a, int what)
{
    if (what != UI_PROMPT_DONE) return true;
    int *year = a->ctx;
    gk_error err;
    if (a->p.len && gk_fy_parse(a->p.text, year, &err) == 0) return true;
    char msg[GK_ERROR_MAX + 300];
    snprintf(msg, sizeof msg, "%s: %s", a->p.text, a->p.len ? err.msg : _("type a fiscal year"));
    ui_status_set(&a->why, true, msg);
    return false;
}

/* Returns the year typed, or 0 when the clerk gave up (Esc). */
static int type_year(void)
{
    int year = 0;
    char lead[256];
    snprintf(lead, sizeof lead, "%s ", _("Fiscal year (2027, R9, 令和9年度 …):"));
    ui_asking a = {.lead = lead, .on = year_given, .ctx = &year};
    return ui_ask(&a) == 0 && year > 0 ? year : 0;
}

/* The rows of the chooser: the years (a locked one marked), then a row to
 * type another one. */
static char **year_rows(gk_store *s, const int *years, size_t n)
{
    char **rows = calloc(n + 1, sizeof *rows);
    for (size_t i = 0; rows && i < n; i++) {
        char b[64], locked[64], row[160];
        if (ui_year_lock_text(s, years[i], locked, sizeof locked) < 0) locked[0] = '\0';
        snprintf(row, sizeof row, "%s%s%s", gk_fy_long(years[i], b, sizeof b),
                 locked[0] ? "  " : "", locked);
        rows[i] = strdup(row);
    }
    if (rows) rows[n] = strdup(_("another year: type it …"));
    return rows;
}

/* The plan's years (its period and the years with data); without any, the
 * current fiscal year. The last row lets the clerk type another year, so
 * that entry is never impossible. */
void mv_choose_year(mainview *m)
{
    int *years;
    size_t n, cur = 0;
    gk_error err;
    if (gk_browse_years(m->s, mv_current_plan(m), &years, &n, &err) != 0) {
        mv_report(m, &err);
        return;
    }
    if (n == 0) {
        free(years);
        if (!(years = malloc(sizeof *years))) return;
        years[n++] = mv_current_fy();
    }
    char **rows = year_rows(m->s, years, n);
    for (size_t i = 0; i < n; i++)
        if (years[i] == m->year) cur = i;
    long c = rows ? ui_choose(_("Fiscal year"), (const char *const *)rows, n + 1, cur, NULL) : -1;
    if (c >= 0 && (size_t)c < n) m->year = years[c];
    if (c >= 0 && (size_t)c == n) {
        int y = type_year();
        if (y) m->year = y;
    }
    for (size_t i = 0; rows && i <= n; i++)
        free(rows[i]);
    free(rows);
    free(years);
}
