/*
 * sysconf.c — the system-wide configuration and the enforced shared-host
 * mode's process setup (see sysconf.h).
 */
#include "gyokaku/sysconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gyokaku/i18n.h"

#ifndef GK_SYSCONFDIR
#define GK_SYSCONFDIR "/etc"
#endif

#define CONF_MAX 65536

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int gk_sysconf_parse(const char *text, const char *name, gk_sysconf *out, gk_error *err)
{
    memset(out, 0, sizeof *out);
    out->backup_keep = -1;
    out->present = true;
    snprintf(out->file, sizeof out->file, "%s", name);
    char *copy = strdup(text);
    if (!copy) {
        gk_error_set(err, _("out of memory"));
        return -1;
    }
    bool seen_db = false, seen_keep = false;
    int line = 0, rc = 0;
    /* strtok_r would skip empty lines and miscount: split by hand */
    for (char *p = copy; p && rc == 0; line++) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *l = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*l || *l == '#') continue;
        char *eq = strchr(l, '=');
        if (!eq) {
            gk_error_set(err, _("%s:%d: expected KEY = VALUE, not \"%s\""), name, line + 1, l);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(l), *val = trim(eq + 1);
        if (strcmp(key, "database") == 0) {
            if (seen_db) {
                gk_error_set(err, _("%s:%d: %s is given twice"), name, line + 1, key);
                rc = -1;
            } else if (val[0] != '/') {
                gk_error_set(err, _("%s:%d: database must be an absolute path, not \"%s\""), name,
                             line + 1, val);
                rc = -1;
            } else if (strlen(val) >= sizeof out->database) {
                gk_error_set(err, _("%s:%d: the database path is too long"), name, line + 1);
                rc = -1;
            } else
                snprintf(out->database, sizeof out->database, "%s", val);
            seen_db = true;
        } else if (strcmp(key, "backup_keep") == 0) {
            char *end;
            errno = 0;
            long v = strtol(val, &end, 10);
            if (seen_keep) {
                gk_error_set(err, _("%s:%d: %s is given twice"), name, line + 1, key);
                rc = -1;
            } else if (!*val || *end || errno || v < 0 || v > 100000) {
                gk_error_set(err,
                             _("%s:%d: backup_keep must be a number of backups from 0 to 100000, "
                               "not \"%s\""),
                             name, line + 1, val);
                rc = -1;
            } else
                out->backup_keep = (int)v;
            seen_keep = true;
        } else {
            gk_error_set(err, _("%s:%d: unknown key \"%s\" (known: database, backup_keep)"), name,
                         line + 1, key);
            rc = -1;
        }
    }
    free(copy);
    return rc;
}

/* --- the enforced mode ------------------------------------------------------------ */

static int privileged = -1;
static gid_t priv_gid;
static int dropped;

bool gk_privileged(void)
{
    if (privileged < 0) {
        priv_gid = getegid();
        privileged = priv_gid != getgid();
    }
    return privileged == 1;
}

void gk_priv_drop(void)
{
    if (!gk_privileged() || dropped++ > 0) return;
    if (setegid(getgid()) != 0) { /* never go on with the group's rights */
        perror("gyokaku: setegid");
        _exit(1);
    }
}

void gk_priv_restore(void)
{
    if (!gk_privileged() || dropped == 0 || --dropped > 0) return;
    if (setegid(priv_gid) != 0) {
        perror("gyokaku: setegid");
        _exit(1);
    }
}

void gk_priv_give_up(void)
{
    if (!gk_privileged()) return;
    gid_t g = getgid();
    if (setresgid(g, g, g) != 0) {
        perror("gyokaku: setresgid");
        _exit(1);
    }
    privileged = 0;
    dropped = 0;
}

