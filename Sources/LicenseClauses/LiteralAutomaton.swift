/// Finds many literals in one pass over a text, so that the clause prefilter costs one pass
/// however many rules the catalog holds.
///
/// An Aho–Corasick automaton, as a dense table over the bytes the literals use, finds the
/// literals' first bytes (their heads, at most ``longestHead`` bytes); each head found is then
/// checked against the rest of the literals that start with it. Keeping only heads in the
/// table keeps it small enough for 16-bit entries and for the processor's caches (1,118
/// states and 80 KB for the catalog of 2026-12-02): with whole literals (7,000 states, a
/// megabyte of 32-bit entries) most bytes of a short text waited on a table load that missed
/// the caches, which the index matcher empties between documents.
struct LiteralAutomaton: Sendable {
  /// The most bytes of a literal the table follows; fewer when the table would not fit
  /// 16-bit entries.
  static let longestHead = 4
  /// The bytes of a literal the table follows; the rest is compared where a head ends.
  let headLength: Int
  /// Byte → column of the transition table; bytes that occur in no head share column 0.
  private let columns: [UInt8]
  /// `state * columnCount + column` → `next * columnCount` (premultiplied, so that a step
  /// is one add and one load). States in which a head ends come last, from
  /// ``firstOutputEntry`` on.
  private let transitions: [UInt16]
  private let columnCount: Int
  private let firstOutputEntry: UInt16
  /// Heads that end in each state, by the state's entry divided by the column count, less
  /// the first output state: `outputHeads[outputStart[s]..<outputStart[s + 1]]`, each as
  /// the range of its literals in ``candidates``.
  private let outputStart: [Int32]
  private let outputHeads: [HeadRange]
  /// The literals that begin with each head, a head's together, ordered by what follows the
  /// head; each with what checking it where its head ends needs, side by side, so that the
  /// check reads one or two cache lines rather than one of each of six arrays.
  private let candidates: [Candidate]
  /// The literals' tails (what follows their heads), one after another.
  private let literalBytes: [UInt8]
  /// Which output states may have an occurrence with a tail where one of their heads ends,
  /// by the text's next bytes (``FollowFilter``): about half the heads found in license text
  /// end where none of their literals goes on, and are passed over without reading
  /// ``candidates``.
  private let follow: FollowFilter

  /// Where the literals of one head lie in ``candidates``.
  struct HeadRange {
    let start: Int32
    let end: Int32
  }

  /// A literal as a candidate where its head ends.
  struct Candidate {
    /// The literal's index.
    let literal: Int32
    /// Its tail: `literalBytes[tailStart..<(tailStart + tailLength)]`.
    let tailStart: Int32
    let tailLength: Int32
    /// The first (at most four) bytes of the tail, little-endian, and the mask of those
    /// bytes: a literal whose tail word differs from the text's four bytes after the head
    /// (under the mask) does not occur there, and one whose tail is no longer than four bytes
    /// and agrees does, both found without reading the literal's bytes.
    let tailWord: UInt32
    let tailMask: UInt32
    /// The first byte of the tail (-1: none).
    let tailFirst: Int16
  }

