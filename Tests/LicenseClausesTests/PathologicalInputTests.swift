import LicenseClauses
import Testing

/// Inputs built to make patterns run away must finish with a correct result or a reported
/// issue. These assert results, never times.
@Suite struct PathologicalInputTests {
  @Test func tenMegabyteSingleLine() {
    let sentence = "you may not use the model for any purpose that conflicts with this policy "
    var line = String(repeating: "lorem ipsum dolor sit amet ", count: 380_000)
    line += "You will not use the weights to improve any other large language model. "
    line += String(repeating: sentence, count: 1_000)
    #expect(line.utf8.count > 10_000_000)
    let text = ClauseText(line)
    #expect(text.sentences.allSatisfy { $0.folded.count <= ClauseText.maximumSentenceLength })
    let scan = Fixtures.scanner.scan(text)
    #expect(scan.hits.contains { $0.id == "modify.no-improving-other-models" })
    #expect(scan.hits.allSatisfy { $0.startLine == 1 })
  }

  @Test func triggerWordRepeatedAMillionTimes() {
    let text = String(repeating: "revocable ", count: 1_000_000)
    let scan = Fixtures.scanner.scan(text)
    #expect(!scan.hits.contains { $0.id == "use.revocable-grant" })
  }

  @Test func nearMissesRepeatedWithinLongSentences() {
    let text = String(repeating: "you shall not use the materials or any output ", count: 200_000)
    let scan = Fixtures.scanner.scan(text)
    #expect(scan.hits.isEmpty || !scan.issues.isEmpty || scan.hits.allSatisfy { !$0.id.isEmpty })
    #expect(!scan.hits.contains { $0.id == "modify.no-improving-other-models" })
  }

  @Test func deeplyNestedParentheses() {
    let nested =
      String(repeating: "(", count: 200_000) + "x" + String(repeating: ")", count: 200_000)
    let scan = Fixtures.scanner.scan(nested + "\nYou may not distribute copies of the model.\n")
    #expect(scan.hits.map(\.id) == ["share.no-redistribution"])
    #expect(scan.hits.first?.endLine == 2)
  }

  @Test func manyShortLinesAndBlankLines() {
    let text =
      String(repeating: "a.\n\n* \n1.\n", count: 250_000) + "Commercial use is prohibited.\n"
    let scan = Fixtures.scanner.scan(text)
    #expect(scan.hits.map(\.id) == ["use.non-commercial"])
    #expect(scan.hits.first?.startLine == 1_000_001)
  }
}
