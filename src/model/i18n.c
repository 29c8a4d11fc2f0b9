/* i18n.c — binds the gettext domain (see i18n.h for the order of folders). */
#include "gyokaku/i18n.h"

#include "gyokaku/sysconf.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GK_LOCALEDIR
#define GK_LOCALEDIR "/usr/local/share/locale"
#endif

/* Whether dir holds gyokaku's catalogue for the messages locale, under one
 * of the names gettext tries: ja_JP.UTF-8, ja_JP, ja. */
static bool has_catalogue(const char *dir, const char *loc)
{
    if (!loc || !*loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0) return false;
    char name[256], path[PATH_MAX + 512];
    snprintf(name, sizeof name, "%s", loc);
    for (int round = 0; round < 3; round++) {
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/gyokaku.mo", dir, name);
        if (access(path, R_OK) == 0) return true;
        char *cut = strpbrk(name, round == 0 ? ".@" : "_");
        if (!cut) continue;
        *cut = '\0';
    }
    return false;
}

/* <folder of the running executable>/build/locale, or "" (Linux: /proc). */
static void build_tree_dir(char *out, size_t n)
{
    char exe[PATH_MAX];
    out[0] = '\0';
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = '\0';
    snprintf(out, n, "%s/build/locale", exe);
}

/* Whether dir holds the catalogue of a language gettext would use: those
 * of $LANGUAGE (a list joined by ':'), then the messages locale. */
static bool holds_language(const char *dir)
{
    const char *list = getenv("LANGUAGE");
    if (list && *list) {
        char copy[512], *save = NULL;
        snprintf(copy, sizeof copy, "%s", list);
        for (char *l = strtok_r(copy, ":", &save); l; l = strtok_r(NULL, ":", &save))
            if (has_catalogue(dir, l)) return true;
    }
    return has_catalogue(dir, setlocale(LC_MESSAGES, NULL));
}

const char *gk_i18n_dir(char *buf, size_t n)
{
    /* setgid (sysconf.h): only the installed catalogues; a catalogue the
     * caller chose could put a format string of theirs into our printf */
    if (gk_privileged()) return GK_LOCALEDIR;
    const char *dir = getenv("GYOKAKU_LOCALEDIR");
    if (dir && *dir) return dir;
    build_tree_dir(buf, n);
    if (buf[0] && holds_language(buf)) return buf;
    return GK_LOCALEDIR;
}

void gk_i18n_init(void)
{
    char buf[PATH_MAX + 32];
    bindtextdomain("gyokaku", gk_i18n_dir(buf, sizeof buf));
    bind_textdomain_codeset("gyokaku", "UTF-8");
    textdomain("gyokaku");
}

const char *gk_pgettext(const char *ctx_msgid, const char *msgid)
{
    const char *t = gettext(ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}
