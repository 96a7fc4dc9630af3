import Foundation
import LicensePolicy
import LicenseReport
import LicenseScan
import Synchronization

/// Writes results as they arrive. Only ever called by one thread at a time (the scanner
/// serializes its emit calls), so its state needs no lock of its own.
final class ScanSink: @unchecked Sendable {
  private var writer: any RecordWriter
  private let progress: ProgressLine?
  private let gate: PolicyGate?
  private var output: OutputStream
  /// Records an earlier run wrote (`--resume`): counted and checked, not written again.
  private let written: ResumeLog?
  /// The result cache by path and metadata, which keeps the JSON of the results it gives.
  private let files: FileResultLog?
  private let failure = Atomic<Int32>(0)
  private(set) var failures = 0
  private(set) var count = 0
  /// What the policy found, in output order.
  private(set) var violations: [PolicyViolation] = []

  init(
    writer: any RecordWriter, progress: ProgressLine?, gate: PolicyGate? = nil,
    output: OutputStream = OutputStream(), written: ResumeLog? = nil, files: FileResultLog? = nil
  ) {
    self.files = files
    self.writer = writer
    self.progress = progress
    self.gate = gate
    self.output = output
    self.written = written
  }

  /// The error number of a failed write to the output (a full disk), once one failed.
  var outputFailure: Int32? {
    let number = failure.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  func begin() {
    output.write(writer.begin())
  }

  func write(_ record: ScanRecord) {
    if case .file(let result) = record, !result.errors.isEmpty { failures += 1 }
    let json = files.flatMap { files in
      if case .file(let result) = record { files.takeJSON(for: result) } else { nil }
    }
    if written?.contains(record) != true {
      output.write(json.map { writer.write(record, json: $0) } ?? writer.write(record))
      count += 1
    }
    if let gate { violations += gate.violations(in: record) }
    // Whole objects reach the output promptly, so an interrupted scan leaves valid lines.
    output.flushIfLarge()
    if let error = output.failure { failure.store(error, ordering: .relaxed) }
    if case .file(let result) = record { progress?.advance(size: result.size ?? 0) }
  }

  func end() {
    progress?.finish()
    output.write(writer.end())
    output.flush()
    if let error = output.failure { failure.store(error, ordering: .relaxed) }
  }
}

/// Buffered output to standard output or another open file.
struct OutputStream {
  private var buffer: [UInt8] = []
  /// Where the bytes go.
  var descriptor: Int32 = 1
  /// The error number of the first write that failed; nothing is written after it.
  private(set) var failure: Int32?

  /// A stream to `descriptor` (standard output by default).
  init(descriptor: Int32 = 1) {
    self.descriptor = descriptor
  }

  mutating func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
  }

  /// Writes the buffer out once it holds 64 KiB; the buffer only ever holds whole objects.
  mutating func flushIfLarge() {
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    var offset = 0
    while failure == nil, offset < buffer.count {
      let written = buffer.withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress! + offset, buffer.count - offset)
      }
      if written <= 0 {
        failure = written < 0 ? errno : ENOSPC
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
