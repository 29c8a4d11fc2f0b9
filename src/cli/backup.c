/*
 * backup.c — `gyokaku backup [-o FILE] [--keep N]`, `gyokaku backup --list`
 * and `gyokaku restore FILE [--yes]` (store/backup.h does the work).
 */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gyokaku/backup.h"
#include "gyokaku/i18n.h"
#include "gyokaku/roles.h"
#include "gyokaku/sysconf.h"

/* The reason's stable name in --format csv|tsv|json (its label is translated). */
static const char *reason_code(int why)
{
    switch (why) {
    case GK_BACKUP_MANUAL:
        return "manual";
    case GK_BACKUP_UPGRADE:
        return "upgrade";
    case GK_BACKUP_IMPORT:
        return "import";
    case GK_BACKUP_LOCK:
        return "lock";
    case GK_BACKUP_RESTORE:
        return "restore";
    case GK_BACKUP_SCHEDULED:
        return "scheduled";
    }
    return NULL;
}

static int list_backups(const gk_cli *cli, gk_fmt fmt)
{
    char path[4096];
    gk_cli_db_path(cli, path, sizeof path);
    gk_backup_entry *l;
    size_t n;
    gk_error err = {{0}};
    if (gk_cli_db_check(cli, path, sizeof path, 0, &err) < 0 ||
        gk_backup_list(path, &l, &n, &err) != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    if (fmt != GK_FMT_TEXT) {
        static const gk_tcol cols[] = {{"time", false},   {"size", true},    {"file", false},
                                       {"reason", false}, {"label", false},  {"detail", false},
                                       {"by", false},     {"trusted", false}};
        gk_table t;
        gk_table_begin(&t, fmt, stdout, cols, 8);
        for (size_t i = 0; i < n; i++) {
            char size[32];
            snprintf(size, sizeof size, "%lld", (long long)l[i].size);
            gk_table_row(&t, (const char *[]){l[i].when, size, l[i].path, reason_code(l[i].reason),
                                              l[i].reason < 0 ? NULL
                                                              : gk_backup_reason_label(
                                                                    (gk_backup_reason)l[i].reason),
                                              l[i].detail, l[i].creator[0] ? l[i].creator : NULL,
                                              l[i].reason < 0 ? NULL
                                              : l[i].trusted  ? "yes"
                                                              : "no"});
        }
        gk_backup_list_free(l, n);
        return gk_table_end(&t) == 0 ? GK_EXIT_OK : GK_EXIT_FAIL;
    }
    if (n == 0) {
        char dir[4200];
        gk_backup_dir(path, dir, sizeof dir);
        fprintf(stderr, _("gyokaku: no backups of %s in %s\n"), gk_cli_text(path),
                gk_cli_text(dir));
    }
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(l[i].path, '/');
        base = base ? base + 1 : l[i].path;
        printf("%s  %12lld  %s  %s%s%s%s", l[i].when, (long long)l[i].size, gk_cli_text(base),
               l[i].reason < 0 ? _("(no record inside)")
                               : gk_backup_reason_label((gk_backup_reason)l[i].reason),
               l[i].detail ? " (" : "", gk_cli_text(l[i].detail), l[i].detail ? ")" : "");
        if (l[i].creator[0]) printf(_("  by %s"), gk_cli_text(l[i].creator));
        if (l[i].reason >= 0 && !l[i].trusted)
            printf(_("  NOT TRUSTED: the file is not owned by the login its record names"));
        printf("\n");
    }
    gk_backup_list_free(l, n);
    return GK_EXIT_OK;
}

/* `backup --retention [KIND=N,...]`: shows, or (the office) sets, how many
 * backups of each kind are kept. */
static int retention(gk_cli *cli, const char *spec)
{
    gk_store *s = gk_cli_open(cli, spec ? 0 : GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    int rc = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec ? spec : "");
    for (char *save = NULL, *p = spec ? strtok_r(buf, ",", &save) : NULL; p && rc == 0;
         p = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(p, '=');
        if (eq) *eq = '\0';
        int kind = gk_backup_kind_parse(p);
        char *end = NULL;
        long v = eq ? strtol(eq + 1, &end, 10) : -1;
        if (kind < 0 || !eq || end == eq + 1 || *end || v < 0 || v > 100000) {
            gk_store_close(s);
            return gk_cli_usage_error(
                "backup", _("--retention needs KIND=N (manual, scheduled, automatic), not %s"), p);
        }
        rc = gk_backup_retention_set(s, (gk_backup_kind)kind, (int)v, &err);
    }
    int keep[GK_KIND_COUNT];
    if (rc == 0) rc = gk_backup_retention(s, keep, &err);
    gk_store_close(s);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    for (int k = 0; k < GK_KIND_COUNT; k++)
        printf("%s\t%d\n", gk_backup_kind_name((gk_backup_kind)k), keep[k]);
    return GK_EXIT_OK;
}

