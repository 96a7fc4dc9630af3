import Foundation
import LicenseModel
import LicenseReport
import LicenseScan
import LicenseText
import Testing

/// Scans with SHA-1, writes SPDX documents and runs the SPDX validators on them (`pyspdxtools`
/// from the spdx-tools PyPI package for 2.3, `tools/validate-spdx3` over the spdx-python-model
/// bindings for 3.0.1; `tools/setup` installs both).
enum SPDXSupport {
  static let created = "2026-12-02T08:00:00Z"

  /// The records of scanning `paths` with clause analysis, the model view and SHA-1.
  static func records(_ paths: [String]) -> [ScanRecord] {
    BatchScanner(
      index: Support.index, jobs: 2, clauses: ClauseSupport.analysis,
      models: ClauseSupport.models, sha1: true
    ).records(PathWalker().entries(paths))
  }

  /// The whole document `format` writes for `records`, in a temporary file.
  static func document(_ records: [ScanRecord], _ format: ReportFormat, roots: [String])
    throws -> URL
  {
    var writer = format.makeWriter(context: ReportContext(roots: roots, created: created))
    let text = writer.render(records)
    let url = try Support.temporaryFolder().appendingPathComponent("scan.\(format.rawValue).json")
    try Data(text.utf8).write(to: url)
    return url
  }

  /// The document parsed as JSON.
  static func json(_ url: URL) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  /// Runs `arguments` and returns its exit status and its standard output and error together.
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let result = try Support.run(
      URL(fileURLWithPath: "/usr/bin/env"), arguments, mergingErrors: true)
    return (result.status, result.output)
  }

  /// Validates both documents of `records` and returns them parsed.
  static func validatedDocuments(_ records: [ScanRecord], roots: [String]) throws -> (
    spdx2: [String: Any], spdx3: [String: Any]
  ) {
    let spdx2 = try document(records, .spdxJSON, roots: roots)
    let checked2 = try run(["pyspdxtools", "-i", spdx2.path])
    #expect(checked2.status == 0, "pyspdxtools: \(checked2.output)")
    #expect(!checked2.output.lowercased().contains("error"), "pyspdxtools: \(checked2.output)")
    let spdx3 = try document(records, .spdx3JSON, roots: roots)
    let checked3 = try run([
      "python3", Support.root.appendingPathComponent("tools/validate-spdx3").path, spdx3.path,
    ])
    #expect(checked3.status == 0, "validate-spdx3: \(checked3.output)")
    #expect(checked3.output.hasPrefix("valid: "), "validate-spdx3: \(checked3.output)")
    return (try json(spdx2), try json(spdx3))
  }

  /// Writes `projects` folders of ten files each, chosen by a fixed pseudo-random sequence:
  /// a LICENSE (a common license or any LicenseDB text), a README without license, and eight
  /// source files, half of them with an `SPDX-License-Identifier` tag.
  static func writeTree(into folder: URL, projects: Int) throws {
    let keys = try FileManager.default.contentsOfDirectory(
      atPath: Support.corpus.appendingPathComponent("licenses").path
    ).filter { $0.hasSuffix(".LICENSE") }.map { String($0.dropLast(".LICENSE".count)) }.sorted()
    let common = ["mit", "apache-2.0", "bsd-new", "gpl-2.0", "gpl-3.0", "lgpl-2.1", "mpl-2.0"]
    let tags = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "MPL-2.0", "ISC"]
    var state: UInt64 = 11
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for project in 0..<projects {
      let root = folder.appendingPathComponent("project-\(project)")
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
      let key = next(5) < 4 ? common[next(common.count)] : keys[next(keys.count)]
      try Data(Support.licenseText(key).utf8).write(to: root.appendingPathComponent("LICENSE"))
      try Data("# Project \(project)\n\nA small tool that reads tide tables.\n".utf8).write(
        to: root.appendingPathComponent("README.md"))
      for file in 0..<8 {
        let header =
          file % 2 == 0 ? "// SPDX-License-Identifier: \(tags[next(tags.count)])\n" : ""
        let body = (0..<(5 + next(40))).map { "let value\($0) = \(next(1000)) // step \($0)" }
        try Data((header + body.joined(separator: "\n") + "\n").utf8).write(
          to: root.appendingPathComponent("src/file\(file).swift"))
      }
    }
  }

  static func files(_ document: [String: Any]) -> [[String: Any]] {
    document["files"] as? [[String: Any]] ?? []
  }

  static func graph(_ document: [String: Any], type: String) -> [[String: Any]] {
    (document["@graph"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == type }
  }

  /// The `to` of the relationships of `type` from `from`.
  static func related(_ document: [String: Any], from: String, _ type: String) -> [String] {
    graph(document, type: "Relationship").filter {
      $0["from"] as? String == from && $0["relationshipType"] as? String == type
    }.flatMap { $0["to"] as? [String] ?? [] }
  }

  /// The expressions of the license elements `ids` name.
  static func expressions(_ document: [String: Any], _ ids: [String]) -> [String] {
    graph(document, type: "simplelicensing_LicenseExpression").filter {
      ids.contains($0["spdxId"] as? String ?? "")
    }.compactMap { $0["simplelicensing_licenseExpression"] as? String }
  }

  /// The element of `type` named `name`.
  static func named(_ document: [String: Any], _ type: String, _ name: String) -> [String: Any]? {
    graph(document, type: type).first { $0["name"] as? String == name }
  }
}

