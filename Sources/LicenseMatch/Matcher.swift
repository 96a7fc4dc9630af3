import LicenseCorpus
import LicenseIndex
import LicenseText
import RegexEngine

/// Identifies the licenses in one text against a ``LicenseIndex``: exact whole-text match,
/// `SPDX-License-Identifier` tags, then n-gram candidate selection and alignment, accepting
/// the best match, removing its span and continuing, so that several licenses in one file
/// (or one buried in a README) are all found.
///
/// Candidates are runs of a rule's anchor grams, not whole rules: a rule is aligned around
/// the runs where its anchors gather, and where dozens of near-identical rules compete for
/// one stretch, only those whose anchors promise the best matches are aligned first
/// (``CandidateRunSelection``); the others only where those fall short.
///
/// Last, the regions that enumerate licenses (``LicenseListDetector``) are reported as
/// ``IdentificationResult/lists`` and the matches inside them are dropped.
///
/// A matcher holds scratch buffers; use one per thread.
public struct Matcher {
  /// Tokens per window for long files.
  static let windowSize = 1 << 17
  /// Overlap between windows; larger than the longest reference text.
  static let windowOverlap = 1 << 15
  /// Matches of at least this many tokens whose coverage is too low to name a license are
  /// reported as `LicenseRef-unknown`.
  static let unknownMinimumTokens = 40
  /// A reference text matched below this coverage (accepted because the LicenseDB asks less
  /// of it than of other texts) leaves its lines to the unknown-text finder: a text that
  /// holds only part of its reference's words is license text of its own as well.
  static let partialTextCoverage = 0.8

  private let index: LicenseIndex
  private let tags = SPDXTagFinder()
  private let listDetector: LicenseListDetector
  private let unknownText: UnknownTextFinder
  private let expressions: SPDXExpressions
  private let regexScratch = MatchScratch()
  private var window = QueryWindow()
  private var aligner = Aligner()
  /// Per rule, its anchor hits in the current window (counts reset after each selection).
  private var anchorRuns: [AnchorRun]
  /// Per rule, what candidate selection needs of it (read for every rule an anchor touches).
  private let selection: [SelectionNeeds]
  private var touchedRules: [Int32] = []
  /// The anchor runs of the current window that make their rules candidates.
  private var candidateRuns: [CandidateRun] = []
  private var runSelection = CandidateRunSelection()
  /// Where the rule being verified may match: around the runs chosen for it.
  private var allowedSpans: ArraySlice<ClosedRange<Int>> = []
  /// Whether every gram of the rule last verified occurs more often in the window than
  /// candidate selection samples: its text may repeat where no run of it was seen.
  private var ruleRepeats = false
  /// For each window position, the size of the largest dense match covering it.
  private let explainedBy = ScratchBuffer<UInt32>()
  /// The largest value in `explainedBy`: rules more than half its size skip that test.
  private var largestExplained: UInt32 = 0
  /// The complete, dense matches (coverage 0.99, density 0.9) found so far in the window.
  private var complete = ContainingSpans<CompleteMatch>()
  /// Window positions that are hits of the current rule, as bits (in order without sorting).
  private let hitBits = ScratchBuffer<UInt64>()
  /// Per rule gram: its first position in the window and how often it occurs there.
  private let ruleGramStarts = ScratchBuffer<Int32>()
  private let ruleGramCounts = ScratchBuffer<Int32>()
  private var hitPositions: [Int32] = []
  /// For each hit of the current rule, the first rule position of its gram.
  private let ruleAt = ScratchBuffer<Int32>()
  /// For each rule position, the next one with the same gram (-1: none), and the last of each
  /// such chain.
  private let sameGram = ScratchBuffer<Int32>()
  private let sameGramLast = ScratchBuffer<Int32>()
  private let licensingContext: Set<UInt32>
  /// The words of "the terms of the", which do not count among the words before a reference
  /// that may hold a licensing word.
  private let termsOfWords: Set<UInt32>
  /// For each token id, whether some two-word rule begins with it.
  private let pairFirstWords: [Bool]
  /// The token id of "licenses" (0 when not in the vocabulary).
  private let licensesWord: UInt32
  /// The articles ("the", "a", "an"): a pair that starts with one is a sentence's words,
  /// wrapped onto a line of their own ("incompatible with / the GPL."), never a title.
  private let articleWords: Set<UInt32>
  /// The line of each token of the current window.
  private var windowLines: ArraySlice<UInt32> = []
  /// The words that are version numbers: the digits, alone or followed by `+`.
  private let numberTokens: Set<UInt32>
  /// Per rule, whether its last word is one a Creative Commons name ends with before its
  /// elements ("CC-BY", "Attribution"): such a rule may be a name cut short
  /// (``isCutShort(_:ids:elements:)``).
  private let endsWithAttribution: [Bool]
  /// The elements that follow them in the names of the other Creative Commons licenses: NC,
  /// SA, ND, NonCommercial, ShareAlike, NoDerivs.
  private let elementWords: Set<UInt32>
  /// Per rule, the clue its match is without a licensing word before it: `url` for a link to
  /// a license page, `reference` for a pointer to a license file; nil for the others.
  private let clueRules: [LicenseClue.Kind?]
  /// Clues one file reports at most.
  static let maximumClues = 50
  /// Rules that start with a link and hold at most this many words are a link alone.
  static let linkTokens = 8
  /// Reference and notice rules of at most this many words are a license's name or a phrase of
  /// a sentence (see `Found.isName`).
  static let nameTokens = 8
  /// Reference rules this short name a license only after a licensing word (see
  /// ``hasLicensingContext(_:)``).
  static let shortReferenceTokens = 4
  /// How far before a short reference a licensing word is looked for at most (see
  /// ``hasLicensingWordBefore(_:pair:)``).
  static let licensingWordReach = 6

  /// Creates a matcher over `index`; `unknownText` says what makes text that matches no
  /// reference license-like (``UnknownTextFinder``).
  public init(index: LicenseIndex, unknownText: UnknownTextFinder.Settings = .standard) {
    self.index = index
    expressions = SPDXExpressions(index: index)
    listDetector = LicenseListDetector(index: index)
    self.unknownText = UnknownTextFinder(index: index, settings: unknownText)
    anchorRuns = Array(repeating: AnchorRun(), count: index.ruleCount)
    selection = (0..<index.ruleCount).map { SelectionNeeds(index.rule($0)) }
    licensingContext = Self.tokenIDs(
      ["license", "licensed", "licenses", "licensing", "under", "spdx", "identifier"], in: index)
    licensesWord = index.tokenID(forWordHash: TokenHash.hash("licenses"))
    articleWords = Self.tokenIDs(["the", "a", "an"], in: index)
    termsOfWords = Self.tokenIDs(["the", "terms", "of"], in: index)
    let firstWords = index.pairFirstWords
    var starts = [Bool](repeating: false, count: Int(firstWords.last ?? 0) + 1)
    for word in firstWords { starts[Int(word)] = true }
    pairFirstWords = starts
    let numbers = (0...9).flatMap { ["\($0)", "\($0)+"] }
    numberTokens = Self.tokenIDs(numbers, in: index)
    let attributionWords = Self.tokenIDs(["by", "attribution"], in: index)
    endsWithAttribution = (0..<index.ruleCount).map { ruleID in
      index.ruleTokens(ruleID).last.map(attributionWords.contains) ?? false
    }
    elementWords = Self.tokenIDs(
      [
        "nc", "sa", "nd", "noncommercial", "non", "sharealike", "share", "noderivatives",
        "noderivs", "no",
      ], in: index)
    let statementWords = Self.tokenIDs(["licensed", "licensing", "under"], in: index)
    let linkWords = Self.tokenIDs(["http", "https", "www"], in: index)
    let unknownReference = index.licenseIndex(forKey: "unknown-license-reference").map(UInt32.init)
    clueRules = (0..<index.ruleCount).map { ruleID in
      let rule = index.rule(ruleID)
      guard rule.kind == RuleKind.reference.rawValue else { return nil }
      // A link alone ("https://opensource.org/licenses/MIT"), not a link and a name.
      if let first = index.ruleTokens(ruleID).first, linkWords.contains(first),
        rule.tokenCount <= UInt32(Self.linkTokens)
      {
        return .url
      }
      // "See LICENSE" points at a license; "licensed under the terms in LICENSE" states one.
      let licenses = index.licenseIndexes(ofRule: ruleID)
      guard let unknownReference, licenses.count == 1, licenses[0] == unknownReference else {
        return nil
      }
      let states = index.ruleTokens(ruleID).contains(where: statementWords.contains)
      return states ? nil : .reference
    }
  }

