import Foundation
import LicenseIndex
import LicenseMatch
import LicenseText
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Results kept on disk across scans (`scan --cache DIR`), so that an unchanged file is never
/// matched or clause-scanned twice.
///
/// An entry holds what a scan computes from a file's content alone: its identification and,
/// with clause analysis, its clause findings as a file whose path is of one
/// ``ClauseAnalysis/findingsContext(path:)``. It is keyed by the content's SHA-256 and that
/// context, inside a folder named by the ``salt``: a digest of the scanner executable, the
/// index, the clause catalog and whatever else the results depend on, so that results of
/// another scanner or other data are never used. What depends on the path (the verdict, the
/// model card, the path itself) is worked out again on every scan.
///
/// Entries are written to a temporary file and renamed into place, so scanners running at
/// once can share one folder: a reader sees a whole entry or none. Each entry carries its key
/// and a checksum of its contents; a damaged, truncated or misplaced entry is ignored, its
/// result computed again and the entry replaced.
///
/// Layout: `DIR/SALT/XX/DIGEST.CONTEXT`, where `XX` is the first two hex digits of the
/// content's SHA-256 (256 shards).
public final class ResultCache: Sendable {
  /// What a scan computed from one content.
  public struct Entry: Sendable, Equatable {
    /// The matcher's identification, before the clause stage.
    public var identification: IdentificationResult
    /// The clause findings, when the scan had clause analysis and the content is not only
    /// license lists.
    public var findings: ClauseAnalysis.Findings?

    /// Creates an entry.
    public init(identification: IdentificationResult, findings: ClauseAnalysis.Findings?) {
      self.identification = identification
      self.findings = findings
    }

  }

  /// Counts of one scan's use of the cache.
  public struct Statistics: Sendable, Equatable {
    /// Entries found and used.
    public var reused = 0
    /// Entries not found (results computed and stored).
    public var computed = 0
    /// Entries found damaged (ignored, computed and replaced).
    public var damaged = 0

    /// Creates counts.
    public init(reused: Int = 0, computed: Int = 0, damaged: Int = 0) {
      self.reused = reused
      self.computed = computed
      self.damaged = damaged
    }
  }

  /// The first line of every entry, before its checksum.
  static let magic = "licenselens result 2 "
  /// Entries larger than this are not read (no result is that large).
  static let maximumEntrySize = 64 << 20

  /// The folder holding this salt's entries.
  public let folder: String
  /// The digest of everything the results depend on besides the content.
  public let salt: String
  private let counts = Mutex(Statistics())
  private let temporaryNames = Atomic<Int>(0)

