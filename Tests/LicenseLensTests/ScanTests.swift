import Foundation
import LicenseMatch
import LicenseReport
import LicenseScan
import Synchronization
import Testing

@Suite("Scanning files and trees")
struct ScanTests {
  func scanTree(_ root: URL) -> [String: FileScanResult] {
    let collected = Mutex<[String: FileScanResult]>([:])
    BatchScanner(index: Support.index, jobs: 2).scan(PathWalker([root.path])) { result in
      collected.withLock { $0[result.path] = result }
    }
    return collected.withLock { $0 }
  }

  @Test func bundledExamplesReportTheirLicenses() {
    let results = scanTree(Support.root.appendingPathComponent("examples"))
    func ids(_ name: String) -> Set<String> {
      let path = Support.root.appendingPathComponent("examples/" + name).path
      return Set(results[path]?.identification.licenses.map(\.license.spdx) ?? ["<missing>"])
    }
    #expect(ids("README.md") == ["MIT"])
    #expect(ids("src/parser.c") == ["Apache-2.0"])
    #expect(ids("third_party/NOTICE.txt").count == 2)
  }

  @Test func badInputGetsAClearResultAndTheRestIsScanned() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    func write(_ name: String, _ bytes: [UInt8]) throws {
      try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
    try write("binary.bin", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2])
    try write("empty.txt", [])
    try write("latin1.txt", Array("Released under the MIT license. Se".utf8) + [0xF1, 0x6F, 0x72])
    let mit = try Support.licenseText("mit")
    try write(
      "utf16.txt",
      [0xFF, 0xFE] + mit.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] })
    try write("good.txt", Array(mit.utf8))
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
    let results = scanTree(folder)
    func result(_ name: String) -> FileScanResult? {
      results[folder.appendingPathComponent(name).path]
    }
    #expect(result("binary.bin")?.skipped?.contains("binary") == true)
    #expect(result("empty.txt")?.errors == [] && result("empty.txt")?.identification.licenses == [])
    #expect(result("latin1.txt")?.encoding == .latin1)
    #expect(result("latin1.txt")?.identification.licenses.map(\.license.spdx) == ["MIT"])
    #expect(result("utf16.txt")?.encoding == .utf16LE)
    #expect(result("utf16.txt")?.identification.licenses.map(\.license.spdx) == ["MIT"])
    #expect(result("good.txt")?.identification.licenses.map(\.license.spdx) == ["MIT"])
    #expect(result("loop-a")?.skipped?.contains("symbolic link") == true)
    // Named directly, a loop is followed and fails with a clear reason.
    var scanner = FileScanner(index: Support.index)
    let direct = scanner.scan(
      .init(path: folder.appendingPathComponent("loop-a").path, isExplicit: true, error: nil))
    #expect(direct.errors.first?.contains("symlink loop") == true)
    let missing = scanner.scan(
      .init(path: folder.appendingPathComponent("nope").path, isExplicit: true, error: nil))
    #expect(missing.errors == ["no such file or directory"])
  }

  @Test func largeFileWithLicensesFarApartFindsBoth() throws {
    // About 3 MB: several matcher windows; one license near the start, one near the end.
    let filler = (0..<40_000).map { "row \($0) holds a value computed from the previous rows." }
      .joined(separator: "\n")
    let text = try Support.licenseText("isc") + "\n" + filler + "\n" + Support.licenseText("zlib")
    let result = Support.scan(text)
    #expect(result.identification.licenses.map(\.license.spdx) == ["ISC", "Zlib"])
    #expect((result.identification.licenses.last?.startLine ?? 0) > 40_000)
  }

  @Test func repositorySourcesContainNoLicense() throws {
    let results = scanTree(Support.root.appendingPathComponent("Sources"))
    #expect(results.count > 20)
    let flagged = results.values.filter { !$0.identification.licenses.isEmpty }.map(\.path)
    #expect(flagged.isEmpty, "\(flagged)")
  }

  @Test func walkerFiltersAndSkipsVersionControlFolders() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for path in ["a/LICENSE", "a/notes.md", "vendor/lib/x.c", ".git/config", "b/c/COPYING.txt"] {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("text".utf8).write(to: url)
    }
    func walk(_ filter: PathFilter) -> [String] {
      PathWalker([folder.path], filter: filter).map {
        String($0.path.dropFirst(folder.path.count + 1))
      }
    }
    #expect(walk(PathFilter()) == ["a/LICENSE", "a/notes.md", "b/c/COPYING.txt", "vendor/lib/x.c"])
    #expect(
      walk(PathFilter(include: ["LICENSE*", "COPYING*"])) == ["a/LICENSE", "b/c/COPYING.txt"])
    #expect(walk(PathFilter(exclude: ["vendor", "*.md"])) == ["a/LICENSE", "b/c/COPYING.txt"])
    #expect(walk(PathFilter(exclude: ["b/*"])) == ["a/LICENSE", "a/notes.md", "vendor/lib/x.c"])
  }

  @Test func resultsComeBackInInputOrderOrAsTheyComplete() {
    let examples = Support.root.appendingPathComponent("examples").path
    let ordered = Mutex<[String]>([])
    let scanner = BatchScanner(index: Support.index, jobs: 2)
    #expect(scanner.scan(PathWalker([examples])) { r in ordered.withLock { $0.append(r.path) } })
    let walked = PathWalker([examples]).map(\.path)
    #expect(ordered.withLock { $0 } == walked)
    let completed = Mutex<[String]>([])
    scanner.scan(PathWalker([examples]), ordered: false) { r in
      completed.withLock { $0.append(r.path) }
    }
    #expect(completed.withLock { $0 }.sorted() == walked.sorted())
    // A stop request before the start scans nothing and says so.
    let none = Mutex<Int>(0)
    #expect(
      !scanner.scan(PathWalker([examples]), shouldStop: { true }) { _ in none.withLock { $0 += 1 } }
    )
    #expect(none.withLock { $0 } == 0)
  }

  @Test func jsonObjectKeepsTheContractFieldOrder() {
    let result = Support.scan("SPDX-License-Identifier: MIT\n")
    let json = ReportRenderer.jsonObject(result)
    #expect(json.hasPrefix(#"{"path":"memory","sha256":""#))
    #expect(
      json.contains(
        #""licenses":[{"spdx":"MIT","key":"mit","name":"MIT License","osi_approved":true,"category":"Permissive","start_line":1,"end_line":1,"coverage":1.0,"score":1.0,"matcher":"tag""#
      ))
    #expect(json.contains(#""expression":"MIT","errors":[]"#))
    let data = Data(json.utf8)
    #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
  }

  @Test func copiesOfOneContentAreIdentifiedOnceAndReportedUnderTheirOwnPaths() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let apache = Data(try Support.licenseText("apache-2.0").utf8)
    for name in ["a/LICENSE", "b/LICENSE", "c/d/COPYING"] {
      let file = folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try apache.write(to: file)
    }
    try Data("Released under the MIT License.\n".utf8).write(
      to: folder.appendingPathComponent("a/README"))
    let results = scanTree(folder)
    #expect(results.count == 4)
    for name in ["a/LICENSE", "b/LICENSE", "c/d/COPYING"] {
      let result = results[folder.appendingPathComponent(name).path]
      #expect(result?.path == folder.appendingPathComponent(name).path)
      #expect(result?.identification.licenses.map(\.license.spdx) == ["Apache-2.0"])
    }
    let readme = results[folder.appendingPathComponent("a/README").path]
    #expect(readme?.identification.licenses.map(\.license.spdx) == ["MIT"])
  }

  @Test func copiesTakenByTwoWorkersAtOnceAreMatchedOnce() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Copies side by side, as the copyright files of one source package's binary packages
    // are: four workers take several copies of one text at the same time.
    let texts = try ["gpl-2.0", "apache-2.0", "mpl-2.0"].map { try Support.licenseText($0) }
    let combined = texts.joined(separator: "\n\n")
    for copy in 0..<24 {
      try Data(combined.utf8).write(to: folder.appendingPathComponent("\(copy)-copyright"))
    }
    try Data("SPDX-License-Identifier: MIT\n".utf8).write(
      to: folder.appendingPathComponent("z.c"))
    let cache = ScanCache()
    let collected = Mutex<[String]>([])
    let complete = BatchScanner(index: Support.index, jobs: 4).scan(
      PathWalker([folder.path]), cache: cache
    ) { result in
      collected.withLock { $0.append(result.identification.expression ?? "none") }
    }
    #expect(complete)
    let expressions = collected.withLock { $0 }
    #expect(expressions.count == 25)
    #expect(expressions.filter { $0 == "GPL-2.0-only AND Apache-2.0 AND MPL-2.0" }.count == 24)
    #expect(expressions.last == "MIT")
    // One identification per distinct content, however the copies fell to the workers.
    #expect(cache.identifications.storeCount == 2)
    #expect(
      cache.inProgress.isClaimed(FileContent(path: "", bytes: Array(combined.utf8)).digest) == false
    )
  }

  /// Writes `count` source files `000.c`, `001.c`, … into `folder`, each a copyright line of
  /// its own and the tag of `license`.
  static func writeSourceFiles(_ count: Int, license: String, in folder: URL) throws {
    for number in 0..<count {
      try Data("Copyright \(number) Example\nSPDX-License-Identifier: \(license)\n".utf8).write(
        to: folder.appendingPathComponent(String(format: "%03d.c", number)))
    }
  }

  @Test func otherWorkersKeepScanningWhileOneWritesResults() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Enough files that the other worker cannot have taken them all before the first result's
    // output begins (with 40, a loaded machine let it finish first and the test failed).
    let count = 400
    try Self.writeSourceFiles(count, license: "MIT", in: folder)
    // Workers ask `shouldStop` before each file they read: the count shows their progress.
    // The first result's output is slow (a full pipe); the other worker must go on
    // meanwhile. Small batches, so that the other worker still has files to read then.
    let asked = Atomic<Int>(0)
    let progressedDuringOutput = Mutex<Bool?>(nil)
    let paths = Mutex<[String]>([])
    let complete = BatchScanner(index: Support.index, jobs: 2, batchSize: 4).scan(
      PathWalker([folder.path]),
      shouldStop: {
        asked.add(1, ordering: .relaxed)
        return false
      }
    ) { result in
      let isFirst = paths.withLock { paths in
        paths.append(result.path)
        return paths.count == 1
      }
      guard isFirst else { return }
      let before = asked.load(ordering: .relaxed)
      var waited = 0
      // Up to 20 s: on a loaded machine the other worker may be scheduled only seldom.
      while asked.load(ordering: .relaxed) < before + 5 && waited < 20_000 {
        usleep(1000)
        waited += 1
      }
      progressedDuringOutput.withLock { $0 = asked.load(ordering: .relaxed) >= before + 5 }
    }
    #expect(complete)
    #expect(progressedDuringOutput.withLock { $0 } == true)
    let names = paths.withLock { $0 }.map { URL(fileURLWithPath: $0).lastPathComponent }
    #expect(names == (0..<count).map { String(format: "%03d.c", $0) })
  }

  @Test func aStopMidScanStillReportsEveryFileTakenInOrder() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // More files than a worker's batch: files read into a batch when the stop comes are
    // still scanned and reported, and none after them.
    let count = 300
    try Self.writeSourceFiles(count, license: "Apache-2.0", in: folder)
    let asked = Atomic<Int>(0)
    let results = Mutex<[FileScanResult]>([])
    let complete = BatchScanner(index: Support.index, jobs: 2).scan(
      PathWalker([folder.path]),
      shouldStop: { asked.add(1, ordering: .relaxed).newValue > 150 }
    ) { result in results.withLock { $0.append(result) } }
    #expect(!complete)
    let reported = results.withLock { $0 }
    #expect(reported.count >= 140 && reported.count < count)
    let names = reported.map { URL(fileURLWithPath: $0.path).lastPathComponent }
    #expect(names == (0..<reported.count).map { String(format: "%03d.c", $0) })
    #expect(reported.allSatisfy { $0.identification.expression == "Apache-2.0" })
  }

  @Test func contentCacheKeepsRecurringContentsWithinItsBound() {
    let cache = ContentCache<String>(generationCapacity: 2)
    cache.store("MIT", forKey: "a")
    cache.store("ISC", forKey: "b")
    // The third entry starts a new generation; the first two are still found.
    cache.store("Zlib", forKey: "c")
    #expect(cache.value(forKey: "a") == "MIT")
    #expect(cache.count == 3)
    // "a" was used again, so it survives the next turnover; "b" was not and is dropped.
    cache.store("BSD-2-Clause", forKey: "d")
    #expect(cache.value(forKey: "b") == nil)
    #expect(cache.value(forKey: "a") == "MIT")
    #expect(cache.count <= 4)
    #expect(cache.value(forKey: "unknown") == nil)
  }

  @Test func copiesOfAModelLicenseGetTheirOwnPathsAndKinds() throws {
    let folder = try Support.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = Support.root.appendingPathComponent("examples/model")
    let manager = FileManager.default
    for copy in ["a", "b", "c"] {
      try manager.createDirectory(
        at: folder.appendingPathComponent(copy), withIntermediateDirectories: true)
    }
    for copy in ["a", "b"] {
      for name in ["LICENSE.md", "USE_POLICY.md"] {
        try manager.copyItem(
          at: model.appendingPathComponent(name),
          to: folder.appendingPathComponent(copy + "/" + name))
      }
    }
    // The policy's bytes again, under a name that says nothing: scanned as an ordinary file.
    try manager.copyItem(
      at: model.appendingPathComponent("USE_POLICY.md"),
      to: folder.appendingPathComponent("c/notes.md"))
    let records = ClauseSupport.records([folder.path])
    let files = Dictionary(
      uniqueKeysWithValues: ClauseSupport.files(records).map { ($0.path, $0) })
    let first = try #require(files[folder.appendingPathComponent("a/USE_POLICY.md").path])
    let second = try #require(files[folder.appendingPathComponent("b/USE_POLICY.md").path])
    #expect(!first.clauses.isEmpty)
    #expect(first.clauses == second.clauses)
    #expect(first.evidence?.path == first.path)
    #expect(second.evidence?.path == second.path)
    #expect(first.evidence?.kind == .policy)
    let notes = try #require(files[folder.appendingPathComponent("c/notes.md").path])
    #expect(notes.sha256 == first.sha256)
    #expect(notes.evidence?.kind != .policy)
    #expect(notes.evidence == nil || notes.evidence?.path == notes.path)
    #expect(
      ClauseSupport.models(records).map(\.folder).sorted() == [
        folder.appendingPathComponent("a").path, folder.appendingPathComponent("b").path,
      ])
  }

  /// Unreadable files and folders: as root nothing is unreadable, so the scan runs as user
  /// `nobody` through `setpriv`, using the release build of `tools/setup`.
  @Test func unreadableFilesAndFoldersGetErrorsAndTheRestIsScanned() throws {
    let folder = try Support.temporaryFolder()
    let manager = FileManager.default
    defer {
      try? manager.setAttributes(
        [.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("locked").path)
      try? manager.removeItem(at: folder)
    }
    try Data("// SPDX-License-Identifier: MIT\n".utf8).write(
      to: folder.appendingPathComponent("open.c"))
    try Data("Released under the MIT License.\n".utf8).write(
      to: folder.appendingPathComponent("secret.txt"))
    try manager.createDirectory(
      at: folder.appendingPathComponent("locked"), withIntermediateDirectories: true)
    try Data("Licensed under the Apache License, Version 2.0.\n".utf8).write(
      to: folder.appendingPathComponent("locked/inner.txt"))
    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    try manager.setAttributes(
      [.posixPermissions: 0], ofItemAtPath: folder.appendingPathComponent("secret.txt").path)
    try manager.setAttributes(
      [.posixPermissions: 0], ofItemAtPath: folder.appendingPathComponent("locked").path)

    var byPath: [String: (ids: [String], errors: [String])] = [:]
    if getuid() != 0 {
      for (path, result) in scanTree(folder) {
        byPath[path] = (result.identification.licenses.map(\.license.spdx), result.errors)
      }
    } else {
      let built = try Support.builtReleaseBinary()
      // The checkout may be closed to other users: nobody runs copies of the binary and the
      // index from a folder of its own.
      let tool = try Support.temporaryFolder()
      defer { try? manager.removeItem(at: tool) }
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
      let binary = tool.appendingPathComponent("licenselens")
      let index = tool.appendingPathComponent("licenselens.index")
      try manager.copyItem(at: built, to: binary)
      try manager.copyItem(at: URL(fileURLWithPath: Support.indexPath), to: index)
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
      try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: index.path)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = [
        "--reuid=65534", "--regid=65534", "--clear-groups", binary.path, "scan", "--no-clauses",
        "--format", "jsonl", "--index", index.path, folder.path,
      ]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      // Some files could not be read: exit status 1, every other file still reported.
      #expect(process.terminationStatus == 1)
      for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let object = try #require(
          try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let path = try #require(object["path"] as? String)
        let licenses = (object["licenses"] as? [[String: Any]]) ?? []
        byPath[path] = (
          licenses.compactMap { $0["spdx"] as? String }, object["errors"] as? [String] ?? []
        )
      }
    }
    #expect(byPath[folder.appendingPathComponent("open.c").path]?.ids == ["MIT"])
    #expect(
      byPath[folder.appendingPathComponent("secret.txt").path]?.errors == ["permission denied"])
    let locked = byPath[folder.appendingPathComponent("locked").path]?.errors ?? []
    #expect(
      locked.contains { $0.hasPrefix("cannot list folder") && $0.contains("permission denied") })
    #expect(byPath.count == 3)
  }
}
