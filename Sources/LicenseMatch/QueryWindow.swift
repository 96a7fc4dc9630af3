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
  /// Open-addressing table of the distinct grams: each slot holds the gram, its first
  /// position and its number of occurrences, side by side so that a lookup reads one line.
  private let slots = ScratchBuffer<GramSlot>()
  /// For each position, the next position with the same gram (-1 after the last).
  private let next = ScratchBuffer<Int32>()
  private var mask = 0
  /// Positions where a gram occurs for one of the first ``sampledOccurrences`` times.
  private(set) var sampledPositions: [Int32] = []
  /// How many occurrences of each gram take part in candidate selection.
  static let sampledOccurrences = 4
  /// For each position, how many later positions hold the same gram, and its table slot.
  private let laterOccurrences = ScratchBuffer<UInt32>()
  private let slotOf = ScratchBuffer<Int32>()

  /// One slot of the gram table (`gram` 0: empty).
  struct GramSlot: BitwiseCopyable {
    var gram: UInt64 = 0
    var first: Int32 = -1
    var count: UInt32 = 0
  }

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
    mask = capacity - 1
    let table = UnsafeMutableBufferPointer(
      rebasing: slots.reserve(capacity, filling: GramSlot())[0..<capacity])
    for slot in table.indices { table[slot].gram = 0 }
    let next = self.next.reserve(count, filling: -1)
    let later = laterOccurrences.reserve(count, filling: 0)
    let slotOf = self.slotOf.reserve(count, filling: 0)
    let mask = self.mask
    grams.withUnsafeBufferPointer { grams in
      var position = count - 1
      while position >= 0 {
        let gram = grams[position]
        if gram != 0 {
          var slot = Int(truncatingIfNeeded: gram) & mask
          while table[slot].gram != 0 && table[slot].gram != gram { slot = (slot + 1) & mask }
          if table[slot].gram == 0 {
            table[slot] = GramSlot(gram: gram, first: -1, count: 0)
          }
          next[position] = table[slot].first
          table[slot].first = Int32(position)
          later[position] = table[slot].count
          slotOf[position] = Int32(slot)
          table[slot].count += 1
        }
        position -= 1
      }
      // A position is among the first occurrences of its gram when few enough of them
      // precede it: all occurrences minus those after it.
      sampledPositions.removeAll(keepingCapacity: true)
      for position in 0..<count where grams[position] != 0 {
        let before = table[Int(slotOf[position])].count - later[position] - 1
        if before < Self.sampledOccurrences { sampledPositions.append(Int32(position)) }
      }
    }
  }

  /// Calls `body` with an unchecked view of the gram table, for the matcher's inner loops.
  func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
    body(
      Lookup(
        slots: UnsafeBufferPointer(slots.buffer), next: UnsafeBufferPointer(next.buffer),
        mask: mask))
  }

  /// The gram table of a window, valid inside ``withLookup(_:)`` only.
  struct Lookup {
    let slots: UnsafeBufferPointer<GramSlot>
    let next: UnsafeBufferPointer<Int32>
    let mask: Int

    /// The first position of `gram` (-1 when absent) and how often it occurs.
    @inline(__always)
    func occurrences(of gram: UInt64) -> (first: Int, count: Int) {
      var slot = Int(truncatingIfNeeded: gram) & mask
      while true {
        let entry = slots[slot]
        if entry.gram == gram { return (Int(entry.first), Int(entry.count)) }
        if entry.gram == 0 { return (-1, 0) }
        slot = (slot + 1) & mask
      }
    }

    /// The position after `position` with the same gram, or -1.
    @inline(__always)
    func nextPosition(after position: Int) -> Int { Int(next[position]) }
  }
}
