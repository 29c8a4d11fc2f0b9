/*
 * finding.c — the sentences of `gyokaku check`'s findings (finding.h).
 *
 * Every code has one whole template; a translation may reorder the
 * arguments (%2$s). Arguments are always passed as eight texts, so a
 * template uses any of them by position.
 */
#include "gyokaku/finding.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/i18n.h"

/* The template of f (some codes choose by an argument). */
static const char *template_of(const gk_finding *f)
{
    const char *recorded = f->arg[2] ? f->arg[2] : "";
    switch (f->code) {
    case GK_FIND_INTEGRITY:
        return _("SQLite's integrity check found a problem in the file (%s)");
    case GK_FIND_QUERY_FAILED:
        return _("one of the checks could not run (%s)");
    case GK_FIND_FOREIGN_KEY:
        return _("table %s, row %s: refers to a row of table %s that does not exist (foreign key)");
    case GK_FIND_PARENT_PLAN:
        return _("node %s (%s): parent belongs to another plan");
    case GK_FIND_KIND_UNDER:
        return _("node %s (%s): %s under %s is not allowed");
    case GK_FIND_SERIES_KIND:
        return _("series %s: belongs to a %s, not an indicator");
    case GK_FIND_MIXED_SERIES:
        return _("indicator %s (%s): mixes an unnamed series with named ones");
    case GK_FIND_VALUE_YEAR:
        return _("value %s (%s, %s): year outside the plan %s (%s-%s)");
    case GK_FIND_NOTE_YEAR:
        return _("note %s (%s, %s): year outside the plan %s");
    case GK_FIND_PERIOD_REVERSED:
        return _("plan %s: period %s-%s is reversed");
    case GK_FIND_DEPT_POS:
        return _("node %s (%s): departments not numbered 0..n-1");
    case GK_FIND_SAME_TITLE:
        return _("node %s: same title path as node %s (%s)");
    case GK_FIND_UID_PLAN:
        return _("plan %s: uid %s does not match its identity (changed outside gyokaku?)");
    case GK_FIND_UID_NODE:
        return _("node %s (%s): uid does not match its identity (changed outside gyokaku?)");
    case GK_FIND_UID_SERIES:
        return _("series %s (%s %s): uid does not match its identity (changed outside gyokaku?)");
    case GK_FIND_UID_NOTE:
        return _("note %s (%s, %s): uid does not match its identity (changed outside gyokaku?)");
    case GK_FIND_BYPASS_VALUE:
        return _("value %s (%s, %s): %s is \"%s\", but the last change gyokaku recorded wrote "
                 "\"%s\": changed outside gyokaku (no history row for it)");
    case GK_FIND_BYPASS_NOTE:
        return _("note %s (%s, %s): %s is \"%s\", but the last change gyokaku recorded wrote "
                 "\"%s\": changed outside gyokaku (no history row for it)");
    case GK_FIND_STATE_NEVER:
        return _("note %s (%s, %s): workflow state %s was never set by gyokaku: changed outside "
                 "gyokaku (no history row for it)");
    case GK_FIND_STATE_CHANGED:
        return _("note %s (%s, %s): workflow state %s, but the last change gyokaku recorded made "
                 "it %s: changed outside gyokaku (no history row for it)");
    case GK_FIND_ROLE_NEVER:
        return _("user %s: role %s was never given by gyokaku: changed outside gyokaku (no history "
                 "row for it)");
    case GK_FIND_ROLE_CHANGED:
        if (!*recorded)
            return _("user %s: role %s, but the last change gyokaku recorded removed the "
                     "user: changed outside gyokaku (no history row for it)");
        return _("user %s: role %s, but the last change gyokaku recorded made it "
                 "%s: changed outside gyokaku (no history row for it)");
    case GK_FIND_USER_REMOVED:
        return _("user %s: removed, but the last change gyokaku recorded made it "
                 "%s: changed outside gyokaku (no history row for it)");
    case GK_FIND_USER_DEPTS:
        return _("user %s: departments \"%s\", but the last change gyokaku recorded made them "
                 "\"%s\": changed outside gyokaku (no history row for it)");
    case GK_FIND_LOCK_NOT_BY:
        return _("fiscal year %s: locked, but not by gyokaku");
    case GK_FIND_LOCK_DIFFERS:
        return _("fiscal year %s: locked by %s with the reason \"%s\", but the lock gyokaku "
                 "recorded was by %s with the reason \"%s\": changed outside gyokaku (no history "
                 "row for it)");
    case GK_FIND_UNLOCK_NOT_BY:
        return _("fiscal year %s: unlocked, but not by gyokaku");
    case GK_FIND_CHAIN_MISMATCH:
        return _("history row %s (%s): its hash does not match: rewritten, inserted, or a row "
                 "before it removed outside gyokaku (the chain of hashes breaks here)");
    case GK_FIND_CHAIN_NO_HASH:
        return _("history row %s (%s): it has no hash: rewritten, inserted, or a row before it "
                 "removed outside gyokaku (the chain of hashes breaks here)");
    case GK_FIND_BACKUP_ROW_GONE:
        return _("history row %s (%s) of backup %s is missing now");
    case GK_FIND_BACKUP_ROW_NEW:
        return _("history row %s (%s) is not in backup %s, which holds rows up to %s: inserted "
                 "outside gyokaku");
    case GK_FIND_BACKUP_ROW_EDITED:
        return _("history row %s is now (%s), but backup %s holds (%s): rewritten outside "
                 "gyokaku");
    case GK_FIND_BACKUP_DIFFERS:
        return _("backup %s holds the history up to row %s, and the live history differs there: "
                 "rows up to that one were changed, inserted or removed since that backup");
    case GK_FIND_DEPTS_NEVER:
        return _("node %s (%s): departments \"%s\" were never given by gyokaku: changed outside "
                 "gyokaku (no history row for it)");
    case GK_FIND_DEPTS_CHANGED:
        return _("node %s (%s): departments \"%s\", but the last change gyokaku recorded made "
                 "them \"%s\": changed outside gyokaku (no history row for it)");
    case GK_FIND_DEPTS_NEVER_FIX:
        return _("node %s (%s): departments \"%s\" were never given by gyokaku: changed outside "
                 "gyokaku (no history row for it)"
                 "; the newest backup that holds the node (%s) gives it \"%s\": import that "
                 "所管課 for the node again (a change with history) instead of restoring the "
                 "whole backup");
    case GK_FIND_DEPTS_CHANGED_FIX:
        return _("node %s (%s): departments \"%s\", but the last change gyokaku recorded made "
                 "them \"%s\": changed outside gyokaku (no history row for it)"
                 "; the newest backup that holds the node (%s) gives it \"%s\": import that "
                 "所管課 for the node again (a change with history) instead of restoring the "
                 "whole backup");
    default:
        return _("an unknown problem (%s)");
    }
}

