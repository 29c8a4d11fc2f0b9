/*
 * test_workflow.c — the yearly workflow in store/: submit, return and
 * approve with their legal and illegal transitions, which state a refusal
 * names, finding a node by its path or title, and the submission board
 * (the plan and users of roles_fixture.h).
 */
#include "roles_fixture.h"

static void test_transitions(void **state)
{
    (void)state;
    gk_store *s = fixture("flow.db");
    gk_error err;
    char problems[4096];
    int64_t item = node(s, "項目A"), ind = node(s, "指標A1");
    assert_int_equal(state_of(s, item), GK_WS_EMPTY);

    /* approving what is not submitted */
    gk_store_act_as(s, "sup1", OTHER_UID);
    assert_int_equal(wf(s, GK_WF_APPROVE, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "not submitted"));

    /* submitting an incomplete item lists what is missing, changes nothing */
    gk_store_act_as(s, "clerk1", OTHER_UID);
    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "G>項目A>指標A1: no 実績値"));
    assert_non_null(strstr(problems, "G>項目A: 取組状況 is empty"));
    assert_non_null(strstr(err.msg, "2 problems"));
    assert_int_equal(state_of(s, item), GK_WS_EMPTY);

    /* 未確定 needs its reason in the indicator's 取組状況 */
    assert_int_equal(save_field(s, ind, GK_FIELD_ACTUAL, GK_ACTUAL_PENDING, &err), 0);
    assert_int_equal(save_field(s, item, GK_FIELD_STATUS, "実施中", &err), 0);
    assert_int_equal(state_of(s, item), GK_WS_ENTERING);
    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "write the reason in 取組状況"));
    assert_int_equal(save_field(s, ind, GK_FIELD_STATUS, "決算が6月に確定する", &err), 0);
    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), 2);
    assert_int_equal(state_of(s, item), GK_WS_SUBMITTED);
    assert_int_equal(state_of(s, ind), GK_WS_SUBMITTED);

    /* submitted: read-only for the clerk (and everybody), the form says why first */
    assert_int_equal(gk_store_may_edit(s, ind, Y, &err), 0);
    assert_non_null(strstr(err.msg, "submitted"));
    assert_int_equal(save_field(s, ind, GK_FIELD_ACTUAL, "12件", &err), -1);
    assert_non_null(strstr(err.msg, "submitted"));
    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "already"));
    /* the office's import too, while another department's item still takes it */
    gk_store_act_as(s, "boss", OTHER_UID);
    assert_int_equal(import_text(s,
                                 "計画,基本目標,取組項目,指標,年度,実績値\n"
                                 "P,G,項目C,指標C1,2024,6件\n"
                                 "P,G,項目A,指標A1,2024,12件\n",
                                 &err),
                     -1);
    if (!strstr(err.msg, "in.csv:3:6: 実績値: \"指標A1\" is submitted")) fail_msg("%s", err.msg);
    assert_int_equal(import_text(s,
                                 "計画,基本目標,取組項目,指標,年度,実績値\n"
                                 "P,G,項目C,指標C1,2024,6件\n",
                                 &err),
                     0);
    gk_store_act_as(s, "clerk1", OTHER_UID);

    /* a clerk cannot approve or return */
    assert_int_equal(wf(s, GK_WF_APPROVE, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "only a supervisor"));
    assert_int_equal(wf(s, GK_WF_RETURN, item, "x", problems, &err), -1);
    /* a supervisor of another department neither */
    gk_store_act_as(s, "sup2", OTHER_UID);
    assert_int_equal(wf(s, GK_WF_APPROVE, item, NULL, problems, &err), -1);
    assert_non_null(strstr(problems, "belongs to 職員課"));

    /* return needs a comment; the clerk sees it; editing is possible again */
    gk_store_act_as(s, "sup1", OTHER_UID);
    assert_int_equal(wf(s, GK_WF_RETURN, ind, "x", problems, &err), -1);
    assert_non_null(strstr(problems, "return the 取組項目"));
    assert_int_equal(wf(s, GK_WF_RETURN, item, "", problems, &err), -1);
    assert_int_equal(wf(s, GK_WF_RETURN, item, "実績値の根拠を", problems, &err), 2);
    gk_store_act_as(s, "clerk1", OTHER_UID);
    gk_wstate st;
    char *comment;
    assert_int_equal(gk_node_wstate(s, item, Y, &st, &comment, &err), 0);
    assert_int_equal(st, GK_WS_RETURNED);
    assert_string_equal(comment, "実績値の根拠を");
    free(comment);
    assert_int_equal(gk_store_may_edit(s, ind, Y, &err), 1);
    assert_int_equal(save_field(s, ind, GK_FIELD_ACTUAL, "12件", &err), 0);
    assert_int_equal(state_of(s, item), GK_WS_RETURNED); /* until submitted again */
    assert_int_equal(wf(s, GK_WF_SUBMIT, item, NULL, problems, &err), 2);
    assert_int_equal(gk_node_wstate(s, item, Y, &st, &comment, &err), 0);
    assert_int_equal(st, GK_WS_SUBMITTED);
    assert_null(comment);

    /* approve; approved is read-only too */
    gk_store_act_as(s, "sup1", OTHER_UID);
    assert_int_equal(wf(s, GK_WF_APPROVE, item, NULL, problems, &err), 2);
    assert_int_equal(state_of(s, ind), GK_WS_APPROVED);
    assert_int_equal(gk_store_may_edit(s, item, Y, &err), 0);
    assert_non_null(strstr(err.msg, "approved"));
    assert_int_equal(wf(s, GK_WF_APPROVE, item, NULL, problems, &err), -1);

    /* every state change is in the history, who and comment included */
    assert_sql(s,
               "SELECT group_concat(who || ':' || old || '>' || new || ':' || ifnull(comment,"
               " ''), ' ') FROM (SELECT h.* FROM history h JOIN note o ON o.uid = h.row_uid"
               " JOIN node n ON n.id = o.node_id WHERE n.title = '項目A' AND h.field ="
               " 'state' ORDER BY h.id)",
               "clerk1:draft>submitted: sup1:submitted>draft:実績値の根拠を "
               "clerk1:draft>submitted: sup1:submitted>approved:");

    /* goals are not in the workflow; several nodes are all or nothing */
    int64_t ids[2] = {node(s, "項目B"), node(s, "G")};
    gk_store_act_as(s, "boss", OTHER_UID);
    problems[0] = '\0';
    assert_int_equal(gk_workflow_apply(s, GK_WF_SUBMIT, ids, 2, Y, NULL, collect, problems, &err),
                     -1);
    assert_non_null(strstr(problems, "G: only 取組項目 and 指標"));
    assert_int_equal(state_of(s, ids[0]), GK_WS_EMPTY);
    gk_store_close(s);
}

