/*
 * measure.c — for the end-to-end tests: reads captured screen lines on
 * stdin and prints, per line, its display width and, for each kind of
 * vertical border ('│' and '¦' of the panes, '|' of popups), the display
 * columns where it stands: "WIDTH │=32, ¦= |=5,74".
 * With -w, East Asian Ambiguous characters count two cells.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/text.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-w") == 0) gk_text_set_ambiguous_wide(true);
    char line[65536];
    static const uint32_t borders[] = {0x2502, 0x00A6, '|'};
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char cols[3][1024] = {"", "", ""};
        int w = 0;
        size_t len = strlen(line), pos = 0;
        while (pos < len) {
            uint32_t cp;
            size_t n = gk_utf8_decode(line + pos, len - pos, &cp);
            for (int b = 0; b < 3; b++)
                if (cp == borders[b] && strlen(cols[b]) < sizeof cols[b] - 16)
                    sprintf(cols[b] + strlen(cols[b]), "%s%d", cols[b][0] ? "," : "", w);
            pos += n;
            w += gk_cp_width(cp);
        }
        printf("%d \u2502=%s \u00a6=%s |=%s\n", w, cols[0], cols[1], cols[2]);
    }
    return 0;
}