  /// The token ids of those of `words` in the vocabulary of `index`.
  private static func tokenIDs(_ words: [String], in index: LicenseIndex) -> Set<UInt32> {
    Set(words.map { index.tokenID(forWordHash: TokenHash.hash($0)) }.filter { $0 != 0 })
  }

  /// Identifies the licenses in `stream`, the tokens of UTF-8 `text`.
  public mutating func identify(_ stream: TokenStream, text: UnsafeBufferPointer<UInt8>)
    -> IdentificationResult
  {
    var ids = [UInt32](repeating: 0, count: stream.count)
    for position in 0..<stream.count {
      ids[position] = index.tokenID(forWordHash: stream.hashes[position])
    }

    if let exact = exactMatch(ids, stream: stream) { return exact }

    var found: [Found] = []
    // The lines that hold a tag, by line number (empty when none does).
    var isTagged: [Bool] = []
    for tag in tags.tags(in: text, scratch: regexScratch) {
      let licenses = expressions.licenses(inSPDX: tag.expression)
      // A license's name spelled out where the id belongs: its first word alone is no id
      // the LicenseDB knows, and its line is read as text instead.
      if tag.isFollowedByWords && licenses.contains(where: { $0.key == SPDXExpressions.unknownKey })
      {
        continue
      }
      if isTagged.isEmpty { isTagged = [Bool](repeating: false, count: stream.lineCount + 2) }
      if tag.line >= 0 && tag.line < isTagged.count { isTagged[tag.line] = true }
      let canonical = expressions.canonical(tag.expression)
      for license in licenses {
        found.append(
          Found(
            match: LicenseMatch(
              license: license, startLine: tag.line, endLine: tag.line, coverage: 1, score: 1,
              kind: .tag, rule: tag.field),
            expression: canonical, firstToken: -1))
      }
    }
    if !isTagged.isEmpty {
      for position in 0..<ids.count {
        let line = Int(stream.lines[position])
        if line < isTagged.count && isTagged[line] { ids[position] = 0 }
      }
    }

    var windowStart = 0
    // The last token of the matches reported so far: a match of a later window that ends
    // before it is the tail of one an earlier window reported whole.
    var reportedUntil = -1
    while windowStart < ids.count {
      let windowEnd = min(ids.count, windowStart + Self.windowSize)
      let isLast = windowEnd == ids.count
      let ownEnd = isLast ? windowEnd : windowEnd - Self.windowOverlap
      window.load(ids[windowStart..<windowEnd], index: index)
      windowLines = stream.lines[windowStart..<windowEnd]
      var windowUntil = reportedUntil
      for item in matchWindow()
      where windowStart + item.queryStart < ownEnd && windowStart + item.queryEnd > reportedUntil {
        found.append(contentsOf: describe(item, offset: windowStart, stream: stream))
        windowUntil = max(windowUntil, windowStart + item.queryEnd)
      }
      reportedUntil = windowUntil
      if isLast { break }
      windowStart = ownEnd
    }
    found.sort { ($0.match.startLine, $0.firstToken) < ($1.match.startLine, $1.firstToken) }
    var clues = found.filter { $0.clue != nil }
    found.removeAll { $0.clue != nil }
    // Licenses named in a list of licenses are not the file's.
    let lists = listDetector.lists(in: found.map(\.match), text: text)
    if !lists.isEmpty {
      found.removeAll { item in
        item.match.kind != .tag && lists.contains { $0.contains(item.match) }
      }
      clues.removeAll { item in lists.contains { $0.contains(item.match) } }
    }
    addUnknownText(to: &found, lists: lists, ids: ids, stream: stream, text: text)
    var identification = result(from: found)
    identification.lists = lists
    identification.clues = clues.prefix(Self.maximumClues).map {
      LicenseClue(
        license: $0.match.license, startLine: $0.match.startLine, endLine: $0.match.endLine,
        kind: $0.clue ?? .name, rule: $0.match.rule)
    }
    return identification
  }

  // MARK: - Exact

  private func exactMatch(_ ids: [UInt32], stream: TokenStream) -> IdentificationResult? {
    guard ids.count >= IndexBuilder.minimumRuleTokens, !ids.contains(0) else { return nil }
    let hash = ids.withUnsafeBufferPointer { Grams.sequenceHash($0) }
    guard let ruleID = index.exactRule(forSequenceHash: hash) else { return nil }
    let rule = index.rule(ruleID)
    guard index.ruleTokens(ruleID).elementsEqual(ids) else { return nil }
    if rule.kind == RuleKind.falsePositive.rawValue {
      return IdentificationResult(licenses: [], expression: nil)
    }
    let expression = expressions.spdxExpression(forLicenseDB: index.expression(ofRule: ruleID))
    let matches = index.licenseIndexes(ofRule: ruleID).map {
      LicenseMatch(
        license: index.license(Int($0)), startLine: Int(stream.lines.first!),
        endLine: Int(stream.lines.last!), coverage: 1, score: Double(rule.relevance) / 100,
        kind: .exact, rule: index.identifier(ofRule: ruleID))
    }
    return IdentificationResult(licenses: matches, expression: expression)
  }

  // MARK: - Candidates and alignment

  /// A match of one rule inside the current window.
  struct WindowMatch {
    var rule: Int
    var queryStart: Int
    var queryEnd: Int
    var matchedTokens: Int
    var coverage: Double
    var density: Double
    var accepted: Bool
    var rank: Double
    /// The clue this match is, when it names a license without stating it.
    var clue: LicenseClue.Kind? = nil
  }

  private mutating func matchWindow() -> [WindowMatch] {
    var matches = pairMatches()
    selectCandidates()
    guard !candidateRuns.isEmpty else { return matches.isEmpty ? [] : choose(from: matches) }
    runSelection.select(&candidateRuns, windowLength: window.ids.count)
    window.prepareLookup()
    // Largest rules first. Once a complete, dense match explains a span, rules less than half its size
    // cannot win any part of it, so their grams there are ignored (see `verify`).
    let explainedBy = self.explainedBy.reserve(window.ids.count, filling: 0)
    for position in 0..<window.ids.count { explainedBy[position] = 0 }
    largestExplained = 0
    complete.removeAll()
    verifyAll(VerificationPlan(runSelection.taken, in: index), into: &matches)
    // Crowded-out runs are verified too where no accepted match of the first round that
    // covers them ranks as high as their estimate.
    let accepted = matches.filter(\.accepted)
    let unexplained = runSelection.crowded.filter { run in
      let middle = Int(run.start + (run.end - run.start) / 2)
      return !accepted.contains {
        $0.queryStart <= middle && middle <= $0.queryEnd && $0.rank >= run.estimate
      }
    }
    if !unexplained.isEmpty { verifyAll(VerificationPlan(unexplained, in: index), into: &matches) }
    return choose(from: matches)
  }

