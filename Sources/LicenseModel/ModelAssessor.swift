import LicenseClauses
import LicenseVerdict

/// Judges one model repository: a pure function of its files (already scanned by the earlier
/// stages) and the catalog. See ``ModelAssessment`` for what it answers.
public enum ModelAssessor {
  /// Assesses `repository`. `scanned` maps Hub ids (`org/name`, lower case) of models found
  /// elsewhere in the same scan to their terms; those win over the catalog's.
  public static func assess(
    _ repository: ModelRepository, catalog: ModelCatalog,
    scanned: [String: InheritedTerms] = [:]
  ) -> ModelAssessment {
    var notes = repository.notes
    let card = repository.card
    if let card { notes += card.notes.map { "\(card.path): \($0)" } }
    for file in repository.files {
      notes += file.weights?.notes.map { "\(file.path): \($0)" } ?? []
      if let problem = file.problem { notes.append("\(file.path): \(problem)") }
    }
    if card == nil, let readme = repository.files.first(where: \.isReadme) {
      notes.append(
        "\(readme.path): no-front-matter: the README has no YAML front matter, so the model "
          + "declares nothing")
    }
    let governing = governingDocuments(repository)
    let declaration = Declaration(card: card, files: repository.files, catalog: catalog)
    if let card, card.license?.lowercased() == "other", card.licenseName == nil {
      notes.append(
        "\(card.path): license-other-without-name: `license: other` without `license_name`")
    }
    var bases: [BaseModelReport] = []
    var inherited: [InheritedTerms] = []
    for (reference, line) in declaration.baseModels {
      let id = ModelCatalog.hubID(reference)
      if let terms = scanned[id.lowercased()] {
        bases.append(
          BaseModelReport(
            id: reference, terms: terms.terms, verdictClass: terms.verdictClass,
            source: "scanned", line: line))
        inherited.append(terms)
      } else if let terms = catalog.baseModelTerms(id) {
        bases.append(
          BaseModelReport(
            id: reference, terms: terms.terms, verdictClass: terms.verdictClass,
            source: "catalog", line: line))
        inherited.append(
          InheritedTerms(
            source: "base-model:\(id)", terms: terms.terms, verdictClass: terms.verdictClass,
            broken: terms.broken))
      } else {
        bases.append(
          BaseModelReport(
            id: reference, terms: nil, verdictClass: nil, source: "unknown", line: line))
        notes.append(
          "unknown-base-model: `\(reference)` is not in the base-model catalog and not in the "
            + "scanned tree; its terms are not checked")
      }
    }
    // Restrictive terms the model declares itself are believed (open ones need evidence).
    for declared in declaration.licenses {
      guard let terms = declared.license?.declaredTerms(declared.spdx) else { continue }
      inherited.append(terms)
    }
    let ownVerdict = VerdictEngine.verdict(forModel: governing)
    let verdict = VerdictEngine.verdict(forModel: governing, inheriting: inherited)
    let found = FoundLicenses(governing)
    let components = ComponentFinder(
      repository: repository, card: card, rules: catalog.components, found: found.expression)
    let definitions = Definitions(
      verdict: verdict, found: found, inherited: inherited,
      unknownBases: bases.filter { $0.terms == nil }.map(\.id), components: components,
      card: card, rules: catalog.components)
    let openWashing = OpenWashing(
      declaration: declaration, found: found, ownVerdict: ownVerdict, verdict: verdict,
      bases: bases,
      catalog: catalog, card: card, governing: governing, osaid: definitions.report.osaid
    ).findings
    return ModelAssessment(
      folder: repository.folder, id: repository.id, governingPaths: governing.map(\.path),
      card: card, declared: declaration.spdx, found: found.expression, baseModels: bases,
      openWashing: openWashing, components: components.report,
      definitions: definitions.report, verdict: verdict, documents: governing, notes: notes)
  }

  /// The documents that govern the model: its license, policy and NOTICE files; without
  /// them, the card's own license section when it has one.
  static func governingDocuments(_ repository: ModelRepository) -> [DocumentEvidence] {
    let documents = repository.files.filter(\.isGoverning).compactMap(\.evidence)
    if !documents.isEmpty { return documents }
    return repository.files.filter { $0.card != nil }.compactMap(\.evidence).filter {
      !$0.licenses.isEmpty || !$0.scan.hits.isEmpty || !$0.scan.grants.isEmpty
        || !$0.families.isEmpty
    }
  }
}