  /// Builds the automaton for `literals` (empty literals never match).
  init(_ literals: [[UInt8]]) {
    // The longest heads whose table fits; heads of one byte always fit (256 columns at most).
    var length = Self.longestHead
    var heads = Heads(literals, length: length)
    var built = Table(heads: heads)
    while built == nil && length > 1 {
      length -= 1
      heads = Heads(literals, length: length)
      built = Table(heads: heads)
    }
    guard let table = built else { preconditionFailure("heads of one byte always fit") }
    headLength = length
    var tails: [UInt8] = []
    var candidates: [Candidate] = []
    for (position, literal) in heads.literals.enumerated() {
      let tail = literals[Int(literal)].dropFirst(length)
      candidates.append(
        Candidate(
          literal: literal, tailStart: Int32(tails.count), tailLength: Int32(tail.count),
          tailWord: heads.tailWords[position], tailMask: heads.tailWordMasks[position],
          tailFirst: heads.tailFirst[position]))
      tails += tail
    }
    self.candidates = candidates
    literalBytes = tails
    outputHeads = table.outputs.map { head in
      HeadRange(start: heads.start[Int(head)], end: heads.start[Int(head) + 1])
    }
    columns = table.columns
    columnCount = table.columnCount
    transitions = table.transitions
    firstOutputEntry = table.firstOutputEntry
    outputStart = table.outputStart
    var follow = FollowFilter(states: table.outputStart.count - 1)
    for state in 0..<(table.outputStart.count - 1) {
      for output in Int(table.outputStart[state])..<Int(table.outputStart[state + 1]) {
        let head = outputHeads[output]
        for candidate in candidates[Int(head.start)..<Int(head.end)] {
          let tail = Int(candidate.tailStart)
          switch candidate.tailLength {
          case 0: follow.insertEndingHead(state: state)
          case 1: follow.insert(state: state, next: tails[tail])
          default: follow.insert(state: state, next: tails[tail], then: tails[tail + 1])
          }
        }
      }
    }
    self.follow = follow
  }

  /// The distinct heads of a list of literals and, for each, the literals that begin with it.
  private struct Heads {
    var bytes: [[UInt8]] = []
    var start: [Int32] = [0]
    var literals: [Int32] = []
    /// The first byte of each literal's tail (-1: the literal is its head).
    var tailFirst: [Int16] = []
    /// ``LiteralAutomaton/Candidate/tailWord`` and ``LiteralAutomaton/Candidate/tailMask``.
    var tailWords: [UInt32] = []
    var tailWordMasks: [UInt32] = []

    init(_ literals: [[UInt8]], length: Int) {
      var number: [[UInt8]: Int] = [:]
      var members: [[Int32]] = []
      for (index, literal) in literals.enumerated() where !literal.isEmpty {
        let head = Array(literal.prefix(length))
        let known = number[head] ?? bytes.count
        if known == bytes.count {
          number[head] = known
          bytes.append(head)
          members.append([])
        }
        members[known].append(Int32(index))
      }
      // Each head's literals by their tails, so that a step past a head looks only at the
      // run of literals whose tail starts with the next byte of the text.
      for group in members {
        let sorted = group.sorted {
          literals[Int($0)].dropFirst(length).lexicographicallyPrecedes(
            literals[Int($1)].dropFirst(length))
        }
        start.append(start[start.count - 1] + Int32(sorted.count))
        self.literals += sorted
        tailFirst += sorted.map { literals[Int($0)].dropFirst(length).first.map(Int16.init) ?? -1 }
        for literal in sorted {
          var word: UInt32 = 0
          var mask: UInt32 = 0
          for (index, byte) in literals[Int(literal)].dropFirst(length).prefix(4).enumerated() {
            word |= UInt32(byte) << (8 * index)
            mask |= 0xFF << (8 * index)
          }
          tailWords.append(word)
          tailWordMasks.append(mask)
        }
      }
    }
  }

  /// The transition table of the heads' automaton.
  private struct Table {
    var columns = [UInt8](repeating: 0, count: 256)
    var columnCount = 1
    var transitions: [UInt16] = []
    var firstOutputEntry: UInt16 = 0
    var outputStart: [Int32] = [0]
    var outputs: [Int32] = []