  /// Verifies each rule around its spans, largest first, adding what it finds to `matches`.
  private mutating func verifyAll(_ plan: VerificationPlan, into matches: inout [WindowMatch]) {
    let explainedBy = self.explainedBy.buffer
    for (ruleID, spans) in plan.rules {
      // Every anchor of this rule lies inside one complete match it cannot outrank: it can
      // only lose that span.
      let low = Int(anchorRuns[ruleID].first)
      let high = Int(anchorRuns[ruleID].last)
      if isOutranked(low...high, rule: ruleID) { continue }
      allowedSpans = plan.spans[spans]
      var found = verify(rule: ruleID)
      if ruleRepeats && found.contains(where: \.accepted) {
        // A text repeated more often than selection samples: look for it everywhere.
        allowedSpans = [0...window.ids.count]
        found = verify(rule: ruleID)
      }
      // A name cut short explains nothing: the longer name over it must still be found.
      if endsWithAttribution[ruleID] {
        let (ids, elements) = (window.ids, elementWords)
        found.removeAll { Self.isCutShort($0, ids: ids, elements: elements) }
      }
      for match in found where match.coverage >= 0.99 && match.density >= 0.9 {
        complete.insert(
          start: match.queryStart, end: match.queryEnd,
          value: CompleteMatch(rank: match.rank, rule: ruleID))
        let tokens = UInt32(clamping: match.matchedTokens)
        for position in match.queryStart...match.queryEnd where explainedBy[position] < tokens {
          explainedBy[position] = tokens
        }
        largestExplained = max(largestExplained, tokens)
      }
      matches.append(contentsOf: found)
    }
  }

  /// Whether `match`, a rule that ends with a Creative Commons name's attribution element
  /// alone (``endsWithAttribution``: the LicenseDB's CC-BY notices), is found where the window
  /// `ids` goes on with another element (`elements`: NC, SA, ND, NonCommercial): the text
  /// names another Creative Commons license, and reading it as the attribution one calls
  /// non-commercial terms free.
  private static func isCutShort(
    _ match: WindowMatch, ids: [UInt32], elements: Set<UInt32>
  ) -> Bool {
    let next = match.queryEnd + 1
    return next < ids.count && elements.contains(ids[next])
  }

  /// The two-word rules of the window (a manifest's license field, a short name), which have
  /// no gram to be found by: each occurrence is a complete match, ranked below any longer
  /// match over it.
  private func pairMatches() -> [WindowMatch] {
    var matches: [WindowMatch] = []
    let ids = window.ids
    guard ids.count >= 2 else { return matches }
    let lines = windowLines
    for position in 0..<(ids.count - 1) {
      let first = ids[position]
      guard Int(first) < pairFirstWords.count, pairFirstWords[Int(first)],
        let rule = index.pairRule(first, ids[position + 1])
      else { continue }
      // The pair must end its line, as a field's value does: more words after it ("2.1",
      // "with Classpath exception", "-variant") make it the start of a longer name.
      if position + 2 < ids.count
        && lines[lines.startIndex + position + 2] == lines[lines.startIndex + position + 1]
      {
        continue
      }
      matches.append(
        WindowMatch(
          rule: rule, queryStart: position, queryEnd: position + 1, matchedTokens: 2,
          coverage: 1, density: 1, accepted: true,
          rank: 2 * Double(index.rule(rule).relevance) / 100))
    }
    return matches
  }

  /// Whether `span` lies inside one complete match that rule `ruleID` cannot outrank (its
  /// rank is at most its length times its relevance; a tie goes to the lower rule id). A
  /// short statement that ends with its required name is not one when the rule, laid from
  /// `span`, would reach past its end: the rule may read the name further
  /// (``preferringLongerNames(_:)``).
  private func isOutranked(_ span: ClosedRange<Int>, rule ruleID: Int) -> Bool {
    // The rule's entry (a read from the index that often misses the caches) is read only
    // once a complete match holds the span; most calls find none.
    var bound = 0.0
    var length = -1
    return complete.containsSpan(holding: span) { start, end, match in
      if length < 0 {
        let entry = index.rule(ruleID)
        bound = Double(entry.tokenCount) * Double(entry.relevance) / 100
        length = Int(entry.tokenCount)
      }
      return (bound < match.rank || (bound == match.rank && ruleID > match.rule))
        && !((end - start) < Self.namedStatementMaximumTokens
          && span.lowerBound + length - 1 > end && endsWithName(rule: match.rule))
    }
  }

  /// Fills `candidateRuns` with the runs of anchor grams, one rule's each, that hold enough
  /// of its anchors close together (within about twice the rule's length), so that words
  /// scattered over a long file do not make a rule a candidate.
  private mutating func selectCandidates() {
    touchedRules.removeAll(keepingCapacity: true)
    var recorded = candidateRuns
    recorded.removeAll(keepingCapacity: true)
    defer { candidateRuns = recorded }
    selection.withUnsafeBufferPointer { selection in
      anchorRuns.withUnsafeMutableBufferPointer { runs in
        for position in window.sampledPositions {
          for ruleID in index.rulesAnchored(by: window.grams[Int(position)]) {
            let id = Int(ruleID)
            if runs[id].count == 0 {
              touchedRules.append(Int32(id))
              runs[id] = AnchorRun(
                count: 1, runStart: position, first: position, last: position)
            } else if let finished = runs[id].add(position, reach: selection[id].reach),
              let run = CandidateRun(finished, rule: id, needs: selection[id], in: index)
            {
              recorded.append(run)
            }
          }
        }
        for ruleID in touchedRules {
          let id = Int(ruleID)
          if let run = CandidateRun(runs[id], rule: id, needs: selection[id], in: index) {
            recorded.append(run)
          }
          // Only the counts are reset: `first` and `last` stay for `matchWindow`.
          runs[id].count = 0
        }
      }
    }
  }

