import RegexEngine

/// Finds the catalog's clauses in documents.
///
/// One pass of a literal automaton over the folded text finds, for each rule, the sentences
/// that contain one of its literals; the rule's patterns then run only on those sentences (a
/// rule without literals runs on every sentence) that also hold one of its `requires`
/// literals, when it has any. The same pass notes which of the catalog's literal alternatives
/// (``RegexEngine/LiteralAlternatives``) each sentence holds: a pattern runs only on a sentence
/// holding one of its own. A hit is kept unless one of the rule's
/// guards, or a benign look-alike that suppresses it, matches the same sentence. A pattern that
/// reaches its match limit on a sentence is reported as a ``ScanIssue`` for that sentence.
public struct ClauseScanner: Sendable {
  /// The rules this scanner runs.
  public let catalog: ClauseCatalog
  private let automaton: LiteralAutomaton
  /// For each literal of the automaton, the rules it belongs to and the rules whose
  /// `requires` gate it belongs to, as bit masks over the rule indices: ``ruleMaskWords``
  /// words each, then as many for the gates.
  private let literalMasks: [UInt64]
  /// Words of one rule mask.
  private let ruleMaskWords: Int
  /// Words of one sentence's set of literals (one bit per literal of the automaton).
  private let literalWords: Int
  /// What the scan reads of each rule, in catalog order.
  private let plans: [RulePlan]
  /// For each rule, the indices of the rules whose hits anywhere in a document withdraw its
  /// own (its `unless_document_has`).
  private let withdrawnBy: [[Int]]
  /// Rules that some rule's `unless_document_has` names: they run even where their severity
  /// would not (grants in documents whose grants no verdict reads), to decide the condition.
  private let conditionRules: Set<Int>
  /// Which pattern groups match the sentences seen so far (see ``SentenceOutcomes``).
  private let outcomes = SentenceOutcomes()

  /// What a scan reads of one rule, shared by every document rather than copied per document
  /// (a ``ClauseRule`` holds a dozen arrays and strings to retain and release).
  private final class RulePlan: Sendable {
    let id: String
    let isGrant: Bool
    /// Whether the rule runs only on sentences holding one of its literals.
    let hasLiterals: Bool
    /// Whether the rule has a `requires` gate.
    let hasRequirement: Bool
    let patterns: PatternGroup
    let guards: PatternGroup
    let listIntros: PatternGroup
    let listItems: PatternGroup

    init(_ rule: ClauseRule, literalIndex: (_ literal: [UInt8]) -> Int) {
      id = rule.id
      isGrant = rule.definition.severity == .grant
      hasLiterals = !rule.literals.isEmpty
      hasRequirement = !rule.requirement.isEmpty
      patterns = PatternGroup(rule.patterns, literalIndex: literalIndex)
      guards = PatternGroup(rule.guards, literalIndex: literalIndex)
      listIntros = PatternGroup(rule.listIntros, literalIndex: literalIndex)
      listItems = PatternGroup(rule.listItems, literalIndex: literalIndex)
    }
  }

