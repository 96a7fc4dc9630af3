import RegexEngine

/// Finds the catalog's clauses in documents.
///
/// Each rule runs only when one of its literals occurs in the document (or when it has none);
/// each pattern then makes one JIT pass over the folded text. A hit is kept unless one of the
/// rule's guards, or a benign look-alike that suppresses it, matches the same sentence. When a
/// pattern reaches its match limit on the whole text, it is run again sentence by sentence and
/// the sentences it still gives up on are reported as ``ScanIssue``s.
public struct ClauseScanner: Sendable {
  /// The rules this scanner runs.
  public let catalog: ClauseCatalog

  /// Creates a scanner for `catalog`.
  public init(catalog: ClauseCatalog) {
    self.catalog = catalog
  }

  /// Scans `text` (any text; it is cleaned, segmented and folded first).
  public func scan(_ text: String) -> ClauseScan {
    scan(ClauseText(text))
  }

  /// Scans a prepared document.
  public func scan(_ text: ClauseText) -> ClauseScan {
    let scratch = MatchScratch()
    var issues: [ScanIssue] = []
    var matches: [(rule: Int, sentences: [Int])] = []
    text.folded.withUnsafeBufferPointer { buffer in
      for (ruleIndex, rule) in catalog.rules.enumerated() {
        if !rule.literals.isEmpty
          && !rule.literals.contains(where: { LiteralSearch.contains(buffer, $0) })
        {
          continue
        }
        var sentences: Set<Int> = []
        for pattern in rule.patterns {
          sentences.formUnion(
            SentenceMatcher.sentences(
              matching: pattern, in: text, buffer: buffer, scratch: scratch, ruleID: rule.id,
              issues: &issues))
        }
        let kept = sentences.sorted().filter { sentence in
          !rule.guards.contains { guardPattern in
            SentenceMatcher.matches(
              guardPattern, sentence: sentence, in: text, buffer: buffer, scratch: scratch,
              ruleID: rule.id, issues: &issues)
          }
        }
        if !kept.isEmpty { matches.append((ruleIndex, kept)) }
      }
    }
    return assemble(matches, in: text, issues: issues)
  }

  private func assemble(
    _ matches: [(rule: Int, sentences: [Int])], in text: ClauseText, issues: [ScanIssue]
  ) -> ClauseScan {
    var suppressed: [Int: Set<String>] = [:]
    for (ruleIndex, sentences) in matches {
      let silenced = catalog.rules[ruleIndex].definition.suppresses ?? []
      guard !silenced.isEmpty else { continue }
      for sentence in sentences { suppressed[sentence, default: []].formUnion(silenced) }
    }
    var found: [(sentence: Int, hit: ClauseHit)] = []
    for (ruleIndex, sentences) in matches {
      let rule = catalog.rules[ruleIndex].definition
      for sentenceIndex in sentences where suppressed[sentenceIndex]?.contains(rule.id) != true {
        let sentence = text.sentences[sentenceIndex]
        let hit = ClauseHit(
          id: rule.id, freedoms: rule.freedoms.sorted(), severity: rule.severity,
          startLine: sentence.startLine, endLine: sentence.endLine,
          text: text.originalText(of: sentence), explanation: rule.rationale)
        found.append((sentenceIndex, hit))
      }
    }
    let ordered = found.sorted { ($0.sentence, $0.hit.id) < ($1.sentence, $1.hit.id) }.map(\.hit)
    return ClauseScan(
      hits: ordered.filter { $0.severity != .benign },
      benign: ordered.filter { $0.severity == .benign },
      issues: issues)
  }
}

/// Runs one pattern over a ``ClauseText`` and reports the sentences it matches.
enum SentenceMatcher {
  static func sentences(
    matching pattern: RegexEngine.Regex, in text: ClauseText, buffer: UnsafeBufferPointer<UInt8>,
    scratch: MatchScratch, ruleID: String, issues: inout [ScanIssue]
  ) -> Set<Int> {
    var found: Set<Int> = []
    do {
      try pattern.forEachMatch(in: buffer, scratch: scratch) { range, _ in
        if let sentence = text.sentenceIndex(containing: range.lowerBound) {
          found.insert(sentence)
        }
        return true
      }
      return found
    } catch {
      found = []
      for index in text.sentences.indices
      where matches(
        pattern, sentence: index, in: text, buffer: buffer, scratch: scratch, ruleID: ruleID,
        issues: &issues)
      {
        found.insert(index)
      }
      return found
    }
  }

  /// Whether `pattern` matches sentence `index`. A pattern that gives up is recorded as an
  /// issue and counts as not matching.
  static func matches(
    _ pattern: RegexEngine.Regex, sentence index: Int, in text: ClauseText,
    buffer: UnsafeBufferPointer<UInt8>, scratch: MatchScratch, ruleID: String,
    issues: inout [ScanIssue]
  ) -> Bool {
    let sentence = text.sentences[index]
    let slice = UnsafeBufferPointer(rebasing: buffer[sentence.folded])
    do {
      return try pattern.matches(slice, scratch: scratch)
    } catch {
      issues.append(
        ScanIssue(
          ruleID: ruleID, startLine: sentence.startLine, endLine: sentence.endLine,
          message: "\(error)"))
      return false
    }
  }
}
