/// The YAML shape of one clause file in `license-corpus/clauses/`.
///
/// Restrictive clauses list `patterns` that fire on a sentence and `guards` that, when they match
/// the same sentence, suppress the hit. Benign look-alikes list `patterns` that recognise them
/// and `suppresses`: the restrictive clause ids they silence in the sentence where they match.
public struct ClauseRuleFile: Codable, Sendable, Equatable {
  /// The clause id, such as `use.non-commercial`.
  public var id: String
  /// Freedoms the clause breaks or puts at risk (empty for benign look-alikes).
  public var freedoms: [Freedom]
  /// How much the clause matters.
  public var severity: Severity
  /// Why the clause matters, in one sentence.
  public var rationale: String
  /// PCRE2 patterns over the folded sentence text; any one firing is a hit.
  public var patterns: [String]
  /// PCRE2 patterns that suppress a hit when they match the same sentence.
  public var guards: [String]?
  /// Folded literals: the patterns run only on sentences that contain at least one of them.
  public var literals: [String]?
  /// For benign look-alikes: the clause ids silenced in sentences where this rule matches.
  public var suppresses: [String]?
  /// Sentences in the clause writer's own words that must and must not fire.
  public var examples: Examples

  /// Example sentences for a clause.
  public struct Examples: Codable, Sendable, Equatable {
    /// Sentences that must produce a hit of this clause.
    public var positive: [String]
    /// Sentences that must not produce a hit of this clause.
    public var negative: [String]
  }
}
