/*
 * sheet_xlsx.c — the 調査票 as a workbook (xlsx.h, sheet.h): written with
 * libxlsxwriter in constant memory (rows go to disk as they come), read
 * back through xlsx_read.c.
 *
 * Sheets: 表紙 (cover: plan, department, year, deadline, contact, how to
 * fill in, the 記入者 cell), 入力 (entry: one row per item, one per
 * indicator series; context locked, the fields to fill unlocked and
 * validated; identity in hidden columns), _gyokaku (hidden, protected: the
 * identity of the workbook, key in A, value in B).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"
#include "gyokaku/note.h"
#include "gyokaku/value.h"
#include "gyokaku/workflow.h"
#include "gyokaku/xlsx.h"

#define ENTRY_SHEET "入力"
#define COVER_SHEET "表紙"
#define META_SHEET "_gyokaku"
#define FIRST_ROW 2 /* 0-based: two header rows */

/* Entry sheet columns (0-based). */
enum {
    C_PATH,
    C_KIND,
    C_TITLE,
    C_CONTENT,
    C_SERIES,
    C_UNIT,
    C_BASE,
    C_TARGET,
    C_PAST,
    C_LAST_NEXT,
    C_COMMENT,
    C_FIELDS, /* GK_SHEET_NFIELDS input columns from here, by gk_field_kind */
    C_ID = C_FIELDS + GK_SHEET_NFIELDS,
    C_SERIES_ID,
    C_MASK,
    C_ORIG, /* GK_SHEET_NFIELDS */
    C_CHECK = C_ORIG + GK_SHEET_NFIELDS,
    C_COUNT
};

/* Meta keys (the identity sheet's column A). */
static const char *const meta_keys[] = {"format", "database", "plan",    "plan_uid", "year", "dept",
                                        "token",  "made_at",  "made_by", "grades",   "check"};
enum {
    M_FORMAT,
    M_DB,
    M_PLAN,
    M_PLAN_UID,
    M_YEAR,
    M_DEPT,
    M_TOKEN,
    M_AT,
    M_BY,
    M_GRADES,
    M_CHECK,
    M_COUNT
};

struct gk_sheet_writer {
    lxw_workbook *wb;
    lxw_worksheet *cover, *entry, *meta;
    lxw_format *head, *ctx, *input, *title;
    lxw_format *note; /* input cells of text: kept as typed ("4月1日" is no date) */
    char *path;
    lxw_row_t row;
    /* the validation of the actual column runs over rows of one kind */
    lxw_row_t run_first;
    int run_kind;  /* -1 none, 0 number, 1 choice, 2 locked */
    char **grades; /* the plan's 評価 labels, NULL-terminated: the 評価 column's list */
};

static void free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int lxw_fail(lxw_error e, gk_error *err)
{
    if (e == LXW_NO_ERROR) return 0;
    gk_error_set(err, _("cannot write the workbook: %s"), lxw_strerror(e));
    return -1;
}

static void put(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, r, c, s, f);
    else
        worksheet_write_blank(ws, r, c, f);
}

static void write_cover(gk_sheet_writer *w, const gk_sheet_head *h)
{
    lxw_worksheet *ws = w->cover;
    char y[64], line[512];
    gk_fy_long(h->year, y, sizeof y);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, 80, NULL);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    snprintf(line, sizeof line, "%s　%s　進捗状況調査票", y, or_empty(h->plan));
    worksheet_write_string(ws, 0, 0, line, w->title);
    const char *rows[][2] = {
        {"計画", h->plan},
        {"所管課", h->dept},
        {"年度", y},
        {"提出期限", h->deadline && *h->deadline ? h->deadline : "（指定なし）"},
        {"問い合わせ先", h->contact && *h->contact ? h->contact : "行政改革担当"},
        {"作成日時", h->made_at},
    };
    lxw_row_t r = 2;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, r++) {
        worksheet_write_string(ws, r, 0, rows[i][0], w->head);
        put(ws, r, 1, rows[i][1], w->ctx);
    }
    worksheet_write_string(ws, r, 0, "記入者", w->head);
    worksheet_write_blank(ws, r, 1, w->note);
    r += 2;
    static const char *const how[] = {
        "記入方法",
        "1. "
        "「入力」シートの黄色のセル（実績値、取組状況、次年度の取組内容、評価、評価の理由）に記入し"
        "てください。",
        "2. "
        "灰色のセルは参考情報です。変更できません。行や列の追加・削除、並べ替えはしないでください"
        "。",
        "3. "
        "実績値は数値で記入してください（単位や桁区切りを付けても構いません）。定性的な指標は一覧か"
        "ら選んでください。",
        "   実績が確定していない場合は「未確定」とし、その理由を取組状況に記入してください。",
        "4. 評価は一覧から選び、提案と異なる評価とした場合はその理由を記入してください。",
        "5. 上の「記入者」欄に記入者の氏名を記入し、ファイル名を変えずに保存して返送してください。",
    };
    for (size_t i = 0; i < sizeof how / sizeof *how; i++, r++)
        worksheet_write_string(ws, r, i == 0 ? 0 : 1, how[i], i == 0 ? w->head : NULL);
    lxw_protection prot = {.format_columns = 1, .format_rows = 1};
    worksheet_protect(ws, NULL, &prot);
}

