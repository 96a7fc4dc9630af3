import LicenseText
import Synchronization

/// Which of a scanner's pattern groups match a folded sentence, remembered across the
/// documents of a scan.
///
/// Whether a group of patterns matches one sentence depends only on the sentence's folded
/// bytes (the patterns see the sentence alone), and real trees repeat sentences by the
/// thousand: the license header of every source file of a project, the notice paragraphs of
/// every `copyright` file. A sentence already seen answers from here instead of running the
/// patterns again. Outcomes of a run in which a pattern gave up (a ``ScanIssue``) are not
/// kept, so that every document reports its own issues.
///
/// A group is a ``slot``: four per rule (patterns, guards, list intros, list items) in
/// catalog order, for the first ``slotCapacity`` slots; later ones are always run.
///
/// Memory stays bounded: sentences live in two generations of at most ``generationCapacity``
/// each, the older dropped when the newer fills up (a sentence found in the older one moves
/// back to the newer one).
final class SentenceOutcomes: Sendable {
  /// The groups known for one sentence and those of them that match, one bit per slot.
  struct Entry: Sendable {
    var known = SIMD4<UInt64>()
    var matched = SIMD4<UInt64>()

    /// Whether the group of `slot` matches, or `nil` when not known.
    func outcome(slot: Int) -> Bool? {
      let bit: UInt64 = 1 << UInt64(slot & 63)
      guard known[slot >> 6] & bit != 0 else { return nil }
      return matched[slot >> 6] & bit != 0
    }

    /// Records whether the group of `slot` matches.
    mutating func record(slot: Int, matches: Bool) {
      let bit: UInt64 = 1 << UInt64(slot & 63)
      known[slot >> 6] |= bit
      if matches { matched[slot >> 6] |= bit }
    }
  }

  /// A folded sentence, hashed once as one run of bytes (a key is looked up, then stored),
  /// with ``LicenseText/Checksum64`` (several bytes a cycle; `Hasher` takes one or two
  /// cycles a byte): the bytes tell keys apart, the hash only spreads them.
  struct Key: Hashable, Sendable {
    let bytes: [UInt8]
    private let hash: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
      self.bytes = Array(bytes)
      hash = Checksum64.of(UnsafeRawBufferPointer(bytes))
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (lhs: Key, rhs: Key) -> Bool {
      lhs.hash == rhs.hash && lhs.bytes == rhs.bytes
    }
  }

  private struct Generations: ~Copyable {
    var current: [Key: Entry] = [:]
    var previous: [Key: Entry] = [:]
  }

  /// Slots per rule: patterns, guards, list intros, list items.
  static let slotsPerRule = 4
  /// Slots an ``Entry`` holds.
  static let slotCapacity = 256
  /// Sentences per generation.
  let generationCapacity: Int
  private let generations = Mutex(Generations())

  /// Creates an empty store holding up to twice `generationCapacity` sentences.
  init(generationCapacity: Int = 16_384) {
    self.generationCapacity = max(1, generationCapacity)
  }

  /// The outcomes known for the sentence `key`.
  func entry(for key: Key) -> Entry? {
    generations.withLock { generations in
      if let found = generations.current[key] { return found }
      guard let found = generations.previous.removeValue(forKey: key) else { return nil }
      insert(found, for: key, into: &generations)
      return found
    }
  }

  /// Adds the outcomes of `entry` to those known for the sentence `key`.
  func merge(_ entry: Entry, for key: Key) {
    generations.withLock { generations in
      var merged = entry
      if let known = generations.current[key] {
        merged.known |= known.known
        merged.matched |= known.matched
      }
      insert(merged, for: key, into: &generations)
    }
  }

  private func insert(_ entry: Entry, for key: Key, into generations: inout Generations) {
    if generations.current[key] == nil && generations.current.count >= generationCapacity {
      generations.previous = generations.current
      generations.current = [:]
    }
    generations.current[key] = entry
  }
}
