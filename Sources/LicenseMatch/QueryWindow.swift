import LicenseIndex

/// A window of query token ids with their 3-grams, indexed for lookups by gram.
///
/// Long files are matched window by window so that memory stays bounded; windows overlap by
/// more than the longest reference text, so every license lies whole in some window.
///
/// Loading samples the grams that may be anchors, for candidate selection; the table of all
/// grams that verification reads is built only when there is a candidate to verify
/// (``prepareLookup()``), so a file with no license costs little more than its tokens.
struct QueryWindow {
  /// Token ids (0 = word not in the corpus vocabulary).
  var ids: [UInt32] = []
  /// The gram starting at each position (0 when the gram contains an unknown word or runs
  /// past the end).
  var grams: [UInt64] = []
  /// Open-addressing table of the distinct grams: each slot holds the gram, where its
  /// positions start in `positions` and how many there are, side by side so that a lookup
  /// reads one line.
  private let slots = ScratchBuffer<GramSlot>()
  /// The positions of every gram, gram by gram, each gram's in increasing order.
  private let positions = ScratchBuffer<Int32>()
  /// For each position, the slot of its gram (-1: none), while the table is built.
  private let slotOfPosition = ScratchBuffer<Int32>()
  private var mask = 0
  /// Whether the gram table describes the current window.
  private(set) var isLookupPrepared = false
  /// Occurrence counts of the grams that may be anchors, while sampling.
  private let anchorCounts = ScratchBuffer<GramSlot>()
  /// Positions whose gram may be an anchor and occurs there for one of the first
  /// ``sampledOccurrences`` times.
  private(set) var sampledPositions: [Int32] = []
  /// How many occurrences of each gram take part in candidate selection.
  static let sampledOccurrences = 4

  /// One slot of the gram table (`gram` 0: empty): the gram, where its positions start in
  /// the positions list and its number of occurrences.
  struct GramSlot: BitwiseCopyable {
    var gram: UInt64 = 0
    var first: Int32 = -1
    var count: UInt32 = 0
  }

  /// Fills the window with `ids`, computes its grams and samples the positions of those
  /// `index` may have as anchors.
  mutating func load(_ window: ArraySlice<UInt32>, index: LicenseIndex) {
    ids.removeAll(keepingCapacity: true)
    ids.append(contentsOf: window)
    let count = ids.count
    grams.removeAll(keepingCapacity: true)
    grams.append(contentsOf: repeatElement(0, count: count))
    sampledPositions.removeAll(keepingCapacity: true)
    isLookupPrepared = false
    ids.withUnsafeBufferPointer { ids in
      grams.withUnsafeMutableBufferPointer { grams in
        guard count >= 3 else { return }
        for position in 0..<(count - 2)
        where ids[position] != 0 && ids[position + 1] != 0 && ids[position + 2] != 0 {
          let gram = Grams.hash(ids[position], ids[position + 1], ids[position + 2])
          grams[position] = gram
          if index.mayBeAnchor(gram) { sampledPositions.append(Int32(position)) }
        }
      }
    }
    // Keep the first occurrences of each gram only.
    guard !sampledPositions.isEmpty else { return }
    var capacity = 64
    while capacity < sampledPositions.count * 2 { capacity <<= 1 }
    let mask = capacity - 1
    let table = UnsafeMutableBufferPointer(
      rebasing: anchorCounts.reserve(capacity, filling: GramSlot())[0..<capacity])
    for slot in table.indices { table[slot].gram = 0 }
    var kept = 0
    grams.withUnsafeBufferPointer { grams in
      for position in sampledPositions {
        let gram = grams[Int(position)]
        let slot = Self.slot(of: gram, in: table, mask: mask)
        if table[slot].gram == 0 {
          table[slot] = GramSlot(gram: gram, count: 1)
        } else {
          table[slot].count += 1
        }
        if table[slot].count <= Self.sampledOccurrences {
          sampledPositions[kept] = position
          kept += 1
        }
      }
    }
    sampledPositions.removeLast(sampledPositions.count - kept)
  }

