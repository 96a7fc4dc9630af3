#if canImport(Glibc)
  import Glibc
#endif

/// Reads a whole regular file with POSIX calls, reporting failures with the system's reason.
public enum FileReader {
  /// Files larger than this are not read unless a larger limit is given.
  public static let defaultMaximumSize = 256 << 20

  /// The outcome of reading a file.
  public enum Outcome: Sendable {
    /// The bytes of the file.
    case bytes([UInt8])
    /// The file was not read for a reason that is not an error (a symbolic link, a
    /// directory, a special file, a file over the size limit).
    case skipped(reason: String, size: Int?)
    /// The file could not be read.
    case failed(reason: String)
  }

  /// Reads `path`. Symbolic links are followed only when `followLinks` is true.
  public static func read(
    _ path: String, maximumSize: Int = defaultMaximumSize, followLinks: Bool = true
  )
    -> Outcome
  {
    var status = stat()
    let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW)
    let descriptor = open(path, flags)
    guard descriptor >= 0 else {
      // Without following, a link as the last component fails with ELOOP; say what it is.
      let code = errno
      if !followLinks, code == ELOOP, lstat(path, &status) == 0,
        status.st_mode & S_IFMT == S_IFLNK
      {
        return .skipped(reason: "symbolic link (not followed)", size: nil)
      }
      return .failed(reason: reason(code))
    }
    defer { close(descriptor) }
    guard fstat(descriptor, &status) == 0 else { return .failed(reason: reason(errno)) }
    let kind = status.st_mode & S_IFMT
    if kind == S_IFDIR { return .skipped(reason: "directory", size: nil) }
    guard kind == S_IFREG else { return .skipped(reason: "not a regular file", size: nil) }
    let size = Int(status.st_size)
    if size > maximumSize {
      return .skipped(
        reason: "file is \(size) bytes, over the \(maximumSize)-byte limit", size: size)
    }
    // Read into uninitialized storage: zero-filling first would write the whole file once
    // more before reading it.
    var failure: Int32?
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      while initialized < size {
        let count = Glibc.read(descriptor, buffer.baseAddress! + initialized, size - initialized)
        if count < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if count == 0 { break }
        initialized += count
      }
    }
    if let failure { return .failed(reason: reason(failure)) }
    return .bytes(bytes)
  }

  /// A readable reason for `code`, such as "permission denied".
  public static func reason(_ code: Int32) -> String {
    switch code {
    case EACCES: return "permission denied"
    case ENOENT: return "no such file or directory"
    case ELOOP: return "too many levels of symbolic links (symlink loop)"
    case EISDIR: return "is a directory"
    case ENAMETOOLONG: return "file name too long"
    case ENOTDIR: return "a component of the path is not a directory"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}
