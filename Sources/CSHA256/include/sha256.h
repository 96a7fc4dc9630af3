#ifndef LICENSELENS_SHA256_H
#define LICENSELENS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// Computes the SHA-256 digest of `length` bytes at `data` into the 32 bytes at `digest`
/// (OpenSSL libcrypto).
void ll_sha256(const void *data, size_t length, uint8_t digest[32]);

#endif
