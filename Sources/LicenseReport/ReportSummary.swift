/// The figures of a report, gathered one record at a time with bounded state: totals, counts
/// by license, family, OSI status, LicenseDB category, verdict class and clause, the model
/// repositories, and the files with findings. Scans (``HTMLWriter``) and `licenselens report`
/// (JSON Lines read back) both feed it ``ReportEntry`` values.
///
/// Every license count counts a file once per distinct license id in it, so the counts by id,
/// by family, by OSI status and by category have the same sum. Only ``modelLimit`` models and
/// ``rowLimit`` files with findings are kept (the rest are counted), and each tally keeps at
/// most 4,096 keys.
public struct ReportSummary: Sendable {
  /// A file with findings: restrictive clauses, licenses that are not OSI-approved, errors.
  public struct FindingRow: Sendable, Equatable {
    /// The path as scanned.
    public var path: String
    /// The verdict class, or `nil`.
    public var verdictClass: String?
    /// The distinct license ids of the file.
    public var licenses: [String]
    /// The restrictive clauses.
    public var clauses: [ClauseItem]
    /// The license ids that are not OSI-approved.
    public var nonOSI: [String]
    /// Why the file could not be read.
    public var errors: [String]
    /// Items left out of this row's lists (each list keeps ``itemLimit``).
    public var itemsLeftOut: Int
  }

  /// A restrictive clause in a row of the file table.
  public struct ClauseItem: Sendable, Equatable {
    /// The clause id with its lines: `use.mau-threshold:32` or `use.aup-prohibited-uses:19-20`.
    public var label: String
    /// The start of the quoted sentence (at most ``quoteLimit`` characters).
    public var quote: String
  }

  /// The longest quote kept of a clause, in characters.
  public static let quoteLimit = 160
  /// The most items kept per list in one row.
  public static let itemLimit = 12
  /// The longest text kept of an error or open-washing detail, in characters.
  public static let textLimit = 400

  /// The most model repositories kept.
  public let modelLimit: Int
  /// The most files with findings kept.
  public let rowLimit: Int

  /// File records.
  public private(set) var files = 0
  /// Files that could not be read.
  public private(set) var errors = 0
  /// Files read but not scanned (binary, links, too large, weights).
  public private(set) var skipped = 0
  /// The sum of the files' sizes.
  public private(set) var bytes = 0
  /// Files with at least one license.
  public private(set) var filesWithLicenses = 0
  /// Files with regions that enumerate licenses (none of them reported as the file's).
  public private(set) var filesWithLicenseLists = 0
  /// Files with weak signs of licenses (clues), which are not reported as licenses.
  public private(set) var filesWithClues = 0
  /// Files with restrictive clauses, licenses that are not OSI-approved, or errors.
  public private(set) var filesWithFindings = 0
  /// Model records.
  public private(set) var models = 0
  /// Files per license id.
  public private(set) var licenses = Tally()
  /// Files per license family (``LicenseFamily``).
  public private(set) var families = Tally()
  /// Files per license, by OSI status (`OSI-approved`, `not OSI-approved`).
  public private(set) var osiStatus = Tally()
  /// Files per license, by LicenseDB category (`none` for fingerprints).
  public private(set) var categories = Tally()
  /// Files per verdict class (`none` for files without a verdict).
  public private(set) var verdictClasses = Tally()
  /// Occurrences of each clause id in files.
  public private(set) var clauses = Tally()
  /// Models per OSAID outcome.
  public private(set) var osaidOutcomes = Tally()
  /// Open-washing findings per kind.
  public private(set) var openWashingKinds = Tally()
  /// The first ``modelLimit`` models.
  public private(set) var modelRows: [ReportEntry.ModelFacts] = []
  /// The first ``rowLimit`` files with findings.
  public private(set) var findingRows: [FindingRow] = []
  /// The folder that every path so far lies in (ending in `/`), `""` when they share none,
  /// `nil` before the first record; the tables show paths below it.
  public private(set) var commonFolder: String?
  /// Lines of the input that were not scan records (`licenselens report` only).
  public private(set) var malformedLines = 0
  /// The numbers of the first 20 of those lines.
  public private(set) var malformedLineNumbers: [Int] = []

  /// Models beyond ``modelLimit``.
  public var modelsLeftOut: Int { models - modelRows.count }
  /// Files with findings beyond ``rowLimit``.
  public var rowsLeftOut: Int { filesWithFindings - findingRows.count }

  /// The names of the OSI statuses.
  public static let osiApproved = "OSI-approved"
  /// See ``osiApproved``.
  public static let notOSIApproved = "not OSI-approved"
  /// The key of files without a verdict, and of licenses without a category.
  public static let none = "none"

