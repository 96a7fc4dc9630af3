import FuzzSupport
import LicenseText

/// One tokenizer for the process (libFuzzer runs inputs one after another on one thread).
nonisolated(unsafe) private var tokenizer = Tokenizer()

/// Bytes -> decoding -> line splitting and tokenizing, as every scanned file goes. Checks
/// that decoded text is valid UTF-8, that every token's line exists, and that tokenizing the
/// same text twice gives the same stream (the tokenizer reuses scratch buffers).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = FuzzSupport.input(data, size)
  _ = FileDigest.sha256Hex(UnsafeRawBufferPointer(input))
  guard case .success(let text) = TextDecoding.decode(UnsafeRawBufferPointer(input)) else {
    return 0
  }
  text.utf8.withUnsafeBufferPointer { utf8 in
    FuzzSupport.check(
      TextDecoding.isValidUTF8(utf8), "decoded text (\(text.encoding)) is not valid UTF-8")
    var lineCount = 0
    var previousEnd = 0
    for line in LineBreaks.lines(of: utf8) {
      lineCount += 1
      FuzzSupport.check(line.number == lineCount, "line \(line.number) out of order")
      FuzzSupport.check(
        line.range.lowerBound >= previousEnd && line.range.upperBound <= utf8.count,
        "line \(line.number) spans \(line.range) of \(utf8.count) bytes")
      previousEnd = line.range.upperBound
    }
    let stream = tokenizer.tokenize(utf8)
    FuzzSupport.check(stream.hashes.count == stream.lines.count, "a token without a line")
    FuzzSupport.check(stream.lineCount <= lineCount, "\(stream.lineCount) lines of \(lineCount)")
    var previous: UInt32 = 1
    for line in stream.lines {
      FuzzSupport.check(
        line >= previous && Int(line) <= stream.lineCount,
        "token line \(line) after \(previous) of \(stream.lineCount)")
      previous = line
    }
    let again = tokenizer.tokenize(utf8)
    FuzzSupport.check(
      again.hashes == stream.hashes && again.lines == stream.lines,
      "tokenizing the same text twice differs")
  }
  return 0
}
