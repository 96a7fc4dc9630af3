import LicenseText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    /// Bytes just before ``folded`` that carry the prohibition (or duty) of the list the
    /// sentence is an item of (``ClauseText/inheritedProhibition``,
    /// ``ClauseText/inheritedDuty``), `0` for a sentence that is not such an item. Clause patterns read the item both alone and with them (``matched``).
    public var context: Int = 0

    /// ``folded`` with the prohibition the sentence inherits in front of it.
    public var matched: Range<Int> { (folded.lowerBound - context)..<folded.upperBound }

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
    var list = ProhibitionList()
    for piece in segmented.pieces {
      let pieceBytes = segmented.original[piece.range]
      let isItem = list.continues(
        with: pieceBytes, startsItem: piece.startsItem, isHeading: piece.isHeading,
        marker: piece.beginsLine ? piece.lineMarker : nil)
      let contextStart = folded.count
      if isItem { folded += list.context }
      let start = folded.count
      Folding.fold(pieceBytes, into: &folded)
      if folded.count == start {
        folded.removeSubrange(contextStart..<start)
        continue
      }
      let last = pieceBytes.last { $0 != 0x20 && $0 != 0x22 && $0 != 0x29 } ?? 0
      sentences.append(
        Sentence(
          folded: start..<folded.count, original: piece.range, startLine: piece.startLine,
          endLine: piece.endLine, startsItem: piece.startsItem, isHeading: piece.isHeading,
          lastCharacter: last, context: start - contextStart))
      list.close(item: sentences[sentences.count - 1], isItem: isItem)
      folded.withUnsafeBufferPointer { buffer in
        list.open(
          after: UnsafeBufferPointer(rebasing: buffer[start..<folded.count]), last: last,
          lineMarker: piece.lineMarker)
      }
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

  /// Whether sentence `intro` opens a list: it ends with a colon; or the next sentence begins
  /// a list item and `intro` does not close a statement ("Prohibited Uses", "You shall not use
  /// the service to", "... in the following ways —"), or closes one that speaks of "the
  /// following" ("... for any of the following purposes."); or it ends with `;` or `,` after
  /// the marker of a first item ("You must not: (a) ...;") and the next sentence begins with
  /// a marker ("(b) ...").
  public func opensList(_ intro: Int) -> Bool {
    guard sentences.indices.contains(intro) else { return false }
    let sentence = sentences[intro]
    let last = sentence.lastCharacter
    if last == UInt8(ascii: ":") { return true }
    let next = intro + 1
    guard next < sentences.count, !sentences[next].isHeading else { return false }
    let semicolonOrComma = last == UInt8(ascii: ";") || last == UInt8(ascii: ",")
    if sentences[next].startsItem {
      if last == UInt8(ascii: ".") {
        return folded.withUnsafeBufferPointer {
          LiteralSearch.contains(
            UnsafeBufferPointer(rebasing: $0[sentence.folded]), Array("following".utf8))
        }
      }
      if last != UInt8(ascii: "!") && last != UInt8(ascii: "?") && !semicolonOrComma {
        return true
      }
    }
    guard semicolonOrComma, ProhibitionList.beginsWithMarker(original[sentences[next].original])
    else { return false }
    return folded.withUnsafeBufferPointer {
      ProhibitionList.firstMarker(in: UnsafeBufferPointer(rebasing: $0[sentence.folded])) != nil
    }
  }

  /// The sentences of the list that sentence `intro` opens (``opensList(_:)``): the sentences
  /// after it while each either begins a list item or follows one that did not close its
  /// statement (ended with `;`, `:`, `,`, or no punctuation, as list items and their headings
  /// do), up to a Markdown heading. Empty when `intro` opens no list.
  public func listScope(after intro: Int) -> Range<Int> {
    let start = intro + 1
    guard opensList(intro) else { return start..<start }
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

extension ClauseText {
  /// What an item of a list of prohibitions is read with besides itself: the negation of the
  /// sentence that opens the list ("Licensee shall not: ... (ii) sell the Software;" reads
  /// the item as "you may not (ii) sell the Software;"), so that a clause stated as a
  /// prohibited act in a list item is found as it is in a sentence of its own.
  static let inheritedProhibition: [UInt8] = Array("you may not ".utf8)
  /// What an item of a list of duties ("You agree to: ... (b) keep records ...;") is read with.
  static let inheritedDuty: [UInt8] = Array("you must ".utf8)
}

/// Follows, sentence by sentence, whether the sentence being read is an item of a list of
/// prohibitions: the items after an intro that ends with a colon and forbids ("You may not:",
/// "Licensee shall not, directly or indirectly:"), as far as ``ClauseText/listScope(after:)``
/// reaches, or the sentences after one that forbids and opens an enumeration inline
/// ("You agree not to: (i) ...;") while each begins with the next marker ("(ii) ...;").
/// An intro whose negation is lifted again ("except as follows:", "unless:") or does not
/// forbid ("shall not limit your right to:", "including but not limited to:") opens nothing.
struct ProhibitionList {
  private enum Mode { case none, lines, inline }
  /// The words the items of the open list are read with: a prohibition, or a duty for a list
  /// opened by "You agree to:" or "Licensee shall:".
  private(set) var context = ClauseText.inheritedProhibition
  private var mode = Mode.none
  private var open = false
  private var length = 0
  /// The bullet or number of the line the intro stands on ("5. ... must not be used by
  /// anyone who:"), if any.
  private var introMarker: LineCleaner.ItemMarker?

  /// Whether the next sentence (its original bytes) is an item of the open list. `marker` is
  /// the bullet or number it begins with at the start of a line, if any: one of the same kind
  /// as the intro's, not indented deeper, is the intro's next sibling and closes the list.
  mutating func continues(
    with bytes: ArraySlice<UInt8>, startsItem: Bool, isHeading: Bool,
    marker: LineCleaner.ItemMarker? = nil
  ) -> Bool {
    guard mode != .none else { return false }
    if let intro = introMarker, let marker, marker.kind == intro.kind,
      marker.indent <= intro.indent
    {
      mode = .none
      return false
    }
    let conjunction = Self.isConjunction(bytes)
    let item: Bool
    switch mode {
    case .none: item = false
    case .lines: item = open || startsItem || conjunction
    case .inline: item = startsItem || Self.beginsWithMarker(bytes) || conjunction
    }
    // A short line in capitals ("4. BACKUP COPY.") is the heading of the next section.
    let heading =
      isHeading
      || (!conjunction && bytes.count <= 60 && !bytes.contains { $0 >= 0x61 && $0 <= 0x7A })
    guard item, !heading, length < ClauseText.maximumListLength else {
      mode = .none
      return false
    }
    length += 1
    return true
  }

  /// Whether original bytes are only a conjunction that joins two items ("or", "and",
  /// "and/or" on a line of its own, between "(a) ...;" and "(b) ..."): the list goes on.
  static func isConjunction(_ bytes: ArraySlice<UInt8>) -> Bool {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end && (bytes[start] == 0x20 || bytes[start] == UInt8(ascii: ";")) {
      start += 1
    }
    while end > start
      && (bytes[end - 1] == 0x20 || bytes[end - 1] == UInt8(ascii: ",")
        || bytes[end - 1] == UInt8(ascii: ";"))
    {
      end -= 1
    }
    guard end - start <= 7 else { return false }
    let word = bytes[start..<end].lazy.map { $0 | 0x20 }
    return conjunctions.contains { $0.elementsEqual(word) }
  }

  private static let conjunctions: [[UInt8]] = ["or", "and", "and/or", "nor"].map {
    Array($0.utf8)
  }

  /// Records whether an item left its statement open (the next sentence continues it).
  mutating func close(item sentence: ClauseText.Sentence, isItem: Bool) {
    if isItem { open = !sentence.isClosed }
  }

  /// Opens a list when the folded sentence just read is an intro of prohibitions; `lineMarker`
  /// is the bullet or number of the line it stands on.
  mutating func open(
    after sentence: UnsafeBufferPointer<UInt8>, last: UInt8,
    lineMarker: LineCleaner.ItemMarker? = nil
  ) {
    guard sentence.count >= 8 else { return }
    let prohibition = ClauseText.inheritedProhibition
    if last == UInt8(ascii: ":"),
      Self.forbids(sentence, before: sentence.count) || Self.needsPermission(sentence)
    {
      start(.lines, open: true, context: prohibition, introMarker: lineMarker)
    } else if last != UInt8(ascii: "."), last != UInt8(ascii: ";"), last != UInt8(ascii: ","),
      Self.runsOn(sentence), Self.forbids(sentence, before: sentence.count)
    {
      // "You shall not use the service to" with the items on the lines after it: the next
      // sentence must begin an item.
      start(.lines, open: false, context: prohibition, introMarker: lineMarker)
    } else if last == UInt8(ascii: ";") || last == UInt8(ascii: ",")
      || last == UInt8(ascii: ":"),
      let marker = Self.firstMarker(in: sentence), Self.forbids(sentence, before: marker)
    {
      start(.inline, open: true, context: prohibition, introMarker: lineMarker)
    } else if last == UInt8(ascii: ":"), Self.endsWithDuty(sentence, before: sentence.count),
      !Self.forbids(sentence, before: sentence.count)
    {
      start(.lines, open: true, context: ClauseText.inheritedDuty, introMarker: lineMarker)
    } else if last == UInt8(ascii: ";") || last == UInt8(ascii: ","),
      let marker = Self.firstMarker(in: sentence), Self.endsWithDuty(sentence, before: marker),
      !Self.forbids(sentence, before: marker)
    {
      start(.inline, open: true, context: ClauseText.inheritedDuty, introMarker: lineMarker)
    } else if last == UInt8(ascii: ":"),
      Self.endsWithAny(of: Self.opposingWords, sentence, before: sentence.count)
    {
      // An item that opens a list of what is protected ("... lobbies against, or works to
      // frustrate:" / "peace" / "a safe environment"): its items are no banned acts.
      mode = .none
    }
  }

  /// Last words of an intro whose items are what the licensee must not work against.
  private static let opposingWords: [[UInt8]] = [
    " against", " frustrate", " discourage", " oppose", " undermine", " obstruct", " impede",
    " hinder",
  ].map { Array($0.utf8) }

  private mutating func start(
    _ mode: Mode, open: Bool, context: [UInt8], introMarker: LineCleaner.ItemMarker?
  ) {
    (self.mode, self.open, length, self.context) = (mode, open, 0, context)
    self.introMarker = introMarker
  }

  /// Words a list of duties is opened with, right before its colon or first marker.
  private static let duties: [[UInt8]] = [
    " agree to", " agrees to", " undertake to", " undertakes to", " required to", " shall",
    " must", " will", " shall also", " must also", " hereby agree to",
  ].map { Array($0.utf8) }

  /// Whether the text before `end` (spaces and a colon aside) ends with a word of duty.
  static func endsWithDuty(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
    endsWithAny(of: duties, text, before: end)
  }

  /// Last words of a sentence that runs on into list items on the next lines ("... shall not
  /// use the service to", "... in any of the following ways -").
  private static let runOnWords: [[UInt8]] = [
    " to", " for", " following", " ways", " manner", " purposes", " follows", " not", "-",
  ].map { Array($0.utf8) }

  /// Whether a folded sentence ends with a word that runs on into a list.
  static func runsOn(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    endsWithAny(of: runOnWords, text, before: text.count)
  }

  /// `end` moved back over trailing spaces and colons.
  private static func trimmedEnd(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
    var end = end
    while end > 0 && (text[end - 1] == 0x20 || text[end - 1] == UInt8(ascii: ":")) { end -= 1 }
    return end
  }

  /// Whether the text before `end`, trailing spaces and colons left aside, ends with one of
  /// `words`.
  private static func endsWithAny(
    of words: [[UInt8]], _ text: UnsafeBufferPointer<UInt8>, before end: Int
  ) -> Bool {
    let end = trimmedEnd(text, before: end)
    return words.contains { word in
      end >= word.count && matches(word, in: text, at: end - word.count)
    }
  }

  private static let negations: [[UInt8]] = [
    "may not", "shall not", "will not", "must not", "cannot", "can not", "agree not",
    "agrees not", "undertake not", "undertakes not", "won't", "shall never", "will never",
    "must never", "may never", "prohibited from", "not permitted to", "not allowed to",
    "not authorized to", "not authorised to", "does not allow", "do not allow",
    "does not permit", "do not permit", "does not authorize", "does not authorise",
    "do not authorize", "do not authorise", "does not entitle", "do not entitle",
    "not entitled to", "no right to",
  ].map { Array($0.utf8) }
  /// ``negations`` by their first byte.
  private static let negationsByFirstByte: [[[UInt8]]] = {
    var table = [[[UInt8]]](repeating: [], count: 256)
    for negation in negations { table[Int(negation[0])].append(negation) }
    return table
  }()
  private static let startsNegation: [Bool] = negationsByFirstByte.map { !$0.isEmpty }
  /// Words after a negation that make it no prohibition ("shall not limit ...").
  private static let softeners: [[UInt8]] = [
    "limit", "be limit", "restrict", "be restrict", "prevent", "prohibit", "preclude", "apply",
    "affect", "impair", "require", "be required", "need", "be construed",
  ].map { Array($0.utf8) }
  /// Words between the negation and the list that lift it ("may not ... except:").
  private static let lifters: [[UInt8]] = [
    "except", "unless", "other than", "apart from", "save as", "however", "but may",
    "you may:", "only",
  ].map { Array($0.utf8) }

  /// Whether a negation that forbids ends within the 300 bytes before `end`, with nothing
  /// lifting it between it and `end`.
  static func forbids(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
    var found: Int?
    for index in max(0, end - 300)..<end {
      let byte = Int(text[index])
      guard startsNegation[byte], index == 0 || !WordBytes.isWordByte(text[index - 1]) else {
        continue
      }
      for negation in negationsByFirstByte[byte] where matches(negation, in: text, at: index) {
        let after = index + negation.count
        if after > end || (after < text.count && WordBytes.isWordByte(text[after])) { continue }
        found = max(found ?? 0, after)
      }
    }
    guard let after = found else { return false }
    var next = after
    while next < end && text[next] == 0x20 { next += 1 }
    if softeners.contains(where: { matches($0, in: text, at: next) }) { return false }
    for lifter in lifters {
      var index = after
      while index + lifter.count <= end {
        if matches(lifter, in: text, at: index), !WordBytes.isWordByte(text[index - 1]) {
          return false
        }
        index += 1
      }
    }
    return true
  }

  /// Words that close an intro whose items each need the licensor's permission ("a
  /// commercial license or permission is required for the following uses:").
  private static let permissionListEnds: [[UInt8]] = [
    "required for the following", "required for any of the following",
    "required in the following", "required in any of the following",
  ].map { Array($0.utf8) }
  /// Words one of which must come before ``permissionListEnds``: a bare "required for the
  /// following" may open a list of duties.
  private static let permissionWords: [[UInt8]] = [
    "permission", "consent", "approval", "license", "licence", "agreement",
  ].map { Array($0.utf8) }

  /// Whether a folded sentence that ends with a colon opens a list of uses that need the
  /// licensor's permission: one of ``permissionListEnds``, followed by at most one more word,
  /// with one of ``permissionWords`` (a whole word or its plural) before it.
  static func needsPermission(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let end = trimmedEnd(text, before: text.count)
    // At most one word after the phrase ("... the following scenarios:").
    var wordStart = end
    while wordStart > 0 && WordBytes.isWordByte(text[wordStart - 1]) { wordStart -= 1 }
    for phraseEnd in [end, wordStart > 0 && text[wordStart - 1] == 0x20 ? wordStart - 1 : end] {
      for phrase in permissionListEnds
      where phraseEnd >= phrase.count && matches(phrase, in: text, at: phraseEnd - phrase.count) {
        let start = phraseEnd - phrase.count
        for index in max(0, start - 150)..<start
        where index == 0 || !WordBytes.isWordByte(text[index - 1]) {
          for word in permissionWords where matches(word, in: text, at: index) {
            // A whole word, or its plural: "license" and "licenses", not "licensee".
            var after = index + word.count
            if after < start, text[after] == UInt8(ascii: "s") { after += 1 }
            if after >= start || !WordBytes.isWordByte(text[after]) { return true }
          }
        }
      }
    }
    return false
  }

  /// Offset of the first inline marker of a first item ("(a)", "(i)", "(1)", "a)", "i)").
  ///
  /// Every marker ends with `)`: the closing parentheses are found with `memchr` (most
  /// sentences have none) and the two bytes before each checked, in text order.
  static func firstMarker(in text: UnsafeBufferPointer<UInt8>) -> Int? {
    guard text.count >= 3, let base = text.baseAddress else { return nil }
    var close = 2
    while close < text.count {
      guard let raw = memchr(base + close, Int32(UInt8(ascii: ")")), text.count - close) else {
        return nil
      }
      close = UnsafePointer(raw.assumingMemoryBound(to: UInt8.self)) - base
      let first = text[close - 1]
      if first == UInt8(ascii: "a") || first == UInt8(ascii: "i") || first == UInt8(ascii: "1") {
        if text[close - 2] == UInt8(ascii: "(") { return close - 2 }
        if text[close - 2] == 0x20 { return close - 1 }
      }
      close += 1
    }
    return nil
  }

  /// Whether original bytes begin (after spaces, and after "and" or "or" that join the last
  /// item to the one before: "...; or (iii) sell it.") with an item marker: `(b)`, `(iv)`,
  /// `b)`.
  static func beginsWithMarker(_ bytes: ArraySlice<UInt8>) -> Bool {
    var index = bytes.startIndex
    while index < bytes.endIndex && bytes[index] == 0x20 { index += 1 }
    if bytes.endIndex - index > 4, bytes[index] | 0x20 == UInt8(ascii: "a"),
      bytes[index + 1] | 0x20 == UInt8(ascii: "n"), bytes[index + 2] | 0x20 == UInt8(ascii: "d"),
      bytes[index + 3] == 0x20
    {
      index += 4
    } else if bytes.endIndex - index > 3, bytes[index] | 0x20 == UInt8(ascii: "o"),
      bytes[index + 1] | 0x20 == UInt8(ascii: "r"), bytes[index + 2] == 0x20
    {
      index += 3
    }
    var opened = false
    if index < bytes.endIndex && bytes[index] == UInt8(ascii: "(") {
      opened = true
      index += 1
    }
    var count = 0
    while index < bytes.endIndex && WordBytes.isAlphanumeric(bytes[index]) && count < 5 {
      count += 1
      index += 1
    }
    guard count >= 1, count <= (opened ? 4 : 3), index < bytes.endIndex else { return false }
    return bytes[index] == UInt8(ascii: ")")
  }

  private static func matches(_ word: [UInt8], in text: UnsafeBufferPointer<UInt8>, at index: Int)
    -> Bool
  {
    guard index >= 0, index + word.count <= text.count else { return false }
    for offset in 0..<word.count where text[index + offset] != word[offset] { return false }
    return true
  }

}
