import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseReport
import LicenseText
import LicenseVerdict

/// The clause and verdict stages for one file: clause detection, family fingerprints, the
/// license facts, and the file's verdict, wired from the identification result.
///
/// Clause detection runs only where it can matter (see
/// ``shouldScanClauses(nameKind:identification:text:)``; in files whose name is not
/// license-like only around the licenses found, see ``regions(nameKind:identification:text:document:lines:)``
/// and ``termsRegions(identification:text:lines:)``),
/// and not again over verbatim copies of license texts known to be clean (``cleanLicenses``),
/// so that it adds little to a scan. License lists (``IdentificationResult/lists``) are not
/// scanned, and a file that is only lists gets no verdict.
public struct ClauseAnalysis: Sendable {
  /// The clause scanner (catalog of `license-corpus/clauses`).
  public let scanner: ClauseScanner
  /// The family fingerprints (`license-corpus/families`).
  public let families: FamilyDetector
  /// SHA-256 of the catalog and fingerprint files (names and contents), to tell whether a
  /// ``CleanLicenseProfile`` was computed with them.
  public let catalogDigest: String
  /// LicenseDB keys whose reference text has no restrictive clause and no family, with the
  /// benign clause ids of the text (from a ``CleanLicenseProfile`` computed with this
  /// catalog): the lines of a file that reproduce such a text verbatim are not scanned again,
  /// and the text's benign clauses are taken from here.
  public var cleanLicenses: [String: [String]] = [:]
  /// Where each clean reference text states those clauses, to quote them from a file that
  /// reproduces the text (from the same profile).
  public var cleanPlaces: [String: ReferencePlaces] = [:]
  /// LicenseDB keys whose reference text has restrictive clauses (or a family), with those
  /// clause ids: a file that matches such a text at less than full coverage is compared with
  /// them (see ``differences(_:scan:)``).
  public var referenceClauses: [String: [String]] = [:]
  /// LicenseDB rules (notices, references) whose text has a restrictive clause, from a
  /// profile that profiled the rules; `nil` when none did. The inner lines of a verbatim
  /// match of any other rule are not scanned again (see ``verbatimCleanLines(_:)``).
  public var restrictedRules: Set<String>?
  /// SPDX ids the FSF lists as free (`fsf-libre.txt` of the fetched corpus): evidence like the
  /// OSI flag.
  public var fsfLibre: Set<String> = []

  /// Creates the stage from a loaded catalog and fingerprints.
  public init(scanner: ClauseScanner, families: FamilyDetector, catalogDigest: String = "") {
    self.scanner = scanner
    self.families = families
    self.catalogDigest = catalogDigest
  }

  /// Loads the clause catalog and the family fingerprints: from the compiled catalog at
  /// `compiled` (see ``LicenseClauses/CompiledCatalog``) when it was compiled from these YAML
  /// files and is intact, otherwise from the YAML files.
  public static func load(clauses: URL, families: URL, compiled: String? = nil) throws
    -> ClauseAnalysis
  {
    try loadReporting(clauses: clauses, families: families, compiled: compiled).analysis
  }

  /// ``load(clauses:families:compiled:)``, with why the compiled catalog was not used (`nil`
  /// when it was, or when `compiled` is `nil`).
  public static func loadReporting(clauses: URL, families: URL, compiled: String?) throws
    -> (analysis: ClauseAnalysis, refusal: CompiledCatalog.Refusal?)
  {
    let source = CatalogSource(directories: [clauses, families])
    var refusal: CompiledCatalog.Refusal?
    if let compiled {
      if let bytes = FileManager.default.contents(atPath: compiled) {
        do {
          let loaded = try CompiledCatalog.decode(Array(bytes), sourceKey: source.key)
          return (
            ClauseAnalysis(
              scanner: ClauseScanner(catalog: loaded.catalog), families: loaded.families,
              catalogDigest: loaded.digest),
            nil
          )
        } catch {
          refusal = error
        }
      } else {
        refusal = .missing
      }
    }
    return (try fromYAML(clauses: clauses, families: families, source: source), refusal)
  }

  /// The catalog and fingerprints read from their YAML files, whose bytes `source` holds.
  private static func fromYAML(clauses: URL, families: URL, source: CatalogSource) throws
    -> ClauseAnalysis
  {
    ClauseAnalysis(
      scanner: ClauseScanner(catalog: try ClauseCatalog.load(directory: clauses)),
      families: try FamilyDetector.load(directory: families),
      catalogDigest: source.digest)
  }

  /// Loads the clause catalog and the family fingerprints from their YAML files, with the
  /// compiled catalog of them (see ``LicenseClauses/CompiledCatalog``); the bytes are `nil`
  /// when PCRE2 cannot serialize the patterns or a file changed while it was read.
  public static func compile(clauses: URL, families: URL) throws -> (
    analysis: ClauseAnalysis, compiled: [UInt8]?
  ) {
    let source = CatalogSource(directories: [clauses, families])
    let analysis = try fromYAML(clauses: clauses, families: families, source: source)
    guard CatalogSource(directories: [clauses, families]).bytes == source.bytes else {
      return (analysis, nil)
    }
    return (
      analysis,
      CompiledCatalog.encode(
        catalog: analysis.scanner.catalog, families: analysis.families, source: source)
    )
  }

