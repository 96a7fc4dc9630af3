// swift-tools-version: 6.1
// Benchmarks for LicenseLens (ordo-one/package-benchmark). A package of its own so that
// `swift build` and `swift test` of the main package never build the benchmark tooling.
// Run `swift package benchmark` here; see README.md.
import PackageDescription

let package = Package(
  name: "LicenseLensBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "LicenseLens", path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "LicenseLensBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "LicenseText", package: "LicenseLens"),
        .product(name: "LicenseIndex", package: "LicenseLens"),
        .product(name: "LicenseMatch", package: "LicenseLens"),
        .product(name: "LicenseScan", package: "LicenseLens"),
        .product(name: "LicenseClauses", package: "LicenseLens"),
        .product(name: "LicenseModel", package: "LicenseLens"),
      ],
      path: "Benchmarks/LicenseLensBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  ],
  swiftLanguageModes: [.v6]
)
