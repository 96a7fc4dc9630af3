// Folding of license text lines with ICU, behind a plain C interface so that Swift modules
// which import Foundation never see the system ICU headers.
#include "icu_bridge.h"

#include <string>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace {

const icu::Normalizer2 *foldingNormalizer() {
  static const icu::Normalizer2 *normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return normalizer;
}

inline bool isAsciiWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Tracks one word while a line is folded: a `+` right after a letter or digit stays in the word,
// once ("GPL-2+" is not "GPL-2"; "C++" gives "c+"), as in ScanCode's tokenizer.
struct WordState {
  bool inWord = false;
  bool hasPlus = false;

  // The byte to write for ASCII `c` (already lowercased): itself, or a space.
  char ascii(unsigned char c) {
    if (isAsciiWordByte(c)) {
      inWord = true;
      return static_cast<char>(c);
    }
    if (c == '+' && inWord && !hasPlus) {
      hasPlus = true;
      return '+';
    }
    inWord = false;
    hasPlus = false;
    return ' ';
  }

  void wordCharacter() { inWord = true; }

  void breakWord() {
    inWord = false;
    hasPlus = false;
  }
};

// Copies `text` to `output`, keeping letters, digits and a `+` after them (see WordState) and
// turning everything else into a space.
int64_t keepWordCharacters(const char *text, size_t length, char *output, size_t capacity) {
  size_t written = 0;
  auto put = [&](char c) {
    if (written < capacity) output[written] = c;
    written++;
  };
  WordState word;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(length);
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      put(word.ascii(c));
      i++;
      continue;
    }
    int32_t start = i;
    UChar32 cp;
    U8_NEXT(text, i, n, cp);
    if (cp < 0) {
      word.breakWord();
      put(' ');
      continue;
    }
    if (u_isalnum(cp) || u_charType(cp) == U_NON_SPACING_MARK) {
      word.wordCharacter();
      for (int32_t k = start; k < i; k++) put(text[k]);
    } else {
      word.breakWord();
      put(' ');
    }
  }
  return static_cast<int64_t>(written);
}

}  // namespace

extern "C" int ll_icu_available(void) { return foldingNormalizer() != nullptr ? 1 : 0; }

extern "C" int64_t ll_fold_line(const char *input, size_t length, char *output, size_t capacity) {
  bool ascii = true;
  for (size_t i = 0; i < length; i++) {
    if (static_cast<unsigned char>(input[i]) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (capacity >= length) {
      WordState word;
      for (size_t i = 0; i < length; i++) {
        unsigned char c = static_cast<unsigned char>(input[i]);
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
        output[i] = word.ascii(c);
      }
    }
    return static_cast<int64_t>(length);
  }
  const icu::Normalizer2 *normalizer = foldingNormalizer();
  if (normalizer == nullptr) return -1;
  std::string folded;
  folded.reserve(length + length / 4);
  icu::StringByteSink<std::string> sink(&folded);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, icu::StringPiece(input, static_cast<int32_t>(length)), sink,
                            nullptr, status);
  if (U_FAILURE(status)) return -1;
  return keepWordCharacters(folded.data(), folded.size(), output, capacity);
}

extern "C" int64_t ll_casefold_text(const char *input, size_t length, char *output,
                                    size_t capacity) {
  bool ascii = true;
  for (size_t i = 0; i < length; i++) {
    if (static_cast<unsigned char>(input[i]) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (capacity >= length) {
      for (size_t i = 0; i < length; i++) {
        unsigned char c = static_cast<unsigned char>(input[i]);
        output[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
    }
    return static_cast<int64_t>(length);
  }
  const icu::Normalizer2 *normalizer = foldingNormalizer();
  if (normalizer == nullptr) return -1;
  std::string folded;
  folded.reserve(length + length / 4);
  icu::StringByteSink<std::string> sink(&folded);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, icu::StringPiece(input, static_cast<int32_t>(length)), sink,
                            nullptr, status);
  if (U_FAILURE(status)) return -1;
  if (folded.size() <= capacity) folded.copy(output, folded.size());
  return static_cast<int64_t>(folded.size());
}
