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

  /// Appends `value` as a JSON string literal.
  public static func appendQuoted(_ value: String, to output: inout String) {
    output += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