static void write_meta(gk_sheet_writer *w, const gk_sheet_head *h)
{
    char fmt[16], year[16], grades[512] = "";
    snprintf(fmt, sizeof fmt, "%d", h->format);
    snprintf(year, sizeof year, "%d", h->year);
    for (size_t i = 0; i < h->ngrades; i++) {
        if (i) strncat(grades, ",", sizeof grades - strlen(grades) - 1);
        strncat(grades, h->grades[i], sizeof grades - strlen(grades) - 1);
    }
    const char *vals[M_COUNT] = {fmt,      h->db_uid,  h->plan,    h->plan_uid, year,    h->dept,
                                 h->token, h->made_at, h->made_by, grades,      h->check};
    for (int i = 0; i < M_COUNT; i++) {
        worksheet_write_string(w->meta, (lxw_row_t)i, 0, meta_keys[i], NULL);
        put(w->meta, (lxw_row_t)i, 1, vals[i], NULL);
    }
    worksheet_hide(w->meta);
    worksheet_protect(w->meta, NULL, NULL);
}

static void write_entry_head(gk_sheet_writer *w, const gk_sheet_head *h)
{
    lxw_worksheet *ws = w->entry;
    static const struct {
        const char *name;
        double width;
    } cols[C_COUNT] = {
        [C_PATH] = {"階層", 22},
        [C_KIND] = {"区分", 6},
        [C_TITLE] = {"取組項目・指標", 24},
        [C_CONTENT] = {"取組内容", 30},
        [C_SERIES] = {"系列", 8},
        [C_UNIT] = {"単位", 6},
        [C_BASE] = {"初期値", 10},
        [C_TARGET] = {"今年度の目標", 12},
        [C_PAST] = {"これまでの実績", 18},
        [C_LAST_NEXT] = {"前年度に記入した次年度の取組内容", 30},
        [C_COMMENT] = {"差し戻しコメント", 20},
        [C_FIELDS + GK_FIELD_ACTUAL] = {"実績値", 12},
        [C_FIELDS + GK_FIELD_STATUS] = {"取組状況", 36},
        [C_FIELDS + GK_FIELD_NEXT] = {"次年度の取組内容", 36},
        [C_FIELDS + GK_FIELD_EVAL] = {"評価", 10},
        [C_FIELDS + GK_FIELD_EVAL_REASON] = {"評価の理由", 24},
        [C_ID] = {"_node", 10},
        [C_SERIES_ID] = {"_series", 10},
        [C_MASK] = {"_fields", 10},
        [C_ORIG + 0] = {"_actual", 10},
        [C_ORIG + 1] = {"_status", 10},
        [C_ORIG + 2] = {"_next_plan", 10},
        [C_ORIG + 3] = {"_evaluation", 10},
        [C_ORIG + 4] = {"_eval_reason", 10},
        [C_CHECK] = {"_check", 10},
    };
    lxw_row_col_options hidden = {.hidden = 1};
    for (int c = 0; c < C_COUNT; c++)
        worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL,
                                 c >= C_ID ? &hidden : NULL);
    char y[64], line[512];
    gk_fy_long(h->year, y, sizeof y);
    snprintf(line, sizeof line, "%s　%s　%s　（黄色のセルに記入）", or_empty(h->plan), y,
             or_empty(h->dept));
    worksheet_write_string(ws, 0, 0, line, w->title);
    for (int c = 0; c < C_COUNT; c++)
        worksheet_write_string(ws, 1, (lxw_col_t)c, cols[c].name, w->head);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 1);
    worksheet_print_area(ws, 0, 0, 1048575, C_FIELDS + GK_SHEET_NFIELDS - 1);
    worksheet_freeze_panes(ws, FIRST_ROW, C_KIND + 2);
    lxw_protection prot = {.format_columns = 1, .format_rows = 1, .autofilter = 1};
    worksheet_protect(ws, NULL, &prot);
}