  /// What the catalog finds in a reference license text: its benign and grant clause ids,
  /// and its restrictive clause ids (with `family:ID` for each model-license family and
  /// `scan-issue` when a pattern gave up). The text is clean when `restrictive` is empty.
  public func referenceFindings(text: String) -> (benign: [String], restrictive: [String]) {
    let found = referenceFindingsPlaced(text: text)
    return (found.benign, found.restrictive)
  }

  /// ``referenceFindings(text:)`` with where the text states each benign and grant clause.
  func referenceFindingsPlaced(text: String) -> (
    benign: [String], restrictive: [String], places: ReferencePlaces
  ) {
    let prepared = ClauseText(text)
    let scan = scanner.scan(prepared)
    var seen: Set<String> = []
    let stated = (scan.benign + scan.grants).filter { seen.insert($0.id).inserted }
    var restrictive = scan.hits.map(\.id).filter { seen.insert($0).inserted }
    restrictive += families.detect(in: prepared).map { "family:\($0.id)" }
    if !scan.issues.isEmpty { restrictive.append("scan-issue") }
    let places = ReferencePlaces(
      words: ReferencePlaces.wordLines(Array(text.utf8)),
      clauses: stated.map { (id: $0.id, lines: $0.startLine...$0.endLine) })
    return (stated.map(\.id), restrictive, places)
  }

  /// Runs the stages on the decoded `text` of the file `result` describes: sets its
  /// fingerprints, evidence and verdict, and removes from its identification the unknown
  /// matches a fingerprint explains (adding the fingerprints' ids to the expression).
  /// `known` are findings computed before for the same content and ``findingsContext(path:)``
  /// (from a ``ResultCache``); `context` is ``findingsContext(path:)`` of the result's path
  /// when the caller has it already. Returns the findings used; `nil` for a file that only
  /// enumerates licenses, which is not scanned.
  @discardableResult
  public func analyse(
    _ result: inout FileScanResult, text: [UInt8], cache: ContentCache<Findings>? = nil,
    known: Findings? = nil, context: String? = nil
  ) -> Findings? {
    let path = result.path
    let identification = result.identification
    // A file that only enumerates licenses grants none: no clause scan, no verdict.
    if identification.isOnlyLicenseLists { return nil }
    let nameKind = DocumentKind.infer(fileName: path)
    // The findings depend on the content (and so its identification) and on the path
    // through the kind of name and whether it names a document.
    let key = result.sha256.map { "\($0) \(context ?? Self.findingsContext(path: path))" }
    let findings: Findings
    if let known {
      findings = known
    } else if let key, let cached = cache?.value(forKey: key) {
      findings = cached
    } else {
      findings = self.findings(
        in: text, path: path, nameKind: nameKind, identification: identification)
      if let key { cache?.store(findings, forKey: key) }
    }
    let scan = findings.scan
    let found = findings.families
    result.fingerprints = Self.unidentified(found, by: identification.licenses)
    result.identification = Self.merging(result.fingerprints, into: identification)
    let termsKind = findings.readsAsLicense && nameKind == .other ? DocumentKind.license : nameKind
    if let terms = Self.unnamedTerms(
      nameKind: termsKind, identification: identification, findings: findings, text: text)
    {
      result.identification = IdentificationResult(
        licenses: [terms], expression: LicenseInfo.unknown.spdx, lists: identification.lists,
        clues: identification.clues)
    }
    let facts = Self.facts(
      result.identification.licenses, fsfLibre: fsfLibre, referenceClauses: referenceClauses)
    let kind: DocumentKind
    if nameKind != .other {
      kind = nameKind
    } else if facts.isEmpty
      && (findings.readsAsLicense
        || (!findings.licenseSections.isEmpty
          && (scan.grantsRights || !scan.grants.isEmpty || !scan.hits.isEmpty)))
    {
      // Terms by content, or a README's License section that grants or restricts something.
      kind = .license
    } else {
      kind = DocumentKind.infer(fileName: "", families: found)
    }
    let hasVerdict =
      !facts.isEmpty || !found.isEmpty || !scan.hits.isEmpty || scan.grantsRights
      || (findings.scanned && (kind == .license || kind == .policy))
    guard hasVerdict else { return findings }
    let evidence = DocumentEvidence(
      path: path, kind: kind, licenses: facts, scan: scan, families: found,
      differences: differences(result.identification, scan: scan))
    result.evidence = evidence
    result.verdict = VerdictEngine.verdict(for: evidence)
    return findings
  }

  /// What of a file's path its findings depend on: the kind of its name and whether it names
  /// a document (see ``findings(in:path:nameKind:identification:)``).
  public static func findingsContext(path: String) -> String {
    let nameKind = DocumentKind.infer(fileName: path)
    if nameKind == .other && DocumentKind.isContributorDocument(fileName: path) {
      return "contributor-document"
    }
    let document = nameKind == .other && DocumentKind.isDocument(fileName: path)
    return document ? "\(nameKind.rawValue)-document" : nameKind.rawValue
  }

