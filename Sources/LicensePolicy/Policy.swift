import LicenseModel
import LicenseVerdict
import Yams

/// A CI policy (`.licenselens.yml`): what a scan must not find (`deny`, exit status 3), what
/// it should report (`warn`, exit status unchanged), and what is allowed whatever it holds.
///
/// ```yaml
/// deny:
///   clauses: [use.non-commercial, "modify.*"]   # clause ids, `*` globs
///   verdicts: [non-commercial]                   # verdict classes, of files and models
///   osaid: [fail-terms]                          # OSAID outcomes of model repositories
///   licenses: ["AGPL-*"]                         # SPDX ids (or LicenseRef-…), globs
///   categories: [Commercial]                     # LicenseDB categories
///   open_washing: [declared-vs-found]            # open-washing finding kinds
/// warn:
///   verdicts: [proprietary-or-unknown]
/// allow:
///   paths: ["vendor/*", "*.snap"]                # files and folders never reported
///   licenses: [LicenseRef-scancode-public-domain]
/// ```
public struct Policy: Sendable, Equatable {
  /// What one level (deny or warn) reports.
  public struct Rules: Sendable, Equatable {
    /// Clause id globs.
    public var clauses: [String] = []
    /// Verdict classes.
    public var verdicts: [VerdictClass] = []
    /// OSAID outcomes.
    public var osaid: [String] = []
    /// License id globs.
    public var licenses: [String] = []
    /// LicenseDB categories, compared without case.
    public var categories: [String] = []
    /// Open-washing finding kinds.
    public var openWashing: [OpenWashingFinding.Kind] = []

    /// Creates empty rules.
    public init() {}

    /// Whether no rule is set.
    public var isEmpty: Bool {
      clauses.isEmpty && verdicts.isEmpty && osaid.isEmpty && licenses.isEmpty
        && categories.isEmpty && openWashing.isEmpty
    }
  }

  /// Rules whose findings fail the scan.
  public var deny = Rules()
  /// Rules whose findings are reported only.
  public var warn = Rules()
  /// Path globs never reported (a pattern without `/` matches a name, with `/` a path).
  public var allowedPaths: [String] = []
  /// License id globs never reported by license rules.
  public var allowedLicenses: [String] = []

  /// Creates an empty policy.
  public init() {}

  /// The OSAID outcomes a rule may name.
  public static let osaidOutcomes: Set<String> = [
    "pass", "fail-terms", "fail-components", "unknown",
  ]

  /// Reads a policy from YAML `text` of the file `path`; errors name the file and the line.
  /// `clauseIDs`, when given, are the ids a clause rule may name (a typo is an error).
  public static func parse(_ text: String, path: String, clauseIDs: Set<String>? = nil) throws
    -> Policy
  {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw PolicyError(path: path, line: error.line, message: error.problem)
    } catch {
      throw PolicyError(path: path, line: nil, message: "\(error)")
    }
    var policy = Policy()
    guard let root else { return policy }
    guard let mapping = root.mapping else {
      throw PolicyError(
        path: path, line: root.line, message: "a policy is a map of deny, warn and allow")
    }
    for (key, value) in mapping {
      switch key.string {
      case "deny": policy.deny = try rules(value, path: path, clauseIDs: clauseIDs)
      case "warn": policy.warn = try rules(value, path: path, clauseIDs: clauseIDs)
      case "allow":
        for (field, list) in try entries(value, path: path) {
          switch field.string {
          case "paths": policy.allowedPaths = try strings(list, path: path)
          case "licenses": policy.allowedLicenses = try strings(list, path: path)
          default:
            throw PolicyError(
              path: path, line: field.line,
              message: "unknown key `allow.\(field.string ?? "")` (known: paths, licenses)")
          }
        }
      default:
        throw PolicyError(
          path: path, line: key.line,
          message: "unknown key `\(key.string ?? "")` (known: deny, warn, allow)")
      }
    }
    return policy
  }

  private static func rules(_ node: Node, path: String, clauseIDs: Set<String>?) throws -> Rules {
    var rules = Rules()
    for (field, list) in try entries(node, path: path) {
      let values = try strings(list, path: path)
      func check(_ allowed: Set<String>, _ what: String) throws {
        for (value, item) in zip(values, list.sequence ?? [list]) where !allowed.contains(value) {
          throw PolicyError(
            path: path, line: item.line,
            message:
              "unknown \(what) `\(value)` (known: \(allowed.sorted().joined(separator: ", ")))")
        }
      }
      switch field.string {
      case "clauses":
        if let clauseIDs {
          for (value, item) in zip(values, list.sequence ?? [list])
          where !clauseIDs.contains(where: { Glob.matches(value, $0) }) {
            throw PolicyError(
              path: path, line: item.line, message: "no clause id matches `\(value)`")
          }
        }
        rules.clauses = values
      case "verdicts":
        try check(Set(VerdictClass.allCases.map(\.rawValue)), "verdict class")
        rules.verdicts = values.compactMap(VerdictClass.init(rawValue:))
      case "osaid":
        try check(osaidOutcomes, "OSAID outcome")
        rules.osaid = values
      case "licenses": rules.licenses = values
      case "categories": rules.categories = values
      case "open_washing":
        try check(Set(OpenWashingFinding.Kind.allCases.map(\.rawValue)), "open-washing kind")
        rules.openWashing = values.compactMap(OpenWashingFinding.Kind.init(rawValue:))
      default:
        throw PolicyError(
          path: path, line: field.line,
          message:
            "unknown rule `\(field.string ?? "")` (known: clauses, verdicts, osaid, licenses, "
            + "categories, open_washing)")
      }
    }
    return rules
  }

  private static func entries(_ node: Node, path: String) throws -> [(Node, Node)] {
    if case .scalar = node, node.null != nil { return [] }
    guard let mapping = node.mapping else {
      throw PolicyError(path: path, line: node.line, message: "expected a map of rules")
    }
    return Array(mapping)
  }

  private static func strings(_ node: Node, path: String) throws -> [String] {
    if let scalar = node.scalar { return node.null != nil ? [] : [scalar.string] }
    guard let sequence = node.sequence else {
      throw PolicyError(path: path, line: node.line, message: "expected a list of values")
    }
    return try sequence.map { item in
      guard let value = item.scalar?.string else {
        throw PolicyError(path: path, line: item.line, message: "expected a text value")
      }
      return value
    }
  }
}

/// A policy file that cannot be used, with the line at fault.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
  /// The policy file.
  public var path: String
  /// The line (1-based), when known.
  public var line: Int?
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(path: String, line: Int?, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  public var description: String {
    "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
  }
}

extension Node {
  /// The node's 1-based line.
  fileprivate var line: Int? { mark.map { $0.line } }
}

extension YamlError {
  fileprivate var line: Int? {
    switch self {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default: return nil
    }
  }

  fileprivate var problem: String {
    switch self {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
      .composer(_, let problem, _, _):
      return problem
    default: return "\(self)"
    }
  }
}