gk_sheet_writer *gk_sheet_writer_open(const char *path, const gk_sheet_head *h, gk_error *err)
{
    gk_sheet_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        gk_error_set(err, _("out of memory"));
        return NULL;
    }
    lxw_workbook_options opt = {.constant_memory = 1, .use_zip64 = 0};
    const char *tmp = getenv("TMPDIR");
    opt.tmpdir = tmp && *tmp ? (char *)tmp : NULL;
    w->wb = workbook_new_opt(path, &opt);
    if (!w->wb) {
        gk_error_set(err, _("cannot write %s"), path);
        free(w->path);
        free(w);
        return NULL;
    }
    if (h->ngrades && (w->grades = calloc(h->ngrades + 1, sizeof *w->grades)))
        for (size_t i = 0; i < h->ngrades; i++)
            if (!(w->grades[i] = strdup(h->grades[i]))) break; /* a shorter list, no more */
    w->cover = workbook_add_worksheet(w->wb, COVER_SHEET);
    w->entry = workbook_add_worksheet(w->wb, ENTRY_SHEET);
    w->meta = workbook_add_worksheet(w->wb, META_SHEET);
    w->title = workbook_add_format(w->wb);
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    w->head = workbook_add_format(w->wb);
    format_set_bold(w->head);
    format_set_text_wrap(w->head);
    format_set_bg_color(w->head, 0xD9E1F2);
    format_set_border(w->head, LXW_BORDER_THIN);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
    w->ctx = workbook_add_format(w->wb);
    format_set_text_wrap(w->ctx);
    format_set_bg_color(w->ctx, 0xEDEDED);
    format_set_border(w->ctx, LXW_BORDER_THIN);
    format_set_align(w->ctx, LXW_ALIGN_VERTICAL_TOP);
    w->input = workbook_add_format(w->wb);
    format_set_unlocked(w->input);
    format_set_text_wrap(w->input);
    format_set_bg_color(w->input, 0xFFF2CC);
    format_set_border(w->input, LXW_BORDER_THIN);
    format_set_align(w->input, LXW_ALIGN_VERTICAL_TOP);
    w->note = workbook_add_format(w->wb);
    format_set_unlocked(w->note);
    format_set_text_wrap(w->note);
    format_set_bg_color(w->note, 0xFFF2CC);
    format_set_border(w->note, LXW_BORDER_THIN);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(w->note, "@"); /* Excel's text format */
    workbook_set_properties(w->wb, &(lxw_doc_properties){.title = "進捗状況調査票",
                                                         .company = (char *)or_empty(h->dept)});
    write_cover(w, h);
    write_entry_head(w, h);
    write_meta(w, h);
    w->row = FIRST_ROW;
    w->run_kind = -1;
    return w;
}

/* Validation of the actual cells of rows run_first .. row-1. */
static void flush_run(gk_sheet_writer *w)
{
    if (w->run_kind < 0 || w->run_kind == 2 || w->row <= w->run_first) return;
    lxw_data_validation v = {0};
    lxw_col_t c = C_FIELDS + GK_FIELD_ACTUAL;
    if (w->run_kind == 1) {
        static const char *list[16];
        size_t n = 0;
        for (size_t i = 0; i < gk_qualitative_count && n < 14; i++)
            list[n++] = gk_qualitative_values[i];
        list[n++] = GK_ACTUAL_PENDING;
        list[n] = NULL;
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = (char **)list;
        v.error_title = "実績値";
        v.error_message = "一覧から選んでください。";
    } else {
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = -1e15;
        v.maximum_number = 1e15;
        v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        v.input_title = "実績値";
        v.input_message = "数値を記入（単位・桁区切り可）。確定していなければ「未確定」。";
        v.error_title = "実績値";
        v.error_message = "数値ではありません。このまま入力する場合は「はい」。";
    }
    worksheet_data_validation_range(w->entry, w->run_first, c, w->row - 1, c, &v);
}

