import Foundation
import LicenseClauses
import LicenseModel
import LicenseReport
import LicenseScan
import LicenseVerdict
import Testing

/// The model folders that `tools/make-model-fixtures` builds (cards we wrote, licenses copied
/// from `../shared/model-licenses` and the fetched corpus, GGUF files written by the `gguf`
/// PyPI package), once per test run.
enum ModelFixtures {
  /// The folder holding `plain/`, `hub/` and `EXPECTED.tsv`, or why it could not be built.
  static let folder: Result<URL, FixtureError> = {
    let folder: URL
    do {
      folder = try Support.temporaryFolder().appendingPathComponent("fixtures")
    } catch {
      return .failure(FixtureError(message: "\(error)"))
    }
    let result: Support.ProcessOutput
    do {
      result = try Support.python([Support.tool("make-model-fixtures"), folder.path])
    } catch {
      return .failure(FixtureError(message: "cannot run tools/make-model-fixtures: \(error)"))
    }
    guard result.status == 0 else {
      return .failure(FixtureError(message: "tools/make-model-fixtures failed: \(result.errors)"))
    }
    return .success(folder)
  }()

  /// The scan records of the whole fixture folder.
  static let records: [ScanRecord] = {
    guard case .success(let folder) = folder else { return [] }
    return ClauseSupport.records([folder.path])
  }()

