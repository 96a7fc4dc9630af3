import Foundation
import LicenseReport
import LicenseScan
import Testing

/// The CycloneDX output of scans, and its validation by `cyclonedx-python-lib` (installed by
/// `tools/setup`) against the CycloneDX 1.6 JSON schema it bundles.
enum CycloneDXSupport {
  /// The BOM of `records`, written record by record as a scan streams them.
  static func bom(
    _ records: [ScanRecord], roots: [String], created: String = "2026-12-02T08:00:00Z"
  )
    -> String
  {
    var writer = ReportFormat.cyclonedxJSON.makeWriter(
      context: ReportContext(roots: roots, created: created))
    return writer.render(records)
  }

  /// Validates `bom` with the strict 1.6 validator; the exit status and what it printed.
  static func validate(_ bom: String) throws -> (status: Int32, output: String) {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("bom.json")
    try Data(bom.utf8).write(to: file)
    let script = """
      import sys
      from cyclonedx.schema import SchemaVersion
      from cyclonedx.validation.json import JsonStrictValidator
      with open(sys.argv[1], encoding="utf-8") as f:
          error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(f.read())
      if error is not None:
          print(error)
          sys.exit(1)
      print("valid")
      """
    let result = try Support.python(["-c", script, file.path], mergingErrors: true)
    return (result.status, result.output)
  }

