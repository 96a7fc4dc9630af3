import Testing

@testable import LicenseText

/// ``Checksum64/wide(_:seed:)``, which checks the index's sections: any flipped bit, swapped
/// words or 64-byte blocks, cut-off or added byte changes it, in the vector part and in the
/// bytes after the last whole 64.
@Suite struct ChecksumTests {
  /// Deterministic bytes that look like index records (small integers, repeated patterns).
  static func sample(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x1234_5678
    return (0..<count).map { index in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return index % 8 < 4 ? UInt8(truncatingIfNeeded: state >> 59) : 0
    }
  }

  static func wide(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { Checksum64.wide($0) } }

  @Test func everyFlippedBitChangesIt() {
    let bytes = Self.sample(64 * 5 + 13)
    let original = Self.wide(bytes)
    for position in bytes.indices {
      for bit in 0..<8 {
        var changed = bytes
        changed[position] ^= 1 << bit
        #expect(Self.wide(changed) != original, "byte \(position) bit \(bit)")
      }
    }
  }

  @Test func swappedWordsAndBlocksChangeIt() {
    var bytes = Self.sample(64 * 8)
    // Distinct words, so that every swap changes the bytes.
    for word in 0..<(bytes.count / 8) { bytes[word * 8 + 7] = UInt8(word) }
    let original = Self.wide(bytes)
    func swapped(_ first: Int, _ second: Int, length: Int) -> [UInt8] {
      var copy = bytes
      for offset in 0..<length {
        copy.swapAt(first + offset, second + offset)
      }
      return copy
    }
    // The same place in two blocks, the two words of a vector, two vectors of a block, two
    // whole blocks.
    #expect(Self.wide(swapped(0, 64, length: 8)) != original)
    #expect(Self.wide(swapped(16, 16 + 64 * 5, length: 16)) != original)
    #expect(Self.wide(swapped(0, 8, length: 8)) != original)
    #expect(Self.wide(swapped(0, 48, length: 16)) != original)
    #expect(Self.wide(swapped(64, 256, length: 64)) != original)
  }

  @Test func theLengthCounts() {
    let bytes = Self.sample(64 * 3)
    let original = Self.wide(bytes)
    #expect(Self.wide(Array(bytes.dropLast())) != original)
    #expect(Self.wide(bytes + [0]) != original)
    #expect(Self.wide(bytes + [UInt8](repeating: 0, count: 64)) != original)
    #expect(Self.wide([]) != Self.wide([0]))
  }
}