int gk_sheet_writer_row(gk_sheet_writer *w, const gk_sheet_row *r, gk_error *err)
{
    if (w->row >= 1048575) {
        gk_error_set(err, _("more rows than a worksheet holds"));
        return -1;
    }
    int kind = !r->has[GK_FIELD_ACTUAL] ? 2 : r->qualitative ? 1 : 0;
    if (kind != w->run_kind) {
        flush_run(w);
        w->run_kind = kind;
        w->run_first = w->row;
    }
    lxw_worksheet *ws = w->entry;
    lxw_row_t y = w->row;
    bool item = r->kind != GK_NODE_INDICATOR;
    put(ws, y, C_PATH, r->path, w->ctx);
    put(ws, y, C_KIND, item ? "取組" : "指標", w->ctx);
    put(ws, y, C_TITLE, r->title, w->ctx);
    put(ws, y, C_CONTENT, r->content, w->ctx);
    put(ws, y, C_SERIES, r->series, w->ctx);
    put(ws, y, C_UNIT, r->unit, w->ctx);
    put(ws, y, C_BASE, r->base, w->ctx);
    put(ws, y, C_TARGET, r->target, w->ctx);
    put(ws, y, C_PAST, r->past, w->ctx);
    put(ws, y, C_LAST_NEXT, r->last_next, w->ctx);
    put(ws, y, C_COMMENT, r->comment, w->ctx);
    for (int k = 0; k < GK_SHEET_NFIELDS; k++)
        put(ws, y, (lxw_col_t)(C_FIELDS + k), r->has[k] ? r->orig[k] : NULL,
            !r->has[k]             ? w->ctx
            : k == GK_FIELD_ACTUAL ? w->input
                                   : w->note);
    char mask[GK_SHEET_NFIELDS + 1];
    gk_sheet_mask(r->has, mask);
    put(ws, y, C_ID, r->node_uid, NULL);
    put(ws, y, C_SERIES_ID, r->series, NULL);
    put(ws, y, C_MASK, mask, NULL);
    for (int k = 0; k < GK_SHEET_NFIELDS; k++)
        put(ws, y, (lxw_col_t)(C_ORIG + k), r->orig[k], NULL);
    lxw_error e = worksheet_write_string(ws, y, C_CHECK, r->check, NULL);
    w->row++;
    return lxw_fail(e, err);
}

int gk_sheet_writer_close(gk_sheet_writer *w, int rc, gk_error *err)
{
    if (!w) return -1;
    if (rc == 0) {
        flush_run(w);
        lxw_row_t last = w->row > FIRST_ROW ? w->row - 1 : FIRST_ROW;
        if (w->row > FIRST_ROW) {
            lxw_data_validation v = {0};
            v.validate = LXW_VALIDATION_TYPE_LENGTH;
            v.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            v.value_number = GK_NOTE_MAX_CHARS;
            v.error_title = "文字数";
            v.error_message = "長すぎます（4000字まで）。";
            worksheet_data_validation_range(w->entry, FIRST_ROW, C_FIELDS + GK_FIELD_STATUS, last,
                                            C_FIELDS + GK_FIELD_NEXT, &v);
            worksheet_data_validation_range(w->entry, FIRST_ROW, C_FIELDS + GK_FIELD_EVAL_REASON,
                                            last, C_FIELDS + GK_FIELD_EVAL_REASON, &v);
            /* 評価 from the plan's grades; a list longer than Excel's 255
             * characters is refused by libxlsxwriter and left out (collect
             * checks every 評価 against the grades anyway) */
            if (w->grades && w->grades[0]) {
                lxw_data_validation g = {0};
                g.validate = LXW_VALIDATION_TYPE_LIST;
                g.value_list = w->grades;
                g.input_title = "評価";
                g.input_message = "一覧から選んでください。";
                g.error_title = "評価";
                g.error_message = "一覧から選んでください。";
                worksheet_data_validation_range(w->entry, FIRST_ROW, C_FIELDS + GK_FIELD_EVAL, last,
                                                C_FIELDS + GK_FIELD_EVAL, &g);
            }
        }
    }
    lxw_error e = workbook_close(w->wb); /* writes the file (even when abandoned: removed below) */
    int out = rc == 0 ? lxw_fail(e, err) : -1;
    if (out != 0) unlink(w->path);
    free(w->path);
    free_list(w->grades);
    free(w);
    return out;
}

/* --- reading it back ----------------------------------------------------------------------- */

typedef struct meta_ctx {
    char *vals[M_COUNT];
} meta_ctx;

static int meta_row(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    meta_ctx *m = ctx;
    if (n < 1 || !cells[0]) return 0;
    for (int i = 0; i < M_COUNT; i++)
        if (strcmp(cells[0], meta_keys[i]) == 0 && !m->vals[i])
            m->vals[i] = strdup(n > 1 && cells[1] ? cells[1] : "");
    return 0;
}

static int cover_row(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    char **writer = ctx;
    if (n >= 2 && cells[0] && strcmp(cells[0], "記入者") == 0 && cells[1] && !*writer)
        *writer = strdup(cells[1]);
    return 0;
}

