import LicenseText

/// Where a clean reference license text states its benign and grant clauses, by line, with
/// the lines of its first and last word. A file that reproduces the text verbatim over as
/// many lines states each clause at the same distance from its first word, so the clause can
/// be quoted from the file's own lines instead of by the license's name (see
/// ``ClauseAnalysis/profileHits(_:text:lines:)``).
public struct ReferencePlaces: Sendable, Equatable {
  /// The lines of the text's first and last word.
  public var words: ClosedRange<Int>
  /// The lines of the first statement of each clause id.
  public var clauses: [String: ClosedRange<Int>]

  /// Creates the places of a text whose words span the lines `words`, stating each clause
  /// of `clauses` at its lines (the first statement of an id counts).
  public init(words: ClosedRange<Int>, clauses: [(id: String, lines: ClosedRange<Int>)]) {
    self.words = words
    var first: [String: ClosedRange<Int>] = [:]
    for clause in clauses where first[clause.id] == nil { first[clause.id] = clause.lines }
    self.clauses = first
  }

  /// The lines that state `id` in a file whose lines `span` reproduce the text verbatim:
  /// the text's own lines shifted to the span, when the span has as many lines as the text's
  /// words; `nil` otherwise (the file is laid out differently) or when the text does not
  /// state `id`.
  public func lines(of id: String, inFileSpan span: ClosedRange<Int>) -> ClosedRange<Int>? {
    guard let own = clauses[id], span.count == words.count else { return nil }
    let shift = span.lowerBound - words.lowerBound
    return (own.lowerBound + shift)...(own.upperBound + shift)
  }

  /// The lines of the first and last line of `text` that hold a letter, a digit or a
  /// non-ASCII byte (1-based, lines as ``LineBreaks`` counts them); `1...1` for a text
  /// without any.
  static func wordLines(_ text: [UInt8]) -> ClosedRange<Int> {
    let ranges = ClauseAnalysis.lineRanges(text)
    func holdsWord(_ line: Int) -> Bool {
      text[ranges[line]].contains { byte in
        let lower = byte | 0x20
        return byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A)
      }
    }
    let lines = 1..<ranges.count
    guard let first = lines.first(where: holdsWord), let last = lines.last(where: holdsWord)
    else { return 1...1 }
    return first...last
  }

  /// The places as a profile field: `FIRST-LAST`, then `,START-END` for each id of `ids` in
  /// that order (`0-0` for an id the text does not state).
  func encoded(ids: [String]) -> String {
    func range(_ lines: ClosedRange<Int>?) -> String {
      guard let lines else { return "0-0" }
      return "\(lines.lowerBound)-\(lines.upperBound)"
    }
    return ([range(words)] + ids.map { range(clauses[$0]) }).joined(separator: ",")
  }

  /// Reads a field written by ``encoded(ids:)`` for the same `ids`; `nil` when it is not one.
  init?(encoded field: ArraySlice<UInt8>, ids: [String]) {
    var ranges: [ClosedRange<Int>?] = []
    for part in field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
      let bounds = part.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
      guard bounds.count == 2, let low = Self.number(bounds[0]), let high = Self.number(bounds[1]),
        low <= high
      else { return nil }
      ranges.append(low == 0 ? nil : low...high)
    }
    guard ranges.count == ids.count + 1, let words = ranges[0] else { return nil }
    self.words = words
    var clauses: [String: ClosedRange<Int>] = [:]
    for (id, lines) in zip(ids, ranges.dropFirst()) {
      if let lines { clauses[id] = lines }
    }
    self.clauses = clauses
  }

  /// The decimal number `digits` spells (at most 9 digits); `nil` otherwise.
  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    var value = 0
    for digit in digits {
      guard digit >= 0x30, digit <= 0x39 else { return nil }
      value = value * 10 + Int(digit - 0x30)
    }
    return value
  }
}
