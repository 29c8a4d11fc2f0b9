/* test_cli_opts.c — the one option parser of the commands and the top level
 * (src/cli/opts.c, cli.h gk_cli_opts): --x=v and --x v, short letters,
 * unambiguous abbreviations, --db and --help, a missing value, an unknown
 * or ambiguous option, a value given to a flag, too few or too many
 * operands, the top level's stop at the command, and that every usage
 * error is one line and the hint. */
#include "gk_test.h"

#include "../../src/cli/cli_int.h"

/* One parse of a fixed command "demo" (options --plan, --period, --raw,
 * -o/--output, --year, --format) with its stderr captured. */
typedef struct parse {
    const char *const *args; /* NULL-terminated, args[0] the command */
    bool stop;
    int min, max;
    /* results */
    gk_cli cli;
    const char *plan, *period, *out;
    bool raw, format_seen;
    int year, first;
    char *argv[16]; /* args as the parser left them (operands moved last) */
    gk_fmt fmt;
} parse;

static int run_parse(void *ctx)
{
    parse *p = ctx;
    char **argv = p->argv;
    int argc = 0;
    for (; p->args[argc]; argc++)
        argv[argc] = (char *)p->args[argc];
    argv[argc] = NULL;
    const gk_opt opts[] = {GK_STR("plan", 0, &p->plan),
                           GK_STR("period", 0, &p->period),
                           GK_FLAG("raw", 0, &p->raw),
                           GK_STR("output", 'o', &p->out),
                           GK_YEAR(&p->year),
                           {"format", 0, GK_OPT_CALL, &p->fmt, gk_opt_format, &p->format_seen},
                           GK_OPT_END};
    gk_optspec spec = {.cmd = p->stop ? NULL : "demo",
                       .opts = opts,
                       .cli = &p->cli,
                       .help = {"Usage: demo\n"},
                       .min = p->min,
                       .max = p->max,
                       .few = "%s is missing",
                       .few_arg = "NAME",
                       .stop = p->stop};
    return gk_cli_opts(&spec, argc, argv, &p->first);
}

/* Parses args; returns the result code, the captured stderr into *err. */
static int parse_args(parse *p, const char *const *args, char **err)
{
    p->args = args;
    return gk_capture_stderr(run_parse, p, err);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (*s == '\n') n++;
    return n;
}

/* args are a usage error: exit 2, exactly the message line (holding line)
 * and the hint. */
static void assert_usage(parse *p, const char *const *args, const char *line)
{
    char *err = NULL;
    int rc = parse_args(p, args, &err);
    assert_int_equal(rc, GK_EXIT_USAGE);
    assert_int_equal(count_lines(err), 2);
    assert_non_null(strstr(err, line));
    assert_non_null(strstr(err, "--help"));
    free(err);
}

static void test_values(void **state)
{
    (void)state;
    parse p = {.max = -1};
    char *err = NULL;
    const char *a[] = {
        "demo",           "--plan=甲計画", "--per", "2024-2028", "-o", "f.csv",
        "--db=x.db",      "op1",           "--ra",  "--year",    "R6", "--format=tsv",
        "--output=g.csv", "op2",           NULL};
    assert_int_equal(parse_args(&p, a, &err), -1);
    assert_string_equal(err, "");
    assert_string_equal(p.plan, "甲計画");
    assert_string_equal(p.period, "2024-2028"); /* --per: the only name starting so */
    assert_string_equal(p.out, "g.csv");        /* the last one given wins */
    assert_string_equal(p.cli.db, "x.db");
    assert_true(p.raw);
    assert_int_equal(p.year, 2024);
    assert_int_equal(p.fmt, GK_FMT_TSV);
    assert_true(p.format_seen);
    /* operands after the options, in their order */
    assert_string_equal(p.argv[p.first], "op1");
    assert_string_equal(p.argv[p.first + 1], "op2");
    assert_null(p.argv[p.first + 2]);
    free(err);
}

static void test_help(void **state)
{
    (void)state;
    parse p = {.max = 0};
    char *err = NULL;
    const char *a[] = {"demo", "--he", NULL};
    assert_int_equal(parse_args(&p, a, &err), GK_EXIT_OK);
    free(err);
    const char *b[] = {"demo", "-h", "extra", NULL}; /* --help before the operand count */
    assert_int_equal(parse_args(&p, b, &err), GK_EXIT_OK);
    free(err);
}

static void test_errors(void **state)
{
    (void)state;
    parse p = {.max = 0};
    const char *unknown[] = {"demo", "--bogus", NULL};
    assert_usage(&p, unknown, "gyokaku demo: unknown option --bogus\n");
    const char *ushort[] = {"demo", "-z", NULL};
    assert_usage(&p, ushort, "unknown option -z\n");
    /* --p: --plan, --period */
    const char *ambiguous[] = {"demo", "--p=x", NULL};
    assert_usage(&p, ambiguous, "ambiguous option --p (--plan, --period)\n");
    const char *missing[] = {"demo", "--plan", NULL};
    assert_usage(&p, missing, "option --plan needs a value\n");
    const char *mshort[] = {"demo", "-o", NULL};
    assert_usage(&p, mshort, "option -o needs a value\n");
    const char *flagval[] = {"demo", "--raw=yes", NULL};
    assert_usage(&p, flagval, "option --raw takes no value\n");
    const char *year[] = {"demo", "--year=never", NULL};
    assert_usage(&p, year, "--year never: ");
    const char *fmt[] = {"demo", "--format", "xml", NULL};
    assert_usage(&p, fmt, "xml");
}

static void test_operands(void **state)
{
    (void)state;
    parse p = {.min = 1, .max = 2};
    char *err = NULL;
    const char *none[] = {"demo", "--raw", NULL};
    assert_usage(&p, none, "gyokaku demo: NAME is missing\n");
    const char *three[] = {"demo", "a", "b", "c", NULL};
    assert_usage(&p, three, "unexpected argument c\n");
    const char *two[] = {"demo", "a", "--raw", "b", NULL};
    assert_int_equal(parse_args(&p, two, &err), -1);
    free(err);
}

static void test_top_level(void **state)
{
    (void)state;
    char *err = NULL;
    parse p = {.max = -1, .stop = true};
    /* the first operand is the command: what follows it is its own */
    const char *a[] = {"gyokaku", "--pl=乙", "--db", "y.db", "stats", "--raw", "--bogus", NULL};
    assert_int_equal(parse_args(&p, a, &err), -1);
    assert_string_equal(err, "");
    assert_string_equal(p.plan, "乙");
    assert_string_equal(p.cli.db, "y.db");
    assert_false(p.raw);
    assert_int_equal(p.first, 4);
    free(err);
    const char *bad[] = {"gyokaku", "--bogus", "stats", NULL};
    assert_usage(&p, bad, "gyokaku: unknown option --bogus\n");
    assert_int_equal(parse_args(&p, bad, &err), GK_EXIT_USAGE);
    assert_non_null(strstr(err, "Try 'gyokaku --help'.\n"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),    cmocka_unit_test(test_help),
        cmocka_unit_test(test_errors),    cmocka_unit_test(test_operands),
        cmocka_unit_test(test_top_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
