import Testing

@testable import LicenseClauses

@Suite struct ProhibitionListTests {
  /// The first marker the slow way: every offset in turn, as the rule reads.
  private static func slowFirstMarker(_ text: [UInt8]) -> Int? {
    guard text.count >= 3 else { return nil }
    for index in 0..<(text.count - 2) where Array("ai1".utf8).contains(text[index + 1]) {
      if text[index] == UInt8(ascii: "("), text[index + 2] == UInt8(ascii: ")") { return index }
      if text[index] == 0x20, text[index + 2] == UInt8(ascii: ")") { return index + 1 }
    }
    return nil
  }

  private static func firstMarker(_ text: String) -> Int? {
    Array(text.utf8).withUnsafeBufferPointer { ProhibitionList.firstMarker(in: $0) }
  }

  @Test func findsTheFirstMarkerOfAFirstItem() {
    #expect(Self.firstMarker("you agree not to: (a) sell the model;") == 18)
    #expect(Self.firstMarker("licensee shall not (i) rent or (ii) lease;") == 19)
    #expect(Self.firstMarker("you shall not: a) copy; b) sell;") == 15)
    #expect(Self.firstMarker("see section 2(b) and (c) below;") == nil)
    #expect(Self.firstMarker("(a) at the start") == 0)
    #expect(Self.firstMarker("i)") == nil)
    #expect(Self.firstMarker("the (a)") == 4)
    #expect(Self.firstMarker("x(1)") == 1)
    #expect(Self.firstMarker("") == nil)
  }

  @Test func agreesWithTheSlowScanOnRandomSentences() {
    var generator = SplitMix(seed: 20_261_203)
    let alphabet = Array("()ai1b ;:".utf8)
    for round in 0..<2_000 {
      let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator)!
      }
      let fast = text.withUnsafeBufferPointer { ProhibitionList.firstMarker(in: $0) }
      #expect(fast == Self.slowFirstMarker(text), "round \(round): \(text)")
    }
  }
}