static const char backup_help[] =
    N_("Usage: gyokaku [--db FILE] backup [-o FILE] [--scheduled] [--keep N]\n"
       "       gyokaku [--db FILE] backup --list\n"
       "       gyokaku [--db FILE] backup --retention[=KIND=N,...]\n"
       "Copies the database while others keep working (SQLite's online backup),\n"
       "checks the copy (its schema, integrity and the model's rules), records\n"
       "inside it when, by whom and why it was made, and only then gives it its\n"
       "name, read-only. Without -o the copy is NAME.YYYYMMDD-HHMMSS.bak in the\n"
       "folder backups/ beside the database. Each kind of backup (manual,\n"
       "scheduled: --scheduled, for cron; automatic: before an upgrade, an import\n"
       "into a database holding plans, locking a year and a restore) keeps its\n"
       "newest N, as the office stored with --retention (default 10; 0 keeps\n"
       "all); only the office or the database file's owner removes old ones\n"
       "(--keep N: this time N, the office only).\n"
       "--list prints each backup there, ordered by the record inside it: time,\n"
       "size in bytes, file, reason, who made it.\n");

/* --keep N of backup */
static int keep_option(const char *cmd, const char *value, void *to)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || end == value || v < 0 || v > 100000)
        return gk_cli_usage_error(cmd, _("--keep needs a number of backups, not %s"), value);
    *(int *)to = (int)v;
    return -1;
}

