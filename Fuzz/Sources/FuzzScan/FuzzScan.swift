import FuzzSupport
import LicenseScan

/// File names the input is scanned under: a license file, a model card (read as a card too),
/// a source file and a notice.
private let names = ["LICENSE", "README.md", "src/main.c", "NOTICE.txt"]

/// One scanner for the process over the checkout's index and clause stage.
nonisolated(unsafe) private var scanner = FileScanner(
  index: FuzzSupport.index, clauses: FuzzSupport.clauseAnalysis)

/// A whole file scan, as `licenselens scan` runs it on one file: decode, tokenize, identify,
/// clauses, fingerprints, verdict and (for `README.md`) the card. The first input byte picks
/// the name, the rest is the file. Checks that matches lie on lines of the file, that
/// coverage and scores are numbers JSON can carry, and that a second scan is the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScan(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = FuzzSupport.input(data, size)
  guard let selector = input.first else { return 0 }
  let bytes = Array(input.dropFirst())
  let path = names[Int(selector) % names.count]
  let result = scanner.scan(bytes: bytes, path: path)
  FuzzSupport.check(result.path == path && result.size == bytes.count, "path or size changed")
  for match in result.identification.licenses {
    FuzzSupport.check(
      match.startLine >= 1 && match.startLine <= match.endLine,
      "\(match.license.spdx) on lines \(match.startLine)-\(match.endLine)")
    FuzzSupport.check(
      match.coverage.isFinite && match.coverage >= 0 && match.coverage <= 1
        && match.score.isFinite,
      "\(match.license.spdx): coverage \(match.coverage), score \(match.score)")
  }
  FuzzSupport.check(scanner.scan(bytes: bytes, path: path) == result, "a second scan differs")
  return 0
}
