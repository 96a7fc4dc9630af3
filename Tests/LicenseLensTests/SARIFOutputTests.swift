import Foundation
import LicenseClauses
import LicenseModel
import LicenseReport
import LicenseVerdict
import Testing

/// Writing and checking SARIF logs in the tests.
enum SARIFSupport {
  static let context = ReportContext(
    roots: ["."], tool: "licenselens 0.9.0", created: "2026-12-02T08:00:00Z")

  /// The SARIF log of `records` for a scan run from `workingDirectory`.
  static func log(
    _ records: [ScanRecord], workingDirectory: String, resultLimit: Int = SARIFWriter.resultLimit
  ) -> String {
    var writer = SARIFWriter(
      context: context, workingDirectory: workingDirectory, resultLimit: resultLimit)
    return writer.render(records)
  }

  /// What `tools/validate-sarif` says of `log` (the official 2.1.0 schema, then rule indexes,
  /// regions, URIs and GitHub's limits), and whether it found the log valid.
  static func validate(_ log: String) throws -> (valid: Bool, output: String) {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("scan.sarif")
    try Data(log.utf8).write(to: file)
    let result = try Support.python(
      [Support.tool("validate-sarif"), file.path], mergingErrors: true)
    return (result.status == 0, result.output)
  }

  /// The log's one run, parsed.
  static func run(_ log: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [String: Any]
    let runs = try #require(object?["runs"] as? [[String: Any]])
    #expect(object?["version"] as? String == "2.1.0")
    #expect(object?["$schema"] as? String == SARIFWriter.schemaURI)
    #expect(runs.count == 1)
    return try #require(runs.first)
  }

  /// A result flattened for assertions.
  struct Result: Hashable {
    var ruleID: String
    var level: String
    var message: String
    var uri: String?
    var baseID: String?
    var startLine: Int?
    var endLine: Int?
  }

  static func results(_ run: [String: Any]) -> [Result] {
    (run["results"] as? [[String: Any]] ?? []).map { result in
      let physical =
        (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
      let artifact = physical?["artifactLocation"] as? [String: Any]
      let region = physical?["region"] as? [String: Any]
      return Result(
        ruleID: result["ruleId"] as? String ?? "",
        level: result["level"] as? String ?? "",
        message: (result["message"] as? [String: Any])?["text"] as? String ?? "",
        uri: artifact?["uri"] as? String, baseID: artifact?["uriBaseId"] as? String,
        startLine: region?["startLine"] as? Int, endLine: region?["endLine"] as? Int)
    }
  }

  static func rules(_ run: [String: Any]) -> [[String: Any]] {
    let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
    return driver?["rules"] as? [[String: Any]] ?? []
  }

  /// The number of restrictive clause hits in the file records.
  static func fileHits(_ records: [ScanRecord]) -> Int {
    ClauseSupport.files(records).reduce(0) { $0 + $1.clauses.count }
  }
}

@Suite("SARIF output")
struct SARIFOutputTests {
  /// The bundled examples: valid under the official schema, the field-of-use ban of the use
  /// policy at its line as an error, the fine-tune's open-washing at its card line, and the
  /// model objects' clauses (which repeat their files' hits) not reported twice.
  @Test func examplesFolder() throws {
    let records = ClauseSupport.records([Support.root.appendingPathComponent("examples").path])
    let log = SARIFSupport.log(records, workingDirectory: Support.root.path)
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let run = try SARIFSupport.run(log)
    let results = SARIFSupport.results(run)

    let ban = try #require(
      results.first {
        $0.ruleID == "use.field-of-use-ban" && $0.uri == "examples/model/USE_POLICY.md"
      })
    #expect(ban.level == "error")
    #expect(ban.baseID == "%SRCROOT%")
    #expect(ban.startLine == 21 && ban.endLine == 21)
    #expect(ban.message.contains("\"support any military or weapons-related activity;\""))

    let model = try #require(
      ClauseSupport.models(records).first { $0.folder.hasSuffix("examples/model") })
    #expect(!model.clauses.isEmpty)
    #expect(Set(results).count == results.count, "a result repeats")
    let clauseResults = results.filter { !$0.ruleID.hasPrefix("open-washing/") }
    #expect(clauseResults.count == SARIFSupport.fileHits(records))

