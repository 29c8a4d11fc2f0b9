/*
 * dept.h — what a 所管課 name says about its place: the 部 it carries when
 * it is written `(総)総務課` or `総)総務課` (half- or full-width brackets),
 * by which the department board groups departments.
 *
 * Owner: src/model/dept.c. Pure, no allocation.
 */
#ifndef GYOKAKU_DEPT_H
#define GYOKAKU_DEPT_H

#include <stddef.h>

/* The 部 of name: `(総)総務課`, `（総）総務課` and `総)総務課` carry 総. Sets
 * *bu to its first byte and *rest to the department after the bracket
 * (総務課), and returns the 部's length in bytes; returns 0 (with *bu and
 * *rest = name) when the name carries none: no closing bracket, nothing
 * before or after it, more than 8 characters before it, or a bracket in it. */
size_t gk_dept_bu(const char *name, const char **bu, const char **rest);

#endif