  /// Aligns rule `ruleID` with every cluster of the window that shares enough of its grams.
  private mutating func verify(rule ruleID: Int) -> [WindowMatch] {
    ruleRepeats = false
    let ruleTokens = index.ruleTokens(ruleID)
    let entry = index.rule(ruleID)
    let length = ruleTokens.count
    let minimum = Self.minimumCoverage(entry)

    guard let summary = markHits(rule: ruleTokens, minimum: minimum, entry: entry) else {
      return []
    }
    let usedGrams = summary.usedGrams
    let canBeUnknown = summary.canBeUnknown

    let neededHits = max(1, Int(Double(usedGrams) * minimum * 0.5))
    let denseHits = max(1, Int(Double(usedGrams) * minimum * 0.75))
    let unknownHits = max(Self.unknownMinimumTokens * 8 / 10, Int(Double(usedGrams) * 0.3))
    let maximumGap = 32 + length / 8
    // Where one occurrence of the rule can lie: its length with room for inserted words.
    let occurrenceSpan = length + length / 4 + 8
    var matches: [WindowMatch] = []
    var clusterStart = 0
    var segments: [ClosedRange<Int>] = []
    for cursor in 0..<hitPositions.count {
      let isEnd =
        cursor == hitPositions.count - 1
        || Int(hitPositions[cursor + 1]) - Int(hitPositions[cursor]) > maximumGap
      guard isEnd else { continue }
      let hits = cursor - clusterStart + 1
      // Align only where the hits are dense enough for one occurrence of the rule; sparse
      // hits between occurrences (common phrases) are left out.
      segments.removeAll(keepingCapacity: true)
      if hits >= neededHits {
        denseSegments(
          clusterStart...cursor, span: occurrenceSpan, needed: denseHits,
          into: &segments)
      }
      if segments.isEmpty && canBeUnknown && hits >= unknownHits {
        let start = Int(hitPositions[clusterStart])
        let end = Int(hitPositions[cursor])
        let explainedBy = self.explainedBy.buffer
        if !(start...end).contains(where: { explainedBy[$0] > 0 }) {
          segments = [clusterStart...cursor]
        }
      }
      var pending = segments
      while let segment = pending.popLast() {
        // A stretch much longer than one occurrence (a text repeated many times) is aligned
        // from its start, one occurrence's worth at a time, so that N copies cost N short
        // alignments rather than N alignments of all that is left; the whole stretch is
        // aligned when its start holds no accepted match.
        var judged: JudgedAlignment?
        let start = Int(hitPositions[segment.lowerBound])
        if Int(hitPositions[segment.upperBound]) - start > 2 * occurrenceSpan {
          var cut = segment.lowerBound
          while Int(hitPositions[cut + 1]) - start < 2 * occurrenceSpan { cut += 1 }
          judged = alignAndJudge(segment.lowerBound...cut, rule: ruleID)
        }
        if judged?.accepted != true { judged = alignAndJudge(segment, rule: ruleID) }
        if let (alignment, coverage, density, accepted) = judged {
          let rank =
            Double(alignment.matchedTokens) * coverage * min(1, density) * Double(entry.relevance)
            / 100
          matches.append(
            WindowMatch(
              rule: ruleID, queryStart: alignment.queryStart, queryEnd: alignment.queryEnd,
              matchedTokens: alignment.matchedTokens, coverage: coverage, density: density,
              accepted: accepted, rank: rank))
          // One alignment keeps one occurrence; a text repeated back to back leaves further
          // occurrences in the hits before and after the aligned span, aligned in turn where
          // they are dense enough (when this one names the license: a rule that does not
          // match here is not looked for again beside it).
          guard accepted else { continue }
          var first = segment.lowerBound
          while first <= segment.upperBound && Int(hitPositions[first]) < alignment.queryStart {
            first += 1
          }
          var last = first
          while last <= segment.upperBound && Int(hitPositions[last]) <= alignment.queryEnd {
            last += 1
          }
          // An alignment whose runs all reach beyond the segment's hits leaves the segment as
          // it was: aligning it again would give the same answer.
          guard last > first else { continue }
          for rest in [segment.lowerBound..<first, last..<(segment.upperBound + 1)]
          where rest.count >= denseHits {
            let hits = rest.lowerBound...(rest.upperBound - 1)
            if Int(hitPositions[hits.upperBound]) - Int(hitPositions[hits.lowerBound])
              > 4 * occurrenceSpan
            {
              // Many more copies follow: their start is aligned next, without splitting all
              // of them again now.
              segments = [hits]
            } else {
              denseSegments(hits, span: occurrenceSpan, needed: denseHits, into: &segments)
            }
            for segment in segments {
              let span =
                Int(hitPositions[segment.lowerBound])...Int(hitPositions[segment.upperBound])
              if !isOutranked(span, rule: ruleID) { pending.append(segment) }
            }
          }
        }
      }
      clusterStart = cursor + 1
    }
    return matches
  }

  /// An alignment with its coverage and density, and whether it names the rule's license.
  typealias JudgedAlignment = (
    alignment: Alignment, coverage: Double, density: Double, accepted: Bool
  )

  /// Aligns rule `ruleID` with the hits `range` (indexes into `hitPositions`) and judges the
  /// result: coverage at least the rule's minimum, density at least 0.5, required phrases
  /// whole, no version number replaced.
  private mutating func alignAndJudge(_ range: ClosedRange<Int>, rule ruleID: Int)
    -> JudgedAlignment?
  {
    let ruleTokens = index.ruleTokens(ruleID)
    let entry = index.rule(ruleID)
    let alignment = window.ids.withUnsafeBufferPointer { ids in
      hitPositions.withUnsafeBufferPointer { hits in
        aligner.chainAlign(
          query: ids, positions: UnsafeBufferPointer(rebasing: hits[range]),
          rulePositions: RulePositions(
            first: UnsafeBufferPointer(ruleAt.buffer),
            next: UnsafeBufferPointer(sameGram.buffer)),
          rule: ruleTokens)
      }
    }
    guard let alignment else { return nil }
    let length = ruleTokens.count
    let span = alignment.queryEnd - alignment.queryStart + 1
    let coverage = Double(alignment.matchedTokens) / Double(length)
    let density = Double(alignment.matchedTokens) / Double(span)
    let required = index.requiredRanges(ofRule: ruleID)
    let accepted =
      coverage >= Self.minimumCoverage(entry) - 1e-9 && density >= 0.5
      && (required.isEmpty || aligner.coversRequired(required))
      && !substitutesNumber(rule: ruleTokens, entry: entry)
    return (alignment, coverage, density, accepted)
  }

  /// Whether the last alignment of a notice, reference or other short rule put another
  /// version number where the rule has one (see
  /// ``Aligner/substitutesNumber(rule:query:isNumber:)``): "version 2" in the rule against
  /// "version 3" in the file is another license. Full license texts are left out: their
  /// section numbers ("1.1."), once re-wrapped, land between runs.
  private func substitutesNumber(rule: UnsafeBufferPointer<UInt32>, entry: RuleEntry) -> Bool {
    guard entry.kind != RuleKind.text.rawValue else { return false }
    let numbers = numberTokens
    let aligner = self.aligner
    return window.ids.withUnsafeBufferPointer { query in
      aligner.substitutesNumber(rule: rule, query: query) { numbers.contains($0) }
    }
  }

  /// What ``markHits(rule:minimum:entry:)`` found for one rule.
  struct HitSummary {
    /// Rule grams rare enough in the window to mark hits.
    var usedGrams: Int
    /// Whether a partial match may be reported as unknown text.
    var canBeUnknown: Bool
  }

