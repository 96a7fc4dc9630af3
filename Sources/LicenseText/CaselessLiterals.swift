/// A set of lowercase ASCII literals searched for in text, ignoring ASCII case.
///
/// Built for a few long literals (the model-license vocabulary, the SPDX tag) searched in
/// every scanned file: instead of stopping at each byte that starts a literal, the search reads one 4-byte
/// window every `stride` bytes, where `stride` is the shortest literal's length minus 3, so
/// that every occurrence has one of its first `stride` windows read. A window is looked up in
/// a bit set of the literals' windows at those offsets; only on a hit are the literals
/// compared, starting where that window would put them.
public struct CaselessLiterals: Sendable {
  private struct Window: Sendable {
    var key: UInt32
    var literal: Int
    var offset: Int
  }

  /// The literals, lowercase.
  public let literals: [[UInt8]]
  private let stride: Int
  private let windows: [Window]
  private let filter: [UInt64]

  /// Creates the set; every literal must be lowercase ASCII and at least 4 bytes long.
  public init(_ literals: [String]) {
    self.literals = literals.map { Array($0.utf8) }
    precondition(self.literals.allSatisfy { $0.count >= 4 }, "literals of at least 4 bytes")
    stride = (self.literals.map(\.count).min() ?? 4) - 3
    var windows: [Window] = []
    var filter = [UInt64](repeating: 0, count: 1024)
    for (index, literal) in self.literals.enumerated() {
      for offset in 0..<stride {
        let key = Self.key(literal, at: offset)
        windows.append(Window(key: key, literal: index, offset: offset))
        let bit = Self.bit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
      }
    }
    self.windows = windows
    self.filter = filter
  }

  /// Whether any literal occurs in `text`, ignoring ASCII case.
  public func occurs(in text: UnsafeBufferPointer<UInt8>) -> Bool {
    var found = false
    forEachOccurrence(in: text) { _, _ in
      found = true
      return false
    }
    return found
  }

  /// Calls `body` with the offset of each occurrence of a literal in `text`, ignoring ASCII
  /// case, in increasing order and each once, until it returns `false`. Made for a set of one
  /// literal (the SPDX tag's name): with several, an occurrence that one window finds after
  /// another starting later is skipped.
  public func forEachStart(in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
    var next = 0
    forEachOccurrence(in: text) { _, start in
      // The last window read may overlap the one before it and find an occurrence again.
      guard start >= next else { return true }
      next = start + 1
      return body(start)
    }
  }

  /// How many distinct literals occur in `text`, ignoring ASCII case; counting stops at
  /// `limit`.
  public func distinctOccurrences(in text: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
    guard limit > 0 else { return 0 }
    var seen = [Bool](repeating: false, count: literals.count)
    var count = 0
    forEachOccurrence(in: text) { literal, _ in
      if !seen[literal] {
        seen[literal] = true
        count += 1
      }
      return count < limit
    }
    return count
  }

  /// Calls `body` with the index and the start of each literal occurrence found (in the
  /// order of the windows that find them; the last window may find one again) until it
  /// returns `false`.
  @inline(__always)
  private func forEachOccurrence(
    in text: UnsafeBufferPointer<UInt8>, _ body: (_ literal: Int, _ start: Int) -> Bool
  ) {
    guard text.count >= 4, let base = text.baseAddress else { return }
    var position = 0
    let last = text.count - 4
    while true {
      let key = Self.lowercased(UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self))
      let bit = Self.bit(key)
      if filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
        for window in windows
        where window.key == key
          && matches(literals[window.literal], in: text, at: position - window.offset)
        {
          if !body(window.literal, position - window.offset) { return }
        }
      }
      if position == last { return }
      position = min(position + stride, last)
    }
  }

  private func matches(_ literal: [UInt8], in text: UnsafeBufferPointer<UInt8>, at start: Int)
    -> Bool
  {
    guard start >= 0, start + literal.count <= text.count else { return false }
    for (offset, expected) in literal.enumerated() {
      var byte = text[start + offset]
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      if byte != expected { return false }
    }
    return true
  }

  private static func key(_ literal: [UInt8], at offset: Int) -> UInt32 {
    literal[offset..<(offset + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) }
  }

  @inline(__always)
  private static func bit(_ key: UInt32) -> Int {
    Int((key &* 0x9E37_79B1) >> 16)
  }

  /// `word` with its ASCII capital letters made small, four bytes at once.
  @inline(__always)
  static func lowercased(_ word: UInt32) -> UInt32 {
    let low = word & 0x7F7F_7F7F
    let atLeastA = low &+ 0x3F3F_3F3F  // high bit set where the byte is >= 0x41
    let pastZ = low &+ 0x2525_2525  // high bit set where the byte is >= 0x5B
    let capital = (atLeastA ^ pastZ) & ~word & 0x8080_8080
    return word | (capital >> 2)
  }
}
