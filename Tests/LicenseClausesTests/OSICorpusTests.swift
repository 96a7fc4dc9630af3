import Foundation
import LicenseClauses
import Testing

/// Every OSI-approved license text of the fetched ScanCode corpus must be free of blocking and
/// caution clauses. Fetch the corpus with `tools/fetch-corpus`; without it the test is skipped.
@Suite struct OSICorpusTests {
  static var corpusPresent: Bool {
    FileManager.default.fileExists(
      atPath: Fixtures.scancode.appendingPathComponent("COMPLETE").path)
  }

  @Test(.enabled(if: corpusPresent, "license-corpus/scancode is absent: run tools/fetch-corpus"))
  func osiApprovedTextsHaveNoRestrictiveClauses() throws {
    let osi = Set(
      try String(
        contentsOf: Fixtures.scancode.appendingPathComponent("osi-approved.txt"), encoding: .utf8
      ).split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) })
    let directory = Fixtures.scancode.appendingPathComponent("licenses")
    var checked = 0
    var offenders: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    where name.hasSuffix(".LICENSE") {
      let source = try String(
        contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      let (spdx, body) = Self.split(source)
      guard let spdx, osi.contains(spdx) else { continue }
      checked += 1
      let scan = Fixtures.scanner.scan(body)
      for hit in scan.hits {
        offenders.append("\(name) [\(spdx)] \(hit.id)@\(hit.startLine): \(hit.text.prefix(160))")
      }
    }
    print("OSI-approved texts checked: \(checked), restrictive hits: \(offenders.count)")
    for offender in offenders { print(offender) }
    #expect(checked > 100)
    #expect(offenders.isEmpty)
  }

  /// The SPDX key from the front matter and the text after it.
  static func split(_ source: String) -> (String?, String) {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
      return (nil, source)
    }
    let key = lines[1..<end].first { $0.hasPrefix("spdx_license_key:") }.map {
      $0.dropFirst("spdx_license_key:".count).trimmingCharacters(in: .whitespaces)
    }
    return (key, lines[(end + 1)...].joined(separator: "\n"))
  }
}
