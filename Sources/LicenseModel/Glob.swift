/// A `*`, `?` and `[a-z]` glob over lower-case bytes, compiled once: component rules match
/// thousands of paths per scan, and `fnmatch` would convert every path to a C string again.
struct Glob: Sendable, Equatable {
  private let pattern: [UInt8]

  /// Compiles `pattern` (lower-cased: matching ignores ASCII case when the subject is
  /// lower-cased too).
  init(_ pattern: String) {
    self.pattern = Array(pattern.lowercased().utf8)
  }

  /// Whether the glob matches all of `subject`. `*` matches any bytes, `/` included.
  func matches(_ subject: [UInt8]) -> Bool {
    var (p, s) = (0, 0)
    var star: (p: Int, s: Int)?
    while s < subject.count {
      if p < pattern.count {
        switch pattern[p] {
        case UInt8(ascii: "*"):
          star = (p, s)
          p += 1
          continue
        case UInt8(ascii: "?"):
          p += 1
          s += 1
          continue
        case UInt8(ascii: "["):
          if let (matched, next) = matchClass(at: p, subject[s]) {
            if matched {
              p = next
              s += 1
              continue
            }
          } else if subject[s] == UInt8(ascii: "[") {
            p += 1
            s += 1
            continue
          }
        case let byte where byte == subject[s]:
          p += 1
          s += 1
          continue
        default: break
        }
      }
      // Mismatch: let the last star take one more byte, or fail.
      guard let last = star else { return false }
      star = (last.p, last.s + 1)
      p = last.p + 1
      s = last.s + 1
    }
    while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
    return p == pattern.count
  }

  /// Whether `byte` is in the class opening at `start`, and the index after the class; `nil`
  /// when the class is not closed (the `[` is then a plain byte).
  private func matchClass(at start: Int, _ byte: UInt8) -> (Bool, Int)? {
    var index = start + 1
    var matched = false
    while index < pattern.count, pattern[index] != UInt8(ascii: "]") || index == start + 1 {
      if index + 2 < pattern.count, pattern[index + 1] == UInt8(ascii: "-"),
        pattern[index + 2] != UInt8(ascii: "]")
      {
        if pattern[index] <= byte && byte <= pattern[index + 2] { matched = true }
        index += 3
      } else {
        if pattern[index] == byte { matched = true }
        index += 1
      }
    }
    guard index < pattern.count else { return nil }
    return (matched, index + 1)
  }
}
