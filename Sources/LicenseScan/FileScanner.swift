import LicenseIndex
import LicenseMatch
import LicenseModel
import LicenseReport
import LicenseText

/// Runs the stages on one file: read bytes, decode, tokenize, identify, and (with a
/// ``ClauseAnalysis``) detect clauses and fingerprints and give the file's verdict.
///
/// A scanner holds scratch buffers; use one per thread.
public struct FileScanner {
  private var tokenizer = Tokenizer()
  private var matcher: Matcher
  private let maximumSize: Int
  private let clauses: ClauseAnalysis?
  private let cache: ScanCache?
  private let results: ResultCache?
  private let files: FileResultLog?
  private let sha1: Bool

  /// Creates a scanner over `index`; files over `maximumSize` bytes are skipped. Without
  /// `clauses`, files are only identified (no clauses, fingerprints or verdicts). With
  /// `cache`, a content scanned before (by this or another scanner sharing the cache) is not
  /// matched or clause-scanned again; with `results`, neither is a content scanned by an
  /// earlier scan that used the same ``ResultCache``; with `files`, a file unchanged since an
  /// earlier scan (same path and ``FileMetadata``) is not even read. With `sha1`, every file
  /// read also gets its SHA-1 (for formats that require it). `unknownText` says what text that
  /// matches no reference is reported as unknown license text.
  public init(
    index: LicenseIndex, maximumSize: Int = FileReader.defaultMaximumSize,
    clauses: ClauseAnalysis? = nil, cache: ScanCache? = nil, results: ResultCache? = nil,
    files: FileResultLog? = nil, sha1: Bool = false,
    unknownText: UnknownTextFinder.Settings = .standard
  ) {
    matcher = Matcher(index: index, unknownText: unknownText)
    self.maximumSize = maximumSize
    self.clauses = clauses
    self.cache = cache
    self.results = results
    self.files = files
    self.sha1 = sha1
  }

  /// Scans the file at `entry`.
  public mutating func scan(_ entry: PathWalker.Entry) -> FileScanResult {
    switch read(entry) {
    case .finished(let result): return result
    case .content(let content): return scan(content)
    }
  }

  /// Scans in-memory `bytes` reported under `path` (never stored in a ``FileResultLog``).
  public mutating func scan(bytes: [UInt8], path: String) -> FileScanResult {
    scan(FileContent(path: path, bytes: bytes, sha1: sha1))
  }

  /// Reads the file at `entry`: its content, or the result already when it cannot be read, is
  /// skipped, or is unchanged since an earlier scan that stored its result.
  public func read(_ entry: PathWalker.Entry) -> ReadOutcome {
    if let error = entry.error {
      return .finished(FileScanResult(path: entry.path, errors: [error]))
    }
    // The metadata is taken before reading: a file written meanwhile is read again next time.
    let metadata = files == nil ? nil : FileMetadata.of(entry.path, followLinks: entry.followsLinks)
    if let files, let metadata, let stored = files.result(path: entry.path, metadata: metadata) {
      return .finished(stored)
    }
    // Weight files are never read beyond their header (they run to gigabytes).
    if let weights = WeightFile.read(entry.path, followLinks: entry.followsLinks) {
      return .finished(
        FileScanResult(
          path: entry.path, size: weights.size, skipped: "model weights: only the header is read",
          weights: weights))
    }
    switch FileReader.read(entry.path, maximumSize: maximumSize, followLinks: entry.followsLinks) {
    case .failed(let reason):
      return .finished(FileScanResult(path: entry.path, errors: [reason]))
    case .skipped(let reason, let size):
      return .finished(FileScanResult(path: entry.path, size: size, skipped: reason))
    case .bytes(let bytes):
      return .content(
        FileContent(path: entry.path, bytes: bytes, sha1: sha1, metadata: metadata))
    }
  }

  /// Scans a file's `content`, and stores its result in the ``FileResultLog`` when the
  /// content has the file's metadata.
  public mutating func scan(_ content: FileContent) -> FileScanResult {
    finish(identify(content))
  }

