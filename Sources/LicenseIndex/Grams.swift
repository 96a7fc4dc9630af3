/// Word n-grams over token ids, the unit of candidate selection and alignment.
public enum Grams {
  /// The number of words in a gram.
  public static let size = 3

  /// The hash of the gram of token ids `a b c`. Never 0, so 0 can mark empty table slots.
  @inline(__always)
  public static func hash(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
    var value = UInt64(a) &* 0x9E37_79B9_7F4A_7C15
    value = (value ^ (value >> 29) ^ UInt64(b)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 32) ^ UInt64(c)) &* 0x94D0_49BB_1331_11EB
    value ^= value >> 31
    return value == 0 ? 1 : value
  }

  /// The hash of the word pair `a b`, the key of two-word rules. Never 0.
  @inline(__always)
  public static func pairHash(_ a: UInt32, _ b: UInt32) -> UInt64 {
    var value = (UInt64(a) << 32 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15
    value ^= value >> 29
    return value == 0 ? 1 : value
  }

  /// Order-dependent hash of a whole token id sequence, used for exact matches.
  public static func sequenceHash(_ ids: UnsafeBufferPointer<UInt32>) -> UInt64 {
    var value: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(ids.count)
    for id in ids {
      value = (value ^ UInt64(id)) &* 0x0000_0100_0000_01B3
      value ^= value >> 27
    }
    return value == 0 ? 1 : value
  }
}

/// Where the words of a rule come from in an index, and how a match against it is judged.
public struct RuleEntry: Sendable, Equatable {
  /// Offset of the rule's first token id in the index's token array.
  public var tokenStart: UInt32
  /// Number of tokens.
  public var tokenCount: UInt32
  /// Number of anchor grams indexed for candidate selection.
  public var anchorCount: UInt32
  /// Offset and count of the rule's license indexes in the index's license list array.
  public var licenseListStart: UInt32
  /// Number of licenses the rule's expression names.
  public var licenseListCount: UInt16
  /// `RuleKind` raw value.
  public var kind: UInt8
  /// 1 when the rule is a reference license text (`.LICENSE`).
  public var isReferenceText: UInt8
  /// Relevance 0...100.
  public var relevance: UInt8
  /// Minimum coverage 0...100, or 255 when unset.
  public var minimumCoverage: UInt8
  /// Reserved; keeps the record 8-byte aligned.
  public var reserved: UInt16 = 0
  /// String pool reference to the LicenseDB expression.
  public var expression: StringRef
  /// String pool reference to the rule identifier.
  public var identifier: StringRef
}

/// A reference to bytes in the index's string pool.
public struct StringRef: Sendable, Equatable {
  /// Byte offset in the pool.
  public var offset: UInt32
  /// Byte length.
  public var length: UInt32
}

/// A license of an index, as stored.
public struct LicenseEntry: Sendable, Equatable {
  /// LicenseDB key.
  public var key: StringRef
  /// SPDX id (or `LicenseRef-scancode-KEY`).
  public var spdx: StringRef
  /// Full name.
  public var name: StringRef
  /// Category.
  public var category: StringRef
  /// Other SPDX ids, separated by newlines.
  public var otherSpdx: StringRef
  /// Bit 0: OSI-approved; bit 1: exception; bit 2: deprecated.
  public var flags: UInt32
  /// Reserved; keeps the record 8-byte aligned.
  public var reserved: UInt32 = 0
}
