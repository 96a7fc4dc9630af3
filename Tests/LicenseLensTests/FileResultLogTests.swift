import Foundation
import LicenseReport
import LicenseScan
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The file-metadata level of the result cache (``FileResultLog``): an unchanged file is not
/// read again, any change to its metadata (a write, a touch, a rename) sends it back to the
/// content level, a damaged log is ignored, and scanners running at once share the folder.
/// Every scan's records are compared with those of a scan without any cache.
@Suite struct FileResultLogTests {
  /// Every file counts as settled (the files of a test are seconds old at most).
  static let settled = Int64.max

  /// A tree of small projects (licenses, READMEs, sources with SPDX headers) and the example
  /// model repositories, with modification times in the past.
  static func makeTree(in folder: URL) throws -> URL {
    let tree = folder.appendingPathComponent("tree")
    try SPDXSupport.writeTree(into: tree, projects: 4)
    try FileManager.default.copyItem(
      at: Support.root.appendingPathComponent("examples"),
      to: tree.appendingPathComponent("examples"))
    return tree
  }

  /// The records of a scan of `tree` (with clauses and the model view), as JSON text.
  static func scan(
    _ tree: URL, results: ResultCache? = nil, files: FileResultLog? = nil, jobs: Int = 2
  ) -> [String] {
    BatchScanner(
      index: Support.index, jobs: jobs, clauses: ClauseSupport.analysis,
      models: ClauseSupport.models, results: results, files: files
    ).records(Array(PathWalker([tree.path]))).map { ReportRenderer.jsonObject($0) }
  }

  /// The cache in `folder` and its file level, opened as a new scan would.
  static func open(_ folder: URL, settledBefore: Int64 = settled) throws -> (
    ResultCache, FileResultLog
  ) {
    let cache = try ResultCache(
      directory: folder.appendingPathComponent("cache").path,
      dependencies: ResultCacheTests.dependencies)
    return (
      cache,
      try FileResultLog(
        cache: cache, maximumSize: 1 << 20, sha1: false, settledBefore: settledBefore)
    )
  }

  /// Scans `tree` with a new cache in `folder`, saves it, and returns the expected records
  /// (of a scan without a cache) and how many results were stored.
  static func warmUp(_ tree: URL, in folder: URL) throws -> (expected: [String], stored: Int) {
    let expected = scan(tree)
    let (cache, files) = try open(folder)
    #expect(scan(tree, results: cache, files: files) == expected)
    files.save()
    let count = Array(PathWalker([tree.path])).count
    // Only weight files and model cards are not stored at this level.
    #expect(files.statistics.stored > count * 3 / 4)
    #expect(files.statistics.reused == 0 && files.statistics.missing == count)
    return (expected, files.statistics.stored)
  }

  /// The log files of the file level in `folder`.
  static func logs(_ folder: URL) throws -> [URL] {
    let cache = folder.appendingPathComponent("cache")
    return (FileManager.default.enumerator(atPath: cache.path)?.compactMap { $0 as? String } ?? [])
      .filter { $0.hasSuffix(".log") }.map { cache.appendingPathComponent($0) }
  }

  @Test func anUnchangedFileIsTakenFromTheLogWithoutBeingRead() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    let (expected, stored) = try Self.warmUp(tree, in: folder)

