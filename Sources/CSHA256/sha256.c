// SHA-256 of file contents through OpenSSL's libcrypto, which uses the CPU's SHA extensions
// where present (several times faster than portable code on the bytes of every scanned file).
//
// The low-level functions, not the one-shot SHA256(): in OpenSSL 3 that goes through EVP,
// whose first use in a process fetches the algorithm from the default provider (about five
// million instructions, more than hashing a typical file, at every start). The low-level
// functions, deprecated in 3.0 but kept, run the same assembly without the fetch.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sha256.h"

#include <openssl/sha.h>

void ll_sha256(const void *data, size_t length, uint8_t digest[32]) {
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, data, length);
  SHA256_Final(digest, &context);
}
