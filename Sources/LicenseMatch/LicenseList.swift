/// A region of a file that enumerates license names or ids (a table of SPDX ids, a list of
/// trove classifiers, the options of a license picker): it names licenses without granting
/// any, so the licenses it names are not reported as the file's.
public struct LicenseList: Sendable, Equatable {
  /// First line of the region (1-based).
  public var startLine: Int
  /// Last line of the region (1-based, inclusive).
  public var endLine: Int
  /// How many distinct licenses the region names (by a match or by an id or key as written).
  public var names: Int

  /// Creates a region.
  public init(startLine: Int, endLine: Int, names: Int) {
    self.startLine = startLine
    self.endLine = endLine
    self.names = names
  }

  /// Whether `match` lies inside the region.
  public func contains(_ match: LicenseMatch) -> Bool {
    match.startLine >= startLine && match.endLine <= endLine
  }
}
