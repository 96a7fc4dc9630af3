import LicenseCorpus
import LicenseText

/// Finds the rules the LicenseDB files as `LICENSE WITH EXCEPTION` whose words are the
/// exception's own text and nothing more: the license is the LicenseDB's inference, not
/// something the text states (SPDX's test text of an exception, an exception paragraph in a
/// header whose license notice is matched on its own). Such a rule names the exception alone.
///
/// A rule is the exception alone when it holds at least ``minimumTokens`` words, and at most
/// ``maximumOtherTokens`` of them (and at most a tenth) lie outside every word 3-gram of the
/// exception's texts (its `.LICENSE` text and the rules whose expression is the exception
/// alone), none of which is a word of a license statement (``statementWords``: a rule that
/// says the work is under the license, with this exception, states the license). A
/// placeholder for the license's text (SPDX's "insert ... text here") is not the license's
/// text.
struct ExceptionAlone {
  /// Rules shorter than this are names of the whole expression, not texts.
  static let minimumTokens = 20
  /// Words of a rule that may lie outside the exception's texts (a heading, a URL).
  static let maximumOtherTokens = 10
  /// A placeholder runs from "insert" to "here" within this many words.
  static let placeholderTokens = 8
  /// Words that state a license when they lie outside the exception's text.
  static let statementWords = [
    "licensed", "license", "licence", "under", "released", "distributed", "terms", "with",
    "identifier", "spdx",
  ]

  private let statement: Set<UInt64>
  private let insert = TokenHash.hash("insert")
  private let here = TokenHash.hash("here")

  init() {
    statement = Set(Self.statementWords.map { TokenHash.hash($0) })
  }

  /// For each index of `sources` that is an exception alone, the exception's key; `isException`
  /// says which license keys are exceptions, `hashes` gives a source's word hashes (asked only
  /// of the rules filed with an exception and of the exceptions' own texts).
  func exceptionKeys(
    of sources: [RuleRecord], isException: (String) -> Bool, hashes: (Int) -> [UInt64]
  ) -> [Int: String] {
    var candidates: [(source: Int, exception: String)] = []
    for (position, source) in sources.enumerated() {
      guard let exception = Self.exception(of: source.expression), isException(exception)
      else { continue }
      candidates.append((position, exception))
    }
    guard !candidates.isEmpty else { return [:] }
    let wanted = Set(candidates.map(\.exception))
    var exceptionGrams: [String: Set<Gram>] = [:]
    for (position, source) in sources.enumerated() where wanted.contains(source.expression) {
      exceptionGrams[source.expression, default: []].formUnion(Self.grams(of: hashes(position)))
    }
    var found: [Int: String] = [:]
    for (source, exception) in candidates {
      let words = hashes(source)
      guard words.count >= Self.minimumTokens, let grams = exceptionGrams[exception],
        isAlone(words, exceptionGrams: grams)
      else { continue }
      found[source] = exception
    }
    return found
  }

  /// The exception of an expression `LICENSE WITH EXCEPTION` (no other operator), or nil.
  static func exception(of expression: String) -> String? {
    let words = ExpressionKeys.words(in: expression)
    guard words.count == 3, words[1].uppercased() == "WITH",
      !ExpressionKeys.isOperator(words[0]), !ExpressionKeys.isOperator(words[2])
    else { return nil }
    return words[2]
  }

  /// Whether the words `hashes` are the exception's text (grams `exceptionGrams`) alone.
  func isAlone(_ hashes: [UInt64], exceptionGrams: Set<Gram>) -> Bool {
    var covered = [Bool](repeating: false, count: hashes.count)
    for start in 0..<max(0, hashes.count - 2)
    where exceptionGrams.contains(Gram(hashes[start], hashes[start + 1], hashes[start + 2])) {
      covered[start] = true
      covered[start + 1] = true
      covered[start + 2] = true
    }
    markPlaceholders(hashes, covered: &covered)
    var other = 0
    for (position, isCovered) in covered.enumerated() where !isCovered {
      if statement.contains(hashes[position]) { return false }
      other += 1
    }
    return other <= Self.maximumOtherTokens && other * 10 <= hashes.count
  }

  /// Marks "insert ... here" (at most ``placeholderTokens`` words) as covered.
  private func markPlaceholders(_ hashes: [UInt64], covered: inout [Bool]) {
    for start in hashes.indices where hashes[start] == insert {
      let limit = min(hashes.count, start + Self.placeholderTokens + 1)
      guard let end = hashes[start..<limit].firstIndex(of: here) else { continue }
      for position in start...end { covered[position] = true }
    }
  }

  /// The distinct word 3-grams of `hashes`.
  static func grams(of hashes: [UInt64]) -> Set<Gram> {
    var grams = Set<Gram>()
    for start in 0..<max(0, hashes.count - 2) {
      grams.insert(Gram(hashes[start], hashes[start + 1], hashes[start + 2]))
    }
    return grams
  }

  /// Three consecutive word hashes.
  struct Gram: Hashable {
    var first: UInt64
    var second: UInt64
    var third: UInt64

    init(_ first: UInt64, _ second: UInt64, _ third: UInt64) {
      self.first = first
      self.second = second
      self.third = third
    }
  }
}
