#if canImport(Glibc)
  import Glibc
#endif

/// What the file system says about a regular file without opening it: the identity (device
/// and inode), the size and the modification and status-change times to the nanosecond.
/// Writing to a file changes its modification time; renaming, linking, `chmod` and `utimes`
/// change its status-change time; so a file whose metadata is unchanged holds the bytes it
/// held (see ``FileResultLog``).
public struct FileMetadata: Sendable, Hashable {
  /// The device holding the file.
  public var device: UInt64
  /// The file's inode number on that device.
  public var inode: UInt64
  /// The size in bytes.
  public var size: Int64
  /// The last modification of the content, in nanoseconds since 1970.
  public var modified: Int64
  /// The last change of the content or the inode (name, links, mode, times), in nanoseconds
  /// since 1970.
  public var changed: Int64

  /// The metadata of the regular file at `path` (following a symbolic link as the last
  /// component only when `followLinks`); `nil` when it cannot be read or is not a regular
  /// file.
  public static func of(_ path: String, followLinks: Bool) -> FileMetadata? {
    var status = stat()
    let found = followLinks ? stat(path, &status) : lstat(path, &status)
    guard found == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return FileMetadata(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
      modified: nanoseconds(status.st_mtim), changed: nanoseconds(status.st_ctim))
  }

  /// The current time of the system clock in nanoseconds since 1970.
  public static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return nanoseconds(time)
  }

  private static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
  }
}
