/*
 * node.h — the kinds of node in a plan's tree: the plan itself (a root of
 * the tree, not a row of the node table), 基本目標, 取組方針, 取組項目 and
 * 指標, one enum used by the store, the tree and the screens, with the names
 * the node table stores (node.kind) and one-letter forms.
 *
 * Owner: src/model/node.c. Pure.
 */
#ifndef GYOKAKU_NODE_H
#define GYOKAKU_NODE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum gk_node_kind {
    GK_NODE_PLAN = 0,  /* "plan",      'P' */
    GK_NODE_GOAL,      /* "goal",      'g'  基本目標 (or the plan's own level name) */
    GK_NODE_POLICY,    /* "policy",    'p'  取組方針 */
    GK_NODE_ITEM,      /* "item",      'i'  取組項目 */
    GK_NODE_INDICATOR, /* "indicator", 'n'  指標 */
} gk_node_kind;

#define GK_NODE_KINDS 5

/* The name stored in node.kind ("goal" … "indicator"; "plan" for a plan). */
const char *gk_node_kind_name(gk_node_kind k);
/* The kind of a stored name; -1 when name is none of them (or NULL). */
int gk_node_kind_from_name(const char *name);

/* Longest title of a plan, a node or a series, in characters (code points):
 * import refuses a longer one, naming the limit. The longest in the offices'
 * plans is about 100; the limit keeps every screen, list and report line
 * manageable. */
#define GK_TITLE_MAX_CHARS 1000

/* The characters of a title (code points; an invalid byte counts as one). */
size_t gk_title_chars(const char *t);
/* True when t (may be NULL) has more than GK_TITLE_MAX_CHARS characters. */
bool gk_title_too_long(const char *t);

/* One letter: 'P', 'g', 'p', 'i', 'n'. */
char gk_node_kind_letter(gk_node_kind k);
/* The kind of a letter; -1 for any other character. */
int gk_node_kind_from_letter(char c);

/* The level of a node under its plan (goal 0, policy 1, item 2,
 * indicator 3) and back; the plan has no level (-1). */
int gk_node_kind_level(gk_node_kind k);

#endif
