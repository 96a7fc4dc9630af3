import Dispatch
import LicenseCorpus
import LicenseIndex
import RegexEngine
import Testing

@Suite("LicenseDB front matter")
struct FrontMatterTests {
  @Test func readsScalarsListsAndText() {
    let file = """
      ---
      key: example-1.0
      name: 'Example ''Quoted'' License'
      is_exception: yes
      notes: |
          a block that is skipped: key: not-this
      other_spdx_license_keys:
          - LicenseRef-Example
          - Example-1
      ---

      The text {{starts}} here.
      """
    let (matter, text) = FrontMatter.split(file)
    #expect(matter.scalars["key"] == "example-1.0")
    #expect(matter.scalars["name"] == "Example 'Quoted' License")
    #expect(matter.flag("is_exception"))
    #expect(matter.lists["other_spdx_license_keys"] == ["LicenseRef-Example", "Example-1"])
    #expect(text.contains("The text {{starts}} here."))
    let rule = LicenseDatabase.rule(
      from:
        "---\nlicense_expression: mit OR apache-2.0\nis_license_notice: yes\nrelevance: 90\n---\nUse {{MIT}} here",
      fileName: "x_1.RULE")
    #expect(rule.kind == .notice && rule.relevance == 90 && rule.text == "Use MIT here")
    #expect(
      ExpressionKeys.keys(in: "(gpl-2.0 WITH classpath-exception-2.0) OR mit") == [
        "gpl-2.0", "classpath-exception-2.0", "mit",
      ])
  }

  @Test func licenseWithoutSPDXKeyGetsLicenseRef() {
    let record = LicenseDatabase.license(
      from: "---\nkey: acme-eula\nname: Acme EULA\ncategory: Proprietary Free\n---\nText",
      fileName: "acme-eula.LICENSE",
      osiApproved: [])
    #expect(record.spdx == "LicenseRef-scancode-acme-eula")
    #expect(!record.isOSIApproved)
  }
}

@Suite("PCRE2 wrapper")
struct RegexTests {
  @Test func findsAllMatchesWithGroups() throws {
    let regex = try Regex(#"(\w+)-(\d+)"#)
    let scratch = MatchScratch()
    var found: [String] = []
    let subject = Array("gpl-2 and lgpl-21, mpl-x".utf8)
    _ = try subject.withUnsafeBufferPointer { buffer in
      try regex.forEachMatch(in: buffer, scratch: scratch) { whole, groups in
        found.append(
          String(decoding: buffer[whole], as: UTF8.self) + "|"
            + String(decoding: buffer[groups[1]!], as: UTF8.self))
        return true
      }
    }
    #expect(found == ["gpl-2|2", "lgpl-21|21"])
  }

  @Test func badPatternReportsOffset() {
    #expect(throws: RegexError.self) { try Regex("(unclosed") }
  }

  @Test func catastrophicBacktrackingHitsTheLimit() throws {
    let regex = try Regex("^(a+)+$", matchLimit: 10_000)
    let subject = Array((String(repeating: "a", count: 40) + "b").utf8)
    #expect(throws: RegexError.limitExceeded(pattern: "^(a+)+$")) {
      try subject.withUnsafeBufferPointer { try regex.matches($0, scratch: MatchScratch()) }
    }
  }

  /// A pattern is JIT-compiled by the first match that runs it: threads that reach a fresh
  /// pattern at once all get the same answers (the suite also runs under the thread
  /// sanitizer).
  @Test func threadsMatchingAFreshPatternAtOnceAgree() throws {
    let regexes = try (0..<8).map {
      try Regex(#"\bnon.?commercial (?:use|purposes?) \w+ "# + "\($0)")
    }
    let subject = Array("for non-commercial use only 3; non commercial purposes only 5".utf8)
    // Each thread writes its own slot, and concurrentPerform returns after all of them (a
    // Mutex here, a futex on Linux, is a lock the thread sanitizer cannot see).
    var answers = [[Bool]](repeating: [], count: 4)
    answers.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: 4) { thread in
        let scratch = MatchScratch()
        slots[thread] = subject.withUnsafeBufferPointer { buffer in
          regexes.map { (try? $0.matches(buffer, scratch: scratch)) ?? false }
        }
      }
    }
    let expected = (0..<8).map { $0 == 3 || $0 == 5 }
    #expect(answers == Array(repeating: expected, count: 4))
    #expect(regexes.allSatisfy(\.isJITCompiled) || !regexes.contains(where: \.isJITCompiled))
  }

  @Test func emptySubjectHasNoMatch() throws {
    let regex = try Regex("x*")
    let found = try [UInt8]().withUnsafeBufferPointer {
      try regex.matches($0, scratch: MatchScratch())
    }
    #expect(!found)
  }
}
