import LicenseClauses
import LicenseMatch
import LicenseReport
import LicenseText
import LicenseVerdict

/// The bytes of one file's whole result in a ``FileResultLog``: everything its record holds
/// except the path (the log's key), in the compact form of ``ResultCacheCoding``.
///
/// Results with a model card or a weight header (a few files per model repository) and
/// results with errors (which may not last) are not stored.
enum FileResultCoding {
  /// Whether `result` can be stored: no card, no weights, no errors.
  static func isStorable(_ result: FileScanResult) -> Bool {
    result.card == nil && result.weights == nil && result.errors.isEmpty
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
      for difference in evidence.differences { writer.difference(difference) }
    }
    writer.flag(result.verdict != nil)
    if let verdict = result.verdict {
      guard writer.verdict(verdict, path: result.path) else { return false }
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
        let differences = reader.array({ $0.difference() })
      else { return nil }
      evidence = DocumentEvidence(
        path: path, kind: kind, licenses: facts, scan: scan, families: families,
        differences: differences)
    }
    guard let hasVerdict = reader.flag() else { return nil }
    var verdict: Verdict?
    if hasVerdict {
      guard let decoded = reader.verdict(path: path) else { return nil }
      verdict = decoded
    }
    guard let skipped = reader.optionalString() else { return nil }
    return FileScanResult(
      path: path, sha256: sha256, sha1: sha1, size: size, encoding: encoding,
      identification: identification, fingerprints: fingerprints, evidence: evidence,
      verdict: verdict, skipped: skipped)
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
    integer(fact.referenceRestrictions.count)
    for id in fact.referenceRestrictions { string(id) }
  }

  mutating func difference(_ difference: ReferenceDifference) {
    string(difference.key)
    string(difference.spdx)
    double(difference.coverage)
    hits(difference.added)
    integer(difference.removed.count)
    for key in difference.removed { string(key) }
  }

  /// A verdict, field by field; false when its families cannot be encoded.
  /// A verdict of the file at `path`, field by field; false when its families cannot be
  /// encoded. A freedom's evidence that is the previous freedom's (the four freedoms of a
  /// license identified by its reference share theirs) is written as -1, and an evidence
  /// path that is `path` as an absent string, so that reading it back shares them instead of
  /// allocating copies.
  mutating func verdict(_ verdict: Verdict, path: String) -> Bool {
    string(verdict.verdictClass.rawValue)
    var previous: [FreedomEvidence]?
    for freedom in Freedom.allCases {
      let assessment = verdict.freedoms[freedom]
      string(assessment.status.rawValue)
      integer(assessment.because.count)
      for id in assessment.because { string(id) }
      defer { previous = assessment.evidence }
      guard assessment.evidence != previous || assessment.evidence.isEmpty else {
        integer(-1)
        continue
      }
      integer(assessment.evidence.count)
      for item in assessment.evidence {
        string(item.source.rawValue)
        string(item.id)
        optionalString(item.path == path ? nil : item.path)
        integer(item.startLine)
        integer(item.endLine)
        string(item.text)
      }
    }
    string(verdict.summary)
    let explained = Freedom.allCases.filter { verdict.explanations[$0] != nil }
    integer(explained.count)
    for freedom in explained {
      string(freedom.rawValue)
      let quotes = verdict.explanations[freedom] ?? []
      integer(quotes.count)
      for quote in quotes {
        string(quote.path)
        hits([quote.hit])
      }
    }
    integer(verdict.unanalysedPolicies.count)
    for policy in verdict.unanalysedPolicies {
      string(policy.reference)
      string(policy.path)
      integer(policy.line)
    }
    guard families(verdict.families) else { return false }
    integer(verdict.disagreements.count)
    for disagreement in verdict.disagreements {
      for text in [disagreement.key, disagreement.spdx, disagreement.category] { string(text) }
      string(disagreement.reference.rawValue)
      string(disagreement.finding)
    }
    integer(verdict.nonFreeReferences.count)
    for fact in verdict.nonFreeReferences { self.fact(fact) }
    integer(verdict.differences.count)
    for quote in verdict.differences {
      string(quote.path)
      difference(quote.difference)
    }
    return true
  }
}

