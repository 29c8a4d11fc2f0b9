/*
 * complete.c — `gyokaku __complete WORD...`, the candidates of the shell
 * completion (src/completion/gyokaku.bash, src/completion/_gyokaku; a hidden command,
 * not listed by --help).
 *
 * The words are those of the command line after the program's name, up to
 * and including the one being completed (the last, possibly empty), as the
 * shell will pass them (quoting removed). Prints every candidate that starts
 * with that word, one per line: commands, the options of the command (or
 * the global ones before it), and for an option's value or an operand plan
 * names, department names and fiscal years read from the database (the one
 * of --db on the line, else the usual one; nothing when it cannot be read),
 * roles, encodings and formats. Exit status 3 asks the shell for file names
 * instead (--db, -o, import's files...). Never writes, never creates.
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/browse.h"
#include "gyokaku/i18n.h"

#define GK_COMPLETE_FILES 3

/* What the value of an option, or an operand, is. */
typedef enum {
    V_NONE,  /* a flag: no value */
    V_FREE,  /* free text or a number: no candidates */
    V_FILE,  /* a file name: the shell's */
    V_PLAN,  /* a plan's name */
    V_DEPT,  /* a department's name */
    V_YEAR,  /* a fiscal year */
    V_ROLE,  /* clerk, supervisor, office */
    V_ENC,   /* an encoding */
    V_WIDTH, /* ambiguous width */
    V_FMT,   /* --format of the listing commands (output.c) */
    V_RFMT,  /* report --format */
    V_PREFER /* collect --prefer */
} value_kind;

typedef struct {
    const char *name; /* without the leading -- */
    value_kind value;
} opt_spec;

/* The global options, before a command (main.c's table). */
static const opt_spec global_opts[] = {
    {"db", V_FILE},   {"plan", V_PLAN},    {"year", V_YEAR},
    {"dept", V_DEPT}, {"ascii", V_NONE},   {"no-mouse", V_NONE},
    {"help", V_NONE}, {"version", V_NONE}, {"ambiguous-width", V_WIDTH},
    {NULL, V_NONE},
};

/* What a command takes besides its options, which come from the command's
 * own table (gk_cli_opts_probe below). */
typedef struct {
    const char *cmd;
    const char *subs[5]; /* the first operand's words (user add...) */
    value_kind operand;  /* what the other operands are */
} cmd_spec;

static const cmd_spec cmds[] = {
    {"init", {NULL}, V_NONE},
    {"import", {NULL}, V_FILE},
    {"export", {NULL}, V_NONE},
    {"stats", {NULL}, V_NONE},
    {"check", {NULL}, V_NONE},
    {"plan", {"set", "rename", "grades", NULL}, V_PLAN},
    {"report", {NULL}, V_NONE},
    {"user", {"add", "list", "remove", NULL}, V_FREE},
    {"submit", {NULL}, V_FREE},
    {"approve", {NULL}, V_FREE},
    {"return", {NULL}, V_FREE},
    {"lock", {NULL}, V_NONE},
    {"unlock", {NULL}, V_NONE},
    {"status", {NULL}, V_NONE},
    {"dept", {"list", "rename", "assign", NULL}, V_DEPT},
    {"contribute", {NULL}, V_FREE},
    {"backup", {NULL}, V_NONE},
    {"restore", {NULL}, V_FILE},
    {"sheet", {NULL}, V_NONE},
    {"collect", {NULL}, V_FILE},
    {"help", {NULL}, V_NONE},
};

static const char *const help_topics[] = {
    "init",   "import",  "export",  "stats",   "check",  "plan",   "report", "user",
    "submit", "return",  "approve", "lock",    "unlock", "status", "dept",   "contribute",
    "backup", "restore", "sheet",   "collect", "help",   NULL,
};

/* The options of one command, as its table in src/cli/ declares them. */
#define MAX_CMD_OPTS 32
typedef struct {
    const char *cmd;
    opt_spec opts[MAX_CMD_OPTS + 1]; /* ended by {NULL} */
    size_t n;
} cmd_opts;

/* What an option's value is, by the option's name. */
static value_kind kind_of(const char *cmd, const gk_opt *o)
{
    static const struct {
        const char *name;
        value_kind k;
    } named[] = {
        {"output", V_FILE}, {"plan", V_PLAN},    {"dept", V_DEPT},     {"year", V_YEAR},
        {"role", V_ROLE},   {"encoding", V_ENC}, {"prefer", V_PREFER}, {"format", V_FMT},
    };
    /* a flag, or an optional value given with = (backup --retention) */
    if (o->kind == GK_OPT_SET || o->kind == GK_OPT_OPTSTR) return V_NONE;
    if (strcmp(o->name, "format") == 0 && strcmp(cmd, "report") == 0) return V_RFMT;
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strcmp(named[i].name, o->name) == 0) return named[i].k;
    return V_FREE;
}

