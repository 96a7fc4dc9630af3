import ICUBridge

/// Case folding of sentence text for matching, through the ICU bridge.
enum Folding {
  /// NFKC case folds `bytes` (valid UTF-8), maps typographic quotes, apostrophes and dashes to
  /// their ASCII forms, and collapses whitespace. Appends the result to `output`.
  ///
  /// ICU writes straight into `output`'s new tail, which is then normalised in place (it never
  /// grows: replacements are shorter than what they replace, and spaces only collapse).
  static func fold(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
    let base = output.count
    let lastWasSpace = base == 0 || output[base - 1] == 0x20 || output[base - 1] == 0x0A
    var capacity = bytes.count + 16
    var needed = casefold(bytes, into: &output, at: base, capacity: capacity)
    if needed > Int64(capacity) {
      output.removeSubrange(base...)
      capacity = Int(needed)
      needed = casefold(bytes, into: &output, at: base, capacity: capacity)
    }
    if needed < 0 || needed > Int64(capacity) {
      output.removeSubrange(base...)
      output.append(contentsOf: bytes.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
      needed = Int64(bytes.count)
    }
    let written = output.withUnsafeMutableBufferPointer { out in
      normalizePunctuation(
        UnsafeMutableBufferPointer(rebasing: out[base..<(base + Int(needed))]),
        lastWasSpace: lastWasSpace)
    }
    output.removeSubrange((base + written)...)
  }

  /// Appends `capacity` bytes to `output` and lets ICU fold `bytes` into them; returns the
  /// folded length (more than `capacity` when it did not fit) or -1 on an ICU error.
  private static func casefold(
    _ bytes: ArraySlice<UInt8>, into output: inout [UInt8], at base: Int, capacity: Int
  ) -> Int64 {
    output.append(contentsOf: repeatElement(0, count: capacity))
    return bytes.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        input.withMemoryRebound(to: CChar.self) { chars in
          UnsafeMutableBufferPointer(rebasing: out[base...]).withMemoryRebound(to: CChar.self) {
            ll_casefold_text(chars.baseAddress, chars.count, $0.baseAddress, $0.count)
          }
        }
      }
    }
  }

  /// Maps typographic quotes, apostrophes and dashes and the no-break space to ASCII and
  /// collapses whitespace, in place; returns the new length.
  private static func normalizePunctuation(
    _ text: UnsafeMutableBufferPointer<UInt8>, lastWasSpace: Bool
  ) -> Int {
    var lastWasSpace = lastWasSpace
    var read = 0
    var write = 0
    let count = text.count
    while read < count {
      var byte = text[read]
      var width = 1
      if byte == 0xE2, read + 2 < count, text[read + 1] == 0x80 {
        switch text[read + 2] {
        case 0x98, 0x99, 0x9B: byte = UInt8(ascii: "'"); width = 3
        case 0x9C, 0x9D, 0x9F: byte = UInt8(ascii: "\""); width = 3
        case 0x90, 0x91, 0x92, 0x93, 0x94: byte = UInt8(ascii: "-"); width = 3
        default: break
        }
      } else if byte == 0xC2, read + 1 < count, text[read + 1] == 0xA0 {
        byte = 0x20
        width = 2
      }
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        if !lastWasSpace {
          text[write] = 0x20
          write += 1
        }
        lastWasSpace = true
      } else {
        text[write] = byte
        write += 1
        lastWasSpace = false
      }
      read += width
    }
    if write > 0 && text[write - 1] == 0x20 { write -= 1 }
    return write
  }
}
