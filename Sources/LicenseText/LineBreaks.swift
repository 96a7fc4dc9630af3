/// The line-break rule of every stage: a line ends at a line feed, at a carriage return, or at
/// a carriage return followed by a line feed (one break), so that line numbers agree between
/// the tokenizer, the tag search and the clause stage whatever the file's line endings.
public enum LineBreaks {
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

/// Turns byte offsets into 1-based line numbers by the ``LineBreaks`` rule. Offsets must be
/// asked in increasing order.
public struct LineCounter {
  /// The text whose lines are counted.
  public let text: UnsafeBufferPointer<UInt8>
  private var lineStart = 0
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
    lineStart = nextStart
    var end = lineStart
    while end < text.count && text[end] != 0x0A && text[end] != 0x0D { end += 1 }
    nextStart = LineBreaks.nextLineStart(text, afterLineEnd: end)
    current += 1
  }
}
