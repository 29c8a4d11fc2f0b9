/*
 * opts.c — the one option parser (cli.h gk_cli_opts): a command's table of
 * options becomes getopt_long's, --db and --help are added, and every
 * mistake (an unknown, ambiguous or incomplete option, a value where none
 * is taken, too few or too many operands) is one line and the hint, never
 * the whole usage.
 */
#include "cli_int.h"

#include <assert.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "gyokaku/fiscal.h"
#include "gyokaku/i18n.h"

/* getopt_long's table: the command's options, --db, --help and the end */
#define MAX_OPTS 32
/* a long option's value: its index in spec->opts past every byte, so that
 * it can never be taken for a short letter */
#define LONG_BASE 256
#define OPT_DB (LONG_BASE - 1)
#define OPT_HELP (LONG_BASE - 2)

static int has_arg(gk_opt_kind k)
{
    return k == GK_OPT_SET      ? no_argument
           : k == GK_OPT_OPTSTR ? optional_argument
                                : required_argument;
}

/* The option named by argv[optind - 1] as the user wrote it, without any
 * "=VALUE"; a short one as -x. */
static const char *written(char **argv, char *buf, size_t n)
{
    const char *a = argv[optind - 1];
    if (optopt > 0 && optopt < LONG_BASE - 2 && strncmp(a, "--", 2) != 0) {
        snprintf(buf, n, "-%c", optopt);
        return buf;
    }
    snprintf(buf, n, "%.*s", (int)strcspn(a, "="), a);
    return buf;
}

/* getopt_long's '?' for a long name: unknown or ambiguous (several names
 * start with it, none is it). */
static int unknown(const gk_optspec *spec, const struct option *lo, char **argv)
{
    char name[128], list[512] = "";
    written(argv, name, sizeof name);
    size_t len = strlen(name) - 2, n = 0;
    if (strncmp(name, "--", 2) == 0 && len > 0)
        for (const struct option *o = lo; o->name; o++)
            if (strncmp(o->name, name + 2, len) == 0) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s--%s", n ? ", " : "", o->name);
                n++;
            }
    if (n < 2) return gk_cli_usage_error(spec->cmd, _("unknown option %s"), argv[optind - 1]);
    char both[700];
    snprintf(both, sizeof both, "%s (%s)", name, list);
    return gk_cli_usage_error(spec->cmd, _("ambiguous option %s"), both);
}

/* One option given: its value where the table says. -1 to go on. */
static int take(const gk_optspec *spec, const gk_opt *o, const char *value)
{
    if (o->seen) *o->seen = true;
    switch (o->kind) {
    case GK_OPT_SET:
        *(bool *)o->to = true;
        return -1;
    case GK_OPT_STR:
    case GK_OPT_OPTSTR:
        *(const char **)o->to = value;
        return -1;
    case GK_OPT_YEAR:
        return gk_cli_year_option(spec->cmd, value, o->to);
    case GK_OPT_CALL:
        return o->call(spec->cmd, value, o->to);
    }
    return -1;
}

void (*gk_cli_opts_probe)(const gk_optspec *spec, void *ctx);
void *gk_cli_opts_probe_ctx;

int gk_cli_opts(const gk_optspec *spec, int argc, char **argv, int *first)
{
    if (gk_cli_opts_probe) {
        gk_cli_opts_probe(spec, gk_cli_opts_probe_ctx);
        return GK_EXIT_OK;
    }
    struct option lo[MAX_OPTS + 3];
    char shorts[2 * MAX_OPTS + 8];
    size_t nl = 0, ns = 0;
    shorts[ns++] = spec->stop ? '+' : ':';
    if (spec->stop) shorts[ns++] = ':'; /* '+' first, then ':' (no messages of getopt's own) */
    for (size_t i = 0; spec->opts && spec->opts[i].name; i++) {
        const gk_opt *o = &spec->opts[i];
        assert(nl < MAX_OPTS);                      /* a longer table: raise MAX_OPTS */
        assert(o->letter != 'h' || !spec->help[0]); /* -h is --help's when it is added */
        lo[nl++] = (struct option){o->name, has_arg(o->kind), NULL, LONG_BASE + (int)i};
        if (o->letter) {
            shorts[ns++] = o->letter;
            if (has_arg(o->kind) != no_argument) shorts[ns++] = ':';
            if (has_arg(o->kind) == optional_argument) shorts[ns++] = ':';
        }
    }
    if (spec->cli) lo[nl++] = (struct option){"db", required_argument, NULL, OPT_DB};
    if (spec->help[0]) {
        lo[nl++] = (struct option){"help", no_argument, NULL, OPT_HELP};
        shorts[ns++] = 'h';
    }
    lo[nl] = (struct option){NULL, 0, NULL, 0};
    shorts[ns] = '\0';

    optind = 0; /* 0: a full reset of GNU getopt (commands run more than once in tests) */
    opterr = 0;
    int c;
    char name[128];
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        const gk_opt *o = NULL;
        if (c >= LONG_BASE)
            o = &spec->opts[c - LONG_BASE];
        else if (c == OPT_DB) {
            spec->cli->db = optarg;
            continue;
        } else if (c == OPT_HELP || (c == 'h' && spec->help[0])) {
            for (size_t k = 0; k < sizeof spec->help / sizeof *spec->help && spec->help[k]; k++)
                fputs(spec->help[k], stdout);
            return GK_EXIT_OK;
        } else if (c == ':') {
            return gk_cli_usage_error(spec->cmd, _("option %s needs a value"),
                                      written(argv, name, sizeof name));
        } else if (c == '?') {
            if (optopt >= LONG_BASE - 2) /* a value given to an option that takes none */
                return gk_cli_usage_error(spec->cmd, _("option %s takes no value"),
                                          written(argv, name, sizeof name));
            if (optopt)
                return gk_cli_usage_error(spec->cmd, _("unknown option %s"),
                                          written(argv, name, sizeof name));
            return unknown(spec, lo, argv);
        } else {
            for (size_t i = 0; spec->opts[i].name; i++)
                if (spec->opts[i].letter == c) o = &spec->opts[i];
        }
        int rc = o ? take(spec, o, optarg) : -1;
        if (rc >= 0) return rc;
    }
    int n = argc - optind;
    if (n < spec->min)
        return gk_cli_usage_error(spec->cmd, spec->few_arg ? spec->few : "%s",
                                  spec->few_arg ? spec->few_arg : spec->few);
    if (spec->max >= 0 && n > spec->max)
        return gk_cli_usage_error(spec->cmd, _("unexpected argument %s"), argv[optind + spec->max]);
    *first = optind;
    return -1;
}

int gk_opt_format(const char *cmd, const char *value, void *to)
{
    return gk_cli_format_option(cmd, value, to);
}

int gk_opt_encoding(const char *cmd, const char *value, void *to)
{
    return gk_cli_output_encoding(cmd, value, to);
}
