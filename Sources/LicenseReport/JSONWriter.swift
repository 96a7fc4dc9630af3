/// Builds compact JSON text with fields in the order they are written.
public struct JSONWriter {
  /// The JSON text so far.
  public private(set) var text = ""
  private var needsComma: [Bool] = [false]

  /// Creates an empty writer.
  public init() {}

  /// Opens an object, as a value or as the field `key` of the enclosing object.
  public mutating func beginObject(_ key: String? = nil) {
    prefix(key)
    text += "{"
    needsComma.append(false)
  }

  /// Closes the current object.
  public mutating func endObject() {
    needsComma.removeLast()
    text += "}"
  }

  /// Opens an array.
  public mutating func beginArray(_ key: String? = nil) {
    prefix(key)
    text += "["
    needsComma.append(false)
  }

  /// Closes the current array.
  public mutating func endArray() {
    needsComma.removeLast()
    text += "]"
  }

  /// Writes a string (or `null`).
  public mutating func string(_ key: String? = nil, _ value: String?) {
    prefix(key)
    if let value { Self.appendQuoted(value, to: &text) } else { text += "null" }
  }

  /// Writes an integer (or `null`).
  public mutating func int(_ key: String? = nil, _ value: Int?) {
    prefix(key)
    text += value.map(String.init) ?? "null"
  }

  /// Writes a number with up to three decimals.
  public mutating func number(_ key: String? = nil, _ value: Double) {
    prefix(key)
    let rounded = (value * 1000).rounded() / 1000
    text += rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(rounded)
  }

  /// Writes a boolean.
  public mutating func bool(_ key: String? = nil, _ value: Bool) {
    prefix(key)
    text += value ? "true" : "false"
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
    if needsComma[needsComma.count - 1] { text += "," }
    needsComma[needsComma.count - 1] = true
    if let key {
      Self.appendQuoted(key, to: &text)
      text += ":"
    }
  }

  /// Appends `value` as a JSON string literal. Runs of characters that need no escape are
  /// appended whole.
  public static func appendQuoted(_ value: String, to output: inout String) {
    output += "\""
    var value = value
    value.withUTF8 { bytes in
      var runStart = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
        if runStart < index {
          output += String(
            decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
        }
        switch byte {
        case 0x22: output += "\\\""
        case 0x5C: output += "\\\\"
        case 0x0A: output += "\\n"
        case 0x0D: output += "\\r"
        case 0x09: output += "\\t"
        default:
          let hex = String(byte, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        runStart = index + 1
      }
      if runStart < bytes.count {
        output += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart...]), as: UTF8.self)
      }
    }
    output += "\""
  }
}
