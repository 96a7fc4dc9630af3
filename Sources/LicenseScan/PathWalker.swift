#if canImport(Glibc)
  import Glibc
#endif

/// Expands the paths given on the command line into the files to scan, lazily: directories
/// are walked depth-first in name order as the sequence is consumed, so memory stays bounded
/// on trees of any size. Version-control folders are skipped; symbolic links inside walked
/// directories are listed (to be reported as not followed) but never entered; a path named
/// directly is followed. Inside a Hugging Face hub cache (`models--ORG--NAME/`), the
/// `snapshots/REV/` links into the cache's `blobs/` are followed (a link that leaves the
/// cache, dangles or loops becomes an error entry), and `blobs/` and `refs/` are not walked.
public struct PathWalker: Sequence, Sendable {
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
    /// Whether the path is a symbolic link to follow (a hub-cache snapshot's link into its
    /// blobs).
    public var followsLink: Bool

    /// Creates an entry.
    public init(path: String, isExplicit: Bool, error: String? = nil, followsLink: Bool = false) {
      self.path = path
      self.isExplicit = isExplicit
      self.error = error
      self.followsLink = followsLink
    }

    /// Whether reading the entry follows a symbolic link.
    public var followsLinks: Bool { isExplicit || followsLink }
  }

  private let roots: [String]
  private let filter: PathFilter

  /// Creates a walker over `roots` that yields only the files `filter` accepts.
  public init(_ roots: [String], filter: PathFilter = PathFilter()) {
    self.roots = roots
    self.filter = filter
  }

  /// Creates a walker with no roots; use ``entries(_:)``.
  public init() {
    self.init([])
  }

  /// All entries under `roots`, in order.
  public func entries(_ roots: [String]) -> [Entry] {
    Array(PathWalker(roots, filter: filter))
  }

  public func makeIterator() -> Iterator { Iterator(roots: roots, filter: filter) }

  /// Walks lazily: one folder listing at a time per level of depth.
  public struct Iterator: IteratorProtocol, Sendable {
    private var pendingRoots: [String]
    private var stack: [(prefix: String, names: [(name: String, type: Int32)], next: Int)] = []
    private let filter: PathFilter

    init(roots: [String], filter: PathFilter) {
      pendingRoots = roots.reversed()
      self.filter = filter
    }

    public mutating func next() -> Entry? {
      while true {
        if var top = stack.popLast() {
          guard top.next < top.names.count else { continue }
          let (name, type) = top.names[top.next]
          top.next += 1
          stack.append(top)
          let path = top.prefix + name
          // The folder listing says what most entries are; others need a look of their own.
          var (isFolder, isLink) = (type == Int32(DT_DIR), type == Int32(DT_LNK))
          if type != Int32(DT_DIR), type != Int32(DT_REG), type != Int32(DT_LNK) {
            var status = stat()
            guard lstat(path, &status) == 0 else {
              return Entry(path: path, isExplicit: false, error: FileReader.reason(errno))
            }
            isFolder = status.st_mode & S_IFMT == S_IFDIR
            isLink = status.st_mode & S_IFMT == S_IFLNK
          }
          if isLink, let cache = HubCache.repository(containing: path) {
            guard filter.accepts(path) else { continue }
            return HubCache.entry(forLink: path, in: cache)
          }
          if isFolder {
            if !PathWalker.skippedFolders.contains(name), !HubCache.isSkipped(path),
              filter.entersFolder(path)
            {
              if let error = push(path) { return error }
            }
            continue
          }
          if filter.accepts(path) { return Entry(path: path, isExplicit: false) }
          continue
        }
        guard let root = pendingRoots.popLast() else { return nil }
        var status = stat()
        if stat(root, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
          if let error = push(root) { return error }
        } else {
          return Entry(path: root, isExplicit: true)
        }
      }
    }

    /// Lists `directory` onto the stack; returns an error entry when it cannot be listed.
    private mutating func push(_ directory: String) -> Entry? {
      guard let handle = opendir(directory) else {
        return Entry(
          path: directory, isExplicit: false,
          error: "cannot list folder: \(FileReader.reason(errno))")
      }
      var names: [(name: String, type: Int32)] = []
      while let item = readdir(handle) {
        let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard name != "." && name != ".." else { continue }
        names.append((name, Int32(item.pointee.d_type)))
      }
      closedir(handle)
      names.sort { $0.name < $1.name }
      stack.append((directory.hasSuffix("/") ? directory : directory + "/", names, 0))
      return nil
    }
  }
}

/// Which walked files to scan: `--include` and `--exclude` glob patterns.
///
/// A pattern without `/` matches a file's name (`*.md`, `LICENSE*`); a pattern with `/`
/// matches the whole path, where `*` also crosses folders (`vendor/*`, `*/test/*`).
/// A file is scanned when it matches some include pattern (or there are none) and no exclude
/// pattern. Exclude patterns also prune folders they match. Paths named directly on the
/// command line are always scanned.
public struct PathFilter: Sendable {
  /// Patterns a file must match one of (empty: every file).
  public var include: [String]
  /// Patterns no file or folder may match.
  public var exclude: [String]

  /// Creates a filter.
  public init(include: [String] = [], exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }

  /// Whether the file at `path` is scanned.
  public func accepts(_ path: String) -> Bool {
    if exclude.contains(where: { Self.matches($0, path) }) { return false }
    return include.isEmpty || include.contains { Self.matches($0, path) }
  }

  /// Whether the folder at `path` is walked.
  public func entersFolder(_ path: String) -> Bool {
    !exclude.contains { Self.matches($0, path) }
  }

  /// Whether `pattern` matches `path` (see the type's documentation).
  public static func matches(_ pattern: String, _ path: String) -> Bool {
    if pattern.contains("/") {
      let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
      return fnmatch(pattern, trimmed, 0) == 0 || fnmatch("*/" + pattern, trimmed, 0) == 0
    }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return fnmatch(pattern, name, 0) == 0
  }
}