  /// Expects `bom` to be valid under the 1.6 schema and returns it parsed.
  static func validBOM(_ bom: String) throws -> [String: Any] {
    let result = try validate(bom)
    #expect(
      result.status == 0 && result.output.hasPrefix("valid"),
      "CycloneDX validation (run tools/setup if cyclonedx is missing): \(result.output)")
    let parsed = try JSONSerialization.jsonObject(with: Data(bom.utf8)) as? [String: Any]
    return try #require(parsed)
  }

  static func components(_ bom: [String: Any], type: String) -> [[String: Any]] {
    (bom["components"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == type }
  }

  /// The component whose name ends with `suffix`.
  static func component(_ bom: [String: Any], type: String, named suffix: String)
    -> [String: Any]?
  {
    components(bom, type: type).first { ($0["name"] as? String)?.hasSuffix(suffix) == true }
  }

  /// The values of the component's properties called `name`.
  static func properties(_ component: [String: Any], _ name: String) -> [String] {
    (component["properties"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == name }
      .compactMap { $0["value"] as? String }
  }

  /// The `license` objects (or the expression object) of a component.
  static func licenses(_ component: [String: Any]) -> [[String: Any]] {
    component["licenses"] as? [[String: Any]] ?? []
  }

  /// The ids of the component's license objects.
  static func licenseIDs(_ component: [String: Any]) -> [String] {
    licenses(component).compactMap { ($0["license"] as? [String: Any])?["id"] as? String }
  }

  static func considerations(_ component: [String: Any]) -> [String: Any] {
    (component["modelCard"] as? [String: Any])?["considerations"] as? [String: Any] ?? [:]
  }

  /// The names of the model card's ethical considerations.
  static func risks(_ component: [String: Any]) -> [String] {
    (considerations(component)["ethicalConsiderations"] as? [[String: Any]] ?? [])
      .compactMap { $0["name"] as? String }
  }

  static func ancestors(_ component: [String: Any]) -> [[String: Any]] {
    (component["pedigree"] as? [String: Any])?["ancestors"] as? [[String: Any]] ?? []
  }
}

@Suite("CycloneDX 1.6 output")
struct CycloneDXOutputTests {
  /// The bundled examples: files with their SPDX ids and hashes, the Hugging Face model folder
  /// with its declared license, base-model ancestry, dataset and verdict, and the folder of
  /// model terms whose considerations name the clauses that break its freedoms.
  @Test func examplesGiveAValidBOM() throws {
    let examples = Support.root.appendingPathComponent("examples").path
    let text = CycloneDXSupport.bom(ClauseSupport.records([examples]), roots: [examples])
    let bom = try CycloneDXSupport.validBOM(text)
    #expect(bom["bomFormat"] as? String == "CycloneDX")
    #expect(bom["specVersion"] as? String == "1.6")
    #expect((bom["metadata"] as? [String: Any])?["timestamp"] as? String == "2026-12-02T08:00:00Z")

    let parser = try #require(
      CycloneDXSupport.component(bom, type: "file", named: "examples/src/parser.c"))
    #expect(CycloneDXSupport.licenseIDs(parser) == ["Apache-2.0"])
    let hash = try #require((parser["hashes"] as? [[String: Any]])?.first)
    #expect(hash["alg"] as? String == "SHA-256")
    #expect((hash["content"] as? String)?.count == 64)
    let weights = try #require(
      CycloneDXSupport.component(bom, type: "file", named: "hf-model/model.safetensors"))
    #expect(weights["hashes"] == nil, "weights are read only to their header")

    let model = try #require(
      CycloneDXSupport.component(bom, type: "machine-learning-model", named: "examples/hf-model"))
    let declared = try #require(
      CycloneDXSupport.licenses(model).first?["license"] as? [String: Any])
    #expect(declared["id"] as? String == "MIT")
    #expect(declared["acknowledgement"] as? String == "declared")
    let base = try #require(CycloneDXSupport.ancestors(model).first)
    #expect(base["name"] as? String == "meta-llama/Llama-3.1-8B")
    let baseLicense = CycloneDXSupport.licenses(base).first?["license"] as? [String: Any]
    #expect(baseLicense?["name"] as? String == "LicenseRef-scancode-llama-3.1-license-2024")
    #expect(CycloneDXSupport.properties(model, "licenselens:osaid") == ["fail-terms"])
    #expect(CycloneDXSupport.properties(model, "licenselens:mof-class") == ["none"])
    #expect(
      CycloneDXSupport.properties(model, "licenselens:verdict-class") == ["restricted-open-weights"]
    )
    let risks = CycloneDXSupport.risks(model)
    #expect(risks.contains("Freedom to use: broken by base-model:meta-llama/Llama-3.1-8B"))
    #expect(risks.contains { $0.hasPrefix("Open-washing (base-model-terms): declares MIT") })
    let limitations =
      CycloneDXSupport.considerations(model)["technicalLimitations"] as? [String] ?? []
    #expect(limitations.contains { $0.hasPrefix("OSAID 1.0: fail-terms") })

    // The card's dataset is a data component the model card and the dependencies refer to.
    let dataset = try #require(CycloneDXSupport.components(bom, type: "data").first)
    #expect(dataset["name"] as? String == "harbour-club/tide-logs-2023")
    let parameters = (model["modelCard"] as? [String: Any])?["modelParameters"] as? [String: Any]
    #expect(parameters?["task"] as? String == "text-generation")
    let datasetRef = (parameters?["datasets"] as? [[String: Any]])?.first?["ref"] as? String
    #expect(datasetRef != nil && datasetRef == dataset["bom-ref"] as? String)
    let dependencies = bom["dependencies"] as? [[String: Any]] ?? []
    #expect(
      dependencies.contains {
        $0["ref"] as? String == model["bom-ref"] as? String
          && $0["dependsOn"] as? [String] == [datasetRef ?? ""]
      })

    let terms = try #require(
      CycloneDXSupport.component(bom, type: "machine-learning-model", named: "examples/model"))
    #expect(
      CycloneDXSupport.risks(terms).contains {
        $0.hasPrefix("Freedom to use: broken by") && $0.contains("use.field-of-use-ban")
      })
    #expect(
      CycloneDXSupport.properties(terms, "licenselens:clause").contains {
        $0.hasPrefix("use.field-of-use-ban (blocks; use) ")
          && $0.contains("examples/model/USE_POLICY.md:21: support any military")
      })
  }

  /// The serial number is a UUID derived from the roots and the time, the same for the same
  /// scan and different for another.
  @Test func serialNumberIsDerivedFromRootsAndTime() throws {
    func serial(_ roots: [String], _ created: String) throws -> String {
      let text = CycloneDXSupport.bom([], roots: roots, created: created)
      let bom = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      return try #require(bom?["serialNumber"] as? String)
    }
    let first = try serial(["a", "b"], "2026-12-02T08:00:00Z")
    #expect(first == (try serial(["a", "b"], "2026-12-02T08:00:00Z")))
    #expect(first != (try serial(["a", "b"], "2026-12-02T08:00:01Z")))
    #expect(first != (try serial(["ab"], "2026-12-02T08:00:00Z")))
    #expect(
      first.wholeMatch(
        of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
    // An empty scan is still a valid BOM.
    _ = try CycloneDXSupport.validBOM(CycloneDXSupport.bom([], roots: ["empty"]))
  }

  /// Each model fixture is a machine-learning-model component carrying its outcomes; the Llama
  /// fine-tune names its base model as an ancestor and the hub-cache copy is named and
  /// versioned by its snapshot.
  @Test(.enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
  func modelFixturesGiveAValidBOM() throws {
    let folder = try ModelFixtures.folder.get()
    let text = CycloneDXSupport.bom(ModelFixtures.records, roots: [folder.path])
    let bom = try CycloneDXSupport.validBOM(text)
    let models = try ModelFixtures.models()
    let components = CycloneDXSupport.components(bom, type: "machine-learning-model")
    #expect(components.count == models.count)
    for (path, model) in models {
      let component = components.first {
        CycloneDXSupport.properties($0, "licenselens:path") == [model.folder]
      }
      guard let component else {
        Issue.record("no component for \(path)")
        continue
      }
      #expect(
        CycloneDXSupport.properties(component, "licenselens:osaid")
          == [model.definitions.osaid.outcome], "\(path)")
      #expect(
        CycloneDXSupport.properties(component, "licenselens:mof-class")
          == [model.definitions.mofClass], "\(path)")
    }
    let finetune = try #require(
      CycloneDXSupport.component(
        bom, type: "machine-learning-model", named: "plain/llama-finetune-mit"))
    #expect(CycloneDXSupport.licenseIDs(finetune) == ["MIT"])
    #expect(
      CycloneDXSupport.ancestors(finetune).map { $0["name"] as? String } == [
        "meta-llama/Llama-3.1-8B"
      ])
    #expect(CycloneDXSupport.risks(finetune).contains { $0.contains("(base-model-terms)") })
    let hub = try #require(
      components.first { $0["name"] as? String == "EleutherAI/pythia-1b" })
    #expect(hub["version"] as? String == "a7c3e5f1902b4d6e8f0a1b2c3d4e5f60718293a4")
    #expect(CycloneDXSupport.licenseIDs(hub) == ["Apache-2.0"])
    // Two copies of pythia name the same dataset: one data component for both.
    let names = CycloneDXSupport.components(bom, type: "data").compactMap { $0["name"] as? String }
    #expect(names.count == Set(names).count)
    #expect(!names.isEmpty)
  }

  /// A generated tree of 1,000 files (``GeneratedTree``: license files, source files with
  /// SPDX tags, dual-licensed sources, sources and prose without a license) gives a valid BOM
  /// with one component per file, the expected SPDX id on single-license files, one expression
  /// on dual-licensed ones and no license where there is none.
  @Test func generatedTreeGivesAValidBOM() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let expected = try GeneratedTree.write(files: 1000, into: folder)
    let text = CycloneDXSupport.bom(ClauseSupport.records([folder.path]), roots: [folder.path])
    let bom = try CycloneDXSupport.validBOM(text)
    let files = Dictionary(
      CycloneDXSupport.components(bom, type: "file").map { ($0["name"] as? String ?? "", $0) },
      uniquingKeysWith: { first, _ in first })
    #expect(files.count == 1000)
    var counts = (single: 0, agreeing: 0, dual: 0, none: 0)
    for (path, ids) in expected {
      guard let component = files[path] else {
        Issue.record("no component for \(path)")
        continue
      }
      switch ids.count {
      case 0:
        #expect(component["licenses"] == nil, "\(path)")
        counts.none += 1
      case 1:
        counts.single += 1
        if CycloneDXSupport.licenseIDs(component) == ids { counts.agreeing += 1 }
      default:
        #expect(
          CycloneDXSupport.licenses(component).map { $0["expression"] as? String }
            == [ids.joined(separator: " OR ")], "\(path)")
        counts.dual += 1
      }
    }
    #expect(counts.single >= 400 && counts.dual >= 90 && counts.none >= 300)
    #expect(
      Double(counts.agreeing) >= 0.99 * Double(counts.single),
      "\(counts.agreeing) of \(counts.single)")
  }

  /// Markup, a `javascript:` URL and control characters in a policy's sentences, a card's
  /// fields and a file name stay text: valid JSON, a valid BOM, and the same strings back.
  @Test func hostileTextStaysText() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = folder.appendingPathComponent("model")
    try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
    let examples = Support.root.appendingPathComponent("examples/model")
    try FileManager.default.copyItem(
      at: examples.appendingPathComponent("LICENSE.md"),
      to: model.appendingPathComponent("LICENSE.md"))
    let policy = try String(
      contentsOf: examples.appendingPathComponent("USE_POLICY.md"), encoding: .utf8)
    let hostile =
      "\"<script>alert(1)</script></svg>\" or javascript:alert(2) \u{0001} \u{001B}[31m"
    let sentence = "support any military or weapons-related activity"
    #expect(policy.contains(sentence + ";"))
    try Data(
      policy.replacingOccurrences(of: sentence + ";", with: sentence + ", " + hostile + ";").utf8
    ).write(to: model.appendingPathComponent("USE_POLICY.md"))
    let card = """
      ---
      license: other
      license_name: "evil</svg><script>x</script>"
      datasets:
      - "javascript:alert(3)"
      - "ctl\\x01\\e"
      ---

      # A card
      """
    try Data(card.utf8).write(to: model.appendingPathComponent("README.md"))
    let oddName = "notes-\u{0001}\u{001B}<script>.txt"
    try Data("nothing here\n".utf8).write(to: model.appendingPathComponent(oddName))

    let text = CycloneDXSupport.bom(
      ClauseSupport.records([folder.path]), roots: [folder.path])
    #expect(!text.dropLast().utf8.contains { $0 < 0x20 }, "control characters are escaped")
    let bom = try CycloneDXSupport.validBOM(text)
    #expect(CycloneDXSupport.component(bom, type: "file", named: "/model/" + oddName) != nil)
    let component = try #require(
      CycloneDXSupport.component(bom, type: "machine-learning-model", named: "/model"))
    let clause = CycloneDXSupport.properties(component, "licenselens:clause").first {
      $0.hasPrefix("use.field-of-use-ban")
    }
    #expect(clause?.contains("javascript:alert(2) \u{0001} \u{001B}[31m") == true)
    let declared = CycloneDXSupport.licenses(component).first?["license"] as? [String: Any]
    #expect(declared?["name"] as? String == "LicenseRef-evil</svg><script>x</script>")
    let datasets = CycloneDXSupport.components(bom, type: "data").compactMap {
      $0["name"] as? String
    }
    #expect(datasets == ["javascript:alert(3)", "ctl\u{0001}\u{001B}"])
  }
}