  /// Fills `hitPositions` with the window positions whose gram occurs in `rule` (skipping
  /// grams far more frequent than the rule's rarest one, and spans explained by a complete
  /// match at least twice the rule's size), and records for each hit the rule positions of its
  /// gram (`ruleAt`, `sameGram`). Returns nil when the rule cannot reach its coverage here.
  private mutating func markHits(
    rule: UnsafeBufferPointer<UInt32>, minimum: Double, entry: RuleEntry
  ) -> HitSummary? {
    let length = rule.count
    let gramCount = max(0, length - 2)
    let windowCount = window.ids.count
    let bits = hitBits.reserve(windowCount / 64 + 1, filling: 0)
    let ruleAt = self.ruleAt.reserve(windowCount, filling: 0)
    let explained = explainedBy.reserve(windowCount, filling: 0)
    let starts = ruleGramStarts.reserve(gramCount, filling: 0)
    let counts = ruleGramCounts.reserve(gramCount, filling: 0)
    let sameGram = self.sameGram.reserve(gramCount, filling: -1)
    let sameGramLast = self.sameGramLast.reserve(gramCount, filling: 0)
    let explainedLimit = UInt32(clamping: length * 2)
    let mayBeExplained = largestExplained >= explainedLimit

    return window.withLookup { lookup -> HitSummary? in
      var rarest = Int.max
      var present = 0
      for position in 0..<gramCount {
        let gram = Grams.hash(rule[position], rule[position + 1], rule[position + 2])
        let (first, count) = lookup.occurrences(of: gram)
        starts[position] = Int32(first)
        counts[position] = Int32(count)
        if count > 0 {
          rarest = min(rarest, count)
          present += 1
        }
      }
      guard rarest != Int.max else { return nil }
      ruleRepeats = rarest > QueryWindow.sampledOccurrences
      // Coverage cannot exceed the share of the rule's grams present anywhere in the window.
      let presentShare = Double(present) / Double(max(1, gramCount))
      let canBeUnknown =
        Self.describesLicenseText(entry) && present >= Self.unknownMinimumTokens
      guard presentShare >= minimum - 0.05 || (canBeUnknown && presentShare >= 0.3) else {
        return nil
      }
      // Grams far more frequent in the window than the rule's rarest gram add no locating
      // power but cost a long walk; only the rarer ones mark hits. Each hit remembers the
      // first rule position of its gram; later rule positions with the same gram follow in
      // `sameGram`, so alignment finds every rule position of a hit.
      let frequencyLimit = max(32, 8 * rarest)
      var usedGrams = 0
      var lowest = Int.max
      var highest = -1
      for gramIndex in 0..<gramCount {
        sameGram[gramIndex] = -1
        sameGramLast[gramIndex] = Int32(gramIndex)
      }
      let positions = lookup.positions
      for gramIndex in 0..<gramCount {
        let count = Int(counts[gramIndex])
        guard count > 0, count <= frequencyLimit else { continue }
        usedGrams += 1
        let first = Int(starts[gramIndex])
        let end = first + count
        // The gram's positions inside the spans the rule may match in, in increasing order.
        walk: for span in allowedSpans {
          var index = lookup.firstIndex(atLeast: span.lowerBound, from: first, to: end)
          while index < end && Int(positions[index]) <= span.upperBound {
            let position = Int(positions[index])
            index += 1
            if mayBeExplained && explained[position] >= explainedLimit { continue }
            let bit = UInt64(1) << UInt64(position & 63)
            if bits[position >> 6] & bit != 0 {
              // These positions were walked already, for an earlier rule position.
              let earlier = Int(ruleAt[position])
              sameGram[Int(sameGramLast[earlier])] = Int32(gramIndex)
              sameGramLast[earlier] = Int32(gramIndex)
              break walk
            }
            bits[position >> 6] |= bit
            ruleAt[position] = Int32(gramIndex)
            lowest = min(lowest, position)
            highest = max(highest, position)
          }
        }
      }
      guard highest >= 0 else { return nil }
      hitPositions.removeAll(keepingCapacity: true)
      for word in (lowest >> 6)...(highest >> 6) {
        var set = bits[word]
        bits[word] = 0
        while set != 0 {
          hitPositions.append(Int32(word << 6 + set.trailingZeroBitCount))
          set &= set - 1
        }
      }
      return HitSummary(usedGrams: usedGrams, canBeUnknown: canBeUnknown)
    }
  }

  /// The stretches of `cluster` (indexes into `hitPositions`) covered by some run of at least
  /// `needed` hits within `span` query positions: where one occurrence of a rule can be.
  private func denseSegments(
    _ cluster: ClosedRange<Int>, span: Int, needed: Int, into segments: inout [ClosedRange<Int>]
  ) {
    segments.removeAll(keepingCapacity: true)
    guard cluster.count >= needed else { return }
    var low = cluster.lowerBound
    var segmentStart = -1
    var segmentEnd = -1
    hitPositions.withUnsafeBufferPointer { hitPositions in
      for high in cluster {
        while Int(hitPositions[high]) - Int(hitPositions[low]) >= span { low += 1 }
        guard high - low + 1 >= needed else { continue }
        if segmentStart >= 0 && low <= segmentEnd + 1 {
          segmentEnd = high
        } else {
          if segmentStart >= 0 { segments.append(segmentStart...segmentEnd) }
          segmentStart = low
          segmentEnd = high
        }
      }
    }
    if segmentStart >= 0 { segments.append(segmentStart...segmentEnd) }
  }

  /// Whether a partial match of `rule` is license text (a license or notice, not a reference
  /// or tag), so that license-like text it partly matches may be reported as unknown.
  static func describesLicenseText(_ rule: RuleEntry) -> Bool {
    rule.kind == RuleKind.text.rawValue || rule.kind == RuleKind.notice.rawValue
  }

  /// The coverage a match of `rule` needs to name its license.
  static func minimumCoverage(_ rule: RuleEntry) -> Double {
    if rule.minimumCoverage != 255 { return max(0.5, Double(rule.minimumCoverage) / 100) }
    switch rule.tokenCount {
    case 0...10: return 1
    case 11...30: return 0.9
    default: return 0.8
    }
  }

  /// Greedy choice: best-ranked accepted match first, then the next that does not overlap
  /// what is already taken; then license-like leftovers as unknown.
  private func choose(from matches: [WindowMatch]) -> [WindowMatch] {
    let (ends, ids, elements) = (endsWithAttribution, window.ids, elementWords)
    let ordered = preferringLongerNames(
      preferringWholeMatches(
        sortedByRank(
          matches.filter { match in
            match.accepted
              && !(ends[match.rule] && Self.isCutShort(match, ids: ids, elements: elements))
          })))
    var taken: [WindowMatch] = []
    var covered = IntervalSet()
    var clues: [WindowMatch] = []
    for match in ordered {
      if let kind = clueKind(match) {
        var clue = match
        clue.clue = kind
        clues.append(clue)
        continue
      }
      let span = match.queryEnd - match.queryStart + 1
      if covered.overlap(match.queryStart, match.queryEnd) * 5 > span { continue }
      taken.append(match)
      covered.insert(match.queryStart, match.queryEnd)
    }
    var unknown = IntervalSet()
    for match in matches where !match.accepted && match.matchedTokens >= Self.unknownMinimumTokens {
      guard Self.describesLicenseText(index.rule(match.rule)),
        match.density >= 0.5, match.coverage >= 0.3
      else { continue }
      if covered.overlap(match.queryStart, match.queryEnd) > 0 { continue }
      unknown.insert(match.queryStart, match.queryEnd)
    }
    for (start, end) in unknown.intervals {
      taken.append(
        WindowMatch(
          rule: -1, queryStart: start, queryEnd: end, matchedTokens: end - start + 1, coverage: 0,
          density: 0, accepted: true, rank: 0))
    }
    // A clue inside a statement is part of it; of overlapping clues the best ranked stays.
    for clue in clues where covered.overlap(clue.queryStart, clue.queryEnd) == 0 {
      taken.append(clue)
      covered.insert(clue.queryStart, clue.queryEnd)
    }
    return taken.filter {
      $0.rule < 0 || index.rule($0.rule).kind != RuleKind.falsePositive.rawValue
    }
  }

  /// `matches` best ranked first; of equal ranks, reference texts first, then by rule id.
  private func sortedByRank(_ matches: [WindowMatch]) -> [WindowMatch] {
    // The comparison reads the index only: capturing `self` copied the whole matcher (dozens
    // of arrays to retain and release) at every sort.
    let index = self.index
    return matches.sorted { left, right in
      if left.rank != right.rank { return left.rank > right.rank }
      let leftRule = index.rule(left.rule)
      let rightRule = index.rule(right.rule)
      if leftRule.isReferenceText != rightRule.isReferenceText {
        return leftRule.isReferenceText > rightRule.isReferenceText
      }
      return left.rule < right.rule
    }
  }

