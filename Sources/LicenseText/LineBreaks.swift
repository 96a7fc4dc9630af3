/// The line-break rule of every stage: a line ends at a line feed, at a carriage return, or at
/// a carriage return followed by a line feed (one break), so that line numbers agree between
/// the tokenizer, the tag search and the clause stage whatever the file's line endings.
public enum LineBreaks {
  /// Returns the offset of the first line feed or carriage return at or after `start` (or
  /// the end of `text`), and whether the bytes before it are all ASCII. Reads 8 bytes at a
  /// time.
  @inline(__always)
  public static func lineEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (
    end: Int, isASCII: Bool
  ) {
    let count = text.count
    guard start < count, let base = text.baseAddress else { return (start, true) }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    var index = start
    var high: UInt64 = 0
    while index + 8 <= count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      // A byte of `lineFeeds` or `returns` is zero where `word` has that byte; the lowest
      // flagged byte of (x - 0x01...) & ~x & 0x80... is exactly the first zero byte.
      let lineFeeds = word ^ (ones &* 0x0A)
      let returns = word ^ (ones &* 0x0D)
      let breaks = ((lineFeeds &- ones) & ~lineFeeds | (returns &- ones) & ~returns) & highBits
      if breaks != 0 {
        let offset = breaks.trailingZeroBitCount >> 3
        let before = (UInt64(1) << UInt64(offset &* 8)) &- 1
        high |= word & highBits & before
        return (index + offset, high == 0)
      }
      high |= word & highBits
      index += 8
    }
    while index < count {
      let byte = text[index]
      if byte == 0x0A || byte == 0x0D { break }
      high |= UInt64(byte & 0x80)
      index += 1
    }
    return (index, high == 0)
  }

  /// Where the next line starts, given that the current one ends at `end` (the offset of its
  /// line feed or carriage return, or the end of `text`).
  @inline(__always)
  public static func nextLineStart(_ text: UnsafeBufferPointer<UInt8>, afterLineEnd end: Int)
    -> Int
  {
    let count = text.count
    if end < count, text[end] == 0x0D, end + 1 < count, text[end + 1] == 0x0A { return end + 2 }
    return end + 1
  }
}

extension LineBreaks {
  /// The lines of `text` in order, with their 1-based numbers: each line a break ends, then
  /// the last one (empty when `text` ends with a break; an empty `text` is one empty line).
  public static func lines(of text: UnsafeBufferPointer<UInt8>) -> Lines {
    Lines(text: text)
  }

  /// The lines of a text (see ``lines(of:)``).
  public struct Lines: Sequence, IteratorProtocol {
    /// One line: its 1-based number and the byte range of its content, without the break.
    public typealias Element = (number: Int, range: Range<Int>)

    private let text: UnsafeBufferPointer<UInt8>
    private var start = 0
    private var number = 0
    private var isDone = false

    init(text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The next line, or `nil` after the last.
    public mutating func next() -> Element? {
      guard !isDone else { return nil }
      let end = LineBreaks.lineEnd(text, from: start).end
      number += 1
      let line = (number, start..<end)
      if end < text.count {
        start = LineBreaks.nextLineStart(text, afterLineEnd: end)
      } else {
        isDone = true
      }
      return line
    }
  }
}

extension LineBreaks {
  /// Appends to `ranges` the byte range of each line of `text`, in the order of
  /// ``lines(of:)`` (the same ranges), in one pass: the bytes are read 8 at a time and every
  /// break in a word is handled there, rather than a search started afresh for each line.
  public static func appendLineRanges(
    of text: UnsafeBufferPointer<UInt8>, to ranges: inout [Range<Int>]
  ) {
    let count = text.count
    guard let base = text.baseAddress, count > 0 else {
      ranges.append(0..<0)
      return
    }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    var start = 0
    // A break at `position`: ends the line, and the next starts after it (after both bytes of
    // a carriage return and line feed). The line feed of such a pair is skipped, as it lies
    // before the next line's start.
    @inline(__always)
    func lineBreak(at position: Int) {
      guard position >= start else { return }
      let byte = base[position]
      guard byte == 0x0A || byte == 0x0D else { return }
      ranges.append(start..<position)
      start =
        byte == 0x0D && position + 1 < count && base[position + 1] == 0x0A
        ? position + 2 : position + 1
    }
    // Line feeds and carriage returns are below 0x0E: a word without such a byte (nearly
    // every word of a text, tabs aside) is passed over by one test, and in the others every
    // byte below 0x0E is flagged (bytes above one may be flagged wrongly too; `lineBreak`
    // reads the byte).
    let limits = ones &* 0x0E
    var index = 0
    while index + 8 <= count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      var breaks = (word &- limits) & ~word & highBits
      while breaks != 0 {
        lineBreak(at: index + breaks.trailingZeroBitCount >> 3)
        breaks &= breaks &- 1
      }
      index += 8
    }
    while index < count {
      lineBreak(at: index)
      index += 1
    }
    ranges.append(start..<count)
  }
}

/// Turns byte offsets into 1-based line numbers by the ``LineBreaks`` rule. Offsets must be
/// asked in increasing order.
public struct LineCounter {
  /// The text whose lines are counted.
  public let text: UnsafeBufferPointer<UInt8>
  private var nextStart = 0
  private var current = 0

  /// Starts counting at the beginning of `text`.
  public init(text: UnsafeBufferPointer<UInt8>) { self.text = text }

  /// The line that holds the byte at `offset`.
  public mutating func line(at offset: Int) -> Int {
    if current == 0 { advance() }
    while nextStart <= offset && nextStart < text.count { advance() }
    return current
  }

  private mutating func advance() {
    let end = LineBreaks.lineEnd(text, from: nextStart).end
    nextStart = LineBreaks.nextLineStart(text, afterLineEnd: end)
    current += 1
  }
}

extension LineBreaks {
  /// The line-feed and carriage-return bytes of `text`: at least the number of its line
  /// breaks (a carriage return and line feed pair is one break and two bytes), so a text has
  /// at most this many lines plus one. Cheaper than ``appendLineRanges(of:to:)``, which
  /// builds an array.
  public static func breakBytes(in text: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in text where byte == 0x0A || byte == 0x0D { count &+= 1 }
    return count
  }
}
