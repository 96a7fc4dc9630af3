/// The comment marker a line starts with, as far as telling a comment block from the code or
/// prose around it goes: `/*`, `*` and `*/` are one kind, as are `//` and `///`.
enum LineMarker: Equatable {
  case none
  case slashes
  case star
  case hash
  case dashes
  case semicolon
  case percent

  /// The marker of `line` (its bytes without the line break).
  init(_ line: Slice<UnsafeBufferPointer<UInt8>>) {
    guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else {
      self = .none
      return
    }
    let byte = line[first]
    let next = first + 1 < line.endIndex ? line[first + 1] : 0
    switch byte {
    case UInt8(ascii: "/") where next == UInt8(ascii: "/"): self = .slashes
    case UInt8(ascii: "/") where next == UInt8(ascii: "*"): self = .star
    case UInt8(ascii: "*") where next != UInt8(ascii: "*"): self = .star
    case UInt8(ascii: "#"): self = .hash
    case UInt8(ascii: "-") where next == UInt8(ascii: "-"): self = .dashes
    case UInt8(ascii: ";"): self = .semicolon
    case UInt8(ascii: "%"): self = .percent
    default: self = .none
    }
  }

  /// The marker most of the lines of `lines` with content start with.
  static func common(
    in lines: ClosedRange<Int>, ranges: [Range<Int>], text: UnsafeBufferPointer<UInt8>
  ) -> LineMarker {
    var counts: [LineMarker: Int] = [:]
    for line in lines where line < ranges.count {
      let content = text[ranges[line]]
      guard content.contains(where: { $0 > 0x20 }) else { continue }
      counts[LineMarker(content), default: 0] += 1
    }
    return counts.max { $0.value < $1.value }?.key ?? .none
  }

  /// Whether `line` is a Markdown heading (`#` then a space).
  static func isHeading(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard let first = line.firstIndex(where: { $0 != 0x20 }), line[first] == UInt8(ascii: "#")
    else { return false }
    var index = first
    while index < line.endIndex, line[index] == UInt8(ascii: "#") { index += 1 }
    return index < line.endIndex && line[index] == 0x20
  }

  /// Whether `line` separates blocks: a code fence (```` ``` ````), the start or end of a
  /// comment block alone on its line (`/*`, `*/`), or a rule of `=`, `-`, `*` or `_` alone
  /// (under a heading, or between sections).
  static func isBoundary(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let content = line.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    guard !content.isEmpty else { return false }
    if content.starts(with: "```".utf8) || content.starts(with: "~~~".utf8) { return true }
    if content.elementsEqual("/*".utf8) || content.elementsEqual("*/".utf8)
      || content.elementsEqual("/**".utf8) || content.elementsEqual("**/".utf8)
    {
      return true
    }
    return isRule(line)
  }

  /// Whether `line` is a rule: at least three `=`, `-`, `*` or `_` alone.
  static func isRule(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let content = line.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    guard content.count >= 3, let first = content.first,
      [UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_")].contains(first)
    else { return false }
    return content.allSatisfy { $0 == first }
  }
}
