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

/* Binds the "gyokaku" text domain: $GYOKAKU_LOCALEDIR if set, else the
 * compiled-in GK_LOCALEDIR. Call once after setlocale(). */
void gk_i18n_init(void);

#endif
