import LicenseClauses
import LicenseMatch
import LicenseModel
import LicenseText
import LicenseVerdict

/// The outcome of scanning one file: what was identified, or why it could not be.
public struct FileScanResult: Sendable, Equatable {
  /// The path as given or found while walking.
  public var path: String
  /// SHA-256 of the file's bytes, when it was read.
  public var sha256: String?
  /// SHA-1 of the file's bytes, when it was read and the output format asked for it (SPDX 2.3
  /// requires a SHA-1 checksum per file; other formats never pay for it).
  public var sha1: String?
  /// Size in bytes, when known.
  public var size: Int?
  /// The encoding the text was read in, when it was decoded.
  public var encoding: TextEncoding?
  /// The licenses found and the file's expression (empty for skipped or unreadable files).
  /// When ``fingerprints`` are present, the expression includes their ids.
  public var identification: IdentificationResult
  /// Model-license families recognised by their fingerprints where the license database did
  /// not identify the text; reported in `licenses` with matcher `fingerprint`.
  public var fingerprints: [FamilyMatch]
  /// What the clause and verdict stages worked from (kind, facts, clause scan, families), when
  /// they ran; the model-level verdict combines the evidence of several files.
  public var evidence: DocumentEvidence?
  /// The file's own verdict; `nil` for files with no license, no fingerprint, no restrictive
  /// clause and no license-like name.
  public var verdict: Verdict?
  /// The model card, when the file is a `README.md` with YAML front matter.
  public var card: ModelCard?
  /// The header of a weight file (which is never read beyond it).
  public var weights: WeightFile?
  /// Why the file was not scanned although it was read (binary, symbolic link, too large).
  public var skipped: String?
  /// Why the file could not be read; non-empty means the scan of this file failed.
  public var errors: [String]

  /// Creates a result.
  public init(
    path: String, sha256: String? = nil, sha1: String? = nil, size: Int? = nil,
    encoding: TextEncoding? = nil,
    identification: IdentificationResult = IdentificationResult(licenses: [], expression: nil),
    fingerprints: [FamilyMatch] = [], evidence: DocumentEvidence? = nil, verdict: Verdict? = nil,
    skipped: String? = nil, errors: [String] = [], card: ModelCard? = nil,
    weights: WeightFile? = nil
  ) {
    self.card = card
    self.weights = weights
    self.path = path
    self.sha256 = sha256
    self.sha1 = sha1
    self.size = size
    self.encoding = encoding
    self.identification = identification
    self.fingerprints = fingerprints
    self.evidence = evidence
    self.verdict = verdict
    self.skipped = skipped
    self.errors = errors
  }

  /// The restrictive clauses found in the file (blocking and caution), in document order.
  public var clauses: [ClauseHit] { evidence?.scan.hits ?? [] }
}

/// One output record of a scan: a file, or a folder's model-level verdict (which follows the
/// folder's files).
public enum ScanRecord: Sendable, Equatable {
  /// One file's result.
  case file(FileScanResult)
  /// One model repository's assessment (or a folder of model terms).
  case model(ModelAssessment)
}