/* The refusal of a submitted or approved entry names the node's own state
 * before its item's (auth.c frozen: two rows at most, chosen in C), and
 * an indicator under a submitted item is read-only too. */
static void test_frozen_names_own_state_first(void **state)
{
    (void)state;
    gk_store *s = fixture("frozen.db");
    gk_error err;
    int64_t item = node(s, "項目A"), ind = node(s, "指標A1"), other = node(s, "指標B1");
    assert_int_equal(save_field(s, item, GK_FIELD_STATUS, "実施中", &err), 0);
    assert_int_equal(save_field(s, ind, GK_FIELD_STATUS, "集計中", &err), 0);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE note SET state = 'submitted' WHERE node_id = %lld",
             (long long)item);
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(gk_store_may_edit(s, ind, Y, &err), 0);
    assert_non_null(strstr(err.msg, "\"項目A\" is submitted"));
    assert_int_equal(gk_store_may_edit(s, other, Y, &err), 1);   /* another item's */
    assert_int_equal(gk_store_may_edit(s, ind, Y + 1, &err), 1); /* another year */
    snprintf(sql, sizeof sql, "UPDATE note SET state = 'approved' WHERE node_id = %lld",
             (long long)ind);
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(gk_store_may_edit(s, ind, Y, &err), 0);
    assert_non_null(strstr(err.msg, "\"指標A1\" is approved"));
    assert_int_equal(gk_store_may_edit(s, item, Y, &err), 0);
    assert_non_null(strstr(err.msg, "\"項目A\" is submitted"));
    snprintf(sql, sizeof sql, "UPDATE note SET state = 'none' WHERE node_id = %lld",
             (long long)item);
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(gk_store_may_edit(s, item, Y, &err), 1);
    assert_int_equal(gk_store_may_edit(s, ind, Y, &err), 0);
    assert_non_null(strstr(err.msg, "\"指標A1\" is approved"));
    gk_store_close(s);
}

