import LicenseReport
import LicenseVerdict

/// Finds, folder by folder, the files that govern one model and gives their combined verdict.
///
/// A folder's governing files are its direct files whose kind is license, policy or notice
/// (from the file name, or from the families found in it). The folder gets a model-level
/// verdict when it has a license plus a policy or NOTICE file, or a license that carries its
/// own use policy. Results must be added in the order of the entries the grouping was made
/// for; the model result comes with the folder's last direct file.
public struct ModelGrouping {
  private let lastPosition: [String: Int]
  private var pending: [String: [DocumentEvidence]] = [:]
  private var position = 0

  /// Prepares the grouping for `entries` (as listed by ``PathWalker``).
  public init(entries: [PathWalker.Entry]) {
    var last: [String: Int] = [:]
    for (position, entry) in entries.enumerated() { last[Self.folder(of: entry.path)] = position }
    lastPosition = last
  }

  /// Adds the next result; returns the folder's model result when `result` is the folder's
  /// last file and the folder governs a model.
  public mutating func add(_ result: FileScanResult) -> ModelScanResult? {
    defer { position += 1 }
    let folder = Self.folder(of: result.path)
    if let evidence = result.evidence, Self.governingKinds.contains(evidence.kind) {
      pending[folder, default: []].append(evidence)
    }
    guard lastPosition[folder] == position, let documents = pending.removeValue(forKey: folder)
    else { return nil }
    return Self.model(folder: folder, documents: documents)
  }

  static let governingKinds: Set<DocumentKind> = [.license, .policy, .notice]

  /// The model result for a folder's governing `documents`, when they govern a model.
  public static func model(folder: String, documents: [DocumentEvidence]) -> ModelScanResult? {
    let licenses = documents.filter { $0.kind == .license }
    guard !licenses.isEmpty else { return nil }
    let companion = documents.contains { $0.kind == .policy || $0.kind == .notice }
    let carriesPolicy = licenses.contains { $0.families.contains { $0.kind == .policy } }
    guard companion || carriesPolicy else { return nil }
    return ModelScanResult(
      folder: folder, documents: documents, verdict: VerdictEngine.verdict(forModel: documents))
  }

  /// The folder of `path`: everything before the last `/` (`/` for top-level files, `.` for
  /// a bare file name).
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
