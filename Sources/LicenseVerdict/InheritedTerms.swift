import LicenseClauses

/// Terms that apply to a system besides its own files: the license of the base model a
/// fine-tune was made from (`base-model:ID`), or restrictive terms its card declares
/// (`declared:ID`). Whatever the files say, these restrictions still apply.
public struct InheritedTerms: Sendable, Hashable {
  /// Where the terms come from, such as `base-model:meta-llama/Llama-3.1-8B`.
  public var source: String
  /// The terms' SPDX id (or `LicenseRef-…`).
  public var terms: String
  /// The class of the terms on their own.
  public var verdictClass: VerdictClass
  /// The freedoms the terms break.
  public var broken: Set<Freedom>

  /// Creates inherited terms.
  public init(source: String, terms: String, verdictClass: VerdictClass, broken: Set<Freedom>) {
    self.source = source
    self.terms = terms
    self.verdictClass = verdictClass
    self.broken = broken
  }

  /// Whether the terms grant the four freedoms.
  public var isOpen: Bool {
    broken.isEmpty
      && (verdictClass == .osiApprovedOpenSource || verdictClass == .openButNotOSIApproved)
  }
}

extension VerdictClass {
  /// How much the class restricts, from OSI-approved (0) to proprietary or unknown (4): the
  /// class of terms combined with inherited terms is the higher of the two.
  public var restrictiveness: Int {
    switch self {
    case .osiApprovedOpenSource: return 0
    case .openButNotOSIApproved: return 1
    case .restrictedOpenWeights: return 2
    case .nonCommercial: return 3
    case .proprietaryOrUnknown: return 4
    }
  }

  /// Whether the class grants the four freedoms.
  public var isOpen: Bool { restrictiveness <= 1 }
}

extension VerdictEngine {
  /// The verdict for the files that govern one model (see ``verdict(forModel:)``) combined with
  /// terms the model inherits: each freedom the inherited terms break is broken (because
  /// `SOURCE`), terms that are not open put the remaining freedoms at risk, and the class is
  /// the more restrictive of the two.
  public static func verdict(forModel documents: [DocumentEvidence], inheriting: [InheritedTerms])
    -> Verdict
  {
    var verdict = verdict(forModel: documents)
    guard !inheriting.isEmpty else { return verdict }
    // A class that only says nothing was granted (no freedom broken) gives way to what the
    // inherited terms are known to be.
    if verdict.verdictClass == .proprietaryOrUnknown,
      !Freedom.allCases.contains(where: { verdict.freedoms[$0].status == .broken }),
      let known = inheriting.filter({ !$0.isOpen && $0.verdictClass != .proprietaryOrUnknown })
        .max(by: { $0.verdictClass.restrictiveness < $1.verdictClass.restrictiveness })
    {
      verdict.verdictClass = known.verdictClass
    }
    var freedoms = verdict.freedoms
    for terms in inheriting where !terms.isOpen {
      for freedom in Freedom.allCases {
        var assessment = freedoms[freedom]
        if terms.broken.contains(freedom) {
          if assessment.status != .broken { assessment.because = [] }
          assessment.status = .broken
          assessment.evidence = []
          assessment.because.append(terms.source)
        } else if assessment.status != .broken {
          assessment.status = .atRisk
          assessment.evidence = []
          assessment.because.append(terms.source)
        }
        freedoms[freedom] = assessment
      }
      if terms.verdictClass.restrictiveness > verdict.verdictClass.restrictiveness {
        verdict.verdictClass = terms.verdictClass
      }
    }
    verdict.freedoms = freedoms
    let restricting = inheriting.filter { !$0.isOpen }
    if !restricting.isEmpty {
      verdict.summary =
        VerdictSummary.text(
          verdict.verdictClass, freedoms, unanalysed: verdict.unanalysedPolicies,
          families: verdict.families, licenses: documents.flatMap(\.licenses),
          disagreements: verdict.disagreements)
        + " Terms that also apply: "
        + restricting.map { "\($0.terms) (\($0.verdictClass.rawValue)) from \($0.source)" }
        .joined(separator: "; ") + "."
    }
    return verdict
  }
}

extension FreedomAssessments {
  /// The assessment of `freedom`, readable and writable.
  public subscript(freedom: Freedom) -> FreedomAssessment {
    get {
      switch freedom {
      case .use: return use
      case .study: return study
      case .modify: return modify
      case .share: return share
      }
    }
    set {
      switch freedom {
      case .use: use = newValue
      case .study: study = newValue
      case .modify: modify = newValue
      case .share: share = newValue
      }
    }
  }
}
