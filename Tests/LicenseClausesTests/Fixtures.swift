import Foundation
import LicenseClauses

/// Paths and loaded catalogs shared by the tests.
enum Fixtures {
  /// The package root: Tests/LicenseClausesTests/Fixtures.swift → ../..
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared/model-licenses` beside the checkout (CI provides it).
  static let modelLicenses = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/model-licenses")

  /// The fetched ScanCode corpus, when present.
  static let scancode = packageRoot.appendingPathComponent("license-corpus/scancode")

  static let catalog: ClauseCatalog = {
    try! ClauseCatalog.load(directory: packageRoot.appendingPathComponent("license-corpus/clauses"))
  }()

  static let scanner = ClauseScanner(catalog: catalog)

  static let families: FamilyDetector = {
    try! FamilyDetector.load(
      directory: packageRoot.appendingPathComponent("license-corpus/families"))
  }()

  /// The text of a shared model license file, or nil when the shared folder is absent.
  static func modelLicense(_ name: String) -> String? {
    try? String(contentsOf: modelLicenses.appendingPathComponent(name), encoding: .utf8)
  }

  static var hasModelLicenses: Bool {
    FileManager.default.fileExists(atPath: modelLicenses.appendingPathComponent("labels.tsv").path)
  }

  /// The folded sentences of the catalog's examples (positive and negative), of the shared
  /// model licenses (none when the folder is absent) and of `texts`, in that order.
  static func sentencesOfExamplesAndModelLicenses(plus texts: [String] = []) -> [String] {
    var sentences: [String] = []
    func add(_ text: String) {
      let prepared = ClauseText(text)
      sentences += prepared.sentences.map { prepared.foldedText(of: $0) }
    }
    for rule in catalog.rules {
      (rule.definition.examples.positive + rule.definition.examples.negative).forEach(add)
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: modelLicenses.path)) ?? []
    for name in names.sorted() where name.hasSuffix(".txt") {
      if let text = modelLicense(name) { add(text) }
    }
    texts.forEach(add)
    return sentences
  }

  /// LicenseDB texts (front matter left out) whose category is not free, in key order, at
  /// most `limit`; none when the corpus is not fetched.
  static func nonFreeLicenseTexts(limit: Int) -> [String] {
    let folder = scancode.appendingPathComponent("licenses")
    let categories = [
      "Commercial", "Proprietary Free", "Source-available", "Free Restricted", "CLA",
      "Patent License",
    ].map { "category: \($0)" }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".LICENSE") }.sorted()
    var texts: [String] = []
    for name in names where texts.count < limit {
      guard
        let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
        text.hasPrefix("---")
      else { continue }
      let parts = text.components(separatedBy: "\n---\n")
      guard parts.count >= 2, categories.contains(where: parts[0].contains) else { continue }
      texts.append(parts.dropFirst().joined(separator: "\n---\n"))
    }
    return texts
  }
}
