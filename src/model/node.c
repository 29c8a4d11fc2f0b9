/*
 * node.c — the kinds of node, their stored names and letters, the length
 * limit of titles (node.h).
 */
#include "gyokaku/node.h"

#include <string.h>

static const struct {
    const char *name;
    char letter;
} kinds[GK_NODE_KINDS] = {
    [GK_NODE_PLAN] = {"plan", 'P'},           [GK_NODE_GOAL] = {"goal", 'g'},
    [GK_NODE_POLICY] = {"policy", 'p'},       [GK_NODE_ITEM] = {"item", 'i'},
    [GK_NODE_INDICATOR] = {"indicator", 'n'},
};

size_t gk_title_chars(const char *t)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)t; p && *p; p++)
        if ((*p & 0xC0) != 0x80) n++; /* every byte but a continuation byte starts one */
    return n;
}

bool gk_title_too_long(const char *t)
{
    /* a character is at least one byte: most titles need no count (import) */
    if (!t || strnlen(t, GK_TITLE_MAX_CHARS + 1) <= GK_TITLE_MAX_CHARS) return false;
    return gk_title_chars(t) > GK_TITLE_MAX_CHARS;
}

const char *gk_node_kind_name(gk_node_kind k)
{
    return (unsigned)k < GK_NODE_KINDS ? kinds[k].name : "";
}

int gk_node_kind_from_name(const char *name)
{
    for (int k = 0; name && k < GK_NODE_KINDS; k++)
        if (strcmp(name, kinds[k].name) == 0) return k;
    return -1;
}

char gk_node_kind_letter(gk_node_kind k)
{
    return (unsigned)k < GK_NODE_KINDS ? kinds[k].letter : '?';
}

int gk_node_kind_from_letter(char c)
{
    for (int k = 0; k < GK_NODE_KINDS; k++)
        if (c == kinds[k].letter) return k;
    return -1;
}

int gk_node_kind_level(gk_node_kind k)
{
    return k == GK_NODE_PLAN || (unsigned)k >= GK_NODE_KINDS ? -1 : (int)k - 1;
}
