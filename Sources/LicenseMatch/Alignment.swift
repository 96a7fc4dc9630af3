import LicenseIndex

/// A stretch of the query aligned with a rule: which query tokens match which rule tokens.
struct Alignment {
  /// First matched query position (window-relative).
  var queryStart: Int
  /// Last matched query position (inclusive).
  var queryEnd: Int
  /// Number of rule tokens matched.
  var matchedTokens: Int
}

/// Where the 3-gram at each hit of a query occurs in a rule: `first[hit]` is the first rule
/// position with that gram, and `next[position]` the following one (-1 after the last).
struct RulePositions {
  var first: UnsafeBufferPointer<Int32>
  var next: UnsafeBufferPointer<Int32>
}

/// Alignment of a query stretch against one rule: exact runs seeded by shared 3-grams,
/// chained into the heaviest sequence increasing in both texts.
struct Aligner {
  private var seeds: [Seed] = []
  private var chain: [Int] = []
  /// Rule start, query start and length of each run of the last alignment, in rule order.
  private(set) var keptRuns: [(rule: Int, query: Int, length: Int)] = []
  /// Per diagonal, the generation (high half) and query end (low half) of the last run found
  /// on it; a run of an earlier call has an old generation.
  private let runs = ScratchBuffer<UInt64>()
  private var runCounter: UInt32 = 0
  /// Per seed, the matched tokens of the best chain ending with it, and the seed before it.
  private let scores = ScratchBuffer<Int>()
  private let previous = ScratchBuffer<Int32>()
  private var order: [Int] = []
  /// Fenwick tree over rule end positions: the best chain ending there and its last seed.
  private let fenwick = ScratchBuffer<FenwickNode>()
  private var generation: UInt32 = 0
  /// Per query and rule position, the stamp of the last ``addTrimmedSeeds(queryCount:ruleCount:)``
  /// call in which a seed ended there.
  private let queryEnds = ScratchBuffer<UInt32>()
  private let ruleEnds = ScratchBuffer<UInt32>()
  private var endStamp: UInt32 = 0
  /// Rule positions considered per query gram (repeated phrases in a rule).
  static let seedsPerGram = 8

  /// A node of the chain tree; one written by an earlier call has an old generation and
  /// reads as empty.
  struct FenwickNode: BitwiseCopyable {
    var score = 0
    var seed: Int32 = -1
    var generation: UInt32 = 0
  }

  /// A run of equal tokens: query position, rule position, length.
  struct Seed {
    var query: Int
    var rule: Int
    var length: Int
  }

