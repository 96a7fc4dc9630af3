import Foundation
import LicenseText

#if canImport(Glibc)
  import Glibc
#endif

/// A license as the matcher reports it.
public struct LicenseInfo: Sendable, Equatable, Hashable {
  /// LicenseDB key, such as `apache-2.0`.
  public var key: String
  /// SPDX id, or `LicenseRef-scancode-KEY` where the LicenseDB has none.
  public var spdx: String
  /// Full name.
  public var name: String
  /// LicenseDB category.
  public var category: String
  /// Whether the license is OSI-approved.
  public var isOSIApproved: Bool
  /// Whether the license is an exception (used with `WITH`).
  public var isException: Bool

  /// Creates license information.
  public init(
    key: String, spdx: String, name: String, category: String, isOSIApproved: Bool,
    isException: Bool
  ) {
    self.key = key
    self.spdx = spdx
    self.name = name
    self.category = category
    self.isOSIApproved = isOSIApproved
    self.isException = isException
  }
}

/// A compiled index, memory-mapped read-only; loading costs a map and a few small tables.
///
/// Immutable after loading and safe to share between threads.
public final class LicenseIndex: @unchecked Sendable {
  /// The corpus version the index was built from.
  public let corpusStamp: String
  /// The checksum of the index header, which covers the checksum of every section: it tells
  /// this index from any other (a key of results computed with it).
  public let checksum: UInt64
  /// Number of licenses.
  public let licenseCount: Int
  /// Number of rules.
  public let ruleCount: Int

  private let mapping: UnsafeRawBufferPointer
  private let strings: UnsafeBufferPointer<UInt8>
  private let licenses: UnsafeBufferPointer<LicenseEntry>
  @usableFromInline let rules: UnsafeBufferPointer<RuleEntry>
  private let licenseLists: UnsafeBufferPointer<UInt32>
  @usableFromInline let tokens: UnsafeBufferPointer<UInt32>
  @usableFromInline let vocabularyKeys: UnsafeBufferPointer<UInt64>
  @usableFromInline let vocabularyValues: UnsafeBufferPointer<UInt32>
  @usableFromInline let anchorKeys: UnsafeBufferPointer<UInt64>
  @usableFromInline let anchorRanges: UnsafeBufferPointer<UInt64>
  @usableFromInline let postings: UnsafeBufferPointer<UInt32>
  private let exactKeys: UnsafeBufferPointer<UInt64>
  private let exactValues: UnsafeBufferPointer<UInt32>
  private let requiredIndex: UnsafeBufferPointer<UInt32>
  private let requiredRanges: UnsafeBufferPointer<UInt32>
  @usableFromInline let anchorFilter: UnsafeBufferPointer<UInt64>
  private let pairKeys: UnsafeBufferPointer<UInt64>
  private let pairValues: UnsafeBufferPointer<UInt32>
  /// The token ids that begin some two-word rule, in increasing order.
  public let pairFirstWords: UnsafeBufferPointer<UInt32>
  /// License positions by lowercased SPDX id (other and older ids included), made on the
  /// first lookup: only SPDX tags and expressions need it, and a scan of one file should not
  /// pay for every license's ids.
  private let spdxLookup = MadeOnFirstUse<[String: Int]>()
  private let keyLookup: [String: Int]