  /// The slot of `gram` in an open-addressing `table` of `mask + 1` slots: the one that holds
  /// it, or the empty one where it goes.
  @inline(__always)
  private static func slot(
    of gram: UInt64, in table: UnsafeMutableBufferPointer<GramSlot>, mask: Int
  ) -> Int {
    var slot = Int(truncatingIfNeeded: gram) & mask
    while table[slot].gram != 0 && table[slot].gram != gram { slot = (slot + 1) & mask }
    return slot
  }

  /// Indexes every gram of the window for ``withLookup(_:)``; does nothing when done already.
  mutating func prepareLookup() {
    guard !isLookupPrepared else { return }
    isLookupPrepared = true
    let count = ids.count
    var capacity = 1024
    while capacity < count * 2 { capacity <<= 1 }
    mask = capacity - 1
    let table = UnsafeMutableBufferPointer(
      rebasing: slots.reserve(capacity, filling: GramSlot())[0..<capacity])
    for slot in table.indices { table[slot].gram = 0 }
    let slotOf = slotOfPosition.reserve(count, filling: -1)
    let positions = self.positions.reserve(count, filling: -1)
    grams.withUnsafeBufferPointer { grams in
      // Count each gram's positions, then give each gram its stretch of `positions` and fill
      // the stretches in position order.
      for position in 0..<count {
        let gram = grams[position]
        guard gram != 0 else {
          slotOf[position] = -1
          continue
        }
        let slot = Self.slot(of: gram, in: table, mask: mask)
        if table[slot].gram == 0 {
          table[slot] = GramSlot(gram: gram, first: 0, count: 1)
        } else {
          table[slot].count += 1
        }
        slotOf[position] = Int32(slot)
      }
      var offset: Int32 = 0
      for slot in table.indices where table[slot].gram != 0 {
        table[slot].first = offset
        offset += Int32(table[slot].count)
        table[slot].count = 0
      }
      for position in 0..<count where slotOf[position] >= 0 {
        let slot = Int(slotOf[position])
        positions[Int(table[slot].first) + Int(table[slot].count)] = Int32(position)
        table[slot].count += 1
      }
    }
  }

  /// Calls `body` with an unchecked view of the gram table, for the matcher's inner loops
  /// (after ``prepareLookup()``).
  func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
    precondition(isLookupPrepared, "prepareLookup() was not called for this window")
    return body(
      Lookup(
        slots: UnsafeBufferPointer(slots.buffer),
        positions: UnsafeBufferPointer(positions.buffer), mask: mask))
  }

  /// The gram table of a window, valid inside ``withLookup(_:)`` only.
  struct Lookup {
    let slots: UnsafeBufferPointer<GramSlot>
    /// Every gram's positions, gram by gram, in increasing order within a gram.
    let positions: UnsafeBufferPointer<Int32>
    let mask: Int

    /// Where the positions of `gram` start in ``positions`` and how many there are (0 when
    /// the gram does not occur).
    @inline(__always)
    func occurrences(of gram: UInt64) -> (first: Int, count: Int) {
      var slot = Int(truncatingIfNeeded: gram) & mask
      while true {
        let entry = slots[slot]
        if entry.gram == gram { return (Int(entry.first), Int(entry.count)) }
        if entry.gram == 0 { return (0, 0) }
        slot = (slot + 1) & mask
      }
    }

    /// The index in ``positions``, from `start` up to `end`, of the first position at least
    /// `bound` (`end` when there is none).
    @inline(__always)
    func firstIndex(atLeast bound: Int, from start: Int, to end: Int) -> Int {
      var low = start
      var high = end
      // Most grams occur a few times: a short scan reads one cache line.
      if high - low <= 8 {
        while low < high && Int(positions[low]) < bound { low += 1 }
        return low
      }
      while low < high {
        let middle = (low + high) / 2
        if Int(positions[middle]) < bound { low = middle + 1 } else { high = middle }
      }
      return low
    }
  }
}
