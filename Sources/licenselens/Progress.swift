import Foundation
import Synchronization

/// A one-line progress display on standard error: files done (of the total once known),
/// MB/s and the estimated time left. Redrawn at most ten times a second.
final class ProgressLine {
  private let start = Date()
  private var lastDraw = Date.distantPast
  private var files = 0
  private var bytes = 0
  private let total: ProgressTotal

  /// Creates the line; `total` gets the number of files when a concurrent count finishes,
  /// so that the scan need not wait for it.
  init(total: ProgressTotal) { self.total = total }

  /// Counts one finished file of `size` bytes and redraws when due.
  func advance(size: Int) {
    files += 1
    bytes += size
    let now = Date()
    if now.timeIntervalSince(lastDraw) >= 0.1 {
      lastDraw = now
      draw(now)
    }
  }

  /// Clears the line.
  func finish() {
    write("\r\u{1B}[K")
  }

  private func draw(_ now: Date) {
    let seconds = max(0.001, now.timeIntervalSince(start))
    let rate = Double(bytes) / seconds / 1_000_000
    var line = "\r\u{1B}[K\(files)"
    if let total = total.value, total > 0 {
      line += "/\(total) files"
      let left = Double(total - files) / (Double(files) / seconds)
      if files > 0, left.isFinite { line += ", about \(Int(left.rounded())) s left" }
    } else {
      line += " files (counting)"
    }
    line += String(format: ", %.1f MB/s", rate)
    write(line)
  }

  private func write(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) }
  }
}

/// The number of files a scan will report, set once by a count that runs beside the scan.
final class ProgressTotal: Sendable {
  private let files = Atomic<Int>(-1)

  /// The total, or nil while it is being counted.
  var value: Int? {
    let count = files.load(ordering: .acquiring)
    return count < 0 ? nil : count
  }

  /// Counts `entries` on a background thread and publishes the total when done.
  func count<Entries: Sequence & Sendable>(_ entries: Entries) {
    DispatchQueue.global(qos: .utility).async {
      let total = entries.reduce(0) { count, _ in count + 1 }
      self.files.store(total, ordering: .releasing)
    }
  }
}