  /// The model assessments by folder relative to the fixture folder.
  static func models() throws -> [String: ModelAssessment] {
    let root = try folder.get().path + "/"
    return Dictionary(
      ClauseSupport.models(records).map { (String($0.folder.dropFirst(root.count)), $0) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The rows of `EXPECTED.tsv`: column name → value, per row.
  static func expected() throws -> [[String: String]] {
    let text = try String(
      contentsOf: folder.get().appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    let header = lines.first.map { $0.split(separator: "\t").map(String.init) } ?? []
    return lines.dropFirst().map { line in
      Dictionary(
        uniqueKeysWithValues: zip(header, line.split(separator: "\t").map(String.init)))
    }
  }

  struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}

@Suite(
  "Model repositories under the definitions",
  .enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
struct ModelRepositoryTests {
  /// Every fixture folder gets exactly the outcomes, flags and notes EXPECTED.tsv gives:
  /// the twelve OSI validation mirrors, the open-washed card, the Llama fine-tune that declares
  /// MIT, the GGUF-only folder, the bad-input folders and the hub-cache copies.
  @Test func everyFixtureGetsTheExpectedOutcomes() throws {
    let models = try ModelFixtures.models()
    let expected = try ModelFixtures.expected()
    #expect(expected.count >= 20)
    #expect(models.count == expected.count, "model objects: \(models.keys.sorted())")
    for row in expected {
      let path = row["path"] ?? ""
      guard let model = models[path] else {
        Issue.record("no model object for \(path)")
        continue
      }
      let flags = Set(model.openWashing.map(\.kind.rawValue))
      if let id = row["id"], id != "-" { #expect(model.id == id, "\(path)") }
      let actual: [String: String] = [
        "declared": model.declared ?? "-", "osaid": model.definitions.osaid.outcome,
        "osi": model.definitions.osi.outcome, "open_weight": model.definitions.openWeight.outcome,
        "mof": model.definitions.mofClass,
      ]
      for (column, value) in actual where row[column] != "-" {
        #expect(value == row[column], "\(path) \(column)")
      }
      let expectedFlags = Set((row["flags"] ?? "-").split(separator: ",").map(String.init))
        .subtracting(["-"])
      #expect(flags == expectedFlags, "\(path) flags")
      for topic in (row["notes"] ?? "-").split(separator: ",") where topic != "-" {
        #expect(model.notes.contains { $0.contains(topic) }, "\(path) note \(topic)")
      }
    }
  }

  /// The same model gives the same answer in a plain folder and in the hub cache, where the
  /// files are links into `blobs/` and the model is named `ORG/NAME@REV`.
  @Test func hubCacheCopyAnswersLikeThePlainFolder() throws {
    let models = try ModelFixtures.models()
    let plain = try #require(models["plain/pythia-1b"])
    let hub = try #require(
      models.first { $0.key.hasPrefix("hub/models--EleutherAI--pythia-1b/snapshots/") }?.value)
    #expect(hub.id?.hasPrefix("EleutherAI/pythia-1b@") == true)
    #expect(plain.id == nil)
    #expect(hub.declared == plain.declared)
    #expect(hub.found == plain.found)
    #expect(hub.definitions == plain.definitions)
    #expect(hub.components.mof == plain.components.mof)
    #expect(hub.components.code.status == plain.components.code.status)
    #expect(hub.verdict.verdictClass == plain.verdict.verdictClass)
    for freedom in Freedom.allCases {
      #expect(hub.verdict.freedoms[freedom].status == plain.verdict.freedoms[freedom].status)
      #expect(hub.verdict.freedoms[freedom].because == plain.verdict.freedoms[freedom].because)
    }
    // The cache's blobs are reached through the snapshot only, never walked themselves.
    let files = ClauseSupport.files(ModelFixtures.records)
    #expect(!files.contains { $0.path.contains("/blobs/") })
  }

  /// A base model in the same scan is judged from its own files, not from the catalog: a
  /// fine-tune declaring Apache-2.0 over a scanned CC-BY-NC base inherits its restriction.
  @Test func aScannedBaseModelsTermsWinOverTheCatalog() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hub = folder.appendingPathComponent("hub")
    let base = hub.appendingPathComponent("models--acme--base-7b/snapshots/1111")
    let tuned = hub.appendingPathComponent("models--acme--tuned-7b/snapshots/2222")
    for snapshot in [base, tuned] {
      try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
      try Data(#"{"model_type": "llama"}"#.utf8).write(
        to: snapshot.appendingPathComponent("config.json"))
    }
    try ClauseSupport.copyShared([("cc-by-nc-4.0.txt", "LICENSE")], into: base)
    try Data("---\nlicense: cc-by-nc-4.0\n---\n# Base\n".utf8).write(
      to: base.appendingPathComponent("README.md"))
    try ClauseSupport.copyShared([("apache-2.0.txt", "LICENSE")], into: tuned)
    try Data("---\nlicense: apache-2.0\nbase_model: acme/base-7b\n---\n# Tuned\n".utf8).write(
      to: tuned.appendingPathComponent("README.md"))
    let models = ClauseSupport.models(ClauseSupport.records([hub.path]))
    #expect(models.map(\.id) == ["acme/base-7b@1111", "acme/tuned-7b@2222"])
    let model = try #require(models.last)
    #expect(model.baseModels.first?.source == "scanned")
    #expect(model.baseModels.first?.verdictClass == .nonCommercial)
    #expect(model.verdict.verdictClass == .nonCommercial)
    #expect(model.openWashing.map(\.kind) == [.baseModelTerms])
  }

  /// Open-washing findings quote both sides: the card's line and what the files are.
  @Test func openWashingQuotesBothSides() throws {
    let models = try ModelFixtures.models()
    let washed = try #require(models["plain/open-washed-chat"])
    let mismatch = try #require(washed.openWashing.first { $0.kind == .declaredVsFound })
    #expect(
      mismatch.evidence.contains {
        $0.path.hasSuffix("README.md") && $0.text == "license: apache-2.0"
      })
    #expect(
      mismatch.evidence.contains { $0.path.hasSuffix("LICENSE") && $0.text == "CC-BY-NC-4.0" })
    let claim = try #require(washed.openWashing.first { $0.kind == .openSourceClaim })
    #expect(claim.evidence.contains { $0.text.lowercased().contains("open-source") })

    let finetune = try #require(models["plain/llama-finetune-mit"])
    let inherited = try #require(finetune.openWashing.first { $0.kind == .baseModelTerms })
    #expect(inherited.detail.contains("meta-llama/Llama-3.1-8B"))
    #expect(finetune.baseModels.first?.source == "catalog")
    // The MIT file grants the freedoms; the base model's terms take them back, explained.
    #expect(finetune.verdict.verdictClass == .restrictedOpenWeights)
    #expect(finetune.verdict.freedoms.use.status == .broken)
    #expect(finetune.verdict.freedoms.use.because.contains("base-model:meta-llama/Llama-3.1-8B"))
    #expect(
      finetune.verdict.summary.contains("Terms that also apply: LicenseRef-scancode-llama-3.1"))
  }

  /// The JSON object carries the contract's fields, and `explain` opens with the model.
  @Test func jsonAndExplainCarryTheModelView() throws {
    let models = try ModelFixtures.models()
    let model = try #require(models["plain/grok-1"])
    let json = try ClauseSupport.json(.model(model))
    for key in [
      "kind", "path", "id", "paths", "card", "declared", "found", "base_models", "open_washing",
      "components", "definitions", "verdict", "clauses", "notes",
    ] {
      #expect(json[key] != nil, "missing \(key)")
    }
    let components = try #require(json["components"] as? [String: Any])
    let data = try #require(components["data_information"] as? [String: Any])
    #expect(data["status"] as? String == "absent")
    let code = try #require(components["code"] as? [String: Any])
    #expect((code["evidence"] as? [String])?.first?.contains("inference code only") == true)
    let text = ExplainReport.render([.model(model)])
    #expect(text.hasPrefix("Model "))
    #expect(text.contains("OSAID 1.0: fail-components"))
    #expect(text.contains("MOF class: none"))
  }

  /// A weight file is never read beyond its header: a 600 MB sparse safetensors file is
  /// reported with its metadata, not hashed, and not skipped for its size.
  @Test func weightFilesAreReadOnlyToTheirHeader() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let header = #"{"__metadata__":{"license":"apache-2.0","format":"pt"}}"#
    var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) }
    bytes += Array(header.utf8)
    let url = folder.appendingPathComponent("model.safetensors")
    try Data(bytes).write(to: url)
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 600 << 20)
    try handle.close()
    let records = ClauseSupport.records([folder.path])
    let file = try #require(ClauseSupport.files(records).first)
    #expect(file.sha256 == nil)
    #expect(file.size == 600 << 20)
    #expect(file.weights?.field("license") == "apache-2.0")
    #expect(file.weights?.field("format") == nil)
    // A folder of weights is a model of its own, with no card and nothing declared.
    let model = try #require(ClauseSupport.models(records).first)
    #expect(model.card == nil)
    #expect(model.components.parameters.status == .present)
  }

  /// A `.pth` or `.pt` file may be text: Python's path configuration files of namespace
  /// packages, a launcher script. Those are scanned as text and make no model; checkpoints
  /// (a ZIP archive, a pickle) and a Git LFS pointer to one stay weights.
  @Test func textNamedLikePyTorchWeightsIsNotWeights() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let texts = [
      "harbour_tools-2.0-py3.12-nspkg.pth":
        "import sys, types, os;p = os.path.join(sys._getframe(1).f_locals['sitedir'], 'harbour')\n",
      "launch.pt": "#!/usr/bin/env python3\nimport harbour.cli\nharbour.cli.main()\n",
    ]
    for (name, text) in texts {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    let records = ClauseSupport.records([folder.path])
    #expect(ClauseSupport.files(records).allSatisfy { $0.weights == nil && $0.skipped == nil })
    #expect(ClauseSupport.models(records).isEmpty)

    let checkpoints: [String: [UInt8]] = [
      "archive.pt": Array("PK".utf8) + [3, 4, 20, 0, 0, 0, 0, 0] + Array("archive/data.pkl".utf8),
      "legacy.pth": [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20],
      "pytorch_model.bin": Array(
        "version https://git-lfs.github.com/spec/v1\noid sha256:00ff\nsize 4096\n".utf8),
    ]
    for (name, bytes) in checkpoints {
      try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
    let again = ClauseSupport.records([folder.path])
    let weights = ClauseSupport.files(again).filter { $0.weights != nil }.map(\.path)
    #expect(Set(weights.map { String($0.split(separator: "/").last!) }) == Set(checkpoints.keys))
    let model = try #require(ClauseSupport.models(again).first)
    #expect(model.components.parameters.status == .present)
  }
}

