import FuzzSupport
import LicenseClauses
import LicenseScan

private let analysis = FuzzSupport.clauseAnalysis

/// The clause engine on arbitrary sentences: the input as text, cleaned, segmented and
/// folded, scanned by the real catalog and family fingerprints. Checks that every clause,
/// benign look-alike, grant, issue and family match lies on lines of the text, and that a
/// second scan of the same text gives the same result (the scanner remembers sentence
/// outcomes between documents).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClauses(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = ClauseText(utf8: Array(FuzzSupport.input(data, size)))
  let scan = analysis.scanner.scan(text)
  let lines = 1...max(text.lineCount, 1)
  for hit in scan.hits + scan.benign + scan.grants {
    FuzzSupport.check(
      lines.contains(hit.startLine) && lines.contains(hit.endLine)
        && hit.startLine <= hit.endLine,
      "\(hit.id) on lines \(hit.startLine)-\(hit.endLine) of \(text.lineCount)")
  }
  for issue in scan.issues {
    FuzzSupport.check(
      lines.contains(issue.startLine) && issue.startLine <= issue.endLine,
      "issue on lines \(issue.startLine)-\(issue.endLine) of \(text.lineCount)")
  }
  for family in analysis.families.detect(in: text) {
    FuzzSupport.check(
      lines.contains(family.startLine) && family.startLine <= family.endLine,
      "\(family.id) on lines \(family.startLine)-\(family.endLine) of \(text.lineCount)")
  }
  FuzzSupport.check(analysis.scanner.scan(text) == scan, "a second scan differs")
  return 0
}