  /// The first stage of a scan: decodes `content` and identifies its licenses. A worker that
  /// scans several files runs this stage on all of them before ``finish(_:)`` on any, so that
  /// each stage finds its own tables in the processor's caches.
  public mutating func identify(_ content: FileContent) -> IdentifiedContent {
    let (path, bytes, digest, sha1) = (content.path, content.bytes, content.digest, content.sha1)
    switch TextDecoding.decode(bytes) {
    case .failure(let failure):
      if case .binary = failure {
        return IdentifiedContent(
          content: content, text: nil, stored: nil, context: "",
          result: FileScanResult(
            path: path, sha256: digest, sha1: sha1, size: bytes.count,
            skipped: failure.description))
      }
      return IdentifiedContent(
        content: content, text: nil, stored: nil, context: "",
        result: FileScanResult(
          path: path, sha256: digest, sha1: sha1, size: bytes.count,
          errors: [failure.description]))
    case .success(let text):
      // Results of earlier scans are keyed by the content and what the path tells the
      // clause stage (identification alone without it).
      let context = clauses == nil ? "identification" : ClauseAnalysis.findingsContext(path: path)
      let stored = results?.entry(digest: digest, context: context)
      let identification = stored?.identification ?? identify(text.utf8, digest: digest)
      return IdentifiedContent(
        content: content, text: text.utf8, stored: stored, context: context,
        result: FileScanResult(
          path: path, sha256: digest, sha1: sha1, size: bytes.count, encoding: text.encoding,
          identification: identification))
    }
  }

  /// The second stage of a scan: clauses, fingerprints and the verdict (with a
  /// ``ClauseAnalysis``) and the model card; stores the result in the caches and, when the
  /// content has the file's metadata, in the ``FileResultLog``.
  public func finish(_ identified: IdentifiedContent) -> FileScanResult {
    var result = identified.result
    if let text = identified.text {
      let findings = clauses?.analyse(
        &result, text: text, cache: cache?.clauseFindings, known: identified.stored?.findings,
        context: identified.context)
      if identified.stored == nil, let results {
        results.store(
          ResultCache.Entry(
            identification: identified.result.identification, findings: findings),
          digest: identified.content.digest, context: identified.context)
      }
      if clauses != nil, FileNames.isCardCandidate(result.path) {
        result.card = ModelCardReader.read(String(decoding: text, as: UTF8.self), path: result.path)
      }
    }
    if let files, let metadata = identified.content.metadata {
      files.store(result, metadata: metadata)
    }
    return result
  }

  private mutating func identify(_ utf8: [UInt8], digest: String) -> IdentificationResult {
    if let known = cache?.identifications.value(forKey: digest) { return known }
    let identification = utf8.withUnsafeBufferPointer { buffer in
      matcher.identify(tokenizer.tokenize(buffer), text: buffer)
    }
    cache?.identifications.store(identification, forKey: digest)
    return identification
  }
}

/// A file's bytes and their SHA-256 (and SHA-1 when asked for), read but not yet scanned.
public struct FileContent: Sendable {
  /// The path the file is reported under.
  public let path: String
  /// The file's bytes.
  public let bytes: [UInt8]
  /// The SHA-256 of `bytes`, in lowercase hex.
  public let digest: String
  /// The SHA-1 of `bytes`, in lowercase hex, when it was asked for.
  public let sha1: String?
  /// The file's metadata before it was read, when a ``FileResultLog`` is to store its result.
  public let metadata: FileMetadata?

  /// Wraps `bytes` read from `path` (whose `metadata` was taken before reading) and computes
  /// their SHA-256 (and their SHA-1 with `sha1`).
  public init(path: String, bytes: [UInt8], sha1: Bool = false, metadata: FileMetadata? = nil) {
    self.path = path
    self.bytes = bytes
    self.metadata = metadata
    digest = bytes.withUnsafeBytes { FileDigest.sha256Hex($0) }
    self.sha1 = sha1 ? bytes.withUnsafeBytes { FileDigest.sha1Hex($0) } : nil
  }
}

/// A file's content after the first stage of a scan (``FileScanner/identify(_:)``): decoded
/// and identified, waiting for ``FileScanner/finish(_:)``.
public struct IdentifiedContent: Sendable {
  /// The content read.
  public let content: FileContent
  /// The text as valid UTF-8; `nil` when the content could not be decoded (`result` says why).
  let text: [UInt8]?
  /// What an earlier scan stored for this content, if anything.
  let stored: ResultCache.Entry?
  /// What the path tells the clause stage (``ClauseAnalysis/findingsContext(path:)``).
  let context: String
  /// The result so far: the identification, or the decoding error.
  let result: FileScanResult
}

/// What reading a file gave: its content to scan, or a finished result (an error entry or a
/// skipped file).
public enum ReadOutcome: Sendable {
  case content(FileContent)
  case finished(FileScanResult)
}

/// The caches a scan's workers share (see ``ContentCache``), and the contents being scanned
/// right now.
public struct ScanCache: Sendable {
  /// Identification by content digest.
  public let identifications = ContentCache<IdentificationResult>()
  /// Clause findings by content digest and kind of file name.
  public let clauseFindings = ContentCache<ClauseAnalysis.Findings>()
  /// Digests some worker is scanning: a copy met meanwhile waits for that result instead of
  /// being matched a second time.
  public let inProgress = ContentClaims()

  /// Creates empty caches.
  public init() {}
}
