import LicenseClauses
import LicenseVerdict

/// The definitions side by side: OSAID 1.0, the OSI license list, the Open Weight Definition
/// and the Model Openness Framework class, each from the system's verdict and components.
struct Definitions {
  private(set) var report: DefinitionsReport

  init(
    verdict: Verdict, found: FoundLicenses, inherited: [InheritedTerms], unknownBases: [String],
    components: ComponentFinder, card: ModelCard?, rules: ComponentRules
  ) {
    let terms = Self.termsProblems(verdict)
    // A base model whose terms are unknown leaves a passing outcome undecided.
    let undecided = unknownBases.map { "the terms of base model \($0) are unknown" }
    let osaid = Self.undecided(
      Self.osaid(verdict, terms: terms, components: components.report), by: undecided)
    let osi = Self.undecided(Self.osi(verdict, found: found, inherited: inherited), by: undecided)
    let openWeight = Self.undecided(
      Self.openWeight(
        terms: terms, verdict: verdict, components: components, card: card, rules: rules),
      by: undecided)
    let (mofClass, missing) = Self.mof(verdict: verdict, components: components, rules: rules)
    report = DefinitionsReport(
      osaid: osaid, osi: osi, openWeight: openWeight, mofClass: mofClass, mofMissing: missing)
  }

  /// `outcome`, or `unknown` for `reasons` when it would pass.
  static func undecided(_ outcome: DefinitionsReport.Outcome, by reasons: [String])
    -> DefinitionsReport.Outcome
  {
    guard outcome.outcome == "pass", !reasons.isEmpty else { return outcome }
    return .init(outcome: "unknown", because: reasons + outcome.because)
  }

  /// The freedoms the terms break or put at risk, each with its reasons.
  static func termsProblems(_ verdict: Verdict) -> [String] {
    Freedom.allCases.compactMap { freedom in
      let assessment = verdict.freedoms[freedom]
      guard assessment.status == .broken || assessment.status == .atRisk else { return nil }
      return "\(freedom.title) \(assessment.status.rawValue): "
        + assessment.because.joined(separator: ", ")
    }
  }

  /// The freedoms no evidence grants.
  static func ungranted(_ verdict: Verdict) -> [String] {
    Freedom.allCases.filter { verdict.freedoms[$0].status == .unknown }.map {
      "\($0.title): no evidence of a grant"
    }
  }

  static func osaid(_ verdict: Verdict, terms: [String], components: ComponentReport)
    -> DefinitionsReport.Outcome
  {
    if !terms.isEmpty { return .init(outcome: "fail-terms", because: terms) }
    let named: [(String, ComponentStatus)] = [
      ("parameters", components.parameters), ("code", components.code),
      ("data information", components.dataInformation),
    ]
    let absent = named.filter { $0.1.status == .absent }.map { "\($0.0) absent" }
    if !absent.isEmpty { return .init(outcome: "fail-components", because: absent) }
    let unknown =
      ungranted(verdict)
      + named.filter { $0.1.status == .unknown }.map {
        "\($0.0) unknown"
      }
    if !unknown.isEmpty || !verdict.verdictClass.isOpen {
      return .init(
        outcome: "unknown",
        because: unknown.isEmpty ? ["terms: \(verdict.verdictClass.rawValue)"] : unknown)
    }
    return .init(
      outcome: "pass",
      because: [
        "the four freedoms are granted with evidence",
        "parameters \(components.parameters.status.rawValue), code "
          + "\(components.code.status.rawValue), data information "
          + components.dataInformation.status.rawValue,
      ])
  }

  static func osi(_ verdict: Verdict, found: FoundLicenses, inherited: [InheritedTerms])
    -> DefinitionsReport.Outcome
  {
    var because: [String] = []
    for terms in inherited where terms.verdictClass != .osiApprovedOpenSource {
      because.append("\(terms.source) is under \(terms.terms), not OSI-approved")
    }
    if found.ids.isEmpty {
      return because.isEmpty
        ? .init(outcome: "unknown", because: ["no license identified in the governing files"])
        : .init(outcome: "fail", because: because)
    }
    if !found.allOSIApproved {
      because.append("not OSI-approved: " + found.ids.joined(separator: ", "))
    }
    let broken = Freedom.allCases.filter { verdict.freedoms[$0].status == .broken }
    if !broken.isEmpty {
      because.append(
        "the terms break " + broken.map(\.title).joined(separator: ", "))
    }
    if because.isEmpty {
      return .init(
        outcome: "pass", because: ["OSI-approved: " + found.ids.joined(separator: ", ")])
    }
    return .init(outcome: "fail", because: because)
  }

  static func openWeight(
    terms: [String], verdict: Verdict, components: ComponentFinder, card: ModelCard?,
    rules: ComponentRules
  ) -> DefinitionsReport.Outcome {
    guard components.report.parameters.status == .present else {
      return .init(outcome: "fail", because: ["no weight files in the repository"])
    }
    if !terms.isEmpty { return .init(outcome: "fail", because: terms) }
    let ungranted = ungranted(verdict)
    if !ungranted.isEmpty || !verdict.verdictClass.isOpen {
      return .init(
        outcome: "unknown",
        because: ungranted.isEmpty ? ["terms: \(verdict.verdictClass.rawValue)"] : ungranted)
    }
    var inference: String?
    if components.has("inference-code") {
      inference = "inference code in the repository"
    } else if components.report.code.status != .absent {
      inference = "code \(components.report.code.status.rawValue)"
    } else if let library = card?.libraryName,
      rules.openInferenceLibraries.contains(library.lowercased())
    {
      inference = "runs with the open library `\(library)` (library_name)"
    } else if let format = components.weightFormats.first(
      where: rules.openInferenceFormats.contains)
    {
      inference = "\(format) weights run in open runtimes as they are"
    }
    guard let inference else {
      return .init(
        outcome: "fail", because: ["no inference code, code link or open library named"])
    }
    return .init(outcome: "pass", because: ["weights under open terms", inference])
  }

  /// The MOF class reached and what the next class misses; only components under open terms
  /// count, so terms that are not open reach no class.
  static func mof(verdict: Verdict, components: ComponentFinder, rules: ComponentRules)
    -> (String, [String])
  {
    let order = ["III", "II", "I"]
    let missingByClass = order.map { mofClass in
      rules.components.filter { $0.mofClass == mofClass && !components.has($0.id) }.map(\.id)
    }
    guard verdict.verdictClass.isOpen, Self.termsProblems(verdict).isEmpty else {
      return ("none", ["open terms (the terms are \(verdict.verdictClass.rawValue))"])
    }
    var reached = "none"
    for (index, mofClass) in order.enumerated() {
      guard missingByClass[index].isEmpty else { return (reached, missingByClass[index]) }
      reached = mofClass
    }
    return (reached, [])
  }
}
