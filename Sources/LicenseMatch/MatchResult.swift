import LicenseIndex

/// How a license was found.
public enum MatchKind: String, Sendable, Codable, Equatable {
  /// The whole text equals a reference text or rule.
  case exact
  /// An `SPDX-License-Identifier:` tag.
  case tag
  /// A license text found by n-gram candidate selection and alignment.
  case ngram
  /// A notice, reference or tag rule found by n-gram candidate selection and alignment.
  case rule
  /// License terms the clause stage found (rights granted, conditions, restrictions) in a
  /// license or policy file whose text names no license the database knows: reported as
  /// unknown license text.
  case clauseScan = "clause-scan"
}

/// One license found in a file, with where it is and how well it matched.
public struct LicenseMatch: Sendable, Equatable {
  /// The license. For text that looks like a license but matches none well, the key is
  /// `unknown` and the SPDX id `LicenseRef-unknown`.
  public var license: LicenseInfo
  /// First line of the match (1-based).
  public var startLine: Int
  /// Last line of the match (1-based, inclusive).
  public var endLine: Int
  /// Share of the reference text or rule that is present (0...1).
  public var coverage: Double
  /// Match quality (0...1): coverage times the share of the matched span that matches,
  /// weighted by the rule's relevance.
  public var score: Double
  /// How the license was found.
  public var kind: MatchKind
  /// The LicenseDB rule (file name) or license key that matched.
  public var rule: String
  /// Tokens inside the matched span that the reference does not account for (inserted
  /// words); 0 for exact and tag matches.
  public var unmatchedTokens: Int

  /// Creates a match.
  public init(
    license: LicenseInfo, startLine: Int, endLine: Int, coverage: Double, score: Double,
    kind: MatchKind, rule: String, unmatchedTokens: Int = 0
  ) {
    self.license = license
    self.startLine = startLine
    self.endLine = endLine
    self.coverage = coverage
    self.score = score
    self.kind = kind
    self.rule = rule
    self.unmatchedTokens = unmatchedTokens
  }
}

/// Everything identified in one file.
public struct IdentificationResult: Sendable, Equatable {
  /// The licenses found, in the order they appear in the file.
  public var licenses: [LicenseMatch]
  /// The SPDX expression for the whole file (matches joined with `AND`), or `nil` when no
  /// license was found.
  public var expression: String?
  /// The regions that enumerate license names or ids (see ``LicenseList``); the licenses they
  /// name are not in ``licenses`` or ``expression``.
  public var lists: [LicenseList]
  /// Weak signs of licenses (``LicenseClue``): not in ``licenses`` or ``expression``.
  public var clues: [LicenseClue]

  /// Creates a result.
  public init(
    licenses: [LicenseMatch], expression: String?, lists: [LicenseList] = [],
    clues: [LicenseClue] = []
  ) {
    self.licenses = licenses
    self.expression = expression
    self.lists = lists
    self.clues = clues
  }

  /// Whether the file only enumerates licenses: it has license lists and no license beside
  /// them. Such a file gets no clause scan and no verdict.
  public var isOnlyLicenseLists: Bool { !lists.isEmpty && licenses.isEmpty }
}

extension LicenseInfo {
  /// The license reported for license-like text that matches no reference well.
  public static let unknown = LicenseInfo(
    key: "unknown", spdx: "LicenseRef-unknown", name: "Unknown license text",
    category: "Unknown", isOSIApproved: false, isException: false)

  /// Whether the license only says "some license" (LicenseDB's unknown references, or our
  /// unknown): such a match next to a named license adds nothing.
  public var isVague: Bool { key == "unknown" || key == "unknown-license-reference" }
}
