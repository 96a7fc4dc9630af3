/// A one-hash bit filter over a set of grams: answers "certainly absent" for most grams not
/// in the set after reading one bit, so a query's grams skip most probes of a large table
/// (a file's code words almost never form anchor grams).
@usableFromInline
struct GramFilter {
  /// Bits per gram in the set; with one hash, about one absent gram in this many passes.
  static let bitsPerGram = 16

  /// The number of bits for `count` grams: a power of two, at least 64.
  static func bitCount(forGrams count: Int) -> Int {
    var bits = 64
    while bits < count * bitsPerGram { bits <<= 1 }
    return bits
  }

  /// The bit of `gram` in a filter of `bitCount` bits (a power of two). Uses the gram's high
  /// bits through a multiply, independent of the low bits that pick hash table slots.
  @inlinable @inline(__always)
  static func bit(of gram: UInt64, bitCount: Int) -> Int {
    Int(truncatingIfNeeded: (gram &* 0x9E37_79B9_7F4A_7C15) >> 32) & (bitCount - 1)
  }

  /// The filter words for `grams`.
  static func words(for grams: some Collection<UInt64>) -> [UInt64] {
    let bits = bitCount(forGrams: grams.count)
    var words = [UInt64](repeating: 0, count: bits / 64)
    for gram in grams {
      let bit = Self.bit(of: gram, bitCount: bits)
      words[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    return words
  }

  /// Whether `gram` may be in the set whose filter is `words`.
  @inlinable @inline(__always)
  static func mayContain(_ gram: UInt64, words: UnsafeBufferPointer<UInt64>) -> Bool {
    let bit = Self.bit(of: gram, bitCount: words.count << 6)
    return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }
}