    /// `nil` when the premultiplied entries would not fit 16 bits.
    init?(heads: Heads) {
      for head in heads.bytes {
        for byte in head where columns[Int(byte)] == 0 {
          columns[Int(byte)] = UInt8(columnCount)
          columnCount += 1
        }
      }
      // The trie, one row of `columnCount` children per state (-1: none), in one array.
      var children = [Int32](repeating: -1, count: columnCount)
      var ending: [[Int32]] = [[]]
      for (index, head) in heads.bytes.enumerated() {
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
      let stateCount = ending.count
      guard (stateCount - 1) * columnCount <= Int(UInt16.max) else { return nil }
      // Failure links, breadth first; missing transitions become the failure state's.
      var next = [Int32](repeating: 0, count: stateCount * columnCount)
      var failure = [Int32](repeating: 0, count: stateCount)
      var queue: [Int] = []
      for column in 0..<columnCount where children[column] >= 0 {
        next[column] = children[column]
        queue.append(Int(children[column]))
      }
      var position = 0
      while position < queue.count {
        let state = queue[position]
        position += 1
        ending[state] += ending[Int(failure[state])]
        for column in 0..<columnCount {
          let child = children[state * columnCount + column]
          let fallback = next[Int(failure[state]) * columnCount + column]
          if child >= 0 {
            failure[Int(child)] = fallback
            next[state * columnCount + column] = child
            queue.append(Int(child))
          } else {
            next[state * columnCount + column] = fallback
          }
        }
      }
      // States renumbered breadth first, those in which no head ends before the others: the
      // shallow states, where a pass over text spends nearly all its steps, then share a
      // few cache lines of the table, and a step tells an output state by one comparison.
      let order =
        [0] + queue.filter { ending[$0].isEmpty } + queue.filter { !ending[$0].isEmpty }
      var renumbered = [Int](repeating: 0, count: stateCount)
      for (position, state) in order.enumerated() { renumbered[state] = position }
      // Without heads every entry is 0, below the threshold.
      let firstOutput = order.firstIndex { !ending[$0].isEmpty }
      firstOutputEntry = firstOutput.map { UInt16($0 * columnCount) } ?? UInt16.max
      transitions.reserveCapacity(stateCount * columnCount)
      for state in order {
        if !ending[state].isEmpty {
          outputs += ending[state]
          outputStart.append(Int32(outputs.count))
        }
        for column in 0..<columnCount {
          transitions.append(
            UInt16(renumbered[Int(next[state * columnCount + column])] * columnCount))
        }
      }
    }
  }

  /// Calls `body` with the index of each literal occurrence in `text` and the offset just
  /// past it (overlapping occurrences included), in the order of the ends of their heads:
  /// occurrences that share no byte come in text order.
  func forEachMatch(
    in text: UnsafeBufferPointer<UInt8>, _ body: (_ literal: Int, _ end: Int) -> Void
  ) {
    withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      forEachMatch(in: text, into: &sink)
    }
  }

  private struct ClosureSink: LiteralOccurrenceSink {
    let body: (_ literal: Int, _ end: Int) -> Void
    mutating func occurrence(literal: Int, end: Int) { body(literal, end) }
  }

  /// Hands `sink` each literal occurrence in `text`, in the order of
  /// ``forEachMatch(in:_:)``. The sink is a value passed in place, not state a closure
  /// captures: a text of a few kilobytes has hundreds of occurrences, and captured state is
  /// boxed and checked for exclusive access at each use.
  func forEachMatch<Sink: LiteralOccurrenceSink>(
    in text: UnsafeBufferPointer<UInt8>, into sink: inout Sink
  ) {
    columns.withUnsafeBufferPointer { columns in
      transitions.withUnsafeBufferPointer { transitions in
        outputStart.withUnsafeBufferPointer { outputStart in
          outputHeads.withUnsafeBufferPointer { outputHeads in
            candidates.withUnsafeBufferPointer { candidates in
              literalBytes.withUnsafeBufferPointer { literalBytes in
                follow.withBuffers { follow in
                  let tables = Tables(
                    columns: columns, transitions: transitions, outputStart: outputStart,
                    outputHeads: outputHeads, candidates: candidates, literalBytes: literalBytes,
                    follow: follow, columnCount: columnCount, firstOutputEntry: firstOutputEntry,
                    headLength: headLength)
                  tables.scan(text, into: &sink)
                }
              }
            }
          }
        }
      }
    }
  }