  /// Aligns the query around the hit `positions` with `rule` by chaining exact runs: every
  /// maximal run of equal tokens seeded by a shared 3-gram (at the rule positions that
  /// `rulePositions` gives for each hit) is a seed, and the chain of seeds increasing in both
  /// texts with the most matched tokens wins. The chain is then cut where the query skips far
  /// ahead, and the heaviest piece is kept, so that two occurrences of similar text are not
  /// fused into one match.
  mutating func chainAlign(
    query: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<Int32>,
    rulePositions: RulePositions, rule: UnsafeBufferPointer<UInt32>
  ) -> Alignment? {
    seeds.removeAll(keepingCapacity: true)
    guard let firstHit = positions.first.map(Int.init), let lastHit = positions.last.map(Int.init)
    else { return nil }
    // Diagonals (query position minus rule position) of this stretch only, counted from the
    // lowest one, so that the table stays small and in cache.
    let lowestDiagonal = firstHit - rule.count
    let diagonals = lastHit - lowestDiagonal + 1
    let runs = self.runs.reserve(diagonals, filling: 0)
    runCounter &+= 1
    if runCounter == 0 {
      for index in runs.indices { runs[index] = 0 }
      runCounter = 1
    }
    let currentRun = runCounter
    let queryLimit = query.count
    for hit in positions {
      let position = Int(hit)
      var rulePosition = Int(rulePositions.first[position])
      var taken = 0
      while rulePosition >= 0 && taken < Self.seedsPerGram {
        taken += 1
        // A hit inside a run already found on the same diagonal adds nothing.
        let diagonal = position - rulePosition - lowestDiagonal
        let run = runs[diagonal]
        if UInt32(truncatingIfNeeded: run >> 32) == currentRun
          && position < Int(UInt32(truncatingIfNeeded: run))
        {
          rulePosition = Int(rulePositions.next[rulePosition])
          continue
        }
        // Extend the run to the left (its start may be a word no hit was taken for).
        var queryStart = position
        var ruleStart = rulePosition
        while queryStart > 0 && ruleStart > 0 && query[queryStart - 1] == rule[ruleStart - 1] {
          queryStart -= 1
          ruleStart -= 1
        }
        var length = position - queryStart + 3
        while queryStart + length < queryLimit && ruleStart + length < rule.count
          && query[queryStart + length] == rule[ruleStart + length]
        {
          length += 1
        }
        seeds.append(Seed(query: queryStart, rule: ruleStart, length: length))
        runs[diagonal] = UInt64(currentRun) << 32 | UInt64(queryStart + length)
        rulePosition = Int(rulePositions.next[rulePosition])
      }
    }
    guard !seeds.isEmpty else { return nil }
    addTrimmedSeeds(queryCount: query.count, ruleCount: rule.count)
    seeds.sort { $0.query < $1.query }

    // Heaviest chain: seeds in query order; a seed may follow one that ends before it in both
    // texts. A Fenwick tree over rule end positions holds the best chain ending there; entries
    // from earlier calls are recognised by their generation and read as empty.
    let ruleCount = rule.count
    let tree = fenwick.reserve(ruleCount + 2, filling: FenwickNode())
    generation &+= 1
    if generation == 0 {
      for node in tree.indices { tree[node].generation = 0 }
      generation = 1
    }
    let currentGeneration = generation
    let seedCount = seeds.count
    let scores = self.scores.reserve(seedCount, filling: 0)
    let previous = self.previous.reserve(seedCount, filling: -1)
    order.removeAll(keepingCapacity: true)
    order.append(contentsOf: 0..<seedCount)
    let best: Int = seeds.withUnsafeBufferPointer { seeds in
      order.sort { seeds[$0].query + seeds[$0].length < seeds[$1].query + seeds[$1].length }
      var inserted = 0
      var best = -1
      for index in 0..<seedCount {
        let seed = seeds[index]
        // Seeds that end before this one starts (in the query) enter the tree.
        while inserted < seedCount {
          let candidateIndex = order[inserted]
          let candidate = seeds[candidateIndex]
          guard candidate.query + candidate.length <= seed.query else { break }
          let value = scores[candidateIndex]
          var node = candidate.rule + candidate.length
          while node <= ruleCount + 1 {
            if tree[node].generation != currentGeneration || tree[node].score < value {
              tree[node] = FenwickNode(
                score: value, seed: Int32(candidateIndex), generation: currentGeneration)
            }
            node += node & -node
          }
          inserted += 1
        }
        var bestBefore = 0
        var bestSeed: Int32 = -1
        var node = seed.rule
        while node > 0 {
          if tree[node].generation == currentGeneration && tree[node].score > bestBefore {
            bestBefore = tree[node].score
            bestSeed = tree[node].seed
          }
          node -= node & -node
        }
        scores[index] = bestBefore + seed.length
        previous[index] = bestSeed
        if best < 0 || scores[index] > scores[best] { best = index }
      }
      return best
    }

    // Walk the chain back, cut it at long query gaps and keep the heaviest piece.
    let gapLimit = 16 + rule.count / 10
    chain.removeAll(keepingCapacity: true)
    var cursor = best
    while cursor >= 0 {
      chain.append(cursor)
      cursor = Int(previous[cursor])
    }
    chain.reverse()
    var bestRange = 0..<0
    var bestMatched = -1
    var pieceFirst = 0
    var pieceMatched = 0
    for (offset, seedIndex) in chain.enumerated() {
      let seed = seeds[seedIndex]
      if offset > pieceFirst {
        let before = seeds[chain[offset - 1]]
        if seed.query - (before.query + before.length) > gapLimit {
          if pieceMatched > bestMatched {
            (bestRange, bestMatched) = (pieceFirst..<offset, pieceMatched)
          }
          pieceFirst = offset
          pieceMatched = 0
        }
      }
      pieceMatched += seed.length
    }
    if pieceMatched > bestMatched {
      (bestRange, bestMatched) = (pieceFirst..<chain.count, pieceMatched)
    }
    keptRuns.removeAll(keepingCapacity: true)
    for offset in bestRange {
      let seed = seeds[chain[offset]]
      keptRuns.append((seed.rule, seed.query, seed.length))
    }
    let first = seeds[chain[bestRange.lowerBound]]
    let last = seeds[chain[bestRange.upperBound - 1]]
    return Alignment(
      queryStart: first.query, queryEnd: last.query + last.length - 1, matchedTokens: bestMatched)
  }

