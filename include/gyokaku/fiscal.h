/*
 * fiscal.h — fiscal years (年度, April–March) as the documents write them.
 *
 * Input accepts western and era forms: 2024, ２０２４, 2024年度, R6, r6, 令和6,
 * 令和6年度, 令和元年度, R6(2024), 令和6（2024）年度, H30, 平成30年度, H31 (=2019),
 * S64, 昭和64年度; an era form with a western year in brackets must agree.
 * Valid years are 1900..2100. Output forms: "R6(2024)" and "令和6(2024)年度".
 *
 * Owner: src/model/. Pure functions, no allocation.
 */
#ifndef GYOKAKU_FISCAL_H
#define GYOKAKU_FISCAL_H

#include <stddef.h>

#include "gyokaku/error.h"

#define GK_FY_MIN 1900
#define GK_FY_MAX 2100

/* Parses s (surrounding spaces, full-width digits and full-width brackets
 * allowed). Returns 0 with *year set, or -1 with err saying why
 * ("令和" has no year number, 20245 is out of range, R100 is 2118 ...). */
int gk_fy_parse(const char *s, int *year, gk_error *err);

/* A plan's period (計画期間): two fiscal years in any form gk_fy_parse()
 * takes, joined by exactly one of ～ (U+FF5E), 〜 (U+301C), ~ or -:
 * "R5(2023)～R14(2032)", "2023-2032", "令和5年度～令和14年度". The first
 * must not be later than the last. Returns 0 with *first and *last set, or
 * -1 with err saying what is wrong (no separator, two of them, a bad year,
 * a reversed period). */
int gk_fy_period_parse(const char *s, int *first, int *last, gk_error *err);
/* The fiscal year (April to March) of a local calendar date: month 1..12.
 * 2026-11-25 is in 2026, 2027-03-31 too, 2027-04-01 in 2027. */
int gk_fy_of_date(int year, int month);

/* The year being reported (報告対象年度) of a plan, the one rule every
 * command and the full-screen interface use when no year is given:
 * set_year when the office set one (`gyokaku plan set NAME --year Y`),
 * else the fiscal year before today_fy (in 2026 the results of 2025 are
 * reported); either clamped into the plan's period first..last (0: no
 * bound), so that a plan that ended in 2023 reports 2023 and one that
 * starts in 2027 reports 2027. */
int gk_fy_reported(int today_fy, int set_year, int first, int last);

/* "R6(2024)", "H30(2018)", "R1(2019)". buf >= 32 bytes. Returns buf. */
const char *gk_fy_short(int year, char *buf, size_t n);

/* "令和6(2024)年度", "令和元(2019)年度", "平成30(2018)年度". Returns buf. */
const char *gk_fy_long(int year, char *buf, size_t n);

#endif
