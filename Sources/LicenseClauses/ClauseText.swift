import LicenseText

/// A document prepared for clause matching: cleaned lines, cut into sentences, each sentence
/// case folded. The folded text holds the sentences separated by `\n`, so a pattern that does
/// not match `\n` never spans two sentences. Every sentence keeps its original lines and text.
public struct ClauseText: Sendable {
  /// One sentence of the document.
  public struct Sentence: Sendable, Hashable {
    /// Byte range of the folded sentence in ``ClauseText/folded`` (without the `\n`).
    public var folded: Range<Int>
    /// Byte range of the original sentence in the collapsed original text.
    var original: Range<Int>
    /// First line (1-based) of the sentence.
    public var startLine: Int
    /// Last line (1-based) of the sentence.
    public var endLine: Int
    /// Whether the sentence begins a list item (its line started with a bullet or number).
    public var startsItem: Bool
    /// Whether the sentence is a Markdown heading (`## Reporting`).
    public var isHeading: Bool
    /// The sentence's last byte that is not a space, in the original text (`0` when none).
    public var lastCharacter: UInt8

    /// Whether the sentence closes a statement (ends with `.`, `!` or `?`) rather than
    /// running on into a list (`:`, `;`, `,`, a conjunction or no punctuation).
    public var isClosed: Bool {
      lastCharacter == UInt8(ascii: ".") || lastCharacter == UInt8(ascii: "!")
        || lastCharacter == UInt8(ascii: "?")
    }
  }

  /// Longest sentence in bytes; longer runs are cut at a space (or anywhere) before this.
  public static let maximumSentenceLength = 4096

  /// The folded sentences, each followed by `\n`.
  public let folded: [UInt8]
  /// The sentences in document order.
  public let sentences: [Sentence]
  /// Number of lines in the original document.
  public let lineCount: Int
  private let original: [UInt8]

  /// Prepares `text` for matching.
  public init(_ text: String) {
    var text = text
    self.init(validUTF8: text.withUTF8 { Array($0) })
  }

  /// Prepares UTF-8 `bytes` for matching; ill-formed sequences are replaced with U+FFFD.
  public init(utf8 bytes: [UInt8]) {
    let valid = bytes.withUnsafeBufferPointer { TextDecoding.isValidUTF8($0) }
    if valid {
      self.init(validUTF8: bytes)
    } else {
      self.init(validUTF8: Array(String(decoding: bytes, as: UTF8.self).utf8))
    }
  }

  private init(validUTF8 bytes: [UInt8]) {
    let segmented = SentenceSegmenter.segment(bytes)
    var folded: [UInt8] = []
    folded.reserveCapacity(segmented.original.count + segmented.pieces.count)
    var sentences: [Sentence] = []
    sentences.reserveCapacity(segmented.pieces.count)
    for piece in segmented.pieces {
      let start = folded.count
      Folding.fold(segmented.original[piece.range], into: &folded)
      if folded.count == start { continue }
      let last =
        segmented.original[piece.range].last { $0 != 0x20 && $0 != 0x22 && $0 != 0x29 } ?? 0
      sentences.append(
        Sentence(
          folded: start..<folded.count, original: piece.range, startLine: piece.startLine,
          endLine: piece.endLine, startsItem: piece.startsItem, isHeading: piece.isHeading,
          lastCharacter: last))
      folded.append(0x0A)
    }
    if folded.isEmpty { folded.append(0x0A) }
    self.folded = folded
    self.sentences = sentences
    self.original = segmented.original
    self.lineCount = segmented.lineCount
  }

  /// The original text of `sentence`, whitespace collapsed.
  public func originalText(of sentence: Sentence) -> String {
    String(decoding: original[sentence.original], as: UTF8.self)
  }

  /// The folded text of `sentence`.
  public func foldedText(of sentence: Sentence) -> String {
    String(decoding: folded[sentence.folded], as: UTF8.self)
  }

  /// Longest list a ``listScope(after:)`` reaches, in sentences.
  public static let maximumListLength = 80

  /// The sentences of the list that sentence `intro` opens: the sentences after it while
  /// each either begins a list item or follows one that did not close its statement (ended
  /// with `;`, `:`, `,`, or no punctuation, as list items and their headings do), up to a
  /// Markdown heading. Empty when `intro` does not end with a colon.
  public func listScope(after intro: Int) -> Range<Int> {
    let start = intro + 1
    guard sentences.indices.contains(intro), sentences[intro].lastCharacter == UInt8(ascii: ":")
    else { return start..<start }
    var end = start
    var open = true
    while end < sentences.count, end - start < Self.maximumListLength,
      !sentences[end].isHeading, open || sentences[end].startsItem
    {
      open = !sentences[end].isClosed
      end += 1
    }
    return start..<end
  }

  /// Index of the sentence that contains folded offset `offset` (or the last one before it).
  public func sentenceIndex(containing offset: Int) -> Int? {
    guard !sentences.isEmpty else { return nil }
    var low = 0
    var high = sentences.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if sentences[middle].folded.lowerBound <= offset { low = middle } else { high = middle - 1 }
    }
    return sentences[low].folded.lowerBound <= offset ? low : nil
  }
}
