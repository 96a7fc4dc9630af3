/// Closed spans of token positions, each with a value, kept in order of their starts so that
/// the spans holding a given span are found without reading them all: a binary search leaves
/// out the spans that start after it, and the largest end among each prefix of the order ends
/// the search once no earlier span reaches far enough.
///
/// The matcher asks, for each rule it may verify, whether a complete match holds the rule's
/// span; a long file has hundreds of complete matches, nearly all of them elsewhere.
struct ContainingSpans<Value> {
  private var starts: [Int] = []
  private var ends: [Int] = []
  private var values: [Value] = []
  /// For each position of the order, the largest end among the spans up to it.
  private var reach: [Int] = []

  /// Creates an empty set.
  init() {}

  /// The number of spans.
  var count: Int { starts.count }

  /// Removes every span, keeping the storage.
  mutating func removeAll() {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
    reach.removeAll(keepingCapacity: true)
  }

  /// Adds the span `start...end` with `value`.
  mutating func insert(start: Int, end: Int, value: Value) {
    let position = startsAtOrBefore(start)
    starts.insert(start, at: position)
    ends.insert(end, at: position)
    values.insert(value, at: position)
    reach.insert(max(position > 0 ? reach[position - 1] : Int.min, end), at: position)
    // The largest ends after it grow to `end` at least; they never fall, so the first one
    // that reaches `end` already ends the change.
    var index = position + 1
    while index < reach.count && reach[index] < end {
      reach[index] = end
      index += 1
    }
  }

  /// Whether a span that holds `span` (starts at or before it and ends at or after it)
  /// satisfies `predicate`, which is given the holding span's start, end and value. Spans are
  /// tried latest start first; the answer does not depend on the order.
  func containsSpan(
    holding span: ClosedRange<Int>,
    where predicate: (_ start: Int, _ end: Int, _ value: Value) -> Bool
  ) -> Bool {
    var index = startsAtOrBefore(span.lowerBound) - 1
    while index >= 0 && reach[index] >= span.upperBound {
      if ends[index] >= span.upperBound && predicate(starts[index], ends[index], values[index]) {
        return true
      }
      index -= 1
    }
    return false
  }

  /// The number of spans that start at or before `position`.
  private func startsAtOrBefore(_ position: Int) -> Int {
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) / 2
      if starts[middle] <= position { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
