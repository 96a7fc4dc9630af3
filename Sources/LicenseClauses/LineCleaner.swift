#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Cleans one source line for clause matching: drops comment markers, markdown bullets, list
/// numbering, markdown emphasis and HTML tags, and collapses whitespace.
enum LineCleaner {
  /// A cleaned line.
  struct Cleaned {
    /// The line's content, whitespace collapsed, without leading markers.
    var bytes: [UInt8]
    /// Whether the line began with a bullet or list number (it starts a new list item). A
    /// comment marker alone (`//`, `#`, ` * ` inside a block comment) starts no item: the
    /// lines of a comment carry on one another's sentences.
    var startsItem: Bool
    /// Whether the line reads as a Markdown heading: `#` markers, then a short title without
    /// closing punctuation (`## Reporting`), not inside a run of `#` comment lines. A heading
    /// ends any list before it.
    var isHeading: Bool = false
    /// Whether the line began with a `#` marker (a comment line or a Markdown heading).
    var beginsWithHash = false
    /// Whether the line began with a `*` that is a comment marker, not a bullet.
    var beginsWithStarComment = false
    /// Whether the line began with a comment marker (`//`, `#`, ` * ` ...): a sentence does
    /// not run on from code into a comment.
    var beginsWithComment = false
    /// The line's first bullet or list number, when it starts an item.
    var marker: ItemMarker?
  }

  /// Where a list item's bullet or number stands and what kind it is: items of one list share
  /// both, and an item of the same kind at the same or a smaller indent as a list's intro is a
  /// sibling of the intro, not an item of its list.
  struct ItemMarker: Equatable {
    /// Byte offset of the marker in its raw line.
    var indent: Int
    /// The marker's shape, packed: "1." and "2." share it, "(a)", "a.", "iv)", "1.2" and "-"
    /// each have another.
    var kind: UInt32

    /// The marker of a bullet or number whose bytes are `bytes`: its punctuation bytes in
    /// order, the number of its digit or letter runs ("1.2" has two), and the class of its
    /// first run (digits, one letter or roman numerals, in lower or upper case).
    init(indent: Int, bytes: UnsafeBufferPointer<UInt8>) {
      self.indent = indent
      var punctuation: UInt32 = 0
      var runs: UInt32 = 0
      var first: UInt8 = 0
      var firstRunLength = 0
      var firstRunLower = true
      var inRun = false
      for byte in bytes {
        let alphanumeric =
          (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        if alphanumeric {
          if !inRun { runs += 1 }
          if runs == 1 {
            if firstRunLength == 0 { first = byte }
            firstRunLength += 1
            firstRunLower = firstRunLower && byte >= 0x61
          }
        } else if punctuation < 1 << 16 {
          punctuation = punctuation << 8 | UInt32(byte)
        }
        inRun = alphanumeric
      }
      var runClass: UInt32 = 0
      if firstRunLength > 0 {
        if first <= 0x39 {
          runClass = 1
        } else if firstRunLength == 1, !"ivxIVX".utf8.contains(first) {
          // A lone i, v or x counts as a roman numeral: "(i)" under "(a)" is its first item.
          runClass = firstRunLower ? 2 : 3
        } else {
          runClass = firstRunLower ? 4 : 5
        }
      }
      kind = punctuation | min(runs, 15) << 24 | runClass << 28
    }
  }

  /// What the lines before tell about the next one.
  struct Context {
    /// Whether a `/*` block comment is open (its ` * ` lines are comment, not bullets).
    var inBlockComment = false
    /// Whether the line before began with a `*` comment marker: a run of ` * ` lines is a
    /// comment even when its `/*` line is not in the text.
    var afterStarComment = false
    /// Whether the line before began with `#` without being a heading: the next `#` line is
    /// a comment line too, never a heading.
    var afterHashComment = false

    /// The context after `line`, whose raw bytes were `raw`.
    mutating func advance(past line: Cleaned, raw: UnsafeBufferPointer<UInt8>) {
      afterHashComment = line.beginsWithHash && !line.isHeading
      afterStarComment = line.beginsWithStarComment
      if let change = LineCleaner.blockCommentChange(raw) { inBlockComment = change }
    }
  }

