/* i18n.c — binds the gettext domain (see i18n.h). */
#include "gyokaku/i18n.h"

#include <stdlib.h>

#ifndef GK_LOCALEDIR
#define GK_LOCALEDIR "/usr/local/share/locale"
#endif

void gk_i18n_init(void)
{
    const char *dir = getenv("GYOKAKU_LOCALEDIR");
    bindtextdomain("gyokaku", dir && *dir ? dir : GK_LOCALEDIR);
    bind_textdomain_codeset("gyokaku", "UTF-8");
    textdomain("gyokaku");
}
