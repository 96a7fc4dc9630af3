import LicenseMatch
import Synchronization

/// Identification results of contents already scanned, keyed by their SHA-256, shared by the
/// workers of a scan.
///
/// Real trees hold many copies of the same text: a `copyright` file per binary package of one
/// source package, a `LICENSE` per vendored dependency, the same policy in every model folder.
/// Identification depends only on the bytes, so each distinct content is matched once; what
/// depends on the file's name and folder (clauses, verdicts) still runs for every file.
///
/// Memory stays bounded: entries live in two generations of at most ``generationCapacity``
/// each. When the current generation is full it becomes the previous one and the old previous
/// one is dropped; a hit in the previous generation moves the entry back to the current one,
/// so contents that keep recurring stay cached.
public final class IdentificationCache: Sendable {
  private struct Generations: ~Copyable {
    var current: [String: IdentificationResult] = [:]
    var previous: [String: IdentificationResult] = [:]
  }

  private let generations = Mutex(Generations())
  /// Entries per generation.
  public let generationCapacity: Int

  /// Creates an empty cache holding up to twice `generationCapacity` entries.
  public init(generationCapacity: Int = 4096) {
    self.generationCapacity = max(1, generationCapacity)
  }

  /// The identification of the content with SHA-256 `digest`, if it was stored.
  public func identification(forDigest digest: String) -> IdentificationResult? {
    generations.withLock { generations in
      if let found = generations.current[digest] { return found }
      guard let found = generations.previous.removeValue(forKey: digest) else { return nil }
      insert(found, for: digest, into: &generations)
      return found
    }
  }

  /// Stores the identification of the content with SHA-256 `digest`.
  public func store(_ identification: IdentificationResult, forDigest digest: String) {
    generations.withLock { insert(identification, for: digest, into: &$0) }
  }

  /// How many entries are held.
  public var count: Int {
    generations.withLock { $0.current.count + $0.previous.count }
  }

  private func insert(
    _ identification: IdentificationResult, for digest: String,
    into generations: inout Generations
  ) {
    if generations.current.count >= generationCapacity {
      generations.previous = generations.current
      generations.current = [:]
    }
    generations.current[digest] = identification
  }
}
