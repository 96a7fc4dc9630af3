import LicenseIndex
import LicenseText
import Testing

@testable import LicenseMatch

@Suite("Query window")
struct QueryWindowTests {
  /// The corpus token ids of `text`.
  func ids(_ text: String) -> [UInt32] {
    var tokenizer = Tokenizer()
    let bytes = Array(text.utf8)
    let stream = bytes.withUnsafeBufferPointer { tokenizer.tokenize($0) }
    return stream.hashes.map { Support.index.tokenID(forWordHash: $0) }
  }

  @Test func samplesTheFirstOccurrencesOfAnchorGramsOnly() throws {
    let index = Support.index
    // Six copies of a license between lines of code: anchors recur six times.
    let mit = try Support.licenseText("mit")
    let text = (0..<6).map { "let value\($0) = compute(\($0))\n" + mit }.joined(separator: "\n")
    let tokens = ids(text)
    var window = QueryWindow()
    window.load(tokens[...], index: index)
    #expect(!window.isLookupPrepared)

    var seen: [UInt64: Int] = [:]
    var expected: [Int32] = []
    var anchors = 0
    for (position, gram) in window.grams.enumerated() where gram != 0 {
      guard index.mayBeAnchor(gram) else { continue }
      if !index.rulesAnchored(by: gram).isEmpty { anchors += 1 }
      seen[gram, default: 0] += 1
      if seen[gram]! <= QueryWindow.sampledOccurrences { expected.append(Int32(position)) }
    }
    #expect(anchors > 100)
    #expect(window.sampledPositions == expected)
    // Every gram of the license occurs six times; only four of each are sampled.
    #expect(seen.values.contains(6))
    #expect(expected.count < seen.values.reduce(0, +))

    window.prepareLookup()
    #expect(window.isLookupPrepared)
    var counts: [UInt64: Int] = [:]
    for gram in window.grams where gram != 0 { counts[gram, default: 0] += 1 }
    window.withLookup { lookup in
      for (gram, count) in counts {
        let found = lookup.occurrences(of: gram)
        #expect(found.count == count)
        let positions = lookup.positions[found.first..<(found.first + found.count)]
        #expect(positions.allSatisfy { window.grams[Int($0)] == gram })
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
      }
    }
  }

  @Test func codeWithoutLicenseWordsSamplesFewPositions() {
    let code = (0..<200).map { "for item in list\($0) { total += item * \($0) }" }
    var window = QueryWindow()
    window.load(ids(code.joined(separator: "\n"))[...], index: Support.index)
    // The filter lets a few grams through at most; no lookup table was built.
    #expect(window.sampledPositions.count * 10 < window.grams.count)
    #expect(!window.isLookupPrepared)
  }
}
