/// Finds many literals in one pass over a text, so that the clause prefilter costs one pass
/// however many rules the catalog holds. An Aho–Corasick automaton, as a dense table over the
/// bytes the literals use, finds the literals' first ``headLength`` bytes (their heads); each
/// head found is then checked against the rest of the literals that start with it. Keeping
/// only heads in the table, as 16-bit entries, keeps it to about a thousand states (80 KB for
/// the catalog of 2026-12-02): with whole literals (7,000 states, a megabyte of 32-bit
/// entries) most bytes of a text waited on a table load that missed the caches, which the
/// index matcher empties between documents.
struct LiteralAutomaton: Sendable {
  /// The bytes of a literal the table follows; the rest is compared where a head ends.
  static let headLength = 4
  /// Byte → column of the transition table; bytes that occur in no head share column 0.
  private let columns: [UInt8]
  private let columnCount: Int
  /// `state * columnCount + column` → `next`, with ``outputFlag`` set when a head ends in
  /// `next`.
  private let transitions: [UInt16]
  private static let outputFlag: UInt16 = 0x8000
  /// Heads that end in each state: `outputs[outputStart[state]..<outputStart[state + 1]]`.
  private let outputStart: [Int32]
  private let outputs: [Int32]
  /// The literals that begin with each head, in the order given:
  /// `literalsOfHead[headStart[head]..<headStart[head + 1]]`.
  private let headStart: [Int32]
  private let literalsOfHead: [Int32]
  /// The literals' bytes, one after another: literal `i` is
  /// `literalBytes[literalStart[i]..<literalStart[i + 1]]`.
  private let literalBytes: [UInt8]
  private let literalStart: [Int32]

