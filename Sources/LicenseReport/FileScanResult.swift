import LicenseMatch
import LicenseText

/// The outcome of scanning one file: what was identified, or why it could not be.
public struct FileScanResult: Sendable, Equatable {
  /// The path as given or found while walking.
  public var path: String
  /// SHA-256 of the file's bytes, when it was read.
  public var sha256: String?
  /// Size in bytes, when known.
  public var size: Int?
  /// The encoding the text was read in, when it was decoded.
  public var encoding: TextEncoding?
  /// The licenses found and the file's expression (empty for skipped or unreadable files).
  public var identification: IdentificationResult
  /// Why the file was not scanned although it was read (binary, symbolic link, too large).
  public var skipped: String?
  /// Why the file could not be read; non-empty means the scan of this file failed.
  public var errors: [String]

  /// Creates a result.
  public init(
    path: String, sha256: String? = nil, size: Int? = nil, encoding: TextEncoding? = nil,
    identification: IdentificationResult = IdentificationResult(licenses: [], expression: nil),
    skipped: String? = nil, errors: [String] = []
  ) {
    self.path = path
    self.sha256 = sha256
    self.size = size
    self.encoding = encoding
    self.identification = identification
    self.skipped = skipped
    self.errors = errors
  }
}
