import LicenseReport
import LicenseVerdict

/// Finds, folder by folder, the files that govern one model and gives their combined verdict.
///
/// A folder's governing files are its direct files whose kind is license, policy or notice
/// (from the file name, or from the families found in it). The folder gets a model-level
/// verdict when it has a license plus a policy or NOTICE file, or a license that carries its
/// own use policy. Streaming (results in walk order, where a folder's subtree is contiguous),
/// a folder's result comes as soon as a result from outside its subtree arrives; otherwise
/// every result comes from ``finish()``.
public struct ModelGrouping {
  private var pending: [(folder: String, documents: [DocumentEvidence])] = []
  private let streaming: Bool

  /// Creates a grouping; `streaming` when results arrive in walk order.
  public init(streaming: Bool = true) {
    self.streaming = streaming
  }

  /// Adds the next result; returns the model results of folders that are now complete.
  public mutating func add(_ result: FileScanResult) -> [ModelScanResult] {
    let folder = Self.folder(of: result.path)
    var ready: [ModelScanResult] = []
    if streaming {
      while let last = pending.last, last.folder != folder, !folder.hasPrefix(last.folder + "/") {
        pending.removeLast()
        if let model = Self.model(folder: last.folder, documents: last.documents) {
          ready.append(model)
        }
      }
    }
    if let evidence = result.evidence, Self.governingKinds.contains(evidence.kind) {
      if let index = pending.firstIndex(where: { $0.folder == folder }) {
        pending[index].documents.append(evidence)
      } else {
        pending.append((folder, [evidence]))
      }
    }
    return ready
  }

  /// The model results of the folders still open, innermost first.
  public mutating func finish() -> [ModelScanResult] {
    defer { pending.removeAll() }
    return pending.reversed().compactMap { Self.model(folder: $0.folder, documents: $0.documents) }
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