  /// What the clause stage found in one content, read as a file whose name is of one kind.
  public struct Findings: Sendable, Equatable {
    /// Whether the clause scanner ran (see ``shouldScanClauses(nameKind:identification:text:)``).
    public var scanned: Bool
    /// The clauses found, with the benign ones of verbatim clean texts.
    public var scan: ClauseScan
    /// The model-license families whose fingerprints were found.
    public var families: [FamilyMatch]
    /// Whether a file whose name is not license-like reads as license terms by its content
    /// (``readsAsLicense(_:)``).
    public var readsAsLicense: Bool
    /// The License or Terms sections of a document that does not read as terms as a whole
    /// (``licenseSections(_:)``).
    public var licenseSections: [ClosedRange<Int>]
  }

  /// Scans the decoded `text` of a file whose name is of kind `nameKind` and whose licenses
  /// are `identification`: its clauses and family fingerprints, where worth looking.
  public func findings(
    in text: [UInt8], path: String, nameKind: DocumentKind, identification: IdentificationResult
  ) -> Findings {
    // A document for contributors (CONTRIBUTING, CODE_OF_CONDUCT, ...) holds no terms for
    // users: its rules bind contributors, so it gets no clause scan; its licenses alone judge it.
    if nameKind == .other && DocumentKind.isContributorDocument(fileName: path) {
      return Findings(
        scanned: false, scan: .empty, families: [], readsAsLicense: false, licenseSections: [])
    }
    let document = nameKind == .other && DocumentKind.isDocument(fileName: path)
    let readsAsLicense = document && text.withUnsafeBufferPointer { Self.readsAsLicense($0) }
    // A README or model card with a License or Terms section: the section is license text.
    let sections = document && !readsAsLicense ? Self.licenseSections(text) : []
    let wouldScan = text.withUnsafeBufferPointer {
      Self.shouldScanClauses(nameKind: nameKind, identification: identification, text: $0)
    }
    let scanned = readsAsLicense || wouldScan || !sections.isEmpty
    var scan = ClauseScan.empty
    var found: [FamilyMatch] = []
    if scanned {
      let verbatim = verbatimCleanMatches(identification)
      // The lines' ranges, read once for the regions and the lines kept, when either needs
      // them.
      var lineRanges: [Range<Int>]?
      func lines() -> [Range<Int>] {
        if let lineRanges { return lineRanges }
        let ranges = Self.lineRanges(text)
        lineRanges = ranges
        return ranges
      }
      let regions: [ClosedRange<Int>]?
      if readsAsLicense {
        regions = Self.termsRegions(identification: identification, text: text, lines: lines)
          .map { $0 + sections }
      } else if wouldScan {
        regions = Self.regions(
          nameKind: nameKind, identification: identification, text: text, document: document,
          lines: lines
        ).map { $0 + sections }
      } else {
        regions = sections
      }
      // License lists name licenses without granting any: their lines are not scanned.
      let lists = identification.lists.map { $0.startLine...$0.endLine }
      if let remaining = Self.keeping(
        text, regions: regions,
        without: verbatimCleanLines(identification, verbatim: verbatim) + lists, lines: lines)
      {
        let prepared = ClauseText(utf8: remaining)
        // Grant sentences are evidence in license documents only, and needed only where no
        // license the reference data files as free already covers the document.
        let needsGrants =
          (nameKind == .license || readsAsLicense || !sections.isEmpty)
          && !Self.freeReferenceCovers(identification, fsfLibre: fsfLibre)
        scan = scanner.scan(prepared, grants: needsGrants)
        // In source code, a comment beside a license but not part of it (the file's
        // description) holds terms only where it addresses the reader.
        if nameKind == .other, !document, !readsAsLicense, !scan.hits.isEmpty {
          let terms = Self.sourceTermsRegions(identification, text: text, lines: lines())
          // In a data or markup file, not even then: a JSON description's "sentence" runs
          // over its whole object ("granted to the licensee", a `user` enum value).
          let data = DocumentKind.isData(fileName: path)
          scan.hits.removeAll { hit in
            !terms.contains { $0.overlaps(hit.startLine...hit.endLine) }
              && (data || !Self.addressesReader(hit.text))
          }
        }
        found = families.detect(in: prepared)
      }
      let profiled = profileHits(verbatim, text: text, lines: lines)
      func merged(_ hits: [ClauseHit], _ severity: Severity) -> [ClauseHit] {
        (hits + profiled.filter { $0.severity == severity }).sorted {
          ($0.startLine, $0.id) < ($1.startLine, $1.id)
        }
      }
      scan.benign = merged(scan.benign, .benign)
      scan.grants = merged(scan.grants, .grant)
    }
    return Findings(
      scanned: scanned, scan: scan, families: found, readsAsLicense: readsAsLicense,
      licenseSections: sections)
  }
}
