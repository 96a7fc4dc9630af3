/// Cheap tests on file names, run once per scanned file: on the path's bytes, with no
/// splitting, copying or Unicode case mapping.
public enum FileNames {
  /// The last path component of `path`.
  public static func name(of path: String) -> Substring {
    guard let slash = lastSlash(in: path) else { return Substring(path) }
    return path[path.utf8.index(after: slash)...]
  }

  /// The index of the last `/` byte of `path`, found in a native string's bytes in place
  /// (the generic walk of its UTF-8 view cost several times more; this runs for every file).
  public static func lastSlash(in path: String) -> String.Index? {
    let utf8 = path.utf8
    let offset = utf8.withContiguousStorageIfAvailable { bytes in
      bytes.lastIndex(of: UInt8(ascii: "/"))
    }
    guard let offset else { return utf8.lastIndex(of: UInt8(ascii: "/")) }
    return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
  }

  /// Whether the file at `path` may be a model card: `README.md` or `README`, in any case.
  public static func isCardCandidate(_ path: String) -> Bool {
    let name = name(of: path).utf8
    return equalsCaseless(name, "readme.md") || equalsCaseless(name, "readme")
  }

  /// Whether `bytes` spell `lower` (lower-case ASCII) in any ASCII case.
  static func equalsCaseless(_ bytes: Substring.UTF8View, _ lower: StaticString) -> Bool {
    guard bytes.count == lower.utf8CodeUnitCount else { return false }
    var index = 0
    for byte in bytes {
      let folded = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
      guard folded == lower.utf8Start[index] else { return false }
      index += 1
    }
    return true
  }

  /// The lower-cased ASCII extension of `name` (after its last dot), at most 12 bytes; `nil`
  /// without one.
  static func lowercasedExtension(_ name: Substring) -> String? {
    guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
    let bytes = name.utf8[name.utf8.index(after: dot)...]
    guard !bytes.isEmpty, bytes.count <= 12 else { return nil }
    return String(
      decoding: bytes.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