/* Which arguments of a code are stored names, shown in the user's words. */
static bool is_term(gk_finding_code c, int i)
{
    switch (c) {
    case GK_FIND_KIND_UNDER:
        return i == 2 || i == 3;
    case GK_FIND_SERIES_KIND:
        return i == 1;
    case GK_FIND_BYPASS_VALUE:
    case GK_FIND_BYPASS_NOTE:
        return i == 3;
    case GK_FIND_STATE_NEVER:
        return i == 3;
    case GK_FIND_STATE_CHANGED:
        return i == 3 || i == 4;
    case GK_FIND_ROLE_NEVER:
        return i == 1;
    case GK_FIND_ROLE_CHANGED:
        return i == 1 || i == 2;
    case GK_FIND_USER_REMOVED:
        return i == 1;
    default:
        return false;
    }
}

const char *gk_finding_term(const char *t)
{
    if (!t) return "";
    /* kinds of node */
    if (strcmp(t, "goal") == 0) return C_("check term", "goal");
    if (strcmp(t, "policy") == 0) return C_("check term", "policy");
    if (strcmp(t, "item") == 0) return C_("check term", "item");
    if (strcmp(t, "indicator") == 0) return C_("check term", "indicator");
    /* workflow states as stored (db/schema.sql) */
    if (strcmp(t, "none") == 0) return _("not entered");
    if (strcmp(t, "draft") == 0) return _("entering");
    if (strcmp(t, "submitted") == 0) return _("submitted");
    if (strcmp(t, "approved") == 0) return _("approved");
    /* roles as stored */
    if (strcmp(t, "clerk") == 0) return C_("role", "clerk");
    if (strcmp(t, "supervisor") == 0) return C_("role", "supervisor");
    if (strcmp(t, "office") == 0) return C_("role", "office");
    /* fields of cells and of history rows */
    if (strcmp(t, "actual") == 0) return C_("check term", "actual");
    if (strcmp(t, "target") == 0) return C_("check term", "target");
    if (strcmp(t, "status") == 0) return C_("check term", "status");
    if (strcmp(t, "next_plan") == 0) return C_("check term", "next_plan");
    if (strcmp(t, "evaluation") == 0) return C_("check term", "evaluation");
    if (strcmp(t, "eval_reason") == 0) return C_("check term", "eval_reason");
    if (strcmp(t, "state") == 0) return C_("check term", "state");
    if (strcmp(t, "role") == 0) return C_("check term", "role");
    if (strcmp(t, "departments") == 0) return C_("check term", "departments");
    if (strcmp(t, "locked") == 0) return C_("check term", "locked");
    if (strcmp(t, "name") == 0) return C_("check term", "name");
    if (strcmp(t, "grades") == 0) return C_("check term", "grades");
    /* tables of history rows */
    if (strcmp(t, "plan") == 0) return C_("check term", "plan");
    if (strcmp(t, "node") == 0) return C_("check term", "node");
    if (strcmp(t, "value") == 0) return C_("check term", "value");
    if (strcmp(t, "note") == 0) return C_("check term", "note");
    if (strcmp(t, "user") == 0) return C_("check term", "user");
    if (strcmp(t, "year") == 0) return C_("check term", "year");
    if (strcmp(t, "restore") == 0) return C_("check term", "restore");
    return t;
}

void gk_finding_row(char *buf, size_t n, const char *at, const char *who, const char *tbl,
                    const char *row_uid, const char *field, const char *old, const char *new_)
{
    snprintf(buf, n, "%s %s, %s %s %s \"%s\" -> \"%s\"", at ? at : "", who ? who : "",
             gk_finding_term(tbl), row_uid ? row_uid : "", gk_finding_term(field), old ? old : "",
             new_ ? new_ : "");
}

char *gk_finding_text(const gk_finding *f, const char *(*clean)(const char *))
{
    const char *a[GK_FINDING_ARGS];
    for (int i = 0; i < GK_FINDING_ARGS; i++) {
        const char *t = f->arg[i] ? f->arg[i] : "";
        if (is_term(f->code, i)) t = gk_finding_term(t);
        a[i] = clean ? clean(t) : t;
    }
    const char *tmpl = template_of(f);
    int len = snprintf(NULL, 0, tmpl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    if (len < 0) return NULL;
    char *out = malloc((size_t)len + 1);
    if (out) snprintf(out, (size_t)len + 1, tmpl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    return out;
}
