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
    // Only the last three components are read (a split of the whole path, or a search of it
    // with the standard library's generic `firstRange(of:)`, cost several % of a scan here),
    // and only for a path that holds `snapshots/` (one pass over its bytes rules out nearly
    // every folder of a scan; no other bytes are a String equal to these ASCII letters).
    guard Self.holdsSnapshots(folder) else { return nil }
    let parts = PathComponents.last(3, of: folder)
    guard parts.count == 3, parts[1] == "snapshots", parts[0].hasPrefix("models--") else {
      return nil
    }
    let name = parts[0].dropFirst("models--".count)
    guard let separator = name.range(of: "--") else { return nil }
    return "\(name[..<separator.lowerBound])/\(name[separator.upperBound...])@\(parts[2])"
  }
}

extension ModelRepository {
  /// Whether the bytes of `path` hold `snapshots/` (`true` when they cannot be read in place).
  fileprivate static func holdsSnapshots(_ path: String) -> Bool {
    let needle: StaticString = "snapshots/"
    return path.utf8.withContiguousStorageIfAvailable { bytes in
      let count = needle.utf8CodeUnitCount
      guard bytes.count >= count else { return false }
      let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
      var index = 0
      while index <= bytes.count - count {
        if bytes[index] == pattern[0] && bytes[index..<(index + count)].elementsEqual(pattern) {
          return true
        }
        index += 1
      }
      return false
    } ?? true
  }
}

/// Reading the end of a path without walking all of it.
public enum PathComponents {
  /// The last `count` non-empty components of `path` (separated by `/`), in order; fewer when
  /// the path has fewer.
  public static func last(_ count: Int, of path: String) -> [Substring] {
    // Byte offsets found in the string's own storage (walking a UTF-8 view's indices back
    // from its end cost thousands of instructions per path), then made indices.
    let offsets = path.utf8.withContiguousStorageIfAvailable { bytes -> [Range<Int>] in
      var ranges: [Range<Int>] = []
      ranges.reserveCapacity(count)
      var end = bytes.count
      var position = bytes.count
      while ranges.count < count, position > 0 {
        position -= 1
        if bytes[position] == UInt8(ascii: "/") {
          if position + 1 < end { ranges.append((position + 1)..<end) }
          end = position
        }
      }
      if ranges.count < count, end > 0, position == 0, bytes[0] != UInt8(ascii: "/") {
        ranges.append(0..<end)
      }
      return ranges
    }
    guard let offsets else {
      return path.split(separator: "/").suffix(count).map { $0 }
    }
    let utf8 = path.utf8
    return offsets.reversed().map { range in
      let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
      return path[lower..<utf8.index(lower, offsetBy: range.count)]
    }
  }

}
