import Foundation
import LicenseScan
import LicenseText
import RegexEngine
import Testing

@testable import LicenseClauses

/// The compiled clause catalog (`licenselens index build`) gives the catalog the YAML files
/// give, and is refused (the YAML files are read instead) when those files changed since, or
/// when the file is truncated or damaged.
@Suite struct CompiledCatalogTests {
  static let clauses = Support.root.appendingPathComponent("license-corpus/clauses")
  static let families = Support.root.appendingPathComponent("license-corpus/families")

  /// The catalog from YAML and its compiled bytes.
  static let compiled: (analysis: ClauseAnalysis, bytes: [UInt8]) = {
    do {
      let (analysis, bytes) = try ClauseAnalysis.compile(clauses: clauses, families: families)
      guard let bytes else { fatalError("the catalog did not compile") }
      return (analysis, bytes)
    } catch {
      fatalError("\(error)")
    }
  }()

  /// Writes `bytes` to a new file and loads the catalog with it as the compiled catalog.
  static func load(
    _ bytes: [UInt8]?, clauses: URL = clauses, families: URL = families
  ) throws -> (analysis: ClauseAnalysis, refusal: CompiledCatalog.Refusal?) {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("licenselens.catalog").path
    if let bytes { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    return try ClauseAnalysis.loadReporting(clauses: clauses, families: families, compiled: path)
  }

  /// Texts to scan: the catalog's own examples, the example files and the shared model
  /// licenses (when present).
  static func texts() -> [String] {
    var texts: [String] = []
    for rule in compiled.analysis.scanner.catalog.rules {
      texts += rule.definition.examples.positive + rule.definition.examples.negative
    }
    for folder in [Support.root.appendingPathComponent("examples"), ClauseSupport.modelLicenses] {
      let walker = FileManager.default.enumerator(atPath: folder.path)
      while let name = walker?.nextObject() as? String {
        let url = folder.appendingPathComponent(name)
        if let text = try? String(contentsOf: url, encoding: .utf8) { texts.append(text) }
      }
    }
    return texts
  }

  /// Whether two loaded catalogs hold the same rules, patterns (with what reading them gave),
  /// families and digest.
  static func expectSame(_ lhs: ClauseAnalysis, _ rhs: ClauseAnalysis) {
    #expect(lhs.catalogDigest == rhs.catalogDigest)
    let left = lhs.scanner.catalog.rules
    let right = rhs.scanner.catalog.rules
    #expect(left.map(\.definition) == right.map(\.definition))
    for (a, b) in zip(left, right) {
      for (x, y) in [
        (a.patterns, b.patterns), (a.guards, b.guards), (a.listIntros, b.listIntros),
        (a.listItems, b.listItems),
      ] {
        #expect(x.map(\.parts) == y.map(\.parts), "\(a.id)")
      }
      #expect(a.literals == b.literals && a.requirement == b.requirement, "\(a.id)")
    }
    let leftFamilies = lhs.families.families
    let rightFamilies = rhs.families.families
    #expect(leftFamilies.map(\.definition) == rightFamilies.map(\.definition))
    for (a, b) in zip(leftFamilies, rightFamilies) {
      #expect(a.titles.map(\.parts) == b.titles.map(\.parts))
      #expect(a.required.map(\.parts) == b.required.map(\.parts))
      #expect(a.excluded.map(\.parts) == b.excluded.map(\.parts))
      #expect(a.versions.map(\.0.parts) == b.versions.map(\.0.parts))
      #expect(a.versions.map(\.1) == b.versions.map(\.1))
    }
  }

  @Test func theCompiledCatalogIsTheCatalogOfTheYAMLFiles() throws {
    let (loaded, refusal) = try Self.load(Self.compiled.bytes)
    #expect(refusal == nil)
    Self.expectSame(loaded, Self.compiled.analysis)
    // The patterns decoded from PCRE2's serialized code find what the compiled ones find.
    let yaml = Self.compiled.analysis
    let texts = Self.texts()
    #expect(texts.count > 100)
    for text in texts {
      let prepared = ClauseText(text)
      #expect(loaded.scanner.scan(prepared) == yaml.scanner.scan(prepared))
      #expect(loaded.families.detect(in: prepared) == yaml.families.detect(in: prepared))
    }
  }

  /// The catalog `licenselens index build` wrote beside the repository's index, when scans
  /// would use it, holds what this build reads from the patterns: a change to that reading
  /// without a new ``RegexEngine/Regex/readingVersion`` shows here (then run `index build`,
  /// and bump the version).
  @Test func theBuiltCatalogHoldsWhatThisBuildReads() throws {
    let path = Support.root.appendingPathComponent("license-corpus/build/licenselens.catalog")
    let (loaded, refusal) = try ClauseAnalysis.loadReporting(
      clauses: Self.clauses, families: Self.families, compiled: path.path)
    // Missing, stale or damaged: scans do not use it, nothing to compare.
    guard refusal == nil else { return }
    Self.expectSame(loaded, Self.compiled.analysis)
  }

  @Test func aCatalogCompiledFromOtherFilesIsNotUsed() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let clauses = folder.appendingPathComponent("clauses")
    try FileManager.default.copyItem(at: Self.clauses, to: clauses)
    let names = try FileManager.default.contentsOfDirectory(atPath: clauses.path).sorted()
    let first = clauses.appendingPathComponent(
      try #require(names.first { $0.hasSuffix(".yaml") }))
    // An edit that changes no rule still changes the files, hence the digest.
    try (String(contentsOf: first, encoding: .utf8) + "\n# edited\n").write(
      to: first, atomically: true, encoding: .utf8)
    let (loaded, refusal) = try Self.load(Self.compiled.bytes, clauses: clauses)
    #expect(refusal == .otherSource)
    #expect(loaded.catalogDigest != Self.compiled.analysis.catalogDigest)
    #expect(
      loaded.catalogDigest
        == CatalogSource(directories: [clauses, Self.families]).digest)
    #expect(
      loaded.scanner.catalog.rules.map(\.definition)
        == Self.compiled.analysis.scanner.catalog.rules.map(\.definition))
  }

  @Test func aMissingTruncatedOrDamagedCatalogIsNotUsed() throws {
    let bytes = Self.compiled.bytes
    var cases: [(String, [UInt8])] = [
      ("empty", []), ("magic only", Array(bytes.prefix(8))),
      ("header only", Array(bytes.prefix(CompiledCatalog.headerSize))),
      ("half", Array(bytes.prefix(bytes.count / 2))), ("one byte short", bytes.dropLast()),
      ("one byte more", bytes + [0]),
    ]
    // A flipped byte in every header field, and at spread positions of the payload (the
    // digest, pattern parts, PCRE2's code, the rules, the last byte).
    let positions =
      [0, 8, 12, 16, 24, 32, 40, 47]
      + stride(from: CompiledCatalog.headerSize, to: bytes.count, by: bytes.count / 23)
      + [bytes.count - 1]
    for position in positions {
      var flipped = bytes
      flipped[position] ^= 0x10
      cases.append(("byte \(position) flipped", flipped))
    }
    let (missing, missingRefusal) = try Self.load(nil)
    #expect(missingRefusal == .missing)
    Self.expectSame(missing, Self.compiled.analysis)
    for (what, damaged) in cases {
      let (loaded, refusal) = try Self.load(damaged)
      switch refusal {
      case .damaged, .stale: break
      default: Issue.record("\(what): \(String(describing: refusal))")
      }
      #expect(
        loaded.scanner.catalog.rules.map(\.definition)
          == Self.compiled.analysis.scanner.catalog.rules.map(\.definition), "\(what)")
      #expect(loaded.catalogDigest == Self.compiled.analysis.catalogDigest, "\(what)")
    }
  }

  /// The release binary, run as a child process (where a crash shows as a signal), with a
  /// damaged compiled catalog beside its index: the same output as with an intact one, exit
  /// status 0, and one note naming the file and `licenselens index build`.
  @Test func theBinaryFallsBackFromADamagedCatalog() throws {
    let binary = try Support.builtReleaseBinary()
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let index = folder.appendingPathComponent("licenselens.index")
    try FileManager.default.createSymbolicLink(
      at: index, withDestinationURL: URL(fileURLWithPath: Support.indexPath))
    let profile = URL(fileURLWithPath: Support.indexPath).deletingLastPathComponent()
      .appendingPathComponent("licenselens.clean-licenses")
    try FileManager.default.createSymbolicLink(
      at: folder.appendingPathComponent("licenselens.clean-licenses"), withDestinationURL: profile)
    let catalog = folder.appendingPathComponent("licenselens.catalog")
    let examples = Support.root.appendingPathComponent("examples").path
    let arguments = ["scan", "--quiet", "--format", "jsonl", "--index", index.path, examples]
    try Data(Self.compiled.bytes).write(to: catalog)
    let intact = try Support.run(binary, arguments)
    #expect(intact.status == 0 && intact.errors.isEmpty, "\(intact.errors)")
    let bytes = Self.compiled.bytes
    var flipped = bytes
    flipped[bytes.count / 3] ^= 0x01
    for (what, damaged) in [
      ("truncated", Array(bytes.prefix(bytes.count / 2))), ("flipped byte", flipped),
      ("empty", []),
    ] {
      try Data(damaged).write(to: catalog)
      let result = try Support.run(binary, arguments)
      #expect(result.status == 0, "\(what): \(result.status) \(result.errors)")
      #expect(result.output == intact.output, "\(what)")
      let lines = result.errors.split(separator: "\n")
      #expect(lines.count == 1, "\(what): \(result.errors)")
      #expect(result.errors.contains(catalog.path), "\(what)")
      #expect(result.errors.contains("licenselens index build"), "\(what)")
    }
  }

  /// `index build` stops with exit status 2 and a line on standard error that names the
  /// cause: a missing corpus folder, and a clause file whose pattern does not compile (then the
  /// index is written but no compiled catalog, which would not match it).
  @Test func indexBuildFailsWithAnErrorNamingTheCause() throws {
    let binary = try Support.builtReleaseBinary()
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let index = folder.appendingPathComponent("licenselens.index").path

    let missing = folder.appendingPathComponent("no-corpus").path
    let noCorpus = try Support.run(
      binary, ["index", "build", "--corpus", missing, "--output", index])
    #expect(noCorpus.status == 2)
    #expect(noCorpus.errors.hasPrefix("licenselens: error:"), "\(noCorpus.errors)")
    #expect(noCorpus.errors.contains(missing), "\(noCorpus.errors)")

    let clauses = folder.appendingPathComponent("clauses")
    try FileManager.default.copyItem(
      at: Support.root.appendingPathComponent("license-corpus/clauses"), to: clauses)
    let broken = clauses.appendingPathComponent("use.geo-restriction.yaml")
    let text = try String(contentsOf: broken, encoding: .utf8)
    let unbalanced = text.replacingOccurrences(
      of: "\npatterns:\n", with: "\npatterns:\n- '(an unbalanced group'\n")
    try #require(unbalanced != text)
    try unbalanced.write(to: broken, atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["LICENSELENS_CLAUSES"] = clauses.path
    let badPattern = try Support.run(
      binary, ["index", "build", "--output", index], environment: environment)
    #expect(badPattern.status == 2)
    #expect(badPattern.errors.hasPrefix("licenselens: error:"), "\(badPattern.errors)")
    #expect(badPattern.errors.contains(broken.path), "\(badPattern.errors)")
    #expect(FileManager.default.fileExists(atPath: index))
    #expect(!FileManager.default.fileExists(atPath: CompiledCatalog.path(forIndex: index)))
  }

  @Test func theFormatVersionIsChecked() throws {
    var bytes = Self.compiled.bytes
    bytes[CompiledCatalog.Field.version] &+= 1
    // Header checksum recomputed: a file of another format, not a damaged one.
    let checksum = Checksum64.of(Array(bytes[0..<CompiledCatalog.Field.headerChecksum]))
    withUnsafeBytes(of: checksum.littleEndian) { raw in
      for (index, byte) in raw.enumerated() {
        bytes[CompiledCatalog.Field.headerChecksum + index] = byte
      }
    }
    let (_, refusal) = try Self.load(bytes)
    guard case .stale = refusal else {
      Issue.record("\(String(describing: refusal))")
      return
    }
  }
}
