import CSHA256

/// SHA-256 digests of file contents.
public enum FileDigest {
  /// Returns the lowercase hexadecimal SHA-256 digest of `bytes`.
  public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    digest.withUnsafeMutableBufferPointer { out in
      ll_sha256(bytes.baseAddress, bytes.count, out.baseAddress!)
    }
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex = [UInt8]()
    hex.reserveCapacity(64)
    for byte in digest {
      hex.append(hexDigits[Int(byte >> 4)])
      hex.append(hexDigits[Int(byte & 0xF)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
