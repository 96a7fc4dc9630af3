#ifndef LICENSELENS_SHA256_H
#define LICENSELENS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// Computes the SHA-256 digest of `length` bytes at `data` into the 32 bytes at `digest`
/// (OpenSSL libcrypto).
void ll_sha256(const void *data, size_t length, uint8_t digest[32]);

/// Computes the SHA-1 digest of `length` bytes at `data` into the 20 bytes at `digest`
/// (OpenSSL libcrypto); only formats that require SHA-1 (SPDX 2.3) ask for it.
void ll_sha1(const void *data, size_t length, uint8_t digest[20]);

#endif
