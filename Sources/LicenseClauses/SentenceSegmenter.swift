import LicenseText

/// Cuts a document into sentences over its cleaned, whitespace-collapsed lines.
///
/// A sentence ends at `.`, `;`, `!` or `?` followed by a space (closing quotes and brackets
/// included, abbreviations such as `e.g.` or `Inc.` and `!` before a lowercase word excepted), at a colon that ends a line, at a
/// blank line, after a short line in capitals that the next line does not continue (see
/// `Builder.addLine`), before a line that starts a list item, and after at most
/// ``ClauseText/maximumSentenceLength`` bytes.
enum SentenceSegmenter {
  struct Piece {
    var range: Range<Int>
    var startLine: Int
    var endLine: Int
    /// Whether the sentence's first line began with a bullet or list number.
    var startsItem: Bool
    /// Whether the sentence's first line is a Markdown heading.
    var isHeading: Bool
    /// The bullet or number of the line the sentence begins on, when that line starts an item
    /// (the sentence may begin later on it: "5. Restrictions. You must not:").
    var lineMarker: LineCleaner.ItemMarker?
    /// Whether the sentence begins at the start of its line (after its markers).
    var beginsLine: Bool
  }

  struct Result {
    /// Cleaned lines joined with single spaces inside sentences.
    var original: [UInt8]
    var pieces: [Piece]
    var lineCount: Int
  }

  private static let abbreviations: Set<String> = [
    "inc", "ltd", "co", "corp", "no", "nos", "sec", "vs", "cf", "st", "mr", "mrs", "ms", "dr",
    "jr", "sr", "llc", "art", "para", "approx", "fig", "vol", "pp", "seq", "al",
  ]

  /// What ``LineCleaner/clean(_:in:)`` makes of a line of whitespace.
  private static let blankLine = LineCleaner.Cleaned(bytes: [], startsItem: false)

  static func segment(_ bytes: [UInt8]) -> Result {
    var builder = Builder()
    bytes.withUnsafeBufferPointer { buffer in
      var lineStart = 0
      var lineNumber = 1
      var context = LineCleaner.Context()
      while lineStart <= buffer.count {
        if lineStart == buffer.count && lineStart > 0 { break }
        let lineEnd = LineBreaks.lineEnd(buffer, from: lineStart).end
        let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
        var indent = 0
        while indent < line.count, line[indent] == 0x20 || line[indent] == 0x09 { indent += 1 }
        if LineCleaner.isBlank(line, from: indent) {
          // A blank line (most lines of many texts) cleans to nothing: no need to clean it.
          context.advance(past: Self.blankLine, raw: line)
          builder.addLine(Self.blankLine, number: lineNumber)
        } else {
          let cleaned = LineCleaner.clean(line, in: context)
          context.advance(past: cleaned, raw: line)
          builder.addLine(cleaned, number: lineNumber, indent: indent, width: line.count)
        }
        lineStart = LineBreaks.nextLineStart(buffer, afterLineEnd: lineEnd)
        lineNumber += 1
      }
      builder.lineCount = max(1, lineNumber - 1)
    }
    builder.flush(at: builder.original.count)
    return Result(original: builder.original, pieces: builder.pieces, lineCount: builder.lineCount)
  }

  private struct Builder {
    var original: [UInt8] = []
    var pieces: [Piece] = []
    var lineCount = 0
    var sentenceStart = 0
    var sentenceStartLine = 0
    var currentLine = 0
    /// Where each line that is not blank begins in ``original``, and its number.
    var lineStarts: [(offset: Int, line: Int)] = []
    /// Whether the sentence being built began at a line that starts a list item.
    var sentenceStartsItem = false
    /// Whether the sentence being built began at a Markdown heading.
    var sentenceIsHeading = false
    /// The marker of the line the sentence being built began on.
    var sentenceLineMarker: LineCleaner.ItemMarker?
    /// Whether the sentence being built began at the start of its line.
    var sentenceBeginsLine = true
    /// The marker of the line being added.
    var currentLineMarker: LineCleaner.ItemMarker?
    /// Whether the last line that was not blank began with a comment marker.
    var lastLineWasComment = false
    /// Whether every line of the sentence being built so far is in capitals (no lowercase).
    var sentenceInCapitals = false
    /// A break after a short line in capitals, decided by the next line: where the sentence
    /// would end, and whether a next line in capitals continues it instead.
    var pendingBreak: (end: Int, capitalsContinue: Bool)?
    /// The indented lines without bullets after a line that ends with a colon: the intro's
    /// indent, the indent of the block's first line once seen, and whether the last line of
    /// the block ended an item (see ``impliesItem(_:indent:width:)``).
    var plainItems: (introIndent: Int, indent: Int?, lastEnd: PlainItemEnd)?
    /// The piece the first line of a block of ``plainItems`` begins, until a second item
    /// shows that the block is a list rather than an indented paragraph.
    var firstPlainItem: Int?
    /// How the last line of a block of ``plainItems`` ended.
    enum PlainItemEnd { case closed, unpunctuated, open }

