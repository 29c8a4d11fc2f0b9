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
/* A message with a context (a msgctxt in the catalogue), for short words
 * that would otherwise share a msgid with another meaning: C_("ctx", "s").
 * xgettext reads it with --keyword=C_:1c,2 (make update-po). */
#define C_(ctx, s) gk_pgettext(ctx "\004" s, s)

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

/* gettext of "CONTEXT\004MSGID"; msgid itself when the catalogue has none. */
const char *gk_pgettext(const char *ctx_msgid, const char *msgid);

#endif
