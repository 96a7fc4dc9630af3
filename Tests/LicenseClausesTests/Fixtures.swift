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
}