  /// Creates a scanner for `catalog`.
  public init(catalog: ClauseCatalog) {
    self.catalog = catalog
    var literals: [[UInt8]] = []
    var owners: [[Int]] = []
    var gates: [[Int]] = []
    var position: [[UInt8]: Int] = [:]
    func add(_ literal: [UInt8], rule: Int, asGate: Bool) {
      guard !literal.isEmpty else { return }
      let index: Int
      if let known = position[literal] {
        index = known
      } else {
        index = literals.count
        position[literal] = index
        literals.append(literal)
        owners.append([])
        gates.append([])
      }
      if asGate { gates[index].append(rule) } else { owners[index].append(rule) }
    }
    for (ruleIndex, rule) in catalog.rules.enumerated() {
      for literal in rule.literals { add(literal, rule: ruleIndex, asGate: false) }
      for literal in rule.requirement { add(literal, rule: ruleIndex, asGate: true) }
    }
    let plans = catalog.rules.map { rule in
      RulePlan(rule) { literal in
        if let known = position[literal] { return known }
        position[literal] = literals.count
        literals.append(literal)
        owners.append([])
        gates.append([])
        return literals.count - 1
      }
    }
    self.plans = plans
    let rulesOfID = Dictionary(grouping: catalog.rules.indices) { catalog.rules[$0].id }
    withdrawnBy = catalog.rules.map { rule in
      (rule.definition.unlessDocumentHas ?? []).flatMap { rulesOfID[$0] ?? [] }
    }
    conditionRules = Set(withdrawnBy.joined())
    literalWords = (literals.count + 63) / 64
    automaton = LiteralAutomaton(literals)
    let words = (catalog.rules.count + 63) / 64
    var masks = [UInt64](repeating: 0, count: literals.count * 2 * words)
    for literal in literals.indices {
      for rule in owners[literal] { masks[literal * 2 * words + rule >> 6] |= 1 << (rule & 63) }
      for rule in gates[literal] {
        masks[literal * 2 * words + words + rule >> 6] |= 1 << (rule & 63)
      }
    }
    literalMasks = masks
    ruleMaskWords = words
  }

  /// Scans `text` (any text; it is cleaned, segmented and folded first).
  public func scan(_ text: String) -> ClauseScan {
    scan(ClauseText(text))
  }

  /// Scans a prepared document; without `grants`, the grant rules (severity grant) are not
  /// run (for documents whose grants no verdict reads).
  public func scan(_ text: ClauseText, grants: Bool = true) -> ClauseScan {
    var matches: [(rule: Int, sentences: [Int])] = []
    let issues = text.folded.withUnsafeBufferPointer { buffer in
      let (candidates, gated, held) = candidateSentences(in: text, buffer: buffer)
      var matcher = SentenceMatcher(
        text: text, buffer: buffer, scratch: MatchScratch(), outcomes: outcomes,
        literals: SentenceLiterals(bits: held, words: literalWords))
      defer { matcher.remember() }
      for (ruleIndex, rule) in plans.enumerated() {
        if !grants && rule.isGrant && !conditionRules.contains(ruleIndex) { continue }
        var sentences = rule.hasLiterals ? candidates[ruleIndex] : Array(text.sentences.indices)
        if rule.hasRequirement {
          sentences = Self.intersection(sentences, gated[ruleIndex])
        }
        guard !sentences.isEmpty else { continue }
        let slot = ruleIndex * SentenceOutcomes.slotsPerRule
        // Patterns and guards also read an item of a list of prohibitions with the
        // prohibition (in rules with list intros too); list intros and items read it alone.
        var found = sentences.filter {
          matcher.anyMatches(
            rule.patterns, sentence: $0, ruleID: rule.id, slot: slot, inherit: true)
        }
        if !rule.listIntros.patterns.isEmpty {
          found = listHits(
            rule, slot: slot, candidates: sentences, found: found, matcher: &matcher)
        }
        let kept = found.filter {
          !matcher.anyMatches(
            rule.guards, sentence: $0, ruleID: rule.id, slot: slot + 1, inherit: true)
        }
        if !kept.isEmpty { matches.append((ruleIndex, kept)) }
      }
      return matcher.issues
    }
    return assemble(withdrawingConditional(matches, grants: grants), in: text, issues: issues)
  }

  /// `matches` without the hits of rules whose `unless_document_has` names a rule that
  /// matched in the document, and, without `grants`, without the grant rules that ran only to
  /// decide such a condition.
  private func withdrawingConditional(
    _ matches: [(rule: Int, sentences: [Int])], grants: Bool
  ) -> [(rule: Int, sentences: [Int])] {
    guard !conditionRules.isEmpty else { return matches }
    let present = Set(matches.map(\.rule))
    return matches.filter { match in
      if !grants && plans[match.rule].isGrant { return false }
      return !withdrawnBy[match.rule].contains { present.contains($0) }
    }
  }

