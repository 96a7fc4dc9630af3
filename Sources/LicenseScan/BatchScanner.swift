import Dispatch
import LicenseIndex
import LicenseReport

/// Scans many files on several threads and hands results back in input order, batch by
/// batch, so that output streams while memory stays bounded.
public struct BatchScanner: Sendable {
  private let index: LicenseIndex
  private let jobs: Int
  private let maximumSize: Int
  private let clauses: ClauseAnalysis?
  /// Files per batch handed to the workers.
  public static let batchSize = 64

  /// Creates a batch scanner with `jobs` worker threads; with `clauses`, files also get
  /// clauses, fingerprints and verdicts.
  public init(
    index: LicenseIndex, jobs: Int, maximumSize: Int = FileReader.defaultMaximumSize,
    clauses: ClauseAnalysis? = nil
  ) {
    self.index = index
    self.jobs = max(1, jobs)
    self.maximumSize = maximumSize
    self.clauses = clauses
  }

  /// Scans `entries`, calling `emit` with each file's result in input order, and after the
  /// last file of a folder that governs a model, with the folder's model-level verdict (see
  /// ``ModelGrouping``; only with clause analysis).
  public func scanRecords(_ entries: [PathWalker.Entry], emit: (ScanRecord) -> Void) {
    var grouping = ModelGrouping(entries: entries)
    scan(entries) { result in
      emit(.file(result))
      if clauses != nil, let model = grouping.add(result) { emit(.model(model)) }
    }
  }

  /// Scans `entries`, calling `emit` with each result in input order.
  public func scan(_ entries: [PathWalker.Entry], emit: (FileScanResult) -> Void) {
    let workers = WorkerPool(count: jobs) {
      FileScanner(index: index, maximumSize: maximumSize, clauses: clauses)
    }
    var start = 0
    while start < entries.count {
      let end = min(entries.count, start + Self.batchSize * jobs)
      let batch = Array(entries[start..<end])
      let results = ResultSlots(count: batch.count)
      let jobs = self.jobs
      DispatchQueue.concurrentPerform(iterations: jobs) { worker in
        var position = worker
        while position < batch.count {
          results.set(position, workers.scan(worker, batch[position]))
          position += jobs
        }
      }
      for result in results.all { emit(result) }
      start = end
    }
  }
}

/// One ``FileScanner`` per worker thread; worker `i` only ever touches scanner `i`.
private final class WorkerPool: @unchecked Sendable {
  private var scanners: [FileScanner]

  init(count: Int, make: () -> FileScanner) {
    scanners = (0..<count).map { _ in make() }
  }

  func scan(_ worker: Int, _ entry: PathWalker.Entry) -> FileScanResult {
    scanners.withUnsafeMutableBufferPointer { $0[worker].scan(entry) }
  }
}

/// Result slots written by distinct workers at distinct positions.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [FileScanResult?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ position: Int, _ result: FileScanResult) {
    slots.withUnsafeMutableBufferPointer { $0[position] = result }
  }

  var all: [FileScanResult] { slots.compactMap { $0 } }
}
