/*
 * progress.c — the rule for an ended item (see progress.h).
 */
#include "gyokaku/progress.h"

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
