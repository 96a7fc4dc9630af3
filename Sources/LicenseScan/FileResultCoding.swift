import LicenseClauses
import LicenseMatch
import LicenseReport
import LicenseText
import LicenseVerdict

/// The bytes of one file's whole result in a ``FileResultLog``: everything its record holds
/// except the path (the log's key), in the compact form of ``ResultCacheCoding``. The verdict
/// is not stored: it is a pure function of the evidence (``VerdictEngine``) and is worked
/// out again when the result is read back.
///
/// Results with a model card or a weight header (a few files per model repository) and
/// results with errors (which may not last) are not stored.
enum FileResultCoding {
  /// Whether `result` can be stored: no card, no weights, no errors, and a verdict exactly
  /// when there is evidence.
  static func isStorable(_ result: FileScanResult) -> Bool {
    result.card == nil && result.weights == nil && result.errors.isEmpty
      && (result.evidence == nil) == (result.verdict == nil)
  }

  /// Appends the bytes of `result` (which must be ``isStorable(_:)``) to `writer`; false when
  /// they cannot be encoded.
  static func encode(_ result: FileScanResult, into writer: inout EntryWriter) -> Bool {
    writer.optionalString(result.sha256)
    writer.optionalString(result.sha1)
    writer.flag(result.size != nil)
    if let size = result.size { writer.integer(size) }
    writer.optionalString(result.encoding?.rawValue)
    writer.identification(result.identification)
    guard writer.families(result.fingerprints) else { return false }
    writer.flag(result.evidence != nil)
    if let evidence = result.evidence {
      writer.string(evidence.kind.rawValue)
      writer.integer(evidence.licenses.count)
      for fact in evidence.licenses { writer.fact(fact) }
      writer.clauseScan(evidence.scan)
      guard writer.families(evidence.families) else { return false }
      writer.integer(evidence.differences.count)
      for difference in evidence.differences {
        writer.string(difference.key)
        writer.string(difference.spdx)
        writer.double(difference.coverage)
        writer.hits(difference.added)
        writer.integer(difference.removed.count)
        for key in difference.removed { writer.string(key) }
      }
    }
    writer.optionalString(result.skipped)
    return true
  }

  /// The result of the file at `path` in `reader`'s bytes; `nil` when they are not one whole
  /// result.
  static func decode(path: String, from reader: inout EntryReader) -> FileScanResult? {
    guard let sha256 = reader.optionalString(), let sha1 = reader.optionalString(),
      let hasSize = reader.flag()
    else { return nil }
    var size: Int?
    if hasSize {
      guard let value = reader.integer() else { return nil }
      size = value
    }
    guard let encodingName = reader.optionalString() else { return nil }
    var encoding: TextEncoding?
    if let encodingName {
      guard let known = TextEncoding(rawValue: encodingName) else { return nil }
      encoding = known
    }
    guard let identification = reader.identification(), let fingerprints = reader.families(),
      let hasEvidence = reader.flag()
    else { return nil }
    var evidence: DocumentEvidence?
    if hasEvidence {
      guard let kind = reader.string().flatMap(DocumentKind.init(rawValue:)),
        let factCount = reader.count()
      else { return nil }
      var facts: [LicenseFact] = []
      for _ in 0..<factCount {
        guard let fact = reader.fact() else { return nil }
        facts.append(fact)
      }
      guard let scan = reader.clauseScan(), let families = reader.families(),
        let differenceCount = reader.count()
      else { return nil }
      var differences: [ReferenceDifference] = []
      for _ in 0..<differenceCount {
        guard let key = reader.string(), let spdx = reader.string(),
          let coverage = reader.double(), let added = reader.hits(),
          let removedCount = reader.count()
        else { return nil }
        var removed: [String] = []
        for _ in 0..<removedCount {
          guard let key = reader.string() else { return nil }
          removed.append(key)
        }
        differences.append(
          ReferenceDifference(
            key: key, spdx: spdx, coverage: coverage, added: added, removed: removed))
      }
      evidence = DocumentEvidence(
        path: path, kind: kind, licenses: facts, scan: scan, families: families,
        differences: differences)
    }
    guard let skipped = reader.optionalString() else { return nil }
    return FileScanResult(
      path: path, sha256: sha256, sha1: sha1, size: size, encoding: encoding,
      identification: identification, fingerprints: fingerprints, evidence: evidence,
      verdict: evidence.map { VerdictEngine.verdict(for: $0) }, skipped: skipped)
  }
}

extension EntryWriter {
  mutating func fact(_ fact: LicenseFact) {
    string(fact.spdx)
    string(fact.key)
    flag(fact.isOSIApproved)
    flag(fact.isFSFLibre)
    optionalString(fact.category)
    double(fact.coverage)
    integer(fact.startLine)
    integer(fact.endLine)
  }
}

extension EntryReader {
  mutating func fact() -> LicenseFact? {
    guard let spdx = string(), let key = string(), let osi = flag(), let fsf = flag(),
      let category = optionalString(), let coverage = double(), let start = integer(),
      let end = integer()
    else { return nil }
    return LicenseFact(
      spdx: spdx, key: key, isOSIApproved: osi, isFSFLibre: fsf, category: category,
      coverage: coverage, startLine: start, endLine: end)
  }
}
