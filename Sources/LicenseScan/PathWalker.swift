#if canImport(Glibc)
  import Glibc
#endif

/// Expands the paths given on the command line into the files to scan: directories are
/// walked recursively in name order, version-control folders are skipped, and symbolic
/// links inside walked directories are listed (to be reported as not followed) but never
/// entered.
public struct PathWalker: Sendable {
  /// Folder names never entered.
  public static let skippedFolders: Set<String> = [".git", ".hg", ".svn", ".bzr", "_darcs", "CVS"]

  /// An entry found while walking.
  public struct Entry: Sendable, Equatable {
    /// The path of the file.
    public var path: String
    /// Whether the path was named directly (links are followed then).
    public var isExplicit: Bool
    /// Why the path cannot be walked, when it cannot (for example an unreadable folder).
    public var error: String?

    /// Creates an entry.
    public init(path: String, isExplicit: Bool, error: String? = nil) {
      self.path = path
      self.isExplicit = isExplicit
      self.error = error
    }
  }

  /// Creates a walker.
  public init() {}

  /// The entries under `roots`, each root in order.
  public func entries(_ roots: [String]) -> [Entry] {
    var output: [Entry] = []
    for root in roots {
      var status = stat()
      if stat(root, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
        walk(directory: root, into: &output)
      } else {
        output.append(Entry(path: root, isExplicit: true, error: nil))
      }
    }
    return output
  }

  private func walk(directory: String, into output: inout [Entry]) {
    guard let handle = opendir(directory) else {
      output.append(
        Entry(
          path: directory, isExplicit: false,
          error: "cannot list folder: \(FileReader.reason(errno))"))
      return
    }
    var names: [String] = []
    while let item = readdir(handle) {
      let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    closedir(handle)
    names.sort()
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    for name in names {
      let path = prefix + name
      var status = stat()
      guard lstat(path, &status) == 0 else {
        output.append(Entry(path: path, isExplicit: false, error: FileReader.reason(errno)))
        continue
      }
      if status.st_mode & S_IFMT == S_IFDIR {
        if !Self.skippedFolders.contains(name) { walk(directory: path, into: &output) }
      } else {
        output.append(Entry(path: path, isExplicit: false, error: nil))
      }
    }
  }
}