  /// Creates an empty summary.
  public init(modelLimit: Int = 2_000, rowLimit: Int = 5_000) {
    self.modelLimit = modelLimit
    self.rowLimit = rowLimit
  }

  /// Adds one record.
  public mutating func add(_ entry: ReportEntry) {
    switch entry {
    case .file(let file):
      notePath(file.path)
      add(file)
    case .model(let model):
      notePath(model.path)
      add(model)
    }
  }

  /// Shortens ``commonFolder`` to the folder that holds `path` too.
  private mutating func notePath(_ path: String) {
    let folder = commonFolder ?? path
    guard commonFolder == nil || !path.hasPrefix(folder) else { return }
    let shared = zip(folder.utf8, path.utf8).prefix { $0 == $1 }.count
    let bytes = Array(folder.utf8.prefix(commonFolder == nil ? folder.utf8.count : shared))
    let end = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
    commonFolder = String(decoding: bytes[..<end], as: UTF8.self)
  }

  /// Notes that line `number` of the input was not a scan record and was skipped.
  public mutating func skipMalformedLine(_ number: Int) {
    malformedLines += 1
    if malformedLineNumbers.count < 20 { malformedLineNumbers.append(number) }
  }

  private mutating func add(_ file: ReportEntry.FileFacts) {
    files += 1
    if !file.errors.isEmpty { errors += 1 }
    if file.skipped != nil { skipped += 1 }
    if file.licenseLists > 0 { filesWithLicenseLists += 1 }
    if file.clues > 0 { filesWithClues += 1 }
    bytes += max(0, file.size ?? 0)
    verdictClasses.add(file.verdictClass ?? Self.none)
    var distinct: [ReportEntry.LicenseFact] = []
    for license in file.licenses where !distinct.contains(where: { $0.id == license.id }) {
      distinct.append(license)
    }
    if !distinct.isEmpty { filesWithLicenses += 1 }
    var familiesSeen: Set<String> = []
    for license in distinct {
      licenses.add(license.id)
      familiesSeen.insert(LicenseFamily.of(license.id))
      osiStatus.add(license.osiApproved ? Self.osiApproved : Self.notOSIApproved)
      categories.add(license.category ?? Self.none)
    }
    for family in familiesSeen { families.add(family) }
    for clause in file.clauses { clauses.add(clause.id) }
    let nonOSI = distinct.filter { !$0.osiApproved }.map(\.id)
    guard !file.clauses.isEmpty || !nonOSI.isEmpty || !file.errors.isEmpty else { return }
    filesWithFindings += 1
    guard findingRows.count < rowLimit else { return }
    let clauseItems = file.clauses.prefix(Self.itemLimit).map { clause in
      ClauseItem(
        label: clause.id
          + (clause.startLine.map { start in ":\(Self.span(start, clause.endLine))" } ?? ""),
        quote: Self.shortened(clause.text, to: Self.quoteLimit))
    }
    let counts = [distinct.count, file.clauses.count, nonOSI.count, file.errors.count]
    let leftOut = counts.reduce(0) { $0 + max(0, $1 - Self.itemLimit) }
    findingRows.append(
      FindingRow(
        path: file.path, verdictClass: file.verdictClass,
        licenses: distinct.prefix(Self.itemLimit).map(\.id), clauses: clauseItems,
        nonOSI: Array(nonOSI.prefix(Self.itemLimit)),
        errors: file.errors.prefix(Self.itemLimit).map { Self.shortened($0) },
        itemsLeftOut: leftOut))
  }

  private mutating func add(_ model: ReportEntry.ModelFacts) {
    models += 1
    osaidOutcomes.add(model.osaid ?? "unknown")
    for finding in model.openWashing { openWashingKinds.add(finding.kind) }
    guard modelRows.count < modelLimit else { return }
    var kept = model
    kept.openWashing = model.openWashing.prefix(Self.itemLimit).map {
      ReportEntry.OpenWashingFact(kind: $0.kind, detail: Self.shortened($0.detail))
    }
    modelRows.append(kept)
  }

  private static func span(_ start: Int, _ end: Int?) -> String {
    guard let end, end != start else { return "\(start)" }
    return "\(start)-\(end)"
  }

  /// `text` cut to `limit` characters, with an ellipsis when cut.
  static func shortened(_ text: String, to limit: Int = textLimit) -> String {
    text.utf8.count <= limit || text.count <= limit ? text : String(text.prefix(limit)) + "…"
  }
}
