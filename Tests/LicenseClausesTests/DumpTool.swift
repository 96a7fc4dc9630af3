import Foundation
import LicenseClauses
import Testing

/// Prints the sentences and hits of a file or text, for working on the catalog:
/// `LICENSELENS_DUMP=path-or-text swift test --filter DumpTool`.
@Suite struct DumpTool {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["LICENSELENS_DUMP"] != nil))
  func dump() throws {
    let argument = ProcessInfo.processInfo.environment["LICENSELENS_DUMP"]!
    let source =
      (try? String(contentsOfFile: argument, encoding: .utf8)) ?? argument
    let text = ClauseText(source)
    if ProcessInfo.processInfo.environment["LICENSELENS_SENTENCES"] != nil {
      for sentence in text.sentences {
        print("S \(sentence.startLine)-\(sentence.endLine): \(text.foldedText(of: sentence))")
      }
    }
    let scan = Fixtures.scanner.scan(text)
    for hit in scan.hits + scan.benign {
      print(
        "H \(hit.severity.rawValue) \(hit.id) \(hit.startLine)-\(hit.endLine): \(hit.text.prefix(200))"
      )
    }
    for issue in scan.issues { print("I \(issue)") }
    for family in Fixtures.families.detect(in: text) { print("F \(family)") }
  }
}
