import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseText
import LicenseVerdict

/// Where the clause stage looks: which files are worth a clause scan, which of their lines, and
/// which lines need none because they reproduce a clean reference text verbatim.
extension ClauseAnalysis {
  /// Whether a license identified well enough to be evidence (coverage at least
  /// ``LicenseFact/evidenceCoverage``) that the reference data files as free is in the file:
  /// its reference then grants every freedom, and grant sentences add nothing.
  static func freeReferenceCovers(_ identification: IdentificationResult, fsfLibre: Set<String>)
    -> Bool
  {
    facts(identification.licenses, fsfLibre: fsfLibre).contains {
      $0.standing == .free && $0.coverage >= LicenseFact.evidenceCoverage
    }
  }

  // MARK: - When to scan

  /// The matches that reproduce a clean LicenseDB text verbatim: the text of the license
  /// itself (not a rule), found whole (exact, or n-gram with coverage at least 0.99) with no
  /// inserted word in the span, and listed in ``cleanLicenses``.
  func verbatimCleanMatches(_ identification: IdentificationResult) -> [LicenseMatch] {
    identification.licenses.filter { match in
      match.rule == match.license.key && cleanLicenses[match.rule] != nil
        && match.unmatchedTokens == 0
        && (match.kind == .exact || (match.kind == .ngram && match.coverage >= 0.99))
    }
  }

  /// The lines that need no clause scan because they reproduce a clean reference verbatim:
  /// the span of each clean license text found whole (`verbatim`, by default
  /// ``verbatimCleanMatches(_:)``), and the inner lines (all but the first and the last, which
  /// may hold other words) of each rule (a notice or reference) matched in full, with nothing
  /// inserted, whose text the profile found clean (``restrictedRules``).
  public func verbatimCleanLines(
    _ identification: IdentificationResult, verbatim: [LicenseMatch]? = nil
  ) -> [ClosedRange<Int>] {
    var lines = (verbatim ?? verbatimCleanMatches(identification)).map {
      $0.startLine...$0.endLine
    }
    guard let restrictedRules else { return lines }
    for match in identification.licenses
    where match.rule != match.license.key && match.kind != .tag && match.kind != .clauseScan
      && match.unmatchedTokens == 0 && match.coverage >= 0.99
      && match.endLine - match.startLine >= 2 && !restrictedRules.contains(match.rule)
    {
      lines.append((match.startLine + 1)...(match.endLine - 1))
    }
    return lines
  }

  /// The benign and grant clauses of the verbatim texts, from the profile: quoted from the
  /// lines of `text` that state them when the file lays the reference text out over as many
  /// lines (``ReferencePlaces``), otherwise by the license's name over its span. `lines`
  /// gives the byte ranges of the file's lines (``lineRanges(_:)``).
  func profileHits(_ verbatim: [LicenseMatch], text: [UInt8], lines: () -> [Range<Int>])
    -> [ClauseHit]
  {
    // Several ids of a license are often stated by one sentence (its grant covers use,
    // changes and sharing at once): each span of lines is quoted once.
    var quotes: [ClosedRange<Int>: String?] = [:]
    func quoted(_ stated: ClosedRange<Int>) -> String? {
      if let known = quotes[stated] { return known }
      let quote = Self.quote(text, lines: stated, ranges: lines())
      quotes[stated] = .some(quote)
      return quote
    }
    return verbatim.flatMap { match in
      let span = match.startLine...match.endLine
      let places = cleanPlaces[match.rule]
      return (cleanLicenses[match.rule] ?? []).map { id in
        let rule = scanner.catalog.rule(id: id)?.definition
        var hit = ClauseHit(
          id: id, freedoms: rule?.severity == .grant ? rule?.freedoms ?? [] : [],
          severity: rule?.severity == .grant ? .grant : .benign, startLine: match.startLine,
          endLine: match.endLine, text: match.license.name,
          explanation: rule?.rationale ?? "")
        if let stated = places?.lines(of: id, inFileSpan: span),
          let quote = quoted(stated)
        {
          (hit.startLine, hit.endLine, hit.text) = (stated.lowerBound, stated.upperBound, quote)
        }
        return hit
      }
    }
  }