static void add_opt(cmd_opts *c, const char *name, value_kind k)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->opts[i].name, name) == 0) return;
    if (c->n < MAX_CMD_OPTS) c->opts[c->n++] = (opt_spec){name, k};
    c->opts[c->n] = (opt_spec){NULL, V_NONE};
}

/* gk_cli_opts_probe: the table a command hands its parser. */
static void take_table(const gk_optspec *spec, void *ctx)
{
    cmd_opts *c = ctx;
    if (spec->cli) add_opt(c, "db", V_FILE);
    if (spec->help[0]) add_opt(c, "help", V_NONE);
    for (size_t i = 0; spec->opts && spec->opts[i].name; i++)
        add_opt(c, spec->opts[i].name, kind_of(c->cmd, &spec->opts[i]));
}

/* The options of cmd: the command is run with the parser probing, so that
 * it returns with its table before it does anything. `plan` offers those of
 * `plan grades` too. */
static void options_of(const char *cmd, cmd_opts *c)
{
    *c = (cmd_opts){.cmd = cmd};
    c->opts[0] = (opt_spec){NULL, V_NONE};
    gk_cmd_fn fn = gk_cli_find(cmd);
    if (!fn || strcmp(cmd, "help") == 0 || strcmp(cmd, "__complete") == 0) return;
    gk_cli probe_cli = {0};
    char *argv[] = {(char *)cmd, NULL};
    gk_cli_opts_probe = take_table;
    gk_cli_opts_probe_ctx = c;
    fn(&probe_cli, 1, argv);
    if (strcmp(cmd, "plan") == 0) {
        char *gargv[] = {(char *)"grades", NULL};
        gk_plan_grades_main(&probe_cli, 1, gargv);
    }
    gk_cli_opts_probe = NULL;
    gk_cli_opts_probe_ctx = NULL;
}

static const cmd_spec *find_cmd(const char *name)
{
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (strcmp(cmds[i].cmd, name) == 0) return &cmds[i];
    return NULL;
}

/* The option spec of word (--name or --name=value) in opts; NULL when none.
 * *inline_value points after '=' when the value is in the word. */
static const opt_spec *find_opt(const opt_spec *opts, const char *word, const char **inline_value)
{
    *inline_value = NULL;
    if (strcmp(word, "-o") == 0) word = "--output";
    if (strncmp(word, "--", 2) != 0) return NULL;
    const char *name = word + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (; opts->name; opts++)
        if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0) {
            if (eq) *inline_value = eq + 1;
            return opts;
        }
    return NULL;
}

/* Prints prefix + c when c starts with cur and holds no line break. */
static void offer(const char *prefix, const char *c, const char *cur)
{
    if (strncmp(c, cur, strlen(cur)) != 0 || strchr(c, '\n')) return;
    printf("%s%s\n", prefix, c);
}

static void offer_words(const char *prefix, const char *const *w, const char *cur)
{
    for (; *w; w++)
        offer(prefix, *w, cur);
}

/* The database of the line, read-only, quietly; NULL when there is none. */
static gk_store *open_quietly(const gk_cli *cli)
{
    char path[4096];
    gk_error err = {{0}};
    gk_cli_db_path(cli, path, sizeof path);
    if (gk_cli_db_check(cli, path, sizeof path, 0, &err) < 0) return NULL;
    return gk_store_open(path, GK_OPEN_READONLY, &err);
}

static void offer_from_db(const gk_cli *cli, value_kind k, const char *prefix, const char *cur)
{
    gk_store *s = open_quietly(cli);
    if (!s) return;
    gk_error err = {{0}};
    gk_plan_info *plans = NULL;
    size_t np = 0;
    if (k == V_DEPT) {
        char **names;
        size_t n;
        if (gk_browse_dept_names(s, &names, &n, &err) == 0) {
            for (size_t i = 0; i < n; i++) {
                offer(prefix, names[i], cur);
                free(names[i]);
            }
            free(names);
        }
    } else if (gk_browse_plans(s, &plans, &np, &err) == 0) {
        if (k == V_PLAN)
            for (size_t i = 0; i < np; i++)
                offer(prefix, plans[i].name, cur);
        if (k == V_YEAR) {
            /* the years of every plan, each once, ascending */
            int seen[512];
            size_t nseen = 0;
            for (size_t i = 0; i < np; i++) {
                int *ys;
                size_t ny;
                if (gk_browse_years(s, plans[i].id, &ys, &ny, &err) != 0) continue;
                for (size_t j = 0; j < ny; j++) {
                    size_t m = 0;
                    while (m < nseen && seen[m] != ys[j])
                        m++;
                    if (m == nseen && nseen < sizeof seen / sizeof *seen) seen[nseen++] = ys[j];
                }
                free(ys);
            }
            for (size_t a = 1; a < nseen; a++)
                for (size_t b = a; b > 0 && seen[b - 1] > seen[b]; b--) {
                    int t = seen[b];
                    seen[b] = seen[b - 1];
                    seen[b - 1] = t;
                }
            for (size_t m = 0; m < nseen; m++) {
                char y[16];
                snprintf(y, sizeof y, "%d", seen[m]);
                offer(prefix, y, cur);
            }
        }
        gk_plan_info_free(plans, np);
    }
    gk_store_close(s);
}