@Suite("Model cards and the model catalog")
struct ModelCardTests {
  /// The assessor is a pure function of the scanned files: a GGUF header that declares Llama
  /// terms over an MIT LICENSE is a declared-vs-found finding quoting the header.
  @Test func ggufHeaderDeclarationIsComparedWithTheLicenseFile() throws {
    let license = ClauseSupport.scan(try Support.licenseText("mit"), name: "m/LICENSE")
    let repository = ModelRepository(
      folder: "m",
      files: [
        ModelFile(path: "m/LICENSE", evidence: license.evidence),
        ModelFile(
          path: "m/model.gguf",
          weights: WeightFile(
            path: "m/model.gguf", format: .gguf, fields: [("general.license", "llama3.1")])),
      ])
    let model = ModelAssessor.assess(repository, catalog: ClauseSupport.models)
    #expect(model.declared == ClauseSupport.models.hubLicense("llama3.1")?.spdx)
    #expect(model.found == "MIT")
    let finding = try #require(model.openWashing.first)
    #expect(finding.kind == .declaredVsFound)
    #expect(finding.evidence.map(\.text) == ["general.license = llama3.1", "MIT"])
    #expect(model.components.parameters.status == .present)
    // Restrictive terms a model declares are taken at their word, whatever its files grant.
    #expect(model.definitions.osi.outcome == "fail")
    #expect(model.verdict.verdictClass == .restrictedOpenWeights)
    #expect(model.verdict.freedoms.use.because.contains { $0.hasPrefix("declared:") })
  }