  /// Adds, for each seed of at least ``trimmedSeedLength`` tokens that another such seed ends
  /// inside of (within its first ``maximumTrim`` words, in the query or in the rule), copies
  /// that start up to ``maximumTrim`` tokens later. Two maximal runs overlap where a word is
  /// repeated or dropped ("the the"): the run after the shift starts one word before the run
  /// before it ends, so neither may follow the other and the chain keeps only one of them.
  private mutating func addTrimmedSeeds(queryCount: Int, ruleCount: Int) {
    let count = seeds.count
    guard count > 1 else { return }
    endStamp &+= 1
    if endStamp == 0 {
      for index in queryEnds.buffer.indices { queryEnds.buffer[index] = 0 }
      for index in ruleEnds.buffer.indices { ruleEnds.buffer[index] = 0 }
      endStamp = 1
    }
    let stamp = endStamp
    let queryEnds = self.queryEnds.reserve(queryCount + Self.maximumTrim + 2, filling: 0)
    let ruleEnds = self.ruleEnds.reserve(ruleCount + Self.maximumTrim + 2, filling: 0)
    for seed in seeds where seed.length >= Self.trimmedSeedLength {
      queryEnds[seed.query + seed.length] = stamp
      ruleEnds[seed.rule + seed.length] = stamp
    }
    for index in 0..<count where seeds[index].length >= Self.trimmedSeedLength {
      let seed = seeds[index]
      let overlapped = (1...Self.maximumTrim).contains {
        queryEnds[seed.query + $0] == stamp || ruleEnds[seed.rule + $0] == stamp
      }
      guard overlapped else { continue }
      for trim in 1...Self.maximumTrim {
        seeds.append(
          Seed(query: seed.query + trim, rule: seed.rule + trim, length: seed.length - trim))
      }
    }
  }

  /// Seeds this long get trimmed copies (``addTrimmedSeeds()``).
  static let trimmedSeedLength = 8
  /// The most words a trimmed copy leaves out at its start.
  static let maximumTrim = 3

  /// Whether each `required` range (start and end pairs, in rule positions) lies inside one
  /// run of the last alignment: a required phrase is matched whole, with no word left out
  /// and none inserted ("version 2" does not match "either version 2").
  func coversRequired(_ required: UnsafeBufferPointer<UInt32>) -> Bool {
    var pair = 0
    while pair + 1 < required.count {
      let start = Int(required[pair])
      let end = Int(required[pair + 1])
      guard keptRuns.contains(where: { $0.rule <= start && $0.rule + $0.length >= end }) else {
        return false
      }
      pair += 2
    }
    return true
  }

  /// Whether the last alignment put a different number where the rule has one: between two
  /// runs, or just before the first or after the last, the rule's words and the query's are
  /// a short substitution holding a number (`isNumber`) on each side and the numbers differ,
  /// as "version 2" against "version 3". Version numbers are what tell near-identical
  /// licenses apart, and one different word would otherwise cost a match only one token.
  func substitutesNumber(
    rule: UnsafeBufferPointer<UInt32>, query: UnsafeBufferPointer<UInt32>,
    isNumber: (UInt32) -> Bool
  ) -> Bool {
    guard let first = keptRuns.first, let last = keptRuns.last else { return false }
    let edge = 2
    func differs(_ ruleWords: Range<Int>, _ queryWords: Range<Int>) -> Bool {
      guard ruleWords.count <= Self.substitutionLimit, queryWords.count <= Self.substitutionLimit
      else { return false }
      let ruleNumbers = ruleWords.map { rule[$0] }.filter(isNumber)
      let queryNumbers = queryWords.map { query[$0] }.filter(isNumber)
      return !ruleNumbers.isEmpty && !queryNumbers.isEmpty
        && ruleNumbers.contains { !queryNumbers.contains($0) }
    }
    if differs(
      max(0, first.rule - edge)..<first.rule, max(0, first.query - edge)..<first.query)
    {
      return true
    }
    for (before, after) in zip(keptRuns, keptRuns.dropFirst())
    where differs(
      (before.rule + before.length)..<after.rule, (before.query + before.length)..<after.query)
    {
      return true
    }
    let ruleEnd = last.rule + last.length
    let queryEnd = last.query + last.length
    return differs(
      ruleEnd..<min(rule.count, ruleEnd + edge), queryEnd..<min(query.count, queryEnd + edge))
  }

  /// The longest stretch of words on either side that counts as a substitution.
  static let substitutionLimit = 4
}
