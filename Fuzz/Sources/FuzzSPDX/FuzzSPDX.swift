import FuzzSupport
import LicenseIndex
import LicenseMatch
import LicenseText
import RegexEngine

private let finder = SPDXTagFinder()
private let expressions = SPDXExpressions(index: FuzzSupport.index)
private let marker = Array("SPDX-License-Identifier: ".utf8)

/// SPDX expressions: the input decoded as a scanned file is (the tag search, like every regex
/// of the scanner, reads valid UTF-8 only) and read as a file (its `SPDX-License-Identifier:`
/// tags) and as the value of one tag, each expression then looked up in the index and
/// respelled. Checks that tags sit on lines of the text and that a kept expression reads back
/// as itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSPDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = FuzzSupport.input(data, size)
  guard case .success(let decoded) = TextDecoding.decode(UnsafeRawBufferPointer(input)) else {
    return 0
  }
  let scratch = MatchScratch()
  for text in [decoded.utf8, marker + decoded.utf8] {
    let lineCount = text.withUnsafeBufferPointer { Array(LineBreaks.lines(of: $0)).count }
    let tags = text.withUnsafeBufferPointer { finder.tags(in: $0, scratch: scratch) }
    for tag in tags {
      FuzzSupport.check(
        tag.line >= 1 && tag.line <= lineCount, "tag on line \(tag.line) of \(lineCount)")
      let again = (marker + Array(tag.expression.utf8)).withUnsafeBufferPointer {
        finder.tags(in: $0, scratch: scratch)
      }
      FuzzSupport.check(
        again.map(\.expression) == [tag.expression],
        "expression `\(tag.expression)` reads back as \(again.map(\.expression))")
      let licenses = expressions.licenses(inSPDX: tag.expression)
      FuzzSupport.check(
        licenses.count == ExpressionKeys.keys(in: tag.expression).count,
        "`\(tag.expression)`: \(licenses.count) licenses")
      _ = expressions.canonical(tag.expression)
    }
  }
  // The same words as a LicenseDB expression (keys joined by operators).
  _ = expressions.spdxExpression(forLicenseDB: String(decoding: decoded.utf8, as: UTF8.self))
  return 0
}