  /// `found` plus the intros of the lists `rule` recognises among `candidates` (sentences
  /// that open a list, ``ClauseText/opensList(_:)``) and the items of those lists (all, or those matching its
  /// `list_items`), in order without repeats. `slot` is the rule's first slot in
  /// ``SentenceOutcomes``.
  private func listHits(
    _ rule: RulePlan, slot: Int, candidates: [Int], found: [Int],
    matcher: inout SentenceMatcher
  ) -> [Int] {
    let text = matcher.text
    var hits = Set(found)
    for intro in candidates
    where text.opensList(intro)
      && matcher.anyMatches(
        rule.listIntros, sentence: intro, ruleID: rule.id, slot: slot + 2, inherit: false)
    {
      hits.insert(intro)
      for item in text.listScope(after: intro)
      where rule.listItems.patterns.isEmpty
        || matcher.anyMatches(
          rule.listItems, sentence: item, ruleID: rule.id, slot: slot + 3, inherit: false)
      {
        hits.insert(item)
      }
    }
    return hits.sorted()
  }

  /// For each rule, the sentences (in order, without repeats) that contain one of its
  /// literals, and those that contain one of its `requires` literals; for each sentence, the
  /// literals it holds (``literalWords`` words of bits each).
  private func candidateSentences(in text: ClauseText, buffer: UnsafeBufferPointer<UInt8>)
    -> (candidates: [[Int]], gated: [[Int]], held: [UInt64])
  {
    let rules = catalog.rules.count
    guard !text.sentences.isEmpty else {
      return ([[Int]](repeating: [], count: rules), [[Int]](repeating: [], count: rules), [])
    }
    var held = [UInt64](repeating: 0, count: text.sentences.count * literalWords)
    let ends = text.sentences.map(\.folded.upperBound)
    let words = ruleMaskWords
    var found = [UInt64](repeating: 0, count: 2 * words)
    var collector = CandidateCollector(rules: rules, words: words, literalWords: literalWords)
    literalMasks.withUnsafeBufferPointer { masks in
      held.withUnsafeMutableBufferPointer { held in
        ends.withUnsafeBufferPointer { ends in
          found.withUnsafeMutableBufferPointer { found in
            collector.masks = masks
            collector.held = held
            collector.ends = ends
            collector.found = found
            automaton.forEachMatch(in: buffer, into: &collector)
            collector.flush()
          }
        }
      }
    }
    return (collector.candidates, collector.gated, held)
  }

  /// What ``candidateSentences(in:buffer:)`` gathers as the automaton reports occurrences:
  /// the rules whose literals (and gates) occur in the current sentence, one bit per rule,
  /// handed out when the sentence is left, so that an occurrence costs a few bit operations
  /// however many rules its literal belongs to; and the literals each sentence holds.
  private struct CandidateCollector: LiteralOccurrenceSink {
    /// For each rule, the sentences holding one of its literals, and one of its gates.
    var candidates: [[Int]]
    var gated: [[Int]]
    /// Words of one rule mask, and of one sentence's set of literals.
    let words: Int
    let literalWords: Int
    /// ``ClauseScanner/literalMasks``, the sentences' sets of literals, the end of each
    /// sentence in the folded text, and the rule masks of the current sentence (`2 * words`).
    var masks = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
    var held = UnsafeMutableBufferPointer<UInt64>(start: nil, count: 0)
    var ends = UnsafeBufferPointer<Int>(start: nil, count: 0)
    var found = UnsafeMutableBufferPointer<UInt64>(start: nil, count: 0)
    var sentence = 0

    init(rules: Int, words: Int, literalWords: Int) {
      candidates = [[Int]](repeating: [], count: rules)
      gated = [[Int]](repeating: [], count: rules)
      self.words = words
      self.literalWords = literalWords
    }

