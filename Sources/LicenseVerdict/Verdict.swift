import LicenseClauses

/// The openness class of a license or of the set of documents that govern one model.
public enum VerdictClass: String, Codable, Sendable, CaseIterable {
  /// OSI-approved license, no blocking clause.
  case osiApprovedOpenSource = "osi-approved-open-source"
  /// Grants the four freedoms but is not on the OSI list.
  case openButNotOSIApproved = "open-but-not-osi-approved"
  /// Available, but with at least one blocking use, modify or share restriction.
  case restrictedOpenWeights = "restricted-open-weights"
  /// A blocking non-commercial or non-production restriction.
  case nonCommercial = "non-commercial"
  /// No recognisable grant of rights, or not a license.
  case proprietaryOrUnknown = "proprietary-or-unknown"
}

/// Whether a freedom survives the terms.
public enum FreedomStatus: String, Codable, Sendable {
  /// Evidence grants the freedom (a free reference license, or a grant sentence) and nothing
  /// takes it away.
  case granted
  /// A blocking clause takes the freedom away.
  case broken
  /// A caution clause, a policy that was not analysed, or a reference license filed as
  /// non-free may take it away.
  case atRisk = "at-risk"
  /// Nothing grants the freedom and nothing takes it away.
  case unknown
}

/// One piece of positive evidence that a freedom is granted.
public struct FreedomEvidence: Codable, Sendable, Hashable {
  /// Where the evidence comes from.
  public enum Source: String, Codable, Sendable {
    /// A license identified in the document that the reference data files as free.
    case reference
    /// A sentence of the document that grants the freedom.
    case grant
    /// Implied by the grant of another freedom (Study, by the grant to modify).
    case implied
  }
  /// Where the evidence comes from.
  public var source: Source
  /// The LicenseDB key (reference) or the grant rule id (grant, implied).
  public var id: String
  /// The file the evidence is in.
  public var path: String
  /// First line.
  public var startLine: Int
  /// Last line.
  public var endLine: Int
  /// The grant sentence, or for a reference its SPDX id, category and coverage.
  public var text: String

  /// Creates evidence.
  public init(
    source: Source, id: String, path: String, startLine: Int, endLine: Int, text: String
  ) {
    self.source = source
    self.id = id
    self.path = path
    self.startLine = startLine
    self.endLine = endLine
    self.text = text
  }

  /// A short reference to this evidence: `reference:KEY`, `RULE@PATH:LINE` for a grant
  /// sentence, `implied:RULE@PATH:LINE` for a freedom implied by one.
  public var reference: String {
    switch source {
    case .reference: return "reference:\(id)"
    case .grant: return "\(id)@\(path):\(startLine)"
    case .implied: return "implied:\(id)@\(path):\(startLine)"
    }
  }

  enum CodingKeys: String, CodingKey {
    case source, id, path, text
    case startLine = "start_line"
    case endLine = "end_line"
  }
}

/// The status of one freedom, the clause ids behind it, and the evidence of a grant.
public struct FreedomAssessment: Codable, Sendable, Hashable {
  /// The status.
  public var status: FreedomStatus
  /// Clause ids that break or endanger the freedom (blocking first); `reference:KEY` when a
  /// reference license filed as non-free puts it at risk.
  public var because: [String]
  /// Why the freedom is granted (empty unless `status` is `granted`).
  public var evidence: [FreedomEvidence]

  /// Creates an assessment.
  public init(status: FreedomStatus, because: [String], evidence: [FreedomEvidence] = []) {
    self.status = status
    self.because = because
    self.evidence = evidence
  }

  enum CodingKeys: String, CodingKey {
    case status, because, evidence
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      status: try container.decode(FreedomStatus.self, forKey: .status),
      because: try container.decode([String].self, forKey: .because),
      evidence: try container.decodeIfPresent([FreedomEvidence].self, forKey: .evidence) ?? [])
  }
}

/// Where our reading of a document and the reference data about a license it contains
/// disagree: a license filed as non-free in whose text we find no blocking clause, or a
/// license filed as free in whose text we find one. Reported rather than silently resolved.
public struct ReferenceDisagreement: Codable, Sendable, Hashable {
  /// The LicenseDB key.
  public var key: String
  /// The SPDX id.
  public var spdx: String
  /// The LicenseDB category.
  public var category: String
  /// What the reference says: `free` or `non-free`.
  public var reference: ReferenceStanding
  /// What the clause scan found, in a sentence.
  public var finding: String

  /// Creates a disagreement.
  public init(
    key: String, spdx: String, category: String, reference: ReferenceStanding, finding: String
  ) {
    self.key = key
    self.spdx = spdx
    self.category = category
    self.reference = reference
    self.finding = finding
  }
}

