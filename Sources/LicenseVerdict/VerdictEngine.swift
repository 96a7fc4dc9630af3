import LicenseClauses

/// Computes verdicts from evidence: a pure function of ``DocumentEvidence`` records (no files,
/// no scanning), so every rule below can be tested on hand-made evidence.
///
/// A freedom is `broken` by a blocking clause, `at-risk` by a caution clause, an unanalysed
/// policy or a reference license filed as non-free, `granted` only with positive evidence (a
/// trusted reference license filed as free, or a grant sentence) and `unknown` otherwise. The
/// class follows: non-commercial and restricted classes from blocking clauses; the open
/// classes only when all four freedoms are granted and no reference license is non-free.
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
    let nonFree = nonFreeReferences(documents)
    let references = nonFree.map { "reference:\($0.key)" }
    let grants = GrantEvidence(documents)
    var explanations: [Freedom: [QuotedClause]] = [:]
    explanations.reserveCapacity(Freedom.allCases.count)
    func assessment(_ freedom: Freedom) -> FreedomAssessment {
      let relevant = quoted.filter { $0.hit.freedoms.contains(freedom) }.sorted(by: evidenceOrder)
      explanations[freedom] = relevant
      return assess(
        relevant, policyMissing: !unanalysed.isEmpty, references: references,
        evidence: grants[freedom])
    }
    // In the order of Freedom.allCases, as the dictionary of assessments was filled.
    let use = assessment(.use)
    let study = assessment(.study)
    let modify = assessment(.modify)
    let share = assessment(.share)
    let freedoms = FreedomAssessments(use: use, study: study, modify: modify, share: share)
    let verdictClass = classify(documents, quoted, freedoms: freedoms, nonFree: nonFree)
    let families = documents.flatMap(\.families)
    let disagreements = disagreements(documents, quoted)
    return Verdict(
      verdictClass: verdictClass, freedoms: freedoms,
      summary: VerdictSummary.text(
        verdictClass, freedoms, unanalysed: unanalysed, families: families,
        licenses: documents.flatMap(\.licenses), disagreements: disagreements,
        agreements: documents.flatMap(\.contributorAgreementsBesideTerms)),
      explanations: explanations, unanalysedPolicies: unanalysed, families: families,
      disagreements: disagreements,
      differences: documents.flatMap { document in
        document.differences.map { QuotedDifference(path: document.path, difference: $0) }
      }, nonFreeReferences: nonFree)
  }

  static func classify(
    _ documents: [DocumentEvidence], _ quoted: [QuotedClause], freedoms: FreedomAssessments,
    nonFree: [LicenseFact]
  ) -> VerdictClass {
    let blocking = quoted.filter { $0.hit.severity == .blocks }.map(\.hit.id)
    // A policy has no grant of its own but takes the verdict of the license that incorporates it.
    let licenseLike =
      documents.contains { $0.scan.grantsRights || $0.kind == .policy || !$0.scan.grants.isEmpty }
      || documents.flatMap(\.families).contains { $0.kind == .license }
      || documents.contains { !$0.licenses.isEmpty }
    if blocking.contains(where: { $0 == ClauseIDs.nonCommercial || $0 == ClauseIDs.nonProduction })
    {
      return licenseLike ? .nonCommercial : .proprietaryOrUnknown
    }
    if !blocking.isEmpty { return licenseLike ? .restrictedOpenWeights : .proprietaryOrUnknown }
    // A license the reference data files as non-free whose own text bars commercial use
    // (a notice that names a Creative Commons NonCommercial license): what it restricts is
    // known, though not stated here.
    if nonFree.contains(where: \.isNonCommercialByReference) { return .nonCommercial }
    guard nonFree.isEmpty,
      Freedom.allCases.allSatisfy({ freedoms[$0].status == .granted || atRiskOnly(freedoms[$0]) })
    else { return .proprietaryOrUnknown }
    let trusted = documents.flatMap(\.trustedLicenses)
    if trusted.contains(where: \.isOSIApproved) { return .osiApprovedOpenSource }
    return .openButNotOSIApproved
  }

  /// Whether a freedom is at risk only by caution clauses or an unanalysed policy while
  /// evidence grants it (the class stays open; the freedom says what to review).
  private static func atRiskOnly(_ assessment: FreedomAssessment) -> Bool {
    assessment.status == .atRisk && !assessment.evidence.isEmpty
  }

  /// One freedom's assessment: from the clauses that concern it, whether a policy is missing,
  /// the `reference:KEY` ids of the non-free references, and the evidence that grants it.
  static func assess(
    _ relevant: [QuotedClause], policyMissing: Bool, references: [String],
    evidence: [FreedomEvidence]
  ) -> FreedomAssessment {
    let blocking = unique(relevant.filter { $0.hit.severity == .blocks }.map(\.hit.id))
    let caution = unique(relevant.filter { $0.hit.severity == .caution }.map(\.hit.id))
    if !blocking.isEmpty { return FreedomAssessment(status: .broken, because: blocking + caution) }
    let risks = caution + (policyMissing ? [ClauseIDs.aupProhibitedUses] : []) + references
    if !risks.isEmpty {
      // A non-free reference leaves no evidence standing; caution clauses and an unanalysed
      // policy keep the evidence beside the risk.
      return FreedomAssessment(
        status: .atRisk, because: risks, evidence: references.isEmpty ? evidence : [])
    }
    if evidence.isEmpty { return FreedomAssessment(status: .unknown, because: []) }
    return FreedomAssessment(status: .granted, because: [], evidence: evidence)
  }

  /// The identified licenses that the reference data files as non-free (and that the document
  /// does not differ from in a restriction), once per key.
  static func nonFreeReferences(_ documents: [DocumentEvidence]) -> [LicenseFact] {
    var seen: Set<String> = []
    return documents.flatMap { document in
      document.referencedLicenses.filter { $0.standing == .nonFree }
    }.filter { seen.insert($0.key).inserted }
  }

  /// Licenses whose reference standing our clause scan contradicts: non-free licenses in whose
  /// documents no blocking clause was found, and free ones with a blocking clause.
  static func disagreements(_ documents: [DocumentEvidence], _ quoted: [QuotedClause])
    -> [ReferenceDisagreement]
  {
    var found: [ReferenceDisagreement] = []
    var seen: Set<String> = []
    for document in documents {
      let blocking = document.scan.hits.filter { $0.severity == .blocks }
      for fact in document.referencedLicenses where seen.insert(fact.key).inserted {
        let inside = blocking.filter {
          $0.endLine >= fact.startLine && $0.startLine <= fact.endLine
        }
        switch fact.standing {
        case .nonFree where quoted.allSatisfy({ $0.hit.severity != .blocks }):
          found.append(
            ReferenceDisagreement(
              key: fact.key, spdx: fact.spdx, category: fact.category ?? "",
              reference: .nonFree,
              finding: "the clause scan found no blocking clause; the reference data decides"))
        case .free where !inside.isEmpty && fact.coverage >= LicenseFact.evidenceCoverage:
          let ids = unique(inside.map(\.id)).joined(separator: ", ")
          found.append(
            ReferenceDisagreement(
              key: fact.key, spdx: fact.spdx, category: fact.category ?? "",
              reference: .free,
              finding: "blocking clauses inside its text: \(ids)"))
        default: break
        }
      }
    }
    return found
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

/// The positive evidence for each freedom across a model's documents: trusted free reference
/// licenses (all four freedoms), and grant sentences of license documents (the freedoms their
/// rule names); Study is
/// also implied by a grant to modify, since modifying a system means inspecting and studying it.
struct GrantEvidence {
  /// The items of each freedom, at its ``slot(_:)`` (an array, not a dictionary: a verdict
  /// is given for every file with licenses, and a dictionary keyed by the freedoms hashed
  /// their names at every access).
  private var byFreedom: [[FreedomEvidence]] = Array(repeating: [], count: 4)

  private static func slot(_ freedom: Freedom) -> Int {
    switch freedom {
    case .use: 0
    case .study: 1
    case .modify: 2
    case .share: 3
    }
  }

  init(_ documents: [DocumentEvidence]) {
    for document in documents where document.kind != .policy {
      for fact in document.trustedLicenses where fact.standing == .free {
        let item = FreedomEvidence(
          source: .reference, id: fact.key, path: document.path, startLine: fact.startLine,
          endLine: fact.endLine,
          text:
            "\(fact.spdx) (\(fact.standingDescription)), coverage "
            + VerdictSummary.percent(fact.coverage))
        for freedom in Freedom.allCases { byFreedom[Self.slot(freedom)].append(item) }
      }
      // Grant sentences count in license documents only (by name or by content): a source
      // file or README that speaks of granting rights grants nothing itself.
      for hit in document.scan.grants where document.kind == .license {
        let item = FreedomEvidence(
          source: .grant, id: hit.id, path: document.path, startLine: hit.startLine,
          endLine: hit.endLine, text: hit.text)
        for freedom in hit.freedoms { byFreedom[Self.slot(freedom)].append(item) }
      }
    }
    if byFreedom[Self.slot(.study)].isEmpty,
      let modify = byFreedom[Self.slot(.modify)].first(where: { $0.source == .grant })
    {
      byFreedom[Self.slot(.study)] = [
        FreedomEvidence(
          source: .implied, id: modify.id, path: modify.path, startLine: modify.startLine,
          endLine: modify.endLine, text: modify.text)
      ]
    }
  }

  /// Most evidence items kept per freedom (references first, then grants in document order):
  /// enough to say why, without repeating every grant sentence of a long license.
  static let limit = 3

  subscript(freedom: Freedom) -> [FreedomEvidence] {
    Array(byFreedom[Self.slot(freedom)].prefix(Self.limit))
  }
}
