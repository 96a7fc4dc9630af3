import LicenseIndex
import LicenseText

/// Finds license-like text that no reference covers (a company's own terms, an old or much
/// altered license): stretches dense in licensing words of several kinds, reported as
/// `LicenseRef-unknown` with their lines.
///
/// It reads the words the matcher left over. Paragraphs are runs of lines with words, ended
/// by a line without any (a blank line, a bare comment marker) and by the lines of a named
/// match or a license list. A paragraph counts when at least ``Settings/minimumDensity`` and
/// at most ``maximumDensity`` of its words are licensing words (``LicensingWord``: grant,
/// condition, warranty, liability, ending and party words; more is a list of such words, not
/// text) and at most ``maximumForeignShare`` are words no license text uses (identifiers:
/// code). Short paragraphs (headings, numbers) join the stretch around them; up to
/// ``maximumBridge`` paragraphs that do not count may lie between two that do (a list of
/// definitions, an address). A stretch is license-like when its paragraphs that count (and
/// the short ones) hold at least ``Settings/minimumWords`` words, words of at least
/// ``Settings/minimumKinds`` kinds, and a word only license terms use
/// (``LicensingWord/termsOnly``: "license", "copyright", "permission", "warranty", "liable"):
/// API documentation says "you may not change …", "you must call …", "there is no guarantee
/// that …", "exclusive to one process" in words of four kinds and none of those. One stretch
/// of the file at least must hold grant words and warranty or liability words: a license
/// grants and disclaims, where prose about licenses (a Debian copyright file's comments, a
/// package description) names licenses and permissions without disclaiming. A stretch that
/// is terms on its own is reported in any file: a disclaimer (``disclaimerWords`` distinct
/// warranty and liability words: "merchantability", "fitness", "liable", "consequential
/// damages") or a grant in the words of one (``grantTerms`` of the
/// ``LicensingWord/grantTerms`` groups: "hereby grants … a perpetual, irrevocable license",
/// "permission is granted"); prose that mentions a license or a permission once has neither.
/// The density and the kinds were chosen on the tune half of `tools/make-unknown-texts` with
/// `tools/eval-unknown-texts --sweep` (the most texts found with no false report there and
/// none in this repository's own sources).
public struct UnknownTextFinder: Sendable {
  /// What makes a stretch license-like.
  public struct Settings: Sendable, Equatable {
    /// The share of licensing words a paragraph needs to count.
    public var minimumDensity: Double
    /// The words a license-like stretch holds at least.
    public var minimumWords: Int
    /// The kinds of licensing words it holds at least.
    public var minimumKinds: Int

    /// Creates settings.
    public init(minimumDensity: Double, minimumWords: Int = 50, minimumKinds: Int = 3) {
      self.minimumDensity = minimumDensity
      self.minimumWords = minimumWords
      self.minimumKinds = minimumKinds
    }

    /// The settings measured on the development data.
    public static let standard = Settings(minimumDensity: 0.05)
  }

  /// The `rule` of the matches it reports.
  public static let rule = "unknown-text"
  /// Paragraphs of at most this many words join a stretch without counting.
  static let shortParagraphWords = 8
  /// The largest share of licensing words of a paragraph that counts (a list of such words
  /// has more).
  static let maximumDensity = 0.6
  /// The largest share of words that no license text uses in a paragraph that counts.
  static let maximumForeignShare = 0.25
  /// Paragraphs that do not count that may lie between two that do.
  static let maximumBridge = 3
  /// The distinct warranty and liability words that make a stretch a disclaimer.
  static let disclaimerWords = 3
  /// The groups of granting words (``LicensingWord/grantTerms``) that make a stretch a grant.
  static let grantTerms = 2

  private let settings: Settings
  /// Per token id, the kinds of licensing word it is (bits of ``LicensingWord``); 0 for most.
  private let kinds: [UInt8]
  /// Per token id of a licensing word, which disclaiming word (one bit each, below
  /// ``Marks/grantShift``) or group of granting words (one bit each from it) it is.
  private let marks: [UInt64]

