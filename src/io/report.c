/*
 * report.c — the report writer's dispatch to its format (reportout.h) and
 * the helpers the formats share: escaping, fiscal-year labels, the cells of
 * the year tables.
 */
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/text.h"

int gk_report_format_parse(const char *name, gk_report_format *out, gk_error *err)
{
    static const struct {
        const char *name;
        gk_report_format f;
    } names[] = {{"html", GK_REPORT_HTML},   {"text", GK_REPORT_TEXT},
                 {"txt", GK_REPORT_TEXT},    {"markdown", GK_REPORT_MARKDOWN},
                 {"md", GK_REPORT_MARKDOWN}, {"csv", GK_REPORT_CSV}};
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return 0;
        }
    gk_error_set(err, _("unknown format %s (html, text, markdown or csv)"), name ? name : "");
    return -1;
}

gk_report_writer *gk_report_writer_open(FILE *out, const gk_report_opts *o, const gk_rep_plan *p,
                                        gk_error *err)
{
    static const report_vt *const vts[] = {&gk_report_html_vt, &gk_report_text_vt, &gk_report_md_vt,
                                           &gk_report_csv_vt};
    gk_report_writer *w = calloc(1, sizeof *w);
    if (!w) {
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    w->vt = vts[o->format];
    w->out = out;
    w->o = *o;
    if (w->o.width < GK_REPORT_MIN_WIDTH) w->o.width = GK_REPORT_MIN_WIDTH;
    w->p = p;
    size_t ny = p->nyears ? p->nyears : 1;
    w->fys = calloc(ny, sizeof *w->fys);
    w->cells = calloc(ny, sizeof *w->cells);
    w->cellbuf = calloc(ny, sizeof *w->cellbuf);
    if (!w->fys || !w->cells || !w->cellbuf) {
        gk_error_set(err, _("out of memory"));
        free(w->fys);
        free(w->cells);
        free(w->cellbuf);
        free(w);
        return NULL;
    }
    for (size_t y = 0; y < p->nyears; y++)
        gk_fy_short(p->years[y], w->fys[y], sizeof w->fys[y]);
    if (w->vt->open(w, err) != 0) {
        free(w->fmt);
        free(w->fys);
        free(w->cells);
        free(w->cellbuf);
        free(w);
        return NULL;
    }
    return w;
}

static int write_error(gk_report_writer *w, gk_error *err)
{
    if (rw_flush(w) && !ferror(w->out)) return 0;
    gk_error_set(err, _("cannot write the report: %s"), strerror(errno ? errno : EIO));
    return -1;
}

int gk_report_goal(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    w->goals++;
    w->items = 0;
    w->goal = h->title;
    if (w->vt->goal(w, h, err) != 0) return -1;
    if (w->vt->notes) w->vt->notes(w, h->status, h->next_plan, false);
    return write_error(w, err);
}

int gk_report_policy(gk_report_writer *w, const gk_rep_heading *h, gk_error *err)
{
    if (w->vt->policy(w, h, err) != 0) return -1;
    if (w->vt->notes) w->vt->notes(w, h->status, h->next_plan, false);
    return write_error(w, err);
}

int gk_report_item(gk_report_writer *w, const gk_rep_item *it, gk_error *err)
{
    int rc = w->vt->item(w, it, err);
    w->items++;
    return rc != 0 ? -1 : write_error(w, err);
}

int gk_report_goal_end(gk_report_writer *w, const gk_rep_count *c, gk_error *err)
{
    if (!(w->p->additions & GK_ADD_BOXES)) c = NULL; /* the box is an addition */
    return w->vt->goal_end(w, c, err) != 0 ? -1 : write_error(w, err);
}

int gk_report_summary(gk_report_writer *w, const gk_rep_summary *s, gk_error *err)
{
    /* the 集計 page is an addition, and all that the CSV holds */
    if (!(w->p->additions & GK_ADD_SUMMARY) && w->vt != &gk_report_csv_vt) return 0;
    return w->vt->summary(w, s, err) != 0 ? -1 : write_error(w, err);
}

int gk_report_themes(gk_report_writer *w, const gk_rep_themes *t, gk_error *err)
{
    if (!t->ntags || !w->vt->themes) return 0;
    return w->vt->themes(w, t, err) != 0 ? -1 : write_error(w, err);
}

int gk_report_writer_close(gk_report_writer *w, gk_error *err)
{
    int rc = w->vt->close(w, err);
    if (!rw_flush(w) && rc == 0) rc = write_error(w, err);
    if (rc == 0 && (fflush(w->out) != 0 || write_error(w, err) != 0)) {
        gk_error_set(err, _("cannot write the report: %s"), strerror(errno ? errno : EIO));
        rc = -1;
    }
    free(w->fmt);
    free(w->fys);
    free(w->cells);
    free(w->cellbuf);
    free(w);
    return rc;
}

void rw_year_table(gk_report_writer *w, const gk_rep_indicator *ind, size_t y0, size_t y1,
                   rw_yt_fn fn, void *ctx)
{
    const gk_rep_plan *p = w->p;
    rw_yt_cell *c = w->cells;
    size_t n = y1 - y0;
    int base_year = 0;
    for (size_t k = 0; k < ind->nseries && !base_year; k++)
        base_year = ind->series[k].base_year;
    for (size_t y = y0; y < y1; y++)
        c[y - y0] = (rw_yt_cell){w->fys[y], y == p->year_index, false, false};
    fn(w, &(rw_yt_row){RW_YT_HEAD, "", NULL, base_year}, c, n, ctx);
    for (size_t k = 0; k < ind->nseries; k++) {
        const gk_rep_series *s = &ind->series[k];
        char series[256], label[300];
        rw_series_label(s, series, sizeof series);
        snprintf(label, sizeof label, RW_TARGET "%s", series);
        for (size_t y = y0; y < y1; y++) {
            rw_yt_cell *e = &c[y - y0];
            *e = (rw_yt_cell){NULL, y == p->year_index, false, false};
            e->text = rw_target_cell(p, ind->unit, s, y, w->cellbuf[y - y0],
                                     sizeof w->cellbuf[y - y0], &e->interim);
        }
        int own = s->base_year && s->base_year != base_year ? s->base_year : 0;
        fn(w, &(rw_yt_row){RW_YT_TARGET, label, s->base, own}, c, n, ctx);
        snprintf(label, sizeof label, RW_ACTUAL "%s", series);
        for (size_t y = y0; y < y1; y++)
            c[y - y0] = (rw_yt_cell){s->actual[y], y == p->year_index, false, false};
        fn(w, &(rw_yt_row){RW_YT_ACTUAL, label, NULL, 0}, c, n, ctx);
    }
    for (size_t y = y0; y < y1; y++)
        c[y - y0] = (rw_yt_cell){gk_rep_shown_grade(p, ind, y), y == p->year_index, false,
                                 ind->grade_entered[y]};
    fn(w, &(rw_yt_row){RW_YT_GRADE, RW_GRADE, NULL, 0}, c, n, ctx);
}

void rw_reasons(gk_report_writer *w, const gk_rep_indicator *ind, rw_note_fn fn, void *ctx)
{
    char head[96];
    for (size_t y = 0; y < w->p->nyears; y++)
        if (ind->grade_entered[y] && ind->reason[y]) {
            snprintf(head, sizeof head, RW_ENTERED_MARK "%s " RW_GRADE "の理由：", w->fys[y]);
            fn(w, head, ind->reason[y], ctx);
        }
}

char *rw_sum_unit(const gk_rep_sum *sum)
{
    size_t n = strlen(sum->unit) + 64;
    char *t = malloc(n);
    if (!t) return NULL;
    if (sum->goal)
        snprintf(t, n, "（単位：%s）", sum->unit);
    else
        snprintf(t, n, "（単位：%s、%ld項目の合計）", sum->unit, sum->nodes);
    return t;
}

void rw_notes(gk_report_writer *w, const char *status, const char *next, bool actuals,
              rw_note_fn fn, void *ctx)
{
    char fy[64], head[160];
    if (status) {
        snprintf(head, sizeof head, "%s" RW_STATUS, rw_fy_long(w->p->year, fy, sizeof fy));
        fn(w, head, status, ctx);
    }
    if (next) {
        snprintf(head, sizeof head, "%s%sの取組内容", actuals ? "実績値を踏まえた" : "",
                 rw_fy_long(w->p->year + 1, fy, sizeof fy));
        fn(w, head, next, ctx);
    }
}

void rw_heading(gk_report_writer *w, const rw_markup *m, const char *label, const char *title,
                void (*esc)(gk_report_writer *w, const char *s))
{
    rw_puts(w, m->open);
    if (label && *rw_level(label, title)) {
        rw_puts(w, m->lv_open);
        esc(w, label);
        rw_puts(w, m->lv_close);
    }
    esc(w, title);
    rw_puts(w, m->close);
}

/* --- the theme matrix ------------------------------------------------------------- */

void rw_themes_walk(gk_report_writer *w, const gk_rep_themes *t, rw_theme_fn fn, void *ctx)
{
    rw_theme_line l = {RW_THEME_HEAD, w->p->label_item, NULL};
    fn(w, t, &l, ctx);
    const char *goal = NULL;
    for (size_t i = 0; i < t->nrows; i++) {
        const gk_rep_theme_row *r = &t->rows[i];
        if (r->goal && (!goal || strcmp(goal, r->goal) != 0)) {
            l = (rw_theme_line){RW_THEME_GOAL, r->goal, NULL};
            fn(w, t, &l, ctx);
        }
        goal = r->goal;
        l = (rw_theme_line){RW_THEME_ITEM, r->title, r};
        fn(w, t, &l, ctx);
    }
    l = (rw_theme_line){RW_THEME_TOTAL, "計", NULL};
    fn(w, t, &l, ctx);
}

const char *rw_theme_cell(const gk_rep_themes *t, const rw_theme_line *l, size_t c, char *buf,
                          size_t n)
{
    switch (l->kind) {
    case RW_THEME_HEAD:
        return t->tags[c];
    case RW_THEME_ITEM:
        return gk_rep_themes_marked(l->row, c) ? RW_THEME_MARK : "";
    case RW_THEME_TOTAL:
        snprintf(buf, n, "%ld", t->count[c]);
        return buf;
    default:
        return "";
    }
}

/* --- shared helpers ------------------------------------------------------------- */

void rw_printf(gk_report_writer *w, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        rw_write(w, small, (size_t)n);
        return;
    }
    rw_flush(w); /* a long piece (the style sheet): straight to the file */
    va_start(ap, fmt);
    vfprintf(w->out, fmt, ap);
    va_end(ap);
}