/* The environment a privileged run clears: the paths of SQLite's temporary
 * files (SQLITE_TMPDIR, TMPDIR: the caller's folder would receive pieces of
 * the shared database), gettext's and iconv's folders and modules (NLSPATH,
 * LOCPATH, GCONV_PATH: a caller's module would run with the group's rights),
 * ncurses' terminal descriptions, and gyokaku's own: the catalogues folder,
 * the configuration path, the test hook, and the backup retention (the
 * configuration's backup_keep decides). LANGUAGE, LANG and LC_* stay when
 * they only name languages and locales: gettext then picks among the
 * catalogues installed under the compiled-in folder; a value naming a path
 * ('/' or "..": a locale or catalogue of the caller's) is dropped. */
void gk_priv_sanitize_env(void)
{
    if (!gk_privileged()) return;
    static const char *const drop[] = {
        "SQLITE_TMPDIR",
        "TMPDIR",
        "NLSPATH",
        "LOCPATH",
        "GCONV_PATH",
        "TERMINFO",
        "TERMINFO_DIRS",
        "TERMCAP",
        "GYOKAKU_LOCALEDIR",
        "GYOKAKU_CONF",
        "GYOKAKU_TEST_CRASH",
        "GYOKAKU_BACKUP_KEEP",
    };
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        unsetenv(drop[i]);
    static const char *const names[] = {"LANGUAGE", "LANG",        "LC_ALL",
                                        "LC_CTYPE", "LC_MESSAGES", "LC_COLLATE",
                                        "LC_TIME",  "LC_NUMERIC",  "LC_MONETARY"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = getenv(names[i]);
        if (v && (strchr(v, '/') || strstr(v, ".."))) unsetenv(names[i]);
    }
    /* files made in the data folder stay writable for the group, never for others */
    mode_t m = umask(0);
    umask((m | 007) & 0707);
}

/* --- reading the file ---------------------------------------------------------------- */

static gk_sysconf conf;
static int conf_state; /* 0 not read, 1 read, -1 bad */
static gk_error conf_err;

static int load(const char *path, gk_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) return 0;
        gk_error_set(err, _("cannot read the configuration %s: %s"), path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        gk_error_set(err, _("the configuration %s is not a regular file"), path);
        fclose(f);
        return -1;
    }
    /* with the group's rights, only a file that root alone may change decides */
    if (gk_privileged() && (st.st_uid != 0 || (st.st_mode & 022))) {
        gk_error_set(err,
                     _("the configuration %s must belong to root and be writable by root "
                       "alone (chown root %s; chmod 644 %s)"),
                     path, path, path);
        fclose(f);
        return -1;
    }
    char *buf = malloc(CONF_MAX + 1);
    size_t n = buf ? fread(buf, 1, CONF_MAX + 1, f) : 0;
    int rc = 0;
    if (!buf) {
        gk_error_set(err, _("out of memory"));
        rc = -1;
    } else if (ferror(f)) {
        gk_error_set(err, _("cannot read the configuration %s: %s"), path, strerror(errno));
        rc = -1;
    } else if (n > CONF_MAX || memchr(buf, '\0', n)) {
        gk_error_set(err, _("the configuration %s is not a text file of at most 64 KiB"), path);
        rc = -1;
    } else {
        buf[n] = '\0';
        rc = gk_sysconf_parse(buf, path, &conf, err) == 0 ? 1 : -1;
    }
    free(buf);
    fclose(f);
    return rc;
}

const gk_sysconf *gk_sysconf_get(gk_error *err)
{
    if (conf_state == 0) {
        const char *env = gk_privileged() ? NULL : getenv("GYOKAKU_CONF");
        char path[4096];
        if (env && *env)
            snprintf(path, sizeof path, "%s", env);
        else
            snprintf(path, sizeof path, "%s/gyokaku.conf", GK_SYSCONFDIR);
        int rc = load(path, &conf_err);
        if (rc == 0) {
            memset(&conf, 0, sizeof conf);
            conf.backup_keep = -1;
        }
        conf_state = rc < 0 ? -1 : 1;
    }
    if (conf_state < 0) {
        if (err) *err = conf_err;
        return NULL;
    }
    return &conf;
}
