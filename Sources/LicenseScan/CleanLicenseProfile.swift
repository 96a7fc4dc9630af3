import LicenseText

/// What the clause catalog finds in each LicenseDB license text, computed once by
/// `licenselens index build`. The clean texts (no restrictive clause and no model-license
/// family) are not scanned for clauses again where a file reproduces them verbatim (see
/// ``ClauseAnalysis/cleanLicenses``), which keeps clause detection cheap on license text; the
/// restrictive clause ids of the others tell where a near-copy differs from its reference in
/// a restriction (``ClauseAnalysis/referenceClauses``).
///
/// The profile records the corpus stamp of the index and the digest of the catalog it was
/// computed with; it applies only while both are unchanged.
public struct CleanLicenseProfile: Sendable, Equatable {
  /// The corpus stamp of the index the profile belongs to.
  public var corpusStamp: String
  /// ``ClauseAnalysis/catalogDigest`` of the catalog it was computed with.
  public var catalogDigest: String
  /// The clean LicenseDB keys, each with the benign and grant clause ids found in its text
  /// (such as `meta.rights-grant`, which the verdict uses).
  public var licenses: [String: [String]]
  /// Where each clean text states those clauses (keys with at least one).
  public var places: [String: ReferencePlaces]
  /// The other keys, each with the restrictive clause ids of its text (`family:ID` for a
  /// model-license family, `scan-issue` when a pattern gave up).
  public var restricted: [String: [String]]
  /// Whether the LicenseDB rules (notices, references, tags) were profiled too; when they
  /// were, every rule not in ``restrictedRules`` has a clean text.
  public var rulesProfiled: Bool
  /// Rules whose text has a restrictive clause, a family or a scan issue.
  public var restrictedRules: Set<String>

  /// The first line of a profile file.
  public static let header = "licenselens clean-license profile 7"

  /// Creates a profile.
  public init(
    corpusStamp: String, catalogDigest: String, licenses: [String: [String]],
    places: [String: ReferencePlaces] = [:], restricted: [String: [String]] = [:],
    rulesProfiled: Bool = false, restrictedRules: Set<String> = []
  ) {
    self.corpusStamp = corpusStamp
    self.catalogDigest = catalogDigest
    self.licenses = licenses
    self.places = places
    self.restricted = restricted
    self.rulesProfiled = rulesProfiled
    self.restrictedRules = restrictedRules
  }

  /// Scans every license text (and every rule text, when `rules` is given) with `analysis`
  /// and sorts the clean ones from the others.
  public static func compute(
    licenses: [(key: String, text: String)], rules: [(identifier: String, text: String)]? = nil,
    analysis: ClauseAnalysis, corpusStamp: String
  ) -> CleanLicenseProfile {
    var clean: [String: [String]] = [:]
    var places: [String: ReferencePlaces] = [:]
    var restricted: [String: [String]] = [:]
    for (key, text) in licenses where !text.isEmpty {
      let found = analysis.referenceFindingsPlaced(text: text)
      if found.restrictive.isEmpty {
        clean[key] = found.benign
        if !found.benign.isEmpty { places[key] = found.places }
      } else {
        restricted[key] = found.restrictive
      }
    }
    var restrictedRules: Set<String> = []
    for (identifier, text) in rules ?? []
    where !text.isEmpty && !analysis.referenceFindings(text: text).restrictive.isEmpty {
      restrictedRules.insert(identifier)
    }
    return CleanLicenseProfile(
      corpusStamp: corpusStamp, catalogDigest: analysis.catalogDigest, licenses: clean,
      places: places, restricted: restricted, rulesProfiled: rules != nil,
      restrictedRules: restrictedRules)
  }

  /// The file text: the header, `corpus STAMP`, `catalog DIGEST`, then one line per license:
  /// its key, a tab, the benign clause ids of a clean text separated by commas (then, when
  /// it has any, a tab and their ``ReferencePlaces``), and for a text that is not clean an
  /// empty field, a tab and its restrictive clause ids; when the rules were
  /// profiled, a line `@rules` and one line `@IDENTIFIER` per restricted rule; last, a line
  /// `checksum HEX`, the ``LicenseText/Checksum64`` of every line before it, so that a
  /// damaged profile is never trusted (a fast checksum: the file is read at every start).
  public var encoded: String {
    let clean = licenses.map { key, ids in
      let placed = places[key].map { "\t" + $0.encoded(ids: ids) } ?? ""
      return (key, "\(key)\t\(ids.joined(separator: ","))\(placed)")
    }
    let others = restricted.map {
      ($0.key, "\($0.key)\t\t\($0.value.joined(separator: ","))")
    }
    let entries =
      (clean + others).sorted { $0.0 < $1.0 }.map(\.1)
      + (rulesProfiled ? ["@rules"] + restrictedRules.sorted().map { "@" + $0 } : [])
    let body =
      ([Self.header, "corpus \(corpusStamp)", "catalog \(catalogDigest)"] + entries)
      .joined(separator: "\n") + "\n"
    return body + Self.checksumPrefix + Self.checksum(Array(body.utf8)) + "\n"
  }

  /// What starts the last line of a profile file.
  static let checksumPrefix = "checksum "