  /// Creates a finder over the vocabulary of `index`.
  init(index: LicenseIndex, settings: Settings) {
    self.settings = settings
    var ids: [(UInt32, UInt8)] = []
    for (kind, words) in LicensingWord.vocabulary {
      for word in words {
        let id = index.tokenID(forWordHash: TokenHash.hash(word))
        if id != 0 { ids.append((id, kind.rawValue)) }
      }
    }
    // One slot past the largest licensing word's id, always 0: larger ids read it (clamped,
    // without a branch per word).
    var table = [UInt8](repeating: 0, count: Int(ids.map(\.0).max() ?? 0) + 2)
    for (id, bit) in ids { table[Int(id)] |= bit }
    kinds = table
    var marks = [UInt64](repeating: 0, count: table.count)
    var disclaiming = 0
    for (kind, words) in LicensingWord.vocabulary where kind == .warranty || kind == .liability {
      for word in words {
        let id = Int(index.tokenID(forWordHash: TokenHash.hash(word)))
        if id != 0 { marks[id] |= 1 << UInt64(disclaiming) }
        disclaiming += 1
      }
    }
    for (group, words) in LicensingWord.grantTerms.enumerated() {
      for word in words {
        let id = Int(index.tokenID(forWordHash: TokenHash.hash(word)))
        if id != 0, id < marks.count { marks[id] |= 1 << UInt64(Marks.grantShift + group) }
      }
    }
    for word in LicensingWord.termsOnly {
      let id = Int(index.tokenID(forWordHash: TokenHash.hash(word)))
      if id != 0, id < marks.count { marks[id] |= Marks.termsOnly }
    }
    self.marks = marks
  }

  /// Reading ``marks``.
  enum Marks {
    /// The first bit of the groups of granting words; the disclaiming words lie below.
    static let grantShift = 40
    static let disclaimers: UInt64 = (1 << UInt64(grantShift)) - 1
    /// The bit of the words only license terms use (``LicensingWord/termsOnly``).
    static let termsOnly: UInt64 = 1 << 63

    /// Whether `marks` make a stretch terms on its own: a disclaimer or a grant.
    static func standAlone(_ marks: UInt64) -> Bool {
      (marks & disclaimers).nonzeroBitCount >= UnknownTextFinder.disclaimerWords
        || ((marks & ~termsOnly) >> UInt64(grantShift)).nonzeroBitCount
          >= UnknownTextFinder.grantTerms
    }
  }

  /// One paragraph: its lines, words, licensing words and their kinds, and words no license
  /// text uses.
  private struct Paragraph {
    var firstLine: UInt32
    var lastLine: UInt32
    var words = 0
    var licensing = 0
    var kinds: UInt8 = 0
    /// Its disclaiming words and groups of granting words (``Marks``).
    var marks: UInt64 = 0
    var foreign = 0
    /// Whether it counts (set when it ends).
    var counts = false
    /// Whether lines of a named match or a list lie between it and the paragraph before.
    var followsTaken = false

    var isShort: Bool { words <= UnknownTextFinder.shortParagraphWords }
  }

  private func counts(_ paragraph: Paragraph) -> Bool {
    let words = Double(paragraph.words)
    let licensing = Double(paragraph.licensing)
    return !paragraph.isShort && licensing >= settings.minimumDensity * words
      && licensing <= Self.maximumDensity * words
      && Double(paragraph.foreign) <= Self.maximumForeignShare * words
  }

  /// Whether `paragraph` may end a stretch: one that counts, or a short one with a licensing
  /// word (a title, "Disclaimer").
  private func mayEnd(_ paragraph: Paragraph) -> Bool {
    paragraph.isShort ? paragraph.licensing > 0 : paragraph.counts
  }

