/*
 * progress.c — the rule for an ended item (see progress.h).
 */
#include "gyokaku/progress.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool gk_review_ended(const char *review)
{
    static const char *const ended[] = {"廃止", "終了", "完了"};
    if (!review) return false;
    for (;;) {
        if (*review == ' ' || *review == '\t')
            review++;
        else if (strncmp(review, "\u3000", 3) == 0)
            review += 3;
        else
            break;
    }
    for (size_t i = 0; i < sizeof ended / sizeof *ended; i++)
        if (strncmp(review, ended[i], strlen(ended[i])) == 0) return true;
    return false;
}

bool gk_note_blank(const char *s)
{
    if (!s) return true;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if (strncmp(s, "\u3000", 3) == 0)
            s += 3;
        else
            return false;
    }
    return true;
}

bool gk_notes_complete(const char *status, const char *next_plan)
{
    return !gk_note_blank(status) && !gk_note_blank(next_plan);
}

bool gk_item_entered(const char *status)
{
    return !gk_note_blank(status);
}

const char *gk_layout_name(gk_layout e)
{
    return e == GK_ENTRY_INDICATORS ? "indicators" : "items";
}

int gk_layout_from_name(const char *s)
{
    if (!s) return -1;
    if (strcmp(s, "items") == 0 || strcmp(s, "item") == 0 || strcmp(s, "取組項目") == 0)
        return GK_ENTRY_ITEMS;
    if (strcmp(s, "indicators") == 0 || strcmp(s, "indicator") == 0 || strcmp(s, "指標") == 0)
        return GK_ENTRY_INDICATORS;
    return -1;
}

bool gk_item_container(gk_layout e, size_t nind)
{
    return e == GK_ENTRY_INDICATORS && nind > 0;
}

bool gk_item_complete(gk_layout e, size_t nind, size_t nind_entered, const char *status)
{
    if (gk_item_container(e, nind)) return nind_entered >= nind;
    return gk_item_entered(status);
}

bool gk_indicator_entered(gk_direction dir, size_t nseries, size_t nactual, const char *status,
                          const char *next_plan)
{
    if (nseries > 0 && nactual >= nseries) return true;
    return dir == GK_DIR_QUALITATIVE && gk_notes_complete(status, next_plan);
}

void gk_progress_count(gk_progress *p, bool entered, bool ended)
{
    p->units++;
    if (entered)
        p->entered++;
    else if (ended)
        p->ended++;
}

long gk_progress_needed(const gk_progress *p)
{
    return p->units - p->ended;
}

long gk_progress_missing(const gk_progress *p)
{
    return gk_progress_needed(p) - p->entered;
}

long gk_progress_permille(const gk_progress *p)
{
    long n = gk_progress_needed(p);
    return n > 0 ? p->entered * 1000 / n : 1000;
}

const char *gk_progress_format(const gk_progress *p, char *buf, size_t n)
{
    assert(p && buf && n > 0);
    if (gk_progress_needed(p) <= 0) {
        snprintf(buf, n, "-");
        return buf;
    }
    long m = gk_progress_permille(p);
    snprintf(buf, n, "%ld.%ld%%", m / 10, m % 10);
    return buf;
}

bool gk_actual_outlier(double v, const double *earlier, size_t n, gk_outlier *out)
{
    if (!earlier || n == 0) return false;
    double sum = 0, min = earlier[0], max = earlier[0];
    for (size_t i = 0; i < n; i++) {
        sum += earlier[i];
        if (earlier[i] < min) min = earlier[i];
        if (earlier[i] > max) max = earlier[i];
    }
    double mean = sum / (double)n, floor = GK_OUTLIER_FLOOR * (mean < 0 ? -mean : mean);
    double spread = max - min;
    double band = GK_OUTLIER_K * (spread > floor ? spread : floor);
    if (out) *out = (gk_outlier){mean, mean - band, mean + band};
    double d = v - mean;
    return (d < 0 ? -d : d) > band;
}
