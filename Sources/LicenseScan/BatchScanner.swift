import Dispatch
import LicenseIndex
import LicenseMatch
import LicenseModel
import LicenseReport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Scans many files on all cores and hands the results back in input order as they become
/// ready. Workers take the next file as soon as they are free (a huge file does not hold the
/// others up), results wait in a bounded reorder buffer, one worker at a time writes them out
/// while the others go on scanning, and the sequence of entries is read lazily, so memory
/// stays bounded on trees of any size. Copies of one content are
/// scanned once per scan (see ``ContentCache``).
public struct BatchScanner: Sendable {
  private let index: LicenseIndex
  private let jobs: Int
  private let maximumSize: Int
  private let clauses: ClauseAnalysis?
  private let models: ModelCatalog?
  private let sha1: Bool
  private let results: ResultCache?
  private let files: FileResultLog?
  private let unknownText: UnknownTextFinder.Settings
  private let batchSize: Int
  /// Files a worker reads before it scans them, stage by stage, unless they come to
  /// ``ScanWorker/batchByteLimit`` bytes first. On the generated corpus (10,000 files, one
  /// job) a scan took 8% less CPU time with batches of 32 files than one file at a time, and
  /// 9% less with 128; beyond, little changed.
  public static let defaultBatchSize = 128
  /// Results that may wait (for an earlier, slower file, or for the output to take them)
  /// before workers pause.
  public static let reorderLimit = 4096

  /// Creates a scanner with `jobs` worker threads; with `clauses`, files also get clauses,
  /// fingerprints and verdicts, and with `models` as well, model repositories get the model
  /// view (see ``ModelGrouping``). With `sha1`, every file read also gets its SHA-1 (only
  /// formats that require it ask for it). With `results`, contents scanned by an earlier
  /// scan are not scanned again (see ``ResultCache``), and with `files` as well, files
  /// unchanged since are not read (see ``FileResultLog``). `unknownText` says what text that
  /// matches no reference is reported as unknown license text. A worker reads up to
  /// `batchSize` files before it scans them, stage by stage (see ``defaultBatchSize``).
  public init(
    index: LicenseIndex, jobs: Int, maximumSize: Int = FileReader.defaultMaximumSize,
    clauses: ClauseAnalysis? = nil, models: ModelCatalog? = nil, sha1: Bool = false,
    results: ResultCache? = nil, files: FileResultLog? = nil,
    unknownText: UnknownTextFinder.Settings = .standard,
    batchSize: Int = BatchScanner.defaultBatchSize
  ) {
    self.batchSize = max(1, batchSize)
    self.results = results
    self.files = files
    self.index = index
    self.jobs = max(1, jobs)
    self.maximumSize = maximumSize
    self.clauses = clauses
    self.models = models
    self.sha1 = sha1
    self.unknownText = unknownText
  }

  /// Scans `entries` and returns every record in path order (for small inputs: all results
  /// are kept in memory).
  public func records(_ entries: [PathWalker.Entry]) -> [ScanRecord] {
    let collected = Mutex<[ScanRecord]>([])
    scanRecords(entries) { record in collected.withLock { $0.append(record) } }
    return collected.withLock { $0 }
  }

  /// Scans `entries` like ``scan(_:ordered:shouldStop:emit:)`` and also emits, for each
  /// model repository, its assessment (see ``ModelGrouping``; only with clause analysis and a
  /// model catalog): in path order after the repository's files, otherwise at the end.
  @discardableResult
  public func scanRecords<Entries: Sequence & Sendable>(
    _ entries: Entries, ordered: Bool = true,
    shouldStop: @escaping @Sendable () -> Bool = { false },
    emit: @escaping @Sendable (ScanRecord) -> Void
  ) -> Bool where Entries.Iterator: Sendable, Entries.Element == PathWalker.Entry {
    let grouping =
      clauses == nil
      ? nil : models.map { GroupingBox(ModelGrouping(catalog: $0, streaming: ordered)) }
    let complete = scan(entries, ordered: ordered, shouldStop: shouldStop) { result in
      // Folders closed by this result come first: a model object follows its folder's files.
      for model in grouping?.grouping.add(result) ?? [] { emit(.model(model)) }
      emit(.file(result))
    }
    for model in grouping?.grouping.finish() ?? [] { emit(.model(model)) }
    return complete
  }

