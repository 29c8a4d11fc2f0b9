/*
 * dept.h — what a 所管課 name says about its place: the 部 it carries when
 * it is written `(総)総務課` or `総)総務課` (half- or full-width brackets),
 * by which the department board groups departments; the words that name no
 * department; and what a name typed without its 部 means.
 *
 * Owner: src/model/dept.c. Pure, no allocation.
 */
#ifndef GYOKAKU_DEPT_H
#define GYOKAKU_DEPT_H

#include <stdbool.h>
#include <stddef.h>

/* The 部 of name: `(総)総務課`, `（総）総務課` and `総)総務課` carry 総. Sets
 * *bu to its first byte and *rest to the department after the bracket
 * (総務課), and returns the 部's length in bytes; returns 0 (with *bu and
 * *rest = name) when the name carries none: no closing bracket, nothing
 * before or after it, more than 8 characters before it, or a bracket in it. */
size_t gk_dept_bu(const char *name, const char **bu, const char **rest);

/* The department without its 部: 総務課 for `(総)総務課`, name itself when it
 * carries none. */
const char *gk_dept_bare(const char *name);

/* True for the words plans write in the 所管課 column that name no
 * department: 各担当部署, 全庁, 各課, 各部署, 全課, 全部署, 関係課 … (import
 * leaves them out). */
bool gk_dept_placeholder(const char *name);

/* What a typed department name means among names[n]: the one spelled
 * exactly so, else those whose name without the 部 equals typed's without
 * its 部 (`総務課` finds `(総)総務課` and `総)総務課`; `(総)総務課` finds
 * `総務課`). Returns how many match (1: *first is it; more: *first is the
 * first candidate, the caller lists them; 0: none). */
long gk_dept_match(const char *typed, const char *const *names, size_t n, size_t *first);

#endif