    let (cache, _) = try Self.open(folder)
    let files = try FileResultLog(
      cache: cache, maximumSize: 1 << 20, sha1: false, keepsJSON: true,
      settledBefore: Self.settled)
    let records = BatchScanner(
      index: Support.index, jobs: 2, clauses: ClauseSupport.analysis,
      models: ClauseSupport.models, results: cache, files: files
    ).records(Array(PathWalker([tree.path])))
    #expect(records.map { ReportRenderer.jsonObject($0) } == expected)
    // The JSON object stored with each result is the one it renders to, given once, and
    // only for the very result the log gave (every result without a card or weights).
    for (number, record) in records.enumerated() {
      guard case .file(let result) = record else { continue }
      if number.isMultiple(of: 2) {
        var other = result
        other.size = (result.size ?? 0) + 1
        #expect(files.takeJSON(for: other) == nil)
      } else {
        let json = files.takeJSON(for: result)
        #expect((json != nil) == (result.card == nil && result.weights == nil))
        #expect(json == nil || json == ReportRenderer.jsonObject(record))
        #expect(files.takeJSON(for: result) == nil)
      }
    }
    let warm = files.statistics
    #expect(warm.reused == stored)
    #expect(warm.changed == 0 && warm.damaged == 0 && warm.stored == 0)
    // Only the files the log does not hold (cards, weights) went on to the content level.
    #expect(cache.statistics.computed == 0 && cache.statistics.reused <= warm.missing)
    let before = try Self.logs(folder)
    files.save()
    // Nothing new: the log is left as it was.
    #expect(try Self.logs(folder) == before)
  }

  @Test func aTouchedOrRewrittenFileIsReadAgain() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    let license = tree.appendingPathComponent("project-0/LICENSE")
    let source = tree.appendingPathComponent("project-1/src/file0.swift")
    try Data(Support.licenseText("apache-2.0").utf8).write(to: license)
    _ = try Self.warmUp(tree, in: folder)

    // The same number of bytes, another license, and the old modification time put back:
    // only the status-change time tells (wait until the clock has moved on for it).
    let old = try #require(FileMetadata.of(license.path, followLinks: false))
    let mit = try Support.licenseText("mit")
    let original = try Data(contentsOf: license)
    let replacement =
      Data(mit.utf8) + Data(repeating: UInt8(ascii: "\n"), count: original.count - mit.utf8.count)
    var rewritten: FileMetadata?
    for _ in 0..<200 {
      try replacement.write(to: license)
      Self.setModificationTime(license.path, nanoseconds: old.modified)
      rewritten = FileMetadata.of(license.path, followLinks: false)
      if rewritten?.changed != old.changed { break }
      usleep(10_000)
    }
    #expect(rewritten?.size == old.size && rewritten?.modified == old.modified)
    #expect(rewritten?.changed != old.changed)
    // A touched file: its content is the same, its times are not.
    Self.setModificationTime(source.path, nanoseconds: FileMetadata.now())

    let (cache, files) = try Self.open(folder)
    let records = Self.scan(tree, results: cache, files: files)
    #expect(records == Self.scan(tree))
    #expect(files.statistics.changed == 2)
    #expect(records.contains { $0.contains("project-0/LICENSE") && $0.contains("\"MIT\"") })
    files.save()

    // The next scan takes both new results from the log.
    let (_, next) = try Self.open(folder)
    #expect(Self.scan(tree, files: next) == records)
    #expect(next.statistics.changed == 0 && next.statistics.stored == 0)
  }

  @Test func aRenamedOrMovedFileIsScannedUnderItsNewPath() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    _ = try Self.warmUp(tree, in: folder)
    let manager = FileManager.default
    // A license moved to a name of another kind (its verdict depends on the name), and a
    // source moved over another one (same path, another inode).
    try manager.moveItem(
      at: tree.appendingPathComponent("project-0/LICENSE"),
      to: tree.appendingPathComponent("project-0/src/notes.c"))
    let target = tree.appendingPathComponent("project-2/src/file1.swift")
    try manager.removeItem(at: target)
    try manager.moveItem(at: tree.appendingPathComponent("project-3/src/file0.swift"), to: target)

    let (cache, files) = try Self.open(folder)
    #expect(Self.scan(tree, results: cache, files: files) == Self.scan(tree))
    #expect(files.statistics.changed == 1)
    // The moved license's content is not matched again: the content level has it.
    #expect(cache.statistics.reused >= 1)
    // The new path has an entry (the old ones go when the logs are merged, see below).
    files.save()
    #expect(try Self.open(folder).1.entryCount == files.entryCount + 1)
  }

  @Test func entriesOfFilesNotScannedAreKeptWhileUnchanged() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    let (_, stored) = try Self.warmUp(tree, in: folder)
    try FileManager.default.removeItem(at: tree.appendingPathComponent("project-2/README.md"))
    Self.setModificationTime(
      tree.appendingPathComponent("project-1/src/file0.swift").path,
      nanoseconds: FileMetadata.now())
    // Scans of one project: the touched file is stored again (a log each time), the others
    // of the project are used; when the logs are merged, of the files those scans did not
    // look up, the deleted one loses its entry and the others keep theirs.
    let project = tree.appendingPathComponent("project-1")
    try Self.scanUntilMerged(project, in: folder, touching: "src/file0.swift")
    let (_, next) = try Self.open(folder)
    #expect(next.entryCount == stored - 1)
    #expect(Self.scan(tree, files: next) == Self.scan(tree))
    #expect(next.statistics.reused == stored - 1 && next.statistics.changed == 0)
  }

  /// Scans `tree` with the cache in `folder` again and again, touching its file `name` before
  /// each scan, until the scan that merges the logs; checks each scan's records.
  static func scanUntilMerged(_ tree: URL, in folder: URL, touching name: String) throws {
    let expected = scan(tree)
    var merged = false
    while !merged {
      let before = try logs(folder).count
      try #require(before <= FileResultLog.logLimit)
      setModificationTime(tree.appendingPathComponent(name).path, nanoseconds: FileMetadata.now())
      let (cache, files) = try open(folder)
      #expect(scan(tree, results: cache, files: files) == expected)
      #expect(files.statistics.changed == 1 && files.statistics.stored == 1)
      files.save()
      let after = try logs(folder).count
      // A log more, or, from logLimit logs on, one log.
      #expect(after == (before >= FileResultLog.logLimit ? 1 : before + 1))
      merged = after == 1
    }
  }

  @Test func recentlyChangedFilesAreNotStored() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    // Files written a moment ago could be written again within one tick of the clock.
    let (cache, files) = try Self.open(folder, settledBefore: FileMetadata.now() - 1_000_000_000)
    #expect(Self.scan(tree, results: cache, files: files) == Self.scan(tree))
    #expect(files.statistics.stored == 0)
  }

  @Test func aDamagedLogIsIgnoredAndWrittenAgain() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    let (expected, _) = try Self.warmUp(tree, in: folder)
    let log = try #require(try Self.logs(folder).first)
    let intact = try Data(contentsOf: log)
    var flipped = intact
    flipped[intact.count / 2] ^= 0x20
    var header = intact
    header[3] ^= 0x01
    let damages: [(String, Data)] = [
      ("a flipped byte", flipped), ("a changed header", header),
      ("truncated", intact.prefix(intact.count * 2 / 3)), ("empty", Data()),
      ("not a log", Data("{\"path\": \"LICENSE\"}\n".utf8)),
    ]
    for (what, damaged) in damages {
      for old in try Self.logs(folder) { try FileManager.default.removeItem(at: old) }
      try damaged.write(to: log)
      let (cache, files) = try Self.open(folder)
      #expect(files.statistics.damaged == 1, "\(what)")
      #expect(Self.scan(tree, results: cache, files: files) == expected, "\(what)")
      #expect(files.statistics.stored > 0, "\(what)")
      files.save()
      // The damaged log was replaced by a whole one.
      let (_, next) = try Self.open(folder)
      #expect(next.statistics.damaged == 0, "\(what)")
      #expect(Self.scan(tree, files: next) == expected, "\(what)")
      #expect(next.statistics.stored == 0 && next.statistics.changed == 0, "\(what)")
    }
  }

  /// Two scans at once on one folder each write their own log; the next scan reads both and
  /// merges them into one.
  @Test func scannersRunningAtOnceShareTheFolder() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = try Self.makeTree(in: folder)
    let expected = Self.scan(tree)
    let opened = try (0..<2).map { _ in try Self.open(folder) }
    let outputs = Mutex<[[String]]>([])
    DispatchQueue.concurrentPerform(iterations: 2) { run in
      let records = Self.scan(tree, results: opened[run].0, files: opened[run].1, jobs: 1)
      opened[run].1.save()
      outputs.withLock { $0.append(records) }
    }
    #expect(outputs.withLock { $0 } == [expected, expected])
    #expect(try Self.logs(folder).count == 2)

    let (_, both) = try Self.open(folder)
    #expect(Self.scan(tree, files: both) == expected)
    #expect(both.statistics.stored == 0 && both.statistics.damaged == 0)
    both.save()
    // Nothing new: nothing written.
    #expect(try Self.logs(folder).count == 2)
    try Self.scanUntilMerged(tree, in: folder, touching: "project-0/README.md")
    let (_, next) = try Self.open(folder)
    #expect(Self.scan(tree, files: next) == expected)
    #expect(next.statistics.reused == both.statistics.reused)
  }

  /// Model licenses and policies (families, clauses, unanalysed policies), near-copies of free
  /// licenses with a restriction added (differences), licenses the reference data files as
  /// non-free (disagreements), a source and a binary file: every part of a result and its
  /// verdict is read back as stored.
  @Test(.enabled(if: ClauseSupport.hasModelLicenses, "../shared/model-licenses is absent"))
  func everyPartOfAResultIsReadBackAsStored() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree = folder.appendingPathComponent("tree")
    let names = try FileManager.default.contentsOfDirectory(
      atPath: ClauseSupport.modelLicenses.path
    ).filter { $0.hasSuffix(".txt") }
    for name in names {
      let project = tree.appendingPathComponent(String(name.dropLast(4)))
      try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
      let fileName = name.contains("aup") || name.contains("pup") ? "USE_POLICY.md" : "LICENSE"
      try FileManager.default.copyItem(
        at: ClauseSupport.modelLicenses.appendingPathComponent(name),
        to: project.appendingPathComponent(fileName))
    }
    let near = tree.appendingPathComponent("near")
    try FileManager.default.createDirectory(at: near, withIntermediateDirectories: true)
    try Data(ResultCacheTests.restrictedText()).write(to: near.appendingPathComponent("LICENSE"))
    try Data(EvidenceScanTests.researchOnlyMIT.utf8).write(
      to: near.appendingPathComponent("COPYING"))
    for key in ["cc-by-nc-2.0", "bsl-1.1", "gitlab-ee", "cpol-1.02", "google-patent-license"] {
      try Data(Support.licenseText(key).utf8).write(
        to: near.appendingPathComponent("LICENSE-\(key)"))
    }
    try Data("// SPDX-License-Identifier: MIT\nlet tide = 3\n".utf8).write(
      to: near.appendingPathComponent("main.swift"))
    try Data([0, 1, 2, 0, 255, 0]).write(to: near.appendingPathComponent("blob.bin"))

    let records = { (files: FileResultLog?) in
      ClauseSupport.files(
        BatchScanner(
          index: Support.index, jobs: 2, clauses: ClauseSupport.analysis,
          models: ClauseSupport.models, files: files
        ).records(Array(PathWalker([tree.path]))))
    }
    let expected = records(nil)
    let (_, cold) = try Self.open(folder)
    #expect(records(cold) == expected)
    cold.save()
    let (_, warm) = try Self.open(folder)
    #expect(records(warm) == expected)
    #expect(warm.statistics.reused == expected.count)

    // The tree has every part, so none can be lost unseen.
    let verdicts = expected.compactMap(\.verdict)
    #expect(expected.contains { !$0.fingerprints.isEmpty })
    #expect(expected.contains { $0.evidence?.differences.isEmpty == false })
    #expect(expected.contains { $0.evidence?.scan.grants.isEmpty == false })
    #expect(expected.contains { $0.skipped != nil })
    #expect(verdicts.contains { !$0.explanations.isEmpty })
    #expect(verdicts.contains { !$0.unanalysedPolicies.isEmpty })
    #expect(verdicts.contains { !$0.families.isEmpty })
    #expect(verdicts.contains { !$0.disagreements.isEmpty })
    #expect(verdicts.contains { !$0.nonFreeReferences.isEmpty })
    #expect(verdicts.contains { !$0.differences.isEmpty })
    #expect(verdicts.contains { !$0.evidence.isEmpty })
  }

  static func setModificationTime(_ path: String, nanoseconds: Int64) {
    let time = timespec(
      tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    var times = [time, time]
    _ = utimensat(AT_FDCWD, path, &times, 0)
  }
}