  /// The share of a match's rank a match that explains its span whole may lack and still be
  /// taken before it (``preferringWholeMatches(_:)``).
  static let wholeMatchRankShare = 0.9
  /// How many more words it must explain: one or two are a changed word, not a title or a
  /// sentence.
  static let wholeMatchMargin = 3
  /// Matches shorter than this (names, short notices, two-word fields: the many small matches
  /// of a license-dense file) are left as they are.
  static let wholeMatchMinimumTokens = 16
  /// The matches ranked right below a match that may explain it whole: a file that repeats a
  /// notice has many of equal rank, which cannot.
  static let wholeMatchCandidates = 32

  /// `ordered` (best ranked first) with each match that explains another's span and more
  /// moved before it: its span holds the other's, and the words it matches less the words of
  /// its span it leaves unmatched outnumber the other's by ``wholeMatchMargin``, at no less
  /// than ``wholeMatchRankShare`` of its rank. A rule that matches a text whole beats one that
  /// matches all but its title or a changed sentence, whose rank is higher only because it
  /// misses none of its own words (Unicode-DFS-2016 against the generic Unicode notice that
  /// it contains, a release's text against the text of an earlier release that lacks a
  /// sentence).
  private func preferringWholeMatches(_ ordered: [WindowMatch]) -> [WindowMatch] {
    var ranked = ordered
    var promoted = false
    for (position, match) in ordered.enumerated()
    where match.matchedTokens >= Self.wholeMatchMinimumTokens {
      let floor = match.rank * Self.wholeMatchRankShare
      var best: (index: Int, explained: Int)? = nil
      let end = min(ordered.count, position + 1 + Self.wholeMatchCandidates)
      for other in (position + 1)..<end {
        let candidate = ordered[other]
        guard candidate.rank >= floor else { break }
        guard candidate.matchedTokens > match.matchedTokens,
          candidate.queryStart <= match.queryStart, candidate.queryEnd >= match.queryEnd,
          Self.explainedWords(candidate)
            >= max(Self.explainedWords(match) + Self.wholeMatchMargin, (best?.explained ?? 0) + 1)
        else { continue }
        best = (other, Self.explainedWords(candidate))
      }
      guard let best, ranked[best.index].rank < ranked[position].rank else { continue }
      // Just above the match it explains, and above the other candidates for its span.
      ranked[best.index].rank = ranked[position].rank.nextUp + Double(best.explained) * 1e-9
      promoted = true
    }
    return promoted ? sortedByRank(ranked) : ordered
  }

  /// Statements this long at most give way to a match that reads their license's name further
  /// (``preferringLongerNames(_:)``).
  static let namedStatementMaximumTokens = 32

  /// `ordered` (best ranked first) with each match that reads a statement's license name
  /// further moved before the statement. A statement rule matched word for word that ends
  /// with its required phrases, the license's name, gives way to a match, word for word too,
  /// that holds the name and goes on past the statement's end: the text names the version or
  /// the "or later" that follows the name, and the statement, whose rule stops at the name,
  /// would read the text as another license (a statement of a name without a version, read
  /// as version 1.0 or later, where the text goes on to name version 3.0 or later).
  /// Where a match of its own starts in the words after the statement, they are not part of
  /// the name.
  private func preferringLongerNames(_ ordered: [WindowMatch]) -> [WindowMatch] {
    var ranked = ordered
    var promoted = false
    var byStart: [Int] = []
    for (position, match) in ordered.enumerated()
    where match.matchedTokens <= Self.namedStatementMaximumTokens && isWordForWord(match)
      && endsWithName(rule: match.rule)
    {
      let required = index.requiredRanges(ofRule: match.rule)
      var nameStart = Int.max
      for pair in stride(from: 0, to: required.count, by: 2) {
        nameStart = min(nameStart, match.queryStart + Int(required[pair]))
      }
      if byStart.isEmpty {
        byStart = ordered.indices.sorted { ordered[$0].queryStart < ordered[$1].queryStart }
      }
      // The matches that start at most a statement's length before it and no later than the
      // name.
      let earliest = match.queryStart - Self.namedStatementMaximumTokens
      var low = 0
      var high = byStart.count
      while low < high {
        let middle = (low + high) / 2
        if ordered[byStart[middle]].queryStart < earliest {
          low = middle + 1
        } else {
          high = middle
        }
      }
      // The words after the statement that a match of their own starts at belong to it (the
      // next field, "License: CC0" after "Public Domain"), not to the name.
      var next = low
      while next < byStart.count && ordered[byStart[next]].queryStart <= match.queryEnd {
        next += 1
      }
      let nextStart = next < byStart.count ? ordered[byStart[next]].queryStart : Int.max
      var best: Int? = nil
      var bestTokens = 0
      for other in byStart[low...] {
        let candidate = ordered[other]
        if candidate.queryStart > nameStart { break }
        guard other != position, candidate.rule != match.rule,
          candidate.queryEnd > match.queryEnd, candidate.queryEnd < nextStart,
          candidate.matchedTokens > bestTokens,
          isWordForWord(candidate),
          index.rule(candidate.rule).kind != RuleKind.falsePositive.rawValue,
          clueKind(candidate) == nil
        else { continue }
        best = other
        bestTokens = candidate.matchedTokens
      }
      guard let best, ranked[best].rank <= ranked[position].rank else { continue }
      ranked[best].rank = ranked[position].rank.nextUp
      promoted = true
    }
    return promoted ? sortedByRank(ranked) : ordered
  }

  /// Whether rule `rule` has required phrases and the last ends with the rule: a statement
  /// that ends with the license's name.
  private func endsWithName(rule: Int) -> Bool {
    let required = index.requiredRanges(ofRule: rule)
    guard let end = required.last else { return false }
    var last = end
    for pair in stride(from: 1, to: required.count, by: 2) { last = max(last, required[pair]) }
    return last == index.rule(rule).tokenCount
  }

  /// Whether `match` holds every word of its rule and nothing else.
  private func isWordForWord(_ match: WindowMatch) -> Bool {
    match.matchedTokens == Int(index.rule(match.rule).tokenCount)
      && match.queryEnd - match.queryStart + 1 == match.matchedTokens
  }

  /// The words `match` matches less the words of its span it leaves unmatched.
  static func explainedWords(_ match: WindowMatch) -> Int {
    2 * match.matchedTokens - (match.queryEnd - match.queryStart + 1)
  }

  /// The clue `match` is (``LicenseClue``), or nil when it states a license: a bare short
  /// reference without a licensing word before it names one, a link to a license page or a
  /// pointer to a license file without one points at one.
  private func clueKind(_ match: WindowMatch) -> LicenseClue.Kind? {
    if !hasLicensingContext(match) { return .name }
    guard let kind = clueRules[match.rule] else { return nil }
    return hasLicensingWordBefore(match, pair: false) ? nil : kind
  }

  /// A bare short reference (a license id alone) names a license only when one of the three
  /// words before it is a licensing word such as "license", "licensed under" or "SPDX";
  /// elsewhere (an example in a code comment, a word in prose) it is not a license statement.
  /// A two-word rule of any kind needs the same, unless it starts with a licensing word (a
  /// manifest's license field): a short license name quoted in prose names nothing.
  private func hasLicensingContext(_ match: WindowMatch) -> Bool {
    let rule = index.rule(match.rule)
    let ids = index.ruleTokens(match.rule)
    let isPair = rule.tokenCount == UInt32(IndexBuilder.pairRuleTokens)
    if isPair {
      if licensingContext.contains(ids[0]) || isAloneOnItsLine(match) { return true }
    } else {
      guard rule.kind == RuleKind.reference.rawValue, rule.tokenCount <= Self.shortReferenceTokens
      else { return true }
      if ids.contains(where: licensingContext.contains) { return true }
    }
    return hasLicensingWordBefore(match, pair: isPair)
  }