  /// Scans `entries`, calling `emit` with each result (one call at a time, from any
  /// thread): in input order when `ordered` is true, else as each file completes. Stops
  /// taking new files once `shouldStop` returns true; every file started is still finished
  /// and emitted. Returns whether every entry was scanned. The workers share `cache`, a new
  /// one per call unless given.
  @discardableResult
  public func scan<Entries: Sequence & Sendable>(
    _ entries: Entries, ordered: Bool = true, cache: ScanCache = ScanCache(),
    shouldStop: @escaping @Sendable () -> Bool = { false },
    emit: @escaping @Sendable (FileScanResult) -> Void
  ) -> Bool where Entries.Iterator: Sendable, Entries.Element == PathWalker.Entry {
    let queue = WorkQueue(entries.makeIterator(), ordered: ordered)
    let index = self.index
    let maximumSize = self.maximumSize
    let clauses = self.clauses
    let sha1 = self.sha1
    let results = self.results
    let files = self.files
    let unknownText = self.unknownText
    let batchSize = self.batchSize
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      // A worker makes its scanner (a matcher's tables over the whole index) when it takes
      // its first file: a scan of fewer files than jobs makes fewer.
      var worker: ScanWorker?
      let finish = { (position: Int, result: FileScanResult) in
        queue.finish(position, result, emit: emit)
      }
      takingEntries: while true {
        if worker?.scanReleasedCopy(then: finish) == true { continue }
        if shouldStop() { break }
        switch queue.take() {
        case .exhausted: break takingEntries
        case .full:
          // The results the buffer waits for may be in this worker's batch.
          if worker?.hasBatch == true { worker!.scanBatch(then: finish) } else { usleep(1000) }
        case .entry(let position, let entry):
          if worker == nil {
            worker = ScanWorker(
              scanner: FileScanner(
                index: index, maximumSize: maximumSize, clauses: clauses, cache: cache,
                results: results, files: files, sha1: sha1, unknownText: unknownText),
              claims: cache.inProgress, batchSize: batchSize)
          }
          worker!.scan(entry, at: position, then: finish)
        }
      }
      worker?.scanBatch(then: finish)
      worker?.scanEveryCopySetAside(then: finish)
    }
    return !shouldStop() && queue.isExhausted
  }
}

/// One worker of a scan: its scanner, the files it has read and not scanned yet, and the
/// copies it set aside because another worker was scanning the same content (see
/// ``ContentClaims``); those are scanned once that result is in, from the cache.
///
/// A worker scans the files it reads in batches, stage by stage: it identifies every file of
/// a batch, then gives each its clauses and verdict. The two stages each walk large tables
/// (the index's, the clause catalog's and its compiled patterns); run one file at a time,
/// each stage found its tables evicted by the other.
private struct ScanWorker {
  var scanner: FileScanner
  let claims: ContentClaims
  private var setAside: [(position: Int, content: FileContent)] = []
  private var setAsideBytes = 0
  private var batch: [(position: Int, content: FileContent)] = []
  private var batchBytes = 0
  /// Bytes of copies a worker holds at most; beyond, it waits for the other worker.
  static let setAsideLimit = 64 << 20
  /// Files a batch holds at most before it is scanned.
  let batchSize: Int
  /// Bytes a batch holds at most before it is scanned.
  static let batchByteLimit = 4 << 20

  init(scanner: FileScanner, claims: ContentClaims, batchSize: Int) {
    self.scanner = scanner
    self.claims = claims
    self.batchSize = batchSize
  }

  /// Whether files read by this worker wait in its batch.
  var hasBatch: Bool { !batch.isEmpty }

  /// Reads `entry` and adds it to the batch (scanning the batch when full), or sets it aside
  /// while its content is claimed by another worker.
  mutating func scan(
    _ entry: PathWalker.Entry, at position: Int, then finish: (Int, FileScanResult) -> Void
  ) {
    switch scanner.read(entry) {
    case .finished(let result):
      finish(position, result)
    case .content(let content):
      if claims.claim(content.digest) {
        batch.append((position, content))
        batchBytes += content.bytes.count
        if batch.count >= batchSize || batchBytes >= Self.batchByteLimit {
          scanBatch(then: finish)
        }
      } else if setAsideBytes + content.bytes.count <= Self.setAsideLimit {
        setAside.append((position, content))
        setAsideBytes += content.bytes.count
      } else {
        // The claim may be this worker's own, on a file of its batch.
        scanBatch(then: finish)
        finish(position, waitAndScan(content))
      }
    }
  }

  /// Scans the files of the batch, stage by stage, and releases their claims.
  mutating func scanBatch(then finish: (Int, FileScanResult) -> Void) {
    guard !batch.isEmpty else { return }
    var identified: [IdentifiedContent] = []
    identified.reserveCapacity(batch.count)
    for (_, content) in batch { identified.append(scanner.identify(content)) }
    for (item, content) in zip(batch, identified) {
      let result = scanner.finish(content)
      claims.release(item.content.digest)
      finish(item.position, result)
    }
    batch.removeAll(keepingCapacity: true)
    batchBytes = 0
  }

