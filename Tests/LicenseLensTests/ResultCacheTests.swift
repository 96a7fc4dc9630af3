import Foundation
import LicenseMatch
import LicenseReport
import LicenseScan
import LicenseText
import Testing

/// The result cache (`scan --cache DIR`): results of one scan are used by the next, a
/// damaged entry is never trusted, and scanners running at once share one folder.
@Suite struct ResultCacheTests {
  static let dependencies = ["scanner test", "index test", "clauses test"]

  /// A scanner with clause analysis, its own in-run caches and the result cache `results`.
  static func scanner(_ results: ResultCache?) -> FileScanner {
    FileScanner(
      index: Support.index, clauses: ClauseSupport.analysis, cache: ScanCache(), results: results)
  }

  /// The Apache-2.0 reference text with a use restriction added to it.
  static func restrictedText() throws -> [UInt8] {
    let text =
      try Support.licenseText("apache-2.0")
      + "\nYou may not use the Work for any commercial purpose.\n"
    return Array(text.utf8)
  }

  @Test func aLaterScannerReusesTheResultsOfAnEarlierOne() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes = try Self.restrictedText()
    var plain = Self.scanner(nil)
    let expected = plain.scan(bytes: bytes, path: "second/LICENSE")
    #expect(!expected.clauses.isEmpty)

    let first = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
    var cold = Self.scanner(first)
    _ = cold.scan(bytes: bytes, path: "first/LICENSE")
    #expect(first.statistics == ResultCache.Statistics(reused: 0, computed: 1, damaged: 0))

    // Another run: a new cache object on the same folder, another path of the same kind.
    let second = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
    var warm = Self.scanner(second)
    let reused = warm.scan(bytes: bytes, path: "second/LICENSE")
    #expect(second.statistics == ResultCache.Statistics(reused: 1, computed: 0, damaged: 0))
    #expect(reused == expected)
    #expect(ReportRenderer.jsonObject(.file(reused)) == ReportRenderer.jsonObject(.file(expected)))

    // Clues (a link, "see LICENSE") come back from the cache as well.
    let notes = Array(
      "Some notes.\n\nhttps://opensource.org/licenses/BSD-3-Clause\n\nSee LICENSE for details.\n"
        .utf8)
    let plainNotes = plain.scan(bytes: notes, path: "notes.txt")
    #expect(plainNotes.identification.clues.count == 2)
    _ = cold.scan(bytes: notes, path: "notes.txt")
    #expect(warm.scan(bytes: notes, path: "notes.txt") == plainNotes)

