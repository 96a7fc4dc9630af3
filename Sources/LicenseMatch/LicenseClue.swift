import LicenseIndex

/// A weak sign of a license that does not grant it: a license's name or id in prose without
/// a licensing word before it, a link to a license page, a pointer to a license kept
/// elsewhere ("see LICENSE"). Reported beside the licenses, as ScanCode reports its clues;
/// never in ``IdentificationResult/licenses``, the expression or the verdict.
public struct LicenseClue: Sendable, Equatable {
  /// What kind of sign it is.
  public enum Kind: String, Sendable, Equatable {
    /// A license's name or id with no licensing word before it ("unlike GPL code, ...").
    case name
    /// A link to a license's page with no licensing word before it.
    case url
    /// A pointer to license terms kept elsewhere ("see the LICENSE file").
    case reference
  }

  /// The license it points at (`unknown-license-reference` for a pointer to a file).
  public var license: LicenseInfo
  /// First line (1-based).
  public var startLine: Int
  /// Last line (1-based, inclusive).
  public var endLine: Int
  /// What kind of sign it is.
  public var kind: Kind
  /// The LicenseDB rule that matched.
  public var rule: String

  /// Creates a clue.
  public init(license: LicenseInfo, startLine: Int, endLine: Int, kind: Kind, rule: String) {
    self.license = license
    self.startLine = startLine
    self.endLine = endLine
    self.kind = kind
    self.rule = rule
  }
}
