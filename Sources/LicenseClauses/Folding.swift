import ICUBridge

/// Case folding of sentence text for matching, through the ICU bridge.
enum Folding {
  /// NFKC case folds `bytes` (valid UTF-8), maps typographic quotes, apostrophes and dashes to
  /// their ASCII forms, and collapses whitespace. Appends the result to `output`.
  static func fold(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
    var folded = [UInt8](repeating: 0, count: bytes.count + 16)
    var needed: Int64 = -1
    bytes.withUnsafeBufferPointer { input in
      input.withMemoryRebound(to: CChar.self) { chars in
        needed = folded.withUnsafeMutableBufferPointer { out in
          out.withMemoryRebound(to: CChar.self) {
            ll_casefold_text(chars.baseAddress, chars.count, $0.baseAddress, $0.count)
          }
        }
        if needed > Int64(folded.count) {
          folded = [UInt8](repeating: 0, count: Int(needed))
          needed = folded.withUnsafeMutableBufferPointer { out in
            out.withMemoryRebound(to: CChar.self) {
              ll_casefold_text(chars.baseAddress, chars.count, $0.baseAddress, $0.count)
            }
          }
        }
      }
    }
    if needed < 0 {
      folded = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
      needed = Int64(folded.count)
    }
    normalizePunctuation(folded[0..<Int(needed)], into: &output)
  }

  private static func normalizePunctuation(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
    var index = bytes.startIndex
    var lastWasSpace = output.last == nil || output.last == 0x20 || output.last == 0x0A
    while index < bytes.endIndex {
      var byte = bytes[index]
      var width = 1
      if byte == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80 {
        switch bytes[index + 2] {
        case 0x98, 0x99, 0x9B: byte = UInt8(ascii: "'"); width = 3
        case 0x9C, 0x9D, 0x9F: byte = UInt8(ascii: "\""); width = 3
        case 0x90, 0x91, 0x92, 0x93, 0x94: byte = UInt8(ascii: "-"); width = 3
        default: break
        }
      } else if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 {
        byte = 0x20
        width = 2
      }
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        if !lastWasSpace { output.append(0x20) }
        lastWasSpace = true
      } else {
        output.append(byte)
        lastWasSpace = false
      }
      index += width
    }
    if output.last == 0x20 { output.removeLast() }
  }
}
