import Dispatch
import LicenseIndex
import LicenseReport

/// Scans many files on several threads and hands results back in input order, batch by
/// batch, so that output streams while memory stays bounded.
public struct BatchScanner: Sendable {
  private let index: LicenseIndex
  private let jobs: Int
  private let maximumSize: Int
  /// Files per batch handed to the workers.
  public static let batchSize = 64

  /// Creates a batch scanner with `jobs` worker threads.
  public init(index: LicenseIndex, jobs: Int, maximumSize: Int = FileReader.defaultMaximumSize) {
    self.index = index
    self.jobs = max(1, jobs)
    self.maximumSize = maximumSize
  }

  /// Scans `entries`, calling `emit` with each result in input order.
  public func scan(_ entries: [PathWalker.Entry], emit: (FileScanResult) -> Void) {
    let workers = WorkerPool(count: jobs) { FileScanner(index: index, maximumSize: maximumSize) }
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
