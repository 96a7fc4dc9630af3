import Testing

@testable import LicenseClauses

@Suite struct LiteralAutomatonTests {
  /// Every occurrence of every literal, found the slow way: `(literal, end)` pairs.
  private static func occurrences(of literals: [[UInt8]], in text: [UInt8]) -> [Pair] {
    var found: [Pair] = []
    for (index, literal) in literals.enumerated() where !literal.isEmpty {
      guard literal.count <= text.count else { continue }
      for start in 0...(text.count - literal.count)
      where text[start..<(start + literal.count)].elementsEqual(literal) {
        found.append(Pair(literal: index, end: start + literal.count))
      }
    }
    return found.sorted()
  }

  private static func automatonOccurrences(of literals: [[UInt8]], in text: [UInt8]) -> [Pair] {
    var found: [Pair] = []
    text.withUnsafeBufferPointer { buffer in
      LiteralAutomaton(literals).forEachMatch(in: buffer) { literal, end in
        found.append(Pair(literal: literal, end: end))
      }
    }
    return found.sorted()
  }

  /// `count` bytes drawn from `alphabet`.
  private static func randomBytes(
    _ count: Int, from alphabet: [UInt8], using generator: inout SplitMix
  ) -> [UInt8] {
    (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
  }

  /// 1 to 12 literals of 1 to 9 bytes drawn from `alphabet`.
  private static func randomLiterals(from alphabet: [UInt8], using generator: inout SplitMix)
    -> [[UInt8]]
  {
    (0..<Int.random(in: 1...12, using: &generator)).map { _ in
      randomBytes(Int.random(in: 1...9, using: &generator), from: alphabet, using: &generator)
    }
  }

  struct Pair: Comparable, CustomStringConvertible {
    let literal: Int
    let end: Int
    static func < (lhs: Pair, rhs: Pair) -> Bool {
      (lhs.end, lhs.literal) < (rhs.end, rhs.literal)
    }
    var description: String { "\(literal)@\(end)" }
  }

  @Test func findsEveryOccurrenceInLicenseProse() {
    // Literals longer and shorter than a head, sharing heads, inside one another, repeated,
    // and one that runs past the end of the text.
    let literals = [
      "not", "not ", " not ", "may not", "may not use", "may not be used", "licen",
      "license", "licensee", "licensed", "licensed under", "commercial", "non-commercial",
      "commercial use", "use", "user", "users", "lend", "le", "l", "", "use", "for the",
      "purposes only", "only.",
    ].map { Array($0.utf8) }
    let text = Array(
      """
      the licensee may not use the model for commercial purposes only. users who are \
      licensed under these terms may not be used as a reference; non-commercial use by a \
      licensee is allowed. you may not lend it. for the purposes only
      """.utf8)
    let expected = Self.occurrences(of: literals, in: text)
    #expect(expected.count > 40)
    #expect(Self.automatonOccurrences(of: literals, in: text) == expected)
  }

  @Test func agreesWithASlowSearchOnRandomTexts() {
    // A small alphabet makes literals overlap and repeat often.
    var generator = SplitMix(seed: 20_261_202)
    let alphabet = Array("ab c".utf8)
    for _ in 0..<300 {
      let literals = Self.randomLiterals(from: alphabet, using: &generator)
      let text = Self.randomBytes(
        Int.random(in: 0...80, using: &generator), from: alphabet, using: &generator)
      #expect(
        Self.automatonOccurrences(of: literals, in: text)
          == Self.occurrences(of: literals, in: text))
    }
  }

  @Test func reportsInTheOrderOfHeadEndsAcrossTheQuartersOfLongTexts() {
    // Texts of at least LiteralAutomaton.Tables.splitLength bytes are walked in four
    // quarters at once: the occurrences are still all found, once, in the order of their
    // heads' ends, including heads that straddle a quarter's start or end right at it.
    var generator = SplitMix(seed: 20_261_203)
    let alphabet = Array("ab c".utf8)
    for round in 0..<200 {
      let literals = Self.randomLiterals(from: alphabet, using: &generator)
      let length = round < 20 ? 255 + round : Int.random(in: 256...700, using: &generator)
      let text = Self.randomBytes(length, from: alphabet, using: &generator)
      let automaton = LiteralAutomaton(literals)
      var found: [Pair] = []
      text.withUnsafeBufferPointer { buffer in
        automaton.forEachMatch(in: buffer) { found.append(Pair(literal: $0, end: $1)) }
      }
      let headEnds = found.map { pair in
        let count = literals[pair.literal].count
        return pair.end - count + min(count, automaton.headLength)
      }
      #expect(headEnds == headEnds.sorted(), "round \(round)")
      #expect(found.sorted() == Self.occurrences(of: literals, in: text), "round \(round)")
    }
  }

