// SHA-1 of file contents through OpenSSL's libcrypto, for formats that require it (SPDX 2.3
// file checksums); computed only when such a format is written.
#include "sha256.h"

#include <openssl/sha.h>

void ll_sha1(const void *data, size_t length, uint8_t digest[20]) {
  SHA1((const unsigned char *)data, length, digest);
}
