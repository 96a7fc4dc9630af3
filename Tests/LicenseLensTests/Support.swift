import Foundation
import LicenseCorpus
import LicenseIndex
import LicenseMatch
import LicenseReport
import LicenseScan
import LicenseText
import Testing

/// Shared fixtures: the package root, the compiled index and the fetched corpus.
enum Support {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let indexPath = root.appendingPathComponent("license-corpus/build/licenselens.index").path

  /// The release build of `licenselens` (`tools/setup` makes it), which tests run as a child
  /// process where a crash shows as a signal.
  static let releaseBinary = root.appendingPathComponent(".build/release/licenselens")

  /// ``releaseBinary``, after requiring that it was built.
  static func builtReleaseBinary() throws -> URL {
    try #require(
      FileManager.default.isExecutableFile(atPath: releaseBinary.path), "run tools/setup first")
    return releaseBinary
  }
  static let corpus = root.appendingPathComponent("license-corpus/scancode")

  /// The compiled index; `tools/test` builds it before the tests run.
  static let index: LicenseIndex = {
    do {
      return try LicenseIndex(path: indexPath)
    } catch {
      fatalError("\(error) — run tools/setup first")
    }
  }()

  /// The text (after the front matter) of the reference license `key`.
  static func licenseText(_ key: String) throws -> String {
    let url = corpus.appendingPathComponent("licenses/\(key).LICENSE")
    let file = try String(contentsOf: url, encoding: .utf8)
    return FrontMatter.split(file).text
  }

  /// The text of rule `name` without required-phrase marks.
  static func ruleText(_ name: String) throws -> String {
    let url = corpus.appendingPathComponent("rules/\(name).RULE")
    let file = try String(contentsOf: url, encoding: .utf8)
    return LicenseDatabase.rule(from: file, fileName: name + ".RULE").text
  }

  /// Scans `text` as a file.
  static func scan(_ text: String) -> FileScanResult {
    var scanner = FileScanner(index: index)
    return scanner.scan(bytes: Array(text.utf8), path: "memory")
  }

  /// What a child process gave: its exit status, standard output and standard error.
  struct ProcessOutput {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Runs `executable` with `arguments` (in `folder`, with `environment`, when given) and
  /// waits for it. Standard error goes through a file, so neither stream can fill up while the
  /// other is read; with `mergingErrors` it joins standard output instead (`errors` is empty).
  static func run(
    _ executable: URL, _ arguments: [String], in folder: URL? = nil,
    environment: [String: String]? = nil, mergingErrors: Bool = false
  ) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "licenselens-stderr-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: errorFile) }
    if mergingErrors {
      process.standardError = output
    } else {
      _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
      process.standardError = try FileHandle(forWritingTo: errorFile)
    }
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let err = mergingErrors ? Data() : try Data(contentsOf: errorFile)
    return ProcessOutput(
      status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
      errors: String(decoding: err, as: UTF8.self))
  }

  /// Runs `python3` with `arguments` (a tool of `tools/` by its name, or `-c` and a script).
  static func python(_ arguments: [String], mergingErrors: Bool = false) throws -> ProcessOutput {
    try run(
      URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, mergingErrors: mergingErrors)
  }

  /// The path of `tools/NAME`.
  static func tool(_ name: String) -> String {
    root.appendingPathComponent("tools/\(name)").path
  }

  /// A new empty temporary folder; the caller removes it.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "licenselens-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The SPDX ids found in `text`, in order, without repeats.
  static func ids(_ text: String) -> [String] {
    var seen: [String] = []
    for match in scan(text).identification.licenses where !seen.contains(match.license.spdx) {
      seen.append(match.license.spdx)
    }
    return seen
  }
}