  static func clean(_ line: UnsafeBufferPointer<UInt8>, in context: Context = Context()) -> Cleaned
  {
    var index = 0
    var startsItem = false
    index = skipSpace(line, index)
    let hashes = index < line.count && line[index] == UInt8(ascii: "#")
    // A single '*' is a comment marker inside a block comment, after a line that began with
    // one, or indented by exactly one space (" * text", as block comments align it).
    let starComment =
      index < line.count && line[index] == UInt8(ascii: "*")
      && (context.inBlockComment || context.afterStarComment || index == 1)
    var progressed = true
    var first = true
    var marker: ItemMarker?
    var comment = false
    while progressed {
      progressed = false
      let afterMarker = skipMarker(line, index)
      if afterMarker != index {
        if isCommentMarker(line, index..<afterMarker, starComment: first && starComment) {
          if first { comment = true }
        } else {
          startsItem = true
          if marker == nil {
            marker = ItemMarker(
              indent: index, bytes: UnsafeBufferPointer(rebasing: line[index..<afterMarker]))
          }
        }
        index = skipSpace(line, afterMarker)
        progressed = true
      }
      let afterNumber = skipListNumber(line, index)
      if afterNumber != index {
        startsItem = true
        if marker == nil {
          marker = ItemMarker(
            indent: index, bytes: UnsafeBufferPointer(rebasing: line[index..<afterNumber]))
        }
        index = skipSpace(line, afterNumber)
        progressed = true
      }
      first = false
    }
    var bytes = collapse(line, from: index)
    if bytes.count >= 2, bytes[bytes.count - 1] == UInt8(ascii: "/"),
      bytes[bytes.count - 2] == UInt8(ascii: "*")
    {
      bytes.removeLast(2)
      while bytes.last == 0x20 { bytes.removeLast() }
    }
    let heading =
      hashes && !context.afterHashComment && !bytes.isEmpty && bytes.count <= 80
      && !".;:,".utf8.contains(bytes[bytes.count - 1])
    return Cleaned(
      bytes: bytes, startsItem: startsItem, isHeading: heading, beginsWithHash: hashes,
      beginsWithStarComment: starComment, beginsWithComment: comment, marker: marker)
  }

  /// Whether the marker run `marker` of `line` is a comment marker rather than a bullet: `//`,
  /// `#`, `;`, `%`, `!`, `>`, `/*`, two or more dashes (`--`) or stars (`**`), and a single `*`
  /// when `starComment`.
  private static func isCommentMarker(
    _ line: UnsafeBufferPointer<UInt8>, _ marker: Range<Int>, starComment: Bool
  ) -> Bool {
    var end = marker.upperBound
    while end > marker.lowerBound, isSpace(line[end - 1]) { end -= 1 }
    let length = end - marker.lowerBound
    switch line[marker.lowerBound] {
    case UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: ";"), UInt8(ascii: "%"),
      UInt8(ascii: "!"), UInt8(ascii: ">"):
      return true
    case UInt8(ascii: "-"):
      return length >= 2
    case UInt8(ascii: "*"):
      return starComment || length >= 2
    default:
      return false
    }
  }

  /// Whether a raw line opens (`true`) or closes (`false`) a `/*` block comment, by the last
  /// `/*` or `*/` in it; `nil` when it has neither. Only a `/*` at the start of the line (after
  /// spaces) opens one, so that a path such as `src/*` in prose does not.
  static func blockCommentChange(_ line: UnsafeBufferPointer<UInt8>) -> Bool? {
    // Most lines hold no '*' at all: one memchr settles them.
    guard let base = line.baseAddress, memchr(base, Int32(UInt8(ascii: "*")), line.count) != nil
    else { return nil }
    var change: Bool?
    let first = skipSpace(line, 0)
    var index = first
    while index + 1 < line.count {
      if line[index] == UInt8(ascii: "/"), line[index + 1] == UInt8(ascii: "*"), index == first {
        change = true
        index += 2
      } else if line[index] == UInt8(ascii: "*"), line[index + 1] == UInt8(ascii: "/") {
        change = false
        index += 2
      } else {
        index += 1
      }
    }
    return change
  }

