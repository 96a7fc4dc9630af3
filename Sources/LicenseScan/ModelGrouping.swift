import LicenseClauses
import LicenseModel
import LicenseReport
import LicenseVerdict

/// The input side of the model view: gathers, folder by folder, the files of each model
/// repository in a scan and hands each repository to ``ModelAssessor``.
///
/// A folder is a model repository when it holds a model card (a `README.md` with YAML front
/// matter) or is a hub-cache snapshot; it is a candidate when it holds weight files, or a
/// `config.json`-like file with weights below it, or a license with its use policy or NOTICE.
/// A candidate joins the first repository or candidate among the folders up to
/// ``candidateReach`` levels above it, and is a repository of its own otherwise (so `unet/`,
/// `original/` and `checkpoints/step1000/` weight folders belong to the card above them). A repository's files are those of its whole tree.
/// Streaming (results in walk order, where a folder's subtree is contiguous), a repository's
/// assessment comes as soon as results from outside its parent folder arrive; otherwise every
/// assessment comes from ``finish()``.
public struct ModelGrouping {
  private let catalog: ModelCatalog
  private let streaming: Bool
  /// Open folders: their files, the candidates below them, and what was left out.
  private var frames: [String: Frame] = [:]
  /// The files of the open folders, each stored once: a file passes from folder to folder up
  /// the tree as its slot (a frame's `files`), not as a copy of its ``ModelFile``.
  private var files = SlotStore<ModelFile>()
  /// Streaming: the open folders, each an ancestor of the next (the current folder last).
  private var openFolders: [String] = []
  /// Terms of the models assessed so far, by lower-cased Hub id (a fine-tune later in the
  /// scan inherits what its scanned base model's files say).
  private var scannedTerms: [String: InheritedTerms] = [:]

  /// Files a folder keeps for its repository; beyond, they are counted only.
  static let fileLimit = 4096
  /// How many folder levels above it a candidate looks for the repository it belongs to.
  static let candidateReach = 2

  private struct Frame {
    /// Slots in ``ModelGrouping/files``.
    var files: [Int32] = []
    /// For each of `files`, whether it lies in the frame's folder itself (added by
    /// ``ModelGrouping/add(_:)``) rather than below it (merged from a subfolder's frame).
    var isDirect: [Bool] = []
    var omitted = 0
    var candidates: [Frame] = []
    var folder = ""
    var notes: [String] = []
    /// Levels of folders that were neither repository nor candidate this candidate has
    /// passed on its way up.
    var levels = 0

    /// Adds `file` to `store` and the frame, or counts it when the frame is full.
    mutating func add(_ file: ModelFile, direct: Bool, store: inout SlotStore<ModelFile>) {
      if files.count < ModelGrouping.fileLimit {
        files.append(store.insert(file))
        isDirect.append(direct)
      } else {
        omitted += 1
      }
    }

    /// The files that lie in the frame's folder itself.
    func directFiles(in store: SlotStore<ModelFile>) -> [ModelFile] {
      files.indices.compactMap { isDirect[$0] ? store[files[$0]] : nil }
    }

    /// Takes over `other`'s files, as far as the limit allows (the others leave `store`),
    /// notes and candidates.
    mutating func merge(_ other: Frame, store: inout SlotStore<ModelFile>) {
      // Files of a subfolder: never direct here (a folder's parent is shorter than it).
      let kept = min(other.files.count, max(0, ModelGrouping.fileLimit - files.count))
      files.append(contentsOf: other.files.prefix(kept))
      isDirect.append(contentsOf: repeatElement(false, count: kept))
      store.release(other.files.dropFirst(kept))
      omitted += other.files.count - kept
      omitted += other.omitted
      notes += other.notes
      candidates += other.candidates
    }
  }

  /// Creates a grouping; `streaming` when results arrive in walk order.
  public init(catalog: ModelCatalog, streaming: Bool = true) {
    self.catalog = catalog
    self.streaming = streaming
  }

  /// Adds the next result; returns the assessments of repositories that are now complete.
  public mutating func add(_ result: FileScanResult) -> [ModelAssessment] {
    let folder = Self.folder(of: result.path)
    var ready: [ModelAssessment] = []
    if streaming {
      // Folders that are neither this folder nor one of its ancestors are complete.
      while let last = openFolders.last, !Self.contains(last, folder) {
        openFolders.removeLast()
        ready += close(last)
      }
    }
    let file = Self.file(result)
    withFrame(folder) { $0.add(file, direct: true, store: &$1) }
    return ready
  }

  /// The assessments of the repositories still open, innermost first.
  public mutating func finish() -> [ModelAssessment] {
    var ready: [ModelAssessment] = []
    openFolders.removeAll()
    // Level by level, deepest first (closing a folder may open its parent, one level up).
    while let deepest = frames.keys.map(Self.depth).max() {
      for folder in frames.keys.filter({ Self.depth($0) == deepest }).sorted(by: >) {
        ready += close(folder)
      }
    }
    return ready
  }

  /// The number of `/` in `path`.
  private static func depth(_ path: String) -> Int {
    path.utf8.count(where: { $0 == UInt8(ascii: "/") })
  }

