import LicenseClauses

/// Computes verdicts from identified licenses, clause hits, families and document kinds.
public enum VerdictEngine {
  /// The verdict for one file on its own. A policy it incorporates by reference counts as
  /// not analysed.
  public static func verdict(for document: DocumentEvidence) -> Verdict {
    verdict(forModel: [document])
  }

  /// The verdict for the files that govern one model (LICENSE plus USE_POLICY,
  /// ACCEPTABLE_USE_POLICY or NOTICE files): the policies' clauses count for the license that
  /// incorporates them; a policy incorporated by reference but absent puts every freedom that
  /// is not already broken at risk and is named in the summary.
  public static func verdict(forModel documents: [DocumentEvidence]) -> Verdict {
    let quoted = documents.flatMap { document in
      document.scan.hits.map { QuotedClause(path: document.path, hit: $0) }
    }
    let unanalysed = PolicyReferences.unanalysed(in: documents)
    let verdictClass = classify(documents, quoted)
    var assessments: [Freedom: FreedomAssessment] = [:]
    var explanations: [Freedom: [QuotedClause]] = [:]
    for freedom in Freedom.allCases {
      let relevant = quoted.filter { $0.hit.freedoms.contains(freedom) }.sorted(by: evidenceOrder)
      explanations[freedom] = relevant
      assessments[freedom] = assess(
        relevant, verdictClass: verdictClass, policyMissing: !unanalysed.isEmpty)
    }
    let freedoms = FreedomAssessments(
      use: assessments[.use]!, study: assessments[.study]!, modify: assessments[.modify]!,
      share: assessments[.share]!)
    let families = documents.flatMap(\.families)
    return Verdict(
      verdictClass: verdictClass, freedoms: freedoms,
      summary: VerdictSummary.text(
        verdictClass, freedoms, unanalysed: unanalysed, families: families,
        licenses: documents.flatMap(\.licenses)),
      explanations: explanations, unanalysedPolicies: unanalysed, families: families)
  }

  static func classify(_ documents: [DocumentEvidence], _ quoted: [QuotedClause]) -> VerdictClass {
    let blocking = quoted.filter { $0.hit.severity == .blocks }.map(\.hit.id)
    let facts = documents.flatMap(\.licenses)
    // A policy has no grant of its own but takes the verdict of the license that incorporates it.
    let licenseLike =
      documents.contains { $0.scan.grantsRights || $0.kind == .policy }
      || documents.flatMap(\.families).contains { $0.kind == .license } || !facts.isEmpty
    if blocking.contains(where: { $0 == ClauseIDs.nonCommercial || $0 == ClauseIDs.nonProduction })
    {
      return licenseLike ? .nonCommercial : .proprietaryOrUnknown
    }
    if !blocking.isEmpty { return licenseLike ? .restrictedOpenWeights : .proprietaryOrUnknown }
    if facts.contains(where: \.isOSIApproved) { return .osiApprovedOpenSource }
    if facts.contains(where: \.hasOpenCategory)
      || documents.contains(where: { $0.scan.grantsRights && $0.kind != .policy })
    {
      return .openButNotOSIApproved
    }
    return .proprietaryOrUnknown
  }

  static func assess(_ relevant: [QuotedClause], verdictClass: VerdictClass, policyMissing: Bool)
    -> FreedomAssessment
  {
    let blocking = unique(relevant.filter { $0.hit.severity == .blocks }.map(\.hit.id))
    let caution = unique(relevant.filter { $0.hit.severity == .caution }.map(\.hit.id))
    if !blocking.isEmpty { return FreedomAssessment(status: .broken, because: blocking + caution) }
    if !caution.isEmpty { return FreedomAssessment(status: .atRisk, because: caution) }
    if policyMissing {
      return FreedomAssessment(status: .atRisk, because: [ClauseIDs.aupProhibitedUses])
    }
    if verdictClass == .proprietaryOrUnknown {
      return FreedomAssessment(status: .unknown, because: [])
    }
    return FreedomAssessment(status: .granted, because: [])
  }

  private static func unique(_ ids: [String]) -> [String] {
    var seen: Set<String> = []
    return ids.filter { seen.insert($0).inserted }
  }

  private static func evidenceOrder(_ lhs: QuotedClause, _ rhs: QuotedClause) -> Bool {
    (lhs.hit.severity, lhs.path, lhs.hit.startLine, lhs.hit.id)
      < (rhs.hit.severity, rhs.path, rhs.hit.startLine, rhs.hit.id)
  }
}