    mutating func addLine(_ line: LineCleaner.Cleaned, number: Int, indent: Int = 0, width: Int = 0)
    {
      resolvePendingBreak(before: line)
      guard !line.bytes.isEmpty else {
        // The sentence ends on the line before the blank one.
        flush(at: original.count)
        currentLine = number
        return
      }
      let impliedItem = impliesItem(line, indent: indent, width: width)
      let startsItem = line.startsItem || impliedItem
      // A comment after code starts a sentence ("total += row[3]  // Sum the third column.");
      // lines after a comment may carry on its sentence (a bullet's wrapped lines).
      if startsItem || line.isHeading || (line.beginsWithComment && !lastLineWasComment) {
        flush(at: original.count)
      }
      if impliedItem, let first = firstPlainItem {
        // The second item shows that the block's first line began one too.
        if first < pieces.count { pieces[first].startsItem = true }
        firstPlainItem = nil
      }
      lastLineWasComment = line.beginsWithComment
      currentLine = number
      currentLineMarker = line.marker
      let capitalsBefore = original.count > sentenceStart && sentenceInCapitals
      if original.count > sentenceStart {
        // A word broken at the line end by its hyphen ("non-" / "commercial") stays one word.
        if !continuesHyphenatedWord(line.bytes) { original.append(0x20) }
      } else {
        sentenceStartLine = number
        sentenceStartsItem = startsItem
        sentenceIsHeading = line.isHeading
        sentenceLineMarker = line.marker
        sentenceBeginsLine = true
      }
      let inCapitals = !containsLowercase(line.bytes)
      let lineStart = original.count
      lineStarts.append((lineStart, number))
      original.append(contentsOf: line.bytes)
      scanBoundaries(from: lineStart)
      // Whether the sentence now ending this line began on an earlier line in capitals.
      let continuesCapitals = sentenceStart < lineStart && capitalsBefore
      sentenceInCapitals = inCapitals && (sentenceStart >= lineStart || capitalsBefore)
      if line.bytes.last == UInt8(ascii: ":") {
        flush(at: original.count)
        (plainItems, firstPlainItem) = ((indent, nil, .closed), nil)
      } else if original.count > sentenceStart, isCapitalizedHeading(line.bytes) {
        // A short line in capitals is a heading unless the next line, also in capitals,
        // carries on the same all-caps paragraph ("YOU MAY NOT RENT, LEASE OR" / "LEND THE
        // SOFTWARE."): the line is long, ends in a word no heading ends with, or already
        // continues an all-caps sentence.
        pendingBreak = (
          original.count,
          continuesCapitals || line.bytes.count >= 56 || endsWithJoiningWord(line.bytes)
        )
      }
    }

