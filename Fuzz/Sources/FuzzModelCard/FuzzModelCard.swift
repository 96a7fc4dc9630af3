import FuzzSupport
import LicenseModel

/// The model-card reader: YAML front matter (through Yams) and the prose after it. Checks
/// that a card is read exactly when the text opens with front matter, that the lines it
/// quotes exist, and that reading is deterministic.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelCard(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = String(decoding: FuzzSupport.input(data, size), as: UTF8.self)
  let card = ModelCardReader.read(text, path: "README.md")
  FuzzSupport.check(
    (card != nil) == ModelCardReader.hasFrontMatter(text), "card read without front matter")
  guard let card else { return 0 }
  let lineCount = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).count
  let quoted = (card.links + card.openSourceClaims).map(\.line) + card.fieldLines.values
  for line in quoted {
    FuzzSupport.check(line >= 1 && line <= lineCount, "line \(line) of \(lineCount) quoted")
  }
  for section in card.sections {
    FuzzSupport.check(
      section.line >= 1 && section.line <= lineCount,
      "section at line \(section.line) of \(lineCount)")
  }
  for field in card.fields { _ = card.quote(field) }
  FuzzSupport.check(ModelCardReader.read(text, path: "README.md") == card, "a second read differs")
  return 0
}
