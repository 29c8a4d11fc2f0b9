/*
 * test_ui_dispatch.c — the screen kit's fall-through without a terminal:
 * what a screen's handler ignores goes to the shared behaviour (the view's
 * movement keys and type-to-jump, closing), what it handles does not, and a
 * character typed within a second of the last one is text even when a key
 * is bound to it.
 */
#include "gk_test.h"

#include "../../src/ui/ui_int.h"

enum { T_OWN = 1 };

static const ui_key keys[] = {
    {T_OWN, 0, {'s'}, "s", NULL, NULL},
    {UI_ACT_CLOSE, 0, {27, 'q'}, "Esc q", NULL, NULL},
    {UI_ACT_UP, 0, {KEY_UP, 'k'}, "↑ k", NULL, NULL},
    {UI_ACT_DOWN, 0, {KEY_DOWN, 'j'}, "↓ j", NULL, NULL},
    {UI_ACT_END, 0, {KEY_END, 'G'}, "End G", NULL, NULL},
};

static const char *const labels[] = {"alpha", "beta", "jazz", "quiet", "sigma"};

static void names(const ui_view *v, size_t i, const char *out[2])
{
    out[0] = labels[i];
}

static int own; /* how often the screen's own action ran */

static ui_handled handler(ui_screen *sc, const ui_event *ev)
{
    if (ev->mouse || ui_key_action(keys, sizeof keys / sizeof *keys, ev->key, ev->is_key) != T_OWN)
        return UI_IGNORED;
    own++;
    return UI_HANDLED;
}

static ui_event key(int k, bool is_key)
{
    ui_event ev = {.key = k, .is_key = is_key};
    return ev;
}

static void send(ui_screen *sc, int k, bool is_key)
{
    ui_event ev = key(k, is_key);
    ui_dispatch(sc, &ev);
}

static void test_ignored_keys_fall_through(void **state)
{
    ui_view v = {.names = names};
    ui_view_fit(&v, 5, 5);
    ui_status st = {0};
    ui_screen sc = {
        .key = handler, .view = &v, .keys = keys, .nkeys = 5, .status = &st, .nomatch = "none"};
    own = 0;
    send(&sc, KEY_DOWN, true);
    assert_int_equal(v.list.sel, 1);
    send(&sc, 'j', false);
    assert_int_equal(v.list.sel, 2);
    send(&sc, 'G', false);
    assert_int_equal(v.list.sel, 4);
    send(&sc, 's', false); /* the screen's own key: handled, nothing else */
    assert_int_equal(own, 1);
    assert_int_equal(v.list.sel, 4);
    assert_false(v.typed[0]);
    send(&sc, 'b', false); /* unbound: type-to-jump */
    assert_int_equal(v.list.sel, 1);
    send(&sc, 'e', false);
    assert_int_equal(v.list.sel, 1);
    assert_string_equal(v.typed, "be");
    send(&sc, KEY_UP, true); /* any other key ends the typing */
    assert_int_equal(v.list.sel, 0);
    assert_false(v.typed[0]);
    send(&sc, 'x', false); /* no row: the status line says so */
    assert_true(st.set && st.warn);
    assert_string_equal(st.text, "none");
    send(&sc, KEY_DOWN, true); /* the next event clears it */
    assert_false(st.set);
    assert_false(sc.done);
    send(&sc, 27, false);
    assert_true(sc.done);
    assert_int_equal(sc.result, -1);
}

static void test_bound_letters_are_text_while_typing(void **state)
{
    ui_view v = {.names = names};
    ui_view_fit(&v, 5, 5);
    ui_screen sc = {.key = handler, .view = &v, .keys = keys, .nkeys = 5};
    own = 0;
    send(&sc, 'a', false);
    assert_int_equal(v.list.sel, 0);
    /* "a" then 'j' at once: "aj" finds nothing, so 'j' starts again */
    send(&sc, 'j', false);
    assert_int_equal(v.list.sel, 2);
    assert_string_equal(v.typed, "j");
    send(&sc, 'q', false); /* typed: does not close */
    assert_false(sc.done);
    send(&sc, 's', false); /* typed: not the screen's action */
    assert_int_equal(own, 0);
    assert_int_equal(v.list.sel, 4);
}

static void test_a_screen_without_a_view(void **state)
{
    ui_screen sc = {.key = handler, .keys = keys, .nkeys = 5};
    own = 0;
    send(&sc, 'x', false); /* nothing to move or type into: nothing happens */
    send(&sc, KEY_DOWN, true);
    ui_event click = {.key = KEY_MOUSE, .is_key = true, .mouse = UI_MOUSE_CLICK};
    ui_dispatch(&sc, &click);
    assert_false(sc.done);
    send(&sc, 'q', false);
    assert_true(sc.done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ignored_keys_fall_through),
        cmocka_unit_test(test_bound_letters_are_text_while_typing),
        cmocka_unit_test(test_a_screen_without_a_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
