import Foundation
import LicenseClauses
import LicenseVerdict
import Testing

/// Prints the sentences, hits, families and explain text of a file or text, for working on the catalog:
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
        let matched = String(decoding: text.folded[sentence.matched], as: UTF8.self)
        print("S \(sentence.startLine)-\(sentence.endLine): \(matched)")
      }
    }
    let scan = Fixtures.scanner.scan(text)
    for hit in scan.hits + scan.benign {
      print(
        "H \(hit.severity.rawValue) \(hit.id) \(hit.startLine)-\(hit.endLine): \(hit.text.prefix(200))"
      )
    }
    for issue in scan.issues { print("I \(issue)") }
    let families = Fixtures.families.detect(in: text)
    for family in families { print("F \(family)") }
    let evidence = DocumentEvidence(
      path: (argument as NSString).lastPathComponent,
      kind: DocumentKind.infer(fileName: argument, families: families), scan: scan,
      families: families)
    print(ExplainRenderer.render(VerdictEngine.verdict(for: evidence)))
  }
}