  /// Maps the index file at `path`. Throws ``IndexError`` when the file is missing, was
  /// built by another version of LicenseLens, or is damaged.
  public init(path: String) throws {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw IndexError.missing(path: path)
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw IndexError.damaged(path: path, reason: "cannot read the file")
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw IndexError.damaged(path: path, reason: "not a regular file")
    }
    let size = Int(status.st_size)
    guard size > 0 else { throw IndexError.damaged(path: path, reason: "empty file") }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
      base != MAP_FAILED
    else {
      throw IndexError.damaged(path: path, reason: "cannot map file")
    }
    let raw = UnsafeRawBufferPointer(start: base, count: size)
    mapping = raw
    do {
      try IndexFile.verify(raw, path: path)
    } catch {
      munmap(base, size)
      throw error
    }
    func section<T>(_ which: IndexFile.Section, _: T.Type) throws -> UnsafeBufferPointer<T> {
      let entry = IndexFile.headerSize + which.rawValue * IndexFile.tableEntrySize
      let offset = Int(raw.loadUnaligned(fromByteOffset: entry, as: UInt64.self))
      let length = Int(raw.loadUnaligned(fromByteOffset: entry + 8, as: UInt64.self))
      guard length % MemoryLayout<T>.stride == 0 else {
        throw IndexError.damaged(path: path, reason: "section \(which) has a partial record")
      }
      let start = base.advanced(by: offset).assumingMemoryBound(to: T.self)
      return UnsafeBufferPointer(start: start, count: length / MemoryLayout<T>.stride)
    }
    do {
      strings = try section(.stringPool, UInt8.self)
      licenses = try section(.licenses, LicenseEntry.self)
      rules = try section(.rules, RuleEntry.self)
      licenseLists = try section(.licenseLists, UInt32.self)
      tokens = try section(.tokens, UInt32.self)
      vocabularyKeys = try section(.vocabularyKeys, UInt64.self)
      vocabularyValues = try section(.vocabularyValues, UInt32.self)
      anchorKeys = try section(.anchorKeys, UInt64.self)
      anchorRanges = try section(.anchorRanges, UInt64.self)
      postings = try section(.postings, UInt32.self)
      exactKeys = try section(.exactKeys, UInt64.self)
      exactValues = try section(.exactValues, UInt32.self)
      requiredIndex = try section(.requiredIndex, UInt32.self)
      requiredRanges = try section(.requiredRanges, UInt32.self)
      anchorFilter = try section(.anchorFilter, UInt64.self)
      pairKeys = try section(.pairKeys, UInt64.self)
      pairValues = try section(.pairValues, UInt32.self)
      // Token ids start at 1: a trailing 0 is the section's padding to 8 bytes.
      let firstWords = try section(.pairFirstWords, UInt32.self)
      pairFirstWords = UnsafeBufferPointer(
        rebasing: firstWords[..<(firstWords.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0)])
      guard pairKeys.count > 0, pairKeys.count & (pairKeys.count - 1) == 0 else {
        throw IndexError.damaged(path: path, reason: "pair table size")
      }
      guard anchorFilter.count > 0, anchorFilter.count & (anchorFilter.count - 1) == 0 else {
        throw IndexError.damaged(path: path, reason: "anchor filter size")
      }
    } catch {
      munmap(base, size)
      throw error
    }
    let stampOffset = Int(
      raw.loadUnaligned(fromByteOffset: IndexFile.Field.stampOffset, as: UInt32.self))
    let stampLength = Int(
      raw.loadUnaligned(fromByteOffset: IndexFile.Field.stampLength, as: UInt32.self))
    guard stampOffset + stampLength <= strings.count else {
      munmap(base, size)
      throw IndexError.damaged(path: path, reason: "corpus stamp out of bounds")
    }
    corpusStamp = String(
      decoding: strings[stampOffset..<(stampOffset + stampLength)], as: UTF8.self)
    checksum = raw.loadUnaligned(fromByteOffset: IndexFile.Field.headerChecksum, as: UInt64.self)
    licenseCount = licenses.count
    ruleCount = rules.count
    var byKey: [String: Int] = [:]
    byKey.reserveCapacity(licenses.count)
    let pool = strings
    for (index, entry) in licenses.enumerated() {
      byKey[
        String(
          decoding: pool[Int(entry.key.offset)..<Int(entry.key.offset + entry.key.length)],
          as: UTF8.self)] = index
    }
    keyLookup = byKey
  }

  /// License positions by lowercased SPDX id: a license's own id, then its other ids (a
  /// deprecated license's ids only where no other license has them).
  private func spdxTable() -> [String: Int] {
    var bySPDX: [String: Int] = [:]
    bySPDX.reserveCapacity(2 * licenses.count)
    for (index, entry) in licenses.enumerated() {
      let deprecated = entry.flags & 4 != 0
      let ids =
        [string(entry.spdx)] + string(entry.otherSpdx).split(separator: "\n").map(String.init)
      for id in ids where !id.isEmpty {
        let folded = id.lowercased()
        if bySPDX[folded] == nil || !deprecated { bySPDX[folded] = index }
      }
    }
    return bySPDX
  }

  deinit {
    munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress), mapping.count)
  }

  /// The token id of a word hash, or 0 when the word is not in the corpus vocabulary.
  @inlinable @inline(__always)
  public func tokenID(forWordHash hash: UInt64) -> UInt32 {
    guard let slot = probe(vocabularyKeys, hash) else { return 0 }
    return vocabularyValues[slot]
  }

  /// The rule record `id`.
  @inlinable @inline(__always)
  public func rule(_ id: Int) -> RuleEntry { rules[id] }

  /// The token ids of rule `id`.
  @inlinable @inline(__always)
  public func ruleTokens(_ id: Int) -> UnsafeBufferPointer<UInt32> {
    let entry = rules[id]
    return UnsafeBufferPointer(
      rebasing: tokens[Int(entry.tokenStart)..<Int(entry.tokenStart + entry.tokenCount)])
  }

  /// Whether `gram` may be an anchor of some rule (false: it is not; true: probably).
  @inlinable @inline(__always)
  public func mayBeAnchor(_ gram: UInt64) -> Bool {
    GramFilter.mayContain(gram, words: anchorFilter)
  }

  /// The rules that have `gram` as an anchor.
  @inlinable @inline(__always)
  public func rulesAnchored(by gram: UInt64) -> UnsafeBufferPointer<UInt32> {
    guard mayBeAnchor(gram), let slot = probe(anchorKeys, gram) else {
      return UnsafeBufferPointer(start: nil, count: 0)
    }
    let range = anchorRanges[slot]
    let start = Int(range >> 32)
    let count = Int(range & 0xFFFF_FFFF)
    return UnsafeBufferPointer(rebasing: postings[start..<(start + count)])
  }

  /// The token ranges of rule `id` that a match must contain whole (its required phrases),
  /// as start and end (exclusive) pairs.
  public func requiredRanges(ofRule id: Int) -> UnsafeBufferPointer<UInt32> {
    let start = Int(requiredIndex[2 * id]) * 2
    let count = Int(requiredIndex[2 * id + 1]) * 2
    return UnsafeBufferPointer(rebasing: requiredRanges[start..<(start + count)])
  }

  /// The two-word rule whose words are the token ids `first` `second`, if any.
  public func pairRule(_ first: UInt32, _ second: UInt32) -> Int? {
    guard let slot = probe(pairKeys, Grams.pairHash(first, second)) else { return nil }
    let rule = Int(pairValues[slot])
    let words = ruleTokens(rule)
    return words.count == 2 && words[0] == first && words[1] == second ? rule : nil
  }

  /// The rule whose whole token sequence hashes to `hash`, if any.
  public func exactRule(forSequenceHash hash: UInt64) -> Int? {
    probe(exactKeys, hash).map { Int(exactValues[$0]) }
  }

  /// The license indexes named by rule `id`'s expression.
  public func licenseIndexes(ofRule id: Int) -> UnsafeBufferPointer<UInt32> {
    let entry = rules[id]
    let start = Int(entry.licenseListStart)
    return UnsafeBufferPointer(
      rebasing: licenseLists[start..<(start + Int(entry.licenseListCount))])
  }

  /// The LicenseDB expression of rule `id`.
  public func expression(ofRule id: Int) -> String { string(rules[id].expression) }

  /// The identifier of rule `id` (rule file name or license key).
  public func identifier(ofRule id: Int) -> String { string(rules[id].identifier) }

  /// The license at `index`.
  public func license(_ index: Int) -> LicenseInfo {
    let entry = licenses[index]
    return LicenseInfo(
      key: string(entry.key), spdx: string(entry.spdx), name: string(entry.name),
      category: string(entry.category), isOSIApproved: entry.flags & 1 != 0,
      isException: entry.flags & 2 != 0)
  }

  /// The license index for an SPDX id (case-insensitive; other and older ids included).
  public func licenseIndex(forSPDX id: String) -> Int? {
    spdxLookup.value { spdxTable() }[id.lowercased()]
  }

  /// The license index for a LicenseDB key.
  public func licenseIndex(forKey key: String) -> Int? { keyLookup[key] }

  private func string(_ reference: StringRef) -> String {
    String(
      decoding: strings[Int(reference.offset)..<Int(reference.offset + reference.length)],
      as: UTF8.self)
  }
}

/// Why an index could not be used.
extension LicenseIndex {
  /// The index file format this build reads and writes (older files are stale).
  public static var formatVersion: Int { Int(IndexFile.formatVersion) }
}

public enum IndexError: Error, CustomStringConvertible, Equatable {
  /// No index file at the path.
  case missing(path: String)
  /// The index was built by another version or from another corpus.
  case stale(path: String, reason: String)
  /// The file is not a valid index.
  case damaged(path: String, reason: String)

  public var description: String {
    switch self {
    case .missing(let path):
      return "no license index at \(path); build it with: licenselens index build"
    case .stale(let path, let reason):
      return
        "the license index at \(path) is stale (\(reason)); rebuild it with: licenselens index build"
    case .damaged(let path, let reason):
      return
        "the license index at \(path) is damaged (\(reason)); rebuild it with: licenselens index build"
    }
  }
}
