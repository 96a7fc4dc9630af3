import FuzzSupport
import LicenseIndex
import LicenseMatch
import LicenseScan

/// The undamaged index bytes of ``SyntheticCorpus``.
private let original = IndexBuilder(database: SyntheticCorpus.database, corpusStamp: "fuzz")
  .build().bytes

/// A file of this process for the damaged copies.
private let path = FuzzSupport.temporaryFolder("licenselens-fuzz-index") + "/licenselens.index"

/// What an index answers for the probe texts.
private func answers(_ index: LicenseIndex) -> [IdentificationResult] {
  var scanner = FileScanner(index: index)
  return SyntheticCorpus.probes.map {
    scanner.scan(bytes: Array($0.utf8), path: "probe").identification
  }
}

/// The answers of the undamaged index.
private let expected: [IdentificationResult] = {
  write(original)
  do {
    return answers(try LicenseIndex(path: path))
  } catch {
    FuzzSupport.fail("the undamaged index is refused: \(error)")
  }
}()

private func write(_ bytes: [UInt8]) {
  bytes.withUnsafeBytes { FuzzSupport.writeFile(path, $0) }
}

/// The index loader on damaged files: the input is an edit script applied to the compiled
/// index of a small synthetic corpus. Byte 0 holds flags (bit 0: cut the file at the length
/// in bytes 1-4; bit 1: the edits aim at the header and section table, the first 1 KiB;
/// bit 2: append the rest of the input instead of editing), then 5-byte edits (a
/// little-endian offset and a byte XORed into the file there). A damaged index must be
/// refused with an ``IndexError``; one that loads must give the undamaged index's answers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = Array(FuzzSupport.input(data, size))
  _ = expected
  var bytes = original
  let flags = input.first ?? 0
  var position = 1
  func word() -> Int {
    var value = 0
    for shift in 0..<4 where position < input.count {
      value |= Int(input[position]) << (8 * shift)
      position += 1
    }
    return value
  }
  if flags & 1 != 0 { bytes.removeLast(bytes.count - word() % (bytes.count + 1)) }
  if flags & 4 != 0 {
    bytes += input[min(position, input.count)...]
  } else {
    let span = flags & 2 != 0 ? min(1024, bytes.count) : bytes.count
    while position + 5 <= input.count, span > 0 {
      let offset = word() % span
      bytes[offset] ^= input[position]
      position += 1
    }
  }
  write(bytes)
  let index: LicenseIndex
  do {
    index = try LicenseIndex(path: path)
  } catch is IndexError {
    return 0
  } catch {
    FuzzSupport.fail("refused with an error that is not an IndexError: \(error)")
  }
  FuzzSupport.check(
    answers(index) == expected,
    "a damaged index (\(bytes == original ? "same bytes" : "bytes changed")) was accepted and "
      + "answers differently")
  return 0
}
