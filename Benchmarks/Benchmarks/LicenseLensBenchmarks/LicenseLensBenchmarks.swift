import Benchmark
import Foundation
import LicenseClauses
import LicenseIndex
import LicenseMatch
import LicenseScan
import LicenseText

// Benchmarks of the LicenseLens stages on real license text read from the fetched corpus at
// run time. Names are `stage.case` so that `--filter 'identify\..*'` and the like select
// groups. Benchmarks whose corpus, index or clause catalog is missing are skipped with a
// message. MB = 10^6 bytes; MB/s is measured around the work of each iteration only.

let benchmarks: @Sendable () -> Void = {
  textBenchmarks()
  indexBenchmarks()
  identifyBenchmarks()
  clauseBenchmarks()
  modelBenchmarks()
}

/// Throughput of one iteration in MB/s (10^6 bytes per second).
let megabytesPerSecond = BenchmarkMetric.custom(
  "MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// A configuration whose thresholds only flag large changes (25 % at the median for times and
/// rates, 10 % for allocation counts), so that a shared machine's noise does not fail a
/// baseline check.
func configuration(
  _ metrics: [BenchmarkMetric], maxDuration: Duration = .seconds(2), maxIterations: Int = 1_000
) -> Benchmark.Configuration {
  var thresholds: [BenchmarkMetric: BenchmarkThresholds] = [:]
  for metric in metrics {
    thresholds[metric] = .init(relative: [.p50: metric == .mallocCountTotal ? 10 : 25])
  }
  return .init(
    metrics: metrics, warmupIterations: 1, maxDuration: maxDuration,
    maxIterations: maxIterations, thresholds: thresholds)
}

/// Runs `work` and records its rate over `bytes` as ``megabytesPerSecond``.
@inline(__always)
func measureRate<Result>(_ benchmark: Benchmark, bytes: Int, _ work: () -> Result) {
  let start = ContinuousClock.now
  let result = work()
  let elapsed = start.duration(to: .now)
  blackHole(result)
  let seconds =
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  if seconds > 0 {
    benchmark.measurement(megabytesPerSecond, Int((Double(bytes) / seconds / 1e6).rounded()))
  }
}

// MARK: - bytes -> tokens

/// Scratch state kept across iterations, as one scanner thread keeps it.
final class TokenizerState {
  var tokenizer = Tokenizer()
}

func textBenchmarks() {
  guard Locations.corpusAvailable(for: "text.*") else { return }
  let rate = configuration([.wallClock, megabytesPerSecond], maxIterations: 50)

  Benchmark("text.decode", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) {
      input.withUnsafeBytes { TextDecoding.decode($0) }
    }
  } setup: {
    _ = Inputs.licenseText5MB
  }

  let state = TokenizerState()
  Benchmark("text.tokenize", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) {
      input.withUnsafeBufferPointer { state.tokenizer.tokenize($0).count }
    }
  } setup: {
    _ = Inputs.licenseText5MB
  }
}

// MARK: - index

func indexBenchmarks() {
  guard Locations.indexAvailable(for: "index.load") else { return }
  Benchmark(
    "index.load",
    configuration: configuration([.wallClock, .mallocCountTotal], maxIterations: 100)
  ) { _ in
    do {
      blackHole(try LicenseIndex(path: Locations.index))
    } catch {
      fatalError("cannot load \(Locations.index): \(error)")
    }
  }
}

// MARK: - identification

/// The index, loaded once for all identification benchmarks.
let sharedIndex = Result { try LicenseIndex(path: Locations.index) }

/// A file scanner (decode, digest, tokenize, match) and a matcher with its tokenizer, kept
/// across iterations like one worker thread of `licenselens scan` keeps them.
final class ScanState {
  var scanner: FileScanner?
  var matcher: Matcher?
  var tokenizer = Tokenizer()
  var streams: [String: TokenStream] = [:]
  var nextFile = 0

  func prepare() {
    guard scanner == nil, case .success(let index) = sharedIndex else { return }
    scanner = FileScanner(index: index)
    matcher = Matcher(index: index)
  }

  func stream(_ name: String, _ input: [UInt8]) -> TokenStream {
    if let stream = streams[name] { return stream }
    let stream = input.withUnsafeBufferPointer { tokenizer.tokenize($0) }
    streams[name] = stream
    return stream
  }
}

