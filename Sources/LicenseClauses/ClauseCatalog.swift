import Foundation
import RegexEngine

typealias RegexPattern = RegexEngine.Regex

/// A clause rule ready to run: its file, compiled patterns and guards.
public struct ClauseRule: Sendable {
  /// The rule as written in its YAML file.
  public let definition: ClauseRuleFile
  let patterns: [RegexPattern]
  let guards: [RegexPattern]
  let literals: [[UInt8]]
  let listIntros: [RegexPattern]
  let listItems: [RegexPattern]
  /// The second gate (``ClauseRuleFile/requires``): folded literals, empty when the rule has
  /// none.
  let requirement: [[UInt8]]

  /// The clause id.
  public var id: String { definition.id }
}

/// The clause catalog: one rule per YAML file of `license-corpus/clauses/`, patterns compiled
/// once (JIT). Adding a clause type means adding a file.
public struct ClauseCatalog: Sendable {
  /// All rules, restrictive and benign, in file-name order.
  public let rules: [ClauseRule]
  /// The position in ``rules`` of each clause id.
  private let positions: [String: Int]

  /// Creates the catalog of `rules` (clause ids distinct but for variants).
  init(rules: [ClauseRule]) {
    self.rules = rules
    positions = Dictionary(
      rules.enumerated().filter { $0.element.definition.variant == nil }.map {
        ($0.element.id, $0.offset)
      }, uniquingKeysWith: { first, _ in first }
    )
  }

  /// Loads and compiles every `*.yaml` file of `directory`.
  public static func load(directory: URL) throws -> ClauseCatalog {
    let files = try YAMLDirectory.load(ClauseRuleFile.self, from: directory)
    var seen: Set<String> = []
    var variants: Set<String> = []
    var rules: [ClauseRule] = []
    for (url, file) in files {
      if let variant = file.variant {
        guard variants.insert(file.id + "." + variant).inserted else {
          throw CatalogError.duplicateID(file.id + "." + variant)
        }
      } else {
        guard seen.insert(file.id).inserted else { throw CatalogError.duplicateID(file.id) }
      }
      rules.append(
        ClauseRule(
          definition: file,
          patterns: try file.patterns.map { try YAMLDirectory.compile($0, in: url) },
          guards: try (file.guards ?? []).map { try YAMLDirectory.compile($0, in: url) },
          literals: (file.literals ?? []).map { Array($0.utf8) },
          listIntros: try (file.listIntros ?? []).map { try YAMLDirectory.compile($0, in: url) },
          listItems: try (file.listItems ?? []).map { try YAMLDirectory.compile($0, in: url) },
          requirement: try requirement(file.requires, in: url)))
    }
    for (url, file) in files {
      let variantOf = file.variant == nil ? [] : [file.id]
      for id in (file.suppresses ?? []) + (file.unlessDocumentHas ?? []) + variantOf
      where !seen.contains(id) {
        throw CatalogError.unknownReference(path: url.path, id: id)
      }
    }
    return ClauseCatalog(rules: rules)
  }

  private static func requirement(_ literals: [String]?, in url: URL) throws -> [[UInt8]] {
    guard let literals, !literals.isEmpty else { return [] }
    for literal in literals
    where literal.utf8.count < 4
      || literal.utf8.contains(where: { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) })
    {
      throw CatalogError.invalidFile(
        path: url.path, reason: "requires: '\(literal)' is not lowercase ASCII of 4 bytes or more")
    }
    return literals.map { Array($0.utf8) }
  }

  /// The rule with clause id `id`.
  public func rule(id: String) -> ClauseRule? { positions[id].map { rules[$0] } }
}