  /// Scans one copy set aside whose content is no longer claimed; false when there is none.
  mutating func scanReleasedCopy(then finish: (Int, FileScanResult) -> Void) -> Bool {
    // The first copy whose claim succeeds is now this worker's to scan.
    guard let index = setAside.firstIndex(where: { claims.claim($0.content.digest) }) else {
      return false
    }
    let (position, content) = setAside.remove(at: index)
    setAsideBytes -= content.bytes.count
    finish(position, scanClaimed(content))
    return true
  }

  /// Scans every copy set aside, waiting for the claims on them (the batch must be scanned
  /// first: its claims are this worker's).
  mutating func scanEveryCopySetAside(then finish: (Int, FileScanResult) -> Void) {
    for (position, content) in setAside { finish(position, waitAndScan(content)) }
    setAside.removeAll()
    setAsideBytes = 0
  }

  private mutating func waitAndScan(_ content: FileContent) -> FileScanResult {
    while !claims.claim(content.digest) { usleep(500) }
    return scanClaimed(content)
  }

  private mutating func scanClaimed(_ content: FileContent) -> FileScanResult {
    defer { claims.release(content.digest) }
    return scanner.scan(content)
  }
}

/// Holds the model grouping of a scan; only touched from emit calls, which the scanner makes
/// one at a time.
private final class GroupingBox: @unchecked Sendable {
  var grouping: ModelGrouping
  init(_ grouping: ModelGrouping) { self.grouping = grouping }
}

/// The shared state of a scan: the lazy entry iterator and the reorder buffer.
private final class WorkQueue<Entries: IteratorProtocol & Sendable>: Sendable
where Entries.Element == PathWalker.Entry {
  private struct State: ~Copyable {
    var entries: Entries
    var taken = 0
    var exhausted = false
    var waiting: [Int: FileScanResult] = [:]
    var nextToEmit = 0
    /// Results of an unordered scan not emitted yet.
    var unordered: [FileScanResult] = []
    /// Whether a worker is emitting results.
    var emitting = false

    /// The result next in input order, if it is ready.
    mutating func nextInOrder() -> FileScanResult? {
      guard let result = waiting.removeValue(forKey: nextToEmit) else { return nil }
      nextToEmit += 1
      return result
    }
  }

  private let state: Mutex<State>
  private let ordered: Bool

  init(_ entries: Entries, ordered: Bool) {
    state = Mutex(State(entries: entries))
    self.ordered = ordered
  }

  var isExhausted: Bool { state.withLock { $0.exhausted } }

  /// What ``take()`` gives.
  enum Taken {
    /// The next entry and its position in the input.
    case entry(Int, PathWalker.Entry)
    /// The buffer of results not emitted yet is full: earlier files must finish, or the
    /// output must catch up, first.
    case full
    /// There are no more entries.
    case exhausted
  }

  /// The next entry with its position, unless the reorder buffer is full or there are no more.
  func take() -> Taken {
    state.withLock { state in
      if state.waiting.count + state.unordered.count >= BatchScanner.reorderLimit {
        return .full
      }
      guard !state.exhausted, let entry = state.entries.next() else {
        state.exhausted = true
        return .exhausted
      }
      defer { state.taken += 1 }
      return .entry(state.taken, entry)
    }
  }

  /// Stores the result at `position`. The worker that finds nobody emitting becomes the
  /// emitter: it emits every ready result (the next ones in input order when ordered, else
  /// all) until none is left; the others go back to scanning instead of waiting for it.
  func finish(
    _ position: Int, _ result: FileScanResult, emit: @Sendable (FileScanResult) -> Void
  ) {
    let isEmitter = state.withLock { state in
      if ordered {
        state.waiting[position] = result
      } else {
        state.unordered.append(result)
      }
      guard !state.emitting else { return false }
      state.emitting = true
      return true
    }
    guard isEmitter else { return }
    // The emitter takes every ready result at once (one lock for many results), and gives up
    // its role in the same critical section that finds nothing ready, so a result stored
    // after that finds nobody emitting and is emitted by its worker.
    while true {
      let ready = state.withLock { state in
        var ready: [FileScanResult] = []
        if ordered {
          while let next = state.nextInOrder() { ready.append(next) }
        } else {
          swap(&ready, &state.unordered)
        }
        if ready.isEmpty { state.emitting = false }
        return ready
      }
      if ready.isEmpty { break }
      for result in ready { emit(result) }
    }
  }

}
