/* error.c — formatting of gk_error messages (see error.h). */
#include "gyokaku/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* the kind of the last error set: what the process's exit status says */
static bool last_busy;

void gk_error_set(gk_error *err, const char *fmt, ...)
{
    last_busy = false;
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

void gk_error_set_busy(gk_error *err, const char *fmt, ...)
{
    last_busy = true;
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

bool gk_error_last_busy(void)
{
    return last_busy;
}

void gk_error_prefix(gk_error *err, const char *fmt, ...)
{
    if (!err) return;
    char prefix[GK_ERROR_MAX], old[GK_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    char joined[2 * GK_ERROR_MAX + 2];
    snprintf(joined, sizeof joined, "%s: %s", prefix, old);
    snprintf(err->msg, sizeof err->msg, "%.*s", GK_ERROR_MAX - 1, joined);
}