bool rw_flush(gk_report_writer *w)
{
    size_t n = w->len;
    w->len = 0;
    return !n || fwrite(w->buf, 1, n, w->out) == n;
}

void rw_write(gk_report_writer *w, const char *s, size_t n)
{
    if (w->len + n > sizeof w->buf) {
        rw_flush(w);
        if (n > sizeof w->buf) {
            fwrite(s, 1, n, w->out);
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

void rw_puts(gk_report_writer *w, const char *s)
{
    rw_write(w, s, strlen(s));
}

/* The digits of u ending at end (backwards); returns where they begin. */
static char *digits(char *end, unsigned long u)
{
    do
        *--end = (char)('0' + u % 10);
    while (u /= 10);
    return end;
}

void rw_long(gk_report_writer *w, long v)
{
    char d[24], *e = d + sizeof d;
    char *b = digits(e, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v);
    if (v < 0) *--b = '-';
    rw_write(w, b, (size_t)(e - b));
}

/* |v| × 10^decimals (decimals 0 or 1) rounded half to even on the exact
 * value, as printf rounds: v is m × 2^e with m an integer of 53 bits, so
 * m × 10 fits 57 bits and the rounding is done on integers. (A long double
 * would do it only where it has 64 bits of mantissa: not under valgrind,
 * nor on every platform.) The caller keeps |v| × 10 under 1e15. */
static unsigned long scaled_round(double v, int decimals)
{
    if (v == 0) return 0;
    int ex;
    double f = frexp(fabs(v), &ex); /* |v| = f × 2^ex, f in [0.5, 1) */
    uint64_t n = (uint64_t)ldexp(f, 53) * (decimals ? 10 : 1);
    int e = ex - 53;
    if (e >= 0) return (unsigned long)(n << e);
    if (-e > 60) return 0; /* n < 2^57: under half of one */
    int sh = -e;
    uint64_t q = n >> sh, r = n & ((UINT64_C(1) << sh) - 1), half = UINT64_C(1) << (sh - 1);
    if (r > half || (r == half && (q & 1))) q++;
    return (unsigned long)q;
}

void rw_fixed(gk_report_writer *w, double v, int decimals)
{
    double scaled = decimals ? v * 10 : v;
    if (!isfinite(scaled) || fabs(scaled) > 1e15) { /* never a coordinate: as printf would */
        rw_printf(w, decimals ? "%.1f" : "%.0f", v);
        return;
    }
    unsigned long u = scaled_round(v, decimals);
    char d[32], *e = d + sizeof d, *b = e;
    if (decimals) {
        *--b = (char)('0' + u % 10);
        *--b = '.';
        u /= 10;
    }
    b = digits(b, u);
    if (signbit(v)) *--b = '-'; /* printf's "-0.0" too */
    rw_write(w, b, (size_t)(e - b));
}

void rw_svgf(gk_report_writer *w, const char *t, ...)
{
    va_list ap;
    va_start(ap, t);
    for (;;) {
        const char *pc = strchr(t, '%');
        if (!pc) break;
        rw_write(w, t, (size_t)(pc - t));
        switch (pc[1]) {
        case '1':
        case '0':
            rw_fixed(w, va_arg(ap, double), pc[1] - '0');
            break;
        case 's':
            rw_puts(w, va_arg(ap, const char *));
            break;
        default:
            rw_putc(w, '%');
            break;
        }
        t = pc + 2;
    }
    rw_puts(w, t);
    va_end(ap);
}

const char *rw_fy(gk_report_writer *w, int year)
{
    const gk_rep_plan *p = w->p;
    if (p->nyears && year >= p->years[0] && year <= p->years[p->nyears - 1])
        for (size_t y = 0; y < p->nyears; y++)
            if (p->years[y] == year) return w->fys[y];
    if (year != w->fy_other_year) { /* a base year: the same for many indicators */
        gk_fy_short(year, w->fy_other, sizeof w->fy_other);
        w->fy_other_year = year;
    }
    return w->fy_other;
}

const char *rw_fy_long(int year, char *buf, size_t n)
{
    return gk_fy_long(year, buf, n);
}

const char *rw_fy_short(int year, char *buf, size_t n)
{
    return gk_fy_short(year, buf, n);
}

const char *rw_target_cell(const gk_rep_plan *p, const char *unit, const gk_rep_series *s, size_t y,
                           char *buf, size_t n, bool *interim)
{
    *interim = false;
    if (s->target[y]) return s->target[y];
    if (!(p->additions & GK_ADD_EXPECTED) || s->ach[y].basis != GK_BASIS_INTERIM) return NULL;
    char num[64];
    gk_sum_format(s->ach[y].expected, s->ach[y].expected_decimals, num, sizeof num);
    snprintf(buf, n, RW_EXPECTED " %s%s", num, unit ? unit : "");
    *interim = true;
    return buf;
}

const char *rw_number(double v, int decimals, char *buf, size_t n)
{
    double p = 1;
    for (int i = 0; i < decimals; i++)
        p *= 10;
    double r = (v < 0 ? -1 : 1) * (double)(long long)(fabs(v) * p + 0.5) / p;
    if (r == 0) r = 0; /* no "-0" */
    snprintf(buf, n, "%.*f", decimals, r);
    return buf;
}

const char *rw_sum_title(const gk_rep_plan *p, const gk_rep_sum *sum, char *buf, size_t n)
{
    if (!sum->goal)
        snprintf(buf, n, "%s（計画全体）", sum->title);
    else {
        const char *lv = rw_level(p->label_goal, sum->goal);
        snprintf(buf, n, "%s（%s%s%s）", sum->title, lv, *lv ? " " : "", sum->goal);
    }
    return buf;
}

const char *rw_circled(size_t i, char *buf, size_t n)
{
    if (i < 20 && n >= 4) { /* ① .. ⑳, written per indicator: no printf */
        uint32_t cp = 0x2460 + (uint32_t)i;
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        buf[3] = '\0';
    } else {
        snprintf(buf, n, "%zu", i + 1);
    }
    return buf;
}

const char *rw_level(const char *label, const char *title)
{
    if (!label || !title) return label ? label : "";
    size_t n = strlen(label);
    return n && strncmp(title, label, n) == 0 ? "" : label;
}

const char *rw_state(const gk_rep_plan *p, char *buf, size_t n)
{
    if (p->locked_at)
        snprintf(buf, n, "確定（%.10s 確定）", p->locked_at);
    else
        snprintf(buf, n, "速報（未確定）");
    return buf;
}

const char *rw_grade_legend(const gk_rep_plan *p, char *buf, size_t n)
{
    if (!(p->additions & GK_ADD_GRADES)) return NULL;
    size_t o = (size_t)snprintf(buf, n, "評価の基準（＊のないものは計算による参考）：");
    for (size_t i = 0; i < p->grades.n && o < n; i++) {
        const gk_grade_band *b = &p->grades.band[i];
        int w;
        if (i + 1 == p->grades.n)
            w = snprintf(buf + o, n - o, "%s%s＝それ以外", i ? "、" : "", b->label);
        else if (i == 0)
            w = snprintf(buf + o, n - o, "%s＝達成率%g%%以上", b->label, b->min);
        else
            w = snprintf(buf + o, n - o, "、%s＝%g%%以上%g%%未満", b->label, b->min,
                         p->grades.band[i - 1].min);
        if (w > 0) o += (size_t)w;
    }
    if (o < n)
        snprintf(buf + o, n - o,
                 "。目標値はその年度の目標（ない年度はそれ以前の目標、見込は初期値から次の目標"
                 "への按分）と比べる。向上・縮減などの目標は、初期値より良く前年度より悪くない"
                 "ときに達成。初期値から目標と逆の方向に動いた値は%s。以上・未満の目標は方向を"
                 "問わない。＊ 所管課が入力した評価。",
                 p->grades.n ? p->grades.band[p->grades.n - 1].label : "");
    return buf;
}

char *rw_depts(const char *const *d, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(d[i]) + 3;
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(s, "、");
        strcat(s, d[i]);
    }
    return s;
}

const char *rw_title(const gk_rep_plan *p, char *buf, size_t n)
{
    char fy[64];
    snprintf(buf, n, "%s 取組状況（%s）", p->name, rw_fy_long(p->year, fy, sizeof fy));
    return buf;
}

const char *rw_pseudo_title(const gk_rep_plan *p, const gk_rep_item *it, char *buf, size_t n)
{
    const char *level = it->kind == 'g'   ? p->label_goal
                        : it->kind == 'p' ? p->label_policy
                                          : "計画全体";
    snprintf(buf, n, "%sの%s", level, RW_INDICATOR);
    return buf;
}

const char *rw_percent(const gk_rep_count *c, char *buf, size_t n)
{
    gk_progress p = gk_rep_progress(c);
    return gk_progress_format(&p, buf, n);
}

const char *rw_series_label(const gk_rep_series *s, char *buf, size_t n)
{
    if (!s->name || !*s->name)
        buf[0] = '\0';
    else
        snprintf(buf, n, "（%s）", s->name);
    return buf;
}

/* --- escaping -------------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *v = realloc(b->s, cap);
        if (!v) {
            b->oom = true;
            return;
        }
        b->s = v;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static char *sb_done(sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    if (!b->s) return strdup("");
    return b->s;
}

static void html_escape_into(sbuf *b, const char *s, bool md)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = gk_utf8_decode(s + i, len - i, &cp);
        const char *rep = NULL;
        switch (cp) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (md && !rep) {
            if (cp == '\r' && i + 1 < len && s[i + 1] == '\n') {
                i++;
                continue;
            }
            if (cp == '\n' || cp == '\r')
                rep = "<br>";
            else if (strchr("\\`*_[]|#~", (int)cp) && cp < 0x80 && cp) {
                char e[3] = {'\\', (char)cp, 0};
                sb_add(b, e, 2);
                i += k;
                continue;
            }
        }
        if (!rep && cp != '\n' && cp != '\t' && cp != '\r' &&
            (gk_cp_is_control(cp) || cp == 0xFFFD))
            rep = "\xEF\xBF\xBD"; /* U+FFFD */
        if (rep)
            sb_add(b, rep, strlen(rep));
        else
            sb_add(b, s + i, k);
        i += k;
    }
}

char *gk_html_escape(const char *s)
{
    sbuf b = {0};
    html_escape_into(&b, s ? s : "", false);
    return sb_done(&b);
}

char *gk_md_escape(const char *s)
{
    sbuf b = {0};
    html_escape_into(&b, s ? s : "", true);
    return sb_done(&b);
}