    mutating func occurrence(literal: Int, end: Int) {
      // Literals hold no line break, so an occurrence lies within one sentence.
      if sentence < ends.count - 1 && ends[sentence] < end {
        flush()
        while sentence < ends.count - 1 && ends[sentence] < end { sentence += 1 }
      }
      held[sentence * literalWords + literal >> 6] |= 1 << (literal & 63)
      let offset = literal * 2 * words
      for word in 0..<(2 * words) { found[word] |= masks[offset + word] }
    }

    /// Hands the rules found in the current sentence the sentence.
    mutating func flush() {
      for word in 0..<words {
        var rules = found[word]
        while rules != 0 {
          candidates[word << 6 | rules.trailingZeroBitCount].append(sentence)
          rules &= rules &- 1
        }
        var gates = found[words + word]
        while gates != 0 {
          gated[word << 6 | gates.trailingZeroBitCount].append(sentence)
          gates &= gates &- 1
        }
        found[word] = 0
        found[words + word] = 0
      }
    }
  }

  /// The elements of two ascending lists that both hold, in order.
  static func intersection(_ lhs: [Int], _ rhs: [Int]) -> [Int] {
    var result: [Int] = []
    var left = 0
    var right = 0
    while left < lhs.count && right < rhs.count {
      if lhs[left] == rhs[right] {
        result.append(lhs[left])
        left += 1
        right += 1
      } else if lhs[left] < rhs[right] {
        left += 1
      } else {
        right += 1
      }
    }
    return result
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
    let sorted = found.sorted { ($0.sentence, $0.hit.id) < ($1.sentence, $1.hit.id) }
    // A variant and its main rule may both find a sentence: one hit (they sort side by side).
    let ordered = sorted.indices.filter { index in
      index == 0 || sorted[index - 1].sentence != sorted[index].sentence
        || sorted[index - 1].hit.id != sorted[index].hit.id
    }.map { sorted[$0].hit }
    return ClauseScan(
      hits: ordered.filter { $0.severity.isRestrictive },
      benign: ordered.filter { $0.severity == .benign },
      grants: ordered.filter { $0.severity == .grant },
      issues: issues)
  }
}

/// Runs patterns over the sentences of one ``ClauseText``, collecting the places where a
/// pattern gave up, and answering from ``SentenceOutcomes`` for sentences seen before.
struct SentenceMatcher {
  /// The document.
  let text: ClauseText
  /// Its folded bytes.
  let buffer: UnsafeBufferPointer<UInt8>
  let scratch: MatchScratch
  /// Outcomes shared with the other documents of the scan; `nil` runs every pattern.
  let outcomes: SentenceOutcomes?
  /// The literals each sentence holds.
  let literals: SentenceLiterals
  /// Sentences on which a pattern reached its match limit.
  var issues: [ScanIssue] = []
  /// Per sentence, its known outcomes once looked up (`nil` before), and its key.
  private var entries: [SentenceOutcomes.Entry?]
  private var keys: [SentenceOutcomes.Key?]
  /// Per sentence, whether its entry gained outcomes in this document (to pass on).
  private var grown: [Bool]

  init(
    text: ClauseText, buffer: UnsafeBufferPointer<UInt8>, scratch: MatchScratch,
    outcomes: SentenceOutcomes? = nil, literals: SentenceLiterals
  ) {
    self.text = text
    self.buffer = buffer
    self.scratch = scratch
    self.outcomes = outcomes
    self.literals = literals
    let count = outcomes == nil ? 0 : text.sentences.count
    entries = Array(repeating: nil, count: count)
    keys = Array(repeating: nil, count: count)
    grown = Array(repeating: false, count: count)
  }

