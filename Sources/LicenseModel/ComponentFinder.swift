#if canImport(Glibc)
  import Glibc
#endif

/// Finds the MOF components of a repository by the rules of `components.yaml`, and from them
/// the three OSAID components.
struct ComponentFinder {
  /// Each MOF component found: how, and the evidence.
  private(set) var found: [String: (ComponentStatus.Availability, [String])] = [:]
  /// The OSAID components.
  private(set) var report: ComponentReport
  /// The formats of the weight files, in file order, once each.
  private(set) var weightFormats: [String] = []

  /// Hosts whose links in a card count as a referenced code repository.
  static let codeHosts = ["github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/"]

  init(repository: ModelRepository, card: ModelCard?, rules: ComponentRules, found license: String?)
  {
    let codeExtensions = Set(rules.codeExtensions)
    for file in repository.files {
      if let format = file.weights?.format.rawValue, !weightFormats.contains(format) {
        weightFormats.append(format)
      }
    }
    // Each file's path and name are lower-cased once, for every rule's globs.
    let paths = repository.files.map { file in
      let relative = repository.relativePath(file)
      return Candidate(
        file: file, relative: relative, path: Array(relative.lowercased().utf8),
        name: Array(file.name.lowercased().utf8), isCode: Self.isCode(relative, codeExtensions))
    }
    for rule in rules.components {
      if let hit = Self.find(rule, paths, card) { found[rule.id] = hit }
    }
    let parameters: ComponentStatus =
      if let (_, evidence) = found["final-parameters"] {
        ComponentStatus(status: .present, license: license, evidence: evidence)
      } else {
        ComponentStatus(status: .absent, license: nil, evidence: [])
      }
    report = ComponentReport(
      parameters: parameters,
      code: Self.code(found, repository, card, codeExtensions, license),
      dataInformation: Self.dataInformation(found),
      mof: found.mapValues(\.0))
  }

  /// Whether component `id` was found (present or referenced).
  func has(_ id: String) -> Bool { found[id] != nil }

  private static func code(
    _ found: [String: (ComponentStatus.Availability, [String])], _ repository: ModelRepository,
    _ card: ModelCard?, _ codeExtensions: Set<String>, _ license: String?
  ) -> ComponentStatus {
    if let (_, evidence) = found["training-code"] {
      // The code's license: what its files declare, else the repository's.
      let declared = repository.files.filter { isCode($0.path, codeExtensions) }
        .flatMap(\.licenses)
      var seen: Set<String> = []
      let licenses = declared.filter { seen.insert($0).inserted }
      return ComponentStatus(
        status: .present,
        license: licenses.isEmpty ? license : licenses.joined(separator: " AND "),
        evidence: evidence + (found["inference-code"]?.1 ?? []))
    }
    if let card,
      let link = card.links.first(where: { link in
        codeHosts.contains { link.text.contains($0) }
      })
    {
      return ComponentStatus(
        status: .referenced, license: nil, evidence: ["\(card.path):\(link.line) \(link.text)"])
    }
    let inference = found["inference-code"]?.1 ?? []
    return ComponentStatus(
      status: .absent, license: nil,
      evidence: inference.isEmpty
        ? [] : ["inference code only: " + inference.joined(separator: ", ")])
  }

  private static func dataInformation(
    _ found: [String: (ComponentStatus.Availability, [String])]
  ) -> ComponentStatus {
    if let (status, evidence) = found["data-card"] {
      return ComponentStatus(status: status, license: nil, evidence: evidence)
    }
    if let (_, evidence) = found["datasets"] {
      return ComponentStatus(status: .referenced, license: nil, evidence: evidence)
    }
    return ComponentStatus(status: .absent, license: nil, evidence: [])
  }

  /// A file as the rules see it: relative path, lower-cased path and name, whether it is code.
  private struct Candidate {
    var file: ModelFile
    var relative: String
    var path: [UInt8]
    var name: [UInt8]
    var isCode: Bool
  }

  /// How `rule` finds its component among `candidates` or in the card, with evidence (at most
  /// a few items).
  private static func find(
    _ rule: ComponentRules.Rule, _ candidates: [Candidate], _ card: ModelCard?
  ) -> (ComponentStatus.Availability, [String])? {
    let limit = 3
    if rule.files != nil || rule.weights == true {
      // Globs match case-insensitively: both sides lower-cased.
      let globs = rule.globs
      var matching: [String] = []
      for candidate in candidates where matching.count < limit {
        if rule.weights == true, candidate.file.weights == nil { continue }
        if rule.codeOnly == true, !candidate.isCode { continue }
        if let globs,
          !globs.contains(where: { $0.matches(candidate.path) || $0.matches(candidate.name) })
        {
          continue
        }
        matching.append(candidate.relative)
      }
      if !matching.isEmpty { return (.present, matching) }
    }
    guard let card else { return nil }
    if rule.card == true { return (.present, [card.path]) }
    if let words = rule.headings {
      let minimum = rule.minWords ?? 0
      if let section = card.sections.first(where: { section in
        let heading = section.heading.lowercased()
        return section.words >= minimum && words.contains { heading.contains($0) }
      }) {
        return (.present, ["\(card.path):\(section.line) ## \(section.heading)"])
      }
    }
    if let fields = rule.fields, let field = fields.first(where: card.fields.contains) {
      let line = card.fieldLines[field].map { ":\($0)" } ?? ""
      return (.referenced, ["\(card.path)\(line) \(field)"])
    }
    if let fragments = rule.links,
      let link = card.links.first(where: { link in fragments.contains { link.text.contains($0) } })
    {
      return (.referenced, ["\(card.path):\(link.line) \(link.text)"])
    }
    return nil
  }

  static func isCode(_ path: String, _ extensions: Set<String>) -> Bool {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
    return extensions.contains(path[path.index(after: dot)...].lowercased())
  }
}