/// What the governing files are: the licenses identified in them (trusted references and
/// model-license fingerprints), as an expression and as keys to compare declarations with.
struct FoundLicenses {
  /// LicenseDB keys and `family:SLUG` of what was found.
  var keys: Set<String> = []
  /// The SPDX ids, in document order, once each.
  var ids: [String] = []
  /// Where each was found (first place).
  var places: [EvidenceLine] = []
  /// Whether every identified license is OSI-approved.
  var allOSIApproved = true

  init(_ documents: [DocumentEvidence]) {
    for document in documents {
      for fact in document.referencedLicenses where !fact.key.contains("unknown") {
        keys.insert(fact.key)
        allOSIApproved = allOSIApproved && fact.isOSIApproved
        add(fact.spdx, EvidenceLine(path: document.path, line: fact.startLine, text: fact.spdx))
      }
      // A fingerprint repeats what the LicenseDB identified in the same lines.
      let identified = document.referencedLicenses.filter {
        $0.coverage >= LicenseFact.evidenceCoverage
      }
      for family in document.families
      where !identified.contains(where: {
        $0.startLine <= family.endLine && family.startLine <= $0.endLine
      }) {
        keys.insert("family:\(family.family)")
        allOSIApproved = false
        add(
          family.id,
          EvidenceLine(
            path: document.path, line: family.startLine, text: "\(family.name) \(family.version)"))
      }
    }
  }

  private mutating func add(_ id: String, _ place: EvidenceLine) {
    guard !ids.contains(id) else { return }
    ids.append(id)
    places.append(place)
  }

  /// The found licenses joined with `AND`, or `nil`.
  var expression: String? { ids.isEmpty ? nil : ids.joined(separator: " AND ") }
}

/// One declaration of a license: by the card, or by a GGUF header.
struct DeclaredLicense {
  /// The declared license as SPDX id or `LicenseRef-…`.
  var spdx: String
  /// The catalog's meaning of the declared Hub id.
  var license: ModelCatalog.HubLicense?
  /// Where the declaration is.
  var place: EvidenceLine
}

/// What the model declares: the card's license fields and the GGUF headers' (the card's
/// first), and base models.
struct Declaration {
  /// Every declaration, the card's first.
  var licenses: [DeclaredLicense] = []
  /// Base-model references with the card line that names them.
  var baseModels: [(String, Int?)] = []

  /// The declared license as SPDX id or `LicenseRef-…` (the card's, else a header's).
  var spdx: String? { licenses.first?.spdx }
  /// The catalog's meaning of the first declaration.
  var license: ModelCatalog.HubLicense? { licenses.first?.license }
  /// Where the first declaration is.
  var place: EvidenceLine? { licenses.first?.place }

  init(card: ModelCard?, files: [ModelFile], catalog: ModelCatalog) {
    if let card, let id = card.license {
      let isOther = id.lowercased() == "other"
      if let named = isOther ? card.licenseName : id,
        let quote = card.quote(isOther ? "license_name" : "license")
      {
        let license = catalog.hubLicense(named)
        licenses.append(
          DeclaredLicense(
            spdx: license?.spdx ?? "LicenseRef-\(named)", license: license,
            place: EvidenceLine(path: card.path, line: quote.line, text: quote.text)))
      }
    }
    for header in files.compactMap(\.weights) {
      guard let id = header.field("general.license") else { continue }
      let license = catalog.hubLicense(id)
      licenses.append(
        DeclaredLicense(
          spdx: license?.spdx ?? "LicenseRef-\(id)", license: license,
          place: EvidenceLine(path: header.path, line: nil, text: "general.license = \(id)")))
    }
    if let card {
      baseModels = card.baseModels.map { ($0, card.fieldLines["base_model"]) }
    }
    if baseModels.isEmpty {
      for header in files.compactMap(\.weights) {
        let count = Int(header.field("general.base_model.count") ?? "") ?? 0
        for index in 0..<min(count, 16) {
          let prefix = "general.base_model.\(index)."
          if let url = header.field(prefix + "repo_url"), url.contains("huggingface.co/") {
            baseModels.append((url, nil))
          } else if let organization = header.field(prefix + "organization"),
            let name = header.field(prefix + "name")
          {
            baseModels.append(("\(organization)/\(name)", nil))
          }
        }
      }
    }
  }
}
