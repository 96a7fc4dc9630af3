import Foundation
import LicensePolicy
import LicenseReport
import Testing

/// CI policy gates: each rule kind on the records of the bundled examples, exit statuses of the
/// command, and policy files that cannot be used.
@Suite("Policy gates")
struct PolicyTests {
  /// The records of scanning the bundled examples (a terms folder with clause hits, a
  /// fine-tune with open-washing findings, source and NOTICE files).
  static let records = ClauseSupport.records([Support.root.appendingPathComponent("examples").path])

  static let clauseIDs = Set(ClauseSupport.analysis.scanner.catalog.rules.map(\.id))

  func violations(_ yaml: String) throws -> [PolicyViolation] {
    let gate = PolicyGate(
      policy: try Policy.parse(yaml, path: "policy.yml", clauseIDs: Self.clauseIDs))
    return Self.records.flatMap(gate.violations(in:))
  }

  @Test func clauseRulesNameTheFileAndLines() throws {
    let found = try violations("deny:\n  clauses: [\"use.field-*\"]\n")
    let violation = try #require(found.first)
    #expect(found.count == 1)
    #expect(violation.level == .deny)
    #expect(violation.path.hasSuffix("examples/model/USE_POLICY.md"))
    #expect(violation.lines == 21...21)
    #expect(violation.rule == "clauses:use.field-*")
    #expect(violation.line.contains("USE_POLICY.md:21: clauses:use.field-*"))
  }

  @Test func verdictRulesCoverFilesAndModels() throws {
    let found = try violations("warn:\n  verdicts: [restricted-open-weights]\n")
    #expect(found.allSatisfy { $0.level == .warn })
    let paths = Set(found.map { ($0.path as NSString).lastPathComponent })
    #expect(paths == ["LICENSE.md", "USE_POLICY.md", "model", "hf-model"])
  }

  @Test func osaidAndOpenWashingRulesCoverModels() throws {
    let osaid = try violations("deny:\n  osaid: [fail-terms]\n")
    #expect(Set(osaid.map { ($0.path as NSString).lastPathComponent }) == ["model", "hf-model"])
    let washing = try violations("deny:\n  open_washing: [base-model-terms, open-source-claim]\n")
    #expect(
      washing.map(\.rule) == ["open_washing:base-model-terms", "open_washing:open-source-claim"])
    #expect(washing.first?.path.hasSuffix("examples/hf-model/README.md") == true)
    #expect(washing.first?.lines == 2...2)
  }

  @Test func licenseAndCategoryRulesWithAllowLists() throws {
    let licenses = try violations("deny:\n  licenses: [\"GPL-*\", Apache-2.0]\n")
    #expect(
      Set(licenses.map { ($0.path as NSString).lastPathComponent }) == ["NOTICE.txt", "parser.c"])
    let categories = try violations("deny:\n  categories: [copyleft]\n")
    #expect(categories.map(\.rule) == ["categories:copyleft"])
    #expect(categories.first?.detail == "GPL-2.0-or-later is filed under Copyleft")
    // Allowed paths and licenses are never reported.
    let allowed = try violations(
      "deny:\n  licenses: [\"GPL-*\", Apache-2.0]\nallow:\n  paths: [third_party]\n"
        + "  licenses: [Apache-2.0]\n")
    #expect(allowed.isEmpty)
  }

  @Test func unusablePoliciesNameTheLine() throws {
    let cases: [(String, Int?, String)] = [
      ("deny:\n  clauses: [use.no-such-clause]\n", 2, "no clause id matches"),
      ("deny:\n  verdicts: [open]\n", 2, "unknown verdict class `open`"),
      ("warn:\n  osaid: [pass]\n  license: [MIT]\n", 3, "unknown rule `license`"),
      ("deny:\n  verdicts: [non-commercial\n", 3, "did not find expected"),
      ("permit:\n  paths: [x]\n", 1, "unknown key `permit`"),
      ("- deny\n", 1, "a policy is a map"),
    ]
    for (yaml, line, message) in cases {
      #expect(throws: PolicyError.self, "\(yaml)") {
        try Policy.parse(yaml, path: "p.yml", clauseIDs: Self.clauseIDs)
      }
      do {
        _ = try Policy.parse(yaml, path: "p.yml", clauseIDs: Self.clauseIDs)
      } catch let error as PolicyError {
        #expect(error.line == line, "\(yaml)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("p.yml:"))
      }
    }
    #expect(try Policy.parse("", path: "p.yml") == Policy())
  }

  /// The command: exit 3 when a deny rule fires, 0 with warnings only, 2 for an unusable
  /// policy (and nothing written on standard output).
  @Test func exitStatuses() throws {
    let built = try Support.builtReleaseBinary()
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let examples = folder.appendingPathComponent("examples")
    try FileManager.default.copyItem(
      at: Support.root.appendingPathComponent("examples"), to: examples)
    func run(_ arguments: [String]) throws -> Support.ProcessOutput {
      try Support.run(built, ["scan", "--quiet", "--format", "jsonl"] + arguments)
    }
    // The policy at the scanned root is found by itself.
    try Data("deny:\n  clauses: [use.field-of-use-ban]\n".utf8).write(
      to: examples.appendingPathComponent(".licenselens.yml"))
    let denied = try run([examples.path])
    #expect(denied.status == 3)
    #expect(denied.errors.contains("deny: \(examples.path)/model/USE_POLICY.md:21"))
    #expect(denied.output.split(separator: "\n").count > 5)

    let warnOnly = folder.appendingPathComponent("warn.yml")
    try Data("warn:\n  verdicts: [restricted-open-weights]\n".utf8).write(to: warnOnly)
    let warned = try run(["--policy", warnOnly.path, examples.path])
    #expect(warned.status == 0)
    #expect(warned.errors.contains("warn: \(examples.path)/model:"))

    let broken = folder.appendingPathComponent("broken.yml")
    try Data("deny:\n  osaid: [fail]\n".utf8).write(to: broken)
    let refused = try run(["--policy", broken.path, examples.path])
    #expect(refused.status == 2)
    #expect(refused.errors.contains("broken.yml:2: unknown OSAID outcome `fail`"))
    #expect(refused.output.isEmpty)
  }
}