  /// The sentence of `text` that `lines` hold (`ranges` from ``lineRanges(_:)``) as the
  /// clause stage reads it (comment markers and bullets dropped, whitespace collapsed): the
  /// sentences that start on the first of the lines and end on the last, not those that
  /// only share a line with them; `nil` when the lines are outside the text or hold none.
  static func quote(_ text: [UInt8], lines: ClosedRange<Int>, ranges: [Range<Int>])
    -> String?
  {
    guard lines.lowerBound >= 1, lines.upperBound < ranges.count else { return nil }
    let bytes = text[ranges[lines.lowerBound].lowerBound..<ranges[lines.upperBound].upperBound]
    let prepared = ClauseText(utf8: Array(bytes))
    let last = lines.count
    let spanning = prepared.sentences.filter { $0.startLine == 1 && $0.endLine == last }
    let quoted = spanning.map { prepared.originalText(of: $0) }.joined(separator: " ")
    return quoted.isEmpty ? nil : quoted
  }

  /// Lines of context kept around the licenses found in a file whose name is not license-like.
  public static let contextLines = 20

  /// The line ranges worth scanning in a file whose name is not license-like (a README, a
  /// source file); `nil` means the whole file. In a document (a README, a model card:
  /// `document`) they are the licenses found (not tags) with ``contextLines`` lines of prose
  /// either side, or the whole file when it uses model-license vocabulary
  /// (``triggerLiterals``) outside them (a license's own "Terms of Use" says nothing of the
  /// rest of the document). In any other file (source code) they are comments only:
  /// the comment and blank lines next to each license found, and the comments that use
  /// model-license vocabulary, each as far as ``contextLines`` either side. The code after a
  /// license header holds no terms, and API comments ("for internal use only", "must not
  /// modify the text") are no license: reading them as terms costs time and makes false
  /// clauses.
  static func regions(
    nameKind: DocumentKind, identification: IdentificationResult, text: [UInt8],
    document: Bool, lines: () -> [Range<Int>]
  ) -> [ClosedRange<Int>]? {
    guard nameKind == .other else { return nil }
    let found = identification.licenses.filter { $0.kind != .tag }
    guard document else { return sourceRegions(found, text: text, lines: lines()) }
    return documentRegions(found, text: text, lines: lines) { triggerLiterals.occurs(in: $0) }
  }

  /// The regions of a document named otherwise than a license that read as license terms by
  /// content (``readsAsLicense(_:)``) and are worth scanning: the whole file (`nil`), unless
  /// the terms are those of the licenses found in it, that is, the text outside them
  /// (``documentRegions(_:text:lines:unless:)``) neither reads as license terms nor uses
  /// model-license vocabulary. A novel kept as test data that ends with its e-book license
  /// reads as terms, and only its license holds any.
  static func termsRegions(
    identification: IdentificationResult, text: [UInt8], lines: () -> [Range<Int>]
  ) -> [ClosedRange<Int>]? {
    let found = identification.licenses.filter { $0.kind != .tag }
    return documentRegions(found, text: text, lines: lines) {
      readsAsLicense($0) || triggerLiterals.occurs(in: $0)
    }
  }

  /// The licenses `found` in a document, each with ``contextLines`` lines either side, sorted;
  /// `nil` (the whole file) when there are none, when they cover every line of `text`, or
  /// when `holdsTerms` is true of the text outside them (``outside(_:of:lines:)``). `lines`
  /// from ``lineRanges(_:)``, read only when the count of line-break bytes leaves the
  /// coverage open.
  static func documentRegions(
    _ found: [LicenseMatch], text: [UInt8], lines: () -> [Range<Int>],
    unless holdsTerms: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> [ClosedRange<Int>]? {
    guard !found.isEmpty else { return nil }
    let regions = found.map {
      max(1, $0.startLine - contextLines)...(max($0.startLine, $0.endLine) + contextLines)
    }.sorted { $0.lowerBound < $1.lowerBound }
    // Regions that already cover every line (a license text with a few lines around it).
    var covered = 0
    for region in regions where region.lowerBound <= covered + 1 {
      covered = max(covered, region.upperBound)
    }
    // A file has at most one line more than it has line-feed and carriage-return bytes: when
    // the regions cover that many, they cover every line, and the line ranges (a pass that
    // builds an array) are not needed.
    let mostLines = text.withUnsafeBufferPointer { LineBreaks.breakBytes(in: $0) } + 1
    if covered >= mostLines || covered >= lines().count - 1 { return nil }
    let rest = text.withUnsafeBufferPointer { outside(regions, of: $0, lines: lines()) }
    return rest.withUnsafeBufferPointer(holdsTerms) ? nil : regions
  }

  /// The lines of `text` outside `regions` (sorted by lower bound; `lines` from
  /// ``lineRanges(_:)``), each stretch between two regions as it stands in the text, the
  /// stretches joined by a line feed.
  static func outside(
    _ regions: [ClosedRange<Int>], of text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>]
  ) -> [UInt8] {
    let lastLine = lines.count - 1
    var rest: [UInt8] = []
    func append(_ first: Int, _ last: Int) {
      guard first <= last else { return }
      if !rest.isEmpty { rest.append(UInt8(ascii: "\n")) }
      rest.append(contentsOf: text[lines[first].lowerBound..<lines[last].upperBound])
    }
    var next = 1
    for region in regions {
      append(next, min(region.lowerBound - 1, lastLine))
      next = max(next, region.upperBound + 1)
    }
    append(next, lastLine)
    return rest
  }

