/// Counts by key with a bound on the number of keys: once ``capacity`` keys are held, counts
/// of new keys go to ``otherKey``, so hostile or huge input cannot grow it without limit.
public struct Tally: Sendable, Equatable {
  /// The key that collects the counts of keys beyond the capacity.
  public static let otherKey = "(other)"
  /// The most distinct keys kept (besides ``otherKey``).
  public let capacity: Int
  /// The count of each key.
  public private(set) var counts: [String: Int] = [:]

  /// Creates an empty tally that keeps at most `capacity` keys.
  public init(capacity: Int = 4_096) {
    self.capacity = capacity
  }

  /// Adds `amount` to `key`.
  public mutating func add(_ key: String, _ amount: Int = 1) {
    if counts[key] != nil || counts.count < capacity || key == Self.otherKey {
      counts[key, default: 0] += amount
    } else {
      counts[Self.otherKey, default: 0] += amount
    }
  }

  /// The sum of all counts.
  public var total: Int { counts.values.reduce(0, +) }

  /// The count of `key` (0 when absent).
  public subscript(key: String) -> Int { counts[key] ?? 0 }

  /// Keys and counts, the largest count first (keys in order on ties), ``otherKey`` last.
  public var ranked: [(key: String, count: Int)] {
    let named = counts.filter { $0.key != Self.otherKey }.map { (key: $0.key, count: $0.value) }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    return named + (counts[Self.otherKey].map { [(key: Self.otherKey, count: $0)] } ?? [])
  }

  /// The `limit` largest entries, then one entry ``otherKey`` summing the rest (and the counts
  /// already held under it), when there is any.
  public func top(_ limit: Int) -> [(key: String, count: Int)] {
    let named = ranked.filter { $0.key != Self.otherKey }
    let rest = named.dropFirst(limit).reduce(self[Self.otherKey]) { $0 + $1.count }
    return Array(named.prefix(limit)) + (rest > 0 ? [(key: Self.otherKey, count: rest)] : [])
  }
}
