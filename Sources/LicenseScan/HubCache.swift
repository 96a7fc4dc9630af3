import LicenseModel

#if canImport(Glibc)
  import Glibc
#endif

/// The Hugging Face hub cache layout: `models--ORG--NAME/snapshots/REV/…` holds relative
/// symbolic links into `models--ORG--NAME/blobs/`. The walker follows those links, and only
/// those: a link that leaves its `models--ORG--NAME` folder, dangles or loops is reported.
enum HubCache {
  /// The `models--ORG--NAME` folder when `path` lies in one of its snapshots.
  static func repository(containing path: String) -> Substring? {
    guard let snapshots = path.range(of: "/snapshots/") else { return nil }
    let before = path[..<snapshots.lowerBound]
    let folder = before.split(separator: "/").last ?? before
    return folder.hasPrefix("models--") ? before : nil
  }

  /// Whether the walker leaves the folder at `path` out: a cache's `blobs` (reached through
  /// the snapshots' links), `refs` and `.no_exist`.
  static func isSkipped(_ path: String) -> Bool {
    // The last two components only: this runs for every folder of a scan.
    let parts = PathComponents.last(2, of: path)
    guard parts.count == 2, parts[0].hasPrefix("models--") else { return false }
    return ["blobs", "refs", ".no_exist"].contains(parts[1])
  }

  /// The entry for the link at `path` inside the cache folder `repository`.
  static func entry(forLink path: String, in repository: Substring) -> PathWalker.Entry {
    guard let resolved = realPath(path) else {
      let reason =
        errno == ELOOP
        ? "link-loop: symbolic link loop in the hub cache (not followed)"
        : "symbolic link in the hub cache does not resolve: \(FileReader.reason(errno))"
      return PathWalker.Entry(path: path, isExplicit: false, error: reason)
    }
    guard let root = realPath(String(repository)), resolved.hasPrefix(root + "/") else {
      return PathWalker.Entry(
        path: path, isExplicit: false,
        error: "link-outside-cache: symbolic link points outside the hub cache to \(resolved) "
          + "(not followed)")
    }
    return PathWalker.Entry(path: path, isExplicit: false, followsLink: true)
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
