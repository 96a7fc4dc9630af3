/// A parsed JSON value: what `licenselens report` reads back from each line of JSON Lines.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// The field `key` of an object; `nil` for a missing field or a value that is not an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let fields) = self { return fields[key] }
    return nil
  }

  /// The string, when the value is one.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The number as an integer, when the value is a whole number.
  public var intValue: Int? {
    guard case .number(let value) = self, value == value.rounded(), abs(value) < 9e15 else {
      return nil
    }
    return Int(value)
  }

  /// The boolean, when the value is one.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The elements of an array; empty for any other value.
  public var elements: [JSONValue] {
    if case .array(let values) = self { return values }
    return []
  }

  /// Parses one JSON text (RFC 8259; nesting is limited to 256 levels).
  public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    var text = text
    let result = text.withUTF8 { bytes in
      Result { () throws(JSONParseError) in try parse(bytes) }
    }
    return try result.get()
  }

  /// Parses one JSON text held in `bytes` (UTF-8), ignoring surrounding white space.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError)
    -> JSONValue
  {
    var parser = JSONParser(bytes: bytes)
    return try parser.document()
  }
}

/// Why a text is not JSON, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The byte offset (0-based) at which the text stopped being JSON.
  public var offset: Int
  /// What was expected or found there.
  public var message: String

  /// Creates an error.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// `message at column N` (1-based, counted in bytes).
  public var description: String { "\(message) at column \(offset + 1)" }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONParser {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  var depth = 0

  mutating func document() throws(JSONParseError) -> JSONValue {
    skipSpace()
    let value = try self.value()
    skipSpace()
    guard position == bytes.count else { throw fail("unexpected text after the value") }
    return value
  }

  private func fail(_ message: String) -> JSONParseError {
    JSONParseError(offset: position, message: message)
  }

  private mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  private mutating func value() throws(JSONParseError) -> JSONValue {
    guard position < bytes.count else { throw fail("unexpected end of the text") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw fail("expected a JSON value")
    }
  }

  private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONParseError)
    -> JSONValue
  {
    let count = word.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw fail("expected \(word)") }
    for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
      throw fail("expected \(word)")
    }
    position += count
    return value
  }

  private mutating func enter() throws(JSONParseError) {
    depth += 1
    guard depth <= 256 else { throw fail("nested more than 256 levels") }
    position += 1
    skipSpace()
  }

  private mutating func object() throws(JSONParseError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    var fields: [String: JSONValue] = [:]
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(fields)
    }
    while true {
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw fail("expected a field name")
      }
      let key = try string()
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw fail("expected ':'")
      }
      position += 1
      skipSpace()
      fields[key] = try value()
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of the text") }
      if bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(fields)
      }
      guard bytes[position] == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
      position += 1
      skipSpace()
    }
  }

  private mutating func array() throws(JSONParseError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    var values: [JSONValue] = []
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(values)
    }
    while true {
      values.append(try value())
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of the text") }
      if bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(values)
      }
      guard bytes[position] == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
      position += 1
      skipSpace()
    }
  }

  private mutating func number() throws(JSONParseError) -> JSONValue {
    let start = position
    while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
    let text = String(
      decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    guard let value = Double(text), text.last?.isNumber == true else {
      position = start
      throw fail("malformed number")
    }
    return .number(value)
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
      return true
    default:
      return false
    }
  }

  /// A string literal; `position` is at its opening quote.
  private mutating func string() throws(JSONParseError) -> String {
    position += 1
    let start = position
    // Fast path: no escape.
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        defer { position += 1 }
        return String(
          decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") { break }
      guard byte >= 0x20 else { throw fail("control character in a string") }
      position += 1
    }
    var decoded = Array(bytes[start..<position])
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: decoded, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try escape(into: &decoded)
      case ..<0x20:
        throw fail("control character in a string")
      default:
        decoded.append(byte)
        position += 1
      }
    }
    throw fail("unterminated string")
  }

  /// One escape sequence; `position` is at its backslash.
  private mutating func escape(into decoded: inout [UInt8]) throws(JSONParseError) {
    guard position + 1 < bytes.count else { throw fail("unterminated string") }
    let code = bytes[position + 1]
    position += 2
    switch code {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
    case UInt8(ascii: "b"): decoded.append(0x08)
    case UInt8(ascii: "f"): decoded.append(0x0C)
    case UInt8(ascii: "n"): decoded.append(0x0A)
    case UInt8(ascii: "r"): decoded.append(0x0D)
    case UInt8(ascii: "t"): decoded.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
        bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
      {
        let mark = position
        position += 2
        let low = try hex4()
        if (0xDC00..<0xE000).contains(low) {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else {
          position = mark
        }
      }
      // A lone surrogate becomes U+FFFD.
      decoded.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
    default:
      position -= 2
      throw fail("unknown escape")
    }
  }

  private mutating func hex4() throws(JSONParseError) -> UInt32 {
    guard position + 4 <= bytes.count else { throw fail("short \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw fail("bad \\u escape")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }
}
