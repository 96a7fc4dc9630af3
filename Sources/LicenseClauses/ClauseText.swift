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
      sentences.append(
        Sentence(
          folded: start..<folded.count, original: piece.range, startLine: piece.startLine,
          endLine: piece.endLine))
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
