import LicenseModel
import LicenseReport
import LicenseVerdict

#if canImport(Glibc)
  import Glibc
#endif

/// One finding of a policy rule: where, which rule, and what was found.
public struct PolicyViolation: Sendable, Equatable {
  /// Whether the rule denies (fails the scan) or warns.
  public enum Level: String, Sendable {
    case deny, warn
  }
  /// The rule's level.
  public var level: Level
  /// The file or model folder.
  public var path: String
  /// The lines, when the finding has them.
  public var lines: ClosedRange<Int>?
  /// The rule, as `KIND:VALUE` (`clauses:use.non-commercial`).
  public var rule: String
  /// What was found, in a few words.
  public var detail: String

  /// The violation as one line: `deny PATH:LINES clauses:use.non-commercial (detail)`.
  public var line: String {
    let span = lines.map {
      $0.count == 1 ? ":\($0.lowerBound)" : ":\($0.lowerBound)-\($0.upperBound)"
    }
    return "\(level.rawValue): \(path)\(span ?? ""): \(rule): \(detail)"
  }
}

/// Applies a ``Policy`` to scan records as they stream by.
public struct PolicyGate: Sendable {
  /// The policy.
  public let policy: Policy

  /// Creates a gate.
  public init(policy: Policy) {
    self.policy = policy
  }

  /// The violations in `record`, deny rules first. A model's clauses are its files' clauses
  /// and are reported with the files.
  public func violations(in record: ScanRecord) -> [PolicyViolation] {
    let levels: [(Policy.Rules, PolicyViolation.Level)] = [
      (policy.deny, .deny), (policy.warn, .warn),
    ]
    switch record {
    case .file(let file):
      guard !isAllowed(file.path) else { return [] }
      return levels.flatMap { violations(file, $0.0, $0.1) }
    case .model(let model):
      guard !isAllowed(model.folder) else { return [] }
      return levels.flatMap { violations(model, $0.0, $0.1) }
    }
  }

  private func violations(
    _ file: FileScanResult, _ rules: Policy.Rules, _ level: PolicyViolation.Level
  )
    -> [PolicyViolation]
  {
    var found: [PolicyViolation] = []
    for hit in file.clauses {
      guard let glob = rules.clauses.first(where: { Glob.matches($0, hit.id) }) else { continue }
      found.append(
        PolicyViolation(
          level: level, path: file.path, lines: hit.startLine...max(hit.startLine, hit.endLine),
          rule: "clauses:\(glob)", detail: "\(hit.id): \"\(Self.shortened(hit.text))\""))
    }
    if let verdict = file.verdict, rules.verdicts.contains(verdict.verdictClass) {
      found.append(
        PolicyViolation(
          level: level, path: file.path, lines: nil,
          rule: "verdicts:\(verdict.verdictClass.rawValue)", detail: verdict.summary))
    }
    for match in file.identification.licenses {
      let license = match.license
      guard !policy.allowedLicenses.contains(where: { Glob.matches($0, license.spdx) }) else {
        continue
      }
      let lines = match.startLine...max(match.startLine, match.endLine)
      if let glob = rules.licenses.first(where: { Glob.matches($0, license.spdx) }) {
        found.append(
          PolicyViolation(
            level: level, path: file.path, lines: lines, rule: "licenses:\(glob)",
            detail: "\(license.spdx) (\(license.name))"))
      }
      let category = license.category
      if let named = rules.categories.first(where: { $0.lowercased() == category.lowercased() }) {
        found.append(
          PolicyViolation(
            level: level, path: file.path, lines: lines, rule: "categories:\(named)",
            detail: "\(license.spdx) is filed under \(category)"))
      }
    }
    return found
  }

  private func violations(
    _ model: ModelAssessment, _ rules: Policy.Rules, _ level: PolicyViolation.Level
  ) -> [PolicyViolation] {
    var found: [PolicyViolation] = []
    if rules.verdicts.contains(model.verdict.verdictClass) {
      found.append(
        PolicyViolation(
          level: level, path: model.folder, lines: nil,
          rule: "verdicts:\(model.verdict.verdictClass.rawValue)", detail: model.verdict.summary))
    }
    let osaid = model.definitions.osaid
    if rules.osaid.contains(osaid.outcome) {
      found.append(
        PolicyViolation(
          level: level, path: model.folder, lines: nil, rule: "osaid:\(osaid.outcome)",
          detail: osaid.because.joined(separator: "; ")))
    }
    for finding in model.openWashing where rules.openWashing.contains(finding.kind) {
      let place = finding.evidence.first { $0.line != nil }
      found.append(
        PolicyViolation(
          level: level, path: place?.path ?? model.folder, lines: place?.line.map { $0...$0 },
          rule: "open_washing:\(finding.kind.rawValue)", detail: finding.detail))
    }
    return found
  }

  /// Whether `path` is allowed by a path glob (a pattern without `/` matches any component
  /// of the path, with `/` the path or one of its tails).
  func isAllowed(_ path: String) -> Bool {
    policy.allowedPaths.contains { pattern in
      if pattern.contains("/") {
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return fnmatch(pattern, trimmed, 0) == 0 || fnmatch("*/" + pattern, trimmed, 0) == 0
      }
      return path.split(separator: "/").contains { fnmatch(pattern, String($0), 0) == 0 }
    }
  }

  private static func shortened(_ text: String) -> String {
    text.count > 120 ? String(text.prefix(119)) + "…" : text
  }
}

/// `*` and `?` globs over ids (no path semantics).
enum Glob {
  static func matches(_ pattern: String, _ value: String) -> Bool {
    fnmatch(pattern, value, 0) == 0
  }
}
