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

/// Greedy monotone alignment of a query stretch against one rule, seeded by shared 3-grams
/// and extended token by token.
struct Aligner {
  /// A seed whose rule position jumps further than this past the last block must be long to
  /// be taken, so that a common phrase early in the query does not drag the alignment past
  /// most of the rule.
  static let maximumFreeSkip = 24
  /// Length of a block that may jump anywhere forward in the rule.
  static let anchoredBlockLength = 8

  private var ruleKeys: [UInt64] = Array(repeating: 0, count: 64)
  private var ruleHeads: [Int32] = Array(repeating: -1, count: 64)
  private var ruleNext: [Int32] = []
  private var mask = 63
  private var usedSlots: [Int] = []

  /// Indexes the 3-grams of `rule` so that ``align`` can find seeds.
  mutating func prepare(rule: UnsafeBufferPointer<UInt32>) {
    let gramCount = max(0, rule.count - 2)
    var capacity = 64
    while capacity < gramCount * 2 { capacity <<= 1 }
    for slot in usedSlots { ruleKeys[slot] = 0 }
    usedSlots.removeAll(keepingCapacity: true)
    if ruleKeys.count < capacity {
      ruleKeys = Array(repeating: 0, count: capacity)
      ruleHeads = Array(repeating: -1, count: capacity)
    } else {
      capacity = ruleKeys.count
    }
    mask = capacity - 1
    if ruleNext.count < rule.count { ruleNext = Array(repeating: -1, count: rule.count) }
    // Insert from the end so that each chain lists positions in increasing order.
    var position = gramCount - 1
    while position >= 0 {
      let gram = Grams.hash(rule[position], rule[position + 1], rule[position + 2])
      var slot = Int(truncatingIfNeeded: gram) & mask
      while ruleKeys[slot] != 0 && ruleKeys[slot] != gram { slot = (slot + 1) & mask }
      if ruleKeys[slot] == 0 {
        ruleKeys[slot] = gram
        usedSlots.append(slot)
        ruleNext[position] = -1
      } else {
        ruleNext[position] = ruleHeads[slot]
      }
      ruleHeads[slot] = Int32(position)
      position -= 1
    }
  }

  /// Aligns `query[start...end]` (gram positions; tokens may extend two further) with the
  /// prepared `rule`.
  func align(
    query: UnsafeBufferPointer<UInt32>, grams: UnsafeBufferPointer<UInt64>, start: Int, end: Int,
    rule: UnsafeBufferPointer<UInt32>
  ) -> Alignment? {
    var position = start
    var ruleMinimum = 0
    var matched = 0
    var first = -1
    var last = -1
    let queryLimit = query.count
    while position <= end {
      let gram = grams[position]
      if gram == 0 {
        position += 1
        continue
      }
      var rulePosition = -1
      var slot = Int(truncatingIfNeeded: gram) & mask
      while ruleKeys[slot] != 0 && ruleKeys[slot] != gram { slot = (slot + 1) & mask }
      if ruleKeys[slot] == gram {
        var candidate = Int(ruleHeads[slot])
        while candidate >= 0 && candidate < ruleMinimum { candidate = Int(ruleNext[candidate]) }
        rulePosition = candidate
      }
      if rulePosition < 0 {
        position += 1
        continue
      }
      var length = 0
      while position + length < queryLimit && rulePosition + length < rule.count
        && query[position + length] == rule[rulePosition + length]
      {
        length += 1
      }
      // The first block must be long (or the whole rule): a common phrase must not start the
      // alignment inside a neighbouring text. Later blocks may be short if they stay close.
      let isAnchored = length >= min(Self.anchoredBlockLength, rule.count)
      if !isAnchored && (matched == 0 || rulePosition - ruleMinimum > Self.maximumFreeSkip) {
        position += 1
        continue
      }
      if first < 0 { first = position }
      last = position + length - 1
      matched += length
      position += length
      ruleMinimum = rulePosition + length
      if ruleMinimum >= rule.count { break }
    }
    guard first >= 0 else { return nil }
    return Alignment(queryStart: first, queryEnd: last, matchedTokens: matched)
  }
}