    let washing = try #require(
      results.first { $0.ruleID == "open-washing/base-model-terms" })
    #expect(washing.level == "error")
    #expect(washing.uri == "examples/hf-model/README.md")
    #expect(washing.startLine == 2)
    #expect(washing.message.contains("meta-llama/Llama-3.1-8B"))

    let rules = SARIFSupport.rules(run)
    let banRule = try #require(rules.first { $0["id"] as? String == "use.field-of-use-ban" })
    let hit = try #require(
      ClauseSupport.files(records).flatMap(\.clauses).first { $0.id == "use.field-of-use-ban" })
    #expect((banRule["fullDescription"] as? [String: Any])?["text"] as? String == hit.explanation)
    #expect(
      (banRule["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
    #expect(
      ((banRule["properties"] as? [String: Any])?["tags"] as? [String])?.contains("use") == true)
    let ids = rules.compactMap { $0["id"] as? String }
    #expect(Set(ids) == Set(results.map(\.ruleID)), "one rule per rule id that occurs")
  }

  /// The model fixtures: every open-washing finding is one result at a card line of its
  /// repository, under the rule of its kind; all four kinds occur; the unreadable links of the
  /// hub cache make the invocation unsuccessful, with a notification per file.
  @Test(.enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
  func modelFixtures() throws {
    let folder = try ModelFixtures.folder.get()
    let records = ModelFixtures.records
    let log = SARIFSupport.log(records, workingDirectory: folder.path)
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let run = try SARIFSupport.run(log)
    let results = SARIFSupport.results(run)
    let findings = ClauseSupport.models(records).flatMap(\.openWashing)
    let washing = results.filter { $0.ruleID.hasPrefix("open-washing/") }
    #expect(washing.count == findings.count)
    #expect(
      Set(washing.map(\.ruleID))
        == Set(
          ["declared-vs-found", "base-model-terms", "open-source-claim", "missing-terms"].map {
            "open-washing/\($0)"
          }))
    let mismatch = try #require(
      washing.first { $0.ruleID == "open-washing/declared-vs-found" })
    #expect(mismatch.uri == "plain/open-washed-chat/README.md")
    #expect(mismatch.startLine == 2)
    #expect(mismatch.message.contains("license: apache-2.0"))
    #expect(mismatch.message.contains("CC-BY-NC-4.0"))
    let missing = try #require(washing.first { $0.ruleID == "open-washing/missing-terms" })
    #expect(missing.level == "warning")
    #expect(missing.uri == "plain/other-without-name/README.md")
    #expect(results.count - washing.count == SARIFSupport.fileHits(records))

    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notes = invocation["toolExecutionNotifications"] as? [[String: Any]] ?? []
    #expect(notes.count == ClauseSupport.files(records).filter { !$0.errors.isEmpty }.count)
  }

  /// 1,200 generated files in folders whose names need percent-encoding: the log stays valid,
  /// every clause hit is one result, and every URI decodes back to its file's path.
  @Test func generatedTree() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let texts = try ["mit", "apache-2.0", "bsd-new", "isc", "llama-2-license-2023"].map {
      try Support.licenseText($0)
    }
    let folders = ["plain", "with space", "ünïcödé", "percent%and#hash", "colon:name"]
    for number in 0..<1200 {
      let project = folder.appendingPathComponent(
        "\(folders[number % folders.count])/project-\(number / 10)")
      try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
      let content: String
      let name: String
      switch number % 6 {
      case 0, 1, 2:
        name = ["LICENSE", "COPYING", "LICENSE.txt"][number % 6]
        content = "Copyright (c) \(2000 + number % 25) Holder \(number)\n\n" + texts[number % 4]
      case 3:
        name = number % 12 == 3 ? "MODEL_LICENSE.txt" : "NOTES.md"
        content = number % 12 == 3 ? texts[4] : "Release notes \(number): fixed the parser.\n"
      case 4:
        name = "main \(number).c"
        content = "// SPDX-License-Identifier: MIT\nint main(void) { return \(number); }\n"
      default:
        name = "README.md"
        content = "# Project \(number)\n\nA small tool. See LICENSE for the terms.\n"
      }
      try Data(content.utf8).write(to: project.appendingPathComponent(name))
    }
    let records = ClauseSupport.records([folder.path])
    let files = ClauseSupport.files(records)
    #expect(files.count == 1200)
    let log = SARIFSupport.log(records, workingDirectory: folder.path)
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let results = SARIFSupport.results(try SARIFSupport.run(log))
    #expect(SARIFSupport.fileHits(records) >= 20)
    #expect(results.count == SARIFSupport.fileHits(records))
    let paths = Set(files.map { String($0.path.dropFirst(folder.path.count + 1)) })
    for result in results {
      let decoded = try #require(result.uri?.removingPercentEncoding)
      #expect(paths.contains(decoded), "\(result.uri ?? "")")
      #expect(result.uri?.contains(" ") == false)
    }
    #expect(results.contains { $0.uri?.hasPrefix("%C3%BC") == true })
  }

  /// Quoted sentences and paths holding markup, a `javascript:` scheme, control characters,
  /// braces and line separators stay valid JSON and SARIF, and read back unchanged (braces
  /// doubled, as SARIF message text requires).
  @Test func hostileText() throws {
    let sentence =
      "You may not use it for <script>alert(1)</script></svg> javascript:alert(1) "
      + "\u{0001}\u{001B}[31m \"quoted\" \\ {0} \u{2028} \u{7F} military ends."
    let hit = ClauseHit(
      id: "use.field-of-use-ban", freedoms: [.use], severity: .blocks, startLine: 3, endLine: 4,
      text: sentence, explanation: "Why </script> matters.")
    let path = "terms/javascript:alert(1)/é <svg>.md"
    let file = FileScanResult(
      path: path,
      evidence: DocumentEvidence(
        path: path, kind: .license, scan: ClauseScan(hits: [hit], benign: [], issues: [])))
    let log = SARIFSupport.log([.file(file)], workingDirectory: "/work")
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let result = try #require(SARIFSupport.results(try SARIFSupport.run(log)).first)
    let doubled = sentence.replacingOccurrences(of: "{0}", with: "{{0}}")
    #expect(result.message.contains(doubled))
    #expect(result.uri == "terms/javascript%3Aalert%281%29/%C3%A9%20%3Csvg%3E.md")
    #expect(result.startLine == 3 && result.endLine == 4)

    // The same sentence in a real use policy, through the whole scan.
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let policy = "# Acceptable use\n\nYou must not use the model to:\n- " + sentence + "\n"
    try Data(policy.utf8).write(to: folder.appendingPathComponent("USE_POLICY.md"))
    let records = ClauseSupport.records([folder.path])
    let scanned = SARIFSupport.log(records, workingDirectory: folder.path)
    let scannedCheck = try SARIFSupport.validate(scanned)
    #expect(scannedCheck.valid, "\(scannedCheck.output)")
    #expect(SARIFSupport.fileHits(records) > 0)
  }

  /// Paths outside the working directory are absolute `file:` URIs without a base id; `./`
  /// and `..` are resolved; the base id itself is the working directory's `file:` URI.
  @Test func locationsOutsideTheWorkingDirectory() throws {
    let hit = ClauseHit(
      id: "use.non-commercial", freedoms: [.use, .modify, .share], severity: .caution,
      startLine: 1, endLine: 1, text: "Non-commercial use only.", explanation: "Not open.")
    let records = ["/elsewhere/LICENSE", "./a/../b/LICENSE", "/srv/repo/c d/LICENSE"].map {
      ScanRecord.file(
        FileScanResult(
          path: $0,
          evidence: DocumentEvidence(
            path: $0, kind: .license, scan: ClauseScan(hits: [hit], benign: [], issues: []))))
    }
    let log = SARIFSupport.log(records, workingDirectory: "/srv/repo/")
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let run = try SARIFSupport.run(log)
    let results = SARIFSupport.results(run)
    #expect(results.map(\.uri) == ["file:///elsewhere/LICENSE", "b/LICENSE", "c%20d/LICENSE"])
    #expect(results.map(\.baseID) == [nil, "%SRCROOT%", "%SRCROOT%"])
    #expect(results.allSatisfy { $0.level == "warning" })
    let bases = run["originalUriBaseIds"] as? [String: [String: String]]
    #expect(bases?["%SRCROOT%"]?["uri"] == "file:///srv/repo/")
  }

  /// Past the result limit (GitHub accepts 25,000 per run) results are counted, not written,
  /// and a notification says how many were left out; the rules stay consistent.
  @Test func resultLimit() throws {
    let records = ClauseSupport.records([Support.root.appendingPathComponent("examples").path])
    let log = SARIFSupport.log(records, workingDirectory: Support.root.path, resultLimit: 3)
    let check = try SARIFSupport.validate(log)
    #expect(check.valid, "\(check.output)")
    let run = try SARIFSupport.run(log)
    #expect(SARIFSupport.results(run).count == 3)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    let notes = invocation["toolExecutionNotifications"] as? [[String: Any]] ?? []
    let text = (notes.last?["message"] as? [String: Any])?["text"] as? String ?? ""
    let findings = ClauseSupport.models(records).flatMap(\.openWashing).count
    #expect(text.hasPrefix("\(SARIFSupport.fileHits(records) + findings - 3) results left out"))
  }

  /// `--format sarif` names this writer.
  @Test func formatOption() {
    #expect(ReportFormat(rawValue: "sarif") == .sarif)
    #expect(ReportFormat.sarif.makeWriter(context: SARIFSupport.context) is SARIFWriter)
  }
}