  @Test func followsShorterHeadsWhenTheTableWouldNotFit() {
    // 600 literals over 200 different bytes: heads of 4 bytes need some 1,800 states of 200
    // columns, past what 16-bit entries address.
    var generator = SplitMix(seed: 7)
    let alphabet = (UInt8(32)...UInt8(231)).map { $0 }
    let literals = (0..<600).map { _ in
      (0..<Int.random(in: 4...7, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator)!
      }
    }
    let automaton = LiteralAutomaton(literals)
    #expect(automaton.headLength < LiteralAutomaton.longestHead)
    var text: [UInt8] = []
    for _ in 0..<400 {
      text += literals.randomElement(using: &generator)!
      text.append(alphabet.randomElement(using: &generator)!)
    }
    let expected = Self.occurrences(of: literals, in: text)
    #expect(expected.count >= 400)
    #expect(Self.automatonOccurrences(of: literals, in: text) == expected)
  }

  @Test func anOccurrenceIsReportedInTheSentenceWhereItStarts() {
    // Occurrences come in the order of their heads' ends; the clause scanner relies on
    // occurrences that share no byte coming in text order.
    let literals = ["commercial purposes", "use"].map { Array($0.utf8) }
    var ends: [(Int, Int)] = []
    let text = Array("no commercial purposes; use".utf8)
    text.withUnsafeBufferPointer { buffer in
      LiteralAutomaton(literals).forEachMatch(in: buffer) { ends.append(($0, $1)) }
    }
    #expect(ends.map(\.0) == [0, 1])
    #expect(ends.map(\.1) == [22, 27])
  }
}

@Suite struct FollowFilterTests {
  @Test func admitsEveryInsertedFollowAndFewOthers() {
    var generator = SplitMix(seed: 42)
    var filter = FollowFilter(states: 700)
    var pairs: [(Int, UInt8, UInt8)] = []
    var singles: [(Int, UInt8)] = []
    for _ in 0..<2_000 {
      let state = Int.random(in: 0..<700, using: &generator)
      let next = UInt8.random(in: 32...122, using: &generator)
      let then = UInt8.random(in: 32...122, using: &generator)
      filter.insert(state: state, next: next, then: then)
      pairs.append((state, next, then))
    }
    for _ in 0..<100 {
      let state = Int.random(in: 0..<700, using: &generator)
      let next = UInt8.random(in: 32...122, using: &generator)
      filter.insert(state: state, next: next)
      singles.append((state, next))
    }
    filter.insertEndingHead(state: 3)
    filter.insertEndingHead(state: 699)
    filter.withBuffers { buffers in
      // No false negatives: an inserted tail of one byte is admitted whatever follows it.
      #expect(pairs.allSatisfy { buffers.admits(state: $0.0, next: $0.1, then: $0.2) })
      #expect(singles.allSatisfy { buffers.admits(state: $0.0, next: $0.1) })
      #expect(singles.allSatisfy { buffers.admits(state: $0.0, next: $0.1, then: 0x20) })
      #expect(buffers.endsHead(state: 3) && buffers.endsHead(state: 699))
      #expect(!buffers.endsHead(state: 4) && !buffers.endsHead(state: 0))
      // Few false positives: follows never inserted are mostly refused.
      var admitted = 0
      for _ in 0..<10_000 {
        let state = Int.random(in: 0..<700, using: &generator)
        if buffers.admits(state: state, next: 0x7C, then: 0x7E) { admitted += 1 }
      }
      #expect(admitted < 1_000)
    }
  }
}

/// A seeded generator, so that a failing random case can be replayed.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