  /// Opens (and creates when needed) the cache in `directory` for results that depend on
  /// `dependencies` (digests of the scanner, index, catalog, options: see
  /// ``salt(_:)``). Throws when the folder cannot be created.
  public init(directory: String, dependencies: [String]) throws {
    salt = Self.salt(dependencies)
    folder = directory + "/" + String(salt.prefix(24))
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true)
  }

  /// The SHA-256 of `dependencies`, each followed by a newline, in hex.
  public static func salt(_ dependencies: [String]) -> String {
    let text = dependencies.map { $0 + "\n" }.joined()
    return Array(text.utf8).withUnsafeBytes { LicenseText.FileDigest.sha256Hex($0) }
  }

  /// The SHA-256 of the running executable (`/proc/self/exe`), so that a rebuilt scanner
  /// never reuses the results of another build; `nil` where it cannot be read.
  public static func executableDigest() -> String? {
    guard let bytes = FileManager.default.contents(atPath: "/proc/self/exe") else { return nil }
    return bytes.withUnsafeBytes { LicenseText.FileDigest.sha256Hex($0) }
  }

  /// What this cache was used for so far.
  public var statistics: Statistics { counts.withLock { $0 } }

  /// The path of the entry for content `digest` in `context`.
  public func path(digest: String, context: String) -> String {
    "\(folder)/\(digest.prefix(2))/\(digest).\(context)"
  }

  /// The entry for content `digest` in `context`, when one is stored and intact.
  public func entry(digest: String, context: String) -> Entry? {
    let path = path(digest: digest, context: context)
    guard let bytes = Self.readFile(path) else {
      counts.withLock { $0.computed += 1 }
      return nil
    }
    guard let entry = Self.decode(bytes, key: "\(digest).\(context)") else {
      counts.withLock { $0.damaged += 1 }
      return nil
    }
    counts.withLock { $0.reused += 1 }
    return entry
  }

  /// Stores `entry` for content `digest` in `context` (write to a temporary file, then
  /// rename); a failure to write only costs the next scan the work.
  public func store(_ entry: Entry, digest: String, context: String) {
    guard let bytes = Self.encode(entry, key: "\(digest).\(context)") else { return }
    let shard = "\(folder)/\(digest.prefix(2))"
    let final = "\(shard)/\(digest).\(context)"
    let number = temporaryNames.add(1, ordering: .relaxed).newValue
    let temporary = "\(shard)/.tmp-\(getpid())-\(number)-\(UInt32.random(in: 0...UInt32.max))"
    var written = Self.writeFile(temporary, bytes: bytes)
    if !written && errno == ENOENT {
      mkdir(shard, 0o755)
      written = Self.writeFile(temporary, bytes: bytes)
    }
    if written && rename(temporary, final) != 0 { unlink(temporary) }
  }

  /// Creates the file `path` (which must not exist) holding `bytes`; false, with no file left
  /// behind, when it cannot (`errno` tells why).
  static func writeFile(_ path: String, bytes: [UInt8]) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return false }
    let written = bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let count = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if count <= 0 { return false }
        offset += count
      }
      return true
    }
    close(descriptor)
    if !written { unlink(path) }
    return written
  }

  /// An entry's bytes: the magic, the checksum of the rest in hex and a newline, then the
  /// key and a newline, then the entry (see ``ResultCacheCoding``).
  static func encode(_ entry: Entry, key: String) -> [UInt8]? {
    guard let encoded = ResultCacheCoding.encode(entry) else { return nil }
    let body = Array((key + "\n").utf8) + encoded
    let checksum = String(Checksum64.of(body), radix: 16)
    return Array((magic + checksum + "\n").utf8) + body
  }

  /// The entry in `bytes`, when they are an intact entry for `key`.
  static func decode(_ bytes: [UInt8], key: String) -> Entry? {
    let magicBytes = Array(magic.utf8)
    guard bytes.starts(with: magicBytes),
      let firstEnd = bytes[magicBytes.count...].firstIndex(of: UInt8(ascii: "\n"))
    else { return nil }
    let recorded = String(decoding: bytes[magicBytes.count..<firstEnd], as: UTF8.self)
    let body = bytes[(firstEnd + 1)...]
    guard let checksum = UInt64(recorded, radix: 16),
      body.withUnsafeBytes({ Checksum64.of($0) }) == checksum,
      let keyEnd = body.firstIndex(of: UInt8(ascii: "\n")),
      body[body.startIndex..<keyEnd].elementsEqual(key.utf8)
    else { return nil }
    return ResultCacheCoding.decode(body[(keyEnd + 1)...])
  }

  /// The bytes of the file at `path`; `nil` when it is missing, unreadable or larger than
  /// `maximumSize`.
  static func readFile(_ path: String, maximumSize: Int = maximumEntrySize) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size <= maximumSize
    else { return nil }
    let size = Int(status.st_size)
    guard size > 0 else { return [] }
    // Read into uninitialised storage: no zero-filling of what is about to be overwritten.
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let chunk = read(descriptor, buffer.baseAddress! + count, size - count)
        if chunk <= 0 { break }
        count += chunk
      }
    }
    return bytes.count == size ? bytes : nil
  }
}
