import Testing

@testable import LicenseIndex

@Suite("Anchor gram filter")
struct GramFilterTests {
  /// Grams as the index makes them, from token ids of a realistic spread.
  func grams(_ range: Range<UInt32>, salt: UInt32) -> [UInt64] {
    range.map { Grams.hash($0, $0 &* 7 &+ salt, $0 &+ 3) }
  }

  @Test func neverRejectsAMemberAndRejectsMostOthers() {
    let members = grams(0..<20_000, salt: 1)
    let words = GramFilter.words(for: members)
    #expect(words.count * 64 >= members.count * GramFilter.bitsPerGram)
    words.withUnsafeBufferPointer { filter in
      #expect(members.allSatisfy { GramFilter.mayContain($0, words: filter) })
      let others = grams(50_000..<70_000, salt: 2)
      let passed = others.filter { GramFilter.mayContain($0, words: filter) }.count
      // One hash at 16 bits per member lets about 1 in 16 through.
      #expect(passed < others.count / 10)
    }
  }

  @Test func indexAnchorsPassTheFilterOfTheBuiltIndex() throws {
    let index = Support.index
    // Every rule has anchors, and the filter in front of the anchor table hides none.
    var sampled = 0
    var checked = 0
    for ruleID in stride(from: 0, to: index.ruleCount, by: 97) {
      let tokens = index.ruleTokens(ruleID)
      guard tokens.count >= 3 else { continue }
      sampled += 1
      for start in 0..<(tokens.count - 2) {
        let gram = Grams.hash(tokens[start], tokens[start + 1], tokens[start + 2])
        if index.rulesAnchored(by: gram).contains(UInt32(ruleID)) {
          checked += 1
          break
        }
      }
    }
    #expect(sampled > 300)
    #expect(checked == sampled)
  }
}