/* The candidates of a value of kind k; the exit status. */
static int offer_value(const gk_cli *cli, value_kind k, const char *prefix, const char *cur)
{
    static const char *const roles[] = {"clerk", "supervisor", "office", NULL};
    static const char *const encs[] = {"auto", "utf-8", "cp932", NULL};
    static const char *const widths[] = {"narrow", "wide", NULL};
    static const char *const fmts[] = {"text", "csv", "tsv", "json", NULL};
    static const char *const rfmts[] = {"html", "text", "markdown", "csv", NULL};
    static const char *const prefer[] = {"sheet", "master", NULL};
    switch (k) {
    case V_FILE:
        return GK_COMPLETE_FILES;
    case V_PLAN:
    case V_DEPT:
    case V_YEAR:
        offer_from_db(cli, k, prefix, cur);
        break;
    case V_ROLE:
        offer_words(prefix, roles, cur);
        break;
    case V_ENC:
        offer_words(prefix, encs, cur);
        break;
    case V_WIDTH:
        offer_words(prefix, widths, cur);
        break;
    case V_FMT:
        offer_words(prefix, fmts, cur);
        break;
    case V_RFMT:
        offer_words(prefix, rfmts, cur);
        break;
    case V_PREFER:
        offer_words(prefix, prefer, cur);
        break;
    default:
        break;
    }
    return GK_EXIT_OK;
}

int gk_cmd_complete(gk_cli *cli, int argc, char **argv)
{
    /* argv[0] is "__complete"; the word being completed is the last */
    if (argc < 2) return GK_EXIT_USAGE;
    int n = argc - 1;
    char **w = argv + 1;
    const char *cur = w[n - 1];
    const cmd_spec *cmd = NULL;
    bool help_cmd = false;
    int operands = 0; /* operands of the command before cur */
    const char *first_operand = NULL;
    const opt_spec *pending = NULL; /* an option whose value is cur */
    cmd_opts co;
    const opt_spec *opts = global_opts; /* before the command, then the command's */
    for (int i = 0; i < n - 1; i++) {
        const char *a = w[i];
        if (pending) {
            if (strcmp(pending->name, "db") == 0) cli->db = a;
            pending = NULL;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            const char *val;
            const opt_spec *o = find_opt(opts, a, &val);
            if (o && o->value != V_NONE) {
                if (val) {
                    if (strcmp(o->name, "db") == 0) cli->db = val;
                } else
                    pending = o;
            }
            continue;
        }
        if (!cmd) {
            cmd = find_cmd(a);
            if (!cmd) return GK_EXIT_OK; /* an unknown command: nothing to offer */
            options_of(a, &co);
            opts = co.opts;
            help_cmd = strcmp(a, "help") == 0;
            continue;
        }
        if (operands++ == 0) first_operand = a;
    }
    if (pending) return offer_value(cli, pending->value, "", cur);
    if (cur[0] == '-') {
        const char *val;
        const opt_spec *o = find_opt(opts, cur, &val);
        if (o && val) { /* --plan=… */
            char prefix[64];
            snprintf(prefix, sizeof prefix, "--%s=", o->name);
            return offer_value(cli, o->value, prefix, val);
        }
        for (; opts->name; opts++) {
            char opt[64];
            snprintf(opt, sizeof opt, "--%s", opts->name);
            offer("", opt, cur);
        }
        return GK_EXIT_OK;
    }
    if (!cmd) {
        offer_words("", help_topics, cur);
        return GK_EXIT_OK;
    }
    if (help_cmd) {
        if (operands == 0) offer_words("", help_topics, cur);
        return GK_EXIT_OK;
    }
    if (cmd->subs[0] && operands == 0) {
        offer_words("", cmd->subs, cur);
        /* `plan NAME` shows a plan */
        if (cmd->operand == V_PLAN) offer_from_db(cli, V_PLAN, "", cur);
        return GK_EXIT_OK;
    }
    if (cmd->operand == V_PLAN) {
        /* plan set|grades NAME, plan rename OLD NEW: only the first is a plan */
        if (operands == 1 && first_operand && strcmp(first_operand, "set") != 0 &&
            strcmp(first_operand, "rename") != 0 && strcmp(first_operand, "grades") != 0)
            return GK_EXIT_OK;
        if (operands == 1) offer_from_db(cli, V_PLAN, "", cur);
        return GK_EXIT_OK;
    }
    return offer_value(cli, cmd->operand, "", cur);
}
