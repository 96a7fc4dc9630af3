import Synchronization

/// Results computed from a file's content, keyed by its SHA-256 (and whatever else they
/// depend on), shared by the workers of a scan.
///
/// Real trees hold many copies of the same text: a `copyright` file per binary package of one
/// source package, a `LICENSE` per vendored dependency, the same policy in every model folder.
/// What depends only on the bytes (identification; the clause scan of a file of a given kind)
/// is computed once per distinct content; what depends on the file's path (its name in the
/// report, its folder's model verdict) is still worked out for every file.
///
/// Memory stays bounded: entries live in two generations of at most ``generationCapacity``
/// each. When the current generation is full it becomes the previous one and the old previous
/// one is dropped; a hit in the previous generation moves the entry back to the current one,
/// so contents that keep recurring stay cached.
public final class ContentCache<Value: Sendable>: Sendable {
  private struct Generations: ~Copyable {
    var current: [String: Value] = [:]
    var previous: [String: Value] = [:]
    var stores = 0
  }

  private let generations = Mutex(Generations())
  /// Entries per generation.
  public let generationCapacity: Int

  /// Creates an empty cache holding up to twice `generationCapacity` entries.
  public init(generationCapacity: Int = 4096) {
    self.generationCapacity = max(1, generationCapacity)
  }

  /// The value stored for `key`, if any.
  public func value(forKey key: String) -> Value? {
    generations.withLock { generations in
      if let found = generations.current[key] { return found }
      guard let found = generations.previous.removeValue(forKey: key) else { return nil }
      insert(found, for: key, into: &generations)
      return found
    }
  }

  /// Stores `value` for `key`.
  public func store(_ value: Value, forKey key: String) {
    generations.withLock {
      $0.stores += 1
      insert(value, for: key, into: &$0)
    }
  }

  /// How many values were stored since the cache was made: more than the distinct keys when
  /// one value was computed twice.
  public var storeCount: Int {
    generations.withLock { $0.stores }
  }

  /// How many entries are held.
  public var count: Int {
    generations.withLock { $0.current.count + $0.previous.count }
  }

  private func insert(_ value: Value, for key: String, into generations: inout Generations) {
    if generations.current.count >= generationCapacity {
      generations.previous = generations.current
      generations.current = [:]
    }
    generations.current[key] = value
  }
}