func identifyBenchmarks() {
  guard Locations.corpusAvailable(for: "identify.*, match.*, allocations.per-file"),
    Locations.indexAvailable(for: "identify.*, match.*, allocations.per-file")
  else { return }
  let state = ScanState()
  // small: a 1 KB source file with the Apache-2.0 notice; medium: the Apache-2.0 text alone
  // (a whole-text exact match); medium-embedded: the same text between two lines of prose, so
  // that the approximate matcher does the work; large: a 1.5 MB third-party notices file;
  // repeated: 5,000 copies of its notice back to back (every copy found, one at a time).
  let cases: [(name: String, input: @Sendable () -> [UInt8], maxIterations: Int)] = [
    ("small", { Inputs.smallNotice }, 10_000),
    ("medium", { Inputs.mediumLicense }, 10_000),
    ("medium-embedded", { Inputs.mediumEmbedded }, 10_000),
    ("large", { Inputs.largeMultiLicense }, 20),
    ("repeated", { Inputs.repeatedNotices }, 20),
  ]
  for (name, input, maxIterations) in cases {
    let isLarge = name == "large" || name == "repeated"
    let metrics: [BenchmarkMetric] =
      isLarge
      ? [.wallClock, .cpuTotal, .mallocCountTotal] : [.wallClock, .mallocCountTotal, .throughput]
    let settings = configuration(
      metrics, maxDuration: .seconds(isLarge ? 10 : 2), maxIterations: maxIterations)

    // Whole pipeline for one file in memory: digest, decode, tokenize, match.
    Benchmark("identify.\(name)", configuration: settings) { _ in
      blackHole(state.scanner!.scan(bytes: input(), path: "bench/\(name)"))
    } setup: {
      state.prepare()
      _ = input()
    }

    // Matcher only, on tokens prepared once.
    Benchmark("match.\(name)", configuration: settings) { benchmark in
      let bytes = input()
      let stream = state.stream(name, bytes)
      benchmark.startMeasurement()
      blackHole(bytes.withUnsafeBufferPointer { state.matcher!.identify(stream, text: $0) })
    } setup: {
      state.prepare()
      _ = state.stream(name, input())
    }
  }

  // One corpus license per iteration, embedded in prose (as `tools/self-identify --embedded`
  // writes them), one pass over the 2455 texts of the pinned corpus: allocations and time per
  // single-license file, spread over real files.
  Benchmark(
    "allocations.per-file",
    configuration: configuration(
      [.mallocCountTotal, .mallocBytesCount, .wallClock], maxDuration: .seconds(30),
      maxIterations: 2_455)
  ) { benchmark in
    let files = Inputs.embeddedLicenses
    let bytes = files[state.nextFile % files.count]
    state.nextFile += 1
    benchmark.startMeasurement()
    blackHole(state.scanner!.scan(bytes: bytes, path: "bench/file"))
  } setup: {
    state.prepare()
    _ = Inputs.embeddedLicenses
  }
}

// MARK: - clauses

final class ClauseState {
  var scanner: ClauseScanner?
  var prepared: ClauseText?

  func prepare() throws {
    guard scanner == nil else { return }
    let catalog = try ClauseCatalog.load(directory: URL(fileURLWithPath: Locations.clauses))
    scanner = ClauseScanner(catalog: catalog)
    prepared = ClauseText(utf8: Inputs.licenseText5MB)
  }
}

func clauseBenchmarks() {
  guard Locations.corpusAvailable(for: "clauses.*"), Locations.clausesAvailable(for: "clauses.*")
  else { return }
  let state = ClauseState()
  let rate = configuration([.wallClock, megabytesPerSecond], maxDuration: .seconds(5))

  // Clean, segment and fold the text, then run every rule: what a clause scan of a document
  // costs.
  Benchmark("clauses.scan", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) {
      state.scanner!.scan(ClauseText(utf8: input))
    }
  } setup: {
    try state.prepare()
  }

  // The preparation alone (cleaning, sentences, folding).
  Benchmark("clauses.prepare", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) { ClauseText(utf8: input) }
  } setup: {
    try state.prepare()
  }

  // The rules alone, over text prepared once.
  Benchmark("clauses.match", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) { state.scanner!.scan(state.prepared!) }
  } setup: {
    try state.prepare()
  }

  // The license-ness test by content (distinct kinds of license wording), over license text
  // (where it stops early) and over source code without any (where it reads every byte).
  Benchmark("clauses.readsAsLicense.licenses", configuration: rate) { benchmark in
    let input = Inputs.licenseText5MB
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) {
      input.withUnsafeBufferPointer { ClauseAnalysis.readsAsLicense($0) }
    }
  }

  Benchmark("clauses.readsAsLicense.code", configuration: rate) { benchmark in
    let input = Inputs.codeWithoutLicense
    benchmark.startMeasurement()
    measureRate(benchmark, bytes: input.count) {
      input.withUnsafeBufferPointer { ClauseAnalysis.readsAsLicense($0) }
    }
  }
}
