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
/// license-like only around the licenses found, see ``regions(nameKind:identification:text:)``),
/// and not again over verbatim copies of license texts known to be clean (``cleanLicenses``),
/// so that it adds little to a scan.
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
  /// LicenseDB keys whose reference text has restrictive clauses (or a family), with those
  /// clause ids: a file that matches such a text at less than full coverage is compared with
  /// them (see ``differences(_:scan:)``).
  public var referenceClauses: [String: [String]] = [:]
  /// SPDX ids the FSF lists as free (`fsf-libre.txt` of the fetched corpus): evidence like the
  /// OSI flag.
  public var fsfLibre: Set<String> = []

  /// Creates the stage from a loaded catalog and fingerprints.
  public init(scanner: ClauseScanner, families: FamilyDetector, catalogDigest: String = "") {
    self.scanner = scanner
    self.families = families
    self.catalogDigest = catalogDigest
  }

  /// Loads the clause catalog and the family fingerprints.
  public static func load(clauses: URL, families: URL) throws -> ClauseAnalysis {
    ClauseAnalysis(
      scanner: ClauseScanner(catalog: try ClauseCatalog.load(directory: clauses)),
      families: try FamilyDetector.load(directory: families),
      catalogDigest: digest(of: [clauses, families]))
  }

  /// SHA-256 over the names and contents of the YAML files of `directories`, in order.
  static func digest(of directories: [URL]) -> String {
    var bytes: [UInt8] = []
    for directory in directories {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        bytes += Array(name.utf8) + [0]
        bytes +=
          (try? Data(contentsOf: directory.appendingPathComponent(name))).map(Array.init)
          ?? []
        bytes.append(0)
      }
    }
    return bytes.withUnsafeBytes { FileDigest.sha256Hex($0) }
  }

  /// What the catalog finds in a reference license text: its benign and grant clause ids,
  /// and its restrictive clause ids (with `family:ID` for each model-license family and
  /// `scan-issue` when a pattern gave up). The text is clean when `restrictive` is empty.
  public func referenceFindings(text: String) -> (benign: [String], restrictive: [String]) {
    let prepared = ClauseText(text)
    let scan = scanner.scan(prepared)
    var seen: Set<String> = []
    let benign = (scan.benign + scan.grants).map(\.id).filter { seen.insert($0).inserted }
    var restrictive = scan.hits.map(\.id).filter { seen.insert($0).inserted }
    restrictive += families.detect(in: prepared).map { "family:\($0.id)" }
    if !scan.issues.isEmpty { restrictive.append("scan-issue") }
    return (benign, restrictive)
  }

  /// Runs the stages on the decoded `text` of the file `result` describes: sets its
  /// fingerprints, evidence and verdict, and removes from its identification the unknown
  /// matches a fingerprint explains (adding the fingerprints' ids to the expression).
  public func analyse(
    _ result: inout FileScanResult, text: [UInt8], cache: ContentCache<Findings>? = nil
  ) {
    let path = result.path
    let identification = result.identification
    let nameKind = DocumentKind.infer(fileName: path)
    // The findings depend on the content (and so its identification) and the kind of name.
    let key = result.sha256.map { "\($0) \(nameKind.rawValue)" }
    let findings: Findings
    if let key, let known = cache?.value(forKey: key) {
      findings = known
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
        licenses: [terms], expression: LicenseInfo.unknown.spdx)
    }
    let facts = Self.facts(result.identification.licenses, fsfLibre: fsfLibre)
    let kind: DocumentKind
    if nameKind != .other {
      kind = nameKind
    } else if findings.readsAsLicense && facts.isEmpty {
      kind = .license
    } else {
      kind = DocumentKind.infer(fileName: "", families: found)
    }
    let hasVerdict =
      !facts.isEmpty || !found.isEmpty || !scan.hits.isEmpty || scan.grantsRights
      || (findings.scanned && (kind == .license || kind == .policy))
    guard hasVerdict else { return }
    let evidence = DocumentEvidence(
      path: path, kind: kind, licenses: facts, scan: scan, families: found,
      differences: differences(result.identification, scan: scan))
    result.evidence = evidence
    result.verdict = VerdictEngine.verdict(for: evidence)
  }

  /// The reference texts this file resembles (an n-gram match of a license's own text at
  /// less than full coverage, or with inserted words) but differs from in a restriction: a
  /// restrictive clause inside the match that the reference text lacks, or one of the
  /// reference's restrictive clauses that the file lacks. Reads the reference profile
  /// (``cleanLicenses`` and ``referenceClauses``); without one, only restrictions added to a
  /// license not filed as non-free are found.
  public func differences(_ identification: IdentificationResult, scan: ClauseScan)
    -> [ReferenceDifference]
  {
    identification.licenses.compactMap { match in
      guard match.kind == .ngram, match.rule == match.license.key,
        match.coverage < 1 || match.unmatchedTokens > 0
      else { return nil }
      let reference: Set<String>
      if let ids = referenceClauses[match.rule] {
        reference = Set(ids.filter { !$0.contains(":") && $0 != "scan-issue" })
      } else if cleanLicenses[match.rule] != nil {
        reference = []
      } else if cleanLicenses.isEmpty && referenceClauses.isEmpty
        && !LicenseFact.nonFreeCategories.contains(match.license.category.lowercased())
      {
        // No profile: a license the reference data does not file as non-free is taken to
        // have no restriction of its own, so any restriction inside the match is added.
        reference = []
      } else {
        return nil
      }
      let inside = scan.hits.filter {
        $0.endLine >= match.startLine && $0.startLine <= match.endLine
      }
      let added = inside.filter { !reference.contains($0.id) }
      let present = Set(inside.map(\.id))
      let removed = reference.filter { !present.contains($0) }.sorted()
      guard !added.isEmpty || !removed.isEmpty else { return nil }
      return ReferenceDifference(
        key: match.license.key, spdx: match.license.spdx, coverage: match.coverage,
        added: added, removed: removed)
    }
  }

  /// What the clause stage found in one content, read as a file whose name is of one kind.
  public struct Findings: Sendable {
    /// Whether the clause scanner ran (see ``shouldScanClauses(nameKind:identification:text:)``).
    public var scanned: Bool
    /// The clauses found, with the benign ones of verbatim clean texts.
    public var scan: ClauseScan
    /// The model-license families whose fingerprints were found.
    public var families: [FamilyMatch]
    /// Whether a file whose name is not license-like reads as license terms by its content
    /// (``readsAsLicense(_:)``).
    public var readsAsLicense: Bool
  }

  /// Scans the decoded `text` of a file whose name is of kind `nameKind` and whose licenses
  /// are `identification`: its clauses and family fingerprints, where worth looking.
  public func findings(
    in text: [UInt8], path: String, nameKind: DocumentKind, identification: IdentificationResult
  ) -> Findings {
    let readsAsLicense =
      nameKind == .other && DocumentKind.isDocument(fileName: path)
      && text.withUnsafeBufferPointer { Self.readsAsLicense($0) }
    let scanned =
      readsAsLicense
      || text.withUnsafeBufferPointer {
        Self.shouldScanClauses(nameKind: nameKind, identification: identification, text: $0)
      }
    var scan = ClauseScan.empty
    var found: [FamilyMatch] = []
    if scanned {
      let verbatim = verbatimCleanMatches(identification)
      let regions =
        readsAsLicense
        ? nil : Self.regions(nameKind: nameKind, identification: identification, text: text)
      if let remaining = Self.keeping(text, regions: regions, without: verbatim) {
        let prepared = ClauseText(utf8: remaining)
        // Grant sentences are evidence in license documents only, and needed only where no
        // license the reference data files as free already covers the document.
        let needsGrants =
          (nameKind == .license || readsAsLicense)
          && !Self.freeReferenceCovers(identification, fsfLibre: fsfLibre)
        scan = scanner.scan(prepared, grants: needsGrants)
        found = families.detect(in: prepared)
      }
      let profiled = profileHits(verbatim)
      scan.benign = (scan.benign + profiled.filter { $0.severity == .benign }).sorted {
        ($0.startLine, $0.id) < ($1.startLine, $1.id)
      }
      scan.grants = (scan.grants + profiled.filter { $0.severity == .grant }).sorted {
        ($0.startLine, $0.id) < ($1.startLine, $1.id)
      }
    }
    return Findings(
      scanned: scanned, scan: scan, families: found, readsAsLicense: readsAsLicense)
  }

  /// Whether a license identified well enough to be evidence (coverage at least
  /// ``LicenseFact/evidenceCoverage``) that the reference data files as free is in the file:
  /// its reference then grants every freedom, and grant sentences add nothing.
  static func freeReferenceCovers(_ identification: IdentificationResult, fsfLibre: Set<String>)
    -> Bool
  {
    facts(identification.licenses, fsfLibre: fsfLibre).contains {
      $0.standing == .free && $0.coverage >= LicenseFact.evidenceCoverage
    }
  }

  // MARK: - When to scan

  /// The matches that reproduce a clean LicenseDB text verbatim: the text of the license
  /// itself (not a rule), found whole (exact, or n-gram with coverage at least 0.99) with no
  /// inserted word in the span, and listed in ``cleanLicenses``.
  func verbatimCleanMatches(_ identification: IdentificationResult) -> [LicenseMatch] {
    identification.licenses.filter { match in
      match.rule == match.license.key && cleanLicenses[match.rule] != nil
        && match.unmatchedTokens == 0
        && (match.kind == .exact || (match.kind == .ngram && match.coverage >= 0.99))
    }
  }

  /// The benign and grant clauses of the verbatim texts, from the profile (quoted by the
  /// license's name, over its span).
  func profileHits(_ verbatim: [LicenseMatch]) -> [ClauseHit] {
    verbatim.flatMap { match in
      (cleanLicenses[match.rule] ?? []).map { id in
        let rule = scanner.catalog.rule(id: id)?.definition
        return ClauseHit(
          id: id, freedoms: rule?.severity == .grant ? rule?.freedoms ?? [] : [],
          severity: rule?.severity == .grant ? .grant : .benign, startLine: match.startLine,
          endLine: match.endLine, text: match.license.name,
          explanation: rule?.rationale ?? "")
      }
    }
  }

  /// Lines of context kept around the licenses found in a file whose name is not license-like.
  public static let contextLines = 20

  /// The line ranges worth scanning in a file whose name is not license-like (a README, a
  /// source file): the licenses found in it (not tags) with ``contextLines`` lines around
  /// them, unless the file uses model-license vocabulary (``triggerLiterals``) anywhere.
  /// `nil` means the whole file.
  static func regions(
    nameKind: DocumentKind, identification: IdentificationResult, text: [UInt8]
  ) -> [ClosedRange<Int>]? {
    let found = identification.licenses.filter { $0.kind != .tag }
    guard nameKind == .other, !found.isEmpty else { return nil }
    let regions = found.map {
      max(1, $0.startLine - contextLines)...($0.endLine + contextLines)
    }.sorted { $0.lowerBound < $1.lowerBound }
    // Regions that already cover every line (a license text with a few lines around it).
    var covered = 0
    for region in regions where region.lowerBound <= covered + 1 {
      covered = max(covered, region.upperBound)
    }
    if covered >= lineCount(text) { return nil }
    let vocabulary = text.withUnsafeBufferPointer { triggerLiterals.occurs(in: $0) }
    return vocabulary ? nil : regions
  }

  /// The number of lines of `text` by the ``LineBreaks`` rule, as the tokenizer numbers them
  /// (a final line without a line break counts; so does the empty one after a final break).
  static func lineCount(_ text: [UInt8]) -> Int {
    text.withUnsafeBufferPointer { bytes in
      var count = 0
      for line in LineBreaks.lines(of: bytes) { count = line.number }
      return count
    }
  }

  /// `text` with every line outside `regions` (all lines when `nil`) or inside a `verbatim`
  /// match blanked (one line feed per line break, so line numbers stay), or `nil` when
  /// nothing is left.
  static func keeping(
    _ text: [UInt8], regions: [ClosedRange<Int>]?, without verbatim: [LicenseMatch]
  ) -> [UInt8]? {
    guard regions != nil || !verbatim.isEmpty else { return text }
    // Which lines to keep, decided once per region and match rather than once per line.
    let lines = lineCount(text)
    var keep = [Bool](repeating: regions == nil, count: lines + 1)
    func mark(_ first: Int, _ last: Int, _ value: Bool) {
      let low = max(1, first)
      let high = min(lines, last)
      if low <= high { for line in low...high { keep[line] = value } }
    }
    for region in regions ?? [] { mark(region.lowerBound, region.upperBound, true) }
    for match in verbatim { mark(match.startLine, match.endLine, false) }
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var left = false
    text.withUnsafeBufferPointer { bytes in
      for (line, range) in LineBreaks.lines(of: bytes) {
        if keep[line] {
          let content = bytes[range]
          output.append(contentsOf: content)
          left = left || content.contains { $0 != 0x20 && $0 != 0x09 }
        }
        if range.upperBound < bytes.count { output.append(0x0A) }
      }
    }
    return left ? output : nil
  }

  /// Model-license and use-policy vocabulary (lowercase): in a file with no identified
  /// license it makes the clause scan worth running; in a README or source file with one, it
  /// makes the whole file worth scanning rather than the licenses' surroundings.
  static let triggerLiterals = CaselessLiterals([
    "acceptable use", "prohibited use", "use policy", "terms of use", "non-commercial",
    "noncommercial", "licensed material", "model derivative",
  ])

  /// Wording that license terms use and other text rarely does (lowercase); a file in which
  /// ``licenseSignalThreshold`` distinct ones occur reads as license terms.
  static let licenseSignals = CaselessLiterals([
    "licensee", "licensor", "hereby grant", "grants you", "granted to you", "you may not",
    "royalty-free", "royalty free", "non-exclusive", "nonexclusive", "sublicens",
    "terms and conditions", "this agreement", "this license", "this licence",
    "derivative work", "redistribut", "warrant", "liabilit", "terminat",
    "permission is hereby", "intellectual property", "acceptable use", "prohibited use",
  ])

  /// Distinct ``licenseSignals`` a text must contain to read as license terms. Measured on
  /// the generated clean files (source code and prose: none reaches it) and the LicenseDB
  /// texts (see `tools/eval-categories --names plain`).
  public static let licenseSignalThreshold = 6

  /// Whether `text` reads as license terms by its content: it uses at least
  /// ``licenseSignalThreshold`` distinct kinds of license wording (grants, parties, conditions,
  /// warranty and liability, termination). One pass of a literal search. Asked of documents
  /// (``DocumentKind/isDocument(fileName:)``) whatever their name; source code that talks
  /// about licenses is not terms, and license headers in code are found by the matcher.
  public static func readsAsLicense(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    licenseSignals.distinctOccurrences(in: text, limit: licenseSignalThreshold)
      >= licenseSignalThreshold
  }

  /// Whether the clause scanner should run on a file: its name is license-like (`nameKind`,
  /// from ``DocumentKind/infer(fileName:families:)``: LICENSE, COPYING, NOTICE, TERMS,
  /// *POLICY*, *AUP*), the matcher found license text or a license notice in it (not only an
  /// `SPDX-License-Identifier` tag), or, when nothing was identified, the text contains
  /// model-license vocabulary (``triggerLiterals``, ASCII case-insensitive).
  public static func shouldScanClauses(
    nameKind: DocumentKind, identification: IdentificationResult, text: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    if nameKind != .other { return true }
    if identification.licenses.contains(where: { $0.kind != .tag }) { return true }
    if !identification.licenses.isEmpty { return false }
    return triggerLiterals.occurs(in: text)
  }

  // MARK: - Fingerprints and facts

  /// The unknown license of a license or policy file (by its name) in which the matcher
  /// found nothing, no model-license family was recognised, and the clause scan found terms:
  /// a grant of rights or a restrictive clause. A model's own license is license text even
  /// when no reference resembles it; reporting no license at all would read as "unlicensed".
  /// The match spans the file's first to last non-blank line.
  static func unnamedTerms(
    nameKind: DocumentKind, identification: IdentificationResult, findings: Findings,
    text: [UInt8]
  ) -> LicenseMatch? {
    guard nameKind == .license || nameKind == .policy, findings.scanned,
      identification.licenses.isEmpty, identification.expression == nil,
      findings.families.isEmpty, findings.scan.grantsRights || !findings.scan.hits.isEmpty,
      let lines = contentLines(text)
    else { return nil }
    return LicenseMatch(
      license: .unknown, startLine: lines.lowerBound, endLine: lines.upperBound, coverage: 0,
      score: 0, kind: .clauseScan, rule: "unknown")
  }

  /// The first and last lines of `text` (1-based, by the ``LineBreaks`` rule) that hold more
  /// than white space, or `nil` when none does.
  static func contentLines(_ text: [UInt8]) -> ClosedRange<Int>? {
    text.withUnsafeBufferPointer { bytes in
      var first: Int?
      var last = 0
      for (line, range) in LineBreaks.lines(of: bytes)
      where bytes[range].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0C }) {
        first = first ?? line
        last = line
      }
      return first.map { $0...last }
    }
  }

  /// The families whose lines the license database did not identify: fewer than half of the
  /// family's lines lie in matches of named licenses.
  static func unidentified(_ families: [FamilyMatch], by matches: [LicenseMatch]) -> [FamilyMatch] {
    let named = matches.filter { !$0.license.isVague }
    return families.filter { family in
      let lines = family.endLine - family.startLine + 1
      var covered = IndexSet()
      for match in named {
        let low = max(match.startLine, family.startLine)
        let high = min(match.endLine, family.endLine)
        if low <= high { covered.insert(integersIn: low...high) }
      }
      return covered.count * 2 < lines
    }
  }

  /// `identification` without the unknown matches that lie mostly inside a fingerprinted
  /// family, and with the fingerprints' ids joined to the expression with `AND`.
  static func merging(_ fingerprints: [FamilyMatch], into identification: IdentificationResult)
    -> IdentificationResult
  {
    guard !fingerprints.isEmpty else { return identification }
    let kept = identification.licenses.filter { match in
      guard match.license.key == LicenseInfo.unknown.key else { return true }
      let lines = match.endLine - match.startLine + 1
      let inside = fingerprints.map { family in
        max(0, min(match.endLine, family.endLine) - max(match.startLine, family.startLine) + 1)
      }.reduce(0, +)
      return inside * 2 < lines
    }
    var parts = identification.expression.map(topLevelConjuncts) ?? []
    if !kept.contains(where: { $0.license.key == LicenseInfo.unknown.key }) {
      parts.removeAll { $0 == LicenseInfo.unknown.spdx }
    }
    for family in fingerprints where !parts.contains(family.id) { parts.append(family.id) }
    let expression = parts.count <= 1 ? parts.first : parts.joined(separator: " AND ")
    return IdentificationResult(licenses: kept, expression: expression)
  }

  /// The parts of `expression` joined by a top-level `AND` (parenthesised parts kept whole).
  static func topLevelConjuncts(_ expression: String) -> [String] {
    var parts: [String] = []
    var depth = 0
    var current = ""
    var words = expression.split(separator: " ", omittingEmptySubsequences: true)[...]
    while let word = words.popFirst() {
      if depth == 0 && word == "AND" {
        parts.append(current)
        current = ""
        continue
      }
      depth += word.filter { $0 == "(" }.count - word.filter { $0 == ")" }.count
      current += current.isEmpty ? String(word) : " " + word
    }
    if !current.isEmpty { parts.append(current) }
    return parts
  }

  /// The named licenses as facts for the verdict, once per SPDX id.
  /// Each license's best-covered match is its fact; the unknown license text the clause
  /// stage reported has coverage 0.
  static func facts(_ matches: [LicenseMatch], fsfLibre: Set<String> = []) -> [LicenseFact] {
    var position: [String: Int] = [:]
    var facts: [LicenseFact] = []
    for match in matches where !match.license.isVague {
      let fact = LicenseFact(
        spdx: match.license.spdx, key: match.license.key,
        isOSIApproved: match.license.isOSIApproved,
        isFSFLibre: fsfLibre.contains(match.license.spdx), category: match.license.category,
        coverage: match.kind == .clauseScan ? 0 : match.coverage, startLine: match.startLine,
        endLine: match.endLine)
      if let index = position[fact.spdx] {
        if fact.coverage > facts[index].coverage { facts[index] = fact }
      } else {
        position[fact.spdx] = facts.count
        facts.append(fact)
      }
    }
    return facts
  }
}