  /// The license-like stretches of the text whose token ids are `ids` on `lines`, leaving out
  /// the lines for which `isTaken` is true; each as its first and last line. A paragraph
  /// dense enough in licensing words counts only when `readsAsCode` is false for its lines
  /// (asked of those paragraphs only). A stretch found then takes in the paragraphs around
  /// it, up to a named match or list, a paragraph of identifiers, or one for which
  /// `continues(paragraph, stretch)` is false (a heading, code, the end of a comment block):
  /// the first and last paragraphs of a license may hold no licensing word (a preamble, an
  /// address, a list of names), yet they are the license's lines.
  func stretches(
    ids: [UInt32], lines: [UInt32], isTaken: (Int) -> Bool,
    readsAsCode: (ClosedRange<Int>) -> Bool,
    continues: (ClosedRange<Int>, ClosedRange<Int>) -> Bool = { _, _ in false }
  ) -> [ClosedRange<Int>] {
    guard ids.count >= settings.minimumWords, mayHoldAStretch(ids) else { return [] }
    var stretches = Stretches(finder: self)
    // The open paragraph lives in locals of this loop, not in state a nested function
    // captures: the loop visits every word of every file, and captured state is boxed and
    // checked for exclusive access at each use.
    var current = Paragraph(firstLine: 0, lastLine: 0)
    var isOpen = false
    let table = kinds
    let marks = self.marks
    var takenLine: UInt32 = 0
    var lineIsTaken = false
    var sawTaken = false
    for position in 0..<ids.count {
      let line = lines[position]
      if line != takenLine {
        takenLine = line
        lineIsTaken = isTaken(Int(line))
      }
      if lineIsTaken {
        if isOpen { stretches.close(current, readsAsCode: readsAsCode) }
        isOpen = false
        sawTaken = true
        stretches.closeRun()
        continue
      }
      if isOpen && line > current.lastLine + 1 {
        stretches.close(current, readsAsCode: readsAsCode)
        isOpen = false
      }
      if !isOpen {
        current = Paragraph(firstLine: line, lastLine: line)
        current.followsTaken = sawTaken
        sawTaken = false
        isOpen = true
      }
      current.lastLine = line
      current.words += 1
      let id = Int(ids[position])
      if id == 0 {
        current.foreign += 1
      } else if id < table.count, table[id] != 0 {
        current.licensing += 1
        current.kinds |= table[id]
        current.marks |= marks[id]
      }
    }
    if isOpen { stretches.close(current, readsAsCode: readsAsCode) }
    stretches.closeRun()
    // Where no stretch grants and disclaims, only those that are terms on their own.
    let kept = stretches.found.filter { stretches.grantsAndDisclaims || $0.standsAlone }
    // Stretches that grow into each other become one.
    var merged: [ClosedRange<Int>] = []
    for stretch in kept.map({ stretches.extended($0.paragraphs, continues: continues) }) {
      if let last = merged.last, stretch.lowerBound <= last.upperBound + 1 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, stretch.upperBound)
      } else {
        merged.append(stretch)
      }
    }
    return merged
  }

  /// Whether the words of the whole text hold what a reported stretch needs: words of
  /// ``Settings/minimumKinds`` kinds, a word only license terms use, and grant words with
  /// warranty or liability words, or the words of a stretch that is terms on its own
  /// (``Marks/standAlone(_:)``). One pass of table lookups, without the paragraph
  /// bookkeeping, that rules out most source files.
  private func mayHoldAStretch(_ ids: [UInt32]) -> Bool {
    var present: UInt8 = 0
    var marked: UInt64 = 0
    return kinds.withUnsafeBufferPointer { kinds in
      marks.withUnsafeBufferPointer { marks in
        ids.withUnsafeBufferPointer { ids in
          // The two tables have one length, the last slot 0 for every larger id.
          let last = kinds.count - 1
          var start = 0
          // Words only add bits, so the answer is known once it is yes: a license's words
          // say so within its first blocks, and the rest is not read.
          while start < ids.count {
            let end = min(start + Self.wordsPerBlock, ids.count)
            for id in ids[start..<end] {
              let slot = min(Int(id), last)
              present |= kinds[slot]
              marked |= marks[slot]
            }
            if suffices(present: present, marked: marked) { return true }
            start = end
          }
          return false
        }
      }
    }
  }

  /// The words read between two tests of ``suffices(present:marked:)``.
  private static let wordsPerBlock = 256

  /// Whether licensing words of the `present` kinds and with the `marked` marks hold what a
  /// reported stretch needs (see ``mayHoldAStretch(_:)``).
  private func suffices(present: UInt8, marked: UInt64) -> Bool {
    guard present.nonzeroBitCount >= settings.minimumKinds else { return false }
    let granting = LicensingWord.grant.rawValue
    let disclaiming = LicensingWord.warranty.rawValue | LicensingWord.liability.rawValue
    guard present & (granting | disclaiming) != 0 else { return false }
    guard marked & Marks.termsOnly != 0 else { return false }
    return LicensingWord.grantsAndDisclaims(present) || Marks.standAlone(marked)
  }

  /// The stretches found so far and the run of paragraphs that may become the next one.
  private struct Stretches {
    let finder: UnknownTextFinder
    /// Every paragraph that has ended, in order.
    var paragraphs: [Paragraph] = []
    /// The stretches found, as ranges of `paragraphs`, and whether each is terms on its own.
    var found: [(paragraphs: ClosedRange<Int>, standsAlone: Bool)] = []
    var grantsAndDisclaims = false
    /// The run, as indexes of `paragraphs`.
    var run: [Int] = []
    var bridged = 0

    /// Ends the run: a stretch when what it says is enough.
    mutating func closeRun() {
      guard !run.isEmpty else { return }
      while let last = run.last, !finder.mayEnd(paragraphs[last]) { run.removeLast() }
      var start = 0
      while start < run.count, !finder.mayEnd(paragraphs[run[start]]) { start += 1 }
      if start < run.count {
        // What the paragraphs that count say (and the short ones between them).
        var words = 0
        var kinds: UInt8 = 0
        var marks: UInt64 = 0
        var counted = false
        for index in run[start...] {
          let paragraph = paragraphs[index]
          guard paragraph.counts || paragraph.isShort else { continue }
          words += paragraph.words
          kinds |= paragraph.kinds
          marks |= paragraph.marks
          counted = counted || paragraph.counts
        }
        let settings = finder.settings
        if words >= settings.minimumWords && kinds.nonzeroBitCount >= settings.minimumKinds
          && counted && marks & Marks.termsOnly != 0
        {
          found.append((run[start]...run[run.count - 1], Marks.standAlone(marks)))
          grantsAndDisclaims = grantsAndDisclaims || LicensingWord.grantsAndDisclaims(kinds)
        }
      }
      run.removeAll(keepingCapacity: true)
      bridged = 0
    }

    /// Adds a paragraph that has ended to the run, or ends the run.
    mutating func close(_ ended: Paragraph, readsAsCode: (ClosedRange<Int>) -> Bool) {
      var paragraph = ended
      paragraph.counts =
        finder.counts(paragraph)
        && !readsAsCode(Int(paragraph.firstLine)...Int(paragraph.lastLine))
      paragraphs.append(paragraph)
      let index = paragraphs.count - 1
      if paragraph.isShort {
        run.append(index)
      } else if paragraph.counts {
        run.append(index)
        bridged = 0
      } else if !run.isEmpty {
        bridged += 1
        if bridged > UnknownTextFinder.maximumBridge { closeRun() } else { run.append(index) }
      }
    }

    /// The lines of the stretch `found` (paragraph indexes) with the paragraphs around it
    /// that belong to it: no named match or list between, words of license text (at most
    /// ``maximumForeignShare`` identifiers), and `continues` true for their lines.
    func extended(
      _ found: ClosedRange<Int>, continues: (ClosedRange<Int>, ClosedRange<Int>) -> Bool
    ) -> ClosedRange<Int> {
      func lines(_ paragraph: Paragraph) -> ClosedRange<Int> {
        Int(paragraph.firstLine)...Int(paragraph.lastLine)
      }
      let stretch =
        Int(
          paragraphs[found.lowerBound].firstLine)...Int(
          paragraphs[found.upperBound].lastLine)
      func joins(_ paragraph: Paragraph) -> Bool {
        Double(paragraph.foreign) <= UnknownTextFinder.maximumForeignShare
          * Double(paragraph.words) && continues(lines(paragraph), stretch)
      }
      var first = found.lowerBound
      while first > 0, !paragraphs[first].followsTaken, joins(paragraphs[first - 1]) {
        first -= 1
      }
      var last = found.upperBound
      while last + 1 < paragraphs.count, !paragraphs[last + 1].followsTaken,
        joins(paragraphs[last + 1])
      {
        last += 1
      }
      return Int(paragraphs[first].firstLine)...Int(paragraphs[last].lastLine)
    }
  }
}

