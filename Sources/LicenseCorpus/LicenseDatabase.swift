import Foundation

/// The reference corpus read from a LicenseDB folder (`licenses/*.LICENSE`,
/// `rules/*.RULE`, and `osi-approved.txt` with the OSI-approved SPDX ids), as fetched by
/// `tools/fetch-corpus`.
public struct LicenseDatabase: Sendable {
  /// All licenses, sorted by key.
  public var licenses: [LicenseRecord]
  /// All rules, sorted by identifier.
  public var rules: [RuleRecord]

  /// Creates a database from records.
  public init(licenses: [LicenseRecord], rules: [RuleRecord]) {
    self.licenses = licenses
    self.rules = rules
  }

  /// Reads the corpus in `directory`. Throws ``CorpusError`` naming the file that could not
  /// be read.
  public static func load(from directory: URL) throws -> LicenseDatabase {
    let manager = FileManager.default
    let licensesURL = directory.appendingPathComponent("licenses")
    let rulesURL = directory.appendingPathComponent("rules")
    guard manager.fileExists(atPath: licensesURL.path), manager.fileExists(atPath: rulesURL.path)
    else {
      throw CorpusError.missing(
        path: directory.path, hint: "run tools/fetch-corpus to download the LicenseDB")
    }
    let osiList = directory.appendingPathComponent("osi-approved.txt")
    var osiApproved: Set<String> = []
    if let list = try? String(contentsOf: osiList, encoding: .utf8) {
      osiApproved = Set(list.split(separator: "\n").map { $0.lowercased() })
    }
    var licenses: [LicenseRecord] = []
    for name in try sortedFiles(in: licensesURL, suffix: ".LICENSE") {
      let file = try read(licensesURL.appendingPathComponent(name))
      licenses.append(license(from: file, fileName: name, osiApproved: osiApproved))
    }
    var rules: [RuleRecord] = []
    for name in try sortedFiles(in: rulesURL, suffix: ".RULE") {
      let file = try read(rulesURL.appendingPathComponent(name))
      rules.append(rule(from: file, fileName: name))
    }
    return LicenseDatabase(licenses: licenses, rules: rules)
  }

  /// Parses one `.LICENSE` file.
  public static func license(from file: String, fileName: String, osiApproved: Set<String>)
    -> LicenseRecord
  {
    let (matter, text) = FrontMatter.split(file)
    let key = matter.scalars["key"] ?? String(fileName.dropLast(".LICENSE".count))
    let spdx = matter.scalars["spdx_license_key"] ?? "LicenseRef-scancode-\(key)"
    let others = matter.lists["other_spdx_license_keys"] ?? []
    let isOSI =
      matter.scalars["osi_license_key"] != nil
      || ([spdx] + others).contains { osiApproved.contains($0.lowercased()) }
    return LicenseRecord(
      key: key, spdx: spdx, otherSpdxIDs: others, name: matter.scalars["name"] ?? key,
      shortName: matter.scalars["short_name"] ?? key,
      category: matter.scalars["category"] ?? "Unstated License", isOSIApproved: isOSI,
      isException: matter.flag("is_exception"), isDeprecated: matter.flag("is_deprecated"),
      minimumCoverage: matter.scalars["minimum_coverage"].flatMap { Int($0) }, text: text)
  }

  /// Parses one `.RULE` file.
  public static func rule(from file: String, fileName: String) -> RuleRecord {
    let (matter, text) = FrontMatter.split(file)
    let kind: RuleKind
    if matter.flag("is_false_positive") {
      kind = .falsePositive
    } else if matter.flag("is_license_text") {
      kind = .text
    } else if matter.flag("is_license_notice") {
      kind = .notice
    } else if matter.flag("is_license_tag") {
      kind = .tag
    } else if matter.flag("is_license_intro") {
      kind = .intro
    } else if matter.flag("is_license_clue") {
      kind = .clue
    } else {
      kind = .reference
    }
    return RuleRecord(
      identifier: String(fileName.dropLast(".RULE".count)),
      expression: matter.scalars["license_expression"] ?? "", kind: kind,
      relevance: matter.scalars["relevance"].flatMap { Int($0) } ?? 100,
      minimumCoverage: matter.scalars["minimum_coverage"].flatMap { Int($0) },
      isDeprecated: matter.flag("is_deprecated"), text: stripRequiredPhraseMarks(text),
      requiredPhrases: requiredPhrases(in: text))
  }

  /// The phrases between `{{` and `}}` marks.
  static func requiredPhrases(in text: String) -> [String] {
    var phrases: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      phrases.append(String(rest[open.upperBound..<close.lowerBound]))
      rest = rest[close.upperBound...]
    }
    return phrases
  }

  /// Removes the `{{` `}}` marks LicenseDB rules put around required phrases.
  static func stripRequiredPhraseMarks(_ text: String) -> String {
    guard text.contains("{{") || text.contains("}}") else { return text }
    return text.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "")
  }

  private static func sortedFiles(in directory: URL, suffix: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasSuffix(suffix) }.sorted()
    } catch {
      throw CorpusError.unreadable(path: directory.path, reason: "\(error.localizedDescription)")
    }
  }

  private static func read(_ url: URL) throws -> String {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw CorpusError.unreadable(path: url.path, reason: "cannot read file")
    }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Errors reading the reference corpus.
public enum CorpusError: Error, CustomStringConvertible, Equatable {
  /// The corpus folder is not there.
  case missing(path: String, hint: String)
  /// A corpus file or folder could not be read.
  case unreadable(path: String, reason: String)

  public var description: String {
    switch self {
    case .missing(let path, let hint): return "no LicenseDB corpus at \(path): \(hint)"
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    }
  }
}