  /// The comments of a source file worth scanning (see
  /// ``regions(nameKind:identification:text:document:lines:)``): around each license `found`
  /// and around each comment (or prose) line that uses model-license vocabulary.
  static func sourceRegions(_ found: [LicenseMatch], text: [UInt8], lines: [Range<Int>])
    -> [ClosedRange<Int>]
  {
    text.withUnsafeBufferPointer { bytes in
      let regions = found.map {
        commentContext(
          around: $0.startLine...max($0.startLine, $0.endLine), in: bytes, lines: lines)
      }
      let sorted = (regions + vocabularyComments(in: bytes, lines: lines)).sorted {
        $0.lowerBound < $1.lowerBound
      }
      return withoutLongLines(sorted, lines: lines)
    }
  }

  /// Bytes beyond which a line of source code is minified code or serialized data (a bundle,
  /// a source map), where a license comment shares its one line with megabytes of code: the
  /// line-based scope cannot tell the comment from the code, so such a line gets no clause
  /// scan. Its licenses are still identified.
  public static let longLineBytes = 4_096

  /// `regions` without the lines longer than ``longLineBytes`` (`lines` from
  /// ``lineRanges(_:)``): a region that holds one is split around it.
  static func withoutLongLines(_ regions: [ClosedRange<Int>], lines: [Range<Int>])
    -> [ClosedRange<Int>]
  {
    let lastLine = lines.count - 1
    var kept: [ClosedRange<Int>] = []
    for region in regions {
      var start = region.lowerBound
      for line in region where line <= lastLine && lines[line].count > longLineBytes {
        if start < line { kept.append(start...(line - 1)) }
        start = line + 1
      }
      if start <= region.upperBound { kept.append(start...region.upperBound) }
    }
    return kept
  }

  /// The lines of a source file that hold terms of their own: each license found (not a tag)
  /// with the comment lines that run on from it without a break (a line without letters or
  /// digits: blank, `//`, `#`, a ruler such as `//===---===//`), and the comments that use
  /// model-license vocabulary (``triggerLiterals``) with their context. The other comment
  /// lines that ``sourceRegions(_:text:lines:)`` reads next to a license (a file's
  /// description after its header: "This file is for internal use only", "This file is only
  /// used on Windows") hold terms only where they address the reader
  /// (``addressesReader(_:)``).
  static func sourceTermsRegions(
    _ identification: IdentificationResult, text: [UInt8], lines: [Range<Int>]
  ) -> [ClosedRange<Int>] {
    let last = lines.count - 1
    return text.withUnsafeBufferPointer { bytes in
      let blocks = identification.licenses.compactMap { license -> ClosedRange<Int>? in
        // Unknown license-like text in code or data is as likely prose about licenses (a
        // schema's descriptions of license types) as terms: like a comment after a break, it
        // holds terms only where it addresses the reader.
        guard license.kind != .tag, license.license.key != LicenseInfo.unknown.key else {
          return nil
        }
        let low = max(1, license.startLine)
        let high = min(last, max(license.startLine, license.endLine))
        guard low <= high else { return nil }
        return widened(low...high, in: bytes, lines: lines) { line in
          line.contains(where: WordBytes.isAlphanumeric) && isCommentBlankOrProse(line)
        }
      }
      return blocks + vocabularyComments(in: bytes, lines: lines)
    }
  }

  /// Whether a sentence addresses the reader of the terms ("you", "your", "licensee", "user",
  /// "recipient") or names the software it governs ("this software", "this source code"), as
  /// a restriction in a comment after a license header does and a file's description does not
  /// ("This file is for internal use only"). NVIDIA's headers state their terms impersonally:
  /// "Any use, reproduction, disclosure or distribution of this software ... without an
  /// express license agreement from NVIDIA CORPORATION is strictly prohibited."
  static func addressesReader(_ sentence: String) -> Bool {
    let lowered = sentence.lowercased()
    return lowered.split { !$0.isLetter }.contains { readerWords.contains(String($0)) }
      || governedWords.contains { lowered.contains($0) }
  }

