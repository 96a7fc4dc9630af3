import Benchmark
import Foundation
import LicenseIndex
import LicenseModel
import LicenseScan

// The model view end to end: a tree of small Hugging Face-layout model folders written to a
// temp dir at setup, scanned through `BatchScanner` with clause analysis and the model
// catalog, as `licenselens scan TREE --jobs 2` scans it (output not rendered).
// `tools/bench-models` measures the same through the CLI on 10,000 folders.

extension Locations {
  static var families: String { root + "/license-corpus/families" }
  static var models: String { root + "/license-corpus/models" }

  /// Whether the model catalog is there; prints why not when it is not.
  static func modelsAvailable(for name: String) -> Bool {
    if FileManager.default.fileExists(atPath: models + "/hf-licenses.tsv") { return true }
    print("LicenseLens benchmarks: skipping \(name): no model catalog in \(models)")
    return false
  }
}

/// Models per second of one iteration.
let modelsPerSecond = BenchmarkMetric.custom(
  "models/s", polarity: .prefersLarger, useScalingFactor: false)

/// A generated tree of model folders: `ROOT/org-K/model-N/` with a card, a LICENSE notice for
/// most, a `config.json` and a tiny `model.safetensors`. Deterministic (no randomness).
enum ModelTree {
  static let count = 200

  private static let licenses = [
    "apache-2.0", "mit", "llama3.1", "other", "cc-by-nc-4.0", "openrail", "apache-2.0", "mit",
  ]
  private static let bases = [
    "meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.1", "google/gemma-2-9b",
    "bench-lab/unknown-base-3b",
  ]
  private static let notices = [
    "apache-2.0": "SPDX-License-Identifier: Apache-2.0\n",
    "mit": "SPDX-License-Identifier: MIT\n",
    "cc-by-nc-4.0": "SPDX-License-Identifier: CC-BY-NC-4.0\n",
  ]

  /// Where the tree goes: a temp dir of this process.
  static let root: String = FileManager.default.temporaryDirectory
    .appendingPathComponent("licenselens-bench-models-\(getpid())").path

  /// (Re)writes the tree at ``root``.
  static func create() {
    try? FileManager.default.removeItem(atPath: root)
    for number in 0..<count { write(number, under: root) }
  }

  private static func write(_ number: Int, under root: String) {
    let org = "org-\(number % 17)"
    let name = "model-\(number)"
    let folder = "\(root)/\(org)/\(name)"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let license = licenses[number % licenses.count]
    var card = "---\nlicense: \(license)\n"
    if license == "other" { card += "license_name: \(org)-model-terms\nlicense_link: LICENSE\n" }
    if number % 3 == 0 { card += "base_model: \(bases[number % bases.count])\n" }
    card += "library_name: transformers\ntags:\n- text-generation\n---\n\n# \(name)\n\n"
    card +=
      "A small language model trained by \(org) on public-domain weather reports. It writes"
      + " short forecasts from station readings.\n\n## Training\n\nTwo epochs, learning rate"
      + " 2e-5, on one machine.\n\n## Limitations\n\nIt has never seen readings from mountain"
      + " stations and guesses badly there.\n"
    put(card, at: folder + "/README.md")
    if number % 10 < 7 {
      var text = "Copyright 2026 \(org)\n\n"
      if let notice = notices[license] {
        text += notice
      } else {
        text +=
          "\(name) model agreement. You may use and modify the model for research and other"
          + " non-commercial purposes only. If your products have more than 10 million monthly"
          + " active users, you must request a separate license from \(org).\n"
      }
      put(text, at: folder + "/LICENSE")
    }
    put(
      "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": \(256 + number % 4 * 64)}\n",
      at: folder + "/config.json")
    let header = Array(
      ("{\"__metadata__\": {\"format\": \"pt\"}, \"w\": {\"dtype\": \"F32\", \"shape\": [2],"
        + " \"data_offsets\": [0, 8]}}").utf8)
    var length = UInt64(header.count).littleEndian
    var weights = withUnsafeBytes(of: &length) { Array($0) }
    weights += header + [UInt8](repeating: 0, count: 8)
    FileManager.default.createFile(atPath: folder + "/model.safetensors", contents: Data(weights))
  }

  private static func put(_ text: String, at path: String) {
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
  }
}

/// The scanner of the model benchmark, made once.
final class ModelScanState {
  var scanner: BatchScanner?

  func prepare() throws {
    guard scanner == nil, case .success(let index) = sharedIndex else { return }
    var analysis = try ClauseAnalysis.load(
      clauses: URL(fileURLWithPath: Locations.clauses),
      families: URL(fileURLWithPath: Locations.families))
    // The clean-license profile beside the index, as the CLI loads it.
    let profilePath =
      (Locations.index.hasSuffix(".index")
        ? String(Locations.index.dropLast(".index".count)) : Locations.index)
      + ".clean-licenses"
    analysis.useProfile(at: profilePath, corpusStamp: index.corpusStamp)
    let catalog = try ModelCatalog.load(from: Locations.models)
    scanner = BatchScanner(index: index, jobs: 2, clauses: analysis, models: catalog)
  }

  /// Scans the tree; returns the number of model objects.
  func scan() -> Int {
    let counter = Counter()
    scanner!.scanRecords(PathWalker([ModelTree.root])) { record in
      if case .model = record { counter.add() }
    }
    return counter.value
  }
}

/// Counts model objects; emit calls come one at a time.
private final class Counter: @unchecked Sendable {
  private(set) var value = 0
  func add() { value += 1 }
}

func modelBenchmarks() {
  guard Locations.indexAvailable(for: "models.scan"),
    Locations.clausesAvailable(for: "models.scan"),
    Locations.modelsAvailable(for: "models.scan")
  else { return }
  let state = ModelScanState()
  Benchmark(
    "models.scan",
    configuration: configuration(
      [.wallClock, .cpuTotal, modelsPerSecond], maxDuration: .seconds(10), maxIterations: 100)
  ) { benchmark in
    let start = ContinuousClock.now
    let models = state.scan()
    let elapsed = start.duration(to: .now)
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if seconds > 0 {
      benchmark.measurement(modelsPerSecond, Int((Double(models) / seconds).rounded()))
    }
  } setup: {
    try state.prepare()
    ModelTree.create()
    // Every folder is a model: one model object each.
    let models = state.scan()
    guard models == ModelTree.count else {
      fatalError("models.scan: \(models) model objects for \(ModelTree.count) folders")
    }
  } teardown: {
    try? FileManager.default.removeItem(atPath: ModelTree.root)
  }
}
