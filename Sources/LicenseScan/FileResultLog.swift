import Foundation
import LicenseIndex
import LicenseReport
import LicenseText
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The second level of the result cache (`scan --cache DIR`): each file's whole result,
/// keyed by its path and its ``FileMetadata``, so that a file unchanged since an earlier
/// scan is not even opened.
///
/// A file whose path, device, inode, size, modification and status-change times all match
/// an entry gets that entry's result (its verdict worked out again from the stored evidence,
/// see ``FileResultCoding``, and for JSON output its JSON object as rendered when it was
/// stored, see ``takeJSON(for:)``); any difference (a file written, touched, renamed, replaced or
/// restored with `utimes`) sends it back to the content level (``ResultCache``), which reads
/// and hashes it. A file whose modification or status-change time is not at least a second
/// older than the scan (``settledBefore``) is not stored: a second write within the clock
/// tick of the first could leave both times as they were.
///
/// Entries live in log files in one folder per salt and per option that changes results (the
/// size limit, SHA-1), `DIR/SALT/files-OPTIONS/*.log`, each written whole to a temporary file
/// and renamed, named by the time it was written: the logs are read, oldest first, when the
/// cache is opened (the newest entry for a path wins), and ``save()`` adds, at the end of the
/// scan, one log of this scan's results. When the logs read were many (``logLimit``), damaged,
/// or outdated for more than a quarter of their entries, it writes instead one log of this
/// scan's results, the entries it used and those of files it did not scan that are still
/// unchanged, and removes the logs it read: entries of files that were changed or deleted do
/// not outlive that. Scanners running at once each add their own log. Each record carries a
/// checksum: a damaged record and every record after it in its log are ignored, and those
/// files are scanned again.
///
/// Log layout: a header line (magic, salt, options), then records of a 32-bit length, a
/// 64-bit checksum of the body (both little-endian) and the body: the path, the metadata,
/// the result, its JSON object.
public final class FileResultLog: Sendable {
  /// Counts of one scan's use of the log.
  public struct Statistics: Sendable, Equatable {
    /// Files whose stored result was used (not opened).
    public var reused = 0
    /// Files with an entry whose metadata differs (read again).
    public var changed = 0
    /// Files without an entry.
    public var missing = 0
    /// Results stored by this scan.
    public var stored = 0
    /// Records found damaged (ignored, with the rest of their log).
    public var damaged = 0

    /// Creates counts.
    public init(
      reused: Int = 0, changed: Int = 0, missing: Int = 0, stored: Int = 0, damaged: Int = 0
    ) {
      self.reused = reused
      self.changed = changed
      self.missing = missing
      self.stored = stored
      self.damaged = damaged
    }
  }

  /// Logs read beyond which ``save()`` merges them into one.
  public static let logLimit = 8
  /// The first word of every log's header line.
  static let magic = "licenselens-file-results-1"
  /// Logs larger than this are not read.
  static let maximumLogSize = 4 << 30

  /// The folder holding the logs.
  public let folder: String
  /// Whether the JSON objects of the results given out are kept for ``takeJSON(for:)``.
  public let keepsJSON: Bool
  /// Files whose modification or status-change time is at or after this time (nanoseconds
  /// since 1970) are not stored.
  public let settledBefore: Int64
  private let header: [UInt8]
  private let loaded: LoadedLogs
  private let state: Mutex<State>
  private let shards: [Shard]
  private let reusedCount = Atomic<Int>(0)
  private let missingCount = Atomic<Int>(0)

  /// Where one entry of the logs read is.
  private struct Location: Sendable {
    /// The entry's number, in order of reading.
    var number: Int
    var log: Int
    var metadata: FileMetadata
    /// The whole record (to copy it into the next log).
    var record: Range<Int>
    /// The result's bytes.
    var result: Range<Int>
  }

  /// The logs read when the cache was opened; never changed afterwards.
  private struct LoadedLogs: Sendable {
    var paths: [String] = []
    var bytes: [[UInt8]] = []
    var entries: [String: Location] = [:]
    /// Records read (including those a later log replaced).
    var records = 0
    /// Whether a log read was damaged (not all of its records could be read).
    var damaged = false
  }

  private struct State: ~Copyable {
    /// Records of this scan, ready to write.
    var fresh: [UInt8] = []
    /// Paths whose entry read from the logs is outdated or replaced by a fresh record.
    var replaced: Set<String> = []
    /// The counts other than those of ``reusedCount`` and ``missingCount``.
    var counts: Statistics
  }

  /// For the entries whose number is one value modulo ``shardCount``: those this scan used,
  /// and the results given out with their JSON objects until ``takeJSON(for:)`` takes them.
  /// One lock per shard, so that workers and the output seldom wait for each other.
  private final class Shard: Sendable {
    struct Content {
      var used: Set<Int> = []
      var json: [String: (result: FileScanResult, json: String)] = [:]
    }
    let content = Mutex(Content())
  }
  private static let shardCount = 16

