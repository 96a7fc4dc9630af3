/// One of the four freedoms of the Open Source AI Definition 1.0.
public enum Freedom: String, Codable, Sendable, CaseIterable, Comparable {
  /// Use the system for any purpose without having to ask for permission.
  case use
  /// Study how the system works and inspect its components.
  case study
  /// Modify the system for any purpose, including to change its output.
  case modify
  /// Share the system for others to use, with or without modifications.
  case share

  /// The freedom's name with a capital letter, for prose.
  public var title: String {
    switch self {
    case .use: return "Use"
    case .study: return "Study"
    case .modify: return "Modify"
    case .share: return "Share"
    }
  }

  public static func < (lhs: Freedom, rhs: Freedom) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// How much a clause matters for openness.
public enum Severity: String, Codable, Sendable, Comparable {
  /// The clause alone means the terms are not open source.
  case blocks
  /// A person should review the clause.
  case caution
  /// A look-alike that must not be reported as a restriction.
  case benign
  /// A grant of the rule's freedoms: evidence that they are given, never a restriction.
  case grant

  private var rank: Int {
    switch self {
    case .blocks: return 0
    case .caution: return 1
    case .benign: return 2
    case .grant: return 3
    }
  }

  /// Whether a hit of this severity restricts a freedom (blocks or caution).
  public var isRestrictive: Bool { self == .blocks || self == .caution }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A clause found in a document: which rule fired, where, and the sentence it fired on.
public struct ClauseHit: Codable, Sendable, Hashable {
  /// The clause id from the catalog, such as `use.mau-threshold`.
  public var id: String
  /// The freedoms the clause breaks or puts at risk (for a grant: the freedoms it grants).
  public var freedoms: [Freedom]
  /// How much the clause matters.
  public var severity: Severity
  /// First line (1-based) of the sentence in the original document.
  public var startLine: Int
  /// Last line (1-based) of the sentence in the original document.
  public var endLine: Int
  /// The original sentence, whitespace collapsed.
  public var text: String
  /// Why the clause matters, in one sentence.
  public var explanation: String

  /// Creates a hit.
  public init(
    id: String, freedoms: [Freedom], severity: Severity, startLine: Int, endLine: Int,
    text: String, explanation: String
  ) {
    self.id = id
    self.freedoms = freedoms
    self.severity = severity
    self.startLine = startLine
    self.endLine = endLine
    self.text = text
    self.explanation = explanation
  }

  enum CodingKeys: String, CodingKey {
    case id, freedoms, severity, text, explanation
    case startLine = "start_line"
    case endLine = "end_line"
  }
}

/// A part of the scan that could not be completed, so a clause may have been missed there.
public struct ScanIssue: Codable, Sendable, Hashable {
  /// The rule whose pattern gave up.
  public var ruleID: String
  /// First line of the sentence the pattern gave up on.
  public var startLine: Int
  /// Last line of that sentence.
  public var endLine: Int
  /// What went wrong.
  public var message: String

  /// Creates an issue.
  public init(ruleID: String, startLine: Int, endLine: Int, message: String) {
    self.ruleID = ruleID
    self.startLine = startLine
    self.endLine = endLine
    self.message = message
  }

  enum CodingKeys: String, CodingKey {
    case ruleID = "rule_id"
    case startLine = "start_line"
    case endLine = "end_line"
    case message
  }
}

/// Everything the clause scanner found in one document.
public struct ClauseScan: Sendable, Hashable {
  /// Restrictive clauses (severity blocks or caution), in document order.
  public var hits: [ClauseHit]
  /// Benign look-alikes that were recognised (and suppressed restrictive readings), in
  /// document order. Never a restriction.
  public var benign: [ClauseHit]
  /// Sentences that grant freedoms (use for any purpose, study, modify, distribute) with no
  /// restriction in the same sentence, in document order: the positive evidence a verdict
  /// needs before it calls a freedom granted.
  public var grants: [ClauseHit]
  /// Places where a pattern hit its match limit.
  public var issues: [ScanIssue]

  /// Creates a scan result.
  public init(
    hits: [ClauseHit], benign: [ClauseHit], grants: [ClauseHit] = [], issues: [ScanIssue]
  ) {
    self.hits = hits
    self.benign = benign
    self.grants = grants
    self.issues = issues
  }

  /// A scan that found nothing.
  public static let empty = ClauseScan(hits: [], benign: [], issues: [])

  /// Whether the document contains a recognisable grant of rights (the benign
  /// `meta.rights-grant` rule fired).
  public var grantsRights: Bool { benign.contains { $0.id == ClauseIDs.rightsGrant } }
}

/// Clause ids the engine and the verdict refer to by name.
public enum ClauseIDs {
  /// A grant of rights ("hereby grants you a license", "permission is hereby granted").
  public static let rightsGrant = "meta.rights-grant"
  /// Incorporation of, or the prohibitions of, an acceptable-use policy.
  public static let aupProhibitedUses = "use.aup-prohibited-uses"
  /// Unilateral changes by the licensor to an incorporated policy.
  public static let policyUnilateralUpdate = "use.policy-unilateral-update"
  /// Non-commercial restriction.
  public static let nonCommercial = "use.non-commercial"
  /// Non-production restriction.
  public static let nonProduction = "use.non-production"
}
