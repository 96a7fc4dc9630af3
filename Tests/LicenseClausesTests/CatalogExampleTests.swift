import LicenseClauses
import Testing

@Suite struct CatalogExampleTests {
  @Test func catalogCoversTheTaxonomy() {
    let ids = Set(Fixtures.catalog.rules.map(\.id))
    let taxonomy = [
      "use.aup-prohibited-uses", "use.field-of-use-ban", "use.mau-threshold",
      "use.revenue-threshold", "use.non-commercial", "use.non-production", "use.geo-restriction",
      "use.policy-unilateral-update", "use.remote-restriction", "use.revocable-grant",
      "use.forced-update", "use.output-restrictions", "use.disclosure-mandate",
      "use.reporting-obligation", "use.broad-ip-retaliation", "use.patent-rights-excluded",
      "modify.no-improving-other-models", "modify.no-guardrail-circumvention",
      "modify.derivative-scope-overreach", "modify.no-derivatives",
      "share.pass-through-use-restrictions", "share.naming-attribution-mandate",
      "share.no-redistribution", "study.no-reverse-engineering",
      "study.publication-acknowledgement", "use.law-compliance-mandate",
      "share.license-must-accompany", "share.notice-retention", "share.modification-notice",
      "share.reasonable-attribution", "share.copyleft-same-license",
      "use.patent-retaliation-narrow", "use.termination-on-breach", "meta.warranty-disclaimer",
      "meta.no-trademark-grant", "meta.no-output-claim", "meta.circumvention-permission",
      "meta.noncommercial-word-in-free-license", "meta.governing-law",
      "share.derivative-ownership",
    ]
    #expect(Set(taxonomy).subtracting(ids).isEmpty, "missing: \(Set(taxonomy).subtracting(ids))")
  }

  /// Every rule by its file name: its clause id, `ID.VARIANT` for a variant.
  static let rules = Fixtures.catalog.rules.map(name)

  static func name(_ rule: ClauseRule) -> String {
    rule.definition.variant.map { "\(rule.id).\($0)" } ?? rule.id
  }

  /// The ids of every clause, restrictive, benign or grant, found in `example`.
  static func ids(in example: String) -> [String] {
    let scan = Fixtures.scanner.scan(example)
    return (scan.hits + scan.benign + scan.grants).map(\.id)
  }

  @Test(arguments: rules)
  func positiveExamplesHit(name: String) throws {
    let rule = try #require(Fixtures.catalog.rules.first { Self.name($0) == name })
    let (id, examples) = (rule.id, rule.definition.examples)
    #expect(!examples.positive.isEmpty)
    for example in examples.positive {
      #expect(Self.ids(in: example).contains(id), "\(id) missed: \(example)")
    }
  }

  @Test(arguments: rules)
  func negativeExamplesDoNotHit(name: String) throws {
    let rule = try #require(Fixtures.catalog.rules.first { Self.name($0) == name })
    let (id, examples) = (rule.id, rule.definition.examples)
    #expect(!examples.negative.isEmpty)
    for example in examples.negative {
      #expect(!Self.ids(in: example).contains(id), "\(id) fired on: \(example)")
    }
  }
}