  /// Opens the log folder of `cache` for scans with `maximumSize` and `sha1` (see
  /// ``FileScanner``) and reads its logs; creates the folder when needed. Throws when it
  /// cannot be created. With `keepsJSON` (a scan writing JSON), the JSON objects of the
  /// results given out are kept for ``takeJSON(for:)``. Files changed at or after
  /// `settledBefore` (default: a second before now) are not stored.
  public init(
    cache: ResultCache, maximumSize: Int, sha1: Bool, keepsJSON: Bool = false,
    settledBefore: Int64 = FileMetadata.now() - 1_000_000_000
  ) throws {
    self.keepsJSON = keepsJSON
    let options = "max\(maximumSize)" + (sha1 ? "-sha1" : "")
    folder = cache.folder + "/files-" + options
    self.settledBefore = settledBefore
    header = Array("\(Self.magic) \(cache.salt) \(options)\n".utf8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var damaged = 0
    loaded = Self.load(folder: folder, header: header, damaged: &damaged)
    state = Mutex(State(counts: Statistics(damaged: damaged)))
    shards = (0..<Self.shardCount).map { _ in Shard() }
  }

  /// What this log was used for so far.
  public var statistics: Statistics {
    var counts = state.withLock { $0.counts }
    counts.reused = reusedCount.load(ordering: .relaxed)
    counts.missing = missingCount.load(ordering: .relaxed)
    return counts
  }

  /// How many files the logs read held entries for.
  public var entryCount: Int { loaded.entries.count }

  /// The stored result of the file at `path`, when its entry's metadata is `metadata`.
  public func result(path: String, metadata: FileMetadata) -> FileScanResult? {
    guard let location = loaded.entries[path] else {
      missingCount.add(1, ordering: .relaxed)
      return nil
    }
    guard location.metadata == metadata else {
      state.withLock {
        $0.counts.changed += 1
        $0.replaced.insert(path)
      }
      return nil
    }
    var reader = EntryReader(bytes: loaded.bytes[location.log][location.result])
    guard let result = FileResultCoding.decode(path: path, from: &reader),
      let jsonLength = reader.count(), let json = reader.take(jsonLength), reader.isAtEnd
    else {
      state.withLock {
        $0.counts.damaged += 1
        $0.replaced.insert(path)
      }
      return nil
    }
    let kept = keepsJSON ? String(decoding: json, as: UTF8.self) : nil
    reusedCount.add(1, ordering: .relaxed)
    shards[location.number % Self.shardCount].content.withLock {
      $0.used.insert(location.number)
      if let kept { $0.json[path] = (result, kept) }
    }
    return result
  }

  /// The JSON object (``ReportRenderer/jsonObject(_:)``) stored with `result`, when `result`
  /// is the very result this log gave out for its path (the object is given once).
  public func takeJSON(for result: FileScanResult) -> String? {
    guard keepsJSON, let location = loaded.entries[result.path],
      let kept = shards[location.number % Self.shardCount].content.withLock({
        $0.json.removeValue(forKey: result.path)
      })
    else { return nil }
    return kept.result == result ? kept.json : nil
  }

  /// Stores `result`, read from a file whose metadata before reading was `metadata`, unless
  /// the file changed too recently (see ``settledBefore``) or the result is not stored (see
  /// ``FileResultCoding/isStorable(_:)``).
  public func store(_ result: FileScanResult, metadata: FileMetadata) {
    guard metadata.modified < settledBefore, metadata.changed < settledBefore,
      FileResultCoding.isStorable(result)
    else { return }
    var body = EntryWriter()
    body.string(result.path)
    for value in [
      Int(bitPattern: UInt(metadata.device)), Int(bitPattern: UInt(metadata.inode)),
      Int(metadata.size), Int(metadata.modified), Int(metadata.changed),
    ] {
      body.integer(value)
    }
    guard FileResultCoding.encode(result, into: &body) else { return }
    body.string(ReportRenderer.jsonObject(.file(result)))
    guard body.bytes.count <= Int(UInt32.max) else { return }
    var record: [UInt8] = []
    record.reserveCapacity(12 + body.bytes.count)
    Self.append(UInt64(body.bytes.count), bytes: 4, to: &record)
    Self.append(body.bytes.withUnsafeBytes { Checksum64.of($0) }, bytes: 8, to: &record)
    record += body.bytes
    state.withLock {
      $0.fresh += record
      $0.replaced.insert(result.path)
      $0.counts.stored += 1
    }
  }

  /// Adds a log of this scan's results; or, when the logs read are ``logLimit`` or more,
  /// damaged, or outdated for more than a quarter of their entries, writes one log of this
  /// scan's results, the entries it used and the entries of files it did not look up whose
  /// metadata is still the same, and removes the logs read. A failure to write only costs
  /// the next scan the work.
  public func save() {
    let (fresh, replaced) = state.withLock { ($0.fresh, $0.replaced) }
    let merges =
      loaded.damaged || loaded.paths.count >= Self.logLimit
      || replaced.count * 4 > loaded.entries.count
    guard merges else {
      if !fresh.isEmpty { _ = write(header + fresh) }
      return
    }
    guard !fresh.isEmpty || !loaded.paths.isEmpty else { return }
    let used = shards.reduce(into: Set<Int>()) { used, shard in
      used.formUnion(shard.content.withLock { $0.used })
    }
    var bytes = header + fresh
    for (path, location) in loaded.entries where !replaced.contains(path) {
      // A file this scan did not look up: kept while it is unchanged.
      guard
        used.contains(location.number)
          || FileMetadata.of(path, followLinks: true) == location.metadata
      else { continue }
      bytes += loaded.bytes[location.log][location.record]
    }
    guard write(bytes) else { return }
    for path in loaded.paths { unlink(path) }
  }

  /// Writes a new log holding `bytes` (to a temporary file, then renamed to a name that sorts
  /// by the time of writing); false when it could not.
  private func write(_ bytes: [UInt8]) -> Bool {
    let time = String(FileMetadata.now())
    let suffix =
      String(repeating: "0", count: max(0, 20 - time.count)) + time
      + "-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let temporary = "\(folder)/.tmp-\(suffix)"
    guard ResultCache.writeFile(temporary, bytes: bytes) else { return false }
    guard rename(temporary, "\(folder)/\(suffix).log") == 0 else {
      unlink(temporary)
      return false
    }
    return true
  }

  /// Reads the logs in `folder`, oldest first (by name), so that the newest entry for a path
  /// wins.
  private static func load(folder: String, header: [UInt8], damaged: inout Int) -> LoadedLogs {
    var logs: [String] = []
    if let handle = opendir(folder) {
      while let item = readdir(handle) {
        let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard name.hasSuffix(".log"), !name.hasPrefix(".") else { continue }
        logs.append(folder + "/" + name)
      }
      closedir(handle)
    }
    var loaded = LoadedLogs()
    for log in logs.sorted() {
      guard let bytes = ResultCache.readFile(log, maximumSize: maximumLogSize) else {
        continue
      }
      loaded.paths.append(log)
      guard bytes.starts(with: header) else {
        damaged += 1
        loaded.damaged = true
        continue
      }
      let number = loaded.bytes.count
      loaded.bytes.append(bytes)
      loaded.entries.reserveCapacity(
        loaded.entries.count + recordCount(bytes, from: header.count))
      if !index(bytes, from: header.count, log: number, into: &loaded) {
        damaged += 1
        loaded.damaged = true
      }
    }
    return loaded
  }

  /// Adds the records of `bytes` from `start` on to `loaded`; false when it met a damaged
  /// record (which ends the log).
  private static func index(
    _ bytes: [UInt8], from start: Int, log: Int, into loaded: inout LoadedLogs
  ) -> Bool {
    var position = start
    while position < bytes.count {
      guard bytes.count - position >= 12 else { return false }
      let length = Int(number(bytes, at: position, bytes: 4))
      let checksum = number(bytes, at: position + 4, bytes: 8)
      let body = (position + 12)..<(position + 12 + length)
      guard body.upperBound <= bytes.count,
        bytes.withUnsafeBytes({ Checksum64.of(UnsafeRawBufferPointer(rebasing: $0[body])) })
          == checksum
      else { return false }
      var reader = EntryReader(bytes: bytes[body])
      guard let path = reader.string(), let device = reader.integer(),
        let inode = reader.integer(), let size = reader.integer(),
        let modified = reader.integer(), let changed = reader.integer()
      else { return false }
      let metadata = FileMetadata(
        device: UInt64(UInt(bitPattern: device)), inode: UInt64(UInt(bitPattern: inode)),
        size: Int64(size), modified: Int64(modified), changed: Int64(changed))
      loaded.entries[path] = Location(
        number: loaded.records, log: log, metadata: metadata, record: position..<body.upperBound,
        result: reader.position..<body.upperBound)
      loaded.records += 1
      position = body.upperBound
    }
    return true
  }

  /// How many records `bytes` holds from `start` on, by their lengths alone.
  private static func recordCount(_ bytes: [UInt8], from start: Int) -> Int {
    var (position, count) = (start, 0)
    while bytes.count - position >= 12 {
      position += 12 + Int(number(bytes, at: position, bytes: 4))
      count += 1
    }
    return count
  }

  private static func append(_ value: UInt64, bytes count: Int, to bytes: inout [UInt8]) {
    for shift in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
  }

  private static func number(_ bytes: [UInt8], at position: Int, bytes count: Int) -> UInt64 {
    (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[position + $1]) << (8 * $1) }
  }
}