  /// The words by which terms name the software they govern.
  static let governedWords = ["this software", "this source code"]

  /// The words that address the reader of terms.
  static let readerWords: Set<String> = [
    "you", "your", "yours", "licensee", "licensees", "user", "users", "recipient", "recipients",
  ]

  /// `span` widened over the comment, blank and prose lines (``isCommentBlankOrProse(_:)``)
  /// right before and after it, at most ``contextLines`` either side; `lines` from ``lineRanges(_:)``.
  static func commentContext(
    around span: ClosedRange<Int>, in text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>]
  ) -> ClosedRange<Int> {
    widened(span, in: text, lines: lines, over: isCommentBlankOrProse)
  }

  /// `span` widened over the lines right before and after it that `accepts`, at most
  /// ``contextLines`` either side; `lines` from ``lineRanges(_:)``.
  static func widened(
    _ span: ClosedRange<Int>, in text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>],
    over accepts: (UnsafeBufferPointer<UInt8>) -> Bool
  ) -> ClosedRange<Int> {
    let last = lines.count - 1
    guard span.lowerBound >= 1, span.upperBound <= last else { return span }
    var low = span.lowerBound
    while low > 1, span.lowerBound - low < contextLines,
      accepts(UnsafeBufferPointer(rebasing: text[lines[low - 1]]))
    {
      low -= 1
    }
    var high = span.upperBound
    while high < last, high - span.upperBound < contextLines,
      accepts(UnsafeBufferPointer(rebasing: text[lines[high + 1]]))
    {
      high += 1
    }
    return low...high
  }

  /// The comment (or prose) lines of a source file that use model-license vocabulary
  /// (``triggerLiterals``), each with its ``commentContext(around:in:lines:)``.
  static func vocabularyComments(in text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>])
    -> [ClosedRange<Int>]
  {
    guard triggerLiterals.occurs(in: text) else { return [] }
    var regions: [ClosedRange<Int>] = []
    for line in 1..<lines.count {
      let content = UnsafeBufferPointer(rebasing: text[lines[line]])
      if triggerLiterals.occurs(in: content), isCommentBlankOrProse(content) {
        regions.append(commentContext(around: line...line, in: text, lines: lines))
      }
    }
    return regions
  }

  /// Whether a line of a source file is blank, a comment or prose: after spaces it is empty,
  /// begins with a comment marker (`//`, `/*`, `*`, `#` but not a C preprocessor directive,
  /// `;`, `--`, `%`, `!`, `<!--`, `"""`, `'`, `(*`, `{-`, `REM `, `dnl `) or reads as prose
  /// (``readsAsProse(_:)``).
  static func isCommentBlankOrProse(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    var start = 0
    while start < line.count, line[start] == 0x20 || line[start] == 0x09 || line[start] == 0x0D {
      start += 1
    }
    guard start < line.count else { return true }
    /// Whether the line's content begins with `prefix` (lowercase; letters in any case).
    func begins(with prefix: [UInt8]) -> Bool {
      guard line.count - start >= prefix.count else { return false }
      for (offset, byte) in prefix.enumerated() {
        let found = line[start + offset]
        if found != byte && !(byte >= 0x61 && byte <= 0x7A && found | 0x20 == byte) {
          return false
        }
      }
      return true
    }
    switch line[start] {
    case UInt8(ascii: "#"):
      return !preprocessorDirectives.contains(where: begins(with:))
    case UInt8(ascii: "*"), UInt8(ascii: ";"), UInt8(ascii: "%"), UInt8(ascii: "!"),
      UInt8(ascii: "'"):
      return true
    default:
      return commentOpeners.contains(where: begins(with:))
        || readsAsProse(UnsafeBufferPointer(rebasing: line[start...]))
    }
  }

  /// Whether a line of a source file that is no comment reads as prose, as the lines of a
  /// license in a Python docstring or a block comment without markers do: three words or
  /// more, no byte that prose does not use (`=`, braces, brackets, `_`, `\`, `|`, `` ` ``,
  /// `$`, `@`), no call (a word followed by `(`) and no code keyword first.
  static func readsAsProse(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
    var words = 0
    var inWord = false
    var previous: UInt8 = 0x20
    for byte in content {
      if codeBytes[Int(byte)] { return false }
      if byte == UInt8(ascii: "("), WordBytes.isWordByte(previous) { return false }
      let word = byte != 0x20 && byte != 0x09 && byte != 0x0D
      if word && !inWord { words += 1 }
      inWord = word
      previous = byte
    }
    guard words >= 3 else { return false }
    var end = 0
    while end < content.count, WordBytes.isWordByte(content[end]) { end += 1 }
    let first = UnsafeBufferPointer(rebasing: content[0..<end])
    if codeKeywords.contains(where: { $0.elementsEqual(first) }) { return false }
    // "from x import y"
    guard first.elementsEqual("from".utf8) else { return true }
    return !content.indices.contains { content[$0...].starts(with: " import ".utf8) }
  }

  /// Bytes that prose does not use and code does.
  private static let codeBytes: [Bool] = {
    var table = [Bool](repeating: false, count: 256)
    for byte in "={}[]_\\|`$@".utf8 { table[Int(byte)] = true }
    return table
  }()

  /// Words that begin a line of code and seldom a line of prose.
  private static let codeKeywords: [[UInt8]] =
    [
      "def", "class", "import", "package", "fn", "func", "var", "const", "public", "private",
      "protected", "static", "void", "int", "module", "require", "namespace", "using", "struct",
      "enum", "function", "return", "raise", "throw", "pass", "yield", "lambda", "elif", "try",
      "except", "async", "await", "impl", "pub", "mod", "extern", "typedef", "unsigned", "char",
      "local", "export", "echo", "set", "fi", "done", "then",
    ].map { Array($0.utf8) }

  /// Comment markers of two bytes or more that a comment line can begin with.
  private static let commentOpeners: [[UInt8]] = [
    "//", "/*", "--", "<!--", "\"\"\"", "(*", "{-", "rem ", "dnl ",
  ].map { Array($0.utf8) }

  /// C preprocessor directives, which begin with `#` but are code.
  private static let preprocessorDirectives: [[UInt8]] = [
    "#include", "#define", "#if", "#ifdef", "#ifndef", "#endif", "#else", "#elif", "#pragma",
    "#import", "#undef", "#error",
  ].map { Array($0.utf8) }

  /// The byte ranges of the lines of `text` by the ``LineBreaks`` rule, at their line numbers
  /// as the tokenizer numbers them (a final line without a line break counts; so does the
  /// empty one after a final break), after an empty range at 0.
  static func lineRanges(_ text: [UInt8]) -> [Range<Int>] {
    text.withUnsafeBufferPointer { bytes in
      var ranges: [Range<Int>] = [0..<0]
      // Room for lines of 40 bytes on average, so that the array seldom grows line by line.
      ranges.reserveCapacity(text.count / 40 + 8)
      LineBreaks.appendLineRanges(of: bytes, to: &ranges)
      return ranges
    }
  }

  /// `text` with every line outside `regions` (all lines when `nil`) or inside `verbatim`
  /// line ranges blanked (one line feed per line break, so line numbers stay), or `nil` when
  /// nothing is left.
  static func keeping(
    _ text: [UInt8], regions: [ClosedRange<Int>]?, without verbatim: [ClosedRange<Int>],
    lines lineRanges: () -> [Range<Int>]
  ) -> [UInt8]? {
    guard regions != nil || !verbatim.isEmpty else { return text }
    // Which lines to keep, decided once per region and match rather than once per line.
    let ranges = lineRanges()
    let lines = ranges.count - 1
    var keep = [Bool](repeating: regions == nil, count: lines + 1)
    func mark(_ first: Int, _ last: Int, _ value: Bool) {
      let low = max(1, first)
      let high = min(lines, last)
      if low <= high { for line in low...high { keep[line] = value } }
    }
    for region in regions ?? [] { mark(region.lowerBound, region.upperBound, true) }
    for lines in verbatim { mark(lines.lowerBound, lines.upperBound, false) }
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var left = false
    text.withUnsafeBufferPointer { bytes in
      for line in 1..<ranges.count {
        let range = ranges[line]
        if keep[line] {
          let content = bytes[range]
          output.append(contentsOf: content)
          left = left || content.contains { $0 != 0x20 && $0 != 0x09 }
        }
        if range.upperBound < bytes.count { output.append(0x0A) }
      }
    }
    return left ? output : nil
  }

  /// Model-license and use-policy vocabulary (lowercase): in a file with no identified
  /// license it makes the clause scan worth running; in a README or source file with one, it
  /// makes the whole file worth scanning rather than the licenses' surroundings. Every
  /// scanned file is searched for them, reading one window every shortest-literal-length
  /// minus 3 bytes: a literal shorter than the 10 bytes of "use policy" makes that search
  /// slower for every file (with a 4-byte "cpml" it read every byte, and a scan of the
  /// generated corpus took 9% more CPU).
  static let triggerLiterals = CaselessLiterals([
    "acceptable use", "prohibited use", "use policy", "terms of use", "non-commercial",
    "noncommercial", "licensed material", "model derivative", "community license",
    "openrail-m", "open rail-m", "openrail++", "open model licen", "public model licen",
  ])

  /// Wording that license terms use and other text rarely does (lowercase); a file in which
  /// ``licenseSignalThreshold`` distinct ones occur reads as license terms.
  static let licenseSignals = CaselessLiterals([
    "licensee", "licensor", "hereby grant", "grants you", "granted to you", "you may not",
    "royalty-free", "royalty free", "non-exclusive", "nonexclusive", "sublicens",
    "terms and conditions", "this agreement", "this license", "this licence",
    "derivative work", "redistribut", "warrant", "liabilit", "terminat",
    "permission is hereby", "intellectual property", "acceptable use", "prohibited use",
  ])

  /// Distinct ``licenseSignals`` a text must contain to read as license terms. Measured on
  /// the generated clean files (source code and prose: none reaches it) and the LicenseDB
  /// texts (see `tools/eval-categories --names plain`).
  public static let licenseSignalThreshold = 6

  /// Whether `text` reads as license terms by its content: it uses at least
  /// ``licenseSignalThreshold`` distinct kinds of license wording (grants, parties, conditions,
  /// warranty and liability, termination). One pass of a literal search. Asked of documents
  /// (``DocumentKind/isDocument(fileName:)``) whatever their name; source code that talks
  /// about licenses is not terms, and license headers in code are found by the matcher.
  public static func readsAsLicense(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    licenseSignals.distinctOccurrences(in: text, limit: licenseSignalThreshold)
      >= licenseSignalThreshold
  }

  /// Whether the clause scanner should run on a file: its name is license-like (`nameKind`,
  /// from ``DocumentKind/infer(fileName:families:)``: LICENSE, COPYING, NOTICE, TERMS,
  /// *POLICY*, *AUP*), the matcher found license text or a license notice in it (not only an
  /// `SPDX-License-Identifier` tag), or, when nothing was identified, the text contains
  /// model-license vocabulary (``triggerLiterals``, ASCII case-insensitive).
  public static func shouldScanClauses(
    nameKind: DocumentKind, identification: IdentificationResult, text: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    if nameKind != .other { return true }
    if identification.licenses.contains(where: { $0.kind != .tag }) { return true }
    if !identification.licenses.isEmpty { return false }
    return triggerLiterals.occurs(in: text)
  }

  /// Words of a heading that opens a document's license section (lowercase).
  static let licenseHeadingWords = CaselessLiterals([
    "licen", "terms of use", "terms and conditions", "usage terms", "terms of service",
    "acceptable use", "use policy",
  ])

  /// The lines of the license sections of a Markdown document (a README, a model card): from
  /// an ATX heading (`#` to `######`) that names the license or the terms to the line before
  /// the next heading of the same or a higher level (or the end). Headings inside fenced code
  /// blocks do not count.
  public static func licenseSections(_ text: [UInt8]) -> [ClosedRange<Int>] {
    text.withUnsafeBufferPointer { bytes in
      var sections: [ClosedRange<Int>] = []
      var open: (start: Int, level: Int)?
      var inFence = false
      var last = 0
      for (line, range) in LineBreaks.lines(of: bytes) {
        last = line
        let content = bytes[range].drop { $0 == 0x20 }
        if content.starts(with: "```".utf8) || content.starts(with: "~~~".utf8) {
          inFence.toggle()
          continue
        }
        guard !inFence else { continue }
        let level = content.prefix { $0 == UInt8(ascii: "#") }.count
        guard level >= 1, level <= 6, content.count > level,
          content[content.startIndex + level] == 0x20
        else { continue }
        if let current = open, level <= current.level {
          if line - 1 >= current.start { sections.append(current.start...(line - 1)) }
          open = nil
        }
        let title = UnsafeBufferPointer(rebasing: bytes[range])
        if open == nil, licenseHeadingWords.occurs(in: title) { open = (line, level) }
      }
      if let current = open { sections.append(current.start...max(current.start, last)) }
      return sections
    }
  }
}
