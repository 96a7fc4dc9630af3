import Foundation

/// Reads a file (or standard input) line by line through one reused buffer, so memory depends
/// on the longest line, not on the file. Lines end with `\n` (a `\r` before it is dropped);
/// blank lines are passed over but counted.
struct LineReader {
  /// Why the input could not be opened.
  struct OpenError: Error, CustomStringConvertible {
    var description: String
  }

  private let descriptor: Int32
  /// Why reading stopped before the end, if it did.
  private(set) var failure: String?

  /// Opens `path` (`-` for standard input).
  init(path: String) throws {
    if path == "-" {
      descriptor = 0
      return
    }
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw OpenError(description: String(cString: strerror(errno))) }
  }

  /// Calls `body` with each non-blank line's number (from 1) and bytes, then closes the input.
  mutating func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
    defer { if descriptor > 0 { close(descriptor) } }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var filled = 0
    var number = 0
    var atEnd = false
    while !atEnd {
      if filled == buffer.count { buffer += repeatElement(0, count: buffer.count) }
      let count = buffer.withUnsafeMutableBytes {
        read(descriptor, $0.baseAddress! + filled, $0.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        failure = String(cString: strerror(errno))
        return
      }
      atEnd = count == 0
      let end = filled + count
      let consumed = buffer.withUnsafeBufferPointer { bytes in
        var start = 0
        while start < end {
          guard let newline = bytes[start..<end].firstIndex(of: 0x0A) else {
            if !atEnd { return start }
            Self.emit(bytes, start..<end, number: &number, body)
            return end
          }
          Self.emit(bytes, start..<newline, number: &number, body)
          start = newline + 1
        }
        return start
      }
      buffer.withUnsafeMutableBytes { raw in
        let base = raw.baseAddress!
        if consumed < end { memmove(base, base + consumed, end - consumed) }
      }
      filled = end - consumed
    }
  }

  private static func emit(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, number: inout Int,
    _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void
  ) {
    number += 1
    var line = range
    if let last = line.last, bytes[last] == 0x0D { line = line.dropLast() }
    guard bytes[line].contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
    body(number, UnsafeBufferPointer(rebasing: bytes[line]))
  }
}
