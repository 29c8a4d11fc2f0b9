/* test_sha256.c — SHA-256 against the FIPS 180-4 / NIST test vectors. */
#include "gk_test.h"

#include "gyokaku/sha256.h"

static void expect(const char *msg, size_t n, size_t chunk, const char *want)
{
    gk_sha256 c;
    gk_sha256_init(&c);
    for (size_t i = 0; i < n; i += chunk)
        gk_sha256_update(&c, msg + i, n - i < chunk ? n - i : chunk);
    char hex[65];
    gk_sha256_hex(&c, hex);
    assert_string_equal(hex, want);
}

static void test_vectors(void **state)
{
    (void)state;
    expect("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect("abc", 3, 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (size_t chunk = 1; chunk <= 64; chunk++)
        expect(two, strlen(two), chunk,
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    static char million[1000000];
    memset(million, 'a', sizeof million);
    expect(million, sizeof million, 4096,
           "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_vectors)};
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
