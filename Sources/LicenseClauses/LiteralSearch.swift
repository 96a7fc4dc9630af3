#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Fast substring search for the literal prefilter.
enum LiteralSearch {
  /// Whether `needle` occurs in `haystack`: `memchr` for the first byte, `memcmp` for the rest.
  static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
    return needle.withUnsafeBufferPointer { pattern in
      let first = Int32(pattern[0])
      let last = base + (haystack.count - pattern.count)
      var cursor = base
      while cursor <= last {
        guard let raw = memchr(cursor, first, last - cursor + 1) else { return false }
        let found = UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
        if memcmp(found, pattern.baseAddress!, pattern.count) == 0 { return true }
        cursor = found + 1
      }
      return false
    }
  }
}