  /// Whether the words of `match` are the only words of their line (pairs end their line)
  /// and do not start with an article (``articleWords``): a title such as "MIT License" over
  /// a source header or a license's text states the license, where the same two words inside
  /// a sentence name it.
  private func isAloneOnItsLine(_ match: WindowMatch) -> Bool {
    guard !articleWords.contains(window.ids[match.queryStart]) else { return false }
    let lines = windowLines
    guard match.queryStart > 0 else { return true }
    return lines[lines.startIndex + match.queryStart - 1]
      != lines[lines.startIndex + match.queryStart]
  }

  /// Whether one of the three words before `match` is a licensing word, not counting the
  /// words of "the terms of the" between them ("distributed under the terms of the ISC
  /// License"). Before a pair, not "licenses": Debian's /usr/share/common-licenses/ paths say
  /// where a text lies.
  private func hasLicensingWordBefore(_ match: WindowMatch, pair isPair: Bool) -> Bool {
    var position = match.queryStart - 1
    var counted = 0
    while position >= 0, counted < 3, match.queryStart - position <= Self.licensingWordReach {
      let word = window.ids[position]
      if licensingContext.contains(word) && !(isPair && word == licensesWord) { return true }
      if !termsOfWords.contains(word) { counted += 1 }
      position -= 1
    }
    return false
  }

  // MARK: - Results

  private struct Found {
    var match: LicenseMatch
    var expression: String
    var firstToken: Int
    /// The clue this is, when it names a license without stating it.
    var clue: LicenseClue.Kind? = nil
    /// Whether it is a short reference or notice: a license's name, or a notice of a few words
    /// quoted in a sentence, which may lie inside license-like text of its own.
    var isName = false
  }

  private func describe(_ item: WindowMatch, offset: Int, stream: TokenStream) -> [Found] {
    let startLine = Int(stream.lines[offset + item.queryStart])
    let endLine = Int(stream.lines[offset + item.queryEnd])
    if item.rule < 0 {
      return [
        Found(
          match: LicenseMatch(
            license: .unknown, startLine: startLine, endLine: endLine, coverage: 0, score: 0,
            kind: .ngram, rule: "unknown"),
          expression: LicenseInfo.unknown.spdx, firstToken: offset + item.queryStart)
      ]
    }
    let rule = index.rule(item.rule)
    let expression = expressions.spdxExpression(forLicenseDB: index.expression(ofRule: item.rule))
    let kind: MatchKind = rule.kind == RuleKind.text.rawValue ? .ngram : .rule
    let score = item.coverage * min(1, item.density) * Double(rule.relevance) / 100
    return index.licenseIndexes(ofRule: item.rule).map {
      Found(
        match: LicenseMatch(
          license: index.license(Int($0)), startLine: startLine, endLine: endLine,
          coverage: (item.coverage * 1000).rounded() / 1000, score: (score * 1000).rounded() / 1000,
          kind: kind, rule: index.identifier(ofRule: item.rule),
          unmatchedTokens: item.queryEnd - item.queryStart + 1 - item.matchedTokens),
        expression: expression, firstToken: offset + item.queryStart, clue: item.clue,
        isName: (rule.kind == RuleKind.reference.rawValue || rule.kind == RuleKind.notice.rawValue)
          && rule.tokenCount <= UInt32(Self.nameTokens))
    }
  }

  /// Adds the license-like stretches no named match or list explains as unknown text; an
  /// unknown match of a partly matched reference inside such a stretch becomes part of it.
  private func addUnknownText(
    to found: inout [Found], lists: [LicenseList], ids: [UInt32], stream: TokenStream,
    text: UnsafeBufferPointer<UInt8>
  ) {
    var taken = [Bool](repeating: false, count: stream.lineCount + 2)
    func take(_ first: Int, _ last: Int) {
      guard first <= last else { return }
      for line in max(0, first)...min(last, taken.count - 1) { taken[line] = true }
    }
    // A short reference (a license named in a sentence) may lie inside unknown text, and so
    // may a reference text of which much is missing.
    for item in found
    where !item.match.license.isVague && !item.isName
      && !(item.match.kind == .ngram && item.match.coverage < Self.partialTextCoverage)
    {
      take(item.match.startLine, item.match.endLine)
    }
    for list in lists { take(list.startLine, list.endLine) }
    var ranges: [Range<Int>] = []
    func lineRanges() -> [Range<Int>] {
      if ranges.isEmpty {
        ranges = [0..<0]
        LineBreaks.appendLineRanges(of: text, to: &ranges)
      }
      return ranges
    }
    var stretchMarker: (lines: ClosedRange<Int>, marker: LineMarker)? = nil
    let stretches = unknownText.stretches(
      ids: ids, lines: stream.lines, isTaken: { $0 < taken.count && taken[$0] },
      readsAsCode: { paragraph in
        Self.readsAsCode(paragraph, ranges: lineRanges(), text: text)
      },
      continues: { paragraph, stretch in
        let ranges = lineRanges()
        if stretchMarker?.lines != stretch {
          stretchMarker = (stretch, LineMarker.common(in: stretch, ranges: ranges, text: text))
        }
        return Self.continues(
          stretch, with: paragraph, marker: stretchMarker!.marker, ranges: ranges, text: text)
      })
    for stretch in stretches {
      var lines = stretch
      found.removeAll { item in
        guard item.match.license.key == LicenseInfo.unknown.key,
          item.match.startLine <= lines.upperBound, item.match.endLine >= lines.lowerBound
        else { return false }
        lines =
          min(lines.lowerBound, item.match.startLine)...max(lines.upperBound, item.match.endLine)
        return true
      }
      let firstToken = stream.lines.firstIndex { Int($0) >= lines.lowerBound } ?? 0
      found.append(
        Found(
          match: LicenseMatch(
            license: .unknown, startLine: lines.lowerBound, endLine: lines.upperBound,
            coverage: 0, score: 0, kind: .ngram, rule: UnknownTextFinder.rule),
          expression: LicenseInfo.unknown.spdx, firstToken: firstToken))
    }
    found.sort { ($0.match.startLine, $0.firstToken) < ($1.match.startLine, $1.firstToken) }
  }

  /// Whether `paragraph`, next to the license-like `stretch` whose lines mostly start with
  /// `marker`, is more of the same text: its lines start with the same comment marker (or
  /// none), it holds no Markdown heading and does not read as code, and the lines between
  /// the two hold no boundary (a code fence, the end or start of a comment block, a rule
  /// under a heading, a line of code).
  static func continues(
    _ stretch: ClosedRange<Int>, with paragraph: ClosedRange<Int>, marker: LineMarker,
    ranges: [Range<Int>], text: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let gap =
      paragraph.upperBound < stretch.lowerBound
      ? (paragraph.upperBound + 1)..<stretch.lowerBound
      : (stretch.upperBound + 1)..<paragraph.lowerBound
    for line in gap where line < ranges.count {
      if LineMarker.isBoundary(text[ranges[line]]) { return false }
    }
    // A heading (`# Title`, or a line underlined with `===` or `---`) opens a section: the
    // stretch does not grow above its own heading, nor into another.
    func isHeading(_ line: Int) -> Bool {
      guard line < ranges.count else { return false }
      if marker == .none, LineMarker.isHeading(text[ranges[line]]) { return true }
      return line + 1 < ranges.count && LineMarker.isRule(text[ranges[line + 1]])
    }
    if paragraph.upperBound < stretch.lowerBound, isHeading(stretch.lowerBound) { return false }
    for line in paragraph where line < ranges.count {
      let content = text[ranges[line]]
      guard content.contains(where: { $0 > 0x20 }) else { continue }
      if LineMarker(content) != marker || isHeading(line) { return false }
    }
    return !readsAsCode(paragraph, ranges: ranges, text: text)
  }