static void test_node_find(void **state)
{
    (void)state;
    gk_store *s = fixture("find.db");
    gk_error err;
    int64_t id, a = node(s, "項目A");
    assert_int_equal(gk_node_find(s, NULL, "G>項目A", &id, &err), 0);
    assert_int_equal(id, a);
    assert_int_equal(gk_node_find(s, "P", " G ＞ 項目A ", &id, &err), 0);
    assert_int_equal(id, a);
    char *uid = sql_text(s, "SELECT uid FROM node WHERE title = '項目A'");
    assert_int_equal(gk_node_find(s, NULL, uid, &id, &err), 0);
    assert_int_equal(id, a);
    free(uid);
    char *path = gk_node_path(s, node(s, "指標A1"));
    assert_string_equal(path, "G>項目A>指標A1");
    free(path);
    assert_int_equal(gk_node_find(s, NULL, "項目Z", &id, &err), -1);
    assert_non_null(strstr(err.msg, "項目Z"));
    assert_int_equal(gk_node_find(s, "Q", "項目A", &id, &err), -1);
    assert_non_null(strstr(err.msg, "no plan"));
    /* the same title twice: ambiguous, with both paths */
    assert_int_equal(import_text(s, "計画,基本目標,取組項目\nP,G2,項目A\n", &err), 0);
    assert_int_equal(gk_node_find(s, NULL, "項目A", &id, &err), -1);
    assert_non_null(strstr(err.msg, "G>項目A; G2>項目A"));
    assert_int_equal(gk_node_find(s, NULL, "G2>項目A", &id, &err), 0);
    gk_store_close(s);
}

static void test_board(void **state)
{
    (void)state;
    gk_store *s = fixture("board.db");
    gk_error err;
    char problems[4096];
    int64_t a = node(s, "項目A"), a1 = node(s, "指標A1");
    assert_int_equal(save_field(s, a1, GK_FIELD_ACTUAL, "12件", &err), 0);
    assert_int_equal(save_field(s, a, GK_FIELD_STATUS, "実施", &err), 0);
    assert_int_equal(wf(s, GK_WF_SUBMIT, a, NULL, problems, &err), 2);
    assert_int_equal(save_field(s, node(s, "項目B"), GK_FIELD_STATUS, "途中", &err), 0);
    gk_board_row *rows;
    size_t n;
    assert_int_equal(gk_board(s, NULL, Y, NULL, &rows, &n, &err), 0);
    assert_int_equal(n, 3); /* 企画課 職員課 財政課, by name (code points) */
    assert_string_equal(rows[1].dept, "職員課");
    assert_int_equal(rows[1].items[GK_WS_SUBMITTED], 1);
    assert_int_equal(rows[1].indicators[GK_WS_SUBMITTED], 1);
    assert_string_equal(rows[2].dept, "財政課");
    assert_int_equal(rows[2].items[GK_WS_ENTERING], 1);
    assert_int_equal(rows[2].indicators[GK_WS_EMPTY], 1);
    assert_string_equal(rows[0].dept, "企画課");
    assert_int_equal(rows[0].items[GK_WS_EMPTY], 1);
    gk_board_free(rows, n);
    assert_int_equal(gk_board(s, NULL, Y, "財政課", &rows, &n, &err), 0);
    assert_int_equal(n, 1);
    gk_board_free(rows, n);
    assert_int_equal(gk_board(s, NULL, Y, "無い課", &rows, &n, &err), -1);
    assert_non_null(strstr(err.msg, "無い課"));
    /* the filter is resolved as typed (depts.h): 財政課 with a 部 in front */
    assert_int_equal(gk_board(s, NULL, Y, "(総)財政課", &rows, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].dept, "財政課");
    gk_board_free(rows, n);

    gk_board_node *m;
    assert_int_equal(gk_board_missing(s, NULL, Y, NULL, &m, &n, &err), 0);
    assert_int_equal(n, 4); /* C, C1, B, B1 — A is submitted */
    assert_string_equal(m[0].dept, "企画課");
    assert_string_equal(m[0].path, "G>項目C");
    assert_string_equal(m[1].path, "G>項目C>指標C1");
    assert_string_equal(m[2].path, "G>項目B");
    assert_int_equal(m[2].state, GK_WS_ENTERING);
    gk_board_missing_free(m, n);
    assert_int_equal(gk_board_missing(s, NULL, Y, "(総)財政課", &m, &n, &err), 0);
    assert_int_equal(n, 2); /* B, B1 */
    assert_string_equal(m[0].path, "G>項目B");
    gk_board_missing_free(m, n);
    gk_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_frozen_names_own_state_first),
        cmocka_unit_test(test_node_find),
        cmocka_unit_test(test_board),
    };
    return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