  /// The automaton's arrays as buffers, for the scan's loops.
  private struct Tables {
    let columns: UnsafeBufferPointer<UInt8>
    let transitions: UnsafeBufferPointer<UInt16>
    let outputStart: UnsafeBufferPointer<Int32>
    let outputHeads: UnsafeBufferPointer<HeadRange>
    let candidates: UnsafeBufferPointer<Candidate>
    let literalBytes: UnsafeBufferPointer<UInt8>
    let follow: FollowFilter.Buffers
    let columnCount: Int
    let firstOutputEntry: UInt16
    let headLength: Int

    /// Texts shorter than this are walked in one piece; longer ones in four quarters at once.
    static let splitLength = 256

    func scan<Sink: LiteralOccurrenceSink>(
      _ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink
    ) {
      // The state's number from its entry without a division (entries are multiples of the
      // column count and below 2^16, so the product by the rounded-up reciprocal is exact).
      let reciprocal = ((UInt64(1) << 32) + UInt64(columnCount) - 1) / UInt64(columnCount)
      @inline(__always) func state(_ entry: UInt16) -> Int {
        Int((UInt64(entry - firstOutputEntry) &* reciprocal) >> 32)
      }
      @inline(__always) func step(_ entry: UInt16, _ offset: Int) -> UInt16 {
        transitions[Int(entry) &+ Int(columns[Int(text[offset])])]
      }
      let count = text.count
      guard count >= Self.splitLength else {
        var entry: UInt16 = 0
        for offset in 0..<count {
          entry = step(entry, offset)
          if entry >= firstOutputEntry {
            reportOutputs(ofState: state(entry), headEnd: offset + 1, in: text, into: &sink)
          }
        }
        return
      }
      // Each step waits for the table load of the step before, so one walk leaves the
      // processor idle most of the time; four walks over the four quarters, in step, wait
      // together. The state after a byte is the longest trie node (at most `headLength`
      // bytes) that ends there, so a walk started from the root `headLength` bytes before
      // its quarter is in the whole text's state from the quarter's start on. The heads the
      // later walks find are reported after the first quarter's, quarter by quarter, keeping
      // the order of their ends.
      let quarter = count / 4
      func warm(_ start: Int) -> UInt16 {
        var entry: UInt16 = 0
        for offset in (start - headLength)..<start { entry = step(entry, offset) }
        return entry
      }
      var (second, third, fourth) = (warm(quarter), warm(2 * quarter), warm(3 * quarter))
      var pending: ([UInt64], [UInt64], [UInt64]) = ([], [], [])
      pending.0.reserveCapacity(quarter / 8)
      pending.1.reserveCapacity(quarter / 8)
      pending.2.reserveCapacity(quarter / 8)
      // A head found by a later walk: its entry and where it ends.
      @inline(__always) func hit(_ entry: UInt16, _ offset: Int) -> UInt64 {
        UInt64(entry) << 48 | UInt64(offset &+ 1)
      }
      var first: UInt16 = 0
      for offset in 0..<quarter {
        first = step(first, offset)
        second = step(second, quarter &+ offset)
        third = step(third, 2 &* quarter &+ offset)
        fourth = step(fourth, 3 &* quarter &+ offset)
        if first >= firstOutputEntry {
          reportOutputs(ofState: state(first), headEnd: offset + 1, in: text, into: &sink)
        }
        if second >= firstOutputEntry { pending.0.append(hit(second, quarter &+ offset)) }
        if third >= firstOutputEntry { pending.1.append(hit(third, 2 &* quarter &+ offset)) }
        if fourth >= firstOutputEntry { pending.2.append(hit(fourth, 3 &* quarter &+ offset)) }
      }
      for offset in (4 * quarter)..<count {
        fourth = step(fourth, offset)
        if fourth >= firstOutputEntry { pending.2.append(hit(fourth, offset)) }
      }
      for hits in [pending.0, pending.1, pending.2] {
        for hit in hits {
          reportOutputs(
            ofState: state(UInt16(hit >> 48)), headEnd: Int(hit & 0xFFFF_FFFF_FFFF), in: text,
            into: &sink)
        }
      }
    }