    /// Whether `line`, indented by `indent` bytes in a raw line `width` bytes long, starts an
    /// item of a list without bullets. After an intro that ends with a colon, the lines
    /// indented deeper than the intro, all at one indent, are its items ("The Sites may not
    /// include:" / "    Gambling content" / "    Adult content"): each line after one that ends with `.`, `;` or `:`, or that ends in a lowercase word without
    /// punctuation, is no line of a filled paragraph (shorter than 60 or longer than 100
    /// bytes) and does not end with a joining word, when this line begins with a capital. A line at the intro's indent or less, a
    /// bullet or a heading ends the block; a line indented otherwise carries on the item. The
    /// block's first line is marked as an item once a second one follows.
    private mutating func impliesItem(_ line: LineCleaner.Cleaned, indent: Int, width: Int)
      -> Bool
    {
      guard let block = plainItems else { return false }
      if line.startsItem || line.isHeading || indent <= block.introIndent {
        (plainItems, firstPlainItem) = (nil, nil)
        return false
      }
      let bytes = line.bytes
      let last = bytes[bytes.count - 1]
      let closes =
        last == UInt8(ascii: ".") || last == UInt8(ascii: ";") || last == UInt8(ascii: ":")
      var lastWord = bytes.count
      while lastWord > 0, bytes[lastWord - 1] != 0x20 { lastWord -= 1 }
      let mayClose =
        !closes && last != UInt8(ascii: ",") && (width < 60 || width > 100)
        && bytes[lastWord] >= 0x61 && bytes[lastWord] <= 0x7A
        && !endsWithJoiningWord(bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
      let end: PlainItemEnd = closes ? .closed : mayClose ? .unpunctuated : .open
      guard let blockIndent = block.indent else {
        plainItems = (block.introIndent, indent, end)
        firstPlainItem = pieces.count
        return false
      }
      guard indent == blockIndent else { return false }
      plainItems = (block.introIndent, blockIndent, end)
      switch block.lastEnd {
      case .closed: return true
      case .unpunctuated: return bytes[0] >= 0x41 && bytes[0] <= 0x5A
      case .open: return false
      }
    }

    /// Whether the sentence being built ends in a letter and a hyphen ("non-") and `line`
    /// begins with a lowercase letter ("commercial use"): the two lines hold one word.
    private func continuesHyphenatedWord(_ line: [UInt8]) -> Bool {
      let count = original.count
      guard count >= 2, original[count - 1] == UInt8(ascii: "-"), let first = line.first,
        first >= 0x61 && first <= 0x7A
      else { return false }
      return isLetter(original[count - 2])
    }

    /// Confirms or cancels the break after a short line in capitals, given the line after it.
    private mutating func resolvePendingBreak(before next: LineCleaner.Cleaned) {
      guard let pending = pendingBreak else { return }
      pendingBreak = nil
      guard pending.end == original.count else { return }
      if !next.bytes.isEmpty, !next.startsItem, !next.isHeading, !containsLowercase(next.bytes),
        capitalCount(next.bytes) >= 2,
        pending.capitalsContinue || startsWithContinuingWord(next.bytes)
      {
        return
      }
      flush(at: pending.end)
    }

    private func containsLowercase(_ line: [UInt8]) -> Bool {
      line.contains { $0 >= 0x61 && $0 <= 0x7A }
    }

    private func capitalCount(_ line: [UInt8]) -> Int {
      var capitals = 0
      for byte in line where byte >= 0x41 && byte <= 0x5A { capitals += 1 }
      return capitals
    }

    /// Words that join a line to the next and so never end a heading ("... LEASE OR").
    private static let joiningWords: Set<String> = [
      "A", "AN", "THE", "AND", "OR", "NOR", "BUT", "OF", "TO", "IN", "ON", "AT", "BY", "FOR",
      "FROM", "WITH", "WITHOUT", "INTO", "ONTO", "UPON", "UNDER", "OVER", "THAN", "AS", "ANY",
      "ALL", "EACH", "NOT", "NO", "MAY", "SHALL", "WILL", "MUST", "CAN", "CANNOT", "IS", "ARE",
      "BE", "BEEN", "WAS", "WERE", "THAT", "WHICH", "WHO", "WHOM", "WHOSE", "THIS", "THESE",
      "THOSE", "YOU", "YOUR", "ITS", "THEIR", "OUR", "SUCH", "INCLUDING", "OTHER", "IF",
      "UNLESS", "EXCEPT", "WHETHER", "EITHER", "NEITHER", "BETWEEN", "DO", "DOES", "HAS",
      "HAVE", "ONLY", "ALSO", "AGREE", "AGREES", "USE", "WHERE", "WHEN", "WHILE", "SO",
    ]

    /// Words that continue the line before and so never start a paragraph ("OF ANY KIND").
    private static let continuingWords: Set<String> = [
      "AND", "OR", "NOR", "OF", "BY", "THAN", "INCLUDING", "WHICH",
    ]

    private func startsWithContinuingWord(_ line: [UInt8]) -> Bool {
      var end = 0
      while end < line.count, line[end] >= 0x41 && line[end] <= 0x5A { end += 1 }
      guard end > 0, end == line.count || !isAlphanumeric(line[end]) else { return false }
      return Self.continuingWords.contains(String(decoding: line[..<end], as: UTF8.self))
    }

    /// Whether the line ends in a joining word or a character that joins it to the next line.
    private func endsWithJoiningWord(_ line: [UInt8]) -> Bool {
      guard let last = line.last else { return false }
      if last == UInt8(ascii: "(") || last == UInt8(ascii: "/") || last == UInt8(ascii: "&") {
        return true
      }
      var start = line.count
      while start > 0, line[start - 1] >= 0x41 && line[start - 1] <= 0x5A { start -= 1 }
      guard start < line.count, start == 0 || line[start - 1] == 0x20 || line[start - 1] == 0x22
      else { return false }
      return Self.joiningWords.contains(String(decoding: line[start...], as: UTF8.self))
    }

    /// A short line in capitals without closing punctuation, such as
    /// `EXAMPLE COMMUNITY LICENSE AGREEMENT`, ends its sentence even without a blank line.
    private func isCapitalizedHeading(_ line: [UInt8]) -> Bool {
      guard line.count <= 100, let last = line.last,
        last != UInt8(ascii: ","), last != UInt8(ascii: "-")
      else { return false }
      var capitals = 0
      for byte in line {
        if byte >= 0x61 && byte <= 0x7A { return false }
        if byte >= 0x41 && byte <= 0x5A { capitals += 1 }
      }
      return capitals >= 3
    }

    mutating func flush(at end: Int) {
      if end > sentenceStart {
        var start = sentenceStart
        var startLine = sentenceStartLine
        var first = true
        for cut in inlineItemCuts(in: sentenceStart..<end) {
          var pieceEnd = cut
          while pieceEnd > start, original[pieceEnd - 1] == 0x20 { pieceEnd -= 1 }
          let cutLine = line(at: cut)
          pieces.append(
            Piece(
              range: start..<pieceEnd, startLine: startLine, endLine: line(at: pieceEnd - 1),
              startsItem: first && sentenceStartsItem, isHeading: first && sentenceIsHeading,
              lineMarker: first ? sentenceLineMarker : nil, beginsLine: first && sentenceBeginsLine
            ))
          (start, startLine, first) = (cut, cutLine, false)
        }
        pieces.append(
          Piece(
            range: start..<end, startLine: startLine, endLine: currentLine,
            startsItem: first && sentenceStartsItem, isHeading: first && sentenceIsHeading,
            lineMarker: first ? sentenceLineMarker : nil, beginsLine: first && sentenceBeginsLine))
      }
      // What follows on this line begins a sentence inside the line.
      sentenceLineMarker = currentLineMarker
      sentenceBeginsLine = false
      sentenceStartsItem = false
      sentenceIsHeading = false
      sentenceInCapitals = false
      pendingBreak = nil
      var next = end
      while next < original.count, original[next] == 0x20 { next += 1 }
      sentenceStart = next
      sentenceStartLine = currentLine
    }

    /// The line that the byte at `offset` of ``original`` stands on.
    private func line(at offset: Int) -> Int {
      var low = 0
      var high = lineStarts.count - 1
      guard high >= 0, lineStarts[0].offset <= offset else { return sentenceStartLine }
      while low < high {
        let middle = (low + high + 1) / 2
        if lineStarts[middle].offset <= offset { low = middle } else { high = middle - 1 }
      }
      return lineStarts[low].line
    }

    /// Where the items after the first of an inline list of prohibitions begin, when the items
    /// are parted by commas ("You may not (i) rent the kit, (ii) sell it, or (iii) host it."):
    /// before each next marker in order ("(ii)", "or (iii)") that follows ", ". A list that
    /// no negation opens ("Licensor grants you the right to (a) use, (b) copy") is not cut.
    private func inlineItemCuts(in range: Range<Int>) -> [Int] {
      let found = original.withUnsafeBufferPointer { bytes in
        ProhibitionList.firstMarker(in: UnsafeBufferPointer(rebasing: bytes[range]))
      }
      guard let first = found.map({ range.lowerBound + $0 }), first > range.lowerBound else {
        return []
      }
      let opened = original[first] == UInt8(ascii: "(")
      let kind = original[opened ? first + 1 : first]
      let lowered = original[range.lowerBound..<first].map {
        $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0
      }
      guard lowered.withUnsafeBufferPointer({ ProhibitionList.forbids($0, before: $0.count) }),
        Self.itemsCompleteTheNegation(lowered)
      else { return [] }
      var cuts: [Int] = []
      var position = first + 3
      for number in 2...26 {
        guard let label = Self.markerLabel(kind: kind, number: number) else { break }
        let marker = (opened ? [UInt8(ascii: "(")] : []) + label + [UInt8(ascii: ")"), 0x20]
        guard let cut = nextItem(marker, from: position, before: range.upperBound) else { break }
        cuts.append(cut)
        position = cut + marker.count
      }
      return cuts
    }

    /// Words that may stand between the last negation and the first marker when the items
    /// are the forbidden acts themselves ("shall not (and shall not allow any third party
    /// to): (a) decompile ...").
    private static let joiningNegation: Set<String> = [
      "to", "and", "or", "attempt", "permit", "allow", "allowed", "permitted", "authorize",
      "authorized", "authorise", "authorised", "cause", "assist", "encourage", "any", "third",
      "party", "parties", "others", "other", "person", "persons", "anyone", "else", "directly",
      "indirectly", "not", "will", "shall", "may", "must", "you", "licensee", "from",
    ]

    /// Whether nothing but ``joiningNegation`` words, punctuation and brackets stands between
    /// the last "not", "cannot", "never" or "from" of the lowercase `intro` and its end: the
    /// items then each complete the negation with their own verb. After "will not use the
    /// service (i) as a factor in ..., (ii) ..." the items lean on the verb of the intro and
    /// stay with it.
    private static func itemsCompleteTheNegation(_ intro: [UInt8]) -> Bool {
      let words = intro.split { !($0 >= 0x61 && $0 <= 0x7A) && $0 != UInt8(ascii: "'") }
        .map { String(decoding: $0, as: UTF8.self) }
      guard
        let last = words.lastIndex(where: {
          $0 == "not" || $0 == "cannot" || $0 == "never" || $0 == "from"
        })
      else { return false }
      return words[(last + 1)...].allSatisfy { joiningNegation.contains($0) }
    }

    private static let romanNumerals = [
      "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ].map { Array($0.utf8) }

    /// The label of item `number` of a list whose first label is `kind` ("a", "i" or "1").
    private static func markerLabel(kind: UInt8, number: Int) -> [UInt8]? {
      switch kind {
      case UInt8(ascii: "a"): return [UInt8(ascii: "a") + UInt8(number - 1)]
      case UInt8(ascii: "i"): return number <= romanNumerals.count ? romanNumerals[number - 1] : nil
      default: return Array(String(number).utf8)
      }
    }

    /// Offset after ", " (and an "and " or "or " after it) where `marker` next stands, before
    /// `end`.
    private func nextItem(_ marker: [UInt8], from start: Int, before end: Int) -> Int? {
      var index = start
      while index + 2 + marker.count <= end {
        if original[index] == UInt8(ascii: ","), original[index + 1] == 0x20 {
          var item = index + 2
          for joiner in [Array("and ".utf8), Array("or ".utf8)] where matches(joiner, at: item) {
            item += joiner.count
            break
          }
          if item + marker.count <= end, matches(marker, at: item) { return index + 2 }
        }
        index += 1
      }
      return nil
    }

    private func matches(_ word: [UInt8], at index: Int) -> Bool {
      guard index + word.count <= original.count else { return false }
      for offset in 0..<word.count where original[index + offset] != word[offset] { return false }
      return true
    }

    private mutating func scanBoundaries(from start: Int) {
      var index = start
      while index < original.count {
        if index - sentenceStart >= ClauseText.maximumSentenceLength {
          flush(at: cutPoint())
          continue
        }
        // Skip to the next sentence punctuation (or the length limit).
        let stop = min(original.count, sentenceStart + ClauseText.maximumSentenceLength)
        index = original.withUnsafeBufferPointer { bytes in
          var next = index
          while next < stop {
            let byte = bytes[next]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!")
              || byte == UInt8(ascii: "?")
            {
              break
            }
            next += 1
          }
          return next
        }
        if index == stop { continue }
        let byte = original[index]
        if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!")
          || byte == UInt8(ascii: "?")
        {
          let end = afterClosers(index + 1)
          if byte == UInt8(ascii: "."), end < original.count, original[end] == 0x20,
            let marker = inlineRomanMarker(endingAt: index)
          {
            // "... binary form, iii. rent or lease ...": the number starts the next item.
            flush(at: marker)
            sentenceStartsItem = true
            index = end
            continue
          }
          if end == original.count || original[end] == 0x20,
            byte != UInt8(ascii: ".") || !isAbbreviation(endingAt: index),
            byte != UInt8(ascii: "!") || !beginsLowercaseWord(at: end + 1)
          {
            flush(at: end)
            index = max(end, sentenceStart)
            continue
          }
        }
        index += 1
      }
    }

    /// Whether a lowercase letter stands at `index`: an exclamation mark before one is part of
    /// a name ("the Acme Free! kit") or an aside, not the end of a sentence.
    private func beginsLowercaseWord(at index: Int) -> Bool {
      index < original.count && original[index] >= 0x61 && original[index] <= 0x7A
    }

    /// Skips closing quotes and brackets after sentence punctuation.
    private func afterClosers(_ start: Int) -> Int {
      var index = start
      while index < original.count {
        let byte = original[index]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ")")
          || byte == UInt8(ascii: "]")
        {
          index += 1
        } else if byte == 0xE2, index + 2 < original.count, original[index + 1] == 0x80,
          original[index + 2] == 0x9D || original[index + 2] == 0x99
        {
          index += 3
        } else {
          break
        }
      }
      return index
    }

    /// Start of an inline item number in lowercase roman numerals that ends with the `.` at
    /// `dot` ("ii", "viii"; at most five letters, at the sentence's start or after ", " or
    /// "; "), or `nil`.
    private func inlineRomanMarker(endingAt dot: Int) -> Int? {
      var start = dot
      while start > sentenceStart, dot - start < 5, Self.isLowerRoman(original[start - 1]) {
        start -= 1
      }
      guard start < dot, start == sentenceStart || original[start - 1] == 0x20 else {
        return nil
      }
      if start == sentenceStart { return start }
      // Inside a sentence, an item number follows the item before it: "..., iii. rent".
      guard start >= 2,
        original[start - 2] == UInt8(ascii: ",") || original[start - 2] == UInt8(ascii: ";")
      else { return nil }
      return start
    }

    private static func isLowerRoman(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: "i") || byte == UInt8(ascii: "v") || byte == UInt8(ascii: "x")
    }

