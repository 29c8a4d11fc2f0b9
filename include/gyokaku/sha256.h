/*
 * sha256.h — SHA-256 (FIPS 180-4), written from the specification: the
 * hash of the history chain (store/history.c, doc/shared-host.md). Not for
 * secrets: the chain is anchored in the office's backups, not in a key.
 *
 * Owner: src/model/sha256.c. Pure.
 */
#ifndef GYOKAKU_SHA256_H
#define GYOKAKU_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct gk_sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    unsigned char buf[64];
    size_t nbuf;
} gk_sha256;

void gk_sha256_init(gk_sha256 *c);
void gk_sha256_update(gk_sha256 *c, const void *data, size_t n);
/* The digest as 64 lowercase hex digits and a NUL into hex[65]. */
void gk_sha256_hex(gk_sha256 *c, char hex[65]);

#endif
