/*
 * uid.c — stable row identifiers (see store.h).
 *
 * A row's uid is derived from its identity rather than drawn at random: the
 * plan's from its name (the first one: a renamed plan keeps its uid, plan.h), a node's from its
 * parent's uid (or the plan's), its kind and title, a series' from its indicator's uid and name, a
 * value's from its series' uid and year, a note's from its node's uid and year. The same plan
 * imported into two files, or exported and imported again, gets the same uids, so offline copies
 * can be merged row by row; copying the file keeps them as a matter of course.
 *
 * The hash is two independent 64-bit lanes over length-prefixed parts
 * (FNV-1a and a rotate-multiply lane), each finished with a 64-bit
 * avalanche: not cryptographic, but 128 well-mixed bits are far from any
 * collision among the rows of a plan.
 */
#include <string.h>

#include "store_int.h"

typedef struct {
    uint64_t a, b;
} hash128;

static void mix_byte(hash128 *h, unsigned char c)
{
    h->a = (h->a ^ c) * 0x100000001b3u;
    h->b = ((h->b ^ c) * 0x9e3779b97f4a7c15u);
    h->b = (h->b << 23) | (h->b >> 41);
}

/* Feeds the part's length, then its bytes, so that ("ab","c") and
 * ("a","bc") differ. */
static void mix_part(hash128 *h, const char *s, size_t n)
{
    uint64_t len = n;
    for (int i = 0; i < 8; i++, len >>= 8)
        mix_byte(h, (unsigned char)(len & 0xff));
    for (size_t i = 0; i < n; i++)
        mix_byte(h, (unsigned char)s[i]);
}

static uint64_t avalanche(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53u;
    x ^= x >> 33;
    return x;
}

static void put_hex(char *out, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        out[i] = hex[v & 15];
}

void gk_uid_derive(char out[33], const char *parent, const char *kind, const char *name)
{
    hash128 h = {0xcbf29ce484222325u, 0x6a09e667f3bcc909u};
    const char *parts[3] = {parent ? parent : "", kind ? kind : "", name ? name : ""};
    for (int i = 0; i < 3; i++)
        mix_part(&h, parts[i], strlen(parts[i]));
    uint64_t a = avalanche(h.a), b = avalanche(h.b ^ a);
    put_hex(out, a);
    put_hex(out + 16, b);
    out[32] = '\0';
}

/* SQL gk_uid(parent, kind, name): the same, for INSERT statements, so that
 * a row's uid is computed where the row is written. A NULL or integer
 * argument is taken as its text form (years). */
static void sql_uid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; /* registered with 3 */
    char out[33];
    gk_uid_derive(out, (const char *)sqlite3_value_text(argv[0]),
                  (const char *)sqlite3_value_text(argv[1]),
                  (const char *)sqlite3_value_text(argv[2]));
    sqlite3_result_text(ctx, out, 32, SQLITE_TRANSIENT);
}

int gk_uid_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "gk_uid", 3,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                   sql_uid, NULL, NULL);
}
