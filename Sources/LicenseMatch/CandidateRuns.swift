import LicenseIndex

/// A stretch of the window where enough anchors of one rule fall together to make the rule a
/// candidate there, with an estimate of the rank a match of it could reach.
struct CandidateRun {
  /// The rule.
  var rule: Int32
  /// The first and last anchor hit of the run (window positions).
  var start: Int32
  var end: Int32
  /// The rank a match would have if it held the same share of the rule's words as the run
  /// holds of its anchors: the share squared, times the rule's length and relevance (as in
  /// the matcher's rank, matched words times coverage).
  var estimate: Double
  /// The rule's length class: runs compete only with runs of rules of about the same length.
  var sizeClass: Int

  /// The anchor run `run` of rule `id`, when it holds enough anchors (`needs`) to make the
  /// rule a candidate there.
  init?(_ run: AnchorRun, rule id: Int, needs: SelectionNeeds, in index: LicenseIndex) {
    guard UInt32(run.count) >= needs.neededAnchors else { return nil }
    let entry = index.rule(id)
    let share = min(1, Double(run.count) / Double(max(1, entry.anchorCount)))
    self.init(
      rule: Int32(id), start: run.runStart, end: run.last,
      estimate: share * share * Double(entry.tokenCount) * Double(entry.relevance) / 100,
      sizeClass: Self.sizeClass(ofTokens: entry.tokenCount))
  }

  init(rule: Int32, start: Int32, end: Int32, estimate: Double, sizeClass: Int) {
    self.rule = rule
    self.start = start
    self.end = end
    self.estimate = estimate
    self.sizeClass = sizeClass
  }

  /// The length class of a rule of `tokens` words: its binary order of magnitude.
  static func sizeClass(ofTokens tokens: UInt32) -> Int {
    min(CandidateRunSelection.sizeClasses - 1, UInt32.bitWidth - tokens.leadingZeroBitCount)
  }
}

/// Picks, where many rules compete for the same stretch of a window, the few whose anchors
/// promise the best matches, so that the dozens of near-identical variants of one license in
/// LicenseDB are not all aligned at every copy of it.
///
/// Runs are taken best estimate first; a run is crowded out when ``perStretch`` runs of rules
/// of about its length (its ``CandidateRun/sizeClass``) taken before it already cover its
/// middle. Crowded runs are kept aside: where the matches of the taken runs are accepted but
/// rank below a crowded run's estimate, or are not accepted, the matcher verifies them after
/// all.
struct CandidateRunSelection {
  /// How many runs of one length class may cover one position.
  static let perStretch = 12
  /// The number of length classes.
  static let sizeClasses = 16

  /// The runs to verify first, sorted by rule.
  private(set) var taken: [CandidateRun] = []
  /// The runs crowded out, sorted by rule.
  private(set) var crowded: [CandidateRun] = []
  /// How many taken runs of the length class at hand cover each window position.
  private let depth = ScratchBuffer<UInt16>()

  /// Splits `runs` (of a window of `length` positions) into taken and crowded ones.
  mutating func select(_ runs: inout [CandidateRun], windowLength length: Int) {
    taken.removeAll(keepingCapacity: true)
    crowded.removeAll(keepingCapacity: true)
    let depth = self.depth.reserve(length, filling: 0)
    runs.sort {
      if $0.sizeClass != $1.sizeClass { return $0.sizeClass < $1.sizeClass }
      if $0.estimate != $1.estimate { return $0.estimate > $1.estimate }
      return $0.rule < $1.rule
    }
    // One length class at a time; the depths it adds are taken back before the next.
    var classStart = 0
    while classStart < runs.count {
      let sizeClass = runs[classStart].sizeClass
      var classEnd = classStart
      let firstTaken = taken.count
      while classEnd < runs.count && runs[classEnd].sizeClass == sizeClass {
        let run = runs[classEnd]
        classEnd += 1
        let middle = Int(run.start + (run.end - run.start) / 2)
        if Int(depth[middle]) >= Self.perStretch {
          crowded.append(run)
          continue
        }
        taken.append(run)
        for position in Int(run.start)...Int(run.end) { depth[position] &+= 1 }
      }
      for run in taken[firstTaken...] {
        for position in Int(run.start)...Int(run.end) { depth[position] = 0 }
      }
      classStart = classEnd
    }
    taken.sort { ($0.rule, $0.start) < ($1.rule, $1.start) }
    crowded.sort { ($0.rule, $0.start) < ($1.rule, $1.start) }
  }
}

/// The rules to verify in a window, largest first, each with the spans where it may match.
struct VerificationPlan {
  /// Each rule and where its spans are in `spans`.
  var rules: [(rule: Int, spans: Range<Int>)] = []
  /// The spans, a rule's in increasing order, none overlapping another of the same rule.
  var spans: [ClosedRange<Int>] = []

  /// The plan for `runs` (sorted by rule, then start): each run widened by its rule's length
  /// on either side (anchors can sit anywhere in a rule), overlapping spans merged.
  init(_ runs: [CandidateRun], in index: LicenseIndex) {
    for run in runs {
      let margin = Int(index.rule(Int(run.rule)).tokenCount) + 8
      let span = max(0, Int(run.start) - margin)...(Int(run.end) + margin)
      if let last = rules.last, last.rule == Int(run.rule) {
        let previous = spans[spans.count - 1]
        if span.lowerBound <= previous.upperBound + 1 {
          spans[spans.count - 1] = previous.lowerBound...max(previous.upperBound, span.upperBound)
          continue
        }
        rules[rules.count - 1].spans = last.spans.lowerBound..<(spans.count + 1)
      } else {
        rules.append((Int(run.rule), spans.count..<(spans.count + 1)))
      }
      spans.append(span)
    }
    rules.sort {
      let left = index.rule($0.rule).tokenCount
      let right = index.rule($1.rule).tokenCount
      return left != right ? left > right : $0.rule < $1.rule
    }
  }
}