typedef struct entry_ctx {
    gk_sheet_cells_fn fn;
    void *ctx;
} entry_ctx;

static int entry_row(void *ctx, long row, const char *const *cells, size_t n, gk_error *err)
{
    entry_ctx *e = ctx;
    if (row <= FIRST_ROW) return 0;
#define ECELL(c) ((size_t)(c) < n ? cells[c] : NULL)
    gk_sheet_cells c;
    memset(&c, 0, sizeof c);
    c.row = row;
    c.node_uid = ECELL(C_ID);
    c.series = ECELL(C_SERIES_ID) ? ECELL(C_SERIES_ID) : "";
    c.mask = ECELL(C_MASK);
    c.check = ECELL(C_CHECK);
    char col[8], idcell[32];
    snprintf(idcell, sizeof idcell, "%s!%s%ld", ENTRY_SHEET, gk_xlsx_col_name(C_ID, col), row);
    c.id_cell = idcell;
    bool any = false;
    for (int k = 0; k < GK_SHEET_NFIELDS; k++) {
        c.orig[k] = ECELL(C_ORIG + k);
        c.text[k] = ECELL(C_FIELDS + k);
        snprintf(c.cell[k], sizeof c.cell[k], "%s!%s%ld", ENTRY_SHEET,
                 gk_xlsx_col_name(C_FIELDS + k, col), row);
        any = any || c.text[k];
    }
#undef ECELL
    if (!c.node_uid) {
        if (!any) return 0; /* a blank line someone left */
        gk_error_set(err,
                     _("%s: row %ld has no identity (rows added to the sheet are not taken); "
                       "nothing was changed"),
                     idcell, row);
        return -1;
    }
    return e->fn(e->ctx, &c, err);
}

int gk_sheet_read(gk_xlsx *x, gk_sheet_head *h, gk_sheet_cells_fn fn, void *ctx, gk_error *err)
{
    memset(h, 0, sizeof *h);
    if (!gk_xlsx_has_sheet(x, META_SHEET) || !gk_xlsx_has_sheet(x, ENTRY_SHEET)) {
        gk_error_set(err, _("not a 調査票 made by gyokaku (no sheets %s and %s)"), ENTRY_SHEET,
                     META_SHEET);
        return -1;
    }
    meta_ctx m = {{0}};
    int rc = gk_xlsx_read_rows(x, META_SHEET, meta_row, &m, err);
    for (int i = 0; rc == 0 && i < M_COUNT; i++)
        if (!m.vals[i]) {
            gk_error_set(err, _("sheet %s: %s is missing"), META_SHEET, meta_keys[i]);
            rc = -1;
        }
    if (rc == 0) {
        char *end;
        h->format = (int)strtol(m.vals[M_FORMAT], &end, 10);
        h->year = (int)strtol(m.vals[M_YEAR], &end, 10);
        snprintf(h->db_uid, sizeof h->db_uid, "%s", m.vals[M_DB]);
        snprintf(h->plan_uid, sizeof h->plan_uid, "%s", m.vals[M_PLAN_UID]);
        snprintf(h->token, sizeof h->token, "%s", m.vals[M_TOKEN]);
        snprintf(h->made_at, sizeof h->made_at, "%s", m.vals[M_AT]);
        snprintf(h->made_by, sizeof h->made_by, "%s", m.vals[M_BY]);
        snprintf(h->check, sizeof h->check, "%s", m.vals[M_CHECK]);
        h->plan = m.vals[M_PLAN];
        h->dept = m.vals[M_DEPT];
        m.vals[M_PLAN] = m.vals[M_DEPT] = NULL;
        /* grades: comma-separated (gk_grades labels have no ',') */
        char *g = m.vals[M_GRADES], *save = NULL;
        size_t cap = 0;
        for (char *t = strtok_r(g, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (h->ngrades == cap) {
                cap = cap ? cap * 2 : 4;
                char **p = realloc(h->grades, cap * sizeof *p);
                if (!p) break;
                h->grades = p;
            }
            h->grades[h->ngrades++] = strdup(t);
        }
    }
    for (int i = 0; i < M_COUNT; i++)
        free(m.vals[i]);
    if (rc == 0 && gk_xlsx_has_sheet(x, COVER_SHEET))
        rc = gk_xlsx_read_rows(x, COVER_SHEET, cover_row, &h->writer, err);
    if (rc == 0 && fn) {
        entry_ctx e = {fn, ctx};
        rc = gk_xlsx_read_rows(x, ENTRY_SHEET, entry_row, &e, err);
    }
    return rc;
}