  /// The characters of code lines that license text rarely has.
  static let codeBytes: Set<UInt8> = Set("{}[]=".utf8)

  /// Whether `line` ends a statement (`;` last) or calls something: a word right before `(`
  /// (`open(path)`, not "(including negligence)", nor the plural "license(s)"). License text
  /// is full of parentheses, but not of these.
  static func hasCallOrStatementEnd(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    if let last = line.lastIndex(where: { $0 > 0x20 }), line[last] == UInt8(ascii: ";") {
      return true
    }
    var index = line.startIndex
    while let open = line[index...].firstIndex(of: UInt8(ascii: "(")) {
      index = open + 1
      guard open > line.startIndex, Self.isIdentifierByte(line[open - 1]) else { continue }
      // "(s)" after a word is a plural.
      let plural =
        open + 2 < line.endIndex && line[open + 1] | 0x20 == UInt8(ascii: "s")
        && line[open + 2] == UInt8(ascii: ")")
      if !plural { return true }
    }
    return false
  }

  /// Whether `byte` can be part of an identifier (ASCII letters, digits, `_`).
  private static func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
      || byte == UInt8(ascii: "_")
  }

  /// Whether `line` is a list of quoted strings (`"grant", "permission", "licensed",` or
  /// `"license": "MIT"`): at least two, and fewer words outside the quotes than half those in
  /// them. License text quotes its defined terms inside sentences (`"You" means the person
  /// …, and "Your" has a matching meaning`, `("we", "us")`).
  static func isQuotedList(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard line.count(where: { $0 == UInt8(ascii: "\"") }) >= 4 else { return false }
    var quotes = 0
    var inside = 0
    var outside = 0
    var inWord = false
    for byte in line {
      if byte == UInt8(ascii: "\"") {
        quotes += 1
        inWord = false
      } else if isIdentifierByte(byte) {
        if !inWord {
          if quotes % 2 == 1 { inside += 1 } else { outside += 1 }
        }
        inWord = true
      } else {
        inWord = false
      }
    }
    return outside * 2 < inside
  }

  /// Whether the lines of `stretch` read as code: some are comments (`//`, `/*`, ` *`) and
  /// others are not (a program with its doc comments), or more than half hold two quoted
  /// strings or a brace, bracket, parenthesis or equals sign (a program, or a table of licensing words in
  /// one). License text is comments throughout, or no comment at all.
  static func readsAsCode(
    _ stretch: ClosedRange<Int>, ranges: [Range<Int>], text: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    var codeLike = 0
    var comments = 0
    var lines = 0
    for line in stretch where line < ranges.count {
      let content = text[ranges[line]]
      guard let first = content.firstIndex(where: { $0 > 0x20 }) else { continue }
      lines += 1
      let next = first + 1 < content.endIndex ? content[first + 1] : 0
      let slash = UInt8(ascii: "/")
      let star = UInt8(ascii: "*")
      if (content[first] == slash && (next == slash || next == star))
        || (content[first] == star && first > content.startIndex)
      {
        comments += 1
      }
      if Self.isQuotedList(content) || content.contains(where: Self.codeBytes.contains)
        || Self.hasCallOrStatementEnd(content)
      {
        codeLike += 1
      }
    }
    return (comments > 0 && comments < lines) || codeLike * 2 > lines
  }

  private func result(from allFound: [Found]) -> IdentificationResult {
    let named = allFound.filter { !$0.match.license.isVague }
    // License-like text of its own (``UnknownTextFinder``) stays beside the licenses it
    // names; a vague match next to a named license adds nothing.
    let found = allFound.filter { item in
      !item.match.license.isVague || item.match.rule == UnknownTextFinder.rule
        || !named.contains {
          $0.match.startLine <= item.match.endLine + 1
            && $0.match.endLine + 1 >= item.match.startLine
        }
    }
    var parts: [String] = []
    for item in found where !parts.contains(item.expression) { parts.append(item.expression) }
    let expression: String?
    switch parts.count {
    case 0: expression = nil
    case 1: expression = parts[0]
    default:
      expression = parts.map { $0.contains(" ") ? "(\($0))" : $0 }.joined(separator: " AND ")
    }
    return IdentificationResult(licenses: found.map(\.match), expression: expression)
  }
}

/// What candidate selection needs of a rule: how far a run of its anchors reaches and how many
/// anchors one run must hold.
struct SelectionNeeds: BitwiseCopyable {
  /// Anchors one run must hold: a match needs its coverage, so most of its anchors; rules that
  /// may be reported as unknown text when partly present need fewer.
  var neededAnchors: UInt32
  /// How far a run reaches from its first hit: about twice the rule's length, so that words
  /// scattered over a long file do not make a rule a candidate.
  var reach: Int32

  init(_ rule: RuleEntry) {
    let mayBeUnknown =
      Matcher.describesLicenseText(rule)
      && rule.tokenCount >= UInt32(Matcher.unknownMinimumTokens)
    let share = mayBeUnknown ? 0.5 : Matcher.minimumCoverage(rule) * 0.8
    neededAnchors = UInt32(max(1, Int((Double(rule.anchorCount) * share).rounded(.up))))
    reach = Int32(clamping: max(64, 2 * Int(rule.tokenCount)))
  }
}

/// The anchor hits of one rule in a window: where the first and last are, and the current run
/// (hits within ``SelectionNeeds/reach`` of its first).
struct AnchorRun {
  /// Hits in the current run (0: the rule has no hit yet).
  var count: UInt16 = 0
  /// Where the current run started.
  var runStart: Int32 = 0
  /// The first hit.
  var first: Int32 = 0
  /// The last hit.
  var last: Int32 = 0

  /// Counts a hit at `position`; a hit further than `reach` from the run's start begins a
  /// new run, and the run it ends is returned.
  mutating func add(_ position: Int32, reach: Int32) -> AnchorRun? {
    if position - runStart > reach {
      let finished = self
      runStart = position
      count = 1
      last = position
      return finished
    }
    last = position
    if count < UInt16.max { count += 1 }
    return nil
  }
}

/// A complete, dense match of a window (its span is its place in ``ContainingSpans``): its
/// rank and rule.
struct CompleteMatch {
  var rank: Double
  var rule: Int
}

/// A set of disjoint closed integer intervals.
struct IntervalSet {
  private(set) var intervals: [(Int, Int)] = []

  /// How many integers of `start...end` are already in the set.
  func overlap(_ start: Int, _ end: Int) -> Int {
    var total = 0
    for (low, high) in intervals where low <= end && high >= start {
      total += min(high, end) - max(low, start) + 1
    }
    return total
  }

  /// Adds `start...end`, merging with overlapping intervals.
  mutating func insert(_ start: Int, _ end: Int) {
    var low = start
    var high = end
    intervals.removeAll { interval in
      guard interval.0 <= high + 1 && interval.1 >= low - 1 else { return false }
      low = min(low, interval.0)
      high = max(high, interval.1)
      return true
    }
    intervals.append((low, high))
    intervals.sort { $0.0 < $1.0 }
  }
}
