import LicenseIndex
import LicenseText

/// Finds the regions of a text that enumerate licenses (``LicenseList``): tables of SPDX ids
/// and names in code or data (JSON, Python, JavaScript, YAML), Markdown tables, trove
/// classifier lists, the options of an HTML select.
///
/// It runs after matching, on the matches: a list starts where a short match (a license
/// name or id on one to three lines, found by a reference rule) sits on a line that does
/// not state a license (``ListLines/isStatement(_:)``). That is the cheap first gate: most
/// files have no such match and cost nothing more. From those lines the region grows to the
/// lines nearby (at most ``maximumGap`` lines apart) that also name licenses, by a match or
/// by an id or key written on them (or that hold the word "license" or "exception", as names
/// of licenses newer than the LicenseDB do: such lines join a list but do not count in it),
/// and stops at any other match (a license text, a notice,
/// an `SPDX-License-Identifier` tag) and at statements. A region is a list when it names at
/// least ``minimumNames`` distinct licenses and no license takes more than ``maximumShare``
/// of its mentions (the distinct licenses of each line, added up): a list names each license once or twice, where a file of real
/// statements (a dependency notice, a Debian copyright file) names a few licenses again and
/// again.
struct LicenseListDetector: Sendable {
  /// Distinct licenses a list names at least.
  static let minimumNames = 5
  /// Lines without a license name that may separate two naming lines of one list (a Python
  /// table of `License(...)` entries holds one id in up to six lines).
  static let maximumGap = 6
  /// The largest share of a list's mentions (each line's distinct licenses) one license takes.
  static let maximumShare = 1.0 / 3
  /// Lines a match may span and still be a name in a list (a JSON object that gives a
  /// license's id, short name and name on lines of their own).
  static let shortMatchLines = 5

  private let index: LicenseIndex
  /// The ids and keys of the index, read on the first file that has candidate names (most
  /// files have none, and a scan of one file should not pay for every license's ids).
  private let reader = MadeOnFirstUse<ListLines>()

  /// Creates a detector over the ids and keys of `index`.
  init(index: LicenseIndex) { self.index = index }

  /// Whether `match` may be a license's name or id in a list: a reference or rule match on a
  /// few lines, or a text match on one line (not an exact file or a tag).
  static func mayBeName(_ match: LicenseMatch) -> Bool {
    switch match.kind {
    case .rule: return match.endLine - match.startLine < shortMatchLines
    // A license text matched on one line is a name that reads like a short text (a name
    // that ends in "with Warranty Disclaimer").
    case .ngram: return match.startLine == match.endLine
    case .exact, .tag, .clauseScan: return false
    }
  }