  /// Changes the frame of `folder` (with the file store), opening it (and, streaming,
  /// pushing it) when new; the folder's path is hashed once.
  private mutating func withFrame(
    _ folder: String, _ change: (inout Frame, inout SlotStore<ModelFile>) -> Void
  ) {
    let count = frames.count
    change(&frames[folder, default: Frame(folder: folder)], &files)
    if streaming && frames.count > count { openFolders.append(folder) }
  }

  /// Closes `folder`: assesses it, or hands it (or its files) to its parent.
  private mutating func close(_ folder: String) -> [ModelAssessment] {
    guard var frame = frames.removeValue(forKey: folder) else { return [] }
    let direct = frame.directFiles(in: files)
    let isRepository =
      direct.contains { $0.card != nil } || ModelRepository.hubCacheID(folder) != nil
    let hasWeights = direct.contains { $0.weights != nil }
    let isCandidate =
      hasWeights || Self.governsModel(direct)
      || (direct.contains { Self.configNames.contains($0.name.lowercased()) }
        && frame.files.contains { files.value(in: $0) { $0.weights != nil } })
    var ready: [ModelAssessment] = []
    if isRepository || isCandidate {
      for candidate in frame.candidates { frame.merge(candidate, store: &files) }
      frame.candidates = []
    }
    let parent = Self.folder(of: folder)
    if isRepository || (isCandidate && parent == folder) {
      ready.append(assess(frame))
    } else if isCandidate {
      withFrame(parent) { parentFrame, _ in parentFrame.candidates.append(frame) }
    } else {
      // Candidates that have come far enough (or reached the top) are repositories of their
      // own; the others keep looking one level up.
      var rising: [Frame] = []
      for var candidate in frame.candidates {
        candidate.levels += 1
        if candidate.levels >= Self.candidateReach || parent == folder {
          ready.append(assess(candidate))
        } else {
          rising.append(candidate)
        }
      }
      frame.candidates = rising
      if parent != folder, !frame.files.isEmpty || !rising.isEmpty {
        withFrame(parent) { $0.merge(frame, store: &$1) }
      } else {
        files.release(frame.files)
      }
    }
    return ready
  }

  private mutating func assess(_ frame: Frame) -> ModelAssessment {
    let repository = ModelRepository(
      folder: frame.folder, id: ModelRepository.hubCacheID(frame.folder),
      files: frame.files.map { files.take($0) },
      omittedFiles: frame.omitted, notes: frame.notes)
    let assessment = ModelAssessor.assess(repository, catalog: catalog, scanned: scannedTerms)
    if let id = assessment.id?.split(separator: "@").first {
      scannedTerms[id.lowercased()] = InheritedTerms(
        source: "base-model:\(id) (scanned)", terms: assessment.found ?? "unidentified terms",
        verdictClass: assessment.verdict.verdictClass,
        broken: Set(Freedom.allCases.filter { assessment.verdict.freedoms[$0].status == .broken }))
    }
    return assessment
  }

  /// Names of the configuration files that make a folder of weights a model.
  static let configNames: Set<String> = [
    "config.json", "params.json", "model_index.json", "adapter_config.json",
  ]

  /// Whether a folder's files are a model's terms: a license plus a policy or NOTICE file, or
  /// a license that carries its own use policy.
  static func governsModel(_ files: [ModelFile]) -> Bool {
    let documents = files.compactMap(\.evidence)
    let licenses = documents.filter { $0.kind == .license }
    guard !licenses.isEmpty else { return false }
    return documents.contains { $0.kind == .policy || $0.kind == .notice }
      || licenses.contains { $0.families.contains { $0.kind == .policy } }
  }

  /// What the model view keeps of a file's result.
  static func file(_ result: FileScanResult) -> ModelFile {
    let keepsEvidence =
      result.card != nil || FileNames.isCardCandidate(result.path)
      || [.license, .policy, .notice].contains(result.evidence?.kind)
    return ModelFile(
      path: result.path, evidence: keepsEvidence ? result.evidence : nil,
      licenses: result.identification.licenses.map(\.license.spdx), card: result.card,
      weights: result.weights, problem: result.errors.first)
  }

  /// Whether `folder` is `path` or one of its ancestors.
  static func contains(_ folder: String, _ path: String) -> Bool {
    if folder == path || folder == "." { return true }
    if folder == "/" { return path.hasPrefix("/") }
    return path.hasPrefix(folder)
      && path.utf8.dropFirst(folder.utf8.count).first == UInt8(ascii: "/")
  }

  /// The folder of `path`: everything before the last `/` (`/` for top-level files, `.` for
  /// a bare file name).
  public static func folder(of path: String) -> String {
    // The last `/` byte, when the bytes around it are ASCII, is a character of its own (no
    // grapheme cluster joins it to its neighbours) and so the last `/` character: found
    // among the bytes without walking the path character by character.
    let bytes = path.utf8
    guard let byteSlash = FileNames.lastSlash(in: path) else { return "." }
    let before = byteSlash == bytes.startIndex ? nil : bytes[bytes.index(before: byteSlash)]
    let afterIndex = bytes.index(after: byteSlash)
    let after = afterIndex == bytes.endIndex ? nil : bytes[afterIndex]
    let slash: String.Index
    if (before ?? 0) < 0x80 && (after ?? 0) < 0x80 {
      slash = byteSlash
    } else {
      guard let found = path.lastIndex(of: "/") else { return "." }
      slash = found
    }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