/// The kinds of licensing words ``UnknownTextFinder`` counts: a license-like text grants,
/// conditions, disclaims, limits liability, ends, and names its parties.
enum LicensingWord: UInt8, CaseIterable {
  case grant = 1
  case condition = 2
  case warranty = 4
  case liability = 8
  case ending = 16
  case party = 32

  /// Whether `kinds` (bits) hold grant words and warranty or liability words.
  static func grantsAndDisclaims(_ kinds: UInt8) -> Bool {
    kinds & grant.rawValue != 0 && kinds & (warranty.rawValue | liability.rawValue) != 0
  }

  /// The grant words that say a grant is made, in groups of one word's forms: two groups in
  /// one stretch are the words of a grant ("hereby grants", "permission is granted",
  /// "perpetual, irrevocable"), where prose about licenses names a permission once.
  static let grantTerms: [[String]] = [
    ["grant", "grants", "granted"], ["permission", "permissions", "permitted", "permit"],
    ["hereby"], ["irrevocable"], ["perpetual"], ["royalty"],
    ["sublicense", "sublicence", "sublicensable"], ["worldwide"], ["nonexclusive"],
  ]

  /// The words only license terms use, of the vocabulary's kinds: a license-like stretch
  /// holds one at least. The other licensing words are also those of everyday prose and of
  /// API documentation ("you may not change the path", "there is no guarantee that",
  /// "exclusive to one process", "is not permitted", "terminate the process"); "permission"
  /// is one, "permissions" is not: access control's plural ("grant read permissions to each
  /// member", "IAM permissions") fills the documentation of cloud tools.
  static let termsOnly: [String] = [
    "license", "licence", "licensed", "licenses", "licences", "sublicense", "sublicence",
    "sublicensable", "licensor", "licensors", "licensee", "licensees", "copyright", "royalty",
    "irrevocable", "hereby", "permission", "redistribute", "redistribution",
    "redistributions", "warranty", "warranties", "merchantability",
    "disclaim", "disclaims", "disclaimed", "disclaimer", "infringement", "noninfringement",
    "liability", "liable", "indemnify", "indemnification", "negligence", "tort", "jurisdiction",
  ]

