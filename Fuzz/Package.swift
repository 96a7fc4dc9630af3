// swift-tools-version: 6.1
// libFuzzer targets for LicenseLens. A package of its own so that `swift build` and
// `swift test` of the main package never build them; `tools/fuzz` builds them with
// `--sanitize fuzzer --sanitize address` and runs them over the seeds in Tests/FuzzCorpus/.
import PackageDescription

/// A fuzz target: one executable whose `LLVMFuzzerTestOneInput` libFuzzer calls.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
  .executableTarget(
    name: name,
    dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "LicenseLens") })
}

let package = Package(
  name: "LicenseLensFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "LicenseLens", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "LicenseIndex", package: "LicenseLens"),
        .product(name: "LicenseScan", package: "LicenseLens"),
      ]),
    fuzzTarget("FuzzText", ["LicenseText"]),
    fuzzTarget("FuzzSPDX", ["LicenseIndex", "LicenseMatch", "LicenseText", "RegexEngine"]),
    fuzzTarget("FuzzClauses", ["LicenseClauses", "LicenseScan"]),
    fuzzTarget("FuzzIndex", ["LicenseCorpus", "LicenseIndex", "LicenseScan"]),
    fuzzTarget("FuzzModelCard", ["LicenseModel"]),
    fuzzTarget("FuzzWeights", ["LicenseModel"]),
    fuzzTarget("FuzzScan", ["LicenseScan"]),
  ],
  swiftLanguageModes: [.v6]
)
