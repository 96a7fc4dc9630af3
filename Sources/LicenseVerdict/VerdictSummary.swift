import LicenseClauses

/// The one- or two-sentence summary of a verdict.
enum VerdictSummary {
  static func text(
    _ verdictClass: VerdictClass, _ freedoms: FreedomAssessments,
    unanalysed: [UnanalysedPolicy], families: [FamilyMatch], licenses: [LicenseFact],
    disagreements: [ReferenceDisagreement] = [], agreements: [LicenseFact] = []
  ) -> String {
    var parts: [String] = []
    let names =
      families.map { "\($0.name) (\($0.version))" }
      + licenses.map(\.spdx)
    let subject = names.isEmpty ? "" : unique(names).joined(separator: ", ") + ": "
    parts.append(subject + phrase(verdictClass) + ".")
    let broken = Freedom.allCases.filter { freedoms[$0].status == .broken }
    if !broken.isEmpty {
      parts.append("Broken: " + describe(broken, freedoms) + ".")
    }
    let atRisk = Freedom.allCases.filter { freedoms[$0].status == .atRisk }
    if !atRisk.isEmpty {
      parts.append("At risk: " + describe(atRisk, freedoms) + ".")
    }
    let unknown = Freedom.allCases.filter { freedoms[$0].status == .unknown }
    if !unknown.isEmpty, unknown.count < Freedom.allCases.count {
      parts.append(
        "No evidence of a grant for: " + unknown.map(\.title).joined(separator: ", ") + ".")
    }
    for license in licenses where license.isNonCommercialByReference {
      let ids = unique(license.commercialRestrictions).joined(separator: ", ")
      parts.append("The LicenseDB text of \(license.key) states \(ids).")
    }
    for disagreement in disagreements where disagreement.reference == .nonFree {
      parts.append(
        "The LicenseDB files \(disagreement.key) as \(disagreement.category) (not open), "
          + "although \(disagreement.finding).")
    }
    for disagreement in disagreements where disagreement.reference == .free {
      parts.append(
        "The LicenseDB files \(disagreement.key) as \(disagreement.category), but we found "
          + "\(disagreement.finding).")
    }
    let agreementKeys = unique(agreements.map(\.key))
    if !agreementKeys.isEmpty {
      let named = agreementKeys.joined(separator: ", ")
      let verb =
        agreementKeys.count == 1 ? "is a contributor agreement" : "are contributor agreements"
      parts.append(
        "\(named) \(verb): it binds those who contribute, not those who use the work, and is not "
          + "judged.")
    }
    if !unanalysed.isEmpty {
      // Without their own closing stop, which the summary's sentence supplies.
      let references = unanalysed.map { policy in
        var reference = Self.shortened(policy.reference)
        while let last = reference.last, ".;:,".contains(last) { reference.removeLast() }
        return reference
      }
      parts.append(
        "Incorporates a use policy that was not analysed: " + references.joined(separator: ", ")
          + ".")
    }
    return parts.joined(separator: " ")
  }

  static func phrase(_ verdictClass: VerdictClass) -> String {
    switch verdictClass {
    case .osiApprovedOpenSource: return "OSI-approved open source, no blocking clause"
    case .openButNotOSIApproved:
      return "grants the four freedoms (with evidence for each, no blocking clause) but is not "
        + "OSI-approved"
    case .restrictedOpenWeights:
      return "restricted open weights: available, but blocking restrictions apply"
    case .nonCommercial: return "non-commercial: a blocking non-commercial or non-production term"
    case .proprietaryOrUnknown:
      return "proprietary or unknown: the four freedoms are not all granted with evidence"
    }
  }

  private static func describe(_ list: [Freedom], _ freedoms: FreedomAssessments) -> String {
    list.map { "\($0.title) (\(freedoms[$0].because.joined(separator: ", ")))" }
      .joined(separator: "; ")
  }

  private static func unique(_ values: [String]) -> [String] {
    var seen: Set<String> = []
    return values.filter { seen.insert($0).inserted }
  }

  /// `value` (0...1) as a whole percentage, such as `96%`.
  static func percent(_ value: Double) -> String {
    "\(Int((value * 100).rounded()))%"
  }

  static func shortened(_ text: String, limit: Int = 160) -> String {
    guard text.count > limit else { return text }
    return String(text.prefix(limit - 1)) + "…"
  }
}