  /// Builds the automaton for `literals` (empty literals never match).
  init(_ literals: [[UInt8]]) {
    literalBytes = literals.flatMap { $0 }
    var literalStart: [Int32] = [0]
    for literal in literals {
      literalStart.append(literalStart[literalStart.count - 1] + Int32(literal.count))
    }
    self.literalStart = literalStart
    var headIndex: [[UInt8]: Int] = [:]
    var heads: [[UInt8]] = []
    var byHead: [[Int32]] = []
    for (index, literal) in literals.enumerated() where !literal.isEmpty {
      let head = Array(literal.prefix(Self.headLength))
      let number = headIndex[head] ?? heads.count
      if number == heads.count {
        headIndex[head] = number
        heads.append(head)
        byHead.append([])
      }
      byHead[number].append(Int32(index))
    }
    var headStart: [Int32] = [0]
    for group in byHead { headStart.append(headStart[headStart.count - 1] + Int32(group.count)) }
    self.headStart = headStart
    literalsOfHead = byHead.flatMap { $0 }
    var columns = [UInt8](repeating: 0, count: 256)
    var columnCount = 1
    for head in heads {
      for byte in head where columns[Int(byte)] == 0 {
        columns[Int(byte)] = UInt8(columnCount)
        columnCount += 1
      }
    }
    // The trie, one row of `columnCount` children per state (-1: none), in one array.
    var children = [Int32](repeating: -1, count: columnCount)
    var ending: [[Int32]] = [[]]
    for (index, head) in heads.enumerated() {
      var state = 0
      for byte in head {
        let slot = state * columnCount + Int(columns[Int(byte)])
        if children[slot] < 0 {
          children[slot] = Int32(ending.count)
          children.append(contentsOf: repeatElement(-1, count: columnCount))
          ending.append([])
        }
        state = Int(children[slot])
      }
      ending[state].append(Int32(index))
    }
    // Failure links, breadth first; missing transitions become the failure state's.
    let stateCount = ending.count
    var transitions = [Int32](repeating: 0, count: stateCount * columnCount)
    var failure = [Int32](repeating: 0, count: stateCount)
    var queue: [Int] = []
    for column in 0..<columnCount {
      let next = children[column]
      if next >= 0 {
        transitions[column] = next
        queue.append(Int(next))
      }
    }
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      ending[state] += ending[Int(failure[state])]
      for column in 0..<columnCount {
        let next = children[state * columnCount + column]
        let fallback = transitions[Int(failure[state]) * columnCount + column]
        if next >= 0 {
          failure[Int(next)] = fallback
          transitions[state * columnCount + column] = next
          queue.append(Int(next))
        } else {
          transitions[state * columnCount + column] = fallback
        }
      }
    }
    // States renumbered breadth first: the shallow states, where a pass over text spends
    // nearly all its steps, then share a few cache lines of the table instead of lying
    // among the deep ones (each step waits on the load of the one before; a table of
    // thousands of states in trie order made most of those loads miss the first-level cache).
    let order = [0] + queue
    var renumbered = [Int32](repeating: 0, count: stateCount)
    for (position, state) in order.enumerated() { renumbered[state] = Int32(position) }
    var outputStart: [Int32] = [0]
    var outputs: [Int32] = []
    var table: [UInt16] = []
    table.reserveCapacity(stateCount * columnCount)
    for state in order {
      outputs += ending[state]
      outputStart.append(Int32(outputs.count))
      for column in 0..<columnCount {
        let next = Int(transitions[state * columnCount + column])
        table.append(
          UInt16(renumbered[next]) | (ending[next].isEmpty ? 0 : Self.outputFlag))
      }
    }
    precondition(stateCount < Int(Self.outputFlag), "too many literal heads")
    self.columns = columns
    self.columnCount = columnCount
    self.transitions = table
    self.outputStart = outputStart
    self.outputs = outputs
  }

  /// Calls `body` with the index of each literal occurrence in `text` and the offset just
  /// past it (overlapping occurrences included), in the order of the ends of their heads:
  /// occurrences that share no byte come in text order.
  func forEachMatch(
    in text: UnsafeBufferPointer<UInt8>, _ body: (_ literal: Int, _ end: Int) -> Void
  ) {
    columns.withUnsafeBufferPointer { columns in
      transitions.withUnsafeBufferPointer { transitions in
        var entry: UInt16 = 0
        let width = columnCount
        for offset in 0..<text.count {
          entry =
            transitions[
              Int(entry & ~Self.outputFlag) &* width &+ Int(columns[Int(text[offset])])]
          if entry & Self.outputFlag != 0 {
            reportOutputs(
              ofState: Int(entry & ~Self.outputFlag), headEnd: offset + 1,
              in: text, body)
          }
        }
      }
    }
  }

  private func reportOutputs(
    ofState state: Int, headEnd: Int, in text: UnsafeBufferPointer<UInt8>,
    _ body: (_ literal: Int, _ end: Int) -> Void
  ) {
    for output in Int(outputStart[state])..<Int(outputStart[state + 1]) {
      let head = Int(outputs[output])
      for position in Int(headStart[head])..<Int(headStart[head + 1]) {
        let literal = Int(literalsOfHead[position])
        let first = Int(literalStart[literal])
        let count = Int(literalStart[literal + 1]) - first
        let headCount = min(count, Self.headLength)
        let start = headEnd - headCount
        guard start + count <= text.count else { continue }
        if count == headCount
          || literalBytes.withUnsafeBufferPointer({ bytes in
            Self.tail(bytes[(first + headCount)..<(first + count)], occursIn: text, at: headEnd)
          })
        {
          body(literal, start + count)
        }
      }
    }
  }

  /// Whether `tail` lies in `text` at `offset` (which leaves room for it).
  private static func tail(
    _ tail: Slice<UnsafeBufferPointer<UInt8>>, occursIn text: UnsafeBufferPointer<UInt8>,
    at offset: Int
  ) -> Bool {
    var position = offset
    for byte in tail {
      if byte != text[position] { return false }
      position += 1
    }
    return true
  }
}
