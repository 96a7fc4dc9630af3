/// Builds compact JSON text with fields in the order they are written.
///
/// The text is built as UTF-8 bytes (appending to a byte array costs a few instructions per
/// byte; appending to a `String` costs a call per piece) and turned into a `String` once.
public struct JSONWriter {
  /// The JSON text so far, as UTF-8.
  public private(set) var bytes: [UInt8] = []
  private var needsComma: [Bool] = [false]

  /// The JSON text so far.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Creates an empty writer.
  public init() {}

  /// Opens an object, as a value or as the field `key` of the enclosing object.
  public mutating func beginObject(_ key: String? = nil) {
    prefix(key)
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
  }

  /// Closes the current object.
  public mutating func endObject() {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "}"))
  }

  /// Opens an array.
  public mutating func beginArray(_ key: String? = nil) {
    prefix(key)
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
  }

  /// Closes the current array.
  public mutating func endArray() {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "]"))
  }

  /// Writes a string (or `null`).
  public mutating func string(_ key: String? = nil, _ value: String?) {
    prefix(key)
    if let value { Self.appendQuoted(value, to: &bytes) } else { append("null") }
  }

  /// Writes an integer (or `null`).
  public mutating func int(_ key: String? = nil, _ value: Int?) {
    prefix(key)
    append(value.map(String.init) ?? "null")
  }

  /// Writes a number with up to three decimals.
  public mutating func number(_ key: String? = nil, _ value: Double) {
    prefix(key)
    let rounded = (value * 1000).rounded() / 1000
    append(rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(rounded))
  }

  /// Writes a boolean.
  public mutating func bool(_ key: String? = nil, _ value: Bool) {
    prefix(key)
    append(value ? "true" : "false")
  }

  /// Writes an array with one object per item, each filled by `fields`.
  public mutating func objects<Item>(
    _ key: String? = nil, _ items: [Item], _ fields: (inout JSONWriter, Item) -> Void
  ) {
    beginArray(key)
    for item in items {
      beginObject()
      fields(&self, item)
      endObject()
    }
    endArray()
  }

  /// Writes an array of strings.
  public mutating func strings(_ key: String? = nil, _ values: [String]) {
    beginArray(key)
    for value in values { string(nil, value) }
    endArray()
  }

  private mutating func prefix(_ key: String?) {
    if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    needsComma[needsComma.count - 1] = true
    if let key {
      Self.appendQuoted(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
    }
  }

  /// Appends the UTF-8 of `piece` as it is (no quoting).
  private mutating func append(_ piece: String) {
    bytes.append(contentsOf: piece.utf8)
  }

  /// Appends `value` as a JSON string literal. Runs of characters that need no escape are
  /// appended whole.
  public static func appendQuoted(_ value: String, to output: inout String) {
    var quoted: [UInt8] = []
    appendQuoted(value, to: &quoted)
    output += String(decoding: quoted, as: UTF8.self)
  }

  /// Appends `value` as a JSON string literal, in UTF-8, to `output`.
  public static func appendQuoted(_ value: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { bytes in
      var runStart = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
        if runStart < index {
          output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        }
        switch byte {
        case 0x22: output.append(contentsOf: "\\\"".utf8)
        case 0x5C: output.append(contentsOf: "\\\\".utf8)
        case 0x0A: output.append(contentsOf: "\\n".utf8)
        case 0x0D: output.append(contentsOf: "\\r".utf8)
        case 0x09: output.append(contentsOf: "\\t".utf8)
        default:
          let hex = String(byte, radix: 16)
          let escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          output.append(contentsOf: escape.utf8)
        }
        runStart = index + 1
      }
      if runStart < bytes.count {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
      }
    }
    output.append(UInt8(ascii: "\""))
  }
}