/// The four freedoms' assessments, encoded as `{"use": …, "study": …, "modify": …, "share": …}`.
public struct FreedomAssessments: Codable, Sendable, Hashable {
  /// Use for any purpose without asking permission.
  public var use: FreedomAssessment
  /// Study how the system works.
  public var study: FreedomAssessment
  /// Modify for any purpose.
  public var modify: FreedomAssessment
  /// Share with or without modifications.
  public var share: FreedomAssessment

  /// Creates the four assessments.
  public init(
    use: FreedomAssessment, study: FreedomAssessment, modify: FreedomAssessment,
    share: FreedomAssessment
  ) {
    self.use = use
    self.study = study
    self.modify = modify
    self.share = share
  }
}

/// A clause quoted as evidence, with the file it comes from.
public struct QuotedClause: Codable, Sendable, Hashable {
  /// The file's path.
  public var path: String
  /// The clause hit (id, lines, sentence, explanation).
  public var hit: ClauseHit

  /// Quotes `hit` of the file at `path`.
  public init(path: String, hit: ClauseHit) {
    self.path = path
    self.hit = hit
  }
}

/// A reference difference, with the file it was found in.
public struct QuotedDifference: Codable, Sendable, Hashable {
  /// The file's path.
  public var path: String
  /// The difference.
  public var difference: ReferenceDifference

  /// Quotes `difference` found in the file at `path`.
  public init(path: String, difference: ReferenceDifference) {
    self.path = path
    self.difference = difference
  }
}

/// An acceptable-use policy incorporated by reference whose text was not among the documents.
public struct UnanalysedPolicy: Codable, Sendable, Hashable {
  /// Where the policy lives, as written in the license (URL or host/path), or the sentence.
  public var reference: String
  /// The license file that incorporates it.
  public var path: String
  /// First line of the incorporating sentence.
  public var line: Int

  /// Creates a policy reference.
  public init(reference: String, path: String, line: Int) {
    self.reference = reference
    self.path = path
    self.line = line
  }
}

/// The verdict for a license or for the documents that govern one model.
///
/// Encodes as the contract's `{"class", "freedoms", "summary"}`; ``explanations`` and
/// ``unanalysedPolicies`` are for the text renderer (the summary names unanalysed policies).
public struct Verdict: Codable, Sendable, Hashable {
  /// The openness class.
  public var verdictClass: VerdictClass
  /// Per freedom: status and the clause ids behind it.
  public var freedoms: FreedomAssessments
  /// One or two sentences a person can read in seconds.
  public var summary: String
  /// Per freedom, the clauses quoted as evidence (blocking first, then caution).
  public var explanations: [Freedom: [QuotedClause]]
  /// Policies incorporated by reference but not analysed.
  public var unanalysedPolicies: [UnanalysedPolicy]
  /// The model-license families recognised, for the renderer.
  public var families: [FamilyMatch]
  /// Where the clause scan and the reference data disagree.
  public var disagreements: [ReferenceDisagreement]
  /// The identified licenses the reference data files as non-free (they put freedoms at risk).
  public var nonFreeReferences: [LicenseFact]

  /// The evidence behind the granted freedoms, once each, in freedom order.
  public var evidence: [FreedomEvidence] {
    var seen: Set<String> = []
    return Freedom.allCases.flatMap { freedoms[$0].evidence }.filter {
      seen.insert($0.reference).inserted
    }
  }
  /// References the documents resemble but differ from in a restriction.
  public var differences: [QuotedDifference]

  enum CodingKeys: String, CodingKey {
    case verdictClass = "class"
    case freedoms, summary
  }

  /// Creates a verdict.
  public init(
    verdictClass: VerdictClass, freedoms: FreedomAssessments, summary: String,
    explanations: [Freedom: [QuotedClause]] = [:], unanalysedPolicies: [UnanalysedPolicy] = [],
    families: [FamilyMatch] = [], disagreements: [ReferenceDisagreement] = [],
    differences: [QuotedDifference] = [], nonFreeReferences: [LicenseFact] = []
  ) {
    self.verdictClass = verdictClass
    self.freedoms = freedoms
    self.summary = summary
    self.explanations = explanations
    self.unanalysedPolicies = unanalysedPolicies
    self.families = families
    self.disagreements = disagreements
    self.differences = differences
    self.nonFreeReferences = nonFreeReferences
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      verdictClass: try container.decode(VerdictClass.self, forKey: .verdictClass),
      freedoms: try container.decode(FreedomAssessments.self, forKey: .freedoms),
      summary: try container.decode(String.self, forKey: .summary))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(verdictClass, forKey: .verdictClass)
    try container.encode(freedoms, forKey: .freedoms)
    try container.encode(summary, forKey: .summary)
  }
}
