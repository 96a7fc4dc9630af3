import CSHA256

/// SHA-256 (and, for formats that require it, SHA-1) digests of file contents.
public enum FileDigest {
  /// Returns the lowercase hexadecimal SHA-256 digest of `bytes`.
  public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    digest.withUnsafeMutableBufferPointer { out in
      ll_sha256(bytes.baseAddress, bytes.count, out.baseAddress!)
    }
    return hex(digest)
  }

  /// Returns the lowercase hexadecimal SHA-1 digest of `bytes`.
  public static func sha1Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    var digest = [UInt8](repeating: 0, count: 20)
    digest.withUnsafeMutableBufferPointer { out in
      ll_sha1(bytes.baseAddress, bytes.count, out.baseAddress!)
    }
    return hex(digest)
  }

  /// Returns the lowercase hexadecimal SHA-1 digest of the UTF-8 bytes of `text`.
  public static func sha1Hex(_ text: String) -> String {
    Array(text.utf8).withUnsafeBytes { sha1Hex($0) }
  }

  /// Returns the lowercase hexadecimal SHA-256 digest of the UTF-8 bytes of `text`.
  public static func sha256Hex(_ text: String) -> String {
    Array(text.utf8).withUnsafeBytes { sha256Hex($0) }
  }

  private static func hex(_ digest: [UInt8]) -> String {
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex = [UInt8]()
    hex.reserveCapacity(digest.count * 2)
    for byte in digest {
      hex.append(hexDigits[Int(byte >> 4)])
      hex.append(hexDigits[Int(byte & 0xF)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
