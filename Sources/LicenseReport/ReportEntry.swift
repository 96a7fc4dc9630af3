/// What the summary of a report needs from one record, whether it comes from a scan in progress
/// (``init(_:)``) or from a line of JSON Lines read back (``init(json:)``): the same facts
/// either way, so both reports are made by one aggregator (``ReportSummary``).
public enum ReportEntry: Sendable, Equatable {
  /// One file's facts.
  case file(FileFacts)
  /// One model repository's facts.
  case model(ModelFacts)

  /// One license of a file.
  public struct LicenseFact: Sendable, Equatable {
    /// The SPDX id or `LicenseRef-…`.
    public var id: String
    /// Whether the OSI approved it.
    public var osiApproved: Bool
    /// The LicenseDB category; `nil` for fingerprints.
    public var category: String?

    /// Creates a fact.
    public init(id: String, osiApproved: Bool, category: String?) {
      self.id = id
      self.osiApproved = osiApproved
      self.category = category
    }
  }

  /// One restrictive clause of a file.
  public struct ClauseFact: Sendable, Equatable {
    /// The clause id, such as `use.mau-threshold`.
    public var id: String
    /// Its first line.
    public var startLine: Int?
    /// Its last line.
    public var endLine: Int?
    /// The quoted sentence.
    public var text: String

    /// Creates a fact.
    public init(id: String, startLine: Int?, endLine: Int?, text: String = "") {
      self.id = id
      self.startLine = startLine
      self.endLine = endLine
      self.text = text
    }
  }

  /// A file's facts.
  public struct FileFacts: Sendable, Equatable {
    /// The path as scanned.
    public var path: String
    /// Size in bytes, when known.
    public var size: Int?
    /// The licenses, in the order of the `licenses` array.
    public var licenses: [LicenseFact]
    /// The restrictive clauses.
    public var clauses: [ClauseFact]
    /// The verdict class; `nil` when the file has no verdict.
    public var verdictClass: String?
    /// Why the file was not scanned, when it was not.
    public var skipped: String?
    /// Why it could not be read.
    public var errors: [String]
    /// The regions that enumerate licenses (`license_lists`).
    public var licenseLists: Int
    /// The weak signs of licenses (`clues`).
    public var clues: Int

    /// Creates facts.
    public init(
      path: String, size: Int? = nil, licenses: [LicenseFact] = [], clauses: [ClauseFact] = [],
      verdictClass: String? = nil, skipped: String? = nil, errors: [String] = [],
      licenseLists: Int = 0, clues: Int = 0
    ) {
      self.path = path
      self.size = size
      self.licenses = licenses
      self.clauses = clauses
      self.verdictClass = verdictClass
      self.skipped = skipped
      self.errors = errors
      self.licenseLists = licenseLists
      self.clues = clues
    }
  }

  /// An open-washing finding of a model.
  public struct OpenWashingFact: Sendable, Equatable {
    /// The kind, such as `declared-vs-found`.
    public var kind: String
    /// What is wrong, in a sentence.
    public var detail: String

    /// Creates a fact.
    public init(kind: String, detail: String) {
      self.kind = kind
      self.detail = detail
    }
  }

  /// A model repository's facts.
  public struct ModelFacts: Sendable, Equatable {
    /// The repository's folder.
    public var path: String
    /// `ORG/NAME@REV` for a hub-cache snapshot.
    public var id: String?
    /// The system's verdict class.
    public var verdictClass: String?
    /// The OSAID 1.0 outcome.
    public var osaid: String?
    /// The MOF class.
    public var mofClass: String?
    /// What the card declares.
    public var declared: String?
    /// What the governing files are.
    public var found: String?
    /// Open-washing findings.
    public var openWashing: [OpenWashingFact]

    /// Creates facts.
    public init(
      path: String, id: String? = nil, verdictClass: String? = nil, osaid: String? = nil,
      mofClass: String? = nil, declared: String? = nil, found: String? = nil,
      openWashing: [OpenWashingFact] = []
    ) {
      self.path = path
      self.id = id
      self.verdictClass = verdictClass
      self.osaid = osaid
      self.mofClass = mofClass
      self.declared = declared
      self.found = found
      self.openWashing = openWashing
    }
  }
}