@Suite("SPDX output")
struct SPDXOutputTests {
  /// SHA-1 is computed only when asked for, from the bytes read, and JSON Lines never shows it.
  @Test func sha1OnlyWhenAskedFor() {
    var plain = FileScanner(index: Support.index)
    var withSHA1 = FileScanner(index: Support.index, sha1: true)
    let without = plain.scan(bytes: Array("abc".utf8), path: "abc.txt")
    let with = withSHA1.scan(bytes: Array("abc".utf8), path: "abc.txt")
    #expect(without.sha1 == nil)
    #expect(with.sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(with.sha256 == without.sha256)
    #expect(ReportRenderer.jsonObject(with) == ReportRenderer.jsonObject(without))
    #expect(ReportFormat.spdxJSON.needsSHA1 && !ReportFormat.jsonl.needsSHA1)
  }

  /// The bundled examples (a Hugging Face model folder among them) give valid documents that
  /// say what the scan found.
  @Test func examplesGiveValidDocuments() throws {
    let root = Support.root.appendingPathComponent("examples").path
    let records = SPDXSupport.records([root])
    let (spdx2, spdx3) = try SPDXSupport.validatedDocuments(records, roots: [root])

    let files = SPDXSupport.files(spdx2)
    let license = try #require(files.first { $0["fileName"] as? String == "./hf-model/LICENSE" })
    #expect(license["licenseInfoInFiles"] as? [String] == ["MIT"])
    let scanned = ClauseSupport.files(records).first { $0.path == root + "/hf-model/LICENSE" }
    let checksums = license["checksums"] as? [[String: String]] ?? []
    #expect(
      checksums.contains { $0["algorithm"] == "SHA256" && $0["checksumValue"] == scanned?.sha256 })
    // The weights are read only to their header: no SHA-1, so excluded and said so.
    #expect(!files.contains { ($0["fileName"] as? String)?.hasSuffix(".safetensors") == true })
    let package = try #require((spdx2["packages"] as? [[String: Any]])?.first)
    let code = package["packageVerificationCode"] as? [String: Any]
    #expect(
      code?["packageVerificationCodeExcludedFiles"] as? [String] == ["./hf-model/model.safetensors"]
    )
    let custom = spdx2["hasExtractedLicensingInfos"] as? [[String: Any]] ?? []
    let unknown = try #require(custom.first { $0["licenseId"] as? String == "LicenseRef-unknown" })
    #expect((unknown["comment"] as? String)?.contains("restricted-open-weights") == true)

    let model = try #require(SPDXSupport.named(spdx3, "ai_AIPackage", root + "/hf-model"))
    let id = try #require(model["spdxId"] as? String)
    let declared = SPDXSupport.related(spdx3, from: id, "hasDeclaredLicense")
    #expect(SPDXSupport.expressions(spdx3, declared) == ["MIT"])
    let base = try #require(SPDXSupport.named(spdx3, "ai_AIPackage", "meta-llama/Llama-3.1-8B"))
    let baseID = try #require(base["spdxId"] as? String)
    #expect(SPDXSupport.related(spdx3, from: baseID, "ancestorOf") == [id])
    let baseTerms = SPDXSupport.related(spdx3, from: baseID, "hasDeclaredLicense")
    #expect(SPDXSupport.expressions(spdx3, baseTerms).first?.contains("llama") == true)
    #expect(SPDXSupport.related(spdx3, from: id, "trainedOn").count == 1)
    let file = try #require(SPDXSupport.named(spdx3, "software_File", root + "/hf-model/LICENSE"))
    let fileLicense = SPDXSupport.related(
      spdx3, from: file["spdxId"] as? String ?? "", "hasDeclaredLicense")
    #expect(SPDXSupport.expressions(spdx3, fileLicense) == ["MIT"])
  }

  /// Every model fixture (OSI validation mirrors, open-washed cards, GGUF files, bad input, the
  /// hub-cache layout with its links) gives valid documents with one AI package per model.
  @Test(.enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
  func modelFixturesGiveValidDocuments() throws {
    let folder = try ModelFixtures.folder.get().path
    let records = SPDXSupport.records([folder])
    let (_, spdx3) = try SPDXSupport.validatedDocuments(records, roots: [folder])
    let models = ClauseSupport.models(records)
    #expect(models.count >= 20)
    for model in models {
      let name = model.id ?? model.folder
      #expect(SPDXSupport.named(spdx3, "ai_AIPackage", name) != nil, "\(name)")
    }
    let fineTune = try #require(models.first { $0.declared == "MIT" && !$0.baseModels.isEmpty })
    let package = try #require(
      SPDXSupport.named(spdx3, "ai_AIPackage", fineTune.id ?? fineTune.folder))
    let declared = SPDXSupport.related(
      spdx3, from: package["spdxId"] as? String ?? "", "hasDeclaredLicense")
    #expect(SPDXSupport.expressions(spdx3, declared) == ["MIT"])
  }

  /// A generated tree of 1,000 files (100 projects: a LICENSE from the LicenseDB, common and
  /// long-tail licenses alike, a README and source files, half with an SPDX tag) gives valid
  /// documents whose files carry exactly the licenses of the scan. (`tools/make-corpus` forks a
  /// process pool, which hangs when started from the test process: the children inherit its
  /// blocked signals.)
  @Test func generatedTreeGivesValidDocuments() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try SPDXSupport.writeTree(into: folder.appendingPathComponent("tree"), projects: 100)
    let root = folder.appendingPathComponent("tree").path
    let records = SPDXSupport.records([root])
    let (spdx2, _) = try SPDXSupport.validatedDocuments(records, roots: [root])
    let files = SPDXSupport.files(spdx2)
    #expect(files.count >= 1000)
    let byName = Dictionary(
      files.map { ($0["fileName"] as? String ?? "", $0["licenseInfoInFiles"] as? [String] ?? []) },
      uniquingKeysWith: { first, _ in first })
    var withLicense = 0
    for result in ClauseSupport.files(records) where result.sha1 != nil {
      let ids =
        result.identification.licenses.filter { !$0.license.isException }.map(\.license.spdx)
        + result.fingerprints.map(\.id)
      var unique: [String] = []
      for id in ids where !unique.contains(id) { unique.append(id) }
      let name = "./" + result.path.dropFirst(root.count + 1)
      #expect(byName[name] == (unique.isEmpty ? ["NOASSERTION"] : unique), "\(name)")
      if !unique.isEmpty { withLicense += 1 }
    }
    #expect(withLicense > 400)
    let custom = spdx2["hasExtractedLicensingInfos"] as? [[String: Any]] ?? []
    #expect(
      custom.contains { ($0["licenseId"] as? String)?.hasPrefix("LicenseRef-scancode-") == true })
  }

  /// Markup, script URLs and control characters in a license text and in file names still
  /// give valid JSON and valid documents.
  @Test func hostileTextGivesValidDocuments() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile =
      "</svg><script>alert(1)</script> javascript:alert(1) \u{0001}\u{001B}[31m \"quoted\" \\"
    let text =
      try Support.licenseText("mit")
      + "\n\nYou may not use this software for any military purpose. "
      + hostile + "\n"
    try Data(text.utf8).write(to: folder.appendingPathComponent("LICENSE"))
    try Data(("License: " + hostile).utf8).write(
      to: folder.appendingPathComponent("evil \u{0001}\u{001B}<script>.txt"))
    let records = SPDXSupport.records([folder.path])
    #expect(ClauseSupport.files(records).count == 2)
    let (spdx2, spdx3) = try SPDXSupport.validatedDocuments(records, roots: [folder.path])
    let names = SPDXSupport.files(spdx2).compactMap { $0["fileName"] as? String }
    #expect(names.contains("./evil \u{0001}\u{001B}<script>.txt"))
    let ids = SPDXSupport.files(spdx2).compactMap { $0["SPDXID"] as? String }
    #expect(
      ids.allSatisfy {
        $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
      })
    #expect(SPDXSupport.graph(spdx3, type: "software_File").count == 2)
  }
}
