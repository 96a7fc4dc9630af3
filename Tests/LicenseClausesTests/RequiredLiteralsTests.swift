import Foundation
import LicenseClauses
import Testing

@testable import RegexEngine

@Suite struct RequiredLiteralsTests {
  private static func runs(_ pattern: String) -> [String] {
    RequiredLiterals.of(pattern, options: .multiline).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func readsTheRunsEveryMatchContains() {
    #expect(
      Self.runs(#"\bnon.?commercial (?:purposes?|uses?)\b.{0,20}\bonly\b"#)
        == ["non", "commercial ", "only"])
    #expect(Self.runs(#"\bfor (?:your )?purposes?\b"#) == ["for ", "purpose"])
    #expect(Self.runs(#"\blicen[cs]e to use\b"#) == ["licen", "e to use"])
    #expect(Self.runs(#"\bsub-?licens\w+"#) == ["sub", "licens"])
    #expect(Self.runs(#"abc+def{2,}gh"#) == ["abc", "def"])
    #expect(Self.runs(#"\bshall\s{1,3}not be\b"#) == ["shall", "not be"])
    #expect(Self.runs(#"\(the "software"\) is"#) == ["(the \"software\") is"])
  }

  @Test func readsNothingWhereItCannotBeSure() {
    #expect(Self.runs(#"\bnot for commercial use\b|\bpersonal use only\b"#).isEmpty)
    #expect(Self.runs(#"(?i)commercial use"#).isEmpty)
    #expect(Self.runs(#"\Qcommercial use\E"#).isEmpty)
    #expect(Self.runs(#"(?<word>licen)se \k<word>ce"#).isEmpty)
    #expect(Self.runs(#"licence{,3} to use"#).isEmpty)
    #expect(RequiredLiterals.of("commercial use", options: .caseless).isEmpty)
  }

  /// Every pattern of the catalog answers the same with and without its runs checked first,
  /// on the example sentences and the sentences of the shared model licenses.
  @Test func catalogPatternsMatchAsWithoutTheCheck() throws {
    let sentences = Fixtures.sentencesOfExamplesAndModelLicenses()
    var checked = 0
    var skipped = 0
    let scratch = MatchScratch()
    for rule in Fixtures.catalog.rules {
      let definition = rule.definition
      let sources =
        definition.patterns + (definition.guards ?? []) + (definition.listIntros ?? [])
        + (definition.listItems ?? [])
      for source in sources {
        let pattern = try Regex(source, options: .multiline)
        guard !pattern.requiredLiterals.isEmpty else { continue }
        // A top-level alternative that never matches: the same pattern, read as having no runs.
        let reference = try Regex(source + "|(?!)", options: .multiline)
        #expect(reference.requiredLiterals.isEmpty)
        checked += 1
        for sentence in sentences {
          var sentence = sentence
          let (fast, full) = try sentence.withUTF8 {
            (try pattern.matches($0, scratch: scratch), try reference.matches($0, scratch: scratch))
          }
          #expect(fast == full, "\(definition.id): \(source) on \(sentence)")
          if full == false { skipped += 1 }
        }
      }
    }
    #expect(checked > 100)
    #expect(skipped > 0)
  }
}