  /// Whether any of `patterns` (the group of `slot` in ``SentenceOutcomes``) matches sentence
  /// `index`. A pattern that gives up is recorded as an issue of rule `ruleID` and counts as
  /// not matching. With `inherit`, an item of a list of prohibitions is also read with the
  /// prohibition (``ClauseText/Sentence/context``).
  mutating func anyMatches(
    _ patterns: PatternGroup, sentence index: Int, ruleID: String, slot: Int, inherit: Bool
  ) -> Bool {
    guard !patterns.patterns.isEmpty else { return false }
    guard let outcomes, slot < SentenceOutcomes.slotCapacity else {
      return run(patterns, sentence: index, ruleID: ruleID, inherit: inherit)
    }
    var entry: SentenceOutcomes.Entry
    if let looked = entries[index] {
      entry = looked
    } else {
      let key = SentenceOutcomes.Key(sentenceBytes(index))
      keys[index] = key
      entry = outcomes.entry(for: key) ?? SentenceOutcomes.Entry()
    }
    if let known = entry.outcome(slot: slot) {
      entries[index] = entry
      return known
    }
    let issueCount = issues.count
    let matches = run(patterns, sentence: index, ruleID: ruleID, inherit: inherit)
    if issues.count == issueCount {
      grown[index] = true
      entry.record(slot: slot, matches: matches)
    }
    entries[index] = entry
    return matches
  }

  /// Passes the outcomes this document added on to ``outcomes``.
  func remember() {
    guard let outcomes else { return }
    for index in grown.indices where grown[index] {
      if let entry = entries[index], let key = keys[index] { outcomes.merge(entry, for: key) }
    }
  }

  /// The bytes a sentence's outcomes are known by: with the prohibition it inherits, if any.
  private func sentenceBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: buffer[text.sentences[index].matched])
  }

  /// Whether one of `group` matches the sentence, read alone or, for an item of a list of
  /// prohibitions, with the prohibition it inherits.
  private mutating func run(
    _ group: PatternGroup, sentence index: Int, ruleID: String, inherit: Bool
  ) -> Bool {
    let sentence = text.sentences[index]
    if run(group, on: sentence.folded, sentence: index, ruleID: ruleID) { return true }
    return inherit && sentence.context > 0
      && run(group, on: sentence.matched, sentence: index, ruleID: ruleID)
  }

  private mutating func run(
    _ group: PatternGroup, on range: Range<Int>, sentence index: Int, ruleID: String
  ) -> Bool {
    let sentence = text.sentences[index]
    let slice = UnsafeBufferPointer(rebasing: buffer[range])
    for (pattern, alternatives) in zip(group.patterns, group.alternatives) {
      // A sentence without any of the pattern's literal alternatives cannot match it.
      if let alternatives, !literals.holdsAny(of: alternatives, sentence: index) { continue }
      do {
        if try pattern.matches(slice, scratch: scratch) { return true }
      } catch {
        issues.append(
          ScanIssue(
            ruleID: ruleID, startLine: sentence.startLine, endLine: sentence.endLine,
            message: "\(error)"))
      }
    }
    return false
  }
}

/// Patterns of one kind of a rule (its patterns, guards, list intros or list items), each with
/// the automaton literals one of which every match of it holds (`nil`: no such set known).
struct PatternGroup: Sendable {
  let patterns: [RegexPattern]
  let alternatives: [[Int32]?]

  /// The longest prefix of an alternative the automaton looks for: a sentence holding an
  /// alternative holds its prefix, and short prefixes keep the automaton small (its states
  /// grow with the bytes of all literals; its table is read at every byte of every text).
  static let prefixLength = 10

  init(_ patterns: [RegexPattern], literalIndex: (_ literal: [UInt8]) -> Int) {
    self.patterns = patterns
    alternatives = patterns.map { pattern in
      pattern.literalAlternatives.map { strings in
        Array(Set(strings.map { Int32(literalIndex(Array($0.prefix(Self.prefixLength)))) }))
          .sorted()
      }
    }
  }
}

/// For each sentence of a document, the automaton literals it holds, as bits.
struct SentenceLiterals {
  let bits: [UInt64]
  /// Words per sentence.
  let words: Int

  /// Whether sentence `sentence` holds one of `literals`.
  func holdsAny(of literals: [Int32], sentence: Int) -> Bool {
    let base = sentence * words
    guard base + words <= bits.count else { return true }
    return literals.contains { literal in
      bits[base + Int(literal) >> 6] & (1 << (UInt64(literal) & 63)) != 0
    }
  }
}