  /// The checksum of `bytes` in lowercase hex, 16 digits.
  static func checksum(_ bytes: some Collection<UInt8>) -> String {
    let value =
      bytes.withContiguousStorageIfAvailable { Checksum64.of(UnsafeRawBufferPointer($0)) }
      ?? Checksum64.of(Array(bytes))
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// The lines of `bytes` before its checksum line, when that line is their checksum.
  static func verifiedBody(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
    guard bytes.last == UInt8(ascii: "\n") else { return nil }
    let content = bytes.dropLast()
    guard let lastBreak = content.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
    let line = String(decoding: content[(lastBreak + 1)...], as: UTF8.self)
    let body = bytes[..<(lastBreak + 1)]
    let digest = checksum(body)
    guard line.hasPrefix(checksumPrefix), line.dropFirst(checksumPrefix.count) == digest else {
      return nil
    }
    return body
  }

  /// Reads a profile file's text; `nil` when it is not one, is of an older format, or is
  /// damaged (its checksum line does not match).
  public init?(encoded text: String) {
    // Bytes, not Characters: String's split, and even the generic split of a UTF-8 view, are
    // several times slower here (this runs at every start).
    guard let body = Self.verifiedBody(Array(text.utf8)) else { return nil }
    func string(_ bytes: ArraySlice<UInt8>) -> String {
      String(decoding: bytes, as: UTF8.self)
    }
    let newline = UInt8(ascii: "\n")
    let tab = UInt8(ascii: "\t")
    var lines: [ArraySlice<UInt8>] = []
    lines.reserveCapacity(body.count / 32)
    var lineStart = body.startIndex
    while lineStart < body.endIndex {
      let lineEnd = body[lineStart...].firstIndex(of: newline) ?? body.endIndex
      if lineEnd > lineStart { lines.append(body[lineStart..<lineEnd]) }
      lineStart = lineEnd + 1
    }
    guard lines.count >= 3, string(lines[0]) == Self.header else { return nil }
    let corpus = string(lines[1])
    let catalog = string(lines[2])
    guard corpus.hasPrefix("corpus "), catalog.hasPrefix("catalog ") else { return nil }
    var licenses: [String: [String]] = [:]
    var places: [String: ReferencePlaces] = [:]
    var restricted: [String: [String]] = [:]
    var rulesProfiled = false
    var restrictedRules: Set<String> = []
    licenses.reserveCapacity(lines.count)
    // Lists of clause ids, by their text: most lines repeat one of a few dozen lists.
    var lists: [String: [String]] = [:]
    func ids(_ field: ArraySlice<UInt8>) -> [String] {
      guard !field.isEmpty else { return [] }
      let text = string(field)
      if let known = lists[text] { return known }
      let parsed = field.split(separator: UInt8(ascii: ",")).map(string)
      lists[text] = parsed
      return parsed
    }
    for line in lines.dropFirst(3) {
      if line.first == UInt8(ascii: "@") {
        let name = string(line.dropFirst())
        if name == "rules" { rulesProfiled = true } else { restrictedRules.insert(name) }
        continue
      }
      // KEY, tab, benign ids (and a tab and their places); for a text that is not clean,
      // an empty field, a tab and its ids.
      guard let firstTab = line.firstIndex(of: tab) else {
        licenses[string(line)] = []
        continue
      }
      let key = string(line[..<firstTab])
      let rest = line[(firstTab + 1)...]
      guard let secondTab = rest.firstIndex(of: tab) else {
        licenses[key] = ids(rest)
        continue
      }
      if secondTab == rest.startIndex {
        restricted[key] = ids(rest[(secondTab + 1)...])
      } else {
        let found = ids(rest[..<secondTab])
        licenses[key] = found
        guard let placed = ReferencePlaces(encoded: rest[(secondTab + 1)...], ids: found) else {
          return nil
        }
        places[key] = placed
      }
    }
    self.init(
      corpusStamp: String(corpus.dropFirst("corpus ".count)),
      catalogDigest: String(catalog.dropFirst("catalog ".count)), licenses: licenses,
      places: places, restricted: restricted, rulesProfiled: rulesProfiled,
      restrictedRules: restrictedRules)
  }

  /// Whether the profile was computed for the index with `corpusStamp` and the catalog with
  /// `catalogDigest`.
  public func applies(corpusStamp: String, catalogDigest: String) -> Bool {
    self.corpusStamp == corpusStamp && self.catalogDigest == catalogDigest
  }
}

extension ClauseAnalysis {
  /// Uses `profile`: its clean licenses, the restrictive clauses of the other references, and
  /// the restricted rules when it profiled the rules.
  public mutating func use(_ profile: CleanLicenseProfile) {
    cleanLicenses = profile.licenses
    cleanPlaces = profile.places
    referenceClauses = profile.restricted
    if profile.rulesProfiled { restrictedRules = profile.restrictedRules }
  }

  /// Reads the profile at `path` and uses it when it was computed for the index with
  /// `corpusStamp` and this catalog; returns whether it did (a missing, unreadable, damaged
  /// or older profile only costs speed).
  @discardableResult
  public mutating func useProfile(at path: String, corpusStamp: String) -> Bool {
    guard case .bytes(let bytes) = FileReader.read(path),
      let profile = CleanLicenseProfile(encoded: String(decoding: bytes, as: UTF8.self)),
      profile.applies(corpusStamp: corpusStamp, catalogDigest: catalogDigest)
    else { return false }
    use(profile)
    return true
  }
}
