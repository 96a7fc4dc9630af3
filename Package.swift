// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "LicenseLens",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "licenselens", targets: ["licenselens"]),
    .library(name: "LicenseScan", targets: ["LicenseScan"]),
    // Stage modules as products for the Benchmarks/ and Fuzz/ packages.
    .library(name: "LicenseText", targets: ["LicenseText"]),
    .library(name: "LicenseCorpus", targets: ["LicenseCorpus"]),
    .library(name: "RegexEngine", targets: ["RegexEngine"]),
    .library(name: "LicenseIndex", targets: ["LicenseIndex"]),
    .library(name: "LicenseMatch", targets: ["LicenseMatch"]),
    .library(name: "LicenseClauses", targets: ["LicenseClauses"]),
    .library(name: "LicenseModel", targets: ["LicenseModel"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    // System libraries: linked, never imported from Swift together with Foundation (ICU).
    .systemLibrary(
      name: "CICU", pkgConfig: "icu-i18n", providers: [.apt(["libicu-dev"])]),
    .systemLibrary(
      name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
    // Small C/C++ shims with plain C headers.
    .target(name: "ICUBridge", dependencies: ["CICU"]),
    .target(name: "CSHA256", linkerSettings: [.linkedLibrary("crypto")]),
    // bytes -> text
    .target(name: "LicenseText", dependencies: ["ICUBridge", "CSHA256"]),
    // regex wrapper shared by tag matching and clause detection
    .target(name: "RegexEngine", dependencies: ["CPCRE2"]),
    // reference licenses and rules
    .target(name: "LicenseCorpus"),
    // compiled index (build + load)
    .target(name: "LicenseIndex", dependencies: ["LicenseCorpus", "LicenseText"]),
    // exact, tag, n-gram and alignment matching
    .target(name: "LicenseMatch", dependencies: ["LicenseIndex", "LicenseText", "RegexEngine"]),
    // restrictive clause detection over model licenses (catalog-driven PCRE2)
    .target(
      name: "LicenseClauses",
      dependencies: [
        "LicenseText", "RegexEngine", "ICUBridge", .product(name: "Yams", package: "Yams"),
      ]),
    // freedom verdicts from identified licenses and clauses
    .target(name: "LicenseVerdict", dependencies: ["LicenseClauses"]),
    // model repositories: card, weight headers, components, definitions, open-washing
    .target(
      name: "LicenseModel",
      dependencies: [
        "LicenseClauses", "LicenseVerdict", .product(name: "Yams", package: "Yams"),
      ]),
    // output formats
    .target(
      name: "LicenseReport",
      dependencies: [
        "LicenseMatch", "LicenseText", "LicenseClauses", "LicenseVerdict", "LicenseModel",
      ]),
    // CI policy gates over scan records
    .target(
      name: "LicensePolicy",
      dependencies: [
        "LicenseReport", "LicenseModel", "LicenseVerdict", .product(name: "Yams", package: "Yams"),
      ]),
    // wiring of the stages for one file and for trees
    .target(
      name: "LicenseScan",
      dependencies: [
        "LicenseText", "LicenseIndex", "LicenseMatch", "LicenseClauses", "LicenseVerdict",
        "LicenseModel", "LicenseReport",
      ]),
    .executableTarget(
      name: "licenselens",
      dependencies: [
        "LicenseScan", "LicenseIndex", "LicenseCorpus", "LicenseMatch", "LicenseClauses",
        "LicenseVerdict", "LicenseModel", "LicenseReport", "LicensePolicy", "RegexEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "LicenseLensTests",
      dependencies: [
        "LicenseText", "LicenseCorpus", "LicenseIndex", "LicenseMatch", "LicenseClauses",
        "LicenseVerdict", "LicenseModel", "LicenseReport", "LicensePolicy", "LicenseScan",
        "RegexEngine",
      ]),
    .testTarget(
      name: "LicenseClausesTests",
      dependencies: ["LicenseClauses", "LicenseVerdict", "LicenseText"]),
  ],
  swiftLanguageModes: [.v6]
)