    /// Kept out of ``scan(_:into:)``, whose loop over the bytes then holds its state in
    /// registers (inlined, it spilled the state to the stack at every byte).
    @inline(never)
    private func reportOutputs<Sink: LiteralOccurrenceSink>(
      ofState state: Int, headEnd: Int, in text: UnsafeBufferPointer<UInt8>,
      into sink: inout Sink
    ) {
      // Only a head that is itself a literal, or one whose state admits the text's next
      // bytes, can end here in an occurrence: the others are passed over at once.
      let remaining = text.count &- headEnd
      let mayContinue =
        remaining >= 2
        ? follow.admits(state: state, next: text[headEnd], then: text[headEnd &+ 1])
        : remaining == 1 && follow.admits(state: state, next: text[headEnd])
      guard mayContinue || follow.endsHead(state: state) else { return }
      let next = headEnd < text.count ? Int16(text[headEnd]) : 256
      // The text's four bytes after the head, when it has them.
      let word =
        headEnd &+ 4 <= text.count
        ? UInt32(
          littleEndian: UnsafeRawPointer(text.baseAddress! + headEnd).loadUnaligned(
            as: UInt32.self))
        : nil
      for output in Int(outputStart[state])..<Int(outputStart[state + 1]) {
        let head = outputHeads[output]
        let end = Int(head.end)
        // The head's literals: first those that are the head alone (tail -1), then by the
        // first byte of their tails, ascending; only those whose tail starts with `next`
        // can occur, and a binary search finds them among a common head's many literals.
        var position = Int(head.start)
        while position < end && candidates[position].tailFirst < 0 {
          sink.occurrence(literal: Int(candidates[position].literal), end: headEnd)
          position += 1
        }
        guard mayContinue else { continue }
        var high = end
        while position < high {
          let middle = (position &+ high) >> 1
          if candidates[middle].tailFirst < next { position = middle &+ 1 } else { high = middle }
        }
        while position < end && candidates[position].tailFirst == next {
          report(candidates[position], headEnd: headEnd, word: word, in: text, into: &sink)
          position += 1
        }
      }
    }

    /// Hands `sink` the `candidate` literal when it occurs in `text` with its head ending at
    /// `headEnd`; `word` is the text's four bytes from `headEnd` (`nil`: fewer are left).
    @inline(__always)
    private func report<Sink: LiteralOccurrenceSink>(
      _ candidate: Candidate, headEnd: Int, word: UInt32?, in text: UnsafeBufferPointer<UInt8>,
      into sink: inout Sink
    ) {
      let tailLength = Int(candidate.tailLength)
      let tailEnd = headEnd + tailLength
      guard tailEnd <= text.count else { return }
      let tailStart = Int(candidate.tailStart)
      if let word {
        // The word settles tails of up to four bytes; longer ones compare the rest.
        guard word & candidate.tailMask == candidate.tailWord else { return }
        if tailLength > 4
          && !LiteralAutomaton.tail(
            literalBytes[(tailStart + 4)..<(tailStart + tailLength)], occursIn: text,
            at: headEnd + 4)
        {
          return
        }
      } else if !LiteralAutomaton.tail(
        literalBytes[tailStart..<(tailStart + tailLength)], occursIn: text, at: headEnd)
      {
        return
      }
      sink.occurrence(literal: Int(candidate.literal), end: tailEnd)
    }
  }

