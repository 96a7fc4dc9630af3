import Foundation
import LicenseModel
import LicenseReport
import LicenseScan

/// Fixtures for the clause and verdict wiring: the catalogs, scans that produce records, and
/// temporary folders for shared texts (copied at test time, never committed).
enum ClauseSupport {
  /// The clause catalog and family fingerprints of the repository, without a clean-license
  /// profile (every license text is scanned).
  static let analysis: ClauseAnalysis = {
    do {
      return try ClauseAnalysis.load(
        clauses: Support.root.appendingPathComponent("license-corpus/clauses"),
        families: Support.root.appendingPathComponent("license-corpus/families"))
    } catch {
      fatalError("\(error)")
    }
  }()

  /// The model view's data files of the repository.
  static let models: ModelCatalog = {
    do {
      return try ModelCatalog.load(
        from: Support.root.appendingPathComponent("license-corpus/models").path)
    } catch {
      fatalError("\(error)")
    }
  }()

  /// `../shared/model-licenses` beside the checkout, when present.
  static let modelLicenses = Support.root.deletingLastPathComponent()
    .appendingPathComponent("shared/model-licenses")

  static var hasModelLicenses: Bool {
    FileManager.default.fileExists(atPath: modelLicenses.appendingPathComponent("labels.tsv").path)
  }

  /// The records of scanning `paths` with clause analysis (files in order, model objects after
  /// their folders' files).
  static func records(_ paths: [String], analysis: ClauseAnalysis = analysis) -> [ScanRecord] {
    BatchScanner(index: Support.index, jobs: 2, clauses: analysis, models: models).records(
      PathWalker().entries(paths))
  }

  static func files(_ records: [ScanRecord]) -> [FileScanResult] {
    records.compactMap { if case .file(let file) = $0 { return file } else { return nil } }
  }

  static func models(_ records: [ScanRecord]) -> [ModelAssessment] {
    records.compactMap { if case .model(let model) = $0 { return model } else { return nil } }
  }

  /// Scans in-memory `text` as the file `name` with clause analysis.
  static func scan(_ text: String, name: String = "LICENSE", analysis: ClauseAnalysis = analysis)
    -> FileScanResult
  {
    var scanner = FileScanner(index: Support.index, clauses: analysis)
    return scanner.scan(bytes: Array(text.utf8), path: name)
  }

  /// Copies shared model-license files into `folder` under new names.
  static func copyShared(_ files: [(shared: String, as: String)], into folder: URL) throws {
    for (shared, name) in files {
      try FileManager.default.copyItem(
        at: modelLicenses.appendingPathComponent(shared),
        to: folder.appendingPathComponent(name))
    }
  }

  /// The parsed JSON object of a record.
  static func json(_ record: ScanRecord) throws -> [String: Any] {
    let data = Data(ReportRenderer.jsonObject(record).utf8)
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }
}
