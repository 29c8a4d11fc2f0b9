/*
 * i18n.h — gettext glue. Every user-visible string is written in English and
 * wrapped in _() (or N_() where it must be a constant); po/ja.po translates.
 * Plan data (titles, notes, department names) is never passed through _().
 */
#ifndef GYOKAKU_I18N_H
#define GYOKAKU_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#include <stddef.h>

/* The folder of the translations. Setgid (the enforced mode, sysconf.h):
 * only the compiled-in GK_LOCALEDIR. Otherwise $GYOKAKU_LOCALEDIR if set; else build/locale
 * beside the running executable (/proc/self/exe) when it holds the catalogue
 * of the messages locale, so that ./gyokaku run from its build tree speaks
 * the language of its own strings even when an older gyokaku is installed;
 * else the compiled-in GK_LOCALEDIR (an installed program has no build/
 * folder beside it). buf (n bytes) may receive the path; returns the
 * folder, in buf or static. Call after setlocale(). */
const char *gk_i18n_dir(char *buf, size_t n);

/* Binds the "gyokaku" text domain to gk_i18n_dir(). Call once after
 * setlocale(). */
void gk_i18n_init(void);

#endif
