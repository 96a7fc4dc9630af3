/// The YAML shape of one model-license family in `license-corpus/families/`.
public struct FamilyRuleFile: Codable, Sendable, Equatable {
  /// The family slug used in ids, such as `llama-community` or `gemma-terms`.
  public var family: String
  /// Whether documents of this family are licenses or use policies.
  public var kind: FamilyKind
  /// The family's name for people.
  public var name: String
  /// Heading patterns (matched against short, title-like sentences). A capture group, when
  /// present, gives the version.
  public var title: [String]
  /// Patterns that must all match somewhere in the document.
  public var require: [String]?
  /// Patterns of one sentence that puts a text under the family's terms by name, as the
  /// source headers of a Llama model's code do (the file may be used and distributed in
  /// accordance with the terms of that version's community agreement): the family is found
  /// there without its title or ``require``, governing that sentence's lines. A capture
  /// group, when present, gives the version. Tried only when no title matched.
  public var notice: [String]?
  /// Patterns that rule the family out when any matches.
  public var exclude: [String]?
  /// Version rules tried in order after the title's capture group.
  public var versions: [VersionRule]?
  /// The version when nothing else gives one.
  public var defaultVersion: String?

  /// A pattern that identifies a version: its fixed `version`, or its first capture group.
  public struct VersionRule: Codable, Sendable, Equatable {
    /// The pattern.
    public var pattern: String
    /// The version it identifies; when absent, the first capture group is the version.
    public var version: String?
  }

  enum CodingKeys: String, CodingKey {
    case family, kind, name, title, require, notice, exclude, versions
    case defaultVersion = "default_version"
  }
}

/// Whether a document grants rights or lists prohibited uses.
public enum FamilyKind: String, Codable, Sendable {
  /// A license or terms of use.
  case license
  /// An acceptable-use or prohibited-use policy.
  case policy
}
