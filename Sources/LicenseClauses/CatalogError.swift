/// Why a clause or family catalog could not be loaded.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
  /// The directory could not be listed.
  case unreadableDirectory(path: String, reason: String)
  /// A file could not be read or decoded.
  case invalidFile(path: String, reason: String)
  /// A pattern in a file does not compile.
  case invalidPattern(path: String, pattern: String, reason: String)
  /// Two files declare the same id.
  case duplicateID(String)
  /// A file names a clause id that no file declares.
  case unknownReference(path: String, id: String)

  public var description: String {
    switch self {
    case .unreadableDirectory(let path, let reason): return "cannot list \(path): \(reason)"
    case .invalidFile(let path, let reason): return "\(path): \(reason)"
    case .invalidPattern(let path, let pattern, let reason):
      return "\(path): pattern \(pattern) does not compile: \(reason)"
    case .duplicateID(let id): return "clause id \(id) is declared twice"
    case .unknownReference(let path, let id): return "\(path): unknown clause id \(id)"
    }
  }
}