  @Test func cardFieldsListsAndLines() throws {
    let text = """
      ---
      license: [apache-2.0, mit]
      base_model:
        - meta-llama/Llama-3.1-8B
        - mistralai/Mistral-7B-v0.1
      datasets: allenai/dolma
      tags:
      - opensource
      model-index:
      - name: x
      ---

      # A merged model

      This is not open source software in any sense.
      It is an open-source release, see https://github.com/example/merge-code.
      """
    let card = try #require(ModelCardReader.read(text, path: "m/README.md"))
    #expect(card.license == "apache-2.0 OR mit")
    #expect(card.baseModels == ["meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.1"])
    #expect(card.datasets == ["allenai/dolma"])
    #expect(card.tags == ["opensource"])
    #expect(card.fields.contains("model-index"))
    #expect(card.fieldLines["license"] == 2)
    #expect(card.fieldLines["base_model"] == 3)
    #expect(card.openSourceClaims.map(\.line) == [16])
    #expect(card.links.map(\.text) == ["https://github.com/example/merge-code"])
    #expect(card.notes.isEmpty)
  }

  @Test func brokenCardsGiveNotesNotFailures() throws {
    #expect(ModelCardReader.read("# Just prose\n", path: "README.md") == nil)
    let unclosed = try #require(ModelCardReader.read("---\nlicense: mit\n", path: "README.md"))
    #expect(unclosed.notes.first?.hasPrefix("card-yaml:") == true)
    let broken = try #require(
      ModelCardReader.read("---\nlicense: \"mit\ntags: [a\n---\nText\n", path: "README.md"))
    #expect(broken.license == nil)
    #expect(broken.notes.first?.hasPrefix("card-yaml:") == true)
    let wrongType = try #require(
      ModelCardReader.read("---\nlicense:\n  name: mit\n---\n", path: "README.md"))
    #expect(wrongType.notes.first?.hasPrefix("card-field:") == true)
  }

  @Test func catalogMapsHubIdsAndBaseModels() throws {
    let catalog = ClauseSupport.models
    #expect(catalog.hubLicense("Apache-2.0")?.spdx == "Apache-2.0")
    #expect(catalog.hubLicense("apache-2.0")?.standing == "osi")
    #expect(catalog.hubLicense("llama3.1")?.standing == "restricted")
    #expect(catalog.hubLicense("cc-by-nc-4.0")?.standing == "non-commercial")
    let llama = try #require(catalog.baseModelTerms("meta-llama/Llama-3.1-8B-Instruct"))
    #expect(llama.verdictClass == .restrictedOpenWeights)
    #expect(llama.broken.contains(.use))
    let url = try #require(
      catalog.baseModelTerms("https://huggingface.co/mistralai/Mistral-7B-v0.1/tree/main"))
    #expect(url.verdictClass == .osiApprovedOpenSource)
    #expect(catalog.baseModelTerms("someone/never-heard-of-7b") == nil)
  }
}

@Suite struct HubCacheIDTests {
  /// The end of a path, read from its last bytes.
  @Test func lastComponentsOfAPath() {
    #expect(PathComponents.last(2, of: "/a/models--x/blobs") == ["models--x", "blobs"])
    #expect(PathComponents.last(3, of: "a//b/c/") == ["a", "b", "c"])
    #expect(PathComponents.last(3, of: "/b") == ["b"])
    #expect(PathComponents.last(2, of: "") == [])
    #expect(PathComponents.last(1, of: "/ünï/çodé") == ["çodé"])
  }

  /// Only a `models--OWNER--NAME/snapshots/REVISION` folder is a hub-cache snapshot.
  @Test func onlySnapshotFoldersOfAModelHaveAnID() {
    #expect(
      ModelRepository.hubCacheID("/home/u/.cache/hub/models--acme--tide-7b/snapshots/9f1c")
        == "acme/tide-7b@9f1c")
    #expect(ModelRepository.hubCacheID("hub/models--acme--tide/snapshots/r1") == "acme/tide@r1")
    #expect(ModelRepository.hubCacheID("/data/snapshots/r1") == nil)
    #expect(ModelRepository.hubCacheID("/data/models--acme--tide/snapshotsold/r1") == nil)
    #expect(ModelRepository.hubCacheID("/data/models--acme--tide/snapshots") == nil)
    #expect(ModelRepository.hubCacheID("/data/datasets--acme--tide/snapshots/r1") == nil)
    #expect(ModelRepository.hubCacheID("/data/models--acme--tide/snapshots/r1/sub") == nil)
    #expect(
      ModelRepository.hubCacheID("/s/snapshot/models--acme--tide/snapshots/r2") == "acme/tide@r2")
  }
}
