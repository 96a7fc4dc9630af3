/// A reference license of the LicenseDB (`licenses/KEY.LICENSE`).
public struct LicenseRecord: Sendable, Equatable {
  /// The LicenseDB key, such as `apache-2.0`.
  public var key: String
  /// The SPDX id, or `LicenseRef-scancode-KEY` when the license has none.
  public var spdx: String
  /// Other SPDX ids that name the same license (older or alternative ids).
  public var otherSpdxIDs: [String]
  /// The full name.
  public var name: String
  /// The short name.
  public var shortName: String
  /// The LicenseDB category, such as `Permissive` or `Copyleft`.
  public var category: String
  /// Whether the Open Source Initiative approved the license.
  public var isOSIApproved: Bool
  /// Whether the license is an exception to be used with `WITH`.
  public var isException: Bool
  /// Whether the LicenseDB marks the license deprecated.
  public var isDeprecated: Bool
  /// Minimum share of the text (0...100) a match must cover, when the LicenseDB sets one.
  public var minimumCoverage: Int?
  /// The license text (may be empty for licenses known only by reference).
  public var text: String

  /// Creates a license record.
  public init(
    key: String, spdx: String, otherSpdxIDs: [String] = [], name: String, shortName: String,
    category: String, isOSIApproved: Bool, isException: Bool = false, isDeprecated: Bool = false,
    minimumCoverage: Int? = nil, text: String
  ) {
    self.key = key
    self.spdx = spdx
    self.otherSpdxIDs = otherSpdxIDs
    self.name = name
    self.shortName = shortName
    self.category = category
    self.isOSIApproved = isOSIApproved
    self.isException = isException
    self.isDeprecated = isDeprecated
    self.minimumCoverage = minimumCoverage
    self.text = text
  }
}

/// What kind of text a rule is, from its LicenseDB flags.
public enum RuleKind: UInt8, Sendable, Equatable {
  /// A full license text (or a variant of one).
  case text = 0
  /// A notice: a sentence that says which license applies to the work.
  case notice = 1
  /// A reference by name or URL, such as "MIT License".
  case reference = 2
  /// A structured tag, such as a package manifest's `license` field.
  case tag = 3
  /// An introduction to a license ("the following license applies").
  case intro = 4
  /// A clue that hints at a license without stating it.
  case clue = 5
  /// Text that looks like a license but is not one; a match suppresses the span.
  case falsePositive = 6
}

/// A matching rule of the LicenseDB (`rules/NAME.RULE`), or a license text used as a rule.
public struct RuleRecord: Sendable, Equatable {
  /// The rule's file name without extension, or the license key for license texts.
  public var identifier: String
  /// The LicenseDB license expression the rule detects, such as `gpl-2.0-plus OR mit`.
  public var expression: String
  /// What the rule's text is.
  public var kind: RuleKind
  /// Whether the rule comes from a `.LICENSE` file (the reference text itself).
  public var isReferenceText: Bool
  /// How much a match counts (0...100).
  public var relevance: Int
  /// Minimum share of the rule (0...100) a match must cover, when set.
  public var minimumCoverage: Int?
  /// Whether the rule is deprecated.
  public var isDeprecated: Bool
  /// The rule text.
  public var text: String
  /// Phrases of the text (marked `{{ }}` in LicenseDB) that a match must contain whole.
  public var requiredPhrases: [String]

  /// Creates a rule record.
  public init(
    identifier: String, expression: String, kind: RuleKind, isReferenceText: Bool = false,
    relevance: Int = 100, minimumCoverage: Int? = nil, isDeprecated: Bool = false, text: String,
    requiredPhrases: [String] = []
  ) {
    self.requiredPhrases = requiredPhrases
    self.identifier = identifier
    self.expression = expression
    self.kind = kind
    self.isReferenceText = isReferenceText
    self.relevance = relevance
    self.minimumCoverage = minimumCoverage
    self.isDeprecated = isDeprecated
    self.text = text
  }
}
