import LicenseIndex

/// A window of query token ids with their 3-grams, indexed for lookups by gram.
///
/// Long files are matched window by window so that memory stays bounded; windows overlap by
/// more than the longest reference text, so every license lies whole in some window.
struct QueryWindow {
  /// Token ids (0 = word not in the corpus vocabulary).
  var ids: [UInt32] = []
  /// The gram starting at each position (0 when the gram contains an unknown word or runs
  /// past the end).
  var grams: [UInt64] = []
  /// First position of each distinct gram, chained to later positions through `next`.
  private var keys: [UInt64] = Array(repeating: 0, count: 1024)
  private var heads: [Int32] = Array(repeating: -1, count: 1024)
  private var counts: [UInt32] = Array(repeating: 0, count: 1024)
  private var next: [Int32] = []
  private var mask = 1023
  /// Positions where a gram occurs for one of the first ``sampledOccurrences`` times.
  private(set) var sampledPositions: [Int32] = []
  /// How many occurrences of each gram take part in candidate selection.
  static let sampledOccurrences = 4
  /// For each position, how many later positions hold the same gram, and its table slot.
  private var laterOccurrences: [UInt32] = []
  private var slotOf: [Int32] = []

  /// Fills the window with `ids` and indexes its grams.
  mutating func load(_ window: ArraySlice<UInt32>) {
    ids.removeAll(keepingCapacity: true)
    ids.append(contentsOf: window)
    let count = ids.count
    grams.removeAll(keepingCapacity: true)
    grams.reserveCapacity(count)
    for position in 0..<count {
      if position + 2 < count, ids[position] != 0, ids[position + 1] != 0, ids[position + 2] != 0 {
        grams.append(Grams.hash(ids[position], ids[position + 1], ids[position + 2]))
      } else {
        grams.append(0)
      }
    }
    var capacity = 1024
    while capacity < count * 2 { capacity <<= 1 }
    if keys.count != capacity {
      keys = Array(repeating: 0, count: capacity)
      heads = Array(repeating: -1, count: capacity)
      counts = Array(repeating: 0, count: capacity)
    } else {
      for slot in 0..<capacity { keys[slot] = 0 }
    }
    mask = capacity - 1
    if next.count < count { next = Array(repeating: -1, count: count) }
    if laterOccurrences.count < count { laterOccurrences = Array(repeating: 0, count: count) }
    if slotOf.count < count { slotOf = Array(repeating: 0, count: count) }
    var position = count - 1
    while position >= 0 {
      let gram = grams[position]
      if gram != 0 {
        var slot = Int(truncatingIfNeeded: gram) & mask
        while keys[slot] != 0 && keys[slot] != gram { slot = (slot + 1) & mask }
        if keys[slot] == 0 {
          keys[slot] = gram
          counts[slot] = 0
          next[position] = -1
        } else {
          next[position] = heads[slot]
        }
        heads[slot] = Int32(position)
        laterOccurrences[position] = counts[slot]
        slotOf[position] = Int32(slot)
        counts[slot] += 1
      }
      position -= 1
    }
    // A position is among the first occurrences of its gram when few enough of them precede
    // it: all occurrences minus those after it.
    sampledPositions.removeAll(keepingCapacity: true)
    for position in 0..<count where grams[position] != 0 {
      let before = counts[Int(slotOf[position])] - laterOccurrences[position] - 1
      if before < Self.sampledOccurrences { sampledPositions.append(Int32(position)) }
    }
  }

  /// Calls `body` with an unchecked view of the gram table, for the matcher's inner loops.
  func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
    keys.withUnsafeBufferPointer { keys in
      heads.withUnsafeBufferPointer { heads in
        counts.withUnsafeBufferPointer { counts in
          next.withUnsafeBufferPointer { next in
            body(Lookup(keys: keys, heads: heads, counts: counts, next: next, mask: mask))
          }
        }
      }
    }
  }

  /// The gram table of a window, valid inside ``withLookup(_:)`` only.
  struct Lookup {
    let keys: UnsafeBufferPointer<UInt64>
    let heads: UnsafeBufferPointer<Int32>
    let counts: UnsafeBufferPointer<UInt32>
    let next: UnsafeBufferPointer<Int32>
    let mask: Int

    /// The first position of `gram` (-1 when absent) and how often it occurs.
    @inline(__always)
    func occurrences(of gram: UInt64) -> (first: Int, count: Int) {
      var slot = Int(truncatingIfNeeded: gram) & mask
      while true {
        let key = keys[slot]
        if key == gram { return (Int(heads[slot]), Int(counts[slot])) }
        if key == 0 { return (-1, 0) }
        slot = (slot + 1) & mask
      }
    }

    /// The position after `position` with the same gram, or -1.
    @inline(__always)
    func nextPosition(after position: Int) -> Int { Int(next[position]) }
  }

}