  /// The folded words of each kind (a word may be of one kind only).
  static let vocabulary: [(LicensingWord, [String])] = [
    (
      .grant,
      [
        "license", "licence", "licensed", "licenses", "licences", "grant", "grants", "granted",
        "permission", "permissions", "permitted", "permit", "rights", "royalty", "sublicense",
        "sublicensable", "irrevocable", "perpetual", "worldwide", "exclusive", "nonexclusive",
        "transferable", "hereby", "authorized", "sublicence",
      ]
    ),
    (
      .condition,
      [
        "terms", "conditions", "condition", "redistribute", "redistribution", "redistributions",
        "distribute", "distributed", "distribution", "reproduce", "retain", "modify",
        "modified", "modification", "modifications", "derivative", "comply", "compliance",
        "restrictions", "restriction", "prohibited", "shall", "obligations", "accept",
        "agreement", "agree", "binding", "consent", "endorse", "promote", "provided", "may",
        "must", "not", "without", "written",
      ]
    ),
    (
      .warranty,
      [
        "warranty", "warranties", "merchantability", "fitness", "implied", "express",
        "expressly", "disclaim", "disclaims", "disclaimed", "disclaimer", "guarantee",
        "representations", "infringement", "noninfringement",
      ]
    ),
    (
      .liability,
      [
        "liability", "liable", "damages", "indemnify", "indemnification", "consequential",
        "incidental", "exemplary", "negligence", "tort", "contract", "loss", "losses", "harmless",
      ]
    ),
    (
      .ending,
      [
        "terminate", "terminated", "terminates", "termination", "governed", "governing",
        "jurisdiction", "courts", "breach", "laws", "enforceable", "survive", "arising",
      ]
    ),
    (
      .party,
      [
        "copyright", "licensor", "licensors", "licensee", "licensees", "holder", "holders",
        "owner", "party", "parties", "recipient", "recipients", "contributor", "contributors",
        "you", "we", "us",
      ]
    ),
  ]
}
