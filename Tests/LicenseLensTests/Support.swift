import Foundation
import LicenseCorpus
import LicenseIndex
import LicenseMatch
import LicenseReport
import LicenseScan
import LicenseText

/// Shared fixtures: the package root, the compiled index and the fetched corpus.
enum Support {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let indexPath = root.appendingPathComponent("license-corpus/build/licenselens.index").path
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
