/* sha256.c — SHA-256 from FIPS 180-4 (see sha256.h). */
#include "gyokaku/sha256.h"

#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

/* One round, with the eight working variables named in place instead of
 * moved down a slot each round (the history's chain hashes four blocks per
 * row of an import: the moves were a third of the work). */
#define S0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
/* Ch and Maj in their shorter equivalent forms (FIPS 180-4's as truth
 * tables: g ^ (e & (f ^ g)) picks f where e is 1, g where it is 0; the
 * majority is b where a and b agree, else c): a fifth fewer operations a
 * round. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                                           \
    do {                                                                                           \
        uint32_t t1 = h + S1(e) + (g ^ (e & (f ^ g))) + K[i] + w[i];                               \
        d += t1;                                                                                   \
        h = t1 + S0(a) + ((a & b) | (c & (a | b)));                                                \
    } while (0)

static void block(gk_sha256 *c, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
        uint32_t v; /* big-endian words: one load and a byte swap */
        memcpy(&v, p + 4 * i, 4);
        w[i] = __builtin_bswap32(v);
#else
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
#endif
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4], f = c->h[5],
             g = c->h[6], h = c->h[7];
    for (int i = 0; i < 64; i += 8) {
        ROUND(a, b, cc, d, e, f, g, h, i);
        ROUND(h, a, b, cc, d, e, f, g, i + 1);
        ROUND(g, h, a, b, cc, d, e, f, i + 2);
        ROUND(f, g, h, a, b, cc, d, e, i + 3);
        ROUND(e, f, g, h, a, b, cc, d, i + 4);
        ROUND(d, e, f, g, h, a, b, cc, i + 5);
        ROUND(cc, d, e, f, g, h, a, b, i + 6);
        ROUND(b, cc, d, e, f, g, h, a, i + 7);
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
    c->h[5] += f;
    c->h[6] += g;
    c->h[7] += h;
}

void gk_sha256_init(gk_sha256 *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->len = 0;
    c->nbuf = 0;
}

void gk_sha256_update(gk_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    c->len += n;
    while (n > 0) {
        if (c->nbuf == 0 && n >= 64) { /* whole blocks straight from the input */
            block(c, p);
            p += 64;
            n -= 64;
            continue;
        }
        size_t take = 64 - c->nbuf < n ? 64 - c->nbuf : n;
        memcpy(c->buf + c->nbuf, p, take);
        c->nbuf += take;
        p += take;
        n -= take;
        if (c->nbuf == 64) {
            block(c, c->buf);
            c->nbuf = 0;
        }
    }
}

void gk_sha256_hex(gk_sha256 *c, char hex[65])
{
    uint64_t bits = c->len * 8;
    static const unsigned char pad[64] = {0x80};
    gk_sha256_update(c, pad, 1 + (119 - c->nbuf) % 64); /* up to 56 bytes into a block */
    unsigned char l[8];
    for (int i = 0; i < 8; i++)
        l[i] = (unsigned char)(bits >> (56 - 8 * i));
    gk_sha256_update(c, l, 8);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++) {
            unsigned char b = (unsigned char)(c->h[i] >> (24 - 8 * k));
            hex[8 * i + 2 * k] = digits[b >> 4];
            hex[8 * i + 2 * k + 1] = digits[b & 15];
        }
    hex[64] = '\0';
}
