import Foundation

/// A one-line progress display on standard error: files done (of the total when known),
/// MB/s and the estimated time left. Redrawn at most ten times a second.
final class ProgressLine {
  private let start = Date()
  private var lastDraw = Date.distantPast
  private var files = 0
  private var bytes = 0
  private let total: Int?

  init(total: Int?) { self.total = total }

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
    if let total, total > 0 {
      line += "/\(total) files"
      let left = Double(total - files) / (Double(files) / seconds)
      if files > 0, left.isFinite { line += ", about \(Int(left.rounded())) s left" }
    } else {
      line += " files"
    }
    line += String(format: ", %.1f MB/s", rate)
    write(line)
  }

  private func write(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) }
  }
}
