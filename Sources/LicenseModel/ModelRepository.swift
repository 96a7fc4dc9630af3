import LicenseVerdict

/// One file of a model repository as the model view sees it: what the earlier stages found in
/// it, reduced to what judging the system needs.
public struct ModelFile: Sendable, Equatable {
  /// The path as scanned.
  public var path: String
  /// The clause and verdict evidence of a document (license, policy, notice, card, README).
  public var evidence: DocumentEvidence?
  /// SPDX ids of the licenses identified in the file (source headers of code, for example).
  public var licenses: [String]
  /// The model card, when the file is a `README.md` with front matter.
  public var card: ModelCard?
  /// The weight-file header, when the file holds weights.
  public var weights: WeightFile?
  /// Why the file could not be read or was skipped, when it was not scanned.
  public var problem: String?

  /// Creates a file record.
  public init(
    path: String, evidence: DocumentEvidence? = nil, licenses: [String] = [],
    card: ModelCard? = nil, weights: WeightFile? = nil, problem: String? = nil
  ) {
    self.path = path
    self.evidence = evidence
    self.licenses = licenses
    self.card = card
    self.weights = weights
    self.problem = problem
  }

  /// The file name.
  public var name: Substring { FileNames.name(of: path) }

  /// Whether the file is a card candidate: `README.md` (any case) or `README`.
  public var isReadme: Bool { FileNames.isCardCandidate(path) }

  /// Whether the file governs the model's terms (license, use policy, NOTICE).
  public var isGoverning: Bool {
    guard let kind = evidence?.kind else { return false }
    return kind == .license || kind == .policy || kind == .notice
  }
}

/// The files of one model repository, handed to ``ModelAssessor``.
public struct ModelRepository: Sendable, Equatable {
  /// The repository's folder.
  public var folder: String
  /// `ORG/NAME@REV` for a Hugging Face hub-cache snapshot, else `nil`.
  public var id: String?
  /// The files of the repository's tree that matter to the model view.
  public var files: [ModelFile]
  /// How many files of the tree were left out of ``files`` (beyond the per-tree limit).
  public var omittedFiles: Int
  /// Problems met while reading the repository (links out of a cache, loops).
  public var notes: [String]

  /// Creates a repository.
  public init(
    folder: String, id: String? = nil, files: [ModelFile], omittedFiles: Int = 0,
    notes: [String] = []
  ) {
    self.folder = folder
    self.id = id
    self.files = files
    self.omittedFiles = omittedFiles
    self.notes = notes
  }

  /// The path of `file` relative to the repository folder.
  public func relativePath(_ file: ModelFile) -> String {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path
  }

  /// The model card: the `README.md` with front matter closest to the folder.
  public var card: ModelCard? {
    files.filter { $0.card != nil }.min { depth($0) < depth($1) }?.card
  }

  private func depth(_ file: ModelFile) -> Int {
    relativePath(file).split(separator: "/").count
  }

  /// `ORG/NAME@REV` when `folder` is a hub-cache snapshot (`…/models--ORG--NAME/snapshots/REV`).
  public static func hubCacheID(_ folder: String) -> String? {
    // A folder without the bytes `/snapshots/` has no such component: no split needed. (A
    // byte loop: the standard library's generic `firstRange(of:)` cost 4% of a scan here.)
    guard Self.containsSnapshotsComponent(folder.utf8) else { return nil }
    let parts = folder.split(separator: "/")
    guard parts.count >= 3, parts[parts.count - 2] == "snapshots",
      parts[parts.count - 3].hasPrefix("models--")
    else { return nil }
    let name = parts[parts.count - 3].dropFirst("models--".count)
    guard let separator = name.range(of: "--") else { return nil }
    return "\(name[..<separator.lowerBound])/\(name[separator.upperBound...])@\(parts.last!)"
  }

  /// Whether `bytes` hold `/snapshots/`.
  private static func containsSnapshotsComponent(_ bytes: String.UTF8View) -> Bool {
    let needle = Array("/snapshots/".utf8)
    var matched = 0
    for byte in bytes {
      if byte == needle[matched] {
        matched += 1
        if matched == needle.count { return true }
      } else {
        matched = byte == needle[0] ? 1 : 0
      }
    }
    return false
  }
}