    // A file name of another kind is another entry (its findings depend on the name).
    _ = warm.scan(bytes: bytes, path: "second/notes.c")
    #expect(second.statistics.computed == 1)
  }

  @Test func theStoredEntryIsWhatTheScanUses() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
    let bytes = Array("Some notes about tide tables.\n".utf8)
    let digest = bytes.withUnsafeBytes { FileDigest.sha256Hex($0) }
    let mit = try #require(
      Support.scan("// SPDX-License-Identifier: MIT\n").identification.licenses.first)
    // An entry that says MIT for a text that names no license: a scan that reads it reports
    // MIT, which shows the text was not matched again.
    let context = ClauseAnalysis.findingsContext(path: "notes.txt")
    cache.store(
      ResultCache.Entry(
        identification: IdentificationResult(licenses: [mit], expression: "MIT"), findings: nil),
      digest: digest, context: context)
    var scanner = Self.scanner(cache)
    let result = scanner.scan(bytes: bytes, path: "notes.txt")
    #expect(result.identification.expression == "MIT")
    #expect(cache.statistics.reused == 1)
  }

  @Test func damagedEntriesAreIgnoredComputedAndReplaced() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes = try Self.restrictedText()
    let digest = bytes.withUnsafeBytes { FileDigest.sha256Hex($0) }
    let context = ClauseAnalysis.findingsContext(path: "LICENSE")
    var plain = Self.scanner(nil)
    let expected = plain.scan(bytes: bytes, path: "LICENSE")
    let seed = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
    var first = Self.scanner(seed)
    _ = first.scan(bytes: bytes, path: "LICENSE")
    let entryPath = seed.path(digest: digest, context: context)
    let intact = try Data(contentsOf: URL(fileURLWithPath: entryPath))

    // Another content's entry copied into this one's place.
    let other = Array("Released under the MIT License.\n".utf8)
    _ = first.scan(bytes: other, path: "LICENSE")
    let otherDigest = other.withUnsafeBytes { FileDigest.sha256Hex($0) }
    let misplaced = try Data(
      contentsOf: URL(fileURLWithPath: seed.path(digest: otherDigest, context: context)))

    var flipped = intact
    flipped[intact.count / 2] ^= 0x20
    var flippedChecksum = intact
    flippedChecksum[25] =
      flippedChecksum[25] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
    let damages: [(String, Data)] = [
      ("a flipped byte", flipped), ("a changed checksum", flippedChecksum),
      ("truncated", intact.prefix(intact.count / 2)), ("empty", Data()),
      ("cut before the JSON", intact.prefix(30)), ("another entry", misplaced),
      ("not an entry", Data("{\"identification\": {}}".utf8)),
    ]
    for (what, damaged) in damages {
      try damaged.write(to: URL(fileURLWithPath: entryPath))
      let cache = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
      var scanner = Self.scanner(cache)
      let result = scanner.scan(bytes: bytes, path: "LICENSE")
      #expect(result == expected, "\(what)")
      #expect(
        cache.statistics == ResultCache.Statistics(reused: 0, computed: 0, damaged: 1), "\(what)")
      // The entry was written again, whole.
      #expect(cache.entry(digest: digest, context: context) != nil, "\(what)")
    }
  }

  @Test func resultsOfOtherDataAreNotShared() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes = try Self.restrictedText()
    let first = try ResultCache(directory: folder.path, dependencies: Self.dependencies)
    var scanner = Self.scanner(first)
    _ = scanner.scan(bytes: bytes, path: "LICENSE")
    let other = try ResultCache(
      directory: folder.path, dependencies: Self.dependencies + ["another catalog"])
    #expect(other.folder != first.folder)
    var otherScanner = Self.scanner(other)
    _ = otherScanner.scan(bytes: bytes, path: "LICENSE")
    #expect(other.statistics.computed == 1)
  }

  /// Two scanner processes at once on one cache folder, then a third on the warm folder:
  /// each writes what a scan without the cache writes, and no temporary file is left.
  @Test func concurrentScannersShareOneFolder() throws {
    let binary = try Support.builtReleaseBinary()
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = folder.appendingPathComponent("tree")
    try SPDXSupport.writeTree(into: tree, projects: 60)
    try FileManager.default.copyItem(
      at: Support.root.appendingPathComponent("examples"),
      to: tree.appendingPathComponent("examples"))
    let cache = folder.appendingPathComponent("cache").path
    // Files changed less than a second before a scan are not stored by path and metadata.
    usleep(1_200_000)
    let arguments = ["scan", "--quiet", "--format", "jsonl", "--jobs", "2", tree.path]
    let plain = try Support.run(binary, arguments)
    #expect(plain.status == 0, "\(plain.errors)")
    let outputs = (0..<2).map { folder.appendingPathComponent("out-\($0).jsonl") }
    let processes = try outputs.map { output -> Process in
      let process = Process()
      process.executableURL = binary
      process.arguments = arguments + ["--cache", cache]
      _ = FileManager.default.createFile(atPath: output.path, contents: nil)
      process.standardOutput = try FileHandle(forWritingTo: output)
      try process.run()
      return process
    }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    for output in outputs {
      #expect(try String(contentsOf: output, encoding: .utf8) == plain.output)
    }
    let warm = try Support.run(binary, arguments + ["--cache", cache])
    #expect(warm.output == plain.output)
    let leftovers = FileManager.default.enumerator(atPath: cache)?.compactMap { $0 as? String }
      .filter { $0.contains(".tmp-") }
    #expect(leftovers == [])
    // Each scan at once wrote its log of results by path and metadata (one of them none, when
    // it started after the other had finished); the warm one, with nothing new, none.
    let logs = FileManager.default.enumerator(atPath: cache)?.compactMap { $0 as? String }
      .filter { $0.hasSuffix(".log") }
    #expect((1...2).contains(logs?.count ?? 0))
  }
}
