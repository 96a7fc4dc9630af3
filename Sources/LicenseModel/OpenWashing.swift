import LicenseVerdict

/// The open-washing findings of a repository: a declaration its governing files contradict,
/// a base model whose terms are stricter than the declaration, an open-source claim the
/// terms or components do not back, and a declaration whose terms are missing.
struct OpenWashing {
  private(set) var findings: [OpenWashingFinding] = []

  init(
    declaration: Declaration, found: FoundLicenses, ownVerdict: Verdict, verdict: Verdict,
    bases: [BaseModelReport], catalog: ModelCatalog, card: ModelCard?,
    governing: [DocumentEvidence], osaid: DefinitionsReport.Outcome
  ) {
    let declaredSide = declaration.place.map { [$0] } ?? []
    for declared in declaration.licenses where !found.ids.isEmpty {
      let keys = declared.license?.keys ?? []
      let contradicts = !keys.isEmpty && keys.isDisjoint(with: found.keys)
      let promisesMore = (declared.license?.isOpen ?? false) && !ownVerdict.verdictClass.isOpen
      guard contradicts || promisesMore else { continue }
      findings.append(
        OpenWashingFinding(
          kind: .declaredVsFound,
          detail:
            "declares \(declared.spdx) but the governing files are "
            + "\(found.expression ?? "unidentified") (\(ownVerdict.verdictClass.rawValue))",
          evidence: [declared.place] + found.places))
    }
    if let card, governing.isEmpty,
      card.license?.lowercased() == "other" || (card.license == nil && card.licenseLink != nil)
    {
      let quoted = ["license", "license_name", "license_link"].compactMap { card.quote($0) }
      findings.append(
        OpenWashingFinding(
          kind: .missingTerms,
          detail:
            "the card points to terms of its own (`license: other` or a license link) but no "
            + "license file is in the repository",
          evidence: quoted.map { EvidenceLine(path: card.path, line: $0.line, text: $0.text) }))
    }
    for base in bases {
      guard let terms = base.terms, let baseClass = base.verdictClass, !baseClass.isOpen else {
        continue
      }
      // Flagged unless the model declares (or, declaring nothing, carries) the base's terms.
      let baseKeys = catalog.baseModelTerms(ModelCatalog.hubID(base.id))?.keys ?? []
      let sameTerms =
        declaration.spdx != nil
        ? !(declaration.license?.keys ?? []).isDisjoint(with: baseKeys)
          || declaration.spdx == terms
        : !found.keys.isDisjoint(with: baseKeys) || !ownVerdict.verdictClass.isOpen
      guard !sameTerms else { continue }
      var evidence = declaredSide
      if let card {
        evidence.append(
          EvidenceLine(path: card.path, line: base.line, text: "base_model: \(base.id)"))
      }
      evidence.append(
        EvidenceLine(
          path: "base model (\(base.source))", line: nil,
          text: "\(base.id): \(terms) (\(baseClass.rawValue))"))
      findings.append(
        OpenWashingFinding(
          kind: .baseModelTerms,
          detail:
            "declares \(declaration.spdx ?? found.expression ?? "open terms") but its base model "
            + "\(base.id) is under \(terms) (\(baseClass.rawValue)), whose restrictions carry over",
          evidence: evidence))
    }
    if let card, osaid.outcome != "pass" || verdict.verdictClass != .osiApprovedOpenSource {
      var claims = card.tags.filter { tag in
        let lower = tag.lowercased()
        return lower == "opensource" || lower == "open-source" || lower == "open source"
      }.map { EvidenceLine(path: card.path, line: card.fieldLines["tags"], text: "tags: \($0)") }
      claims += card.openSourceClaims.map {
        EvidenceLine(path: card.path, line: $0.line, text: $0.text)
      }
      if !claims.isEmpty {
        findings.append(
          OpenWashingFinding(
            kind: .openSourceClaim,
            detail:
              "the card calls the model open source, but its OSAID outcome is "
              + "\(osaid.outcome): " + osaid.because.joined(separator: "; "),
            evidence: Array(claims.prefix(3))))
      }
    }
  }
}