    /// Whether the word that ends with the `.` at `dot` is an abbreviation or an initial.
    private func isAbbreviation(endingAt dot: Int) -> Bool {
      var start = dot
      let floor = max(sentenceStart, dot - 40)
      while start > floor, original[start - 1] != 0x20 { start -= 1 }
      while start < dot, !isAlphanumeric(original[start]) { start += 1 }
      let word = original[start..<dot]
      if word.isEmpty { return false }
      if word.count == 1 { return isLetter(word.first!) }
      if word.contains(UInt8(ascii: ".")) { return true }
      guard word.count <= 6 else { return false }
      return abbreviations.contains(String(decoding: word.map { $0 | 0x20 }, as: UTF8.self))
    }

    /// Where to cut an over-long sentence: the last space in its second half, or else the
    /// last UTF-8 boundary before the limit.
    private func cutPoint() -> Int {
      let limit = sentenceStart + ClauseText.maximumSentenceLength
      var index = limit
      while index > sentenceStart + ClauseText.maximumSentenceLength / 2 {
        if original[index - 1] == 0x20 { return index - 1 }
        index -= 1
      }
      index = limit
      while index > sentenceStart + 1, original[index] & 0xC0 == 0x80 { index -= 1 }
      return index
    }

    private func isLetter(_ byte: UInt8) -> Bool {
      (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
      isLetter(byte) || (byte >= 0x30 && byte <= 0x39)
    }
  }
}
