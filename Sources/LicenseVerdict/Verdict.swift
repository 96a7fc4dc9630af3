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
  /// No clause takes the freedom away.
  case granted
  /// A blocking clause takes the freedom away.
  case broken
  /// A caution clause, or a policy that was not analysed, may take it away.
  case atRisk = "at-risk"
  /// No grant of rights was recognised.
  case unknown
}

/// The status of one freedom and the clause ids behind it.
public struct FreedomAssessment: Codable, Sendable, Hashable {
  /// The status.
  public var status: FreedomStatus
  /// Clause ids that break or endanger the freedom (blocking first).
  public var because: [String]

  /// Creates an assessment.
  public init(status: FreedomStatus, because: [String]) {
    self.status = status
    self.because = because
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

  /// The assessment of `freedom`.
  public subscript(freedom: Freedom) -> FreedomAssessment {
    switch freedom {
    case .use: return use
    case .study: return study
    case .modify: return modify
    case .share: return share
    }
  }
}

/// A clause quoted as evidence, with the file it comes from.
public struct QuotedClause: Codable, Sendable, Hashable {
  /// The file's path.
  public var path: String
  /// The clause hit (id, lines, sentence, explanation).
  public var hit: ClauseHit
}

/// An acceptable-use policy incorporated by reference whose text was not among the documents.
public struct UnanalysedPolicy: Codable, Sendable, Hashable {
  /// Where the policy lives, as written in the license (URL or host/path), or the sentence.
  public var reference: String
  /// The license file that incorporates it.
  public var path: String
  /// First line of the incorporating sentence.
  public var line: Int
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

  enum CodingKeys: String, CodingKey {
    case verdictClass = "class"
    case freedoms, summary
  }

  /// Creates a verdict.
  public init(
    verdictClass: VerdictClass, freedoms: FreedomAssessments, summary: String,
    explanations: [Freedom: [QuotedClause]] = [:], unanalysedPolicies: [UnanalysedPolicy] = [],
    families: [FamilyMatch] = []
  ) {
    self.verdictClass = verdictClass
    self.freedoms = freedoms
    self.summary = summary
    self.explanations = explanations
    self.unanalysedPolicies = unanalysedPolicies
    self.families = families
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
