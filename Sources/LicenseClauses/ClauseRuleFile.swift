/// The YAML shape of one clause file in `license-corpus/clauses/`.
///
/// Restrictive clauses list `patterns` that fire on a sentence and `guards` that, when they match
/// the same sentence, suppress the hit. Benign look-alikes list `patterns` that recognise them
/// and `suppresses`: the restrictive clause ids they silence in the sentence where they match.
public struct ClauseRuleFile: Codable, Sendable, Equatable {
  /// The clause id, such as `use.non-commercial`.
  public var id: String
  /// For a second rule of a clause id that another file declares, the name that tells it
  /// apart (its file is `ID.VARIANT.yaml`): a variant has its own gates, guards and
  /// conditions (such as ``unlessDocumentHas``) and reports its hits under ``id``.
  public var variant: String?
  /// Freedoms the clause breaks or puts at risk (empty for benign look-alikes; for a grant,
  /// the freedoms it grants).
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
  /// Folded literals of at least 4 bytes of which a sentence must also contain one (after one
  /// of ``literals``) before the patterns run: a cheap second gate for rules whose literals are
  /// common words, such as the negations a prohibition needs.
  public var requires: [String]?
  /// The clause ids silenced in sentences where this rule matches (benign look-alikes; a
  /// restrictive rule may also silence a broader one, as a field-of-use ban does the generic
  /// prohibited-use reading of a list item).
  public var suppresses: [String]?
  /// Patterns for a sentence that opens a list of restrictions ("You agree not to use the
  /// Model:"): the sentence itself is a hit, and so is each item of the list that follows it
  /// (see ``ClauseText/listScope(after:)``) that matches one of ``listItems``, or any item
  /// when ``listItems`` is absent. Guards still apply to every sentence.
  public var listIntros: [String]?
  /// Patterns an item of a list opened by ``listIntros`` must match to be a hit.
  public var listItems: [String]?
  /// Clause ids whose presence anywhere in the document withdraws this rule's hits: a
  /// sentence that only reads as a restriction when the document grants nothing more (a grant
  /// to copy "unmodified" copies is no ban on modifying where the licence also grants
  /// modification). The rules listed run on every document that this rule runs on.
  public var unlessDocumentHas: [String]?
  /// Sentences in the clause writer's own words that must and must not fire.
  public var examples: Examples

  enum CodingKeys: String, CodingKey {
    case id, variant, freedoms, severity, rationale, patterns, guards, literals, requires,
      suppresses
    case examples
    case listIntros = "list_intros"
    case listItems = "list_items"
    case unlessDocumentHas = "unless_document_has"
  }

  /// Example sentences for a clause.
  public struct Examples: Codable, Sendable, Equatable {
    /// Sentences that must produce a hit of this clause.
    public var positive: [String]
    /// Sentences that must not produce a hit of this clause.
    public var negative: [String]
  }
}
