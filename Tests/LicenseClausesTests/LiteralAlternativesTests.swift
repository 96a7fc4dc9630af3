import Foundation
import LicenseClauses
import Testing

@testable import RegexEngine

@Suite struct LiteralAlternativesTests {
  private static func alternatives(_ pattern: String) -> [String]? {
    LiteralAlternatives.of(pattern, options: .multiline)?.map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  @Test func readsGroupsAndAlternations() {
    #expect(Self.alternatives(#"\b(?:may|shall) not\b"#) == ["may not", "shall not"])
    #expect(
      Self.alternatives(#"\bnot for commercial use\b|\bpersonal use only\b"#)
        == ["not for commercial use", "personal use only"])
    #expect(
      Self.alternatives(#"\b(?:nuclear|chemical|biological)\b.{0,30}\bweapons?\b"#)
        == ["biological", "chemical", "nuclear"])
    #expect(Self.alternatives(#"\bnon.?commercial (?:purposes?|uses?)\b"#) == ["commercial "])
    #expect(
      Self.alternatives(#"(?<=\w )(?:cannot|won't)\b.{0,40}\bsell"#) == ["cannot", "won't"])
    #expect(
      Self.alternatives(#"^(?!.{0,40}\bfree\b)\w+ (?:must|shall) pay\b"#) == [
        " must pay", " shall pay",
      ])
    #expect(Self.alternatives(#"licen[cs]e (?:fees?|royalt(?:y|ies))"#) == ["licen"])
  }

  @Test func offersNothingWhereAMatchMayHoldNoKnownText() {
    #expect(Self.alternatives(#"\b(?:no|not)\b.{0,20}\bus\b"#) == nil)  // too short
    #expect(Self.alternatives(#"\bcommercial\b|\w+"#) == nil)  // a branch without text
    #expect(Self.alternatives(#"(?:commercial )?us"#) == nil)
    #expect(Self.alternatives(#"(?i)commercial use"#) == nil)
    #expect(Self.alternatives(#"\Qcommercial use\E"#) == nil)
    #expect(Self.alternatives(#"(licen)se \1ce"#) == nil)
    #expect(Self.alternatives(#"licence{,3} to use"#) == nil)
    #expect(Self.alternatives(#"(*UTF)commercial"#) == nil)
    #expect(LiteralAlternatives.of("commercial use", options: .caseless) == nil)
  }

  /// Every match of every catalog pattern, on the catalog's examples, the shared model
  /// licenses and the LicenseDB's non-free texts, holds one of the pattern's alternatives
  /// (the scanner skips the pattern on sentences without any).
  @Test func everyMatchOfTheCatalogHoldsOneOfItsAlternatives() throws {
    let sentences = Fixtures.sentencesOfExamplesAndModelLicenses(
      plus: Fixtures.nonFreeLicenseTexts(limit: 400))
    var read = 0
    var matched = 0
    var patterns = 0
    let scratch = MatchScratch()
    for rule in Fixtures.catalog.rules {
      let definition = rule.definition
      let sources =
        definition.patterns + (definition.guards ?? []) + (definition.listIntros ?? [])
        + (definition.listItems ?? [])
      for source in sources {
        patterns += 1
        let pattern = try Regex(source, options: .multiline)
        guard let alternatives = pattern.literalAlternatives else { continue }
        read += 1
        for sentence in sentences {
          var sentence = sentence
          // A sentence on which the pattern gives up (a limit) counts as not matching, as
          // in the scanner.
          let found = sentence.withUTF8 { (try? pattern.matches($0, scratch: scratch)) ?? false }
          guard found else { continue }
          matched += 1
          let bytes = Array(sentence.utf8)
          #expect(
            alternatives.contains { bytes.firstRange(of: $0) != nil },
            "\(definition.id): \(source) matched \(sentence)")
        }
      }
    }
    #expect(read * 2 > patterns, "\(read) of \(patterns) patterns read")
    #expect(matched > 500)
  }
}