  /// Whether `tail` lies in `text` at `offset` (which leaves room for it).
  fileprivate static func tail(
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

/// What receives the literal occurrences a ``LiteralAutomaton`` finds.
protocol LiteralOccurrenceSink {
  /// An occurrence of literal `literal` that ends just before offset `end`.
  mutating func occurrence(literal: Int, end: Int)
}

/// For the output states of a ``LiteralAutomaton``, which bytes after a head may begin the
/// tail of one of the state's literals, as a filter with false positives only: a bit per
/// hashed (state, next byte, byte after it) for tails of two bytes or more, and per (state,
/// next byte) for tails of one byte; and which states end a head that is itself a literal.
/// Checking it costs one or two loads from a table of 8 KB that stays in the cache, where
/// reading the state's literals costs several misses.
struct FollowFilter: Sendable {
  /// Bits of the hashed keys.
  static let bitCount = 1 << 16
  private var bits = [UInt64](repeating: 0, count: FollowFilter.bitCount / 64)
  /// One bit per state: a head that is a literal ends in it.
  private var endingHeads: [UInt64]

  /// An empty filter for `states` output states.
  init(states: Int) {
    endingHeads = [UInt64](repeating: 0, count: (states + 63) / 64)
  }

  /// Notes that a literal no longer than its head ends in `state`.
  mutating func insertEndingHead(state: Int) {
    endingHeads[state >> 6] |= 1 << UInt64(state & 63)
  }

  /// Notes a literal of `state` whose tail is the one byte `next`.
  mutating func insert(state: Int, next: UInt8) {
    let bit = Self.bit(Self.key(state: state, next: next))
    bits[bit >> 6] |= 1 << UInt64(bit & 63)
  }

  /// Notes a literal of `state` whose tail begins with `next`, `then`.
  mutating func insert(state: Int, next: UInt8, then: UInt8) {
    let bit = Self.bit(Self.key(state: state, next: next, then: then))
    bits[bit >> 6] |= 1 << UInt64(bit & 63)
  }

  @inline(__always)
  static func key(state: Int, next: UInt8) -> UInt64 {
    UInt64(truncatingIfNeeded: state) << 18 | 1 << 17 | UInt64(next) << 8
  }

  @inline(__always)
  static func key(state: Int, next: UInt8, then: UInt8) -> UInt64 {
    UInt64(truncatingIfNeeded: state) << 18 | UInt64(next) << 8 | UInt64(then)
  }

  @inline(__always)
  static func bit(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 48)
  }

  /// The filter's arrays as buffers, for a scan's loops.
  struct Buffers {
    let bits: UnsafeBufferPointer<UInt64>
    let endingHeads: UnsafeBufferPointer<UInt64>

    @inline(__always)
    private func test(_ bit: Int) -> Bool { bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }

    /// Whether a head that is a literal ends in `state`.
    @inline(__always)
    func endsHead(state: Int) -> Bool {
      endingHeads[state >> 6] & (1 << UInt64(state & 63)) != 0
    }

    /// Whether a literal of `state` may go on with `next` as the last byte of its tail.
    @inline(__always)
    func admits(state: Int, next: UInt8) -> Bool {
      test(FollowFilter.bit(FollowFilter.key(state: state, next: next)))
    }

    /// Whether a literal of `state` may go on with `next`, `then` (or end after `next`).
    @inline(__always)
    func admits(state: Int, next: UInt8, then: UInt8) -> Bool {
      test(FollowFilter.bit(FollowFilter.key(state: state, next: next, then: then)))
        || test(FollowFilter.bit(FollowFilter.key(state: state, next: next)))
    }
  }

  /// Calls `body` with the filter's arrays as buffers.
  func withBuffers<Result>(_ body: (Buffers) -> Result) -> Result {
    bits.withUnsafeBufferPointer { bits in
      endingHeads.withUnsafeBufferPointer { endingHeads in
        body(Buffers(bits: bits, endingHeads: endingHeads))
      }
    }
  }
}
