/// Finds many literals in one pass over a text (Aho–Corasick, as a dense automaton over the
/// bytes the literals use), so that the clause prefilter costs one pass however many rules
/// the catalog holds.
struct LiteralAutomaton: Sendable {
  /// Byte → column of the transition table; bytes that occur in no literal share column 0.
  private let columns: [UInt8]
  private let columnCount: Int
  /// `state * columnCount + column` → `next * columnCount`, with ``outputFlag`` set when a
  /// literal ends in `next` (premultiplied, so that the inner loop is one load per byte).
  private let transitions: [UInt32]
  private static let outputFlag: UInt32 = 0x8000_0000
  /// Literals that end in each state: `outputs[outputStart[state]..<outputStart[state + 1]]`.
  private let outputStart: [Int32]
  private let outputs: [Int32]
  /// The literals, in the order given.
  let literals: [[UInt8]]

  /// Builds the automaton for `literals` (empty literals never match).
  init(_ literals: [[UInt8]]) {
    self.literals = literals
    var columns = [UInt8](repeating: 0, count: 256)
    var columnCount = 1
    for literal in literals {
      for byte in literal where columns[Int(byte)] == 0 {
        columns[Int(byte)] = UInt8(columnCount)
        columnCount += 1
      }
    }
    // The trie, one row of `columnCount` children per state (-1: none), in one array.
    var children = [Int32](repeating: -1, count: columnCount)
    var ending: [[Int32]] = [[]]
    for (index, literal) in literals.enumerated() where !literal.isEmpty {
      var state = 0
      for byte in literal {
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
    var table: [UInt32] = []
    table.reserveCapacity(stateCount * columnCount)
    for state in order {
      outputs += ending[state]
      outputStart.append(Int32(outputs.count))
      for column in 0..<columnCount {
        let next = Int(transitions[state * columnCount + column])
        table.append(
          UInt32(Int(renumbered[next]) * columnCount)
            | (ending[next].isEmpty ? 0 : Self.outputFlag))
      }
    }
    precondition(stateCount * columnCount < Int(Self.outputFlag), "too many literals")
    self.columns = columns
    self.columnCount = columnCount
    self.transitions = table
    self.outputStart = outputStart
    self.outputs = outputs
  }

  /// Calls `body` with the index of each literal occurrence in `text` and the offset just
  /// past it, in text order (overlapping occurrences included).
  func forEachMatch(
    in text: UnsafeBufferPointer<UInt8>, _ body: (_ literal: Int, _ end: Int) -> Void
  ) {
    columns.withUnsafeBufferPointer { columns in
      transitions.withUnsafeBufferPointer { transitions in
        var entry: UInt32 = 0
        for offset in 0..<text.count {
          entry =
            transitions[
              Int(entry & ~Self.outputFlag) &+ Int(columns[Int(text[offset])])]
          if entry & Self.outputFlag != 0 {
            reportOutputs(
              ofState: Int(entry & ~Self.outputFlag) / columnCount, end: offset + 1, body)
          }
        }
      }
    }
  }

  private func reportOutputs(
    ofState state: Int, end: Int, _ body: (_ literal: Int, _ end: Int) -> Void
  ) {
    for output in Int(outputStart[state])..<Int(outputStart[state + 1]) {
      body(Int(outputs[output]), end)
    }
  }
}