/// A deterministic tree of small projects built from LicenseDB texts: per ten files a LICENSE
/// (with a copyright line) and a file without a license, three C sources with an SPDX tag, a
/// dual-licensed Python file, two plain sources, a README and a configuration file.
enum GeneratedTree {
  /// LicenseDB keys with their SPDX ids.
  static let licenses = [
    ("mit", "MIT"), ("apache-2.0", "Apache-2.0"), ("bsd-new", "BSD-3-Clause"),
    ("bsd-simplified", "BSD-2-Clause"), ("mpl-2.0", "MPL-2.0"), ("isc", "ISC"),
    ("zlib", "Zlib"), ("epl-2.0", "EPL-2.0"), ("gpl-3.0", "GPL-3.0-only"),
    ("unlicense", "Unlicense"),
  ]
  static let holders = ["Ada Moreau", "Tidewater Labs", "K. Okafor", "The Heron Project"]

  /// Writes `files` files into `folder`; the expected SPDX ids per path.
  static func write(files: Int, into folder: URL) throws -> [String: [String]] {
    var state: UInt64 = 0x5DEE_CE66
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let texts = try Dictionary(
      uniqueKeysWithValues: licenses.map { ($0.0, try Support.licenseText($0.0)) })
    var expected: [String: [String]] = [:]
    for number in 0..<files {
      let project = folder.appendingPathComponent("project-\(number / 10)")
      let (key, id) = licenses[next(licenses.count)]
      let other = licenses[(licenses.firstIndex { $0.0 == key }! + 1 + next(3)) % licenses.count]
      let name: String
      let text: String
      var ids: [String] = []
      switch number % 10 {
      case 0:
        name = "LICENSE"
        text =
          "Copyright (c) \(2001 + next(24)) \(holders[next(holders.count)])\n\n" + texts[key]!
        ids = [id]
      case 1, 2, 3:
        name = "src/unit_\(number).c"
        text = "// SPDX-License-Identifier: \(id)\n" + code(number, next)
        ids = [id]
      case 4:
        name = "tools/task_\(number).py"
        text =
          "# SPDX-License-Identifier: \(id) OR \(other.1)\n\ndef task():\n    return \(number)\n"
        ids = [id, other.1]
      case 5, 6:
        name = "src/plain_\(number).c"
        text = code(number, next)
      case 7:
        name = "README.md"
        text =
          "# Project \(number / 10)\n\nA small tool that reads tide-gauge logs and prints "
          + "the \(next(20) + 2) highest readings of each month.\n\n## Building\n\nRun make.\n"
      case 8:
        name = "config/settings_\(number).json"
        text = "{\"interval\": \(next(600)), \"station\": \"harbour-\(next(40))\"}\n"
      default:
        name = "NOTES.txt"
        text = "Meeting \(number): we moved the parser into its own file.\n"
      }
      let url = project.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
      expected[url.path] = ids
    }
    return expected
  }

  /// A C file body without any license wording.
  static func code(_ number: Int, _ next: (Int) -> Int) -> String {
    var lines = ["#include <stdio.h>", ""]
    for function in 0..<(2 + next(4)) {
      lines += [
        "/* Adds the readings of gauge \(function). */",
        "static int sum_\(number)_\(function)(const int *values, int count) {",
        "  int total = \(next(9));",
        "  for (int i = 0; i < count; i++) total += values[i];",
        "  return total;",
        "}", "",
      ]
    }
    return lines.joined(separator: "\n")
  }
}