  /// Whether `line[start...]` is all whitespace: what ``clean(_:in:)`` makes an empty line of.
  static func isBlank(_ line: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Bool {
    skipSpace(line, start) == line.count
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
  }

  private static func skipSpace(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    var index = start
    while index < line.count, isSpace(line[index]) { index += 1 }
    return index
  }

  /// Skips one comment marker or bullet that is followed by a space or ends the line.
  private static func skipMarker(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    guard start < line.count else { return start }
    var index = start
    switch line[index] {
    case UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: "*"), UInt8(ascii: ";"),
      UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "!"), UInt8(ascii: "."):
      let marker = line[index]
      while index < line.count, line[index] == marker || line[index] == UInt8(ascii: "*") {
        index += 1
      }
    case UInt8(ascii: "o"):
      // The letter "o" that word processors' plain-text export puts for a round bullet:
      // "o  Make copies of this Program ..."; a capital letter must follow.
      var next = index + 1
      while next < line.count, isSpace(line[next]) { next += 1 }
      guard next > index + 1, next < line.count, line[next] >= 0x41 && line[next] <= 0x5A
      else { return start }
      return next
    default:
      let length = bulletLength(line, start)
      guard length > 0 else { return start }
      index += length
    }
    if index == line.count || isSpace(line[index]) { return index }
    // "**Bold**" at the start of a line is emphasis, not a bullet: leave it to `collapse`.
    return start
  }

  /// Length in bytes of a non-ASCII bullet at `start`, or 0: the bullets and dashes word
  /// processors and converters put before list items (U+2022 •, U+2023 ‣, U+00B7 ·, U+2013 –,
  /// U+2014 —, U+2043 ⁃, U+2219 ∙, U+25AA ▪, U+25CF ●, U+25E6 ◦, U+25A0 ■, U+25CB ○, U+25C6 ◆,
  /// U+25B8 ▸, U+25BA ►, U+27A2 ➢, U+27A4 ➤) and private-use characters, which symbol fonts use
  /// for bullets (U+F0B7 and the like, and planes 15 and 16).
  private static func bulletLength(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    let remaining = line.count - start
    guard remaining >= 2 else { return 0 }
    let lead = line[start]
    let second = line[start + 1]
    switch lead {
    case 0xC2 where second == 0xB7:
      return 2
    case 0xE2 where remaining >= 3:
      let third = line[start + 2]
      switch (second, third) {
      case (0x80, 0xA2), (0x80, 0xA3), (0x80, 0x93), (0x80, 0x94), (0x81, 0x83), (0x88, 0x99),
        (0x96, 0xAA), (0x96, 0xA0), (0x96, 0xB8), (0x96, 0xBA), (0x97, 0x8F), (0x97, 0xA6),
        (0x97, 0x8B), (0x97, 0x86), (0x9E, 0xA2), (0x9E, 0xA4):
        return 3
      default:
        return 0
      }
    case 0xEE where remaining >= 3:
      return 3  // U+E000-U+EFFF, private use
    case 0xEF where remaining >= 3 && second >= 0x80 && second <= 0xA3:
      return 3  // U+F000-U+F8FF, private use
    case 0xF3 where remaining >= 4 && second >= 0xB0, 0xF4 where remaining >= 4 && second <= 0x8F:
      return 4  // planes 15 and 16, private use
    default:
      return 0
    }
  }

  /// Skips a list marker such as `1.`, `2.1`, `3.2.`, `(a)`, `b)`, `iv.` followed by a space.
  private static func skipListNumber(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    var index = start
    let opened = index < line.count && line[index] == UInt8(ascii: "(")
    if opened { index += 1 }
    let bodyStart = index
    var digits = 0
    var dots = 0
    while index < line.count {
      let byte = line[index]
      if byte >= 0x30 && byte <= 0x39 {
        digits += 1
      } else if byte == UInt8(ascii: "."), digits > 0, index + 1 < line.count,
        line[index + 1] >= 0x30 && line[index + 1] <= 0x39
      {
        dots += 1
      } else {
        break
      }
      index += 1
    }
    if digits == 0 {
      while index < line.count, index - bodyStart < 5, isLowerOrUpperLetter(line[index]) {
        index += 1
      }
      let letters = index - bodyStart
      guard letters == 1 || (letters > 1 && isRoman(line, bodyStart, index)) else { return start }
    } else if digits > 4 {
      return start
    }
    guard index < line.count else { return start }
    let closer = line[index]
    if opened {
      guard closer == UInt8(ascii: ")") else { return start }
      index += 1
    } else if closer == UInt8(ascii: ".") || closer == UInt8(ascii: ")") {
      index += 1
    } else if !(digits > 0 && dots > 0) {
      return start  // "1.1 Title" needs no closer; "7 days" is not a list number
    }
    guard index == line.count || isSpace(line[index]) else { return start }
    return index
  }

  private static func isLowerOrUpperLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
  }

  private static func isRoman(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    for index in start..<end {
      switch line[index] | 0x20 {
      case UInt8(ascii: "i"), UInt8(ascii: "v"), UInt8(ascii: "x"): continue
      default: return false
      }
    }
    return true
  }

  /// Copies `line[start...]` collapsing whitespace runs to one space, dropping `**`, `__` and
  /// HTML tags, and trimming trailing space.
  private static func collapse(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> [UInt8] {
    // With capacity 0 the initializer writes the count into the shared empty-array storage,
    // from every thread at once (the thread sanitizer reports it as a data race).
    guard start < line.count else { return [] }
    return [UInt8](unsafeUninitializedCapacity: line.count - start) { out, count in
      var written = 0
      var index = start
      var pendingSpace = false
      while index < line.count {
        let byte = line[index]
        if isSpace(byte) {
          pendingSpace = written > 0
          index += 1
          continue
        }
        if (byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")) && index + 1 < line.count
          && line[index + 1] == byte
        {
          index += 2
          continue
        }
        if byte == UInt8(ascii: "<"), let end = htmlTagEnd(line, index) {
          index = end
          continue
        }
        if pendingSpace {
          out[written] = 0x20
          written += 1
          pendingSpace = false
        }
        out[written] = byte
        written += 1
        index += 1
      }
      count = written
    }
  }

  /// Returns the offset after `>` when `line[start...]` is an HTML tag such as `<span a="b">`
  /// or `</span>`.
  private static func htmlTagEnd(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
    var index = start + 1
    if index < line.count, line[index] == UInt8(ascii: "/") { index += 1 }
    guard index < line.count, isLowerOrUpperLetter(line[index]) else { return nil }
    let limit = min(line.count, start + 300)
    while index < limit {
      if line[index] == UInt8(ascii: ">") { return index + 1 }
      if line[index] == UInt8(ascii: "<") { return nil }
      index += 1
    }
    return nil
  }
}
