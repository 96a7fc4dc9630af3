/// Turns the paths of a scan into SARIF artifact locations: a path inside the working
/// directory (where the scan's relative paths start, the repository root in CI) becomes a
/// relative URI reference against the base id `%SRCROOT%`; any other path becomes an absolute
/// `file:` URI with no base id. Every segment is percent-encoded, so spaces, non-ASCII letters
/// and a `:` that would read as a scheme stay a valid URI.
struct SARIFPaths: Sendable {
  /// The base id of relative locations.
  static let rootID = "%SRCROOT%"

  /// The working directory: absolute, normalised, without a trailing `/` (empty for `/`).
  private let root: String

  /// Creates the mapping for a scan run from `workingDirectory` (an absolute path).
  init(workingDirectory: String) {
    root = Self.normalised(workingDirectory)
  }

  /// The absolute `file:` URI of `%SRCROOT%`, ending in `/` as a base URI must.
  var rootURI: String { "file://" + Self.encoded(root) + "/" }

  /// The URI of `path` and its base id (`nil` for an absolute URI).
  func location(_ path: String) -> (uri: String, baseID: String?) {
    let absolute = Self.normalised(path.hasPrefix("/") ? path : root + "/" + path)
    if absolute.hasPrefix(root + "/") {
      return (Self.encoded(String(absolute.dropFirst(root.count + 1))), Self.rootID)
    }
    return ("file://" + Self.encoded(absolute), nil)
  }

  /// `path` made absolute-looking with `.` and empty segments removed and `..` applied; no
  /// trailing `/`.
  static func normalised(_ path: String) -> String {
    var segments: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..": if !segments.isEmpty { segments.removeLast() }
      default: segments.append(segment)
      }
    }
    return segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
  }

  /// `path` with every byte outside RFC 3986's unreserved characters and `/` percent-encoded.
  static func encoded(_ path: String) -> String {
    var output = ""
    output.reserveCapacity(path.utf8.count)
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        output += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return output
  }
}
