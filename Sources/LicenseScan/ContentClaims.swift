import Synchronization

/// The contents the workers of a scan are working on, by digest.
///
/// Copies of one text often sit side by side in a tree (the `copyright` files of the binary
/// packages built from one source package), so two workers tend to take two copies at once.
/// The first to claim a digest scans it; the other sets its copy aside and takes it up again
/// once the claim is released, when the result is in the cache.
public final class ContentClaims: Sendable {
  private let claimed = Mutex<Set<String>>([])

  /// Creates an empty set of claims.
  public init() {}

  /// Claims `digest` for the caller; false when another worker holds it.
  public func claim(_ digest: String) -> Bool {
    claimed.withLock { $0.insert(digest).inserted }
  }

  /// Releases a claim made with ``claim(_:)``.
  public func release(_ digest: String) {
    _ = claimed.withLock { $0.remove(digest) }
  }

  /// Whether some worker holds a claim on `digest`.
  public func isClaimed(_ digest: String) -> Bool {
    claimed.withLock { $0.contains(digest) }
  }
}