extension EntryReader {
  /// A count, then that many items read by `item`; `nil` when any is not whole.
  mutating func array<Item>(_ item: (inout EntryReader) -> Item?) -> [Item]? {
    guard let count = count() else { return nil }
    var items: [Item] = []
    items.reserveCapacity(count)
    for _ in 0..<count {
      guard let next = item(&self) else { return nil }
      items.append(next)
    }
    return items
  }

  mutating func fact() -> LicenseFact? {
    guard let spdx = string(), let key = string(), let osi = flag(), let fsf = flag(),
      let category = optionalString(), let coverage = double(), let start = integer(),
      let end = integer(), let restrictions = array({ $0.string() })
    else { return nil }
    return LicenseFact(
      spdx: spdx, key: key, isOSIApproved: osi, isFSFLibre: fsf, category: category,
      coverage: coverage, startLine: start, endLine: end, referenceRestrictions: restrictions)
  }

  mutating func difference() -> ReferenceDifference? {
    guard let key = string(), let spdx = string(), let coverage = double(),
      let added = hits(), let removed = array({ $0.string() })
    else { return nil }
    return ReferenceDifference(
      key: key, spdx: spdx, coverage: coverage, added: added, removed: removed)
  }

  /// A verdict of the file at `path` (see ``EntryWriter/verdict(_:path:)``).
  mutating func verdict(path filePath: String) -> Verdict? {
    guard let verdictClass = string().flatMap(VerdictClass.init(rawValue:)) else { return nil }
    var assessments: [FreedomAssessment] = []
    for _ in Freedom.allCases {
      guard let status = string().flatMap(FreedomStatus.init(rawValue:)),
        let because = array({ $0.string() })
      else { return nil }
      let evidence: [FreedomEvidence]
      if bytes[position...].first == 0x01 {
        // -1, zig-zag encoded: the previous freedom's evidence.
        position += 1
        guard let previous = assessments.last else { return nil }
        evidence = previous.evidence
      } else {
        guard
          let items = array({ reader -> FreedomEvidence? in
            guard let source = reader.string().flatMap(FreedomEvidence.Source.init(rawValue:)),
              let id = reader.string(), let path = reader.optionalString(),
              let start = reader.integer(), let end = reader.integer(), let text = reader.string()
            else { return nil }
            return FreedomEvidence(
              source: source, id: id, path: path ?? filePath, startLine: start, endLine: end,
              text: text)
          })
        else { return nil }
        evidence = items
      }
      assessments.append(FreedomAssessment(status: status, because: because, evidence: evidence))
    }
    guard let summary = string(), let explainedCount = count() else { return nil }
    var explanations: [Freedom: [QuotedClause]] = [:]
    for _ in 0..<explainedCount {
      guard let freedom = string().flatMap(Freedom.init(rawValue:)),
        let quotes = array({ reader -> QuotedClause? in
          guard let path = reader.string(), let hits = reader.hits(), hits.count == 1 else {
            return nil
          }
          return QuotedClause(path: path, hit: hits[0])
        })
      else { return nil }
      explanations[freedom] = quotes
    }
    guard
      let policies = array({ reader -> UnanalysedPolicy? in
        guard let reference = reader.string(), let path = reader.string(),
          let line = reader.integer()
        else { return nil }
        return UnanalysedPolicy(reference: reference, path: path, line: line)
      }),
      let families = families(),
      let disagreements = array({ reader -> ReferenceDisagreement? in
        guard let key = reader.string(), let spdx = reader.string(),
          let category = reader.string(),
          let standing = reader.string().flatMap(ReferenceStanding.init(rawValue:)),
          let finding = reader.string()
        else { return nil }
        return ReferenceDisagreement(
          key: key, spdx: spdx, category: category, reference: standing, finding: finding)
      }),
      let nonFree = array({ $0.fact() }),
      let differences = array({ reader -> QuotedDifference? in
        guard let path = reader.string(), let difference = reader.difference() else {
          return nil
        }
        return QuotedDifference(path: path, difference: difference)
      })
    else { return nil }
    return Verdict(
      verdictClass: verdictClass,
      freedoms: FreedomAssessments(
        use: assessments[0], study: assessments[1], modify: assessments[2],
        share: assessments[3]),
      summary: summary, explanations: explanations, unanalysedPolicies: policies,
      families: families, disagreements: disagreements, differences: differences,
      nonFreeReferences: nonFree)
  }
}
