import Testing

@testable import LicenseMatch

/// ``ContainingSpans``, which answers the matcher's "does a complete match hold this span"
/// question: the same answers as reading every span, for spans inserted in any order.
@Suite struct ContainingSpansTests {
  /// Every span and value, read the slow way.
  private static func slowAnswer(
    _ spans: [(start: Int, end: Int, value: Int)], holding span: ClosedRange<Int>,
    where predicate: (Int) -> Bool
  ) -> Bool {
    spans.contains {
      $0.start <= span.lowerBound && span.upperBound <= $0.end && predicate($0.value)
    }
  }

  @Test func findsTheSpansThatHoldASpan() {
    var spans = ContainingSpans<String>()
    spans.insert(start: 40, end: 90, value: "MIT")
    spans.insert(start: 0, end: 30, value: "Apache-2.0")
    spans.insert(start: 10, end: 200, value: "GPL-2.0")
    #expect(spans.count == 3)
    func holders(_ span: ClosedRange<Int>) -> Set<String> {
      var found: Set<String> = []
      _ = spans.containsSpan(holding: span) { _, _, value in
        found.insert(value)
        return false
      }
      return found
    }
    #expect(holders(12...20) == ["Apache-2.0", "GPL-2.0"])
    #expect(holders(45...90) == ["MIT", "GPL-2.0"])
    #expect(holders(25...45) == ["GPL-2.0"])
    #expect(holders(150...201).isEmpty)
    #expect(
      spans.containsSpan(holding: 50...60) { start, end, value in
        start == 40 && end == 90 && value == "MIT"
      })
    spans.removeAll()
    #expect(spans.count == 0)
    #expect(holders(12...20).isEmpty)
  }

  @Test func agreesWithReadingEverySpan() {
    var seed: UInt64 = 20_261_203
    func next(_ range: ClosedRange<Int>) -> Int {
      // SplitMix64 from a fixed seed, so that a failure can be replayed.
      seed &+= 0x9E37_79B9_7F4A_7C15
      var value = seed
      value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
      value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
      value ^= value >> 31
      return range.lowerBound + Int(value % UInt64(range.count))
    }
    for round in 0..<200 {
      var spans = ContainingSpans<Int>()
      var plain: [(start: Int, end: Int, value: Int)] = []
      for value in 0..<next(0...40) {
        let start = next(0...300)
        let end = start + next(0...120)
        spans.insert(start: start, end: end, value: value)
        plain.append((start, end, value))
        for _ in 0..<5 {
          let low = next(0...420)
          let query = low...(low + next(0...60))
          let modulus = next(1...4)
          let predicate = { (value: Int) in value % modulus == 0 }
          #expect(
            spans.containsSpan(holding: query) { _, _, value in predicate(value) }
              == Self.slowAnswer(plain, holding: query, where: predicate),
            "round \(round) query \(query)")
        }
      }
    }
  }
}
