import ICUBridge

/// Folds text line by line and splits it into words for matching.
///
/// Per line it drops comment markers of common languages (`//`, `#`, `/* */`, leading `*`,
/// `;;`, `--`, `<!-- -->`, `REM`, `%`), list numbering at the start of the line (`1.`, `(a)`,
/// `iv)`, `2.1`), and copyright statements (a line that starts with "Copyright", "(c)" or "©"
/// and names a year or a copyright sign), so that headers in source files, renumbered lists
/// and another holder or year do not change the words. The rest is NFKC case folded (with an
/// ASCII fast path); quotes, dashes, bullets and other punctuation become word breaks, except
/// one `+` right after a letter or digit, which stays in its word (`GPL-2+` is not `GPL-2`);
/// and ``EquivalentWords`` are applied.
///
/// A tokenizer keeps scratch buffers between calls; use one per thread.
public struct Tokenizer {
  private var folded: [UInt8] = Array(repeating: 0, count: 4096)
  private let equivalents: WordHashMap
  private let copyrightHash = TokenHash.hash("copyright")
  private let afterCopyright: [UInt64: UInt64]

  /// Creates a tokenizer.
  public init() {
    var map = WordHashMap()
    for (variant, canonical) in EquivalentWords.words {
      map.insert(TokenHash.hash(variant), TokenHash.hash(canonical))
    }
    equivalents = map
    var after: [UInt64: UInt64] = [:]
    for rule in EquivalentWords.afterWord {
      after[TokenHash.hash(rule.word)] = TokenHash.hash(rule.canonical)
    }
    afterCopyright = after
  }

  /// Splits UTF-8 `text` into folded words with their line numbers.
  public mutating func tokenize(_ text: UnsafeBufferPointer<UInt8>) -> TokenStream {
    var stream = TokenStream()
    stream.hashes.reserveCapacity(text.count / 6)
    stream.lines.reserveCapacity(text.count / 6)
    var lineNumber: UInt32 = 0
    var lineStart = 0
    let count = text.count
    while lineStart < count {
      lineNumber += 1
      let (lineEnd, isASCII) = LineBreaks.lineEnd(text, from: lineStart)
      if isASCII {
        tokenizeASCIILine(text, lineStart, lineEnd, lineNumber, into: &stream)
      } else {
        tokenizeLine(text, lineStart, lineEnd, lineNumber, into: &stream)
      }
      lineStart = LineBreaks.nextLineStart(text, afterLineEnd: lineEnd)
    }
    stream.lineCount = Int(lineNumber)
    return stream
  }

  /// The one punctuation byte a word may hold, once, after a letter or digit (`GPL-2+`,
  /// `C++` gives `c+`), as in ScanCode's tokenizer: version ranges are part of license names.
  static let plus = UInt8(ascii: "+")

  /// Tokenizes a line that is all ASCII in one pass, without copying: ASCII letters are
  /// lowercased, digits kept, one `+` after a letter or digit kept in its word, and every
  /// other byte is a word break, as `ll_fold_line` folds ASCII.
  private func tokenizeASCIILine(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ line: UInt32,
    into stream: inout TokenStream
  ) {
    let contentStart = LinePrefix.contentStart(text, start, end)
    if contentStart >= end || LinePrefix.isCopyrightStatement(text, contentStart, end) { return }
    var previous: UInt64 = 0
    var hash = TokenHash.offsetBasis
    var inWord = false
    var hasPlus = false
    for index in contentStart..<end {
      let byte = text[index]
      let lower = byte | 0x20
      let folded: UInt8
      if lower &- 0x61 < 26 {
        folded = lower
      } else if byte &- 0x30 < 10 {
        folded = byte
      } else if byte == Self.plus && inWord && !hasPlus {
        // "GPL-2+" is not "GPL-2": one `+` after a letter or digit stays in the word.
        folded = byte
        hasPlus = true
      } else {
        if inWord {
          append(hash, line, after: &previous, to: &stream)
          hash = TokenHash.offsetBasis
          inWord = false
          hasPlus = false
        }
        continue
      }
      hash = (hash ^ UInt64(folded)) &* TokenHash.prime
      inWord = true
    }
    if inWord { append(hash, line, after: &previous, to: &stream) }
  }

  /// Appends the word `hash` on `line`, after applying ``EquivalentWords``; `previous` is the
  /// word before it on the line (0 at the start of a line).
  @inline(__always)
  private func append(
    _ hash: UInt64, _ line: UInt32, after previous: inout UInt64, to stream: inout TokenStream
  ) {
    var hash = hash
    if let canonical = equivalents.value(for: hash) { hash = canonical }
    if previous == copyrightHash, let canonical = afterCopyright[hash] { hash = canonical }
    stream.hashes.append(hash)
    stream.lines.append(line)
    previous = hash
  }

  private mutating func tokenizeLine(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ line: UInt32,
    into stream: inout TokenStream
  ) {
    let contentStart = LinePrefix.contentStart(text, start, end)
    if contentStart >= end || LinePrefix.isCopyrightStatement(text, contentStart, end) { return }
    let length = fold(text, contentStart, end)
    folded.withUnsafeBufferPointer { buffer in
      var wordStart = -1
      var previous: UInt64 = 0
      for index in 0...length {
        let isBreak = index == length || buffer[index] == 0x20
        if !isBreak {
          if wordStart < 0 { wordStart = index }
          continue
        }
        guard wordStart >= 0 else { continue }
        let hash = TokenHash.hash(UnsafeBufferPointer(rebasing: buffer[wordStart..<index]))
        append(hash, line, after: &previous, to: &stream)
        wordStart = -1
      }
    }
  }

  /// Folds `text[start..<end]` into `folded` and returns the folded length.
  private mutating func fold(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    let length = end - start
    if folded.count < length * 4 + 16 { folded = Array(repeating: 0, count: length * 4 + 16) }
    while true {
      let needed = folded.withUnsafeMutableBufferPointer { out in
        text.baseAddress!.advanced(by: start).withMemoryRebound(to: CChar.self, capacity: length) {
          input in
          out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) {
            ll_fold_line(input, length, $0, out.count)
          }
        }
      }
      if needed < 0 {
        // ICU refused the line; keep ASCII letters and digits so no text is lost.
        for offset in 0..<length {
          var byte = text[start + offset]
          if byte >= 0x41, byte <= 0x5A { byte += 32 }
          let isWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
          folded[offset] = isWord ? byte : 0x20
        }
        return length
      }
      if Int(needed) <= folded.count { return Int(needed) }
      folded = Array(repeating: 0, count: Int(needed) + 16)
    }
  }
}

/// A small open-addressing map from word hash to word hash.
struct WordHashMap {
  private var keys: [UInt64] = Array(repeating: 0, count: 256)
  private var values: [UInt64] = Array(repeating: 0, count: 256)

  mutating func insert(_ key: UInt64, _ value: UInt64) {
    var slot = Int(truncatingIfNeeded: key) & (keys.count - 1)
    while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
    keys[slot] = key
    values[slot] = value
  }

  @inline(__always)
  func value(for key: UInt64) -> UInt64? {
    var slot = Int(truncatingIfNeeded: key) & (keys.count - 1)
    while true {
      let stored = keys[slot]
      if stored == key { return values[slot] }
      if stored == 0 { return nil }
      slot = (slot + 1) & (keys.count - 1)
    }
  }
}
