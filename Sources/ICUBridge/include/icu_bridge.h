#ifndef LICENSELENS_ICU_BRIDGE_H
#define LICENSELENS_ICU_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Folds one line of UTF-8 text for matching: NFKC case folding, then every code point that
/// is not a letter or a digit becomes one ASCII space. Pure ASCII input takes a fast path
/// that never calls ICU.
///
/// Writes at most `capacity` bytes to `output` and returns the number of bytes the folded
/// text needs. When the return value is larger than `capacity`, call again with a larger
/// buffer. Returns -1 when ICU reports an error (for example on ill-formed UTF-8).
int64_t ll_fold_line(const char *input, size_t length, char *output, size_t capacity);

/// NFKC case folds one piece of UTF-8 text and keeps every character (punctuation included),
/// for pattern matching over sentences. Pure ASCII input takes a fast path (ASCII lowercase).
/// Same buffer protocol and return values as `ll_fold_line`.
int64_t ll_casefold_text(const char *input, size_t length, char *output, size_t capacity);

/// Returns 1 when ICU's NFKC_Casefold normalizer could be loaded, 0 otherwise.
int ll_icu_available(void);

#ifdef __cplusplus
}
#endif

#endif
