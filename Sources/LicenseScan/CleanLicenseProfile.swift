/// The LicenseDB license texts in which the clause catalog finds no restrictive clause and no
/// model-license family, computed once by `licenselens index build`. A file that reproduces
/// one of these texts verbatim is not scanned for clauses again in those lines (see
/// ``ClauseAnalysis/cleanLicenses``), which keeps clause detection cheap on license text.
///
/// The profile records the corpus stamp of the index and the digest of the catalog it was
/// computed with; it applies only while both are unchanged.
public struct CleanLicenseProfile: Sendable, Equatable {
  /// The corpus stamp of the index the profile belongs to.
  public var corpusStamp: String
  /// ``ClauseAnalysis/catalogDigest`` of the catalog it was computed with.
  public var catalogDigest: String
  /// The clean LicenseDB keys, each with the benign clause ids found in its text (such as
  /// `meta.rights-grant`, which the verdict uses).
  public var licenses: [String: [String]]

  /// The first line of a profile file.
  public static let header = "licenselens clean-license profile 2"

  /// Creates a profile.
  public init(corpusStamp: String, catalogDigest: String, licenses: [String: [String]]) {
    self.corpusStamp = corpusStamp
    self.catalogDigest = catalogDigest
    self.licenses = licenses
  }

  /// Scans every license text with `analysis` and keeps the clean ones.
  public static func compute(
    licenses: [(key: String, text: String)], analysis: ClauseAnalysis, corpusStamp: String
  ) -> CleanLicenseProfile {
    var clean: [String: [String]] = [:]
    for (key, text) in licenses where !text.isEmpty {
      if let benign = analysis.benignIDsIfClean(text: text) { clean[key] = benign }
    }
    return CleanLicenseProfile(
      corpusStamp: corpusStamp, catalogDigest: analysis.catalogDigest, licenses: clean)
  }

  /// The file text: the header, `corpus STAMP`, `catalog DIGEST`, then one line per clean
  /// license: its key, a tab and its benign clause ids separated by commas.
  public var encoded: String {
    let entries = licenses.keys.sorted().map { "\($0)\t\(licenses[$0]!.joined(separator: ","))" }
    return ([Self.header, "corpus \(corpusStamp)", "catalog \(catalogDigest)"] + entries)
      .joined(separator: "\n") + "\n"
  }

  /// Reads a profile file's text; `nil` when it is not one (or an older format).
  public init?(encoded text: String) {
    // Split on bytes: String's Character-based split is several times slower here.
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"))
    func string(_ bytes: Substring.UTF8View.SubSequence) -> String {
      String(decoding: bytes, as: UTF8.self)
    }
    guard lines.count >= 3, string(lines[0]) == Self.header else { return nil }
    let corpus = string(lines[1])
    let catalog = string(lines[2])
    guard corpus.hasPrefix("corpus "), catalog.hasPrefix("catalog ") else { return nil }
    var licenses: [String: [String]] = [:]
    licenses.reserveCapacity(lines.count)
    for line in lines.dropFirst(3) {
      let fields = line.split(
        separator: UInt8(ascii: "\t"), maxSplits: 1, omittingEmptySubsequences: false)
      licenses[string(fields[0])] =
        fields.count > 1
        ? fields[1].split(separator: UInt8(ascii: ",")).map(string) : []
    }
    self.init(
      corpusStamp: String(corpus.dropFirst("corpus ".count)),
      catalogDigest: String(catalog.dropFirst("catalog ".count)), licenses: licenses)
  }

  /// Whether the profile was computed for the index with `corpusStamp` and the catalog with
  /// `catalogDigest`.
  public func applies(corpusStamp: String, catalogDigest: String) -> Bool {
    self.corpusStamp == corpusStamp && self.catalogDigest == catalogDigest
  }
}