  /// The license lists of `text`, whose licenses are `matches`.
  func lists(in matches: [LicenseMatch], text: UnsafeBufferPointer<UInt8>) -> [LicenseList] {
    let names = matches.filter(Self.mayBeName)
    guard !names.isEmpty else { return [] }
    // The lines are read as far as the matches and the lists growing from them reach: a
    // license header's names sit in the first lines of a long source file.
    var table = LineTable(text: text)
    func content(_ line: Int) -> UnsafeBufferPointer<UInt8>.SubSequence {
      text[table.range(of: line)]
    }
    func lines(of match: LicenseMatch) -> ClosedRange<Int> {
      let last = table.lastLine(upTo: max(1, match.endLine))
      return min(max(1, match.startLine), last)...last
    }

    // Statements first: most short matches of license files are `License:` fields, and a file
    // whose short matches all state licenses has no list.
    var statements: [LicenseMatch] = []
    var candidates: [LicenseMatch] = []
    for match in names {
      if lines(of: match).contains(where: { ListLines.isStatement(content($0)) }) {
        statements.append(match)
      } else {
        candidates.append(match)
      }
    }
    guard !candidates.isEmpty else { return [] }
    let reader = self.reader.value { ListLines(index: index) }
    // Lines no list may hold: other matches, and statements.
    var barriers = [Bool](
      repeating: false, count: table.lastLine(upTo: matches.map(\.endLine).max() ?? 1) + 1)
    for match in matches where !Self.mayBeName(match) {
      for line in lines(of: match) { barriers[line] = true }
    }
    for match in statements { for line in lines(of: match) { barriers[line] = true } }
    var named: [Int: [String]] = [:]
    // A match over several lines names its license once, on its first line; a rule that
    // names several licenses at once (`A AND B`) counts as one name, its first license.
    var seenRules = Set<String>()
    func isBarrier(_ line: Int) -> Bool { line < barriers.count && barriers[line] }
    for match in candidates where !lines(of: match).contains(where: isBarrier) {
      guard seenRules.insert("\(match.startLine) \(match.rule)").inserted else { continue }
      for line in lines(of: match) where named[line] == nil {
        named[line] = reader.keys(in: content(line))
      }
      let first = lines(of: match).lowerBound
      if !named[first, default: []].contains(match.license.key) {
        named[first, default: []].append(match.license.key)
      }
    }
    guard !named.isEmpty else { return [] }

    // Grow through the lines nearby that name licenses by their ids.
    var examined = Set(named.keys)
    var queue = Array(named.keys)
    while let line = queue.popLast() {
      let low = max(1, line - Self.maximumGap)
      let high = table.lastLine(upTo: line + Self.maximumGap)
      guard low <= high else { continue }
      for other in low...high where !isBarrier(other) && examined.insert(other).inserted {
        let line = content(other)
        let keys = reader.keys(in: line)
        if (!keys.isEmpty || ListLines.mayHoldName(line)) && !ListLines.isStatement(line) {
          named[other] = keys
          queue.append(other)
        }
      }
    }
    return regions(named, isBarrier: isBarrier)
  }

  /// The runs of naming lines at most ``maximumGap`` lines apart with no barrier between
  /// them that qualify as lists.
  private func regions(_ named: [Int: [String]], isBarrier: (Int) -> Bool) -> [LicenseList] {
    let ordered = named.keys.sorted()
    var lists: [LicenseList] = []
    var run: [Int] = []
    func close() {
      defer { run = [] }
      guard let first = run.first, let last = run.last else { return }
      var counts: [String: Int] = [:]
      var mentions = 0
      for line in run {
        let keys = named[line] ?? []
        mentions += keys.count
        for key in keys { counts[key, default: 0] += 1 }
      }
      guard counts.count >= Self.minimumNames,
        Double(counts.values.max() ?? 0) <= Self.maximumShare * Double(mentions)
      else { return }
      lists.append(LicenseList(startLine: first, endLine: last, names: counts.count))
    }
    for line in ordered {
      if let last = run.last,
        line - last > Self.maximumGap + 1 || (last + 1..<line).contains(where: isBarrier)
      {
        close()
      }
      run.append(line)
    }
    close()
    return lists
  }
}

/// The byte ranges of a text's lines, by the ``LineBreaks`` rule, read only as far as they
/// are asked for.
private struct LineTable {
  private let text: UnsafeBufferPointer<UInt8>
  private var lines: LineBreaks.Lines
  /// The ranges read so far, by 1-based line number (slot 0 unused).
  private var ranges: [Range<Int>] = [0..<0]
  private var isComplete = false

  init(text: UnsafeBufferPointer<UInt8>) {
    self.text = text
    lines = LineBreaks.lines(of: text)
  }

  /// `line`, or the text's last line when it has fewer (reading on as far as needed).
  mutating func lastLine(upTo line: Int) -> Int {
    while !isComplete && ranges.count <= line {
      if let next = lines.next() { ranges.append(next.range) } else { isComplete = true }
    }
    return min(line, ranges.count - 1)
  }

  /// The byte range of `line` (from 1 to ``lastLine(upTo:)``).
  mutating func range(of line: Int) -> Range<Int> {
    ranges[lastLine(upTo: line)]
  }
}