int gk_cmd_backup(gk_cli *cli, int argc, char **argv)
{
    gk_fmt fmt = GK_FMT_TEXT;
    bool fmt_given = false;
    const char *out = NULL, *spec = NULL;
    int keep = -1;
    bool list = false, scheduled = false, ret = false;
    const gk_opt opts[] = {GK_STR("output", 'o', &out),
                           GK_CALL("keep", keep_option, &keep),
                           GK_FLAG("list", 0, &list),
                           GK_FLAG("scheduled", 0, &scheduled),
                           {"retention", 0, GK_OPT_OPTSTR, &spec, NULL, &ret},
                           {"format", 0, GK_OPT_CALL, &fmt, gk_opt_format, &fmt_given},
                           GK_OPT_END};
    gk_optspec ospec = {
        .cmd = "backup",
        .opts = opts,
        .cli = cli,
        .max = 0,
        .help = {_(backup_help),
                 _("  --format F       --list: text (default), csv, tsv or json\n")}};
    int first, done = gk_cli_opts(&ospec, argc, argv, &first);
    if (done >= 0) return done;
    if (list && (out || keep >= 0 || scheduled || ret))
        return gk_cli_usage_error("backup", _("%s does not go with -o or --keep"), "--list");
    if (fmt_given && !list) return gk_cli_usage_error("backup", "%s", _("--format is for --list"));
    if (list) return list_backups(cli, fmt);
    if (ret && (out || keep >= 0 || scheduled))
        return gk_cli_usage_error("backup", _("%s does not go with -o or --keep"), "--retention");
    if (ret) return retention(cli, spec);
    if (out && strcmp(out, "-") == 0) /* never a file named "-" */
        return gk_cli_usage_error("backup", "%s",
                                  _("-o -: a database cannot go to standard output; give a file "
                                    "name"));
    if (out && keep >= 0)
        return gk_cli_usage_error("backup", _("%s is for the backups folder, not for -o"),
                                  "--keep");
    gk_store *s = gk_cli_open(cli, GK_OPEN_READONLY);
    if (!s) return GK_EXIT_FAIL;
    gk_error err = {{0}};
    if (keep >= 0 && gk_store_may_admin(s, &err) != 1) {
        gk_store_close(s);
        fprintf(stderr, "gyokaku: --keep: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    char made[8192];
    long rules = 0;
    if (out) gk_priv_drop(); /* -o: the caller's own file, with the caller's group (sysconf.h) */
    int rc = gk_backup_to(s, out, scheduled ? GK_BACKUP_SCHEDULED : GK_BACKUP_MANUAL, NULL, keep,
                          made, sizeof made, &rules, &err);
    if (out) gk_priv_restore();
    gk_store_close(s);
    if (rc != 0) {
        fprintf(stderr, _("gyokaku: the backup failed: %s\n"), gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    if (rules)
        fprintf(stderr,
                ngettext("backed up to %s (checked: the file is whole; %ld problem with the plan "
                         "model's rules, as in the database: see `gyokaku check`)\n",
                         "backed up to %s (checked: the file is whole; %ld problems with the plan "
                         "model's rules, as in the database: see `gyokaku check`)\n",
                         (unsigned long)rules),
                gk_cli_text(made), rules);
    else
        fprintf(stderr, _("backed up to %s (checked: no problems)\n"), gk_cli_text(made));
    return GK_EXIT_OK;
}

static void print_summary(const char *title, const gk_db_summary *d)
{
    printf("%s\n", title);
    printf(_("  schema version: %d\n"), d->version);
    printf(_("  plans: %s\n"), d->plans[0] ? gk_cli_text(d->plans) : _("(none)"));
    if (d->last_at[0])
        printf(_("  last change: %s by %s\n"), gk_cli_text(d->last_at), gk_cli_text(d->last_who));
    else
        printf(_("  last change: (no history)\n"));
    printf(_("  counts: plans %ld, goals %ld, policies %ld, items %ld, indicators %ld, "
             "values %ld, notes %ld\n"),
           d->counts.plans, d->counts.goals, d->counts.policies, d->counts.items,
           d->counts.indicators, d->counts.values, d->counts.notes);
}

/* Asks on the terminal; true for yes. */
static bool confirm(const char *db)
{
    printf(_("Replace %s with this file? Type yes to restore: "), gk_cli_text(db));
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return false;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, "yes") == 0 || strcmp(line, "y") == 0 || strcmp(line, _("yes")) == 0;
}

/* The help of `gyokaku restore`. */
static const char restore_help[] =
    N_("Usage: gyokaku [--db FILE] restore BACKUP [--yes]\n"
       "Puts the database back to the state saved in BACKUP (a file made by\n"
       "`gyokaku backup`, listed by `gyokaku backup --list`). BACKUP must be a\n"
       "gyokaku database, not newer than this program, passing every check.\n"
       "Shows what BACKUP holds beside the current database and asks; --yes\n"
       "restores without asking (without a terminal, --yes is needed). The\n"
       "current database is backed up first. Programs that have the database\n"
       "open see the restored data and a message saying so at their next step.\n"
       "A damaged database is moved into backups/ as NAME.*.damaged instead.\n");

/* Prints what the backup of r holds, and what the current database db holds
 * or that it is damaged or missing. */
static void show_restore(const gk_restore *r, const char *db)
{
    print_summary(_("The backup to restore:"), gk_restore_source(r));
    switch (gk_restore_state(r)) {
    case GK_LIVE_OK:
        print_summary(_("The current database:"), gk_restore_current(r));
        break;
    case GK_LIVE_DAMAGED:
        printf(_("The current database %s is damaged; it will be moved into the backups "
                 "folder.\n"),
               db);
        break;
    case GK_LIVE_MISSING:
        printf(_("There is no database at %s yet.\n"), db);
        break;
    }
}

/* Asks on the terminal whether to restore over db; when not (or when there
 * is no terminal), frees r, says why and returns false. */
static bool asked_yes(gk_restore *r, const char *db)
{
    if (!isatty(STDIN_FILENO)) {
        gk_restore_free(r);
        fprintf(stderr, _("gyokaku: not restored: no terminal to ask on; give --yes to "
                          "restore without asking\n"));
        return false;
    }
    if (!confirm(db)) {
        gk_restore_free(r);
        fprintf(stderr, _("gyokaku: not restored\n"));
        return false;
    }
    return true;
}

int gk_cmd_restore(gk_cli *cli, int argc, char **argv)
{
    bool yes = false;
    const gk_opt opts[] = {GK_FLAG("yes", 'y', &yes), GK_OPT_END};
    gk_optspec spec = {.cmd = "restore",
                       .opts = opts,
                       .cli = cli,
                       .help = {_(restore_help)},
                       .min = 1,
                       .max = 1,
                       .few = _("which backup? (gyokaku backup --list)")};
    int first, done = gk_cli_opts(&spec, argc, argv, &first);
    if (done >= 0) return done;
    const char *file = argv[first];
    char db[4096];
    gk_cli_db_path(cli, db, sizeof db);
    gk_error err = {{0}};
    gk_restore *r = gk_cli_db_check(cli, db, sizeof db, 0, &err) < 0
                        ? NULL
                        : gk_restore_prepare(file, db, &err);
    if (!r) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    show_restore(r, db);
    if (!yes && !asked_yes(r, db)) return GK_EXIT_FAIL;
    char kept[8192];
    int rc = gk_restore_commit(r, kept, sizeof kept, &err);
    gk_restore_free(r);
    if (rc != 0) {
        fprintf(stderr, "gyokaku: %s\n", gk_cli_text(err.msg));
        return GK_EXIT_FAIL;
    }
    if (kept[0])
        fprintf(stderr, _("restored %s from %s; the previous database is kept as %s\n"),
                gk_cli_text(db), gk_cli_text(file), gk_cli_text(kept));
    else
        fprintf(stderr, _("restored %s from %s\n"), gk_cli_text(db), gk_cli_text(file));
    return GK_EXIT_OK;
}
