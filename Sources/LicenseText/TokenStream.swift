/// The words of a text after folding, each as a 64-bit hash with the 1-based line it is on.
///
/// Hashes rather than strings keep the stream compact; the index maps them to its own
/// vocabulary. ``TokenHash`` computes the same hash for a word.
public struct TokenStream: Sendable {
  /// The hash of each word, in text order.
  public var hashes: [UInt64] = []
  /// The 1-based line of each word in the original text.
  public var lines: [UInt32] = []
  /// The number of lines of the original text.
  public var lineCount: Int = 0

  /// Creates an empty stream.
  public init() {}

  /// The number of words.
  public var count: Int { hashes.count }
}

/// The hash LicenseLens uses for a folded word: 64-bit FNV-1a over its UTF-8 bytes.
public enum TokenHash {
  /// Hashes the folded word `bytes`.
  @inline(__always)
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var value = offsetBasis
    for byte in bytes {
      value ^= UInt64(byte)
      value &*= prime
    }
    return value
  }

  /// The FNV-1a 64-bit offset basis: the hash of no bytes.
  static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  /// The FNV-1a 64-bit prime each step multiplies by.
  static let prime: UInt64 = 0x0000_0100_0000_01b3

  /// Hashes a folded word given as a string.
  public static func hash(_ word: String) -> UInt64 {
    var word = word
    return word.withUTF8 { hash($0) }
  }
}
