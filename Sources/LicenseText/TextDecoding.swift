/// How the bytes of a file were turned into UTF-8 text.
public enum TextEncoding: String, Sendable, Codable {
  /// Valid UTF-8 without a byte order mark.
  case utf8 = "utf-8"
  /// UTF-8 with a byte order mark, which is dropped.
  case utf8WithBOM = "utf-8-bom"
  /// UTF-16 little endian, announced by its byte order mark.
  case utf16LE = "utf-16le"
  /// UTF-16 big endian, announced by its byte order mark.
  case utf16BE = "utf-16be"
  /// Bytes that are not valid UTF-8, read as ISO 8859-1.
  case latin1 = "latin-1"
}

/// Why a file's bytes could not be read as text.
public enum TextDecodingFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// A NUL byte was found outside UTF-16 text: the file is binary.
  case binary(nulByteOffset: Int)
  /// A UTF-16 file ends in the middle of a code unit or has an unpaired surrogate.
  case malformedUTF16(byteOffset: Int)

  public var description: String {
    switch self {
    case .binary(let offset): return "binary file (NUL byte at offset \(offset)); not scanned"
    case .malformedUTF16(let offset): return "malformed UTF-16 at byte offset \(offset)"
    }
  }
}

/// Text decoded to UTF-8, with the encoding it was read in.
public struct DecodedText: Sendable {
  /// The text as valid UTF-8.
  public var utf8: [UInt8]
  /// The encoding of the original bytes.
  public var encoding: TextEncoding

  /// Creates decoded text from bytes that are already valid UTF-8.
  public init(utf8: [UInt8], encoding: TextEncoding) {
    self.utf8 = utf8
    self.encoding = encoding
  }
}

/// Turns file bytes into UTF-8: UTF-8 (with or without BOM), UTF-16 with BOM, and ISO 8859-1
/// for anything that is not valid UTF-8. Files with NUL bytes (other than UTF-16) are binary.
public enum TextDecoding {
  /// How many leading bytes are searched for a NUL byte to call a file binary.
  public static let binaryProbeLength = 8192

  /// Decodes `bytes`, or says why they are not text.
  public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<
    DecodedText, TextDecodingFailure
  > {
    decode(bytes, sharing: nil)
  }

  /// Decodes `bytes`, or says why they are not text. Valid UTF-8 without a byte order mark
  /// (most files) is `bytes` itself, shared rather than copied.
  public static func decode(_ bytes: [UInt8]) -> Result<DecodedText, TextDecodingFailure> {
    bytes.withUnsafeBytes { decode($0, sharing: bytes) }
  }

  /// ``decode(_:)-(UnsafeRawBufferPointer)``; `array`, when given, holds the same bytes as
  /// `bytes` and is the result when they are valid UTF-8 without a byte order mark.
  private static func decode(_ bytes: UnsafeRawBufferPointer, sharing array: [UInt8]?)
    -> Result<DecodedText, TextDecodingFailure>
  {
    let raw = bytes.bindMemory(to: UInt8.self)
    if raw.count >= 2, raw[0] == 0xFF, raw[1] == 0xFE {
      return decodeUTF16(raw, littleEndian: true).map { DecodedText(utf8: $0, encoding: .utf16LE) }
    }
    if raw.count >= 2, raw[0] == 0xFE, raw[1] == 0xFF {
      return decodeUTF16(raw, littleEndian: false).map { DecodedText(utf8: $0, encoding: .utf16BE) }
    }
    var start = 0
    var encoding = TextEncoding.utf8
    if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
      start = 3
      encoding = .utf8WithBOM
    }
    let probeEnd = min(raw.count, start + binaryProbeLength)
    if let nul = raw[start..<probeEnd].firstIndex(of: 0) {
      return .failure(.binary(nulByteOffset: nul))
    }
    let body = UnsafeBufferPointer(rebasing: raw[start...])
    if isValidUTF8(body) {
      if start == 0, let array { return .success(DecodedText(utf8: array, encoding: encoding)) }
      return .success(DecodedText(utf8: Array(body), encoding: encoding))
    }
    return .success(DecodedText(utf8: latin1ToUTF8(body), encoding: .latin1))
  }

  /// Returns whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past
  /// U+10FFFF).
  public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    let highBits: UInt64 = 0x8080_8080_8080_8080
    var index = 0
    let count = bytes.count
    while index < count {
      // ASCII fast path: 32, then 8 bytes at a time while no byte has its high bit set.
      while index + 32 <= count {
        let word =
          raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          | raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
          | raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
          | raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
        if word & highBits != 0 { break }
        index += 32
      }
      while index + 8 <= count {
        let high = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits
        if high != 0 {
          // Bytes are loaded little endian: the lowest set bit is the first non-ASCII byte.
          index += UInt64(littleEndian: high).trailingZeroBitCount >> 3
          break
        }
        index += 8
      }
      guard index < count else { break }
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return false
      }
      guard index + length <= count else { return false }
      let second = bytes[index + 1]
      guard second >= low, second <= high else { return false }
      for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
        return false
      }
      index += length
    }
    return true
  }

  static func latin1ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + bytes.count / 8)
    for byte in bytes {
      if byte < 0x80 {
        output.append(byte)
      } else {
        output.append(0xC0 | (byte >> 6))
        output.append(0x80 | (byte & 0x3F))
      }
    }
    return output
  }

  static func decodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool)
    -> Result<[UInt8], TextDecodingFailure>
  {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 2
    func unit(at offset: Int) -> UInt16 {
      let first = UInt16(bytes[offset])
      let second = UInt16(bytes[offset + 1])
      return littleEndian ? first | second << 8 : first << 8 | second
    }
    while index < bytes.count {
      guard index + 1 < bytes.count else { return .failure(.malformedUTF16(byteOffset: index)) }
      let first = unit(at: index)
      var scalarValue = UInt32(first)
      if (0xD800...0xDBFF).contains(first) {
        guard index + 3 < bytes.count else { return .failure(.malformedUTF16(byteOffset: index)) }
        let second = unit(at: index + 2)
        guard (0xDC00...0xDFFF).contains(second) else {
          return .failure(.malformedUTF16(byteOffset: index))
        }
        scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        index += 4
      } else if (0xDC00...0xDFFF).contains(first) {
        return .failure(.malformedUTF16(byteOffset: index))
      } else {
        index += 2
      }
      guard let scalar = Unicode.Scalar(scalarValue) else {
        return .failure(.malformedUTF16(byteOffset: index))
      }
      output.append(contentsOf: UTF8.encode(scalar)!)
    }
    return .success(output)
  }
}
