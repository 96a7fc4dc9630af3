/// Decisions about the start of a line: where its content begins once comment markers and
/// list numbering are skipped, and whether it is a copyright statement.
enum LinePrefix {
  /// Returns the offset of the first byte of content in `text[start..<end]`, after leading
  /// space, comment markers (`//`, `#`, `/*`, `*`, `;`, `--`, `<!--`, `%`, `!`, `REM `,
  /// `dnl `), bullets and list numbering.
  static func contentStart(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    var index = skipMarkers(text, start, end)
    if hasWord(text, index, end, "rem") || hasWord(text, index, end, "dnl") {
      index = skipMarkers(text, index + 3, end)
    }
    return skipListNumber(text, index, end)
  }

  private static func skipMarkers(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int
  {
    var index = start
    while index < end {
      let byte = text[index]
      if byte < 0x40 ? (markerBytes >> UInt64(byte)) & 1 != 0 : byte == 0x7C {  // |
        index += 1
      } else if byte == 0xE2, index + 2 < end, text[index + 1] == 0x80, text[index + 2] == 0xA2 {
        index += 3  // bullet U+2022
      } else {
        return index
      }
    }
    return index
  }

  /// The marker bytes below 0x40 as a bit set: space, tab, form feed, vertical tab and
  /// `/ # * ; - % ! < > " ' + =` (`|` is tested on its own).
  private static let markerBytes: UInt64 = 0x7800_ACAF_0000_1A00

  /// Whether `text[index...]` starts with the ASCII word `word` (any case) followed by a space.
  private static func hasWord(
    _ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, _ word: StaticString
  ) -> Bool {
    let length = word.utf8CodeUnitCount
    guard index + length < end else { return false }
    let pointer = word.utf8Start
    for offset in 0..<length where text[index + offset] | 0x20 != pointer[offset] { return false }
    let next = text[index + length]
    return next == 0x20 || next == 0x09
  }

  /// Skips one list marker such as `1.`, `2.1`, `(a)`, `b)`, `iv.` or `(12)` when it is
  /// followed by a space.
  private static func skipListNumber(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int
  {
    var index = start
    let opened = index < end && text[index] == 0x28  // (
    if opened { index += 1 }
    let markerStart = index
    var digits = 0
    var letters = 0
    var onlyRomanLetters = true
    while index < end {
      let byte = text[index]
      let lower = byte | 0x20
      if byte >= 0x30 && byte <= 0x39 {
        digits += 1
      } else if lower >= 0x61 && lower <= 0x7A {
        letters += 1
        if (romanLetters >> UInt32(lower - 0x61)) & 1 == 0 { onlyRomanLetters = false }
      } else if byte == 0x2E, digits > 0, letters == 0, index + 1 < end,
        text[index + 1] >= 0x30 && text[index + 1] <= 0x39
      {
        // a dotted section number such as 2.1
      } else {
        break
      }
      // Stop as soon as the marker can no longer be a number, a letter or a roman numeral
      // (the counts only grow).
      if digits > 6 || letters > 5 || (digits > 0 && letters > 0)
        || (letters > 1 && !onlyRomanLetters)
      {
        return start
      }
      index += 1
    }
    let markerLength = index - markerStart
    guard markerLength > 0, index < end else { return start }
    let isNumber = digits > 0 && letters == 0 && digits <= 6
    let isLetter = letters == 1 && digits == 0
    let isRoman = letters > 1 && digits == 0 && letters <= 5 && onlyRomanLetters
    guard isNumber || isLetter || isRoman else { return start }
    let closer = text[index]
    let closed = closer == 0x29 || (closer == 0x2E && !opened)  // ) or .
    let dottedNumber = isNumber && (markerStart..<index).contains { text[$0] == 0x2E }
    if closed {
      index += 1
    } else if !(dottedNumber && !opened) {
      return start
    }
    guard index < end, text[index] == 0x20 || text[index] == 0x09 else {
      return index >= end && closed ? index : start
    }
    return skipMarkers(text, index, end)
  }

  /// The letters of roman numerals (`c i l v x`) as bits counted from `a`.
  private static let romanLetters: UInt32 = 0xA0_0904

  /// Whether the content `text[start..<end]` is a copyright statement: it starts with
  /// "copyright", "(c)" or "©" and the line names a year, a copyright sign or a year
  /// placeholder.
  static func isCopyrightStatement(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    var index = start
    if startsWith(text, index, end, "copyright") {
      index += 9
    } else if startsWith(text, index, end, "(c)") {
      index += 3
    } else if index + 1 < end, text[index] == 0xC2, text[index + 1] == 0xA9 {
      index += 2
    } else {
      return false
    }
    if index < end, text[index] == 0x73 || text[index] == 0x53 { return false }  // "copyrights"
    var run = 0
    var position = index
    while position < end {
      let byte = text[position]
      if byte >= 0x30 && byte <= 0x39 {
        run += 1
        if run == 4 {
          let century = (text[position - 3], text[position - 2])
          if century == (0x31, 0x39) || century == (0x32, 0x30) { return true }
        }
      } else {
        run = 0
        if byte == 0xC2, position + 1 < end, text[position + 1] == 0xA9 { return true }
        if startsWith(text, position, end, "(c)") || startsWith(text, position, end, "year")
          || startsWith(text, position, end, "yyyy")
        {
          return true
        }
      }
      position += 1
    }
    return false
  }

  private static func startsWith(
    _ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, _ word: StaticString
  ) -> Bool {
    let length = word.utf8CodeUnitCount
    guard index + length <= end else { return false }
    let pointer = word.utf8Start
    for offset in 0..<length where text[index + offset] | 0x20 != pointer[offset] {
      // `| 0x20` folds ASCII letters; "(c)" compares "(" and ")" unchanged since they
      // already have bit 5 set.
      return false
    }
    return true
  }
}
